//! The WASI 0.3 host part of `net`: TCP and UDP sockets over `wasi:sockets@0.3`.
//!
//! A socket is an [`Object::Socket`], as on p2: its WASI resource plus the POSIX state WASI does
//! not keep. TCP data go through the streams of `wasi_shim_sys::p3_socket`, opened at the first
//! read or write of a connection (each can be opened once per socket) and kept with it; every
//! read, write and accept waits as the descriptor says: until done (blocking), at most
//! `SO_RCVTIMEO`/`SO_SNDTIMEO` (a timer raced against the operation), or not at all
//! (`O_NONBLOCK`, `MSG_DONTWAIT`: the operation is cancelled at once, keeping what the host could
//! move without waiting, and `EAGAIN` when that was nothing). Nothing stays in flight between
//! calls. UDP `receive` waits the same way (an `async func` called with the asynchronous
//! lowering, cancelled when the wait ends). `bind`, `listen` and the options are plain calls;
//! `connect`, UDP `send` and name lookup are `async func`s lowered synchronously: the task waits
//! in the host.
//!
//! `poll` ([`Probe`]) starts, for each socket, the operation its readiness stands for (a read
//! of bytes into the peek buffer, of one connection, of one datagram; a zero-length write after
//! a non-blocking write took nothing), and keeps what it moved for the next call.
//!
//! Deviations from p2 (docs/COVERAGE.md): a non-blocking TCP `connect` completes before it
//! returns (POSIX allows a non-blocking connect to succeed at once; it never says
//! `EINPROGRESS`), and `SO_SNDTIMEO` does not bound it; `SHUT_RD` only makes later reads return
//! 0 (WASI 0.3 has no shutdown of the receiving side, and the receive stream is kept so that the
//! peer's data are not refused).

use super::addr::{check_family, from_wasi, to_wasi, unspecified};
use super::{Family, MsgFlags, Readiness, Shutdown, SockOpt, SocketType};
use crate::errno::{Errno, Result};
use crate::fd::{self, Object};
use crate::poll::with_turn;
use crate::state;
use crate::table::Slot;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use wasi_shim_sys::p3_socket::{self, Accepted, Acceptor, Receiver, Sender};
use wasi_shim_sys::p3_wait::{Moved, Started, Wait};
use wasi_shim_sys::wasi::sockets::ip_name_lookup;
use wasi_shim_sys::wasi::sockets::types::{
    ErrorCode as NetError, IpAddress, IpAddressFamily, TcpSocket, UdpSocket as WasiUdpSocket,
};

impl From<Family> for IpAddressFamily {
    fn from(f: Family) -> Self {
        match f {
            Family::Ipv4 => Self::Ipv4,
            Family::Ipv6 => Self::Ipv6,
        }
    }
}

/// A TCP connection's streams and what POSIX remembers of them.
#[derive(Default)]
struct Connection {
    /// The incoming bytes, from the first read on.
    rx: Option<Receiver>,
    /// The outgoing bytes, from the first write (or `shutdown(SHUT_WR)`) on.
    tx: Option<Sender>,
    /// The incoming stream ended (the peer shut down, or the connection failed), or the program
    /// shut reading down: reads return 0.
    read_over: bool,
    /// The program shut writing down: writes fail with `EPIPE`.
    write_over: bool,
    /// The incoming stream ended from the peer's side (its shutdown, a reset): `POLLHUP`.
    peer_closed: bool,
    /// The last non-blocking write took nothing: `POLLOUT` waits until the host takes bytes.
    write_blocked: bool,
}

/// The state of a TCP socket.
enum Tcp {
    /// Created or bound; not yet listening or connected.
    Idle,
    /// Listening, with the stream of connections.
    Listening(Acceptor),
    /// Connected.
    Connected(Connection),
    /// A connect failed.
    Failed,
}

/// The WASI resources of a socket. Fields drop in declaration order: a connection's streams
/// before the socket.
enum Kind {
    Tcp {
        state: RefCell<Tcp>,
        socket: TcpSocket,
    },
    Udp {
        socket: WasiUdpSocket,
        /// The peer given to `connect`, if any.
        remote: Cell<Option<SocketAddr>>,
    },
}

