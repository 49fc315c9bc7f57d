//! The runtime symbols every wasi-shim component needs, std or not: `cabi_realloc` (the canonical
//! ABI's allocator) and `memcmp` (which `core` calls and `compiler_builtins` leaves to the libc on
//! this target), each behind its feature; and the buffer loan that lets the platform layer's
//! reads land in the caller's buffer (`lend`), which both `cabi_realloc` and `wasi-shim-c`'s
//! `cabi_import_realloc` honour.
//!
//! A separate crate so that `no_std` components can link these two without the C ABI of
//! `wasi-shim-libc`: rustc exports every `#[no_mangle]` function of a wasm program's crate graph,
//! so depending on the C-ABI crate would keep all of its functions in the component.
//!
//! Architecture invariant: `#[no_mangle]` symbols live only in `wasi-shim-libc`,
//! `wasi-shim-start` and this crate.
#![no_std]

extern crate alloc;

#[cfg(target_arch = "wasm32")]
pub mod cabi;
pub mod lend;
#[cfg(all(target_arch = "wasm32", feature = "memcmp"))]
pub mod memcmp;
