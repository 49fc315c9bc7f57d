//! The linker half of `cargo wasi-shim`, and the archive handling it needs.
//!
//! As the linker (`-C linker=`), it runs the `wasm-component-ld` of the toolchain that invoked
//! it with rustc's arguments and:
//! - `--wasi-adapter=none`: the preview1 adapter is never embedded (the few preview 1 functions
//!   crates import directly are in `libc.a`);
//! - for a binary only (rustc passes `--no-entry` for a `cdylib`, never for a binary): the entry
//!   object named by `--wasi-shim-crt=<path>` (none when the path is empty, as for std built from
//!   source, which links the entry point itself) and `--export=wasi:cli/run@0.2.12#run`. For a
//!   library the argument is dropped, so one set of flags builds both, and only binaries get the
//!   `run` export.
//! - with `--wasi-shim-p3` (WASI 0.3, `wasm32-wasip3`): the `run` export is
//!   `wasi:cli/run@0.3.0#run`, and `__wasm_task_hook` is exported by force (`--export=`, which
//!   takes the archive member that defines it: the target's own `--export-if-defined` does not,
//!   and without the hook the stack pointer would start at 0).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The link argument that names the entry object (taken out before the real linker runs).
pub const CRT_ARG: &str = "--wasi-shim-crt=";

/// The link argument that says the target is WASI 0.3 (taken out before the real linker runs).
pub const P3_ARG: &str = "--wasi-shim-p3";

/// The export that makes a component a command.
const RUN_EXPORT: &str = "wasi:cli/run@0.2.12#run";

/// WASI 0.3's.
const RUN_EXPORT_P3: &str = "wasi:cli/run@0.3.0#run";

/// Whether these are a linker's arguments rather than a subcommand's: rustc never starts a link
/// line with a word that is not a flag or a path.
#[must_use]
pub fn is_link_invocation(args: &[OsString]) -> bool {
    args.iter()
        .any(|a| a.to_str().is_some_and(|a| a.starts_with(CRT_ARG)))
}

/// Runs the real linker; returns its exit code.
#[must_use]
pub fn run(args: Vec<OsString>) -> i32 {
    let mut crt = None;
    let mut rest = Vec::with_capacity(args.len() + 3);
    let mut library = false;
    let mut p3 = false;
    let output = args
        .iter()
        .position(|a| a == "-o")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let scratch = output.map(|o| {
        let mut dir = o.into_os_string();
        dir.push(".wasi-shim-p1");
        PathBuf::from(dir)
    });
    for (n, arg) in args.into_iter().enumerate() {
        let arg = match &scratch {
            Some(dir) => rebind_input(arg, dir, n),
            None => arg,
        };
        match arg.to_str() {
            // An empty path: the entry point is linked otherwise (std built from source
            // depends on `wasi-shim-start`); only the `run` export is asked for.
            Some(a) if a.starts_with(CRT_ARG) => {
                let path = &a[CRT_ARG.len()..];
                crt = (!path.is_empty()).then(|| PathBuf::from(path));
            }
            Some(P3_ARG) => p3 = true,
            Some("--no-entry") => {
                library = true;
                rest.push(arg);
            }
            Some(a) if a.starts_with('@') => {
                // rustc writes long link lines to a response file.
                if std::fs::read_to_string(&a[1..])
                    .is_ok_and(|s| s.lines().any(|l| l.trim_matches('"') == "--no-entry"))
                {
                    library = true;
                }
                rest.push(arg);
            }
            _ => rest.push(arg),
        }
    }
    rest.push("--wasi-adapter=none".into());
    // `libc.a`'s allocator for the lists imports return (see `wasi-shim-c`).
    rest.push("--export-if-defined=cabi_import_realloc".into());
    if !library {
        if let Some(crt) = crt {
            rest.push(crt.into());
        }
        let run = if p3 { RUN_EXPORT_P3 } else { RUN_EXPORT };
        rest.push(format!("--export={run}").into());
    }
    if p3 {
        rest.push("--export=__wasm_task_hook".into());
    }
    let linker = real_linker();
    match Command::new(&linker).args(&rest).status() {
        Ok(status) => status.code().unwrap_or(1),
        Err(e) => {
            eprintln!("cargo-wasi-shim: cannot run {}: {e}", linker.display());
            1
        }
    }
}

