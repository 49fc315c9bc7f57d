//! `stat` and friends, `mkdir`, timestamps, `chmod`.

use crate::args::with_path;
use crate::args::{base, fd_arg};
use crate::errno::ret;
use core::ffi::{c_char, c_int};
use libc::{mode_t, timespec};
use wasi_shim::Errno;
use wasi_shim::fs::{self, FileType, SetTime, Stat, Timestamp};

fn timespec_of(t: Option<Timestamp>) -> timespec {
    let t = t.unwrap_or_default();
    timespec {
        tv_sec: i64::try_from(t.seconds).unwrap_or(i64::MAX),
        tv_nsec: t.nanoseconds as core::ffi::c_long,
    }
}

fn type_bits(t: FileType) -> mode_t {
    match t {
        FileType::Directory => libc::S_IFDIR,
        FileType::RegularFile => libc::S_IFREG,
        FileType::SymbolicLink => libc::S_IFLNK,
        FileType::BlockDevice => libc::S_IFBLK,
        FileType::CharacterDevice => libc::S_IFCHR,
        FileType::Fifo => libc::S_IFIFO,
        FileType::Socket => libc::S_IFSOCK,
        FileType::Unknown => 0,
    }
}

/// Fills the C `stat` from the platform's.
///
/// # Safety
/// `out` must be valid for writing one `stat`.
unsafe fn store(st: &Stat, out: *mut libc::stat) -> wasi_shim::Result<()> {
    if out.is_null() {
        return Err(Errno::FAULT);
    }
    // SAFETY: `stat` is plain data (integers), for which all-zero bytes are a valid value; the
    // private padding fields of the `libc` crate's definition stay zero.
    let mut c: libc::stat = unsafe { core::mem::zeroed() };
    c.st_dev = st.dev;
    c.st_ino = st.ino;
    c.st_nlink = st.nlink;
    c.st_mode = type_bits(st.file_type) | st.permissions;
    c.st_size = i64::try_from(st.size).unwrap_or(i64::MAX);
    c.st_blksize = 512;
    c.st_blocks = (c.st_size + 511) / 512;
    c.st_atim = timespec_of(st.accessed);
    c.st_mtim = timespec_of(st.modified);
    c.st_ctim = timespec_of(st.changed);
    // SAFETY: the caller gives a writable `stat`.
    unsafe { out.write(c) };
    Ok(())
}

/// `fstat(fd, buf)`: `descriptor.stat` plus `descriptor.metadata-hash` for `st_dev`/`st_ino`.
///
/// # Deviations
/// `st_mode`'s permission bits follow the shim's rule (see `wasi_shim::fs`): `r` always, `w`
/// when the tree may be changed, `x` on directories. `st_uid`/`st_gid` are 0, `st_blksize` 512.
/// Stdio reports a character device.
///
/// # Errors
/// `EBADF`.
///
/// # Safety
/// `buf` must be valid for writing a `stat`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/fstat.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fstat(fd: c_int, buf: *mut libc::stat) -> c_int {
    // SAFETY: the caller's guarantee on `buf` is passed on.
    let r = fd_arg(fd)
        .and_then(fs::fstat)
        .and_then(|st| unsafe { store(&st, buf) });
    ret(r, |()| 0)
}

/// `fstatat(dirfd, path, buf, flags)`: `descriptor.stat-at` plus `metadata-hash-at`;
/// `AT_SYMLINK_NOFOLLOW` describes a symbolic link itself.
///
/// # Errors
/// `ENOENT`, `ENOTDIR`, `EACCES` (a directory outside every preopen), `EILSEQ`.
///
/// # Safety
/// `path` must be NUL-terminated; `buf` valid for writing a `stat`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/fstatat.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fstatat(
    dirfd: c_int,
    path: *const c_char,
    buf: *mut libc::stat,
    flags: c_int,
) -> c_int {
    let follow = flags & libc::AT_SYMLINK_NOFOLLOW == 0;
    // SAFETY: the caller's guarantees are passed on.
    let r = unsafe {
        with_path(path, |p| {
            let st = fs::stat(base(dirfd)?, p, follow)?;
            store(&st, buf)
        })
    };
    ret(r, |()| 0)
}

/// `stat(path, buf)`: [`fstatat`] with `AT_FDCWD`, following links.
///
/// # Safety
/// As for [`fstatat`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stat(path: *const c_char, buf: *mut libc::stat) -> c_int {
    // SAFETY: passed on from the caller.
    unsafe { fstatat(libc::AT_FDCWD, path, buf, 0) }
}

/// `lstat(path, buf)`: [`fstatat`] with `AT_FDCWD` and `AT_SYMLINK_NOFOLLOW`.
///
/// # Safety
/// As for [`fstatat`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lstat(path: *const c_char, buf: *mut libc::stat) -> c_int {
    // SAFETY: passed on from the caller.
    unsafe { fstatat(libc::AT_FDCWD, path, buf, libc::AT_SYMLINK_NOFOLLOW) }
}

