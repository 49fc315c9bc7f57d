//! Path-based filesystem operations: open, stat, create and remove, links, times, permissions,
//! the current directory.
//!
//! Every path goes through `State::resolve` (see [`crate::path`]) and reaches the host as a
//! `*-at` call on a directory descriptor. Paths are `&str`: WASI strings are UTF-8, and the C-ABI
//! layer turns non-UTF-8 bytes into `EILSEQ` before calling here.
//!
//! Permissions: WASI 0.2 has no permission bits. The shim reports `r` for everyone, `w` for
//! everyone when the object's directory tree may be changed (the `mutate-directory` flag of the
//! preopen or directory it was reached through), and `x` on directories. So a fresh file in a
//! writable preopen is not read-only (stock wasi-libc says it is), and a file in a read-only
//! preopen is.

use crate::errno::{Errno, Result};
use crate::fd::{self, FileKind, OpenFile};
use crate::state::{self, Located, Resolved};
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
#[cfg(not(target_env = "p3"))]
use wasi_shim_sys::wasi::filesystem::types::Datetime;
use wasi_shim_sys::wasi::filesystem::types::{
    DescriptorFlags, DescriptorStat, DescriptorType, NewTimestamp, OpenFlags, PathFlags,
};

impl Base {
    fn fd(self) -> Option<u32> {
        match self {
            Self::Cwd => None,
            Self::Dir(fd) => Some(fd),
        }
    }
}

fn resolve(base: Base, path: &str) -> Result<Resolved> {
    state::with(|s| s.resolve(base.fd(), path))
}

/// The error of a change refused in `dir`'s tree: in a tree the host made read-only (no
/// `mutate-directory`), the host's "not permitted" is `EROFS`, as on a read-only mount.
fn changing(dir: &OpenFile, error: impl Into<Errno>) -> Errno {
    let errno = error.into();
    if !dir.tree_writable && matches!(errno, Errno::PERM | Errno::ACCES) {
        Errno::ROFS
    } else {
        errno
    }
}

/// `openat(base, path, flags)`: opens a file or directory and returns its descriptor number.
///
/// # Errors
/// `ENOENT`/`EACCES` outside the preopens, `EMFILE` when the table is full, host errors mapped
/// (`ENOENT`, `EEXIST`, `EISDIR`, `ENOTDIR`, `EACCES`, ...).
pub fn open(base: Base, path: &str, options: &OpenOptions) -> Result<u32> {
    let resolved = resolve(base, path)?;
    let mut open_flags = OpenFlags::empty();
    if options.create {
        open_flags = open_flags | OpenFlags::CREATE;
    }
    if options.exclusive {
        open_flags = open_flags | OpenFlags::EXCLUSIVE;
    }
    if options.truncate {
        open_flags = open_flags | OpenFlags::TRUNCATE;
    }
    if options.directory {
        open_flags = open_flags | OpenFlags::DIRECTORY;
    }
    let tree_writable = resolved.dir.tree_writable;
    let mut flags = DescriptorFlags::empty();
    if options.read || !options.write {
        flags = flags | DescriptorFlags::READ;
    }
    if options.write {
        flags = flags | DescriptorFlags::WRITE;
    }
    // A directory opened read-only still lets `*at` calls change its tree when the tree it lives
    // in allows that; asking for it on a read-only tree would fail the open.
    if !options.write && resolved.dir.tree_mutate_flag {
        flags = flags | DescriptorFlags::MUTATE_DIRECTORY;
    }
    let handle = resolved
        .descriptor()
        .open_at(
            path_flags(!options.nofollow),
            &resolved.path,
            open_flags,
            flags,
        )
        .map_err(|e| {
            if options.write || options.create || options.truncate {
                changing(&resolved.dir, e)
            } else {
                e.into()
            }
        })?;
    // A read-only open without `O_DIRECTORY` may be a directory; its kind is asked of the host
    // only when it matters (see `OpenFile::kind`), and its path is kept for `fchdir` either way.
    let kind = if options.directory {
        Some(FileKind::Directory)
    } else if options.write {
        Some(FileKind::Other)
    } else {
        None
    };
    let dir_path = match kind {
        Some(FileKind::Other) => None,
        // The directory it was resolved from (a preopen or an open directory) knows its own
        // path; joined with the rest, that is this one's.
        _ => resolved
            .dir
            .path
            .as_deref()
            .map(|dir| crate::path::normalize(dir, &resolved.path)),
    };
    let file = OpenFile {
        handle,
        kind: Cell::new(kind),
        offset: Cell::new(0),
        offset_at_end: Cell::new(false),
        appender: Default::default(),
        // Hosts refuse the sync descriptor flags (wasmtime: `ENOTSUP` for every open), so the
        // shim syncs after each write itself.
        sync: if options.sync {
            fd::SyncMode::All
        } else if options.dsync {
            fd::SyncMode::Data
        } else {
            fd::SyncMode::None
        },
        readable: options.read || !options.write,
        writable: options.write,
        append: Cell::new(options.append),
        nonblock: Cell::new(options.nonblock),
        tree_writable,
        tree_mutate_flag: resolved.dir.tree_mutate_flag,
        device: resolved.dir.device,
        path: dir_path,
    };
    fd::install(file, options.cloexec)
}

