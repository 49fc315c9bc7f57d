//! TCP and UDP sockets over `wasi:sockets`, in the same descriptor table as files.
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
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use wasi_shim_sys::wasi::clocks::monotonic_clock;
use wasi_shim_sys::wasi::io::poll::{self, Pollable};
use wasi_shim_sys::wasi::io::streams::{InputStream, OutputStream, StreamError};
use wasi_shim_sys::wasi::sockets::network::{
    ErrorCode as NetError, IpAddressFamily, IpSocketAddress, Ipv4SocketAddress, Ipv6SocketAddress,
    Network,
};
use wasi_shim_sys::wasi::sockets::tcp::{ShutdownType, TcpSocket};
use wasi_shim_sys::wasi::sockets::udp::{
    IncomingDatagramStream, OutgoingDatagram, OutgoingDatagramStream, UdpSocket as WasiUdpSocket,
};
use wasi_shim_sys::wasi::sockets::{
    instance_network, ip_name_lookup, tcp_create_socket, udp_create_socket,
};

/// The address family of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// IPv4 (`AF_INET`).
    Ipv4,
    /// IPv6 (`AF_INET6`).
    Ipv6,
}

impl From<Family> for IpAddressFamily {
    fn from(f: Family) -> Self {
        match f {
            Family::Ipv4 => Self::Ipv4,
            Family::Ipv6 => Self::Ipv6,
        }
    }
}

/// The type of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SocketType {
    /// `SOCK_STREAM`: TCP.
    Stream,
    /// `SOCK_DGRAM`: UDP.
    Datagram,
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

fn to_wasi(addr: SocketAddr) -> IpSocketAddress {
    match addr {
        SocketAddr::V4(a) => {
            let o = a.ip().octets();
            IpSocketAddress::Ipv4(Ipv4SocketAddress {
                port: a.port(),
                address: (o[0], o[1], o[2], o[3]),
            })
        }
        SocketAddr::V6(a) => {
            let s = a.ip().segments();
            IpSocketAddress::Ipv6(Ipv6SocketAddress {
                port: a.port(),
                flow_info: a.flowinfo(),
                address: (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]),
                scope_id: a.scope_id(),
            })
        }
    }
}

fn from_wasi(addr: IpSocketAddress) -> SocketAddr {
    match addr {
        IpSocketAddress::Ipv4(a) => {
            let (x, y, z, w) = a.address;
            SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::new(x, y, z, w), a.port))
        }
        IpSocketAddress::Ipv6(a) => {
            let (s0, s1, s2, s3, s4, s5, s6, s7) = a.address;
            SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::new(s0, s1, s2, s3, s4, s5, s6, s7),
                a.port,
                a.flow_info,
                a.scope_id,
            ))
        }
    }
}

