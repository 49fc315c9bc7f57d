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
pub fn fill_secure(buf: &mut [u8]) {
    for chunk in buf.chunks_mut(4096) {
        let bytes = random::get_random_bytes(chunk.len() as u64);
        let n = bytes.len().min(chunk.len());
        chunk[..n].copy_from_slice(&bytes[..n]);
    }
}

/// A cryptographically secure random `u64`.
#[must_use]
pub fn secure_u64() -> u64 {
    random::get_random_u64()
}

/// Fills `buf` with fast, non-cryptographic random bytes.
pub fn fill_insecure(buf: &mut [u8]) {
    for chunk in buf.chunks_mut(4096) {
        let bytes = insecure::get_insecure_random_bytes(chunk.len() as u64);
        let n = bytes.len().min(chunk.len());
        chunk[..n].copy_from_slice(&bytes[..n]);
    }
}

/// A fast, non-cryptographic random `u64`.
#[must_use]
pub fn insecure_u64() -> u64 {
    insecure::get_insecure_random_u64()
}
