//! Statistics and Markdown: medians, the tables, the machine, the report of a whole run
//! ([`render`]), and splicing it into `docs/BENCHMARKS.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::options::Options;
use crate::workloads::Workload;
use crate::{Built, HostMode, Problem, Results, ResultsMap, Sample, Variant};

/// Median, minimum and maximum of some samples, in nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// The median (the mean of the two middle samples for an even count).
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
}

/// Summarizes `samples`; `None` when there are none.
pub fn summarize(samples: &[f64]) -> Option<Summary> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    let median = if sorted.len().is_multiple_of(2) {
        f64::midpoint(sorted[mid - 1], sorted[mid])
    } else {
        sorted[mid]
    };
    Some(Summary {
        median,
        min: sorted[0],
        max: sorted[sorted.len() - 1],
    })
}

/// A unit for nanosecond values: its divisor and name.
fn unit(ns: f64) -> (f64, &'static str) {
    if ns >= 1e9 {
        (1e9, "s")
    } else if ns >= 1e6 {
        (1e6, "ms")
    } else if ns >= 1e3 {
        (1e3, "µs")
    } else {
        (1.0, "ns")
    }
}

/// Three significant digits or so.
fn number(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A duration given in nanoseconds, e.g. `12.3 ms`.
pub fn duration(ns: f64) -> String {
    let (div, name) = unit(ns);
    format!("{} {name}", number(ns / div))
}

/// `median (min–max)`, the range in the median's unit.
pub fn cell(s: &Summary) -> String {
    let (div, name) = unit(s.median);
    format!(
        "{} {name} ({}–{})",
        number(s.median / div),
        number(s.min / div),
        number(s.max / div)
    )
}

/// A ratio, e.g. `1.04×`.
pub fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}×", a / b)
    } else {
        String::from("—")
    }
}

/// A size in bytes, as KiB.
pub fn size(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// A Markdown table with padded columns (readable as plain text too).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let cols = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, c) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = String>| {
        let mut s = String::from("|");
        for (i, c) in cells.enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            let _ = write!(s, " {c}{} |", " ".repeat(pad));
        }
        s.push('\n');
        s
    };
    let mut out = line(&mut headers.iter().map(|h| (*h).to_string()));
    out += &line(&mut widths.iter().map(|w| "-".repeat(*w)));
    for row in rows {
        let mut cells = row.clone();
        cells.resize(cols, String::new());
        out += &line(&mut cells.into_iter());
    }
    out
}

/// Today's date (UTC), `YYYY-MM-DD`.
pub fn date_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day number counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The machine, as far as the table needs it: cores, CPU model, kernel.
pub fn machine() -> String {
    let nproc = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == "model name").then(|| v.trim().to_string())
        })
        .unwrap_or_else(|| String::from("unknown CPU"));
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map_or_else(|_| String::from("unknown"), |s| s.trim().to_string());
    format!("nproc {nproc}, CPU \"{model}\", Linux {kernel}")
}

/// The type of the filesystem holding `path` (the longest matching mount point in
/// `/proc/mounts`), e.g. `tmpfs (/dev/shm/wasi-shim-bench)`.
pub fn filesystem(path: &std::path::Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    let fstype = mounts
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (_, point, fstype) = (f.next()?, f.next()?, f.next()?);
            path.starts_with(point)
                .then_some((point.len(), fstype.to_string()))
        })
        .max_by_key(|(len, _)| *len)
        .map_or_else(|| String::from("unknown filesystem"), |(_, t)| t);
    format!("{fstype} (`{}`)", path.display())
}

/// Marks the generated part of `docs/BENCHMARKS.md`.
pub const BEGIN: &str = "<!-- BEGIN cargo xtask bench results -->";
/// Ends it.
pub const END: &str = "<!-- END cargo xtask bench results -->";

/// `doc` with the text between the markers replaced by `results` (the markers are added at the
/// end when missing).
pub fn splice(doc: &str, results: &str) -> String {
    let block = format!("{BEGIN}\n{results}{END}\n");
    match (doc.find(BEGIN), doc.find(END)) {
        (Some(b), Some(e)) if b < e => {
            let after = &doc[e + END.len()..];
            let after = after.strip_prefix('\n').unwrap_or(after);
            format!("{}{block}{after}", &doc[..b])
        }
        _ => {
            let mut out = doc.to_string();
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            out + &block
        }
    }
}