fn path_flags(follow: bool) -> PathFlags {
    if follow {
        PathFlags::SYMLINK_FOLLOW
    } else {
        PathFlags::empty()
    }
}

impl From<DescriptorType> for FileType {
    fn from(t: DescriptorType) -> Self {
        match t {
            #[cfg(not(target_env = "p3"))]
            DescriptorType::Unknown => Self::Unknown,
            #[cfg(target_env = "p3")]
            DescriptorType::Other(_) => Self::Unknown,
            DescriptorType::BlockDevice => Self::BlockDevice,
            DescriptorType::CharacterDevice => Self::CharacterDevice,
            DescriptorType::Directory => Self::Directory,
            DescriptorType::Fifo => Self::Fifo,
            DescriptorType::SymbolicLink => Self::SymbolicLink,
            DescriptorType::RegularFile => Self::RegularFile,
            DescriptorType::Socket => Self::Socket,
        }
    }
}

#[cfg(not(target_env = "p3"))]
impl From<Datetime> for Timestamp {
    fn from(d: Datetime) -> Self {
        Self {
            seconds: d.seconds,
            nanoseconds: d.nanoseconds,
        }
    }
}

fn make_stat(stat: DescriptorStat, ino: u64, tree: &OpenFile) -> Stat {
    let file_type = FileType::from(stat.type_);
    let mut permissions = 0o444;
    if tree.tree_writable {
        permissions |= 0o222;
    }
    if file_type == FileType::Directory {
        permissions |= 0o111;
    }
    Stat {
        dev: tree.device,
        ino,
        file_type,
        permissions,
        nlink: stat.link_count,
        size: stat.size,
        accessed: stat.data_access_timestamp.map(Timestamp::from),
        modified: stat.data_modification_timestamp.map(Timestamp::from),
        changed: stat.status_change_timestamp.map(Timestamp::from),
    }
}

/// `fstat(fd)`.
///
/// # Errors
/// `EBADF` when `fd` is not open; host errors mapped.
pub fn fstat(fd: u32) -> Result<Stat> {
    match &*fd::object(fd)? {
        fd::Object::File(file) => {
            let stat = file.handle.stat()?;
            let hash = file.handle.metadata_hash()?;
            Ok(make_stat(stat, hash.lower, file))
        }
        fd::Object::Socket(_) => Ok(Stat::of_stream(fd, FileType::Socket, 0o777)),
        // Stdio is a character device as far as POSIX programs can tell.
        _ => Ok(Stat::of_stream(fd, FileType::CharacterDevice, 0o620)),
    }
}

/// What `fstat` says of a descriptor that is not a file (a socket or stdio): WASI has no
/// metadata for these, so the descriptor number stands in for the inode and the rest is empty.
/// `fstatat(base, path)`, `stat(path)` (`follow` true) and `lstat(path)` (`follow` false).
///
/// # Errors
/// `ENOENT`/`EACCES` outside the preopens; host errors mapped.
pub fn stat(base: Base, path: &str, follow: bool) -> Result<Stat> {
    let resolved = match state::with(|s| s.locate(base.fd(), path))? {
        Located::Host(resolved) => resolved,
        Located::Unserved(id) => return Ok(unserved_stat(id)),
    };
    let dir = resolved.descriptor();
    let flags = path_flags(follow);
    let stat = dir.stat_at(flags, &resolved.path)?;
    let hash = dir.metadata_hash_at(flags, &resolved.path)?;
    Ok(make_stat(stat, hash.lower, &resolved.dir))
}

