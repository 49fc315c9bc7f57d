//! The library behind `cargo wasi-shim` (and `cargo xtask rustflags`): builds wasi-shim's C
//! library and entry object for `wasm32-wasip2`, caches them, and says how to link against them.
//!
//! # Why an archive of C symbols
//!
//! wasi-shim is Rust, but std must not see it as Rust. If std linked the shim's rlibs, they would
//! refer to `core` and `alloc` by mangled names, which differ from toolchain to toolchain and
//! which a user's `lto = true` internalizes. So the shim is built, as wasi-libc is, into
//! `libc.a`: one object made with fat LTO and `panic = "abort"` (crate `wasi-shim-c`), holding
//! its own copies of `core` and `alloc`, with only C-ABI symbols global (`malloc`, `open`,
//! `errno`, ...). Its heap is its `malloc`'s, and it receives the lists of its own host calls
//! through `cabi_import_realloc`, so it never frees memory a user's `#[global_allocator]` gave
//! out. `crt1-command.o` (crate `wasi-shim-crt`) is the entry object of binaries, likewise.
//! Neither depends on the user's toolchain: any rustc from 1.95 links them, in any profile.
//!
//! They are built from the sources this crate was built from, with the toolchain the user's
//! cargo picks (or `--toolchain`), and cached under `target/wasi-shim/<key>/`, the key being that
//! toolchain's `rustc -vV` and a fingerprint of the sources.

#![forbid(unsafe_code)]

pub mod link;
pub mod preview1;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What went wrong, said for a person.
pub type Error = String;

/// The crates whose sources make the C library and the entry object.
const SHIM_CRATES: &[&str] = &[
    "wasi-shim-c",
    "wasi-shim-crt",
    "wasi-shim-libc",
    "wasi-shim",
    "wasi-shim-sys",
    "wasi-shim-rt",
    "wasi-shim-start",
];

/// The profile the C library is built with (part of the cache key).
const PROFILE: &[&str] = &[
    "profile.release.lto=\"fat\"",
    "profile.release.panic=\"abort\"",
    "profile.release.codegen-units=1",
    // For size: the shim is thin glue around host calls, and its copy of `core` and `alloc` comes
    // on top of the program's (measured on hello: 96.2 KB at opt-level 3, 90.5 KB at "s", 96.7 KB
    // at "z").
    "profile.release.opt-level=\"s\"",
    "profile.release.debug=false",
    "profile.release.strip=false",
];

/// A toolchain, as the user's cargo would pick it.
#[derive(Clone, Debug)]
pub struct Toolchain {
    /// `rustup` toolchain name given with `--toolchain`, if any.
    pub name: Option<String>,
    /// Its sysroot.
    pub sysroot: PathBuf,
    /// `rustc -vV`.
    pub version: String,
}

impl Toolchain {
    /// The toolchain `rustc` resolves to in `dir` (through rustup's overrides, `RUSTUP_TOOLCHAIN`
    /// and `rust-toolchain.toml`), or the named rustup toolchain.
    ///
    /// # Errors
    /// When `rustc` cannot be run.
    pub fn find(name: Option<&str>, dir: &Path) -> Result<Self, Error> {
        let rustc = |args: &[&str]| -> Result<String, Error> {
            let mut cmd = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()));
            if let Some(name) = name {
                cmd = Command::new("rustc");
                cmd.env("RUSTUP_TOOLCHAIN", name);
            }
            let out = cmd
                .args(args)
                .current_dir(dir)
                .stderr(Stdio::inherit())
                .output()
                .map_err(|e| format!("cannot run rustc: {e}"))?;
            if !out.status.success() {
                return Err(format!("`rustc {}` failed", args.join(" ")));
            }
            String::from_utf8(out.stdout).map_err(|_| "rustc printed non-UTF-8".to_string())
        };
        Ok(Self {
            name: name.map(str::to_string),
            sysroot: PathBuf::from(rustc(&["--print", "sysroot"])?.trim()),
            version: rustc(&["-vV"])?,
        })
    }

    /// This toolchain's own `cargo` (or `rustc`), never a rustup proxy's other choice.
    fn tool(&self, name: &str) -> PathBuf {
        self.sysroot.join("bin").join(name)
    }
}

/// The built C library: `libc.a` and `crt1-command.o` in one directory.
#[derive(Clone, Debug)]
pub struct CLibrary {
    /// The directory holding `libc.a` (given to the linker with `-L native=`).
    pub dir: PathBuf,
    /// A fingerprint of both files, so a changed shim changes the flags and cargo relinks.
    pub fingerprint: u64,
}

impl CLibrary {
    /// `crt1-command.o`: the entry object, linked into binaries only.
    #[must_use]
    pub fn crt(&self) -> PathBuf {
        self.dir.join("crt1-command.o")
    }
}

