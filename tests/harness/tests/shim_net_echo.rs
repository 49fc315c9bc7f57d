//! Two programs talking over loopback at the same time: an echo server (guest `net_echo_server`)
//! and [`CLIENTS`] echo clients (guest `net_echo_client`), each its own component (or process),
//! all running concurrently.
//!
//! How the port gets from the server to the clients: a WASI guest's stdout is an in-memory pipe
//! that the harness hands back only when the guest exits, so the server also writes its port to
//! `port` in a [`Sandbox`] directory (atomically, by renaming a temp file). The test waits for
//! that file (bounded by [`PORT_WAIT`]), starts the clients with the port as an argument, and at
//! the end checks that the server's first stdout line is the same port. Every run has a time
//! limit, and the guests bound every read and write with 10 s timeouts.
//!
//! Each run is a separate [`run`] call on its own thread: `run` blocks on the harness's shared
//! multi-threaded tokio runtime, which several threads may do at once, so the components run
//! concurrently in one engine.

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use wasi_shim_harness::{Outcome, RunConfig, Sandbox, Variant, build_guests, run};

/// Clients per scenario; the server serves this many connections, one after the other (the
/// second client waits in the listen backlog meanwhile).
const CLIENTS: usize = 2;

/// Bytes each client sends (the sum of `MESSAGES` in the client).
const BYTES_PER_CLIENT: usize = 5 + 1 + 1000 + 16 * 1024 + 7 + 32 * 1024;

/// How long the test waits for the server to announce its port (after the guests are built).
const PORT_WAIT: Duration = Duration::from_secs(60);

/// Time limit of each run.
const RUN_LIMIT: Duration = Duration::from_secs(90);

/// Reads the port the server wrote to `dir/port`, waiting for it; panics with the server's
/// outcome if the server ends first, or after [`PORT_WAIT`].
fn wait_for_port(dir: &Path, server: &thread::JoinHandle<Outcome>) -> u16 {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(dir.join("port")) {
            return text
                .trim()
                .parse()
                .unwrap_or_else(|e| panic!("bad port file {text:?}: {e}"));
        }
        assert!(
            !server.is_finished(),
            "the server ended before announcing its port"
        );
        assert!(
            start.elapsed() < PORT_WAIT,
            "no port from the server after {PORT_WAIT:?}"
        );
        thread::sleep(Duration::from_millis(10));
    }
}

/// Runs one `server` and [`CLIENTS`] concurrent `client`s, and checks every output.
fn echo(server: Variant, client: Variant) {
    // Build first, so that the port wait does not include a build.
    build_guests(server);
    build_guests(client);

    let sandbox = Sandbox::new();
    let server_cfg = sandbox.apply(
        server,
        RunConfig::new().arg(CLIENTS.to_string()).timeout(RUN_LIMIT),
    );
    let server_run = thread::spawn(move || run(server, "net_echo_server", &server_cfg));
    let port = wait_for_port(sandbox.path(), &server_run);

    let clients: Vec<thread::JoinHandle<Outcome>> = (1..=CLIENTS)
        .map(|id| {
            let cfg = RunConfig::new()
                .arg(port.to_string())
                .arg(id.to_string())
                .timeout(RUN_LIMIT);
            thread::spawn(move || run(client, "net_echo_client", &cfg))
        })
        .collect();
    for (id, handle) in (1..=CLIENTS).zip(clients) {
        let out = handle.join().expect("client thread panicked");
        out.assert_success();
        assert_eq!(
            out.stdout_str(),
            "message 0: 5 bytes echoed intact\n\
             message 1: 1 bytes echoed intact\n\
             message 2: 1000 bytes echoed intact\n\
             message 3: 16391 bytes echoed intact\n\
             message 4: 32768 bytes echoed intact\n\
             server closed after shutdown\n",
            "client {id} ({client})"
        );
    }

    let out = server_run.join().expect("server thread panicked");
    out.assert_success();
    let mut expected = format!("{port}\n");
    for i in 1..=CLIENTS {
        expected += &format!("connection {i}: echoed {BYTES_PER_CLIENT} bytes\n");
    }
    expected += &format!("served {CLIENTS} connections\n");
    assert_eq!(out.stdout_str(), expected, "server ({server})");
}

#[test]
fn shim_server_and_shim_clients_run_concurrently() {
    echo(Variant::Shim, Variant::Shim);
}

#[test]
fn native_server_and_native_clients_for_reference() {
    echo(Variant::Native, Variant::Native);
}

#[test]
fn shim_server_serves_native_clients() {
    echo(Variant::Shim, Variant::Native);
}

#[test]
fn native_server_serves_shim_clients() {
    echo(Variant::Native, Variant::Shim);
}