/// What `stat` says of a directory on the way to a preopen (`/` under a `/sandbox` preopen):
/// it exists in the guest's namespace, as the directories a kernel walks through to a mount
/// point do, but no preopen serves it, so the shim describes it itself. A directory that paths
/// pass through but that cannot be listed or changed (`--x--x--x`: opening it gives `EACCES`,
/// `access(W_OK)` `EROFS`), on device 0 (the preopens are 1 and up), its identity from its
/// place ([`crate::path::position_id`]), two links, size 0, and no times (the host has none).
fn unserved_stat(id: u64) -> Stat {
    Stat {
        dev: 0,
        ino: id,
        file_type: FileType::Directory,
        permissions: 0o111,
        nlink: 2,
        size: 0,
        accessed: None,
        modified: None,
        changed: None,
    }
}

/// `mkdirat(base, path)`. The mode is not stored: WASI 0.2 has no permission bits.
///
/// # Errors
/// Host errors mapped (`EEXIST`, `ENOENT`, ...).
pub fn mkdir(base: Base, path: &str) -> Result<()> {
    if final_dots(path).is_some() {
        // `a/.` and `a/..` name a directory that exists or cannot: never one to create (as
        // Linux: EEXIST when `a` is a directory, its error when it is not).
        dots_parent_is_dir(base, path)?;
        return Err(Errno::EXIST);
    }
    let resolved = resolve(base, path)?;
    resolved
        .descriptor()
        .create_directory_at(crate::path::trim_trailing_slashes(&resolved.path))
        .map_err(|e| changing(&resolved.dir, e))?;
    Ok(())
}

/// `.` or `..` when that is the last component of `path` (trailing slashes aside): paths that
/// lexical normalization would otherwise turn into their directory's own name.
fn final_dots(path: &str) -> Option<&str> {
    let trimmed = crate::path::trim_trailing_slashes(path);
    let last = match trimmed.bytes().rposition(|b| b == b'/') {
        Some(slash) => trimmed.get(slash + 1..).unwrap_or_default(),
        None => trimmed,
    };
    matches!(last, "." | "..").then_some(last)
}

/// The directory `path` names its last component in, as written (trailing slashes aside): `/`
/// for `/x`, `.` for a single name.
fn parent_of(path: &str) -> &str {
    let trimmed = crate::path::trim_trailing_slashes(path);
    match trimmed.bytes().rposition(|b| b == b'/') {
        Some(0) => "/",
        Some(i) => trimmed.get(..i).unwrap_or(trimmed),
        None => ".",
    }
}

/// Checks that what comes before a final `.` or `..` of `path` is a directory, without the
/// lexical normalization that would let `missing/..` stand for `.`.
///
/// # Errors
/// `ENOENT` when it does not exist, `ENOTDIR` when it is not a directory.
fn dots_parent_is_dir(base: Base, path: &str) -> Result<()> {
    let parent = parent_of(path);
    if stat(base, parent, true)?.file_type != FileType::Directory {
        return Err(Errno::NOTDIR);
    }
    Ok(())
}

/// `unlinkat(base, path, AT_REMOVEDIR)` and `rmdir(path)`.
///
/// # Errors
/// `ENOTEMPTY` for a non-empty directory; host errors mapped.
pub fn rmdir(base: Base, path: &str) -> Result<()> {
    // POSIX: a last component of `.` is EINVAL; Linux says ENOTEMPTY for `..` (the parent holds
    // at least the directory the path came through). Both once the path up to that component is
    // known to be a directory.
    if let Some(dots) = final_dots(path) {
        dots_parent_is_dir(base, path)?;
        return Err(if dots == "." {
            Errno::INVAL
        } else {
            Errno::NOTEMPTY
        });
    }
    let resolved = resolve(base, path)?;
    if resolved.path == "." {
        // POSIX: removing a path whose last component is `.` is EINVAL; a preopen root is busy.
        return Err(Errno::BUSY);
    }
    resolved
        .descriptor()
        .remove_directory_at(crate::path::trim_trailing_slashes(&resolved.path))
        .map_err(|e| changing(&resolved.dir, e))?;
    Ok(())
}

