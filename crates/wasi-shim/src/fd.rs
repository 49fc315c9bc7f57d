//! Open descriptions and the operations on descriptor numbers: read, write, seek, close, dup,
//! status flags.
//!
//! A descriptor number names a slot of the table; the slot holds an `Rc<Object>`, the open
//! description, which `dup` shares. Files keep their own offset, so a sequential `read` or
//! `write` is exactly one `descriptor.read`/`descriptor.write` call with an explicit offset: no
//! stream is created per call (wasi-libc's per-call streams are why it is several times slower).

use crate::erased::Erased;
use crate::errno::{Errno, Result};
use crate::state;
use crate::table::Slot;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::Cell;
use wasi_shim_sys::wasi::filesystem::types::{Descriptor, DescriptorType};

/// The host calls that differ between WASI versions: stdio's streams, file reads and writes at
/// an offset, appending writes.
#[cfg(not(target_env = "p3"))]
#[path = "fd/host_p2.rs"]
mod host;
#[cfg(target_env = "p3")]
#[path = "fd/host_p3.rs"]
mod host;
#[cfg(target_env = "p3")]
pub(crate) use host::{settle_stdin_read, start_stdin_read, stdin_ready};
mod types;
pub use types::{StatusFlags, Whence};

/// What a descriptor number refers to.
pub enum Object {
    /// Standard input: the host's stdin stream, fetched on first read.
    Stdin(host::StdinStream, Cell<bool>),
    /// Standard output or error: the host's stream, fetched on first write and shared by every
    /// descriptor that refers to it (see `host::write_stdio`).
    Stdout(StdoutKind),
    /// A file or directory of the filesystem.
    File(Erased<OpenFile>),
    /// A TCP or UDP socket.
    Socket(Erased<crate::net::Socket>),
}

/// Which of the two output streams an [`Object::Stdout`] is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StdoutKind {
    /// `wasi:cli/stdout`.
    Stdout,
    /// `wasi:cli/stderr`.
    Stderr,
}

/// What kind of filesystem object an [`OpenFile`] is, as far as the shim needs to know.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FileKind {
    /// A directory: reading gives `EISDIR`, `readdir` works.
    Directory,
    /// Anything else the host can open (regular files, and whatever else it exposes).
    Other,
}

/// An open file or directory: the host descriptor plus the POSIX state WASI does not keep.
pub struct OpenFile {
    pub(crate) handle: Descriptor,
    /// Known at open for directories (`O_DIRECTORY`) and writable files; otherwise asked of the
    /// host (`get-type`) only when it matters, so that a read-only open costs one host call.
    pub(crate) kind: Cell<Option<FileKind>>,
    pub(crate) offset: Cell<u64>,
    /// The offset is the end of the file, not yet asked of the host: set by appending writes,
    /// which cannot tell where the end was (see [`OpenFile::offset`]).
    pub(crate) offset_at_end: Cell<bool>,
    /// The stream `O_APPEND` writes go through (`append-via-stream`, one per open description,
    /// made on the first appending write): the host appends atomically, as the OS does.
    #[cfg_attr(
        target_env = "p3",
        expect(
            dead_code,
            reason = "WASI 0.3's appends need no state (`host::Appender` is `()`)"
        )
    )]
    pub(crate) appender: host::Appender,
    /// `O_SYNC` / `O_DSYNC`: every write is followed by `sync` / `sync-data` (WASI hosts refuse
    /// the descriptor flags for them).
    pub(crate) sync: SyncMode,
    pub(crate) readable: bool,
    pub(crate) writable: bool,
    pub(crate) append: Cell<bool>,
    pub(crate) nonblock: Cell<bool>,
    /// Whether the directory tree it lives in may be changed (the `mutate-directory` flag of the
    /// directory it was opened from); reported as the write bits of `st_mode`.
    pub(crate) tree_writable: bool,
    /// Whether the tree's preopen reported `mutate-directory`: read-only opens below it ask for
    /// it, so that `*at` calls on them may change the tree.
    pub(crate) tree_mutate_flag: bool,
    /// The device number reported as `st_dev`: that of the preopen it was reached through
    /// (its position among the preopens, from 1), inherited by everything opened below it.
    pub(crate) device: u64,
    /// For directories opened by path: the absolute guest path, so `fchdir` can work.
    pub(crate) path: Option<String>,
}

