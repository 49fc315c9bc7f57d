//! `poll` over any mix of descriptors: files are always ready, stdin and sockets are waited on
//! through their pollables, and the timeout through a monotonic-clock pollable. Nothing spins:
//! when nothing is ready the component blocks in `wasi:io/poll.poll` until something may be.

use crate::errno::Result;
use crate::fd::{self, Object};
use crate::net;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};
use wasi_shim_sys::wasi::cli::stdin;
use wasi_shim_sys::wasi::clocks::monotonic_clock;
use wasi_shim_sys::wasi::io::poll::{self as wasi_poll, Pollable};

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
    fn any(self) -> bool {
        self.readable || self.writable || self.hangup || self.error || self.invalid
    }
}

fn check(interest: &Interest) -> Result<Events> {
    let Some(fd) = interest.fd else {
        return Ok(Events::default());
    };
    let Ok(object) = fd::object(fd) else {
        return Ok(Events {
            invalid: true,
            ..Events::default()
        });
    };
    Ok(match &*object {
        Object::File(_) => Events {
            readable: interest.read,
            writable: interest.write,
            ..Events::default()
        },
        Object::Stdout(..) => Events {
            writable: interest.write,
            ..Events::default()
        },
        Object::Stdin(stream, _) => Events {
            readable: interest.read && stream.get_or_init(stdin::get_stdin).subscribe().ready(),
            ..Events::default()
        },
        Object::Socket(sock) => {
            let r = net::readiness(sock, interest.read, interest.write)?;
            Events {
                readable: interest.read && r.readable,
                writable: interest.write && r.writable,
                hangup: r.hangup,
                error: r.error,
                invalid: false,
            }
        }
    })
}

fn pollables_of(interest: &Interest, out: &mut Vec<Pollable>) {
    let Some(fd) = interest.fd else { return };
    let Ok(object) = fd::object(fd) else { return };
    match &*object {
        Object::Stdin(stream, _) if interest.read => {
            out.push(stream.get_or_init(stdin::get_stdin).subscribe());
        }
        Object::Socket(sock) => out.extend(net::pollables(sock, interest.read, interest.write)),
        _ => {}
    }
}

/// Whether a non-blocking call has reported `EAGAIN` since the host last had a turn (since the
/// component last waited in `wasi:io/poll.poll`). An atomic for its plain loads and stores (the
/// shim is single-threaded: see `global.rs`), not for ordering.
static TURN_OWED: AtomicBool = AtomicBool::new(false);

/// Notes that the host has just had a turn: the component waited in `wasi:io/poll.poll` (or
/// blocked on a pollable) for something that was not ready yet.
pub(crate) fn host_had_turn() {
    TURN_OWED.store(false, Ordering::Relaxed);
}

/// Whether the host is owed a turn, asked by a non-blocking call that is about to report
/// `EAGAIN`: when it is not, it now is (that `EAGAIN` is reported at once, with no host call);
/// when it is, the call asks [`ready_after_a_turn`] first.
///
/// Some hosts run background work (wasmtime-wasi's TCP writes on a current-thread runtime) only
/// while the guest waits inside a host call, and `pollable.ready` does not let them run. So the
/// second `EAGAIN` since the host's last turn first waits on `pollable` together with a timer of
/// one nanosecond, which returns once the host's executor has had its turn (up to a millisecond,
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

/// Whether `pollable` is ready, after letting the host run its pending work once (see
/// [`host_owed_a_turn`] for when).
pub(crate) fn ready_after_a_turn(pollable: &Pollable) -> bool {
    if pollable.ready() {
        return true;
    }
    let timer = monotonic_clock::subscribe_duration(1);
    let ready = crate::import_alloc::receiving(|| wasi_poll::poll(&[pollable, &timer]));
    host_had_turn();
    ready.contains(&0)
}

/// `poll(fds, timeout)`: waits until at least one entry has events or `timeout_ns` passes
/// (`None`: no limit; `Some(0)`: do not wait). Returns the events of every entry.
///
/// # Errors
/// Host errors while reading a socket's state.
pub fn poll(interests: &[Interest], timeout_ns: Option<u64>) -> Result<Vec<Events>> {
    let deadline = timeout_ns.map(|t| monotonic_clock::now().saturating_add(t));
    loop {
        let events: Vec<Events> = interests.iter().map(check).collect::<Result<_>>()?;
        if events.iter().any(|e| e.any()) {
            return Ok(events);
        }
        let now = monotonic_clock::now();
        if deadline.is_some_and(|d| now >= d) {
            return Ok(events);
        }
        let mut pollables = Vec::new();
        for interest in interests {
            pollables_of(interest, &mut pollables);
        }
        if let Some(deadline) = deadline {
            pollables.push(monotonic_clock::subscribe_instant(deadline));
        }
        if pollables.is_empty() {
            // Nothing can ever become ready and there is no timeout: POSIX would sleep forever.
            // Block on a timer a day away at a time instead of returning.
            pollables.push(monotonic_clock::subscribe_duration(86_400 * 1_000_000_000));
        }
        let refs: Vec<&Pollable> = pollables.iter().collect();
        crate::import_alloc::receiving(|| wasi_poll::poll(&refs));
        // Nothing was ready and the deadline was ahead: the component waited.
        host_had_turn();
    }
}
