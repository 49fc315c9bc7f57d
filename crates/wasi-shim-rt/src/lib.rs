//! The runtime symbols every wasi-shim component needs, std or not: `cabi_realloc` (the canonical
//! ABI's allocator) and `memcmp` (which `core` calls and `compiler_builtins` leaves to the libc on
//! this target). `cabi_realloc` honours the buffer loan of `wasi_shim_sys::lend`.
//!
//! A separate crate so that `no_std` components can link these two without the C ABI of
//! `wasi-shim-libc`: rustc exports every `#[no_mangle]` function of a wasm program's crate graph,
//! so depending on the C-ABI crate would keep all of its functions in the component.
//!
//! Architecture invariant: `#[no_mangle]` symbols live only in `wasi-shim-libc`,
//! `wasi-shim-start` and this crate (and, on WASI 0.3, the toolchain's thread-context symbols in
//! `wasi-shim-sys`'s `p3_context`, which every p3 component needs).
#![no_std]
#![cfg(target_arch = "wasm32")]

extern crate alloc;

pub mod cabi;
pub mod memcmp;
