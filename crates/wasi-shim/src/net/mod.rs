//! TCP and UDP sockets over `wasi:sockets`, in the same descriptor table as files: the
//! types every version shares (families, flags, options), the address conversions (`addr`) and
//! the typed API for `no_std` programs (`api`), over a host part per WASI version:
//!
//! - `p2`: WASI 0.2's sockets, with their `wasi:io` streams and pollables, and `poll`'s
//!   readiness;
//! - `p3`: WASI 0.3's sockets, whose TCP data are `stream<u8>`s and whose calls that wait are
//!   `async func`s (`p3`'s docs say how each waits), and `poll`'s readiness: the operations a
//!   wait for readiness starts ([`Readiness`] is one type for both).
//!
//! Both give the same functions (`socket`, `bind`, `listen`, `accept`, `connect`, `send`,
//! `recv`, `shutdown`, the names, the options, `resolve`) with the same POSIX semantics; where
//! p3 falls short, its docs and docs/COVERAGE.md say so.

use crate::errno::{Errno, Result};

mod addr;
mod api;
#[cfg(not(target_env = "p3"))]
mod p2;
#[cfg(target_env = "p3")]
mod p3;

pub use self::api::{TcpListener, TcpStream, UdpSocket};
#[cfg(not(target_env = "p3"))]
pub use self::p2::{
    Socket, accept, bind, connect, get, get_option, listen, local_addr, peer_addr, recv, resolve,
    send, set_option, shutdown, socket,
};
#[cfg(not(target_env = "p3"))]
pub(crate) use self::p2::{pollables, readiness};
#[cfg(target_env = "p3")]
pub(crate) use self::p3::{Probe, readiness};
#[cfg(target_env = "p3")]
pub use self::p3::{
    Socket, accept, bind, connect, get, get_option, listen, local_addr, peer_addr, recv, resolve,
    send, set_option, shutdown, socket,
};

/// What `poll` can report of a socket.
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

/// The address family of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// IPv4 (`AF_INET`).
    Ipv4,
    /// IPv6 (`AF_INET6`).
    Ipv6,
}

/// The type of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SocketType {
    /// `SOCK_STREAM`: TCP.
    Stream,
    /// `SOCK_DGRAM`: UDP.
    Datagram,
}

/// Flags of `send`/`recv`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MsgFlags {
    /// `MSG_PEEK`: look at the data without taking it.
    pub peek: bool,
    /// `MSG_DONTWAIT`: this call does not block.
    pub dontwait: bool,
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
