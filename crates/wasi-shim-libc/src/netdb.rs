//! `<netdb.h>`: `getaddrinfo` and `freeaddrinfo`, over `wasi_shim::net::resolve`.
//!
//! Addresses are the `libc` crate's `sockaddr_in`/`sockaddr_in6` for `target_env = "p2"`, written
//! by `socket.rs`'s encoder.

use crate::errno::set_errno;
use crate::socket::encode_addr;
use alloc::vec::Vec;
use core::ffi::{CStr, c_char, c_int};
use core::mem::size_of;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use libc::{addrinfo, sockaddr_in6, socklen_t};
use wasi_shim::Errno;
use wasi_shim::net;

use crate::gai::{
    EAI_AGAIN, EAI_BADFLAGS, EAI_FAIL, EAI_FAMILY, EAI_MEMORY, EAI_NONAME, EAI_SERVICE,
    EAI_SOCKTYPE,
};
const AI_PASSIVE: c_int = 0x01;
const AI_NUMERICHOST: c_int = 0x04;
const AI_NUMERICSERV: c_int = 0x400;

/// One `addrinfo` node and the address it points to, allocated together with `malloc`.
#[repr(C)]
struct AddrInfoNode {
    info: addrinfo,
    addr: [u8; size_of::<sockaddr_in6>()],
}

/// `getaddrinfo(host, service, hints, res)`: numeric hosts are parsed directly; names go to
/// `ip-name-lookup.resolve-addresses`. `service` must be a port number.
///
/// # Deviations
/// Service names (`"http"`) give `EAI_SERVICE`: WASI has no services database. `ai_canonname` is
/// never set.
///
/// # Errors
/// `EAI_NONAME` for a name that does not resolve (or is invalid), `EAI_AGAIN` for a temporary
/// failure, `EAI_FAMILY`, `EAI_SOCKTYPE`, `EAI_BADFLAGS`, `EAI_MEMORY`, and `EAI_SYSTEM` with
/// `errno` for anything else (`EACCES` when the host's policy forbids lookups).
///
/// # Safety
/// `host` and `service` null or NUL-terminated; `hints` null or an `addrinfo`; `res` writable.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/getaddrinfo.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn getaddrinfo(
    host: *const c_char,
    service: *const c_char,
    hints: *const addrinfo,
    res: *mut *mut addrinfo,
) -> c_int {
    if res.is_null() {
        return EAI_FAIL;
    }
    // SAFETY: the caller gives an `addrinfo` or null.
    let hints = unsafe { hints.as_ref() };
    let flags = hints.map_or(0, |h| h.ai_flags);
    let family = hints.map_or(libc::AF_UNSPEC, |h| h.ai_family);
    let socktype = hints.map_or(0, |h| h.ai_socktype);
    if flags & !(AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV) != 0 {
        return EAI_BADFLAGS;
    }
    if ![libc::AF_UNSPEC, libc::AF_INET, libc::AF_INET6].contains(&family) {
        return EAI_FAMILY;
    }
    if ![0, libc::SOCK_STREAM, libc::SOCK_DGRAM].contains(&socktype) {
        return EAI_SOCKTYPE;
    }
    if host.is_null() && service.is_null() {
        return EAI_NONAME;
    }
    let port = if service.is_null() {
        0
    } else {
        // SAFETY: the caller gives a NUL-terminated string.
        let service = unsafe { CStr::from_ptr(service) }.to_bytes();
        match core::str::from_utf8(service)
            .ok()
            .and_then(|s| s.parse::<u16>().ok())
        {
            Some(port) => port,
            None => return EAI_SERVICE,
        }
    };
    let addresses: Vec<IpAddr> = if host.is_null() {
        if flags & AI_PASSIVE != 0 {
            Vec::from([
                IpAddr::V6(Ipv6Addr::UNSPECIFIED),
                IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            ])
        } else {
            Vec::from([
                IpAddr::V6(Ipv6Addr::LOCALHOST),
                IpAddr::V4(Ipv4Addr::LOCALHOST),
            ])
        }
    } else {
        // SAFETY: the caller gives a NUL-terminated string.
        let Ok(name) = core::str::from_utf8(unsafe { CStr::from_ptr(host) }.to_bytes()) else {
            return EAI_NONAME;
        };
        if flags & AI_NUMERICHOST != 0 && name.parse::<IpAddr>().is_err() {
            return EAI_NONAME;
        }
        match net::resolve(name) {
            Ok(list) => list,
            Err(e) => {
                return match e {
                    Errno::NOENT | Errno::INVAL => EAI_NONAME,
                    Errno::AGAIN => EAI_AGAIN,
                    Errno::IO => EAI_FAIL,
                    other => {
                        set_errno(other);
                        libc::EAI_SYSTEM
                    }
                };
            }
        }
    };
    let socktypes: &[c_int] = match socktype {
        0 => &[libc::SOCK_STREAM, libc::SOCK_DGRAM],
        libc::SOCK_STREAM => &[libc::SOCK_STREAM],
        _ => &[libc::SOCK_DGRAM],
    };
    let mut head: *mut addrinfo = core::ptr::null_mut();
    let mut tail: *mut *mut addrinfo = &raw mut head;
    for ip in addresses {
        let addr_family = match ip {
            IpAddr::V4(_) => libc::AF_INET,
            IpAddr::V6(_) => libc::AF_INET6,
        };
        if family != libc::AF_UNSPEC && family != addr_family {
            continue;
        }
        for &ty in socktypes {
            let node = crate::malloc::calloc(1, size_of::<AddrInfoNode>()).cast::<AddrInfoNode>();
            if node.is_null() {
                // SAFETY: `head` is a list built by this function.
                unsafe { freeaddrinfo(head) };
                return EAI_MEMORY;
            }
            let mut storage = [0u8; size_of::<sockaddr_in6>()];
            let len = encode_addr(SocketAddr::new(ip, port), &mut storage);
            // SAFETY: `node` is a fresh zeroed allocation of one `AddrInfoNode`; `tail` points at
            // the `ai_next` (or `head`) that ends the list.
            unsafe {
                (*node).addr = storage;
                (*node).info = addrinfo {
                    ai_flags: 0,
                    ai_family: addr_family,
                    ai_socktype: ty,
                    ai_protocol: if ty == libc::SOCK_STREAM {
                        libc::IPPROTO_TCP
                    } else {
                        libc::IPPROTO_UDP
                    },
                    ai_addrlen: len as socklen_t,
                    ai_addr: (&raw mut (*node).addr).cast(),
                    ai_canonname: core::ptr::null_mut(),
                    ai_next: core::ptr::null_mut(),
                };
                *tail = node.cast();
                tail = &raw mut (*node).info.ai_next;
            }
        }
    }
    if head.is_null() {
        return EAI_NONAME;
    }
    // SAFETY: the caller gives a writable `res`.
    unsafe { res.write(head) };
    0
}

/// `freeaddrinfo(list)`: frees a list made by [`getaddrinfo`].
///
/// # Safety
/// `list` must be null or a list returned by [`getaddrinfo`] and not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn freeaddrinfo(list: *mut addrinfo) {
    let mut node = list;
    while !node.is_null() {
        // SAFETY: each node was allocated by `getaddrinfo` with `calloc`.
        let next = unsafe { (*node).ai_next };
        // SAFETY: as above; the node is not used again.
        unsafe { crate::malloc::free(node.cast()) };
        node = next;
    }
}
