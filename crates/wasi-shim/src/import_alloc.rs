//! Which heap receives the lists and strings the host returns to the shim's own calls.
//!
//! The canonical ABI allocates an import's returned list by calling the component's
//! `cabi_import_realloc` (or, without one, `cabi_realloc`). When the shim is a C library
//! (`wasi-shim-c`'s `libc.a`) it has a heap of its own, and a program may have another (its
//! `#[global_allocator]`, behind std's `cabi_realloc`): the lists the shim receives, and later
//! frees, must come from the shim's heap, and the lists the program's own bindings receive from
//! the program's. So every call of the platform layer that returns a list or a string runs inside
//! [`receiving`], and `libc.a`'s `cabi_import_realloc` asks [`active`] which heap to use.
//!
//! Where the shim is part of the program (a `no_std` component, or std built with
//! `-Zbuild-std`), there is one heap and no `cabi_import_realloc`; the marker is then unused.
//!
//! Architecture invariant: no host call that returns a list or a string is made outside
//! [`receiving`].

use crate::global::Global;

/// How many [`receiving`] calls are under way (they nest when a call is made inside another).
static DEPTH: Global<u32> = Global::new(0);

/// Runs `call` (a host call that returns a list or a string) marked as the shim's own.
pub(crate) fn receiving<R>(call: impl FnOnce() -> R) -> R {
    DEPTH.with(|d| *d += 1);
    let r = call();
    DEPTH.with(|d| *d -= 1);
    r
}

/// Whether the list being allocated now is for the shim (see the module docs).
#[must_use]
pub fn active() -> bool {
    DEPTH.with(|d| *d > 0)
}
