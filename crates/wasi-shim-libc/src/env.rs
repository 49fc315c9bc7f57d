//! `getenv`, `setenv`, `unsetenv`, `environ` (`__wasilibc_get_environ`).
//!
//! The variables live in `wasi_shim::env`, fetched from `wasi:cli/environment` once, on first
//! use. Each is stored as `NAME=VALUE\0`, so `getenv` and `environ` hand out pointers into those
//! strings; they stay valid until the variable is changed, as POSIX allows.

use crate::args::with_path;
use crate::errno::ret;
use crate::single::SingleThreaded;
use alloc::vec::Vec;
use core::ffi::{c_char, c_int};
use wasi_shim::{Errno, env};

/// The pointer array `__wasilibc_get_environ` returns, rebuilt on each call.
static ENVIRON: SingleThreaded<Vec<*mut c_char>> = SingleThreaded::new(Vec::new());

/// `getenv(name)`: the value of `name`, or null.
///
/// # Safety
/// `name` must be a NUL-terminated string. The result is valid until `name` is changed.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/getenv.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn getenv(name: *const c_char) -> *mut c_char {
    if name.is_null() {
        return core::ptr::null_mut();
    }
    // Bytes, not `str`: every stored name is UTF-8, so a name that is not never matches, and
    // getenv links no UTF-8 validation.
    // SAFETY: the caller gives a NUL-terminated string.
    let name = unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes();
    env::with_entries(|entries| {
        entries
            .iter()
            // Byte slices, not `str` slices: a `str` slice can panic on a char boundary, and that
            // panic alone pulls about 8 KiB of formatting code into every std program.
            .map(|e| e.as_bytes())
            .find(|e| e.get(name.len()) == Some(&b'=') && e.starts_with(name))
            .and_then(|e| e.get(name.len() + 1..))
            .map_or(core::ptr::null_mut(), |value| {
                value.as_ptr().cast::<c_char>().cast_mut()
            })
    })
}

/// `setenv(name, value, overwrite)`.
///
/// # Errors
/// `EINVAL` for an empty name or one with `=`; `EILSEQ` for non-UTF-8 text (WASI strings are
/// UTF-8).
///
/// # Safety
/// Both must be NUL-terminated strings.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/setenv.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn setenv(
    name: *const c_char,
    value: *const c_char,
    overwrite: c_int,
) -> c_int {
    // SAFETY: passed on from the caller.
    let r = unsafe {
        with_path(name, |n| {
            with_path(value, |v| {
                if env::set_var(n, v, overwrite != 0) {
                    Ok(())
                } else {
                    Err(Errno::INVAL)
                }
            })
        })
    };
    ret(r, |()| 0)
}

/// `unsetenv(name)`.
///
/// # Errors
/// `EINVAL` for an empty name or one with `=`.
///
/// # Safety
/// `name` must be a NUL-terminated string.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/unsetenv.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn unsetenv(name: *const c_char) -> c_int {
    // SAFETY: passed on from the caller.
    let r = unsafe {
        with_path(name, |n| {
            if env::remove_var(n) {
                Ok(())
            } else {
                Err(Errno::INVAL)
            }
        })
    };
    ret(r, |()| 0)
}

/// `__wasilibc_get_environ()`: wasi-libc's accessor for `environ`, which std calls to list the
/// variables. Returns a null-terminated array of `NAME=VALUE` strings, valid until the next
/// call or change.
#[unsafe(no_mangle)]
pub extern "C" fn __wasilibc_get_environ() -> *mut *mut c_char {
    env::with_entries(|entries| {
        ENVIRON.with(|array| {
            array.clear();
            array.extend(
                entries
                    .iter()
                    .map(|e| e.as_ptr().cast::<c_char>().cast_mut()),
            );
            array.push(core::ptr::null_mut());
            array.as_mut_ptr()
        })
    })
}
