//! `fd.rs`'s host calls on WASI 0.2: stdio through `wasi:io/streams`, files through
//! `descriptor.read`/`write` at an offset, appending writes through one `append-via-stream` per
//! open description.

use super::{OpenFile, StdoutKind};
use crate::errno::{Errno, Result};
use crate::global::Global;
use core::cell::{OnceCell, RefCell};
use wasi_shim_sys::wasi::cli::{stderr, stdin, stdout};
use wasi_shim_sys::wasi::filesystem::types::{Descriptor, ErrorCode};
use wasi_shim_sys::wasi::io::streams::{InputStream, OutputStream, StreamError};

/// Standard input's stream, fetched on first read.
pub(crate) type StdinStream = OnceCell<InputStream>;

/// The stream `O_APPEND` writes go through (`append-via-stream`, one per open description, made
/// on the first appending write): the host appends atomically, as the OS does.
pub(crate) type Appender = RefCell<Option<OutputStream>>;

/// `O_NONBLOCK` on standard input is honoured.
pub(super) const STDIN_NONBLOCK: bool = true;

/// A read of standard input into `buf` (not empty): blocking, or with `nonblock` `EAGAIN` when
/// nothing is there.
pub(super) fn read_stdin(stream: &StdinStream, buf: &mut [u8], nonblock: bool) -> Result<usize> {
    let stream = stream.get_or_init(stdin::get_stdin);
    let mut result = crate::import_alloc::read_stream(buf, stream, !nonblock);
    // Before `EAGAIN`, the host gets a turn to deliver what it has when it is owed one (as for
    // sockets: see `poll::host_owed_a_turn`).
    if nonblock
        && matches!(result, Ok(0))
        && crate::poll::host_owed_a_turn()
        && crate::poll::ready_after_a_turn(&stream.subscribe())
    {
        result = crate::import_alloc::read_stream(buf, stream, false);
    }
    match result {
        Ok(0) if nonblock => Err(Errno::AGAIN),
        Ok(n) => Ok(n),
        // The end of input is no error.
        Err(StreamError::Closed) => Ok(0),
        Err(e) => Err(stdio_stream_error(&e)),
    }
}

/// `pread` on the host: `descriptor.read` into the caller's buffer.
pub(super) fn read_at(
    file: &Descriptor,
    buf: &mut [u8],
    offset: u64,
) -> core::result::Result<usize, ErrorCode> {
    crate::import_alloc::read_file(buf, file, offset)
}

/// `pwrite` on the host: one `descriptor.write`; how many bytes it took.
pub(super) fn write_at(
    file: &Descriptor,
    buf: &[u8],
    offset: u64,
) -> core::result::Result<usize, ErrorCode> {
    let n = file.write(buf, offset)?;
    Ok(usize::try_from(n).unwrap_or(buf.len()).min(buf.len()))
}

/// An appending write of all of `buf` (not empty) through `file`'s append stream (one call for
/// up to 4 KiB).
pub(super) fn append(file: &OpenFile, buf: &[u8]) -> Result<usize> {
    // Held only within this call, which nothing re-enters (the shim is single-threaded);
    // `EBUSY` rather than `borrow_mut`'s panic, whose message would link `core::fmt`.
    let Ok(mut appender) = file.appender.try_borrow_mut() else {
        return Err(Errno::BUSY);
    };
    let stream = match &mut *appender {
        Some(stream) => stream,
        empty => empty.insert(
            file.handle
                .append_via_stream()
                .map_err(|e| file.io_error(e))?,
        ),
    };
    let result = if buf.len() <= 4096 {
        stream.blocking_write_and_flush(buf)
    } else {
        write_through(stream, buf)
    };
    if let Err(e) = result {
        // A failed stream stays failed: the next write gets a fresh one.
        *appender = None;
        return Err(stream_error(file, &e));
    }
    Ok(buf.len())
}

/// The errno of a failed file stream: the host's filesystem error when it gives one.
fn stream_error(file: &OpenFile, e: &StreamError) -> Errno {
    match e {
        StreamError::Closed => Errno::IO,
        StreamError::LastOperationFailed(err) => {
            wasi_shim_sys::wasi::filesystem::types::filesystem_error_code(err)
                .map_or(Errno::IO, |code| file.io_error(code))
        }
    }
}

/// Writes all of `buf` through `check-write`, `write` and a final `blocking-flush`: as many bytes
/// a call as the host permits.
fn write_through(stream: &OutputStream, mut buf: &[u8]) -> core::result::Result<(), StreamError> {
    while !buf.is_empty() {
        let permit = stream.check_write()?;
        if permit == 0 {
            stream.subscribe().block();
            continue;
        }
        let n = buf.len().min(usize::try_from(permit).unwrap_or(usize::MAX));
        stream.write(&buf[..n])?;
        buf = &buf[n..];
    }
    stream.blocking_flush()
}

/// The host's stdout and stderr streams, fetched on first write. One of each for the whole run,
/// whatever descriptors refer to them, and outside the table, so that [`super::write`] can serve them
/// before the table exists.
static STDIO_OUT: Global<[Option<OutputStream>; 2]> = Global::new([None, None]);

/// Writes all of `buf` to the host's stdout or stderr with `blocking-write-and-flush`, which
/// takes at most 4096 bytes a call.
pub(super) fn write_stdio(kind: StdoutKind, buf: &[u8]) -> Result<usize> {
    STDIO_OUT.with(|[out, err]| {
        let stream = match kind {
            StdoutKind::Stdout => out.get_or_insert_with(stdout::get_stdout),
            StdoutKind::Stderr => err.get_or_insert_with(stderr::get_stderr),
        };
        for chunk in buf.chunks(4096) {
            stream
                .blocking_write_and_flush(chunk)
                .map_err(|e| stdio_stream_error(&e))?;
        }
        Ok(buf.len())
    })
}

/// The one policy for the errors of stdio's streams (files have [`stream_error`],
/// TCP `net::tcp_stream_error`): a closed stream is a reader gone (`EPIPE`; for input, the end
/// of input, which its reader takes before asking), and a failed one `EIO`, since WASI 0.2 says
/// nothing more of a failed stdio stream.
fn stdio_stream_error(e: &StreamError) -> Errno {
    match e {
        StreamError::Closed => Errno::PIPE,
        StreamError::LastOperationFailed(_) => Errno::IO,
    }
}
