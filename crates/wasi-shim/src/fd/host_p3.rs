//! `fd.rs`'s host calls on WASI 0.3: stdio through the `stream<u8>`s of `wasi_shim_sys::p3_stdio`,
//! files through `wasi_shim_sys::p3_file` (a stream per call, waited for: see there).
//!
//! Deviations from p2: `O_NONBLOCK` on standard input is not honoured (reads block, and
//! `F_GETFL` does not report it); a write to stdout or stderr may be short when the host reads
//! less (as a pipe's may); the stdout and stderr streams stay open until the component exits.

use super::{OpenFile, StdoutKind};
use crate::errno::{Errno, Result};
use crate::global::Global;
use core::cell::RefCell;
use wasi_shim_sys::p3_file;
use wasi_shim_sys::p3_stdio::{Input, Output, Which};
use wasi_shim_sys::wasi::cli::types::ErrorCode as CliError;
use wasi_shim_sys::wasi::filesystem::types::{Descriptor, ErrorCode};

/// `O_NONBLOCK` on standard input is not honoured yet.
pub(super) const STDIN_NONBLOCK: bool = false;

/// Standard input's stream, asked for at the first read.
pub(crate) type StdinStream = RefCell<Option<Input>>;

/// Appending writes need no state: each is a stream of its own (`p3_file::append`).
pub(crate) type Appender = ();

/// The errno of a `wasi:cli` error (`None`: the host closed the stream without one).
fn cli_errno(error: Option<CliError>) -> Errno {
    match error {
        Some(CliError::Io) => Errno::IO,
        Some(CliError::IllegalByteSequence) => Errno::ILSEQ,
        Some(CliError::Pipe) | None => Errno::PIPE,
    }
}

/// A read of standard input into `buf` (not empty), blocking until at least one byte or the end
/// of the input (0).
pub(super) fn read_stdin(stream: &StdinStream, buf: &mut [u8], _nonblock: bool) -> Result<usize> {
    // Held only within this call, which nothing re-enters; `EBUSY` rather than a panic.
    let Ok(mut stream) = stream.try_borrow_mut() else {
        return Err(Errno::BUSY);
    };
    stream
        .get_or_insert_with(Input::open)
        .read(buf)
        .map_err(|e| cli_errno(Some(e)))
}

/// Standard output's and error's streams, handed to the host at the first write, one of each
/// for the whole run, outside the table (so that a program that only prints makes no table).
static STDOUT: Global<Option<Output>> = Global::new(None);
static STDERR: Global<Option<Output>> = Global::new(None);

/// Writes `buf` to the host's stdout or stderr: how many bytes the host took (at least one).
pub(super) fn write_stdio(kind: StdoutKind, buf: &[u8]) -> Result<usize> {
    if buf.is_empty() {
        return Ok(0);
    }
    let (stream, which) = match kind {
        StdoutKind::Stdout => (&STDOUT, Which::Stdout),
        StdoutKind::Stderr => (&STDERR, Which::Stderr),
    };
    stream.with(|stream| {
        stream
            .get_or_insert_with(|| Output::open(which))
            .write(buf)
            .map_err(cli_errno)
    })
}

/// `pread` on the host: a stream from `offset`, read once.
pub(super) fn read_at(
    file: &Descriptor,
    buf: &mut [u8],
    offset: u64,
) -> core::result::Result<usize, ErrorCode> {
    p3_file::FileReader::open(file, offset).read(buf)
}

/// `pwrite` on the host: a stream written at `offset`, waited for to its result.
pub(super) fn write_at(
    file: &Descriptor,
    buf: &[u8],
    offset: u64,
) -> core::result::Result<usize, ErrorCode> {
    p3_file::write_at(file, buf, offset)
}

/// An appending write of `buf` (not empty): a stream through `append-via-stream`, waited for.
pub(super) fn append(file: &OpenFile, buf: &[u8]) -> Result<usize> {
    p3_file::append(&file.handle, buf).map_err(|e| file.io_error(e))
}
