//! Running guests as `wasi:cli/command` components under wasmtime: WASI 0.2 commands
//! (`wasi:cli/run@0.2.x`) and WASI 0.3 commands (`wasi:cli/run@0.3.x`, run inside
//! `Store::run_concurrent`), told apart by the export the component has.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use wasmtime::Store;
use wasmtime::component::Component;
use wasmtime_wasi::p2::bindings::CommandPre;
use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
use wasmtime_wasi::p3::bindings::CommandPre as CommandPreP3;
use wasmtime_wasi::{FsPerms, I32Exit, WasiCtx, WasiCtxBuilder};

use crate::{Network, Outcome, RunConfig, Status};

/// Interval at which the background thread increments the engine's epoch; a guest running pure
/// wasm yields to the async executor (and can be timed out) at least this often.
pub use wasi_shim_host::EPOCH_TICK;

/// Capacity of the in-memory stdout and stderr pipes of a WASI run (each). A guest writing more
/// traps (reported as [`Status::Trapped`]).
pub const OUTPUT_CAPACITY: usize = 64 << 20;

pub(crate) use wasi_shim_host::engine;
use wasi_shim_host::{State, linker, loopback_only};

/// The process-wide multi-threaded tokio runtime on which WASI runs happen (see the crate docs for
/// why multi-threaded): the one of [`wasi_shim_host`].
pub fn runtime() -> &'static tokio::runtime::Runtime {
    wasi_shim_host::runtime()
}

/// A pre-instantiated command of either WASI version.
#[derive(Clone)]
pub(crate) enum Pre {
    /// Exports `wasi:cli/run@0.2.x`.
    P2(CommandPre<State>),
    /// Exports `wasi:cli/run@0.3.x`.
    P3(CommandPreP3<State>),
}

type PreCell = Arc<OnceLock<Result<Pre, String>>>;

/// Compiles and pre-instantiates the component at `path`, once per process (the result is cached
/// per path; compiling is slow). [`crate::run`] calls this before starting the clock, and
/// [`run_wasm`] calls it if needed.
pub(crate) fn precompile(path: &Path) -> Result<Pre, String> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, PreCell>>> = OnceLock::new();
    let cell = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(path.to_owned())
        .or_default()
        .clone();
    cell.get_or_init(|| {
        let component = Component::from_file(engine(), path)
            .map_err(|e| format!("cannot compile {}: {e:?}", path.display()))?;
        let pre = linker()
            .instantiate_pre(&component)
            .map_err(|e| format!("cannot link {}: {e:?}", path.display()))?;
        match CommandPre::new(pre.clone()) {
            Ok(p2) => Ok(Pre::P2(p2)),
            Err(p2_error) => CommandPreP3::new(pre).map(Pre::P3).map_err(|p3_error| {
                format!(
                    "{} is not a wasi:cli/command component of WASI 0.2 ({p2_error:?}) or of \
                     WASI 0.3 ({p3_error:?})",
                    path.display()
                )
            }),
        }
    })
    .clone()
}

/// A stdout that takes a number of bytes into a pipe and then fails (`Some`), or is closed
/// (`None`).
struct FaultyStdout(Option<(MemoryOutputPipe, usize)>);

impl wasmtime_wasi::cli::IsTerminal for FaultyStdout {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl wasmtime_wasi::cli::StdoutStream for FaultyStdout {
    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        match &self.0 {
            Some((pipe, limit)) => Box::new(Limited {
                inner: pipe.clone(),
                left: *limit,
                fault: std::io::ErrorKind::Other,
            }),
            // WASI 0.3's stdout is only this async writer: a closed one fails as a pipe with no
            // reader does (wasmtime-wasi's p3 reports `BrokenPipe` as `error-code.pipe`).
            None => Box::new(Limited {
                inner: MemoryOutputPipe::new(0),
                left: 0,
                fault: std::io::ErrorKind::BrokenPipe,
            }),
        }
    }

    fn p2_stream(&self) -> Box<dyn wasmtime_wasi::p2::OutputStream> {
        match &self.0 {
            Some(_) => Box::new(wasmtime_wasi::p2::pipe::AsyncWriteStream::new(
                8192,
                std::pin::Pin::from(self.async_stream()),
            )),
            None => Box::new(wasmtime_wasi::p2::pipe::ClosedOutputStream),
        }
    }
}

/// A writer that passes `left` bytes on to `inner`, then fails with an error of kind `fault`.
struct Limited {
    inner: MemoryOutputPipe,
    left: usize,
    fault: std::io::ErrorKind,
}

impl tokio::io::AsyncWrite for Limited {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        if self.left == 0 {
            return std::task::Poll::Ready(Err(std::io::Error::new(self.fault, "injected fault")));
        }
        let n = buf.len().min(self.left);
        let poll = std::pin::Pin::new(&mut self.inner).poll_write(cx, &buf[..n]);
        if let std::task::Poll::Ready(Ok(written)) = &poll {
            self.left -= written;
        }
        poll
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A stdin that gives its bytes and then nothing, without ending (a pipe whose writer waits).
struct OpenStdin(Vec<u8>);

impl tokio::io::AsyncRead for OpenStdin {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if self.0.is_empty() {
            // Nothing ever arrives: no waker is kept, since nothing will wake it.
            return std::task::Poll::Pending;
        }
        let n = self.0.len().min(buf.remaining());
        buf.put_slice(&self.0[..n]);
        self.0.drain(..n);
        std::task::Poll::Ready(Ok(()))
    }
}

