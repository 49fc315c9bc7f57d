//! `wasi-shim-bench`: runs the workloads of `bench/` in four variants side by side and prints
//! (and optionally writes into `docs/BENCHMARKS.md`) the table. `cargo xtask bench` builds the
//! variants and starts it; see `docs/BENCHMARKS.md` for the method.
//!
//! Variants: `native` (host target, child process), `stock` (wasm32-wasip2 with the toolchain's
//! wasi-libc), `shim` (wasm32-wasip2 linked against wasi-shim), `floor` (the same work written
//! against the WASI 0.2 bindings) and, where the shim makes `metadata-hash` calls, `floor+hash`
//! (the floor making them too). With `--bs-p2` and `--bs-p3`, two more: the shim's workloads
//! built from source with `cargo xtask build-std` and one nightly, for `wasm32-wasip2` (`bs-p2`)
//! and `wasm32-wasip3` (`bs-p3`), so that the cost of WASI 0.3 is one ratio between two builds
//! that differ in nothing else. WASI variants are compiled once, ahead of their runs, by one
//! engine; compile time is reported apart.
//!
//! ```text
//! wasi-shim-bench --native DIR --stock DIR --shim DIR --floor DIR
//!                 [--quick] [--runs N] [--warmup N] [--timeout SECS] [--only NAME,..]
//!                 [--fs-modes spawn,inline] [--work-dir DIR] [--results FILE] [--doc FILE]
//!                 [--nostd DIR] [--nostd-p3 DIR] [--stock-size DIR --shim-size DIR]
//!                 [--bs-p2 DIR --bs-p3 DIR]
//! ```
//!
//! `--stock-size` and `--shim-size` name the stock and shim programs built with the bench
//! workspace's `size` profile: they are measured for a second size table and its targets, not
//! run.
//!
//! Exit status: 0 when every native, shim and floor run finished with the expected output; 1
//! otherwise (a failed or hung stock run is reported, not fatal: stock is the toolchain's).

mod host;
mod options;
mod report;
mod workloads;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use host::{Precompiled, RunError, RunSpec};
use options::Options;
use workloads::{Metric, Workload};

/// How a workload is built and run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Variant {
    Native,
    Stock,
    Shim,
    Floor,
    FloorHash,
    /// The shim's workloads built with `cargo xtask build-std` for `wasm32-wasip2`.
    BuildStdP2,
    /// The same for `wasm32-wasip3`.
    BuildStdP3,
}

impl Variant {
    const ALL: [Variant; 5] = [
        Variant::Native,
        Variant::Stock,
        Variant::Shim,
        Variant::Floor,
        Variant::FloorHash,
    ];

    fn name(self) -> &'static str {
        match self {
            Variant::Native => "native",
            Variant::Stock => "stock",
            Variant::Shim => "shim",
            Variant::Floor => "floor",
            Variant::FloorHash => "floor+hash",
            Variant::BuildStdP2 => "bs-p2",
            Variant::BuildStdP3 => "bs-p3",
        }
    }

    /// The WASI 0.2 / 0.3 pair (not in [`Variant::ALL`]: they have tables of their own).
    const VERSIONS: [Variant; 2] = [Variant::BuildStdP2, Variant::BuildStdP3];

    /// Whether `w` is run in this variant.
    fn runs(self, w: &Workload, opts: &Options) -> bool {
        match self {
            Variant::FloorHash => w.hash,
            Variant::BuildStdP2 | Variant::BuildStdP3 => opts.dirs.contains_key(&self),
            _ => true,
        }
    }

    /// The variant whose build this one runs (`floor+hash` runs the floor's components).
    fn build(self) -> Variant {
        match self {
            Variant::FloorHash => Variant::Floor,
            v => v,
        }
    }

    fn is_wasm(self) -> bool {
        self != Variant::Native
    }

    /// Whether a failure of this variant fails the run (stock is the toolchain's, not ours).
    fn fatal(self) -> bool {
        self != Variant::Stock
    }
}

/// How the host runs filesystem calls (the one engine configuration is the same for both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum HostMode {
    /// wasmtime-wasi's default, and the test harness's: each filesystem call is a
    /// `tokio::task::spawn_blocking` job awaited by the guest's task.
    Spawn,
    /// `WasiCtxBuilder::allow_blocking_current_thread(true)`: filesystem calls run on the thread
    /// that runs the guest.
    Inline,
}

