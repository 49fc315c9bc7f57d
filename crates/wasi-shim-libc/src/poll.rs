//! `<poll.h>`: `poll`, over `wasi_shim::poll`.

use crate::errno::fail;
use alloc::vec::Vec;
use core::ffi::c_int;
use libc::{nfds_t, pollfd};
use wasi_shim::Errno;

/// `poll(fds, n, timeout)`: waits on every descriptor's pollable at once (`wasi:io/poll.poll`),
/// with a monotonic-clock pollable for the timeout. Files are always ready; stdin and sockets are
/// waited on; a negative `fd` is ignored; a closed one reports `POLLNVAL`.
///
/// # Errors
/// `EINVAL` when `n` is past the descriptor limit; `EFAULT` when `fds` is null or runs past
/// linear memory with `n > 0`.
///
/// # Safety
/// `fds` must point to `n` `pollfd`s.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/poll.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn poll(fds: *mut pollfd, n: nfds_t, timeout: c_int) -> c_int {
    let Ok(n) = usize::try_from(n) else {
        return fail(Errno::INVAL);
    };
    if n > wasi_shim::table::MAX_DESCRIPTORS {
        return fail(Errno::INVAL);
    }
    let fds: &mut [pollfd] = if n == 0 {
        &mut []
    } else if fds.is_null()
        || !crate::args::in_memory(fds as usize, n * core::mem::size_of::<pollfd>())
    {
        return fail(Errno::FAULT);
    } else {
        // SAFETY: the caller gives `n` `pollfd`s (checked non-null and in memory).
        unsafe { core::slice::from_raw_parts_mut(fds, n) }
    };
    let interests: Vec<wasi_shim::poll::Interest> = fds
        .iter()
        .map(|p| wasi_shim::poll::Interest {
            fd: u32::try_from(p.fd).ok(),
            read: p.events & (libc::POLLIN | libc::POLLRDNORM) != 0,
            write: p.events & (libc::POLLOUT | libc::POLLWRNORM) != 0,
        })
        .collect();
    let timeout = u64::try_from(timeout).ok().map(|ms| ms * 1_000_000);
    match wasi_shim::poll::poll(&interests, timeout) {
        Ok(events) => {
            let mut ready = 0;
            for (p, e) in fds.iter_mut().zip(events) {
                let mut revents = 0;
                if e.readable {
                    revents |= p.events & (libc::POLLIN | libc::POLLRDNORM);
                }
                if e.writable {
                    revents |= p.events & (libc::POLLOUT | libc::POLLWRNORM);
                }
                if e.hangup {
                    revents |= libc::POLLHUP;
                }
                if e.error {
                    revents |= libc::POLLERR;
                }
                if e.invalid {
                    revents |= libc::POLLNVAL;
                }
                p.revents = revents;
                if revents != 0 {
                    ready += 1;
                }
            }
            ready
        }
        Err(e) => fail(e),
    }
}
