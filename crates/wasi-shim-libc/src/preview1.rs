//! The WASI preview 1 functions that crates import directly (`wasi` 0.11, e.g. through
//! `getrandom` 0.2 and so `rand` 0.8), over WASI 0.2, so that such crates link without the
//! preview1 adapter and the component imports nothing from `wasi_snapshot_preview1`.
//!
//! A crate's `#[link(wasm_import_module = "wasi_snapshot_preview1")]` declaration is an undefined
//! symbol under a name rustc mangles per crate; `cargo wasi-shim`'s linker rebinds each such
//! import of a function defined here to `__wasi_shim_p1_<name>` (see
//! `crates/cargo-wasi-shim/src/preview1.rs`), so it never becomes an import. Only functions this
//! layer can give honestly are here: `random_get`, `clock_time_get`, `clock_res_get`,
//! `fd_write`, `proc_exit`, `sched_yield`. Any other preview 1 import still fails at
//! componentization, naming the function (`docs/COVERAGE.md`).
//!
//! Return values are preview 1 errno numbers, which are the numbers of [`Errno`] (wasi-libc
//! numbers its C errno values the same way).

use core::ffi::c_void;
use wasi_shim::Errno;
use wasi_shim::time::{self, Clock};

/// A preview 1 result: 0, or the errno number.
fn errno(r: wasi_shim::Result<()>) -> i32 {
    match r {
        Ok(()) => 0,
        Err(e) => i32::from(e.raw()),
    }
}

/// Preview 1's timestamps: nanoseconds in a `u64` (saturating, as past the year 2554).
fn nanos(t: wasi_shim::fs::Timestamp) -> u64 {
    t.seconds
        .saturating_mul(1_000_000_000)
        .saturating_add(u64::from(t.nanoseconds))
}

fn clock(id: u32) -> wasi_shim::Result<Clock> {
    // Preview 1 numbering: realtime, monotonic, process CPU time, thread CPU time.
    match id {
        0 => Ok(Clock::Realtime),
        1 => Ok(Clock::Monotonic),
        2 | 3 => Ok(Clock::CpuTime),
        _ => Err(Errno::INVAL),
    }
}

/// `random_get(buf, len)`: fills `buf` from `wasi:random/random` (cryptographically secure).
///
/// # Safety
/// `buf` must be valid for `len` bytes of writes.
#[unsafe(export_name = "__wasi_shim_p1_random_get")]
pub unsafe extern "C" fn random_get(buf: *mut u8, len: usize) -> i32 {
    // SAFETY: the caller's guarantee on `buf` is passed on.
    errno(
        unsafe { crate::args::slice_mut(buf.cast::<c_void>(), len) }
            .map(wasi_shim::random::fill_secure),
    )
}

/// `clock_time_get(id, precision, out)`: the clock's time in nanoseconds (precision is a hint,
/// ignored as wasi-libc ignores it).
///
/// # Safety
/// `out` must be valid for writing a `u64`.
#[unsafe(export_name = "__wasi_shim_p1_clock_time_get")]
pub unsafe extern "C" fn clock_time_get(id: u32, _precision: u64, out: *mut u64) -> i32 {
    errno(clock(id).and_then(|c| {
        if out.is_null() || !crate::args::in_memory(out as usize, 8) {
            return Err(Errno::FAULT);
        }
        // SAFETY: checked non-null and inside memory; the caller gives a writable `u64`.
        unsafe { out.write_unaligned(nanos(time::now(c))) };
        Ok(())
    }))
}

/// `clock_res_get(id, out)`: the clock's resolution in nanoseconds.
///
/// # Safety
/// `out` must be valid for writing a `u64`.
#[unsafe(export_name = "__wasi_shim_p1_clock_res_get")]
pub unsafe extern "C" fn clock_res_get(id: u32, out: *mut u64) -> i32 {
    errno(clock(id).and_then(|c| {
        if out.is_null() || !crate::args::in_memory(out as usize, 8) {
            return Err(Errno::FAULT);
        }
        // SAFETY: checked non-null and inside memory; the caller gives a writable `u64`.
        unsafe { out.write_unaligned(nanos(time::resolution(c))) };
        Ok(())
    }))
}

/// A preview 1 `ciovec`: a buffer and its length.
#[repr(C)]
pub struct Ciovec {
    buf: *const u8,
    len: usize,
}

/// `fd_write(fd, iovs, n, written)`: `writev` on the shim's descriptor `fd` (the same table as
/// every C function: preview 1 descriptor numbers are the C ones).
///
/// # Safety
/// `iovs` must be valid for `n` `ciovec`s, each for its length, and `written` for a `usize`.
#[unsafe(export_name = "__wasi_shim_p1_fd_write")]
pub unsafe extern "C" fn fd_write(
    fd: u32,
    iovs: *const Ciovec,
    n: usize,
    written: *mut usize,
) -> i32 {
    let Ok(count) = core::ffi::c_int::try_from(n) else {
        return i32::from(Errno::INVAL.raw());
    };
    if written.is_null() || !crate::args::in_memory(written as usize, core::mem::size_of::<usize>())
    {
        return i32::from(Errno::FAULT.raw());
    }
    // SAFETY: a `ciovec` has the layout of a C `iovec` (pointer, length); the caller's
    // guarantees are passed on.
    let r =
        unsafe { crate::unistd::writev(fd as core::ffi::c_int, iovs.cast::<libc::iovec>(), count) };
    if r < 0 {
        // SAFETY: one thread; `errno` was just set by `writev`.
        return unsafe { crate::errno::errno };
    }
    // SAFETY: checked non-null and inside memory above; the caller gives a writable `usize`.
    unsafe { written.write_unaligned(r as usize) };
    0
}

/// `sched_yield()`: success; there is no other thread to yield to.
#[unsafe(export_name = "__wasi_shim_p1_sched_yield")]
pub extern "C" fn sched_yield() -> i32 {
    0
}

/// `proc_exit(status)`: `_Exit(status)`.
#[unsafe(export_name = "__wasi_shim_p1_proc_exit")]
pub extern "C" fn proc_exit(status: u32) -> ! {
    crate::process::_Exit(status as core::ffi::c_int)
}
