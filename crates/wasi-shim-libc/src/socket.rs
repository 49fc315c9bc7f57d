//! `<sys/socket.h>`: `socket`, `bind`, `listen`, `accept`, `connect`, `send`, `recv`, `sendto`,
//! `recvfrom`, `shutdown`, `getsockname`, `getpeername`, `getsockopt`, `setsockopt`, over
//! `wasi_shim::net`. `poll` is in `poll.rs`, name lookup in `netdb.rs`.
//!
//! Addresses are the `libc` crate's `sockaddr_in`/`sockaddr_in6` for `target_env = "p2"`
//! (`AF_INET` is 1, `AF_INET6` 2; port and IPv4 address in network byte order).

use crate::args::fd_arg;
use crate::errno::{fail, ret};
use core::ffi::{c_int, c_void};
use core::mem::size_of;
use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use libc::{size_t, sockaddr, sockaddr_in, sockaddr_in6, socklen_t, ssize_t};
use wasi_shim::Errno;
use wasi_shim::net::{self, Family, MsgFlags, Shutdown, SockOpt, SocketType};

/// Reads a socket address given by the caller.
///
/// # Safety
/// `addr` must be valid for `len` bytes of reads.
unsafe fn read_addr(addr: *const sockaddr, len: socklen_t) -> wasi_shim::Result<SocketAddr> {
    if addr.is_null() {
        return Err(Errno::FAULT);
    }
    let len = len as usize;
    if len < size_of::<libc::sa_family_t>() {
        return Err(Errno::INVAL);
    }
    // SAFETY: at least the family field is readable (checked above).
    let family = c_int::from(unsafe { addr.cast::<libc::sa_family_t>().read_unaligned() });
    match family {
        libc::AF_INET => {
            if len < size_of::<sockaddr_in>() {
                return Err(Errno::INVAL);
            }
            // SAFETY: `len` covers a whole `sockaddr_in`.
            let a = unsafe { addr.cast::<sockaddr_in>().read_unaligned() };
            let ip = Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr));
            Ok(SocketAddr::V4(SocketAddrV4::new(
                ip,
                u16::from_be(a.sin_port),
            )))
        }
        libc::AF_INET6 => {
            if len < size_of::<sockaddr_in6>() {
                return Err(Errno::INVAL);
            }
            // SAFETY: `len` covers a whole `sockaddr_in6`.
            let a = unsafe { addr.cast::<sockaddr_in6>().read_unaligned() };
            Ok(SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::from(a.sin6_addr.s6_addr),
                u16::from_be(a.sin6_port),
                a.sin6_flowinfo,
                a.sin6_scope_id,
            )))
        }
        _ => Err(Errno::AFNOSUPPORT),
    }
}

/// Writes `value` as the C form of a socket address into `addr`, truncated to `*len`, and
/// stores the full size in `*len`, as `getsockname` and `accept` do.
///
/// # Safety
/// `addr` and `len` must be null together, or `len` readable and writable and `addr` valid for
/// `*len` bytes.
unsafe fn write_addr(
    value: SocketAddr,
    addr: *mut sockaddr,
    len: *mut socklen_t,
) -> wasi_shim::Result<()> {
    if addr.is_null() || len.is_null() {
        return Ok(());
    }
    let mut storage = [0u8; size_of::<sockaddr_in6>()];
    let size = encode_addr(value, &mut storage);
    // SAFETY: the caller gives a readable and writable `len`.
    let room = unsafe { len.read() } as usize;
    // SAFETY: the caller gives `room` writable bytes at `addr`.
    unsafe {
        core::ptr::copy_nonoverlapping(storage.as_ptr(), addr.cast::<u8>(), room.min(size));
        len.write(size as socklen_t);
    }
    Ok(())
}

