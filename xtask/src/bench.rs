//! `cargo xtask bench [--quick] [--runs N] [--warmup N] [--timeout SECS] [--only NAME,..]
//! [--fs-modes spawn,inline] [--work-dir DIR] [--no-doc]`: builds the workloads of `bench/` in four variants and runs them side by side
//! with `crates/wasi-shim-bench` (see `docs/BENCHMARKS.md`).
//!
//! Builds, each in its own target directory under `target/bench/`:
//! - `native`: `bench/workloads` for the host;
//! - `stock`: `bench/workloads` for `wasm32-wasip2` with the toolchain's wasi-libc;
//! - `shim`: the same with the `RUSTFLAGS` of `cargo xtask rustflags`;
//! - `floor`: `bench/floor` (the workloads against the `wasip2` bindings) for `wasm32-wasip2`;
//! - `bs-p2`, `bs-p3`: `bench/workloads` built from source by `cargo xtask build-std` with
//!   [`P3_TOOLCHAIN`] for `wasm32-wasip2` and for `wasm32-wasip3`, the pair whose ratio is the
//!   cost of WASI 0.3;
//! - `runner` (or `$CARGO_TARGET_DIR/bench-runner`): `wasi-shim-bench` itself, with the
//!   workspace's release profile but 16 codegen units (wasmtime and Cranelift with one codegen
//!   unit take far longer to build on two cores, and the runner's host code is the same for every
//!   WASI variant).
//!
//! The runner runs everything under two host modes (`--fs-modes`): filesystem calls through
//! `spawn_blocking` (wasmtime-wasi's default, the harness's) and on the guest's thread.
//!
//! All workload variants use the one `[profile.release]` of `bench/Cargo.toml`; the stock and shim
//! variants are built a second time with its `[profile.size]` (stripped, `opt-level = "z"`), in the
//! same target directories, for a second size table. A full run writes
//! its tables into `docs/BENCHMARKS.md` (between the markers; `--no-doc` or `--only` keep the
//! document as it is) and `target/bench/results.md`; `--quick` (small sizes, one run, no warm-up,
//! for CI) writes only `target/bench/results-quick.md` and asserts nothing about time. The runs'
//! files (scratch directories, the fixture tree) go to a tmpfs (`/dev/shm`) when there is one.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const WASM_TARGET: &str = "wasm32-wasip2";

const USAGE: &str = "usage: cargo xtask bench [--quick] [--runs N] [--warmup N] [--timeout SECS] \
[--only NAME,..] [--fs-modes spawn,inline] [--work-dir DIR] [--no-doc]";

pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut quick = false;
    let mut no_doc = false;
    let mut only = false;
    let mut passthrough: Vec<String> = Vec::new();
    let mut work_dir = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => {
                quick = true;
                passthrough.push(arg.clone());
            }
            "--no-doc" => no_doc = true,
            "--work-dir" => {
                let value = it.next().context("--work-dir needs a value")?;
                work_dir = Some(PathBuf::from(value));
            }
            "--runs" | "--warmup" | "--timeout" | "--only" | "--fs-modes" => {
                only |= arg == "--only";
                let value = it.next().with_context(|| format!("{arg} needs a value"))?;
                passthrough.push(arg.clone());
                passthrough.push(value.clone());
            }
            other => bail!("bench: unknown argument `{other}`\n{USAGE}"),
        }
    }

    let root = crate::repo_root();
    let bench_root = root.join("target/bench");
    let build_start = Instant::now();
    let flags = crate::rustflags::flags(None, cargo_wasi_shim::Options::default())
        .context("getting the shim's RUSTFLAGS")?;
    let native = build_variant(&bench_root, "native", "workloads", None, None, "release")?;
    let wasm = |label, package, flags, profile| {
        build_variant(
            &bench_root,
            label,
            package,
            Some(WASM_TARGET),
            flags,
            profile,
        )
    };
    let stock = wasm("stock", "workloads", None, "release")?;
    let shim = wasm("shim", "workloads", Some(&flags), "release")?;
    let floor = wasm("floor", "floor", None, "release")?;
    let stock_size = wasm("stock", "workloads", None, "size")?;
    let shim_size = wasm("shim", "workloads", Some(&flags), "size")?;
    let bs_p2 = build_from_source(&bench_root, "bs-p2", "wasm32-wasip2")?;
    let bs_p3 = build_from_source(&bench_root, "bs-p3", "wasm32-wasip3")?;
    let runner = build_runner(&bench_root)?;
    eprintln!(
        "bench: built every variant and the runner in {:.1?}",
        build_start.elapsed()
    );

    let results = bench_root.join(if quick {
        "results-quick.md"
    } else {
        "results.md"
    });
    let mut cmd = Command::new(&runner);
    cmd.current_dir(&root)
        .arg("--native")
        .arg(&native)
        .arg("--stock")
        .arg(&stock)
        .arg("--shim")
        .arg(&shim)
        .arg("--floor")
        .arg(&floor)
        .arg("--stock-size")
        .arg(&stock_size)
        .arg("--shim-size")
        .arg(&shim_size)
        .arg("--work-dir")
        .arg(work_dir.unwrap_or_else(|| default_work_dir(&bench_root)))
        .arg("--results")
        .arg(&results)
        .arg("--nostd")
        .arg(build_nostd(&bench_root)?)
        .arg("--nostd-p3")
        .arg(build_nostd_p3(&bench_root)?)
        .arg("--bs-p2")
        .arg(&bs_p2)
        .arg("--bs-p3")
        .arg(&bs_p3)
        .args(&passthrough);
    if !quick && !only && !no_doc {
        cmd.arg("--doc").arg(root.join("docs/BENCHMARKS.md"));
    }
    let run_start = Instant::now();
    let status = cmd
        .status()
        .with_context(|| format!("running {}", runner.display()))?;
    eprintln!(
        "bench: the runner took {:.1?} (compiling the components and running the workloads)",
        run_start.elapsed()
    );
    if !status.success() {
        bail!("the benchmark runner failed ({status})");
    }
    Ok(())
}

/// Where the runs' files go: a tmpfs (`/dev/shm`) when there is one, so that the numbers are those
/// of the libc and the host rather than of the disk; `target/bench/tmp` otherwise.
fn default_work_dir(bench_root: &Path) -> PathBuf {
    let shm = Path::new("/dev/shm");
    let dir = shm.join("wasi-shim-bench");
    if shm.is_dir() && std::fs::create_dir_all(&dir).is_ok() {
        dir
    } else {
        bench_root.join("tmp")
    }
}

