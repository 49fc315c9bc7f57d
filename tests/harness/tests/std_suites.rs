//! std's own `fs`, `net/tcp` and `net/udp` test suites, ported from the toolchain's rust-src
//! (`tests/std-suites`), run one process per test: natively (the oracle), over stock wasi-libc,
//! over the shim with prebuilt std, and over the patched std of `cargo xtask build-std`.
//!
//! Each test process gets a fresh sandbox as `$TMPDIR` (preopened at `/sandbox` under WASI), a
//! port range of its own (`$STD_SUITE_PORT_BASE`) and the host's network as `wasmtime run -S
//! inherit-network` gives it ([`Network::Inherit`]: the suites check the host's answers for
//! addresses the machine does not have). A test passes when libtest reports it
//! passed; under WASI a panic aborts the process (`panic = "abort"`), which is a failure too.
//!
//! What is asserted, per suite:
//! * over the shim, every test that passes natively passes, except the ones listed in
//!   [`BUILD_STD_FAILS`] and [`SHIM_ONLY_FAILS`] with a named WASI limit or host policy, and each
//!   listed one does fail (a list that goes stale fails the test);
//! * every test that passes over stock passes over the shim (never worse than stock).
//!
//! The per-test table and the counts are printed (`--nocapture`); `docs/COVERAGE.md` quotes them.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use wasi_shim_harness::{
    Network, Outcome, RunConfig, Sandbox, Status, Variant, build_std_suites, run_native, run_wasm,
    runtime,
};

/// The variants, in table order; the first is the oracle.
const VARIANTS: [Variant; 4] = [
    Variant::Native,
    Variant::Stock,
    Variant::Shim,
    Variant::BuildStd,
];

/// WASI 0.2 cannot change permission bits; the shim refuses a change to the owner's write bit
/// with `ENOTSUP` rather than report a read-only file that can still be written
/// (`docs/COVERAGE.md`, `chmod`).
const NO_PERMISSIONS: &str = "WASI 0.2 cannot make a file read-only (ENOTSUP)";

/// WASI 0.2 has no threads.
const NO_THREADS: &str = "WASI 0.2 has no threads: thread::spawn is Unsupported";

/// Tests that pass natively but fail over the shim with the patched std: (suite, test, reason).
const BUILD_STD_FAILS: &[(&str, &str, &str)] = &[
    ("fs", "chmod_works", NO_PERMISSIONS),
    ("fs", "fchmod_works", NO_PERMISSIONS),
    ("fs", "copy_file_preserves_perm_bits", NO_PERMISSIONS),
    ("fs", "unlink_readonly", NO_PERMISSIONS),
    ("fs", "concurrent_recursive_mkdir", NO_THREADS),
];

/// Tests that pass natively but fail over the shim with prebuilt std: those of
/// [`BUILD_STD_FAILS`], and these.
const SHIM_ONLY_FAILS: &[(&str, &str, &str)] = &[(
    "fs",
    "file_try_clone",
    "prebuilt std's try_clone is Unsupported on every wasm32 target (the patched std calls dup)",
)];

/// How one test ended under one variant.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verdict {
    Passed,
    /// With the first line of the panic message, or how the process ended.
    Failed(String),
    Ignored,
    /// Not compiled for this variant (the port's `cfg(unix)` tests under WASI).
    Absent,
}

impl Verdict {
    fn cell(&self) -> &'static str {
        match self {
            Verdict::Passed => "pass",
            Verdict::Failed(_) => "FAIL",
            Verdict::Ignored => "ignored",
            Verdict::Absent => "-",
        }
    }
}

fn run_one(variant: Variant, exe: &Path, args: &[&str], env: &[(&str, String)]) -> Outcome {
    let sandbox = Sandbox::new();
    let mut cfg = sandbox
        .apply(variant, RunConfig::new())
        .args(args.iter().copied())
        .env("TMPDIR", sandbox.env_value(variant))
        .network(Network::Inherit)
        .timeout(Duration::from_secs(120));
    for (name, value) in env {
        cfg = cfg.env(*name, value.clone());
    }
    if variant.is_wasm() {
        runtime().block_on(run_wasm(exe, "suite", &cfg))
    } else {
        run_native(exe, "suite", &cfg)
    }
}

/// The suite's tests, with whether each is ignored (libtest's `--list` and `--list --ignored`).
fn list(variant: Variant, exe: &Path) -> BTreeMap<String, bool> {
    let names = |args: &[&str]| -> Vec<String> {
        let out = run_one(variant, exe, args, &[]);
        out.assert_success();
        out.stdout_str()
            .lines()
            .filter_map(|l| l.strip_suffix(": test"))
            .map(str::to_owned)
            .collect()
    };
    let ignored = names(&["--list", "--ignored"]);
    let all = names(&["--list"]);
    assert!(
        !all.is_empty(),
        "{variant}: {} lists no test",
        exe.display()
    );
    all.into_iter()
        .map(|name| {
            let is_ignored = ignored.contains(&name);
            (name, is_ignored)
        })
        .collect()
}

