//! Bad input and wrong-state socket calls (guest `net_errors`), under the shim and natively,
//! compared line by line. Every guest line is `<label>: <result>` (see the guest's docs), and
//! labels are unique, so each line is judged on its own:
//!
//! * [`DEVIATIONS`]: lines where the shim differs from Linux on purpose (it follows POSIX where
//!   Linux does not, or WASI 0.2 cannot express Linux's answer). The main test checks that both
//!   sides still read exactly as recorded there.
//! * [`OWN_TESTS`]: lines judged by a test of their own, each with a diagnosis: they were shim
//!   bugs found by this guest (Linux was right), since fixed; the main test skips them.
//! * Every other line must be identical.
//!
//! The guest built for WASI 0.3 runs too (`p3_matches_native_except_documented_deviations`): the
//! same deviations but those of the WASI 0.2 host ([`P2_HOST_DEVIATIONS`]).
//!
//! Stock wasi-libc (the toolchain's, Rust 1.95) runs the same guest: [`STOCK_DIFFERENCES`] records
//! where it differs from native, so that the comparison with the shim stays visible.

use std::sync::OnceLock;
use std::time::Duration;

use wasi_shim_harness::{RunConfig, Variant, run};

/// A guest run, as `(label, result)` pairs in order.
type Lines = Vec<(String, String)>;

/// Runs `net_errors` once per variant and process (the tests below share the runs).
fn output(variant: Variant) -> &'static Lines {
    static NATIVE: OnceLock<Lines> = OnceLock::new();
    static SHIM: OnceLock<Lines> = OnceLock::new();
    static STOCK: OnceLock<Lines> = OnceLock::new();
    static P3: OnceLock<Lines> = OnceLock::new();
    let cell = match variant {
        Variant::Native => &NATIVE,
        Variant::Shim => &SHIM,
        Variant::Stock => &STOCK,
        Variant::BuildStdP3 => &P3,
        other => panic!("no cached run for {other}"),
    };
    cell.get_or_init(|| {
        let out = run(
            variant,
            "net_errors",
            &RunConfig::new().timeout(Duration::from_secs(60)),
        );
        out.assert_success();
        let lines: Lines = out
            .stdout_str()
            .lines()
            .map(|l| match l.split_once(": ") {
                Some((label, result)) => (label.to_owned(), result.to_owned()),
                None => panic!("{variant}: line without `label: result`: {l:?}"),
            })
            .collect();
        let mut labels: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
        labels.sort_unstable();
        if let Some(w) = labels.windows(2).find(|w| w[0] == w[1]) {
            panic!("{variant}: label printed twice: {:?}", w[0]);
        }
        lines
    })
}

/// The result of `label` in `lines`.
fn result<'a>(lines: &'a Lines, label: &str) -> &'a str {
    lines
        .iter()
        .find(|(l, _)| l == label)
        .map(|(_, r)| r.as_str())
        .unwrap_or_else(|| panic!("the guest printed no line {label:?}"))
}

/// A line where the shim differs from Linux by design.
struct Deviation {
    label: &'static str,
    shim: &'static str,
    native: &'static str,
}

