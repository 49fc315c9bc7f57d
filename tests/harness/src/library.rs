//! Library components ("reactors"): components that export their own interfaces, are instantiated
//! once and then called many times, like most production components.
//!
//! The pieces are generic; the typed bindings of a particular world come from
//! `wasmtime::component::bindgen!` in the test that uses them (see `tests/reactor.rs`):
//!
//! * [`build_library`] builds a `cdylib` crate for `wasm32-wasip2` into its own target directory
//!   under `<repo>/target/reactor/` (so the nested cargo never waits on the outer build's lock);
//!   [`reactor_component`] does that once per process for the example crate in `tests/reactor`,
//!   linked against the shim.
//! * [`library_engine`], [`library_linker`] (all of WASI 0.2, async) and [`load_component`]
//!   (compiled once per path) give what `bindgen!`'s `instantiate_async` needs.
//! * [`LibraryHost`] owns one [`Store`] whose [`LibraryState`] holds a WASI context made from a
//!   [`RunConfig`] (args, env, preopens, initial cwd, loopback-only network; stdin; captured
//!   stdout and stderr). [`LibraryHost::instantiate`] and [`LibraryHost::call`] run one async
//!   step each on the shared runtime, bounded by the config's time limit.
//! * [`LibraryState::transitions`] records the store's host/wasm transitions (wasmtime's call
//!   hook): a wasm entry while a host call is active is the host calling `cabi_realloc` to return a
//!   list or string ([`count_realloc_reentries`]).

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{CallHook, Engine, Store};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::{OUTPUT_CAPACITY, RunConfig, repo_root, runtime, shim_rustflags};

/// The `wasm32-wasip2` target.
const WASM_TARGET: &str = "wasm32-wasip2";

/// The `run` export of command components, as the linker names it.
pub const RUN_EXPORT_SYMBOL: &str = "wasi:cli/run@0.2.12#run";

/// Builds the `cdylib` of the crate at `manifest` (its own workspace) for `wasm32-wasip2` in
/// release mode, with `RUSTFLAGS=rustflags` and the cargo `features`, into
/// `<repo>/target/reactor/<label>`, and returns the path of the component
/// (`<lib_name>.wasm`).
///
/// Runs `cargo build --manifest-path <manifest> --lib --release --target wasm32-wasip2
/// --target-dir <repo>/target/reactor/<label> [--features ...]` in the repository root (so its
/// `rust-toolchain.toml` applies), without the outer build's variables.
///
/// # Errors
///
/// If the build fails (with cargo's full stderr) or does not produce `<lib_name>.wasm`.
pub fn build_library(
    manifest: &Path,
    lib_name: &str,
    label: &str,
    rustflags: &str,
    features: &[&str],
) -> Result<PathBuf, String> {
    let target_dir = repo_root().join("target").join("reactor").join(label);
    let mut cmd = crate::build::cargo_command();
    cmd.arg("build")
        .arg("--manifest-path")
        .arg(manifest)
        .args([
            "--lib",
            "--release",
            "--target",
            WASM_TARGET,
            "--target-dir",
        ])
        .arg(&target_dir)
        .env("RUSTFLAGS", rustflags);
    if !features.is_empty() {
        cmd.arg("--features").arg(features.join(","));
    }
    let start = Instant::now();
    crate::build::run_cargo(cmd, &format!("building the library {label}"))?;
    eprintln!(
        "wasi-shim-harness: built the library {label} in {:.1?}",
        start.elapsed()
    );
    let path = target_dir
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{lib_name}.wasm"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "the build succeeded but {} is missing",
            path.display()
        ))
    }
}

/// The manifest of the example library crate, `tests/reactor/Cargo.toml`.
pub fn reactor_manifest() -> PathBuf {
    repo_root().join("tests").join("reactor").join("Cargo.toml")
}

/// The library name (and so the component's file stem) of `tests/reactor`.
pub const REACTOR_LIB: &str = "example_reactor";

/// The example library component of `tests/reactor`, linked against the shim with
/// [`shim_rustflags`], built once per process into `<repo>/target/reactor/shim`.
///
/// # Panics
///
/// If the build fails (with cargo's stderr).
pub fn reactor_component() -> PathBuf {
    static PATH: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PATH.get_or_init(|| {
        let flags = shim_rustflags()?;
        build_library(&reactor_manifest(), REACTOR_LIB, "shim", &flags, &[])
    })
    .clone()
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Per-store host state of a library component: the WASI context and its resource table, and
/// the recorded host/wasm transitions.
pub struct LibraryState {
    ctx: WasiCtx,
    table: ResourceTable,
    transitions: Vec<CallHook>,
}

impl WasiView for LibraryState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}

