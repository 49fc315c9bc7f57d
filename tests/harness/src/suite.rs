//! Running libtest suites (std's own, crates' own) one process per test, under each variant, with
//! the native run as the oracle.
//!
//! Each test process gets a fresh [`Sandbox`] as `$TMPDIR` and current directory (preopened at
//! `/sandbox` and at `/tmp` under WASI, with `TMPDIR=/tmp`), a port range of its own (`$STD_SUITE_PORT_BASE`, read by the ported
//! std suites' helpers) and the host's network as `wasmtime run -S inherit-network` gives it
//! ([`Network::Inherit`]). A test passes when libtest reports it passed; under WASI a panic aborts
//! the process (`panic = "abort"`), which is a failure too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::{Network, Outcome, RunConfig, Sandbox, Status, Variant, run_native, run_wasm, runtime};

/// How one test ended under one variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// libtest reported it passed.
    Passed,
    /// With the first line of the panic message, or how the process ended.
    Failed(String),
    /// Ignored by the suite (listed by `--list --ignored`), or by libtest at run time: it ignores
    /// `should_panic` tests where a panic aborts (wasm).
    Ignored,
    /// Not compiled for this variant (e.g. a `cfg(unix)` test under WASI).
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

/// A failure a check accepts, with the reason it is named by (a WASI limit or host policy).
#[derive(Clone, Copy, Debug)]
pub enum Known {
    /// This test fails (and must: a listed test that passes fails the check, so lists stay true).
    Test(&'static str, &'static str),
    /// Any test whose failure message contains this text.
    Panic(&'static str, &'static str),
}

/// One suite's verdicts: a row per test, a column per variant.
#[derive(Debug)]
pub struct Table {
    /// The variants, in column order.
    pub variants: Vec<Variant>,
    /// Test name (prefixed with its test target's name when the suite has several) → verdicts.
    pub rows: BTreeMap<String, Vec<Verdict>>,
}

fn run_one(variant: Variant, exe: &Path, args: &[&str], env: &[(&str, String)]) -> Outcome {
    let sandbox = Sandbox::new();
    let mut cfg = sandbox.apply(variant, RunConfig::new());
    // Under WASI the sandbox is `/tmp` too: crates that cannot ask std for the temporary
    // directory there (it panics in prebuilt std) use `/tmp`, as tempfile does.
    let tmp = if variant.is_wasm() {
        cfg = cfg.preopen(sandbox.path(), "/tmp");
        String::from("/tmp")
    } else {
        sandbox.env_value(variant)
    };
    let mut cfg = cfg
        .args(args.iter().copied())
        .env("TMPDIR", tmp)
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

/// The tests of `exe`, with whether each is ignored (libtest's `--list` and `--list --ignored`).
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
    names(&["--list"])
        .into_iter()
        .map(|name| {
            let is_ignored = ignored.contains(&name);
            (name, is_ignored)
        })
        .collect()
}

fn verdict(out: &Outcome) -> Verdict {
    let stdout = out.stdout_str();
    let exited = out.status == Status::Exited(0);
    if exited && stdout.contains("test result: ok. 1 passed") {
        return Verdict::Passed;
    }
    if exited && stdout.contains("test result: ok. 0 passed; 0 failed; 1 ignored") {
        return Verdict::Ignored;
    }
    let ended = match &out.status {
        Status::Trapped(message) => message
            .lines()
            .last()
            .unwrap_or("trapped")
            .trim()
            .to_owned(),
        status => format!("{status:?}"),
    };
    let text = format!("{stdout}\n{}", out.stderr_lossy());
    let reason = text
        .lines()
        .skip_while(|l| !l.contains("panicked at"))
        .nth(1)
        .map_or(ended, str::to_owned);
    Verdict::Failed(reason)
}

