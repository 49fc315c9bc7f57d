//! The socket group: not implemented yet (the sockets issue). Each function fails with
//! `ENOSYS`, so programs that use `std::net` link and get a clear `Unsupported` error instead of a
//! link failure; `docs/COVERAGE.md` lists them as unimplemented.

use crate::errno::fail;
use core::ffi::{c_char, c_int, c_void};
use libc::{addrinfo, nfds_t, pollfd, size_t, sockaddr, socklen_t, ssize_t};
use wasi_shim::Errno;

macro_rules! unimplemented_socket_fns {
    ($( $(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty; )*) => {$(
        $(#[$doc])*
        ///
        /// # Errors
        /// Always `ENOSYS`: sockets are not implemented yet.
        #[unsafe(no_mangle)]
        pub extern "C" fn $name($(_: $ty),*) -> $ret {
            fail(Errno::NOSYS)
        }
    )*};
}

unimplemented_socket_fns! {
    /// `socket(domain, type, protocol)`.
    fn socket(domain: c_int, ty: c_int, protocol: c_int) -> c_int;
    /// `bind(fd, addr, len)`.
    fn bind(fd: c_int, addr: *const sockaddr, len: socklen_t) -> c_int;
    /// `listen(fd, backlog)`.
    fn listen(fd: c_int, backlog: c_int) -> c_int;
    /// `accept(fd, addr, len)`.
    fn accept(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
    /// `accept4(fd, addr, len, flags)`.
    fn accept4(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t, flags: c_int) -> c_int;
    /// `connect(fd, addr, len)`.
    fn connect(fd: c_int, addr: *const sockaddr, len: socklen_t) -> c_int;
    /// `send(fd, buf, len, flags)`.
    fn send(fd: c_int, buf: *const c_void, len: size_t, flags: c_int) -> ssize_t;
    /// `recv(fd, buf, len, flags)`.
    fn recv(fd: c_int, buf: *mut c_void, len: size_t, flags: c_int) -> ssize_t;
    /// `sendto(fd, buf, len, flags, addr, addrlen)`.
    fn sendto(fd: c_int, buf: *const c_void, len: size_t, flags: c_int, addr: *const sockaddr, addrlen: socklen_t) -> ssize_t;
    /// `recvfrom(fd, buf, len, flags, addr, addrlen)`.
    fn recvfrom(fd: c_int, buf: *mut c_void, len: size_t, flags: c_int, addr: *mut sockaddr, addrlen: *mut socklen_t) -> ssize_t;
    /// `shutdown(fd, how)`.
    fn shutdown(fd: c_int, how: c_int) -> c_int;
    /// `getsockname(fd, addr, len)`.
    fn getsockname(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
    /// `getpeername(fd, addr, len)`.
    fn getpeername(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
    /// `getsockopt(fd, level, name, value, len)`.
    fn getsockopt(fd: c_int, level: c_int, name: c_int, value: *mut c_void, len: *mut socklen_t) -> c_int;
    /// `setsockopt(fd, level, name, value, len)`.
    fn setsockopt(fd: c_int, level: c_int, name: c_int, value: *const c_void, len: socklen_t) -> c_int;
    /// `poll(fds, n, timeout)`.
    fn poll(fds: *mut pollfd, n: nfds_t, timeout: c_int) -> c_int;
}

/// `EAI_SYSTEM` in wasi-libc's numbering: "a system error occurred; see `errno`".
const EAI_SYSTEM: c_int = -11;

/// `getaddrinfo(host, service, hints, res)`.
///
/// # Errors
/// Always `EAI_SYSTEM` with `errno` `ENOSYS`: name lookup is not implemented yet.
#[unsafe(no_mangle)]
pub extern "C" fn getaddrinfo(
    _host: *const c_char,
    _service: *const c_char,
    _hints: *const addrinfo,
    _res: *mut *mut addrinfo,
) -> c_int {
    crate::errno::set_errno(Errno::NOSYS);
    EAI_SYSTEM
}

/// `freeaddrinfo(list)`: nothing to free, since `getaddrinfo` never returns a list yet.
#[unsafe(no_mangle)]
pub extern "C" fn freeaddrinfo(_list: *mut addrinfo) {}

/// `gai_strerror(code)`: a message for a `getaddrinfo` error.
#[unsafe(no_mangle)]
pub extern "C" fn gai_strerror(code: c_int) -> *const c_char {
    let message: &'static core::ffi::CStr = match code {
        EAI_SYSTEM => c"System error",
        _ => c"Unknown error",
    };
    message.as_ptr()
}
