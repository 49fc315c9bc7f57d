//! TCP round trips: one program holds both ends of a loopback connection (blocking sockets) and
//! does `args[1]` round trips (default 5000) of a 64-byte message: the client writes it, the
//! server reads it and writes it back, the client reads it. Phase `rr` (setup excluded).

use std::io::{Read, Write};
use workloads::{arg, check, loopback_pair, timed};

const MESSAGE: usize = 64;

fn main() {
    let n = arg(1, 5000);
    let (mut client, mut server) = loopback_pair(true);
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
