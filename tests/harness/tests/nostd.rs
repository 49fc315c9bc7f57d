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