/// A file's `read` and `write`, reached only through the vtable made where an [`OpenFile`] is
/// put in the table.
impl crate::erased::Stream for OpenFile {
    fn read(&self, buf: &mut [u8]) -> Result<usize> {
        self.read_on(buf)
    }

    fn write(&self, buf: &[u8]) -> Result<usize> {
        self.write_on(buf)
    }
}

impl OpenFile {
    pub(crate) fn preopen(handle: Descriptor, name: String, device: u64) -> Self {
        let (tree_writable, tree_mutate_flag) = state::tree_is_writable(&handle);
        Self {
            handle,
            kind: Cell::new(Some(FileKind::Directory)),
            offset: Cell::new(0),
            offset_at_end: Cell::new(false),
            appender: host::Appender::default(),
            sync: SyncMode::None,
            readable: true,
            writable: false,
            append: Cell::new(false),
            nonblock: Cell::new(false),
            tree_writable,
            tree_mutate_flag,
            device,
            path: Some(crate::path::normalize_preopen_name(&name)),
        }
    }

    /// The host descriptor.
    #[must_use]
    pub fn handle(&self) -> &Descriptor {
        &self.handle
    }

    /// Whether this is a directory.
    #[must_use]
    pub fn is_directory(&self) -> bool {
        self.kind() == FileKind::Directory
    }

    /// The kind, asked of the host on first need.
    fn kind(&self) -> FileKind {
        if let Some(kind) = self.kind.get() {
            return kind;
        }
        // A descriptor whose type the host cannot tell is treated as a file: reads and writes
        // then report the host's own error.
        let kind = kind_of(&self.handle).unwrap_or(FileKind::Other);
        self.kind.set(Some(kind));
        kind
    }

    /// The error of a failed read or write: `EISDIR` for a directory (hosts differ in what they
    /// say), the host's error otherwise.
    fn io_error(&self, e: wasi_shim_sys::wasi::filesystem::types::ErrorCode) -> Errno {
        if self.kind() == FileKind::Directory {
            Errno::ISDIR
        } else {
            Errno::from(e)
        }
    }

    /// The file offset: after appending writes, the end of the file (one `stat`, on the first
    /// call that needs it).
    pub(crate) fn offset(&self) -> Result<u64> {
        if self.offset_at_end.get() {
            self.offset.set(self.handle.stat()?.size);
            self.offset_at_end.set(false);
        }
        Ok(self.offset.get())
    }

    pub(crate) fn set_offset(&self, offset: u64) {
        self.offset.set(offset);
        self.offset_at_end.set(false);
    }

    /// `read(2)`: at the description's offset, which moves past what was read.
    fn read_on(&self, buf: &mut [u8]) -> Result<usize> {
        let offset = self.offset()?;
        let n = self.pread(buf, offset)?;
        self.set_offset(offset + n as u64);
        Ok(n)
    }

    pub(crate) fn pread(&self, buf: &mut [u8], offset: u64) -> Result<usize> {
        if self.kind.get() == Some(FileKind::Directory) {
            return Err(Errno::ISDIR);
        }
        if !self.readable {
            return Err(Errno::BADF);
        }
        if buf.is_empty() {
            return Ok(0);
        }
        host::read_at(&self.handle, buf, offset).map_err(|e| self.io_error(e))
    }

    /// `write(2)`: at the end for `O_APPEND`, else at the description's offset, which moves
    /// past what was written.
    fn write_on(&self, buf: &[u8]) -> Result<usize> {
        if self.append.get() {
            return self.append(buf);
        }
        let offset = self.offset()?;
        let n = self.pwrite(buf, offset)?;
        self.set_offset(offset + n as u64);
        Ok(n)
    }

    /// The checks of every write: `EISDIR` for a directory, `EBADF` when not open for writing;
    /// `false` for an empty buffer (nothing to do).
    fn may_write(&self, buf: &[u8]) -> Result<bool> {
        if self.kind.get() == Some(FileKind::Directory) {
            return Err(Errno::ISDIR);
        }
        if !self.writable {
            return Err(Errno::BADF);
        }
        Ok(!buf.is_empty())
    }

