//! A readiness-driven mio event loop, for TCP and UDP: every handler runs only for an event that
//! `mio::Poll` reported for its token, as real event loops do. A libc that misses or delays a
//! readiness report makes this loop stall (it panics after 10 s without an event), where
//! `net_mio_echo`, which retries every step on every wake-up, would hide it.
//!
//! - TCP: the listener accepts on `readable`; the client connects and sends [`TOTAL`] bytes on
//!   `writable` (until `WouldBlock`); the server reads on `readable` and echoes what it read
//!   (continuing on `writable` when the echo blocked); the client reads the echo on `readable`.
//! - UDP: a server socket is registered for `readable` right after `bind`, before any `recv` or
//!   `send` (the poll-first server); the client sends [`DATAGRAMS`] requests on `writable`; the
//!   server answers each on `readable`; the client counts answers on `readable`.
//!
//! Output: the totals, printed at the end (the number of events goes to stderr).

use std::io::{ErrorKind, Read, Write};
use std::net::Shutdown;
use std::time::Duration;

use mio::event::Event;
use mio::net::{TcpListener, TcpStream, UdpSocket};
use mio::{Events, Interest, Poll, Token};

const LISTENER: Token = Token(0);
const CLIENT: Token = Token(1);
const SERVER: Token = Token(2);
const UDP_SERVER: Token = Token(3);
const UDP_CLIENT: Token = Token(4);

/// Bytes the TCP client sends and the server echoes.
const TOTAL: usize = 1 << 20;
/// UDP requests the client sends.
const DATAGRAMS: usize = 8;

fn pattern(i: usize) -> u8 {
    (i % 251) as u8
}

/// The result, or `None` for "try again when the next event comes"; panics on a real error.
fn ready<T>(r: std::io::Result<T>, what: &str) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted) => None,
        Err(e) => panic!("{what}: {e}"),
    }
}

#[derive(Default)]
struct Tcp {
    server: Option<TcpStream>,
    connected: bool,
    sent: usize,
    shut: bool,
    echo: Vec<u8>,
    server_eof: bool,
    server_closed: bool,
    received: usize,
    client_eof: bool,
}

#[derive(Default)]
struct Udp {
    requests_sent: usize,
    requests_seen: usize,
    answers: usize,
}

fn main() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(16);
    let mut buf = vec![0u8; 64 << 10];

    let mut listener = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = listener.local_addr().unwrap();
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)
        .unwrap();
    let mut client = TcpStream::connect(addr).unwrap();
    poll.registry()
        .register(&mut client, CLIENT, Interest::READABLE | Interest::WRITABLE)
        .unwrap();

    let mut udp_server = UdpSocket::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let udp_addr = udp_server.local_addr().unwrap();
    poll.registry()
        .register(&mut udp_server, UDP_SERVER, Interest::READABLE)
        .unwrap();
    let mut udp_client = UdpSocket::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    poll.registry()
        .register(
            &mut udp_client,
            UDP_CLIENT,
            Interest::READABLE | Interest::WRITABLE,
        )
        .unwrap();

    let mut tcp = Tcp::default();
    let mut udp = Udp::default();
    let mut count = 0u64;
    while !(tcp.client_eof && udp.answers == DATAGRAMS) {
        poll.poll(&mut events, Some(Duration::from_secs(10)))
            .unwrap();
        assert!(
            !events.is_empty(),
            "no event for 10 s: tcp sent {} received {} echo pending {} server eof {}; udp \
             sent {} seen {} answered {}",
            tcp.sent,
            tcp.received,
            tcp.echo.len(),
            tcp.server_eof,
            udp.requests_sent,
            udp.requests_seen,
            udp.answers,
        );
        for event in &events {
            count += 1;
            match event.token() {
                LISTENER => accept(&poll, &listener, &client, &mut tcp),
                CLIENT => client_event(event, addr, &mut client, &mut tcp, &mut buf),
                SERVER => server_event(&poll, &mut tcp, &mut buf),
                UDP_SERVER => {
                    while let Some((n, from)) =
                        ready(udp_server.recv_from(&mut buf), "udp server recv")
                    {
                        udp.requests_seen += 1;
                        let mut answer = b"re: ".to_vec();
                        answer.extend_from_slice(&buf[..n]);
                        // A datagram send on loopback does not block.
                        ready(udp_server.send_to(&answer, from), "udp server send")
                            .expect("a UDP answer was not sent");
                    }
                }
                UDP_CLIENT => {
                    if event.is_writable() {
                        while udp.requests_sent < DATAGRAMS {
                            let request = format!("request {}", udp.requests_sent);
                            if ready(
                                udp_client.send_to(request.as_bytes(), udp_addr),
                                "udp client send",
                            )
                            .is_none()
                            {
                                break;
                            }
                            udp.requests_sent += 1;
                        }
                    }
                    if event.is_readable() {
                        while let Some((n, from)) =
                            ready(udp_client.recv_from(&mut buf), "udp client recv")
                        {
                            assert_eq!(from, udp_addr, "an answer from someone else");
                            assert!(buf[..n].starts_with(b"re: request "), "a bad answer");
                            udp.answers += 1;
                        }
                    }
                }
                other => panic!("an event for unknown token {other:?}"),
            }
        }
    }
    println!(
        "tcp: client sent {} bytes and shut down writing: {}",
        tcp.sent, tcp.shut
    );
    println!(
        "tcp: server echoed everything and closed: {}",
        tcp.server_closed
    );
    println!(
        "tcp: client received {} bytes intact, then end of file",
        tcp.received
    );
    println!(
        "udp: {} requests sent, {} seen by the poll-first server, {} answers",
        udp.requests_sent, udp.requests_seen, udp.answers
    );
    eprintln!("({count} events)");
}