/// The headers of a table of medians per variant, with the shim's ratios to stock, floor and
/// floor+hash, whose first column is `first`.
fn medians_headers(first: &str) -> [&str; 9] {
    [
        first,
        "native",
        "stock",
        "shim",
        "floor",
        "floor+hash",
        "shim/stock",
        "shim/floor",
        "shim/floor+hash",
    ]
}

/// One row of such a table: `label`, each variant's median, and the shim's ratios.
fn medians_row(label: String, s: &BTreeMap<Variant, Option<Summary>>) -> Vec<String> {
    let mut row = vec![label];
    for v in Variant::ALL {
        row.push(s[&v].map(|s| duration(s.median)).unwrap_or_default());
    }
    row.push(ratio_cell(s[&Variant::Shim], s[&Variant::Stock]));
    row.push(ratio_cell(s[&Variant::Shim], s[&Variant::Floor]));
    row.push(ratio_cell(s[&Variant::Shim], s[&Variant::FloorHash]));
    row
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

/// The keys of the profile `name` of the bench workspace, read from `bench/Cargo.toml`.
fn bench_profile(name: &str) -> String {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/Cargo.toml");
    let text = std::fs::read_to_string(manifest).unwrap_or_default();
    let header = format!("[profile.{name}]");
    let mut in_profile = false;
    let mut keys = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_profile = line == header;
        } else if in_profile && !line.is_empty() && !line.starts_with('#') {
            keys.push(line.replace(" = ", " "));
        }
    }
    keys.join(", ")
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
            rows.push(medians_row(format!("{} / {p}", w.name), &s));
        }
    }
    out += &table(&medians_headers("workload / phase"), &rows);

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
        rows.push(medians_row(w.name.to_string(), &s));
    }
    out += &table(&medians_headers("workload"), &rows);
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

/// A row of the targets table for a size target: shim at most stock.
fn size_target(target: &str, bin: &str, shim: u64, stock: u64) -> Vec<String> {
    vec![
        String::from(target),
        bin.to_string(),
        ratio(shim as f64, stock as f64),
        (if shim <= stock { "yes" } else { "**no**" }).to_string(),
    ]
}

/// The size table of the stock and shim programs built with the bench workspace's `size`
/// profile (stripped, `opt-level = "z"`): what a program built for size ships.
fn size_profile_table(sized: &[(&str, (u64, u64))]) -> String {
    let rows: Vec<Vec<String>> = sized
        .iter()
        .map(|(bin, (stock, shim))| {
            vec![
                (*bin).to_string(),
                size(*stock),
                size(*shim),
                ratio(*shim as f64, *stock as f64),
            ]
        })
        .collect();
    let mut out = format!(
        "The same programs built with the `size` profile (`--profile size`: {}), stock and \
         shim:\n\n",
        bench_profile("size")
    );
    out += &table(&["program", "stock", "shim", "shim/stock"], &rows);
    out += "\n";
    out
}

/// The size the `no_std` hello must stay within: 12 KiB.
const NOSTD_HELLO_TARGET: u64 = 12 * 1024;

/// The size table of the `no_std` components (`tests/nostd`, built with its size profile), for
/// `wasm32-wasip2` and, where `p3` is given, for `wasm32-wasip3`.
fn nostd_sizes(dir: &Path, p3: Option<&Path>) -> String {
    let bytes = |dir: &Path, name: &str| {
        std::fs::metadata(dir.join(format!("{name}.wasm")))
            .ok()
            .map(|m| m.len())
    };
    let mut rows = Vec::new();
    for (name, what) in [
        ("nostd-hello", "prints a line (target: at most 12 KiB)"),
        (
            "cli-basics",
            "args, env, stdin, clocks, sleep, random, exit status",
        ),
        ("copy-digest", "copies a file and prints its FNV-1a digest"),
        ("kv_store", "reactor: a key-value store over files"),
    ] {
        let on_p2 = bytes(dir, name);
        let on_p3 = p3.and_then(|p3| bytes(p3, name));
        let shown = |b: Option<u64>| b.map_or_else(|| String::from("—"), size);
        let ratio = match (on_p2, on_p3) {
            (Some(a), Some(b)) if a > 0 => format!("{:.2}×", b as f64 / a as f64),
            _ => String::from("—"),
        };
        rows.push(vec![
            name.to_string(),
            what.to_string(),
            shown(on_p2),
            shown(on_p3),
            ratio,
        ]);
    }
    let mut out = String::from("### `no_std` components\n\n");
    out += &table(
        &["component", "what it does", "p2 size", "p3 size", "p3/p2"],
        &rows,
    );
    out += "\nOn `wasm32-wasip3` (nightly-2026-10-18, `-Zbuild-std=core,alloc`) only the components \
            the p3 backend serves so far are built (a dash: not built). They differ in more than \
            WASI 0.3's calls and runtime glue (the task hook, the context-slot stack pointer, \
            stream and future built-ins waited for on a waitable set): core and alloc are \
            compiled from source by that nightly, where the p2 builds use the pinned \
            toolchain's prebuilt ones.\n";
    out += "\nThe components of `tests/nostd`: `#![no_std]` over wasi-shim's safe API, with its \
            panic handler (and its dlmalloc heap where they allocate: the hello allocates \
            nothing and links no heap), built with that workspace's profile (`opt-level = \
            \"z\"`, LTO, stripped). For scale: a hand-written `no_std` hello over the raw \
            bindings is 2,984 bytes, and the std `startup` program with stock wasi-libc is in \
            the table above.\n\n";
    out
}