impl LibraryState {
    /// Takes the transitions recorded since the last call (each entry and exit of wasm and of
    /// host functions, in order; see [`count_realloc_reentries`]).
    pub fn take_transitions(&mut self) -> Vec<CallHook> {
        std::mem::take(&mut self.transitions)
    }
}

/// How many times wasm was entered while a host function was running, in `transitions`.
///
/// In the component model a host function can enter the component it was called from only
/// through the canonical ABI's `realloc` (`cabi_realloc`), when it lowers a returned list or
/// string into the component's memory. So this counts `cabi_realloc` calls made by imports, not
/// those made by the host to pass an export's arguments (those happen outside any host call).
pub fn count_realloc_reentries(transitions: &[CallHook]) -> usize {
    let mut host_depth = 0usize;
    let mut reentries = 0;
    for t in transitions {
        match t {
            CallHook::CallingHost => host_depth += 1,
            CallHook::ReturningFromHost => host_depth = host_depth.saturating_sub(1),
            CallHook::CallingWasm if host_depth > 0 => reentries += 1,
            CallHook::CallingWasm | CallHook::ReturningFromWasm => {}
        }
    }
    reentries
}

/// How many host functions were called in `transitions`. wasmtime's libcalls (`memory.grow`,
/// the epoch check that yields to the executor) are host calls too: tests that count exactly must
/// keep them out (a far epoch deadline, memory that does not grow).
pub fn count_host_calls(transitions: &[CallHook]) -> usize {
    transitions
        .iter()
        .filter(|t| matches!(t, CallHook::CallingHost))
        .count()
}

/// The engine of library components: the harness's one engine (epoch interruption, one ticker).
pub fn library_engine() -> &'static Engine {
    crate::wasi::engine()
}

/// The linker of library components: all of WASI 0.2, async.
pub fn library_linker() -> &'static Linker<LibraryState> {
    static LINKER: OnceLock<Linker<LibraryState>> = OnceLock::new();
    LINKER.get_or_init(|| {
        let mut linker = Linker::new(library_engine());
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).expect("cannot add WASI to the linker");
        linker
    })
}

type ComponentCell = Arc<OnceLock<Result<Component, String>>>;

/// The component at `path`, compiled once per process for [`library_engine`].
///
/// # Errors
///
/// If it cannot be read or compiled.
pub fn load_component(path: &Path) -> Result<Component, String> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, ComponentCell>>> = OnceLock::new();
    let cell = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(path.to_owned())
        .or_default()
        .clone();
    cell.get_or_init(|| {
        Component::from_file(library_engine(), path)
            .map_err(|e| format!("cannot compile {}: {e:?}", path.display()))
    })
    .clone()
}

/// Why a call into a library component failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError {
    /// The call did not finish within the time limit; the store should not be used again.
    TimedOut(Duration),
    /// The call trapped (a guest panic, `unreachable`, an invalid canonical ABI value, ...).
    Trapped(wasmtime::Error),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::TimedOut(limit) => write!(f, "timed out after {limit:?}"),
            CallError::Trapped(e) => write!(f, "trapped: {e:?}"),
        }
    }
}

/// One store for one library component instance: instantiate once ([`LibraryHost::instantiate`]),
/// then call exports many times ([`LibraryHost::call`]). Each step runs on the shared
/// multi-threaded runtime ([`runtime`]) and is bounded by the [`RunConfig`]'s time limit
/// (the guest yields to the executor every [`EPOCH_TICK`](crate::EPOCH_TICK), so a spinning guest is stopped too).
///
/// The synchronous methods use `block_on` and must not be called from inside a tokio runtime.
pub struct LibraryHost {
    store: Store<LibraryState>,
    stdout: MemoryOutputPipe,
    stderr: MemoryOutputPipe,
    limit: Duration,
}