fn family_of(addr: &SocketAddr) -> Family {
    match addr {
        SocketAddr::V4(_) => Family::Ipv4,
        SocketAddr::V6(_) => Family::Ipv6,
    }
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

/// The operations of sockets, referenced only by the code that creates a [`Socket`].
static SOCKET_OPS: fd::StreamOps<Socket> = fd::StreamOps {
    read: |sock, buf| recv_on(sock, buf, MsgFlags::default()).map(|(n, _)| n),
    write: |sock, buf| send_on(sock, buf, None, MsgFlags::default()),
};

/// An open socket.
pub struct Socket {
    pub(crate) ops: &'static fd::StreamOps<Socket>,
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
}

impl Socket {
    fn new(kind: Kind, family: Family) -> Self {
        Self {
            ops: &SOCKET_OPS,
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

/// What a non-blocking operation does when it would block: before it reports `EAGAIN`, it lets
/// the host run its pending work once and tries again if the resource became ready.
///
/// This is what keeps a non-blocking program making progress on hosts that only run their
/// background tasks (such as wasmtime-wasi's TCP writes) while the guest awaits inside a host
/// call: `pollable.ready` alone does not let them run, so the shim waits on the resource's
/// pollable together with a timer of one nanosecond, which returns as soon as the host's
/// executor has had a turn (a millisecond at most, at tokio's timer granularity). It happens at
/// most once per call, and only when the call would otherwise fail with `EAGAIN`.
#[derive(Default)]
struct Retry {
    yielded: bool,
}

impl Retry {
    /// What an operation that would block on `pollable` does next: `Ok(())` to try again (after
    /// waiting for it, or, when non-blocking, after the host's one turn made it ready), else
    /// `EAGAIN` (non-blocking and still not ready, or `timeout_ns` passed while waiting).
    fn blocked(&mut self, pollable: &Pollable, nonblock: bool, timeout_ns: u64) -> Result<()> {
        if nonblock {
            if self.again(pollable) {
                Ok(())
            } else {
                Err(Errno::AGAIN)
            }
        } else {
            wait(pollable, timeout_ns)
        }
    }

    /// Whether to try the operation again.
    fn again(&mut self, pollable: &Pollable) -> bool {
        if self.yielded {
            return false;
        }
        self.yielded = true;
        crate::poll::ready_after_a_turn(pollable)
    }
}

/// Waits for `pollable`, for at most `timeout_ns` nanoseconds (0: forever).
///
/// # Errors
/// `EAGAIN` when the timeout passes first (as POSIX reports `SO_RCVTIMEO` expiry).
fn wait(pollable: &Pollable, timeout_ns: u64) -> Result<()> {
    if timeout_ns == 0 {
        pollable.block();
        return Ok(());
    }
    let timer = monotonic_clock::subscribe_duration(timeout_ns);
    let ready = crate::import_alloc::receiving(|| poll::poll(&[pollable, &timer]));
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

/// The wildcard address of the socket's family, port 0: what POSIX binds implicitly.
fn unspecified(family: Family) -> SocketAddr {
    match family {
        Family::Ipv4 => SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)),
        Family::Ipv6 => SocketAddr::from((Ipv6Addr::UNSPECIFIED, 0)),
    }
}

fn check_family(sock: &Socket, addr: &SocketAddr) -> Result<()> {
    if family_of(addr) == sock.family {
        Ok(())
    } else {
        Err(Errno::AFNOSUPPORT)
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
            let (incoming, outgoing) = socket.stream(None)?;
            *streams.borrow_mut() = Some(UdpStreams {
                incoming,
                outgoing,
                remote: None,
            });
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
                    &socket.subscribe(),
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
fn progress_connect(sock: &Socket, block: bool) -> Result<bool> {
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
                match retry.blocked(&socket.subscribe(), !block, sock.send_timeout.get()) {
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

/// Flags of `send`/`recv`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MsgFlags {
    /// `MSG_PEEK`: look at the data without taking it.
    pub peek: bool,
    /// `MSG_DONTWAIT`: this call does not block.
    pub dontwait: bool,
}

fn ensure_connected(sock: &Socket) -> Result<()> {
    let Kind::Tcp { state, .. } = &sock.kind else {
        return Ok(());
    };
    if matches!(*state.borrow(), Tcp::Connecting) {
        progress_connect(sock, !sock.nonblock.get())?;
    }
    Ok(())
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

/// Reads into the peek buffer from the TCP input stream once, without blocking. Returns
/// whether anything changed (data arrived or the stream ended).
/// The one policy for a TCP stream's errors (reads handle their `Closed`, the end of file,
/// themselves): an output that is `Closed` is `EPIPE`; `last-operation-failed` is a failed connection, recorded in
/// [`Socket::reset`] so that later calls and `poll` see it (the caller returns the
/// `ECONNRESET` this gives, or leaves it pending for `SO_ERROR` and the next call).
fn tcp_stream_error(sock: &Socket, error: &StreamError) -> Errno {
    match error {
        StreamError::Closed => Errno::PIPE,
        StreamError::LastOperationFailed(_) => {
            sock.reset.set(true);
            sock.peeked_eof.set(true);
            Errno::CONNRESET
        }
    }
}

/// After a reset, the error a call reports: the pending one once, then `otherwise`, as Linux
/// reports `sk_err` once.
fn after_reset(sock: &Socket, otherwise: Errno) -> Errno {
    sock.pending_error.take().unwrap_or(otherwise)
}

fn tcp_fill(sock: &Socket, input: &InputStream, max: usize) -> Result<bool> {
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

fn tcp_recv(sock: &Socket, buf: &mut [u8], peek: bool, nonblock: bool) -> Result<usize> {
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
            match crate::import_alloc::receiving(|| input.read(buf.len() as u64)) {
                Ok(data) if !data.is_empty() => {
                    let n = data.len().min(buf.len());
                    buf[..n].copy_from_slice(&data[..n]);
                    return Ok(n);
                }
                Ok(_) => {}
                Err(StreamError::Closed) => {
                    sock.peeked_eof.set(true);
                    return Ok(0);
                }
                Err(e) => return Err(tcp_stream_error(sock, &e)),
            }
        } else if tcp_fill(sock, input, buf.len())? {
            continue;
        }
        retry.blocked(&input.subscribe(), nonblock, sock.recv_timeout.get())?;
    }
}

fn udp_recv(
    sock: &Socket,
    socket: &WasiUdpSocket,
    streams: &RefCell<Option<UdpStreams>>,
    buf: &mut [u8],
    peek: bool,
    nonblock: bool,
) -> Result<(usize, SocketAddr)> {
    if let Some(from) = sock.peeked_from.get() {
        let mut peeked = sock.peeked.borrow_mut();
        let n = peeked.len().min(buf.len());
        buf[..n].copy_from_slice(&peeked[..n]);
        if !peek {
            peeked.clear();
            sock.peeked_from.set(None);
        }
        return Ok((n, from));
    }
    if streams.borrow().is_none() {
        if !sock.bound.get() {
            // Nothing can ever arrive at a socket with no address: non-blocking calls say
            // `EAGAIN`, blocking ones wait out their timeout (or forever), as on Linux.
            if nonblock {
                return Err(Errno::AGAIN);
            }
            loop {
                let timeout = sock.recv_timeout.get();
                let timer = monotonic_clock::subscribe_duration(if timeout == 0 {
                    86_400 * 1_000_000_000
                } else {
                    timeout
                });
                timer.block();
                if timeout != 0 {
                    return Err(Errno::AGAIN);
                }
            }
        }
        let (incoming, outgoing) = socket.stream(None)?;
        *streams.borrow_mut() = Some(UdpStreams {
            incoming,
            outgoing,
            remote: None,
        });
    }
    let streams = streams.borrow();
    let streams = streams.as_ref().ok_or(Errno::INVAL)?;
    let mut retry = Retry::default();
    loop {
        let mut datagrams = crate::import_alloc::receiving(|| streams.incoming.receive(1))?;
        if let Some(datagram) = datagrams.pop() {
            let from = from_wasi(datagram.remote_address);
            let n = datagram.data.len().min(buf.len());
            buf[..n].copy_from_slice(&datagram.data[..n]);
            if peek {
                *sock.peeked.borrow_mut() = datagram.data;
                sock.peeked_from.set(Some(from));
            }
            return Ok((n, from));
        }
        retry.blocked(
            &streams.incoming.subscribe(),
            nonblock,
            sock.recv_timeout.get(),
        )?;
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
                let (incoming, outgoing) = socket.stream(None)?;
                *streams.borrow_mut() = Some(UdpStreams {
                    incoming,
                    outgoing,
                    remote: None,
                });
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
                    &streams.outgoing.subscribe(),
                    nonblock,
                    sock.send_timeout.get(),
                )?;
            }
        }
    }
}

fn tcp_send(sock: &Socket, output: &OutputStream, buf: &[u8], nonblock: bool) -> Result<usize> {
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
        retry.blocked(&output.subscribe(), nonblock, sock.send_timeout.get())?;
    }
}

/// Which directions [`shutdown`] closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shutdown {
    /// `SHUT_RD`.
    Read,
    /// `SHUT_WR`.
    Write,
    /// `SHUT_RDWR`.
    Both,
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

/// A socket option the shim knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SockOpt {
    /// `SO_ERROR` (read only; reading clears it).
    Error,
    /// `SO_TYPE` (read only).
    Type,
    /// `SO_ACCEPTCONN` (read only).
    AcceptConn,
    /// `SO_REUSEADDR`: WASI hosts set it on listeners themselves; accepted and reported as set.
    ReuseAddr,
    /// `SO_KEEPALIVE`.
    KeepAlive,
    /// `SO_RCVBUF`.
    RecvBuffer,
    /// `SO_SNDBUF`.
    SendBuffer,
    /// `SO_RCVTIMEO`, in nanoseconds.
    RecvTimeout,
    /// `SO_SNDTIMEO`, in nanoseconds.
    SendTimeout,
    /// `TCP_NODELAY`: WASI 0.2 has no such option; stored and reported only.
    NoDelay,
    /// `IP_TTL` and `IPV6_UNICAST_HOPS`.
    HopLimit,
    /// `IPV6_V6ONLY`: WASI 0.2 sockets are always IPv6-only; reading gives 1, setting 1 works.
    V6Only,
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
        (SockOpt::AcceptConn, Kind::Tcp { socket, .. }) => u64::from(socket.is_listening()),
        (SockOpt::AcceptConn, Kind::Udp { .. }) => 0,
        (SockOpt::ReuseAddr, _) => 1,
        (SockOpt::KeepAlive, Kind::Tcp { socket, .. }) => u64::from(socket.keep_alive_enabled()?),
        (SockOpt::RecvBuffer, Kind::Tcp { socket, .. }) => socket.receive_buffer_size()?,
        (SockOpt::RecvBuffer, Kind::Udp { socket, .. }) => socket.receive_buffer_size()?,
        (SockOpt::SendBuffer, Kind::Tcp { socket, .. }) => socket.send_buffer_size()?,
        (SockOpt::SendBuffer, Kind::Udp { socket, .. }) => socket.send_buffer_size()?,
        (SockOpt::RecvTimeout, _) => sock.recv_timeout.get(),
        (SockOpt::SendTimeout, _) => sock.send_timeout.get(),
        (SockOpt::NoDelay, Kind::Tcp { .. }) => u64::from(sock.nodelay.get()),
        (SockOpt::HopLimit, Kind::Tcp { socket, .. }) => u64::from(socket.hop_limit()?),
        (SockOpt::HopLimit, Kind::Udp { socket, .. }) => u64::from(socket.unicast_hop_limit()?),
        (SockOpt::V6Only, _) if sock.family == Family::Ipv6 => 1,
        _ => return Err(Errno::NOPROTOOPT),
    })
}

