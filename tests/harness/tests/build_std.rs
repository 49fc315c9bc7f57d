//! Guests built with `cargo xtask build-std` (nightly `-Zbuild-std` over a std that depends on
//! wasi-shim, no wasi-libc): a representative subset of the differential guests, compared with
//! native, and the two std patches, which only this route can give.
//!
//! The subset (building std and every guest with nightly takes a few minutes on two cores, so
//! not every differential test runs twice): `hello`, `echo_args_env` (args, env, stdin, exit
//! code), `fs_basic` (files, relative paths under the initial cwd), `env_cwd` (the current
//! directory, through symlinks too), `net_loopback` (std::net), and `std_patches`.

use wasi_shim_harness::{
    RunConfig, Sandbox, Variant, assert_same_lines, build_std_hello, run, run_both, run_wasm,
    runtime,
};

fn same_as_native(guest: &str, cfg: &RunConfig) {
    let (wasi, native) = run_both(Variant::BuildStd, guest, cfg);
    wasi.assert_success();
    native.assert_success();
    assert_same_lines(wasi.stdout_str(), native.stdout_str());
}

#[test]
fn hello() {
    let out = run(Variant::BuildStd, "hello", &RunConfig::new());
    out.assert_success();
    assert_eq!(out.stdout_str(), "hello from guest\n");
}

#[test]
fn echo_args_env_and_exit_code() {
    let cfg = RunConfig::new()
        .args(["first", "second arg", ""])
        .env("T_A", "1 one")
        .env("T_EXIT", "7")
        .stdin("line one\n");
    let wasi = run(Variant::BuildStd, "echo_args_env", &cfg);
    let native = run(Variant::Native, "echo_args_env", &cfg);
    assert_eq!(wasi.exit_code(), Some(7), "{wasi}");
    assert_eq!(native.exit_code(), Some(7), "{native}");
    assert_same_lines(wasi.stdout_str(), native.stdout_str());
}

#[test]
fn fs_basic() {
    same_as_native("fs_basic", &RunConfig::new());
}

#[test]
fn env_cwd() {
    same_as_native("env_cwd", &RunConfig::new());
}

#[test]
fn net_loopback() {
    same_as_native("net_loopback", &RunConfig::new());
}

#[test]
fn std_patches_give_try_clone_and_directory_not_empty() {
    let (wasi, native) = run_both(Variant::BuildStd, "std_patches", &RunConfig::new());
    wasi.assert_success();
    native.assert_success();
    assert_same_lines(wasi.stdout_str(), native.stdout_str());
    assert!(
        wasi.stdout_str()
            .contains("try_clone: Ok, shared offset 4\n"),
        "{wasi}"
    );
    assert!(
        wasi.stdout_str()
            .ends_with("remove_dir of a non-empty directory: DirectoryNotEmpty\n"),
        "{wasi}"
    );
    // The same program over prebuilt std, with the shim underneath: both are out of a libc's
    // reach (std itself returns Unsupported, and its errno table has no ENOTEMPTY arm).
    let (prebuilt, _) = run_both(Variant::Shim, "std_patches", &RunConfig::new());
    prebuilt.assert_success();
    assert!(
        prebuilt
            .stdout_str()
            .starts_with("try_clone: Err(Unsupported)\n"),
        "{prebuilt}"
    );
    assert!(
        !prebuilt.stdout_str().contains("DirectoryNotEmpty"),
        "{prebuilt}"
    );
}

/// std and wasi-shim are compiled in one graph with the crate's own profile, so any profile
/// works: dev (debug assertions, no optimization) and fat LTO at `opt-level = "z"`.
fn profile_runs(profile: &str) {
    let path = build_std_hello(profile).unwrap_or_else(|e| panic!("{e}"));
    let sandbox = Sandbox::new();
    let cfg = sandbox.apply(Variant::Shim, RunConfig::new().arg("x"));
    let out = runtime().block_on(run_wasm(&path, "build-std-hello", &cfg));
    out.assert_exit_code(3);
    assert_eq!(out.stdout_str(), "args [\"x\"]\nread back \"written\"\n");
}

#[test]
fn dev_profile() {
    profile_runs("dev");
}

#[test]
fn fat_lto_opt_z_profile() {
    profile_runs("release-lto");
}

/// The kitchen-sink guest uses every std facility of the libc layer but sockets: under nightly's
/// std it links (so every libc symbol that std needs is defined by the shim: a missing function
/// would fail componentization) and runs.
#[test]
fn kitchen_sink_links_and_runs() {
    let sandbox = Sandbox::new();
    let cfg = sandbox.apply(Variant::BuildStd, RunConfig::new().stdin("four"));
    let out = run(Variant::BuildStd, "kitchen_sink", &cfg);
    out.assert_exit_code(3);
    let stdout = out.stdout_str();
    assert!(
        stdout.starts_with("hello kitchen\nab\nlen 4 readonly false\n"),
        "{out}"
    );
    assert!(stdout.contains("cwd ends with kitchen: true\n"), "{out}");
    assert_eq!(out.stderr_lossy(), "stdin 4 bytes\n");
}

/// The newest nightly here: the same route, its patches checked against that std (the
/// `ENOTEMPTY` one is skipped there: std already decodes it), and `temp_dir()` fixed.
#[test]
fn newest_nightly_builds_and_runs() {
    let toolchain = "nightly-2026-10-18";
    let root = wasi_shim_harness::repo_root();
    let target_dir = root.join("target/guests/build-std-newest");
    let status =
        std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .current_dir(root)
            .args([
                "xtask",
                "build-std",
                "--toolchain",
                toolchain,
                "--manifest-path",
            ])
            .arg(root.join("tests/guests/Cargo.toml"))
            .args(["--", "--release", "--target-dir"])
            .arg(&target_dir)
            .args([
                "--bin",
                "hello",
                "--bin",
                "std_patches",
                "--bin",
                "temp_dir",
                "--bin",
                "tls_dtors",
                "--bin",
                "fs_basic",
            ])
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_TARGET_DIR")
            .status()
            .expect("cargo xtask build-std");
    assert!(
        status.success(),
        "cargo xtask build-std --toolchain {toolchain}"
    );
    let dir = target_dir.join("wasm32-wasip2/release");
    let wasm = |guest: &str, cfg: &RunConfig| {
        let sandbox = Sandbox::new();
        let cfg = sandbox.apply(Variant::BuildStd, cfg.clone());
        let cfg = cfg.env("TMPDIR", Sandbox::GUEST_PATH);
        runtime().block_on(run_wasm(&dir.join(format!("{guest}.wasm")), guest, &cfg))
    };
    let native = |guest: &str, cfg: &RunConfig| {
        let sandbox = Sandbox::new();
        let cfg = sandbox.apply(Variant::Native, cfg.clone());
        let cfg = cfg.env("TMPDIR", sandbox.path().to_string_lossy());
        run(Variant::Native, guest, &cfg)
    };
    for guest in ["hello", "std_patches", "temp_dir", "fs_basic"] {
        let (w, n) = (
            wasm(guest, &RunConfig::new()),
            native(guest, &RunConfig::new()),
        );
        w.assert_success();
        n.assert_success();
        assert_same_lines(w.stdout_str(), n.stdout_str());
    }
    let tls = wasm("tls_dtors", &RunConfig::new());
    tls.assert_success();
    assert_eq!(tls.stderr_lossy(), "dropped first\n", "{tls}");
}
