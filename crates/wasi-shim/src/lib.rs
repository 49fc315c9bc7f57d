//! wasi-shim's platform layer: POSIX-shaped services over WASI 0.2, in safe `no_std` Rust.
//!
//! This crate holds the one descriptor table of a component, resolves paths against the
//! preopens and the current directory, and implements files, directories, stdio, environment,
//! clocks and exit over the generated bindings of `wasi-shim-sys`. It knows nothing of C: the
//! `wasi-shim-libc` crate turns C calls into calls here, and `no_std` components can call it
//! directly. Errors are [`Errno`] values, numbered as WASI numbers them.
//!
//! The pure parts ([`table`], [`path`], [`errno`]) compile and are unit-tested on the host; the
//! rest runs in components under the test harness.
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;

// One platform layer for WASI 0.2 (`wasm32-wasip2`, and the host) and WASI 0.3
// (`wasm32-wasip3`): where the host calls differ, a module has a private `host` part per
// version (`net` has a submodule per version).
pub mod dir;
pub mod env;
mod erased;
pub mod errno;
pub mod fd;
pub mod fs;
mod global;
#[cfg(feature = "global-allocator")]
pub mod heap;
pub mod import_alloc;
pub mod io;
pub mod net;
#[cfg(all(feature = "panic-handler", target_arch = "wasm32", not(test)))]
mod panic;
pub mod path;
pub mod poll;
pub mod process;
pub mod random;
mod state;
pub mod stdio;
pub mod table;
pub mod time;

pub use errno::{Errno, Result};
