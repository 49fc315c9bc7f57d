//! Reading, writing and seeking; paths: `unlink`, `rmdir`, `rename`, links, `getcwd`/`chdir`,
//! `realpath`; `isatty`, `sysconf`.

use crate::args::{base, checked_len, fd_arg, in_memory, slice, slice_mut, with_path};
use crate::cstr;
use crate::errno::{fail, ret};
use core::ffi::{c_char, c_int, c_long, c_void};
use libc::{iovec, off_t, size_t, ssize_t};
use wasi_shim::{Errno, fd, fs};

fn count(n: usize) -> ssize_t {
    n as ssize_t
}

/// `read(fd, buf, len)`: reads from a descriptor at its offset.
///
/// Files: one `descriptor.read` at the tracked offset (no stream per call). Stdin:
/// `input-stream.blocking-read`.
///
/// # Errors
/// `EBADF` for a closed or write-only descriptor, `EISDIR` for a directory, `EINVAL` for
/// `len` past `SSIZE_MAX`.
///
/// # Safety
/// `buf` must be valid for `len` bytes of writes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/read.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn read(fd: c_int, buf: *mut c_void, len: size_t) -> ssize_t {
    // SAFETY: the caller's guarantee on `buf` is passed on.
    let r = fd_arg(fd).and_then(|fd| fd::read(fd, unsafe { slice_mut(buf, len) }?));
    ret(r, count)
}

/// `write(fd, buf, len)`: writes at the offset, or at the end with `O_APPEND`.
///
/// Files: one `descriptor.write`. Stdout and stderr: `blocking-write-and-flush` in chunks of
/// 4096 bytes, so nothing stays buffered in the shim.
///
/// # Errors
/// `EBADF` for a closed or read-only descriptor, `EPIPE` for a closed stream, `EINVAL` for
/// `len` past `SSIZE_MAX`.
///
/// # Safety
/// `buf` must be valid for `len` bytes of reads.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/write.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn write(fd: c_int, buf: *const c_void, len: size_t) -> ssize_t {
    // SAFETY: the caller's guarantee on `buf` is passed on.
    let r = fd_arg(fd).and_then(|fd| fd::write(fd, unsafe { slice(buf, len) }?));
    ret(r, count)
}

fn offset_arg(offset: off_t) -> wasi_shim::Result<u64> {
    u64::try_from(offset).map_err(|_| Errno::INVAL)
}

/// `pread(fd, buf, len, offset)`: reads at `offset`, leaving the descriptor's offset alone.
///
/// # Errors
/// As [`read`]; `ESPIPE` for stdio; `EINVAL` for a negative offset.
///
/// # Safety
/// `buf` must be valid for `len` bytes of writes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/pread.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pread(fd: c_int, buf: *mut c_void, len: size_t, offset: off_t) -> ssize_t {
    let r = fd_arg(fd).and_then(|fd| {
        // SAFETY: the caller's guarantee on `buf` is passed on.
        fd::pread(fd, unsafe { slice_mut(buf, len) }?, offset_arg(offset)?)
    });
    ret(r, count)
}

/// `pwrite(fd, buf, len, offset)`: writes at `offset`, leaving the descriptor's offset alone.
///
/// # Errors
/// As [`write`]; `ESPIPE` for stdio; `EINVAL` for a negative offset.
///
/// # Safety
/// `buf` must be valid for `len` bytes of reads.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/pwrite.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pwrite(
    fd: c_int,
    buf: *const c_void,
    len: size_t,
    offset: off_t,
) -> ssize_t {
    let r = fd_arg(fd).and_then(|fd| {
        // SAFETY: the caller's guarantee on `buf` is passed on.
        fd::pwrite(fd, unsafe { slice(buf, len) }?, offset_arg(offset)?)
    });
    ret(r, count)
}

