//! `cargo xtask build-std [--target wasm32-wasip3] --manifest-path <crate>/Cargo.toml
//! [-- <cargo build args>]`: builds an unmodified crate for `wasm32-wasip2` with the preinstalled
//! nightly (or for `wasm32-wasip3` with nightly-2026-10-18) and `-Zbuild-std=std,panic_abort`, over a copy of nightly's `library/` whose std depends on
//! wasi-shim. No wasi-libc and no C toolchain are involved (that nightly has neither), and the
//! shim is compiled in the same graph as std, so every profile of the crate works (release, dev,
//! custom `opt-level`, LTO).
//!
//! How cargo is pointed at the copy: cargo's source-root override, the environment variable
//! `__CARGO_TESTS_ONLY_SRC_ROOT=<copy>/library`, which `-Zbuild-std` reads instead of the
//! toolchain's `rust-src`. The installed toolchain is never modified.
//!
//! The copy lives in `target/build-std/` and is remade when this file or nightly changes:
//! - `library/`: nightly's `rust-src` library, with the patches listed in `docs/PATCHED-STD.md`
//!   (std depends on `wasi-shim-libc`, `wasi-shim-start` and `wasi-shim-rt` for
//!   `target_env = "p2"` and `"p3"` and links them; `File::try_clone` and socket `try_clone` through `dup`;
//!   `ENOTEMPTY` decodes to `ErrorKind::DirectoryNotEmpty`), and `library/Cargo.lock` updated by
//!   cargo for the new dependencies;
//! - `crates/`: copies of the shim's crates with concrete manifests (a copy outside this
//!   workspace cannot inherit its `[workspace.package]`), `libm`'s `rustc-dep-of-std` feature
//!   switched on;
//! - `libm/`: the `libm` crate from cargo's registry with a `rustc-dep-of-std` feature added
//!   (crates.io's has none, and a crate under std must take `core` from
//!   `rustc-std-workspace-core`), patched into the library's graph with `[patch.crates-io]`.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The shim's crates that std depends on, and those they depend on.
const SHIM_CRATES: &[&str] = &[
    "wasi-shim-sys",
    "wasi-shim",
    "wasi-shim-rt",
    "wasi-shim-libc",
    "wasi-shim-start",
];

/// The link flags every build needs: no self-contained objects (nightly has no wasi-libc), and
/// `cargo-wasi-shim` as the linker: the `run` export for binaries, no preview1 adapter, and the
/// preview 1 imports the shim provides rebound to it. The entry point comes with std
/// (`wasi-shim-start`), so the linker is given no entry object (an empty `--wasi-shim-crt=`).
///
/// On `wasm32-wasip3` the linker is also told so (`--wasi-shim-p3`: WASI 0.3's `run` export, and
/// the task hook taken into the link).
fn rustflags(target: Target) -> Result<String> {
    let mut flags = format!(
        "-C link-self-contained=no -C linker={} -C link-arg={}",
        crate::rustflags::build_tool()?.display(),
        cargo_wasi_shim::link::CRT_ARG
    );
    if target == Target::P3 {
        flags.push_str(" -C link-arg=");
        flags.push_str(cargo_wasi_shim::link::P3_ARG);
    }
    Ok(flags)
}

/// The targets `build-std` builds for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    /// `wasm32-wasip2`, with the preinstalled nightly unless told otherwise.
    P2,
    /// `wasm32-wasip3`, with `nightly-2026-10-18` (the first nightly measured to have the target
    /// and std's p3 `os` module) unless told otherwise.
    P3,
}

impl Target {
    fn triple(self) -> &'static str {
        match self {
            Self::P2 => "wasm32-wasip2",
            Self::P3 => "wasm32-wasip3",
        }
    }

    fn default_toolchain(self) -> &'static str {
        match self {
            Self::P2 => "nightly",
            Self::P3 => P3_TOOLCHAIN,
        }
    }
}

/// The nightly `--target wasm32-wasip3` uses by default.
const P3_TOOLCHAIN: &str = "nightly-2026-10-18";

