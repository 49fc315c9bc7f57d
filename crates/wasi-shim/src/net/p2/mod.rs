//! The WASI 0.2 host part of `net`: TCP and UDP sockets over `wasi:sockets@0.2`.
//!
//! A socket is an [`Object::Socket`]: its WASI resource plus the POSIX state WASI does not keep
//! (non-blocking mode, timeouts, a peeked buffer, the result of a pending connect). Blocking
//! calls block on the resource's pollables (`pollable.block` or `wasi:io/poll.poll` with a
//! timer for timeouts), never by spinning. Non-blocking calls return `EAGAIN`, `EINPROGRESS`,
//! `EALREADY` or `EISCONN` as POSIX says.
//!
//! Progress: wasmtime runs a TCP stream's writes as background tasks, and a guest that only
//! calls `check-write`/`read` in a non-blocking loop may never let those tasks be observed as
//! finished. Before a non-blocking call gives up with `EAGAIN`, the shim asks the stream's
//! pollable whether it is `ready`, which lets the host complete what it has in flight.

use crate::errno::{Errno, Result};
use crate::fd::{self, Object};
use crate::state;
use crate::table::Slot;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use wasi_shim_sys::wasi::clocks::monotonic_clock;
use wasi_shim_sys::wasi::io::poll::{self, Pollable};
use wasi_shim_sys::wasi::io::streams::{InputStream, OutputStream, StreamError};
use wasi_shim_sys::wasi::sockets::network::{ErrorCode as NetError, IpAddressFamily, Network};
use wasi_shim_sys::wasi::sockets::tcp::{ShutdownType, TcpSocket};
use wasi_shim_sys::wasi::sockets::udp::{
    IncomingDatagramStream, OutgoingDatagram, OutgoingDatagramStream, UdpSocket as WasiUdpSocket,
};
use wasi_shim_sys::wasi::sockets::{
    instance_network, ip_name_lookup, tcp_create_socket, udp_create_socket,
};

mod lookup;
mod options;
mod readiness;
mod tcp;
mod udp;

pub use self::lookup::resolve;
pub use self::options::{get_option, set_option};
pub(crate) use self::readiness::{pollables, readiness};
pub use self::tcp::{accept, connect, listen, shutdown};
#[allow(
    clippy::wildcard_imports,
    reason = "the parts of `net` share its private items"
)]
use self::{tcp::*, udp::*};
use super::Readiness;
#[allow(clippy::wildcard_imports, reason = "the shared address conversions")]
use super::addr::*;
use super::{Family, MsgFlags, Shutdown, SockOpt, SocketType};

impl From<Family> for IpAddressFamily {
    fn from(f: Family) -> Self {
        match f {
            Family::Ipv4 => Self::Ipv4,
            Family::Ipv6 => Self::Ipv6,
        }
    }
}

/// The instance network, fetched once.
fn network() -> &'static Network {
    static NETWORK: crate::global::Global<Option<&'static Network>> =
        crate::global::Global::new(None);
    NETWORK.with(|n| {
        *n.get_or_insert_with(|| {
            alloc::boxed::Box::leak(alloc::boxed::Box::new(instance_network::instance_network()))
        })
    })
}

/// The state of a TCP socket.
enum Tcp {
    /// Created or bound; not yet listening or connected.
    Idle,
    /// A non-blocking `connect` is in flight.
    Connecting,
    /// Listening for connections.
    Listening,
    /// Connected, with its two streams.
    Connected {
        input: InputStream,
        output: OutputStream,
    },
    /// A connect failed; the error is what `SO_ERROR` reports once.
    Failed,
}

/// The state of a UDP socket.
struct UdpStreams {
    incoming: IncomingDatagramStream,
    outgoing: OutgoingDatagramStream,
    /// The peer given to `connect`, if any.
    remote: Option<SocketAddr>,
}

