//! Connects over TCP to `args[1]` (`host:port`; a name is resolved first), sends `ping\n`, shuts
//! down its write half, and prints everything it reads back.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};

fn main() {
    let addr = std::env::args()
        .nth(1)
        .expect("usage: tcp_client HOST:PORT");
    let mut stream = TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    stream.write_all(b"ping\n").unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    print!("reply: {reply}");
}
