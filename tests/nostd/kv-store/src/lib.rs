//! A `no_std` reactor component: a key-value store that exports `wasi-shim:kv/store` and keeps
//! each value in a file of its current directory (a preopened directory), named by the key in
//! hexadecimal. No std, no wasi-libc, no `run` export: wasi-shim's safe API, its dlmalloc heap
//! and its panic handler.
#![no_std]

extern crate alloc;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use wasi_shim::Errno;
use wasi_shim::io::{Read, Write};

// `cabi_realloc` and `memcmp`.
use wasi_shim_rt as _;

#[global_allocator]
static HEAP: wasi_shim::heap::Heap = wasi_shim::heap::Heap::new();

wit_bindgen::generate!({ path: "wit", world: "kv" });

struct Store;

/// The file name of `key`: its bytes in hexadecimal, prefixed so that other files are ignored.
fn file_of(key: &str) -> String {
    let mut name = String::from("kv-");
    for b in key.bytes() {
        name.push_str(&format!("{b:02x}"));
    }
    name
}

/// The key a file name stands for, if it is one of the store's files.
fn key_of(name: &str) -> Option<String> {
    let hex = name.strip_prefix("kv-")?;
    if hex.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

fn error(e: Errno) -> String {
    format!("{} ({})", e.name(), e.message())
}

impl exports::wasi_shim::kv::store::Guest for Store {
    fn set(key: String, value: Vec<u8>) -> Result<(), String> {
        let mut file = wasi_shim::fs::File::create(&file_of(&key)).map_err(error)?;
        file.write_all(&value).map_err(error)
    }

    fn get(key: String) -> Result<Option<Vec<u8>>, String> {
        match wasi_shim::fs::File::open(&file_of(&key)) {
            Ok(mut file) => {
                let mut value = Vec::new();
                file.read_to_end(&mut value).map_err(error)?;
                Ok(Some(value))
            }
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(error(e)),
        }
    }

    fn delete(key: String) -> Result<bool, String> {
        match wasi_shim::fs::remove_file(&file_of(&key)) {
            Ok(()) => Ok(true),
            Err(Errno::NOENT) => Ok(false),
            Err(e) => Err(error(e)),
        }
    }

    fn keys() -> Result<Vec<String>, String> {
        let mut keys = Vec::new();
        for entry in wasi_shim::fs::read_dir(".").map_err(error)? {
            let entry = entry.map_err(error)?;
            if let Some(key) = key_of(&entry.name) {
                keys.push(key);
            }
        }
        keys.sort();
        Ok(keys)
    }
}

export!(Store);
