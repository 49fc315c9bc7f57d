//! `getaddrinfo`'s error codes and `gai_strerror`, apart from `netdb.rs` because both WASI
//! versions and `no_std` users of the C ABI share them.

use core::ffi::{CStr, c_char, c_int};

// `getaddrinfo` error codes, in musl's and wasi-libc's numbering (the `libc` crate defines only
// `EAI_SYSTEM` for WASI).
pub(crate) const EAI_BADFLAGS: c_int = -1;
pub(crate) const EAI_NONAME: c_int = -2;
pub(crate) const EAI_AGAIN: c_int = -3;
pub(crate) const EAI_FAIL: c_int = -4;
pub(crate) const EAI_FAMILY: c_int = -6;
pub(crate) const EAI_SOCKTYPE: c_int = -7;
pub(crate) const EAI_SERVICE: c_int = -8;
pub(crate) const EAI_MEMORY: c_int = -10;

/// `gai_strerror(code)`: the message for a `getaddrinfo` error, in glibc's words (so that
/// std's "failed to lookup address information: ..." reads as it does on Linux).
#[unsafe(no_mangle)]
pub extern "C" fn gai_strerror(code: c_int) -> *const c_char {
    let message: &'static CStr = match code {
        EAI_BADFLAGS => c"Bad value for ai_flags",
        EAI_NONAME => c"Name or service not known",
        EAI_AGAIN => c"Temporary failure in name resolution",
        EAI_FAIL => c"Non-recoverable failure in name resolution",
        EAI_FAMILY => c"ai_family not supported",
        EAI_SOCKTYPE => c"ai_socktype not supported",
        EAI_SERVICE => c"Servname not supported for ai_socktype",
        EAI_MEMORY => c"Memory allocation failure",
        libc::EAI_SYSTEM => c"System error",
        _ => c"Unknown error",
    };
    message.as_ptr()
}
