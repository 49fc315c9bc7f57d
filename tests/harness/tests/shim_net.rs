//! std::net under the shim, over loopback, compared with the same program run natively.

use std::time::Duration;
use wasi_shim_harness::{HostFlavour, RunConfig, Variant, assert_same_lines, run};

#[test]
fn net_loopback_matches_native() {
    let cfg = RunConfig::new();
    let wasi = run(Variant::Shim, "net_loopback", &cfg);
    let native = run(Variant::Native, "net_loopback", &cfg);
    wasi.assert_success();
    native.assert_success();
    assert_same_lines(wasi.stdout_str(), native.stdout_str());
}

/// The 64 MiB non-blocking transfer of `net_bulk_nonblocking` (write until `WouldBlock`, then
/// read until `WouldBlock`, in one thread) under the shim on `host`.
fn bulk(variant: Variant, mib: &str, host: HostFlavour, limit: u64) -> wasi_shim_harness::Outcome {
    let cfg = RunConfig::new()
        .arg(mib)
        .host(host)
        .timeout(Duration::from_secs(limit));
    run(variant, "net_bulk_nonblocking", &cfg)
}

#[test]
fn nonblocking_64_mib_transfer_completes_on_a_multi_thread_host() {
    let out = bulk(Variant::Shim, "64", HostFlavour::MultiThread, 180);
    out.assert_success();
    assert_eq!(out.stdout_str(), "moved 64 MiB\n");
}

#[test]
fn nonblocking_64_mib_transfer_completes_on_a_current_thread_host() {
    // On a current-thread tokio runtime, with a guest that never yields while it runs wasm,
    // wasmtime-wasi's background TCP writes run only while the guest awaits inside a host call.
    // Before it reports `EAGAIN`, the shim waits once on the stream's pollable with a 1 ns timer,
    // which gives the host's executor a turn (see `Retry` in `wasi_shim::net`).
    let out = bulk(Variant::Shim, "64", HostFlavour::CurrentThread, 180);
    out.assert_success();
    assert_eq!(out.stdout_str(), "moved 64 MiB\n");
}

#[test]
fn stock_stalls_on_a_current_thread_host() {
    // The same loop with stock wasi-libc: 3 MiB fit in the host's buffers and finish; 64 MiB
    // stop making progress once about 4 MiB are in flight, and the run hits its time limit.
    // (On the multi-threaded host, stock finishes: another worker thread runs the writes.)
    bulk(Variant::Stock, "3", HostFlavour::CurrentThread, 60).assert_success();
    let big = bulk(Variant::Stock, "64", HostFlavour::CurrentThread, 10);
    assert!(big.timed_out(), "stock finished 64 MiB: {big}");
}
