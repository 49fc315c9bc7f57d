//! Crates' own test suites (tempfile, walkdir, glob, camino, at the versions of
//! `tests/crate-suites/Cargo.toml`), built from their published sources and run one process per
//! test (`wasi_shim_harness::suite`): natively (the oracle), over stock wasi-libc, over the shim
//! with prebuilt std, and over the patched std of `cargo xtask build-std`.
//!
//! Each crate's source is copied from cargo's registry cache to `<repo>/target/crate-suites/src/`
//! and built there. walkdir's and glob's test helpers make symbolic links only under
//! `cfg(unix)`/`cfg(windows)`, so they do not build for WASI at all; the copy widens those cfgs
//! to WASI and calls `std::fs::soft_link` there (the same `symlink` call; [`Crate::rewrites`],
//! each of which must apply). Nothing else of the suites is changed.
//!
//! What is asserted, per crate: over the patched std every test that passes natively passes,
//! but for the named [`Crate::known`]; over prebuilt std the same, where a failure may also be
//! std's own `temp_dir()` panic ([`TEMP_DIR`]); and every test that passes over stock passes.

use std::path::{Path, PathBuf};
use std::process::Command;
use wasi_shim_harness::suite::{Known, run_suite};
use wasi_shim_harness::{Variant, build_tests, repo_root};

/// Prebuilt std's `std::env::temp_dir()` panics on WASI ("no filesystem on wasm" in 1.95;
/// rust-lang/rust#160363), before any libc call; the patched std reads `TMPDIR`.
const TEMP_DIR: Known = Known::Panic(
    "no filesystem on wasm",
    "prebuilt std's env::temp_dir() panics on WASI",
);

/// same-file 1.0 has no WASI implementation, and walkdir compares handles with it to follow
/// links and to find loops.
const SAME_FILE: &str =
    "same-file has no WASI implementation (walkdir's follow_links and loop checks)";

/// One crate's suite.
struct Crate {
    name: &'static str,
    version: &'static str,
    /// (file, [(old, new)]): text replacements in the copied source, each of which must apply.
    rewrites: &'static [(&'static str, &'static [(&'static str, &'static str)])],
    /// Failures over the shim that the test accepts, with their reasons.
    known: &'static [Known],
}

/// The symbolic-link helpers of walkdir's and glob's tests, widened to WASI.
const SYMLINK_HELPERS: &[(&str, &str)] = &[
    (
        "#[cfg(unix)]",
        "#[cfg(any(unix, target_os = \"wasi\"))]\n        #[allow(deprecated)]",
    ),
    (
        "use std::os::unix::fs::symlink;",
        "use std::fs::soft_link as symlink;",
    ),
];

fn source(krate: &Crate) -> PathBuf {
    let manifest = repo_root().join("tests/crate-suites/Cargo.toml");
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["fetch", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .status()
        .expect("cargo fetch");
    assert!(status.success(), "cargo fetch of {}", manifest.display());
    let home = std::env::var_os("CARGO_HOME").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cargo"),
        PathBuf::from,
    );
    let dir_name = format!("{}-{}", krate.name, krate.version);
    let registry = home.join("registry/src");
    let found = std::fs::read_dir(&registry)
        .unwrap_or_else(|e| panic!("{}: {e}", registry.display()))
        .flatten()
        .map(|index| index.path().join(&dir_name))
        .find(|p| p.join("Cargo.toml").is_file())
        .unwrap_or_else(|| panic!("{dir_name} is not in {}", registry.display()));
    let copy = repo_root().join("target/crate-suites/src").join(&dir_name);
    if copy.exists() {
        std::fs::remove_dir_all(&copy).expect("removing the old copy");
    }
    copy_dir(&found, &copy);
    // Its own workspace: the copy lies inside this repository's.
    let manifest = copy.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("manifest");
    text.push_str("\n[workspace]\n");
    std::fs::write(&manifest, text).expect("manifest");
    for (file, replacements) in krate.rewrites {
        let path = copy.join(file);
        let mut text = std::fs::read_to_string(&path).expect("a file to rewrite");
        for (old, new) in *replacements {
            assert!(
                text.contains(old),
                "{dir_name}/{file}: no {old:?} to rewrite"
            );
            text = text.replace(old, new);
        }
        std::fs::write(&path, text).expect("rewritten file");
    }
    copy
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create_dir_all");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&path, &to.join(entry.file_name()));
            }
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

fn check_crate(krate: &Crate, port_base: u16) {
    let dir = source(krate);
    let variants = [
        Variant::Native,
        Variant::Stock,
        Variant::Shim,
        Variant::BuildStd,
    ];
    let what = format!("{} tests", krate.name);
    let per_variant: Vec<_> = variants
        .iter()
        .map(|v| {
            let target_dir = repo_root().join("target/crate-suites").join(v.name());
            let tests = build_tests(*v, &dir.join("Cargo.toml"), &target_dir, &what)
                .unwrap_or_else(|e| panic!("{e}"));
            (*v, tests)
        })
        .collect();
    let table = run_suite(&per_variant, port_base);
    let title = format!("{} {} suite", krate.name, krate.version);
    table.print(&title);
    let prebuilt: Vec<Known> = krate.known.iter().copied().chain([TEMP_DIR]).collect();
    let mut problems = table.problems(Variant::Shim, &prebuilt);
    problems.extend(table.problems(Variant::BuildStd, krate.known));
    assert!(problems.is_empty(), "{title}:\n{}", problems.join("\n"));
}

#[test]
fn tempfile_suite() {
    check_crate(
        &Crate {
            name: "tempfile",
            version: "3.27.0",
            rewrites: &[],
            known: &[],
        },
        30_000,
    );
}

#[test]
fn walkdir_suite() {
    check_crate(
        &Crate {
            name: "walkdir",
            version: "2.5.1",
            rewrites: &[("src/tests/util.rs", SYMLINK_HELPERS)],
            known: &[
                Known::Panic("same-file is not supported on this platform", SAME_FILE),
                Known::Test("sym_loop_detect", SAME_FILE),
                Known::Test("sym_loop_above_root_detect", SAME_FILE),
            ],
        },
        30_000,
    );
}

#[test]
fn glob_suite() {
    check_crate(
        &Crate {
            name: "glob",
            version: "0.3.3",
            rewrites: &[("tests/glob-std.rs", SYMLINK_HELPERS)],
            known: &[Known::Test(
                "main",
                "its dev-dependency tempdir 0.3 takes rand 0.4, which has no WASI entropy \
                     source (unreachable!() in rand's jitter fallback)",
            )],
        },
        30_000,
    );
}

#[test]
fn camino_suite() {
    check_crate(
        &Crate {
            name: "camino",
            version: "1.2.2",
            rewrites: &[],
            known: &[],
        },
        30_000,
    );
}
