//! mio 1.x on `wasm32-wasip2` (its `poll(2)` selector over the libc's sockets): the
//! single-threaded echo event loop of guest `net_mio_echo` completes under the shim, and prints
//! the same steps as natively. Under stock wasi-libc it does not get past `accept`.

use std::time::Duration;

use wasi_shim_harness::{HostFlavour, RunConfig, Variant, run};

/// What `net_mio_echo` prints when the echo completes.
const EXPECTED: &str = "accepted the client: true\n\
                        client connected and sent 1048576 bytes, then shut down writing: true\n\
                        server echoed everything, then closed: true\n\
                        client received 1048576 bytes intact, then end of file\n";

fn mio_echo(variant: Variant, host: HostFlavour) {
    let out = run(
        variant,
        "net_mio_echo",
        &RunConfig::new().host(host).timeout(Duration::from_secs(60)),
    );
    out.assert_success();
    assert_eq!(out.stdout_str(), EXPECTED, "{variant}");
}

#[test]
fn mio_echo_completes_under_the_shim() {
    mio_echo(Variant::Shim, HostFlavour::MultiThread);
}

#[test]
fn mio_echo_completes_under_the_shim_on_a_current_thread_host() {
    // The host's TCP work runs only while the guest waits in a host call; mio's loop waits in
    // `poll`, which blocks in `wasi:io/poll.poll`.
    mio_echo(Variant::Shim, HostFlavour::CurrentThread);
}

#[test]
fn mio_echo_completes_natively() {
    mio_echo(Variant::Native, HostFlavour::MultiThread);
}

#[test]
fn mio_accept_fails_under_stock_wasi_libc() {
    // For the record (what the shim replaces): mio's `TcpListener::accept` on WASI calls
    // `accept` and then `fcntl(F_SETFL, O_NONBLOCK)`, which stock wasi-libc refuses on sockets
    // with EINVAL (see `net_errors`), so `accept` fails and the guest panics.
    let out = run(
        Variant::Stock,
        "net_mio_echo",
        &RunConfig::new().timeout(Duration::from_secs(60)),
    );
    assert!(
        !out.timed_out() && out.exit_code() != Some(0),
        "stock: expected a failure, got {out}"
    );
    assert!(
        out.stderr_lossy().contains("accept: Invalid argument"),
        "stock failed differently: {out}"
    );
}

/// What `net_mio_events` prints when both loops complete.
const EVENTS_EXPECTED: &str = "tcp: client sent 1048576 bytes and shut down writing: true\n\
                               tcp: server echoed everything and closed: true\n\
                               tcp: client received 1048576 bytes intact, then end of file\n\
                               udp: 8 requests sent, 8 seen by the poll-first server, 8 answers\n";

fn mio_events(variant: Variant, host: HostFlavour) {
    let out = run(
        variant,
        "net_mio_events",
        &RunConfig::new().host(host).timeout(Duration::from_secs(60)),
    );
    out.assert_success();
    assert_eq!(out.stdout_str(), EVENTS_EXPECTED, "{variant}");
}

#[test]
fn a_readiness_driven_loop_completes_under_the_shim() {
    mio_events(Variant::Shim, HostFlavour::MultiThread);
}

#[test]
fn a_readiness_driven_loop_completes_under_the_shim_on_a_current_thread_host() {
    mio_events(Variant::Shim, HostFlavour::CurrentThread);
}

#[test]
fn a_readiness_driven_loop_completes_natively() {
    mio_events(Variant::Native, HostFlavour::MultiThread);
}
