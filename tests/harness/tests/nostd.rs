//! `no_std` components over wasi-shim's safe API (`tests/nostd`): a hello, and a command that
//! copies a file and prints its digest, run as components in wasmtime.

use wasi_shim_harness::{RunConfig, Sandbox, Variant, build_nostd, run_wasm, runtime};

fn run_component(name: &str, cfg: &RunConfig) -> wasi_shim_harness::Outcome {
    let dir = build_nostd().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join(format!("{name}.wasm"));
    runtime().block_on(run_wasm(&path, name, cfg))
}

#[test]
fn nostd_hello_prints() {
    let out = run_component("nostd-hello", &RunConfig::new());
    out.assert_success();
    assert_eq!(out.stdout_str(), "hello from no_std\n");
}

/// Whether the component exports `cabi_realloc`, the allocator the host calls to return lists:
/// the component's export names are plain bytes in its core module, and these are stripped, so
/// the name appears only as an export.
fn exports_cabi_realloc(name: &str) -> bool {
    let dir = build_nostd().unwrap_or_else(|e| panic!("{e}"));
    let bytes = std::fs::read(dir.join(format!("{name}.wasm"))).unwrap();
    bytes.windows(12).any(|w| w == b"cabi_realloc")
}

/// A component that only prints allocates nothing, so it must link no heap: writing to stdout
/// and stderr before the descriptor table exists reaches neither the table nor dlmalloc, and a
/// component whose imports return no lists needs no `cabi_realloc` (the root that would keep
/// the heap alive). The file-copying component allocates and needs both: the check can see them.
#[test]
fn nostd_hello_links_no_heap() {
    assert!(!exports_cabi_realloc("nostd-hello"));
    assert!(exports_cabi_realloc("copy-digest"));
}

/// 64-bit FNV-1a, computed on the host to check the component's answer.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[test]
fn nostd_copy_digest_copies_and_digests() {
    let sandbox = Sandbox::new();
    let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(sandbox.path().join("in.bin"), &data).unwrap();
    let cfg = sandbox.apply(Variant::Shim, RunConfig::new().args(["in.bin", "out.bin"]));
    let out = run_component("copy-digest", &cfg);
    out.assert_success();
    assert_eq!(
        out.stdout_str(),
        format!(
            "copied {} bytes, fnv1a64 {:016x}\n",
            data.len(),
            fnv1a(&data)
        )
    );
    assert_eq!(std::fs::read(sandbox.path().join("out.bin")).unwrap(), data);
}

#[test]
fn nostd_copy_digest_reports_errors() {
    let sandbox = Sandbox::new();
    let cfg = sandbox.apply(
        Variant::Shim,
        RunConfig::new().args(["missing.bin", "out.bin"]),
    );
    let out = run_component("copy-digest", &cfg);
    out.assert_exit_code(1);
    assert_eq!(
        out.stderr_lossy(),
        "Error: ENOENT (No such file or directory)\n"
    );
}
