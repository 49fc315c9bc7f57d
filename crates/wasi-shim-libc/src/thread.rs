//! `pthread_*`: WASI 0.2 has no threads. Creating one fails cleanly, so std's
//! `thread::Builder::spawn` returns `Err` (and `thread::spawn` panics, as std does on every
//! platform without threads). The attribute functions succeed, because std asserts on them.

use core::ffi::{c_int, c_void};
use libc::{pthread_attr_t, pthread_t, size_t};

/// `pthread_create`: always fails with `ENOTSUP` (returned, not stored in `errno`).
///
/// # Deviations
/// No thread is ever created.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_create.html>.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_create(
    _native: *mut pthread_t,
    _attr: *const pthread_attr_t,
    _f: extern "C" fn(*mut c_void) -> *mut c_void,
    _value: *mut c_void,
) -> c_int {
    libc::ENOTSUP
}

/// `pthread_join`: `ESRCH`, since no thread can exist to be joined.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_join(_native: pthread_t, _value: *mut *mut c_void) -> c_int {
    libc::ESRCH
}

/// `pthread_detach`: `ESRCH`, since no thread can exist to be detached.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_detach(_thread: pthread_t) -> c_int {
    libc::ESRCH
}

/// `pthread_attr_init`: 0; the attributes are never used.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_attr_init(_attr: *mut pthread_attr_t) -> c_int {
    0
}

/// `pthread_attr_destroy`: 0.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_attr_destroy(_attr: *mut pthread_attr_t) -> c_int {
    0
}

/// `pthread_attr_setstacksize`: 0, or `EINVAL` for a size of 0, as POSIX allows.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_attr_setstacksize(_attr: *mut pthread_attr_t, size: size_t) -> c_int {
    if size == 0 { libc::EINVAL } else { 0 }
}

/// Thread-specific data: one table of keys for the one thread.
///
/// Key numbers start at 1 (std's lazily created keys use 0 as "not created yet" and would
/// otherwise create a second key to avoid it); a deleted key's number is reused, lowest first.
mod keys {
    use crate::single::SingleThreaded;
    use alloc::vec::Vec;
    use core::ffi::c_void;

    pub(super) type Destructor = unsafe extern "C" fn(*mut c_void);

    #[derive(Clone, Copy)]
    pub(super) struct Slot {
        pub(super) destructor: Option<Destructor>,
        pub(super) value: *mut c_void,
    }

    /// Slot `k - 1` holds key `k`; `None` is a free number.
    pub(super) static KEYS: SingleThreaded<Vec<Option<Slot>>> = SingleThreaded::new(Vec::new());
}

/// At most this many keys exist at once (POSIX asks for at least 128).
const PTHREAD_KEYS_MAX: usize = 1024;

/// Rounds of destructor calls at exit: POSIX's `PTHREAD_DESTRUCTOR_ITERATIONS` minimum.
const PTHREAD_DESTRUCTOR_ITERATIONS: usize = 4;

/// `pthread_key_create(key, destructor)`: a new key, its value NULL.
///
/// # Errors
/// Returns (does not store in `errno`) `EAGAIN` when `PTHREAD_KEYS_MAX` (1024) keys exist,
/// `ENOMEM` when memory runs out.
///
/// # Safety
/// `key` must be valid for writing.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_key_create.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pthread_key_create(
    key: *mut libc::pthread_key_t,
    destructor: Option<keys::Destructor>,
) -> c_int {
    let slot = keys::Slot {
        destructor,
        value: core::ptr::null_mut(),
    };
    let created = keys::KEYS.with(|table| {
        if let Some(i) = table.iter().position(Option::is_none) {
            table[i] = Some(slot);
            return Ok(i);
        }
        if table.len() >= PTHREAD_KEYS_MAX {
            return Err(libc::EAGAIN);
        }
        table.try_reserve(1).map_err(|_| libc::ENOMEM)?;
        table.push(Some(slot));
        Ok(table.len() - 1)
    });
    match created {
        Ok(i) => {
            // SAFETY: the caller gives a writable `pthread_key_t`. `i < PTHREAD_KEYS_MAX`.
            unsafe { key.write((i + 1) as libc::pthread_key_t) };
            0
        }
        Err(e) => e,
    }
}

/// `pthread_key_delete(key)`: frees the key's number; its destructor is not called.
///
/// # Errors
/// `EINVAL` for a key that does not exist (POSIX leaves this undefined; Linux gives `EINVAL`).
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_key_delete.html>.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_key_delete(key: libc::pthread_key_t) -> c_int {
    keys::KEYS.with(
        |table| match slot_index(key).and_then(|i| table.get_mut(i)) {
            Some(slot @ Some(_)) => {
                *slot = None;
                0
            }
            _ => libc::EINVAL,
        },
    )
}

/// `pthread_getspecific(key)`: the value last set for `key`, or NULL (also for a key that does
/// not exist, which POSIX leaves undefined).
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_getspecific.html>.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_getspecific(key: libc::pthread_key_t) -> *mut c_void {
    keys::KEYS.with(|table| match slot_index(key).and_then(|i| table.get(i)) {
        Some(Some(slot)) => slot.value,
        _ => core::ptr::null_mut(),
    })
}

