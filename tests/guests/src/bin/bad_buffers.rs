//! Buffers and lengths that lie past the end of linear memory, null arrays, and offsets past
//! `off_t`: each call must fail with an errno and the program go on (never a trap, never a write
//! past the caller's buffer). One `call: result` line each. WASI-only addresses: natively the
//! guest prints the same labels with the kernel's answers for unmapped addresses.

use std::ffi::c_void;

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn show(label: &str, r: isize) {
    if r < 0 {
        println!("{label}: -1 {}", name(errno()));
    } else {
        println!("{label}: {r}");
    }
}

fn name(e: i32) -> &'static str {
    match e {
        libc::EFAULT => "EFAULT",
        libc::EINVAL => "EINVAL",
        libc::EBADF => "EBADF",
        _ => "other",
    }
}

/// An address whose next `len` bytes run past the end of memory (wasm) or into unmapped memory
/// (native: the top of the address space).
fn past_the_end() -> *mut u8 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65536 - 16) as *mut u8
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        (usize::MAX - 15) as *mut u8
    }
}

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX");
    let path = std::ffi::CString::new(format!("{sandbox}/f")).unwrap();
    std::fs::write(format!("{sandbox}/f"), b"0123456789").unwrap();
    // SAFETY: a NUL-terminated path.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDWR) };
    assert!(fd >= 0);
    let end = past_the_end();
    // SAFETY (all calls below): the libc must check what it is given; that is the test.
    unsafe {
        show(
            "write past memory",
            libc::write(fd, end as *const c_void, 4096),
        );
        show(
            "pwrite past memory",
            libc::pwrite(fd, end as *const c_void, 4096, 0),
        );
        let iov = [libc::iovec {
            iov_base: end.cast(),
            iov_len: 4096,
        }];
        show("writev past memory", libc::writev(fd, iov.as_ptr(), 1));
        show("read past memory", libc::read(fd, end.cast(), 4096));
        show("pread past memory", libc::pread(fd, end.cast(), 4096, 0));
        let mut small = [0u8; 4];
        show(
            "read length past SSIZE_MAX",
            libc::read(fd, small.as_mut_ptr().cast(), usize::MAX),
        );
        show("writev null iov", libc::writev(fd, std::ptr::null(), 2));
        show("readv null iov", libc::readv(fd, std::ptr::null(), 2));
        show(
            "poll null fds",
            libc::poll(std::ptr::null_mut(), 1, 0) as isize,
        );
        show("lseek to 5", libc::lseek(fd, 5, libc::SEEK_SET) as isize);
        show(
            "lseek past off_t",
            libc::lseek(fd, i64::MAX, libc::SEEK_CUR) as isize,
        );
        show("write bad fd", libc::write(-1, small.as_ptr().cast(), 1));
    }
    let after = std::fs::read(format!("{sandbox}/f")).unwrap();
    println!("file intact: {}", after == b"0123456789");
    println!("still running: true");
}
