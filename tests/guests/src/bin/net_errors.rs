//! Bad input and wrong-state calls of the socket group, through raw `libc` calls (always the
//! `libc::` names: the numbers differ between Linux and WASI), over loopback only.
//!
//! Every probe prints one line `<label>: <result>`, where the result is `Ok`, a value, or
//! `Err(<std ErrorKind>) NAME=<bool> ...`: whether the errno equals each `libc::NAME` listed.
//! Labels are unique, so the harness (`tests/harness/tests/shim_net_errors.rs`) can compare the
//! run under WASI with the native run label by label, and name the lines where they are known to
//! differ. No descriptor number, port or timing is printed, only relations between them.
//!
//! Sections: socket creation, bind, listen/accept, calls on unconnected sockets, connect,
//! close with a connect pending, shutdown, options, a refused non-blocking connect observed
//! through `poll(POLLOUT)` + `SO_ERROR` (what std's `connect_timeout` does), poll, `fcntl`/`ioctl`
//! flags, and name lookup of an invalid name (no real name is ever looked up).

use std::io;
use std::mem::{size_of, zeroed};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use libc::{c_int, c_void, pollfd, sockaddr, sockaddr_in, sockaddr_in6, socklen_t};

/// An address family no system knows.
const UNKNOWN_FAMILY: c_int = 12345;
/// A socket type no system knows (no flag bits set on either target).
const UNKNOWN_TYPE: c_int = 99;
/// A socket option number no system knows.
const UNKNOWN_OPTION: c_int = 12345;

/// Prints `label: Ok` for a non-negative `ret`, else `label: Err(kind) NAME=bool ...` for the
/// errno left by the call that produced `ret` (read first, before anything can change it).
fn report(label: &str, ret: i64, names: &[(&str, c_int)]) {
    if ret >= 0 {
        println!("{label}: Ok");
        return;
    }
    let e = io::Error::last_os_error();
    let mut line = format!("{label}: Err({:?})", e.kind());
    for (name, code) in names {
        line.push_str(&format!(" {name}={}", e.raw_os_error() == Some(*code)));
    }
    println!("{line}");
}

/// Panics with the errno when a set-up call fails (set-up is not what is being tested).
fn must(ret: i64, what: &str) -> i64 {
    assert!(ret >= 0, "{what} failed: {}", io::Error::last_os_error());
    ret
}

fn socket(domain: c_int, ty: c_int) -> c_int {
    // SAFETY: plain system call.
    must(i64::from(unsafe { libc::socket(domain, ty, 0) }), "socket") as c_int
}

fn close(fd: c_int) {
    // SAFETY: `fd` is a descriptor this program opened.
    must(i64::from(unsafe { libc::close(fd) }), "close");
}

/// `127.0.0.1:port`.
fn v4(port: u16) -> sockaddr_in {
    // SAFETY: plain data; all-zero bytes are a valid value.
    let mut a: sockaddr_in = unsafe { zeroed() };
    a.sin_family = libc::AF_INET as libc::sa_family_t;
    a.sin_port = port.to_be();
    a.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
    a
}

/// `[::1]:port`.
fn v6(port: u16) -> sockaddr_in6 {
    // SAFETY: plain data; all-zero bytes are a valid value.
    let mut a: sockaddr_in6 = unsafe { zeroed() };
    a.sin6_family = libc::AF_INET6 as libc::sa_family_t;
    a.sin6_port = port.to_be();
    a.sin6_addr.s6_addr[15] = 1;
    a
}

fn len_of<T>() -> socklen_t {
    size_of::<T>() as socklen_t
}

fn bind<T>(fd: c_int, addr: &T, len: socklen_t) -> i64 {
    // SAFETY: `addr` is valid for `len` bytes (callers pass at most `size_of::<T>()`).
    i64::from(unsafe { libc::bind(fd, (addr as *const T).cast::<sockaddr>(), len) })
}

fn connect<T>(fd: c_int, addr: &T, len: socklen_t) -> i64 {
    // SAFETY: as for `bind`.
    i64::from(unsafe { libc::connect(fd, (addr as *const T).cast::<sockaddr>(), len) })
}

fn send(fd: c_int) -> i64 {
    // SAFETY: one readable byte; `MSG_NOSIGNAL` so that Linux does not raise `SIGPIPE`.
    (unsafe { libc::send(fd, b"x".as_ptr().cast::<c_void>(), 1, libc::MSG_NOSIGNAL) }) as i64
}

fn recv(fd: c_int) -> i64 {
    let mut byte = 0u8;
    // SAFETY: one writable byte.
    (unsafe { libc::recv(fd, (&raw mut byte).cast::<c_void>(), 1, 0) }) as i64
}

fn accept(fd: c_int) -> i64 {
    // SAFETY: null address and length are allowed.
    i64::from(unsafe { libc::accept(fd, std::ptr::null_mut(), std::ptr::null_mut()) })
}

