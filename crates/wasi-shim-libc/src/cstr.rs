//! C strings in, `&str` out: the one conversion every path-taking function uses.

use core::ffi::{CStr, c_char};
use wasi_shim::{Errno, Result};

/// Borrows the NUL-terminated string at `p` as UTF-8.
///
/// # Errors
/// `EFAULT` for a null pointer, `EILSEQ` when the bytes are not UTF-8 (WASI strings must be).
///
/// # Safety
/// `p` must be null or point to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn to_str<'a>(p: *const c_char) -> Result<&'a str> {
    if p.is_null() {
        return Err(Errno::FAULT);
    }
    // SAFETY: the caller guarantees a NUL-terminated string at `p`.
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    core::str::from_utf8(bytes).map_err(|_| Errno::ILSEQ)
}

/// Copies `s` and a NUL into `buf` of `len` bytes.
///
/// # Errors
/// `ERANGE` when it does not fit (nothing is truncated).
///
/// # Safety
/// `buf` must be valid for `len` bytes of writes.
pub(crate) unsafe fn copy_out(s: &str, buf: *mut c_char, len: usize) -> Result<()> {
    if s.len() >= len {
        return Err(Errno::RANGE);
    }
    // SAFETY: `s.len() + 1 <= len` bytes are written and the caller gives `len`.
    unsafe {
        core::ptr::copy_nonoverlapping(s.as_ptr(), buf.cast::<u8>(), s.len());
        *buf.add(s.len()) = 0;
    }
    Ok(())
}