impl HostMode {
    fn name(self) -> &'static str {
        match self {
            HostMode::Spawn => "spawn",
            HostMode::Inline => "inline",
        }
    }

    fn title(self) -> &'static str {
        match self {
            HostMode::Spawn => {
                "filesystem calls through `spawn_blocking` (wasmtime-wasi's default, the harness's)"
            }
            HostMode::Inline => {
                "filesystem calls on the guest's thread (`allow_blocking_current_thread(true)`)"
            }
        }
    }
}

/// The runs of every workload and variant under one host mode.
type ResultsMap<'w> = BTreeMap<(&'w str, Variant), Results>;

/// One finished run: the runner's wall time, the phases the program timed, its check line (empty
/// when it printed none).
struct Sample {
    whole: f64,
    cpu: f64,
    phases: Vec<(String, f64)>,
    check: String,
}

impl Sample {
    fn parse(whole: Duration, cpu: Duration, stdout: &str) -> Result<Self, String> {
        let mut phases = Vec::new();
        let mut check = None;
        for line in stdout.lines() {
            if let Some(rest) = line.strip_prefix("phase ") {
                let (name, ns) = rest
                    .rsplit_once(' ')
                    .ok_or_else(|| format!("bad line {line:?}"))?;
                let ns: f64 = ns.parse().map_err(|_| format!("bad line {line:?}"))?;
                phases.push((name.to_string(), ns));
            } else if let Some(rest) = line.strip_prefix("check ") {
                check = Some(rest.to_string());
            }
        }
        Ok(Self {
            whole: whole.as_nanos() as f64,
            cpu: cpu.as_nanos() as f64,
            phases,
            // A program that prints nothing (the empty `main`) checks nothing.
            check: check.unwrap_or_default(),
        })
    }

    /// The row's value for `metric`.
    fn value(&self, metric: Metric) -> f64 {
        match metric {
            Metric::Phases => self.phases.iter().map(|(_, ns)| ns).sum(),
            Metric::Whole => self.whole,
        }
    }
}

/// Why a variant has no (or no valid) numbers for a workload.
enum Problem {
    /// It ran past the time limit.
    Dnf(Duration),
    /// It failed, or printed something else than the others.
    Failed(String),
}

/// The runs of one variant on one workload.
#[derive(Default)]
struct Results {
    samples: Vec<Sample>,
    problem: Option<Problem>,
    /// Host calls of one extra, untimed run (WASI variants).
    host_calls: Option<u64>,
    /// Host calls of each phase, from runs stopped before each phase.
    phase_calls: Vec<(String, u64)>,
}

/// What the compile step knows of one component.
struct Built {
    size: u64,
    compile: Option<Duration>,
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("wasi-shim-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<bool> {
    let opts = Options::parse()?;
    let selected: Vec<&Workload> = workloads::ALL
        .iter()
        .filter(|w| {
            opts.only
                .as_ref()
                .is_none_or(|o| o.iter().any(|n| n == w.name))
        })
        .collect();
    if selected.is_empty() {
        bail!("--only selects no workload");
    }
    std::fs::create_dir_all(&opts.work_dir)?;
    let work = tempfile::Builder::new()
        .prefix("wasi-shim-bench-")
        .tempdir_in(&opts.work_dir)
        .context("creating the work directory")?;
    let fixture = work.path().join("fixture");
    make_fixture(&fixture, &selected, opts.quick)?;

    // Compile every component once, before any run; keep sizes for the size table.
    let mut built: BTreeMap<(Variant, &str), Built> = BTreeMap::new();
    let mut pres: BTreeMap<(Variant, &str), Result<Precompiled, String>> = BTreeMap::new();
    let compile_start = Instant::now();
    for w in &selected {
        for v in [
            Variant::Native,
            Variant::Stock,
            Variant::Shim,
            Variant::Floor,
            Variant::BuildStdP2,
            Variant::BuildStdP3,
        ] {
            if !v.runs(w, &opts) || built.contains_key(&(v, w.bin)) {
                continue;
            }
            let path = opts.program(v, w.bin);
            let size = std::fs::metadata(&path)
                .map_err(|_| host::missing(&path))?
                .len();
            let mut compile = None;
            if v.is_wasm() {
                let cwasm = work
                    .path()
                    .join("cwasm")
                    .join(v.name())
                    .join(format!("{}.cwasm", w.bin));
                let pre = host::precompile(&path, &cwasm).map_err(|e| format!("{e:#}"));
                if let Ok(p) = &pre {
                    compile = Some(p.compile);
                }
                pres.insert((v, w.bin), pre);
            }
            built.insert((v, w.bin), Built { size, compile });
        }
    }
    // The stock and shim programs of the `size` profile: sizes only.
    let mut sized: Vec<(&str, (u64, u64))> = Vec::new();
    if let Some((stock_dir, shim_dir)) = &opts.size_profile {
        for w in &selected {
            if sized.iter().any(|(b, _)| *b == w.bin) {
                continue;
            }
            let len = |dir: &Path| {
                let path = host::program_path(dir, w.bin, true);
                std::fs::metadata(&path)
                    .map(|m| m.len())
                    .map_err(|_| host::missing(&path))
            };
            sized.push((w.bin, (len(stock_dir)?, len(shim_dir)?)));
        }
    }
    eprintln!(
        "wasi-shim-bench: compiled {} components in {:.1?}",
        pres.len(),
        compile_start.elapsed()
    );

    let mut all: BTreeMap<HostMode, ResultsMap> = BTreeMap::new();
    let runs_start = Instant::now();
    for (i, mode) in opts.modes.iter().enumerate() {
        let results = all.entry(*mode).or_default();
        for w in &selected {
            // Host calls do not depend on the host mode: they are counted under the first.
            let run = Run {
                opts: &opts,
                mode: *mode,
                count: i == 0,
                work: work.path(),
                fixture: &fixture,
                pres: &pres,
            };
            run_workload(&run, w, results);
        }
    }
    eprintln!(
        "wasi-shim-bench: ran the workloads in {:.1?}",
        runs_start.elapsed()
    );

    let text = report::render(&opts, &selected, &all, &built, &sized);
    println!("{text}");
    if let Some(path) = &opts.results {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, &text).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wasi-shim-bench: wrote {}", path.display());
    }
    if let Some(path) = &opts.doc {
        let doc = std::fs::read_to_string(path).unwrap_or_default();
        std::fs::write(path, report::splice(&doc, &text))
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wasi-shim-bench: wrote the results into {}", path.display());
    }