/// Where the shim's crates are: beside this one, as in the repository.
///
/// `WASI_SHIM_SOURCE` (a directory holding `wasi-shim-c/` and its siblings) overrides it.
#[must_use]
pub fn source_dir() -> PathBuf {
    std::env::var_os("WASI_SHIM_SOURCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

/// A fingerprint of every file under the shim crates' directories (and the workspace manifest and
/// lock file above them, when there is one).
fn source_fingerprint(src: &Path) -> Result<u64, Error> {
    fn walk(dir: &Path, h: &mut DefaultHasher) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for e in entries {
            let path = e.path();
            if e.file_type()?.is_dir() {
                if e.file_name() != "target" {
                    walk(&path, h)?;
                }
            } else {
                path.hash(h);
                std::fs::read(&path)?.hash(h);
            }
        }
        Ok(())
    }
    let mut h = DefaultHasher::new();
    for krate in SHIM_CRATES {
        let dir = src.join(krate);
        walk(&dir, &mut h).map_err(|e| {
            format!(
                "wasi-shim's sources are not at {} ({e}); set WASI_SHIM_SOURCE to the `crates` \
                 directory of a wasi-shim checkout",
                dir.display()
            )
        })?;
    }
    for file in ["../Cargo.toml", "../Cargo.lock"] {
        if let Ok(bytes) = std::fs::read(src.join(file)) {
            bytes.hash(&mut h);
        }
    }
    Ok(h.finish())
}

/// Options of the C library's build.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// For hosts older than WASI 0.2.12 (no `exit-with-code`): non-zero statuses become 1.
    pub legacy_exit: bool,
}

/// Builds (or finds in the cache under `cache_root`) the C library for `toolchain`.
///
/// # Errors
/// When the sources are missing or the build fails (cargo's messages go to stderr).
pub fn c_library(
    toolchain: &Toolchain,
    options: Options,
    cache_root: &Path,
) -> Result<CLibrary, Error> {
    let src = source_dir();
    let mut h = DefaultHasher::new();
    toolchain.version.hash(&mut h);
    source_fingerprint(&src)?.hash(&mut h);
    options.legacy_exit.hash(&mut h);
    PROFILE.hash(&mut h);
    let key = h.finish();
    let dir = cache_root.join(format!("{key:016x}"));
    let (libc, crt) = (dir.join("libc.a"), dir.join("crt1-command.o"));
    if !(libc.is_file() && crt.is_file()) {
        let target_dir = cache_root.join("build");
        let mut cmd = Command::new(toolchain.tool("cargo"));
        cmd.current_dir(&src)
            .env("RUSTC", toolchain.tool("rustc"))
            .env("CARGO_TARGET_DIR", &target_dir)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("RUSTC_WRAPPER")
            .env_remove("CARGO_BUILD_TARGET")
            .env_remove("RUSTUP_TOOLCHAIN")
            .args(["build", "--quiet", "--release", "--target", "wasm32-wasip2"])
            .args([
                "--manifest-path",
                &src.join("wasi-shim-c/Cargo.toml").to_string_lossy(),
            ])
            .args(["--package", "wasi-shim-c", "--package", "wasi-shim-crt"]);
        // The profile is set here, not in a manifest: a crate of the workspace may be built as
        // its own root (from a registry), where the workspace's profiles do not apply.
        for setting in PROFILE {
            cmd.args(["--config", setting]);
        }
        if options.legacy_exit {
            cmd.args(["--features", "wasi-shim-c/legacy-exit"]);
        }
        let status = cmd
            .status()
            .map_err(|e| format!("cannot run {}: {e}", toolchain.tool("cargo").display()))?;
        if !status.success() {
            return Err(format!(
                "building wasi-shim's C library for wasm32-wasip2 failed (is the target installed? \
                 `rustup target add wasm32-wasip2{}`)",
                toolchain
                    .name
                    .as_deref()
                    .map(|n| format!(" --toolchain {n}"))
                    .unwrap_or_default()
            ));
        }
        let out = target_dir.join("wasm32-wasip2/release");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let object = |archive: &str| -> Result<Vec<u8>, Error> {
            let path = out.join(archive);
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            link::lto_object(&bytes)
                .ok_or_else(|| format!("{}: no LTO object in it", path.display()))
        };
        let c = object("libwasi_shim_c.a")?;
        let start = object("libwasi_shim_crt.a")?;
        write_atomically(&libc, &link::archive(&[("libc.o", &c)]))?;
        write_atomically(&crt, &start)?;
    }
    let mut h = DefaultHasher::new();
    for f in [&libc, &crt] {
        std::fs::read(f)
            .map_err(|e| format!("{}: {e}", f.display()))?
            .hash(&mut h);
    }
    Ok(CLibrary {
        dir,
        fingerprint: h.finish(),
    })
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The `rustflags` that link a crate's std against `lib`, with `linker` (this program) as the
/// linker. Each element is one argument.
#[must_use]
pub fn rustflags(lib: &CLibrary, linker: &Path) -> Vec<String> {
    vec![
        // No wasi-libc: neither its `crt1-command.o` nor its `libc.a`.
        "-Clink-self-contained=no".into(),
        // `-lc` (asked for by std's `libc` crate) finds wasi-shim's `libc.a` here.
        format!("-Lnative={}", lib.dir.display()),
        format!("-Clinker={}", linker.display()),
        // For binaries only: the linker takes it out of the arguments of libraries.
        format!("-Clink-arg={}{}", link::CRT_ARG, lib.crt().display()),
        // Cargo does not track `libc.a`; this makes a changed shim a changed set of flags.
        format!("--cfg=wasi_shim=\"{:016x}\"", lib.fingerprint),
    ]
}