/// A socket's `read` and `write`: `recv` and `send` with no flags. Reached only through the
/// vtable made where a [`Socket`] is created.
impl crate::erased::Stream for Socket {
    fn read(&self, buf: &mut [u8]) -> Result<usize> {
        recv_on(self, buf, MsgFlags::default()).map(|(n, _)| n)
    }

    fn write(&self, buf: &[u8]) -> Result<usize> {
        send_on(self, buf, None, MsgFlags::default())
    }
}

/// An open socket.
pub struct Socket {
    kind: Kind,
    family: Family,
    bound: Cell<bool>,
    nonblock: Cell<bool>,
    /// `SO_RCVTIMEO` and `SO_SNDTIMEO`, in nanoseconds (0: none).
    recv_timeout: Cell<u64>,
    send_timeout: Cell<u64>,
    /// `TCP_NODELAY` as last set: WASI has no such option, so it is only reported.
    nodelay: Cell<bool>,
    /// A pending error for `SO_ERROR`.
    pending_error: Cell<Option<Errno>>,
    /// Bytes (TCP) or one datagram with its sender (UDP) read ahead by `MSG_PEEK`.
    peeked: RefCell<Vec<u8>>,
    peeked_from: Cell<Option<SocketAddr>>,
}

impl Socket {
    fn new(kind: Kind, family: Family) -> Self {
        Self {
            kind,
            family,
            bound: Cell::new(false),
            nonblock: Cell::new(false),
            recv_timeout: Cell::new(0),
            send_timeout: Cell::new(0),
            nodelay: Cell::new(false),
            pending_error: Cell::new(None),
            peeked: RefCell::new(Vec::new()),
            peeked_from: Cell::new(None),
        }
    }

    /// The socket's type.
    #[must_use]
    pub fn socket_type(&self) -> SocketType {
        match self.kind {
            Kind::Tcp { .. } => SocketType::Stream,
            Kind::Udp { .. } => SocketType::Datagram,
        }
    }

    /// The socket's address family.
    #[must_use]
    pub fn family(&self) -> Family {
        self.family
    }

    /// Whether the socket is in non-blocking mode.
    #[must_use]
    pub fn nonblocking(&self) -> bool {
        self.nonblock.get()
    }

    pub(crate) fn set_nonblocking(&self, on: bool) {
        self.nonblock.set(on);
    }

    /// How a call waits: not at all when non-blocking, else at most `timeout_ns` (0: forever).
    fn wait(&self, dontwait: bool, timeout_ns: u64) -> Wait {
        if self.nonblock.get() || dontwait {
            Wait::Never
        } else if timeout_ns > 0 {
            Wait::For(timeout_ns)
        } else {
            Wait::Forever
        }
    }
}

/// Whether a read moved nothing for want of bytes (`EAGAIN`).
fn nothing_read(read: &core::result::Result<Moved, NetError>) -> bool {
    matches!(read, Ok(Moved::Nothing))
}

/// `socket(family, type)`: a new socket under the lowest free descriptor number.
///
/// # Errors
/// Host errors (`EACCES` when the host's policy forbids sockets), `EMFILE`.
pub fn socket(family: Family, ty: SocketType, nonblock: bool, cloexec: bool) -> Result<u32> {
    let kind = match ty {
        SocketType::Stream => Kind::Tcp {
            socket: TcpSocket::create(family.into())?,
            state: RefCell::new(Tcp::Idle),
        },
        SocketType::Datagram => Kind::Udp {
            socket: WasiUdpSocket::create(family.into())?,
            remote: Cell::new(None),
        },
    };
    let sock = Socket::new(kind, family);
    sock.nonblock.set(nonblock);
    install(sock, cloexec)
}

fn install(sock: Socket, cloexec: bool) -> Result<u32> {
    let entry = Rc::new(Object::Socket(crate::erased::Erased::new(Rc::new(sock))));
    state::with(|s| s.table.insert(Slot { entry, cloexec }))
}

/// The socket behind `fd`.
///
/// # Errors
/// `EBADF` when `fd` is not open, `ENOTSOCK` when it is not a socket.
pub fn get(fd: u32) -> Result<Rc<Socket>> {
    match &*fd::object(fd)? {
        Object::Socket(s) => Ok(s.rc()),
        _ => Err(Errno::NOTSOCK),
    }
}