/// A `cargo` for a nested build: the pinned toolchain (run in the repository root), without the
/// outer build's flags and target settings.
fn nested_cargo() -> Command {
    let mut cmd = crate::cargo();
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTDOCFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn run_cargo(mut cmd: Command, what: &str) -> Result<()> {
    let start = Instant::now();
    let status = cmd
        .status()
        .with_context(|| format!("running cargo for {what}"))?;
    if !status.success() {
        bail!("building {what} failed ({status})");
    }
    eprintln!("bench: built {what} in {:.1?}", start.elapsed());
    Ok(())
}

/// Builds every bin of `package` of the bench workspace with the cargo profile `profile` into
/// `target/bench/<label>` and returns the directory holding them.
fn build_variant(
    bench_root: &Path,
    label: &str,
    package: &str,
    target: Option<&str>,
    rustflags: Option<&str>,
    profile: &str,
) -> Result<PathBuf> {
    let target_dir = bench_root.join(label);
    let mut cmd = nested_cargo();
    cmd.args([
        "build",
        "--profile",
        profile,
        "--bins",
        "--package",
        package,
    ])
    .arg("--manifest-path")
    .arg(crate::repo_root().join("bench/Cargo.toml"))
    .arg("--target-dir")
    .arg(&target_dir);
    if let Some(t) = target {
        cmd.args(["--target", t]);
    }
    if let Some(flags) = rustflags {
        cmd.env("RUSTFLAGS", flags);
    }
    run_cargo(cmd, &format!("the {label} workloads ({profile} profile)"))?;
    Ok(match target {
        Some(t) => target_dir.join(t).join(profile),
        None => target_dir.join(profile),
    })
}

/// Builds every bin of `bench/workloads` with `cargo xtask build-std --target <triple>
/// --toolchain` [`P3_TOOLCHAIN`] (std built from source over the shim, the bench's `release`
/// profile) into `target/bench/<label>`, and returns the directory holding them.
fn build_from_source(bench_root: &Path, label: &str, triple: &str) -> Result<PathBuf> {
    let target_dir = bench_root.join(label);
    let manifest = crate::repo_root().join("bench/workloads/Cargo.toml");
    let args: Vec<String> = [
        "--target",
        triple,
        "--toolchain",
        P3_TOOLCHAIN,
        "--manifest-path",
        &manifest.to_string_lossy(),
        "--",
        "--release",
        "--bins",
        "--target-dir",
        &target_dir.to_string_lossy(),
    ]
    .map(String::from)
    .into();
    let start = Instant::now();
    crate::build_std::run(&args)
        .with_context(|| format!("building the {label} workloads from source"))?;
    eprintln!(
        "bench: built the {label} workloads from source in {:.1?}",
        start.elapsed()
    );
    Ok(target_dir.join(triple).join("release"))
}

/// Builds the `no_std` components of `tests/nostd` (with that workspace's own link flags and
/// size profile) into `target/bench/nostd`, for the size table, and returns their directory.
fn build_nostd(bench_root: &Path) -> Result<PathBuf> {
    let target_dir = bench_root.join("nostd");
    let mut cmd = nested_cargo();
    cmd.current_dir(crate::repo_root().join("tests/nostd"))
        .args([
            "build",
            "--release",
            "--target",
            WASM_TARGET,
            "--target-dir",
        ])
        .arg(&target_dir);
    run_cargo(cmd, "the no_std components")?;
    Ok(target_dir.join(WASM_TARGET).join("release"))
}

/// The nightly that has the `wasm32-wasip3` target (for `-Zbuild-std`; no prebuilt std).
const P3_TOOLCHAIN: &str = "nightly-2026-10-18";

/// Builds the `no_std` components the p3 backend serves so far for `wasm32-wasip3` (with
/// [`P3_TOOLCHAIN`], `-Zbuild-std=core,alloc` and the workspace's p3 link flags) into
/// `target/bench/nostd-p3`, and returns their directory.
fn build_nostd_p3(bench_root: &Path) -> Result<PathBuf> {
    let target_dir = bench_root.join("nostd-p3");
    // rustup's `cargo` proxy with the toolchain named, not `$CARGO` (the pinned one).
    let mut cmd = Command::new("cargo");
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
    ] {
        cmd.env_remove(var);
    }
    cmd.env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .current_dir(crate::repo_root().join("tests/nostd"))
        .arg(format!("+{P3_TOOLCHAIN}"))
        .args([
            "build",
            "-Zbuild-std=core,alloc",
            "--release",
            "--target",
            "wasm32-wasip3",
            "-p",
            "nostd-hello",
            "-p",
            "cli-basics",
            "--target-dir",
        ])
        .arg(&target_dir);
    run_cargo(cmd, "the no_std components for wasm32-wasip3")?;
    Ok(target_dir.join("wasm32-wasip3").join("release"))
}

/// Builds the runner (see the module documentation for its profile) and returns its path. Its
/// target directory is `target/bench/runner`, or `bench-runner` in `$CARGO_TARGET_DIR` when that
/// is set (as CI does, to keep the release build of wasmtime between runs).
fn build_runner(bench_root: &Path) -> Result<PathBuf> {
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => crate::repo_root().join(dir).join("bench-runner"),
        None => bench_root.join("runner"),
    };
    let mut cmd = nested_cargo();
    cmd.args(["build", "--release", "--package", "wasi-shim-bench"])
        .arg("--target-dir")
        .arg(&target_dir)
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16");
    run_cargo(cmd, "the benchmark runner")?;
    Ok(target_dir
        .join("release")
        .join(format!("wasi-shim-bench{}", std::env::consts::EXE_SUFFIX)))
}
