//! Building the guest programs of `tests/guests`, once per process and variant.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// The wasm target every WASI variant is built for.
const WASM_TARGET: &str = "wasm32-wasip2";

/// How a guest program is built and run.
///
/// Each variant is built in its own target directory, `<repo>/target/guests/<variant name>`. The
/// enum is `#[non_exhaustive]`: more variants (e.g. a `-Zbuild-std` one) may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Variant {
    /// The host target, run as a native child process (the reference in differential tests).
    Native,
    /// `--target wasm32-wasip2` with the toolchain's own wasi-libc and no extra flags.
    Stock,
    /// `--target wasm32-wasip2` with `RUSTFLAGS` set to the line printed by
    /// `cargo xtask rustflags` (links the shim instead of wasi-libc).
    Shim,
    /// `cargo xtask build-std`: nightly `-Zbuild-std` over a std that depends on wasi-shim, with
    /// its patches (`File::try_clone`, `DirectoryNotEmpty`); no wasi-libc anywhere.
    BuildStd,
    /// `cargo xtask build-std --target wasm32-wasip3`: the same over WASI 0.3, with
    /// [`P3_TOOLCHAIN`]. Only the guests WASI 0.3 serves so far are built (`tests/guests-p3`,
    /// from the same sources).
    BuildStdP3,
}

impl Variant {
    /// Name of the variant, used for its target directory.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Native => "native",
            Variant::Stock => "stock",
            Variant::Shim => "shim",
            Variant::BuildStd => "build-std",
            Variant::BuildStdP3 => "build-std-p3",
        }
    }

    /// Whether guests of this variant are wasm components (run under wasmtime).
    pub fn is_wasm(self) -> bool {
        match self {
            Variant::Native => false,
            Variant::Stock | Variant::Shim | Variant::BuildStd | Variant::BuildStdP3 => true,
        }
    }

    /// The `--target` passed to cargo, if any (native builds use the host's default target).
    fn cargo_target(self) -> Option<&'static str> {
        match self {
            Variant::BuildStdP3 => Some("wasm32-wasip3"),
            _ => self.is_wasm().then_some(WASM_TARGET),
        }
    }

    /// Extra `RUSTFLAGS` for the build, if any.
    fn rustflags(self) -> Result<Option<String>, String> {
        match self {
            Variant::Native | Variant::Stock | Variant::BuildStd | Variant::BuildStdP3 => Ok(None),
            Variant::Shim => shim_rustflags().map(Some),
        }
    }

    /// Directory holding the built guests of this variant under `target_dir`.
    fn out_dir(self, target_dir: &Path) -> PathBuf {
        match self.cargo_target() {
            Some(t) => target_dir.join(t).join("release"),
            None => target_dir.join("release"),
        }
    }

    /// File name of the guest bin `name`.
    fn file_name(self, name: &str) -> String {
        if self.is_wasm() {
            format!("{name}.wasm")
        } else {
            format!("{name}{}", std::env::consts::EXE_SUFFIX)
        }
    }
}

impl std::fmt::Display for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The repository root (two levels above this crate's manifest directory).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tests/harness has two ancestors")
}

/// Whether the environment variable `name` must not reach a nested cargo: the outer build's
/// `RUSTFLAGS`, target dir and target, and everything `CARGO_*` that cargo sets for the outer
/// build (or for test binaries). User settings for the registry, network, terminal and job count
/// are kept, and so are `RUSTUP_*` variables.
fn is_outer_build_var(name: &OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    const KEEP_PREFIXES: &[&str] = &[
        "CARGO_HOME",
        "CARGO_NET_",
        "CARGO_HTTP_",
        "CARGO_REGISTRY_",
        "CARGO_REGISTRIES_",
        "CARGO_TERM_",
        "CARGO_BUILD_JOBS",
    ];
    match name {
        "RUSTFLAGS" | "RUSTDOCFLAGS" | "RUSTC_WORKSPACE_WRAPPER" | "CARGO" => true,
        _ if name.starts_with("__CARGO") => true,
        _ if name.starts_with("CARGO_") => !KEEP_PREFIXES.iter().any(|p| name.starts_with(p)),
        _ => false,
    }
}

