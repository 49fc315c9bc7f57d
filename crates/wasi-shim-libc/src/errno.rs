//! `errno`, its accessor, and `strerror_r`; and the one helper that reports a failure to C.

use core::ffi::{c_char, c_int};
use libc::size_t;
use wasi_shim::Errno;

/// The C `errno` variable.
///
/// std declares it as a thread-local `static`. On wasm32-wasip2 (which has one thread) the
/// object file refers to it as plain data, so a plain `static mut` serves; on wasm32-wasip3 std's
/// code reaches it through the TLS base (`R_WASM_MEMORY_ADDR_TLS_SLEB`), so it is a
/// `#[thread_local]` there. It must be defined: an undefined data symbol would silently link as
/// address 0.
#[unsafe(no_mangle)]
#[cfg_attr(target_env = "p3", thread_local)]
pub static mut errno: c_int = 0;

/// `__errno_location()`: the address of `errno`, as musl and wasi-libc provide it.
#[unsafe(no_mangle)]
pub extern "C" fn __errno_location() -> *mut c_int {
    &raw mut errno
}

/// Every errno number of the `libc` crate for this target, beside the platform layer's constant
/// for it: the build fails if one of them drifts. The list is the `libc` crate's whole `E*` set
/// for WASI (aliases included), so an errno it adds shows up as a missing row in review.
const ERRNO_TABLE: &[(Errno, c_int)] = &[
    (Errno::TOOBIG, libc::E2BIG),
    (Errno::ACCES, libc::EACCES),
    (Errno::ADDRINUSE, libc::EADDRINUSE),
    (Errno::ADDRNOTAVAIL, libc::EADDRNOTAVAIL),
    (Errno::AFNOSUPPORT, libc::EAFNOSUPPORT),
    (Errno::AGAIN, libc::EAGAIN),
    (Errno::ALREADY, libc::EALREADY),
    (Errno::BADF, libc::EBADF),
    (Errno::BADMSG, libc::EBADMSG),
    (Errno::BUSY, libc::EBUSY),
    (Errno::CANCELED, libc::ECANCELED),
    (Errno::CHILD, libc::ECHILD),
    (Errno::CONNABORTED, libc::ECONNABORTED),
    (Errno::CONNREFUSED, libc::ECONNREFUSED),
    (Errno::CONNRESET, libc::ECONNRESET),
    (Errno::DEADLK, libc::EDEADLK),
    (Errno::DESTADDRREQ, libc::EDESTADDRREQ),
    (Errno::DOM, libc::EDOM),
    (Errno::DQUOT, libc::EDQUOT),
    (Errno::EXIST, libc::EEXIST),
    (Errno::FAULT, libc::EFAULT),
    (Errno::FBIG, libc::EFBIG),
    (Errno::HOSTUNREACH, libc::EHOSTUNREACH),
    (Errno::IDRM, libc::EIDRM),
    (Errno::ILSEQ, libc::EILSEQ),
    (Errno::INPROGRESS, libc::EINPROGRESS),
    (Errno::INTR, libc::EINTR),
    (Errno::INVAL, libc::EINVAL),
    (Errno::IO, libc::EIO),
    (Errno::ISCONN, libc::EISCONN),
    (Errno::ISDIR, libc::EISDIR),
    (Errno::LOOP, libc::ELOOP),
    (Errno::MFILE, libc::EMFILE),
    (Errno::MLINK, libc::EMLINK),
    (Errno::MSGSIZE, libc::EMSGSIZE),
    (Errno::MULTIHOP, libc::EMULTIHOP),
    (Errno::NAMETOOLONG, libc::ENAMETOOLONG),
    (Errno::NETDOWN, libc::ENETDOWN),
    (Errno::NETRESET, libc::ENETRESET),
    (Errno::NETUNREACH, libc::ENETUNREACH),
    (Errno::NFILE, libc::ENFILE),
    (Errno::NOBUFS, libc::ENOBUFS),
    (Errno::NODEV, libc::ENODEV),
    (Errno::NOENT, libc::ENOENT),
    (Errno::NOEXEC, libc::ENOEXEC),
    (Errno::NOLCK, libc::ENOLCK),
    (Errno::NOLINK, libc::ENOLINK),
    (Errno::NOMEM, libc::ENOMEM),
    (Errno::NOMSG, libc::ENOMSG),
    (Errno::NOPROTOOPT, libc::ENOPROTOOPT),
    (Errno::NOSPC, libc::ENOSPC),
    (Errno::NOSYS, libc::ENOSYS),
    (Errno::NOTCONN, libc::ENOTCONN),
    (Errno::NOTDIR, libc::ENOTDIR),
    (Errno::NOTEMPTY, libc::ENOTEMPTY),
    (Errno::NOTRECOVERABLE, libc::ENOTRECOVERABLE),
    (Errno::NOTSOCK, libc::ENOTSOCK),
    (Errno::NOTSUP, libc::ENOTSUP),
    (Errno::NOTTY, libc::ENOTTY),
    (Errno::NXIO, libc::ENXIO),
    (Errno::OVERFLOW, libc::EOVERFLOW),
    (Errno::OWNERDEAD, libc::EOWNERDEAD),
    (Errno::PERM, libc::EPERM),
    (Errno::PIPE, libc::EPIPE),
    (Errno::PROTO, libc::EPROTO),
    (Errno::PROTONOSUPPORT, libc::EPROTONOSUPPORT),
    (Errno::PROTOTYPE, libc::EPROTOTYPE),
    (Errno::RANGE, libc::ERANGE),
    (Errno::ROFS, libc::EROFS),
    (Errno::SPIPE, libc::ESPIPE),
    (Errno::SRCH, libc::ESRCH),
    (Errno::STALE, libc::ESTALE),
    (Errno::TIMEDOUT, libc::ETIMEDOUT),
    (Errno::TXTBSY, libc::ETXTBSY),
    (Errno::XDEV, libc::EXDEV),
    (Errno::NOTCAPABLE, libc::ENOTCAPABLE),
    (Errno::OPNOTSUPP, libc::EOPNOTSUPP),
    (Errno::WOULDBLOCK, libc::EWOULDBLOCK),
];

const _: () = {
    let mut i = 0;
    while i < ERRNO_TABLE.len() {
        assert!(ERRNO_TABLE[i].0.raw() as c_int == ERRNO_TABLE[i].1);
        i += 1;
    }
};

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
                (unknown.get(..len).unwrap_or_default(), libc::EINVAL)
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

/// Writes `Unknown error N` into `out`, returning its length. Without indexing: a bounds check
/// would link core's formatting code into every program's libc.
fn format_unknown(n: c_int, out: &mut [u8; 32]) -> usize {
    // The digits of |n| (at most 10) from the end of a buffer that also holds the sign.
    let mut number = [0u8; 11];
    let mut start = number.len();
    let mut v = i64::from(n).unsigned_abs();
    for digit in number.iter_mut().rev() {
        *digit = b'0' + (v % 10) as u8;
        v /= 10;
        start -= 1;
        if v == 0 {
            break;
        }
    }
    if n < 0
        && let Some(sign) = start.checked_sub(1).and_then(|i| number.get_mut(i))
    {
        *sign = b'-';
        start -= 1;
    }
    let text = b"Unknown error "
        .iter()
        .chain(number.get(start..).unwrap_or_default());
    let mut len = 0;
    for (slot, &byte) in out.iter_mut().zip(text) {
        *slot = byte;
        len += 1;
    }
    len
}
