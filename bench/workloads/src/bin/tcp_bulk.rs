//! TCP bulk transfer: one program holds both ends of a loopback connection (blocking sockets) and
//! moves `args[1]` MiB (default 64) from client to server in 64 KiB chunks: the client writes a
//! chunk (`write_all`), then the server reads it (`read` until the chunk is complete), and so on.
//! Phase `bulk` (setup excluded).

use std::io::{Read, Write};
use workloads::{arg, check, loopback_pair, pattern, pattern_at, timed};

const CHUNK: u64 = 64 << 10;

fn main() {
    let total = arg(1, 64) << 20;
    let (mut client, mut server) = loopback_pair(false);
    let data = pattern(CHUNK as usize);
    let mut buf = vec![0u8; CHUNK as usize];
    let moved = timed("bulk", || {
        let mut moved = 0u64;
        while moved < total {
            let n = (total - moved).min(CHUNK) as usize;
            client.write_all(&data[..n]).expect("write");
            let mut got = 0;
            while got < n {
                let r = server.read(&mut buf[..n - got]).expect("read");
                assert!(r > 0, "unexpected end of stream");
                assert_eq!(buf[0], pattern_at(moved + got as u64, CHUNK));
                got += r;
            }
            moved += n as u64;
        }
        moved
    });
    check(&format!("bytes={moved}"));
}