/// A `cargo` command run in the repository root (so that its `rust-toolchain.toml` applies) with
/// the outer build's variables removed (see [`is_outer_build_var`]). Uses `$CARGO` if set.
pub(crate) fn cargo_command() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut cmd = Command::new(cargo);
    cmd.current_dir(repo_root());
    for (name, _) in std::env::vars_os() {
        if is_outer_build_var(&name) {
            cmd.env_remove(&name);
        }
    }
    cmd
}

/// Serializes nested cargo invocations (the machine is small; guest builds are quick anyway).
static CARGO_LOCK: Mutex<()> = Mutex::new(());

/// Runs `cmd`, returning its stdout, or an error with its full stderr.
pub(crate) fn run_cargo(mut cmd: Command, what: &str) -> Result<String, String> {
    let output = {
        let _guard = CARGO_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        cmd.output()
            .map_err(|e| format!("{what}: cannot run {cmd:?}: {e}"))?
    };
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{what} failed ({}): {cmd:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        ))
    }
}

/// The `RUSTFLAGS` of [`Variant::Shim`]: the single line printed by `cargo xtask rustflags` in the
/// repository root.
///
/// # Errors
///
/// If the command fails (e.g. it does not exist yet), with its stderr, or if it does not print
/// exactly one non-empty line.
pub fn shim_rustflags() -> Result<String, String> {
    let mut cmd = cargo_command();
    cmd.args(["xtask", "rustflags"]);
    let stdout = run_cargo(cmd, "`cargo xtask rustflags` (needed by Variant::Shim)")?;
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    match lines.as_slice() {
        [line] => Ok(line.trim().to_owned()),
        _ => Err(format!(
            "`cargo xtask rustflags` (needed by Variant::Shim) must print exactly one non-empty \
             line, but printed:\n{stdout}"
        )),
    }
}

/// Builds all guest bins of `variant` (once per process; later calls return the cached result)
/// and returns the directory holding them.
///
/// Runs `cargo build --manifest-path <repo>/tests/guests/Cargo.toml --release --bins
/// --target-dir <repo>/target/guests/<variant> [--target wasm32-wasip2]`.
///
/// # Errors
///
/// If the build (or, for [`Variant::Shim`], `cargo xtask rustflags`) fails, with cargo's full
/// stderr. The failure is cached too.
pub fn try_build_guests(variant: Variant) -> Result<PathBuf, String> {
    static BUILDS: PerVariant<Result<PathBuf, String>> = PerVariant::new();
    BUILDS.get(variant, || build_uncached(variant))
}

/// Results made once per process and variant: the first caller for a variant makes it (others
/// for the same variant wait for it), later ones get a clone.
struct PerVariant<T>(OnceLock<Mutex<HashMap<Variant, Arc<OnceLock<T>>>>>);

impl<T: Clone> PerVariant<T> {
    const fn new() -> Self {
        Self(OnceLock::new())
    }

    fn get(&self, variant: Variant, make: impl FnOnce() -> T) -> T {
        let cell = self
            .0
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(variant)
            .or_default()
            .clone();
        cell.get_or_init(make).clone()
    }
}

fn build_uncached(variant: Variant) -> Result<PathBuf, String> {
    let root = repo_root();
    let target_dir = root.join("target").join("guests").join(variant.name());
    let mut cmd = cargo_command();
    if matches!(variant, Variant::BuildStd | Variant::BuildStdP3) {
        // `cargo xtask build-std` adds the nightly toolchain, `-Zbuild-std` and the target.
        let (guests, target) = if variant == Variant::BuildStdP3 {
            ("guests-p3", "wasm32-wasip3")
        } else {
            ("guests", WASM_TARGET)
        };
        cmd.args(["xtask", "build-std", "--target", target, "--manifest-path"])
            .arg(root.join("tests").join(guests).join("Cargo.toml"))
            .args(["--", "--release", "--bins", "--target-dir"])
            .arg(&target_dir);
        let start = Instant::now();
        run_cargo(cmd, &format!("building the {variant} guests"))?;
        eprintln!(
            "wasi-shim-harness: built the {variant} guests in {:.1?}",
            start.elapsed()
        );
        return Ok(variant.out_dir(&target_dir));
    }
    cmd.arg("build")
        .arg("--manifest-path")
        .arg(root.join("tests").join("guests").join("Cargo.toml"))
        .args(["--release", "--bins", "--target-dir"])
        .arg(&target_dir);
    if let Some(target) = variant.cargo_target() {
        cmd.args(["--target", target]);
    }
    if let Some(flags) = variant.rustflags()? {
        cmd.env("RUSTFLAGS", flags);
    }
    let start = Instant::now();
    run_cargo(cmd, &format!("building the {variant} guests"))?;
    eprintln!(
        "wasi-shim-harness: built the {variant} guests in {:.1?}",
        start.elapsed()
    );
    Ok(variant.out_dir(&target_dir))
}

