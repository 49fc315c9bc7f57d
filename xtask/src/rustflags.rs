//! `cargo xtask rustflags [--toolchain NAME] [--legacy-exit]`: builds wasi-shim's C library
//! (`libc.a`, `crt1-command.o`) for `wasm32-wasip2` and prints one `RUSTFLAGS` line that makes
//! any crate's std link against it instead of wasi-libc, on any toolchain from 1.95 and in any
//! profile.
//!
//! It is `cargo wasi-shim rustflags` run from this checkout: the work is done by the
//! `cargo-wasi-shim` library (see its docs for why the shim is an archive of C symbols), and the
//! linker the line names is the `cargo-wasi-shim` binary, built into `target/shim-tool`. The C
//! library is cached in `target/wasi-shim/<key>`, per toolchain (`rustc -vV`) and source
//! fingerprint. Without `--toolchain`, the toolchain is the one `rustc` resolves to here.

use anyhow::{Context, Result, anyhow, bail};
use std::path::PathBuf;

/// `cargo xtask rustflags [--toolchain NAME] [--legacy-exit]`.
pub(crate) fn print(args: &[String]) -> Result<()> {
    let mut toolchain = None;
    let mut options = cargo_wasi_shim::Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--legacy-exit" => options.legacy_exit = true,
            "--toolchain" => toolchain = Some(args.next().context("--toolchain NAME")?.clone()),
            _ => bail!("usage: cargo xtask rustflags [--toolchain NAME] [--legacy-exit]"),
        }
    }
    println!("{}", flags(toolchain.as_deref(), options)?);
    Ok(())
}

/// Builds `cargo-wasi-shim` (for the host) into `target/shim-tool` and returns its path.
pub(crate) fn build_tool() -> Result<PathBuf> {
    let target_dir = crate::repo_root().join("target/shim-tool");
    let status = crate::cargo()
        .args([
            "build",
            "--release",
            "--package",
            "cargo-wasi-shim",
            "--quiet",
        ])
        .env("CARGO_TARGET_DIR", &target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .context("building cargo-wasi-shim")?;
    if !status.success() {
        bail!("building cargo-wasi-shim failed");
    }
    Ok(target_dir.join("release/cargo-wasi-shim"))
}

/// The flags line for `toolchain` (the one resolved in the repository when `None`).
pub(crate) fn flags(toolchain: Option<&str>, options: cargo_wasi_shim::Options) -> Result<String> {
    let root = crate::repo_root();
    let toolchain = cargo_wasi_shim::Toolchain::find(toolchain, &root).map_err(|e| anyhow!(e))?;
    let lib = cargo_wasi_shim::c_library(&toolchain, options, &root.join("target/wasi-shim"))
        .map_err(|e| anyhow!(e))?;
    Ok(cargo_wasi_shim::rustflags(&lib, &build_tool()?).join(" "))
}
