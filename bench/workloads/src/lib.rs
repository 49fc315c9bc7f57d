//! What every workload program shares: its size arguments, where its directories are, and how it
//! reports what it measured.
//!
//! # Protocol with the runner (`crates/wasi-shim-bench`)
//!
//! - `BENCH_SCRATCH`: an empty directory the program may write (under WASI, the preopen
//!   `/scratch`; natively, a host path). `BENCH_FIXTURE`: a read-only tree prepared by the
//!   runner (`/fixture`, or a host path), holding `d<N>/f00000` .. `f<N-1>` for the listing and
//!   metadata workloads. Every path a program uses is absolute, built from these two.
//! - Sizes come as arguments (`args[1..]`), each with the full-size default.
//! - On stdout the program prints `phase <name> <nanoseconds>` for each timed phase, measured with
//!   `std::time::Instant` around the work alone (setup and checks are outside), and
//!   `check <text>`: what it did (counts, bytes), which must be the same for every variant.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Argument `index` (1-based) as a number, or `default`.
///
/// # Panics
/// If the argument is not a number.
#[must_use]
pub fn arg(index: usize, default: u64) -> u64 {
    std::env::args()
        .nth(index)
        .map_or(default, |a| a.parse().expect("size arguments are numbers"))
}

/// The writable scratch directory (`BENCH_SCRATCH`).
///
/// # Panics
/// If the variable is not set.
#[must_use]
pub fn scratch() -> PathBuf {
    PathBuf::from(std::env::var_os("BENCH_SCRATCH").expect("BENCH_SCRATCH is set"))
}

/// The read-only fixture tree (`BENCH_FIXTURE`).
///
/// # Panics
/// If the variable is not set.
#[must_use]
pub fn fixture() -> PathBuf {
    PathBuf::from(std::env::var_os("BENCH_FIXTURE").expect("BENCH_FIXTURE is set"))
}

/// Reports one timed phase.
pub fn phase(name: &str, elapsed: Duration) {
    println!("phase {name} {}", elapsed.as_nanos());
}

/// Runs `work` as the phase `name` and reports its time.
///
/// With `BENCH_STOP_AFTER=k` in the environment the program exits (status 0) instead of starting
/// its phase number `k` (0-based): the runner counts the host calls of such truncated runs to
/// tell how many each phase makes.
pub fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    static STOP_AFTER: OnceLock<Option<u32>> = OnceLock::new();
    static DONE: AtomicU32 = AtomicU32::new(0);
    let stop = *STOP_AFTER.get_or_init(|| {
        std::env::var("BENCH_STOP_AFTER")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    if stop == Some(DONE.load(Ordering::Relaxed)) {
        std::process::exit(0);
    }
    let start = Instant::now();
    let out = work();
    phase(name, start.elapsed());
    DONE.fetch_add(1, Ordering::Relaxed);
    out
}

/// Reports what the program did, for the runner to compare across variants.
pub fn check(text: &str) {
    println!("check {text}");
}

/// The byte at offset `at` of the data the file and TCP workloads move: chunks of `chunk`
/// bytes, each `0, 1, .., 250, 0, 1, ..`.
#[must_use]
pub fn pattern_at(at: u64, chunk: u64) -> u8 {
    ((at % chunk) % 251) as u8
}

/// One chunk of the pattern.
#[must_use]
pub fn pattern(chunk: usize) -> Vec<u8> {
    (0..chunk as u64)
        .map(|i| pattern_at(i, chunk as u64))
        .collect()
}

/// The name of entry `i` in the fixture and small-files directories.
#[must_use]
pub fn entry_name(i: u64) -> String {
    format!("f{i:05}")
}