/// Like [`try_build_guests`], but panics on failure.
///
/// # Panics
///
/// If the build fails, with cargo's full stderr.
pub fn build_guests(variant: Variant) -> PathBuf {
    try_build_guests(variant).unwrap_or_else(|e| panic!("{e}"))
}

/// Path of the built guest bin `name` of `variant` (building the variant's guests first if needed).
///
/// # Panics
///
/// If the build fails, or if there is no such guest bin.
pub fn guest_path(variant: Variant, name: &str) -> PathBuf {
    let path = build_guests(variant).join(variant.file_name(name));
    assert!(
        path.is_file(),
        "no guest {name:?} for variant {variant}: {} does not exist (guests are \
         tests/guests/src/bin/<name>.rs)",
        path.display()
    );
    path
}

/// A one-off build of one guest bin with extra `RUSTFLAGS`, for tests that inspect the link
/// itself (linker messages, component contents). Builds into `<repo>/target/guests/<label>`
/// for `wasm32-wasip2`, and returns the component's path and cargo's stderr (where rustc prints
/// linker messages when `-W linker-messages` is given).
///
/// # Errors
///
/// If the build fails, with cargo's full output.
pub fn build_guest_with_flags(
    label: &str,
    bin: &str,
    rustflags: &str,
) -> Result<(PathBuf, String), String> {
    let root = repo_root();
    let target_dir = root.join("target").join("guests").join(label);
    let mut cmd = cargo_command();
    cmd.arg("build")
        .arg("--manifest-path")
        .arg(root.join("tests").join("guests").join("Cargo.toml"))
        .args([
            "--release",
            "--bin",
            bin,
            "--target",
            "wasm32-wasip2",
            "--target-dir",
        ])
        .arg(&target_dir)
        .env("RUSTFLAGS", rustflags);
    // Touching the source forces a relink, so linker messages are printed on every run.
    let source = root.join("tests/guests/src/bin").join(format!("{bin}.rs"));
    let text = std::fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))?;
    std::fs::write(&source, text).map_err(|e| format!("{}: {e}", source.display()))?;
    let output = {
        let _guard = CARGO_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        cmd.output()
            .map_err(|e| format!("cannot run {cmd:?}: {e}"))?
    };
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("building {bin} with {rustflags} failed:\n{stderr}"));
    }
    let path = target_dir
        .join("wasm32-wasip2/release")
        .join(format!("{bin}.wasm"));
    Ok((path, stderr))
}

/// A one-off build of guest bins for `wasm32-wasip2`, with a toolchain, flags and profile of the
/// test's choosing (see [`build_guests_with`]).
#[derive(Clone, Debug, Default)]
pub struct GuestBuild<'a> {
    /// Target directory label: the build goes to `<repo>/target/guests/<label>`.
    pub label: &'a str,
    /// The bins to build; all of them when empty.
    pub bins: &'a [&'a str],
    /// A rustup toolchain name; the repository's pinned one when `None`.
    pub toolchain: Option<&'a str>,
    /// `RUSTFLAGS`.
    pub rustflags: &'a str,
    /// More environment, e.g. `CARGO_PROFILE_RELEASE_LTO=fat`.
    pub env: &'a [(&'a str, &'a str)],
}

