//! Clocks, printed as booleans only: `Instant` is monotonic over many reads, `SystemTime::now()`
//! is after 2020 and before 2100, `thread::sleep(50ms)` takes at least 50 ms (both clocks),
//! `sleep(0)` returns, `Instant` arithmetic.

use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let first = Instant::now();
    let mut prev = first;
    let mut monotonic = true;
    for _ in 0..10_000 {
        let now = Instant::now();
        if now < prev {
            monotonic = false;
        }
        prev = now;
    }
    println!("instant monotonic: {monotonic}");
    println!("later >= earlier: {}", Instant::now() >= first);

    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    println!(
        "system time after 2020: {}",
        since_epoch > Duration::from_secs(1_577_836_800)
    );
    println!(
        "system time before 2100: {}",
        since_epoch < Duration::from_secs(4_102_444_800)
    );
    println!("system time has sub-second part: {}", {
        // Two reads a little apart cannot both be whole seconds unless the clock is coarse.
        let a = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        thread::sleep(Duration::from_millis(3));
        let b = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        a != 0 || b != 0
    });

    let start = Instant::now();
    let sys_start = SystemTime::now();
    thread::sleep(Duration::from_millis(50));
    let elapsed = start.elapsed();
    println!(
        "sleep 50ms elapsed >= 50ms: {}",
        elapsed >= Duration::from_millis(50)
    );
    println!(
        "sleep 50ms elapsed < 10s: {}",
        elapsed < Duration::from_secs(10)
    );
    let sys_elapsed = sys_start.elapsed().unwrap_or_default();
    println!(
        "system time advanced >= 40ms: {}",
        sys_elapsed >= Duration::from_millis(40)
    );

    let t = Instant::now();
    thread::sleep(Duration::ZERO);
    println!("sleep 0 returns: {}", t.elapsed() < Duration::from_secs(5));

    let later = start + Duration::from_secs(3600);
    println!(
        "instant add: {}",
        later.duration_since(start) == Duration::from_secs(3600)
    );
    println!(
        "instant checked_sub: {}",
        later.checked_sub(Duration::from_secs(1)).is_some()
    );
    println!(
        "saturating_duration_since earlier-later is zero: {}",
        start.saturating_duration_since(later) == Duration::ZERO
    );
    println!(
        "system time arithmetic: {}",
        (UNIX_EPOCH + Duration::from_secs(10))
            .duration_since(UNIX_EPOCH)
            .ok()
            == Some(Duration::from_secs(10))
    );
}
