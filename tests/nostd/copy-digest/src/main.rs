//! A `no_std` command component: `copy-digest SRC DST` copies a file and prints its size and its
//! 64-bit FNV-1a digest. No std, no wasi-libc: wasi-shim's safe API, its dlmalloc heap and its
//! panic handler.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::format;
use wasi_shim::Errno;
use wasi_shim::fs::File;
use wasi_shim::io::{Read, Write};

// `cabi_realloc` and `memcmp`.
use wasi_shim_rt as _;

#[global_allocator]
static HEAP: wasi_shim::heap::Heap = wasi_shim::heap::Heap::new();

/// 64-bit FNV-1a over `bytes`, continuing from `hash`.
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn main() -> Result<(), Errno> {
    let args = wasi_shim::env::args();
    let (Some(src), Some(dst)) = (args.get(1), args.get(2)) else {
        wasi_shim::stdio::stderr().write_all(b"usage: copy-digest SRC DST\n")?;
        return Err(Errno::INVAL);
    };
    let mut input = File::open(src)?;
    let mut output = File::create(dst)?;
    let mut buf = [0u8; 16384];
    let (mut total, mut hash) = (0u64, 0xcbf2_9ce4_8422_2325u64);
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        output.write_all(&buf[..n])?;
        hash = fnv1a(hash, &buf[..n]);
        total += n as u64;
    }
    output.sync_all()?;
    let line = format!("copied {total} bytes, fnv1a64 {hash:016x}\n");
    wasi_shim::stdio::stdout().write_all(line.as_bytes())
}

wasi_shim_start::command!(main);
