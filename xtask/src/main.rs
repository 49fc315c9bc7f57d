//! `cargo xtask`: the project's automation, reached through the alias in `.cargo/config.toml`.
//!
//! Commands:
//! - `vendor-wit`: copies the WASI 0.2 and 0.3 WIT packages the shim imports from the pinned
//!   `wasip2` and `wasip3` crates.io packages into `wit/deps/` and `wit/p3/deps/`, and records
//!   where they came from in `wit/VENDORED` and `wit/p3/VENDORED`.
//! - `regenerate-bindings [--check]`: runs wit-bindgen (a pinned library dependency) over `wit/`
//!   and writes the checked-in bindings; `--check` fails when they are stale instead.
//! - `rustflags [--toolchain NAME]`: builds the shim's C library for `wasm32-wasip2` and prints
//!   the `RUSTFLAGS` line that links any crate's std against it instead of wasi-libc (what
//!   `cargo wasi-shim rustflags` prints).
//! - `libc-symbols [--toolchain NAME] [--check]`: the C symbols a toolchain's prebuilt std needs
//!   from its libc, read from its rlibs, into `tests/libc-symbols/NAME.txt`.
//! - `build-std [--target wasm32-wasip3] --manifest-path <Cargo.toml> [-- <cargo args>]`: builds
//!   a crate with nightly `-Zbuild-std` over a copy of nightly's std that depends on wasi-shim
//!   (no wasi-libc, no C), for WASI 0.2 or 0.3.
//! - `bench [--quick] [--runs N] ...`: builds the `bench/` workloads natively, for wasm32-wasip2
//!   with stock wasi-libc, with the shim, and against the raw WASI bindings (the floor), runs them
//!   side by side in one embedded wasmtime and reports the table (`docs/BENCHMARKS.md`).

mod bench;
mod bindings;
mod build_std;
mod rustflags;
mod symbols;
mod wit;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("vendor-wit") => wit::vendor(),
        Some("regenerate-bindings") => {
            let check = match args.get(1).map(String::as_str) {
                None => false,
                Some("--check") => true,
                Some(other) => {
                    eprintln!("regenerate-bindings: unknown argument `{other}`");
                    return ExitCode::from(2);
                }
            };
            bindings::regenerate(check)
        }
        Some("rustflags") => rustflags::print(&args[1..]),
        Some("libc-symbols") => symbols::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("build-std") => build_std::run(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <command>

commands:
  vendor-wit                     copy WASI WIT from the pinned `wasip2`/`wasip3` crates
  regenerate-bindings [--check]  regenerate (or check) the checked-in wit-bindgen output
  libc-symbols [--toolchain NAME] [--check]
                                 write (or check) tests/libc-symbols/NAME.txt: the C symbols that
                                 toolchain's prebuilt std needs
  rustflags [--toolchain NAME] [--legacy-exit]
                                 build the shim's libc.a and print RUSTFLAGS that link std
                                 against it (--legacy-exit: for hosts older than WASI 0.2.12)
  build-std [--target wasm32-wasip2|wasm32-wasip3] [--toolchain NAME]
            --manifest-path <Cargo.toml> [-- <cargo build args>]
                                 build a crate with nightly -Zbuild-std over a std that
                                 depends on wasi-shim (no wasi-libc, no C toolchain); p3 uses
                                 nightly-2026-10-18 unless --toolchain says otherwise
  bench [--quick] [--runs N] [--warmup N] [--timeout SECS] [--only NAME,..]
        [--fs-modes spawn,inline] [--work-dir DIR] [--no-doc]
                                 benchmark native, stock wasi-libc, the shim and the raw WASI
                                 floor side by side (docs/BENCHMARKS.md)";

/// The repository root: the parent of this crate's manifest directory.
pub(crate) fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .expect("xtask lives one level below the repository root")
        .to_path_buf()
}

/// The `cargo` that runs this xtask, so nested builds use the same toolchain.
pub(crate) fn cargo() -> std::process::Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = std::process::Command::new(cargo);
    cmd.current_dir(repo_root());
    cmd
}
