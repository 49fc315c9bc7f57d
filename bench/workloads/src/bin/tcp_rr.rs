//! TCP round trips: one program holds both ends of a loopback connection (blocking sockets) and
//! does `args[1]` round trips (default 5000) of a 64-byte message: the client writes it, the
//! server reads it and writes it back, the client reads it. Phase `rr` (setup excluded).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use workloads::{arg, check, timed};

const MESSAGE: usize = 64;

fn main() {
    let n = arg(1, 5000);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let mut client = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
    let (mut server, _) = listener.accept().expect("accept");
    // Not every variant has the option (WASI 0.2 has none); where it exists, small messages must
    // not wait for Nagle's algorithm.
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let mut msg = [0u8; MESSAGE];
    let mut buf = [0u8; MESSAGE];
    timed("rr", || {
        for i in 0..n {
            msg[0] = i as u8;
            client.write_all(&msg).expect("client write");
            server.read_exact(&mut buf).expect("server read");
            server.write_all(&buf).expect("server write");
            client.read_exact(&mut buf).expect("client read");
            assert_eq!(buf[0], i as u8);
        }
    });
    check(&format!("round_trips={n} bytes={}", n * MESSAGE as u64 * 2));
}
