//! `malloc`, `calloc`, `realloc`, `free`, `posix_memalign`, `aligned_alloc` over dlmalloc.
//! (`cabi_realloc` comes from `wasi-shim-rt`.)
//!
//! dlmalloc's wasm backend grows linear memory with `memory.grow` and never gives it back. A
//! user's own `#[global_allocator]` coexists with it: it grows its own pages, and std's
//! `System` allocator (which calls these functions) keeps using dlmalloc.

use crate::errno::set_errno;
use crate::single::SingleThreaded;
use core::ffi::{c_int, c_void};
use dlmalloc::Dlmalloc;
use libc::size_t;
use wasi_shim::Errno;

static HEAP: SingleThreaded<Dlmalloc> = SingleThreaded::new(Dlmalloc::new());

/// `malloc(size)`: at least `size` bytes, aligned to 8, or null with `ENOMEM`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/malloc.html>.
#[unsafe(no_mangle)]
pub extern "C" fn malloc(size: size_t) -> *mut c_void {
    // SAFETY: dlmalloc's C-style entry point has no precondition on `size`.
    let p = HEAP.with(|heap| unsafe { heap.c_malloc(size) });
    if p.is_null() {
        set_errno(Errno::NOMEM);
    }
    p.cast()
}

/// `calloc(n, size)`: `n * size` zeroed bytes.
///
/// # Errors
/// Null with `ENOMEM` when `n * size` overflows or memory runs out.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/calloc.html>.
#[unsafe(no_mangle)]
pub extern "C" fn calloc(n: size_t, size: size_t) -> *mut c_void {
    let Some(total) = n.checked_mul(size) else {
        set_errno(Errno::NOMEM);
        return core::ptr::null_mut();
    };
    let p = malloc(total);
    if !p.is_null() {
        // SAFETY: `p` has `total` writable bytes.
        unsafe { core::ptr::write_bytes(p.cast::<u8>(), 0, total) };
    }
    p
}

/// `realloc(p, size)`: resizes, keeping the contents; `realloc(NULL, n)` is `malloc(n)`.
///
/// # Deviations
/// `realloc(p, 0)` frees `p` and returns null, as glibc does.
///
/// # Safety
/// `p` must be null or a live allocation of this allocator.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/realloc.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn realloc(p: *mut c_void, size: size_t) -> *mut c_void {
    if p.is_null() {
        return malloc(size);
    }
    if size == 0 {
        // SAFETY: passed on from the caller.
        unsafe { free(p) };
        return core::ptr::null_mut();
    }
    // SAFETY: `p` is a live allocation of this heap (caller's guarantee).
    let q = HEAP.with(|heap| unsafe { heap.c_realloc(p.cast(), size) });
    if q.is_null() {
        set_errno(Errno::NOMEM);
    }
    q.cast()
}

/// `free(p)`: releases `p`; null is ignored.
///
/// # Safety
/// `p` must be null or a live allocation of this allocator.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/free.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn free(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: `p` is a live allocation of this heap (caller's guarantee).
        HEAP.with(|heap| unsafe { heap.c_free(p.cast()) });
    }
}

/// `posix_memalign(out, align, size)`: an allocation aligned to `align`.
///
/// # Errors
/// Returns (does not store in `errno`) `EINVAL` when `align` is not a power of two multiple of
/// `sizeof(void *)`, `ENOMEM` when memory runs out.
///
/// # Safety
/// `out` must be valid for writing a pointer.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/posix_memalign.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn posix_memalign(
    out: *mut *mut c_void,
    align: size_t,
    size: size_t,
) -> c_int {
    if !align.is_power_of_two() || !align.is_multiple_of(core::mem::size_of::<usize>()) {
        return libc::EINVAL;
    }
    let p = aligned(align, size);
    if p.is_null() {
        return libc::ENOMEM;
    }
    // SAFETY: the caller gives a writable pointer slot.
    unsafe { out.write(p) };
    0
}

/// `aligned_alloc(align, size)`: C11's aligned allocation.
///
/// # Errors
/// Null with `EINVAL` for an alignment that is not a power of two, `ENOMEM` when memory runs
/// out.
#[unsafe(no_mangle)]
pub extern "C" fn aligned_alloc(align: size_t, size: size_t) -> *mut c_void {
    if !align.is_power_of_two() {
        set_errno(Errno::INVAL);
        return core::ptr::null_mut();
    }
    let p = aligned(align, size);
    if p.is_null() {
        set_errno(Errno::NOMEM);
    }
    p
}

fn aligned(align: usize, size: usize) -> *mut c_void {
    // SAFETY: `align` is a power of two (checked by both callers).
    HEAP.with(|heap| unsafe { heap.c_memalign(align, size) })
        .cast()
}

/// The global allocator of the C library's own Rust code (`wasi-shim-c`): the same dlmalloc heap
/// as `malloc`, so memory the shim allocates and memory std's `System` allocator gets are one heap.
pub struct Malloc;

// SAFETY: each method forwards to dlmalloc with the layout it was given, as dlmalloc's contract
// asks; `HEAP.with` gives exclusive access.
unsafe impl core::alloc::GlobalAlloc for Malloc {
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        // SAFETY: forwarded under `GlobalAlloc::alloc`'s contract.
        HEAP.with(|h| unsafe { h.malloc(layout.size(), layout.align()) })
    }

    unsafe fn alloc_zeroed(&self, layout: core::alloc::Layout) -> *mut u8 {
        // SAFETY: forwarded under `GlobalAlloc::alloc_zeroed`'s contract.
        HEAP.with(|h| unsafe { h.calloc(layout.size(), layout.align()) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: core::alloc::Layout) {
        // SAFETY: `ptr` was allocated from this heap with `layout` (the caller's guarantee).
        HEAP.with(|h| unsafe { h.free(ptr, layout.size(), layout.align()) });
    }

    unsafe fn realloc(
        &self,
        ptr: *mut u8,
        layout: core::alloc::Layout,
        new_size: usize,
    ) -> *mut u8 {
        // SAFETY: `ptr` is a live allocation with `layout` (the caller's guarantee).
        HEAP.with(|h| unsafe { h.realloc(ptr, layout.size(), layout.align(), new_size) })
    }
}
