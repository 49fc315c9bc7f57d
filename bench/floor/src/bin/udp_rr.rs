//! Floor of `udp_rr`. Setup: two UDP sockets bound to 127.0.0.1, each with its datagram streams
//! (`stream(none)`: no fixed peer). WASI calls per round trip: the client's `check-send` and
//! `send` (with the server's address), the server's `receive` (after `subscribe` + `block` + drop
//! of the pollable when nothing is there yet), its `check-send` and `send` back to the sender's
//! address, and the client's `receive` (the same way).

use floor::{arg, check, timed};
use wasip2::sockets::instance_network::instance_network;
use wasip2::sockets::network::{ErrorCode, IpAddressFamily, IpSocketAddress, Ipv4SocketAddress};
use wasip2::sockets::udp::{
    IncomingDatagram, IncomingDatagramStream, OutgoingDatagram, OutgoingDatagramStream, UdpSocket,
};
use wasip2::sockets::udp_create_socket::create_udp_socket;

const MESSAGE: usize = 64;

/// A bound socket with its streams (the streams first: they must be dropped before it).
struct Bound {
    incoming: IncomingDatagramStream,
    outgoing: OutgoingDatagramStream,
    address: IpSocketAddress,
    _socket: UdpSocket,
}

fn bind() -> Bound {
    let socket = create_udp_socket(IpAddressFamily::Ipv4).expect("create");
    let loopback = IpSocketAddress::Ipv4(Ipv4SocketAddress {
        port: 0,
        address: (127, 0, 0, 1),
    });
    socket
        .start_bind(&instance_network(), loopback)
        .expect("bind");
    loop {
        match socket.finish_bind() {
            Ok(()) => break,
            Err(ErrorCode::WouldBlock) => socket.subscribe().block(),
            Err(e) => panic!("bind: {e:?}"),
        }
    }
    let (incoming, outgoing) = socket.stream(None).expect("streams");
    let address = socket.local_address().expect("local address");
    Bound {
        incoming,
        outgoing,
        address,
        _socket: socket,
    }
}

fn send(from: &Bound, data: Vec<u8>, to: IpSocketAddress) {
    while from.outgoing.check_send().expect("check-send") == 0 {
        from.outgoing.subscribe().block();
    }
    let datagram = OutgoingDatagram {
        data,
        remote_address: Some(to),
    };
    let sent = from.outgoing.send(&[datagram]).expect("send");
    assert_eq!(sent, 1);
}

fn receive(on: &Bound) -> IncomingDatagram {
    loop {
        if let Some(datagram) = on.incoming.receive(1).expect("receive").pop() {
            return datagram;
        }
        on.incoming.subscribe().block();
    }
}

fn main() {
    let n = arg(1, 5000);
    let server = bind();
    let client = bind();
    let mut msg = vec![0u8; MESSAGE];
    timed("rr", || {
        for i in 0..n {
            msg[0] = i as u8;
            send(&client, msg.clone(), server.address);
            let request = receive(&server);
            assert_eq!(request.data.len(), MESSAGE);
            send(&server, request.data, request.remote_address);
            let reply = receive(&client);
            assert_eq!(reply.data.len(), MESSAGE);
            assert_eq!(reply.data[0], i as u8);
        }
    });
    check(&format!("round_trips={n} bytes={}", n * MESSAGE as u64 * 2));
}
