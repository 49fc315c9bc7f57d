//! WASI 0.3's standard input, output and error as the shim reads and writes them. Input is the
//! `stream<u8>` that `read-via-stream` returns, read with `stream.read`. Output is a `stream<u8>`
//! the component creates and hands to the host once with `write-via-stream`, then fills with
//! `stream.write`. Each operation is started with the asynchronous built-in and waited for in
//! [`crate::p3_wait::block`] until the host has moved bytes (or has dropped its end). The
//! synchronous forms of the built-ins would need the component model's "more async
//! builtins" feature (🚝), which `wasmtime run -S p3` does not enable; the asynchronous form and
//! `waitable-set.wait` are WASI 0.3's baseline.
//!
//! Hand-written, not generated: wit-bindgen's stream support is built for async Rust, and it
//! takes the `stream<u8>` intrinsics of one interface for every `stream<u8>` (`wasi:cli/stdin`'s),
//! which would make every program that prints import stdin. Here each interface's own
//! intrinsics are named, as wit-component expects them: `[stream-new-0]write-via-stream` and so
//! on, where 0 is the function's stream parameter and 1 its future result.

#![allow(
    unsafe_code,
    reason = "the component model's stream and future built-ins are raw imports"
)]

use crate::wasi::cli::types::ErrorCode;

/// One interface's intrinsics (see the module docs).
struct Ops {
    stream_new: unsafe extern "C" fn() -> u64,
    stream_write: unsafe extern "C" fn(u32, *const u8, usize) -> u32,
    drop_writable: unsafe extern "C" fn(u32),
    write_via_stream: unsafe extern "C" fn(u32) -> u32,
    future_read: unsafe extern "C" fn(u32, *mut u8) -> u32,
    drop_result: unsafe extern "C" fn(u32),
}

macro_rules! output_ops {
    ($name:ident, $module:literal) => {
        #[cfg(target_arch = "wasm32")]
        static $name: Ops = {
            #[link(wasm_import_module = $module)]
            unsafe extern "C" {
                #[link_name = "[stream-new-0]write-via-stream"]
                fn stream_new() -> u64;
                #[link_name = "[async-lower][stream-write-0]write-via-stream"]
                fn stream_write(writable: u32, ptr: *const u8, len: usize) -> u32;
                #[link_name = "[stream-drop-writable-0]write-via-stream"]
                fn drop_writable(writable: u32);
                #[link_name = "write-via-stream"]
                fn write_via_stream(readable: u32) -> u32;
                #[link_name = "[async-lower][future-read-1]write-via-stream"]
                fn future_read(readable: u32, out: *mut u8) -> u32;
                #[link_name = "[future-drop-readable-1]write-via-stream"]
                fn drop_result(readable: u32);
            }
            Ops {
                stream_new,
                stream_write,
                drop_writable,
                write_via_stream,
                future_read,
                drop_result,
            }
        };
    };
}

output_ops!(STDOUT, "wasi:cli/stdout@0.3.0");
output_ops!(STDERR, "wasi:cli/stderr@0.3.0");

use crate::p3_wait::{ByteReader, COMPLETED, DROPPED, Moved, Started, Wait, block};

/// Which standard stream an [`Output`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// `wasi:cli/stdout`.
    Stdout,
    /// `wasi:cli/stderr`.
    Stderr,
}

/// The writable end of the stream handed to the host for stdout or stderr, with the future of
/// the host's result. Dropping it ends the stream (the host sees the end of the output).
#[derive(Debug)]
pub struct Output {
    which: Which,
    writable: u32,
    /// The future of `write-via-stream`'s result; 0 once read.
    result: u32,
    /// The host dropped its end: every later write fails with [`Output::error`].
    closed: bool,
}

/// Why a write to an [`Output`] moved no byte: the host closed the stream, with the error it
/// reported (`None` when it reported success, which the shim treats as a broken pipe).
pub type Closed = Option<ErrorCode>;

