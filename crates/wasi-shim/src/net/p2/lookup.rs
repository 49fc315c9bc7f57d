//! Name lookup (`getaddrinfo`'s host part), through `wasi:sockets/ip-name-lookup`.

#[allow(clippy::wildcard_imports, reason = "a part of `net`, over its types")]
use super::*;

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