/// The buffers of an `iovec` array.
///
/// # Safety
/// `iov` must point to `iovcnt` valid `iovec`s.
unsafe fn iovecs<'a>(iov: *const iovec, iovcnt: c_int) -> wasi_shim::Result<&'a [iovec]> {
    let n = usize::try_from(iovcnt).map_err(|_| Errno::INVAL)?;
    if n > IOV_MAX {
        return Err(Errno::INVAL);
    }
    if n == 0 {
        return Ok(&[]);
    }
    if iov.is_null() || !in_memory(iov as usize, n * core::mem::size_of::<iovec>()) {
        return Err(Errno::FAULT);
    }
    // SAFETY: the caller gives `iovcnt` valid entries (checked non-null and in memory).
    Ok(unsafe { core::slice::from_raw_parts(iov, n) })
}

/// `_SC_IOV_MAX`: the most buffers `readv`/`writev` take, as on Linux.
const IOV_MAX: usize = 1024;

/// The most bytes one `readv` or `writev` moves through its staging buffer: more is a short
/// read or write, which POSIX allows (and larger than any datagram).
const VECTORED_MAX: usize = 1 << 20;

/// The total length of `iov`, checking each buffer as [`slice`] does (`EFAULT`, `EINVAL`).
fn iov_total(iov: &[iovec]) -> wasi_shim::Result<usize> {
    let mut total = 0usize;
    for v in iov.iter().filter(|v| v.iov_len > 0) {
        if v.iov_base.is_null() || !in_memory(v.iov_base as usize, checked_len(v.iov_len)?) {
            return Err(Errno::FAULT);
        }
        total = total.checked_add(v.iov_len).ok_or(Errno::INVAL)?;
    }
    checked_len(total)
}

/// A zeroed staging buffer of `len` bytes (`ENOMEM` when it cannot be had).
fn staging(len: usize) -> wasi_shim::Result<alloc::vec::Vec<u8>> {
    let mut buf = alloc::vec::Vec::new();
    buf.try_reserve_exact(len).map_err(|_| Errno::NOMEM)?;
    buf.resize(len, 0);
    Ok(buf)
}

/// `readv(fd, iov, iovcnt)`: one read of up to the buffers' total length, scattered over them
/// in order (so a datagram fills every buffer, as on Linux).
///
/// # Deviations
/// At most 1 MiB per call (a short read); with more than one buffer the data passes through a
/// staging buffer.
///
/// # Errors
/// As [`read`]; `EINVAL` for a negative or too large `iovcnt` or a total past `SSIZE_MAX`;
/// `EFAULT` for a null or out-of-memory array or buffer.
///
/// # Safety
/// `iov` must point to `iovcnt` `iovec`s whose buffers are valid for writes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/readv.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn readv(fd: c_int, iov: *const iovec, iovcnt: c_int) -> ssize_t {
    let r = fd_arg(fd).and_then(|fd| {
        // SAFETY: the caller gives `iovcnt` valid entries.
        let iov = unsafe { iovecs(iov, iovcnt) }?;
        let total = iov_total(iov)?;
        let mut nonempty = iov.iter().filter(|v| v.iov_len > 0);
        match (nonempty.next(), nonempty.next()) {
            (None, _) => fd::read(fd, &mut []),
            // SAFETY: the one non-empty buffer is valid for writes.
            (Some(v), None) => fd::read(fd, unsafe { slice_mut(v.iov_base, v.iov_len) }?),
            _ => {
                let mut buf = staging(total.min(VECTORED_MAX))?;
                let n = fd::read(fd, &mut buf)?;
                let mut done = 0;
                for v in iov.iter().filter(|v| v.iov_len > 0) {
                    if done == n {
                        break;
                    }
                    let take = v.iov_len.min(n - done);
                    // SAFETY: checked by `iov_total`; valid for writes (the caller's guarantee).
                    // One slice at a time, so overlapping buffers never alias.
                    let dst = unsafe { slice_mut(v.iov_base, take) }?;
                    dst.copy_from_slice(&buf[done..done + take]);
                    done += take;
                }
                Ok(n)
            }
        }
    });
    ret(r, count)
}

