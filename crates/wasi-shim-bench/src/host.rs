//! Running one workload once: as a precompiled component in the embedded wasmtime, or as a native
//! child process. Both get the same arguments, environment and directories, and both are cut off
//! at a time limit (reported as DNF, never waited on forever).
//!
//! The host is the test harness's, shared through `crates/wasi-shim-host`: one engine with epoch
//! interruption (a tick every 10 ms; a store yields to the executor at each tick), all of WASI 0.2
//! added asynchronously to one linker (and WASI 0.3, for the `wasm32-wasip3` builds), runs on a multi-threaded tokio runtime, loopback-only
//! sockets, and a `WasiCtx` with wasmtime-wasi's defaults otherwise (filesystem calls go through
//! `spawn_blocking`). The runner also runs everything a second time with filesystem calls on the
//! guest's own thread (`allow_blocking_current_thread`), the other choice an embedder has.
//!
//! Native runs are measured the same way from the outside (process start through exit, CPU time
//! of the child); runs are sequential, so the process-wide CPU time of a WASI run is its own.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
pub use wasi_shim_host::runtime;
use wasi_shim_host::{State, engine, linker, loopback_only};
use wasmtime::component::Component;
use wasmtime::{CallHook, Store};
use wasmtime_wasi::p2::bindings::CommandPre;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::p3::bindings::CommandPre as CommandPreP3;
use wasmtime_wasi::{FsPerms, I32Exit, WasiCtx, WasiCtxBuilder};

/// Capacity of the captured stdout and stderr of a WASI run (each).
const OUTPUT_CAPACITY: usize = 4 << 20;

/// Guest path of the scratch directory.
pub const SCRATCH_GUEST: &str = "/scratch";
/// Guest path of the fixture tree.
pub const FIXTURE_GUEST: &str = "/fixture";

/// Converts wasmtime's own error type (not `std::error::Error`) into an `anyhow` error.
fn wt<T>(result: wasmtime::Result<T>, what: impl FnOnce() -> String) -> Result<T> {
    result.map_err(|e| anyhow!("{}: {e:?}", what()))
}

/// A command component linked against WASI, ready to instantiate: a `wasi:cli/command` of WASI
/// 0.2 or of WASI 0.3 (whose `run` is an async export, called inside `Store::run_concurrent`).
pub enum Pre {
    /// `wasi:cli/run@0.2.x`.
    P2(CommandPre<State>),
    /// `wasi:cli/run@0.3.x`.
    P3(CommandPreP3<State>),
}

/// A component compiled ahead of its runs.
pub struct Precompiled {
    /// Ready to instantiate.
    pub pre: Pre,
    /// Time `Engine::precompile_component` took (Cranelift).
    pub compile: Duration,
}

/// Compiles the component at `wasm` into `cwasm` (the engine's precompiled form), loads it back
/// and links it against WASI.
///
/// # Errors
/// If the file cannot be read, compiled or linked, or is not a command.
pub fn precompile(wasm: &Path, cwasm: &Path) -> Result<Precompiled> {
    let bytes = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let start = Instant::now();
    let compiled = wt(engine().precompile_component(&bytes), || {
        format!("compiling {}", wasm.display())
    })?;
    let compile = start.elapsed();
    if let Some(dir) = cwasm.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(cwasm, compiled)?;
    // SAFETY: the file was written just above by `precompile_component` of this same engine, in
    // a directory of this run, and nothing else writes it.
    let component = wt(
        unsafe { Component::deserialize_file(engine(), cwasm) },
        || format!("loading {}", cwasm.display()),
    )?;
    let pre = wt(linker().instantiate_pre(&component), || {
        format!("linking {}", wasm.display())
    })?;
    let pre = match CommandPre::new(pre.clone()) {
        Ok(p2) => Pre::P2(p2),
        Err(p2_error) => Pre::P3(wt(CommandPreP3::new(pre), || {
            format!(
                "{} is not a wasi:cli/command of WASI 0.2 ({p2_error:?}) or of WASI 0.3",
                wasm.display()
            )
        })?),
    };
    Ok(Precompiled { pre, compile })
}

