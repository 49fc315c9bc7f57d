//! `cargo wasi-shim`: builds any crate for `wasm32-wasip2` with wasi-shim as its libc.
//!
//! ```text
//! cargo wasi-shim [--toolchain NAME] [--legacy-exit] build [CARGO ARGS...]
//! cargo wasi-shim [--toolchain NAME] [--legacy-exit] install CRATE [CARGO ARGS...]
//! cargo wasi-shim [--toolchain NAME] [--legacy-exit] rustflags
//! ```
//!
//! Any cargo subcommand may stand for `build` (`check`, `install`, `rustc`, `test`, `run`, ...):
//! it runs as `cargo <subcommand> --target wasm32-wasip2 ...` (unless a `--target` is given) with
//! the flags of `rustflags` added to the crate's own, under the toolchain the crate's directory
//! selects (or `--toolchain`), in the crate's own profile.
//!
//! The same program is the linker those flags name: run by rustc, it links through the
//! toolchain's `wasm-component-ld` (see `link`).

use cargo_wasi_shim::{Options, Toolchain, c_library, link, rustflags};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo wasi-shim [--toolchain NAME] [--legacy-exit] <rustflags | CARGO-SUBCOMMAND [ARGS...]>";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if link::is_link_invocation(&args) {
        return ExitCode::from(u8::try_from(link::run(args)).unwrap_or(1));
    }
    match command(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cargo-wasi-shim: {e}");
            ExitCode::FAILURE
        }
    }
}

fn command(args: Vec<OsString>) -> Result<ExitCode, String> {
    let mut args = args.into_iter().peekable();
    // As a cargo subcommand, the first argument is the subcommand's own name.
    if args.peek().is_some_and(|a| a == "wasi-shim") {
        args.next();
    }
    let mut toolchain_name: Option<String> = None;
    let mut options = Options::default();
    let sub = loop {
        let Some(arg) = args.next() else {
            return Err(USAGE.to_string());
        };
        match arg.to_str() {
            Some("--toolchain") => {
                toolchain_name = Some(
                    args.next()
                        .and_then(|a| a.into_string().ok())
                        .ok_or(USAGE)?,
                );
            }
            Some(t) if t.starts_with('+') => toolchain_name = Some(t[1..].to_string()),
            Some("--legacy-exit") => options.legacy_exit = true,
            Some("-h" | "--help" | "help") => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Some("-V" | "--version") => {
                println!("cargo-wasi-shim {}", env!("CARGO_PKG_VERSION"));
                return Ok(ExitCode::SUCCESS);
            }
            _ => break arg,
        }
    };
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let toolchain = Toolchain::find(toolchain_name.as_deref(), &cwd)?;
    let lib = c_library(&toolchain, options, &cache_root())?;
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let flags = rustflags(&lib, &me);
    if sub == "rustflags" {
        println!("{}", flags.join(" "));
        return Ok(ExitCode::SUCCESS);
    }
    let rest: Vec<OsString> = args.collect();
    Ok(run_cargo(&sub, rest, &flags, toolchain_name.as_deref()))
}

/// Where built C libraries are kept: `WASI_SHIM_CACHE`, else `$XDG_CACHE_HOME/wasi-shim`, else
/// `~/.cache/wasi-shim`.
fn cache_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("WASI_SHIM_CACHE") {
        return dir.into();
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_else(|| ".".into())).join(".cache")
        });
    base.join("wasi-shim")
}

/// `cargo <sub> --target wasm32-wasip2 <rest>` with the flags added to the crate's own: through
/// `--config` (which cargo merges with the crate's `target.wasm32-wasip2.rustflags`), or appended
/// to `RUSTFLAGS` when that is set (it replaces configured flags).
fn run_cargo(
    sub: &OsString,
    rest: Vec<OsString>,
    flags: &[String],
    toolchain: Option<&str>,
) -> ExitCode {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    if let Some(name) = toolchain {
        cmd = Command::new("cargo");
        cmd.env("RUSTUP_TOOLCHAIN", name);
    }
    let separator = rest.iter().position(|a| a == "--").unwrap_or(rest.len());
    let has_target = rest[..separator]
        .iter()
        .any(|a| a == "--target" || a.to_str().is_some_and(|a| a.starts_with("--target=")));
    cmd.arg(sub);
    if !has_target {
        cmd.args(["--target", "wasm32-wasip2"]);
    }
    if let Some(encoded) = std::env::var_os("CARGO_ENCODED_RUSTFLAGS") {
        let mut all = encoded.into_string().unwrap_or_default();
        for f in flags {
            if !all.is_empty() {
                all.push('\x1f');
            }
            all.push_str(f);
        }
        cmd.env("CARGO_ENCODED_RUSTFLAGS", all);
    } else if let Some(user) = std::env::var_os("RUSTFLAGS") {
        let mut all = user.into_string().unwrap_or_default();
        for f in flags {
            all.push(' ');
            all.push_str(f);
        }
        cmd.env("RUSTFLAGS", all);
    } else {
        let quoted: Vec<String> = flags.iter().map(|f| format!("{f:?}")).collect();
        cmd.arg("--config").arg(format!(
            "target.wasm32-wasip2.rustflags=[{}]",
            quoted.join(",")
        ));
    }
    cmd.args(rest);
    match cmd.status() {
        Ok(s) => ExitCode::from(u8::try_from(s.code().unwrap_or(1)).unwrap_or(1)),
        Err(e) => {
            eprintln!("cargo-wasi-shim: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
