//! Threads: `thread::Builder::spawn` (natively it works; on wasm32-wasip2 std has no threads),
//! printed as `spawn is_err: <bool>` and, on success, the joined result. Also things that work
//! without spawning: the current thread's name, `thread_local!`, `available_parallelism` being
//! at least 1 when it succeeds.

use std::cell::Cell;
use std::thread;

thread_local! {
    static COUNTER: Cell<u32> = const { Cell::new(0) };
}

fn main() {
    let r = thread::Builder::new().name("worker".into()).spawn(|| 6 * 7);
    println!("spawn is_err: {}", r.is_err());
    match r {
        Ok(handle) => println!("spawn result: joined {:?}", handle.join().ok()),
        Err(e) => println!("spawn result: Err({:?})", e.kind()),
    }
    println!("current thread name: {:?}", thread::current().name());
    COUNTER.with(|c| c.set(c.get() + 5));
    println!("thread_local: {}", COUNTER.with(Cell::get));
    println!(
        "available_parallelism ok-and->=1 or err: {}",
        thread::available_parallelism().map_or(true, |n| n.get() >= 1)
    );
    let scoped = thread::scope(|s| {
        thread::Builder::new()
            .spawn_scoped(s, || 1)
            .map(|h| h.join().ok())
            .is_err()
    });
    println!("spawn_scoped is_err: {scoped}");
}