/// `unlinkat(base, path, 0)` and `unlink(path)`.
///
/// # Errors
/// `EISDIR` for a directory (as Linux reports); host errors mapped.
pub fn unlink(base: Base, path: &str) -> Result<()> {
    let resolved = resolve(base, path)?;
    if resolved.path.ends_with('/') || resolved.path == "." {
        return Err(Errno::ISDIR);
    }
    match resolved.descriptor().unlink_file_at(&resolved.path) {
        Ok(()) => Ok(()),
        // Hosts differ on unlinking a directory (EPERM as POSIX, EISDIR as Linux, or EACCES);
        // the shim reports Linux's EISDIR, which std maps to `IsADirectory`.
        Err(code) => {
            let errno = Errno::from(code);
            if matches!(errno, Errno::PERM | Errno::ACCES | Errno::ISDIR)
                && resolved
                    .descriptor()
                    .stat_at(PathFlags::empty(), &resolved.path)
                    .is_ok_and(|s| matches!(s.type_, DescriptorType::Directory))
            {
                Err(Errno::ISDIR)
            } else {
                Err(changing(&resolved.dir, errno))
            }
        }
    }
}

/// `renameat(old_base, old, new_base, new)`.
///
/// # Errors
/// Host errors mapped (`ENOENT`, `EXDEV` across preopens the host cannot join, ...).
pub fn rename(old_base: Base, old: &str, new_base: Base, new: &str) -> Result<()> {
    let from = resolve(old_base, old)?;
    let to = resolve(new_base, new)?;
    from.descriptor()
        .rename_at(&from.path, to.descriptor(), &to.path)
        .map_err(|e| {
            changing(
                if from.dir.tree_writable {
                    &to.dir
                } else {
                    &from.dir
                },
                e,
            )
        })?;
    Ok(())
}

/// `linkat(old_base, old, new_base, new, flags)`: a hard link; `follow` is `AT_SYMLINK_FOLLOW`.
///
/// # Errors
/// Host errors mapped.
pub fn link(old_base: Base, old: &str, new_base: Base, new: &str, follow: bool) -> Result<()> {
    let from = resolve(old_base, old)?;
    let to = resolve(new_base, new)?;
    from.descriptor()
        .link_at(path_flags(follow), &from.path, to.descriptor(), &to.path)
        .map_err(|e| changing(&to.dir, e))?;
    Ok(())
}

/// `symlinkat(target, base, path)`.
///
/// A relative `target` is stored as given. WASI hosts refuse absolute targets (a link must not
/// point outside its preopen); so an absolute `target` that lies in the same preopen as the link
/// is stored as an equivalent relative path from the link's directory (made canonical first,
/// so that the relative path climbs from where the link really is), marked so that
/// [`readlink`] gives the absolute text back (see [`relative_target`]), and the link works when
/// followed. An absolute target in another preopen, or in none, is passed on and refused by the
/// host as before (`EPERM`).
///
/// Deviations: `readlink` gives the absolute target normalized (`/a//b/./c` as `/a/b/c`, and
/// `..` taken); the host and other programs see the relative form (`.//../x`), which works for
/// them too, as long as the link stays at its depth.
///
/// # Errors
/// Host errors mapped.
pub fn symlink(target: &str, base: Base, path: &str) -> Result<()> {
    let resolved = resolve(base, path)?;
    let stored = if target.starts_with('/') {
        relative_target(target, base, path).unwrap_or_else(|| String::from(target))
    } else {
        String::from(target)
    };
    resolved
        .descriptor()
        .symlink_at(&stored, &resolved.path)
        .map_err(|e| changing(&resolved.dir, e))?;
    Ok(())
}

/// The prefix that marks a stored link target as the relative form of an absolute one: `.//`,
/// which resolves as `.` does, and which programs do not write.
const ABSOLUTE_MARK: &str = ".//";