/// `bind(fd, addr)`.
///
/// # Errors
/// `EADDRINUSE`, `EADDRNOTAVAIL`, `EINVAL` when already bound, `EAFNOSUPPORT` for an address of
/// the other family.
pub fn bind(fd: u32, addr: SocketAddr) -> Result<()> {
    bind_on(&*get(fd)?, addr)
}

fn bind_on(sock: &Socket, addr: SocketAddr) -> Result<()> {
    check_family(sock, &addr)?;
    match &sock.kind {
        Kind::Tcp { socket, .. } => socket.bind(to_wasi(addr))?,
        Kind::Udp { socket, .. } => socket.bind(to_wasi(addr))?,
    }
    sock.bound.set(true);
    Ok(())
}

/// `listen(fd, backlog)`.
///
/// # Errors
/// `EOPNOTSUPP` for UDP, `EINVAL` for a connected socket.
pub fn listen(fd: u32, backlog: u32) -> Result<()> {
    let sock = get(fd)?;
    let Kind::Tcp { socket, state } = &sock.kind else {
        return Err(Errno::OPNOTSUPP);
    };
    let mut state = state.borrow_mut();
    match &*state {
        // Calling `listen` again only changes the backlog.
        Tcp::Listening(_) => {
            let _ = socket.set_listen_backlog_size(u64::from(backlog.max(1)));
            return Ok(());
        }
        Tcp::Idle => {}
        _ => return Err(Errno::INVAL),
    }
    if !sock.bound.get() {
        // POSIX binds an unbound listener to an ephemeral port on the wildcard address.
        bind_on(&sock, unspecified(sock.family))?;
    }
    let _ = socket.set_listen_backlog_size(u64::from(backlog.max(1)));
    *state = Tcp::Listening(Acceptor::listen(socket)?);
    Ok(())
}

/// `accept(fd)`: the next connection, as a new descriptor, and the peer's address.
///
/// # Errors
/// `EINVAL` when not listening, `EAGAIN` in non-blocking mode with nothing pending (or when
/// `SO_RCVTIMEO` passed), `EOPNOTSUPP` for UDP, `ECONNABORTED` when the host ended the stream of
/// connections.
pub fn accept(fd: u32, nonblock: bool, cloexec: bool) -> Result<(u32, SocketAddr)> {
    let sock = get(fd)?;
    let Kind::Tcp { state, .. } = &sock.kind else {
        return Err(Errno::OPNOTSUPP);
    };
    let client = {
        let mut state = state.borrow_mut();
        let Tcp::Listening(acceptor) = &mut *state else {
            return Err(Errno::INVAL);
        };
        let wait = sock.wait(false, sock.recv_timeout.get());
        match with_turn(
            wait,
            |w| acceptor.accept(w),
            |a| matches!(a, Accepted::Nothing),
        ) {
            Accepted::Socket(client) => client,
            Accepted::Nothing => return Err(Errno::AGAIN),
            Accepted::Ended => return Err(Errno::CONNABORTED),
        }
    };
    let peer = from_wasi(client.get_remote_address()?);
    let new = Socket::new(
        Kind::Tcp {
            socket: client,
            state: RefCell::new(Tcp::Connected(Connection::default())),
        },
        sock.family,
    );
    new.bound.set(true);
    new.nonblock.set(nonblock);
    Ok((install(new, cloexec)?, peer))
}

/// `connect(fd, addr)`: TCP connects, waiting for the host (also in non-blocking mode, where
/// POSIX allows the connection to be made at once); UDP fixes the peer.
///
/// # Errors
/// `ECONNREFUSED`, `ETIMEDOUT`, `EHOSTUNREACH`, `EACCES` (the host's policy), `EISCONN`.
pub fn connect(fd: u32, addr: SocketAddr) -> Result<()> {
    let sock = get(fd)?;
    check_family(&sock, &addr)?;
    match &sock.kind {
        Kind::Tcp { socket, state } => {
            // POSIX allows `EOPNOTSUPP` on a listener; Linux, the oracle of the tests, says
            // `EISCONN`.
            if matches!(*state.borrow(), Tcp::Connected(_) | Tcp::Listening(_)) {
                return Err(Errno::ISCONN);
            }
            match socket.connect(to_wasi(addr)) {
                Ok(()) => {
                    *state.borrow_mut() = Tcp::Connected(Connection::default());
                    sock.bound.set(true);
                    Ok(())
                }
                Err(e) => {
                    *state.borrow_mut() = Tcp::Failed;
                    Err(e.into())
                }
            }
        }
        Kind::Udp { socket, remote } => {
            if !sock.bound.get() {
                bind_on(&sock, unspecified(sock.family))?;
            }
            socket.connect(to_wasi(addr))?;
            remote.set(Some(addr));
            Ok(())
        }
    }
}