/// Encodes a socket address in its C form into `out`, returning its size.
pub(crate) fn encode_addr(value: SocketAddr, out: &mut [u8; size_of::<sockaddr_in6>()]) -> usize {
    match value {
        SocketAddr::V4(a) => {
            // SAFETY: `sockaddr_in` is plain data; all-zero bytes are a valid value.
            let mut c: sockaddr_in = unsafe { core::mem::zeroed() };
            c.sin_family = libc::AF_INET as libc::sa_family_t;
            c.sin_port = a.port().to_be();
            c.sin_addr.s_addr = u32::from(*a.ip()).to_be();
            // SAFETY: `out` has room for a `sockaddr_in` (it is sized for the larger IPv6 form).
            unsafe { out.as_mut_ptr().cast::<sockaddr_in>().write_unaligned(c) };
            size_of::<sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            // SAFETY: `sockaddr_in6` is plain data; all-zero bytes are a valid value.
            let mut c: sockaddr_in6 = unsafe { core::mem::zeroed() };
            c.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            c.sin6_port = a.port().to_be();
            c.sin6_flowinfo = a.flowinfo();
            c.sin6_addr.s6_addr = a.ip().octets();
            c.sin6_scope_id = a.scope_id();
            // SAFETY: `out` is exactly the size of a `sockaddr_in6`.
            unsafe { out.as_mut_ptr().cast::<sockaddr_in6>().write_unaligned(c) };
            size_of::<sockaddr_in6>()
        }
    }
}

/// `SOCK_CLOEXEC`, as wasi-libc numbers it. Defined here rather than taken from the `libc` crate:
/// the `libc` release that nightly's std uses (0.2.185) does not define it for WASI yet, and the
/// shim is built against both (see `cargo xtask build-std`). `abi.rs` checks it against the
/// `libc` crate where the crate has it.
pub(crate) const SOCK_CLOEXEC: c_int = 0x0000_2000;

fn family_arg(domain: c_int) -> wasi_shim::Result<Family> {
    match domain {
        libc::AF_INET => Ok(Family::Ipv4),
        libc::AF_INET6 => Ok(Family::Ipv6),
        _ => Err(Errno::AFNOSUPPORT),
    }
}

/// `socket(domain, type, protocol)`: a TCP (`SOCK_STREAM`) or UDP (`SOCK_DGRAM`) socket over
/// `tcp-create-socket`/`udp-create-socket`, under the lowest free descriptor number.
/// `SOCK_NONBLOCK` and `SOCK_CLOEXEC` may be or-ed into `type`.
///
/// # Errors
/// `EAFNOSUPPORT` for families other than `AF_INET`/`AF_INET6`, `EPROTOTYPE` for other types,
/// `EPROTONOSUPPORT` for a protocol that does not match the type, `EACCES` when the host's
/// network policy forbids sockets, `EMFILE`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/socket.html>.
#[unsafe(no_mangle)]
pub extern "C" fn socket(domain: c_int, ty: c_int, protocol: c_int) -> c_int {
    let r = (|| {
        let family = family_arg(domain)?;
        let nonblock = ty & libc::SOCK_NONBLOCK != 0;
        let cloexec = ty & SOCK_CLOEXEC != 0;
        let (kind, proto) = match ty & !(libc::SOCK_NONBLOCK | SOCK_CLOEXEC) {
            libc::SOCK_STREAM => (SocketType::Stream, libc::IPPROTO_TCP),
            libc::SOCK_DGRAM => (SocketType::Datagram, libc::IPPROTO_UDP),
            _ => return Err(Errno::PROTOTYPE),
        };
        if protocol != 0 && protocol != proto {
            return Err(Errno::PROTONOSUPPORT);
        }
        net::socket(family, kind, nonblock, cloexec)
    })();
    ret(r, |fd| fd as c_int)
}

/// `bind(fd, addr, len)`: `start-bind` + `finish-bind`.
///
/// # Errors
/// `EINVAL` for a short `len` or a socket already bound, `EAFNOSUPPORT` for an address of the
/// other family, `EADDRINUSE`, `EADDRNOTAVAIL`, `ENOTSOCK`, `EBADF`.
///
/// # Safety
/// `addr` must be valid for `len` bytes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/bind.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bind(fd: c_int, addr: *const sockaddr, len: socklen_t) -> c_int {
    // SAFETY: passed on from the caller.
    let r = fd_arg(fd).and_then(|fd| net::bind(fd, unsafe { read_addr(addr, len) }?));
    ret(r, |()| 0)
}

