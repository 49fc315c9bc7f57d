//! `strlen` and `memcmp`: the two string functions std calls that `compiler_builtins` does not
//! provide on this target. (`memcpy`, `memmove` and `memset` become bulk-memory instructions.)

use core::ffi::{c_char, c_int, c_void};
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
    while unsafe { *s.add(n) } != 0 {
        n += 1;
    }
    n
}

/// `memcmp(a, b, n)`: compares `n` bytes as unsigned chars.
///
/// # Safety
/// Both must be valid for `n` bytes of reads.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/memcmp.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memcmp(a: *const c_void, b: *const c_void, n: size_t) -> c_int {
    let (a, b) = (a.cast::<u8>(), b.cast::<u8>());
    for i in 0..n {
        // SAFETY: `i < n` and both buffers have `n` readable bytes.
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        if x != y {
            return c_int::from(x) - c_int::from(y);
        }
    }
    0
}