/// `recv(fd, buf, flags)` and `recvfrom`: reads data (TCP) or one datagram (UDP), with the
/// sender's address for UDP.
///
/// # Errors
/// `ENOTCONN` for an unconnected TCP socket, `EAGAIN` when non-blocking (or timed out) with
/// nothing to read, `ECONNRESET` once after a reset.
pub fn recv(fd: u32, buf: &mut [u8], flags: MsgFlags) -> Result<(usize, Option<SocketAddr>)> {
    recv_on(&*get(fd)?, buf, flags)
}

fn recv_on(sock: &Socket, buf: &mut [u8], flags: MsgFlags) -> Result<(usize, Option<SocketAddr>)> {
    let wait = sock.wait(flags.dontwait, sock.recv_timeout.get());
    match &sock.kind {
        Kind::Tcp { state, socket } => {
            let mut state = state.borrow_mut();
            let Tcp::Connected(conn) = &mut *state else {
                return Err(Errno::NOTCONN);
            };
            tcp_recv(sock, socket, conn, buf, flags.peek, wait).map(|n| (n, None))
        }
        Kind::Udp { socket, .. } => {
            udp_recv(sock, socket, buf, flags.peek, wait).map(|(n, a)| (n, Some(a)))
        }
    }
}

fn tcp_recv(
    sock: &Socket,
    socket: &TcpSocket,
    conn: &mut Connection,
    buf: &mut [u8],
    peek: bool,
    wait: Wait,
) -> Result<usize> {
    if buf.is_empty() {
        return Ok(0);
    }
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
    // An error a `poll` found (a reset) is this read's.
    if let Some(errno) = sock.pending_error.take() {
        return Err(errno);
    }
    if conn.read_over {
        return Ok(0);
    }
    let rx = conn.rx.get_or_insert_with(|| Receiver::open(socket));
    let read = if peek {
        let mut ahead = alloc::vec![0; buf.len()];
        let read = with_turn(wait, |w| rx.read(&mut ahead, w), nothing_read);
        if let Ok(Moved::Items(n)) = read {
            buf[..n].copy_from_slice(&ahead[..n]);
            sock.peeked.borrow_mut().extend_from_slice(&ahead[..n]);
        }
        read
    } else {
        with_turn(wait, |w| rx.read(buf, w), nothing_read)
    };
    match read {
        Ok(Moved::Items(n)) => Ok(n),
        Ok(Moved::Ended) => {
            conn.read_over = true;
            conn.peer_closed = true;
            Ok(0)
        }
        Ok(Moved::Nothing) => Err(Errno::AGAIN),
        Err(e) => {
            // The connection failed: its error once, then the end of the stream.
            conn.read_over = true;
            conn.peer_closed = true;
            Err(e.into())
        }
    }
}

