//! An example library component over wasi-shim: it exports `wasi-shim:example/files` and
//! `wasi-shim:example/runtime` (see `wit/world.wit`) and keeps state between calls: open files
//! (and so the descriptors in the libc's table), the heap, the first instant of a clock.
//!
//! The operations are plain std code in [`ops`]; this file only adapts them to the generated
//! WIT traits. On other targets than wasm32 only [`ops`] is built.

pub mod ops;

// The dependency route (`--features dependency-route`): the shim is linked because this crate
// depends on it, not because of `-C link-arg` flags.
#[cfg(all(target_arch = "wasm32", feature = "dependency-route"))]
use wasi_shim_libc as _;

#[cfg(target_arch = "wasm32")]
mod component {
    use crate::ops::{self, Clock, Files};
    use std::sync::Mutex;

    wit_bindgen::generate!({
        path: "wit",
        world: "library",
    });

    use exports::wasi_shim::example::{files, runtime};

    /// The open files, kept across export calls (the component has one thread; the mutex is
    /// only what makes the `static` safe to write).
    static FILES: Mutex<Files> = Mutex::new(Files::new());
    static CLOCK: Mutex<Clock> = Mutex::new(Clock::new());

    fn files() -> std::sync::MutexGuard<'static, Files> {
        FILES.lock().unwrap_or_else(|e| e.into_inner())
    }

    struct Library;

    impl files::Guest for Library {
        fn open(path: String) -> Result<u32, String> {
            files().open(&path)
        }

        fn append(handle: u32, data: Vec<u8>) -> Result<(), String> {
            files().append(handle, &data)
        }

        fn read_all(handle: u32) -> Result<Vec<u8>, String> {
            files().read_all(handle)
        }

        fn close(handle: u32) -> Result<(), String> {
            files().close(handle)
        }
    }

    impl runtime::Guest for Library {
        fn env(name: String) -> Option<String> {
            ops::env(&name)
        }

        fn elapsed_nanos_since_first_call() -> u64 {
            CLOCK
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .elapsed_nanos_since_first_call()
        }

        fn unix_seconds() -> u64 {
            ops::unix_seconds()
        }

        fn current_dir() -> Result<String, String> {
            ops::current_dir()
        }
    }

    export!(Library);
}
