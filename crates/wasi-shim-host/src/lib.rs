//! The embedded wasmtime 48 host that `tests/harness` and `crates/wasi-shim-bench` share, so
//! that the tests and the benchmark run guests under one configuration: one [`engine`] (epoch
//! interruption, ticked every [`EPOCH_TICK`] by a thread of its own), one WASI 0.2 and 0.3 [`linker`]
//! over the per-store [`State`], one multi-threaded tokio [`runtime`], and the loopback-only
//! socket policy ([`loopback_only`]). Each user builds its own `WasiCtx` (preopens, args, env,
//! output pipes) for its runs.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use wasmtime::component::{Linker, ResourceTable};
use wasmtime::{Config, Engine};
use wasmtime_wasi::sockets::SocketAddrUse;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// How often the engine's epoch advances: the unit of every time limit set as an epoch deadline.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Per-store host state: the WASI context and its resource table.
pub struct State {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl State {
    /// A store's state around `ctx`, with an empty resource table.
    #[must_use]
    pub fn new(ctx: WasiCtx) -> Self {
        Self {
            ctx,
            table: ResourceTable::new(),
        }
    }
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}

/// The process-wide multi-threaded tokio runtime WASI runs happen on: wasmtime-wasi spawns host
/// tasks (filesystem calls through `spawn_blocking`, sockets) that need one.
///
/// # Panics
/// If the runtime cannot be built.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("wasi-shim-host-rt")
            .build()
            .expect("cannot build the tokio runtime")
    })
}

/// The one engine (epoch interruption on), with its epoch ticker thread.
///
/// # Panics
/// If the engine or its ticker thread cannot be created.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut config = Config::new();
        // `Config::async_support` is deprecated and a no-op in wasmtime 48 (async support comes
        // with the `async` cargo feature), so it is not called here.
        config.epoch_interruption(true);
        // WASI 0.3 guests: async lifts and lowers, `stream<T>`, `future<T>`, waitable sets. A
        // WASI 0.2 component uses none of it.
        config.wasm_component_model_async(true);
        let engine = Engine::new(&config).expect("cannot create the wasmtime engine");
        let ticker = engine.weak();
        std::thread::Builder::new()
            .name("wasi-shim-host-epoch".into())
            .spawn(move || {
                while let Some(engine) = ticker.upgrade() {
                    engine.increment_epoch();
                    drop(engine);
                    std::thread::sleep(EPOCH_TICK);
                }
            })
            .expect("cannot spawn the epoch thread");
        engine
    })
}

/// The linker with all of WASI 0.2 (async) and WASI 0.3, over [`State`]: a component's imports
/// pick the version (the interfaces' names carry it).
///
/// # Panics
/// If WASI cannot be added to it.
pub fn linker() -> &'static Linker<State> {
    static LINKER: OnceLock<Linker<State>> = OnceLock::new();
    LINKER.get_or_init(|| {
        let mut linker = Linker::new(engine());
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).expect("cannot add WASI to the linker");
        wasmtime_wasi::p3::add_to_linker(&mut linker).expect("cannot add WASI 0.3 to the linker");
        linker
    })
}

/// Whether a guest may use `addr` for `usage` under the loopback-only policy: peers must be
/// loopback; local (bind/listen) addresses may also be the wildcard, which is what wasmtime-wasi
/// checks for implicit binds before connect, send and listen.
#[must_use]
pub fn loopback_only(addr: SocketAddr, usage: SocketAddrUse) -> bool {
    let ip = addr.ip().to_canonical();
    match usage {
        SocketAddrUse::TcpBind | SocketAddrUse::TcpListen | SocketAddrUse::UdpBind => {
            ip.is_loopback() || ip.is_unspecified()
        }
        SocketAddrUse::TcpAccept
        | SocketAddrUse::TcpConnect
        | SocketAddrUse::UdpSend
        | SocketAddrUse::UdpReceive => ip.is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_policy() {
        let lo: SocketAddr = "127.0.0.1:80".parse().unwrap();
        let lo6: SocketAddr = "[::1]:80".parse().unwrap();
        let mapped: SocketAddr = "[::ffff:127.0.0.1]:80".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:0".parse().unwrap();
        let ext: SocketAddr = "192.0.2.1:80".parse().unwrap();
        assert!(loopback_only(lo, SocketAddrUse::TcpConnect));
        assert!(loopback_only(lo6, SocketAddrUse::UdpSend));
        assert!(loopback_only(mapped, SocketAddrUse::TcpAccept));
        assert!(loopback_only(any, SocketAddrUse::TcpBind));
        assert!(!loopback_only(any, SocketAddrUse::TcpConnect));
        assert!(!loopback_only(ext, SocketAddrUse::TcpConnect));
        assert!(!loopback_only(ext, SocketAddrUse::UdpReceive));
        assert!(!loopback_only(ext, SocketAddrUse::UdpBind));
    }
}