/// The shim's deliberate differences from Linux, each with its reason.
const DEVIATIONS: &[Deviation] = &[
    // Linux answers `EINVAL` for a type it does not know; POSIX's error is `EPROTOTYPE`, which
    // the shim gives, as stock wasi-libc (documented on the shim's `socket`).
    Deviation {
        label: "socket(AF_INET, unknown type)",
        shim: "Err(Uncategorized) EINVAL=false EPROTOTYPE=true",
        native: "Err(InvalidInput) EINVAL=true EPROTOTYPE=false",
    },
    // A 16-byte `sockaddr_in` given to an IPv6 socket: Linux checks the length against the
    // socket's family first (`EINVAL`: shorter than a `sockaddr_in6`); the shim reads the
    // address by its own family field and then refuses the family (`EAFNOSUPPORT`), as stock
    // wasi-libc. POSIX lists both errors; not documented on the shim's `bind` yet.
    Deviation {
        label: "bind(IPv6 socket, sockaddr_in with its own length)",
        shim: "Err(Uncategorized) EINVAL=false EAFNOSUPPORT=true",
        native: "Err(InvalidInput) EINVAL=true EAFNOSUPPORT=false",
    },
    // `send` on a TCP socket that is not connected: POSIX says `ENOTCONN` (the shim, stock);
    // Linux says `EPIPE` (documented on the shim's `sendto`).
    Deviation {
        label: "send before connect (TCP)",
        shim: "Err(NotConnected) ENOTCONN=true EPIPE=false",
        native: "Err(BrokenPipe) ENOTCONN=false EPIPE=true",
    },
    Deviation {
        label: "send on a listening socket",
        shim: "Err(NotConnected) ENOTCONN=true EPIPE=false",
        native: "Err(BrokenPipe) ENOTCONN=false EPIPE=true",
    },
    // After a non-blocking connect completed (seen through `poll`), Linux returns 0 from the
    // next `connect` once, then `EISCONN`; the shim (and stock, and the BSDs) give `EISCONN`
    // at once, which is what POSIX describes.
    Deviation {
        label: "connect again after poll(POLLOUT)",
        shim: "Err(Uncategorized) EISCONN=true",
        native: "Ok",
    },
    // WASI sockets (0.2 and 0.3) are always IPv6-only (documented on `getsockopt` and
    // `setsockopt`); Linux's default here is 0 (`net.ipv6.bindv6only`).
    Deviation {
        label: "IPV6_V6ONLY of a fresh IPv6 socket",
        shim: "Ok(1)",
        native: "Ok(0)",
    },
    Deviation {
        label: "setsockopt(IPV6_V6ONLY, 0)",
        shim: "Err(Unsupported) ENOTSUP=true",
        native: "Ok",
    },
    // A peer that closes with unread data resets the connection on Linux. Under wasmtime the
    // peer's close is orderly first: dropping a TCP output stream shuts its write side down
    // (wasmtime-wasi's `TcpSendStream::drop`), so the FIN arrives before the RST and a reader
    // sees the end of the stream, not the reset. A host policy, not the shim's: the reset is
    // then seen by the next write (the "after a failed send" lines, identical to Linux).
    Deviation {
        label: "poll(POLLIN) after a reset",
        shim: "1, POLLIN|POLLHUP",
        native: "1, POLLIN|POLLERR|POLLHUP",
    },
    Deviation {
        label: "poll(POLLOUT) after a reset",
        shim: "1, POLLOUT",
        native: "1, POLLOUT|POLLERR|POLLHUP",
    },
    Deviation {
        label: "recv after a reset",
        shim: "Ok",
        native: "Err(ConnectionReset) ECONNRESET=true",
    },
];

/// The [`DEVIATIONS`] that WASI 0.2's host policy makes (wasmtime-wasi's p2 output stream shuts
/// down on drop): on WASI 0.3 the shim reads as Linux there.
const P2_HOST_DEVIATIONS: &[&str] = &[
    "poll(POLLIN) after a reset",
    "poll(POLLOUT) after a reset",
    "recv after a reset",
];

/// Lines judged by their own tests below (former shim bugs; Linux is the oracle).
const OWN_TESTS: &[&str] = &[
    "recv on an unbound non-blocking UDP socket",
    "getsockopt(SO_KEEPALIVE) into 1 byte",
    "getsockopt(SO_KEEPALIVE) into 1 byte leaves",
    "connect a listening socket",
    "ECONNREFUSED reported exactly once (by connect or SO_ERROR)",
    "SO_ERROR once connect reported the refusal",
    "poll(POLLOUT) after the refusal",
    "poll(POLLOUT) again once SO_ERROR was read",
];

/// The lines of the reset section, judged by their own test (a former shim bug).
const RESET_LINES: &[&str] = &[
    "poll(POLLIN|POLLOUT) after the reset was read",
    "recv again after a reset",
    "send after a reset",
    "poll(POLLOUT) after a failed send",
    "poll(POLLIN|POLLOUT) after a failed send",
    "recv after a failed send",
    "send after a failed send",
    "SO_ERROR after a failed send",
    "SO_ERROR after a reset",
    "a send fails after the peer's reset",
];