/// `getsockopt` of an `int` option; `Err` holds the errno-carrying error.
fn get_int(fd: c_int, level: c_int, name: c_int) -> io::Result<c_int> {
    let mut v: c_int = -1;
    let mut len = len_of::<c_int>();
    // SAFETY: `v` has room for `len` bytes.
    let r = unsafe { libc::getsockopt(fd, level, name, (&raw mut v).cast(), &mut len) };
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(v)
    }
}

/// `SO_ERROR` (which reading clears) as `0`, `ECONNREFUSED`, `errno <n>` or `Err(kind)`: errno
/// values differ between targets, so only these names are compared.
fn so_error(fd: c_int) -> String {
    match get_int(fd, libc::SOL_SOCKET, libc::SO_ERROR) {
        Ok(0) => "0".to_owned(),
        Ok(e) if e == libc::ECONNREFUSED => "ECONNREFUSED".to_owned(),
        Ok(e) => format!("errno {e}"),
        Err(e) => format!("Err({:?})", e.kind()),
    }
}

fn set_int(fd: c_int, level: c_int, name: c_int, v: c_int) -> i64 {
    // SAFETY: `v` is an `int`.
    i64::from(unsafe {
        libc::setsockopt(fd, level, name, (&raw const v).cast(), len_of::<c_int>())
    })
}

/// `poll` on `fds` for at most `timeout_ms`: the count of ready entries, or `Err(kind)`.
fn poll(fds: &mut [pollfd], timeout_ms: c_int) -> String {
    // SAFETY: `fds` is a valid array of its length.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
    if n < 0 {
        format!("Err({:?})", io::Error::last_os_error().kind())
    } else {
        n.to_string()
    }
}

fn pollfd(fd: c_int, events: libc::c_short) -> pollfd {
    pollfd {
        fd,
        events,
        revents: 0,
    }
}

/// `revents` as the names of the bits that matter here, in a fixed order.
fn revents(r: libc::c_short) -> String {
    let names = [
        ("POLLIN", libc::POLLIN),
        ("POLLOUT", libc::POLLOUT),
        ("POLLERR", libc::POLLERR),
        ("POLLHUP", libc::POLLHUP),
        ("POLLNVAL", libc::POLLNVAL),
    ];
    let set: Vec<&str> = names
        .iter()
        .filter(|(_, b)| r & b != 0)
        .map(|(n, _)| *n)
        .collect();
    if set.is_empty() {
        "0".to_owned()
    } else {
        set.join("|")
    }
}

/// Whether `FD_CLOEXEC` (from `F_GETFD`) and `O_NONBLOCK` (from `F_GETFL`) are set, each as
/// `true`/`false` or `Err(kind)`.
fn fd_flags(fd: c_int) -> (String, String) {
    let bit = |cmd: c_int, bit: c_int| {
        // SAFETY: plain system call; `F_GETFD` and `F_GETFL` take no argument.
        let r = unsafe { libc::fcntl(fd, cmd) };
        if r < 0 {
            format!("Err({:?})", io::Error::last_os_error().kind())
        } else {
            (r & bit != 0).to_string()
        }
    };
    (
        bit(libc::F_GETFD, libc::FD_CLOEXEC),
        bit(libc::F_GETFL, libc::O_NONBLOCK),
    )
}

/// A listener on 127.0.0.1 (std, so that it is set up the same way on both targets) and its
/// port.
fn listener() -> (TcpListener, u16) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    (l, port)
}

/// A connected pair over loopback: (client, accepted server side).
fn pair() -> (TcpStream, TcpStream) {
    let (l, port) = listener();
    let c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (s, _) = l.accept().unwrap();
    (c, s)
}

/// A port on 127.0.0.1 with nothing listening: bound, noted, closed.
fn closed_port() -> u16 {
    listener().1
}

fn main() {
    creation();
    binding();
    listen_accept();
    unconnected();
    connecting();
    close_while_connecting();
    shutdown();
    options();
    refused_nonblocking_connect();
    polling();
    reset();
    flags();
    lookup();
}

fn creation() {
    // SAFETY (all blocks below): plain system calls with integer arguments.
    let r = unsafe { libc::socket(UNKNOWN_FAMILY, libc::SOCK_STREAM, 0) };
    report(
        "socket(unknown family)",
        r.into(),
        &[("EAFNOSUPPORT", libc::EAFNOSUPPORT)],
    );
    let r = unsafe { libc::socket(libc::AF_INET, UNKNOWN_TYPE, 0) };
    report(
        "socket(AF_INET, unknown type)",
        r.into(),
        &[("EINVAL", libc::EINVAL), ("EPROTOTYPE", libc::EPROTOTYPE)],
    );
    let r = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, libc::IPPROTO_UDP) };
    report(
        "socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)",
        r.into(),
        &[("EPROTONOSUPPORT", libc::EPROTONOSUPPORT)],
    );
    let r = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM, libc::IPPROTO_TCP) };
    report(
        "socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP)",
        r.into(),
        &[("EPROTONOSUPPORT", libc::EPROTONOSUPPORT)],
    );
}

