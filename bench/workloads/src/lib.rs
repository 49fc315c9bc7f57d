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
//!   `check <text>`: what it did (counts, bytes), which must be the same for every variant (the
//!   `protocol` crate, shared with `bench/floor`).

pub use protocol::{check, entry_name, pattern, pattern_at, phase, timed};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

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

/// Both ends of a loopback TCP connection, `(client, server)`: a listener on 127.0.0.1 (dropped
/// once it accepted), a client connected to it, and the accepted server end. With `nodelay`,
/// both ends ask for `TCP_NODELAY` where the variant has it (WASI 0.2 has no such option), so
/// that small messages do not wait for Nagle's algorithm.
///
/// # Panics
/// On any socket error.
#[must_use]
pub fn loopback_pair(nodelay: bool) -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let client = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
    let (server, _) = listener.accept().expect("accept");
    if nodelay {
        let _ = client.set_nodelay(true);
        let _ = server.set_nodelay(true);
    }
    (client, server)
}