/// The lines where `lines` (of the run called `side`) and `native` differ other than as the
/// deviation `deviation` finds for the label says, or where a deviation no longer reads as
/// documented; labels `skip` accepts are not compared.
fn differences<'d>(
    side: &str,
    lines: &Lines,
    native: &Lines,
    skip: impl Fn(&str) -> bool,
    deviation: impl Fn(&str) -> Option<&'d Deviation>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for ((label, s), (_, n)) in lines.iter().zip(native) {
        if skip(label) {
            continue;
        }
        match deviation(label) {
            Some(d) if (s.as_str(), n.as_str()) != (d.shim, d.native) => problems.push(format!(
                "{label}: documented deviation changed\n    {side:<6} {s}  (documented: {})\n    \
                 native {n}  (documented: {})",
                d.shim, d.native
            )),
            Some(_) => {}
            None if s != n => {
                problems.push(format!("{label}:\n    {side:<6} {s}\n    native {n}"));
            }
            None => {}
        }
    }
    problems
}

#[test]
fn shim_matches_native_except_documented_deviations() {
    let shim = output(Variant::Shim);
    let native = output(Variant::Native);
    let labels = |lines: &Lines| lines.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>();
    assert_eq!(
        labels(shim),
        labels(native),
        "the runs printed different probes"
    );
    for label in DEVIATIONS
        .iter()
        .map(|d| d.label)
        .chain(OWN_TESTS.iter().copied())
        .chain(RESET_LINES.iter().copied())
    {
        result(native, label); // Panics for a label the guest does not print (a typo).
    }

    let skip = |label: &str| OWN_TESTS.contains(&label) || RESET_LINES.contains(&label);
    let problems = differences("shim", shim, native, skip, |label| {
        DEVIATIONS.iter().find(|d| d.label == label)
    });
    assert!(
        problems.is_empty(),
        "the shim differs from native on {} line(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The same guest built for WASI 0.3 (`Variant::BuildStdP3`): every line as native but the
/// deviations that do not depend on the WASI version, which read as on p2; the lines of the
/// former shim bugs ([`OWN_TESTS`], [`RESET_LINES`]) and the p2 host's deviations as Linux.
#[test]
fn p3_matches_native_except_documented_deviations() {
    let p3 = output(Variant::BuildStdP3);
    let native = output(Variant::Native);
    let labels = |lines: &Lines| lines.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>();
    assert_eq!(
        labels(p3),
        labels(native),
        "the runs printed different probes"
    );
    for label in P2_HOST_DEVIATIONS {
        assert!(DEVIATIONS.iter().any(|d| d.label == *label), "{label}");
    }
    let problems = differences(
        "p3",
        p3,
        native,
        |_| false,
        |label| {
            DEVIATIONS
                .iter()
                .find(|d| d.label == label && !P2_HOST_DEVIATIONS.contains(&d.label))
        },
    );
    assert!(
        problems.is_empty(),
        "p3 differs from native on {} line(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Asserts that the shim prints what native prints for each of `labels`; the panic message
/// carries `diagnosis`.
#[track_caller]
fn assert_shim_as_native(labels: &[&str], diagnosis: &str) {
    let (shim, native) = (output(Variant::Shim), output(Variant::Native));
    let differing: Vec<String> = labels
        .iter()
        .filter(|l| result(shim, l) != result(native, l))
        .map(|l| {
            format!(
                "{l}:\n    shim   {}\n    native {}",
                result(shim, l),
                result(native, l)
            )
        })
        .collect();
    assert!(
        differing.is_empty(),
        "shim bug: {diagnosis}\n{}",
        differing.join("\n")
    );
}

#[test]
fn recv_on_an_unbound_udp_socket_waits_or_eagain_as_linux() {
    assert_shim_as_native(
        &["recv on an unbound non-blocking UDP socket"],
        "`recv` on a UDP socket that was never bound fails with EINVAL \
         (`wasi_shim::net::udp_recv`: `if !sock.bound.get() { return Err(Errno::INVAL) }`). \
         Linux treats it as a socket with nothing to read: EAGAIN when non-blocking, and a \
         blocking `recv` waits (bounded by SO_RCVTIMEO). POSIX lists no EINVAL for this. \
         Fix: without streams and unbound, return EAGAIN when non-blocking, else wait for the \
         receive timeout (EAGAIN) or forever (as `poll` with nothing to wait on does).",
    );
}

#[test]
fn getsockopt_truncates_into_a_short_buffer() {
    assert_shim_as_native(
        &[
            "getsockopt(SO_KEEPALIVE) into 1 byte",
            "getsockopt(SO_KEEPALIVE) into 1 byte leaves",
        ],
        "`getsockopt` with `*len` shorter than the option fails with EINVAL \
         (`wasi_shim_libc::socket::store`). POSIX: \"if the size of the option value is \
         greater than option_len, the value stored ... shall be silently truncated\"; Linux \
         copies `min(*len, sizeof(int))` bytes and stores that length in `*len`. Fix: in \
         `store`, copy `min(*len, size_of::<T>())` bytes and write that length back.",
    );
}

#[test]
fn connect_on_a_listening_socket_gives_eisconn_or_eopnotsupp() {
    // Either Linux's answer or POSIX's (which stock wasi-libc gives) is right; EINVAL is not.
    let (shim, native) = (output(Variant::Shim), output(Variant::Native));
    let label = "connect a listening socket";
    let posix = "Err(Unsupported) EISCONN=false EINVAL=false EOPNOTSUPP=true";
    let got = result(shim, label);
    assert!(
        got == result(native, label) || got == posix,
        "shim bug: `connect` on a listening TCP socket fails with EINVAL \
         (`wasi_shim::net::connect`: `if listening {{ return Err(Errno::INVAL) }}`). POSIX \
         says EOPNOTSUPP (\"the socket is listening and cannot be connected\"; stock wasi-libc \
         gives it); Linux gives EISCONN. Fix: return EOPNOTSUPP (or EISCONN as Linux).\n    \
         shim   {got}\n    native {}\n    POSIX  {posix}",
        result(native, label)
    );
}

#[test]
fn failed_nonblocking_connect_is_reported_once() {
    assert_shim_as_native(
        &[
            "SO_ERROR once connect reported the refusal",
            "ECONNREFUSED reported exactly once (by connect or SO_ERROR)",
        ],
        "when a non-blocking `connect` (or a repeated `connect` while one is pending) itself \
         returns the failure (ECONNREFUSED), the error also stays pending and `SO_ERROR` \
         reports it a second time (`wasi_shim::net::progress_connect` stores it in \
         `pending_error` whenever `!block`, and `net::connect` returns the same errno). On \
         Linux the call that reports a socket error consumes it (`sock_error` clears \
         `sk_err`), so `SO_ERROR` then reads 0. Fix: in `connect`, `take()` the pending error \
         when returning it (keep it only when the failure is discovered by `poll`).",
    );
}

#[test]
fn poll_after_a_failed_connect_is_pollout_pollhup_then_clears_pollerr() {
    assert_shim_as_native(
        &[
            "poll(POLLOUT) after the refusal",
            "poll(POLLOUT) again once SO_ERROR was read",
        ],
        "`poll(POLLOUT)` on a socket whose connect has failed (`Tcp::Failed`) reports \
         `POLLERR|POLLHUP` without `POLLOUT`, and keeps `POLLERR` after `SO_ERROR` was read \
         (`wasi_shim::net::readiness`: `Tcp::Failed => { r.hangup = true; r.error = true; }`). \
         The shim is inconsistent with itself: when `poll` is the one that discovers the \
         failure (state `Connecting`), it reports `POLLOUT|POLLERR|POLLHUP`. Linux reports \
         `POLLOUT|POLLERR|POLLHUP` while the error is pending and `POLLOUT|POLLHUP` once \
         `SO_ERROR` has been read. Fix: for `Tcp::Failed` set `writable = write` and take \
         `error` from `pending_error` only.",
    );
}

#[test]
fn a_reset_connection_reports_every_event_and_poll_never_spins() {
    assert_shim_as_native(
        RESET_LINES,
        "once a TCP stream's host operation failed (`last-operation-failed`: a reset), its \
         pollable is ready for ever but `readiness` reported nothing (`check-write` failing \
         read as \"not writable\", a failed read-ahead was ignored), so `poll` looped without \
         blocking until its timeout and returned 0. Linux reports `POLLIN|POLLOUT|POLLHUP`, \
         with `POLLERR` until the error has been read once (`recv` gives ECONNRESET once, \
         then 0; `send` gives EPIPE). Fix: `net::tcp_stream_error` records the reset in \
         `Socket::reset`, and `readiness` reports every event after it.",
    );
}

/// Where stock wasi-libc differs from native: `(label, stock's result)`. Recorded, not
/// endorsed: this is what the shim replaces.
const STOCK_DIFFERENCES: &[(&str, &str)] = &[
    // The same choices as the shim (see `DEVIATIONS`)...
    (
        "bind(IPv6 socket, sockaddr_in with its own length)",
        "Err(Uncategorized) EINVAL=false EAFNOSUPPORT=true",
    ),
    (
        "send before connect (TCP)",
        "Err(NotConnected) ENOTCONN=true EPIPE=false",
    ),
    (
        "send on a listening socket",
        "Err(NotConnected) ENOTCONN=true EPIPE=false",
    ),
    (
        "connect again after poll(POLLOUT)",
        "Err(Uncategorized) EISCONN=true",
    ),
    // ... and the same bugs as the shim (see `OWN_TESTS`) ...
    (
        "recv on an unbound non-blocking UDP socket",
        "Err(InvalidInput) EAGAIN=false EINVAL=true",
    ),
    (
        "getsockopt(SO_KEEPALIVE) into 1 byte",
        "Err(InvalidInput) EINVAL=true",
    ),
    (
        "getsockopt(SO_KEEPALIVE) into 1 byte leaves",
        "len 1 byte 255",
    ),
    // ... and its own. An unknown socket type gives an errno that is neither EINVAL nor
    // EPROTOTYPE.
    (
        "socket(AF_INET, unknown type)",
        "Err(Uncategorized) EINVAL=false EPROTOTYPE=false",
    ),
    // `getsockname` of an unbound socket fails (EINVAL) instead of giving 0.0.0.0:0.
    ("getsockname on an unbound socket", "Err(InvalidInput)"),
    ("getsockname on an unbound socket gives 0.0.0.0:0", "false"),
    // `send` on an unconnected UDP socket: not EDESTADDRREQ.
    (
        "send on UDP with no peer",
        "Err(Unsupported) EDESTADDRREQ=false",
    ),
    // `connect` on a listener: POSIX's EOPNOTSUPP (Linux: EISCONN).
    (
        "connect a listening socket",
        "Err(Unsupported) EISCONN=false EINVAL=false EOPNOTSUPP=true",
    ),
    // SO_RCVTIMEO: an out-of-range `tv_usec` gives EINVAL (Linux: EDOM), and a 4-byte value is
    // accepted (Linux: EINVAL).
    (
        "setsockopt(SO_RCVTIMEO, tv_usec 1000000)",
        "Err(InvalidInput) EDOM=false",
    ),
    ("setsockopt(SO_RCVTIMEO, 4-byte value)", "Ok"),
    // IPV6_V6ONLY is not supported at all.
    ("IPV6_V6ONLY of a fresh IPv6 socket", "Err(Uncategorized)"),
    (
        "setsockopt(IPV6_V6ONLY, 0)",
        "Err(Uncategorized) ENOTSUP=false",
    ),
    // A refused connect: `poll` reports POLLOUT but neither POLLERR nor POLLHUP, so std's
    // `connect_timeout` may take a refused connection for an established one (see
    // `STOCK_TIMING_DEPENDENT`); SO_ERROR does not read 0 after it was read.
    (
        "poll(POLLOUT) after the refusal",
        "1, POLLOUT true, POLLERR or POLLHUP false",
    ),
    ("SO_ERROR reads 0 once read", "false"),
    ("poll(POLLOUT) again once SO_ERROR was read", "1, POLLOUT"),
    // `poll` fails on a closed descriptor (instead of POLLNVAL) and on an unconnected socket.
    ("poll(closed fd, -1)", "Err(Uncategorized), 0, 0"),
    ("poll(fresh unconnected TCP socket)", "Err(Unsupported), 0"),
    // FD_CLOEXEC always reads as set and cannot be cleared; F_GETFL and F_SETFL fail on sockets
    // (EINVAL), though SOCK_NONBLOCK and FIONBIO work.
    (
        "plain socket",
        "FD_CLOEXEC true O_NONBLOCK Err(InvalidInput)",
    ),
    (
        "SOCK_CLOEXEC|SOCK_NONBLOCK socket",
        "FD_CLOEXEC true O_NONBLOCK Err(InvalidInput)",
    ),
    ("after F_SETFD 0", "FD_CLOEXEC true"),
    ("fcntl(F_SETFL, 0)", "Err(InvalidInput)"),
    ("after F_SETFL 0", "O_NONBLOCK Err(InvalidInput)"),
    ("fcntl(F_SETFL, O_NONBLOCK)", "Err(InvalidInput)"),
    ("after F_SETFL O_NONBLOCK", "O_NONBLOCK Err(InvalidInput)"),
    ("after FIONBIO 0", "O_NONBLOCK Err(InvalidInput)"),
    ("after FIONBIO 1", "O_NONBLOCK Err(InvalidInput)"),
    // Stock never reports a reset: no POLLERR or POLLHUP, and `recv` reads it as end of file.
    ("poll(POLLIN) after a reset", "1, POLLIN"),
    ("poll(POLLOUT) after a reset", "1, POLLOUT"),
    ("recv after a reset", "Ok"),
    (
        "poll(POLLIN|POLLOUT) after the reset was read",
        "1, POLLIN|POLLOUT",
    ),
];

/// Stock lines that depend on whether `connect` itself sees the refusal or a later `poll` does.
/// When `connect` does, stock reports it twice (by `connect`, then again by `SO_ERROR`, like the
/// shim). When `poll` does, std's `connect_timeout` to a closed port returns `Ok`: stock's `poll`
/// gives neither POLLERR nor POLLHUP, so std never reads `SO_ERROR` and takes the refused
/// connection for an established one. Likewise, `connect` repeated on a refused socket
/// sometimes returns 0 (success), after which `SO_ERROR` reads EINPROGRESS.
const STOCK_TIMING_DEPENDENT: &[&str] = &[
    "ECONNREFUSED reported exactly once (by connect or SO_ERROR)",
    "std connect_timeout to a closed port",
    "connect repeated until done reports ECONNREFUSED",
    "SO_ERROR once connect reported the refusal",
    // Stock reports no reset; whether its `POLLIN` shows after a failed send depends on whether
    // the peer's end of stream reached the host before the poll.
    "poll(POLLIN|POLLOUT) after a failed send",
];

#[test]
fn stock_differs_from_native_as_recorded() {
    let stock = output(Variant::Stock);
    let native = output(Variant::Native);
    let labels = |lines: &Lines| lines.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>();
    assert_eq!(
        labels(stock),
        labels(native),
        "the runs printed different probes"
    );
    let mut problems = Vec::new();
    for ((label, s), (_, n)) in stock.iter().zip(native) {
        if STOCK_TIMING_DEPENDENT.contains(&label.as_str()) {
            continue;
        }
        let expected = STOCK_DIFFERENCES
            .iter()
            .find(|(l, _)| l == label)
            .map_or(n.as_str(), |(_, r)| *r);
        if s != expected {
            problems.push(format!(
                "{label}:\n    stock    {s}\n    expected {expected}\n    native   {n}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "stock differs from the record on {} line(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