/// What one run gets: the same for native and WASI runs, except for how directories are named.
pub struct RunSpec<'a> {
    /// `argv[0]`.
    pub argv0: &'a str,
    /// `argv[1..]`.
    pub args: &'a [String],
    /// Extra environment variables (besides `BENCH_SCRATCH` and `BENCH_FIXTURE`).
    pub env: &'a [(String, String)],
    /// Fresh host directory for the run's files.
    pub scratch: &'a Path,
    /// The fixture tree on the host.
    pub fixture: &'a Path,
    /// Time limit.
    pub timeout: Duration,
    /// Whether filesystem calls run on the guest's thread
    /// (`WasiCtxBuilder::allow_blocking_current_thread`) rather than through `spawn_blocking`.
    pub inline_fs: bool,
}

/// How a run ended.
pub enum RunError {
    /// Still running at the time limit; stopped.
    TimedOut,
    /// A non-zero exit, a trap or a host error, with what the program printed.
    Failed(String),
}

/// A finished run: its wall time (instantiation or process start through exit), CPU time and
/// stdout.
pub struct RunOutput {
    /// Wall time of the whole run, measured by the runner.
    pub whole: Duration,
    /// CPU time (user + system) of the whole run: of the runner process, all threads, for a
    /// WASI run (guest, host calls, tokio's blocking pool); of the child for a native run.
    pub cpu: Duration,
    /// Host calls the guest made (imports, resource drops and the runtime's own libcalls such as
    /// `memory.grow`), when counted.
    pub host_calls: Option<u64>,
    /// Everything the program printed on stdout.
    pub stdout: String,
}

fn wasi_ctx(
    spec: &RunSpec<'_>,
    stdout: &MemoryOutputPipe,
    stderr: &MemoryOutputPipe,
) -> Result<WasiCtx> {
    let mut b = WasiCtxBuilder::new();
    b.stdout(stdout.clone())
        .stderr(stderr.clone())
        .arg(spec.argv0)
        .args(spec.args)
        .env("BENCH_SCRATCH", SCRATCH_GUEST)
        .env("BENCH_FIXTURE", FIXTURE_GUEST)
        .envs(spec.env)
        .initial_cwd(SCRATCH_GUEST)
        .allow_blocking_current_thread(spec.inline_fs)
        .allow_tcp(true)
        .allow_udp(true)
        .allow_ip_name_lookup(true)
        .socket_addr_check(|addr, usage| Box::pin(async move { loopback_only(addr, usage) }));
    wt(
        b.preopened_dir(spec.scratch, SCRATCH_GUEST, FsPerms::ReadWrite),
        || String::from("preopening the scratch directory"),
    )?;
    wt(
        b.preopened_dir(spec.fixture, FIXTURE_GUEST, FsPerms::ReadOnly),
        || String::from("preopening the fixture"),
    )?;
    Ok(b.build())
}

