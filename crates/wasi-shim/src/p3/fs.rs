//! The filesystem on WASI 0.3 (`wasm32-wasip3`): not served yet.
//!
//! The p3 backend does not open `wasi:filesystem` yet (docs/WASIP3.md), so every call that takes
//! a path fails with `ENOSYS`, and `fstat` describes the standard streams, the only descriptors
//! there are. The types are the p2 backend's (`fs/types.rs`), so the C ABI above is one.
//! `getcwd` reports the host's initial directory, as on p2.

use crate::errno::{Errno, Result};
use crate::global::Global;
use alloc::string::String;

#[path = "../fs/types.rs"]
mod types;
pub use types::{
    Base, FileType, OpenOptions, SYMLOOP_MAX, SetTime, Stat, Timestamp, check_permissions_unchanged,
};

/// `openat(base, path, flags)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn open(_base: Base, _path: &str, _options: &OpenOptions) -> Result<u32> {
    Err(Errno::NOSYS)
}

/// `fstat(fd)`: the standard streams are character devices, as on p2.
///
/// # Errors
/// `EBADF` when `fd` is not open.
pub fn fstat(fd: u32) -> Result<Stat> {
    crate::fd::object(fd)?;
    Ok(Stat::of_stream(fd, FileType::CharacterDevice, 0o620))
}

/// `fstatat(base, path)`, `stat(path)` and `lstat(path)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn stat(_base: Base, _path: &str, _follow: bool) -> Result<Stat> {
    Err(Errno::NOSYS)
}

/// `mkdirat(base, path)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn mkdir(_base: Base, _path: &str) -> Result<()> {
    Err(Errno::NOSYS)
}

/// `unlinkat(base, path, AT_REMOVEDIR)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn rmdir(_base: Base, _path: &str) -> Result<()> {
    Err(Errno::NOSYS)
}

/// `unlinkat(base, path, 0)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn unlink(_base: Base, _path: &str) -> Result<()> {
    Err(Errno::NOSYS)
}

/// `renameat(old_base, old, new_base, new)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn rename(_old_base: Base, _old: &str, _new_base: Base, _new: &str) -> Result<()> {
    Err(Errno::NOSYS)
}

/// `linkat(old_base, old, new_base, new, flags)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn link(_old_base: Base, _old: &str, _new_base: Base, _new: &str, _follow: bool) -> Result<()> {
    Err(Errno::NOSYS)
}

/// `symlinkat(target, base, path)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn symlink(_target: &str, _base: Base, _path: &str) -> Result<()> {
    Err(Errno::NOSYS)
}

/// `readlinkat(base, path)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn readlink(_base: Base, _path: &str) -> Result<String> {
    Err(Errno::NOSYS)
}

/// `futimens(fd, times)`.
///
/// # Errors
/// `EBADF` when `fd` is not open; `EINVAL` otherwise: the standard streams have no times.
pub fn set_times_fd(fd: u32, _accessed: SetTime, _modified: SetTime) -> Result<()> {
    crate::fd::object(fd)?;
    Err(Errno::INVAL)
}

/// `utimensat(base, path, times, flags)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn set_times(
    _base: Base,
    _path: &str,
    _follow: bool,
    _accessed: SetTime,
    _modified: SetTime,
) -> Result<()> {
    Err(Errno::NOSYS)
}

/// The current directory: the host's initial one (`get-initial-cwd`, normalized; `/` when it
/// gives none) until the filesystem lands, since `chdir` cannot change it yet.
static CWD: Global<Option<String>> = Global::new(None);

/// `getcwd`: the current directory, absolute.
#[must_use]
pub fn current_dir() -> String {
    CWD.with(|cwd| {
        cwd.get_or_insert_with(|| {
            let initial = wasi_shim_sys::wasi::cli::environment::get_initial_cwd();
            crate::path::normalize("/", initial.as_deref().unwrap_or("/"))
        })
        .clone()
    })
}

/// `chdir(path)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet, so no directory can be checked.
pub fn set_current_dir(_path: &str) -> Result<()> {
    Err(Errno::NOSYS)
}

/// `fchdir(fd)`: no descriptor on p3 is a directory yet.
///
/// # Errors
/// `EBADF` when `fd` is not open, `ENOTDIR` otherwise.
pub fn set_current_dir_fd(fd: u32) -> Result<()> {
    crate::fd::object(fd)?;
    Err(Errno::NOTDIR)
}

/// `realpath(path)`.
///
/// # Errors
/// `ENOSYS`: no filesystem on p3 yet.
pub fn canonicalize(_path: &str) -> Result<String> {
    Err(Errno::NOSYS)
}