/// `setsockopt(fd, option, value)`.
///
/// # Errors
/// `ENOPROTOOPT` for options that do not apply, `EINVAL` for values the host refuses or that
/// WASI cannot express (such as turning `IPV6_V6ONLY` off).
pub fn set_option(fd: u32, option: SockOpt, value: u64) -> Result<()> {
    let sock = get(fd)?;
    match (option, &sock.kind) {
        (SockOpt::ReuseAddr, _) => {}
        (SockOpt::KeepAlive, Kind::Tcp { socket, .. }) => {
            socket.set_keep_alive_enabled(value != 0)?
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

/// What [`poll_readiness`] can report of a socket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Readiness {
    /// Reading (or accepting) will not block.
    pub readable: bool,
    /// Writing will not block (or a connect finished).
    pub writable: bool,
    /// The peer closed its side, or a connect failed.
    pub hangup: bool,
    /// An error is pending (`SO_ERROR`).
    pub error: bool,
}

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

/// `getaddrinfo`'s host lookup: the addresses of `name`, through `wasi:sockets/ip-name-lookup`
/// (numeric addresses are parsed without asking the host).
///
/// # Errors
/// `ENOENT` when the name does not resolve, `EAGAIN` for a temporary failure, `EINVAL` for an
/// invalid name, `EACCES` when the host's policy forbids lookups.
pub fn resolve(name: &str) -> Result<Vec<IpAddr>> {
    if let Ok(ip) = name.parse::<IpAddr>() {
        return Ok(alloc::vec![ip]);
    }
    let stream = ip_name_lookup::resolve_addresses(network(), name)?;
    let mut out = Vec::new();
    loop {
        match stream.resolve_next_address() {
            Ok(Some(address)) => {
                let ip = match address {
                    wasi_shim_sys::wasi::sockets::network::IpAddress::Ipv4((a, b, c, d)) => {
                        IpAddr::V4(Ipv4Addr::new(a, b, c, d))
                    }
                    wasi_shim_sys::wasi::sockets::network::IpAddress::Ipv6((
                        a,
                        b,
                        c,
                        d,
                        e,
                        f,
                        g,
                        h,
                    )) => IpAddr::V6(Ipv6Addr::new(a, b, c, d, e, f, g, h)),
                };
                out.push(ip);
            }
            Ok(None) => return Ok(out),
            Err(NetError::WouldBlock) => stream.subscribe().block(),
            Err(e) => return Err(e.into()),
        }
    }
}

use crate::io::{AsFd, BorrowedFd, OwnedFd, Read, Write};

/// A TCP listener, closed on drop.
///
/// # Examples
///
/// ```no_run
/// use wasi_shim::net::{TcpListener, TcpStream};
/// use wasi_shim::io::{Read, Write};
/// let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap())?;
/// let mut client = TcpStream::connect(listener.local_addr()?)?;
/// let (mut server, _peer) = listener.accept()?;
/// client.write_all(b"ping")?;
/// let mut buf = [0u8; 4];
/// server.read_exact(&mut buf)?;
/// # Ok::<(), wasi_shim::Errno>(())
/// ```
#[derive(Debug)]
pub struct TcpListener(OwnedFd);

impl TcpListener {
    /// Binds to `addr` and listens, with a backlog of 128.
    ///
    /// # Errors
    /// `EADDRINUSE`, `EACCES` (the host's policy).
    pub fn bind(addr: SocketAddr) -> Result<Self> {
        let fd = OwnedFd::from_raw(socket(family_of(&addr), SocketType::Stream, false, false)?);
        bind(fd.as_raw(), addr)?;
        listen(fd.as_raw(), 128)?;
        Ok(Self(fd))
    }

    /// The next connection and its peer's address.
    ///
    /// # Errors
    /// `EAGAIN` in non-blocking mode with nothing pending.
    pub fn accept(&self) -> Result<(TcpStream, SocketAddr)> {
        let (fd, peer) = accept(self.0.as_raw(), false, false)?;
        Ok((TcpStream(OwnedFd::from_raw(fd)), peer))
    }

    /// The bound address.
    ///
    /// # Errors
    /// Host errors.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        local_addr(self.0.as_raw())
    }

    /// Switches non-blocking mode.
    ///
    /// # Errors
    /// `EBADF` only.
    pub fn set_nonblocking(&self, on: bool) -> Result<()> {
        get(self.0.as_raw())?.set_nonblocking(on);
        Ok(())
    }
}

/// A connected TCP stream, closed on drop.
#[derive(Debug)]
pub struct TcpStream(OwnedFd);

impl TcpStream {
    /// Connects to `addr`.
    ///
    /// # Errors
    /// `ECONNREFUSED`, `ETIMEDOUT`, `EACCES`.
    pub fn connect(addr: SocketAddr) -> Result<Self> {
        let fd = OwnedFd::from_raw(socket(family_of(&addr), SocketType::Stream, false, false)?);
        connect(fd.as_raw(), addr)?;
        Ok(Self(fd))
    }

    /// The peer's address.
    ///
    /// # Errors
    /// `ENOTCONN`.
    pub fn peer_addr(&self) -> Result<SocketAddr> {
        peer_addr(self.0.as_raw())
    }

    /// The local address.
    ///
    /// # Errors
    /// Host errors.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        local_addr(self.0.as_raw())
    }

    /// Closes one or both directions.
    ///
    /// # Errors
    /// `ENOTCONN`.
    pub fn shutdown(&self, how: Shutdown) -> Result<()> {
        shutdown(self.0.as_raw(), how)
    }

    /// Switches non-blocking mode.
    ///
    /// # Errors
    /// `EBADF` only.
    pub fn set_nonblocking(&self, on: bool) -> Result<()> {
        get(self.0.as_raw())?.set_nonblocking(on);
        Ok(())
    }
}

