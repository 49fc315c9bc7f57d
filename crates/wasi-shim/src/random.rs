//! Random numbers: `wasi:random/random` (cryptographically secure) and `wasi:random/insecure`.
//!
//! # Examples
//!
//! ```no_run
//! let mut key = [0u8; 32];
//! wasi_shim::random::fill_secure(&mut key);
//! let dice = wasi_shim::random::insecure_u64() % 6 + 1;
//! # let _ = dice;
//! ```

use wasi_shim_sys::wasi::random::{insecure, random};

/// Fills `buf` with cryptographically secure random bytes.
///
/// A host may return fewer bytes than asked: this asks again until `buf` is full.
pub fn fill_secure(buf: &mut [u8]) {
    fill(buf, random::get_random_bytes);
}

/// Fills `buf` from `get`, a host call returning up to the number of bytes asked for, asking
/// again for what is still missing (at most 4 KiB a call).
fn fill(buf: &mut [u8], get: fn(u64) -> alloc::vec::Vec<u8>) {
    let mut filled = 0;
    while filled < buf.len() {
        let want = (buf.len() - filled).min(4096);
        let n = crate::import_alloc::read_random(&mut buf[filled..filled + want], get);
        // The WIT promises `len` bytes; a host that gives none would make this loop forever,
        // and returning fewer random bytes than asked is never safe.
        assert!(n > 0, "the host's random source returned no bytes");
        filled += n;
    }
}

/// A cryptographically secure random `u64`.
#[must_use]
pub fn secure_u64() -> u64 {
    random::get_random_u64()
}

/// Fills `buf` with fast, non-cryptographic random bytes.
///
/// A host may return fewer bytes than asked: this asks again until `buf` is full.
pub fn fill_insecure(buf: &mut [u8]) {
    fill(buf, insecure::get_insecure_random_bytes);
}

/// A fast, non-cryptographic random `u64`.
#[must_use]
pub fn insecure_u64() -> u64 {
    insecure::get_insecure_random_u64()
}
