//! The process-wide state of the shim and the one place it is reached from.
//!
//! # Safety
//! wasm32-wasip2 components run on one thread and WASI 0.2 calls never call back into the
//! component except through `cabi_realloc`, which only allocates and never touches this state.
//! So a `RefCell` in a `static` is sound there: the `Sync` impl below is the one `unsafe` item of
//! this module. A re-entrant borrow cannot happen by the argument above; if a future change made
//! it happen, `RefCell` panics instead of aliasing.

use core::cell::RefCell;

/// A `RefCell` that may live in a `static` because the target has a single thread.
pub(crate) struct Global<T>(RefCell<T>);

// SAFETY: wasm32-wasip2 has exactly one thread (std's `thread::spawn` fails through
// `pthread_create`), so no two threads can reach the cell; on host builds the global state is
// never touched by the unit tests, which test the pure modules.
#[allow(unsafe_code, reason = "the one Sync impl of the shim's global state")]
unsafe impl<T> Sync for Global<T> {}

// The argument above holds only without threads: a wasm32 target with shared memory and atomics
// (wasm32-wasip1-threads, WASI 0.3's threads) could reach the cell from two threads at once.
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
compile_error!(
    "wasi-shim's global state is single-threaded: build without the `atomics` target feature"
);

impl<T> Global<T> {
    pub(crate) const fn new(value: T) -> Self {
        Self(RefCell::new(value))
    }

    /// Runs `f` with exclusive access to the value.
    ///
    /// # Panics
    /// On a re-entrant call, which the argument above rules out. The message is a plain string,
    /// so that the check does not link `core::fmt` into every component.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        match self.0.try_borrow_mut() {
            Ok(mut value) => f(&mut value),
            Err(_) => panic!("wasi-shim: re-entrant use of the global state"),
        }
    }
}
