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

// WASI 0.2 (`wasm32-wasip2`, and the host): the whole platform layer.
#[cfg(not(target_env = "p3"))]
pub mod dir;
pub mod env;
#[cfg(not(target_env = "p3"))]
mod erased;
pub mod errno;
#[cfg(not(target_env = "p3"))]
pub mod fd;
#[cfg(not(target_env = "p3"))]
pub mod fs;
mod global;
#[cfg(feature = "global-allocator")]
pub mod heap;
pub mod import_alloc;
pub mod io;
#[cfg(not(target_env = "p3"))]
pub mod net;
#[cfg(all(feature = "panic-handler", target_arch = "wasm32", not(test)))]
mod panic;
pub mod path;
#[cfg(not(target_env = "p3"))]
pub mod poll;
pub mod process;
pub mod random;
#[cfg(not(target_env = "p3"))]
mod state;
pub mod stdio;
pub mod table;
pub mod time;

// WASI 0.3 (`wasm32-wasip3`): the backend so far (docs/WASIP3.md). The modules above without a
// p3 counterpart are not compiled there.
#[cfg(target_env = "p3")]
#[path = "p3/fd.rs"]
pub mod fd;
#[cfg(target_env = "p3")]
#[path = "p3/fs.rs"]
pub mod fs;

pub use errno::{Errno, Result};
