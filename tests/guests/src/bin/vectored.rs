//! `writev` and `readv` on UDP (one datagram per call, however many buffers), TCP and a file,
//! through std's vectored I/O and raw `libc` calls. One `label: value` line each.

use std::io::{IoSlice, IoSliceMut, Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::fd::AsRawFd;

fn readv(fd: i32, a: &mut [u8], b: &mut [u8]) -> isize {
    let iov = [
        libc::iovec {
            iov_base: a.as_mut_ptr().cast(),
            iov_len: a.len(),
        },
        libc::iovec {
            iov_base: b.as_mut_ptr().cast(),
            iov_len: b.len(),
        },
    ];
    // SAFETY: two valid buffers.
    unsafe { libc::readv(fd, iov.as_ptr(), 2) }
}

fn writev(fd: i32, parts: &[&[u8]]) -> isize {
    let iov: Vec<libc::iovec> = parts
        .iter()
        .map(|p| libc::iovec {
            iov_base: p.as_ptr() as *mut _,
            iov_len: p.len(),
        })
        .collect();
    // SAFETY: valid buffers.
    unsafe { libc::writev(fd, iov.as_ptr(), iov.len() as i32) }
}

fn main() {
    // UDP.
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
    tx.connect(rx.local_addr().unwrap()).unwrap();
    println!(
        "udp writev: {}",
        writev(tx.as_raw_fd(), &[b"ab", b"cde", b"", b"f"])
    );
    let mut buf = [0u8; 64];
    let n = rx.recv(&mut buf).unwrap();
    println!(
        "udp one datagram: {:?}",
        std::str::from_utf8(&buf[..n]).unwrap()
    );
    tx.send(b"123456789").unwrap();
    let (mut a, mut b) = ([0u8; 4], [0u8; 10]);
    let n = readv(rx.as_raw_fd(), &mut a, &mut b);
    println!(
        "udp readv: {n} {:?} {:?}",
        std::str::from_utf8(&a).unwrap(),
        std::str::from_utf8(&b[..5]).unwrap()
    );
    tx.send(b"xyz").unwrap();
    let n = readv(rx.as_raw_fd(), &mut a, &mut b);
    println!(
        "udp readv short: {n} {:?}",
        std::str::from_utf8(&a[..3]).unwrap()
    );

    // TCP.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (mut server, _) = listener.accept().unwrap();
    let sent = client
        .write_vectored(&[
            IoSlice::new(b"hello "),
            IoSlice::new(b"vectored "),
            IoSlice::new(b"world"),
        ])
        .unwrap();
    println!("tcp write_vectored: {sent}");
    drop(client);
    let mut got = String::new();
    server.read_to_string(&mut got).unwrap();
    println!("tcp got: {got:?}");

    // A file.
    let path = std::path::Path::new(&std::env::var("SANDBOX").unwrap()).join("v.txt");
    let mut f = std::fs::File::create(&path).unwrap();
    println!(
        "file writev: {}",
        writev(f.as_raw_fd(), &[b"one,", b"two,", b"three"])
    );
    f.flush().unwrap();
    let mut f = std::fs::File::open(&path).unwrap();
    let (mut a, mut b) = ([0u8; 5], [0u8; 20]);
    let n = f
        .read_vectored(&mut [IoSliceMut::new(&mut a), IoSliceMut::new(&mut b)])
        .unwrap();
    println!(
        "file read_vectored: {n} {:?} {:?}",
        std::str::from_utf8(&a).unwrap(),
        std::str::from_utf8(&b[..n.saturating_sub(5)]).unwrap()
    );
}