/// `arg`, or, when it is an object or archive that imports preview 1 functions `libc.a`
/// provides, a copy with those imports rebound (see `preview1`), written into `dir`.
fn rebind_input(arg: OsString, dir: &Path, n: usize) -> OsString {
    let path = Path::new(&arg);
    let is_input = path
        .extension()
        .is_some_and(|e| e == "o" || e == "rlib" || e == "a");
    // The toolchain's own rlibs (std and its dependencies, a few MB read on every link) import
    // WASI 0.2 only; only the crate's objects and its dependencies' rlibs are scanned.
    let in_sysroot = path.components().any(|c| c.as_os_str() == "rustlib");
    if !is_input || in_sysroot || !path.is_file() {
        return arg;
    }
    let Ok(bytes) = std::fs::read(path) else {
        return arg;
    };
    if !crate::preview1::may_import(&bytes) {
        return arg;
    }
    let rebound = if bytes.starts_with(b"!<arch>\n") {
        let Some(members) = members(&bytes) else {
            return arg;
        };
        let mut any = false;
        let mut kept: Vec<(String, Vec<u8>)> = Vec::new();
        for (name, data) in members {
            // Only objects: `lib.rmeta` is rustc's, and the linker never needs it.
            if !data.starts_with(b"\0asm") {
                continue;
            }
            match crate::preview1::rebind(data) {
                Some(new) => {
                    any = true;
                    kept.push((name, new));
                }
                None => kept.push((name, data.to_vec())),
            }
        }
        if !any {
            return arg;
        }
        let refs: Vec<(&str, &[u8])> = kept
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        archive(&refs)
    } else {
        match crate::preview1::rebind(&bytes) {
            Some(new) => new,
            None => return arg,
        }
    };
    let file_name = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = dir.join(format!("{n}-{file_name}"));
    if std::fs::create_dir_all(dir).is_err() || std::fs::write(&target, rebound).is_err() {
        return arg;
    }
    target.into_os_string()
}

