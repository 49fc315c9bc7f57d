//! `wasi-shim-bench`: runs the workloads of `bench/` in four variants side by side and prints
//! (and optionally writes into `docs/BENCHMARKS.md`) the table. `cargo xtask bench` builds the
//! variants and starts it; see `docs/BENCHMARKS.md` for the method.
//!
//! Variants: `native` (host target, child process), `stock` (wasm32-wasip2 with the toolchain's
//! wasi-libc), `shim` (wasm32-wasip2 linked against wasi-shim), `floor` (the same work written
//! against the WASI 0.2 bindings) and, where the shim makes `metadata-hash` calls, `floor+hash`
//! (the floor making them too). WASI variants are compiled once, ahead of their runs, by one
//! engine; compile time is reported apart.
//!
//! ```text
//! wasi-shim-bench --native DIR --stock DIR --shim DIR --floor DIR
//!                 [--quick] [--runs N] [--warmup N] [--timeout SECS] [--only NAME,..]
//!                 [--fs-modes spawn,inline] [--work-dir DIR] [--results FILE] [--doc FILE]
//! ```
//!
//! Exit status: 0 when every native, shim and floor run finished with the expected output; 1
//! otherwise (a failed or hung stock run is reported, not fatal: stock is the toolchain's).

mod host;
mod report;
mod workloads;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use host::{Precompiled, RunError, RunSpec};
use report::{Summary, cell, ratio, summarize, table};
use workloads::{Metric, Workload};

/// How a workload is built and run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Variant {
    Native,
    Stock,
    Shim,
    Floor,
    FloorHash,
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

struct Options {
    dirs: BTreeMap<Variant, PathBuf>,
    modes: Vec<HostMode>,
    quick: bool,
    runs: usize,
    warmup: usize,
    timeout: Duration,
    only: Option<Vec<String>>,
    work_dir: PathBuf,
    results: Option<PathBuf>,
    doc: Option<PathBuf>,
    /// Where the `no_std` components of `tests/nostd` are, for their size table.
    nostd: Option<PathBuf>,
}

const USAGE: &str = "usage: wasi-shim-bench --native DIR --stock DIR --shim DIR --floor DIR \
[--quick] [--runs N] [--warmup N] [--timeout SECS] [--only NAME,..] [--fs-modes spawn,inline] \
[--work-dir DIR] [--results FILE] [--doc FILE] [--nostd DIR]";

