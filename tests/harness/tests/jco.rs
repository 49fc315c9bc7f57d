//! The second host: the shim's guests run on Node through jco 1.35 and preview2-shim
//! (`tests/jco`, installed by `npm ci`), with a sandbox preopened at `/sandbox` as the current
//! directory, and are compared line by line with the same components under wasmtime (which are
//! in turn compared with native runs elsewhere). Where the hosts differ, each difference is
//! listed below with its cause.

use std::path::{Path, PathBuf};
use std::process::Command;

use wasi_shim_harness::{RunConfig, Sandbox, Variant, guest_path, repo_root, run};

/// The jco checkout of `tests/jco`.
fn jco_dir() -> PathBuf {
    let dir = repo_root().join("tests/jco");
    assert!(
        dir.join("node_modules/.bin/jco").exists(),
        "jco is not installed: run `npm ci` in {}",
        dir.display()
    );
    dir
}

/// What a run printed, and its exit code.
struct JcoRun {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the shim's `guest` under jco with `args`, the sandbox `dir` at `/sandbox` as the cwd,
/// and `SANDBOX=/sandbox` as the whole environment.
fn run_jco(guest: &str, args: &[&str], dir: &Path) -> JcoRun {
    let jco = jco_dir();
    let preopens = format!(
        "{{\"/sandbox\":{:?}}}",
        dir.to_str().expect("a UTF-8 temp path")
    );
    // Output goes to files: Node writes to a pipe asynchronously, and `jco run` exits before a
    // large output has drained (1 MiB arrives as about 200 KiB); to a file it writes it all.
    let out_dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let status = Command::new(jco.join("node_modules/.bin/jco"))
        .current_dir(&jco)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .args(["run", "--jco-import", "./setup.mjs"])
        .arg(guest_path(Variant::Shim, guest))
        .args(args)
        .env("WASI_SHIM_JCO_PREOPENS", preopens)
        .env("WASI_SHIM_JCO_CWD", "/sandbox")
        .env("WASI_SHIM_JCO_ENV", "{\"SANDBOX\":\"/sandbox\"}")
        .status()
        .expect("run jco");
    JcoRun {
        code: status.code(),
        stdout: String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned(),
    }
}

/// Runs `guest` under both hosts and returns (wasmtime's stdout, jco's stdout).
fn both(guest: &str, args: &[&str]) -> (String, String) {
    let sandbox = Sandbox::new();
    let cfg = sandbox.apply(Variant::Shim, RunConfig::new().args(args.iter().copied()));
    let wasmtime = run(Variant::Shim, guest, &cfg);
    wasmtime.assert_success();
    let sandbox = Sandbox::new();
    let jco = run_jco(guest, args, sandbox.path());
    assert_eq!(
        jco.code,
        Some(0),
        "{guest} under jco:\n{}\n{}",
        jco.stdout,
        jco.stderr
    );
    (wasmtime.stdout_str().to_owned(), jco.stdout)
}

/// Lines where the hosts differ, by guest and label, with the cause. The test checks that each
/// still differs, so that the record stays true.
const HOST_DIFFERENCES: &[(&str, &str)] = &[
    // preview2-shim's `append-via-stream` does not append at the end of the file for each
    // write (two descriptors appending in turn overwrite each other); wasmtime opens the file
    // with `O_APPEND`. The later lines follow from the first.
    ("fs_ops", "interleaved appends"),
    ("fs_ops", "pos after a large append"),
    ("fs_ops", "pos of the other appender"),
    ("fs_ops", "len after a large append"),
    ("fs_ops", "len after synced writes"),
    // preview2-shim's `set-times`/`set-times-at` do not change the timestamps.
    ("fs_meta", "modified == set"),
    ("fs_meta", "accessed == set"),
    ("fs_meta", "modified == set (by path)"),
    ("fs_meta", "accessed kept"),
    ("fs_meta", "modified == set (whole seconds)"),
];

/// Lines that differ between any two runs (timings), by guest and label.
const TIMING: &[(&str, &str)] = &[("sample", "elapsed")];

/// The label of a line: the text before the first `": "`.
fn label(line: &str) -> &str {
    line.split_once(": ").map_or(line, |(l, _)| l)
}

#[test]
fn guests_print_the_same_under_jco() {
    let mut report = String::new();
    for (guest, args) in [
        ("hello", &[][..]),
        ("sample", &["a", "b"][..]),
        ("args_roundtrip", &["x y", "ü", ""][..]),
        ("env_vars", &[][..]),
        ("fs_basic", &[][..]),
        ("fs_ops", &[][..]),
        ("fs_dirs", &[][..]),
        ("fs_meta", &[][..]),
        ("fs_links", &[][..]),
        ("path_resolve", &[][..]),
        ("dot_paths", &[][..]),
        ("math_funcs", &[][..]),
        ("stdout_large", &[][..]),
    ] {
        let (w, j) = both(guest, args);
        let (wl, jl): (Vec<&str>, Vec<&str>) = (w.lines().collect(), j.lines().collect());
        if wl.len() != jl.len() {
            report.push_str(&format!(
                "== {guest}: {} lines under wasmtime, {} under jco\n",
                wl.len(),
                jl.len()
            ));
            continue;
        }
        for (a, b) in wl.iter().zip(&jl) {
            let key = (guest, label(a));
            let documented = HOST_DIFFERENCES.contains(&key);
            if TIMING.contains(&key) {
                continue;
            }
            if documented && a == b {
                report.push_str(&format!("== {guest}: no longer differs: {a}\n"));
            } else if !documented && a != b {
                let cut = |l: &str| l.chars().take(200).collect::<String>();
                report.push_str(&format!("== {guest}\n- {}\n+ {}\n", cut(a), cut(b)));
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn jco_aborts_on_a_read_of_a_directory() {
    // A host bug, recorded: preview2-shim lets Node's EISDIR escape from `descriptor.read` on a
    // directory instead of returning `error-code.is-directory`, and the run dies. wasmtime
    // returns the error, and the shim reports EISDIR (guest `fs_errors`, "read a directory").
    let sandbox = Sandbox::new();
    let jco = run_jco("fs_errors", &[], sandbox.path());
    assert_ne!(jco.code, Some(0));
    assert!(
        jco.stderr
            .contains("EISDIR: illegal operation on a directory, read"),
        "{}",
        jco.stderr
    );
}
