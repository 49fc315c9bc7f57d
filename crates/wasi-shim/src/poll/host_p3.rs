//! `poll` on WASI 0.3, which has no pollables: a descriptor is ready when the operation its
//! readiness stands for would not wait, and the only way to wait for that is to start it.
//!
//! Each round checks every entry as it stands (what earlier rounds or calls moved included);
//! when none is ready, every socket entry starts its operations (`net::Probe`: a read of bytes,
//! of a connection or of a datagram, or a zero-length write), they are waited for together with
//! a timer for what is left of the timeout (`p3_wait::wait_any`), the first to finish ends the
//! wait and the others are cancelled, and what each moved is kept by its socket for the next
//! read or accept. The first round always starts them, so `poll(.., 0)` still sees what the host
//! has at once. Nothing is in flight when `poll` returns.
//!
//! Deviations (docs/COVERAGE.md): stdin is always reported readable (a read then waits for its
//! bytes), as files are.

use super::{Events, Interest};
use crate::errno::Result;
use crate::fd::{self, Object};
use crate::net::{self, Probe};
use alloc::vec::Vec;
use wasi_shim_sys::p3_wait::wait_any;
use wasi_shim_sys::wasi::clocks::monotonic_clock;

/// What a wait with nothing to wait for and no timeout sleeps at a time (POSIX would sleep
/// forever): a day.
const DAY_NS: u64 = 86_400 * 1_000_000_000;

/// The events of `interest` as things stand, without waiting.
fn check(interest: &Interest) -> Events {
    let Some(fd) = interest.fd else {
        return Events::default();
    };
    let Ok(object) = fd::object(fd) else {
        return Events {
            invalid: true,
            ..Events::default()
        };
    };
    match &*object {
        Object::File(_) | Object::Stdin(..) => Events {
            readable: interest.read,
            writable: interest.write && matches!(&*object, Object::File(_)),
            ..Events::default()
        },
        Object::Stdout(..) => Events {
            writable: interest.write,
            ..Events::default()
        },
        Object::Socket(sock) => {
            let r = net::readiness(sock, interest.read, interest.write);
            Events {
                readable: interest.read && r.readable,
                writable: interest.write && r.writable,
                hangup: r.hangup,
                error: r.error,
                invalid: false,
            }
        }
    }
}

/// [`super::poll`] on WASI 0.3.
pub(super) fn poll(interests: &[Interest], timeout_ns: Option<u64>) -> Result<Vec<Events>> {
    let deadline = timeout_ns.map(|t| monotonic_clock::now().saturating_add(t));
    let mut waited = false;
    loop {
        let events: Vec<Events> = interests.iter().map(check).collect();
        if events.iter().any(|e| e.any()) {
            return Ok(events);
        }
        let left = deadline.map(|d| d.saturating_sub(monotonic_clock::now()));
        if waited && left == Some(0) {
            return Ok(events);
        }
        let mut ops = Vec::new();
        let mut probes = Vec::new();
        for interest in interests {
            let Some(fd) = interest.fd else { continue };
            if let Ok(object) = fd::object(fd)
                && let Object::Socket(sock) = &*object
            {
                Probe::start(
                    &sock.rc(),
                    interest.read,
                    interest.write,
                    &mut ops,
                    &mut probes,
                );
            }
        }
        let left = match left {
            None if ops.is_empty() => Some(DAY_NS),
            left => left,
        };
        wait_any(&mut ops, left);
        if left != Some(0) {
            super::host_had_turn();
        }
        for (probe, op) in probes.into_iter().zip(&mut ops) {
            probe.settle(op);
        }
        waited = true;
    }
}