fn binding() {
    let einval = [("EINVAL", libc::EINVAL)];
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM);
    report("bind(len 0)", bind(fd, &v4(0), 0), &einval);
    report(
        "bind(sockaddr_in, len one short)",
        bind(fd, &v4(0), len_of::<sockaddr_in>() - 1),
        &einval,
    );
    report(
        "bind(IPv4 socket, sockaddr_in6)",
        bind(fd, &v6(0), len_of::<sockaddr_in6>()),
        &[("EAFNOSUPPORT", libc::EAFNOSUPPORT)],
    );
    report(
        "bind(127.0.0.1:0)",
        bind(fd, &v4(0), len_of::<sockaddr_in>()),
        &[],
    );
    report(
        "bind again",
        bind(fd, &v4(0), len_of::<sockaddr_in>()),
        &einval,
    );
    close(fd);

    let fd6 = socket(libc::AF_INET6, libc::SOCK_STREAM);
    // A `sockaddr_in` in a buffer as long as a `sockaddr_in6`: only the family is wrong.
    // SAFETY: plain data; all-zero bytes are a valid value.
    let mut long: sockaddr_in6 = unsafe { zeroed() };
    // SAFETY: a `sockaddr_in` fits in a `sockaddr_in6`; both are plain data.
    unsafe { (&raw mut long).cast::<sockaddr_in>().write_unaligned(v4(0)) };
    report(
        "bind(IPv6 socket, sockaddr_in in a sockaddr_in6-sized buffer)",
        bind(fd6, &long, len_of::<sockaddr_in6>()),
        &[("EAFNOSUPPORT", libc::EAFNOSUPPORT)],
    );
    report(
        "bind(IPv6 socket, sockaddr_in with its own length)",
        bind(fd6, &v4(0), len_of::<sockaddr_in>()),
        &[
            ("EINVAL", libc::EINVAL),
            ("EAFNOSUPPORT", libc::EAFNOSUPPORT),
        ],
    );
    close(fd6);

    let (l, port) = listener();
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM);
    report(
        "bind(port of a listener)",
        bind(fd, &v4(port), len_of::<sockaddr_in>()),
        &[("EADDRINUSE", libc::EADDRINUSE)],
    );
    close(fd);
    drop(l);
}

fn listen_accept() {
    let enotsup = [("EOPNOTSUPP", libc::EOPNOTSUPP)];
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM);
    must(bind(fd, &v4(0), len_of::<sockaddr_in>()), "bind");
    report(
        "accept before listen",
        accept(fd),
        &[("EINVAL", libc::EINVAL)],
    );
    // SAFETY: plain system calls.
    report("listen", unsafe { libc::listen(fd, 4) }.into(), &[]);
    report("listen again", unsafe { libc::listen(fd, 8) }.into(), &[]);
    close(fd);

    let udp = socket(libc::AF_INET, libc::SOCK_DGRAM);
    // SAFETY: plain system call.
    report(
        "listen on UDP",
        unsafe { libc::listen(udp, 4) }.into(),
        &enotsup,
    );
    report("accept on UDP", accept(udp), &enotsup);
    close(udp);
}

fn unconnected() {
    let enotconn = [("ENOTCONN", libc::ENOTCONN)];
    let enotconn_epipe = [("ENOTCONN", libc::ENOTCONN), ("EPIPE", libc::EPIPE)];
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM);
    report("send before connect (TCP)", send(fd), &enotconn_epipe);
    report("recv on an unconnected TCP socket", recv(fd), &enotconn);
    let mut addr = v6(0);
    let mut len = len_of::<sockaddr_in6>();
    // SAFETY: `addr` has room for `len` bytes.
    let r = unsafe { libc::getpeername(fd, (&raw mut addr).cast(), &mut len) };
    report("getpeername on an unconnected socket", r.into(), &enotconn);
    // SAFETY: plain system call.
    let r = unsafe { libc::shutdown(fd, libc::SHUT_RDWR) };
    report("shutdown on an unconnected socket", r.into(), &enotconn);
    let mut name = v4(1);
    let mut len = len_of::<sockaddr_in>();
    // SAFETY: `name` has room for `len` bytes.
    let r = unsafe { libc::getsockname(fd, (&raw mut name).cast(), &mut len) };
    report("getsockname on an unbound socket", r.into(), &[]);
    println!(
        "getsockname on an unbound socket gives 0.0.0.0:0: {}",
        c_int::from(name.sin_family) == libc::AF_INET
            && name.sin_port == 0
            && name.sin_addr.s_addr == 0
            && len == len_of::<sockaddr_in>()
    );
    close(fd);

    let (l, _) = listener();
    let lfd = l.as_raw_fd();
    report("send on a listening socket", send(lfd), &enotconn_epipe);
    report("recv on a listening socket", recv(lfd), &enotconn);
    let mut len = len_of::<sockaddr_in6>();
    // SAFETY: `addr` has room for `len` bytes.
    let r = unsafe { libc::getpeername(lfd, (&raw mut addr).cast(), &mut len) };
    report("getpeername on a listening socket", r.into(), &enotconn);
    drop(l);

    let udp = socket(libc::AF_INET, libc::SOCK_DGRAM);
    report(
        "send on UDP with no peer",
        send(udp),
        &[("EDESTADDRREQ", libc::EDESTADDRREQ)],
    );
    close(udp);
    let udp = socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_NONBLOCK);
    report(
        "recv on an unbound non-blocking UDP socket",
        recv(udp),
        &[("EAGAIN", libc::EAGAIN), ("EINVAL", libc::EINVAL)],
    );
    close(udp);
}

