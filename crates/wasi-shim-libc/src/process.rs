//! `exit`, `_Exit`, `abort`, `atexit`.

use alloc::boxed::Box;
use core::ffi::c_int;

/// `atexit(f)`: runs `f` at `exit` or when `main` returns, in reverse order of registration.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/atexit.html>.
#[unsafe(no_mangle)]
pub extern "C" fn atexit(f: extern "C" fn()) -> c_int {
    wasi_shim::process::at_exit(Box::new(move || f()));
    0
}

/// `exit(status)`: runs the thread-specific data destructors and the `atexit` handlers, and ends the component with `status & 0xff`.
///
/// Status 0 ends with `wasi:cli/exit#exit(ok)`; others with `exit-with-code` (WASI 0.2.12), so
/// the host sees the real code (stock wasi-libc reports every failure as 1). Output needs no
/// flushing: the shim's stdout and stderr are unbuffered.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/exit.html>.
#[unsafe(no_mangle)]
pub extern "C" fn exit(status: c_int) -> ! {
    crate::thread::run_key_destructors();
    wasi_shim::process::run_exit_hooks();
    wasi_shim::process::exit(status)
}

/// `__wasm_call_dtors()`: what `exit` does before it ends the component, for a `main` that
/// returned 0 (the entry object `wasi-shim-crt` calls it, as wasi-libc's `crt1-command.o` does):
/// the thread-specific data destructors of the one thread (std's thread-local destructors run
/// through them), then the `atexit` handlers in reverse order of registration, as glibc's `exit`
/// runs the main thread's thread-local destructors before them.
#[unsafe(no_mangle)]
pub extern "C" fn __wasm_call_dtors() {
    crate::thread::run_key_destructors();
    wasi_shim::process::run_exit_hooks();
}

/// `_Exit(status)`: ends the component at once, without `atexit` handlers.
#[unsafe(no_mangle)]
pub extern "C" fn _Exit(status: c_int) -> ! {
    wasi_shim::process::exit(status)
}

/// `abort()`: traps.
///
/// # Deviations
/// WASI has no signals; a trap is how a component ends abnormally, and hosts report it as a
/// failure with a backtrace.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/abort.html>.
#[unsafe(no_mangle)]
pub extern "C" fn abort() -> ! {
    core::arch::wasm32::unreachable()
}
