//! `open`, `openat`, `fcntl`, `ioctl`, `close`, `dup`, `dup2`.
//!
//! `open`, `openat`, `fcntl` and `ioctl` are C-variadic, and defining a variadic function is
//! unstable on Rust 1.95. At the wasm level a variadic call passes one extra `i32`: a pointer to
//! the caller's buffer of variadic arguments. These definitions take that pointer as a fixed
//! third (or fourth) parameter and read the argument from it only when the flags say one was
//! passed; the link test checks that callers and definitions agree on the wasm signature.

use crate::args::{base, fd_arg};
use crate::cstr;
use crate::errno::{fail, ret};
use core::ffi::{c_char, c_int, c_void};
use wasi_shim::fs::OpenOptions;
use wasi_shim::{Errno, fd, fs};

fn options(flags: c_int) -> wasi_shim::Result<OpenOptions> {
    let access = flags & libc::O_ACCMODE;
    let (read, write) = match access {
        libc::O_RDONLY => (true, false),
        libc::O_WRONLY => (false, true),
        libc::O_RDWR => (true, true),
        // `O_SEARCH` and `O_EXEC` open for neither; the host needs some right, so read.
        libc::O_SEARCH | libc::O_EXEC => (true, false),
        _ => return Err(Errno::INVAL),
    };
    Ok(OpenOptions {
        read,
        write,
        append: flags & libc::O_APPEND != 0,
        create: flags & libc::O_CREAT != 0,
        exclusive: flags & libc::O_EXCL != 0,
        truncate: flags & libc::O_TRUNC != 0,
        directory: flags & libc::O_DIRECTORY != 0 || access == libc::O_SEARCH,
        nofollow: flags & libc::O_NOFOLLOW != 0,
        nonblock: flags & libc::O_NONBLOCK != 0,
        // `O_CLOEXEC` is 0 in wasi-libc's ABI: every descriptor starts without `FD_CLOEXEC`.
        cloexec: false,
        sync: flags & (libc::O_SYNC | libc::O_RSYNC) != 0,
        dsync: flags & libc::O_DSYNC != 0,
    })
}

/// `openat(dirfd, path, flags, ...)`: opens `path`, relative to `dirfd` unless absolute.
///
/// Uses `descriptor.open-at` on the preopen or directory the path resolves under; the new
/// descriptor takes the lowest free number (3 for the first file, as natively).
///
/// # Deviations
/// The `mode` argument is never read (the variadic buffer `va` is ignored): WASI 0.2 has no
/// permission bits to store it in. `O_NOCTTY` and `O_CLOEXEC` are 0 in this ABI.
///
/// # Errors
/// `ENOENT`, `EEXIST`, `EISDIR`, `ENOTDIR`, `EACCES` from the host; `ENOENT` for a name outside
/// every preopen, `EACCES` for a directory on the way to one; `EILSEQ` for a non-UTF-8 path; `EMFILE` when 1024 descriptors are
/// open; `EINVAL` for an unknown access mode.
///
/// # Safety
/// `path` must be a NUL-terminated string; `va` is the caller's variadic buffer.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/open.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn openat(
    dirfd: c_int,
    path: *const c_char,
    flags: c_int,
    va: *const c_void,
) -> c_int {
    let _ = va;
    // SAFETY: the caller passes a NUL-terminated string.
    let r = unsafe { cstr::to_str(path) }.and_then(|p| fs::open(base(dirfd)?, p, &options(flags)?));
    ret(r, |fd| fd as c_int)
}

/// `open(path, flags, ...)`: [`openat`] with `AT_FDCWD`.
///
/// # Safety
/// As for [`openat`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn open(path: *const c_char, flags: c_int, va: *const c_void) -> c_int {
    // SAFETY: forwarded unchanged.
    unsafe { openat(libc::AT_FDCWD, path, flags, va) }
}

/// `close(fd)`: releases the descriptor number; the host resource is dropped with the last
/// descriptor sharing its open description.
///
/// # Errors
/// `EBADF` when `fd` is not open (so closing twice fails the second time and closes nothing).
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/close.html>.
#[unsafe(no_mangle)]
pub extern "C" fn close(fd: c_int) -> c_int {
    ret(fd_arg(fd).and_then(fd::close), |()| 0)
}

/// `dup(fd)`: the lowest free number for the same open description (shared offset and flags).
///
/// # Errors
/// `EBADF`, `EMFILE`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/dup.html>.
#[unsafe(no_mangle)]
pub extern "C" fn dup(fd: c_int) -> c_int {
    ret(fd_arg(fd).and_then(|fd| fd::dup(fd, 0, false)), |n| {
        n as c_int
    })
}