fn connecting() {
    let (l, port) = listener();
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM);
    report(
        "connect(len 0)",
        connect(fd, &v4(port), 0),
        &[("EINVAL", libc::EINVAL)],
    );
    report(
        "connect(IPv4 socket, sockaddr_in6)",
        connect(fd, &v6(port), len_of::<sockaddr_in6>()),
        &[("EAFNOSUPPORT", libc::EAFNOSUPPORT)],
    );
    report(
        "connect",
        connect(fd, &v4(port), len_of::<sockaddr_in>()),
        &[],
    );
    report(
        "connect again",
        connect(fd, &v4(port), len_of::<sockaddr_in>()),
        &[("EISCONN", libc::EISCONN)],
    );
    close(fd);

    // Non-blocking: `EINPROGRESS` (or done at once), then `poll(POLLOUT)` until it is done.
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_NONBLOCK);
    let r = connect(fd, &v4(port), len_of::<sockaddr_in>());
    let e = io::Error::last_os_error();
    println!(
        "non-blocking connect: Ok or EINPROGRESS: {}",
        r == 0 || e.raw_os_error() == Some(libc::EINPROGRESS)
    );
    let mut fds = [pollfd(fd, libc::POLLOUT)];
    let n = poll(&mut fds, 5000);
    println!(
        "poll(POLLOUT) on the connecting socket: {n} {}",
        revents(fds[0].revents)
    );
    println!("SO_ERROR after it connected: {}", so_error(fd));
    report(
        "connect again after poll(POLLOUT)",
        connect(fd, &v4(port), len_of::<sockaddr_in>()),
        &[("EISCONN", libc::EISCONN)],
    );
    report(
        "connect a third time",
        connect(fd, &v4(port), len_of::<sockaddr_in>()),
        &[("EISCONN", libc::EISCONN)],
    );
    close(fd);

    let lfd = l.as_raw_fd();
    report(
        "connect a listening socket",
        connect(lfd, &v4(port), len_of::<sockaddr_in>()),
        &[
            ("EISCONN", libc::EISCONN),
            ("EINVAL", libc::EINVAL),
            ("EOPNOTSUPP", libc::EOPNOTSUPP),
        ],
    );
    drop(l);
}

fn close_while_connecting() {
    let (l, port) = listener();
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_NONBLOCK);
    let r = connect(fd, &v4(port), len_of::<sockaddr_in>());
    let e = io::Error::last_os_error();
    println!(
        "connect to close while pending: Ok or EINPROGRESS: {}",
        r == 0 || e.raw_os_error() == Some(libc::EINPROGRESS)
    );
    // SAFETY: `fd` is open.
    report(
        "close with a connect pending",
        unsafe { libc::close(fd) }.into(),
        &[],
    );
    let again = socket(libc::AF_INET, libc::SOCK_STREAM);
    println!("the closed descriptor number is reused: {}", again == fd);
    close(again);
    drop(l);

    // The same against a closed port, where the connect is about to be refused.
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_NONBLOCK);
    let _ = connect(fd, &v4(closed_port()), len_of::<sockaddr_in>());
    // SAFETY: `fd` is open.
    report(
        "close with a refused connect pending",
        unsafe { libc::close(fd) }.into(),
        &[],
    );
    let again = socket(libc::AF_INET, libc::SOCK_STREAM);
    println!(
        "the closed descriptor number is reused again: {}",
        again == fd
    );
    close(again);
}

fn shutdown() {
    let (c, _s) = pair();
    let fd = c.as_raw_fd();
    let einval = [("EINVAL", libc::EINVAL)];
    // SAFETY (both): plain system calls.
    report(
        "shutdown(how 99)",
        unsafe { libc::shutdown(fd, 99) }.into(),
        &einval,
    );
    report(
        "shutdown(how -1)",
        unsafe { libc::shutdown(fd, -1) }.into(),
        &einval,
    );
    report(
        "shutdown(SHUT_WR)",
        unsafe { libc::shutdown(fd, libc::SHUT_WR) }.into(),
        &[],
    );
}

