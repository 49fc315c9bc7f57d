//! Host test harness for wasi-shim: builds the guest programs in `tests/guests` and runs them as
//! `wasm32-wasip2` components under an embedded wasmtime (or natively, for differential tests).
//!
//! # API in one screen
//!
//! ```no_run
//! use std::time::Duration;
//! use wasi_shim_harness::{RunConfig, Variant, assert_same_lines, run, run_both};
//!
//! // Build (once per process and variant) and run one guest.
//! let out = run(
//!     Variant::Stock,
//!     "echo_args_env",
//!     &RunConfig::new().arg("a").env("T_X", "1").stdin("in\n").timeout(Duration::from_secs(5)),
//! );
//! out.assert_success();
//! assert_eq!(out.stdout_str(), "a\nT_X=1\nin\n");
//!
//! // Differential test: the same guest under a WASI variant and natively, each in a fresh sandbox.
//! let (wasi, native) = run_both(Variant::Stock, "fs_basic", &RunConfig::new());
//! assert_same_lines(wasi.stdout_str(), native.stdout_str());
//! ```
//!
//! * [`Variant`] says how a guest is built and run: [`Variant::Native`] (host target, run as a
//!   child process), [`Variant::Stock`] (`wasm32-wasip2` with the toolchain's own wasi-libc) or
//!   [`Variant::Shim`] (`wasm32-wasip2` with the `RUSTFLAGS` printed by `cargo xtask rustflags`).
//! * [`build_guests`] / [`guest_path`] build **all** guest bins of a variant at once, once per test
//!   process, in `<repo>/target/guests/<variant>` (a separate target dir per variant, so the nested
//!   cargo never waits on the outer build's lock). A failed build panics with cargo's full stderr.
//! * [`run`] runs one guest with a [`RunConfig`] (args, env, stdin, preopens, initial cwd, network,
//!   time limit) and returns an [`Outcome`] (stdout, stderr, [`Status`], elapsed time).
//! * [`Sandbox`], [`run_both`] and [`assert_same_lines`] make WASI-vs-native differential tests a
//!   few lines long.
//!
//! # Tokio runtime
//!
//! WASI runs happen on one process-wide **multi-threaded** tokio runtime ([`runtime`]).
//! wasmtime-wasi runs parts of the host side of WASI as tasks on the *ambient* tokio runtime
//! (socket I/O, stdin readers, `spawn_blocking` filesystem calls) and relies on tokio's timer for
//! `wasi:clocks` sleeps and pollables. With a multi-threaded runtime those tasks, and any host-side
//! peer a test runs on the same runtime (e.g. a TCP server talking to the guest), keep making
//! progress on other worker threads while a guest computes on one, and several test threads can
//! `block_on` the shared runtime at the same time. The synchronous entry points ([`run`],
//! [`run_both`]) call `block_on` and therefore must not be called from inside a tokio runtime; use
//! [`run_wasm`] (async) there.
//!
//! # Time limits
//!
//! Every run has a time limit ([`RunConfig::timeout`], default [`DEFAULT_TIMEOUT`]), measured from
//! instantiation (compiling a component is not counted). Two mechanisms together bound a WASI run:
//!
//! * The engine uses epoch interruption: a background thread increments the engine's epoch every
//!   [`EPOCH_TICK`], and each store is configured with
//!   `epoch_deadline_async_yield_and_update(1)`, so a guest spinning in pure wasm yields back to the
//!   async executor at every tick.
//! * The whole instantiate-and-run future is wrapped in `tokio::time::timeout`, which therefore
//!   fires both for spinning guests (at their next yield) and for guests blocked inside a host call
//!   (sleep, blocking read, accept). The future, store and instance are dropped and the run reports
//!   [`Status::TimedOut`].
//!
//! Native runs poll the child process and kill it at the limit.
//!
//! # Sandbox convention
//!
//! Tests tell a guest where its scratch directory is through the environment variable `SANDBOX`
//! ([`SANDBOX_ENV`]):
//!
//! * under WASI it holds the **guest** path of the preopen ([`Sandbox::GUEST_PATH`], `/sandbox`),
//!   which is backed by a fresh host temp dir mounted read-write;
//! * natively it holds the **host** temp dir's absolute (canonical) path.
//!
//! In both cases the initial working directory is the sandbox, so relative paths resolve inside
//! it. [`Sandbox::apply`] produces the matching config for either side; see [`Sandbox`].

