//! `poll` over any mix of descriptors: files are always ready, and stdin and sockets are waited
//! for together with the timeout. Nothing spins: when nothing is ready the component waits in
//! the host until something may be. How differs per WASI version (a private `host` part each):
//!
//! - p2 (`poll/host_p2.rs`): every descriptor's pollables and a monotonic-clock pollable, in one
//!   `wasi:io/poll.poll`;
//! - p3 (`poll/host_p3.rs`): WASI 0.3 has no pollables, so readiness is an operation that
//!   finishes: each socket starts the one its readiness stands for (`net::Probe`), all are waited
//!   for on one waitable set with a timer (`wasi_shim_sys::p3_wait::wait_any`), the first to
//!   finish ends the wait, the rest are cancelled, and what each moved is kept for the next call.

use crate::errno::Result;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};

#[cfg(not(target_env = "p3"))]
#[path = "poll/host_p2.rs"]
mod host;
#[cfg(target_env = "p3")]
#[path = "poll/host_p3.rs"]
mod host;

#[cfg(not(target_env = "p3"))]
pub(crate) use host::ready_after_a_turn;
#[cfg(target_env = "p3")]
pub(crate) use host::with_turn;

/// One entry of a `poll` call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Interest {
    /// The descriptor; `None` (a negative number in C) is ignored.
    pub fd: Option<u32>,
    /// `POLLIN`.
    pub read: bool,
    /// `POLLOUT`.
    pub write: bool,
}

/// What happened to one entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Events {
    /// Reading will not block (`POLLIN`).
    pub readable: bool,
    /// Writing will not block (`POLLOUT`).
    pub writable: bool,
    /// The peer hung up (`POLLHUP`).
    pub hangup: bool,
    /// An error is pending (`POLLERR`).
    pub error: bool,
    /// The descriptor is not open (`POLLNVAL`).
    pub invalid: bool,
}

impl Events {
    /// The events of a socket entry asking `interest`, from its readiness.
    pub(crate) fn of_socket(interest: &Interest, r: &crate::net::Readiness) -> Self {
        Self {
            readable: interest.read && r.readable,
            writable: interest.write && r.writable,
            hangup: r.hangup,
            error: r.error,
            invalid: false,
        }
    }

    pub(crate) fn any(self) -> bool {
        self.readable || self.writable || self.hangup || self.error || self.invalid
    }
}

/// `poll(fds, timeout)`: waits until at least one entry has events or `timeout_ns` passes
/// (`None`: no limit; `Some(0)`: do not wait). Returns the events of every entry.
///
/// # Errors
/// Host errors while reading a socket's state.
pub fn poll(interests: &[Interest], timeout_ns: Option<u64>) -> Result<Vec<Events>> {
    host::poll(interests, timeout_ns)
}

/// Whether a non-blocking call has reported `EAGAIN` since the host last had a turn (since the
/// component last waited in the host: in `poll`, or in a call that blocked). An atomic for its
/// plain loads and stores (the shim is single-threaded: see `global.rs`), not for ordering.
static TURN_OWED: AtomicBool = AtomicBool::new(false);

/// Notes that the host has just had a turn: the component waited in the host (p2: in
/// `wasi:io/poll.poll` or on a pollable; p3: on a waitable set) for something that was not ready
/// yet.
pub(crate) fn host_had_turn() {
    TURN_OWED.store(false, Ordering::Relaxed);
}

/// Whether the host is owed a turn, asked by a non-blocking call that is about to report
/// `EAGAIN`: when it is not, it now is (that `EAGAIN` is reported at once, with no host call);
/// when it is, the call first waits for the host to have its turn.
///
/// Some hosts run background work (wasmtime-wasi's TCP writes on a current-thread runtime, its
/// socket readiness on p3) only while the guest waits inside a host call, and a check that does
/// not wait (`pollable.ready`, an operation cancelled at once) does not let them run. So the
/// second `EAGAIN` since the host's last turn first waits for the operation together with a timer
/// of one nanosecond (p2: on its pollable, `ready_after_a_turn`; p3: the operation itself, with
/// `Wait::For(1)`), which returns once the host's executor has had its turn (up to a millisecond,
/// tokio's timer granularity). The first is reported at once: a program driven by `poll` waits
/// there next, which gives the host its turn anyway, and never pays for one here; a program that
/// spins on `EAGAIN` gives the host a turn on every second attempt, and so still progresses.
pub(crate) fn host_owed_a_turn() -> bool {
    if TURN_OWED.load(Ordering::Relaxed) {
        return true;
    }
    TURN_OWED.store(true, Ordering::Relaxed);
    false
}
