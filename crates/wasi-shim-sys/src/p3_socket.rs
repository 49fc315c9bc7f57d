//! WASI 0.3's TCP data and connections as the shim moves them. A connected `tcp-socket` gives
//! its incoming bytes as the `stream<u8>` that `receive` returns ([`Receiver`]) and takes its
//! outgoing bytes from a `stream<u8>` the component makes and hands over once with `send`
//! ([`Sender`]; ending that stream is the shutdown of the sending side). A listening socket gives
//! its connections as the `stream<tcp-socket>` that `listen` returns ([`Acceptor`]). Each may be
//! opened once per socket, and each stream has one operation at a time, so the platform layer
//! keeps them with the socket.
//!
//! Every operation is started with the asynchronous built-in and finished in
//! [`crate::p3_wait::finish`], which waits for it, waits with a timeout, or cancels it at once
//! (a non-blocking call), as the caller's [`Wait`] says; nothing stays in flight between calls.
//! A UDP receive ([`receive_datagram`]) is an `async func` called with the asynchronous lowering,
//! so that it too can wait with a timeout or not at all.
//!
//! For `poll`, each kind can also start the operation its readiness stands for and leave it to
//! [`crate::p3_wait::wait_any`], which waits for the first of many and cancels the rest: a read
//! of bytes, a read of one connection, a UDP receive, or a zero-length write (which finishes
//! when the host is ready to take bytes). What such an operation moved is kept by the caller
//! (bytes, a datagram) or here (a connection), for the next read or accept.
//!
//! The `stream<u8>` intrinsics are named after `tcp-socket`'s own methods, as `p3_file.rs` names
//! the filesystem's; the future of the host's result and the `stream<tcp-socket>` use the
//! generated payload tables, which are this interface's own.

#![allow(
    unsafe_code,
    reason = "the component model's stream and future built-ins are raw imports"
)]

use crate::p3_wait::{
    ByteReader, CANCELLED, COMPLETED, Held, Moved, Started, Wait, finish, finish_call, read_future,
};
use crate::wasi::sockets::types::{
    ErrorCode, IpSocketAddress, Ipv4SocketAddress, Ipv6SocketAddress, TcpSocket, UdpSocket,
};
use alloc::boxed::Box;
use alloc::vec::Vec;

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "wasi:sockets/types@0.3.0")]
unsafe extern "C" {
    #[link_name = "[method]tcp-socket.receive"]
    fn receive(socket: u32, ret: *mut [u32; 2]);
    #[link_name = "[async-lower][stream-read-0][method]tcp-socket.receive"]
    fn stream_read(readable: u32, ptr: *mut u8, len: usize) -> u32;
    #[link_name = "[stream-cancel-read-0][method]tcp-socket.receive"]
    fn cancel_read(readable: u32) -> u32;
    #[link_name = "[stream-drop-readable-0][method]tcp-socket.receive"]
    fn drop_readable(readable: u32);

    #[link_name = "[stream-new-0][method]tcp-socket.send"]
    fn stream_new() -> u64;
    #[link_name = "[async-lower][stream-write-0][method]tcp-socket.send"]
    fn stream_write(writable: u32, ptr: *const u8, len: usize) -> u32;
    #[link_name = "[stream-cancel-write-0][method]tcp-socket.send"]
    fn cancel_write(writable: u32) -> u32;
    #[link_name = "[stream-drop-writable-0][method]tcp-socket.send"]
    fn drop_writable(writable: u32);
    #[link_name = "[method]tcp-socket.send"]
    fn send(socket: u32, readable: u32) -> u32;

    #[link_name = "[async-lower][method]udp-socket.receive"]
    fn udp_receive(socket: u32, ret: *mut u8) -> u32;
}

type Outcome = Result<(), ErrorCode>;

/// Reads the future of a stream's result once (0: already read), as `Ok` when its writer
/// dropped it unresolved.
#[cfg(target_arch = "wasm32")]
fn outcome(result: &mut u32) -> Outcome {
    match core::mem::replace(result, 0) {
        0 => Ok(()),
        handle => read_future::<Outcome>(handle).unwrap_or(Ok(())),
    }
}

/// Drops the readable end of a result's future that was not read.
#[cfg(target_arch = "wasm32")]
fn drop_outcome(result: u32) {
    use crate::generated::wit_future::FuturePayload;
    if result != 0 {
        // SAFETY: the future's readable end is live, unread, and dropped once.
        unsafe { (<Outcome as FuturePayload>::VTABLE.drop_readable)(result) };
    }
}

