//! WASI 0.3 (`wasm32-wasip3`): the C functions whose platform part the p3 backend does not have
//! yet (`poll`; docs/WASIP3.md, docs/COVERAGE.md). On p2 it is `poll.rs`.
//!
//! Each fails the way POSIX lets a call fail on a system without the facility, never by
//! pretending.

use crate::errno::fail;
use core::ffi::c_int;
use libc::{nfds_t, pollfd};
use wasi_shim::Errno;

/// `poll`: `ENOSYS` (readiness of p3 streams is not built yet).
#[unsafe(no_mangle)]
pub extern "C" fn poll(_fds: *mut pollfd, _n: nfds_t, _timeout: c_int) -> c_int {
    fail(Errno::NOSYS)
}