/// A UDP receive: the datagram read ahead by a peek, or one from the host (waiting), truncated
/// to `buf` as POSIX truncates a datagram.
fn udp_recv(
    sock: &Socket,
    socket: &WasiUdpSocket,
    buf: &mut [u8],
    peek: bool,
    wait: Wait,
) -> Result<(usize, SocketAddr)> {
    let mut peeked = sock.peeked.borrow_mut();
    let from = match sock.peeked_from.get() {
        Some(from) => from,
        // An error a `poll` found is this receive's.
        None if let Some(errno) = sock.pending_error.take() => return Err(errno),
        // Nothing can ever arrive at a socket with no address (and the host refuses to receive
        // on it): non-blocking calls say `EAGAIN`, blocking ones wait out their timeout (or
        // forever), as on Linux.
        None if !sock.bound.get() => {
            match wait {
                Wait::Never => {}
                Wait::For(ns) => crate::time::sleep_for(core::time::Duration::from_nanos(ns)),
                Wait::Forever => loop {
                    crate::time::sleep_for(core::time::Duration::from_secs(86_400));
                },
            }
            return Err(Errno::AGAIN);
        }
        None => {
            let received = with_turn(
                wait,
                |w| p3_socket::receive_datagram(socket, w),
                |r| matches!(r, Ok(None)),
            );
            let Some((data, from)) = received? else {
                return Err(Errno::AGAIN);
            };
            *peeked = data;
            let from = from_wasi(from);
            sock.peeked_from.set(Some(from));
            from
        }
    };
    let n = peeked.len().min(buf.len());
    buf[..n].copy_from_slice(&peeked[..n]);
    if !peek {
        peeked.clear();
        sock.peeked_from.set(None);
    }
    Ok((n, from))
}

/// `send(fd, buf)` and `sendto(fd, buf, addr)`.
///
/// # Errors
/// `ENOTCONN` (TCP not connected), `EDESTADDRREQ` (UDP with no peer and no address), `EPIPE`
/// after a shutdown or once the peer is gone, `EAGAIN` when non-blocking (or timed out) and the
/// host took nothing, `EISCONN` for an address on a connected socket.
pub fn send(fd: u32, buf: &[u8], to: Option<SocketAddr>, flags: MsgFlags) -> Result<usize> {
    send_on(&*get(fd)?, buf, to, flags)
}

fn send_on(sock: &Socket, buf: &[u8], to: Option<SocketAddr>, flags: MsgFlags) -> Result<usize> {
    match &sock.kind {
        Kind::Tcp { state, socket } => {
            if to.is_some() {
                return Err(Errno::ISCONN);
            }
            let mut state = state.borrow_mut();
            let Tcp::Connected(conn) = &mut *state else {
                return Err(Errno::NOTCONN);
            };
            if conn.write_over {
                return Err(Errno::PIPE);
            }
            if buf.is_empty() {
                return Ok(0);
            }
            let wait = sock.wait(flags.dontwait, sock.send_timeout.get());
            let tx = conn.tx.get_or_insert_with(|| Sender::open(socket));
            let moved = with_turn(wait, |w| tx.write(buf, w), |m| *m == Moved::Nothing);
            conn.write_blocked = moved == Moved::Nothing;
            match moved {
                Moved::Items(n) => Ok(n),
                Moved::Nothing => Err(Errno::AGAIN),
                Moved::Ended => Err(match tx.outcome() {
                    Ok(()) => Errno::PIPE,
                    // The connection failed (a reset): as on Linux, it is closed both ways, so
                    // reads find the end at once and `poll` reports `POLLIN|POLLHUP`.
                    Err(e) => {
                        conn.read_over = true;
                        conn.peer_closed = true;
                        e.into()
                    }
                }),
            }
        }
        Kind::Udp { socket, remote } => {
            if let Some(addr) = &to {
                check_family(sock, addr)?;
            }
            let target = match (to, remote.get()) {
                (None, None) => return Err(Errno::DESTADDRREQ),
                // A connected UDP socket sends to its peer; an explicit address must match.
                (Some(addr), Some(peer)) if addr != peer => return Err(Errno::ISCONN),
                (_, Some(_)) => None,
                (Some(addr), None) => Some(to_wasi(addr)),
            };
            if !sock.bound.get() {
                bind_on(sock, unspecified(sock.family))?;
            }
            socket.send(buf, target)?;
            Ok(buf.len())
        }
    }
}

/// `shutdown(fd, how)`: `SHUT_WR` ends the outgoing stream (the peer reads the end after what
/// was sent); `SHUT_RD` makes later reads return 0.
///
/// # Errors
/// `ENOTCONN` for a socket that is not connected.
pub fn shutdown(fd: u32, how: Shutdown) -> Result<()> {
    let sock = get(fd)?;
    match &sock.kind {
        Kind::Tcp { socket, state } => {
            let mut state = state.borrow_mut();
            let Tcp::Connected(conn) = &mut *state else {
                return Err(Errno::NOTCONN);
            };
            if how != Shutdown::Write {
                conn.read_over = true;
            }
            if how != Shutdown::Read {
                conn.tx.get_or_insert_with(|| Sender::open(socket)).close();
                conn.write_over = true;
            }
            Ok(())
        }
        Kind::Udp { remote, .. } => remote.get().map(|_| ()).ok_or(Errno::NOTCONN),
    }
}

