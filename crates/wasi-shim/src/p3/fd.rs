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

/// What a descriptor refers to (shared by `dup`s).
enum Object {
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

fn object(fd: u32) -> Result<Rc<Object>> {
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
