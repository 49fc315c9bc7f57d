//! The command line of `wasi-shim-bench` (see the crate's documentation for the flags).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::{HostMode, Variant, host};

/// What the command line asks for.
pub(crate) struct Options {
    pub(crate) dirs: BTreeMap<Variant, PathBuf>,
    pub(crate) modes: Vec<HostMode>,
    pub(crate) quick: bool,
    pub(crate) runs: usize,
    pub(crate) warmup: usize,
    pub(crate) timeout: Duration,
    pub(crate) only: Option<Vec<String>>,
    pub(crate) work_dir: PathBuf,
    pub(crate) results: Option<PathBuf>,
    pub(crate) doc: Option<PathBuf>,
    /// Where the `no_std` components of `tests/nostd` are, for their size table.
    pub(crate) nostd: Option<PathBuf>,
    /// Where the same components built for `wasm32-wasip3` are (those the p3 backend serves).
    pub(crate) nostd_p3: Option<PathBuf>,
    /// Where the stock and shim programs built with `bench/Cargo.toml`'s `size` profile are
    /// (`--stock-size`, `--shim-size`), for the size table of that profile.
    pub(crate) size_profile: Option<(PathBuf, PathBuf)>,
}

pub(crate) const USAGE: &str = "usage: wasi-shim-bench --native DIR --stock DIR --shim DIR --floor DIR \
[--quick] [--runs N] [--warmup N] [--timeout SECS] [--only NAME,..] [--fs-modes spawn,inline] \
[--work-dir DIR] [--results FILE] [--doc FILE] [--nostd DIR] [--nostd-p3 DIR] \
[--stock-size DIR --shim-size DIR] [--bs-p2 DIR --bs-p3 DIR]";

impl Options {
    pub(crate) fn parse() -> Result<Self> {
        let mut args = std::env::args().skip(1);
        let mut dirs = BTreeMap::new();
        let (mut quick, mut runs, mut warmup, mut timeout) = (false, None, None, None);
        let (mut only, mut work_dir, mut results, mut doc) = (None, None, None, None);
        let (mut nostd, mut nostd_p3) = (None, None);
        let (mut stock_size, mut shim_size) = (None, None);
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
                "--bs-p2" => drop(dirs.insert(Variant::BuildStdP2, PathBuf::from(value()?))),
                "--bs-p3" => drop(dirs.insert(Variant::BuildStdP3, PathBuf::from(value()?))),
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
                "--nostd-p3" => nostd_p3 = Some(PathBuf::from(value()?)),
                "--stock-size" => stock_size = Some(PathBuf::from(value()?)),
                "--shim-size" => shim_size = Some(PathBuf::from(value()?)),
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
        if dirs.contains_key(&Variant::BuildStdP2) != dirs.contains_key(&Variant::BuildStdP3) {
            bail!("--bs-p2 and --bs-p3 go together\n{USAGE}");
        }
        let size_profile = match (stock_size, shim_size) {
            (Some(stock), Some(shim)) => Some((stock, shim)),
            (None, None) => None,
            _ => bail!("--stock-size and --shim-size go together\n{USAGE}"),
        };
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
            nostd_p3,
            size_profile,
        })
    }

    pub(crate) fn program(&self, variant: Variant, bin: &str) -> PathBuf {
        host::program_path(&self.dirs[&variant.build()], bin, variant.is_wasm())
    }
}
