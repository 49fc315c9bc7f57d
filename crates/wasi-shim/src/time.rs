//! Clocks and sleeping: `wasi:clocks/monotonic-clock` and `wall-clock` (WASI 0.3:
//! `system-clock`).

use crate::errno::{Errno, Result};

/// A point in time: seconds and nanoseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timestamp {
    /// Whole seconds.
    pub seconds: u64,
    /// Nanoseconds, below one second.
    pub nanoseconds: u32,
}

/// The host's clocks, WASI 0.2.
#[cfg(not(target_env = "p3"))]
mod host {
    use super::Timestamp;
    use wasi_shim_sys::wasi::clocks::{monotonic_clock, wall_clock};

    pub(super) fn realtime() -> Timestamp {
        let t = wall_clock::now();
        Timestamp {
            seconds: t.seconds,
            nanoseconds: t.nanoseconds,
        }
    }

    pub(super) fn realtime_resolution() -> Timestamp {
        let t = wall_clock::resolution();
        Timestamp {
            seconds: t.seconds,
            nanoseconds: t.nanoseconds,
        }
    }

    pub(super) use monotonic_clock::{now as monotonic, resolution as monotonic_resolution};

    /// Blocks on a monotonic-clock pollable.
    pub(super) fn wait_for(nanos: u64) {
        monotonic_clock::subscribe_duration(nanos).block();
    }
}

/// The host's clocks, WASI 0.3: `wall-clock` is `system-clock`, whose seconds are signed, and
/// waiting is the `async func` `wait-for`, lowered synchronously (the task blocks in the host).
#[cfg(target_env = "p3")]
mod host {
    use super::{Timestamp, nanos_to_timestamp};
    use wasi_shim_sys::wasi::clocks::{monotonic_clock, system_clock};

    /// Deviation: an instant before the Unix epoch (negative seconds) reads as the epoch, since
    /// [`Timestamp`] counts from it (the clock's and files' times alike).
    impl From<system_clock::Instant> for Timestamp {
        fn from(t: system_clock::Instant) -> Self {
            Self {
                seconds: u64::try_from(t.seconds).unwrap_or(0),
                nanoseconds: if t.seconds < 0 { 0 } else { t.nanoseconds },
            }
        }
    }

    impl From<Timestamp> for system_clock::Instant {
        /// Times past `i64::MAX` seconds (never given by a host) saturate.
        fn from(t: Timestamp) -> Self {
            Self {
                seconds: i64::try_from(t.seconds).unwrap_or(i64::MAX),
                nanoseconds: t.nanoseconds,
            }
        }
    }

    pub(super) fn realtime() -> Timestamp {
        system_clock::now().into()
    }

    pub(super) fn realtime_resolution() -> Timestamp {
        nanos_to_timestamp(system_clock::get_resolution())
    }

    pub(super) use monotonic_clock::{
        get_resolution as monotonic_resolution, now as monotonic, wait_for,
    };
}

/// Which clock to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// Wall-clock time since the Unix epoch (`CLOCK_REALTIME`).
    Realtime,
    /// Time since an arbitrary point that never goes back (`CLOCK_MONOTONIC`).
    Monotonic,
    /// `CLOCK_PROCESS_CPUTIME_ID` and `CLOCK_THREAD_CPUTIME_ID`. Deviation: WASI 0.2 has no CPU
    /// clock, so these read the monotonic clock, which bounds CPU time from above.
    CpuTime,
}

/// Reads `clock`.
#[must_use]
pub fn now(clock: Clock) -> Timestamp {
    match clock {
        Clock::Realtime => host::realtime(),
        Clock::Monotonic | Clock::CpuTime => nanos_to_timestamp(host::monotonic()),
    }
}

/// The resolution of `clock`.
#[must_use]
pub fn resolution(clock: Clock) -> Timestamp {
    match clock {
        Clock::Realtime => host::realtime_resolution(),
        Clock::Monotonic | Clock::CpuTime => nanos_to_timestamp(host::monotonic_resolution()),
    }
}

fn nanos_to_timestamp(nanos: u64) -> Timestamp {
    Timestamp {
        seconds: nanos / 1_000_000_000,
        nanoseconds: (nanos % 1_000_000_000) as u32,
    }
}

fn timestamp_to_nanos(t: Timestamp) -> u64 {
    t.seconds
        .saturating_mul(1_000_000_000)
        .saturating_add(u64::from(t.nanoseconds))
}

/// Sleeps for `duration` (relative) or until `duration` on `clock` (absolute), blocking in the
/// host (a monotonic-clock pollable; on WASI 0.3, `wait-for`): nothing spins.
///
/// # Errors
/// `EINVAL` for a nanosecond field of a second or more.
pub fn sleep(clock: Clock, duration: Timestamp, absolute: bool) -> Result<()> {
    if duration.nanoseconds >= 1_000_000_000 {
        return Err(Errno::INVAL);
    }
    let requested = timestamp_to_nanos(duration);
    let relative = if absolute {
        let now = timestamp_to_nanos(now(clock));
        requested.saturating_sub(now)
    } else {
        requested
    };
    if relative > 0 {
        host::wait_for(relative);
    }
    Ok(())
}

/// A point on the monotonic clock, like `std::time::Instant`.
///
/// # Examples
///
/// ```no_run
/// let start = wasi_shim::time::Instant::now();
/// wasi_shim::time::sleep_for(core::time::Duration::from_millis(5));
/// assert!(start.elapsed() >= core::time::Duration::from_millis(5));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(u64);

impl Instant {
    /// Now.
    #[must_use]
    pub fn now() -> Self {
        Self(host::monotonic())
    }

    /// The time since `self`.
    #[must_use]
    pub fn elapsed(&self) -> core::time::Duration {
        Self::now().duration_since(*self)
    }

    /// The time from `earlier` to `self` (zero when `earlier` is later).
    #[must_use]
    pub fn duration_since(&self, earlier: Self) -> core::time::Duration {
        core::time::Duration::from_nanos(self.0.saturating_sub(earlier.0))
    }
}

/// Wall-clock time since the Unix epoch, like `SystemTime::now().duration_since(UNIX_EPOCH)`.
#[must_use]
pub fn since_unix_epoch() -> core::time::Duration {
    let t = now(Clock::Realtime);
    core::time::Duration::new(t.seconds, t.nanoseconds)
}

/// Sleeps for `duration`.
pub fn sleep_for(duration: core::time::Duration) {
    let nanos = u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX);
    if nanos > 0 {
        host::wait_for(nanos);
    }
}