    let mut ok = true;
    for (mode, results) in &all {
        for ((name, v), r) in results {
            if let Some(p) = &r.problem {
                let what = match p {
                    Problem::Dnf(t) => format!("did not finish in {t:?}"),
                    Problem::Failed(e) => format!("failed: {e}"),
                };
                eprintln!(
                    "wasi-shim-bench: {name} / {} ({}): {what}",
                    v.name(),
                    mode.name()
                );
                ok &= !v.fatal();
            }
        }
    }
    Ok(ok)
}

/// Creates `fixture/d<N>/f00000 .. f<N-1>` (empty files) for every workload that lists or stats
/// the fixture.
fn make_fixture(fixture: &Path, selected: &[&Workload], quick: bool) -> Result<()> {
    for w in selected.iter().filter(|w| w.fixture) {
        let n: u64 = w.args(quick)[0].parse()?;
        let dir = fixture.join(format!("d{n}"));
        if dir.exists() {
            continue;
        }
        std::fs::create_dir_all(&dir)?;
        for i in 0..n {
            std::fs::File::create(dir.join(format!("f{i:05}")))?;
        }
    }
    std::fs::create_dir_all(fixture)?;
    Ok(())
}

/// Runs every variant of `w`: `warmup` discarded rounds, then `runs` rounds, each round running
/// every variant once (the order rotates from round to round, so that no variant always runs
/// right after the same one). A variant that fails or times out is not run again.
/// What every run of one host mode shares.
struct Run<'a> {
    opts: &'a Options,
    mode: HostMode,
    /// Whether to count host calls too.
    count: bool,
    work: &'a Path,
    fixture: &'a Path,
    pres: &'a BTreeMap<(Variant, &'a str), Result<Precompiled, String>>,
}