/// `readable` on the listener: accept everything waiting.
fn accept(poll: &Poll, listener: &TcpListener, client: &TcpStream, tcp: &mut Tcp) {
    while let Some((mut stream, peer)) = ready(listener.accept(), "accept") {
        assert!(tcp.server.is_none(), "a second connection");
        assert_eq!(peer, client.local_addr().unwrap(), "accepted someone else");
        poll.registry()
            .register(&mut stream, SERVER, Interest::READABLE | Interest::WRITABLE)
            .unwrap();
        tcp.server = Some(stream);
    }
}

fn client_event(
    event: &Event,
    addr: std::net::SocketAddr,
    client: &mut TcpStream,
    tcp: &mut Tcp,
    buf: &mut [u8],
) {
    if event.is_writable() {
        if !tcp.connected {
            // mio's recipe for a finished connect: no pending error, and a peer address.
            if let Some(e) = client.take_error().unwrap() {
                panic!("connect failed: {e}");
            }
            match client.peer_addr() {
                Ok(peer) => {
                    assert_eq!(peer, addr);
                    tcp.connected = true;
                }
                Err(e) if e.kind() == ErrorKind::NotConnected => return,
                Err(e) => panic!("peer_addr: {e}"),
            }
        }
        while tcp.sent < TOTAL {
            let end = TOTAL.min(tcp.sent + buf.len());
            let chunk: Vec<u8> = (tcp.sent..end).map(pattern).collect();
            let Some(n) = ready(client.write(&chunk), "client write") else {
                break;
            };
            tcp.sent += n;
        }
        if tcp.sent == TOTAL && !tcp.shut {
            client.shutdown(Shutdown::Write).unwrap();
            tcp.shut = true;
        }
    }
    if event.is_readable() && tcp.connected {
        while let Some(n) = ready(client.read(buf), "client read") {
            if n == 0 {
                tcp.client_eof = true;
                break;
            }
            for (k, &b) in buf[..n].iter().enumerate() {
                assert_eq!(
                    b,
                    pattern(tcp.received + k),
                    "echo byte {}",
                    tcp.received + k
                );
            }
            tcp.received += n;
        }
    }
}

/// `readable` or `writable` on the accepted side: read what arrived, echo what can be written.
fn server_event(poll: &Poll, tcp: &mut Tcp, buf: &mut [u8]) {
    let Some(stream) = tcp.server.as_mut() else {
        return;
    };
    while !tcp.server_eof {
        let Some(n) = ready(stream.read(buf), "server read") else {
            break;
        };
        if n == 0 {
            tcp.server_eof = true;
        } else {
            tcp.echo.extend_from_slice(&buf[..n]);
        }
    }
    // What was read is written back now; if that blocks, the next `writable` event continues.
    while !tcp.echo.is_empty() {
        let Some(n) = ready(stream.write(&tcp.echo), "server write") else {
            break;
        };
        tcp.echo.drain(..n);
    }
    if tcp.server_eof && tcp.echo.is_empty() {
        poll.registry().deregister(stream).unwrap();
        tcp.server = None;
        tcp.server_closed = true;
    }
}