fn options() {
    let enoprotoopt = [("ENOPROTOOPT", libc::ENOPROTOOPT)];
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM);
    let r = get_int(fd, libc::SOL_SOCKET, UNKNOWN_OPTION);
    report(
        "getsockopt(SOL_SOCKET, unknown)",
        if r.is_ok() { 0 } else { -1 },
        &enoprotoopt,
    );
    report(
        "setsockopt(SOL_SOCKET, unknown)",
        set_int(fd, libc::SOL_SOCKET, UNKNOWN_OPTION, 1),
        &enoprotoopt,
    );
    println!("SO_ERROR of a fresh socket: {}", so_error(fd));
    println!(
        "SO_TYPE is SOCK_STREAM: {:?}",
        get_int(fd, libc::SOL_SOCKET, libc::SO_TYPE)
            .map(|t| t == libc::SOCK_STREAM)
            .map_err(|e| e.kind())
    );

    // A buffer shorter than an `int`: POSIX says the value is silently truncated.
    report(
        "setsockopt(SO_KEEPALIVE, 1)",
        set_int(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE, 1),
        &[],
    );
    let mut byte = 0xffu8;
    let mut len: socklen_t = 1;
    // SAFETY: `byte` has room for `len` (1) byte.
    let r = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_KEEPALIVE,
            (&raw mut byte).cast(),
            &mut len,
        )
    };
    report(
        "getsockopt(SO_KEEPALIVE) into 1 byte",
        r.into(),
        &[("EINVAL", libc::EINVAL)],
    );
    println!("getsockopt(SO_KEEPALIVE) into 1 byte leaves: len {len} byte {byte}");

    // SO_RCVTIMEO: set, read back, then clear.
    let tv = libc::timeval {
        tv_sec: 2,
        tv_usec: 500_000,
    };
    // SAFETY: `tv` is a `timeval`.
    let r = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&raw const tv).cast(),
            len_of::<libc::timeval>(),
        )
    };
    report("setsockopt(SO_RCVTIMEO, 2.5 s)", r.into(), &[]);
    let mut out = libc::timeval {
        tv_sec: -1,
        tv_usec: -1,
    };
    let mut len = len_of::<libc::timeval>();
    // SAFETY: `out` has room for `len` bytes.
    let r = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&raw mut out).cast(),
            &mut len,
        )
    };
    report("getsockopt(SO_RCVTIMEO)", r.into(), &[]);
    println!(
        "SO_RCVTIMEO reads back: {} s {} us, full length {}",
        out.tv_sec,
        out.tv_usec,
        len == len_of::<libc::timeval>()
    );
    let bad = libc::timeval {
        tv_sec: 1,
        tv_usec: 1_000_000,
    };
    // SAFETY: `bad` is a `timeval`.
    let r = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&raw const bad).cast(),
            len_of::<libc::timeval>(),
        )
    };
    report(
        "setsockopt(SO_RCVTIMEO, tv_usec 1000000)",
        r.into(),
        &[("EDOM", libc::EDOM)],
    );
    // SAFETY: `tv` is a `timeval`, of which 4 bytes are passed.
    let r = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&raw const tv).cast(),
            4,
        )
    };
    report(
        "setsockopt(SO_RCVTIMEO, 4-byte value)",
        r.into(),
        &[("EINVAL", libc::EINVAL)],
    );
    let zero = libc::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    // SAFETY: `zero` is a `timeval`.
    unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&raw const zero).cast(),
            len_of::<libc::timeval>(),
        );
    }
    let mut len = len_of::<libc::timeval>();
    // SAFETY: `out` has room for `len` bytes.
    unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&raw mut out).cast(),
            &mut len,
        )
    };
    println!(
        "SO_RCVTIMEO cleared reads back: {} s {} us",
        out.tv_sec, out.tv_usec
    );
    close(fd);

    // SO_RCVTIMEO bounds a blocking recv with EAGAIN.
    let (c, _s) = pair();
    let short = libc::timeval {
        tv_sec: 0,
        tv_usec: 100_000,
    };
    // SAFETY: `short` is a `timeval`.
    unsafe {
        libc::setsockopt(
            c.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&raw const short).cast(),
            len_of::<libc::timeval>(),
        );
    }
    let start = Instant::now();
    report(
        "recv past SO_RCVTIMEO 100 ms",
        recv(c.as_raw_fd()),
        &[("EAGAIN", libc::EAGAIN)],
    );
    println!(
        "recv waited at least 90 ms: {}",
        start.elapsed() >= Duration::from_millis(90)
    );

    // Documented deviations of the shim (WASI 0.2 cannot express them).
    let fd6 = socket(libc::AF_INET6, libc::SOCK_STREAM);
    println!(
        "IPV6_V6ONLY of a fresh IPv6 socket: {:?}",
        get_int(fd6, libc::IPPROTO_IPV6, libc::IPV6_V6ONLY).map_err(|e| e.kind())
    );
    report(
        "setsockopt(IPV6_V6ONLY, 0)",
        set_int(fd6, libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, 0),
        &[("ENOTSUP", libc::ENOTSUP)],
    );
    close(fd6);
}