mod build;
mod diff;
mod library;
mod native;
mod outcome;
mod sandbox;
pub mod suite;
mod wasi;

pub use build::{
    GuestBuild, P3_TOOLCHAIN, Variant, build_dep_route, build_guest_with_flags, build_guests,
    build_guests_with, build_nostd, build_nostd_p3, build_std_hello, build_std_p3_guest,
    build_std_suites, build_tests, guest_path, repo_root, shim_rustflags, shim_rustflags_for,
    try_build_guests,
};
pub use diff::assert_same_lines;

/// Whether `name`, a function name of a linked component, is one that only wasi-libc defines: its
/// own `__wasilibc_*` internals (the shim defines exactly one name of that family,
/// `__wasilibc_get_environ`, because std calls it), its descriptor table, and its startup code.
/// The link and library tests use it to show that no wasi-libc code is inside a component. (The
/// shim's `_start` is not on the list: it is what makes the linker take the shim's `run` export
/// into binaries, and the component does not export it.)
pub fn is_wasi_libc_name(name: &str) -> bool {
    (name.starts_with("__wasilibc_") && name != "__wasilibc_get_environ")
        || name.starts_with("descriptor_table_")
        || name == "__libc_start_main"
}
pub use library::{
    CallError, LibraryHost, LibraryState, REACTOR_LIB, RUN_EXPORT_SYMBOL, build_library,
    count_host_calls, count_realloc_reentries, library_engine, library_linker, load_component,
    reactor_component, reactor_manifest,
};
pub use native::run_native;
pub use outcome::{Outcome, Status};
pub use sandbox::{SANDBOX_ENV, Sandbox, run_both};
pub use wasi::{EPOCH_TICK, OUTPUT_CAPACITY, run_wasm, runtime};

use std::path::PathBuf;
use std::time::Duration;

/// Time limit of a run unless [`RunConfig::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A preopened host directory, as configured by [`RunConfig::preopen`] and
/// [`RunConfig::preopen_read_only`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preopen {
    /// Directory on the host.
    pub host: PathBuf,
    /// Path under which the guest sees it (e.g. `/sandbox`).
    pub guest: String,
    /// Whether the guest may only read (no creating, writing, renaming or removing).
    pub read_only: bool,
}

/// Network access granted to a WASI guest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Network {
    /// TCP, UDP and `wasi:sockets/ip-name-lookup` are allowed, but only to and from loopback
    /// addresses: binds and listens may use a loopback or the unspecified (wildcard) address (the
    /// latter is what wasmtime-wasi checks for implicit binds), while every peer address (connect,
    /// accept, send, receive) must be a loopback address. The default.
    #[default]
    Loopback,
    /// No sockets at all (TCP, UDP and name lookup are disabled).
    Denied,
    /// TCP, UDP and name lookup with every address, as `wasmtime run -S inherit-network`: the
    /// host's own answers (`EADDRNOTAVAIL` for a bind to an address the machine does not have)
    /// reach the guest. For std's own net suites, which check those answers.
    Inherit,
}

