//! The shim variant on the harness's basic guests: stdout, args, env, stdin, exit codes, the
//! initial working directory.

use wasi_shim_harness::{RunConfig, Variant, assert_same_lines, run, run_both};

#[test]
fn hello_shim() {
    let out = run(Variant::Shim, "hello", &RunConfig::new());
    out.assert_success();
    assert_eq!(out.stdout_str(), "hello from guest\n");
}

fn echo_config() -> RunConfig {
    RunConfig::new()
        .args(["first", "second arg", ""])
        .env("T_B", "2")
        .env("OTHER", "ignored")
        .env("T_A", "1 one")
        .stdin("line one\nline two\n")
}

#[test]
fn echo_args_env_shim_matches_native() {
    let wasi = run(Variant::Shim, "echo_args_env", &echo_config());
    let native = run(Variant::Native, "echo_args_env", &echo_config());
    wasi.assert_success();
    native.assert_success();
    assert_same_lines(wasi.stdout_str(), native.stdout_str());
}

#[test]
fn exit_code_is_kept() {
    // Stock wasi-libc reports 1 here (see harness.rs); the shim keeps the status, as natively.
    for code in ["7", "255", "256", "1"] {
        let cfg = echo_config().env("T_EXIT", code);
        let wasi = run(Variant::Shim, "echo_args_env", &cfg);
        let native = run(Variant::Native, "echo_args_env", &cfg);
        assert_eq!(
            wasi.exit_code(),
            native.exit_code(),
            "T_EXIT={code}: {wasi}"
        );
        assert_same_lines(wasi.stdout_str(), native.stdout_str());
    }
}

#[test]
fn fs_basic_matches_native_including_relative_paths() {
    // Stock fails the relative open (it ignores initial-cwd); the shim matches native exactly.
    let (wasi, native) = run_both(Variant::Shim, "fs_basic", &RunConfig::new());
    wasi.assert_success();
    native.assert_success();
    assert_same_lines(wasi.stdout_str(), native.stdout_str());
}