/// `listen(fd, backlog)`: `start-listen` + `finish-listen`; an unbound socket is bound to the
/// wildcard address first, as POSIX says.
///
/// # Errors
/// `EOPNOTSUPP` for UDP, `EINVAL` for a connected socket.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/listen.html>.
#[unsafe(no_mangle)]
pub extern "C" fn listen(fd: c_int, backlog: c_int) -> c_int {
    let backlog = u32::try_from(backlog).unwrap_or(0);
    ret(fd_arg(fd).and_then(|fd| net::listen(fd, backlog)), |()| 0)
}

/// `accept4(fd, addr, len, flags)`: the next connection (`tcp-socket.accept`), blocking on the
/// socket's pollable unless non-blocking; `SOCK_NONBLOCK`/`SOCK_CLOEXEC` apply to the new
/// descriptor.
///
/// # Errors
/// `EINVAL` when not listening (accept before listen), `EAGAIN` when non-blocking with nothing
/// pending, `EOPNOTSUPP` for UDP.
///
/// # Safety
/// `addr`/`len` as for `getpeername`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn accept4(
    fd: c_int,
    addr: *mut sockaddr,
    len: *mut socklen_t,
    flags: c_int,
) -> c_int {
    let r = fd_arg(fd).and_then(|fd| {
        let (new, peer) = net::accept(
            fd,
            flags & libc::SOCK_NONBLOCK != 0,
            flags & SOCK_CLOEXEC != 0,
        )?;
        // SAFETY: passed on from the caller.
        unsafe { write_addr(peer, addr, len) }?;
        Ok(new)
    });
    ret(r, |fd| fd as c_int)
}

/// `accept(fd, addr, len)`: [`accept4`] with no flags.
///
/// # Safety
/// As for [`accept4`].
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/accept.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn accept(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int {
    // SAFETY: passed on from the caller.
    unsafe { accept4(fd, addr, len, 0) }
}

/// `connect(fd, addr, len)`: TCP `start-connect` + `finish-connect`, blocking on the socket's
/// pollable (bounded by `SO_SNDTIMEO`), or `EINPROGRESS` when non-blocking (then `poll` for
/// `POLLOUT` and read `SO_ERROR`); UDP fixes the peer (`udp-socket.stream`).
///
/// # Errors
/// `ECONNREFUSED`, `ETIMEDOUT`, `EHOSTUNREACH`, `EACCES` (the host's policy), `EISCONN`,
/// `EALREADY`, `EINPROGRESS`, `EAFNOSUPPORT`, `EINVAL` for a short address.
///
/// # Safety
/// `addr` must be valid for `len` bytes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/connect.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn connect(fd: c_int, addr: *const sockaddr, len: socklen_t) -> c_int {
    // SAFETY: passed on from the caller.
    let r = fd_arg(fd).and_then(|fd| net::connect(fd, unsafe { read_addr(addr, len) }?));
    ret(r, |()| 0)
}

fn msg_flags(flags: c_int) -> wasi_shim::Result<MsgFlags> {
    if flags & !(libc::MSG_PEEK | libc::MSG_NOSIGNAL) != 0 {
        return Err(Errno::OPNOTSUPP);
    }
    Ok(MsgFlags {
        peek: flags & libc::MSG_PEEK != 0,
        dontwait: false,
    })
}

