//! The C arguments of every function, checked once, here: descriptor numbers, `dirfd`s, buffers
//! and their lengths, paths. Each helper turns a C argument into a Rust value or the errno POSIX
//! gives for it (`EBADF`, `EFAULT`, `EINVAL`, `EILSEQ`), so that no export handles raw pointers
//! past its first line.

use crate::cstr;
use core::ffi::{c_char, c_int, c_void};
use libc::size_t;
use wasi_shim::Errno;
use wasi_shim::fs::Base;

/// The base a `dirfd` argument names: `AT_FDCWD` is the current directory.
pub(crate) fn base(dirfd: c_int) -> wasi_shim::Result<Base> {
    if dirfd == libc::AT_FDCWD {
        Ok(Base::Cwd)
    } else {
        u32::try_from(dirfd).map(Base::Dir).map_err(|_| Errno::BADF)
    }
}

/// A descriptor argument as the table's index; negative numbers are `EBADF`.
pub(crate) fn fd_arg(fd: c_int) -> wasi_shim::Result<u32> {
    u32::try_from(fd).map_err(|_| Errno::BADF)
}

/// Converts a C-sized length to a Rust slice length: lengths past `isize::MAX` cannot describe a
/// real buffer, so they are `EINVAL` rather than undefined behaviour.
///
/// # Errors
/// `EINVAL` for lengths past `isize::MAX`.
pub(crate) fn checked_len(len: usize) -> wasi_shim::Result<usize> {
    if isize::try_from(len).is_ok() {
        Ok(len)
    } else {
        Err(Errno::INVAL)
    }
}

/// Whether `len` bytes at `addr` lie inside linear memory. A buffer that runs past its end is
/// `EFAULT`, as the kernel reports a range it cannot reach: handed to the host, it would trap
/// the component (writes) or be written past the caller's buffer (reads).
pub(crate) fn in_memory(addr: usize, len: usize) -> bool {
    let size = core::arch::wasm32::memory_size(0).saturating_mul(65536);
    addr.checked_add(len).is_some_and(|end| end <= size)
}

/// Borrows a C buffer as a byte slice after checking its length.
///
/// # Safety
/// `buf` must be valid for `len` bytes (of writes, for `_mut`) when `len` is not 0.
pub(crate) unsafe fn slice_mut<'a>(
    buf: *mut c_void,
    len: size_t,
) -> wasi_shim::Result<&'a mut [u8]> {
    let len = checked_len(len)?;
    if len == 0 {
        return Ok(&mut []);
    }
    if buf.is_null() || !in_memory(buf as usize, len) {
        return Err(Errno::FAULT);
    }
    // SAFETY: the caller gives `len` valid bytes at `buf`, and `len <= isize::MAX`.
    Ok(unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), len) })
}

/// See [`slice_mut`].
///
/// # Safety
/// `buf` must be valid for `len` bytes of reads when `len` is not 0.
pub(crate) unsafe fn slice<'a>(buf: *const c_void, len: size_t) -> wasi_shim::Result<&'a [u8]> {
    let len = checked_len(len)?;
    if len == 0 {
        return Ok(&[]);
    }
    if buf.is_null() || !in_memory(buf as usize, len) {
        return Err(Errno::FAULT);
    }
    // SAFETY: the caller gives `len` valid bytes at `buf`, and `len <= isize::MAX`.
    Ok(unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), len) })
}

/// Runs `f` on a C path.
///
/// # Safety
/// `path` must be null or a NUL-terminated string.
pub(crate) unsafe fn with_path<T>(
    path: *const c_char,
    f: impl FnOnce(&str) -> wasi_shim::Result<T>,
) -> wasi_shim::Result<T> {
    // SAFETY: passed on from the caller.
    f(unsafe { cstr::to_str(path) }?)
}