/// `getsockname(fd)`.
///
/// # Errors
/// Host errors.
pub fn local_addr(fd: u32) -> Result<SocketAddr> {
    let sock = get(fd)?;
    let addr = match &sock.kind {
        Kind::Tcp { socket, .. } => socket.get_local_address(),
        Kind::Udp { socket, .. } => socket.get_local_address(),
    };
    match addr {
        Ok(a) => Ok(from_wasi(a)),
        // POSIX reports the wildcard address with port 0 for an unbound socket.
        Err(NetError::InvalidState) => Ok(unspecified(sock.family)),
        Err(e) => Err(e.into()),
    }
}

/// `getpeername(fd)`.
///
/// # Errors
/// `ENOTCONN` for a socket that is not connected.
pub fn peer_addr(fd: u32) -> Result<SocketAddr> {
    let sock = get(fd)?;
    match &sock.kind {
        Kind::Tcp { socket, state } => {
            if !matches!(*state.borrow(), Tcp::Connected(_)) {
                return Err(Errno::NOTCONN);
            }
            Ok(from_wasi(socket.get_remote_address()?))
        }
        Kind::Udp { remote, .. } => remote.get().ok_or(Errno::NOTCONN),
    }
}

/// `getsockopt(fd, option)`, as an integer.
///
/// # Errors
/// `ENOPROTOOPT` for options that do not apply to this socket; host errors.
pub fn get_option(fd: u32, option: SockOpt) -> Result<u64> {
    let sock = get(fd)?;
    Ok(match (option, &sock.kind) {
        (SockOpt::Error, _) => u64::from(sock.pending_error.take().map_or(0, Errno::raw)),
        (SockOpt::Type, _) => match sock.socket_type() {
            SocketType::Stream => 0,
            SocketType::Datagram => 1,
        },
        (SockOpt::AcceptConn, Kind::Tcp { socket, .. }) => u64::from(socket.get_is_listening()),
        (SockOpt::AcceptConn, Kind::Udp { .. }) => 0,
        (SockOpt::ReuseAddr, _) => 1,
        (SockOpt::KeepAlive, Kind::Tcp { socket, .. }) => {
            u64::from(socket.get_keep_alive_enabled()?)
        }
        (SockOpt::RecvBuffer, Kind::Tcp { socket, .. }) => socket.get_receive_buffer_size()?,
        (SockOpt::RecvBuffer, Kind::Udp { socket, .. }) => socket.get_receive_buffer_size()?,
        (SockOpt::SendBuffer, Kind::Tcp { socket, .. }) => socket.get_send_buffer_size()?,
        (SockOpt::SendBuffer, Kind::Udp { socket, .. }) => socket.get_send_buffer_size()?,
        (SockOpt::RecvTimeout, _) => sock.recv_timeout.get(),
        (SockOpt::SendTimeout, _) => sock.send_timeout.get(),
        (SockOpt::NoDelay, Kind::Tcp { .. }) => u64::from(sock.nodelay.get()),
        (SockOpt::HopLimit, Kind::Tcp { socket, .. }) => u64::from(socket.get_hop_limit()?),
        (SockOpt::HopLimit, Kind::Udp { socket, .. }) => u64::from(socket.get_unicast_hop_limit()?),
        (SockOpt::V6Only, _) if sock.family == Family::Ipv6 => 1,
        _ => return Err(Errno::NOPROTOOPT),
    })
}

