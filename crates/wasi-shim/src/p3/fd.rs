//! Descriptors on WASI 0.3 (`wasm32-wasip3`): the first slice of the p3 backend.
//!
//! So far the table holds the three standard descriptors only: 1 and 2 write `wasi:cli/stdout`
//! and `stderr` through a `stream<u8>` handed to the host at the first write
//! (`wasi_shim_sys::p3_stdio`), and 0 (standard input) reads nothing yet (`ENOTSUP`, listed in
//! docs/COVERAGE.md). Descriptor numbers behave as on p2: `dup` shares the open description (one
//! stream: WASI 0.3 allows one writer per stream), `close` frees the number, and the stream ends
//! when the last descriptor for it is closed. Files, directories and sockets are p2-only until
//! the rest of the backend lands (docs/WASIP3.md).

use crate::errno::{Errno, Result};
use crate::global::Global;
use crate::table::{DescriptorTable, Slot};
use alloc::rc::Rc;
use core::cell::RefCell;
use wasi_shim_sys::p3_stdio::{Output, Which};
use wasi_shim_sys::wasi::cli::types::ErrorCode;

/// What a descriptor refers to (shared by `dup`s).
enum Object {
    Stdin,
    /// Standard output or error; the stream is opened at the first write.
    Output(Which, RefCell<Option<Output>>),
}

static TABLE: Global<Option<DescriptorTable<Rc<Object>>>> = Global::new(None);

fn with<R>(f: impl FnOnce(&mut DescriptorTable<Rc<Object>>) -> R) -> R {
    TABLE.with(|table| f(table.get_or_insert_with(new_table)))
}

#[inline(never)]
fn new_table() -> DescriptorTable<Rc<Object>> {
    let mut table = DescriptorTable::new();
    for object in [
        Object::Stdin,
        Object::Output(Which::Stdout, RefCell::new(None)),
        Object::Output(Which::Stderr, RefCell::new(None)),
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

/// `read(fd, buf)`.
///
/// # Errors
/// `EBADF` for a descriptor that is not open or not readable; `ENOTSUP` for standard input,
/// which the p3 backend does not read yet.
pub fn read(fd: u32, buf: &mut [u8]) -> Result<usize> {
    match *object(fd)? {
        Object::Stdin if buf.is_empty() => Ok(0),
        Object::Stdin => Err(Errno::NOTSUP),
        Object::Output(..) => Err(Errno::BADF),
    }
}

/// `write(fd, buf)`: blocks until the host has taken every byte (a short count only when it
/// closed the stream part-way). A zero-length write moves nothing and makes no host call.
///
/// # Errors
/// `EBADF` for a descriptor that is not open or not writable; `EPIPE` (or `EIO`, `EILSEQ`, as the
/// host reports) once the host has closed the stream.
pub fn write(fd: u32, buf: &[u8]) -> Result<usize> {
    let object = object(fd)?;
    let Object::Output(which, stream) = &*object else {
        return Err(Errno::BADF);
    };
    if buf.is_empty() {
        return Ok(0);
    }
    let mut stream = stream.borrow_mut();
    let stream = stream.get_or_insert_with(|| Output::open(*which));
    stream.write(buf).map_err(|closed| match closed {
        Some(ErrorCode::Io) => Errno::IO,
        Some(ErrorCode::IllegalByteSequence) => Errno::ILSEQ,
        Some(ErrorCode::Pipe) | None => Errno::PIPE,
    })
}

/// `close(fd)`: frees the number; the stream ends with the last descriptor that shares it.
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
