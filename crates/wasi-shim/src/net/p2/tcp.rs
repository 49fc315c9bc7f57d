//! TCP: listen, accept, connect, the stream reads and writes, and shutdown. One policy for
//! a TCP stream's errors (`tcp_stream_error`): a reset is recorded in the socket.

#[allow(clippy::wildcard_imports, reason = "a part of `net`, over its types")]
use super::*;

/// `listen(fd, backlog)`.
///
/// # Errors
/// `EOPNOTSUPP` for UDP, `EINVAL` for a connected socket.
pub fn listen(fd: u32, backlog: u32) -> Result<()> {
    let sock = get(fd)?;
    let Kind::Tcp { socket, state } = &sock.kind else {
        return Err(Errno::OPNOTSUPP);
    };
    if matches!(*state.borrow(), Tcp::Listening) {
        // Calling `listen` again only changes the backlog.
        let _ = socket.set_listen_backlog_size(u64::from(backlog.max(1)));
        return Ok(());
    }
    if !matches!(*state.borrow(), Tcp::Idle) {
        return Err(Errno::INVAL);
    }
    if !sock.bound.get() {
        // POSIX binds an unbound listener to an ephemeral port on the wildcard address.
        bind_on(&sock, unspecified(sock.family))?;
    }
    let _ = socket.set_listen_backlog_size(u64::from(backlog.max(1)));
    socket.start_listen()?;
    finish(&socket.subscribe(), || socket.finish_listen())?;
    *state.borrow_mut() = Tcp::Listening;
    Ok(())
}

/// `accept(fd)`: the next connection, as a new descriptor, and the peer's address.
///
/// # Errors
/// `EINVAL` when not listening, `EAGAIN` in non-blocking mode with nothing pending,
/// `EOPNOTSUPP` for UDP.
pub fn accept(fd: u32, nonblock: bool, cloexec: bool) -> Result<(u32, SocketAddr)> {
    let sock = get(fd)?;
    let Kind::Tcp { socket, state } = &sock.kind else {
        return Err(Errno::OPNOTSUPP);
    };
    if !matches!(*state.borrow(), Tcp::Listening) {
        return Err(Errno::INVAL);
    }
    let mut retry = Retry::default();
    let (client, input, output) = loop {
        match socket.accept() {
            Ok(accepted) => break accepted,
            Err(NetError::WouldBlock) => {
                retry.blocked(
                    Waitable::Tcp(socket),
                    sock.nonblock.get(),
                    sock.recv_timeout.get(),
                )?;
            }
            Err(e) => return Err(e.into()),
        }
    };
    let peer = from_wasi(client.remote_address()?);
    let family = sock.family;
    let new = Socket::new(
        Kind::Tcp {
            socket: client,
            state: RefCell::new(Tcp::Connected { input, output }),
        },
        family,
    );
    new.bound.set(true);
    new.nonblock.set(nonblock);
    Ok((install(new, cloexec)?, peer))
}

/// `connect(fd, addr)`: TCP connects (blocking, or `EINPROGRESS` in non-blocking mode); UDP
/// fixes the peer.
///
/// # Errors
/// `ECONNREFUSED`, `ETIMEDOUT`, `ENETUNREACH`, `EACCES` (the host's policy), `EISCONN`,
/// `EALREADY` while a non-blocking connect is in flight, `EINPROGRESS` when one starts.
pub fn connect(fd: u32, addr: SocketAddr) -> Result<()> {
    let sock = get(fd)?;
    check_family(&sock, &addr)?;
    match &sock.kind {
        Kind::Tcp { socket, state } => {
            let (connected, connecting, listening) = {
                let state = state.borrow();
                (
                    matches!(*state, Tcp::Connected { .. }),
                    matches!(*state, Tcp::Connecting),
                    matches!(*state, Tcp::Listening),
                )
            };
            if connected {
                return Err(Errno::ISCONN);
            }
            if listening {
                // POSIX allows `EOPNOTSUPP`; Linux, the oracle of the tests, says `EISCONN`.
                return Err(Errno::ISCONN);
            }
            if connecting {
                // A second `connect` reports how the first one is doing.
                return if progress_connect(&sock, false)? {
                    Err(Errno::ISCONN)
                } else {
                    Err(Errno::ALREADY)
                };
            }
            socket.start_connect(network(), to_wasi(addr))?;
            *state.borrow_mut() = Tcp::Connecting;
            sock.bound.set(true);
            if sock.nonblock.get() {
                return match progress_connect(&sock, false)? {
                    true => Ok(()),
                    false => Err(Errno::INPROGRESS),
                };
            }
            progress_connect(&sock, true).map(|_| ())
        }
        Kind::Udp { socket, streams } => {
            if !sock.bound.get() {
                // `stream` requires a bound socket; POSIX binds implicitly.
                bind_on(&sock, unspecified(sock.family))?;
            }
            // Replacing the streams drops the old ones first, as `stream` requires.
            streams.borrow_mut().take();
            let (incoming, outgoing) = socket.stream(Some(to_wasi(addr)))?;
            *streams.borrow_mut() = Some(UdpStreams {
                incoming,
                outgoing,
                remote: Some(addr),
            });
            Ok(())
        }
    }
}

