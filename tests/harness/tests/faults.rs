//! Faults injected by the host (guest `faults`): a stdout that fails mid-write, a stdout nobody
//! reads, and a full filesystem (a size-limited tmpfs). The program gets an errno and keeps
//! running; what was written before the fault is intact.
//!
//! The full-filesystem test mounts a tmpfs, which needs the privilege to mount (CI runs as
//! root); set `WASI_SHIM_SKIP_MOUNT_TESTS=1` to skip it where mounting is impossible.

use std::path::{Path, PathBuf};
use std::process::Command;

use wasi_shim_harness::{RunConfig, StdoutFault, Variant, run, run_both};

/// The stream `faults stdout` writes: numbered 1000-byte lines.
fn stdout_stream(chunks: usize) -> Vec<u8> {
    (0..chunks)
        .flat_map(|i| format!("{i:04}{}\n", "x".repeat(995)).into_bytes())
        .collect()
}

#[test]
fn a_stdout_that_fails_mid_write_gives_eio_then_epipe() {
    // The host takes 10,500 bytes: ten whole chunks and half of the eleventh.
    let cfg = RunConfig::new()
        .arg("stdout")
        .stdout_fault(StdoutFault::FailsAfter(10_500));
    let out = run(Variant::Shim, "faults", &cfg);
    out.assert_success();
    assert_eq!(
        out.stderr_lossy(),
        "chunks written: 10\nfirst failing write: EIO\nthe next write: EPIPE\nstill running: true\n",
        "{out}"
    );
    // What the host took is exactly the start of what was written.
    assert_eq!(out.stdout, stdout_stream(11)[..10_500], "{out}");
}

#[test]
fn a_stdout_nobody_reads_gives_epipe_as_natively() {
    let cfg = RunConfig::new()
        .arg("stdout")
        .stdout_fault(StdoutFault::Closed);
    let (shim, native) = run_both(Variant::Shim, "faults", &cfg);
    shim.assert_success();
    native.assert_success();
    assert_eq!(shim.stderr_lossy(), native.stderr_lossy());
    assert_eq!(
        shim.stderr_lossy(),
        "chunks written: 0\nfirst failing write: EPIPE\nthe next write: EPIPE\nstill running: true\n"
    );
}

/// A tmpfs of `size` mounted on a fresh directory, unmounted on drop.
struct SmallFs {
    dir: tempfile::TempDir,
}

impl SmallFs {
    fn mount(size: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "cannot mount a tmpfs (needs root; set WASI_SHIM_SKIP_MOUNT_TESTS=1 to skip)"
        );
        Self { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_owned()
    }
}

impl Drop for SmallFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn fill(variant: Variant, fs: &Path) -> String {
    let cfg = match variant {
        Variant::Native => RunConfig::new().args(["fill".to_owned(), fs.display().to_string()]),
        _ => RunConfig::new()
            .preopen(fs, "/full")
            .args(["fill", "/full"]),
    };
    let out = run(variant, "faults", &cfg);
    out.assert_success();
    out.stdout_str().to_owned()
}

#[test]
fn a_full_filesystem_gives_enospc_and_keeps_what_was_written() {
    if std::env::var_os("WASI_SHIM_SKIP_MOUNT_TESTS").is_some() {
        eprintln!("skipped: WASI_SHIM_SKIP_MOUNT_TESTS is set");
        return;
    }
    let shim = fill(Variant::Shim, &SmallFs::mount("256k").path());
    let native = fill(Variant::Native, &SmallFs::mount("256k").path());
    wasi_shim_harness::assert_same_lines(&shim, &native);
    for mode in ["positional", "O_APPEND"] {
        assert!(
            shim.contains(&format!("{mode}: the write that did not fit: ENOSPC\n")),
            "{shim}"
        );
        assert!(
            shim.contains(&format!(
                "{mode}: the file holds what was written, intact: true\n"
            )),
            "{shim}"
        );
    }
}