pub(crate) fn run(args: &[String]) -> Result<()> {
    let (manifest, target, toolchain, extra) = parse(args)?;
    let library = prepare(&toolchain)?;
    let mut cargo = Command::new("cargo");
    cargo
        .arg(format!("+{toolchain}"))
        .args([
            "build",
            "-Zbuild-std=std,panic_abort",
            "--target",
            target.triple(),
        ])
        .arg("--manifest-path")
        .arg(&manifest)
        .args(&extra)
        .env("__CARGO_TESTS_ONLY_SRC_ROOT", &library)
        .env("RUSTFLAGS", rustflags(target)?)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .env_remove("CARGO_TARGET_DIR");
    // The crate's own folder, so that its `rust-toolchain.toml` (if any) is not this repo's.
    if let Some(dir) = manifest.parent() {
        cargo.current_dir(dir);
    }
    let status = cargo
        .status()
        .with_context(|| format!("running cargo +{toolchain}"))?;
    if !status.success() {
        bail!("cargo +{toolchain} build -Zbuild-std failed");
    }
    Ok(())
}

/// `--manifest-path <path> [--target wasm32-wasip2|wasm32-wasip3] [--toolchain NAME]
/// [-- <cargo args>]` (the target defaults to `wasm32-wasip2`, the toolchain to the target's
/// [`Target::default_toolchain`]).
fn parse(args: &[String]) -> Result<(PathBuf, Target, String, Vec<String>)> {
    let mut manifest = None;
    let mut target = Target::P2;
    let mut toolchain = None;
    let mut iter = args.iter();
    let mut extra = Vec::new();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--manifest-path" => manifest = iter.next().map(PathBuf::from),
            "--toolchain" => {
                toolchain = Some(iter.next().context("build-std: --toolchain NAME")?.clone());
            }
            "--target" => {
                target = match iter.next().map(String::as_str) {
                    Some("wasm32-wasip2") => Target::P2,
                    Some("wasm32-wasip3") => Target::P3,
                    other => {
                        bail!("build-std: --target wasm32-wasip2 or wasm32-wasip3 (got {other:?})")
                    }
                };
            }
            "--" => {
                extra.extend(iter.by_ref().cloned());
            }
            other => bail!("build-std: unknown argument `{other}`"),
        }
    }
    let manifest = manifest.context("build-std: --manifest-path <Cargo.toml> is required")?;
    let manifest = std::fs::canonicalize(&manifest)
        .with_context(|| format!("build-std: no manifest at {}", manifest.display()))?;
    let toolchain = toolchain.unwrap_or_else(|| target.default_toolchain().to_owned());
    Ok((manifest, target, toolchain, extra))
}

/// Makes (or reuses) `target/build-std/` (`target/build-std-<toolchain>/` for a toolchain other
/// than `nightly`) and returns its `library/` folder.
fn prepare(toolchain: &str) -> Result<PathBuf> {
    let root = crate::repo_root();
    let dir = if toolchain == "nightly" {
        root.join("target/build-std")
    } else {
        root.join(format!("target/build-std-{toolchain}"))
    };
    let sysroot = nightly_sysroot(toolchain)?;
    let src = sysroot.join("lib/rustlib/src/rust/library");
    if !src.join("std/Cargo.toml").is_file() {
        let status = Command::new("rustup")
            .args(["component", "add", "rust-src", "--toolchain", toolchain])
            .status()
            .context("running rustup")?;
        if !status.success() {
            bail!("rustup component add rust-src --toolchain {toolchain} failed");
        }
    }
    // The copy is remade when nightly, the shim's sources or this file change.
    let stamp = format!("{}\n{}", sysroot.display(), fingerprint(&root)?);
    let stamp_file = dir.join("stamp");
    if std::fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp.as_str()) {
        return Ok(dir.join("library"));
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).context("removing the old target/build-std")?;
    }
    std::fs::create_dir_all(&dir)?;
    copy_dir(&src, &dir.join("library"))?;
    copy_dir(&libm_source()?, &dir.join("libm"))?;
    add_rustc_dep_of_std_to_libm(&dir.join("libm/Cargo.toml"))?;
    for name in SHIM_CRATES {
        copy_dir(
            &root.join("crates").join(name),
            &dir.join("crates").join(name),
        )?;
        concrete_manifest(&dir.join("crates").join(name).join("Cargo.toml"))?;
    }
    patch_library(&dir)?;
    std::fs::write(&stamp_file, stamp)?;
    Ok(dir.join("library"))
}

