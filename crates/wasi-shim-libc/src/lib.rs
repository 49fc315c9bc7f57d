//! wasi-shim's C ABI: the libc that Rust's std calls on `wasm32-wasip2`, in place of wasi-libc.
//!
//! Every `#[no_mangle]` symbol of the project is defined in this crate (architecture invariant),
//! each a thin conversion between C's types and the safe platform layer `wasi-shim`: C strings
//! become `&str` (`EILSEQ` when not UTF-8), flags become option structs, `Errno` becomes the
//! `errno` variable and a `-1`/`NULL` return through [`errno::fail`], the one place that sets it.
//!
//! Types, constants and layouts are the `libc` crate's for `target_env = "p2"` (std's view of
//! the ABI); `abi.rs` checks each exported signature against that crate at compile time.
//!
//! The crate is built for `wasm32-wasip2` only; on other targets it is empty, so that
//! `cargo clippy --workspace` and host tests do not define a second `malloc` in host programs.
#![no_std]
// WASI 0.3 is nightly-only for now; its std keeps `errno` in a `#[thread_local]` (errno.rs).
#![cfg_attr(target_env = "p3", feature(thread_local))]

#[cfg(target_arch = "wasm32")]
extern crate alloc;

#[cfg(target_arch = "wasm32")]
mod abi;
#[cfg(target_arch = "wasm32")]
mod args;
#[cfg(target_arch = "wasm32")]
mod cstr;
#[cfg(target_arch = "wasm32")]
mod dirent;
#[cfg(target_arch = "wasm32")]
mod env;
#[cfg(target_arch = "wasm32")]
pub mod errno;
#[cfg(target_arch = "wasm32")]
mod fcntl;
#[cfg(target_arch = "wasm32")]
mod gai;
#[cfg(target_arch = "wasm32")]
pub mod malloc;
#[cfg(target_arch = "wasm32")]
mod math;
#[cfg(target_arch = "wasm32")]
mod netdb;
#[cfg(target_arch = "wasm32")]
mod poll;
#[cfg(all(target_arch = "wasm32", not(target_env = "p3")))]
mod preview1;
#[cfg(target_arch = "wasm32")]
pub mod process;
#[cfg(target_arch = "wasm32")]
mod single;
#[cfg(target_arch = "wasm32")]
mod socket;
#[cfg(target_arch = "wasm32")]
mod stat;
#[cfg(target_arch = "wasm32")]
mod string;
#[cfg(target_arch = "wasm32")]
pub(crate) mod thread;
#[cfg(target_arch = "wasm32")]
mod time;
#[cfg(target_arch = "wasm32")]
mod unistd;
#[cfg(target_arch = "wasm32")]
pub use malloc::Malloc;
