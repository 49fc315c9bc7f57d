//! `pthread_*`: WASI 0.2 has no threads. Creating one fails cleanly, so std's
//! `thread::Builder::spawn` returns `Err` (and `thread::spawn` panics, as std does on every
//! platform without threads). The attribute functions succeed, because std asserts on them.

use core::ffi::{c_int, c_void};
use libc::{pthread_attr_t, pthread_t, size_t};

/// `pthread_create`: always fails with `ENOTSUP` (returned, not stored in `errno`).
///
/// # Deviations
/// No thread is ever created.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_create.html>.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_create(
    _native: *mut pthread_t,
    _attr: *const pthread_attr_t,
    _f: extern "C" fn(*mut c_void) -> *mut c_void,
    _value: *mut c_void,
) -> c_int {
    libc::ENOTSUP
}

/// `pthread_join`: `ESRCH`, since no thread can exist to be joined.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_join(_native: pthread_t, _value: *mut *mut c_void) -> c_int {
    libc::ESRCH
}

/// `pthread_detach`: `ESRCH`, since no thread can exist to be detached.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_detach(_thread: pthread_t) -> c_int {
    libc::ESRCH
}

/// `pthread_attr_init`: 0; the attributes are never used.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_attr_init(_attr: *mut pthread_attr_t) -> c_int {
    0
}

/// `pthread_attr_destroy`: 0.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_attr_destroy(_attr: *mut pthread_attr_t) -> c_int {
    0
}

/// `pthread_attr_setstacksize`: 0, or `EINVAL` for a size of 0, as POSIX allows.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_attr_setstacksize(_attr: *mut pthread_attr_t, size: size_t) -> c_int {
    if size == 0 { libc::EINVAL } else { 0 }
}