/// `setsockopt(fd, option, value)`.
///
/// # Errors
/// `ENOPROTOOPT` for options that do not apply, `EINVAL` for values the host refuses,
/// `ENOTSUP` for what WASI cannot express (turning `IPV6_V6ONLY` off).
pub fn set_option(fd: u32, option: SockOpt, value: u64) -> Result<()> {
    let sock = get(fd)?;
    match (option, &sock.kind) {
        (SockOpt::ReuseAddr, _) => {}
        (SockOpt::KeepAlive, Kind::Tcp { socket, .. }) => {
            socket.set_keep_alive_enabled(value != 0)?;
        }
        (SockOpt::RecvBuffer, Kind::Tcp { socket, .. }) => socket.set_receive_buffer_size(value)?,
        (SockOpt::RecvBuffer, Kind::Udp { socket, .. }) => socket.set_receive_buffer_size(value)?,
        (SockOpt::SendBuffer, Kind::Tcp { socket, .. }) => socket.set_send_buffer_size(value)?,
        (SockOpt::SendBuffer, Kind::Udp { socket, .. }) => socket.set_send_buffer_size(value)?,
        (SockOpt::RecvTimeout, _) => sock.recv_timeout.set(value),
        (SockOpt::SendTimeout, _) => sock.send_timeout.set(value),
        (SockOpt::NoDelay, Kind::Tcp { .. }) => sock.nodelay.set(value != 0),
        (SockOpt::HopLimit, Kind::Tcp { socket, .. }) => {
            socket.set_hop_limit(u8::try_from(value).map_err(|_| Errno::INVAL)?)?;
        }
        (SockOpt::HopLimit, Kind::Udp { socket, .. }) => {
            socket.set_unicast_hop_limit(u8::try_from(value).map_err(|_| Errno::INVAL)?)?;
        }
        (SockOpt::V6Only, _) if sock.family == Family::Ipv6 => {
            if value == 0 {
                return Err(Errno::NOTSUP);
            }
        }
        _ => return Err(Errno::NOPROTOOPT),
    }
    Ok(())
}

/// `getaddrinfo`'s host lookup: the addresses of `name`, through
/// `wasi:sockets/ip-name-lookup.resolve-addresses` (numeric addresses are parsed without asking
/// the host).
///
/// # Errors
/// `ENOENT` when the name does not resolve, `EAGAIN` for a temporary failure, `EINVAL` for an
/// invalid name, `EACCES` when the host's policy forbids lookups.
pub fn resolve(name: &str) -> Result<Vec<IpAddr>> {
    if let Ok(ip) = name.parse::<IpAddr>() {
        return Ok(alloc::vec![ip]);
    }
    let addresses = ip_name_lookup::resolve_addresses(name)?;
    Ok(addresses
        .into_iter()
        .map(|address| match address {
            IpAddress::Ipv4((a, b, c, d)) => IpAddr::V4(Ipv4Addr::new(a, b, c, d)),
            IpAddress::Ipv6((a, b, c, d, e, f, g, h)) => {
                IpAddr::V6(Ipv6Addr::new(a, b, c, d, e, f, g, h))
            }
        })
        .collect())
}

/// What `poll` reports of `sock` as things stand, without waiting (what earlier [`Probe`]s moved
/// included).
pub(crate) fn readiness(sock: &Socket, read: bool, write: bool) -> Readiness {
    let mut r = Readiness {
        error: sock.pending_error.get().is_some(),
        ..Readiness::default()
    };
    match &sock.kind {
        Kind::Tcp { state, .. } => match &*state.borrow() {
            Tcp::Connected(conn) => {
                // A stream the host ended (with the last bytes, say) is read at its end at once.
                let ended = conn.rx.as_ref().is_some_and(Receiver::ended);
                r.readable = read
                    && (!sock.peeked.borrow().is_empty() || conn.read_over || ended || r.error);
                r.hangup = conn.peer_closed || ended;
                // A stream that is over never blocks a write: it fails at once.
                let over = conn.write_over || conn.tx.as_ref().is_some_and(Sender::is_ended);
                r.writable = write && (!conn.write_blocked || over || conn.peer_closed);
            }
            Tcp::Listening(acceptor) => r.readable = read && acceptor.ready(),
            // A stream socket that is not connected is hung up and writes would not block (they
            // fail at once), as Linux reports it.
            Tcp::Idle | Tcp::Failed => {
                r.hangup = true;
                r.writable = write;
            }
        },
        Kind::Udp { .. } => {
            r.readable = read && (sock.peeked_from.get().is_some() || r.error);
            // A UDP send never waits for room (it is lowered synchronously).
            r.writable = write;
        }
    }
    r
}

