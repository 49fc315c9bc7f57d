//! tokio over the shim (`tests/tokio`: TCP echo, UDP, timers, `tokio::time::timeout`), on a
//! current-thread tokio runtime inside the guest, in both host flavours, compared with native.
//! The guest waits only on the readiness tokio's reactor (mio over `poll`) reports, so a
//! readiness bug is a hang, which the time limit turns into a failure. Stock wasi-libc does not
//! get through: mio's `accept` fails there (`EINVAL`).

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use wasi_shim_harness::{
    HostFlavour, RunConfig, Status, repo_root, run_native, run_wasm, shim_rustflags,
};

/// Builds `tests/tokio` for `wasm32-wasip2` with `flags` (or natively) into
/// `<repo>/target/tokio/<label>` and returns the program.
fn build(label: &str, flags: Option<&str>) -> PathBuf {
    let root = repo_root();
    let target_dir = root.join("target/tokio").join(label);
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root)
        .args(["build", "--quiet", "--release", "--manifest-path"])
        .arg(root.join("tests/tokio/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    // tokio's `net` on wasm is behind `tokio_unstable`; natively the same cfg keeps one source.
    match flags {
        Some(flags) => {
            cmd.args(["--target", "wasm32-wasip2"])
                .env("RUSTFLAGS", format!("{flags} --cfg tokio_unstable"));
        }
        None => {
            cmd.env("RUSTFLAGS", "--cfg tokio_unstable");
        }
    }
    let out = cmd.output().expect("cargo");
    assert!(
        out.status.success(),
        "building tests/tokio ({label}):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    match flags {
        Some(_) => target_dir.join("wasm32-wasip2/release/tokio-guest.wasm"),
        None => target_dir.join("release/tokio-guest"),
    }
}

#[test]
fn tokio_runs_over_the_shim_as_natively() {
    let flags = shim_rustflags().expect("cargo xtask rustflags");
    let wasm = build("shim", Some(&flags));
    let native = run_native(&build("native", None), "tokio-guest", &RunConfig::new());
    native.assert_success();
    for host in [HostFlavour::CurrentThread, HostFlavour::MultiThread] {
        let cfg = RunConfig::new().host(host).timeout(Duration::from_secs(60));
        let out = match host {
            HostFlavour::CurrentThread => {
                tokio_current_thread().block_on(run_wasm(&wasm, "tokio-guest", &cfg))
            }
            _ => wasi_shim_harness::runtime().block_on(run_wasm(&wasm, "tokio-guest", &cfg)),
        };
        out.assert_success();
        wasi_shim_harness::assert_same_lines(out.stdout_str(), native.stdout_str());
    }
}

fn tokio_current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime")
}

#[test]
fn stock_does_not_get_through() {
    let wasm = build("stock", Some(""));
    let cfg = RunConfig::new().timeout(Duration::from_secs(20));
    let out = wasi_shim_harness::runtime().block_on(run_wasm(&wasm, "tokio-guest", &cfg));
    assert_ne!(
        out.status,
        Status::Exited(0),
        "stock ran the tokio guest to the end:\n{out}"
    );
}