/// Drives a pending TCP connect: returns whether it completed. With `block`, waits until it
/// does (or the send timeout passes).
pub(super) fn progress_connect(sock: &Socket, block: bool) -> Result<bool> {
    let Kind::Tcp { socket, state } = &sock.kind else {
        return Err(Errno::OPNOTSUPP);
    };
    let mut retry = Retry::default();
    loop {
        match socket.finish_connect() {
            Ok((input, output)) => {
                *state.borrow_mut() = Tcp::Connected { input, output };
                return Ok(true);
            }
            Err(NetError::WouldBlock) => {
                match retry.blocked(Waitable::Tcp(socket), !block, sock.send_timeout.get()) {
                    Ok(()) => {}
                    Err(_) if !block => return Ok(false),
                    // `SO_SNDTIMEO` passed while connecting: Linux says `ETIMEDOUT` (the wait's
                    // `EAGAIN` is for reads and writes).
                    Err(_) => return Err(Errno::TIMEDOUT),
                }
            }
            Err(e) => {
                // The error goes to the caller; only `poll`, which cannot return it, keeps it
                // for `SO_ERROR` (see `readiness`). Reported once, as on Linux.
                *state.borrow_mut() = Tcp::Failed;
                return Err(Errno::from(e));
            }
        }
    }
}

pub(super) fn ensure_connected(sock: &Socket) -> Result<()> {
    let Kind::Tcp { state, .. } = &sock.kind else {
        return Ok(());
    };
    if matches!(*state.borrow(), Tcp::Connecting) {
        progress_connect(sock, !sock.nonblock.get())?;
    }
    Ok(())
}

/// The one policy for a TCP stream's errors (reads handle their `Closed`, the end of file,
/// themselves). An output that is `Closed` is `EPIPE`; unless the program shut it down itself,
/// the peer is gone and the connection is over. `last-operation-failed` is a failed connection
/// (`ECONNRESET`). An over connection is recorded in `Socket::reset`, so that later calls and
/// `poll` see it; the caller returns the errno this gives, or leaves it pending for `SO_ERROR`
/// and the next call.
pub(super) fn tcp_stream_error(sock: &Socket, error: &StreamError) -> Errno {
    match error {
        StreamError::Closed if sock.shut_write.get() => Errno::PIPE,
        // The output closed without the program shutting it down: the peer is gone (wasmtime
        // reports a broken connection so). The connection is over as after a reset, with its
        // error reported by this call.
        StreamError::Closed => {
            sock.reset.set(true);
            sock.peeked_eof.set(true);
            Errno::PIPE
        }
        StreamError::LastOperationFailed(_) => {
            sock.reset.set(true);
            sock.peeked_eof.set(true);
            Errno::CONNRESET
        }
    }
}

/// After a reset, the error a call reports: the pending one once, then `otherwise`, as Linux
/// reports `sk_err` once.
pub(super) fn after_reset(sock: &Socket, otherwise: Errno) -> Errno {
    sock.pending_error.take().unwrap_or(otherwise)
}

/// Reads into the peek buffer from the TCP input stream once, without blocking. Returns
/// whether anything changed (data arrived or the stream ended).
pub(super) fn tcp_fill(sock: &Socket, input: &InputStream, max: usize) -> Result<bool> {
    if sock.peeked_eof.get() {
        return Ok(false);
    }
    match crate::import_alloc::receiving(|| input.read(max as u64)) {
        Ok(data) if data.is_empty() => Ok(false),
        Ok(data) => {
            sock.peeked.borrow_mut().extend_from_slice(&data);
            Ok(true)
        }
        Err(StreamError::Closed) => {
            sock.peeked_eof.set(true);
            Ok(true)
        }
        Err(e) => Err(tcp_stream_error(sock, &e)),
    }
}