fn nightly_sysroot(toolchain: &str) -> Result<PathBuf> {
    let output = Command::new("rustc")
        .args([&format!("+{toolchain}"), "--print", "sysroot"])
        .env_remove("RUSTUP_TOOLCHAIN")
        .output()
        .with_context(|| format!("running rustc +{toolchain}"))?;
    if !output.status.success() {
        bail!("rustc +{toolchain} --print sysroot failed: is that toolchain installed?");
    }
    Ok(PathBuf::from(String::from_utf8(output.stdout)?.trim()))
}

/// A hash of the shim's crate sources and of this file, so edits remake the copy.
fn fingerprint(root: &Path) -> Result<String> {
    let mut hasher = std::hash::DefaultHasher::new();
    let mut files = Vec::new();
    for name in SHIM_CRATES {
        list_files(&root.join("crates").join(name), &mut files)?;
    }
    files.push(root.join("xtask/src/build_std.rs"));
    files.sort();
    for file in files {
        std::hash::Hash::hash(&file, &mut hasher);
        std::hash::Hash::hash(&std::fs::read(&file)?, &mut hasher);
    }
    Ok(format!("{:016x}", std::hash::Hasher::finish(&hasher)))
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// The folder of the `libm` version the shim uses, from `cargo metadata` (cargo's registry).
fn libm_source() -> Result<PathBuf> {
    let output = crate::cargo()
        .args([
            "metadata",
            "--format-version",
            "1",
            "--filter-platform",
            "wasm32-wasip2",
        ])
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!("cargo metadata failed");
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    for package in metadata["packages"].as_array().into_iter().flatten() {
        if package["name"] == "libm" {
            let manifest = package["manifest_path"]
                .as_str()
                .context("no manifest path")?;
            return Ok(PathBuf::from(manifest)
                .parent()
                .context("manifest has no folder")?
                .to_path_buf());
        }
    }
    bail!("libm is not in the workspace's dependency graph")
}

/// Adds what every crate under std has: `core` from `rustc-std-workspace-core` behind a
/// `rustc-dep-of-std` feature.
fn add_rustc_dep_of_std_to_libm(manifest: &Path) -> Result<()> {
    let text = std::fs::read_to_string(manifest)?;
    let text = replace_once(
        &text,
        "[features]",
        "[dependencies.core]\nversion = \"1.0.0\"\noptional = true\n\
         package = \"rustc-std-workspace-core\"\n\n[features]\nrustc-dep-of-std = [\"core\"]",
    )?;
    std::fs::write(manifest, text)?;
    Ok(())
}

/// Makes a copied crate's manifest stand alone: concrete package fields instead of workspace
/// inheritance, no workspace lints, and, for `wasi-shim-libc`, `libm`'s `rustc-dep-of-std`
/// (which crates.io's `libm` lacks, so it can only be asked for here).
fn concrete_manifest(manifest: &Path) -> Result<()> {
    // Longer keys first: `version.workspace` is a suffix of `rust-version.workspace`.
    let text = std::fs::read_to_string(manifest)?
        .replace("rust-version.workspace = true", "rust-version = \"1.95\"")
        .replace("repository.workspace = true\n", "")
        .replace("\nversion.workspace = true", "\nversion = \"0.1.0\"")
        .replace("edition.workspace = true", "edition = \"2024\"")
        .replace(
            "license.workspace = true",
            "license = \"Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT\"",
        )
        .replace("[lints]\nworkspace = true\n", "");
    let text = if manifest.ends_with("wasi-shim-libc/Cargo.toml") {
        replace_once(
            &text,
            "    \"libc/rustc-dep-of-std\",\n",
            "    \"libc/rustc-dep-of-std\",\n    \"libm/rustc-dep-of-std\",\n",
        )?
    } else {
        text
    };
    std::fs::write(manifest, text)?;
    Ok(())
}

/// The patches to nightly's library; each is documented in `docs/PATCHED-STD.md`.
fn patch_library(dir: &Path) -> Result<()> {
    let library = dir.join("library");
    let crates = dir.join("crates");
    let libm = dir.join("libm");

    // Patch 1: std depends on wasi-shim for p2 and p3 and links it. A std without a p3 section
    // (older nightlies) is patched for p2 only; it cannot build p3 anyway.
    let manifest = library.join("std/Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest)?;
    for env in ["p2", "p3"] {
        let anchor = format!(
            "[target.'cfg(all(target_os = \"wasi\", target_env = \"{env}\"))'.dependencies]\n"
        );
        if env == "p3" && !text.contains(&anchor) {
            continue;
        }
        let mut deps = anchor.clone();
        for name in ["wasi-shim-libc", "wasi-shim-start", "wasi-shim-rt"] {
            deps.push_str(&format!(
                "{name} = {{ path = \"{}\", features = ['rustc-dep-of-std'] }}\n",
                crates.join(name).display()
            ));
        }
        text = replace_once(&text, &anchor, &deps)?;
    }
    std::fs::write(&manifest, text)?;
    let lib_rs = library.join("std/src/lib.rs");
    let text = std::fs::read_to_string(&lib_rs)?;
    let anchor = "extern crate alloc as alloc_crate;\n";
    let link = "extern crate alloc as alloc_crate;\n\
        // wasi-shim is the libc of wasm32-wasip2 and wasm32-wasip3 (patched in by `cargo xtask\n\
        // build-std`).\n\
        #[cfg(all(target_os = \"wasi\", any(target_env = \"p2\", target_env = \"p3\")))]\n\
        extern crate wasi_shim_libc;\n\
        #[cfg(all(target_os = \"wasi\", any(target_env = \"p2\", target_env = \"p3\")))]\n\
        extern crate wasi_shim_start;\n\
        #[cfg(all(target_os = \"wasi\", any(target_env = \"p2\", target_env = \"p3\")))]\n\
        extern crate wasi_shim_rt;\n";
    std::fs::write(&lib_rs, replace_once(&text, anchor, link)?)?;

    // Patch 2: libm with `rustc-dep-of-std`, in the library's graph.
    let workspace = library.join("Cargo.toml");
    let text = std::fs::read_to_string(&workspace)?;
    let anchor = "[patch.crates-io]\n";
    let patched = format!("{anchor}libm = {{ path = \"{}\" }}\n", libm.display());
    std::fs::write(&workspace, replace_once(&text, anchor, &patched)?)?;

    // Patch 3: `try_clone` of files and sockets through `dup` on p2.
    let owned = library.join("std/src/os/fd/owned.rs");
    let text = std::fs::read_to_string(&owned)?;
    let text = patch_try_clone(&text)?;
    std::fs::write(&owned, text)?;

    // Patch 4: ENOTEMPTY is `ErrorKind::DirectoryNotEmpty` (unless std already says so).
    patch_enotempty(&library)?;

    // Patch 5: `std::env::temp_dir()` is `TMPDIR`, else `/tmp` (rust-lang/rust#160363).
    patch_temp_dir(&library)?;
    Ok(())
}

/// `temp_dir()` panics on WASI ("not supported by WASI yet"); as on Unix, it becomes `TMPDIR`,
/// else `/tmp`. Skipped when std's WASI `temp_dir` no longer panics.
fn patch_temp_dir(library: &Path) -> Result<()> {
    let path = library.join("std/src/sys/paths/wasi.rs");
    let text = std::fs::read_to_string(&path)
        .context("std/src/sys/paths/wasi.rs is gone: the temp_dir patch needs updating")?;
    let old = "pub fn temp_dir() -> PathBuf {\n    panic!(\"not supported by WASI yet\")\n}";
    if !text.contains(old) {
        if text.contains("pub fn temp_dir() -> PathBuf {")
            && !text.contains("not supported by WASI")
        {
            println!("build-std: std's WASI temp_dir no longer panics; its patch is skipped");
            return Ok(());
        }
        bail!("std's WASI temp_dir changed: the temp_dir patch needs updating");
    }
    let new = "pub fn temp_dir() -> PathBuf {\n    // wasi-shim (patched in by `cargo xtask build-std`): `TMPDIR`, else `/tmp`, as on Unix.\n    crate::env::var_os(\"TMPDIR\").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(\"/tmp\"))\n}";
    std::fs::write(&path, replace_once(&text, old, new)?)?;
    Ok(())
}

/// `OwnedFd::try_clone_to_owned` returns `Unsupported` on every wasm32 target; on p2 it can call
/// the libc's `dup` (wasi-shim's shares the open file description, as POSIX says).
fn patch_try_clone(text: &str) -> Result<String> {
    let old = "    pub fn try_clone_to_owned(&self) -> io::Result<OwnedFd> {\n        Err(io::Error::UNSUPPORTED_PLATFORM)\n    }";
    let new = "    pub fn try_clone_to_owned(&self) -> io::Result<OwnedFd> {\n        // wasm32-wasip2 and -wasip3 over wasi-shim (patched in by `cargo xtask build-std`): `dup` shares the\n        // open file description, as POSIX says.\n        #[cfg(all(target_os = \"wasi\", any(target_env = \"p2\", target_env = \"p3\")))]\n        {\n            unsafe extern \"C\" {\n                fn dup(fd: crate::ffi::c_int) -> crate::ffi::c_int;\n            }\n            // SAFETY: `dup` takes any integer and returns a new descriptor or -1.\n            let fd = unsafe { dup(self.as_raw_fd()) };\n            if fd == -1 {\n                return Err(io::Error::last_os_error());\n            }\n            // SAFETY: `dup` returned a new descriptor that nothing else owns.\n            Ok(unsafe { OwnedFd::from_raw_fd(fd) })\n        }\n        #[cfg(not(all(target_os = \"wasi\", any(target_env = \"p2\", target_env = \"p3\"))))]\n        Err(io::Error::UNSUPPORTED_PLATFORM)\n    }";
    replace_once(text, old, new)
        .context("std/src/os/fd/owned.rs changed: the try_clone patch needs updating")
}

/// Adds the `ENOTEMPTY` arm to std's errno table for WASI.
fn patch_enotempty(library: &Path) -> Result<()> {
    let candidates = [
        "std/src/sys/io/error/wasi.rs",
        "std/src/sys/pal/wasi/os.rs",
        "std/src/sys/pal/wasi/mod.rs",
    ];
    for candidate in candidates {
        let path = library.join(candidate);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let anchor = "libc::ENOENT => NotFound,";
        if let Some(at) = text.find(anchor) {
            let indent_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let indent = &text[indent_start..at];
            let patched = format!(
                "{}{anchor}\n{indent}libc::ENOTEMPTY => DirectoryNotEmpty,{}",
                &text[..at],
                &text[at + anchor.len()..]
            );
            std::fs::write(&path, patched)?;
            return Ok(());
        }
    }
    // Newer std decodes WASI errors with the Unix table, which has the arm already.
    let unix = library.join("std/src/sys/io/error/unix.rs");
    let dispatch = library.join("std/src/sys/io/error/mod.rs");
    if std::fs::read_to_string(&unix)
        .is_ok_and(|t| t.contains("libc::ENOTEMPTY => DirectoryNotEmpty"))
        && std::fs::read_to_string(&dispatch).is_ok_and(|t| t.contains("target_os = \"wasi\""))
    {
        println!(
            "build-std: std already decodes ENOTEMPTY as DirectoryNotEmpty; its patch is skipped"
        );
        return Ok(());
    }
    bail!("std's WASI errno table was not found: the ENOTEMPTY patch needs updating")
}

fn replace_once(text: &str, old: &str, new: &str) -> Result<String> {
    if text.matches(old).count() != 1 {
        bail!("expected exactly one `{}` to patch", old.trim());
    }
    Ok(text.replacen(old, new, 1))
}
