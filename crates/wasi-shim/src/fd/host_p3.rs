//! `fd.rs`'s host calls on WASI 0.3: stdio through the `stream<u8>`s of `wasi_shim_sys::p3_stdio`,
//! files through `wasi_shim_sys::p3_file` (a stream per call, waited for: see there).
//!
//! Deviations from p2: a write to stdout or stderr may be short when the host reads less (as a
//! pipe's may); the stdout and stderr streams stay open until the component exits.

use super::{OpenFile, StdoutKind};
use crate::errno::{Errno, Result};
use crate::global::Global;
use core::cell::RefCell;
use wasi_shim_sys::p3_file;
use wasi_shim_sys::p3_stdio::{Input, Output, Which};
use wasi_shim_sys::p3_wait::{Started, Wait};
use wasi_shim_sys::wasi::cli::types::ErrorCode as CliError;
use wasi_shim_sys::wasi::filesystem::types::{Descriptor, ErrorCode};

/// `O_NONBLOCK` on standard input is honoured: a read cancels at once what the host has not
/// given.
pub(super) const STDIN_NONBLOCK: bool = true;

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
/// of the input (0); with `nonblock`, `EAGAIN` when the host has no byte at once (after the
/// host's turn, `crate::poll::with_turn`).
pub(super) fn read_stdin(stream: &StdinStream, buf: &mut [u8], nonblock: bool) -> Result<usize> {
    // Held only within this call, which nothing re-enters; `EBUSY` rather than a panic.
    let Ok(mut stream) = stream.try_borrow_mut() else {
        return Err(Errno::BUSY);
    };
    let input = stream.get_or_insert_with(Input::open);
    let wait = if nonblock { Wait::Never } else { Wait::Forever };
    match crate::poll::with_turn(
        wait,
        |w| input.read_waiting(buf, w),
        |r| matches!(r, Ok(None)),
    ) {
        Ok(Some(n)) => Ok(n),
        Ok(None) => Err(Errno::AGAIN),
        Err(e) => Err(cli_errno(Some(e))),
    }
}

/// Whether a read of standard input would not wait (bytes a `poll` read ahead, or the end).
pub(crate) fn stdin_ready(stream: &StdinStream) -> bool {
    stream
        .try_borrow()
        .is_ok_and(|s| s.as_ref().is_some_and(Input::ready))
}

/// Starts, for `poll`, a read ahead of up to `len` bytes of standard input (opening it): `None`
/// when a read would not wait.
pub(crate) fn start_stdin_read(stream: &StdinStream, len: usize) -> Option<Started> {
    let mut stream = stream.try_borrow_mut().ok()?;
    stream.get_or_insert_with(Input::open).start_read(len)
}

/// Keeps what `poll`'s read ahead `op` (of [`start_stdin_read`]) moved, for the next reads.
pub(crate) fn settle_stdin_read(stream: &StdinStream, op: &mut Started) {
    if let Ok(mut stream) = stream.try_borrow_mut()
        && let Some(input) = stream.as_mut()
    {
        input.settle(op);
    }
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