/// How to run one guest: arguments, environment, stdin, preopens, initial working directory,
/// network access and time limit. A builder: every method takes and returns `self`.
///
/// Nothing is inherited from the host process: the guest sees exactly the environment variables
/// set here. `argv[0]` is the guest's name; [`RunConfig::arg`] appends `argv[1..]`.
///
/// Native runs ([`run_native`]) use the same args, env and stdin; they see the whole host
/// filesystem, and their current directory is the host directory that backs the initial cwd
/// (found through the preopens; see [`RunConfig::cwd`]).
#[derive(Clone, Debug)]
pub struct RunConfig {
    pub(crate) args: Vec<String>,
    pub(crate) env: Vec<(String, String)>,
    pub(crate) stdin: Vec<u8>,
    pub(crate) stdin_stays_open: bool,
    pub(crate) stdout_fault: Option<StdoutFault>,
    pub(crate) preopens: Vec<Preopen>,
    pub(crate) cwd: Option<String>,
    pub(crate) network: Network,
    pub(crate) timeout: Duration,
    pub(crate) host: HostFlavour,
}

/// A fault of the guest's stdout, injected by the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StdoutFault {
    /// The host takes this many bytes, then its writes fail (an I/O error, as a full disk or a
    /// failing device gives). WASI runs only.
    FailsAfter(usize),
    /// Nobody reads stdout: under WASI the stream is closed from the start; natively the
    /// pipe's read end is closed before the program starts (writes give `EPIPE`).
    Closed,
}

/// How the host runs a guest's async WASI work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum HostFlavour {
    /// The shared multi-threaded tokio runtime; the guest yields to it every epoch tick (10 ms),
    /// and the time limit is a `tokio::time::timeout`. The default.
    #[default]
    MultiThread,
    /// A fresh current-thread tokio runtime, and a guest that never yields while it runs wasm:
    /// host tasks (such as wasmtime-wasi's background TCP writes) run only while the guest is
    /// inside a host call that awaits. The time limit is an epoch deadline that traps (reported
    /// as [`Status::TimedOut`]). This is how a simple embedding behaves, and where a guest that
    /// spins in non-blocking calls can starve the host.
    CurrentThread,
}

impl Default for RunConfig {
    fn default() -> Self {
        Self {
            args: Vec::new(),
            env: Vec::new(),
            stdin: Vec::new(),
            stdin_stays_open: false,
            stdout_fault: None,
            preopens: Vec::new(),
            cwd: None,
            network: Network::default(),
            timeout: DEFAULT_TIMEOUT,
            host: HostFlavour::default(),
        }
    }
}

impl RunConfig {
    /// An empty config: no args, no env, empty stdin, no preopens, no initial cwd, loopback-only
    /// network, [`DEFAULT_TIMEOUT`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one argument (`argv[1..]`; `argv[0]` is the guest name).
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Appends several arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Adds an environment variable (in order; a later duplicate name is passed as is).
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    /// Makes the guest's stdout fail (see [`StdoutFault`]).
    pub fn stdout_fault(mut self, fault: StdoutFault) -> Self {
        self.stdout_fault = Some(fault);
        self
    }

    /// Keeps stdin open after its bytes, with nothing more to read (a pipe whose writer waits),
    /// instead of ending it: reads block, and non-blocking reads say `EAGAIN`.
    pub fn stdin_stays_open(mut self) -> Self {
        self.stdin_stays_open = true;
        self
    }