    /// An `O_APPEND` write: through the description's append stream, so that the host appends
    /// at the end atomically (one call for up to 4 KiB). The offset becomes the end of the file.
    fn append(&self, buf: &[u8]) -> Result<usize> {
        if !self.may_write(buf)? {
            return Ok(0);
        }
        let n = host::append(self, buf)?;
        self.offset_at_end.set(true);
        self.synced()?;
        Ok(n)
    }

    /// After a write: the sync that `O_SYNC`/`O_DSYNC` ask for.
    fn synced(&self) -> Result<()> {
        match self.sync {
            SyncMode::None => Ok(()),
            SyncMode::Data => Ok(self.handle.sync_data()?),
            SyncMode::All => Ok(self.handle.sync()?),
        }
    }

    pub(crate) fn pwrite(&self, buf: &[u8], offset: u64) -> Result<usize> {
        if !self.may_write(buf)? {
            return Ok(0);
        }
        let n = host::write_at(&self.handle, buf, offset).map_err(|e| self.io_error(e))?;
        self.synced()?;
        Ok(n)
    }
}

impl Object {
    pub(crate) fn stdin() -> Self {
        Self::Stdin(host::StdinStream::default(), Cell::new(false))
    }
    pub(crate) fn stdout() -> Self {
        Self::Stdout(StdoutKind::Stdout)
    }
    pub(crate) fn stderr() -> Self {
        Self::Stdout(StdoutKind::Stderr)
    }

    /// The open file, or `ENOTDIR`/`EBADF`-style errors named for the check.
    pub(crate) fn as_file(&self) -> Result<Rc<OpenFile>> {
        match self {
            Self::File(file) => Ok(file.rc()),
            _ => Err(Errno::BADF),
        }
    }

    /// The open directory: `ENOTDIR` for anything else.
    pub(crate) fn as_directory(&self) -> Result<Rc<OpenFile>> {
        match self {
            Self::File(file) if file.is_directory() => Ok(file.rc()),
            _ => Err(Errno::NOTDIR),
        }
    }

    fn read(&self, buf: &mut [u8]) -> Result<usize> {
        match self {
            Self::Stdin(stream, nonblock) => {
                if buf.is_empty() {
                    // As Linux: a read of no bytes returns 0 at once (a blocking read of 0 bytes
                    // would wait for input).
                    return Ok(0);
                }
                host::read_stdin(stream, buf, nonblock.get())
            }
            Self::Stdout(..) => Err(Errno::BADF),
            Self::File(file) => file.stream().read(buf),
            Self::Socket(sock) => sock.stream().read(buf),
        }
    }

    fn write(&self, buf: &[u8]) -> Result<usize> {
        match self {
            Self::Stdin(..) => Err(Errno::BADF),
            Self::Stdout(kind) => host::write_stdio(*kind, buf),
            Self::File(file) => file.stream().write(buf),
            Self::Socket(sock) => sock.stream().write(buf),
        }
    }
}

/// `O_SYNC` and `O_DSYNC` of an open file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SyncMode {
    /// Neither.
    None,
    /// `O_DSYNC`: data synced after each write.
    Data,
    /// `O_SYNC`: data and metadata synced after each write.
    All,
}

/// The open description behind `fd`.
pub(crate) fn object(fd: u32) -> Result<Rc<Object>> {
    state::with(|s| Ok(s.table.get(fd)?.entry.clone()))
}

/// The open file or directory behind `fd`: `EBADF` for stdio and closed numbers.
///
/// # Errors
/// `EBADF` when `fd` is not open or is not a file.
pub fn file(fd: u32) -> Result<Rc<OpenFile>> {
    object(fd)?.as_file()
}

/// `read(fd, buf)`: reads at the descriptor's offset and advances it.
///
/// # Errors
/// `EBADF` for a closed or write-only descriptor, `EISDIR` for a directory, host errors mapped.
pub fn read(fd: u32, buf: &mut [u8]) -> Result<usize> {
    object(fd)?.read(buf)
}

/// `write(fd, buf)`: writes at the offset (or the end, in append mode) and advances it.
///
/// # Errors
/// `EBADF` for a closed or read-only descriptor, `EPIPE` when the stream is closed.
pub fn write(fd: u32, buf: &[u8]) -> Result<usize> {
    match state::table_write() {
        Some(write) => write(fd, buf),
        // No table yet, so nothing was ever opened, closed or duplicated: 1 and 2 are the host's
        // stdout and stderr, 0 is read-only, and no other number is open.
        None => match fd {
            1 => host::write_stdio(StdoutKind::Stdout, buf),
            2 => host::write_stdio(StdoutKind::Stderr, buf),
            _ => Err(Errno::BADF),
        },
    }
}