/// `writev(fd, iov, iovcnt)`: the buffers gathered in order into one write, so that a datagram
/// socket sends one datagram and a stream gets one write (and one flush).
///
/// # Deviations
/// At most 1 MiB per call (a short write); with more than one buffer the data passes through a
/// staging buffer.
///
/// # Errors
/// As [`write`]; `EINVAL` for a negative or too large `iovcnt` or a total past `SSIZE_MAX`;
/// `EFAULT` for a null or out-of-memory array or buffer.
///
/// # Safety
/// `iov` must point to `iovcnt` `iovec`s whose buffers are valid for reads.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/writev.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn writev(fd: c_int, iov: *const iovec, iovcnt: c_int) -> ssize_t {
    let r = fd_arg(fd).and_then(|fd| {
        // SAFETY: the caller gives `iovcnt` valid entries.
        let iov = unsafe { iovecs(iov, iovcnt) }?;
        let total = iov_total(iov)?;
        let mut nonempty = iov.iter().filter(|v| v.iov_len > 0);
        match (nonempty.next(), nonempty.next()) {
            (None, _) => fd::write(fd, &[]),
            // SAFETY: the one non-empty buffer is valid for reads.
            (Some(v), None) => fd::write(fd, unsafe { slice(v.iov_base, v.iov_len) }?),
            _ => {
                let len = total.min(VECTORED_MAX);
                let mut buf = alloc::vec::Vec::new();
                buf.try_reserve_exact(len).map_err(|_| Errno::NOMEM)?;
                for v in iov.iter().filter(|v| v.iov_len > 0) {
                    let take = v.iov_len.min(len - buf.len());
                    if take == 0 {
                        break;
                    }
                    // SAFETY: checked by `iov_total`; valid for reads (the caller's guarantee).
                    buf.extend_from_slice(unsafe { slice(v.iov_base, take) }?);
                }
                fd::write(fd, &buf)
            }
        }
    });
    ret(r, count)
}

/// `lseek(fd, offset, whence)`.
///
/// # Errors
/// `ESPIPE` for stdio, `EINVAL` for a bad `whence`, a negative result or one past `off_t`'s
/// range (as Linux).
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/lseek.html>.
#[unsafe(no_mangle)]
pub extern "C" fn lseek(fd: c_int, offset: off_t, whence: c_int) -> off_t {
    let whence = match whence {
        libc::SEEK_SET => fd::Whence::Start,
        libc::SEEK_CUR => fd::Whence::Current,
        libc::SEEK_END => fd::Whence::End,
        _ => return fail(Errno::INVAL),
    };
    let r = fd_arg(fd).and_then(|fd| fd::seek(fd, offset, whence));
    ret(r, |n| n as off_t)
}

/// `fsync(fd)`: `descriptor.sync`.
///
/// # Errors
/// `EBADF`, `EINVAL` for stdio.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/fsync.html>.
#[unsafe(no_mangle)]
pub extern "C" fn fsync(fd: c_int) -> c_int {
    ret(fd_arg(fd).and_then(|fd| fd::sync(fd, false)), |()| 0)
}

/// `fdatasync(fd)`: `descriptor.sync-data`.
///
/// # Errors
/// As [`fsync`].
#[unsafe(no_mangle)]
pub extern "C" fn fdatasync(fd: c_int) -> c_int {
    ret(fd_arg(fd).and_then(|fd| fd::sync(fd, true)), |()| 0)
}

/// `ftruncate(fd, len)`: `descriptor.set-size`; files past 4 GiB work.
///
/// # Errors
/// `EINVAL` for a negative length or stdio, `EBADF` when not open for writing.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/ftruncate.html>.
#[unsafe(no_mangle)]
pub extern "C" fn ftruncate(fd: c_int, len: off_t) -> c_int {
    let r = fd_arg(fd).and_then(|fd| fd::truncate(fd, offset_arg(len)?));
    ret(r, |()| 0)
}

/// `isatty(fd)`: 1 when stdio `fd` is a terminal (the host's `terminal-*` interfaces).
///
/// # Errors
/// Returns 0 with `ENOTTY`, or `EBADF` when `fd` is not open.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/isatty.html>.
#[unsafe(no_mangle)]
pub extern "C" fn isatty(fd: c_int) -> c_int {
    match fd_arg(fd).and_then(fd::isatty) {
        Ok(()) => 1,
        Err(e) => {
            crate::errno::set_errno(e);
            0
        }
    }
}

