//! The descriptor table through raw `libc` calls (the same names on both targets): `close` twice
//! (`EBADF` the second time), `read`/`write`/`lseek`/`fcntl` on bad descriptors, reuse of the
//! lowest free number after `close` (also number 0), `fcntl(F_DUPFD)` sharing the file offset in
//! both directions and outliving the original, `F_DUPFD` with a minimum, `F_GETFL`/`F_SETFL`,
//! `F_GETFD`/`F_SETFD`, `lseek` and `ftruncate` errors. No descriptor number is printed (the
//! shim's preopen occupies 3), only relations between them. Files are named by absolute paths
//! under `$SANDBOX`, so that the probes do not depend on relative-path support.
//!
//! `dup`/`dup2` are not declared by the `libc` crate for WASI (and the stock wasi-libc does not
//! define them), so duplication goes through `fcntl(fd, F_DUPFD, min)`, which both targets
//! declare.

use std::ffi::CString;
use std::io;

use libc::{c_int, c_void};

/// `F_DUPFD`: the `libc` crate does not define it for WASI; wasi-libc numbers it 0.
#[cfg(target_os = "wasi")]
const F_DUPFD: c_int = 0;
#[cfg(not(target_os = "wasi"))]
const F_DUPFD: c_int = libc::F_DUPFD;

/// The last error as `Err(kind) EBADF=<bool>`.
fn last_err() -> String {
    let e = io::Error::last_os_error();
    format!(
        "Err({:?}) EBADF={}",
        e.kind(),
        e.raw_os_error() == Some(libc::EBADF)
    )
}

/// `Ok(n)` for a non-negative return, else the last error.
fn ret(n: i64) -> String {
    if n >= 0 {
        format!("Ok({n})")
    } else {
        last_err()
    }
}

/// `Ok` for a non-negative return, else the last error.
fn ok(n: i64) -> String {
    if n >= 0 { "Ok".to_owned() } else { last_err() }
}

fn open(name: &str, flags: c_int) -> c_int {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX must be set");
    let c = CString::new(format!("{sandbox}/{name}")).unwrap();
    // SAFETY: a NUL-terminated path; the mode is passed as the variadic `unsigned int`.
    unsafe { libc::open(c.as_ptr(), flags, 0o644 as libc::c_uint) }
}

fn write(fd: c_int, data: &[u8]) -> i64 {
    // SAFETY: `data` is valid for its length.
    unsafe { libc::write(fd, data.as_ptr().cast::<c_void>(), data.len()) as i64 }
}

fn read(fd: c_int, buf: &mut [u8]) -> i64 {
    // SAFETY: `buf` is valid for its length.
    unsafe { libc::read(fd, buf.as_mut_ptr().cast::<c_void>(), buf.len()) as i64 }
}

fn lseek(fd: c_int, off: i64, whence: c_int) -> i64 {
    // SAFETY: no pointers.
    unsafe { libc::lseek(fd, off as libc::off_t, whence) as i64 }
}

fn close(fd: c_int) -> i64 {
    // SAFETY: no pointers; closing a descriptor this program owns (or a bad one, on purpose).
    i64::from(unsafe { libc::close(fd) })
}

fn ftruncate(fd: c_int, len: i64) -> i64 {
    // SAFETY: no pointers.
    i64::from(unsafe { libc::ftruncate(fd, len as libc::off_t) })
}

/// The last error as `Err(kind) EBADF=<bool> EINVAL=<bool>`.
fn last_err_badf_inval() -> String {
    let e = io::Error::last_os_error();
    format!(
        "Err({:?}) EBADF={} EINVAL={}",
        e.kind(),
        e.raw_os_error() == Some(libc::EBADF),
        e.raw_os_error() == Some(libc::EINVAL)
    )
}

fn fcntl0(fd: c_int, cmd: c_int) -> c_int {
    // SAFETY: a command without argument.
    unsafe { libc::fcntl(fd, cmd) }
}

fn fcntl1(fd: c_int, cmd: c_int, arg: c_int) -> c_int {
    // SAFETY: a command with one `int` argument.
    unsafe { libc::fcntl(fd, cmd, arg) }
}

