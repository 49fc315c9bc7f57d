//! WASI 0.3's file reads and writes as the shim makes them: `read-via-stream` gives a
//! `stream<u8>` of the file from an offset, read with `stream.read`; a write hands the host a
//! `stream<u8>` with `write-via-stream` at an offset, fills it with `stream.write`, ends it, and
//! waits for the host's result, so that the bytes are in the file when the write returns (as
//! `pwrite` promises). Each operation is started with the asynchronous built-in and waited for
//! in [`crate::p3_wait::block`], as for stdio (`p3_stdio.rs` says why).
//!
//! The stream intrinsics are named after `wasi:filesystem/types`' own functions, so that file
//! I/O imports nothing of `wasi:cli`; the future of the result is the generated one
//! (`FuturePayload` of `result<_, error-code>`, which is `wasi:filesystem/types`' too), whose
//! `lift` decodes the whole `error-code`, `other`'s text included.
//!
//! The platform layer's p3 host parts (`wasi-shim`'s `fd/host_p3.rs`, `dir.rs`) stand on it;
//! `tests/nostd/p3-files` exercises it directly.

#![allow(
    unsafe_code,
    reason = "the component model's stream and future built-ins are raw imports"
)]

use crate::p3_wait::{ByteReader, COMPLETED, block};
use crate::wasi::filesystem::types::{Descriptor, DirectoryEntry, ErrorCode};

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "wasi:filesystem/types@0.3.0")]
unsafe extern "C" {
    #[link_name = "[method]descriptor.read-via-stream"]
    fn read_via_stream(descriptor: u32, offset: i64, ret: *mut [u32; 2]);
    #[link_name = "[async-lower][stream-read-0][method]descriptor.read-via-stream"]
    fn stream_read(readable: u32, ptr: *mut u8, len: usize) -> u32;
    #[link_name = "[stream-drop-readable-0][method]descriptor.read-via-stream"]
    fn drop_readable(readable: u32);

    #[link_name = "[stream-new-0][method]descriptor.write-via-stream"]
    fn stream_new() -> u64;
    #[link_name = "[async-lower][stream-write-0][method]descriptor.write-via-stream"]
    fn stream_write(writable: u32, ptr: *const u8, len: usize) -> u32;
    #[link_name = "[stream-drop-writable-0][method]descriptor.write-via-stream"]
    fn drop_writable(writable: u32);
    #[link_name = "[method]descriptor.write-via-stream"]
    fn write_via_stream(descriptor: u32, readable: u32, offset: i64) -> u32;

    #[link_name = "[stream-new-0][method]descriptor.append-via-stream"]
    fn append_stream_new() -> u64;
    #[link_name = "[async-lower][stream-write-0][method]descriptor.append-via-stream"]
    fn append_stream_write(writable: u32, ptr: *const u8, len: usize) -> u32;
    #[link_name = "[stream-drop-writable-0][method]descriptor.append-via-stream"]
    fn append_drop_writable(writable: u32);
    #[link_name = "[method]descriptor.append-via-stream"]
    fn append_via_stream(descriptor: u32, readable: u32) -> u32;
}

/// The intrinsics of one function that takes a `stream<u8>` to write into a file.
#[cfg(target_arch = "wasm32")]
struct Sink {
    new: unsafe extern "C" fn() -> u64,
    write: unsafe extern "C" fn(u32, *const u8, usize) -> u32,
    drop_writable: unsafe extern "C" fn(u32),
}

