//! `crt1-command` of wasi-shim: the `wasi:cli/run@0.2.12#run` export and `_start`, built (with
//! the `shim` profile: fat LTO, `panic = "abort"`) into an archive of one object whose only global
//! symbols are C ones, so that any toolchain links it.
//!
//! `wasi-shim-ld` adds it to binaries only. It reaches the C library (`libc.a`, crate
//! `wasi-shim-c`) through C symbols alone: `__main_void` (rustc's), `__wasm_call_dtors` and
//! `exit`. It allocates nothing and cannot panic; the handler below is there because a `no_std`
//! staticlib must have one.
// On other targets (`cargo build --workspace` on the host) the crate is an empty std staticlib.
#![cfg_attr(target_arch = "wasm32", no_std)]
#![cfg(target_arch = "wasm32")]

extern crate wasi_shim_start;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
