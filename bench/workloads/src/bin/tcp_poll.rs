//! A non-blocking TCP echo driven by `poll`, as an event loop does it: one program holds both
//! ends of a loopback connection, both non-blocking, and does `args[1]` round trips (default
//! 5000) of a 64-byte message. Each side waits with `poll` for `POLLIN` and then reads until the
//! read would block (`EAGAIN`), as an edge-triggered loop must. A write normally goes out at
//! once; when the host still holds the previous one (`EAGAIN`, seen on a loaded machine), the
//! side waits with `poll` for `POLLOUT` and writes the rest. Phase `echo` (setup excluded).

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::os::fd::AsRawFd;
use workloads::{arg, check, loopback_pair, timed};

const MESSAGE: usize = 64;

/// Waits until `stream` is ready for `events` (`POLLIN` or `POLLOUT`).
fn wait(stream: &TcpStream, events: libc::c_short) {
    let mut fds = [libc::pollfd {
        fd: stream.as_raw_fd(),
        events,
        revents: 0,
    }];
    loop {
        // SAFETY: `fds` is one valid `pollfd`.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 1, -1) };
        assert!(n >= 0, "poll: {}", std::io::Error::last_os_error());
        let revents = fds[0].revents;
        if revents & events != 0 {
            return;
        }
        // Without the event, these come back at once on every call: fail rather than spin.
        assert!(
            revents & (libc::POLLERR | libc::POLLHUP | libc::POLLNVAL) == 0,
            "poll: revents {revents:#x}"
        );
    }
}

/// Reads everything `stream` has into `buf` until the read would block; returns how much.
fn drain(stream: &mut TcpStream, buf: &mut [u8]) -> usize {
    let mut got = 0;
    loop {
        match stream.read(&mut buf[got..]) {
            Ok(0) => panic!("unexpected end of stream"),
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::WouldBlock => return got,
            Err(e) => panic!("read: {e}"),
        }
        if got == buf.len() {
            // Full: one more read tells that nothing else is there.
            let mut probe = [0u8; 1];
            match stream.read(&mut probe) {
                Err(e) if e.kind() == ErrorKind::WouldBlock => return got,
                other => panic!("more than a message: {other:?}"),
            }
        }
    }
}

/// Sends all of `data` on `stream`: write, and on `EAGAIN` poll for `POLLOUT` and go on.
fn send(stream: &mut TcpStream, mut data: &[u8]) {
    while !data.is_empty() {
        match stream.write(data) {
            Ok(0) => panic!("write returned 0"),
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == ErrorKind::WouldBlock => wait(stream, libc::POLLOUT),
            Err(e) => panic!("write: {e}"),
        }
    }
}

/// Receives one message on `stream`: poll, then read until it would block, as often as needed.
fn receive(stream: &mut TcpStream, buf: &mut [u8; MESSAGE]) {
    let mut got = 0;
    while got < MESSAGE {
        wait(stream, libc::POLLIN);
        got += drain(stream, &mut buf[got..]);
    }
}

fn main() {
    let n = arg(1, 5000);
    let (mut client, mut server) = loopback_pair(true);
    client.set_nonblocking(true).expect("non-blocking");
    server.set_nonblocking(true).expect("non-blocking");
    let mut msg = [0u8; MESSAGE];
    let mut buf = [0u8; MESSAGE];
    timed("echo", || {
        for i in 0..n {
            msg[0] = i as u8;
            send(&mut client, &msg);
            receive(&mut server, &mut buf);
            send(&mut server, &buf);
            receive(&mut client, &mut buf);
            assert_eq!(buf[0], i as u8);
        }
    });
    check(&format!("round_trips={n} bytes={}", n * MESSAGE as u64 * 2));
}
