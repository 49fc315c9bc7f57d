//! UDP: receiving datagrams (sending is `send_on`'s, in the parent module).

#[allow(clippy::wildcard_imports, reason = "a part of `net`, over its types")]
use super::*;

pub(super) fn udp_recv(
    sock: &Socket,
    socket: &WasiUdpSocket,
    streams: &RefCell<Option<UdpStreams>>,
    buf: &mut [u8],
    peek: bool,
    nonblock: bool,
) -> Result<(usize, SocketAddr)> {
    if let Some(from) = sock.peeked_from.get() {
        let mut peeked = sock.peeked.borrow_mut();
        let n = peeked.len().min(buf.len());
        buf[..n].copy_from_slice(&peeked[..n]);
        if !peek {
            peeked.clear();
            sock.peeked_from.set(None);
        }
        return Ok((n, from));
    }
    if streams.borrow().is_none() {
        if !sock.bound.get() {
            // Nothing can ever arrive at a socket with no address: non-blocking calls say
            // `EAGAIN`, blocking ones wait out their timeout (or forever), as on Linux.
            if nonblock {
                return Err(Errno::AGAIN);
            }
            loop {
                let timeout = sock.recv_timeout.get();
                let timer = monotonic_clock::subscribe_duration(if timeout == 0 {
                    86_400 * 1_000_000_000
                } else {
                    timeout
                });
                timer.block();
                if timeout != 0 {
                    return Err(Errno::AGAIN);
                }
            }
        }
        open_streams(socket, streams)?;
    }
    let streams = streams.borrow();
    let streams = streams.as_ref().ok_or(Errno::INVAL)?;
    let mut retry = Retry::default();
    loop {
        let mut datagrams = crate::import_alloc::receiving(|| streams.incoming.receive(1))?;
        if let Some(datagram) = datagrams.pop() {
            let from = from_wasi(datagram.remote_address);
            let n = datagram.data.len().min(buf.len());
            buf[..n].copy_from_slice(&datagram.data[..n]);
            if peek {
                *sock.peeked.borrow_mut() = datagram.data;
                sock.peeked_from.set(Some(from));
            }
            return Ok((n, from));
        }
        retry.blocked(
            Waitable::Incoming(&streams.incoming),
            nonblock,
            sock.recv_timeout.get(),
        )?;
    }
}
