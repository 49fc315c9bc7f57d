//! Statistics and Markdown: medians, the tables, the machine, and splicing the results into
//! `docs/BENCHMARKS.md`.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

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