fn refused_nonblocking_connect() {
    // What std's `TcpStream::connect_timeout` does: non-blocking connect, `poll(POLLOUT)`, then
    // `SO_ERROR` when `poll` reports `POLLERR`/`POLLHUP`. The refusal may also be reported by
    // `connect` itself when it comes fast enough (on either target), so the lines compared are
    // the ones true on both paths: the refusal is reported exactly once (by `connect` or by
    // `SO_ERROR`), and `poll` reports `POLLOUT` with `POLLERR` or `POLLHUP`.
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_NONBLOCK);
    let r = connect(fd, &v4(closed_port()), len_of::<sockaddr_in>());
    let connect_errno = if r < 0 {
        io::Error::last_os_error().raw_os_error()
    } else {
        None
    };
    println!(
        "refused non-blocking connect returns EINPROGRESS or ECONNREFUSED: {}",
        matches!(connect_errno, Some(e) if e == libc::EINPROGRESS || e == libc::ECONNREFUSED)
    );
    // Not compared: which path is taken depends on timing.
    eprintln!(
        "(refused non-blocking connect: connect itself reported ECONNREFUSED: {})",
        connect_errno == Some(libc::ECONNREFUSED)
    );
    let mut fds = [pollfd(fd, libc::POLLOUT)];
    let n = poll(&mut fds, 5000);
    let ev = fds[0].revents;
    println!(
        "poll(POLLOUT) after the refusal: {n}, POLLOUT {}, POLLERR or POLLHUP {}",
        ev & libc::POLLOUT != 0,
        ev & (libc::POLLERR | libc::POLLHUP) != 0
    );
    let first = get_int(fd, libc::SOL_SOCKET, libc::SO_ERROR).unwrap();
    let second = get_int(fd, libc::SOL_SOCKET, libc::SO_ERROR).unwrap();
    eprintln!("(SO_ERROR read twice after the refusal: {first}, {second})");
    let reports = [connect_errno.unwrap_or(0), first, second]
        .iter()
        .filter(|&&e| e == libc::ECONNREFUSED)
        .count();
    println!(
        "ECONNREFUSED reported exactly once (by connect or SO_ERROR): {}",
        reports == 1
    );
    println!("SO_ERROR reads 0 once read: {}", second == 0);
    // Once the error has been read, the socket is simply closed: writable (a write fails at
    // once) and hung up, with no error pending.
    let mut fds = [pollfd(fd, libc::POLLOUT)];
    let n = poll(&mut fds, 0);
    println!(
        "poll(POLLOUT) again once SO_ERROR was read: {n}, {}",
        revents(fds[0].revents)
    );
    close(fd);

    // The same refusal seen by calling `connect` again until it stops saying "in progress":
    // the call that reports the error consumes it, so `SO_ERROR` then reads 0.
    let port = closed_port();
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_NONBLOCK);
    let mut errno = None;
    for _ in 0..250 {
        let r = connect(fd, &v4(port), len_of::<sockaddr_in>());
        errno = if r < 0 {
            io::Error::last_os_error().raw_os_error()
        } else {
            None
        };
        if !matches!(errno, Some(e) if e == libc::EINPROGRESS || e == libc::EALREADY) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    println!(
        "connect repeated until done reports ECONNREFUSED: {}",
        errno == Some(libc::ECONNREFUSED)
    );
    println!(
        "SO_ERROR once connect reported the refusal: {}",
        so_error(fd)
    );
    close(fd);

    let r = TcpStream::connect_timeout(
        &([127, 0, 0, 1], closed_port()).into(),
        Duration::from_secs(5),
    );
    println!(
        "std connect_timeout to a closed port: {:?}",
        r.map(drop).map_err(|e| e.kind())
    );
}

