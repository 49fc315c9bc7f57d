//! State of the C layer that lives in `static`s: the allocator, `environ`, `atexit` handlers.
//!
//! # Safety
//! wasm32-wasip2 components have one thread, so a `static` cell cannot be reached from two
//! threads. Re-entrancy is excluded by construction: the closures given to [`SingleThreaded::with`]
//! in this crate never call back into a function that uses the same cell (the allocator's
//! closure calls only dlmalloc, which never allocates through `malloc`).

use core::cell::UnsafeCell;

/// A value in a `static`, reachable only through [`SingleThreaded::with`].
pub(crate) struct SingleThreaded<T>(UnsafeCell<T>);

// SAFETY: see the module documentation: there is one thread.
unsafe impl<T> Sync for SingleThreaded<T> {}

// The argument above holds only without threads: a wasm32 target with shared memory and atomics
// (wasm32-wasip1-threads, WASI 0.3's threads) could reach the cell from two threads at once.
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
compile_error!(
    "wasi-shim's global state is single-threaded: build without the `atomics` target feature"
);

impl<T> SingleThreaded<T> {
    pub(crate) const fn new(value: T) -> Self {
        Self(UnsafeCell::new(value))
    }

    /// Runs `f` with exclusive access to the value.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        // SAFETY: one thread, and no closure passed here re-enters the same cell (module docs).
        f(unsafe { &mut *self.0.get() })
    }
}