/// Builds `build`'s guests (release profile) and returns the folder holding the components.
///
/// # Errors
///
/// If the build fails, with cargo's full output.
pub fn build_guests_with(build: &GuestBuild<'_>) -> Result<PathBuf, String> {
    let root = repo_root();
    let target_dir = root.join("target").join("guests").join(build.label);
    let mut cmd = cargo_command();
    if let Some(toolchain) = build.toolchain {
        cmd.env("RUSTUP_TOOLCHAIN", toolchain);
    }
    cmd.arg("build")
        .arg("--manifest-path")
        .arg(root.join("tests").join("guests").join("Cargo.toml"))
        .args(["--release", "--target", "wasm32-wasip2", "--target-dir"])
        .arg(&target_dir)
        .env("RUSTFLAGS", build.rustflags);
    if build.bins.is_empty() {
        cmd.arg("--bins");
    }
    for bin in build.bins {
        cmd.args(["--bin", bin]);
    }
    for (name, value) in build.env {
        cmd.env(name, value);
    }
    run_cargo(cmd, &format!("guests `{}`", build.label))?;
    Ok(target_dir.join("wasm32-wasip2/release"))
}

/// The `RUSTFLAGS` of `cargo xtask rustflags --toolchain <toolchain>`.
///
/// # Errors
///
/// If the command fails, with its stderr.
pub fn shim_rustflags_for(toolchain: &str) -> Result<String, String> {
    let mut cmd = cargo_command();
    cmd.args(["xtask", "rustflags", "--toolchain", toolchain]);
    let stdout = run_cargo(
        cmd,
        &format!("`cargo xtask rustflags --toolchain {toolchain}`"),
    )?;
    Ok(stdout.trim().to_owned())
}

/// Builds the `no_std` component workspace `tests/nostd` (release, `wasm32-wasip2`, with its own
/// `.cargo/config.toml` link flags) into `<repo>/target/nostd`, once per process, and returns the
/// folder holding the components.
///
/// # Errors
///
/// If the build fails, with cargo's full output.
pub fn build_nostd() -> Result<PathBuf, String> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let root = repo_root();
            let target_dir = root.join("target").join("nostd");
            let mut cmd = cargo_command();
            // The workspace's own `.cargo/config.toml` applies only when cargo runs inside it.
            cmd.current_dir(root.join("tests").join("nostd"))
                .args([
                    "build",
                    "--release",
                    "--target",
                    "wasm32-wasip2",
                    "--target-dir",
                ])
                .arg(&target_dir);
            run_cargo(cmd, "building the no_std components")?;
            Ok(target_dir.join("wasm32-wasip2").join("release"))
        })
        .clone()
}

/// The nightly that has the `wasm32-wasip3` target (as a `-Zbuild-std` target: no prebuilt std).
pub const P3_TOOLCHAIN: &str = "nightly-2026-10-18";

/// Builds the `no_std` command components of `tests/nostd` (`nostd-hello`, `cli-basics`,
/// `copy-digest`, and `p3-files`, which is p3 only) for `wasm32-wasip3` (release, with
/// [`P3_TOOLCHAIN`] and `-Zbuild-std=core,alloc`, and the workspace's p3 link flags) into
/// `<repo>/target/nostd-p3`, once per process, and returns the folder holding the components.
///
/// # Errors
///
/// If the build fails, with cargo's full output.
pub fn build_nostd_p3() -> Result<PathBuf, String> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let root = repo_root();
            let target_dir = root.join("target").join("nostd-p3");
            // rustup's `cargo` proxy with the toolchain named, not `$CARGO` (the pinned one).
            let mut cmd = Command::new("cargo");
            for (name, _) in std::env::vars_os() {
                if is_outer_build_var(&name) {
                    cmd.env_remove(&name);
                }
            }
            cmd.env_remove("RUSTUP_TOOLCHAIN")
                .env_remove("CARGO")
                .env_remove("RUSTC")
                .current_dir(root.join("tests").join("nostd"))
                .arg(format!("+{P3_TOOLCHAIN}"))
                .args([
                    "build",
                    "-Zbuild-std=core,alloc",
                    "--release",
                    "--target",
                    "wasm32-wasip3",
                    "-p",
                    "nostd-hello",
                    "-p",
                    "cli-basics",
                    "-p",
                    "copy-digest",
                    "-p",
                    "p3-files",
                    "--target-dir",
                ])
                .arg(&target_dir);
            run_cargo(cmd, "building the no_std components for wasm32-wasip3")?;
            Ok(target_dir.join("wasm32-wasip3").join("release"))
        })
        .clone()
}

