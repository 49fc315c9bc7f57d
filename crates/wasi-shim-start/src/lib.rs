//! The entry point of a command component: what wasi-libc's `crt1-command.o` did.
//!
//! This crate is its own rlib, apart from `wasi-shim-libc`, so that the linker takes it only
//! into binaries. It defines `_start`, which `wasm-ld` needs as the entry of every binary (and
//! never of a `cdylib`, which rustc links with `--no-entry`); taking `_start` brings in this
//! crate's one object, which holds the `wasi:cli/run@0.2.12#run` export and the component-type
//! section that declares it. `cargo xtask rustflags` adds
//! `--export-if-defined=wasi:cli/run@0.2.12#run`, so the export is kept exactly when this
//! object was linked, and `--wasi-adapter=none`, so that `wasm-component-ld` never embeds the
//! preview1 adapter because of the `_start` export (which the component does not re-export).
//!
//! So a binary's component exports `wasi:cli/run` and a library component (a reactor) does not,
//! with the same flags.
#![no_std]
#![cfg(target_arch = "wasm32")]

extern crate alloc;

#[allow(
    missing_docs,
    clippy::undocumented_unsafe_blocks,
    reason = "generated code, with its own lint settings"
)]
#[rustfmt::skip]
mod generated;

use core::ffi::c_int;

unsafe extern "C" {
    /// Synthesized by `wasm-ld`: runs the static constructors.
    fn __wasm_call_ctors();
    /// rustc's `main` for wasm32-wasip2: no arguments (std reads its own), returns the status.
    fn __main_void() -> c_int;
}

struct Command;

impl generated::exports::wasi::cli::run::Guest for Command {
    /// Runs constructors, `main`, then `exit`'s work with its status. A zero status returns
    /// `Ok` to the host; any other ends the component through `exit-with-code`.
    fn run() -> Result<(), ()> {
        // SAFETY: called once, before any other code of the component runs.
        unsafe { __wasm_call_ctors() };
        // SAFETY: `__main_void` is the program's `main`, called once.
        let status = unsafe { __main_void() };
        wasi_shim_libc::process::run_atexit_handlers();
        if status == 0 {
            Ok(())
        } else {
            wasi_shim::process::exit(status)
        }
    }
}

/// The generated export glue, in its own module so that the lint exception for its `unsafe`
/// block covers nothing else.
#[allow(
    clippy::undocumented_unsafe_blocks,
    reason = "generated glue: it calls the `run` above"
)]
mod export {
    use super::Command;
    super::generated::export!(Command);
}

/// `_start`: the entry symbol `wasm-ld` requires of a binary. Linking it is what brings in the
/// `run` export; the component does not export it, and nothing calls it. Calling it traps.
#[unsafe(no_mangle)]
pub extern "C" fn _start() {
    core::arch::wasm32::unreachable()
}
