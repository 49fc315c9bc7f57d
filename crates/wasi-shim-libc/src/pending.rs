//! WASI 0.3 (`wasm32-wasip3`): the C functions whose platform part the p3 backend does not have
//! yet (sockets, name lookup, `poll`; docs/WASIP3.md, docs/COVERAGE.md). On p2 they are
//! `socket.rs`, `netdb.rs` and `poll.rs`.
//!
//! Each fails the way POSIX lets a call fail on a system without the facility, never by
//! pretending: what would create something (`socket`, `getaddrinfo`, `poll` on descriptors) is
//! `ENOSYS`; what works on an existing socket fails as on any descriptor that is not one
//! (`EBADF` when it is not open, `ENOTSOCK` otherwise: no socket can exist yet).

use crate::args::fd_arg;
use crate::errno::fail;
use core::ffi::{c_char, c_int, c_void};
use libc::{addrinfo, nfds_t, pollfd, size_t, sockaddr, socklen_t, ssize_t};
use wasi_shim::{Errno, fd};

/// The error of a socket call on `fd`: `EBADF` when it is not open, `ENOTSOCK` otherwise.
fn not_a_socket(fd: c_int) -> Errno {
    match fd_arg(fd).and_then(fd::cloexec) {
        Ok(_) => Errno::NOTSOCK,
        Err(e) => e,
    }
}

/// `socket(domain, type, protocol)`: `ENOSYS` (no sockets on p3 yet).
#[unsafe(no_mangle)]
pub extern "C" fn socket(_domain: c_int, _ty: c_int, _protocol: c_int) -> c_int {
    fail(Errno::NOSYS)
}

/// `bind`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn bind(fd: c_int, _addr: *const sockaddr, _len: socklen_t) -> c_int {
    fail(not_a_socket(fd))
}

/// `listen`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn listen(fd: c_int, _backlog: c_int) -> c_int {
    fail(not_a_socket(fd))
}

/// `accept4`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn accept4(
    fd: c_int,
    _addr: *mut sockaddr,
    _len: *mut socklen_t,
    _flags: c_int,
) -> c_int {
    fail(not_a_socket(fd))
}

/// `accept`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn accept(fd: c_int, _addr: *mut sockaddr, _len: *mut socklen_t) -> c_int {
    fail(not_a_socket(fd))
}

/// `connect`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn connect(fd: c_int, _addr: *const sockaddr, _len: socklen_t) -> c_int {
    fail(not_a_socket(fd))
}

/// `sendto`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn sendto(
    fd: c_int,
    _buf: *const c_void,
    _len: size_t,
    _flags: c_int,
    _addr: *const sockaddr,
    _addrlen: socklen_t,
) -> ssize_t {
    fail(not_a_socket(fd))
}

/// `send`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn send(fd: c_int, _buf: *const c_void, _len: size_t, _flags: c_int) -> ssize_t {
    fail(not_a_socket(fd))
}

/// `recvfrom`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn recvfrom(
    fd: c_int,
    _buf: *mut c_void,
    _len: size_t,
    _flags: c_int,
    _addr: *mut sockaddr,
    _addrlen: *mut socklen_t,
) -> ssize_t {
    fail(not_a_socket(fd))
}

/// `recv`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn recv(fd: c_int, _buf: *mut c_void, _len: size_t, _flags: c_int) -> ssize_t {
    fail(not_a_socket(fd))
}

/// `shutdown`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn shutdown(fd: c_int, _how: c_int) -> c_int {
    fail(not_a_socket(fd))
}

/// `getsockname`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn getsockname(fd: c_int, _addr: *mut sockaddr, _len: *mut socklen_t) -> c_int {
    fail(not_a_socket(fd))
}

/// `getpeername`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn getpeername(fd: c_int, _addr: *mut sockaddr, _len: *mut socklen_t) -> c_int {
    fail(not_a_socket(fd))
}

/// `getsockopt`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn getsockopt(
    fd: c_int,
    _level: c_int,
    _name: c_int,
    _value: *mut c_void,
    _len: *mut socklen_t,
) -> c_int {
    fail(not_a_socket(fd))
}

/// `setsockopt`: see [`not_a_socket`].
#[unsafe(no_mangle)]
pub extern "C" fn setsockopt(
    fd: c_int,
    _level: c_int,
    _name: c_int,
    _value: *const c_void,
    _len: socklen_t,
) -> c_int {
    fail(not_a_socket(fd))
}

/// `getaddrinfo`: `EAI_SYSTEM` with `errno` `ENOSYS` (no name lookup on p3 yet), so std reports
/// "Function not implemented"; `*res` is left as it was.
#[unsafe(no_mangle)]
pub extern "C" fn getaddrinfo(
    _node: *const c_char,
    _service: *const c_char,
    _hints: *const addrinfo,
    _res: *mut *mut addrinfo,
) -> c_int {
    crate::errno::set_errno(Errno::NOSYS);
    libc::EAI_SYSTEM
}

/// `freeaddrinfo`: nothing to free (`getaddrinfo` never makes a list on p3 yet).
#[unsafe(no_mangle)]
pub extern "C" fn freeaddrinfo(_list: *mut addrinfo) {}

/// `poll`: `ENOSYS` (readiness of p3 streams is not built yet).
#[unsafe(no_mangle)]
pub extern "C" fn poll(_fds: *mut pollfd, _n: nfds_t, _timeout: c_int) -> c_int {
    fail(Errno::NOSYS)
}
