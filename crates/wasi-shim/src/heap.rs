//! A global allocator over dlmalloc (feature `global-allocator`), for `no_std` components.
//!
//! dlmalloc's wasm backend grows linear memory with `memory.grow`. Declare it once:
//!
//! ```ignore
//! #[global_allocator]
//! static HEAP: wasi_shim::heap::Heap = wasi_shim::heap::Heap::new();
//! ```
//!
//! # Safety
//! The `GlobalAlloc` impl forwards each call to dlmalloc, which upholds the trait's contract;
//! the single-threaded global cell gives it exclusive access (see `global.rs`).

#![allow(
    unsafe_code,
    reason = "implementing GlobalAlloc is unsafe by definition"
)]

use crate::global::Global;
use core::alloc::{GlobalAlloc, Layout};

/// The allocator: a dlmalloc heap.
pub struct Heap(Global<dlmalloc::Dlmalloc>);

impl Heap {
    /// A heap with nothing allocated yet.
    #[must_use]
    pub const fn new() -> Self {
        Self(Global::new(dlmalloc::Dlmalloc::new()))
    }
}

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every method forwards to dlmalloc with the layout it was given, which is what
// dlmalloc's documented contract asks; `Global::with` gives exclusive access.
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded under `GlobalAlloc::alloc`'s contract.
        self.0
            .with(|h| unsafe { h.malloc(layout.size(), layout.align()) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded under `GlobalAlloc::alloc_zeroed`'s contract.
        self.0
            .with(|h| unsafe { h.calloc(layout.size(), layout.align()) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated here with `layout` (the caller's guarantee).
        self.0
            .with(|h| unsafe { h.free(ptr, layout.size(), layout.align()) });
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated here with `layout` (the caller's guarantee).
        self.0
            .with(|h| unsafe { h.realloc(ptr, layout.size(), layout.align(), new_size) })
    }
}
