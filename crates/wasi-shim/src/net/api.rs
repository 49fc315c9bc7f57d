//! The typed socket API for `no_std` programs: [`TcpListener`], [`TcpStream`], [`UdpSocket`],
//! each owning its descriptor.

use super::addr::family_of;
use super::{
    Errno, MsgFlags, Result, Shutdown, SocketType, accept, bind, connect, get, listen, local_addr,
    peer_addr, recv, send, shutdown, socket,
};
use core::net::SocketAddr;

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