/// The directory of the link `path` (relative to `base`), made canonical and resolved: where the
/// link really is, which is what its relative target climbs from.
fn link_directory(base: Base, path: &str) -> Option<Resolved> {
    let parent = parent_of(path);
    let parent_abs = if parent.starts_with('/') {
        String::from(parent)
    } else {
        let from = match base {
            Base::Cwd => current_dir(),
            Base::Dir(fd) => fd::object(fd).ok()?.as_directory().ok()?.path.clone()?,
        };
        crate::path::normalize(&from, parent)
    };
    resolve(Base::Cwd, &canonicalize(&parent_abs).ok()?).ok()
}

/// A path's components, without empty ones and `.`.
fn components(p: &str) -> Vec<&str> {
    crate::path::pieces(p)
        .filter(|c| !c.is_empty() && *c != ".")
        .collect()
}

/// The stored form of the absolute `target` of the link `path` (relative to `base`), when both
/// lie in one preopen: [`ABSOLUTE_MARK`], then `..` up to the preopen's root from the link's
/// canonical directory, then the target's path inside the preopen (`.//../../a/b` for
/// `/sandbox/a/b` from `/sandbox/x/y/link`). It is relative, so the host takes it and follows
/// it, and [`readlink`] gives the absolute text back from it. `None` when the target is in
/// another preopen or in none (or the link's directory cannot be made canonical).
fn relative_target(target: &str, base: Base, path: &str) -> Option<String> {
    let link_dir = link_directory(base, path)?;
    let to = resolve(Base::Cwd, target).ok()?;
    if !Rc::ptr_eq(&link_dir.dir, &to.dir) {
        return None;
    }
    let mut parts: Vec<&str> =
        core::iter::repeat_n("..", components(&link_dir.path).len()).collect();
    parts.extend(components(&to.path));
    let mut text = String::from(ABSOLUTE_MARK);
    text.push_str(&if parts.is_empty() {
        String::from(".")
    } else {
        parts.join("/")
    });
    if target.ends_with('/') {
        text.push('/');
    }
    Some(text)
}

/// The absolute text of a target stored by [`relative_target`] for the link `path`: the
/// preopen's name and the path after the climb, when the climb is exactly the depth of the
/// link's canonical directory in its preopen (so the link has not been moved elsewhere since);
/// `None` for any other text, which is given back as stored.
fn absolute_target(stored: &str, base: Base, path: &str) -> Option<String> {
    let rest = stored.strip_prefix(ABSOLUTE_MARK)?;
    let link_dir = link_directory(base, path)?;
    let parts = components(rest);
    let ups = parts.iter().take_while(|c| **c == "..").count();
    if ups != components(&link_dir.path).len() || parts[ups..].contains(&"..") {
        return None;
    }
    let mount = state::with(|s| {
        s.preopens()
            .iter()
            .find(|p| Rc::ptr_eq(&p.dir, &link_dir.dir))
            .map(|p| p.name.clone())
    })?;
    let mut text = String::from(crate::path::trim_trailing_slashes(&mount));
    for part in &parts[ups..] {
        text.push('/');
        text.push_str(part);
    }
    if text.is_empty() {
        text.push('/');
    }
    if rest.ends_with('/') && !text.ends_with('/') {
        text.push('/');
    }
    Some(text)
}

/// `readlinkat(base, path)`: the link's target.
///
/// # Errors
/// `EINVAL` when `path` is not a symbolic link; host errors mapped.
pub fn readlink(base: Base, path: &str) -> Result<String> {
    let resolved = resolve(base, path)?;
    let stored =
        crate::import_alloc::receiving(|| resolved.descriptor().readlink_at(&resolved.path))?;
    Ok(absolute_target(&stored, base, path).unwrap_or(stored))
}

impl From<SetTime> for NewTimestamp {
    fn from(t: SetTime) -> Self {
        match t {
            SetTime::Keep => Self::NoChange,
            SetTime::Now => Self::Now,
            #[cfg(not(target_env = "p3"))]
            SetTime::At(t) => Self::Timestamp(Datetime {
                seconds: t.seconds,
                nanoseconds: t.nanoseconds,
            }),
            #[cfg(target_env = "p3")]
            SetTime::At(t) => Self::Timestamp(t.into()),
        }
    }
}

/// `futimens(fd, times)`.
///
/// # Errors
/// `EBADF` for stdio or closed numbers; host errors mapped.
pub fn set_times_fd(fd: u32, accessed: SetTime, modified: SetTime) -> Result<()> {
    fd::file(fd)?
        .handle
        .set_times(accessed.into(), modified.into())?;
    Ok(())
}