impl Options {
    fn parse() -> Result<Self> {
        let mut args = std::env::args().skip(1);
        let mut dirs = BTreeMap::new();
        let (mut quick, mut runs, mut warmup, mut timeout) = (false, None, None, None);
        let (mut only, mut work_dir, mut results, mut doc) = (None, None, None, None);
        let mut nostd = None;
        let mut modes = vec![HostMode::Spawn, HostMode::Inline];
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next()
                    .with_context(|| format!("{flag} needs a value\n{USAGE}"))
            };
            match flag.as_str() {
                "--native" => drop(dirs.insert(Variant::Native, PathBuf::from(value()?))),
                "--stock" => drop(dirs.insert(Variant::Stock, PathBuf::from(value()?))),
                "--shim" => drop(dirs.insert(Variant::Shim, PathBuf::from(value()?))),
                "--floor" => drop(dirs.insert(Variant::Floor, PathBuf::from(value()?))),
                "--quick" => quick = true,
                "--runs" => runs = Some(value()?.parse::<usize>().context("--runs")?),
                "--warmup" => warmup = Some(value()?.parse::<usize>().context("--warmup")?),
                "--timeout" => {
                    timeout = Some(Duration::from_secs(
                        value()?.parse::<u64>().context("--timeout")?,
                    ));
                }
                "--only" => {
                    only = Some(value()?.split(',').map(str::to_string).collect::<Vec<_>>());
                }
                "--work-dir" => work_dir = Some(PathBuf::from(value()?)),
                "--fs-modes" => {
                    modes = value()?
                        .split(',')
                        .map(|m| match m {
                            "spawn" => Ok(HostMode::Spawn),
                            "inline" => Ok(HostMode::Inline),
                            other => bail!("unknown --fs-modes value `{other}`"),
                        })
                        .collect::<Result<_>>()?;
                }
                "--results" => results = Some(PathBuf::from(value()?)),
                "--doc" => doc = Some(PathBuf::from(value()?)),
                "--nostd" => nostd = Some(PathBuf::from(value()?)),
                "-h" | "--help" => {
                    println!("{USAGE}");
                    std::process::exit(0);
                }
                other => bail!("unknown argument `{other}`\n{USAGE}"),
            }
        }
        for v in [
            Variant::Native,
            Variant::Stock,
            Variant::Shim,
            Variant::Floor,
        ] {
            if !dirs.contains_key(&v) {
                bail!("--{} DIR is required\n{USAGE}", v.name());
            }
        }
        let runs = runs.unwrap_or(if quick { 1 } else { 10 });
        if runs == 0 {
            bail!("--runs must be at least 1");
        }
        if modes.is_empty() {
            bail!("--fs-modes names no mode");
        }
        Ok(Self {
            dirs,
            modes,
            quick,
            runs,
            warmup: warmup.unwrap_or(usize::from(!quick)),
            timeout: timeout.unwrap_or(Duration::from_secs(if quick { 60 } else { 180 })),
            only,
            work_dir: work_dir.unwrap_or_else(std::env::temp_dir),
            results,
            doc,
            nostd,
        })
    }

    fn program(&self, variant: Variant, bin: &str) -> PathBuf {
        host::program_path(&self.dirs[&variant.build()], bin, variant.is_wasm())
    }
}

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
        ] {
            if built.contains_key(&(v, w.bin)) {
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

    let text = render(&opts, &selected, &all, &built);
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
        .filter(|v| *v != Variant::FloorHash || w.hash)
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

/// The text of a variant's cell, or of its problem.
fn status_cell(r: Option<&Results>, s: Option<&Summary>) -> String {
    match (r.and_then(|r| r.problem.as_ref()), s) {
        (Some(Problem::Dnf(t)), _) => format!("DNF (>{} s)", t.as_secs()),
        (Some(Problem::Failed(_)), _) => String::from("FAIL"),
        (None, Some(s)) => cell(s),
        (None, None) => String::new(),
    }
}

/// The profile of the bench workspace, read from `bench/Cargo.toml`.
fn bench_profile() -> String {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/Cargo.toml");
    let text = std::fs::read_to_string(manifest).unwrap_or_default();
    let mut in_profile = false;
    let mut keys = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_profile = line == "[profile.release]";
        } else if in_profile && !line.is_empty() && !line.starts_with('#') {
            keys.push(line.replace(" = ", " "));
        }
    }
    format!("`--release`: {}", keys.join(", "))
}

fn toolchain() -> String {
    std::process::Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| String::from("rustc (unknown)"))
}

