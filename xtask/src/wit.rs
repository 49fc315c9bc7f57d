//! `cargo xtask vendor-wit`: reproducible vendoring of the WASI 0.2 and WASI 0.3 WIT packages.
//!
//! The sources are the `wasip2` and `wasip3` crates.io packages pinned in this crate's
//! `Cargo.toml`: each ships the WIT it was generated from under `wit/deps/`. Their locations come
//! from `cargo metadata`, so each copy is exactly the files of that published version.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

/// One vendored WASI release: the crate it comes from, the folder of this repo it goes to (its
/// `deps/` and `VENDORED` record), and the WASI packages the shim imports from it.
struct Release {
    krate: &'static str,
    dir: &'static str,
    packages: &'static [&'static str],
}

/// `http` is shipped by both crates but not used. WASI 0.3 has no `io` package: its streams and
/// futures are component-model types.
const RELEASES: &[Release] = &[
    Release {
        krate: "wasip2",
        dir: "wit",
        packages: &["cli", "clocks", "filesystem", "io", "random", "sockets"],
    },
    Release {
        krate: "wasip3",
        dir: "wit/p3",
        packages: &["cli", "clocks", "filesystem", "random", "sockets"],
    },
];

/// Copies each release's WIT files into `<dir>/deps/` and writes `<dir>/VENDORED`.
pub(crate) fn vendor() -> Result<()> {
    let metadata = metadata()?;
    for release in RELEASES {
        let (version, source) = package(&metadata, release.krate)?;
        let dir = crate::repo_root().join(release.dir);
        let deps = dir.join("deps");
        if deps.exists() {
            std::fs::remove_dir_all(&deps)
                .with_context(|| format!("removing the old {}", deps.display()))?;
        }
        std::fs::create_dir_all(&deps)?;
        for name in release.packages {
            let from = source.join("wit/deps").join(format!("{name}.wit"));
            let to = deps.join(format!("{name}.wit"));
            std::fs::copy(&from, &to)
                .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
        }
        let record = format!(
            "# Written by `cargo xtask vendor-wit`; do not edit.\n\
             # deps/*.wit are copied unchanged from this crates.io package's wit/deps/ folder.\n\
             package = \"{}\"\nversion = \"{version}\"\nfiles = {:?}\n",
            release.krate, release.packages
        );
        std::fs::write(dir.join("VENDORED"), record)?;
        println!(
            "vendored WASI WIT from {} {version} into {}/deps",
            release.krate, release.dir
        );
    }
    Ok(())
}

/// `cargo metadata` of xtask's own dependency graph, where the pinned crates are.
fn metadata() -> Result<serde_json::Value> {
    let output = crate::cargo()
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(crate::repo_root().join("xtask/Cargo.toml"))
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// Finds a pinned package's version and source folder in the metadata.
fn package(metadata: &serde_json::Value, name: &str) -> Result<(String, PathBuf)> {
    let packages = metadata["packages"]
        .as_array()
        .context("cargo metadata has no package list")?;
    for package in packages {
        if package["name"] == name {
            let version = package["version"].as_str().context("no version")?;
            let manifest = package["manifest_path"].as_str().context("no manifest")?;
            let dir = PathBuf::from(manifest)
                .parent()
                .context("manifest has no folder")?
                .to_path_buf();
            return Ok((version.to_string(), dir));
        }
    }
    bail!("the `{name}` package is not in xtask's dependency graph")
}
