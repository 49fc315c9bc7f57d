//! `memcmp`, which `core` calls for slice and string comparisons and which `compiler_builtins`
//! does not provide on wasm32-wasip2 (it expects the libc to).
//!
//! It must not be compiled into a call to itself; it compares word by word, a shape LLVM does
//! not recognize as `memcmp` (the crate is not `#![no_builtins]`, which would keep it out of
//! LTO).

#![allow(unsafe_code, reason = "a C-ABI export over raw pointers")]

use core::ffi::{c_int, c_void};

/// `memcmp(a, b, n)`: compares `n` bytes as unsigned chars.
///
/// # Safety
/// Both must be valid for `n` bytes of reads.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/memcmp.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memcmp(a: *const c_void, b: *const c_void, n: usize) -> c_int {
    let (a, b) = (a.cast::<u8>(), b.cast::<u8>());
    let mut i = 0;
    // Whole words first: equal words are skipped eight bytes at a time.
    while i + 8 <= n {
        // SAFETY: `i + 8 <= n` and both buffers have `n` readable bytes.
        let (x, y) = unsafe {
            (
                a.add(i).cast::<u64>().read_unaligned(),
                b.add(i).cast::<u64>().read_unaligned(),
            )
        };
        if x != y {
            break;
        }
        i += 8;
    }
    for i in i..n {
        // SAFETY: `i < n` and both buffers have `n` readable bytes.
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        if x != y {
            return c_int::from(x) - c_int::from(y);
        }
    }
    0
}