/// Runs every test of each variant's test executables (named by their test targets), one
/// process per test, and returns the table. `port_base` starts this suite's port ranges: 700
/// ports per variant, 16 per test.
///
/// # Panics
///
/// If an executable cannot list its tests.
pub fn run_suite(per_variant: &[(Variant, Vec<(String, PathBuf)>)], port_base: u16) -> Table {
    let variants: Vec<Variant> = per_variant.iter().map(|(v, _)| *v).collect();
    let mut rows: BTreeMap<String, Vec<Verdict>> = BTreeMap::new();
    for (column, (variant, executables)) in per_variant.iter().enumerate() {
        let mut index = 0u16;
        for (target, exe) in executables {
            for (name, ignored) in list(*variant, exe) {
                let result = if ignored {
                    Verdict::Ignored
                } else {
                    let base = port_base + column as u16 * 700 + (index % 43) * 16;
                    // `--nocapture`: under WASI a panic aborts before libtest prints what it
                    // captured.
                    let args = [name.as_str(), "--exact", "--test-threads=1", "--nocapture"];
                    let env = [("STD_SUITE_PORT_BASE", base.to_string())];
                    verdict(&run_one(*variant, exe, &args, &env))
                };
                index += 1;
                let key = if executables.len() == 1 {
                    name
                } else {
                    format!("{target}: {name}")
                };
                rows.entry(key)
                    .or_insert_with(|| vec![Verdict::Absent; variants.len()])[column] = result;
            }
        }
    }
    Table { variants, rows }
}

impl Table {
    /// Prints the per-test table, the failure messages and the counts per variant to stderr.
    pub fn print(&self, title: &str) {
        let header: Vec<&str> = self.variants.iter().map(|v| v.name()).collect();
        eprintln!("{title}: {}", header.join(" | "));
        for (name, verdicts) in &self.rows {
            let cells: Vec<&str> = verdicts.iter().map(Verdict::cell).collect();
            eprintln!("  {name:50} {}", cells.join(" | "));
            for (variant, verdict) in self.variants.iter().zip(verdicts) {
                if let Verdict::Failed(reason) = verdict {
                    eprintln!("      {variant}: {reason}");
                }
            }
        }
        for (column, variant) in self.variants.iter().enumerate() {
            let count = |want: fn(&Verdict) -> bool| {
                self.rows.values().filter(|r| want(&r[column])).count()
            };
            eprintln!(
                "{title}, {variant}: {} passed, {} failed, {} ignored, {} not compiled",
                count(|r| *r == Verdict::Passed),
                count(|r| matches!(r, Verdict::Failed(_))),
                count(|r| *r == Verdict::Ignored),
                count(|r| *r == Verdict::Absent),
            );
        }
    }

    /// What is wrong with `variant`'s column: a test that passes natively and fails here
    /// without a [`Known`] reason; a [`Known::Test`] that passes; a test that passes over
    /// [`Variant::Stock`] (if it is a column) and not here. Empty when all is well.
    pub fn problems(&self, variant: Variant, known: &[Known]) -> Vec<String> {
        let column = |v: Variant| self.variants.iter().position(|c| *c == v);
        let here = column(variant).expect("the variant is a column");
        let native = column(Variant::Native).expect("the native run is a column");
        let stock = column(Variant::Stock);
        let mut problems = Vec::new();
        for (name, verdicts) in &self.rows {
            // A listed name may be the whole key, the test's path, or the path's last segment.
            let test = name.rsplit(": ").next().unwrap_or(name);
            let last = test.rsplit("::").next().unwrap_or(test);
            let listed = known
                .iter()
                .any(|k| matches!(k, Known::Test(t, _) if *t == name || *t == test || *t == last));
            let accepted = |reason: &str| {
                listed
                    || known
                        .iter()
                        .any(|k| matches!(k, Known::Panic(text, _) if reason.contains(text)))
            };
            match &verdicts[here] {
                Verdict::Passed if listed => {
                    problems.push(format!("{variant}: {name} passes now; unlist it"));
                }
                Verdict::Failed(reason)
                    if verdicts[native] == Verdict::Passed && !accepted(reason) =>
                {
                    problems.push(format!("{variant}: {name}: {reason}"));
                }
                _ => {}
            }
            if let Some(stock) = stock
                && verdicts[stock] == Verdict::Passed
                && verdicts[here] != Verdict::Passed
            {
                problems.push(format!("{variant}: {name} passes over stock but not here"));
            }
        }
        problems
    }
}