/// The WASI resources of a socket. Fields drop in declaration order, and the host refuses to
/// drop a socket while its streams are alive ("resource has children"), so the streams come
/// first.
enum Kind {
    Tcp {
        state: RefCell<Tcp>,
        socket: TcpSocket,
    },
    Udp {
        streams: RefCell<Option<UdpStreams>>,
        socket: WasiUdpSocket,
    },
}

/// Gives a UDP socket its datagram streams, with no remote address.
fn open_streams(socket: &WasiUdpSocket, streams: &RefCell<Option<UdpStreams>>) -> Result<()> {
    let (incoming, outgoing) = socket.stream(None)?;
    *streams.borrow_mut() = Some(UdpStreams {
        incoming,
        outgoing,
        remote: None,
    });
    Ok(())
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
    /// `TCP_NODELAY` as last set: WASI 0.2 has no such option, so it is only reported.
    nodelay: Cell<bool>,
    /// A pending error for `SO_ERROR` (a failed non-blocking connect).
    pending_error: Cell<Option<Errno>>,
    /// Bytes (TCP) or one datagram with its sender (UDP) read ahead by `MSG_PEEK` or `poll`.
    peeked: RefCell<Vec<u8>>,
    peeked_from: Cell<Option<SocketAddr>>,
    /// The TCP input stream reached its end while reading ahead.
    peeked_eof: Cell<bool>,
    /// The TCP connection failed (the host reported `last-operation-failed` on one of its
    /// streams: a reset). From then on both directions are over, as on Linux after an RST.
    reset: Cell<bool>,
    /// The program shut the TCP write side down (`shutdown(SHUT_WR)` or `SHUT_RDWR`): an output
    /// that is then closed is its own doing, not the peer's.
    shut_write: Cell<bool>,
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
            peeked_eof: Cell::new(false),
            reset: Cell::new(false),
            shut_write: Cell::new(false),
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
}