pub(super) fn tcp_recv(sock: &Socket, buf: &mut [u8], peek: bool, nonblock: bool) -> Result<usize> {
    let Kind::Tcp { state, .. } = &sock.kind else {
        return Err(Errno::OPNOTSUPP);
    };
    let state = state.borrow();
    let Tcp::Connected { input, .. } = &*state else {
        return Err(Errno::NOTCONN);
    };
    if buf.is_empty() {
        return Ok(0);
    }
    let mut retry = Retry::default();
    loop {
        {
            let mut peeked = sock.peeked.borrow_mut();
            if !peeked.is_empty() {
                let n = peeked.len().min(buf.len());
                buf[..n].copy_from_slice(&peeked[..n]);
                if !peek {
                    peeked.drain(..n);
                }
                return Ok(n);
            }
        }
        if sock.reset.get() {
            // The data that arrived before the reset has been read: now the error, once.
            return match sock.pending_error.take() {
                Some(errno) => Err(errno),
                None => Ok(0),
            };
        }
        if sock.peeked_eof.get() {
            return Ok(0);
        }
        if !peek {
            // The fast path: read straight into the caller's buffer.
            match crate::import_alloc::read_stream(buf, input, false) {
                Ok(0) => {}
                Ok(n) => return Ok(n),
                Err(StreamError::Closed) => {
                    sock.peeked_eof.set(true);
                    return Ok(0);
                }
                Err(e) => return Err(tcp_stream_error(sock, &e)),
            }
        } else if tcp_fill(sock, input, buf.len())? {
            continue;
        }
        retry.blocked(Waitable::Input(input), nonblock, sock.recv_timeout.get())?;
    }
}

pub(super) fn tcp_send(
    sock: &Socket,
    output: &OutputStream,
    buf: &[u8],
    nonblock: bool,
) -> Result<usize> {
    if sock.reset.get() {
        return Err(after_reset(sock, Errno::PIPE));
    }
    if buf.is_empty() {
        return Ok(0);
    }
    // A blocking send of a small message is one host call (`blocking-write-and-flush` takes up
    // to 4096 bytes) instead of `check-write` + `write` + `flush`. With a send timeout the general
    // path below is taken, since that call cannot be bounded.
    if !nonblock && buf.len() <= 4096 && sock.send_timeout.get() == 0 {
        return match output.blocking_write_and_flush(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e) => Err(tcp_stream_error(sock, &e)),
        };
    }
    let mut retry = Retry::default();
    loop {
        match output.check_write() {
            Ok(0) => {}
            Ok(permit) => {
                let n = buf.len().min(usize::try_from(permit).unwrap_or(usize::MAX));
                match output.write(&buf[..n]) {
                    Ok(()) => {
                        // Start sending now; completion is observed by the next `check-write`.
                        let _ = output.flush();
                        return Ok(n);
                    }
                    Err(e) => return Err(tcp_stream_error(sock, &e)),
                }
            }
            Err(e) => return Err(tcp_stream_error(sock, &e)),
        }
        retry.blocked(Waitable::Output(output), nonblock, sock.send_timeout.get())?;
    }
}

/// `shutdown(fd, how)`.
///
/// # Errors
/// `ENOTCONN` for a socket that is not connected.
pub fn shutdown(fd: u32, how: Shutdown) -> Result<()> {
    let sock = get(fd)?;
    match &sock.kind {
        Kind::Tcp { socket, state } => {
            if !matches!(*state.borrow(), Tcp::Connected { .. }) {
                return Err(Errno::NOTCONN);
            }
            if let Tcp::Connected { output, .. } = &*state.borrow()
                && how != Shutdown::Read
            {
                // Let what was written go out before the FIN.
                let _ = output.blocking_flush();
            }
            let ty = match how {
                Shutdown::Read => ShutdownType::Receive,
                Shutdown::Write => ShutdownType::Send,
                Shutdown::Both => ShutdownType::Both,
            };
            socket.shutdown(ty)?;
            if how != Shutdown::Read {
                sock.shut_write.set(true);
            }
            Ok(())
        }
        Kind::Udp { streams, .. } => {
            if streams
                .borrow()
                .as_ref()
                .is_some_and(|s| s.remote.is_some())
            {
                Ok(())
            } else {
                Err(Errno::NOTCONN)
            }
        }
    }
}