/// `sendto(fd, buf, len, flags, addr, addrlen)`: TCP writes to the output stream
/// (`check-write` + `write` + `flush`); UDP sends one datagram.
///
/// # Deviations
/// `MSG_NOSIGNAL` is accepted and changes nothing (WASI has no `SIGPIPE`).
///
/// # Errors
/// `ENOTCONN` (TCP, not connected), `EDESTADDRREQ` (UDP with no peer), `EPIPE`, `EAGAIN`,
/// `EOPNOTSUPP` for other flags.
///
/// # Safety
/// `buf` valid for `len` bytes; `addr` null or valid for `addrlen` bytes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/sendto.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sendto(
    fd: c_int,
    buf: *const c_void,
    len: size_t,
    flags: c_int,
    addr: *const sockaddr,
    addrlen: socklen_t,
) -> ssize_t {
    let r = fd_arg(fd).and_then(|fd| {
        let flags = msg_flags(flags)?;
        let to = if addr.is_null() {
            None
        } else {
            // SAFETY: passed on from the caller.
            Some(unsafe { read_addr(addr, addrlen) }?)
        };
        // SAFETY: passed on from the caller.
        net::send(fd, unsafe { crate::args::slice(buf, len) }?, to, flags)
    });
    ret(r, |n| n as ssize_t)
}

/// `send(fd, buf, len, flags)`: [`sendto`] without an address.
///
/// # Safety
/// `buf` must be valid for `len` bytes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/send.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn send(fd: c_int, buf: *const c_void, len: size_t, flags: c_int) -> ssize_t {
    // SAFETY: passed on from the caller.
    unsafe { sendto(fd, buf, len, flags, core::ptr::null(), 0) }
}

/// `recvfrom(fd, buf, len, flags, addr, addrlen)`: TCP reads the input stream; UDP takes one
/// datagram (truncated to `len`). `MSG_PEEK` works for both (stock wasi-libc gives
/// `EOPNOTSUPP`): the data is kept and returned again by the next call.
///
/// # Errors
/// `ENOTCONN`, `EAGAIN` (non-blocking, or `SO_RCVTIMEO` passed), `ECONNRESET`.
///
/// # Safety
/// `buf` valid for `len` bytes of writes; `addr`/`addrlen` as for `getpeername`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/recvfrom.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recvfrom(
    fd: c_int,
    buf: *mut c_void,
    len: size_t,
    flags: c_int,
    addr: *mut sockaddr,
    addrlen: *mut socklen_t,
) -> ssize_t {
    let r = fd_arg(fd).and_then(|fd| {
        let flags = msg_flags(flags)?;
        // SAFETY: passed on from the caller.
        let (n, from) = net::recv(fd, unsafe { crate::args::slice_mut(buf, len) }?, flags)?;
        if let Some(from) = from {
            // SAFETY: passed on from the caller.
            unsafe { write_addr(from, addr, addrlen) }?;
        } else if !addrlen.is_null() {
            // A connection-mode socket has no sender address to report.
            // SAFETY: the caller gives a writable `addrlen`.
            unsafe { addrlen.write(0) };
        }
        Ok(n)
    });
    ret(r, |n| n as ssize_t)
}

/// `recv(fd, buf, len, flags)`: [`recvfrom`] without an address.
///
/// # Safety
/// `buf` must be valid for `len` bytes of writes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/recv.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recv(fd: c_int, buf: *mut c_void, len: size_t, flags: c_int) -> ssize_t {
    // SAFETY: passed on from the caller.
    unsafe {
        recvfrom(
            fd,
            buf,
            len,
            flags,
            core::ptr::null_mut(),
            core::ptr::null_mut(),
        )
    }
}

/// `shutdown(fd, how)`: `tcp-socket.shutdown`, after flushing what was written.
///
/// # Errors
/// `ENOTCONN`, `EINVAL` for a bad `how`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/shutdown.html>.
#[unsafe(no_mangle)]
pub extern "C" fn shutdown(fd: c_int, how: c_int) -> c_int {
    let how = match how {
        libc::SHUT_RD => Shutdown::Read,
        libc::SHUT_WR => Shutdown::Write,
        libc::SHUT_RDWR => Shutdown::Both,
        _ => return fail(Errno::INVAL),
    };
    ret(fd_arg(fd).and_then(|fd| net::shutdown(fd, how)), |()| 0)
}

