//! UDP round trips: one program holds two sockets bound to loopback and does `args[1]` round
//! trips (default 5000) of a 64-byte datagram: the client sends it to the server (`send_to`),
//! the server receives it (`recv_from`) and sends it back to where it came from, the client
//! receives it. Phase `rr` (setup excluded).

use std::net::UdpSocket;
use workloads::{arg, check, timed};

const MESSAGE: usize = 64;

fn main() {
    let n = arg(1, 5000);
    let server = UdpSocket::bind("127.0.0.1:0").expect("bind server");
    let client = UdpSocket::bind("127.0.0.1:0").expect("bind client");
    let server_addr = server.local_addr().expect("server addr");
    let mut msg = [0u8; MESSAGE];
    let mut buf = [0u8; MESSAGE];
    timed("rr", || {
        for i in 0..n {
            msg[0] = i as u8;
            client.send_to(&msg, server_addr).expect("client send");
            let (len, from) = server.recv_from(&mut buf).expect("server receive");
            assert_eq!(len, MESSAGE);
            server.send_to(&buf, from).expect("server send");
            let (len, _) = client.recv_from(&mut buf).expect("client receive");
            assert_eq!(len, MESSAGE);
            assert_eq!(buf[0], i as u8);
        }
    });
    check(&format!("round_trips={n} bytes={}", n * MESSAGE as u64 * 2));
}