/// Builds the dependency-route program `tests/dep-route` (which depends on wasi-shim like any
/// crate, with the link flags of its `.cargo/config.toml`) for `wasm32-wasip2` with cargo
/// profile `profile`, into `<repo>/target/dep-route`, and returns the component's path.
///
/// # Errors
///
/// If the build fails, with cargo's full output.
pub fn build_dep_route(profile: &str) -> Result<PathBuf, String> {
    let root = repo_root();
    let target_dir = root.join("target").join("dep-route");
    let mut cmd = cargo_command();
    cmd.current_dir(root.join("tests").join("dep-route"))
        .args([
            "build",
            "--target",
            "wasm32-wasip2",
            "--profile",
            profile,
            "--target-dir",
        ])
        .arg(&target_dir);
    run_cargo(cmd, &format!("building tests/dep-route ({profile})"))?;
    let dir = if profile == "dev" { "debug" } else { profile };
    Ok(target_dir
        .join("wasm32-wasip2")
        .join(dir)
        .join("dep-route.wasm"))
}

/// Builds `tests/build-std-hello` with `cargo xtask build-std` in cargo profile `profile`, into
/// `<repo>/target/build-std-hello`, and returns the component's path.
///
/// # Errors
///
/// If the build fails, with cargo's full output.
pub fn build_std_hello(profile: &str) -> Result<PathBuf, String> {
    let root = repo_root();
    let target_dir = root.join("target").join("build-std-hello");
    let mut cmd = cargo_command();
    cmd.args(["xtask", "build-std", "--manifest-path"])
        .arg(
            root.join("tests")
                .join("build-std-hello")
                .join("Cargo.toml"),
        )
        .args(["--", "--profile", profile, "--target-dir"])
        .arg(&target_dir);
    run_cargo(cmd, &format!("building tests/build-std-hello ({profile})"))?;
    let dir = if profile == "dev" { "debug" } else { profile };
    Ok(target_dir
        .join(WASM_TARGET)
        .join(dir)
        .join("build-std-hello.wasm"))
}

/// Builds the guest `bin` of `tests/guests-p3` with `cargo xtask build-std --target
/// wasm32-wasip3` and cargo profile `profile` (`dev`, `release-lto`, ...) into
/// `<repo>/target/guests/build-std-p3-profiles`, and returns the component's path. (The
/// [`Variant::BuildStdP3`] guests are release builds.)
///
/// # Errors
///
/// If the build fails, with cargo's full output.
pub fn build_std_p3_guest(bin: &str, profile: &str) -> Result<PathBuf, String> {
    let root = repo_root();
    let target_dir = root.join("target/guests/build-std-p3-profiles");
    let mut cmd = cargo_command();
    cmd.args([
        "xtask",
        "build-std",
        "--target",
        "wasm32-wasip3",
        "--manifest-path",
    ])
    .arg(root.join("tests/guests-p3/Cargo.toml"))
    .args(["--", "--profile", profile, "--bin", bin, "--target-dir"])
    .arg(&target_dir);
    run_cargo(
        cmd,
        &format!("building {bin} of tests/guests-p3 ({profile})"),
    )?;
    let dir = if profile == "dev" { "debug" } else { profile };
    Ok(target_dir
        .join("wasm32-wasip3")
        .join(dir)
        .join(format!("{bin}.wasm")))
}

/// Builds std's ported test suites (`tests/std-suites`, see its `build.rs`) for `variant`, once
/// per process, into `<repo>/target/std-suites/<variant>` (release profile, `RUSTC_BOOTSTRAP=1`:
/// the suites use std's unstable APIs as std's own tests do), and returns each suite's name with
/// its test executable.
///
/// # Errors
///
/// If the build fails, with cargo's full output, or if cargo names no test executable.
pub fn build_std_suites(variant: Variant) -> Result<Vec<(String, PathBuf)>, String> {
    static BUILDS: PerVariant<Result<Vec<(String, PathBuf)>, String>> = PerVariant::new();
    BUILDS.get(variant, || build_std_suites_uncached(variant))
}

