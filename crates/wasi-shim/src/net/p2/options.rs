//! Socket options (`getsockopt`/`setsockopt`).

#[allow(clippy::wildcard_imports, reason = "a part of `net`, over its types")]
use super::*;

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
