//! The smallest useful `no_std` command over wasi-shim: prints a greeting. Its size is reported
//! by `cargo xtask bench` against the same hello with std and stock wasi-libc.
#![no_std]
#![no_main]

use wasi_shim::io::Write;

#[global_allocator]
static HEAP: wasi_shim::heap::Heap = wasi_shim::heap::Heap::new();

fn main() -> Result<(), wasi_shim::Errno> {
    wasi_shim::stdio::stdout().write_all(b"hello from no_std\n")
}

wasi_shim_start::command!(main);