/// What a call that would block waits for: the resource whose pollable tells when to try again,
/// subscribed to only when it is needed (a subscription is a host call, and its drop another).
#[derive(Clone, Copy)]
enum Waitable<'a> {
    Input(&'a InputStream),
    Output(&'a OutputStream),
    Tcp(&'a TcpSocket),
    Incoming(&'a IncomingDatagramStream),
    Outgoing(&'a OutgoingDatagramStream),
}

impl Waitable<'_> {
    /// The resource's pollable.
    fn subscribe(self) -> Pollable {
        match self {
            Self::Input(stream) => stream.subscribe(),
            Self::Output(stream) => stream.subscribe(),
            Self::Tcp(socket) => socket.subscribe(),
            Self::Incoming(stream) => stream.subscribe(),
            Self::Outgoing(stream) => stream.subscribe(),
        }
    }
}

/// What a non-blocking operation does when it would block: before it reports `EAGAIN`, it lets
/// the host run its pending work once and tries again if the resource became ready.
///
/// This is what keeps a non-blocking program making progress on hosts that only run their
/// background tasks (such as wasmtime-wasi's TCP writes) while the guest awaits inside a host
/// call: `pollable.ready` alone does not let them run, so when the host is owed a turn the shim
/// waits on the resource's pollable together with a timer of one nanosecond
/// ([`crate::poll::ready_after_a_turn`]: on the second `EAGAIN` since the component last
/// waited, so that `poll`-driven programs never pay for it). It happens at most once per call,
/// and only when the call would otherwise fail with `EAGAIN`.
#[derive(Default)]
struct Retry {
    yielded: bool,
}

impl Retry {
    /// What an operation that would block on `pollable` does next: `Ok(())` to try again (after
    /// waiting for it, or, when non-blocking, after the host's one turn made it ready), else
    /// `EAGAIN` (non-blocking and still not ready, or `timeout_ns` passed while waiting).
    fn blocked(&mut self, waitable: Waitable<'_>, nonblock: bool, timeout_ns: u64) -> Result<()> {
        if nonblock {
            if self.again(waitable) {
                Ok(())
            } else {
                Err(Errno::AGAIN)
            }
        } else {
            wait(&waitable.subscribe(), timeout_ns)
        }
    }

    /// Whether to try the operation again.
    fn again(&mut self, waitable: Waitable<'_>) -> bool {
        if self.yielded {
            return false;
        }
        self.yielded = true;
        crate::poll::host_owed_a_turn() && crate::poll::ready_after_a_turn(&waitable.subscribe())
    }
}

/// Waits for `pollable`, for at most `timeout_ns` nanoseconds (0: forever).
///
/// # Errors
/// `EAGAIN` when the timeout passes first (as POSIX reports `SO_RCVTIMEO` expiry).
fn wait(pollable: &Pollable, timeout_ns: u64) -> Result<()> {
    if timeout_ns == 0 {
        pollable.block();
        crate::poll::host_had_turn();
        return Ok(());
    }
    let timer = monotonic_clock::subscribe_duration(timeout_ns);
    let ready = crate::import_alloc::receiving(|| poll::poll(&[pollable, &timer]));
    crate::poll::host_had_turn();
    if ready.contains(&0) {
        Ok(())
    } else {
        Err(Errno::AGAIN)
    }
}

/// `socket(family, type)`: a new socket under the lowest free descriptor number.
///
/// # Errors
/// Host errors (`EACCES` when the host's policy forbids sockets), `EMFILE`.
pub fn socket(family: Family, ty: SocketType, nonblock: bool, cloexec: bool) -> Result<u32> {
    let kind = match ty {
        SocketType::Stream => Kind::Tcp {
            socket: tcp_create_socket::create_tcp_socket(family.into())?,
            state: RefCell::new(Tcp::Idle),
        },
        SocketType::Datagram => Kind::Udp {
            socket: udp_create_socket::create_udp_socket(family.into())?,
            streams: RefCell::new(None),
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
/// the other family (POSIX allows it; Linux says `EINVAL` for an IPv4 address on an IPv6 socket).
pub fn bind(fd: u32, addr: SocketAddr) -> Result<()> {
    bind_on(&*get(fd)?, addr)
}

fn bind_on(sock: &Socket, addr: SocketAddr) -> Result<()> {
    check_family(sock, &addr)?;
    let net = network();
    match &sock.kind {
        Kind::Tcp { socket, .. } => {
            socket.start_bind(net, to_wasi(addr))?;
            finish(&socket.subscribe(), || socket.finish_bind())?;
        }
        Kind::Udp { socket, streams } => {
            socket.start_bind(net, to_wasi(addr))?;
            finish(&socket.subscribe(), || socket.finish_bind())?;
            // The datagram streams exist from the bind on, so that `poll` can wait on a bound
            // socket before its first `recv` or `send` (a poll-first server, mio and tokio).
            open_streams(socket, streams)?;
        }
    }
    sock.bound.set(true);
    Ok(())
}

/// Completes a two-phase operation, blocking on `pollable` while it would block.
fn finish<T>(
    pollable: &Pollable,
    mut f: impl FnMut() -> core::result::Result<T, NetError>,
) -> Result<T> {
    loop {
        match f() {
            Err(NetError::WouldBlock) => pollable.block(),
            other => return other.map_err(Errno::from),
        }
    }
}

/// `recv(fd, buf, flags)` and `recvfrom`: reads data (TCP) or one datagram (UDP), with the
/// sender's address for UDP.
///
/// # Errors
/// `ENOTCONN` for an unconnected TCP socket, `EAGAIN` when non-blocking (or timed out) with
/// nothing to read.
pub fn recv(fd: u32, buf: &mut [u8], flags: MsgFlags) -> Result<(usize, Option<SocketAddr>)> {
    recv_on(&*get(fd)?, buf, flags)
}

pub(crate) fn recv_on(
    sock: &Socket,
    buf: &mut [u8],
    flags: MsgFlags,
) -> Result<(usize, Option<SocketAddr>)> {
    let nonblock = sock.nonblock.get() || flags.dontwait;
    match &sock.kind {
        Kind::Tcp { .. } => {
            ensure_connected(sock)?;
            tcp_recv(sock, buf, flags.peek, nonblock).map(|n| (n, None))
        }
        Kind::Udp { socket, streams } => {
            udp_recv(sock, socket, streams, buf, flags.peek, nonblock).map(|(n, a)| (n, Some(a)))
        }
    }
}

/// `send(fd, buf)` and `sendto(fd, buf, addr)`.
///
/// # Errors
/// `ENOTCONN` (TCP not connected), `EDESTADDRREQ` (UDP with no peer and no address), `EPIPE`
/// after the peer closed, `EAGAIN` when non-blocking and the send buffer is full, `EISCONN` for
/// `sendto` with an address on a connected TCP socket.
pub fn send(fd: u32, buf: &[u8], to: Option<SocketAddr>, flags: MsgFlags) -> Result<usize> {
    send_on(&*get(fd)?, buf, to, flags)
}

pub(crate) fn send_on(
    sock: &Socket,
    buf: &[u8],
    to: Option<SocketAddr>,
    flags: MsgFlags,
) -> Result<usize> {
    let nonblock = sock.nonblock.get() || flags.dontwait;
    match &sock.kind {
        Kind::Tcp { state, .. } => {
            if to.is_some() {
                return Err(Errno::ISCONN);
            }
            ensure_connected(sock)?;
            let state = state.borrow();
            let Tcp::Connected { output, .. } = &*state else {
                return Err(Errno::NOTCONN);
            };
            tcp_send(sock, output, buf, nonblock)
        }
        Kind::Udp { socket, streams } => {
            if let Some(addr) = &to {
                check_family(sock, addr)?;
            }
            if streams.borrow().is_none() {
                let Some(_) = to else {
                    return Err(Errno::DESTADDRREQ);
                };
                if !sock.bound.get() {
                    bind_on(sock, unspecified(sock.family))?;
                }
                open_streams(socket, streams)?;
            }
            let streams = streams.borrow();
            let streams = streams.as_ref().ok_or(Errno::INVAL)?;
            let remote = match (to, streams.remote) {
                (None, None) => return Err(Errno::DESTADDRREQ),
                // A connected UDP socket sends to its peer; an explicit address must match.
                (Some(addr), Some(peer)) if addr != peer => return Err(Errno::ISCONN),
                (_, Some(_)) => None,
                (Some(addr), None) => Some(to_wasi(addr)),
            };
            let mut retry = Retry::default();
            loop {
                let permit = streams.outgoing.check_send()?;
                if permit > 0 {
                    let datagram = OutgoingDatagram {
                        data: buf.to_vec(),
                        remote_address: remote,
                    };
                    let sent = streams.outgoing.send(core::slice::from_ref(&datagram))?;
                    if sent == 1 {
                        return Ok(buf.len());
                    }
                }
                retry.blocked(
                    Waitable::Outgoing(&streams.outgoing),
                    nonblock,
                    sock.send_timeout.get(),
                )?;
            }
        }
    }
}

/// `getsockname(fd)`.
///
/// # Errors
/// `EINVAL` for a socket that is not bound (WASI cannot tell an unbound address).
pub fn local_addr(fd: u32) -> Result<SocketAddr> {
    let sock = get(fd)?;
    let addr = match &sock.kind {
        Kind::Tcp { socket, .. } => socket.local_address(),
        Kind::Udp { socket, .. } => socket.local_address(),
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
            if !matches!(*state.borrow(), Tcp::Connected { .. }) {
                return Err(Errno::NOTCONN);
            }
            Ok(from_wasi(socket.remote_address()?))
        }
        Kind::Udp { streams, .. } => streams
            .borrow()
            .as_ref()
            .and_then(|s| s.remote)
            .ok_or(Errno::NOTCONN),
    }
}