/// `getsockname(fd, addr, len)`: `local-address`; an unbound socket reports the wildcard
/// address with port 0.
///
/// # Safety
/// `addr` valid for `*len` bytes; `len` readable and writable.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/getsockname.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn getsockname(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int {
    // SAFETY: passed on from the caller.
    let r = fd_arg(fd).and_then(|fd| unsafe { write_addr(net::local_addr(fd)?, addr, len) });
    ret(r, |()| 0)
}

/// `getpeername(fd, addr, len)`: `remote-address`.
///
/// # Errors
/// `ENOTCONN`.
///
/// # Safety
/// `addr` valid for `*len` bytes; `len` readable and writable.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/getpeername.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn getpeername(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int {
    // SAFETY: passed on from the caller.
    let r = fd_arg(fd).and_then(|fd| unsafe { write_addr(net::peer_addr(fd)?, addr, len) });
    ret(r, |()| 0)
}

/// The platform option a `(level, name)` pair means.
fn option_of(level: c_int, name: c_int) -> wasi_shim::Result<SockOpt> {
    Ok(match (level, name) {
        (libc::SOL_SOCKET, libc::SO_ERROR) => SockOpt::Error,
        (libc::SOL_SOCKET, libc::SO_TYPE) => SockOpt::Type,
        (libc::SOL_SOCKET, libc::SO_ACCEPTCONN) => SockOpt::AcceptConn,
        (libc::SOL_SOCKET, libc::SO_REUSEADDR) => SockOpt::ReuseAddr,
        (libc::SOL_SOCKET, libc::SO_KEEPALIVE) => SockOpt::KeepAlive,
        (libc::SOL_SOCKET, libc::SO_RCVBUF) => SockOpt::RecvBuffer,
        (libc::SOL_SOCKET, libc::SO_SNDBUF) => SockOpt::SendBuffer,
        (libc::SOL_SOCKET, libc::SO_RCVTIMEO) => SockOpt::RecvTimeout,
        (libc::SOL_SOCKET, libc::SO_SNDTIMEO) => SockOpt::SendTimeout,
        (libc::IPPROTO_TCP, libc::TCP_NODELAY) => SockOpt::NoDelay,
        (libc::IPPROTO_IP, libc::IP_TTL) | (libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS) => {
            SockOpt::HopLimit
        }
        (libc::IPPROTO_IPV6, libc::IPV6_V6ONLY) => SockOpt::V6Only,
        _ => return Err(Errno::NOPROTOOPT),
    })
}

/// `getsockopt(fd, level, name, value, len)`.
///
/// Applied for real: `SO_KEEPALIVE`, `SO_RCVBUF`, `SO_SNDBUF`, `IP_TTL`, `IPV6_UNICAST_HOPS`.
/// Kept by the shim: `SO_RCVTIMEO`/`SO_SNDTIMEO` (they bound blocking calls), `SO_ERROR` (a
/// failed non-blocking connect), `TCP_NODELAY` (WASI 0.2 cannot set it: reported as last set).
/// Fixed: `SO_REUSEADDR` is 1 (WASI hosts set it on listeners), `IPV6_V6ONLY` is 1 (WASI 0.2
/// sockets are IPv6-only), `SO_TYPE`, `SO_DOMAIN`, `SO_PROTOCOL`, `SO_ACCEPTCONN`.
///
/// A buffer shorter than the value gets the value truncated, as POSIX says.
///
/// # Errors
/// `ENOPROTOOPT` for other options.
///
/// # Safety
/// `value` valid for `*len` bytes of writes; `len` readable and writable.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/getsockopt.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn getsockopt(
    fd: c_int,
    level: c_int,
    name: c_int,
    value: *mut c_void,
    len: *mut socklen_t,
) -> c_int {
    let r = fd_arg(fd).and_then(|fd| {
        if value.is_null() || len.is_null() {
            return Err(Errno::FAULT);
        }
        let sock = net::get(fd)?;
        let int = match (level, name) {
            (libc::SOL_SOCKET, libc::SO_DOMAIN) => match sock.family() {
                Family::Ipv4 => libc::AF_INET,
                Family::Ipv6 => libc::AF_INET6,
            },
            (libc::SOL_SOCKET, libc::SO_PROTOCOL) => match sock.socket_type() {
                SocketType::Stream => libc::IPPROTO_TCP,
                SocketType::Datagram => libc::IPPROTO_UDP,
            },
            (libc::SOL_SOCKET, libc::SO_TYPE) => match sock.socket_type() {
                SocketType::Stream => libc::SOCK_STREAM,
                SocketType::Datagram => libc::SOCK_DGRAM,
            },
            _ => {
                let option = option_of(level, name)?;
                let v = net::get_option(fd, option)?;
                if matches!(option, SockOpt::RecvTimeout | SockOpt::SendTimeout) {
                    let tv = libc::timeval {
                        tv_sec: (v / 1_000_000_000) as libc::time_t,
                        tv_usec: ((v % 1_000_000_000) / 1000) as libc::suseconds_t,
                    };
                    // SAFETY: the caller gives `*len` writable bytes at `value`.
                    return unsafe { store(value, len, &tv) };
                }
                c_int::try_from(v).unwrap_or(c_int::MAX)
            }
        };
        // SAFETY: the caller gives `*len` writable bytes at `value`.
        unsafe { store(value, len, &int) }
    });
    ret(r, |()| 0)
}