fn polling() {
    // A closed descriptor reports POLLNVAL; a negative one is ignored (revents 0).
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM);
    close(fd);
    let mut fds = [pollfd(fd, libc::POLLIN), pollfd(-1, libc::POLLIN)];
    let n = poll(&mut fds, 0);
    println!(
        "poll(closed fd, -1): {n}, {}, {}",
        revents(fds[0].revents),
        revents(fds[1].revents)
    );

    // Nothing ready: returns 0 after the timeout.
    let (l, _) = listener();
    let mut fds = [pollfd(l.as_raw_fd(), libc::POLLIN)];
    let start = Instant::now();
    let n = poll(&mut fds, 50);
    println!(
        "poll(idle listener, 50 ms): {n}, {}, waited at least 45 ms: {}",
        revents(fds[0].revents),
        start.elapsed() >= Duration::from_millis(45)
    );
    let start = Instant::now();
    let n = poll(&mut [], 20);
    println!(
        "poll(no fds, 20 ms): {n}, waited at least 15 ms: {}",
        start.elapsed() >= Duration::from_millis(15)
    );

    // Readiness of the usual cases.
    let (c, s) = pair();
    let mut fds = [pollfd(c.as_raw_fd(), libc::POLLIN | libc::POLLOUT)];
    let n = poll(&mut fds, 0);
    println!(
        "poll(connected, nothing to read): {n}, {}",
        revents(fds[0].revents)
    );
    // The same connection in several entries: one socket, whatever the entries ask.
    let mut fds = [pollfd(c.as_raw_fd(), libc::POLLIN); 3];
    let n = poll(&mut fds, 20);
    println!(
        "poll(one idle connection in three entries, 20 ms): {n}, {} {} {}",
        revents(fds[0].revents),
        revents(fds[1].revents),
        revents(fds[2].revents)
    );
    must(send(s.as_raw_fd()), "send");
    let mut fds = [pollfd(c.as_raw_fd(), libc::POLLIN)];
    let n = poll(&mut fds, 5000);
    println!(
        "poll(connected, a byte to read): {n}, {}",
        revents(fds[0].revents)
    );
    let mut fds = [
        pollfd(c.as_raw_fd(), libc::POLLIN),
        pollfd(c.as_raw_fd(), libc::POLLIN | libc::POLLOUT),
    ];
    let n = poll(&mut fds, 5000);
    println!(
        "poll(the connection in two entries, a byte to read): {n}, {} {}",
        revents(fds[0].revents),
        revents(fds[1].revents)
    );
    drop(s);
    must(recv(c.as_raw_fd()), "recv");
    let mut fds = [pollfd(c.as_raw_fd(), libc::POLLIN)];
    let n = poll(&mut fds, 5000);
    println!(
        "poll(peer closed): {n}, POLLIN {}",
        fds[0].revents & libc::POLLIN != 0
    );
    let fresh = socket(libc::AF_INET, libc::SOCK_STREAM);
    let mut fds = [pollfd(fresh, libc::POLLIN | libc::POLLOUT)];
    let n = poll(&mut fds, 0);
    println!(
        "poll(fresh unconnected TCP socket): {n}, {}",
        revents(fds[0].revents)
    );
    close(fresh);
    drop(l);
}

/// A connected pair whose server side is closed with unread data, which makes it send a reset
/// (RST) rather than an orderly end. Returns the client side.
fn reset_pair() -> TcpStream {
    let (c, s) = pair();
    // SAFETY: two readable bytes; `MSG_NOSIGNAL` as in `send`.
    let sent = unsafe { libc::send(c.as_raw_fd(), b"xy".as_ptr().cast(), 2, libc::MSG_NOSIGNAL) };
    must(sent as i64, "send");
    // Both bytes travel in one segment: reading one leaves the other unread in the kernel.
    must(recv(s.as_raw_fd()), "recv");
    drop(s);
    c
}

fn reset() {
    // Observed first by reading: every event, with `POLLERR` until the error is read once.
    let c = reset_pair();
    let fd = c.as_raw_fd();
    let mut fds = [pollfd(fd, libc::POLLIN)];
    let n = poll(&mut fds, 5000);
    println!(
        "poll(POLLIN) after a reset: {n}, {}",
        revents(fds[0].revents)
    );
    let mut fds = [pollfd(fd, libc::POLLOUT)];
    let n = poll(&mut fds, 5000);
    println!(
        "poll(POLLOUT) after a reset: {n}, {}",
        revents(fds[0].revents)
    );
    report(
        "recv after a reset",
        recv(fd),
        &[("ECONNRESET", libc::ECONNRESET)],
    );
    let mut fds = [pollfd(fd, libc::POLLIN | libc::POLLOUT)];
    let n = poll(&mut fds, 5000);
    println!(
        "poll(POLLIN|POLLOUT) after the reset was read: {n}, {}",
        revents(fds[0].revents)
    );
    println!("recv again after a reset: {}", recv(fd));
    report(
        "send after a reset",
        send(fd),
        &[("EPIPE", libc::EPIPE), ("ECONNRESET", libc::ECONNRESET)],
    );
    println!("SO_ERROR after a reset: {}", so_error(fd));
    drop(c);

    // Observed first by writing: sends succeed until the reset arrives, then one fails; after
    // that, `poll(POLLOUT)` returns at once (a write would not block: it fails).
    let c = reset_pair();
    let fd = c.as_raw_fd();
    let mut failed = false;
    for _ in 0..10_000 {
        let mut fds = [pollfd(fd, libc::POLLOUT)];
        poll(&mut fds, 5000);
        if send(fd) < 0 {
            failed = true;
            break;
        }
    }
    println!("a send fails after the peer's reset: {failed}");
    let mut fds = [pollfd(fd, libc::POLLOUT)];
    let n = poll(&mut fds, 5000);
    println!(
        "poll(POLLOUT) after a failed send: {n}, POLLOUT {}",
        fds[0].revents & libc::POLLOUT != 0
    );
    let mut fds = [pollfd(fd, libc::POLLIN | libc::POLLOUT)];
    let n = poll(&mut fds, 5000);
    println!(
        "poll(POLLIN|POLLOUT) after a failed send: {n}, {}",
        revents(fds[0].revents)
    );
    println!("recv after a failed send: {}", recv(fd));
    report(
        "send after a failed send",
        send(fd),
        &[("EPIPE", libc::EPIPE), ("ECONNRESET", libc::ECONNRESET)],
    );
    println!("SO_ERROR after a failed send: {}", so_error(fd));
    drop(c);
}