/// The `wasm-component-ld` of the toolchain that runs the link: rustc puts its own tools
/// directory first on `PATH` when it invokes a linker. Failing that, the one of the `rustc` on
/// `PATH`.
fn real_linker() -> PathBuf {
    let me = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok());
    let name = "wasm-component-ld";
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() && candidate.canonicalize().ok() != me {
                return candidate;
            }
        }
    }
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    let host = Command::new("rustc")
        .args(["--print", "host-tuple"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(host.trim())
        .join("bin")
        .join(name)
}

/// The members of a Unix `ar` archive (GNU or BSD names), without the symbol tables.
#[must_use]
pub fn members(bytes: &[u8]) -> Option<Vec<(String, &[u8])>> {
    let mut rest = bytes.strip_prefix(b"!<arch>\n")?;
    let mut long_names: &[u8] = &[];
    let mut out = Vec::new();
    while rest.len() >= 60 {
        let (header, tail) = rest.split_at(60);
        let size: usize = std::str::from_utf8(&header[48..58])
            .ok()?
            .trim()
            .parse()
            .ok()?;
        let data = tail.get(..size)?;
        rest = tail.get(size + (size & 1)..).unwrap_or(&[]);
        let raw = std::str::from_utf8(&header[..16]).ok()?.trim_end();
        let name = if raw == "/" || raw == "/SYM64/" || raw.starts_with("__.SYMDEF") {
            continue;
        } else if raw == "//" {
            long_names = data;
            continue;
        } else if let Some(offset) = raw.strip_prefix('/') {
            let offset: usize = offset.parse().ok()?;
            let tail = long_names.get(offset..)?;
            let end = tail.iter().position(|&b| b == b'\n').unwrap_or(tail.len());
            String::from_utf8_lossy(&tail[..end])
                .trim_end_matches('/')
                .to_string()
        } else if let Some(len) = raw.strip_prefix("#1/") {
            let len: usize = len.parse().ok()?;
            let name = String::from_utf8_lossy(data.get(..len)?).to_string();
            out.push((name.trim_end_matches('\0').to_string(), &data[len..]));
            continue;
        } else {
            raw.trim_end_matches('/').to_string()
        };
        out.push((name, data));
    }
    Some(out)
}

/// The one object of a fat-LTO staticlib (rustc keeps `compiler_builtins` and C objects of
/// dependencies apart; the user's program has its own `compiler_builtins`).
#[must_use]
pub fn lto_object(archive: &[u8]) -> Option<Vec<u8>> {
    let objects: Vec<_> = members(archive)?
        .into_iter()
        .filter(|(name, _)| name.ends_with(".rcgu.o") && !name.starts_with("compiler_builtins-"))
        .collect();
    match objects.as_slice() {
        [(_, data)] => Some(data.to_vec()),
        _ => None,
    }
}

/// A Unix archive (GNU long names, no symbol index: `wasm-ld` reads the members' own symbol
/// tables) of `members`.
#[must_use]
pub fn archive(members: &[(&str, &[u8])]) -> Vec<u8> {
    fn header(out: &mut Vec<u8>, name: &str, size: usize) {
        let h = format!("{name:<16}{:<12}{:<6}{:<6}{:<8}{size:<10}`\n", 0, 0, 0, 644);
        out.extend_from_slice(h.as_bytes());
    }
    fn body(out: &mut Vec<u8>, data: &[u8]) {
        out.extend_from_slice(data);
        if data.len() % 2 == 1 {
            out.push(b'\n');
        }
    }
    let mut out = b"!<arch>\n".to_vec();
    let mut long_names = String::new();
    let mut names = Vec::new();
    for (name, _) in members {
        if name.len() < 16 {
            names.push(format!("{name}/"));
        } else {
            names.push(format!("/{}", long_names.len()));
            long_names.push_str(name);
            long_names.push_str("/\n");
        }
    }
    if !long_names.is_empty() {
        header(&mut out, "//", long_names.len());
        body(&mut out, long_names.as_bytes());
    }
    for ((_, data), name) in members.iter().zip(&names) {
        header(&mut out, name, data.len());
        body(&mut out, data);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_written_here_reads_back() {
        let a = archive(&[("libc.o", b"abc")]);
        let m = members(&a).unwrap();
        assert_eq!(m, vec![("libc.o".to_string(), &b"abc"[..])]);
        assert_eq!(lto_object(&a), None, "not an rcgu object");
        let long = "a-very-long-member-name.rcgu.o";
        let a = archive(&[("x.o", b"1"), (long, b"22"), ("y.o", b"")]);
        let m = members(&a).unwrap();
        assert_eq!(
            m,
            vec![
                ("x.o".into(), &b"1"[..]),
                (long.into(), &b"22"[..]),
                ("y.o".into(), &b""[..])
            ]
        );
    }

    #[test]
    fn gnu_long_names_and_symbol_tables_are_understood() {
        let long = "x-1.x.2-cgu.0.rcgu.o/\ncompiler_builtins-1.c.3-cgu.000.rcgu.o/\n";
        let mut a = b"!<arch>\n".to_vec();
        for (name, data) in [
            ("/", &b"symtab"[..]),
            ("//", long.as_bytes()),
            ("/0", b"one"),
            ("/22", b"cb"),
        ] {
            a.extend_from_slice(
                format!(
                    "{name:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n",
                    0,
                    0,
                    0,
                    644,
                    data.len()
                )
                .as_bytes(),
            );
            a.extend_from_slice(data);
            if data.len() % 2 == 1 {
                a.push(b'\n');
            }
        }
        let names: Vec<String> = members(&a).unwrap().into_iter().map(|m| m.0).collect();
        assert_eq!(
            names,
            [
                "x-1.x.2-cgu.0.rcgu.o",
                "compiler_builtins-1.c.3-cgu.000.rcgu.o"
            ]
        );
        assert_eq!(lto_object(&a).as_deref(), Some(&b"one"[..]));
    }
}