/// The time, phase and CPU tables of one host mode.
fn render_mode(
    opts: &Options,
    selected: &[&Workload],
    mode: HostMode,
    results: &ResultsMap<'_>,
) -> String {
    let mut out = String::new();
    let summary = |name: &str, v: Variant, f: &dyn Fn(&Sample) -> Option<f64>| {
        summary_of(results, name, v, f)
    };
    // The main table.
    out += &format!("### Time — {}\n\n", mode.title());
    let mut rows = Vec::new();
    for w in selected {
        let s: BTreeMap<Variant, Option<Summary>> = Variant::ALL
            .into_iter()
            .map(|v| (v, summary(w.name, v, &|x: &Sample| Some(x.value(w.metric)))))
            .collect();
        let mut row = vec![w.name.to_string(), w.size(opts.quick)];
        for v in Variant::ALL {
            row.push(status_cell(results.get(&(w.name, v)), s[&v].as_ref()));
        }
        row.push(ratio_cell(s[&Variant::Shim], s[&Variant::Stock]));
        row.push(ratio_cell(s[&Variant::Shim], s[&Variant::Floor]));
        row.push(ratio_cell(s[&Variant::Shim], s[&Variant::FloorHash]));
        row.push(ratio_cell(s[&Variant::Shim], s[&Variant::Native]));
        rows.push(row);
    }
    out += &table(
        &[
            "workload",
            "size",
            "native",
            "stock",
            "shim",
            "floor",
            "floor+hash",
            "shim/stock",
            "shim/floor",
            "shim/floor+hash",
            "shim/native",
        ],
        &rows,
    );
    out += "\n";

    // Phases.
    out += &format!("### Phases, medians — {}\n\n", mode.name());
    let mut rows = Vec::new();
    for w in selected {
        let phase_names: Vec<String> = Variant::ALL
            .into_iter()
            .find_map(|v| {
                let r = results.get(&(w.name, v))?;
                r.samples
                    .first()
                    .map(|s| s.phases.iter().map(|(n, _)| n.clone()).collect())
            })
            .unwrap_or_default();
        for p in &phase_names {
            let get = |v: Variant| {
                summary(w.name, v, &|x: &Sample| {
                    x.phases.iter().find(|(n, _)| n == p).map(|(_, ns)| *ns)
                })
            };
            let s: BTreeMap<Variant, Option<Summary>> =
                Variant::ALL.into_iter().map(|v| (v, get(v))).collect();
            let mut row = vec![format!("{} / {p}", w.name)];
            for v in Variant::ALL {
                row.push(
                    s[&v]
                        .map(|s| report::duration(s.median))
                        .unwrap_or_default(),
                );
            }
            row.push(ratio_cell(s[&Variant::Shim], s[&Variant::Stock]));
            row.push(ratio_cell(s[&Variant::Shim], s[&Variant::Floor]));
            row.push(ratio_cell(s[&Variant::Shim], s[&Variant::FloorHash]));
            rows.push(row);
        }
    }
    out += &table(
        &[
            "workload / phase",
            "native",
            "stock",
            "shim",
            "floor",
            "floor+hash",
            "shim/stock",
            "shim/floor",
            "shim/floor+hash",
        ],
        &rows,
    );

    // CPU time.
    out += &format!(
        "\n### CPU time of the whole run, medians — {}\n\n",
        mode.name()
    );
    let mut rows = Vec::new();
    for w in selected {
        let s: BTreeMap<Variant, Option<Summary>> = Variant::ALL
            .into_iter()
            .map(|v| (v, summary(w.name, v, &|x: &Sample| Some(x.cpu))))
            .collect();
        let mut row = vec![w.name.to_string()];
        for v in Variant::ALL {
            row.push(
                s[&v]
                    .map(|s| report::duration(s.median))
                    .unwrap_or_default(),
            );
        }
        row.push(ratio_cell(s[&Variant::Shim], s[&Variant::Stock]));
        row.push(ratio_cell(s[&Variant::Shim], s[&Variant::Floor]));
        row.push(ratio_cell(s[&Variant::Shim], s[&Variant::FloorHash]));
        rows.push(row);
    }
    out += &table(
        &[
            "workload",
            "native",
            "stock",
            "shim",
            "floor",
            "floor+hash",
            "shim/stock",
            "shim/floor",
            "shim/floor+hash",
        ],
        &rows,
    );
    out += "\nUser + system time of every thread of the process during the run: the runner's \
            (guest, host calls, tokio's blocking pool) for WASI variants, the child's for native. \
            It includes the program's setup, and it is much less sensitive than wall time to \
            other load on the machine (wall time also holds the wake-up latency of each \
            `spawn_blocking` hand-off).\n\n";
    out
}

/// The summary of `f` over the samples of `name`/`v`, unless that variant had a problem.
fn summary_of(
    results: &ResultsMap<'_>,
    name: &str,
    v: Variant,
    f: &dyn Fn(&Sample) -> Option<f64>,
) -> Option<Summary> {
    results.get(&(name, v)).and_then(|r| {
        if r.problem.is_some() {
            return None;
        }
        let xs: Vec<f64> = r.samples.iter().filter_map(f).collect();
        summarize(&xs)
    })
}

fn ratio_cell(a: Option<Summary>, b: Option<Summary>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => ratio(a.median, b.median),
        _ => String::new(),
    }
}