/// [`write`] once the table exists; [`state`] installs it when it creates the table (see
/// [`state::table_write`] for why it is reached through a pointer).
pub(crate) fn write_through_table(fd: u32, buf: &[u8]) -> Result<usize> {
    object(fd)?.write(buf)
}

/// `pread(fd, buf, offset)`: reads at `offset` without moving the descriptor's offset.
///
/// # Errors
/// `ESPIPE` for stdio, as for pipes; otherwise as [`read`].
pub fn pread(fd: u32, buf: &mut [u8], offset: u64) -> Result<usize> {
    match &*object(fd)? {
        Object::File(file) => file.pread(buf, offset),
        _ => Err(Errno::SPIPE),
    }
}

/// `pwrite(fd, buf, offset)`: writes at `offset` without moving the descriptor's offset.
///
/// # Errors
/// `ESPIPE` for stdio; otherwise as [`write`].
pub fn pwrite(fd: u32, buf: &[u8], offset: u64) -> Result<usize> {
    match &*object(fd)? {
        Object::File(file) => file.pwrite(buf, offset),
        _ => Err(Errno::SPIPE),
    }
}

/// `lseek(fd, offset, whence)`: moves the offset; seeking past the end is allowed.
///
/// # Errors
/// `ESPIPE` for stdio, `EINVAL` when the result would be negative or overflow.
pub fn seek(fd: u32, offset: i64, whence: Whence) -> Result<u64> {
    let object = object(fd)?;
    let Object::File(file) = &*object else {
        return Err(Errno::SPIPE);
    };
    let base = match whence {
        Whence::Start => 0,
        Whence::Current => file.offset()?,
        Whence::End => file.handle.stat()?.size,
    };
    let target = i64::try_from(base)
        .ok()
        .and_then(|b| b.checked_add(offset))
        // Linux says EINVAL for an offset past what `off_t` holds (`vfs_setpos`).
        .ok_or(Errno::INVAL)?;
    let target = u64::try_from(target).map_err(|_| Errno::INVAL)?;
    file.set_offset(target);
    Ok(target)
}

/// `close(fd)`: removes the number; the host resource goes when the last duplicate does.
///
/// # Errors
/// `EBADF` when `fd` is not open (closing twice is `EBADF`, and nothing else is closed).
pub fn close(fd: u32) -> Result<()> {
    let slot = state::with(|s| s.table.remove(fd))?;
    drop(slot);
    Ok(())
}

/// `dup(fd)` and `fcntl(fd, F_DUPFD, min)`: a new number, at least `min`, for the same open
/// description (shared offset and status flags); the new descriptor has `FD_CLOEXEC` clear
/// unless `cloexec`.
///
/// # Errors
/// `EBADF` when `fd` is not open, `EMFILE` when the table is full, `EINVAL` for `min` past it.
pub fn dup(fd: u32, min: u32, cloexec: bool) -> Result<u32> {
    state::with(|s| {
        let entry = s.table.get(fd)?.entry.clone();
        s.table
            .insert_at_least(min as usize, Slot { entry, cloexec })
    })
}

/// `dup2(fd, target)`: makes `target` refer to `fd`'s open description, closing what `target`
/// held; does nothing when both are equal and open.
///
/// # Errors
/// `EBADF` when `fd` is not open or `target` is past the table's limit.
pub fn dup2(fd: u32, target: u32) -> Result<u32> {
    let old = state::with(|s| s.table.dup2(fd, target))?;
    // The replaced description is dropped outside the state borrow.
    drop(old);
    Ok(target)
}

/// `FD_CLOEXEC` of `fd`.
///
/// # Errors
/// `EBADF` when `fd` is not open.
pub fn cloexec(fd: u32) -> Result<bool> {
    state::with(|s| Ok(s.table.get(fd)?.cloexec))
}

/// Sets `FD_CLOEXEC` of `fd`.
///
/// # Errors
/// `EBADF` when `fd` is not open.
pub fn set_cloexec(fd: u32, on: bool) -> Result<()> {
    state::with(|s| {
        s.table.get_mut(fd)?.cloexec = on;
        Ok(())
    })
}

