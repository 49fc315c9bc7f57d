//! A scratch directory shared by a guest and the test, mapped the same way under WASI and natively.

use std::path::{Path, PathBuf};

use crate::{Outcome, RunConfig, Variant, run};

/// Name of the environment variable that tells a guest where its sandbox is.
pub const SANDBOX_ENV: &str = "SANDBOX";

/// A fresh host temp dir that a guest uses as its scratch directory (removed on drop).
///
/// # Convention
///
/// [`Sandbox::apply`] adds to a [`RunConfig`]:
///
/// * for a WASI variant: a read-write preopen of the temp dir at guest path
///   [`Sandbox::GUEST_PATH`] (`/sandbox`), the initial cwd `/sandbox`, and `SANDBOX=/sandbox`;
/// * for [`Variant::Native`]: the same preopen and cwd (so the native run's current directory is
///   the temp dir) and `SANDBOX=<the temp dir's canonical absolute host path>`.
///
/// So a guest finds its sandbox through `$SANDBOX` (absolute paths) or through its current
/// directory (relative paths), identically under both.
#[derive(Debug)]
pub struct Sandbox {
    /// Owns the temp dir (removes it on drop).
    _dir: tempfile::TempDir,
    host: PathBuf,
}

impl Sandbox {
    /// The guest path at which WASI guests see the sandbox.
    pub const GUEST_PATH: &'static str = "/sandbox";

    /// Creates a fresh, empty sandbox in the system temp dir.
    ///
    /// # Panics
    ///
    /// If the temp dir cannot be created.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("wasi-shim-sandbox-")
            .tempdir()
            .expect("cannot create a sandbox temp dir");
        let host = dir
            .path()
            .canonicalize()
            .expect("cannot canonicalize the sandbox path");
        Self { _dir: dir, host }
    }

    /// The host directory (canonical absolute path).
    pub fn path(&self) -> &Path {
        &self.host
    }

    /// What `$SANDBOX` holds for `variant`: the guest path under WASI, the host path natively.
    pub fn env_value(&self, variant: Variant) -> String {
        if variant.is_wasm() {
            Self::GUEST_PATH.to_owned()
        } else {
            self.host.to_string_lossy().into_owned()
        }
    }

    /// `cfg` plus this sandbox for `variant`: preopen, initial cwd and `$SANDBOX` (see the type's
    /// docs).
    pub fn apply(&self, variant: Variant, cfg: RunConfig) -> RunConfig {
        cfg.preopen(&self.host, Self::GUEST_PATH)
            .cwd(Self::GUEST_PATH)
            .env(SANDBOX_ENV, self.env_value(variant))
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs `guest` twice, under `variant` and under [`Variant::Native`], each with `cfg` plus its own
/// fresh [`Sandbox`], and returns `(variant's outcome, native outcome)`. The sandboxes are removed
/// afterwards.
///
/// # Panics
///
/// As [`run`].
pub fn run_both(variant: Variant, guest: &str, cfg: &RunConfig) -> (Outcome, Outcome) {
    let run_in_sandbox = |v: Variant| {
        let sandbox = Sandbox::new();
        run(v, guest, &sandbox.apply(v, cfg.clone()))
    };
    (run_in_sandbox(variant), run_in_sandbox(Variant::Native))
}
