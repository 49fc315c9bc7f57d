//! std's own `fs`, `net/tcp` and `net/udp` test suites, ported from the toolchain's rust-src
//! (`tests/std-suites`), run one process per test (`wasi_shim_harness::suite`): natively (the
//! oracle), over stock wasi-libc, over the shim with prebuilt std, and over the patched std of
//! `cargo xtask build-std`.
//!
//! What is asserted, per suite, for the shim with either std: every test that passes natively
//! passes, except the ones listed in [`KNOWN`] (and [`KNOWN_PREBUILT`] for prebuilt std) with a
//! named WASI limit, and each listed one does fail (a list that goes stale fails the test); and
//! every test that passes over stock passes. The per-test table and the counts are printed
//! (`--nocapture`); `docs/COVERAGE.md` quotes them.

use wasi_shim_harness::suite::{Known, run_suite};
use wasi_shim_harness::{Variant, build_std_suites};

/// WASI 0.2 cannot change permission bits; the shim refuses a change to the owner's write bit
/// with `ENOTSUP` rather than report a read-only file that can still be written
/// (`docs/COVERAGE.md`, `chmod`).
const NO_PERMISSIONS: &str = "WASI 0.2 cannot make a file read-only (ENOTSUP)";

/// WASI 0.2 has no threads.
const NO_THREADS: &str = "WASI 0.2 has no threads: thread::spawn is Unsupported";

/// Tests that pass natively but fail over the shim, with either std.
const KNOWN: &[Known] = &[
    Known::Test("chmod_works", NO_PERMISSIONS),
    Known::Test("fchmod_works", NO_PERMISSIONS),
    Known::Test("copy_file_preserves_perm_bits", NO_PERMISSIONS),
    Known::Test("unlink_readonly", NO_PERMISSIONS),
    Known::Test("concurrent_recursive_mkdir", NO_THREADS),
];

/// More of them over prebuilt std.
const KNOWN_PREBUILT: &[Known] = &[Known::Test(
    "file_try_clone",
    "prebuilt std's try_clone is Unsupported on every wasm32 target (the patched std calls dup)",
)];

fn check_suite(suite: &str, port_base: u16) {
    let variants = [
        Variant::Native,
        Variant::Stock,
        Variant::Shim,
        Variant::BuildStd,
    ];
    let per_variant: Vec<_> = variants
        .iter()
        .map(|v| {
            let exe = build_std_suites(*v)
                .unwrap_or_else(|e| panic!("{e}"))
                .into_iter()
                .filter(|(name, _)| name == suite)
                .collect::<Vec<_>>();
            assert_eq!(exe.len(), 1, "{v}: one test executable for suite {suite}");
            (*v, exe)
        })
        .collect();
    let table = run_suite(&per_variant, port_base);
    let title = format!("std {suite} suite");
    table.print(&title);
    let prebuilt: Vec<Known> = KNOWN.iter().chain(KNOWN_PREBUILT).copied().collect();
    let mut problems = table.problems(Variant::Shim, &prebuilt);
    problems.extend(table.problems(Variant::BuildStd, KNOWN));
    assert!(problems.is_empty(), "{title}:\n{}", problems.join("\n"));
}

#[test]
fn std_fs_suite() {
    check_suite("fs", 20_000);
}

#[test]
fn std_tcp_suite() {
    check_suite("tcp", 22_800);
}

#[test]
fn std_udp_suite() {
    check_suite("udp", 25_600);
}