    /// Sets the bytes the guest reads on stdin (then end of file).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = bytes.into();
        self
    }

    /// Preopens the host directory `host` read-write at guest path `guest`.
    pub fn preopen(mut self, host: impl Into<PathBuf>, guest: impl Into<String>) -> Self {
        self.preopens.push(Preopen {
            host: host.into(),
            guest: guest.into(),
            read_only: false,
        });
        self
    }

    /// Preopens the host directory `host` read-only at guest path `guest`.
    pub fn preopen_read_only(mut self, host: impl Into<PathBuf>, guest: impl Into<String>) -> Self {
        self.preopens.push(Preopen {
            host: host.into(),
            guest: guest.into(),
            read_only: true,
        });
        self
    }

    /// Sets the initial working directory, as a **guest** path (reported by
    /// `wasi:cli/environment#initial-cwd`). For native runs it is mapped to a host directory
    /// through the preopen whose guest path is its longest prefix; a native run panics if no
    /// preopen contains it.
    pub fn cwd(mut self, guest_path: impl Into<String>) -> Self {
        self.cwd = Some(guest_path.into());
        self
    }

    /// Sets the guest's network access (default [`Network::Loopback`]).
    pub fn network(mut self, network: Network) -> Self {
        self.network = network;
        self
    }

    /// Sets how the host runs the guest (default [`HostFlavour::MultiThread`]).
    pub fn host(mut self, host: HostFlavour) -> Self {
        self.host = host;
        self
    }

    /// Sets the time limit of the run (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = limit;
        self
    }

    /// The host directory backing the initial cwd (see [`RunConfig::cwd`]), or `None` if no cwd is
    /// set.
    ///
    /// # Panics
    ///
    /// If the cwd is set but lies in no preopen.
    pub fn host_cwd(&self) -> Option<PathBuf> {
        let cwd = self.cwd.as_deref()?;
        let cwd_trimmed = trim_trailing_slashes(cwd);
        let mut best: Option<(&Preopen, &str)> = None;
        for p in &self.preopens {
            let g = trim_trailing_slashes(&p.guest);
            let rest = if cwd_trimmed == g {
                Some("")
            } else if g == "/" {
                cwd_trimmed.strip_prefix('/')
            } else {
                cwd_trimmed
                    .strip_prefix(g)
                    .and_then(|r| r.strip_prefix('/'))
            };
            if let Some(rest) = rest
                && best.is_none_or(|(b, _)| trim_trailing_slashes(&b.guest).len() < g.len())
            {
                best = Some((p, rest));
            }
        }
        let Some((preopen, rest)) = best else {
            panic!(
                "initial cwd {cwd:?} is in no preopen ({:?}); cannot map it to a host directory",
                self.preopens
            );
        };
        Some(if rest.is_empty() {
            preopen.host.clone()
        } else {
            preopen.host.join(rest)
        })
    }
}

fn trim_trailing_slashes(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() && p.starts_with('/') {
        "/"
    } else {
        t
    }
}

/// The environment the `env_vars` guest is run with: `T_` variables that are plain, empty,
/// hold `=`, non-ASCII text and padding, beside one that is not `T_` (and is not shown).
pub fn env_vars_config() -> RunConfig {
    RunConfig::new()
        .env("T_A", "1 one")
        .env("T_B", "2")
        .env("OTHER", "not shown")
        .env("T_EMPTY", "")
        .env("T_EQ", "a=b=c")
        .env("T_UNICODE", "héllo wörld 日本")
        .env("T_SPACES", "  padded  ")
}

/// Builds (once per process) the guests of `variant` and runs the guest `guest` with `cfg`:
/// natively for [`Variant::Native`], as a component under wasmtime otherwise.
///
/// # Panics
///
/// If the guests cannot be built (with cargo's stderr), if `guest` is not a guest bin, or if the
/// run cannot be set up (e.g. a preopen directory does not exist). Guest failures (non-zero exit,
/// trap, time-out) are not panics: they are reported in the [`Outcome`]. Must not be called from
/// inside a tokio runtime (it uses [`runtime`]`().block_on`).
pub fn run(variant: Variant, guest: &str, cfg: &RunConfig) -> Outcome {
    let path = guest_path(variant, guest);
    if variant.is_wasm() {
        wasi::precompile(&path).unwrap_or_else(|e| panic!("{e}"));
        match cfg.host {
            HostFlavour::MultiThread => runtime().block_on(run_wasm(&path, guest, cfg)),
            HostFlavour::CurrentThread => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("cannot build a current-thread tokio runtime")
                .block_on(run_wasm(&path, guest, cfg)),
        }
    } else {
        run_native(&path, guest, cfg)
    }
}
