//! What every floor program shares: its directories (found among the preopens), its sockets
//! (a loopback connection made with `wasi:sockets` calls), and the reporting protocol of
//! `bench/workloads` (`phase <name> <ns>`, `check <text>`).
//!
//! A floor program does the work of the workload of the same name with direct calls of the WASI
//! 0.2 bindings (the `wasip2` crate): no libc, no descriptor table, no path resolution between
//! the program and the host. Only its argument parsing, its clock and its output go through std
//! (and so the toolchain's wasi-libc), outside the timed work. With the argument `hash` it also
//! makes the `metadata-hash` calls a libc needs to fill `st_ino`/`d_ino` (one per stat and per
//! directory entry), which is what the shim does.

pub use protocol::{check, entry_name, pattern, pattern_at, phase, timed};
use wasip2::filesystem::preopens::get_directories;
use wasip2::filesystem::types::Descriptor;
use wasip2::io::poll::Pollable;
use wasip2::io::streams::{InputStream, OutputStream, StreamError};
use wasip2::sockets::instance_network::instance_network;
use wasip2::sockets::network::{
    ErrorCode as NetError, IpAddressFamily, IpSocketAddress, Ipv4SocketAddress,
};
use wasip2::sockets::tcp::TcpSocket;
use wasip2::sockets::tcp_create_socket::create_tcp_socket;

/// Argument `index` (1-based) as a number, or `default`. The word `hash` is skipped.
///
/// # Panics
/// If the argument is not a number.
#[must_use]
pub fn arg(index: usize, default: u64) -> u64 {
    std::env::args()
        .filter(|a| a != "hash")
        .nth(index)
        .map_or(default, |a| a.parse().expect("size arguments are numbers"))
}

/// Whether the program makes the `metadata-hash` calls too (argument `hash`).
#[must_use]
pub fn with_hash() -> bool {
    std::env::args().skip(1).any(|a| a == "hash")
}

/// The preopened directory the host named `name`.
///
/// # Panics
/// If there is none.
#[must_use]
pub fn preopen(name: &str) -> Descriptor {
    get_directories()
        .into_iter()
        .find_map(|(d, n)| (n == name).then_some(d))
        .unwrap_or_else(|| panic!("no preopen named {name}"))
}

/// The writable scratch directory (the preopen `/scratch`).
#[must_use]
pub fn scratch() -> Descriptor {
    preopen("/scratch")
}

/// The read-only fixture tree (the preopen `/fixture`).
#[must_use]
pub fn fixture() -> Descriptor {
    preopen("/fixture")
}

/// Finishes a two-phase socket operation: tries `finish`, blocking on `pollable` while it
/// would block.
fn finish<T>(pollable: &Pollable, mut finish: impl FnMut() -> Result<T, NetError>) -> T {
    loop {
        match finish() {
            Ok(v) => return v,
            Err(NetError::WouldBlock) => pollable.block(),
            Err(e) => panic!("socket: {e:?}"),
        }
    }
}

/// Both ends of a loopback TCP connection. Streams come first: they must be dropped before their
/// sockets.
pub struct Connection {
    /// The client's input stream.
    pub client_in: InputStream,
    /// The client's output stream.
    pub client_out: OutputStream,
    /// The server's input stream.
    pub server_in: InputStream,
    /// The server's output stream.
    pub server_out: OutputStream,
    _server: TcpSocket,
    _client: TcpSocket,
    _listener: TcpSocket,
}

/// Connects a client to a listener on 127.0.0.1 and accepts it.
///
/// # Panics
/// On any socket error.
#[must_use]
pub fn loopback_connection() -> Connection {
    let network = instance_network();
    let listener = create_tcp_socket(IpAddressFamily::Ipv4).expect("create");
    let any_port = IpSocketAddress::Ipv4(Ipv4SocketAddress {
        port: 0,
        address: (127, 0, 0, 1),
    });
    listener.start_bind(&network, any_port).expect("bind");
    finish(&listener.subscribe(), || listener.finish_bind());
    listener.start_listen().expect("listen");
    finish(&listener.subscribe(), || listener.finish_listen());
    let addr = listener.local_address().expect("local address");
    let client = create_tcp_socket(IpAddressFamily::Ipv4).expect("create");
    client.start_connect(&network, addr).expect("connect");
    let (client_in, client_out) = finish(&client.subscribe(), || client.finish_connect());
    let (server, server_in, server_out) = finish(&listener.subscribe(), || listener.accept());
    Connection {
        client_in,
        client_out,
        server_in,
        server_out,
        _server: server,
        _client: client,
        _listener: listener,
    }
}

/// Writes all of `data` to a TCP output stream: `check-write`, then `write` of what it permits,
/// blocking on the stream's pollable only when it permits nothing. (`flush` is not called: the
/// host starts every write at once, and a later `check-write` reports its completion.)
///
/// # Panics
/// On a stream error.
pub fn send_all(out: &OutputStream, mut data: &[u8]) {
    while !data.is_empty() {
        let permit = out.check_write().expect("check-write");
        if permit == 0 {
            out.subscribe().block();
            continue;
        }
        let n = data
            .len()
            .min(usize::try_from(permit).unwrap_or(usize::MAX));
        out.write(&data[..n]).expect("write");
        data = &data[n..];
    }
}

/// Reads exactly `n` bytes from a TCP input stream with `blocking-read`, handing each piece to
/// `f` (with its offset) as the host returned it: no copy.
///
/// # Panics
/// On a stream error or the end of the stream.
pub fn recv_exact(input: &InputStream, n: usize, mut f: impl FnMut(usize, &[u8])) {
    let mut got = 0;
    while got < n {
        match input.blocking_read((n - got) as u64) {
            Ok(data) => {
                f(got, &data);
                got += data.len();
            }
            Err(StreamError::Closed) => panic!("unexpected end of stream"),
            Err(e) => panic!("read: {e:?}"),
        }
    }
}