/// Makes a stream, hands its readable end to the host with `hand_over` (which returns the future
/// of the host's result), writes all of `buf` into it, ends it, and waits for the result.
#[cfg(target_arch = "wasm32")]
fn write_through(
    sink: &Sink,
    buf: &[u8],
    hand_over: impl FnOnce(u32) -> u32,
) -> Result<usize, ErrorCode> {
    // SAFETY: `stream.new` has no precondition; it returns the readable end in the low half and
    // the writable end in the high half.
    let pair = unsafe { (sink.new)() };
    let (readable, writable) = (pair as u32, (pair >> 32) as u32);
    let result = hand_over(readable);
    let mut written = 0;
    while written < buf.len() {
        let rest = &buf[written..];
        // SAFETY: `rest` stays borrowed until the write has completed (`block` returns only
        // then), and `writable` is live with no other operation in progress.
        let code = block(writable, unsafe {
            (sink.write)(writable, rest.as_ptr(), rest.len())
        });
        written += (code >> 4) as usize;
        // The host dropped its end (or the write was cancelled): it says why in its result.
        if code & 0xf != COMPLETED {
            break;
        }
    }
    // SAFETY: the writable end is live and dropped once: the host sees the end of the data.
    unsafe { (sink.drop_writable)(writable) };
    take_outcome(result).map(|()| written)
}

type Outcome = Result<(), ErrorCode>;

/// Reads the `future<result<_, error-code>>` whose readable end is `handle` (waiting until the
/// host resolves it) and drops that end. A future whose writer was dropped unresolved counts as
/// success.
#[cfg(target_arch = "wasm32")]
fn take_outcome(handle: u32) -> Outcome {
    crate::p3_wait::read_future::<Outcome>(handle).unwrap_or(Ok(()))
}

/// A file read from an offset on: the readable end of `read-via-stream`'s stream, with the
/// future of the host's result. Reads move forward from the offset it was opened at; dropping it
/// tells the host that no more is wanted.
#[derive(Debug)]
pub struct FileReader {
    bytes: ByteReader,
    /// The future of the host's result; 0 once read.
    result: u32,
}

#[cfg(target_arch = "wasm32")]
impl FileReader {
    /// Asks the host for the contents of `file` from `offset` on.
    #[must_use]
    pub fn open(file: &Descriptor, offset: u64) -> Self {
        let mut handles = [0u32; 2];
        // SAFETY: `file` is a live descriptor; the return area is two writable `u32`s, the
        // layout of the returned tuple. A `filesize` is a `u64` passed as `i64` bits.
        unsafe { read_via_stream(file.handle(), offset as i64, &raw mut handles) };
        Self {
            bytes: ByteReader::new(handles[0]),
            result: handles[1],
        }
    }

    /// Reads into `buf`, waiting until the host has given at least one byte or has ended the
    /// stream: how many bytes `buf` holds (0 at the end of the file, or for an empty `buf`).
    ///
    /// # Errors
    /// The error the host reported when it ended the stream, once; then the end of file.
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorCode> {
        match self.bytes.read(buf, stream_read) {
            Some(n) => Ok(n),
            None => self.outcome().map(|()| 0),
        }
    }

