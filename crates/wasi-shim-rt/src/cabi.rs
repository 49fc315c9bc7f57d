//! `cabi_realloc`, the canonical ABI's allocator: the host calls it to return lists and strings
//! to the component.
//!
//! It allocates through Rust's global allocator, exactly as std's weak definition does (this
//! strong one replaces it when both are linked), because generated bindings free those lists as
//! Rust `Vec`s. Under std that is std's `System` allocator (wasi-shim-libc's `malloc`) or the
//! user's own `#[global_allocator]`; in a `no_std` component, whatever it declares (for example
//! `wasi_shim::heap::Heap`).
//!
//! # Safety
//! The function is `unsafe extern "C"` because the host calls it with raw pointers; the contract
//! is the canonical ABI's (`old` was returned by this function with `old_len` and `align`).

#![allow(
    unsafe_code,
    reason = "the canonical ABI's allocator is an unsafe C-ABI export"
)]

use alloc::alloc::{Layout, alloc, realloc};

/// `cabi_realloc(old, old_len, align, new_len)`.
///
/// # Safety
/// `old` must be null (with `old_len` 0) or a live allocation of `old_len` bytes with alignment
/// `align` from this function; `align` must be a power of two.
#[cfg(feature = "cabi-realloc")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cabi_realloc(
    old: *mut u8,
    old_len: usize,
    align: usize,
    new_len: usize,
) -> *mut u8 {
    // SAFETY: the same contract.
    unsafe { realloc_list(old, old_len, align, new_len) }
}

/// The canonical ABI's `realloc` over Rust's global allocator: what `cabi_realloc` does, and
/// what `wasi-shim-c`'s `cabi_import_realloc` does for the shim's own lists. Traps when memory
/// runs out (the host cannot be told).
///
/// # Safety
/// As [`cabi_realloc`]'s: `old` is null (with `old_len` 0) or a live allocation of `old_len`
/// bytes with alignment `align` from the global allocator; `align` is a power of two.
pub unsafe fn realloc_list(old: *mut u8, old_len: usize, align: usize, new_len: usize) -> *mut u8 {
    let p = if old_len == 0 {
        // A list the caller lent its own buffer for (`wasi_shim_sys::lend`): the bytes land there.
        if let Some(lent) = wasi_shim_sys::lend::take(align, new_len) {
            return lent;
        }
        if new_len == 0 {
            return align as *mut u8;
        }
        // SAFETY: the host passes a power-of-two `align` and a size that fits its memory.
        unsafe { alloc(Layout::from_size_align_unchecked(new_len, align)) }
    } else {
        // SAFETY: `old` was allocated by this function with this layout (caller's guarantee).
        unsafe {
            realloc(
                old,
                Layout::from_size_align_unchecked(old_len, align),
                new_len,
            )
        }
    };
    if p.is_null() {
        // The host cannot be told that an allocation failed: trapping is the only safe end.
        #[cfg(target_arch = "wasm32")]
        core::arch::wasm32::unreachable();
        #[cfg(not(target_arch = "wasm32"))]
        alloc::alloc::handle_alloc_error(
            // SAFETY: as above.
            unsafe { Layout::from_size_align_unchecked(new_len, align) },
        );
    }
    p
}