impl LibraryHost {
    /// A store whose WASI context is made from `cfg`: `argv = [argv0, cfg's args...]`, exactly
    /// `cfg`'s environment, its preopens and initial cwd, its network policy, its stdin; stdout
    /// and stderr are captured. Every transition between host and wasm is recorded (see
    /// [`LibraryState::take_transitions`]). `cfg`'s time limit bounds each step;
    /// [`RunConfig::host`] is ignored (always the shared multi-threaded runtime).
    ///
    /// # Panics
    ///
    /// If a preopen cannot be opened.
    pub fn new(argv0: &str, cfg: &RunConfig) -> Self {
        let stdout = MemoryOutputPipe::new(OUTPUT_CAPACITY);
        let stderr = MemoryOutputPipe::new(OUTPUT_CAPACITY);
        let mut store = Store::new(
            library_engine(),
            LibraryState {
                ctx: crate::wasi::wasi_ctx(argv0, cfg, &stdout, &stderr),
                table: ResourceTable::new(),
                transitions: Vec::new(),
            },
        );
        store.set_epoch_deadline(1);
        store.epoch_deadline_async_yield_and_update(1);
        store.call_hook(|mut store, transition| {
            store.data_mut().transitions.push(transition);
            Ok(())
        });
        Self {
            store,
            stdout,
            stderr,
            limit: cfg.timeout,
        }
    }

    /// The store (for `bindgen!`'s `instantiate_async` and export calls).
    pub fn store(&mut self) -> &mut Store<LibraryState> {
        &mut self.store
    }

    /// What the guest wrote to stdout so far.
    pub fn stdout(&self) -> Vec<u8> {
        self.stdout.contents().to_vec()
    }

    /// What the guest wrote to stderr so far (lossy UTF-8).
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.contents()).into_owned()
    }

    /// Runs `step` (an instantiation or an export call) with the store, bounded by the time limit.
    ///
    /// # Errors
    ///
    /// [`CallError::TimedOut`] when the limit passes first, [`CallError::Trapped`] when the step
    /// returns an error.
    pub fn try_call<R>(
        &mut self,
        step: impl AsyncFnOnce(&mut Store<LibraryState>) -> wasmtime::Result<R>,
    ) -> Result<R, CallError> {
        let limit = self.limit;
        let future = step(&mut self.store);
        bounded(limit, future)
    }

    /// Like [`LibraryHost::try_call`], but panics on failure, naming `what` and showing the
    /// guest's stderr.
    ///
    /// # Panics
    ///
    /// If the step times out or traps.
    pub fn call<R>(
        &mut self,
        what: &str,
        step: impl AsyncFnOnce(&mut Store<LibraryState>) -> wasmtime::Result<R>,
    ) -> R {
        match self.try_call(step) {
            Ok(r) => r,
            Err(e) => panic!("{what}: {e}\n--- guest stderr ---\n{}", self.stderr()),
        }
    }

    /// Instantiates with `instantiate` (e.g. `bindgen!`'s `instantiate_async`), bounded by the
    /// time limit; the same as [`LibraryHost::call`].
    ///
    /// # Panics
    ///
    /// If instantiation fails or times out.
    pub fn instantiate<B>(
        &mut self,
        instantiate: impl AsyncFnOnce(&mut Store<LibraryState>) -> wasmtime::Result<B>,
    ) -> B {
        self.call("instantiating the library component", instantiate)
    }
}

/// Runs `future` on [`runtime`] with a time limit.
fn bounded<R>(
    limit: Duration,
    future: impl Future<Output = wasmtime::Result<R>>,
) -> Result<R, CallError> {
    runtime().block_on(async move {
        match tokio::time::timeout(limit, future).await {
            Err(_elapsed) => Err(CallError::TimedOut(limit)),
            Ok(Err(e)) => Err(CallError::Trapped(e)),
            Ok(Ok(r)) => Ok(r),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reentries_count_wasm_entries_inside_host_calls_only() {
        use CallHook::*;
        let t = [
            CallingWasm, // cabi_realloc for an argument: not inside a host call
            ReturningFromWasm,
            CallingWasm, // the export
            CallingHost,
            CallingWasm, // cabi_realloc for the result
            ReturningFromWasm,
            CallingWasm,
            ReturningFromWasm,
            ReturningFromHost,
            CallingHost,
            ReturningFromHost,
            ReturningFromWasm,
        ];
        assert_eq!(count_realloc_reentries(&t), 2);
        assert_eq!(count_host_calls(&t), 2);
    }
}
