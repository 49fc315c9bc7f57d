//! wasi-shim as a C library: the crate that becomes `libc.a`.
//!
//! `cargo wasi-shim` builds this `staticlib` with fat LTO and `panic = "abort"` and keeps its one
//! object: `wasi-shim-libc`'s C functions over the platform layer, with private copies of `core`
//! and `alloc` and only C-ABI symbols global, so that any toolchain's std links against it in any
//! profile (see `crates/cargo-wasi-shim`).
//!
//! Two heaps may live in the component: this library's (dlmalloc, behind `malloc` and the shim's
//! own Rust allocations) and the program's `#[global_allocator]` (behind std's `cabi_realloc`),
//! when it declares one. Memory never crosses from one to the other:
//! - the shim's own allocations use [`HEAP`], the same dlmalloc as `malloc`;
//! - lists the host returns to the shim's calls are allocated by [`cabi_import_realloc`] from
//!   that heap too (`wasi_shim::import_alloc` marks those calls), and every other import's
//!   lists by the program's `cabi_realloc`, for the program's own bindings to free.
// On other targets (`cargo build --workspace` on the host) the crate is an empty std staticlib.
#![cfg_attr(target_arch = "wasm32", no_std)]
#![cfg(target_arch = "wasm32")]

extern crate wasi_shim_libc;

/// The shim's own heap: `malloc`'s dlmalloc.
#[global_allocator]
static HEAP: wasi_shim_libc::Malloc = wasi_shim_libc::Malloc;

unsafe extern "C" {
    /// The program's canonical-ABI allocator: std's (weak, over its global allocator), or the
    /// one of the wit-bindgen runtime a program links.
    #[link_name = "cabi_realloc"]
    fn program_cabi_realloc(old: *mut u8, old_len: usize, align: usize, new_len: usize) -> *mut u8;
}

/// `cabi_import_realloc(old, old_len, align, new_len)`: the allocator `wasm-component-ld` gives
/// every import for the lists it returns (the linker exports it). For the shim's own calls it
/// allocates from [`HEAP`]; otherwise it is the program's `cabi_realloc`.
///
/// # Safety
/// Called by the canonical ABI only: `old` is null (with `old_len` 0) or an allocation of
/// `old_len` bytes with alignment `align` made by this function in the same call, and `align` is
/// a power of two.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cabi_import_realloc(
    old: *mut u8,
    old_len: usize,
    align: usize,
    new_len: usize,
) -> *mut u8 {
    if !wasi_shim::import_alloc::active() {
        // SAFETY: the same contract, passed on to the program's allocator.
        return unsafe { program_cabi_realloc(old, old_len, align, new_len) };
    }
    // SAFETY: the canonical ABI's contract, for a list this call allocates from [`HEAP`].
    unsafe { wasi_shim_rt::cabi::realloc_list(old, old_len, align, new_len) }
}
