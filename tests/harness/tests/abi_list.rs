//! The signature check of `wasi-shim-libc` (`src/abi.rs`) covers every export that the `libc`
//! crate declares for WASI: before this test, seven exports had drifted out of the list while
//! ARCHITECTURE.md said every one was checked. The `libc` crate's declarations are read from its
//! source, at the version `Cargo.lock` resolves.

use std::collections::BTreeSet;
use std::path::PathBuf;

use wasi_shim_harness::repo_root;

/// Variadic functions: a function item cannot be compared with a variadic declaration; their
/// wasm signature is checked by the link test instead (see `abi.rs`).
const VARIADIC: &[&str] = &["open", "openat", "fcntl", "ioctl"];

/// The names of the functions exported with `#[unsafe(no_mangle)]` in `wasi-shim-libc`.
fn exports() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let dir = repo_root().join("crates/wasi-shim-libc/src");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim() != "#[unsafe(no_mangle)]" {
                continue;
            }
            // The item follows, possibly after other attributes.
            let item = lines[i + 1..]
                .iter()
                .find(|l| !l.trim_start().starts_with("#["))
                .unwrap();
            if let Some(rest) = item.split("fn ").nth(1) {
                out.insert(rest.split('(').next().unwrap().trim().to_owned());
            }
        }
    }
    out
}

/// The names listed in `abi.rs`'s `same_signature!` (items `module::name`).
fn checked() -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(repo_root().join("crates/wasi-shim-libc/src/abi.rs")).unwrap();
    let invocation = "same_signature!(";
    let list = text
        .rsplit(invocation)
        .next()
        .filter(|_| text.contains(invocation))
        .unwrap_or_else(|| panic!("no {invocation} in abi.rs"))
        .split(");")
        .next()
        .unwrap();
    list.split(',')
        .filter_map(|item| item.trim().rsplit("::").next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The source directory of the `libc` crate version that `Cargo.lock` resolves.
fn libc_source() -> PathBuf {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock")).unwrap();
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"libc\"\n"))
        .and_then(|p| p.split("version = \"").nth(1))
        .and_then(|v| v.split('"').next())
        .expect("libc in Cargo.lock")
        .to_owned();
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    let registry = home.join("registry/src");
    for index in std::fs::read_dir(&registry).unwrap() {
        let dir = index.unwrap().path().join(format!("libc-{version}"));
        if dir.is_dir() {
            return dir;
        }
    }
    panic!("libc {version} is not in {}", registry.display());
}

/// The functions the `libc` crate declares for WASI.
fn libc_functions() -> BTreeSet<String> {
    let dir = libc_source().join("src/wasi");
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in text.split("pub fn ").skip(1) {
            out.insert(part.split('(').next().unwrap().trim().to_owned());
        }
    }
    assert!(out.contains("read") && out.contains("malloc"), "{out:?}");
    out
}

#[test]
fn every_export_the_libc_crate_declares_is_signature_checked() {
    let (exports, checked, declared) = (exports(), checked(), libc_functions());
    assert!(exports.len() > 150, "found only {} exports", exports.len());
    let unchecked: Vec<&String> = exports
        .iter()
        .filter(|n| declared.contains(*n) && !checked.contains(*n))
        .filter(|n| !VARIADIC.contains(&n.as_str()))
        .collect();
    assert!(
        unchecked.is_empty(),
        "exports declared by the libc crate but missing from abi.rs: {unchecked:?}"
    );
    let stale: Vec<&String> = checked.iter().filter(|n| !exports.contains(*n)).collect();
    assert!(
        stale.is_empty(),
        "abi.rs lists names that are not exported: {stale:?}"
    );
}