/// `fcntl(fd, F_GETFL)`.
///
/// # Errors
/// `EBADF` when `fd` is not open.
pub fn status_flags(fd: u32) -> Result<StatusFlags> {
    Ok(match &*object(fd)? {
        Object::Stdin(_, nonblock) => StatusFlags {
            read: true,
            nonblock: nonblock.get(),
            ..StatusFlags::default()
        },
        Object::Stdout(..) => StatusFlags {
            write: true,
            ..StatusFlags::default()
        },
        Object::File(file) => StatusFlags {
            read: file.readable,
            write: file.writable,
            append: file.append.get(),
            nonblock: file.nonblock.get(),
        },
        Object::Socket(sock) => StatusFlags {
            read: true,
            write: true,
            append: false,
            nonblock: sock.nonblocking(),
        },
    })
}

/// `fcntl(fd, F_SETFL)`: changes `O_APPEND` and `O_NONBLOCK`; the access mode cannot change.
///
/// # Errors
/// `EBADF` when `fd` is not open.
pub fn set_status_flags(fd: u32, append: bool, nonblock: bool) -> Result<()> {
    match &*object(fd)? {
        Object::File(file) => {
            file.append.set(append);
            file.nonblock.set(nonblock);
        }
        Object::Socket(sock) => sock.set_nonblocking(nonblock),
        // Kept only where reads honour it (`host::STDIN_NONBLOCK`): never reported falsely.
        Object::Stdin(_, on) => on.set(nonblock && host::STDIN_NONBLOCK),
        // Writes to stdout and stderr always complete: a non-blocking write to them would block
        // only as long as a blocking one, which the host bounds.
        Object::Stdout(..) => {}
    }
    Ok(())
}

/// `isatty(fd)`: whether stdio `fd` is a terminal, as the host's `terminal-*` interfaces say.
///
/// # Errors
/// `EBADF` when `fd` is not open, `ENOTTY` when it is not a terminal.
pub fn isatty(fd: u32) -> Result<()> {
    use wasi_shim_sys::wasi::cli::{terminal_stderr, terminal_stdin, terminal_stdout};
    let is_tty = match &*object(fd)? {
        Object::Stdin(..) => terminal_stdin::get_terminal_stdin().is_some(),
        Object::Stdout(StdoutKind::Stdout) => terminal_stdout::get_terminal_stdout().is_some(),
        Object::Stdout(StdoutKind::Stderr) => terminal_stderr::get_terminal_stderr().is_some(),
        Object::File(_) => false,
        Object::Socket(_) => false,
    };
    if is_tty { Ok(()) } else { Err(Errno::NOTTY) }
}

/// `fsync(fd)` (`data_only` false) and `fdatasync(fd)` (true).
///
/// # Errors
/// `EINVAL` for stdio, which cannot be synchronized; host errors mapped.
pub fn sync(fd: u32, data_only: bool) -> Result<()> {
    let file = object(fd)?;
    let Object::File(file) = &*file else {
        return Err(Errno::INVAL);
    };
    if data_only {
        file.handle.sync_data()?;
    } else {
        file.handle.sync()?;
    }
    Ok(())
}

/// `ftruncate(fd, len)`.
///
/// # Errors
/// `EBADF` when `fd` is not open; `EINVAL` for anything but a regular file open for writing
/// (stdio, sockets, directories, read-only descriptors), as Linux reports.
pub fn truncate(fd: u32, len: u64) -> Result<()> {
    let Object::File(file) = &*object(fd)? else {
        return Err(Errno::INVAL);
    };
    if file.is_directory() || !file.writable {
        return Err(Errno::INVAL);
    }
    file.handle.set_size(len)?;
    Ok(())
}

/// Stores a newly opened file under the lowest free descriptor number.
pub(crate) fn install(file: OpenFile, cloexec: bool) -> Result<u32> {
    let entry = Rc::new(Object::File(Erased::new(Rc::new(file))));
    state::with(|s| s.table.insert(Slot { entry, cloexec }))
}

/// The kind of `handle`, asked of the host.
pub(crate) fn kind_of(handle: &Descriptor) -> Result<FileKind> {
    Ok(match handle.get_type()? {
        DescriptorType::Directory => FileKind::Directory,
        _ => FileKind::Other,
    })
}
