//! `cargo run -p wasi-shim-harness --bin run-component -- [--dir HOST::GUEST]... [--cwd GUEST]
//! [--env NAME=VALUE]... COMPONENT.wasm [ARGS...]`: runs any command component in the harness's
//! embedded wasmtime 48, with the given preopens, working directory and environment, stdin
//! passed through, and prints what it printed. Its exit status is the component's.
//!
//! It is how the tests (and a person) run programs built outside the guest workspaces, such as
//! crates installed from crates.io with `cargo wasi-shim install`.

use std::io::{Read, Write};
use std::process::ExitCode;
use wasi_shim_harness::{RunConfig, Status, run_wasm, runtime};

fn main() -> ExitCode {
    let mut cfg = RunConfig::new();
    let mut args = std::env::args().skip(1);
    let path = loop {
        let Some(arg) = args.next() else {
            eprintln!(
                "usage: run-component [--dir HOST::GUEST] [--cwd GUEST] [--env N=V] C.wasm [ARGS]"
            );
            return ExitCode::from(2);
        };
        match arg.as_str() {
            "--dir" => {
                let spec = args.next().unwrap_or_default();
                let (host, guest) = spec.split_once("::").unwrap_or((&spec, &spec));
                cfg = cfg.preopen(host, guest);
            }
            "--cwd" => cfg = cfg.cwd(args.next().unwrap_or_default()),
            "--env" => {
                let spec = args.next().unwrap_or_default();
                let (name, value) = spec.split_once('=').unwrap_or((&spec, ""));
                cfg = cfg.env(name, value);
            }
            _ => break std::path::PathBuf::from(arg),
        }
    };
    let argv0 = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    cfg = cfg.args(args);
    let mut stdin = Vec::new();
    if std::io::stdin().read_to_end(&mut stdin).is_ok() {
        cfg = cfg.stdin(stdin);
    }
    let out = runtime().block_on(run_wasm(&path, &argv0, &cfg));
    std::io::stdout().write_all(&out.stdout).expect("stdout");
    std::io::stderr().write_all(&out.stderr).expect("stderr");
    match out.status {
        Status::Exited(code) => ExitCode::from(code as u8),
        Status::TimedOut => {
            eprintln!("run-component: timed out");
            ExitCode::FAILURE
        }
        Status::Trapped(why) => {
            eprintln!("run-component: trapped: {why}");
            ExitCode::FAILURE
        }
    }
}
