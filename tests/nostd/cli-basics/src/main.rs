//! A `no_std` command component over the parts of wasi-shim's safe API that need no files or
//! sockets: arguments, the environment, both clocks, sleeping, random bytes and the exit status.
//! Built for `wasm32-wasip2` and for `wasm32-wasip3`, it prints the same lines under both
//! (tests/harness/tests/p3.rs compares them).
//!
//! `cli-basics [ARG...] [exit=N]` prints each argument, `GREETING` from the environment, the size
//! and first line of its standard input (read to the end, in small reads), whether
//! a 30 ms sleep took at least 30 ms of the monotonic clock, whether the realtime clock is past
//! 2023, whether 32 random bytes and a random `u64` came back, and ends with status `N`.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::format;
use alloc::vec::Vec;
use core::time::Duration;
use wasi_shim::Errno;
use wasi_shim::io::{Read, Write};
use wasi_shim::time::{Clock, Instant};

// `cabi_realloc` (the arguments and the environment are lists) and `memcmp`.
use wasi_shim_rt as _;

#[global_allocator]
static HEAP: wasi_shim::heap::Heap = wasi_shim::heap::Heap::new();

fn main() -> Result<(), Errno> {
    let mut out = wasi_shim::stdio::stdout();
    let args = wasi_shim::env::args();
    for (i, arg) in args.iter().enumerate().skip(1) {
        out.write_all(format!("arg {i}: {arg}\n").as_bytes())?;
    }
    let greeting = wasi_shim::env::var("GREETING");
    out.write_all(format!("GREETING: {greeting:?}\n").as_bytes())?;

    // Small reads, so that the input takes several of them.
    let (mut input, mut chunk) = (Vec::new(), [0u8; 7]);
    let mut stdin = wasi_shim::stdio::stdin();
    loop {
        let n = stdin.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        input.extend_from_slice(&chunk[..n]);
    }
    let first = input.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = core::str::from_utf8(first).unwrap_or("(not UTF-8)");
    out.write_all(format!("stdin: {} bytes, first line {first:?}\n", input.len()).as_bytes())?;

    let start = Instant::now();
    wasi_shim::time::sleep_for(Duration::from_millis(30));
    let slept = start.elapsed() >= Duration::from_millis(30);
    out.write_all(format!("slept at least 30 ms: {slept}\n").as_bytes())?;
    let resolution = wasi_shim::time::resolution(Clock::Monotonic);
    let fine = resolution.seconds == 0 && resolution.nanoseconds > 0;
    out.write_all(format!("monotonic resolution below 1 s: {fine}\n").as_bytes())?;

    // 2023-11-14, in seconds since the Unix epoch.
    let recent = wasi_shim::time::since_unix_epoch() > Duration::from_secs(1_700_000_000);
    out.write_all(format!("realtime after 2023: {recent}\n").as_bytes())?;

    let mut bytes = [0u8; 32];
    wasi_shim::random::fill_secure(&mut bytes);
    let (a, b) = (
        wasi_shim::random::secure_u64(),
        wasi_shim::random::secure_u64(),
    );
    // All zero with probability 2^-256; two equal u64s, 2^-64.
    let random = bytes.iter().any(|&b| b != 0) && a != b;
    out.write_all(format!("random: {random}\n").as_bytes())?;

    let status = args
        .iter()
        .find_map(|arg| arg.strip_prefix("exit="))
        .map_or(0, |n| n.parse().unwrap_or(255));
    out.write_all(format!("exit status: {status}\n").as_bytes())?;
    if status != 0 {
        wasi_shim::process::exit(status);
    }
    Ok(())
}

wasi_shim_start::command!(main);
