//! Clocks and sleeping: `clock_gettime`, `clock_getres`, `clock_nanosleep`, `nanosleep`,
//! `sched_yield`; and the clock-id data symbols.

use crate::errno::{fail, ret};
use core::ffi::c_int;
use libc::{clockid_t, timespec};
use wasi_shim::Errno;
use wasi_shim::fs::Timestamp;
use wasi_shim::time::{self, Clock};

// The `libc` crate's `CLOCK_*` constants are the ADDRESSES of these symbols, as in wasi-libc
// (where `clockid_t` is a pointer to an opaque struct). They must be defined: an undefined data
// symbol would link as address 0 and every clock id would compare equal. Distinct values keep
// the linker from folding them into one address.

/// The object whose address is `CLOCK_REALTIME`.
#[unsafe(no_mangle)]
pub static _CLOCK_REALTIME: u8 = 1;
/// The object whose address is `CLOCK_MONOTONIC`.
#[unsafe(no_mangle)]
pub static _CLOCK_MONOTONIC: u8 = 2;
/// The object whose address is `CLOCK_PROCESS_CPUTIME_ID`.
#[unsafe(no_mangle)]
pub static _CLOCK_PROCESS_CPUTIME_ID: u8 = 3;
/// The object whose address is `CLOCK_THREAD_CPUTIME_ID`.
#[unsafe(no_mangle)]
pub static _CLOCK_THREAD_CPUTIME_ID: u8 = 4;

fn clock_of(id: clockid_t) -> wasi_shim::Result<Clock> {
    // SAFETY: `clockid_t` is a transparent wrapper around one pointer (checked in `abi.rs`).
    let p: *const u8 = unsafe { core::mem::transmute::<clockid_t, *const u8>(id) };
    if core::ptr::eq(p, &raw const _CLOCK_REALTIME) {
        Ok(Clock::Realtime)
    } else if core::ptr::eq(p, &raw const _CLOCK_MONOTONIC) {
        Ok(Clock::Monotonic)
    } else if core::ptr::eq(p, &raw const _CLOCK_PROCESS_CPUTIME_ID)
        || core::ptr::eq(p, &raw const _CLOCK_THREAD_CPUTIME_ID)
    {
        Ok(Clock::CpuTime)
    } else {
        Err(Errno::INVAL)
    }
}

fn to_timespec(t: Timestamp) -> timespec {
    timespec {
        tv_sec: i64::try_from(t.seconds).unwrap_or(i64::MAX),
        tv_nsec: t.nanoseconds as core::ffi::c_long,
    }
}

/// `clock_gettime(clock, tp)`: `wall-clock.now` for `CLOCK_REALTIME`, `monotonic-clock.now`
/// for the others.
///
/// # Deviations
/// The CPU-time clocks read the monotonic clock: WASI 0.2 has no CPU clock.
///
/// # Errors
/// `EINVAL` for an unknown clock, `EFAULT` for a null `tp`.
///
/// # Safety
/// `tp` must be valid for writing a `timespec`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/clock_gettime.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clock_gettime(clock: clockid_t, tp: *mut timespec) -> c_int {
    if tp.is_null() {
        return fail(Errno::FAULT);
    }
    ret(clock_of(clock), |c| {
        // SAFETY: the caller gives a writable `timespec`.
        unsafe { tp.write(to_timespec(time::now(c))) };
        0
    })
}

/// `clock_getres(clock, res)`: the host's resolution of the clock.
///
/// # Errors
/// `EINVAL` for an unknown clock.
///
/// # Safety
/// `res` must be null or valid for writing a `timespec`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clock_getres(clock: clockid_t, res: *mut timespec) -> c_int {
    ret(clock_of(clock), |c| {
        if !res.is_null() {
            // SAFETY: the caller gives a writable `timespec`.
            unsafe { res.write(to_timespec(time::resolution(c))) };
        }
        0
    })
}

/// `TIMER_ABSTIME` as wasi-libc numbers it.
const TIMER_ABSTIME: c_int = 1;

/// `clock_nanosleep(clock, flags, req, rem)`: blocks on a `monotonic-clock` pollable; with
/// `TIMER_ABSTIME`, until `req` on `clock`.
///
/// Returns 0 (the sleep is never interrupted: WASI has no signals), or an error number
/// (`EINVAL`), not `-1`: this is how POSIX defines it, and std asserts on it.
///
/// # Safety
/// `req` must point to a `timespec`; `rem` is not written.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/clock_nanosleep.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clock_nanosleep(
    clock: clockid_t,
    flags: c_int,
    req: *const timespec,
    rem: *mut timespec,
) -> c_int {
    let _ = rem;
    if req.is_null() {
        return libc::EFAULT;
    }
    // SAFETY: the caller gives a readable `timespec`.
    let req = unsafe { req.read() };
    let r = clock_of(clock).and_then(|c| {
        if req.tv_sec < 0 || !(0..1_000_000_000).contains(&req.tv_nsec) {
            return Err(Errno::INVAL);
        }
        let duration = Timestamp {
            seconds: req.tv_sec as u64,
            nanoseconds: req.tv_nsec as u32,
        };
        time::sleep(c, duration, flags & TIMER_ABSTIME != 0)
    });
    match r {
        Ok(()) => 0,
        Err(e) => c_int::from(e.raw()),
    }
}

/// `nanosleep(req, rem)`: [`clock_nanosleep`] on `CLOCK_MONOTONIC`, with the `-1`/`errno`
/// convention.
///
/// # Safety
/// `req` must point to a `timespec`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn nanosleep(req: *const timespec, rem: *mut timespec) -> c_int {
    // SAFETY: `_CLOCK_MONOTONIC` is the monotonic clock id; the pointers are passed on.
    let status = unsafe {
        clock_nanosleep(
            core::mem::transmute::<*const u8, clockid_t>(&raw const _CLOCK_MONOTONIC),
            0,
            req,
            rem,
        )
    };
    match u16::try_from(status).ok().and_then(Errno::from_raw) {
        None => 0,
        Some(e) => fail(e),
    }
}

/// `sched_yield()`: returns 0. A single-threaded component has nobody to yield to.
#[unsafe(no_mangle)]
pub extern "C" fn sched_yield() -> c_int {
    0
}
