//! A TCP echo client for the two-component test (`tests/harness/tests/shim_net_echo.rs`):
//! connects to `127.0.0.1:<args[1]>`, sends each message of [`MESSAGES`] and reads it back in
//! full (one message in flight at a time, so neither side can fill the other's buffers), checks
//! every byte, then shuts down its sending side and expects end-of-file from the server.
//!
//! `args[2]` is a client id (default 1), mixed into the message bytes so that two clients of
//! one server cannot pass by reading each other's data. Output:
//! `message <i>: <n> bytes echoed intact` per message, then `server closed after shutdown`.
//! Any mismatch, error or 10 s silence panics (non-zero exit).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

/// Message sizes: tiny, one byte, odd, just over the server's 16 KiB read buffer, 32 KiB.
const MESSAGES: &[usize] = &[5, 1, 1000, 16 * 1024 + 7, 32 * 1024];

fn main() {
    let port: u16 = std::env::args()
        .nth(1)
        .expect("usage: net_echo_client <port> [id]")
        .parse()
        .unwrap();
    let id: u8 = std::env::args().nth(2).map_or(1, |a| a.parse().unwrap());
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();

    for (i, &len) in MESSAGES.iter().enumerate() {
        let message: Vec<u8> = (0..len)
            .map(|j| {
                (j as u8)
                    .wrapping_mul(31)
                    .wrapping_add(id)
                    .wrapping_add(i as u8)
            })
            .collect();
        stream.write_all(&message).unwrap();
        let mut echo = vec![0u8; len];
        stream.read_exact(&mut echo).unwrap();
        assert!(echo == message, "message {i}: the echo differs");
        println!("message {i}: {len} bytes echoed intact");
    }

    stream.shutdown(Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).unwrap();
    assert!(
        rest.is_empty(),
        "{} unexpected bytes after the last echo",
        rest.len()
    );
    println!("server closed after shutdown");
}