fn flags() {
    let fd = socket(libc::AF_INET, libc::SOCK_STREAM);
    let (cloexec, nonblock) = fd_flags(fd);
    println!("plain socket: FD_CLOEXEC {cloexec} O_NONBLOCK {nonblock}");
    close(fd);

    // A listener made non-blocking three ways; `accept` with nothing pending tells.
    let eagain = [("EAGAIN", libc::EAGAIN)];
    let fd = socket(
        libc::AF_INET,
        libc::SOCK_STREAM | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK,
    );
    let (cloexec, nonblock) = fd_flags(fd);
    println!("SOCK_CLOEXEC|SOCK_NONBLOCK socket: FD_CLOEXEC {cloexec} O_NONBLOCK {nonblock}");
    must(bind(fd, &v4(0), len_of::<sockaddr_in>()), "bind");
    // SAFETY: plain system call.
    must(unsafe { libc::listen(fd, 4) }.into(), "listen");
    report("accept on a SOCK_NONBLOCK listener", accept(fd), &eagain);
    // SAFETY (fcntl calls below): `F_SETFD`/`F_SETFL` take one `int`.
    report(
        "fcntl(F_SETFD, 0)",
        unsafe { libc::fcntl(fd, libc::F_SETFD, 0) }.into(),
        &[],
    );
    println!("after F_SETFD 0: FD_CLOEXEC {}", fd_flags(fd).0);
    report(
        "fcntl(F_SETFD, FD_CLOEXEC)",
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) }.into(),
        &[],
    );
    println!("after F_SETFD FD_CLOEXEC: FD_CLOEXEC {}", fd_flags(fd).0);
    report(
        "fcntl(F_SETFL, 0)",
        unsafe { libc::fcntl(fd, libc::F_SETFL, 0) }.into(),
        &[],
    );
    println!("after F_SETFL 0: O_NONBLOCK {}", fd_flags(fd).1);
    report(
        "fcntl(F_SETFL, O_NONBLOCK)",
        unsafe { libc::fcntl(fd, libc::F_SETFL, libc::O_NONBLOCK) }.into(),
        &[],
    );
    println!("after F_SETFL O_NONBLOCK: O_NONBLOCK {}", fd_flags(fd).1);
    report("accept after F_SETFL O_NONBLOCK", accept(fd), &eagain);

    let mut off: c_int = 0;
    // SAFETY: `FIONBIO` takes a pointer to an `int`.
    report(
        "ioctl(FIONBIO, 0)",
        unsafe { libc::ioctl(fd, libc::FIONBIO, &raw mut off) }.into(),
        &[],
    );
    println!("after FIONBIO 0: O_NONBLOCK {}", fd_flags(fd).1);
    let mut on: c_int = 1;
    // SAFETY: as above.
    report(
        "ioctl(FIONBIO, 1)",
        unsafe { libc::ioctl(fd, libc::FIONBIO, &raw mut on) }.into(),
        &[],
    );
    println!("after FIONBIO 1: O_NONBLOCK {}", fd_flags(fd).1);
    report("accept after FIONBIO 1", accept(fd), &eagain);
    close(fd);
    // SAFETY: plain system call on a closed descriptor.
    report(
        "fcntl(F_GETFD) on a closed socket",
        unsafe { libc::fcntl(fd, libc::F_GETFD) }.into(),
        &[("EBADF", libc::EBADF)],
    );
}

fn lookup() {
    // An invalid name must fail without a real lookup (nothing here reaches the internet).
    println!(
        "lookup of an invalid name fails: {}",
        "not a valid name!:80".to_socket_addrs().is_err()
    );
    let e = "127.0.0.1:99999".to_socket_addrs().unwrap_err();
    println!("an invalid port: {:?}", e.kind());
}
