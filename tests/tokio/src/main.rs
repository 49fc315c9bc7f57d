//! tokio on a current-thread runtime: a TCP echo server and client in one process, a UDP
//! exchange, timers and `tokio::time::timeout`. Everything waits only on what tokio's reactor
//! (mio over `poll(2)`) reports; a readiness bug is a hang, which the harness's time limit turns
//! into a failure. One `label: value` line per observation, the same natively.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // TCP: an echo server task and a client; 256 KiB each way, so writes see back-pressure.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local_addr");
    let server = tokio::spawn(async move {
        let (mut conn, _) = listener.accept().await.expect("accept");
        let mut buf = vec![0u8; 16 * 1024];
        let mut total = 0usize;
        loop {
            let n = conn.read(&mut buf).await.expect("server read");
            if n == 0 {
                break;
            }
            conn.write_all(&buf[..n]).await.expect("server write");
            total += n;
        }
        total
    });
    let mut client = TcpStream::connect(addr).await.expect("connect");
    let data: Vec<u8> = (0..256 * 1024).map(|i| (i % 251) as u8).collect();
    let (mut rd, mut wr) = client.split();
    let send = async {
        wr.write_all(&data).await.expect("client write");
        wr.shutdown().await.expect("shutdown");
    };
    let mut echoed = Vec::new();
    let recv = async { rd.read_to_end(&mut echoed).await.expect("client read") };
    let ((), n) = tokio::join!(send, recv);
    println!("tcp echoed: {n} bytes, same: {}", echoed == data);
    println!("tcp server saw: {}", server.await.expect("server task"));

    // UDP: connected and unconnected sends.
    let a = UdpSocket::bind("127.0.0.1:0").await.expect("udp bind a");
    let b = UdpSocket::bind("127.0.0.1:0").await.expect("udp bind b");
    a.send_to(b"ping", b.local_addr().unwrap())
        .await
        .expect("send_to");
    let mut buf = [0u8; 64];
    let (n, from) = b.recv_from(&mut buf).await.expect("recv_from");
    println!(
        "udp got: {:?} from a: {}",
        std::str::from_utf8(&buf[..n]).unwrap(),
        from == a.local_addr().unwrap()
    );
    b.connect(a.local_addr().unwrap()).await.expect("connect");
    b.send(b"pong").await.expect("send");
    let n = a.recv(&mut buf).await.expect("recv");
    println!("udp reply: {:?}", std::str::from_utf8(&buf[..n]).unwrap());

    // Timers.
    let start = tokio::time::Instant::now();
    tokio::time::sleep(Duration::from_millis(20)).await;
    println!(
        "slept at least 20ms: {}",
        start.elapsed() >= Duration::from_millis(20)
    );
    let never = std::future::pending::<()>();
    let r = tokio::time::timeout(Duration::from_millis(10), never).await;
    println!("timeout elapsed: {}", r.is_err());
    let quick = tokio::time::timeout(Duration::from_secs(5), async { 7 }).await;
    println!("timeout in time: {quick:?}");
    let mut interval = tokio::time::interval(Duration::from_millis(5));
    for _ in 0..3 {
        interval.tick().await;
    }
    println!("interval ticked 3 times");
    // A read with a timeout on a socket that never gets data.
    let idle = UdpSocket::bind("127.0.0.1:0").await.expect("idle bind");
    let r = tokio::time::timeout(Duration::from_millis(30), idle.recv(&mut buf)).await;
    println!("idle recv timed out: {}", r.is_err());
}
