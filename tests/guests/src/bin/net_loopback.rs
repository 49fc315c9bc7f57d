//! std::net over loopback within one single-threaded program: TCP listener, connect, accept,
//! read/write, peek, vectored I/O, shutdown, options, timeouts, non-blocking mode; UDP send_to,
//! recv_from, connect, peek; name lookup of `localhost`; connection refused.

use std::io::{ErrorKind, IoSlice, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs, UdpSocket};
use std::time::Duration;

fn main() {
    tcp();
    udp();
    lookup();
    refused();
}

fn tcp() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    println!(
        "listener ip {} port nonzero {}",
        addr.ip(),
        addr.port() != 0
    );

    let mut client = TcpStream::connect(addr).unwrap();
    let (mut server, peer) = listener.accept().unwrap();
    println!("peer is client: {}", peer == client.local_addr().unwrap());
    println!(
        "client peer is listener: {}",
        client.peer_addr().unwrap() == addr
    );

    client.write_all(b"hello").unwrap();
    let mut buf = [0u8; 16];
    let n = server.peek(&mut buf).unwrap();
    println!("peek {:?}", std::str::from_utf8(&buf[..n]).unwrap());
    let mut got = Vec::new();
    while got.len() < 5 {
        let n = server.read(&mut buf).unwrap();
        got.extend_from_slice(&buf[..n]);
    }
    println!("read {:?}", String::from_utf8(got).unwrap());

    let n = server
        .write_vectored(&[IoSlice::new(b"wor"), IoSlice::new(b"ld")])
        .unwrap();
    server.write_all(&b"world"[n..]).unwrap();
    let mut reply = [0u8; 5];
    client.read_exact(&mut reply).unwrap();
    println!("reply {:?}", std::str::from_utf8(&reply).unwrap());

    client.set_nodelay(true).unwrap();
    println!("nodelay {}", client.nodelay().unwrap());
    client.set_ttl(42).unwrap();
    println!("ttl {}", client.ttl().unwrap());

    server
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    println!("read timeout {:?}", server.read_timeout().unwrap());
    let e = server.read(&mut buf).unwrap_err();
    println!(
        "read with nothing to read times out: {}",
        matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
    );
    server.set_read_timeout(None).unwrap();

    server.set_nonblocking(true).unwrap();
    println!(
        "nonblocking read {:?}",
        server.read(&mut buf).unwrap_err().kind()
    );
    server.set_nonblocking(false).unwrap();

    client.shutdown(Shutdown::Write).unwrap();
    println!(
        "read after peer shutdown {}",
        server.read(&mut buf).unwrap()
    );

    listener.set_nonblocking(true).unwrap();
    println!(
        "nonblocking accept {:?}",
        listener.accept().unwrap_err().kind()
    );
    listener.set_nonblocking(false).unwrap();

    let timed = TcpStream::connect_timeout(&addr, Duration::from_secs(5));
    println!("connect_timeout ok {}", timed.is_ok());
    let (accepted, _) = listener.accept().unwrap();
    drop(accepted);
    println!(
        "take_error {:?}",
        client.take_error().unwrap().map(|e| e.kind())
    );
}

fn udp() {
    let a = UdpSocket::bind("127.0.0.1:0").unwrap();
    let b = UdpSocket::bind("127.0.0.1:0").unwrap();
    let (aa, ba) = (a.local_addr().unwrap(), b.local_addr().unwrap());
    a.send_to(b"one", ba).unwrap();
    let mut buf = [0u8; 16];
    let (n, from) = b.peek_from(&mut buf).unwrap();
    println!(
        "udp peek {:?} from a {}",
        std::str::from_utf8(&buf[..n]).unwrap(),
        from == aa
    );
    let (n, from) = b.recv_from(&mut buf).unwrap();
    println!(
        "udp recv {:?} from a {}",
        std::str::from_utf8(&buf[..n]).unwrap(),
        from == aa
    );
    b.connect(aa).unwrap();
    println!("udp peer {}", b.peer_addr().unwrap() == aa);
    b.send(b"two").unwrap();
    let n = a.recv(&mut buf).unwrap();
    println!(
        "udp connected send {:?}",
        std::str::from_utf8(&buf[..n]).unwrap()
    );
    a.set_ttl(7).unwrap();
    println!("udp ttl {}", a.ttl().unwrap());
    a.set_nonblocking(true).unwrap();
    println!(
        "udp nonblocking recv {:?}",
        a.recv(&mut buf).unwrap_err().kind()
    );
    a.set_nonblocking(false).unwrap();
    a.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    let e = a.recv(&mut buf).unwrap_err();
    println!(
        "udp recv times out: {}",
        matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
    );
}

fn lookup() {
    let addrs: Vec<SocketAddr> = ("localhost", 8080).to_socket_addrs().unwrap().collect();
    println!(
        "localhost resolves to loopback: {}",
        !addrs.is_empty()
            && addrs
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 8080)
    );
    let numeric: Vec<SocketAddr> = "127.0.0.1:99".to_socket_addrs().unwrap().collect();
    println!("numeric {numeric:?}");
    let v6: Vec<SocketAddr> = "[::1]:7".to_socket_addrs().unwrap().collect();
    println!("numeric v6 {v6:?}");
}

fn refused() {
    // A port that was just free: bind, note it, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = TcpStream::connect(("127.0.0.1", port)).unwrap_err();
    println!("connect to a closed port {:?}", e.kind());
}