/// `unlinkat(dirfd, path, flags)`: removes a file, or with `AT_REMOVEDIR` an empty directory.
///
/// # Errors
/// `EISDIR` when unlinking a directory without `AT_REMOVEDIR`, `ENOTEMPTY`, `ENOENT`, ...
///
/// # Safety
/// `path` must be a NUL-terminated string.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/unlink.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn unlinkat(dirfd: c_int, path: *const c_char, flags: c_int) -> c_int {
    // SAFETY: passed on from the caller.
    let r = unsafe {
        with_path(path, |p| {
            if flags & libc::AT_REMOVEDIR != 0 {
                fs::rmdir(base(dirfd)?, p)
            } else {
                fs::unlink(base(dirfd)?, p)
            }
        })
    };
    ret(r, |()| 0)
}

/// `unlink(path)`: [`unlinkat`] with `AT_FDCWD`.
///
/// # Safety
/// `path` must be a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn unlink(path: *const c_char) -> c_int {
    // SAFETY: passed on from the caller.
    unsafe { unlinkat(libc::AT_FDCWD, path, 0) }
}

/// `rmdir(path)`: removes an empty directory.
///
/// # Errors
/// `ENOTEMPTY` (55), `ENOENT`, `ENOTDIR`.
///
/// # Safety
/// `path` must be a NUL-terminated string.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/rmdir.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rmdir(path: *const c_char) -> c_int {
    // SAFETY: passed on from the caller.
    unsafe { unlinkat(libc::AT_FDCWD, path, libc::AT_REMOVEDIR) }
}

/// `renameat(olddirfd, old, newdirfd, new)`: `descriptor.rename-at`.
///
/// # Errors
/// Host errors (`ENOENT`, `EXDEV`, `ENOTEMPTY`, ...).
///
/// # Safety
/// Both paths must be NUL-terminated strings.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/rename.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn renameat(
    olddirfd: c_int,
    old: *const c_char,
    newdirfd: c_int,
    new: *const c_char,
) -> c_int {
    // SAFETY: passed on from the caller.
    let r = unsafe {
        with_path(old, |o| {
            with_path(new, |n| fs::rename(base(olddirfd)?, o, base(newdirfd)?, n))
        })
    };
    ret(r, |()| 0)
}

/// `rename(old, new)`: [`renameat`] with `AT_FDCWD`.
///
/// # Safety
/// Both paths must be NUL-terminated strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rename(old: *const c_char, new: *const c_char) -> c_int {
    // SAFETY: passed on from the caller.
    unsafe { renameat(libc::AT_FDCWD, old, libc::AT_FDCWD, new) }
}

/// `linkat(olddirfd, old, newdirfd, new, flags)`: a hard link (`descriptor.link-at`);
/// `AT_SYMLINK_FOLLOW` follows a symbolic link at `old`.
///
/// # Errors
/// Host errors (`EEXIST`, `ENOENT`, `EXDEV`, ...).
///
/// # Safety
/// Both paths must be NUL-terminated strings.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/link.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn linkat(
    olddirfd: c_int,
    old: *const c_char,
    newdirfd: c_int,
    new: *const c_char,
    flags: c_int,
) -> c_int {
    let follow = flags & libc::AT_SYMLINK_FOLLOW != 0;
    // SAFETY: passed on from the caller.
    let r = unsafe {
        with_path(old, |o| {
            with_path(new, |n| {
                fs::link(base(olddirfd)?, o, base(newdirfd)?, n, follow)
            })
        })
    };
    ret(r, |()| 0)
}

/// `link(old, new)`: [`linkat`] with `AT_FDCWD` and no flags.
///
/// # Safety
/// Both paths must be NUL-terminated strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn link(old: *const c_char, new: *const c_char) -> c_int {
    // SAFETY: passed on from the caller.
    unsafe { linkat(libc::AT_FDCWD, old, libc::AT_FDCWD, new, 0) }
}

/// `symlinkat(target, dirfd, path)`: `descriptor.symlink-at`.
///
/// # Deviations
/// WASI hosts refuse absolute targets and targets that leave the sandbox; the host's error
/// (`EPERM`) is returned.
///
/// # Safety
/// Both strings must be NUL-terminated.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/symlink.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn symlinkat(
    target: *const c_char,
    dirfd: c_int,
    path: *const c_char,
) -> c_int {
    // SAFETY: passed on from the caller.
    let r = unsafe {
        with_path(target, |t| {
            with_path(path, |p| fs::symlink(t, base(dirfd)?, p))
        })
    };
    ret(r, |()| 0)
}