#[cfg(target_arch = "wasm32")]
impl Output {
    fn ops(which: Which) -> &'static Ops {
        match which {
            Which::Stdout => &STDOUT,
            Which::Stderr => &STDERR,
        }
    }

    /// Creates the stream and hands its readable end to the host.
    #[must_use]
    pub fn open(which: Which) -> Self {
        let ops = Self::ops(which);
        // SAFETY: `stream.new` has no precondition; it returns the readable end in the low half
        // and the writable end in the high half.
        let pair = unsafe { (ops.stream_new)() };
        let (readable, writable) = (pair as u32, (pair >> 32) as u32);
        // SAFETY: `readable` is a live readable end this component owns; ownership moves to the
        // host, which returns the future of its result.
        let result = unsafe { (ops.write_via_stream)(readable) };
        Self {
            which,
            writable,
            result,
            closed: false,
        }
    }

    /// Writes `buf`, waiting until the host has taken some of it or has closed the stream.
    /// Returns how many bytes it took: at least one, and fewer than `buf.len()` when its read
    /// was smaller or it closed the stream part-way (a short write, which `write_all` repeats).
    ///
    /// # Errors
    /// [`Closed`] when the host had closed the stream before a byte moved.
    pub fn write(&mut self, buf: &[u8]) -> Result<usize, Closed> {
        if self.closed {
            return Err(self.error());
        }
        let ops = Self::ops(self.which);
        // SAFETY: `buf` stays borrowed, so readable, until the write has completed (`block`
        // returns only then), and `writable` is this stream's live writable end with no other
        // operation in progress.
        let code = block(self.writable, unsafe {
            (ops.stream_write)(self.writable, buf.as_ptr(), buf.len())
        });
        let moved = (code >> 4) as usize;
        match code & 0xf {
            COMPLETED => Ok(moved),
            DROPPED => {
                self.closed = true;
                if moved > 0 {
                    Ok(moved)
                } else {
                    Err(self.error())
                }
            }
            // Nothing cancels the write.
            _ => Err(Some(ErrorCode::Io)),
        }
    }

    /// The host's result, once it has closed the stream (read once, then `Some(Pipe)`).
    fn error(&mut self) -> Closed {
        let ops = Self::ops(self.which);
        match take_result(&mut self.result, ops.future_read, ops.drop_result) {
            Some(Err(e)) => Some(e),
            // Already read, or the host said success while refusing bytes: a broken pipe.
            None | Some(Ok(())) => Some(ErrorCode::Pipe),
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for Output {
    fn drop(&mut self) {
        let ops = Self::ops(self.which);
        // SAFETY: the writable end is live and dropped once; the future, if unread, likewise.
        unsafe {
            (ops.drop_writable)(self.writable);
            if self.result != 0 {
                (ops.drop_result)(self.result);
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "wasi:cli/stdin@0.3.0")]
unsafe extern "C" {
    /// `read-via-stream() -> tuple<stream<u8>, future<result<_, error-code>>>`: both handles are
    /// written to the return area.
    #[link_name = "read-via-stream"]
    fn stdin_read_via_stream(ret: *mut [u32; 2]);
    #[link_name = "[async-lower][stream-read-0]read-via-stream"]
    fn stdin_stream_read(readable: u32, ptr: *mut u8, len: usize) -> u32;
    #[link_name = "[stream-cancel-read-0]read-via-stream"]
    fn stdin_cancel_read(readable: u32) -> u32;
    #[link_name = "[stream-drop-readable-0]read-via-stream"]
    fn stdin_drop_readable(readable: u32);
    #[link_name = "[async-lower][future-read-1]read-via-stream"]
    fn stdin_future_read(readable: u32, out: *mut u8) -> u32;
    #[link_name = "[future-drop-readable-1]read-via-stream"]
    fn stdin_drop_result(readable: u32);
}

/// The readable end of standard input (`wasi:cli/stdin`'s `read-via-stream`), with the future
/// of the host's result. Dropping it tells the host that no more input is wanted.
#[derive(Debug)]
pub struct Input {
    bytes: ByteReader,
    /// The future of the host's result; 0 once read.
    result: u32,
    /// Bytes a `poll` read ahead ([`Input::start_read`]), for the next reads.
    ahead: alloc::vec::Vec<u8>,
}

#[cfg(target_arch = "wasm32")]
impl Input {
    /// Asks the host for standard input.
    #[must_use]
    pub fn open() -> Self {
        let mut handles = [0u32; 2];
        // SAFETY: the return area is two writable `u32`s, the layout of the returned tuple.
        unsafe { stdin_read_via_stream(&raw mut handles) };
        Self {
            bytes: ByteReader::new(handles[0]),
            result: handles[1],
            ahead: alloc::vec::Vec::new(),
        }
    }

    /// Reads into `buf`, waiting until the host has given at least one byte or has ended the
    /// stream: how many bytes `buf` holds (0 at the end of the input, or for an empty `buf`).
    ///
    /// # Errors
    /// The error the host reported when it ended the stream, once; then the end of file.
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorCode> {
        Ok(self.read_waiting(buf, Wait::Forever)?.unwrap_or(0))
    }

    /// As [`Input::read`], waiting as `wait` says: `None` when the wait ended before any byte
    /// (or the end) came. Bytes a `poll` read ahead come first.
    ///
    /// # Errors
    /// As [`Input::read`].
    pub fn read_waiting(&mut self, buf: &mut [u8], wait: Wait) -> Result<Option<usize>, ErrorCode> {
        if !self.ahead.is_empty() {
            let n = self.ahead.len().min(buf.len());
            buf[..n].copy_from_slice(&self.ahead[..n]);
            self.ahead.drain(..n);
            return Ok(Some(n));
        }
        if buf.is_empty() {
            return Ok(Some(0));
        }
        match self
            .bytes
            .read_waiting(buf, stdin_stream_read, stdin_cancel_read, wait)
        {
            Moved::Items(n) => Ok(Some(n)),
            Moved::Ended => self.outcome().map(|()| Some(0)),
            Moved::Nothing => Ok(None),
        }
    }

    /// Whether a read would not wait: bytes were read ahead, or the stream has ended.
    #[must_use]
    pub fn ready(&self) -> bool {
        !self.ahead.is_empty() || self.bytes.ended()
    }

    /// Starts a read of up to `len` bytes for `poll` ([`crate::p3_wait::wait_any`] finishes it;
    /// [`Input::settle`] keeps what it moved for the next reads): `None` when a read would not
    /// wait.
    #[must_use]
    pub fn start_read(&self, len: usize) -> Option<Started> {
        if self.ready() {
            return None;
        }
        self.bytes
            .start_read(len, stdin_stream_read, stdin_cancel_read)
    }

    /// Keeps what the finished read `op` (of [`Input::start_read`]) moved: its bytes, or the
    /// end of the stream.
    pub fn settle(&mut self, op: &mut Started) {
        let _moved = self.bytes.settle_into(op, &mut self.ahead);
    }

    /// The host's result once it ended the stream: read once; afterwards `Ok`.
    fn outcome(&mut self) -> Result<(), ErrorCode> {
        take_result(&mut self.result, stdin_future_read, stdin_drop_result).unwrap_or(Ok(()))
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for Input {
    fn drop(&mut self) {
        // SAFETY: the readable end is live and dropped once; the future, if unread, likewise.
        unsafe {
            stdin_drop_readable(self.bytes.handle());
            if self.result != 0 {
                stdin_drop_result(self.result);
            }
        }
    }
}

/// Reads the `future<result<_, error-code>>` whose readable end is `*result` (waiting until the
/// host resolves it) and drops that end, leaving 0: the host's result, or `None` when it was
/// already taken. A future whose writer was dropped unresolved counts as success.
#[cfg(target_arch = "wasm32")]
fn take_result(
    result: &mut u32,
    read: unsafe extern "C" fn(u32, *mut u8) -> u32,
    drop_readable: unsafe extern "C" fn(u32),
) -> Option<Result<(), ErrorCode>> {
    let handle = core::mem::replace(result, 0);
    if handle == 0 {
        return None;
    }
    // `result<_, error-code>`: a discriminant byte, then the error code.
    let mut out = [0u8; 2];
    // SAFETY: `handle` is the live readable end of the future; `out` is two writable bytes with
    // the layout of its payload, live until `block` returns with the read complete.
    let code = block(handle, unsafe { read(handle, out.as_mut_ptr()) });
    // SAFETY: the future was read (or its writer dropped); its readable end is dropped once.
    unsafe { drop_readable(handle) };
    if code & 0xf != COMPLETED || out[0] == 0 {
        return Some(Ok(()));
    }
    Some(Err(error_code(out[1])))
}

/// `wasi:cli/types`'s `error-code` from its discriminant.
fn error_code(discriminant: u8) -> ErrorCode {
    match discriminant {
        1 => ErrorCode::IllegalByteSequence,
        2 => ErrorCode::Pipe,
        _ => ErrorCode::Io,
    }
}

/// Keeps the component-type section that declares `wasi:cli/stdout` and `stderr` in every link
/// that uses this module (the intrinsics above name functions it describes).
#[used]
static FORCE_SECTION_REF: fn() = crate::generated::__link_custom_section_describing_imports;