/// How many bytes a `poll` reads ahead on a TCP connection (into the peek buffer).
const READ_AHEAD: usize = 64 * 1024;

/// An operation `poll` started on a socket for its readiness ([`Probe::start`] starts it,
/// [`wasi_shim_sys::p3_wait::wait_any`] finishes it, and [`Probe::settle`] keeps what it moved
/// in the socket, for the next read or accept). The memory the host writes into is the
/// operation's own.
pub(crate) struct Probe {
    sock: Rc<Socket>,
    what: What,
}

enum What {
    /// A read of a connection's bytes (they go to the peek buffer).
    Bytes,
    /// A read of one connection from a listener's stream (kept by its `Acceptor`).
    Accept,
    /// A UDP receive (the datagram goes to the peek buffer).
    Datagram,
    /// A zero-length write: whether the host takes bytes again.
    Writable,
}

impl Probe {
    /// Starts, onto `ops` (and their probes onto `probes`), the operations whose finishing would
    /// make `sock` ready for what is asked and that it is not ready for now.
    pub(crate) fn start(
        sock: &Rc<Socket>,
        read: bool,
        write: bool,
        ops: &mut Vec<Started>,
        probes: &mut Vec<Self>,
    ) {
        let now = readiness(sock, read, write);
        let mut push = |op: Option<Started>, what: What| {
            if let Some(op) = op {
                ops.push(op);
                probes.push(Self {
                    sock: sock.clone(),
                    what,
                });
            }
        };
        match &sock.kind {
            Kind::Tcp { state, socket } => match &mut *state.borrow_mut() {
                Tcp::Connected(conn) => {
                    if read && !now.readable {
                        let rx = conn.rx.get_or_insert_with(|| Receiver::open(socket));
                        push(rx.start_read(READ_AHEAD), What::Bytes);
                    }
                    if write && !now.writable {
                        let op = conn.tx.as_ref().and_then(Sender::start_ready);
                        push(op, What::Writable);
                    }
                }
                Tcp::Listening(acceptor) if read && !now.readable => {
                    push(acceptor.start_read(), What::Accept);
                }
                _ => {}
            },
            // An unbound UDP socket has nothing to receive (the host would refuse the call).
            Kind::Udp { socket, .. } if read && !now.readable && sock.bound.get() => {
                push(Some(p3_socket::start_datagram(socket)), What::Datagram);
            }
            Kind::Udp { .. } => {}
        }
    }

    /// Keeps what the operation `op` (finished by `wait_any`) moved, in the socket.
    pub(crate) fn settle(self, op: &mut Started) {
        let sock = &*self.sock;
        match (self.what, &sock.kind) {
            (What::Bytes, Kind::Tcp { state, .. }) => {
                let mut state = state.borrow_mut();
                let Tcp::Connected(conn) = &mut *state else {
                    return;
                };
                let Some(rx) = conn.rx.as_mut() else { return };
                match rx.settle_into(op, &mut sock.peeked.borrow_mut()) {
                    Ok(Moved::Items(_) | Moved::Nothing) => {}
                    Ok(Moved::Ended) => {
                        conn.read_over = true;
                        conn.peer_closed = true;
                    }
                    Err(e) => {
                        conn.read_over = true;
                        conn.peer_closed = true;
                        sock.pending_error.set(Some(e.into()));
                    }
                }
            }
            (What::Writable, Kind::Tcp { state, .. }) => {
                if let Tcp::Connected(conn) = &mut *state.borrow_mut()
                    && let Some(tx) = conn.tx.as_mut()
                    && tx.settle_ready(op)
                {
                    conn.write_blocked = false;
                }
            }
            (What::Accept, Kind::Tcp { state, .. }) => {
                if let Tcp::Listening(acceptor) = &mut *state.borrow_mut() {
                    acceptor.settle(op);
                }
            }
            (What::Datagram, Kind::Udp { .. }) => match p3_socket::take_datagram(op) {
                Some(Ok((data, from))) => {
                    *sock.peeked.borrow_mut() = data;
                    sock.peeked_from.set(Some(from_wasi(from)));
                }
                Some(Err(e)) => sock.pending_error.set(Some(e.into())),
                None => {}
            },
            _ => {}
        }
    }
}
