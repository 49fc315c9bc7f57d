//! `cargo xtask vendor-wit`: reproducible vendoring of the WASI 0.2 WIT packages.
//!
//! The source is the `wasip2` crates.io package pinned in this crate's `Cargo.toml`: it ships the
//! WIT it was generated from under `wit/deps/`. Its location comes from `cargo metadata`, so the
//! copy is exactly the files of that published version.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

/// The WASI packages the shim imports. `http` is shipped by `wasip2` too but not used.
pub(crate) const PACKAGES: &[&str] = &["cli", "clocks", "filesystem", "io", "random", "sockets"];

/// Copies the WIT files into `wit/deps/` and writes `wit/VENDORED`.
pub(crate) fn vendor() -> Result<()> {
    let (version, source) = wasip2_package()?;
    let deps = crate::repo_root().join("wit/deps");
    if deps.exists() {
        std::fs::remove_dir_all(&deps).context("removing the old wit/deps")?;
    }
    std::fs::create_dir_all(&deps)?;
    for package in PACKAGES {
        let from = source.join("wit/deps").join(format!("{package}.wit"));
        let to = deps.join(format!("{package}.wit"));
        std::fs::copy(&from, &to)
            .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    }
    let record = format!(
        "# Written by `cargo xtask vendor-wit`; do not edit.\n\
         # wit/deps/*.wit are copied unchanged from this crates.io package's wit/deps/ folder.\n\
         package = \"wasip2\"\nversion = \"{version}\"\nfiles = {PACKAGES:?}\n"
    );
    std::fs::write(crate::repo_root().join("wit/VENDORED"), record)?;
    println!("vendored WASI WIT from wasip2 {version} into wit/deps");
    Ok(())
}

/// Finds the pinned `wasip2` package's version and source folder through `cargo metadata`.
fn wasip2_package() -> Result<(String, PathBuf)> {
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
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let packages = metadata["packages"]
        .as_array()
        .context("cargo metadata has no package list")?;
    for package in packages {
        if package["name"] == "wasip2" {
            let version = package["version"].as_str().context("no version")?;
            let manifest = package["manifest_path"].as_str().context("no manifest")?;
            let dir = PathBuf::from(manifest)
                .parent()
                .context("manifest has no folder")?
                .to_path_buf();
            return Ok((version.to_string(), dir));
        }
    }
    bail!("the `wasip2` package is not in xtask's dependency graph")
}
