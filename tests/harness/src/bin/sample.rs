//! `cargo run -p wasi-shim-harness --bin sample [-- args...]`: builds the sample guest
//! (`tests/guests/src/bin/sample.rs`) for `wasm32-wasip2` linked against wasi-shim (with the
//! flags of `cargo xtask rustflags`), runs it in the embedded wasmtime with a temporary
//! directory preopened at `/sandbox` as its working directory, and prints what it printed.

use std::io::Write;
use std::process::ExitCode;
use wasi_shim_harness::{RunConfig, Sandbox, Status, Variant, run};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sandbox = Sandbox::new();
    let mut cfg = RunConfig::new().args(args);
    if let Ok(user) = std::env::var("USER") {
        cfg = cfg.env("USER", user);
    }
    let cfg = sandbox.apply(Variant::Shim, cfg);
    eprintln!("running the sample guest, linked against wasi-shim, in wasmtime...");
    let out = run(Variant::Shim, "sample", &cfg);
    std::io::stdout().write_all(&out.stdout).expect("stdout");
    std::io::stderr().write_all(&out.stderr).expect("stderr");
    match out.status {
        Status::Exited(code) => {
            eprintln!("exit status: {code}");
            ExitCode::from(code as u8)
        }
        Status::TimedOut => {
            eprintln!("timed out");
            ExitCode::FAILURE
        }
        Status::Trapped(why) => {
            eprintln!("trapped: {why}");
            ExitCode::FAILURE
        }
    }
}