    /// The host's result once it ended the stream: read once; afterwards `Ok`.
    fn outcome(&mut self) -> Outcome {
        match core::mem::replace(&mut self.result, 0) {
            0 => Ok(()),
            handle => take_outcome(handle),
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for FileReader {
    fn drop(&mut self) {
        // SAFETY: the readable end is live and dropped once.
        unsafe { drop_readable(self.bytes.handle()) };
        if self.result != 0 {
            use crate::generated::wit_future::FuturePayload;
            // SAFETY: the future's readable end is live, unread, and dropped once.
            unsafe { (<Outcome as FuturePayload>::VTABLE.drop_readable)(self.result) };
        }
    }
}

/// `pwrite(file, buf, offset)`: hands the host a stream that it writes to `file` at `offset`,
/// writes all of `buf` into it (as many operations as the host's reads take), ends it, and waits
/// for the host's result: when this returns `Ok(n)`, the `n` bytes are in the file. `n` is
/// `buf.len()` unless the host stopped reading part-way (then the result says why).
///
/// # Errors
/// The host's error (`no-space`, `bad-descriptor` for a file not open for writing, ...), also
/// when it came after some bytes were written.
#[cfg(target_arch = "wasm32")]
pub fn write_at(file: &Descriptor, buf: &[u8], offset: u64) -> Result<usize, ErrorCode> {
    let sink = Sink {
        new: stream_new,
        write: stream_write,
        drop_writable,
    };
    // SAFETY: `file` is a live descriptor and `readable` a live readable end this component
    // owns; ownership moves to the host, which returns the future of its result. A `filesize`
    // is a `u64` passed as `i64` bits.
    write_through(&sink, buf, |readable| unsafe {
        write_via_stream(file.handle(), readable, offset as i64)
    })
}

/// An `O_APPEND` write: as [`write_at`], through `append-via-stream`, so that the host writes
/// `buf` at the end of the file, and it is there when this returns. One stream per call: the
/// host sees the end of each write, and nothing is left half-written between calls.
///
/// # Errors
/// The host's error, as for [`write_at`].
#[cfg(target_arch = "wasm32")]
pub fn append(file: &Descriptor, buf: &[u8]) -> Result<usize, ErrorCode> {
    let sink = Sink {
        new: append_stream_new,
        write: append_stream_write,
        drop_writable: append_drop_writable,
    };
    // SAFETY: as in `write_at`.
    write_through(&sink, buf, |readable| unsafe {
        append_via_stream(file.handle(), readable)
    })
}

/// A directory's entries as `read-directory` streams them (`.` and `..` are not among them, as
/// on p2). The stream's intrinsics are the generated ones: `stream<directory-entry>` is the
/// filesystem's own type, so they import nothing else.
#[derive(Debug)]
pub struct DirReader {
    readable: u32,
    /// The future of the host's result; 0 once read.
    result: u32,
    /// The host ended the stream.
    ended: bool,
}

#[cfg(target_arch = "wasm32")]
impl DirReader {
    /// Asks the host for the entries of `dir`.
    #[must_use]
    pub fn open(dir: &Descriptor) -> Self {
        let (entries, result) = dir.read_directory();
        Self {
            readable: entries.take_handle(),
            result: result.take_handle(),
            ended: false,
        }
    }

    /// The next entry, waiting for the host; `None` at the end.
    ///
    /// # Errors
    /// The error the host reported when it ended the stream (once; then `None`).
    pub fn next_entry(&mut self) -> Result<Option<DirectoryEntry>, ErrorCode> {
        use crate::generated::wit_stream::StreamPayload;
        let vtable = <DirectoryEntry as StreamPayload>::VTABLE;
        // One entry in its canonical layout: 24 bytes, 4-aligned.
        let mut slot = [0u32; 6];
        debug_assert!(vtable.layout.size() <= size_of_val(&slot));
        let ptr = slot.as_mut_ptr().cast::<u8>();
        while !self.ended {
            // SAFETY: `slot` holds one entry and stays live until the read has completed;
            // `readable` is live with no other operation in progress.
            let code = block(self.readable, unsafe {
                (vtable.start_read)(self.readable, ptr, 1)
            });
            if code & 0xf != COMPLETED {
                self.ended = true;
            }
            // An entry holds a string, so the generated vtable always lifts it.
            if let (1, Some(lift)) = (code >> 4, vtable.lift) {
                // SAFETY: the read completed with one entry in `slot`, whose name was allocated
                // for this component; `lift` takes it over.
                return Ok(Some(unsafe { lift(ptr) }));
            }
        }
        match core::mem::replace(&mut self.result, 0) {
            0 => Ok(None),
            handle => take_outcome(handle).map(|()| None),
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for DirReader {
    fn drop(&mut self) {
        use crate::generated::wit_future::FuturePayload;
        use crate::generated::wit_stream::StreamPayload;
        // SAFETY: the readable end is live and dropped once; the future, if unread, likewise.
        unsafe {
            (<DirectoryEntry as StreamPayload>::VTABLE.drop_readable)(self.readable);
            if self.result != 0 {
                (<Outcome as FuturePayload>::VTABLE.drop_readable)(self.result);
            }
        }
    }
}

/// Keeps the component-type section that declares `wasi:filesystem/types` in every link that
/// uses this module (the intrinsics above name functions it describes).
#[cfg(target_arch = "wasm32")]
#[used]
static FORCE_SECTION_REF: fn() = crate::generated::__link_custom_section_describing_imports;