fn verdict(out: &Outcome) -> Verdict {
    let stdout = out.stdout_str();
    if out.status == Status::Exited(0) && stdout.contains("test result: ok. 1 passed") {
        return Verdict::Passed;
    }
    // libtest ignores a `should_panic` test at run time where a panic aborts (wasm), although
    // `--list --ignored` does not list it.
    if out.status == Status::Exited(0)
        && stdout.contains("test result: ok. 0 passed; 0 failed; 1 ignored")
    {
        return Verdict::Ignored;
    }
    let text = format!("{stdout}\n{}", out.stderr_lossy());
    let ended = match &out.status {
        Status::Trapped(message) => message
            .lines()
            .last()
            .unwrap_or("trapped")
            .trim()
            .to_owned(),
        status => format!("{status:?}"),
    };
    let reason = text
        .lines()
        .skip_while(|l| !l.contains("panicked at"))
        .nth(1)
        .map_or(ended, str::to_owned);
    Verdict::Failed(reason)
}

fn run_suite(suite: &str, index: u16) {
    let mut table: BTreeMap<String, Vec<Verdict>> = BTreeMap::new();
    for (v, variant) in VARIANTS.iter().enumerate() {
        let exe = build_std_suites(*variant)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .find(|(name, _)| name == suite)
            .unwrap_or_else(|| panic!("{variant}: no test executable for suite {suite}"))
            .1;
        let tests = list(*variant, &exe);
        for (t, (name, ignored)) in tests.iter().enumerate() {
            let result = if *ignored {
                Verdict::Ignored
            } else {
                // Ports of their own: 700 per (suite, variant), 16 per test.
                let base = 20_000 + (index * 4 + v as u16) * 700 + t as u16 * 16;
                // `--nocapture`: under WASI a panic aborts before libtest prints what it captured.
                let args = [name.as_str(), "--exact", "--test-threads=1", "--nocapture"];
                let out = run_one(
                    *variant,
                    &exe,
                    &args,
                    &[("STD_SUITE_PORT_BASE", base.to_string())],
                );
                verdict(&out)
            };
            table
                .entry(name.clone())
                .or_insert_with(|| vec![Verdict::Absent; VARIANTS.len()])[v] = result;
        }
    }

    eprintln!("std {suite} suite: native | stock | shim | build-std");
    for (name, verdicts) in &table {
        let cells: Vec<&str> = verdicts.iter().map(Verdict::cell).collect();
        eprintln!("  {name:50} {}", cells.join(" | "));
        for (variant, verdict) in VARIANTS.iter().zip(verdicts) {
            if let Verdict::Failed(reason) = verdict {
                eprintln!("      {variant}: {reason}");
            }
        }
    }
    for (v, variant) in VARIANTS.iter().enumerate() {
        let count = |want: fn(&Verdict) -> bool| table.values().filter(|r| want(&r[v])).count();
        eprintln!(
            "std {suite} suite, {variant}: {} passed, {} failed, {} ignored, {} not compiled",
            count(|r| *r == Verdict::Passed),
            count(|r| matches!(r, Verdict::Failed(_))),
            count(|r| *r == Verdict::Ignored),
            count(|r| *r == Verdict::Absent),
        );
    }

    let mut problems = Vec::new();
    let stock = 1;
    for v in [2, 3] {
        let variant = VARIANTS[v];
        let expected = BUILD_STD_FAILS.iter().chain(if variant == Variant::Shim {
            SHIM_ONLY_FAILS
        } else {
            &[]
        });
        for (name, verdicts) in &table {
            let listed = expected.clone().any(|(s, t, _)| *s == suite && t == name);
            let passed = verdicts[v] == Verdict::Passed;
            if verdicts[0] == Verdict::Passed && !matches!(verdicts[v], Verdict::Absent) {
                if listed && passed {
                    problems.push(format!("{variant}: {name} passes now; unlist it"));
                }
                if !listed && !passed && verdicts[v] != Verdict::Ignored {
                    problems.push(format!("{variant}: {name}: {:?}", verdicts[v]));
                }
            }
            if verdicts[stock] == Verdict::Passed && !passed {
                problems.push(format!("{variant}: {name} passes over stock but not here"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "std {suite} suite:\n{}",
        problems.join("\n")
    );
}

#[test]
fn std_fs_suite() {
    run_suite("fs", 0);
}

#[test]
fn std_tcp_suite() {
    run_suite("tcp", 1);
}

#[test]
fn std_udp_suite() {
    run_suite("udp", 2);
}
