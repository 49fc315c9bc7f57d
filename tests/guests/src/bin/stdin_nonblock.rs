//! `O_NONBLOCK` on stdin, which stays open with nothing more to read after its first bytes (the
//! harness's `RunConfig::stdin_stays_open`): an event loop's view of it. Waits for the first
//! bytes with `poll`, reads them, then reads again (`EAGAIN`, not a hang), polls with a short
//! timeout (nothing ready), and checks the flag through `F_GETFL`.

use std::io;

use libc::c_int;

/// The result of a call returning `-1` on error, with the errno by name where it matters.
fn show(r: isize) -> String {
    if r >= 0 {
        return format!("Ok({r})");
    }
    let e = io::Error::last_os_error();
    let name = match e.raw_os_error() {
        Some(libc::EAGAIN) => "EAGAIN".to_owned(),
        other => format!("{other:?}"),
    };
    format!("Err({name})")
}

fn flags() -> c_int {
    // SAFETY: `F_GETFL` takes no argument.
    unsafe { libc::fcntl(0, libc::F_GETFL) }
}

fn read(buf: &mut [u8]) -> isize {
    // SAFETY: `buf` is writable for its length.
    unsafe { libc::read(0, buf.as_mut_ptr().cast(), buf.len()) }
}

fn poll(timeout_ms: c_int) -> String {
    let mut fds = [libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    }];
    // SAFETY: one valid `pollfd`.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), 1, timeout_ms) };
    format!("{n}, POLLIN {}", fds[0].revents & libc::POLLIN != 0)
}

fn main() {
    println!("O_NONBLOCK at start: {}", flags() & libc::O_NONBLOCK != 0);
    // SAFETY: `F_SETFL` takes an `int`.
    let r = unsafe { libc::fcntl(0, libc::F_SETFL, flags() | libc::O_NONBLOCK) };
    println!("F_SETFL O_NONBLOCK: {}", show(r as isize));
    println!("O_NONBLOCK after: {}", flags() & libc::O_NONBLOCK != 0);
    println!("poll for the first bytes: {}", poll(10_000));
    let mut buf = [0u8; 64];
    let n = read(&mut buf);
    println!(
        "read: {} {:?}",
        show(n),
        String::from_utf8_lossy(&buf[..n.max(0) as usize])
    );
    println!("read with nothing there: {}", show(read(&mut buf)));
    println!("read of 0 bytes: {}", show(read(&mut [])));
    println!("poll with nothing there, 50 ms: {}", poll(50));
    // SAFETY: as above.
    let r = unsafe { libc::fcntl(0, libc::F_SETFL, flags() & !libc::O_NONBLOCK) };
    println!("F_SETFL blocking again: {}", show(r as isize));
    println!("O_NONBLOCK at the end: {}", flags() & libc::O_NONBLOCK != 0);
    // Blocking again, with nothing to read: a read of no bytes still returns at once.
    println!(
        "blocking read of 0 bytes with nothing there: {}",
        show(read(&mut []))
    );
}
