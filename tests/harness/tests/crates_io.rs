//! Real programs from crates.io, installed as a user would with `cargo wasi-shim install`, each in
//! its own `[profile.release]` (hexyl 0.17.0 and sd 1.0.0 set `lto = true`), and compared with
//! their native builds on the same input.
//!
//! Ignored by default: each test downloads a crate and builds it twice (ripgrep takes minutes on
//! two cores). Run them with
//! `cargo test -p wasi-shim-harness --test crates_io -- --ignored --test-threads=1`.

use std::path::{Path, PathBuf};
use std::process::Command;
use wasi_shim_harness::{
    RunConfig, Sandbox, Status, Variant, repo_root, run_native, run_wasm, runtime,
};

/// `cargo-wasi-shim`, built from this checkout.
fn tool() -> PathBuf {
    let target = repo_root().join("target/shim-tool");
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(repo_root())
        .args([
            "build",
            "--release",
            "--quiet",
            "--package",
            "cargo-wasi-shim",
        ])
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo");
    assert!(status.success(), "building cargo-wasi-shim");
    target.join("release/cargo-wasi-shim")
}

/// Installs `spec` (`name@version`), resolving its dependencies afresh as `cargo install` does
/// without `--locked` (hexyl 0.17.0's lock file pins a rustix that does not build for
/// wasm32-wasip2 on stable, stock or not), into `<repo>/target/crates-io/<variant>` natively and through
/// `cargo wasi-shim install`, and returns (native binary, component).
fn install(spec: &str, bin: &str) -> (PathBuf, PathBuf) {
    let root = repo_root().join("target/crates-io");
    let run = |mut cmd: Command, what: &str| {
        let out = cmd.output().expect("cargo");
        assert!(
            out.status.success(),
            "{what} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let native = root.join("native");
    let mut cmd = Command::new("cargo");
    cmd.args(["install", "--quiet", spec, "--root"])
        .arg(&native)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR");
    run(cmd, &format!("native install of {spec}"));
    let wasm = root.join("wasm");
    let mut cmd = Command::new(tool());
    cmd.args(["wasi-shim", "install", "--quiet", spec, "--root"])
        .arg(&wasm)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env("WASI_SHIM_CACHE", repo_root().join("target/wasi-shim"));
    run(cmd, &format!("cargo wasi-shim install {spec}"));
    (
        native.join("bin").join(bin),
        wasm.join("bin").join(format!("{bin}.wasm")),
    )
}

/// Installs `spec` for `wasm32-wasip2` with the toolchain's own wasi-libc (stock), into
/// `<repo>/target/crates-io/stock`, and returns the component.
fn install_stock(spec: &str, bin: &str) -> PathBuf {
    let stock = repo_root().join("target/crates-io/stock");
    let out = Command::new("cargo")
        .args([
            "install",
            "--quiet",
            "--target",
            "wasm32-wasip2",
            spec,
            "--root",
        ])
        .arg(&stock)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .expect("cargo");
    assert!(
        out.status.success(),
        "stock install of {spec}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stock.join("bin").join(format!("{bin}.wasm"))
}

/// Runs both with `args` (paths relative to a sandbox holding `files`) and asserts the same
/// stdout and status.
fn same(native: &Path, wasm: &Path, files: &[(&str, &[u8])], args: &[&str], stdin: &[u8]) {
    let outcome = |variant: Variant| {
        let sandbox = Sandbox::new();
        for (name, bytes) in files {
            std::fs::write(sandbox.path().join(name), bytes).expect("input file");
        }
        let cfg = sandbox.apply(
            variant,
            RunConfig::new()
                .args(args.iter().copied())
                .stdin(stdin.to_vec()),
        );
        let out = if variant.is_wasm() {
            runtime().block_on(run_wasm(wasm, "prog", &cfg))
        } else {
            run_native(native, "prog", &cfg)
        };
        let after: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(n, _)| {
                (
                    n.to_string(),
                    std::fs::read(sandbox.path().join(n)).unwrap_or_default(),
                )
            })
            .collect();
        (out, after)
    };
    let (w, w_files) = outcome(Variant::Shim);
    let (n, n_files) = outcome(Variant::Native);
    assert_eq!(w.status, n.status, "wasm {w}\nnative {n}");
    assert!(matches!(w.status, Status::Exited(_)), "{w}");
    wasi_shim_harness::assert_same_lines(w.stdout_str(), n.stdout_str());
    assert_eq!(w_files, n_files, "files after the run");
}

#[test]
#[ignore = "downloads and builds hexyl twice"]
fn hexyl_0_17_0() {
    let (native, wasm) = install("hexyl@0.17.0", "hexyl");
    let data: Vec<u8> = (0..=255u8).cycle().take(700).collect();
    same(
        &native,
        &wasm,
        &[("data.bin", &data)],
        &["--color=never", "data.bin"],
        b"",
    );
    same(
        &native,
        &wasm,
        &[("data.bin", &data)],
        &["--color=never", "-n", "64", "--skip", "16", "data.bin"],
        b"",
    );
    same(&native, &wasm, &[], &["--color=never", "missing.bin"], b"");
}

#[test]
#[ignore = "downloads and builds sd three times"]
fn sd_1_0_0() {
    let (native, wasm) = install("sd@1.0.0", "sd");
    same(&native, &wasm, &[], &["o", "0"], b"stdin in, out\n");
    same(&native, &wasm, &[], &["-F", "a.b", "X"], b"a.b axb\n");
    same(
        &native,
        &wasm,
        &[],
        &["(\\w+) (\\w+)", "$2 $1"],
        b"hello world\nfoo bar\n",
    );
    // On files, sd maps them with memmap2, which has no WASI backend (its stub says
    // "unsupported" on every target that is neither Unix nor Windows): no libc can change that.
    // The component reports it as stock's does, and leaves the file as it was.
    let stock = install_stock("sd@1.0.0", "sd");
    for component in [&wasm, &stock] {
        let sandbox = Sandbox::new();
        std::fs::write(sandbox.path().join("t.txt"), b"foo\n").unwrap();
        let cfg = sandbox.apply(
            Variant::Shim,
            RunConfig::new().args(["foo", "bar", "/sandbox/t.txt"]),
        );
        let out = runtime().block_on(run_wasm(component, "sd", &cfg));
        assert_eq!(out.status, Status::Exited(1), "{out}");
        assert!(out.stderr_lossy().contains("unsupported"), "{out}");
        assert_eq!(
            std::fs::read(sandbox.path().join("t.txt")).unwrap(),
            b"foo\n"
        );
    }
}

#[test]
#[ignore = "downloads and builds ripgrep twice"]
fn ripgrep_15_2_0() {
    let (native, wasm) = install("ripgrep@15.2.0", "rg");
    let files: &[(&str, &[u8])] = &[
        ("a.txt", b"needle one\nhay\nNeedle two\n"),
        ("b.rs", b"fn main() { let needle = 1; }\n"),
    ];
    same(
        &native,
        &wasm,
        files,
        &["--sort", "path", "-n", "needle", "."],
        b"",
    );
    same(
        &native,
        &wasm,
        files,
        &["--sort", "path", "-i", "-c", "needle", "."],
        b"",
    );
    // With a path above: rg reads stdin implicitly only where `grep-cli`'s `is_readable_stdin`
    // has an implementation (Unix and Windows; on WASI it is false, whatever the libc says).
    same(&native, &wasm, &[], &["-c", "x", "-"], b"x\ny\nx\n");
    same(&native, &wasm, files, &["--files", "--sort", "path"], b"");
    same(&native, &wasm, files, &["absent-pattern", "."], b"");
}
