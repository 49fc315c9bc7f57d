//! Descriptors on WASI 0.3 (`wasm32-wasip3`): the first slice of the p3 backend.
//!
//! So far the table holds the three standard descriptors only: 0 reads `wasi:cli/stdin`'s
//! stream (asked for at the first read, and kept apart from the table), and 1 and 2 write `wasi:cli/stdout` and `stderr`
//! through a `stream<u8>` handed to the host at the first write (`wasi_shim_sys::p3_stdio`).
//! Descriptor numbers behave as on p2: `dup` shares the open description (one
//! stream: WASI 0.3 allows one writer per stream) and `close` frees the number. Deviation: the
//! three streams live apart from the table and stay open until the component exits, so closing
//! every descriptor for stdout does not end the host's stdout early. Files, directories and sockets are p2-only until
//! the rest of the backend lands (docs/WASIP3.md).

use crate::errno::{Errno, Result};
use crate::global::Global;
use crate::table::{DescriptorTable, Slot};
use alloc::rc::Rc;
use wasi_shim_sys::p3_stdio::{Input, Output, Which};
use wasi_shim_sys::wasi::cli::types::ErrorCode;

#[path = "../fd/types.rs"]
mod types;
pub use types::{StatusFlags, Whence};

/// What a descriptor refers to (shared by `dup`s).
pub(crate) enum Object {
    /// Standard input: the stream is [`STDIN`].
    Stdin,
    /// Standard output or error: the stream is [`STDOUT`] or [`STDERR`].
    Output(Which),
}

static TABLE: Global<Option<DescriptorTable<Rc<Object>>>> = Global::new(None);

/// Standard input's stream, asked for at the first read. Apart from the table, so that a program
/// that never reads links (and imports) no `wasi:cli/stdin`; it stays open for the component's
/// life (closing descriptor 0 and its duplicates frees their numbers only).
static STDIN: Global<Option<Input>> = Global::new(None);

/// Standard output's and error's streams, opened at the first write. Apart from the table too,
/// so that a program that only prints makes no table (and links no heap), as on p2; they stay
/// open for the component's life, and the host sees their end when the component exits.
static STDOUT: Global<Option<Output>> = Global::new(None);
static STDERR: Global<Option<Output>> = Global::new(None);

fn with<R>(f: impl FnOnce(&mut DescriptorTable<Rc<Object>>) -> R) -> R {
    TABLE.with(|table| f(table.get_or_insert_with(new_table)))
}

#[inline(never)]
fn new_table() -> DescriptorTable<Rc<Object>> {
    let mut table = DescriptorTable::new();
    for object in [
        Object::Stdin,
        Object::Output(Which::Stdout),
        Object::Output(Which::Stderr),
    ] {
        // An empty table has room for three entries; they get 0, 1 and 2.
        let _ = table.insert(Slot {
            entry: Rc::new(object),
            cloexec: false,
        });
    }
    table
}

pub(crate) fn object(fd: u32) -> Result<Rc<Object>> {
    with(|table| Ok(table.get(fd)?.entry.clone()))
}

/// `read(fd, buf)`: blocks until the host has given at least one byte or has ended the input
/// (then 0, the end of file). A zero-length read moves nothing and makes no host call.
///
/// # Errors
/// `EBADF` for a descriptor that is not open or not readable; `EIO` (or `EILSEQ`, `EPIPE`, as
/// the host reports) once, when the host ended the input with an error.
pub fn read(fd: u32, buf: &mut [u8]) -> Result<usize> {
    if !matches!(*object(fd)?, Object::Stdin) {
        return Err(Errno::BADF);
    }
    if buf.is_empty() {
        return Ok(0);
    }
    STDIN.with(|stdin| {
        stdin
            .get_or_insert_with(Input::open)
            .read(buf)
            .map_err(|e| errno(Some(e)))
    })
}

/// The errno of a `wasi:cli` error (`None`: the host closed the stream without one).
fn errno(error: Option<ErrorCode>) -> Errno {
    match error {
        Some(ErrorCode::Io) => Errno::IO,
        Some(ErrorCode::IllegalByteSequence) => Errno::ILSEQ,
        Some(ErrorCode::Pipe) | None => Errno::PIPE,
    }
}

/// `write(fd, buf)`: blocks until the host has taken at least one byte; the count may be short
/// (as a pipe's may), when the host's read was smaller or it closed the stream part-way. A
/// zero-length write moves nothing and makes no host call.
///
/// # Errors
/// `EBADF` for a descriptor that is not open or not writable; `EPIPE` (or `EIO`, `EILSEQ`, as the
/// host reports) once the host has closed the stream.
pub fn write(fd: u32, buf: &[u8]) -> Result<usize> {
    // No table yet, so nothing was ever opened, closed or duplicated: 1 and 2 are stdout and
    // stderr, 0 is read-only, and no other number is open.
    let which = match TABLE.with(|table| table.as_ref().map(|t| t.get(fd).map(|s| s.entry.clone())))
    {
        None => match fd {
            1 => Which::Stdout,
            2 => Which::Stderr,
            _ => return Err(Errno::BADF),
        },
        Some(entry) => match *entry? {
            Object::Output(which) => which,
            Object::Stdin => return Err(Errno::BADF),
        },
    };
    if buf.is_empty() {
        return Ok(0);
    }
    let stream = match which {
        Which::Stdout => &STDOUT,
        Which::Stderr => &STDERR,
    };
    stream.with(|stream| {
        stream
            .get_or_insert_with(|| Output::open(which))
            .write(buf)
            .map_err(errno)
    })
}

