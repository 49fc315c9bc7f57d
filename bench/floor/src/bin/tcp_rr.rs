//! Floor of `tcp_rr`. WASI calls per round trip: `blocking-write-and-flush` of the 64-byte
//! message (one call: the host starts the write and it completes at once on loopback),
//! `blocking-read` on the server until 64 bytes arrived (usually one call), the same back.

use floor::{arg, check, loopback_connection, recv_exact, timed};

const MESSAGE: usize = 64;

fn main() {
    let n = arg(1, 5000);
    let c = loopback_connection();
    let mut msg = [0u8; MESSAGE];
    timed("rr", || {
        for i in 0..n {
            msg[0] = i as u8;
            c.client_out
                .blocking_write_and_flush(&msg)
                .expect("client write");
            let mut echo = [0u8; MESSAGE];
            recv_exact(&c.server_in, MESSAGE, |at, d| {
                echo[at..at + d.len()].copy_from_slice(d);
            });
            c.server_out
                .blocking_write_and_flush(&echo)
                .expect("server write");
            let mut first = None;
            recv_exact(&c.client_in, MESSAGE, |at, d| {
                if at == 0 {
                    first = Some(d[0]);
                }
            });
            assert_eq!(first, Some(i as u8));
        }
    });
    check(&format!("round_trips={n} bytes={}", n * MESSAGE as u64 * 2));
}