fn build_std_suites_uncached(variant: Variant) -> Result<Vec<(String, PathBuf)>, String> {
    let root = repo_root();
    let manifest = root.join("tests").join("std-suites").join("Cargo.toml");
    let target_dir = root.join("target").join("std-suites").join(variant.name());
    build_tests(variant, &manifest, &target_dir, "std suites")
}

/// Builds the tests of the package at `manifest` (`cargo build --release --tests`) for `variant`
/// into `target_dir`, with `RUSTC_BOOTSTRAP=1`, and returns each test target's name with its
/// executable. `what` names the build in messages.
///
/// # Errors
///
/// If the build fails, with cargo's full output, or if cargo names no test executable.
pub fn build_tests(
    variant: Variant,
    manifest: &Path,
    target_dir: &Path,
    what: &str,
) -> Result<Vec<(String, PathBuf)>, String> {
    let cargo_args = [
        "--release",
        "--tests",
        "--message-format=json",
        "--target-dir",
    ];
    let mut cmd = cargo_command();
    cmd.env("RUSTC_BOOTSTRAP", "1");
    if variant == Variant::BuildStd {
        cmd.args(["xtask", "build-std", "--manifest-path"])
            .arg(manifest)
            .arg("--")
            .args(cargo_args)
            .arg(target_dir);
    } else {
        cmd.arg("build")
            .arg("--manifest-path")
            .arg(manifest)
            .args(cargo_args)
            .arg(target_dir);
        if let Some(target) = variant.cargo_target() {
            cmd.args(["--target", target]);
        }
        if let Some(flags) = variant.rustflags()? {
            cmd.env("RUSTFLAGS", flags);
        }
    }
    let start = Instant::now();
    let messages = run_cargo(cmd, &format!("building the {variant} {what}"))?;
    eprintln!(
        "wasi-shim-harness: built the {variant} {what} in {:.1?}",
        start.elapsed()
    );
    let tests: Vec<(String, PathBuf)> = messages.lines().filter_map(test_executable).collect();
    if tests.is_empty() {
        return Err(format!("cargo named no test executable:\n{messages}"));
    }
    Ok(tests)
}

/// The target's name and executable of one line of cargo's JSON messages, if the line is a
/// `compiler-artifact` built as a test (`"test":true` in its profile) with an executable. (The fields cargo writes are plain
/// JSON strings; the paths here hold no characters JSON escapes.)
fn test_executable(line: &str) -> Option<(String, PathBuf)> {
    fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
        let start = text.find(&format!("\"{key}\":\""))? + key.len() + 4;
        let len = text[start..].find('"')?;
        Some(&text[start..start + len])
    }
    let profile = &line[line.find("\"profile\":{")?..];
    let profile = &profile[..profile.find('}')?];
    if !line.contains("\"reason\":\"compiler-artifact\"") || !profile.contains("\"test\":true") {
        return None;
    }
    let target = &line[line.find("\"target\":{")?..];
    Some((
        field(target, "name")?.to_owned(),
        PathBuf::from(field(line, "executable")?),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outer_build_vars() {
        for v in [
            "RUSTFLAGS",
            "CARGO_ENCODED_RUSTFLAGS",
            "CARGO_TARGET_DIR",
            "CARGO_BUILD_TARGET",
            "CARGO_MANIFEST_DIR",
            "CARGO_PKG_NAME",
            "CARGO",
            "__CARGO_FIX_PLZ",
        ] {
            assert!(is_outer_build_var(OsStr::new(v)), "{v}");
        }
        for v in [
            "CARGO_HOME",
            "CARGO_NET_OFFLINE",
            "RUSTUP_TOOLCHAIN",
            "PATH",
            "HOME",
        ] {
            assert!(!is_outer_build_var(OsStr::new(v)), "{v}");
        }
    }
}