/// Stores an option value of type `T`.
///
/// # Safety
/// `value` valid for `*len` bytes of writes; `len` readable and writable.
unsafe fn store<T: Copy>(value: *mut c_void, len: *mut socklen_t, v: &T) -> wasi_shim::Result<()> {
    // POSIX: a value longer than the buffer is silently truncated; `*len` says what was stored.
    // SAFETY: the caller gives a readable `len`.
    let n = (unsafe { len.read() } as usize).min(size_of::<T>());
    // SAFETY: `v` is `size_of::<T>()` readable bytes, `value` has `*len >= n` writable bytes,
    // and `len` is writable.
    unsafe {
        core::ptr::copy_nonoverlapping((v as *const T).cast::<u8>(), value.cast::<u8>(), n);
        len.write(n as socklen_t);
    }
    Ok(())
}

/// `setsockopt(fd, level, name, value, len)`: see [`getsockopt`] for what each option does.
///
/// # Errors
/// `ENOPROTOOPT` for options the shim does not know or that do not apply to the socket,
/// `EINVAL` for a short value or one the host refuses, `ENOTSUP` for turning `IPV6_V6ONLY` off.
///
/// # Safety
/// `value` valid for `len` bytes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/setsockopt.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn setsockopt(
    fd: c_int,
    level: c_int,
    name: c_int,
    value: *const c_void,
    len: socklen_t,
) -> c_int {
    let r = fd_arg(fd).and_then(|fd| {
        let option = option_of(level, name)?;
        if value.is_null() {
            return Err(Errno::FAULT);
        }
        let v = if matches!(option, SockOpt::RecvTimeout | SockOpt::SendTimeout) {
            if (len as usize) < size_of::<libc::timeval>() {
                return Err(Errno::INVAL);
            }
            // SAFETY: `len` covers a `timeval`.
            let tv = unsafe { value.cast::<libc::timeval>().read_unaligned() };
            if tv.tv_sec < 0 || !(0..1_000_000).contains(&tv.tv_usec) {
                return Err(Errno::DOM);
            }
            (tv.tv_sec as u64)
                .saturating_mul(1_000_000_000)
                .saturating_add(tv.tv_usec as u64 * 1000)
        } else {
            if (len as usize) < size_of::<c_int>() {
                return Err(Errno::INVAL);
            }
            // SAFETY: `len` covers an `int`.
            let int = unsafe { value.cast::<c_int>().read_unaligned() };
            u64::try_from(int).map_err(|_| Errno::INVAL)?
        };
        net::set_option(fd, option, v)
    });
    ret(r, |()| 0)
}
