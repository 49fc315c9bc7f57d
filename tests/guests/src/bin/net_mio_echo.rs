//! A TCP echo through mio (features `os-poll` and `net`) in one thread: a
//! `mio::net::TcpListener` and a `mio::net::TcpStream` client registered with one `mio::Poll`,
//! and an event loop that accepts, connects, and moves [`TOTAL`] bytes client → server → client.
//! On `wasm32-wasip2` mio uses its `poll(2)` selector, so this runs on the libc's `socket`,
//! `connect`, `accept`, `fcntl(F_SETFL, O_NONBLOCK)`, `getsockopt(SO_ERROR)`, `getpeername`,
//! `send`/`recv` and `poll`.
//!
//! mio's events are edge-triggered: every handler reads or writes until `WouldBlock`. The loop
//! tries every step on every wake-up (a step that cannot progress just sees `WouldBlock`), and
//! a `poll` that sees no event for 10 s panics, so a lost wake-up fails the run instead of
//! hanging it. Output: the steps reached, printed at the end (their order depends on timing),
//! with no counts that depend on timing (the number of wake-ups goes to stderr).

use std::io::{ErrorKind, Read, Write};
use std::time::Duration;

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

const LISTENER: Token = Token(0);
const CLIENT: Token = Token(1);
const SERVER: Token = Token(2);

/// Bytes sent by the client and echoed by the server.
const TOTAL: usize = 1 << 20;

fn pattern(i: usize) -> u8 {
    (i % 251) as u8
}

/// Whether `r` is "try again later"; panics on a real error.
fn would_block<T>(r: &std::io::Result<T>, what: &str) -> bool {
    match r {
        Err(e) if e.kind() == ErrorKind::WouldBlock => true,
        Err(e) if e.kind() == ErrorKind::Interrupted => true,
        Err(e) => panic!("{what}: {e}"),
        Ok(_) => false,
    }
}

fn main() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(16);

    let mut listener = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = listener.local_addr().unwrap();
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)
        .unwrap();
    let mut client = TcpStream::connect(addr).unwrap();
    poll.registry()
        .register(&mut client, CLIENT, Interest::READABLE | Interest::WRITABLE)
        .unwrap();
    let mut wakeups = 0u64;

    let mut server: Option<TcpStream> = None;
    let mut accepted = false;
    let mut connected = false;
    let (mut sent, mut received) = (0usize, 0usize);
    let mut client_shut = false;
    let mut client_eof = false;
    // Bytes the server has read and not yet written back, and whether its peer has shut down.
    let mut pending: Vec<u8> = Vec::new();
    let mut server_eof = false;
    let mut server_closed = false;
    let mut buf = vec![0u8; 64 << 10];

    while !client_eof {
        poll.poll(&mut events, Some(Duration::from_secs(10)))
            .unwrap();
        wakeups += 1;
        assert!(
            !events.is_empty(),
            "no event for 10 s: sent {sent}, received {received}, pending {}, connected \
             {connected}, accepted {accepted}, server eof {server_eof}",
            pending.len(),
        );

        // Accept (once).
        if !accepted {
            let r = listener.accept();
            if !would_block(&r, "accept") {
                let (mut stream, peer) = r.unwrap();
                assert_eq!(peer, client.local_addr().unwrap(), "accepted someone else");
                poll.registry()
                    .register(&mut stream, SERVER, Interest::READABLE | Interest::WRITABLE)
                    .unwrap();
                server = Some(stream);
                accepted = true;
            }
        }

        // The client's connect completes: no error, and a peer address (mio's recipe).
        if !connected {
            if let Some(e) = client.take_error().unwrap() {
                panic!("connect failed: {e}");
            }
            match client.peer_addr() {
                Ok(peer) => {
                    assert_eq!(peer, addr);
                    connected = true;
                }
                Err(e) if e.kind() == ErrorKind::NotConnected => {}
                Err(e) => panic!("peer_addr: {e}"),
            }
        }

        // The client writes the pattern until done or `WouldBlock`, then shuts down writing.
        if connected {
            while sent < TOTAL {
                let end = TOTAL.min(sent + buf.len());
                let chunk: Vec<u8> = (sent..end).map(pattern).collect();
                let r = client.write(&chunk);
                if would_block(&r, "client write") {
                    break;
                }
                sent += r.unwrap();
            }
            if sent == TOTAL && !client_shut {
                client.shutdown(std::net::Shutdown::Write).unwrap();
                client_shut = true;
            }
        }

        // The server reads everything available, and writes back what it can.
        if let Some(stream) = server.as_mut() {
            while !server_eof {
                let r = stream.read(&mut buf);
                if would_block(&r, "server read") {
                    break;
                }
                match r.unwrap() {
                    0 => server_eof = true,
                    n => pending.extend_from_slice(&buf[..n]),
                }
            }
            while !pending.is_empty() {
                let r = stream.write(&pending);
                if would_block(&r, "server write") {
                    break;
                }
                pending.drain(..r.unwrap());
            }
            if server_eof && pending.is_empty() && !server_closed {
                // Everything echoed: close the server side; the client sees end-of-file.
                poll.registry().deregister(stream).unwrap();
                server = None;
                server_closed = true;
            }
        }

        // The client reads the echo and checks it.
        if connected {
            loop {
                let r = client.read(&mut buf);
                if would_block(&r, "client read") {
                    break;
                }
                let n = r.unwrap();
                if n == 0 {
                    client_eof = true;
                    break;
                }
                for (k, &b) in buf[..n].iter().enumerate() {
                    assert_eq!(b, pattern(received + k), "echo byte {}", received + k);
                }
                received += n;
            }
        }
    }
    // The steps happen in an order that depends on timing (the accept and the connect complete
    // in either order), so they are printed once, at the end.
    println!("accepted the client: {accepted}");
    println!("client connected and sent {sent} bytes, then shut down writing: {client_shut}");
    println!("server echoed everything, then closed: {server_closed}");
    println!("client received {received} bytes intact, then end of file");
    assert_eq!(received, TOTAL, "end of file before the whole echo");
    eprintln!("({wakeups} wake-ups of mio::Poll)");
}
