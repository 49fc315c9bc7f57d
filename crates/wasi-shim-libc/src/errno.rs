//! `errno`, its accessor, and `strerror_r`; and the one helper that reports a failure to C.

use core::ffi::{c_char, c_int};
use libc::size_t;
use wasi_shim::Errno;

/// The C `errno` variable.
///
/// std declares it as a thread-local `static`, but on wasm32-wasip2 (which has one thread) the
/// object file refers to it as plain data, so a plain `static mut` serves. It must be defined:
/// an undefined data symbol would silently link as address 0.
#[unsafe(no_mangle)]
pub static mut errno: c_int = 0;

/// `__errno_location()`: the address of `errno`, as musl and wasi-libc provide it.
#[unsafe(no_mangle)]
pub extern "C" fn __errno_location() -> *mut c_int {
    &raw mut errno
}

/// Stores `e` in `errno`.
pub(crate) fn set_errno(e: Errno) {
    // SAFETY: the component has one thread, and no reference to `errno` is held anywhere.
    unsafe { errno = c_int::from(e.raw()) };
}

/// Reports a failure the C way: stores `e` in `errno` and returns the failure value of the
/// function's return type (`-1` or `NULL`).
pub(crate) fn fail<T: FailureValue>(e: Errno) -> T {
    set_errno(e);
    T::FAILURE
}

/// The value a C function returns on failure.
pub(crate) trait FailureValue {
    const FAILURE: Self;
}
impl FailureValue for c_int {
    const FAILURE: Self = -1;
}
impl FailureValue for isize {
    const FAILURE: Self = -1;
}
impl FailureValue for i64 {
    const FAILURE: Self = -1;
}
impl<T> FailureValue for *mut T {
    const FAILURE: Self = core::ptr::null_mut();
}

/// Turns a platform result into the C convention: `Ok` through `ok`, `Err` through [`fail`].
pub(crate) fn ret<T, R: FailureValue>(r: wasi_shim::Result<T>, ok: impl FnOnce(T) -> R) -> R {
    match r {
        Ok(v) => ok(v),
        Err(e) => fail(e),
    }
}

/// `strerror_r(errnum, buf, buflen)`: the XSI form, which std calls.
///
/// Writes the message for `errnum` (UTF-8, NUL-terminated) into `buf`.
///
/// # Errors
/// Returns `ERANGE` when `buf` is too small (it then holds as much of the message as fits),
/// `EINVAL` for an unknown number (it then holds `Unknown error N`, as glibc writes).
///
/// # Safety
/// `buf` must be valid for `buflen` bytes of writes.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/strerror.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn strerror_r(errnum: c_int, buf: *mut c_char, buflen: size_t) -> c_int {
    let mut unknown = [0u8; 32];
    let (message, status): (&[u8], c_int) =
        match u16::try_from(errnum).ok().and_then(Errno::from_raw) {
            Some(e) => (e.message().as_bytes(), 0),
            None if errnum == 0 => (b"Success", 0),
            None => {
                let len = format_unknown(errnum, &mut unknown);
                (&unknown[..len], libc::EINVAL)
            }
        };
    if buflen == 0 {
        return libc::ERANGE;
    }
    let n = message.len().min(buflen - 1);
    // SAFETY: the caller gives `buflen` writable bytes, and `n + 1 <= buflen`.
    unsafe {
        core::ptr::copy_nonoverlapping(message.as_ptr(), buf.cast::<u8>(), n);
        *buf.add(n) = 0;
    }
    if n < message.len() {
        libc::ERANGE
    } else {
        status
    }
}

/// Writes `Unknown error N` into `out`, returning its length.
fn format_unknown(n: c_int, out: &mut [u8; 32]) -> usize {
    let prefix = b"Unknown error ";
    out[..prefix.len()].copy_from_slice(prefix);
    let mut len = prefix.len();
    let mut digits = [0u8; 11];
    let mut d = 0;
    let mut v = i64::from(n).unsigned_abs();
    if n < 0 {
        out[len] = b'-';
        len += 1;
    }
    loop {
        digits[d] = b'0' + (v % 10) as u8;
        d += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    while d > 0 {
        d -= 1;
        out[len] = digits[d];
        len += 1;
    }
    len
}