impl Read for TcpStream {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize> {
        recv(self.0.as_raw(), buf, MsgFlags::default()).map(|(n, _)| n)
    }
}

impl Write for TcpStream {
    fn write(&mut self, buf: &[u8]) -> Result<usize> {
        send(self.0.as_raw(), buf, None, MsgFlags::default())
    }
}

impl AsFd for TcpStream {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

/// A UDP socket, closed on drop.
#[derive(Debug)]
pub struct UdpSocket(OwnedFd);

impl UdpSocket {
    /// Binds to `addr`.
    ///
    /// # Errors
    /// `EADDRINUSE`, `EACCES`.
    pub fn bind(addr: SocketAddr) -> Result<Self> {
        let fd = OwnedFd::from_raw(socket(
            family_of(&addr),
            SocketType::Datagram,
            false,
            false,
        )?);
        bind(fd.as_raw(), addr)?;
        Ok(Self(fd))
    }

    /// Sends one datagram to `to`.
    ///
    /// # Errors
    /// `EMSGSIZE`, `EACCES`.
    pub fn send_to(&self, buf: &[u8], to: SocketAddr) -> Result<usize> {
        send(self.0.as_raw(), buf, Some(to), MsgFlags::default())
    }

    /// Receives one datagram and its sender.
    ///
    /// # Errors
    /// `EAGAIN` when non-blocking or timed out.
    pub fn recv_from(&self, buf: &mut [u8]) -> Result<(usize, SocketAddr)> {
        let (n, from) = recv(self.0.as_raw(), buf, MsgFlags::default())?;
        Ok((n, from.ok_or(Errno::NOTCONN)?))
    }

    /// Fixes the peer for [`UdpSocket::send`] and [`UdpSocket::recv`].
    ///
    /// # Errors
    /// Host errors.
    pub fn connect(&self, peer: SocketAddr) -> Result<()> {
        connect(self.0.as_raw(), peer)
    }

    /// Sends to the connected peer.
    ///
    /// # Errors
    /// `EDESTADDRREQ` when not connected.
    pub fn send(&self, buf: &[u8]) -> Result<usize> {
        send(self.0.as_raw(), buf, None, MsgFlags::default())
    }

    /// Receives from the connected peer.
    ///
    /// # Errors
    /// As [`UdpSocket::recv_from`].
    pub fn recv(&self, buf: &mut [u8]) -> Result<usize> {
        recv(self.0.as_raw(), buf, MsgFlags::default()).map(|(n, _)| n)
    }

    /// The bound address.
    ///
    /// # Errors
    /// Host errors.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        local_addr(self.0.as_raw())
    }
}
