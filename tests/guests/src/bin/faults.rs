//! Faults the host injects, seen from a program through raw `libc` calls: it must get an errno
//! and keep running, never trap, and what was written before the fault must be intact.
//!
//! - `faults stdout`: writes numbered 1000-byte chunks to stdout until a write fails, then once
//!   more; reports on stderr how many chunks went through and each errno.
//! - `faults fill DIR`: fills a file in `DIR` (a small filesystem) with 4 KiB chunks until a
//!   write fails, then checks the file's size and contents, frees the space and writes again;
//!   then the same through an `O_APPEND` descriptor. Reports on stdout.

use std::ffi::CString;
use std::io;

/// The errno of the last failed call, by name for the ones expected here.
fn errno_name() -> String {
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EIO) => "EIO".to_owned(),
        Some(libc::EPIPE) => "EPIPE".to_owned(),
        Some(libc::ENOSPC) => "ENOSPC".to_owned(),
        Some(libc::EDQUOT) => "EDQUOT".to_owned(),
        other => format!("{other:?}"),
    }
}

fn write(fd: libc::c_int, data: &[u8]) -> isize {
    // SAFETY: `data` is readable for its length.
    unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) }
}

fn stdout_faults() {
    let mut chunks = 0;
    let first = loop {
        let chunk = format!("{chunks:04}{}\n", "x".repeat(995));
        if write(1, chunk.as_bytes()) < 0 {
            break errno_name();
        }
        chunks += 1;
        if chunks == 1000 {
            break "none".to_owned();
        }
    };
    let again = if write(1, b"again\n") < 0 {
        errno_name()
    } else {
        "Ok".to_owned()
    };
    eprintln!("chunks written: {chunks}");
    eprintln!("first failing write: {first}");
    eprintln!("the next write: {again}");
    eprintln!("still running: true");
}

fn pattern(i: usize) -> u8 {
    (i % 253) as u8
}

/// Opens `path` with `flags`, or panics (set-up, not what is tested).
fn open(path: &str, flags: libc::c_int) -> libc::c_int {
    let c = CString::new(path).unwrap();
    // SAFETY: a NUL-terminated path; the mode is passed as the variadic `unsigned int`.
    let fd = unsafe { libc::open(c.as_ptr(), flags, 0o644 as libc::c_uint) };
    assert!(fd >= 0, "open {path}: {}", io::Error::last_os_error());
    fd
}

/// Writes 4 KiB chunks of the pattern to `fd` until a write fails: the bytes written and the
/// errno.
fn fill(fd: libc::c_int) -> (usize, String) {
    let mut total = 0;
    loop {
        let chunk: Vec<u8> = (total..total + 4096).map(pattern).collect();
        let n = write(fd, &chunk);
        if n < 0 {
            return (total, errno_name());
        }
        total += n as usize;
        assert!(total < 1 << 30, "the filesystem never filled up");
    }
}

/// Whether the file at `path` holds exactly `len` bytes of the pattern.
fn intact(path: &str, len: usize) -> bool {
    let data = std::fs::read(path).unwrap();
    data.len() == len && data.iter().enumerate().all(|(i, &b)| b == pattern(i))
}

fn disk_full(dir: &str) {
    for (name, flags) in [
        ("positional", libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC),
        (
            "O_APPEND",
            libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_APPEND,
        ),
    ] {
        let path = format!("{dir}/big");
        let fd = open(&path, flags);
        let (written, errno) = fill(fd);
        println!("{name}: the write that did not fit: {errno}");
        println!("{name}: wrote something first: {}", written > 0);
        // SAFETY: `fd` is open.
        let closed = unsafe { libc::close(fd) };
        println!("{name}: close: {closed}");
        println!(
            "{name}: the file holds what was written, intact: {}",
            intact(&path, written)
        );
        std::fs::remove_file(&path).unwrap();
        println!(
            "{name}: after freeing the space a write works: {}",
            std::fs::write(format!("{dir}/small"), b"small").is_ok()
        );
        std::fs::remove_file(format!("{dir}/small")).unwrap();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("stdout") => stdout_faults(),
        Some("fill") => disk_full(&args[2]),
        _ => panic!("usage: faults stdout | faults fill DIR"),
    }
}
