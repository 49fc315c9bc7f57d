//! A caller's buffer lent to the canonical ABI, so that the bytes an import returns as a
//! `list<u8>` land in it directly instead of in a fresh allocation that is then copied.
//!
//! The host allocates an import's returned list by calling the component's realloc
//! (`cabi_realloc`, or `wasi-shim-c`'s `cabi_import_realloc`) with alignment 1 and the list's
//! length, and then writes the bytes there. While a buffer is lent, the first such allocation
//! that fits takes the buffer's memory (and ends the loan); the generated bindings then hold a
//! `Vec<u8>` over the caller's buffer, which [`reclaim`] recognizes and forgets instead of
//! freeing. A list that does not fit, or a host that allocates differently, gets ordinary
//! memory and is copied: the result is the same either way, only the copy is saved.
//! wasmtime's preview1 adapter does the same for `fd_read` (its `ImportAlloc`).

#![allow(
    unsafe_code,
    reason = "handing a caller's memory to the canonical ABI and taking it back"
)]

use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The lent buffer's address (with its provenance exposed) and length; a length of 0 is no loan.
static ADDR: AtomicUsize = AtomicUsize::new(0);
static LEN: AtomicUsize = AtomicUsize::new(0);

/// Lends `buf` to the next list allocation of at most `buf.len()` bytes with alignment 1.
///
/// # Safety
/// Until [`reclaim`] is called with this `buf`, the caller makes exactly one host call, does not
/// touch `buf`, and passes the `Vec<u8>` that call returns (the only list it can allocate with
/// alignment 1, or none) to [`reclaim`] without reading, growing or dropping it first.
pub unsafe fn lend(buf: &mut [u8]) {
    ADDR.store(buf.as_mut_ptr().expose_provenance(), Relaxed);
    LEN.store(buf.len(), Relaxed);
}

/// Ends the loan of `buf` and puts `list` (the one list the host call returned, possibly in
/// `buf`'s memory) into `buf`: forgotten when it is already there, copied otherwise. Returns how
/// many bytes `buf` now holds (at most its length).
pub fn reclaim(buf: &mut [u8], list: Vec<u8>) -> usize {
    LEN.store(0, Relaxed);
    let n = list.len().min(buf.len());
    if list.as_ptr() == buf.as_ptr() {
        // The memory is `buf`'s, which the allocator never gave out: it must not be freed.
        core::mem::forget(list);
    } else {
        buf[..n].copy_from_slice(&list[..n]);
    }
    n
}

/// Ends a loan whose host call failed (and so returned no list).
pub fn end_loan() {
    LEN.store(0, Relaxed);
}

/// The lent memory, for a new list of `len` bytes with alignment `align`, when it fits; taking
/// it ends the loan (one list per loan).
///
/// Called by the realloc functions only: `wasi-shim-rt`'s `cabi_realloc` and `wasi-shim-c`'s
/// `cabi_import_realloc` (through `wasi_shim_rt::cabi::realloc_list`).
pub fn take(align: usize, len: usize) -> Option<*mut u8> {
    if align != 1 || len == 0 || len > LEN.load(Relaxed) {
        return None;
    }
    LEN.store(0, Relaxed);
    Some(core::ptr::with_exposed_provenance_mut(ADDR.load(Relaxed)))
}
