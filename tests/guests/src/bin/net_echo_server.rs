//! A TCP echo server for the two-component test (`tests/harness/tests/shim_net_echo.rs`): binds
//! 127.0.0.1:0, announces its port, then serves `args[1]` connections (default 1) one after the
//! other, echoing every byte until the client shuts down its side, and exits.
//!
//! The port is announced twice: as the first line of stdout (flushed), and, when `$SANDBOX` is
//! set, in the file `$SANDBOX/port` (written as `port.tmp` and renamed, so that a reader never
//! sees half of it). The file is what the harness waits for: it cannot read a WASI guest's
//! stdout before the guest exits. Every accepted connection gets 10 s read and write timeouts,
//! so a client that stops talking ends the run with an error instead of hanging it.
//!
//! Output after the port: `connection <i>: echoed <n> bytes` per connection, then
//! `served <n> connections`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

fn main() {
    let connections: usize = std::env::args().nth(1).map_or(1, |a| a.parse().unwrap());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();

    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{port}").unwrap();
    stdout.flush().unwrap();
    if let Some(sandbox) = std::env::var_os("SANDBOX") {
        let dir = std::path::Path::new(&sandbox);
        std::fs::write(dir.join("port.tmp"), format!("{port}\n")).unwrap();
        std::fs::rename(dir.join("port.tmp"), dir.join("port")).unwrap();
    }

    let mut buf = vec![0u8; 16 << 10];
    for i in 1..=connections {
        let (mut stream, peer) = listener.accept().unwrap();
        assert!(peer.ip().is_loopback(), "peer {peer} is not loopback");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
            .set_write_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut echoed = 0usize;
        loop {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            stream.write_all(&buf[..n]).unwrap();
            echoed += n;
        }
        // Dropping the stream closes it: the client sees end-of-file after the last echo.
        drop(stream);
        writeln!(stdout, "connection {i}: echoed {echoed} bytes").unwrap();
    }
    writeln!(stdout, "served {connections} connections").unwrap();
}