/// `utimensat(base, path, times, flags)`.
///
/// # Errors
/// Host errors mapped.
pub fn set_times(
    base: Base,
    path: &str,
    follow: bool,
    accessed: SetTime,
    modified: SetTime,
) -> Result<()> {
    let resolved = resolve(base, path)?;
    resolved
        .descriptor()
        .set_times_at(
            path_flags(follow),
            &resolved.path,
            accessed.into(),
            modified.into(),
        )
        .map_err(|e| changing(&resolved.dir, e))?;
    Ok(())
}

/// `getcwd`: the current directory, absolute.
#[must_use]
pub fn current_dir() -> String {
    state::cwd()
}

/// `chdir(path)`: changes the current directory after checking that `path` is a directory
/// inside a preopen.
///
/// # Errors
/// `ENOENT`, `ENOTDIR`, `EACCES` as the check finds.
pub fn set_current_dir(path: &str) -> Result<()> {
    if path.is_empty() {
        return Err(Errno::NOENT);
    }
    // The current directory is kept canonical (no symlinks, `.` or `..`), as `getcwd` must
    // report it and as `..` from it must go to the physical parent.
    let canonical = canonicalize(path)?;
    let st = stat(Base::Cwd, &canonical, true)?;
    if st.file_type != FileType::Directory {
        return Err(Errno::NOTDIR);
    }
    state::set_cwd(canonical);
    Ok(())
}

/// `fchdir(fd)`: changes to the directory `fd` was opened from.
///
/// # Errors
/// `ENOTDIR` for non-directories, `ENOTSUP` for a directory whose path is unknown.
pub fn set_current_dir_fd(fd: u32) -> Result<()> {
    let object = fd::object(fd)?;
    let dir = object.as_directory()?;
    let path = dir.path.clone().ok_or(Errno::NOTSUP)?;
    set_current_dir(&path)
}

/// `realpath(path)`: the absolute path with every symbolic link, `.` and `..` resolved, of an
/// object that exists.
///
/// # Errors
/// `ENOENT` when a component does not exist, `ELOOP` past [`SYMLOOP_MAX`] links.
pub fn canonicalize(path: &str) -> Result<String> {
    if path.is_empty() {
        return Err(Errno::NOENT);
    }
    let mut pending: Vec<String> = Vec::new();
    push_components(&mut pending, path);
    // The walk starts at the root or at the current directory, which is canonical already, so
    // each `..` can be taken lexically from the resolved prefix.
    let mut resolved = if path.starts_with('/') {
        String::from("/")
    } else {
        current_dir()
    };
    let mut links = 0;
    while let Some(component) = pending.pop() {
        let candidate = crate::path::normalize(&resolved, &component);
        let st = stat(Base::Cwd, &candidate, false)?;
        if st.file_type != FileType::SymbolicLink
            && st.file_type != FileType::Directory
            && !pending.is_empty()
        {
            // A file followed by more components (even `..`): POSIX resolution fails here.
            return Err(Errno::NOTDIR);
        }
        if st.file_type == FileType::SymbolicLink {
            links += 1;
            if links > SYMLOOP_MAX {
                return Err(Errno::LOOP);
            }
            let target = readlink(Base::Cwd, &candidate)?;
            if target.starts_with('/') {
                resolved = String::from("/");
            }
            push_components(&mut pending, &target);
        } else {
            resolved = candidate;
        }
    }
    // The last component must exist even when the path was `/` or ended in `..`.
    stat(Base::Cwd, &resolved, true)?;
    Ok(resolved)
}

/// Pushes the components of `path` so that popping yields them in order.
fn push_components(stack: &mut Vec<String>, path: &str) {
    for component in path.rsplit('/') {
        if !component.is_empty() && component != "." {
            stack.push(String::from(component));
        }
    }
}

mod typed;
mod types;
pub use typed::{
    File, ReadDir, SeekFrom, create_dir, metadata, read, read_dir, remove_dir, remove_file, write,
};
pub use types::{
    Base, FileType, OpenOptions, SYMLOOP_MAX, SetTime, Stat, Timestamp, check_permissions_unchanged,
};