/// The incoming bytes of a connection: the readable end of `receive`'s stream, with the future
/// of the host's result. Dropping it tells the host that no more is wanted.
#[derive(Debug)]
pub struct Receiver {
    bytes: ByteReader,
    /// The future of the host's result; 0 once read.
    result: u32,
}

#[cfg(target_arch = "wasm32")]
impl Receiver {
    /// Asks the host for the incoming bytes of `socket` (once per socket).
    #[must_use]
    pub fn open(socket: &TcpSocket) -> Self {
        let mut handles = [0u32; 2];
        // SAFETY: `socket` is live; the return area is two writable `u32`s, the layout of the
        // returned tuple.
        unsafe { receive(socket.handle(), &raw mut handles) };
        Self {
            bytes: ByteReader::new(handles[0]),
            result: handles[1],
        }
    }

    /// Reads into `buf`, waiting as `wait` says: [`Moved::Items`] with the count of bytes,
    /// [`Moved::Ended`] at the end of the stream (the peer shut its side down), or
    /// [`Moved::Nothing`] when the wait ended first (or `buf` is empty).
    ///
    /// # Errors
    /// The error the host reported when it ended the stream (a reset connection), once; then
    /// the end.
    pub fn read(&mut self, buf: &mut [u8], wait: Wait) -> Result<Moved, ErrorCode> {
        let moved = self.bytes.read_waiting(buf, stream_read, cancel_read, wait);
        self.ended_with(moved)
    }

    /// The end of the stream is the host's result: its error (a reset) once, else the end.
    fn ended_with(&mut self, moved: Moved) -> Result<Moved, ErrorCode> {
        match moved {
            Moved::Ended => outcome(&mut self.result).map(|()| Moved::Ended),
            moved => Ok(moved),
        }
    }

    /// Whether the stream has ended (reads find the end at once).
    #[must_use]
    pub fn ended(&self) -> bool {
        self.bytes.ended()
    }

    /// Starts a read of up to `len` bytes for `poll` ([`crate::p3_wait::wait_any`] finishes
    /// it; [`Receiver::settle_into`] keeps what it moved): `None` at the end of the stream.
    #[must_use]
    pub fn start_read(&self, len: usize) -> Option<Started> {
        self.bytes.start_read(len, stream_read, cancel_read)
    }