fn run_workload<'w>(run: &Run<'_>, w: &'w Workload, results: &mut ResultsMap<'w>) {
    let Run {
        opts,
        mode,
        count: count_calls,
        work,
        fixture,
        pres,
    } = *run;
    let inline_fs = mode == HostMode::Inline;
    let variants: Vec<Variant> = Variant::ALL
        .into_iter()
        .chain(Variant::VERSIONS)
        .filter(|v| v.runs(w, opts))
        .collect();
    let args = w.args(opts.quick);
    let mut hash_args = args.clone();
    hash_args.push(String::from("hash"));
    let env = w.env();
    for v in &variants {
        let entry = results.entry((w.name, *v)).or_default();
        if let Some(Err(e)) = pres.get(&(v.build(), w.bin)) {
            entry.problem = Some(Problem::Failed(e.clone()));
        }
    }
    let rounds = opts.warmup + opts.runs;
    for round in 0..rounds {
        eprintln!(
            "wasi-shim-bench: [{}] {} ({}), {} {}/{}",
            mode.name(),
            w.name,
            w.size(opts.quick),
            if round < opts.warmup {
                "warm-up"
            } else {
                "run"
            },
            if round < opts.warmup {
                round + 1
            } else {
                round + 1 - opts.warmup
            },
            if round < opts.warmup {
                opts.warmup
            } else {
                opts.runs
            },
        );
        for k in 0..variants.len() {
            let v = variants[(k + round) % variants.len()];
            let entry = results.entry((w.name, v)).or_default();
            if entry.problem.is_some() {
                continue;
            }
            let scratch = match tempfile::Builder::new().prefix("scratch-").tempdir_in(work) {
                Ok(d) => d,
                Err(e) => {
                    entry.problem = Some(Problem::Failed(format!("scratch directory: {e}")));
                    continue;
                }
            };
            let spec = RunSpec {
                argv0: w.bin,
                args: if v == Variant::FloorHash {
                    &hash_args
                } else {
                    &args
                },
                env: &env,
                scratch: scratch.path(),
                fixture,
                timeout: opts.timeout,
                inline_fs,
            };
            let outcome = match v {
                Variant::Native => host::run_native(&opts.program(v, w.bin), &spec),
                _ => match pres.get(&(v.build(), w.bin)) {
                    Some(Ok(p)) => host::run_wasm(&p.pre, &spec, false),
                    _ => Err(RunError::Failed(String::from("not compiled"))),
                },
            };
            match outcome {
                Ok(out) => match Sample::parse(out.whole, out.cpu, &out.stdout) {
                    Ok(sample) if round >= opts.warmup => entry.samples.push(sample),
                    Ok(_) => {}
                    Err(e) => entry.problem = Some(Problem::Failed(e)),
                },
                Err(RunError::TimedOut) => {
                    eprintln!(
                        "wasi-shim-bench: [{}] {} / {}: DNF",
                        mode.name(),
                        w.name,
                        v.name()
                    );
                    entry.problem = Some(Problem::Dnf(opts.timeout));
                }
                Err(RunError::Failed(e)) => {
                    eprintln!(
                        "wasi-shim-bench: [{}] {} / {}: failed: {e}",
                        mode.name(),
                        w.name,
                        v.name()
                    );
                    entry.problem = Some(Problem::Failed(e));
                }
            }
        }
    }
    // More runs of each WASI variant, untimed, counting host calls: one whole run, and one
    // stopped before each phase (`BENCH_STOP_AFTER=k`), whose differences are each phase's calls.
    for v in variants.iter().filter(|v| v.is_wasm() && count_calls) {
        let entry = results.entry((w.name, *v)).or_default();
        let (Some(Ok(p)), None) = (pres.get(&(v.build(), w.bin)), &entry.problem) else {
            continue;
        };
        let phases: Vec<String> = entry
            .samples
            .first()
            .map(|s| s.phases.iter().map(|(n, _)| n.clone()).collect())
            .unwrap_or_default();
        let count = |stop: Option<usize>| {
            let scratch = tempfile::Builder::new()
                .prefix("scratch-")
                .tempdir_in(work)
                .ok()?;
            let mut env = env.clone();
            if let Some(k) = stop {
                env.push((String::from("BENCH_STOP_AFTER"), k.to_string()));
            }
            let spec = RunSpec {
                argv0: w.bin,
                args: if *v == Variant::FloorHash {
                    &hash_args
                } else {
                    &args
                },
                env: &env,
                scratch: scratch.path(),
                fixture,
                timeout: opts.timeout,
                inline_fs,
            };
            host::run_wasm(&p.pre, &spec, true).ok()?.host_calls
        };
        entry.host_calls = count(None);
        if w.metric == Metric::Phases {
            let mut upto: Vec<Option<u64>> = (0..phases.len()).map(|k| count(Some(k))).collect();
            upto.push(entry.host_calls);
            for (i, name) in phases.iter().enumerate() {
                if let (Some(a), Some(b)) = (upto[i], upto[i + 1]) {
                    entry.phase_calls.push((name.clone(), b.saturating_sub(a)));
                }
            }
        }
    }
    // Every variant must have done the same work.
    let reference = variants.iter().find_map(|v| {
        let r = &results[&(w.name, *v)];
        r.problem
            .is_none()
            .then(|| r.samples.first().map(|s| s.check.clone()))?
    });
    for v in &variants {
        let r = results.get_mut(&(w.name, *v)).expect("entry made above");
        if r.problem.is_some() {
            continue;
        }
        if let Some(bad) = r
            .samples
            .iter()
            .find(|s| Some(&s.check) != reference.as_ref())
        {
            r.problem = Some(Problem::Failed(format!(
                "output differs: `{}`, others `{}`",
                bad.check,
                reference.as_deref().unwrap_or("")
            )));
        }
    }
}
