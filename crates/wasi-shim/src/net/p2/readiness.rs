//! Readiness for `poll`: a socket's pollables, and what it can do now without blocking.

#[allow(clippy::wildcard_imports, reason = "a part of `net`, over its types")]
use super::*;

/// The pollables of a socket for `poll`: what to wait on for reading and for writing.
pub(crate) fn pollables(sock: &Socket, read: bool, write: bool) -> Vec<Pollable> {
    let mut out = Vec::new();
    match &sock.kind {
        Kind::Tcp { socket, state } => match &*state.borrow() {
            Tcp::Connected { input, output } => {
                if read {
                    out.push(input.subscribe());
                }
                if write {
                    out.push(output.subscribe());
                }
            }
            Tcp::Listening | Tcp::Connecting => out.push(socket.subscribe()),
            Tcp::Idle | Tcp::Failed => {}
        },
        Kind::Udp { streams, .. } => {
            if let Some(s) = &*streams.borrow() {
                if read {
                    out.push(s.incoming.subscribe());
                }
                if write {
                    out.push(s.outgoing.subscribe());
                }
            }
        }
    }
    out
}

/// The socket's readiness now, without blocking. For a connected TCP socket, data is read
/// ahead into the peek buffer so that "readable" is exact and end-of-stream shows as hangup.
pub(crate) fn readiness(sock: &Socket, read: bool, write: bool) -> Result<Readiness> {
    let mut r = Readiness {
        error: {
            let pending = sock.pending_error.get();
            pending.is_some()
        },
        ..Readiness::default()
    };
    match &sock.kind {
        Kind::Tcp { socket, state } => {
            let connecting = matches!(*state.borrow(), Tcp::Connecting);
            if connecting {
                match progress_connect(sock, false) {
                    Ok(true) => {}
                    Ok(false) => return Ok(r),
                    Err(errno) => {
                        // A failed connect: writable (so the caller looks at `SO_ERROR`), hung
                        // up, and in error until `SO_ERROR` is read, as Linux reports it.
                        sock.pending_error.set(Some(errno));
                        r.error = true;
                        r.hangup = true;
                        r.writable = write;
                        return Ok(r);
                    }
                }
            }
            match &*state.borrow() {
                Tcp::Connected { input, output } => {
                    if read
                        && sock.peeked.borrow().is_empty()
                        && !sock.peeked_eof.get()
                        && let Err(errno) = tcp_fill(sock, input, 65536)
                    {
                        sock.pending_error.set(Some(errno));
                    }
                    if read {
                        r.readable = !sock.peeked.borrow().is_empty() || sock.peeked_eof.get();
                        r.hangup = sock.peeked_eof.get();
                    }
                    if write && !sock.reset.get() {
                        // A stream whose output is over (shut down, or failed) never blocks a
                        // write: it fails at once. Reporting it writable is what keeps `poll`
                        // from waiting on a pollable that is always ready.
                        let permit = match output.check_write() {
                            Ok(0) if output.subscribe().ready() => output.check_write(),
                            other => other,
                        };
                        r.writable = match permit {
                            Ok(n) => n > 0,
                            Err(e) => {
                                let errno = tcp_stream_error(sock, &e);
                                if errno == Errno::CONNRESET {
                                    sock.pending_error.set(Some(errno));
                                }
                                true
                            }
                        };
                    }
                    if sock.reset.get() {
                        // After a reset Linux reports every event: reads and writes fail at once
                        // (`POLLIN | POLLOUT | POLLHUP`, and `POLLERR` until the error is read).
                        r.readable = read;
                        r.writable = write;
                        r.hangup = true;
                        r.error = sock.pending_error.get().is_some();
                    }
                }
                Tcp::Listening => {
                    r.readable = read && socket.subscribe().ready();
                }
                Tcp::Failed | Tcp::Idle => {
                    // A stream socket that is not connected (never, or no longer after a failed
                    // connect) is hung up and writes would not block, as Linux reports it;
                    // `error` stays only while `SO_ERROR` has not been read.
                    r.hangup = true;
                    r.writable = write;
                }
                Tcp::Connecting => {}
            }
        }
        Kind::Udp { streams, .. } => {
            if let Some(s) = &*streams.borrow() {
                r.readable =
                    read && (sock.peeked_from.get().is_some() || s.incoming.subscribe().ready());
                // A failed datagram stream does not block a send: it fails at once, and `poll`
                // must not wait on its (always ready) pollable.
                r.writable = write && !matches!(s.outgoing.check_send(), Ok(0));
            } else {
                r.writable = write;
            }
        }
    }
    Ok(r)
}