fn main() {
    let rw = libc::O_CREAT | libc::O_RDWR | libc::O_TRUNC;
    let a = open("a.txt", rw);
    println!("open a: {}", ok(a.into()));
    let b = open("b.txt", rw);
    println!("open b: {}", ok(b.into()));
    println!("b > a: {}", b > a);
    println!("a > 2 (stdio stays 0..2): {}", a > 2);

    // Closing twice; operations on a closed descriptor.
    println!("close a: {}", ret(close(a)));
    println!("close a again: {}", ret(close(a)));
    let mut buf = [0u8; 16];
    println!("read closed: {}", ret(read(a, &mut buf)));
    println!("write closed: {}", ret(write(a, b"x")));
    println!("lseek closed: {}", ret(lseek(a, 0, libc::SEEK_SET)));
    println!(
        "fcntl F_GETFD closed: {}",
        ret(fcntl0(a, libc::F_GETFD).into())
    );
    println!("close -1: {}", ret(close(-1)));
    println!("read -5: {}", ret(read(-5, &mut buf)));
    println!("close 1<<20: {}", ret(close(1 << 20)));

    // The lowest free number is reused.
    let c = open("c.txt", rw);
    println!("reopen takes the freed number: {}", c == a);

    // F_DUPFD shares the offset both ways.
    let d = fcntl1(c, F_DUPFD, 0);
    println!("dup: {}", ok(d.into()));
    println!("dup is a new number: {}", d != c && d >= 0);
    println!("write via original: {}", ret(write(c, b"hello")));
    println!("offset via dup: {}", ret(lseek(d, 0, libc::SEEK_CUR)));
    println!("write via dup: {}", ret(write(d, b"world")));
    println!("offset via original: {}", ret(lseek(c, 0, libc::SEEK_CUR)));
    println!("rewind via original: {}", ret(lseek(c, 0, libc::SEEK_SET)));
    let n = read(d, &mut buf);
    println!(
        "read via dup: {} {:?}",
        ret(n),
        String::from_utf8_lossy(&buf[..n.max(0) as usize])
    );
    println!("close original: {}", ret(close(c)));
    println!(
        "dup still open, end offset: {}",
        ret(lseek(d, 0, libc::SEEK_END))
    );
    println!("dup still writable: {}", ret(write(d, b"!")));
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX must be set");
    println!(
        "c.txt content: {:?}",
        std::fs::read_to_string(format!("{sandbox}/c.txt")).ok()
    );

    // F_DUPFD with a minimum.
    let e = fcntl1(d, F_DUPFD, 100);
    println!("dup min 100: {}", ok(e.into()));
    println!("dup min 100 gives 100: {}", e == 100);
    let e2 = fcntl1(d, F_DUPFD, 100);
    println!("second dup min 100 gives 101: {}", e2 == 101);
    println!("close dups: {} {}", ret(close(e)), ret(close(e2)));
    println!("dup of closed: {}", ret(fcntl1(a, F_DUPFD, 0).into()));

    // Status and descriptor flags.
    let ro = open("b.txt", libc::O_RDONLY);
    let fl = fcntl0(ro, libc::F_GETFL);
    println!(
        "F_GETFL read-only: accmode_is_rdonly={} append={}",
        fl >= 0 && fl & libc::O_ACCMODE == libc::O_RDONLY,
        fl >= 0 && fl & libc::O_APPEND != 0
    );
    println!("write to read-only descriptor: {}", ret(write(ro, b"x")));
    // ftruncate: Linux gives EINVAL for a descriptor not open for writing or not a regular file,
    // EBADF for one that is not open (POSIX allows EBADF or EINVAL for the first case).
    let r = ftruncate(ro, 0);
    println!(
        "ftruncate read-only descriptor: {}",
        if r == 0 {
            "Ok".to_owned()
        } else {
            last_err_badf_inval()
        }
    );
    let r = ftruncate(e, 0); // closed above
    println!(
        "ftruncate closed descriptor: {}",
        if r == 0 {
            "Ok".to_owned()
        } else {
            last_err_badf_inval()
        }
    );
    let r = ftruncate(-1, 0);
    println!(
        "ftruncate -1: {}",
        if r == 0 {
            "Ok".to_owned()
        } else {
            last_err_badf_inval()
        }
    );
    let r = ftruncate(1, 0);
    println!(
        "ftruncate stdout: {}",
        if r == 0 {
            "Ok".to_owned()
        } else {
            last_err_badf_inval()
        }
    );
    let ap = open("b.txt", libc::O_WRONLY | libc::O_APPEND);
    let fl = fcntl0(ap, libc::F_GETFL);
    println!(
        "F_GETFL append: accmode_is_wronly={} append={}",
        fl >= 0 && fl & libc::O_ACCMODE == libc::O_WRONLY,
        fl >= 0 && fl & libc::O_APPEND != 0
    );
    println!(
        "read from write-only descriptor: {}",
        ret(read(ap, &mut buf))
    );
    println!(
        "F_SETFL clear append: {}",
        ok(fcntl1(ap, libc::F_SETFL, 0).into())
    );
    let fl = fcntl0(ap, libc::F_GETFL);
    println!(
        "append after clear: {}",
        fl >= 0 && fl & libc::O_APPEND != 0
    );
    println!(
        "F_SETFD cloexec: {}",
        ok(fcntl1(ap, libc::F_SETFD, libc::FD_CLOEXEC).into())
    );
    println!("F_GETFD: {}", ret(fcntl0(ap, libc::F_GETFD).into()));
    println!("F_SETFD 0: {}", ok(fcntl1(ap, libc::F_SETFD, 0).into()));
    println!(
        "F_GETFD after clear: {}",
        ret(fcntl0(ap, libc::F_GETFD).into())
    );
    close(ro);
    close(ap);

    // lseek errors.
    println!("lseek negative: {}", ret(lseek(d, -1, libc::SEEK_SET)));
    println!("lseek bad whence: {}", ret(lseek(d, 0, 12345)));
    let on_stdout = lseek(1, 0, libc::SEEK_CUR);
    let espipe = on_stdout < 0 && io::Error::last_os_error().raw_os_error() == Some(libc::ESPIPE);
    println!("lseek on stdout (a pipe) fails with ESPIPE: {espipe}");
    close(d);

    // Stdio descriptors are valid; a direct write to 1 arrives in order.
    println!(
        "stdio valid: {} {} {}",
        fcntl0(0, libc::F_GETFD) >= 0,
        fcntl0(1, libc::F_GETFD) >= 0,
        fcntl0(2, libc::F_GETFD) >= 0
    );
    println!("direct write: {}", ret(write(1, b"raw line on fd 1\n")));

    // Closing stdin frees number 0, which the next open takes.
    println!("close 0: {}", ret(close(0)));
    let z = open("a.txt", libc::O_RDONLY);
    println!("open after closing 0 takes 0: {}", z == 0);
    close(z);
}