    /// Keeps what the finished read `op` (of [`Receiver::start_read`]) moved: its bytes are
    /// appended to `into`.
    ///
    /// # Errors
    /// As [`Receiver::read`].
    pub fn settle_into(
        &mut self,
        op: &mut Started,
        into: &mut Vec<u8>,
    ) -> Result<Moved, ErrorCode> {
        let moved = self.bytes.settle_into(op, into);
        self.ended_with(moved)
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for Receiver {
    fn drop(&mut self) {
        // SAFETY: the readable end is live and dropped once.
        unsafe { drop_readable(self.bytes.handle()) };
        drop_outcome(self.result);
    }
}

/// The outgoing bytes of a connection: the writable end of the stream handed to `send`, with
/// the future of the host's result.
#[derive(Debug)]
pub struct Sender {
    /// The writable end; 0 once closed.
    writable: u32,
    /// The future of the host's result; 0 once read.
    result: u32,
    /// The host dropped its end: nothing more is sent.
    ended: bool,
}

#[cfg(target_arch = "wasm32")]
impl Sender {
    /// Makes the stream of `socket`'s outgoing bytes and hands it to the host (once per socket).
    #[must_use]
    pub fn open(socket: &TcpSocket) -> Self {
        // SAFETY: `stream.new` has no precondition; it returns the readable end in the low half
        // and the writable end in the high half.
        let pair = unsafe { stream_new() };
        let (readable, writable) = (pair as u32, (pair >> 32) as u32);
        // SAFETY: `socket` is live and `readable` a live readable end this component owns;
        // ownership moves to the host, which returns the future of its result.
        let result = unsafe { send(socket.handle(), readable) };
        Self {
            writable,
            result,
            ended: false,
        }
    }

    /// Writes from `buf`, waiting as `wait` says: [`Moved::Items`] with the count the host took
    /// (all of `buf` when the wait is [`Wait::Forever`] and the connection holds), or
    /// [`Moved::Nothing`] when the wait ended first (or `buf` is empty), or [`Moved::Ended`] when
    /// the host has dropped its end or the stream was closed: [`Sender::outcome`] says why.
    pub fn write(&mut self, buf: &[u8], wait: Wait) -> Moved {
        if self.ended || self.writable == 0 {
            return Moved::Ended;
        }
        let mut written = 0;
        while written < buf.len() {
            let rest = &buf[written..];
            // SAFETY: `rest` stays borrowed until the write has completed or been cancelled
            // (`finish` returns only then), and `writable` is live with no other operation in
            // progress.
            let code = finish(
                self.writable,
                unsafe { stream_write(self.writable, rest.as_ptr(), rest.len()) },
                wait,
                cancel_write,
            );
            written += (code >> 4) as usize;
            match code & 0xf {
                COMPLETED if wait != Wait::Never => {}
                COMPLETED | CANCELLED => break,
                _ => {
                    self.ended = true;
                    if written == 0 {
                        return Moved::Ended;
                    }
                    break;
                }
            }
        }
        if written > 0 {
            Moved::Items(written)
        } else {
            Moved::Nothing
        }
    }

    /// Whether the stream is over (the host dropped its end, or it was closed): writes fail at
    /// once.
    #[must_use]
    pub fn is_ended(&self) -> bool {
        self.ended || self.writable == 0
    }

    /// Starts a zero-length write for `poll`, which finishes when the host is ready to take bytes
    /// (or has dropped its end): `None` once the stream is over (a write fails at once).
    #[must_use]
    pub fn start_ready(&self) -> Option<Started> {
        if self.is_ended() {
            return None;
        }
        // SAFETY: a zero-length write reads no memory (a dangling pointer is never used);
        // `writable` is live with no other operation in progress.
        let started = unsafe {
            stream_write(
                self.writable,
                core::ptr::NonNull::<u8>::dangling().as_ptr(),
                0,
            )
        };
        Some(Started::operation(self.writable, started, cancel_write))
    }

    /// Whether the finished zero-length write `op` (of [`Sender::start_ready`]) found the
    /// stream writable (or over).
    pub fn settle_ready(&mut self, op: &Started) -> bool {
        match op.result() & 0xf {
            COMPLETED => true,
            CANCELLED => false,
            _ => {
                self.ended = true;
                true
            }
        }
    }

    /// Ends the stream: the peer sees the end of the data after what was written (the shutdown
    /// of the sending side). Later writes find it [`Moved::Ended`].
    pub fn close(&mut self) {
        let writable = core::mem::replace(&mut self.writable, 0);
        if writable != 0 {
            // SAFETY: the writable end is live and dropped once.
            unsafe { drop_writable(writable) };
        }
    }

    /// The host's result for what was sent, waiting for it (the host resolves it once the
    /// stream has ended, or when the connection failed); read once, then `Ok`.
    ///
    /// # Errors
    /// The host's error (`connection-reset`, `connection-broken`, ...).
    pub fn outcome(&mut self) -> Result<(), ErrorCode> {
        outcome(&mut self.result)
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for Sender {
    fn drop(&mut self) {
        self.close();
        drop_outcome(self.result);
    }
}

/// What [`Acceptor::accept`] found.
#[derive(Debug)]
pub enum Accepted {
    /// A connection.
    Socket(TcpSocket),
    /// None before the wait ended.
    Nothing,
    /// The host ended the stream of connections.
    Ended,
}

/// The connections of a listening socket: the readable end of `listen`'s stream.
#[derive(Debug)]
pub struct Acceptor {
    readable: u32,
    ended: bool,
    /// A connection read by `poll`'s read, for the next accept.
    ready: Option<TcpSocket>,
}

#[cfg(target_arch = "wasm32")]
impl Acceptor {
    /// Starts listening on `socket` (once per socket).
    ///
    /// # Errors
    /// The host's error (`invalid-state` for a connected socket, `address-in-use`, ...).
    pub fn listen(socket: &TcpSocket) -> Result<Self, ErrorCode> {
        let stream = socket.listen()?;
        Ok(Self {
            readable: stream.take_handle(),
            ended: false,
            ready: None,
        })
    }

    /// Whether an accept would not wait: a connection is ready, or the stream has ended.
    #[must_use]
    pub fn ready(&self) -> bool {
        self.ready.is_some() || self.ended
    }

    /// Starts a read of one connection for `poll` ([`crate::p3_wait::wait_any`] finishes it;
    /// [`Acceptor::settle`] keeps what it moved): `None` when an accept would not wait.
    #[must_use]
    pub fn start_read(&self) -> Option<Started> {
        use crate::generated::wit_stream::StreamPayload;
        let vtable = <TcpSocket as StreamPayload>::VTABLE;
        if self.ready() {
            return None;
        }
        // One socket in its canonical layout: a handle.
        let mut slot: Box<[u32]> = Box::new([0]);
        let ptr = slot.as_mut_ptr().cast::<u8>();
        // SAFETY: the slot's heap block holds one handle and moves into the operation, which ends
        // the read before it frees the block; `readable` has no other operation.
        let started = unsafe { (vtable.start_read)(self.readable, ptr, 1) };
        Some(
            Started::operation(self.readable, started, vtable.cancel_read)
                .holding(Held::Words(slot)),
        )
    }

    /// Keeps what the finished read `op` (of [`Acceptor::start_read`]) moved: the connection,
    /// for the next accept, or the end of the stream.
    pub fn settle(&mut self, op: &mut Started) {
        let code = op.result();
        let Held::Words(mut slot) = op.take_held() else {
            return;
        };
        let ptr = slot.as_mut_ptr().cast::<u8>();
        match self.settled(code, ptr) {
            Some(Accepted::Socket(socket)) => self.ready = Some(socket),
            Some(Accepted::Ended | Accepted::Nothing) | None => {}
        }
    }

    /// What a finished read of one socket into `ptr` did (`None`: nothing moved, but the stream
    /// goes on, so a read may be tried again).
    fn settled(&mut self, code: u32, ptr: *mut u8) -> Option<Accepted> {
        use crate::generated::wit_stream::StreamPayload;
        let vtable = <TcpSocket as StreamPayload>::VTABLE;
        if let (1, Some(lift)) = (code >> 4, vtable.lift) {
            if code & 0xf != COMPLETED && code & 0xf != CANCELLED {
                self.ended = true;
            }
            // SAFETY: one socket moved into `ptr`: its handle is now this component's.
            return Some(Accepted::Socket(unsafe { lift(ptr) }));
        }
        match code & 0xf {
            COMPLETED => None,
            CANCELLED => Some(Accepted::Nothing),
            _ => {
                self.ended = true;
                Some(Accepted::Ended)
            }
        }
    }

    /// The next connection, waiting as `wait` says.
    pub fn accept(&mut self, wait: Wait) -> Accepted {
        use crate::generated::wit_stream::StreamPayload;
        let vtable = <TcpSocket as StreamPayload>::VTABLE;
        if let Some(socket) = self.ready.take() {
            return Accepted::Socket(socket);
        }
        if self.ended {
            return Accepted::Ended;
        }
        // One socket in its canonical layout: a handle.
        let mut slot = 0u32;
        debug_assert!(vtable.layout.size() <= size_of_val(&slot));
        let ptr = (&raw mut slot).cast::<u8>();
        loop {
            // SAFETY: `slot` holds one handle and stays live until the read has completed or
            // been cancelled; `readable` is live with no other operation in progress.
            let code = finish(
                self.readable,
                unsafe { (vtable.start_read)(self.readable, ptr, 1) },
                wait,
                vtable.cancel_read,
            );
            match self.settled(code, ptr) {
                // A read that completed with nothing: read again, unless the call must not wait.
                None if wait != Wait::Never => {}
                None => return Accepted::Nothing,
                Some(accepted) => return accepted,
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for Acceptor {
    fn drop(&mut self) {
        use crate::generated::wit_stream::StreamPayload;
        // SAFETY: the readable end is live and dropped once.
        unsafe { (<TcpSocket as StreamPayload>::VTABLE.drop_readable)(self.readable) };
    }
}

/// One datagram and its sender from `socket`, waiting as `wait` says: `None` when the wait ended
/// first. `udp-socket.receive` is called with the asynchronous lowering and cancelled when the
/// wait ends (a datagram that arrives while it is being cancelled is still returned).
///
/// # Errors
/// The host's error (`invalid-state` for a socket that is not bound, ...).
#[cfg(target_arch = "wasm32")]
pub fn receive_datagram(
    socket: &UdpSocket,
    wait: Wait,
) -> Result<Option<(Vec<u8>, IpSocketAddress)>, ErrorCode> {
    let mut area = [0u32; DATAGRAM_WORDS];
    // SAFETY: `socket` is live; the area has the result's size and alignment and outlives the
    // call, which `finish_call` sees returned or cancelled before this goes on.
    let started = unsafe { udp_receive(socket.handle(), area.as_mut_ptr().cast()) };
    if !finish_call(started, wait) {
        return Ok(None);
    }
    // SAFETY: the call returned, so `area` holds its lowered result.
    unsafe { lift_datagram(area.as_mut_ptr().cast()) }.map(Some)
}

/// The words of the canonical layout of `result<tuple<list<u8>, ip-socket-address>,
/// error-code>`, where the host puts the result of a UDP receive (44 bytes, 4-aligned).
const DATAGRAM_WORDS: usize = 11;

/// Starts a receive on `socket` for `poll` ([`crate::p3_wait::wait_any`] finishes it;
/// [`take_datagram`] has the datagram once it returned), into an area the operation owns. The
/// socket must be bound (the host refuses the call otherwise).
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn start_datagram(socket: &UdpSocket) -> Started {
    let mut area: Box<[u32]> = Box::new([0; DATAGRAM_WORDS]);
    // SAFETY: `socket` is live; the area has the result's size and alignment, and its heap block
    // moves into the operation, which ends the call before it frees the block.
    let started = unsafe { udp_receive(socket.handle(), area.as_mut_ptr().cast()) };
    Started::call(started).holding(Held::Words(area))
}

/// The datagram of the finished receive `op` (of [`start_datagram`]): `None` when it was
/// cancelled before it returned (or was taken before).
///
/// # Errors
/// The host's error.
#[cfg(target_arch = "wasm32")]
pub fn take_datagram(op: &mut Started) -> Option<Result<(Vec<u8>, IpSocketAddress), ErrorCode>> {
    if !op.returned() {
        return None;
    }
    let Held::Words(mut area) = op.take_held() else {
        return None;
    };
    // SAFETY: the call returned, so the area holds its lowered result, taken once (the area
    // leaves the operation).
    Some(unsafe { lift_datagram(area.as_mut_ptr().cast()) })
}

/// Lifts the result of `udp-socket.receive` from its canonical layout at `ptr` (wasm32: the
/// case at 0; `ok`'s list at 4 and 8 and its address's case at 12, its fields from 16;
/// `error`'s code at 4, as in `result<_, error-code>`).
///
/// # Safety
/// `ptr` holds such a result, written by the host for this component (its list and strings are
/// this component's allocations, which the lifted values take over).
#[cfg(target_arch = "wasm32")]
unsafe fn lift_datagram(ptr: *mut u8) -> Result<(Vec<u8>, IpSocketAddress), ErrorCode> {
    use crate::generated::wit_future::FuturePayload;
    // SAFETY: the offsets are within the 44 bytes of the layout, each aligned
    // for its type (the layout is 4-aligned), as the caller promises.
    unsafe {
        if *ptr != 0 {
            // An error: the layout of `result<_, error-code>` from the same start.
            let lifted = (<Outcome as FuturePayload>::VTABLE.lift)(ptr);
            return Err(lifted.err().unwrap_or(ErrorCode::Other(None)));
        }
        let u16_at = |offset: usize| ptr.add(offset).cast::<u16>().read();
        let u32_at = |offset: usize| ptr.add(offset).cast::<u32>().read();
        let len = u32_at(8) as usize;
        let data = Vec::from_raw_parts(ptr.add(4).cast::<*mut u8>().read(), len, len);
        let address = if *ptr.add(12) == 0 {
            let o = |i: usize| *ptr.add(18 + i);
            IpSocketAddress::Ipv4(Ipv4SocketAddress {
                port: u16_at(16),
                address: (o(0), o(1), o(2), o(3)),
            })
        } else {
            let s = |i: usize| u16_at(24 + 2 * i);
            IpSocketAddress::Ipv6(Ipv6SocketAddress {
                port: u16_at(16),
                flow_info: u32_at(20),
                address: (s(0), s(1), s(2), s(3), s(4), s(5), s(6), s(7)),
                scope_id: u32_at(40),
            })
        };
        Ok((data, address))
    }
}

/// Keeps the component-type section that declares `wasi:sockets/types` in every link that uses
/// this module (the intrinsics above name functions it describes).
#[cfg(target_arch = "wasm32")]
#[used]
static FORCE_SECTION_REF: fn() = crate::generated::__link_custom_section_describing_imports;
