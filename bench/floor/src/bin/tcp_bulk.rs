//! Floor of `tcp_bulk`. WASI calls per 64 KiB chunk: `check-write` and `write` of what it permits
//! (the host permits 64 KiB once the previous write finished; while it has not, `subscribe` +
//! `block` + drop of the pollable), then `blocking-read` on the server until the chunk arrived,
//! using each piece where the host put it (no copy).

use floor::{arg, check, loopback_connection, pattern, pattern_at, recv_exact, send_all, timed};

const CHUNK: u64 = 64 << 10;

fn main() {
    let total = arg(1, 64) << 20;
    let c = loopback_connection();
    let data = pattern(CHUNK as usize);
    let moved = timed("bulk", || {
        let mut moved = 0u64;
        while moved < total {
            let n = (total - moved).min(CHUNK) as usize;
            send_all(&c.client_out, &data[..n]);
            recv_exact(&c.server_in, n, |at, d| {
                assert_eq!(d[0], pattern_at(moved + at as u64, CHUNK));
            });
            moved += n as u64;
        }
        moved
    });
    check(&format!("bytes={moved}"));
}