/// `pthread_setspecific(key, value)`.
///
/// # Errors
/// `EINVAL` for a key that does not exist.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_setspecific.html>.
#[unsafe(no_mangle)]
pub extern "C" fn pthread_setspecific(key: libc::pthread_key_t, value: *const c_void) -> c_int {
    keys::KEYS.with(
        |table| match slot_index(key).and_then(|i| table.get_mut(i)) {
            Some(Some(slot)) => {
                slot.value = value.cast_mut();
                0
            }
            _ => libc::EINVAL,
        },
    )
}

fn slot_index(key: libc::pthread_key_t) -> Option<usize> {
    usize::try_from(key).ok()?.checked_sub(1)
}

/// Runs the destructors of the thread's keys, as at thread exit: each key whose value is not
/// NULL and which has a destructor gets its value set to NULL and the destructor called with the
/// old value; this repeats while such keys remain, at most `PTHREAD_DESTRUCTOR_ITERATIONS`
/// rounds. Called by `exit` and when `main` returns (the one thread ends with the process).
pub(crate) fn run_key_destructors() {
    for _ in 0..PTHREAD_DESTRUCTOR_ITERATIONS {
        let mut ran = false;
        let mut i = 0;
        // A destructor may create or delete keys: the table is read afresh for each slot, and
        // never borrowed while a destructor runs.
        while let Some(next) = keys::KEYS.with(|table| {
            let len = table.len();
            while i < len {
                let at = i;
                i += 1;
                if let Some(slot) = &mut table[at]
                    && let Some(destructor) = slot.destructor
                    && !slot.value.is_null()
                {
                    let value = slot.value;
                    slot.value = core::ptr::null_mut();
                    return Some((destructor, value));
                }
            }
            None
        }) {
            let (destructor, value) = next;
            ran = true;
            // SAFETY: the destructor was given by the program for this key's values.
            unsafe { destructor(value) };
        }
        if !ran {
            break;
        }
    }
}

/// `__wasilibc_futex_wait(addr, val, clock, timeout, flags)`: what std's mutexes, condition
/// variables, `Once` and thread parking call on wasm32-wasip3 (`sys/sync/futex/wasilibc.rs`) to
/// wait until `*addr` may have changed from `val`. Returns 0 when woken, -1 with `errno` set
/// otherwise.
///
/// The component has one thread, so nothing can change `*addr` or wake the caller while it
/// waits: a value that differs returns at once (`EAGAIN`, as Linux's `FUTEX_WAIT`); an equal one
/// with a timeout sleeps that long (`timeout` is relative, as std passes it, whatever `clock`
/// says) and reports `ETIMEDOUT`; an equal one without a timeout can never end, and aborts with a
/// message rather than hang (wasi-libc aborts there too, without coöperative threads).
///
/// # Errors
/// `EFAULT` when `addr` or `timeout` lies outside linear memory, `EINVAL` for a misaligned
/// `addr` or a timeout with `tv_nsec` out of range.
///
/// # Safety
/// `addr` must point to an `int`; `timeout` is NULL or points to a `timespec`.
#[cfg(target_env = "p3")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __wasilibc_futex_wait(
    addr: *mut c_int,
    val: c_int,
    _clock: libc::clockid_t,
    timeout: *const libc::timespec,
    _flags: libc::c_uint,
) -> c_int {
    use crate::args::in_memory;
    use crate::errno::fail;
    use wasi_shim::Errno;
    if !in_memory(addr as usize, size_of::<c_int>()) {
        return fail(Errno::FAULT);
    }
    if !addr.is_aligned() {
        return fail(Errno::INVAL);
    }
    // SAFETY: checked to lie in linear memory and be aligned; one thread, so no data race.
    if unsafe { addr.read_volatile() } != val {
        return fail(Errno::AGAIN);
    }
    if timeout.is_null() {
        let message = b"wasi-shim: a futex wait with no timeout in a single-threaded component would never end (deadlock)\n";
        let _ = wasi_shim::fd::write(2, message);
        crate::process::abort();
    }
    if !in_memory(timeout as usize, size_of::<libc::timespec>()) {
        return fail(Errno::FAULT);
    }
    // SAFETY: checked to lie in linear memory; `timespec` has no invalid bit patterns.
    let timeout = unsafe { timeout.read_unaligned() };
    let (Ok(secs), Ok(nanos)) = (
        u64::try_from(timeout.tv_sec),
        u32::try_from(timeout.tv_nsec),
    ) else {
        return fail(Errno::INVAL);
    };
    if nanos >= 1_000_000_000 {
        return fail(Errno::INVAL);
    }
    wasi_shim::time::sleep_for(core::time::Duration::new(secs, nanos));
    fail(Errno::TIMEDOUT)
}

/// `__wasilibc_futex_wake(addr, count, flags)`: wakes up to `count` waiters (-1: all) on `addr`
/// and returns how many it woke: always 0, since the one thread is the caller.
#[cfg(target_env = "p3")]
#[unsafe(no_mangle)]
pub extern "C" fn __wasilibc_futex_wake(
    _addr: *const c_int,
    _count: c_int,
    _flags: libc::c_uint,
) -> c_int {
    0
}
