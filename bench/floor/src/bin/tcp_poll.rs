//! Floor of `tcp_poll`. Setup as `tcp_rr`. WASI calls per message: the sender's `check-write` and
//! `write` (and, when the host still holds the previous write, `subscribe` + `block` and another
//! `check-write`, as `send_all` does); the receiver's `subscribe` + `block` + drop of its input pollable (the wait), then
//! non-blocking `read`s until one returns nothing (the `EAGAIN` of the std program).

use floor::{arg, check, loopback_connection, send_all, timed};
use wasip2::io::streams::InputStream;

const MESSAGE: usize = 64;

/// Receives one message: wait, then read until nothing is there, as often as needed.
fn receive(input: &InputStream, buf: &mut [u8; MESSAGE]) {
    let mut got = 0;
    while got < MESSAGE {
        input.subscribe().block();
        loop {
            let data = input.read((MESSAGE + 1 - got) as u64).expect("read");
            if data.is_empty() {
                break;
            }
            assert!(got + data.len() <= MESSAGE, "more than a message");
            buf[got..got + data.len()].copy_from_slice(&data);
            got += data.len();
        }
    }
}

fn main() {
    let n = arg(1, 5000);
    let c = loopback_connection();
    let mut msg = [0u8; MESSAGE];
    let mut buf = [0u8; MESSAGE];
    timed("echo", || {
        for i in 0..n {
            msg[0] = i as u8;
            send_all(&c.client_out, &msg);
            receive(&c.server_in, &mut buf);
            send_all(&c.server_out, &buf);
            receive(&c.client_in, &mut buf);
            assert_eq!(buf[0], i as u8);
        }
    });
    check(&format!("round_trips={n} bytes={}", n * MESSAGE as u64 * 2));
}
