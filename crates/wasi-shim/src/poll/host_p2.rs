//! `poll` on WASI 0.2: each descriptor's pollables (stdin's stream, a socket's: `net::pollables`)
//! and a monotonic-clock pollable for the timeout, in one `wasi:io/poll.poll`; and the wait that
//! gives the host the turn non-blocking calls owe it ([`ready_after_a_turn`]).

use super::{Events, Interest, host_had_turn};
use crate::errno::Result;
use crate::fd::{self, Object};
use crate::net;
use alloc::vec::Vec;
use wasi_shim_sys::wasi::cli::stdin;
use wasi_shim_sys::wasi::clocks::monotonic_clock;
use wasi_shim_sys::wasi::io::poll::{self as wasi_poll, Pollable};

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
        Object::Socket(sock) => Events::of_socket(
            interest,
            &net::readiness(sock, interest.read, interest.write)?,
        ),
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

/// Whether `pollable` is ready, after letting the host run its pending work once (see
/// [`super::host_owed_a_turn`] for when).
pub(crate) fn ready_after_a_turn(pollable: &Pollable) -> bool {
    if pollable.ready() {
        return true;
    }
    let timer = monotonic_clock::subscribe_duration(1);
    let ready = crate::import_alloc::receiving(|| wasi_poll::poll(&[pollable, &timer]));
    host_had_turn();
    ready.contains(&0)
}

/// [`super::poll`] on WASI 0.2.
pub(super) fn poll(interests: &[Interest], timeout_ns: Option<u64>) -> Result<Vec<Events>> {
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
