//! Waiting for one asynchronous component-model operation (WASI 0.3): how a POSIX call that
//! blocks waits for a `stream.read`/`write` or `future.read` it started with the asynchronous
//! built-in.
//!
//! The operation's handle joins a waitable set of its own, the task waits on the set
//! (`waitable-set.wait`: the task is suspended in the host, and the host runs meanwhile), and the
//! handle leaves the set again. `run` is an `async func` lifted synchronously, so its task may
//! block this way. The set is made at the first wait and kept.

#![allow(
    unsafe_code,
    reason = "the component model's waitable-set built-ins are raw imports"
)]

use core::sync::atomic::{AtomicU32, Ordering};

/// The canonical ABI's codes in the low four bits of a stream or future operation's result (the
/// count of items moved is in the other 28), and the value that says it has not finished.
pub const COMPLETED: u32 = 0;
/// The other end was dropped (after the count of items moved).
pub const DROPPED: u32 = 1;
/// The operation was cancelled.
pub const CANCELLED: u32 = 2;
const BLOCKED: u32 = u32::MAX;

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "$root")]
unsafe extern "C" {
    #[link_name = "[waitable-set-new]"]
    fn waitable_set_new() -> u32;
    #[link_name = "[waitable-join]"]
    fn waitable_join(waitable: u32, set: u32);
    #[link_name = "[waitable-set-wait]"]
    fn waitable_set_wait(set: u32, event: *mut [u32; 2]) -> u32;
}

/// The waitable set, 0 until made.
static SET: AtomicU32 = AtomicU32::new(0);

/// The result of the operation that `started` (the return value of an asynchronous stream or
/// future built-in on `handle`) began: `started` itself unless it was `BLOCKED`, else the
/// result its completion event carries.
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn block(handle: u32, started: u32) -> u32 {
    if started != BLOCKED {
        return started;
    }
    let mut set = SET.load(Ordering::Relaxed);
    if set == 0 {
        // SAFETY: `waitable-set.new` has no precondition.
        set = unsafe { waitable_set_new() };
        SET.store(set, Ordering::Relaxed);
    }
    let mut event = [0u32; 2];
    // SAFETY: `handle` is a live stream or future end with an operation in progress, `set` a
    // live waitable set, `event` writable; the handle is alone in the set, so the event that
    // ends the wait is its own, and it leaves the set (join to 0) before the next wait.
    unsafe {
        waitable_join(handle, set);
        let _code = waitable_set_wait(set, &raw mut event);
        waitable_join(handle, 0);
    }
    event[1]
}

/// The reading side of a `stream<u8>` the host writes (standard input, a file from an offset):
/// reads wait until at least one byte has moved or the host has ended the stream, and after
/// the end every read finds it ended.
#[derive(Debug)]
pub struct ByteReader {
    readable: u32,
    ended: bool,
}

impl ByteReader {
    /// Reads the stream whose readable end is `readable`.
    #[must_use]
    pub const fn new(readable: u32) -> Self {
        Self {
            readable,
            ended: false,
        }
    }

    /// The readable end.
    #[must_use]
    pub const fn handle(&self) -> u32 {
        self.readable
    }

    /// Reads into `buf` with `start` (the stream's asynchronous `stream.read` built-in),
    /// waiting: `Some(n)` with `n` bytes in `buf` (0 only for an empty `buf`), or `None` once the
    /// host has ended the stream and no byte moved.
    #[cfg(target_arch = "wasm32")]
    pub fn read(
        &mut self,
        buf: &mut [u8],
        start: unsafe extern "C" fn(u32, *mut u8, usize) -> u32,
    ) -> Option<usize> {
        if self.ended {
            return None;
        }
        if buf.is_empty() {
            return Some(0);
        }
        loop {
            // SAFETY: `buf` stays borrowed, so writable, until the read has completed (`block`
            // returns only then); `readable` is live with no other operation in progress.
            let code = block(self.readable, unsafe {
                start(self.readable, buf.as_mut_ptr(), buf.len())
            });
            let moved = (code >> 4) as usize;
            if code & 0xf != COMPLETED {
                self.ended = true;
                return (moved > 0).then_some(moved);
            }
            // A read completed with no bytes (a writer's empty write) is not the end of the
            // stream, which 0 would tell the caller: read again (each time waiting in the host).
            if moved > 0 {
                return Some(moved);
            }
        }
    }
}