/// `symlink(target, path)`: [`symlinkat`] with `AT_FDCWD`.
///
/// # Safety
/// Both strings must be NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn symlink(target: *const c_char, path: *const c_char) -> c_int {
    // SAFETY: passed on from the caller.
    unsafe { symlinkat(target, libc::AT_FDCWD, path) }
}

/// `readlinkat(dirfd, path, buf, len)`: the link's target, truncated to `len` bytes and not
/// NUL-terminated, as POSIX says.
///
/// # Errors
/// `EINVAL` when `path` is not a symbolic link.
///
/// # Safety
/// `path` must be NUL-terminated; `buf` valid for `len` bytes of writes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/readlink.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn readlinkat(
    dirfd: c_int,
    path: *const c_char,
    buf: *mut c_char,
    len: size_t,
) -> ssize_t {
    // SAFETY: passed on from the caller.
    let r = unsafe {
        with_path(path, |p| {
            let target = fs::readlink(base(dirfd)?, p)?;
            let out = slice_mut(buf.cast(), len)?;
            let n = target.len().min(out.len());
            out[..n].copy_from_slice(&target.as_bytes()[..n]);
            Ok(n)
        })
    };
    ret(r, count)
}

/// `readlink(path, buf, len)`: [`readlinkat`] with `AT_FDCWD`.
///
/// # Safety
/// As for [`readlinkat`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn readlink(path: *const c_char, buf: *mut c_char, len: size_t) -> ssize_t {
    // SAFETY: passed on from the caller.
    unsafe { readlinkat(libc::AT_FDCWD, path, buf, len) }
}

/// `getcwd(buf, size)`: the current directory, which starts at the host's
/// `wasi:cli/environment#initial-cwd` (or `/` when it gives none).
///
/// # Errors
/// `ERANGE` when it does not fit (std retries with a larger buffer; nothing is truncated),
/// `EINVAL` for a zero `size` with a buffer. With a null `buf` the result is `malloc`ed, as
/// glibc and musl do.
///
/// # Safety
/// `buf` must be null or valid for `size` bytes of writes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/getcwd.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn getcwd(buf: *mut c_char, size: size_t) -> *mut c_char {
    let cwd = fs::current_dir();
    if buf.is_null() {
        let len = if size == 0 { cwd.len() + 1 } else { size };
        let out = crate::malloc::malloc(len).cast::<c_char>();
        if out.is_null() {
            return fail(Errno::NOMEM);
        }
        // SAFETY: `out` has `len` bytes.
        return match unsafe { cstr::copy_out(&cwd, out, len) } {
            Ok(()) => out,
            Err(e) => {
                // SAFETY: `out` came from `malloc` just above.
                unsafe { crate::malloc::free(out.cast()) };
                fail(e)
            }
        };
    }
    if size == 0 {
        return fail(Errno::INVAL);
    }
    // SAFETY: the caller gives `size` bytes at `buf`.
    ret(unsafe { cstr::copy_out(&cwd, buf, size) }, |()| buf)
}

/// `chdir(path)`: changes the current directory, after checking that `path` is a directory
/// inside a preopen.
///
/// # Errors
/// `ENOENT`, `ENOTDIR`, `EACCES` (a directory outside every preopen).
///
/// # Safety
/// `path` must be a NUL-terminated string.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/chdir.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn chdir(path: *const c_char) -> c_int {
    // SAFETY: passed on from the caller.
    ret(unsafe { with_path(path, fs::set_current_dir) }, |()| 0)
}

/// `fchdir(fd)`: changes to the directory `fd` was opened from.
///
/// # Errors
/// `EBADF`, `ENOTDIR`.
#[unsafe(no_mangle)]
pub extern "C" fn fchdir(fd: c_int) -> c_int {
    ret(fd_arg(fd).and_then(fs::set_current_dir_fd), |()| 0)
}