/// `mkdirat(dirfd, path, mode)`: `descriptor.create-directory-at`.
///
/// # Deviations
/// `mode` is ignored: WASI 0.2 has no permission bits.
///
/// # Errors
/// `EEXIST`, `ENOENT`, `EACCES` (a directory outside every preopen).
///
/// # Safety
/// `path` must be a NUL-terminated string.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/mkdir.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mkdirat(dirfd: c_int, path: *const c_char, mode: mode_t) -> c_int {
    let _ = mode;
    // SAFETY: passed on from the caller.
    ret(
        unsafe { with_path(path, |p| fs::mkdir(base(dirfd)?, p)) },
        |()| 0,
    )
}

/// `mkdir(path, mode)`: [`mkdirat`] with `AT_FDCWD`.
///
/// # Safety
/// `path` must be a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mkdir(path: *const c_char, mode: mode_t) -> c_int {
    // SAFETY: passed on from the caller.
    unsafe { mkdirat(libc::AT_FDCWD, path, mode) }
}

/// Reads the two `timespec`s of `futimens`/`utimensat` (null means "now" for both).
///
/// # Safety
/// `times` must be null or point to two `timespec`s.
unsafe fn set_times_of(times: *const timespec) -> wasi_shim::Result<(SetTime, SetTime)> {
    if times.is_null() {
        return Ok((SetTime::Now, SetTime::Now));
    }
    let convert = |t: timespec| match t.tv_nsec {
        libc::UTIME_NOW => Ok(SetTime::Now),
        libc::UTIME_OMIT => Ok(SetTime::Keep),
        ns if (0..1_000_000_000).contains(&ns) && t.tv_sec >= 0 => Ok(SetTime::At(Timestamp {
            seconds: t.tv_sec as u64,
            nanoseconds: ns as u32,
        })),
        _ => Err(Errno::INVAL),
    };
    // SAFETY: the caller gives two `timespec`s.
    let (a, m) = unsafe { (times.read(), times.add(1).read()) };
    Ok((convert(a)?, convert(m)?))
}

/// `futimens(fd, times)`: `descriptor.set-times`; `UTIME_NOW` and `UTIME_OMIT` work.
///
/// # Deviations
/// Times before 1970 give `EINVAL`: WASI's `datetime` has unsigned seconds.
///
/// # Errors
/// `EBADF`, `EINVAL`.
///
/// # Safety
/// `times` must be null or point to two `timespec`s.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/futimens.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn futimens(fd: c_int, times: *const timespec) -> c_int {
    let r = fd_arg(fd).and_then(|fd| {
        // SAFETY: passed on from the caller.
        let (a, m) = unsafe { set_times_of(times) }?;
        fs::set_times_fd(fd, a, m)
    });
    ret(r, |()| 0)
}

/// `utimensat(dirfd, path, times, flags)`: `descriptor.set-times-at`.
///
/// # Errors
/// As [`futimens`], plus path errors.
///
/// # Safety
/// `path` must be NUL-terminated; `times` null or two `timespec`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn utimensat(
    dirfd: c_int,
    path: *const c_char,
    times: *const timespec,
    flags: c_int,
) -> c_int {
    let follow = flags & libc::AT_SYMLINK_NOFOLLOW == 0;
    // SAFETY: passed on from the caller.
    let r = unsafe {
        with_path(path, |p| {
            let (a, m) = set_times_of(times)?;
            fs::set_times(base(dirfd)?, p, follow, a, m)
        })
    };
    ret(r, |()| 0)
}

/// `fchmod(fd, mode)`.
///
/// # Deviations
/// WASI 0.2 cannot change permissions: asking for the mode `fstat` already reports succeeds
/// and changes nothing (so copying one file's permissions onto another works); any other mode
/// gives `ENOTSUP`.
///
/// # Safety
/// None beyond the C contract; `fd` is checked.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/fchmod.html>.
#[unsafe(no_mangle)]
pub extern "C" fn fchmod(fd: c_int, mode: mode_t) -> c_int {
    let r = fd_arg(fd)
        .and_then(fs::fstat)
        .and_then(|st| fs::check_permissions_unchanged(&st, mode));
    ret(r, |()| 0)
}

/// `chmod(path, mode)`: as [`fchmod`], on a path.
///
/// # Safety
/// `path` must be a NUL-terminated string.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/chmod.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn chmod(path: *const c_char, mode: mode_t) -> c_int {
    // SAFETY: passed on from the caller.
    let r = unsafe {
        with_path(path, |p| {
            let st = fs::stat(fs::Base::Cwd, p, true)?;
            fs::check_permissions_unchanged(&st, mode)
        })
    };
    ret(r, |()| 0)
}
