//! `wasi-shim-ld`: the linker `cargo xtask rustflags` names with `-C linker=`.
//!
//! It runs the toolchain's `wasm-component-ld` with rustc's arguments and two more:
//!
//! - `--wasi-adapter=none`: the preview1 adapter is never embedded (a crate that imports
//!   preview 1 fails to link instead);
//! - for a binary only (rustc passes `--no-entry` for a `cdylib`, never for a binary):
//!   `--export=wasi:cli/run@0.2.12#run`, which takes `wasi-shim-start`'s object (with the export
//!   and its component-type section) from its rlib and exports it.
//!
//! So binaries and library components are linked with the same `RUSTFLAGS`, and only binaries
//! get the `run` export. No linker flag can do this alone: `wasm-ld` treats
//! `--export-if-defined` like `--undefined`, which would pull the run export into libraries too.

use std::process::{Command, ExitCode};

/// The export that makes a component a command.
const RUN_EXPORT: &str = "wasi:cli/run@0.2.12#run";

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let library = args.iter().any(|a| a == "--no-entry");
    let mut linker = Command::new(env!("WASI_SHIM_REAL_LINKER"));
    linker.args(&args).arg("--wasi-adapter=none");
    if !library {
        linker.arg(format!("--export={RUN_EXPORT}"));
    }
    match linker.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(u8::try_from(status.code().unwrap_or(1)).unwrap_or(1)),
        Err(e) => {
            eprintln!(
                "wasi-shim-ld: cannot run {}: {e}",
                env!("WASI_SHIM_REAL_LINKER")
            );
            ExitCode::FAILURE
        }
    }
}