pub(crate) fn wasi_ctx(
    argv0: &str,
    cfg: &RunConfig,
    stdout: &MemoryOutputPipe,
    stderr: &MemoryOutputPipe,
) -> WasiCtx {
    let mut b = WasiCtxBuilder::new();
    if cfg.stdin_stays_open {
        b.stdin(wasmtime_wasi::cli::AsyncStdinStream::new(OpenStdin(
            cfg.stdin.clone(),
        )));
    } else {
        b.stdin(MemoryInputPipe::new(cfg.stdin.clone()));
    }
    match cfg.stdout_fault {
        None => {
            b.stdout(stdout.clone());
        }
        Some(crate::StdoutFault::FailsAfter(limit)) => {
            b.stdout(FaultyStdout(Some((stdout.clone(), limit))));
        }
        Some(crate::StdoutFault::Closed) => {
            b.stdout(FaultyStdout(None));
        }
    }
    b.stderr(stderr.clone())
        .arg(argv0)
        .args(&cfg.args)
        .envs(&cfg.env);
    for p in &cfg.preopens {
        let perms = if p.read_only {
            FsPerms::ReadOnly
        } else {
            FsPerms::ReadWrite
        };
        b.preopened_dir(&p.host, &p.guest, perms)
            .unwrap_or_else(|e| {
                panic!(
                    "cannot preopen {} at {:?}: {e:?}",
                    p.host.display(),
                    p.guest
                )
            });
    }
    if let Some(cwd) = &cfg.cwd {
        b.initial_cwd(cwd);
    }
    match cfg.network {
        Network::Loopback => {
            b.allow_tcp(true)
                .allow_udp(true)
                .allow_ip_name_lookup(true)
                .socket_addr_check(|addr, usage| {
                    Box::pin(async move { loopback_only(addr, usage) })
                });
        }
        Network::Denied => {
            b.allow_tcp(false)
                .allow_udp(false)
                .allow_ip_name_lookup(false);
        }
        Network::Inherit => {
            b.allow_tcp(true)
                .allow_udp(true)
                .allow_ip_name_lookup(true)
                .inherit_network();
        }
    }
    b.build()
}

/// Runs the `wasm32-wasip2` command component at `path` with `argv[0] = argv0` and `cfg`, and
/// returns its [`Outcome`].
///
/// Must run on a multi-threaded tokio runtime (e.g. [`runtime`]): wasmtime-wasi spawns host tasks
/// on the ambient runtime. Compiles the component first if [`crate::run`] has not (cached per
/// path); compiling blocks the current worker thread and is not counted in the time limit.
///
/// # Panics
///
/// If the component cannot be compiled or is not a command, or if a preopen cannot be opened.
pub async fn run_wasm(path: &Path, argv0: &str, cfg: &RunConfig) -> Outcome {
    let pre = precompile(path).unwrap_or_else(|e| panic!("{e}"));
    let stdout = MemoryOutputPipe::new(OUTPUT_CAPACITY);
    let stderr = MemoryOutputPipe::new(OUTPUT_CAPACITY);
    let ctx = wasi_ctx(argv0, cfg, &stdout, &stderr);
    let mut store = Store::new(engine(), State::new(ctx));
    match cfg.host {
        crate::HostFlavour::MultiThread => {
            store.set_epoch_deadline(1);
            store.epoch_deadline_async_yield_and_update(1);
        }
        crate::HostFlavour::CurrentThread => {
            let ticks = cfg.timeout.as_millis() / EPOCH_TICK.as_millis().max(1);
            store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX).max(1));
            store.epoch_deadline_trap();
        }
    }

    let start = Instant::now();
    let run = async {
        match pre {
            Pre::P2(pre) => {
                let command = pre.instantiate_async(&mut store).await?;
                command.wasi_cli_run().call_run(&mut store).await
            }
            Pre::P3(pre) => {
                let command = pre.instantiate_async(&mut store).await?;
                store
                    .run_concurrent(async move |store| command.wasi_cli_run().call_run(store).await)
                    .await?
            }
        }
    };
    let status = match tokio::time::timeout(cfg.timeout, run).await {
        Err(_elapsed) => Status::TimedOut,
        Ok(Ok(Ok(()))) => Status::Exited(0),
        Ok(Ok(Err(()))) => Status::Exited(1),
        Ok(Err(e)) => match e.downcast_ref::<I32Exit>() {
            Some(I32Exit(code)) => Status::Exited(*code),
            None if e.downcast_ref::<wasmtime::Trap>() == Some(&wasmtime::Trap::Interrupt) => {
                Status::TimedOut
            }
            None => Status::Trapped(format!("{e:?}")),
        },
    };
    let elapsed = start.elapsed();
    drop(store);
    Outcome {
        status,
        stdout: stdout.contents().to_vec(),
        stderr: stderr.contents().to_vec(),
        elapsed,
    }
}
