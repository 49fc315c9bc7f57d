//! What the workload programs (`bench/workloads`) and the floor programs (`bench/floor`) share:
//! how they report to the runner (`crates/wasi-shim-bench`), and the data they move, so that
//! every variant does the same work and prints the same check line.
//!
//! On stdout a program prints `phase <name> <nanoseconds>` for each timed phase, measured with
//! `std::time::Instant` around the work alone, and `check <text>`: what it did (counts, bytes),
//! which must be the same for every variant.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

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