/// CPU time (user + system) so far of this process (`RUSAGE_SELF`) or of its waited-for children
/// (`RUSAGE_CHILDREN`).
fn cpu_time(who: libc::c_int) -> Duration {
    // SAFETY: `rusage` is plain old data, for which all zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable `rusage`; `who` is one of the two constants.
    let rc = unsafe { libc::getrusage(who, &raw mut usage) };
    if rc != 0 {
        return Duration::ZERO;
    }
    let tv = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Runs a precompiled command component once; with `count`, also counts its host calls (a hook on
/// every call: such a run is not timed).
pub fn run_wasm(pre: &Pre, spec: &RunSpec<'_>, count: bool) -> Result<RunOutput, RunError> {
    let stdout = MemoryOutputPipe::new(OUTPUT_CAPACITY);
    let stderr = MemoryOutputPipe::new(OUTPUT_CAPACITY);
    let ctx = wasi_ctx(spec, &stdout, &stderr).map_err(|e| RunError::Failed(format!("{e:#}")))?;
    let mut store = Store::new(engine(), State::new(ctx));
    store.set_epoch_deadline(1);
    store.epoch_deadline_async_yield_and_update(1);
    let calls = Arc::new(AtomicU64::new(0));
    if count {
        let calls = calls.clone();
        store.call_hook(move |_, hook| {
            if matches!(hook, CallHook::CallingHost) {
                calls.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        });
    }
    let cpu_start = cpu_time(libc::RUSAGE_SELF);
    let (result, whole) = runtime().block_on(async {
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
                        .run_concurrent(async move |store| {
                            command.wasi_cli_run().call_run(store).await
                        })
                        .await?
                }
            }
        };
        let result = tokio::time::timeout(spec.timeout, run).await;
        (result, start.elapsed())
    });
    let cpu = cpu_time(libc::RUSAGE_SELF).saturating_sub(cpu_start);
    drop(store);
    let host_calls = count.then(|| calls.load(Ordering::Relaxed));
    let finished = |stdout: &MemoryOutputPipe| RunOutput {
        whole,
        cpu,
        host_calls,
        stdout: String::from_utf8_lossy(&stdout.contents()).into_owned(),
    };
    let failed = |what: String| {
        RunError::Failed(format!(
            "{what}\n--- stderr ---\n{}",
            String::from_utf8_lossy(&stderr.contents())
        ))
    };
    match result {
        Err(_elapsed) => Err(RunError::TimedOut),
        Ok(Ok(Ok(()))) => Ok(finished(&stdout)),
        Ok(Ok(Err(()))) => Err(failed("exited with status 1".into())),
        Ok(Err(e)) => match e.downcast_ref::<I32Exit>() {
            Some(I32Exit(0)) => Ok(finished(&stdout)),
            Some(I32Exit(code)) => Err(failed(format!("exited with status {code}"))),
            None if e.downcast_ref::<wasmtime::Trap>() == Some(&wasmtime::Trap::Interrupt) => {
                Err(RunError::TimedOut)
            }
            None => Err(failed(format!("trapped: {e:?}"))),
        },
    }
}

/// Runs a native program once, as a child process in `spec.scratch`.
pub fn run_native(program: &Path, spec: &RunSpec<'_>) -> Result<RunOutput, RunError> {
    let mut cmd = Command::new(program);
    cmd.args(spec.args)
        .env_clear()
        .env("BENCH_SCRATCH", spec.scratch)
        .env("BENCH_FIXTURE", spec.fixture)
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .current_dir(spec.scratch)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let cpu_start = cpu_time(libc::RUSAGE_CHILDREN);
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| RunError::Failed(format!("cannot start {}: {e}", program.display())))?;
    let pid = child.id();
    let readers = [
        reader(
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ),
        reader(
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ),
    ];
    let (tx, rx) = mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let status = child.wait();
        let whole = start.elapsed();
        let _ = tx.send((status, whole));
    });
    let outcome = match rx.recv_timeout(spec.timeout) {
        Ok(done) => Some(done),
        Err(_) => {
            // Stop the child this runner started, by its id.
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            None
        }
    };
    let _ = waiter.join();
    let [out, err] = readers.map(|r| r.join().unwrap_or_default());
    let Some((status, whole)) = outcome else {
        return Err(RunError::TimedOut);
    };
    // The child has been waited for: its CPU time is now in `RUSAGE_CHILDREN`.
    let cpu = cpu_time(libc::RUSAGE_CHILDREN).saturating_sub(cpu_start);
    match status {
        Ok(s) if s.success() => Ok(RunOutput {
            whole,
            cpu,
            host_calls: None,
            stdout: out,
        }),
        Ok(s) => Err(RunError::Failed(format!("{s}\n--- stderr ---\n{err}"))),
        Err(e) => Err(RunError::Failed(format!("wait: {e}"))),
    }
}

fn reader(stream: Option<Box<dyn Read + Send>>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(mut s) = stream {
            let _ = s.read_to_end(&mut text);
        }
        String::from_utf8_lossy(&text).into_owned()
    })
}

/// Where a variant's programs are, and what their files are called.
pub fn program_path(dir: &Path, bin: &str, wasm: bool) -> PathBuf {
    if wasm {
        dir.join(format!("{bin}.wasm"))
    } else {
        dir.join(format!("{bin}{}", std::env::consts::EXE_SUFFIX))
    }
}

/// An error for a missing program.
pub fn missing(path: &Path) -> anyhow::Error {
    anyhow!(
        "{} does not exist (build the bench workspace first: `cargo xtask bench` does)",
        path.display()
    )
}
