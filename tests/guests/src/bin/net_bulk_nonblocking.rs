//! Moves `args[1]` MiB (default 64) between two loopback TCP sockets of one single-threaded
//! program, both in non-blocking mode, in 64 KiB writes and reads, and checks every byte.
//! It writes until the socket would block, then reads until it would block, like an event loop
//! serving both ends. With stock wasi-libc on a current-thread host this loop stops making
//! progress once about 4 MiB are in flight; the shim finishes it. `T_TRACE` prints progress.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};

fn main() {
    let mib: usize = std::env::args().nth(1).map_or(64, |a| a.parse().unwrap());
    let total = mib << 20;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (mut server, _) = listener.accept().unwrap();
    client.set_nonblocking(true).unwrap();
    server.set_nonblocking(true).unwrap();
    let chunk: Vec<u8> = (0..65536u32).map(|i| (i % 251) as u8).collect();
    let mut buf = vec![0u8; 65536];
    let (mut sent, mut received) = (0usize, 0usize);
    let mut rounds = 0u64;
    while received < total {
        rounds += 1;
        if std::env::var_os("T_TRACE").is_some() && rounds % 1000 == 1 {
            eprintln!("round {rounds}: sent {sent} received {received}");
        }
        // Write until the socket says it would block (so megabytes are in flight), then read
        // until it says the same: the pattern of an event loop that serves both ends.
        while sent < total {
            let start = sent % chunk.len();
            let end = (start + (total - sent)).min(chunk.len());
            match client.write(&chunk[start..end]) {
                Ok(n) => sent += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) => panic!("write: {e}"),
            }
        }
        loop {
            match server.read(&mut buf) {
                Ok(0) => panic!("unexpected end of stream after {received} bytes"),
                Ok(n) => {
                    for (i, b) in buf[..n].iter().enumerate() {
                        let at = received + i;
                        assert_eq!(*b, (at % 65536 % 251) as u8, "byte {at}");
                    }
                    received += n;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) => panic!("read: {e}"),
            }
        }
    }
    println!("moved {mib} MiB");
    eprintln!("rounds: {rounds}");
}
