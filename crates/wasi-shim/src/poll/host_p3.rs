//! `poll` on WASI 0.3, which has no pollables: a descriptor is ready when the operation its
//! readiness stands for would not wait, and the only way to wait for that is to start it.
//!
//! Each round checks every entry as it stands (what earlier rounds or calls moved included);
//! when none is ready, every socket entry starts its operations (`net::Probe`: a read of bytes,
//! of a connection or of a datagram, or a zero-length write) and stdin a read ahead of up to
//! 4 KiB; they are waited for together with a timer for what is left of the timeout
//! (`p3_wait::wait_any`), the first to finish ends the wait and the others are cancelled, and
//! what each moved is kept by its socket (or stdin) for the next read or accept. The first round always starts them, so `poll(.., 0)` still sees what the host
//! has at once. Nothing is in flight when `poll` returns.
//!
use super::{Events, Interest};
use crate::errno::Result;
use crate::fd::{self, Object};
use crate::net::{self, Probe, Socket};
use alloc::rc::Rc;
use alloc::vec::Vec;
use wasi_shim_sys::p3_wait::{Wait, wait_any};
use wasi_shim_sys::wasi::clocks::monotonic_clock;

/// How many bytes a `poll` reads ahead of standard input.
const STDIN_AHEAD: usize = 4096;

/// What a wait with nothing to wait for and no timeout sleeps at a time (POSIX would sleep
/// forever): a day.
const DAY_NS: u64 = 86_400 * 1_000_000_000;

/// A call's attempt `op`, waiting as `wait` says; when a non-blocking attempt ([`Wait::Never`])
/// finds `nothing` and the host is owed a turn (`crate::poll::host_owed_a_turn`), once more with
/// a wait of 1 ns, so that a program spinning on `EAGAIN` lets the host make progress (on a
/// current-thread runtime wasmtime sees a socket's or stdin's readiness only while the guest
/// waits).
pub(crate) fn with_turn<T>(
    wait: Wait,
    mut op: impl FnMut(Wait) -> T,
    nothing: impl Fn(&T) -> bool,
) -> T {
    let first = op(wait);
    if wait != Wait::Never || !nothing(&first) || !super::host_owed_a_turn() {
        return first;
    }
    let second = op(Wait::For(1));
    super::host_had_turn();
    second
}

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
        Object::File(_) => Events {
            readable: interest.read,
            writable: interest.write,
            ..Events::default()
        },
        Object::Stdin(stream, _) => Events {
            readable: interest.read && fd::stdin_ready(stream),
            ..Events::default()
        },
        Object::Stdout(..) => Events {
            writable: interest.write,
            ..Events::default()
        },
        Object::Socket(sock) => Events::of_socket(
            interest,
            &net::readiness(sock, interest.read, interest.write),
        ),
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
        // Each socket and stdin once, however many entries name them (the same descriptor twice,
        // or its `dup`s, which share the object): a stream has one operation at a time, and a
        // second would trap.
        let mut sockets: Vec<(Rc<Socket>, bool, bool)> = Vec::new();
        let mut stdin = None;
        for interest in interests {
            let Some(fd) = interest.fd else { continue };
            let Ok(object) = fd::object(fd) else { continue };
            match &*object {
                Object::Socket(sock) => {
                    let sock = sock.rc();
                    match sockets.iter_mut().find(|(s, ..)| Rc::ptr_eq(s, &sock)) {
                        Some((_, read, write)) => {
                            *read |= interest.read;
                            *write |= interest.write;
                        }
                        None => sockets.push((sock, interest.read, interest.write)),
                    }
                }
                Object::Stdin(stream, _) if interest.read && stdin.is_none() => {
                    stdin =
                        fd::start_stdin_read(stream, STDIN_AHEAD).map(|op| (object.clone(), op));
                }
                _ => {}
            }
        }
        let mut ops = Vec::new();
        let mut probes = Vec::new();
        for (sock, read, write) in &sockets {
            Probe::start(sock, *read, *write, &mut ops, &mut probes);
        }
        let left = match left {
            None if ops.is_empty() && stdin.is_none() => Some(DAY_NS),
            left => left,
        };
        let sockets = ops.len();
        let stdin = stdin.map(|(object, op)| {
            ops.push(op);
            object
        });
        wait_any(&mut ops, left);
        if left != Some(0) {
            super::host_had_turn();
        }
        let (socket_ops, stdin_op) = ops.split_at_mut(sockets);
        for (probe, op) in probes.into_iter().zip(socket_ops) {
            probe.settle(op);
        }
        if let (Some(object), [op]) = (stdin, stdin_op)
            && let Object::Stdin(stream, _) = &*object
        {
            fd::settle_stdin_read(stream, op);
        }
        waited = true;
    }
}