/// `dup2(fd, target)`: makes `target` a duplicate of `fd`, closing what it held.
///
/// # Errors
/// `EBADF` when `fd` is not open or `target` is negative or past the 1024-descriptor limit.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/dup2.html>.
#[unsafe(no_mangle)]
pub extern "C" fn dup2(fd: c_int, target: c_int) -> c_int {
    let r = fd_arg(fd).and_then(|fd| fd::dup2(fd, fd_arg(target)?));
    ret(r, |n| n as c_int)
}

/// `fcntl(fd, cmd, ...)`: `F_GETFD`, `F_SETFD`, `F_GETFL`, `F_SETFL`, `F_DUPFD`,
/// `F_DUPFD_CLOEXEC`.
///
/// # Deviations
/// `FD_CLOEXEC` is stored and reported but means nothing: WASI has no `exec`. `F_SETFL` changes
/// `O_APPEND` and `O_NONBLOCK` only, as on Linux. Locks (`F_GETLK`, ...) give `EINVAL`.
///
/// # Errors
/// `EBADF` when `fd` is not open, `EINVAL` for other commands.
///
/// # Safety
/// `va` must point to the caller's variadic buffer holding an `int` for the commands that take
/// one.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/fcntl.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fcntl(fd: c_int, cmd: c_int, va: *const c_void) -> c_int {
    let int_arg = || {
        // SAFETY: these commands take one `int`, which the caller stored in its buffer.
        unsafe { va.cast::<c_int>().read() }
    };
    let fd = match fd_arg(fd) {
        Ok(fd) => fd,
        Err(e) => return fail(e),
    };
    match cmd {
        libc::F_GETFD => ret(fd::cloexec(fd), |on| if on { libc::FD_CLOEXEC } else { 0 }),
        libc::F_SETFD => ret(
            fd::set_cloexec(fd, int_arg() & libc::FD_CLOEXEC != 0),
            |()| 0,
        ),
        libc::F_GETFL => ret(fd::status_flags(fd), |f| {
            let mut flags = match (f.read, f.write) {
                (true, true) => libc::O_RDWR,
                (false, true) => libc::O_WRONLY,
                _ => libc::O_RDONLY,
            };
            if f.append {
                flags |= libc::O_APPEND;
            }
            if f.nonblock {
                flags |= libc::O_NONBLOCK;
            }
            flags
        }),
        libc::F_SETFL => {
            let flags = int_arg();
            ret(
                fd::set_status_flags(
                    fd,
                    flags & libc::O_APPEND != 0,
                    flags & libc::O_NONBLOCK != 0,
                ),
                |()| 0,
            )
        }
        F_DUPFD | F_DUPFD_CLOEXEC => {
            let min = int_arg();
            let Ok(min) = u32::try_from(min) else {
                return fail(Errno::INVAL);
            };
            ret(fd::dup(fd, min, cmd == F_DUPFD_CLOEXEC), |n| n as c_int)
        }
        _ => fail(Errno::INVAL),
    }
}

/// `F_DUPFD`, as wasi-libc numbers it (the `libc` crate does not define it for WASI).
pub const F_DUPFD: c_int = 0;
/// `F_DUPFD_CLOEXEC`, as wasi-libc numbers it.
pub const F_DUPFD_CLOEXEC: c_int = 1030;

/// `ioctl(fd, request, ...)`: `FIONBIO` sets or clears non-blocking mode.
///
/// # Errors
/// `EBADF` when `fd` is not open, `ENOTTY` for other requests (as for a non-terminal).
///
/// # Safety
/// For `FIONBIO`, `va` must hold a pointer to an `int`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/ioctl.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ioctl(fd: c_int, request: c_int, va: *const c_void) -> c_int {
    let fd = match fd_arg(fd) {
        Ok(fd) => fd,
        Err(e) => return fail(e),
    };
    if request != libc::FIONBIO {
        return ret(fd::status_flags(fd), |_| fail(Errno::NOTTY));
    }
    // SAFETY: `FIONBIO` takes one `int *`, which the caller stored in its buffer.
    let on = unsafe { *va.cast::<*const c_int>().read() } != 0;
    let r = fd::status_flags(fd).and_then(|f| fd::set_status_flags(fd, f.append, on));
    ret(r, |()| 0)
}