/// The size table of the `no_std` components (`tests/nostd`, built with its size profile).
fn nostd_sizes(dir: &Path) -> String {
    let mut rows = Vec::new();
    for (name, what) in [
        ("nostd-hello", "prints a line (target: at most 12 KiB)"),
        ("copy-digest", "copies a file and prints its FNV-1a digest"),
        ("kv_store", "reactor: a key-value store over files"),
    ] {
        let size = std::fs::metadata(dir.join(format!("{name}.wasm")))
            .map(|m| report::size(m.len()))
            .unwrap_or_else(|_| String::from("(missing)"));
        rows.push(vec![name.to_string(), what.to_string(), size]);
    }
    let mut out = String::from("### `no_std` components\n\n");
    out += &table(&["component", "what it does", "size"], &rows);
    out += "\nThe components of `tests/nostd`: `#![no_std]` over wasi-shim's safe API, with its \
            dlmalloc heap and panic handler, built with that workspace's profile (`opt-level = \
            \"z\"`, LTO, stripped). For scale: a hand-written `no_std` hello over the raw \
            bindings is 2,984 bytes, and the std `startup` program with stock wasi-libc is in \
            the table above.\n\n";
    out
}

#[expect(clippy::too_many_lines, reason = "one table after the other")]
fn render(
    opts: &Options,
    selected: &[&Workload],
    all: &BTreeMap<HostMode, ResultsMap<'_>>,
    built: &BTreeMap<(Variant, &str), Built>,
) -> String {
    let mut out = String::new();
    let quick = if opts.quick { " --quick" } else { "" };
    out += &format!(
        "Generated by `cargo xtask bench{quick}` on {} — machine: {}; files on {}; {}; wasmtime \
         48 (one engine, the harness's configuration); build profile of every variant: {}. Each \
         cell: median of {} run(s) after {} warm-up run(s), (min–max); time limit {} s per \
         run.\n\n",
        report::date_utc(),
        report::machine(),
        report::filesystem(&opts.work_dir),
        toolchain(),
        bench_profile(),
        opts.runs,
        opts.warmup,
        opts.timeout.as_secs(),
    );
    out += "Workloads:\n\n";
    for w in selected {
        out += &format!("- `{}`: {} ({}).\n", w.name, w.what, w.size(opts.quick));
    }
    out += "\nRows measure the phases the program timed itself (setup excluded), except `startup` \
            and `args_env`, which measure the whole run (instantiation or process start through \
            exit). `floor+hash` is the floor plus one `metadata-hash` call per stat and per \
            directory entry, as the shim makes to fill `st_ino`/`d_ino`; it is run only where \
            that applies.\n\n";
    for (mode, results) in all {
        out += &render_mode(opts, selected, *mode, results);
    }
    // Host calls were counted under the first mode.
    let Some(results) = all.values().next() else {
        return out;
    };

    // Host calls.
    out += "### Host calls per operation\n\n";
    let mut rows = Vec::new();
    for w in selected {
        let (ops, unit) = w.ops(opts.quick);
        let per_op = |c: u64| {
            if ops == 1 {
                c.to_string()
            } else {
                format!("{:.2}", c as f64 / ops as f64)
            }
        };
        let get = |v: Variant| results.get(&(w.name, v));
        let mut row = vec![w.name.to_string(), format!("{ops} × {unit}")];
        for v in [
            Variant::Stock,
            Variant::Shim,
            Variant::Floor,
            Variant::FloorHash,
        ] {
            row.push(
                get(v)
                    .and_then(|r| r.host_calls)
                    .map(per_op)
                    .unwrap_or_default(),
            );
        }
        rows.push(row);
        let phases: Vec<String> = get(Variant::Shim)
            .map(|r| r.phase_calls.iter().map(|(n, _)| n.clone()).collect())
            .unwrap_or_default();
        if phases.len() > 1 {
            for p in &phases {
                let mut row = vec![format!("{} / {p}", w.name), String::new()];
                for v in [
                    Variant::Stock,
                    Variant::Shim,
                    Variant::Floor,
                    Variant::FloorHash,
                ] {
                    row.push(
                        get(v)
                            .and_then(|r| r.phase_calls.iter().find(|(n, _)| n == p))
                            .map(|(_, c)| per_op(*c))
                            .unwrap_or_default(),
                    );
                }
                rows.push(row);
            }
        }
    }
    out += &table(
        &[
            "workload / phase",
            "ops per run",
            "stock",
            "shim",
            "floor",
            "floor+hash",
        ],
        &rows,
    );
    out += "\nHost calls per operation (per run for `startup` and `args_env`), counted in extra, \
            untimed runs with a wasmtime call hook: every call from the guest into the host (WASI \
            imports, resource drops, and the runtime's own libcalls such as `memory.grow` and \
            epoch checks). A workload's row counts its whole run, setup and output included; a \
            phase's row is the difference between runs stopped before and after that phase.\n\n";

    // Sizes and compile times.
    out += "### Component size and compile time\n\n";
    let mut rows = Vec::new();
    let mut bins: Vec<&str> = selected.iter().map(|w| w.bin).collect();
    bins.dedup();
    for bin in &bins {
        let size = |v: Variant| built.get(&(v, *bin)).map(|b| b.size);
        let compile = |v: Variant| {
            built
                .get(&(v, *bin))
                .and_then(|b| b.compile)
                .map(|d| report::duration(d.as_nanos() as f64))
                .unwrap_or_default()
        };
        let mut row = vec![(*bin).to_string()];
        for v in [
            Variant::Native,
            Variant::Stock,
            Variant::Shim,
            Variant::Floor,
        ] {
            row.push(size(v).map(report::size).unwrap_or_default());
        }
        row.push(match (size(Variant::Shim), size(Variant::Stock)) {
            (Some(a), Some(b)) => ratio(a as f64, b as f64),
            _ => String::new(),
        });
        for v in [Variant::Stock, Variant::Shim, Variant::Floor] {
            row.push(compile(v));
        }
        rows.push(row);
    }
    out += &table(
        &[
            "program",
            "native binary",
            "stock",
            "shim",
            "floor",
            "shim/stock",
            "compile stock",
            "compile shim",
            "compile floor",
        ],
        &rows,
    );
    out += "\nSizes are of the files cargo produced (components for the WASI variants). Compile \
            time is `Engine::precompile_component` (Cranelift), once per component before any \
            run; it is not part of any time above.\n\n";
    if let Some(dir) = &opts.nostd {
        out += &nostd_sizes(dir);
    }

    // Targets.
    out += "### Targets\n\n";
    let mut rows = Vec::new();
    for (mode, results) in all {
        for w in selected.iter().filter(|w| w.floor_target) {
            let value =
                |v: Variant| summary_of(results, w.name, v, &|x: &Sample| Some(x.value(w.metric)));
            let floor_v = if w.hash {
                Variant::FloorHash
            } else {
                Variant::Floor
            };
            let (value, met) = match (value(Variant::Shim), value(floor_v)) {
                (Some(s), Some(f)) => {
                    let r = s.median / f.median;
                    (format!("{r:.2}×"), if r <= 1.1 { "yes" } else { "**no**" })
                }
                _ => (String::from("n/a"), "**no**"),
            };
            rows.push(vec![
                format!("time: shim ≤ 1.1× {} ({})", floor_v.name(), mode.name()),
                w.name.to_string(),
                value,
                met.to_string(),
            ]);
        }
    }
    for bin in &bins {
        let size = |v: Variant| built.get(&(v, *bin)).map(|b| b.size);
        if let (Some(shim), Some(stock)) = (size(Variant::Shim), size(Variant::Stock)) {
            rows.push(vec![
                String::from("size: shim ≤ stock"),
                (*bin).to_string(),
                ratio(shim as f64, stock as f64),
                (if shim <= stock { "yes" } else { "**no**" }).to_string(),
            ]);
        }
    }
    out += &table(&["target", "workload", "value", "met"], &rows);

    // Problems.
    let mut problems = Vec::new();
    for (mode, results) in all {
        for ((name, v), r) in results {
            let Some(p) = &r.problem else { continue };
            problems.push(match p {
                Problem::Dnf(t) => format!(
                    "- `{name}` / {} ({}): DNF after {} s",
                    v.name(),
                    mode.name(),
                    t.as_secs()
                ),
                Problem::Failed(e) => {
                    let first = e.lines().next().unwrap_or("");
                    format!(
                        "- `{name}` / {} ({}): failed: {first}",
                        v.name(),
                        mode.name()
                    )
                }
            });
        }
    }
    if !problems.is_empty() {
        out += "\n### Did not finish or failed\n\n";
        out += &problems.join("\n");
        out.push('\n');
    }
    out
}
