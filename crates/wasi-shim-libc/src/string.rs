//! `strlen`: with `memcmp` (in `wasi-shim-rt`), the string functions std calls that
//! `compiler_builtins` does not provide on this target. (`memcpy`, `memmove` and `memset` become
//! bulk-memory instructions.)
//!
//! It must not be compiled into a call to itself. The crate is not `#![no_builtins]` (that would
//! keep it out of LTO, leaving its references to Rust symbols unresolved in LTO builds), so
//! `strlen` reads with `read_volatile`, which LLVM never turns into a `strlen` call.

use core::ffi::c_char;
use libc::size_t;

/// `strlen(s)`: the number of bytes before the first NUL.
///
/// # Safety
/// `s` must point to a NUL-terminated string.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/strlen.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn strlen(s: *const c_char) -> size_t {
    let mut n = 0;
    // SAFETY: the string is NUL-terminated, so every byte up to the NUL is readable.
    while unsafe { s.add(n).read_volatile() } != 0 {
        n += 1;
    }
    n
}
