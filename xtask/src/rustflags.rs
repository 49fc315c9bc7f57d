//! `cargo xtask rustflags`: builds wasi-shim for `wasm32-wasip2` and prints one `RUSTFLAGS`
//! line that makes any crate's std link against it instead of wasi-libc.
//!
//! The line holds:
//! - `-C link-self-contained=no`: drops the toolchain's `crt1-command.o` and `libc.a`;
//! - `-L native=<dir>` with an empty `libc.a`: std's `libc` crate still asks for `-lc`;
//! - `-C link-arg=<rlib>` for the C-ABI crate and each crate it depends on, so `wasm-ld` takes
//!   the objects it needs from them;
//! - `--cfg wasi_shim_rlibs="<hash>"`: a fingerprint of those rlibs, so that cargo relinks a
//!   crate when the shim changes (it does not track files named in link arguments);
//! - `-C linker=<target/shim-ld/release/wasi-shim-ld>`: a wrapper around the toolchain's
//!   `wasm-component-ld` that adds `--wasi-adapter=none` (never the preview1 adapter) and, for
//!   binaries only, `--export=wasi:cli/run@0.2.12#run` (see `crates/wasi-shim-ld`), so the same
//!   line serves binaries and library components.
//!
//! The rlibs are built once into `target/shim` with the workspace's release profile; the
//! paths printed are absolute.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

/// `cargo xtask rustflags [--legacy-exit]`.
pub(crate) fn print(args: &[String]) -> Result<()> {
    let legacy_exit = match args {
        [] => false,
        [flag] if flag == "--legacy-exit" => true,
        _ => bail!("usage: cargo xtask rustflags [--legacy-exit]"),
    };
    println!("{}", flags(legacy_exit)?);
    Ok(())
}

/// Builds `wasi-shim-ld` (for the host, with the toolchain that builds the shim) into
/// `target/shim-ld` and returns its path.
fn build_linker_wrapper() -> Result<PathBuf> {
    let target_dir = crate::repo_root().join("target/shim-ld");
    let status = crate::cargo()
        .args(["build", "--release", "--package", "wasi-shim-ld", "--quiet"])
        .env("CARGO_TARGET_DIR", &target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .context("building wasi-shim-ld")?;
    if !status.success() {
        bail!("building wasi-shim-ld failed");
    }
    Ok(target_dir.join("release/wasi-shim-ld"))
}

/// Builds the shim and returns the flags line. With `legacy_exit`, the shim is built with its
/// `legacy-exit` feature (for hosts older than WASI 0.2.12: no `exit-with-code`, so non-zero
/// statuses become 1), into its own target directory.
pub(crate) fn flags(legacy_exit: bool) -> Result<String> {
    let root = crate::repo_root();
    let target_dir = root.join(if legacy_exit {
        "target/shim-legacy-exit"
    } else {
        "target/shim"
    });
    let output = crate::cargo()
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip2",
            "--package",
            "wasi-shim-libc",
            "--package",
            "wasi-shim-start",
            "--message-format=json-render-diagnostics",
        ])
        .args(if legacy_exit {
            &["--features", "wasi-shim-libc/legacy-exit"][..]
        } else {
            &[]
        })
        .env("CARGO_TARGET_DIR", &target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("building wasi-shim-libc")?;
    if !output.status.success() {
        bail!("building wasi-shim-libc for wasm32-wasip2 failed");
    }
    let mut rlibs: Vec<PathBuf> = Vec::new();
    for line in String::from_utf8(output.stdout)?.lines() {
        let message: serde_json::Value = serde_json::from_str(line)?;
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        for file in message["filenames"].as_array().into_iter().flatten() {
            let file = file.as_str().unwrap_or_default();
            if file.ends_with(".rlib") {
                rlibs.push(PathBuf::from(file));
            }
        }
    }
    if rlibs.is_empty() {
        bail!("cargo reported no rlib for the shim");
    }
    let empty_libc = target_dir.join("empty-libc");
    std::fs::create_dir_all(&empty_libc)?;
    // An archive with no members: `-lc` finds it and adds nothing.
    std::fs::write(empty_libc.join("libc.a"), b"!<arch>\n")?;
    let mut flags = vec![
        "-C link-self-contained=no".to_string(),
        format!("-L native={}", empty_libc.display()),
    ];
    // Cargo does not track files named in `-C link-arg`, so a rebuilt shim would not relink a
    // crate built before it. A fingerprint of the rlibs' contents in the flags makes any change
    // of the shim a change of `RUSTFLAGS`, which cargo does track.
    let mut hasher = std::hash::DefaultHasher::new();
    for rlib in &rlibs {
        std::hash::Hash::hash(&std::fs::read(rlib)?, &mut hasher);
    }
    flags.push(format!(
        "--cfg wasi_shim_rlibs=\"{:016x}\"",
        std::hash::Hasher::finish(&hasher)
    ));
    for rlib in rlibs {
        flags.push(format!("-C link-arg={}", rlib.display()));
    }
    flags.push(format!("-C linker={}", build_linker_wrapper()?.display()));
    Ok(flags.join(" "))
}