/// `realpath(path, resolved)`: the canonical absolute path, with symbolic links resolved.
///
/// # Errors
/// `ENOENT`, `ELOOP`, `ENAMETOOLONG` when it does not fit `PATH_MAX` (4096) with a caller's
/// buffer; with a null `resolved` the result is `malloc`ed.
///
/// # Safety
/// `path` must be NUL-terminated; `resolved` null or valid for `PATH_MAX` bytes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/realpath.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn realpath(path: *const c_char, resolved: *mut c_char) -> *mut c_char {
    const PATH_MAX: usize = 4096;
    // SAFETY: passed on from the caller.
    let canonical = match unsafe { with_path(path, fs::canonicalize) } {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let (out, len) = if resolved.is_null() {
        let len = canonical.len() + 1;
        (crate::malloc::malloc(len).cast::<c_char>(), len)
    } else {
        (resolved, PATH_MAX)
    };
    if out.is_null() {
        return fail(Errno::NOMEM);
    }
    // SAFETY: `out` has `len` bytes.
    match unsafe { cstr::copy_out(&canonical, out, len) } {
        Ok(()) => out,
        Err(_) => fail(Errno::NAMETOOLONG),
    }
}

/// `sysconf(name)`: `_SC_PAGESIZE` (64 KiB, the wasm page), `_SC_IOV_MAX` (1024),
/// `_SC_SYMLOOP_MAX` (40), `_SC_OPEN_MAX` (1024), `_SC_NPROCESSORS_ONLN` (1).
///
/// # Errors
/// `EINVAL` for other names.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/sysconf.html>.
#[unsafe(no_mangle)]
pub extern "C" fn sysconf(name: c_int) -> c_long {
    match name {
        libc::_SC_PAGESIZE => 65536,
        libc::_SC_IOV_MAX => IOV_MAX as c_long,
        libc::_SC_SYMLOOP_MAX => fs::SYMLOOP_MAX as c_long,
        SC_OPEN_MAX => wasi_shim::table::MAX_DESCRIPTORS as c_long,
        SC_NPROCESSORS_ONLN => 1,
        _ => fail::<c_int>(Errno::INVAL) as c_long,
    }
}

/// `_SC_OPEN_MAX` in wasi-libc's numbering.
const SC_OPEN_MAX: c_int = 4;
/// `_SC_NPROCESSORS_ONLN` in wasi-libc's numbering.
const SC_NPROCESSORS_ONLN: c_int = 84;

/// `faccessat(dirfd, path, mode, flags)`: whether `path` exists and, by the permission rule of
/// `stat`, allows `mode`.
///
/// # Errors
/// `ENOENT` when it does not exist, `EACCES` when the mode is not allowed.
///
/// # Safety
/// `path` must be a NUL-terminated string.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/access.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faccessat(
    dirfd: c_int,
    path: *const c_char,
    mode: c_int,
    flags: c_int,
) -> c_int {
    let follow = flags & libc::AT_SYMLINK_NOFOLLOW == 0;
    // SAFETY: passed on from the caller.
    let r = unsafe {
        with_path(path, |p| {
            let st = fs::stat(base(dirfd)?, p, follow)?;
            let mut wanted = 0;
            if mode & libc::R_OK != 0 {
                wanted |= 0o444;
            }
            if mode & libc::W_OK != 0 {
                wanted |= 0o222;
            }
            if mode & libc::X_OK != 0 {
                wanted |= 0o111;
            }
            if st.permissions & wanted == wanted {
                Ok(())
            } else if mode & libc::W_OK != 0 && st.permissions & 0o222 == 0 {
                // The write bits are missing only in a tree the host made read-only: a
                // read-only file system, as Linux reports for a read-only mount.
                Err(Errno::ROFS)
            } else {
                Err(Errno::ACCES)
            }
        })
    };
    ret(r, |()| 0)
}

/// `access(path, mode)`: [`faccessat`] with `AT_FDCWD`.
///
/// # Safety
/// `path` must be a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn access(path: *const c_char, mode: c_int) -> c_int {
    // SAFETY: passed on from the caller.
    unsafe { faccessat(libc::AT_FDCWD, path, mode, 0) }
}
