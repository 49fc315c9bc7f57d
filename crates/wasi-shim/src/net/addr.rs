//! Socket addresses: between `core::net` and `wasi:sockets`, and the checks on them.

use super::{Errno, Family, Result, Socket};
use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
#[cfg(not(target_env = "p3"))]
use wasi_shim_sys::wasi::sockets::network::{
    IpSocketAddress, Ipv4SocketAddress, Ipv6SocketAddress,
};
#[cfg(target_env = "p3")]
use wasi_shim_sys::wasi::sockets::types::{IpSocketAddress, Ipv4SocketAddress, Ipv6SocketAddress};

pub(crate) fn to_wasi(addr: SocketAddr) -> IpSocketAddress {
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

pub(crate) fn from_wasi(addr: IpSocketAddress) -> SocketAddr {
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

pub(crate) fn family_of(addr: &SocketAddr) -> Family {
    match addr {
        SocketAddr::V4(_) => Family::Ipv4,
        SocketAddr::V6(_) => Family::Ipv6,
    }
}

/// The wildcard address of the socket's family, port 0: what POSIX binds implicitly.
pub(crate) fn unspecified(family: Family) -> SocketAddr {
    match family {
        Family::Ipv4 => SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)),
        Family::Ipv6 => SocketAddr::from((Ipv6Addr::UNSPECIFIED, 0)),
    }
}

pub(crate) fn check_family(sock: &Socket, addr: &SocketAddr) -> Result<()> {
    if family_of(addr) == sock.family() {
        Ok(())
    } else {
        Err(Errno::AFNOSUPPORT)
    }
}
