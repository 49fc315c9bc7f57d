//! `opendir`, `fdopendir`, `readdir`, `rewinddir`, `closedir`, `dirfd`.

use crate::args::fd_arg;
use crate::args::with_path;
use crate::errno::{fail, set_errno};
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::ffi::{c_char, c_int};
use wasi_shim::dir::DirStream;
use wasi_shim::fs::{self, FileType, OpenOptions};
use wasi_shim::{Errno, fd};

/// What a `DIR *` points to: the stream and the buffer the last `dirent` lives in.
struct Dir {
    stream: DirStream,
    /// `u64`s so that the `dirent` at its start is 8-byte aligned.
    entry: Vec<u64>,
}

/// The offset of `d_name` in the `libc` crate's `dirent`.
const NAME_OFFSET: usize = core::mem::offset_of!(libc::dirent, d_name);

fn d_type(t: FileType) -> u8 {
    match t {
        FileType::Directory => libc::DT_DIR,
        FileType::RegularFile => libc::DT_REG,
        FileType::SymbolicLink => libc::DT_LNK,
        FileType::BlockDevice => libc::DT_BLK,
        FileType::CharacterDevice => libc::DT_CHR,
        FileType::Fifo => libc::DT_FIFO,
        FileType::Socket => libc::DT_SOCK,
        FileType::Unknown => libc::DT_UNKNOWN,
    }
}

fn into_dir(stream: DirStream) -> *mut libc::DIR {
    Box::into_raw(Box::new(Dir {
        stream,
        entry: Vec::new(),
    }))
    .cast()
}

/// `fdopendir(fd)`: a directory stream over the open directory `fd`, which belongs to the
/// stream from now on (`closedir` closes it).
///
/// # Errors
/// `EBADF`, `ENOTDIR`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/fdopendir.html>.
#[unsafe(no_mangle)]
pub extern "C" fn fdopendir(fd: c_int) -> *mut libc::DIR {
    match fd_arg(fd).and_then(DirStream::from_fd) {
        Ok(stream) => into_dir(stream),
        Err(e) => fail(e),
    }
}

/// `opendir(path)`: opens `path` as a directory and a stream over it.
///
/// # Errors
/// `ENOENT`, `ENOTDIR`, `EMFILE`, `EACCES` (a directory outside every preopen), `EILSEQ`.
///
/// # Safety
/// `path` must be a NUL-terminated string.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/opendir.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn opendir(path: *const c_char) -> *mut libc::DIR {
    let options = OpenOptions {
        read: true,
        directory: true,
        ..OpenOptions::default()
    };
    // SAFETY: passed on from the caller.
    let r = unsafe { with_path(path, |p| fs::open(fs::Base::Cwd, p, &options)) };
    let fd = match r {
        Ok(fd) => fd,
        Err(e) => return fail(e),
    };
    match DirStream::from_fd(fd) {
        Ok(stream) => into_dir(stream),
        Err(e) => {
            let _ = fd::close(fd);
            fail(e)
        }
    }
}

/// `readdir(dir)`: the next entry, or null at the end.
///
/// `.` and `..` are not listed (WASI's `read-directory` omits them). `d_ino` is the host's
/// metadata hash of the entry (one `metadata-hash-at` call per entry), `d_type` comes from the
/// listing.
///
/// # Errors
/// At the end of the directory, returns null and leaves `errno` unchanged: std clears `errno`
/// first and treats "null with `errno` still 0" as the end. On a host error, returns null with
/// `errno` set.
///
/// # Safety
/// `dir` must come from `opendir`/`fdopendir` and not be closed. The returned entry is valid
/// until the next `readdir` or `closedir` on `dir`.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/readdir.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn readdir(dir: *mut libc::DIR) -> *mut libc::dirent {
    if dir.is_null() {
        return fail(Errno::BADF);
    }
    // SAFETY: the caller passes a live `DIR *` made by `into_dir`.
    let dir = unsafe { &mut *dir.cast::<Dir>() };
    let entry = match dir.stream.next(true) {
        Ok(Some(entry)) => entry,
        Ok(None) => return core::ptr::null_mut(),
        Err(e) => {
            set_errno(e);
            return core::ptr::null_mut();
        }
    };
    let bytes = NAME_OFFSET + entry.name.len() + 1;
    dir.entry.clear();
    dir.entry.resize(bytes.div_ceil(8).max(2), 0);
    let base = dir.entry.as_mut_ptr().cast::<u8>();
    let header = base.cast::<libc::dirent>();
    // SAFETY: the buffer holds at least `size_of::<dirent>()` (16) bytes, is 8-byte aligned, and
    // has room for the name and its NUL after `d_name`'s offset.
    unsafe {
        (&raw mut (*header).d_ino).write(entry.ino);
        (&raw mut (*header).d_type).write(d_type(entry.file_type));
        let name = base.add(NAME_OFFSET);
        core::ptr::copy_nonoverlapping(entry.name.as_ptr(), name, entry.name.len());
        name.add(entry.name.len()).write(0);
    }
    header
}

/// `rewinddir(dir)`: the next `readdir` starts again from the first entry.
///
/// # Safety
/// `dir` must come from `opendir`/`fdopendir` and not be closed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rewinddir(dir: *mut libc::DIR) {
    if !dir.is_null() {
        // SAFETY: the caller passes a live `DIR *`.
        unsafe { &mut *dir.cast::<Dir>() }.stream.rewind();
    }
}

/// `closedir(dir)`: frees the stream and closes its descriptor.
///
/// # Errors
/// `EBADF` when the descriptor was already closed.
///
/// # Safety
/// `dir` must come from `opendir`/`fdopendir` and not be closed; it is invalid afterwards.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/closedir.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn closedir(dir: *mut libc::DIR) -> c_int {
    if dir.is_null() {
        return fail(Errno::BADF);
    }
    // SAFETY: the caller passes a live `DIR *` made by `Box::into_raw` and gives it up.
    let dir = unsafe { Box::from_raw(dir.cast::<Dir>()) };
    crate::errno::ret(fd::close(dir.stream.fd()), |()| 0)
}

/// `dirfd(dir)`: the descriptor the stream reads.
///
/// # Safety
/// `dir` must come from `opendir`/`fdopendir` and not be closed.
///
/// See <https://pubs.opengroup.org/onlinepubs/9799919799/functions/dirfd.html>.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn dirfd(dir: *mut libc::DIR) -> c_int {
    if dir.is_null() {
        return fail(Errno::BADF);
    }
    // SAFETY: the caller passes a live `DIR *`.
    unsafe { &*dir.cast::<Dir>() }.stream.fd() as c_int
}