/// The WASI 0.3 section: the shim's workloads built from source for p2 and for p3 by one nightly
/// (`bs-p2`, `bs-p3`), their times in every host mode, host calls and sizes.
fn versions(
    opts: &Options,
    selected: &[&Workload],
    all: &BTreeMap<HostMode, ResultsMap<'_>>,
    built: &BTreeMap<(Variant, &str), Built>,
) -> String {
    let [p2, p3] = Variant::VERSIONS;
    let mut out = String::from("### WASI 0.3 beside WASI 0.2\n\n");
    out += "The shim's workloads built from source by `cargo xtask build-std` with one nightly \
            (nightly-2026-10-18, the bench's `release` profile, std compiled with it), once for \
            `wasm32-wasip2` (`bs-p2`) and once for `wasm32-wasip3` (`bs-p3`): the two builds differ \
            only in the WASI version, so `p3/p2` is the cost (or gain) of WASI 0.3 under the \
            shim. The `shim` column of the tables above is the prebuilt std of the stable \
            toolchain instead.\n\n";
    let mut headers = vec![String::from("workload"), String::from("size")];
    for mode in all.keys() {
        for h in ["bs-p2", "bs-p3", "p3/p2"] {
            headers.push(format!("{h} ({})", mode.name()));
        }
    }
    headers.extend(["host calls p2", "host calls p3"].map(String::from));
    let mut rows = Vec::new();
    for w in selected {
        let mut row = vec![w.name.to_string(), w.size(opts.quick)];
        for results in all.values() {
            let value =
                |v: Variant| summary_of(results, w.name, v, &|x: &Sample| Some(x.value(w.metric)));
            let (a, b) = (value(p2), value(p3));
            row.push(status_cell(results.get(&(w.name, p2)), a.as_ref()));
            row.push(status_cell(results.get(&(w.name, p3)), b.as_ref()));
            row.push(ratio_cell(b, a));
        }
        // Host calls were counted under the first mode.
        let calls = |v: Variant| {
            all.values()
                .next()
                .and_then(|r| r.get(&(w.name, v)))
                .and_then(|r| r.host_calls)
                .map(|c| c.to_string())
                .unwrap_or_default()
        };
        row.push(calls(p2));
        row.push(calls(p3));
        rows.push(row);
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    out += &table(&headers, &rows);
    out += "\nHost calls are per whole run (setup and output included), counted as in the host \
            calls table above.\n\n";

    let mut rows = Vec::new();
    let mut bins: Vec<&str> = selected.iter().map(|w| w.bin).collect();
    bins.dedup();
    for bin in bins {
        let bytes = |v: Variant| built.get(&(v, bin)).map(|b| b.size);
        rows.push(vec![
            bin.to_string(),
            bytes(p2).map(size).unwrap_or_default(),
            bytes(p3).map(size).unwrap_or_else(|| String::from("—")),
            match (bytes(p3), bytes(p2)) {
                (Some(a), Some(b)) => ratio(a as f64, b as f64),
                _ => String::new(),
            },
        ]);
    }
    out += &table(&["program", "bs-p2 size", "bs-p3 size", "p3/p2"], &rows);
    out += "\n";
    out
}

#[expect(clippy::too_many_lines, reason = "one table after the other")]
pub(crate) fn render(
    opts: &Options,
    selected: &[&Workload],
    all: &BTreeMap<HostMode, ResultsMap<'_>>,
    built: &BTreeMap<(Variant, &str), Built>,
    sized: &[(&str, (u64, u64))],
) -> String {
    let mut out = String::new();
    let quick = if opts.quick { " --quick" } else { "" };
    out += &format!(
        "Generated by `cargo xtask bench{quick}` on {} — machine: {}; files on {}; {}; wasmtime \
         48 (one engine, the harness's configuration); build profile of every variant: `--release`: {}. Each \
         cell: median of {} run(s) after {} warm-up run(s), (min–max); time limit {} s per \
         run.\n\n",
        date_utc(),
        machine(),
        filesystem(&opts.work_dir),
        toolchain(),
        bench_profile("release"),
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
        let bytes = |v: Variant| built.get(&(v, *bin)).map(|b| b.size);
        let compile = |v: Variant| {
            built
                .get(&(v, *bin))
                .and_then(|b| b.compile)
                .map(|d| duration(d.as_nanos() as f64))
                .unwrap_or_default()
        };
        let mut row = vec![(*bin).to_string()];
        for v in [
            Variant::Native,
            Variant::Stock,
            Variant::Shim,
            Variant::Floor,
        ] {
            row.push(bytes(v).map(size).unwrap_or_default());
        }
        row.push(match (bytes(Variant::Shim), bytes(Variant::Stock)) {
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
    if !sized.is_empty() {
        out += &size_profile_table(sized);
    }
    if let Some(dir) = &opts.nostd {
        out += &nostd_sizes(dir, opts.nostd_p3.as_deref());
    }
    if opts.dirs.contains_key(&Variant::BuildStdP3) {
        out += &versions(opts, selected, all, built);
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
                    (format!("{r:.2}×"), if r <= 1.05 { "yes" } else { "**no**" })
                }
                _ => (String::from("n/a"), "**no**"),
            };
            rows.push(vec![
                format!("time: shim ≤ 1.05× {} ({})", floor_v.name(), mode.name()),
                w.name.to_string(),
                value,
                met.to_string(),
            ]);
        }
    }
    for bin in &bins {
        let bytes = |v: Variant| built.get(&(v, *bin)).map(|b| b.size);
        if let (Some(shim), Some(stock)) = (bytes(Variant::Shim), bytes(Variant::Stock)) {
            rows.push(size_target("size: shim ≤ stock", bin, shim, stock));
        }
    }
    for (bin, (stock, shim)) in sized {
        rows.push(size_target(
            "size (`size` profile): shim ≤ stock",
            bin,
            *shim,
            *stock,
        ));
    }
    if let Some(dir) = &opts.nostd
        && let Ok(m) = std::fs::metadata(dir.join("nostd-hello.wasm"))
    {
        rows.push(vec![
            String::from("size: no_std hello ≤ 12 KiB"),
            String::from("nostd-hello"),
            size(m.len()),
            (if m.len() <= NOSTD_HELLO_TARGET {
                "yes"
            } else {
                "**no**"
            })
            .to_string(),
        ]);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(summarize(&[]), None);
        let s = summarize(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        let s = summarize(&[4.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (2.5, 1.0, 4.0));
    }

    #[test]
    fn formatting() {
        assert_eq!(duration(1_234_000.0), "1.23 ms");
        assert_eq!(duration(12_345_678_901.0), "12.3 s");
        assert_eq!(duration(999.0), "999 ns");
        let s = Summary {
            median: 2_500_000.0,
            min: 2_000_000.0,
            max: 31_000_000.0,
        };
        assert_eq!(cell(&s), "2.50 ms (2.00–31.0)");
        assert_eq!(ratio(3.0, 2.0), "1.50×");
        assert_eq!(ratio(3.0, 0.0), "—");
    }

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    #[test]
    fn splicing() {
        let fresh = splice("# Title\n", "table\n");
        assert_eq!(fresh, format!("# Title\n\n{BEGIN}\ntable\n{END}\n"));
        let again = splice(&format!("{fresh}\n## Analysis\n"), "new\n");
        assert_eq!(
            again,
            format!("# Title\n\n{BEGIN}\nnew\n{END}\n\n## Analysis\n")
        );
    }

    #[test]
    fn tables() {
        let t = table(&["a", "bb"], &[vec!["xyz".into(), "1".into()]]);
        assert_eq!(t, "| a   | bb |\n| --- | -- |\n| xyz | 1  |\n");
    }
}