/// `close(fd)`: frees the number. Deviation: the standard streams stay open (see [`STDOUT`]).
///
/// # Errors
/// `EBADF` when `fd` is not open.
pub fn close(fd: u32) -> Result<()> {
    let slot = with(|table| table.remove(fd))?;
    drop(slot);
    Ok(())
}

/// `dup(fd)` and `fcntl(fd, F_DUPFD, min)`: a new number, at least `min`, for the same open
/// description; `FD_CLOEXEC` is clear unless `cloexec`.
///
/// # Errors
/// `EBADF` when `fd` is not open, `EMFILE` when the table is full, `EINVAL` for `min` past it.
pub fn dup(fd: u32, min: u32, cloexec: bool) -> Result<u32> {
    with(|table| {
        let entry = table.get(fd)?.entry.clone();
        table.insert_at_least(min as usize, Slot { entry, cloexec })
    })
}

/// `dup2(fd, target)`: makes `target` refer to `fd`'s open description, closing what `target`
/// held; does nothing when both are equal and open.
///
/// # Errors
/// `EBADF` when `fd` is not open or `target` is past the table's limit.
pub fn dup2(fd: u32, target: u32) -> Result<u32> {
    let old = with(|table| table.dup2(fd, target))?;
    // The replaced description is dropped outside the table's borrow.
    drop(old);
    Ok(target)
}

/// `pread(fd, buf, offset)`: every descriptor on p3 so far is a stream, which has no offset.
///
/// # Errors
/// `EBADF` when `fd` is not open, `ESPIPE` otherwise (as for a pipe).
pub fn pread(fd: u32, _buf: &mut [u8], _offset: u64) -> Result<usize> {
    object(fd)?;
    Err(Errno::SPIPE)
}

/// `pwrite(fd, buf, offset)`: as [`pread`].
///
/// # Errors
/// `EBADF` when `fd` is not open, `ESPIPE` otherwise.
pub fn pwrite(fd: u32, _buf: &[u8], _offset: u64) -> Result<usize> {
    object(fd)?;
    Err(Errno::SPIPE)
}

/// `lseek(fd, offset, whence)`: as [`pread`].
///
/// # Errors
/// `EBADF` when `fd` is not open, `ESPIPE` otherwise.
pub fn seek(fd: u32, _offset: i64, _whence: Whence) -> Result<u64> {
    object(fd)?;
    Err(Errno::SPIPE)
}

/// `FD_CLOEXEC` of `fd`.
///
/// # Errors
/// `EBADF` when `fd` is not open.
pub fn cloexec(fd: u32) -> Result<bool> {
    with(|table| Ok(table.get(fd)?.cloexec))
}

/// Sets `FD_CLOEXEC` of `fd`.
///
/// # Errors
/// `EBADF` when `fd` is not open.
pub fn set_cloexec(fd: u32, on: bool) -> Result<()> {
    with(|table| {
        table.get_mut(fd)?.cloexec = on;
        Ok(())
    })
}

/// `fcntl(fd, F_GETFL)`: standard input is read-only, standard output and error write-only.
///
/// # Errors
/// `EBADF` when `fd` is not open.
pub fn status_flags(fd: u32) -> Result<StatusFlags> {
    let read = matches!(*object(fd)?, Object::Stdin);
    Ok(StatusFlags {
        read,
        write: !read,
        ..StatusFlags::default()
    })
}

/// `fcntl(fd, F_SETFL)`. Deviation: on p3 the standard streams are always blocking, so
/// `O_NONBLOCK` is accepted and not kept (`F_GETFL` does not report it); `O_APPEND` means nothing
/// on a stream.
///
/// # Errors
/// `EBADF` when `fd` is not open.
pub fn set_status_flags(fd: u32, _append: bool, _nonblock: bool) -> Result<()> {
    object(fd).map(drop)
}

/// `isatty(fd)`: whether `fd` is a terminal, as the host's `terminal-*` interfaces say.
///
/// # Errors
/// `EBADF` when `fd` is not open, `ENOTTY` when it is not a terminal.
pub fn isatty(fd: u32) -> Result<()> {
    use wasi_shim_sys::wasi::cli::{terminal_stderr, terminal_stdin, terminal_stdout};
    let is_tty = match *object(fd)? {
        Object::Stdin => terminal_stdin::get_terminal_stdin().is_some(),
        Object::Output(Which::Stdout) => terminal_stdout::get_terminal_stdout().is_some(),
        Object::Output(Which::Stderr) => terminal_stderr::get_terminal_stderr().is_some(),
    };
    if is_tty { Ok(()) } else { Err(Errno::NOTTY) }
}

/// `fsync(fd)` and `fdatasync(fd)`: a stream cannot be synchronized.
///
/// # Errors
/// `EBADF` when `fd` is not open, `EINVAL` otherwise (as Linux reports for a pipe).
pub fn sync(fd: u32, _data_only: bool) -> Result<()> {
    object(fd)?;
    Err(Errno::INVAL)
}

/// `ftruncate(fd, len)`: a stream cannot be truncated.
///
/// # Errors
/// `EBADF` when `fd` is not open, `EINVAL` otherwise (as Linux reports for a pipe).
pub fn truncate(fd: u32, _len: u64) -> Result<()> {
    object(fd)?;
    Err(Errno::INVAL)
}
