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
//! Reads of bytes (files, streams, random) go through [`read_file`], [`read_stream`] and
//! [`read_random`], which also lend the caller's buffer for the bytes, so that they land in it
//! with no allocation and no copy.
//!
//! Architecture invariant: no host call that returns a list or a string is made outside
//! [`receiving`].

#![allow(
    unsafe_code,
    reason = "lending a caller's buffer to the canonical ABI (`wasi_shim_sys::lend`)"
)]

use crate::global::Global;
use alloc::vec::Vec;
use core::convert::Infallible;
#[cfg(not(target_env = "p3"))]
use wasi_shim_sys::wasi::filesystem::types::{Descriptor, ErrorCode as FsError};
#[cfg(not(target_env = "p3"))]
use wasi_shim_sys::wasi::io::streams::{InputStream, StreamError};

/// How many [`receiving`] calls are under way (they nest when a call is made inside another).
static DEPTH: Global<u32> = Global::new(0);

/// Runs `call` (a host call that returns a list or a string) marked as the shim's own.
pub(crate) fn receiving<R>(call: impl FnOnce() -> R) -> R {
    DEPTH.with(|d| *d += 1);
    let r = call();
    DEPTH.with(|d| *d -= 1);
    r
}

/// `descriptor.read(buf.len(), offset)` into `buf`: how many bytes it holds.
#[cfg(not(target_env = "p3"))]
pub(crate) fn read_file(
    buf: &mut [u8],
    file: &Descriptor,
    offset: u64,
) -> core::result::Result<usize, FsError> {
    // SAFETY: one host call, whose list is returned untouched.
    unsafe { receiving_into(buf, |len| file.read(len, offset).map(|(data, _end)| data)) }
}

/// `read` (or `blocking-read`) of up to `buf.len()` bytes of `stream` into `buf`.
#[cfg(not(target_env = "p3"))]
pub(crate) fn read_stream(
    buf: &mut [u8],
    stream: &InputStream,
    blocking: bool,
) -> core::result::Result<usize, StreamError> {
    // SAFETY: one host call, whose list is returned untouched.
    unsafe {
        receiving_into(buf, |len| {
            if blocking {
                stream.blocking_read(len)
            } else {
                stream.read(len)
            }
        })
    }
}

/// `get(buf.len())` (a `wasi:random` call) into `buf`: how many bytes it holds.
pub(crate) fn read_random(buf: &mut [u8], get: fn(u64) -> Vec<u8>) -> usize {
    // SAFETY: one host call, whose list is returned untouched.
    let Ok(n) = unsafe { receiving_into(buf, |len| Ok::<_, Infallible>(get(len))) };
    n
}

/// Runs `call` (a host call that returns one `list<u8>` of at most the length it is given, the
/// buffer's) marked as the shim's own, with `buf` lent to the canonical ABI so that the bytes
/// land in it directly (`wasi_shim_sys::lend`; where they land elsewhere they are copied).
/// Returns how many bytes `buf` holds.
///
/// # Safety
/// `call` makes exactly one host call and returns the list that call returned, untouched (a
/// projection such as `.map(|(data, _)| data)` is fine; reading or dropping the list is not: it
/// may be `buf`'s memory, which no allocator gave out).
unsafe fn receiving_into<E>(
    buf: &mut [u8],
    call: impl FnOnce(u64) -> core::result::Result<Vec<u8>, E>,
) -> core::result::Result<usize, E> {
    let len = buf.len() as u64;
    // SAFETY: the one host call is `call`'s (this function's contract), and its list goes to
    // `reclaim` untouched; `buf` is borrowed mutably until then, so nothing else reads it.
    unsafe { wasi_shim_sys::lend::lend(buf) };
    match receiving(|| call(len)) {
        Ok(list) => Ok(wasi_shim_sys::lend::reclaim(buf, list)),
        Err(e) => {
            wasi_shim_sys::lend::end_loan();
            Err(e)
        }
    }
}

/// Whether the list being allocated now is for the shim (see the module docs).
#[must_use]
pub fn active() -> bool {
    DEPTH.with(|d| *d > 0)
}
