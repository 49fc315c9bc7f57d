//! Waiting for one asynchronous component-model operation (WASI 0.3): how a POSIX call that
//! blocks waits for a `stream.read`/`write` or `future.read` it started with the asynchronous
//! built-in.
//!
//! The operation's handle joins a waitable set of its own, the task waits on the set
//! (`waitable-set.wait`: the task is suspended in the host, and the host runs meanwhile), and the
//! handle leaves the set again. `run` is an `async func` lifted synchronously, so its task may
//! block this way. The set is made at the first wait and kept.
//!
//! A wait may also be bounded ([`Wait`]): for a timeout, a `monotonic-clock.wait-for` is called
//! with the asynchronous lowering and its subtask joins the set beside the operation, and
//! whichever finishes first ends the wait; for a call that must not wait at all, the operation
//! is cancelled at once (`stream.cancel-read`/`cancel-write`, synchronous: they return when the
//! host has given up the operation, having moved what it could without waiting; wasmtime asks
//! its producer or consumer to finish then). Nothing is left in flight when a call returns, so
//! no operation outlives the buffer it borrows.

#![allow(
    unsafe_code,
    reason = "the component model's waitable-set built-ins are raw imports"
)]

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU32, Ordering};

/// The canonical ABI's codes in the low four bits of a stream or future operation's result (the
/// count of items moved is in the other 28), and the value that says it has not finished.
pub const COMPLETED: u32 = 0;
/// The other end was dropped (after the count of items moved).
pub const DROPPED: u32 = 1;
/// The operation was cancelled.
pub const CANCELLED: u32 = 2;
const BLOCKED: u32 = u32::MAX;

/// The event a subtask's progress raises, and the state that says it returned.
const EVENT_SUBTASK: u32 = 1;
/// A subtask's state once it has returned.
pub const STATUS_RETURNED: u32 = 2;

/// How long a call may wait for an operation it started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// Until it finishes (a blocking call).
    Forever,
    /// At most this many nanoseconds (a timeout, such as `SO_RCVTIMEO`; not 0).
    For(u64),
    /// Not at all (a non-blocking call): what the host can do at once.
    Never,
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "$root")]
unsafe extern "C" {
    #[link_name = "[waitable-set-new]"]
    fn waitable_set_new() -> u32;
    #[link_name = "[waitable-join]"]
    fn waitable_join(waitable: u32, set: u32);
    #[link_name = "[waitable-set-wait]"]
    fn waitable_set_wait(set: u32, event: *mut [u32; 2]) -> u32;
    #[link_name = "[subtask-cancel]"]
    fn subtask_cancel(subtask: u32) -> u32;
    #[link_name = "[subtask-drop]"]
    fn subtask_drop(subtask: u32);
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "wasi:clocks/monotonic-clock@0.3.0")]
unsafe extern "C" {
    /// `wait-for`, lowered asynchronously: the subtask's state in the low four bits, its handle
    /// in the others (0 when it returned at once).
    #[link_name = "[async-lower]wait-for"]
    fn wait_for(nanoseconds: i64) -> u32;
}

/// The waitable set, 0 until made.
static SET: AtomicU32 = AtomicU32::new(0);

/// The waitable set, made at the first wait.
#[cfg(target_arch = "wasm32")]
fn set() -> u32 {
    let mut set = SET.load(Ordering::Relaxed);
    if set == 0 {
        // SAFETY: `waitable-set.new` has no precondition.
        set = unsafe { waitable_set_new() };
        SET.store(set, Ordering::Relaxed);
    }
    set
}

/// The result of the operation that `started` (the return value of an asynchronous stream or
/// future built-in on `handle`) began: `started` itself unless it was `BLOCKED`, else the
/// result its completion event carries.
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn block(handle: u32, started: u32) -> u32 {
    if started != BLOCKED {
        return started;
    }
    let set = set();
    let mut event = [0u32; 2];
    // SAFETY: `handle` is a live stream or future end with an operation in progress, `set` a
    // live waitable set, `event` writable; the handle is alone in the set, so the event that
    // ends the wait is its own, and it leaves the set (join to 0) before the next wait.
    unsafe {
        waitable_join(handle, set);
        let _code = waitable_set_wait(set, &raw mut event);
        waitable_join(handle, 0);
    }
    event[1]
}

/// As [`block`], waiting as `wait` says: when the wait ends first, the operation is cancelled
/// with `cancel` (the end's `stream.cancel-read` or `cancel-write`), and its result says what
/// moved before (`CANCELLED`, with the count, unless it had finished meanwhile).
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn finish(
    handle: u32,
    started: u32,
    wait: Wait,
    cancel: unsafe extern "C" fn(u32) -> u32,
) -> u32 {
    if started != BLOCKED {
        return started;
    }
    let nanoseconds = match wait {
        Wait::Forever => return block(handle, started),
        // SAFETY: `handle` has an operation in progress, which the synchronous cancel ends.
        Wait::Never => return unsafe { cancel(handle) },
        Wait::For(ns) => ns,
    };
    match race(handle, nanoseconds, |_| true) {
        Some(result) => result,
        // SAFETY: the operation is still in progress; the synchronous cancel ends it.
        None => unsafe { cancel(handle) },
    }
}

/// Waits for `waitable` (a stream or future end with an operation in progress, or a subtask)
/// until an event of it whose payload is `done`, or until `nanoseconds` have passed: the payload,
/// or `None` when the time was up first (the operation is then still in progress).
#[cfg(target_arch = "wasm32")]
fn race(waitable: u32, nanoseconds: u64, done: impl Fn(u32) -> bool) -> Option<u32> {
    // SAFETY: `wait-for` takes a duration and has no result; an `u64` goes as `i64` bits.
    let timer = unsafe { wait_for(nanoseconds as i64) };
    let subtask = timer >> 4;
    if subtask == 0 {
        // It returned at once: the time is up.
        return None;
    }
    let set = set();
    let mut event = [0u32; 2];
    // SAFETY: `waitable` has an operation in progress and `subtask` is the live subtask of the
    // timer; both are in the set alone, so each event is one of theirs, and both leave it before
    // this returns. The timer's subtask is cancelled (if it has not returned) and dropped once
    // its return is delivered, as `subtask.drop` requires.
    unsafe {
        waitable_join(waitable, set);
        waitable_join(subtask, set);
        let result = loop {
            let code = waitable_set_wait(set, &raw mut event);
            if event[0] == waitable && done(event[1]) {
                waitable_join(subtask, 0);
                let _state = subtask_cancel(subtask);
                break Some(event[1]);
            }
            if code == EVENT_SUBTASK && event[0] == subtask && event[1] == STATUS_RETURNED {
                waitable_join(subtask, 0);
                break None;
            }
        };
        waitable_join(waitable, 0);
        subtask_drop(subtask);
        result
    }
}

/// Finishes a call of an import lowered asynchronously, whose return value was `started` (the
/// subtask's state in the low four bits, its handle in the others), waiting as `wait` says:
/// whether it returned (its results are then where the call was told to put them). A call that
/// has not returned when the wait ends is cancelled, and may still return while it is.
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn finish_call(started: u32, wait: Wait) -> bool {
    let (state, subtask) = (started & 0xf, started >> 4);
    if state == STATUS_RETURNED || subtask == 0 {
        return true;
    }
    let returned = |state: u32| state == STATUS_RETURNED;
    let state = match wait {
        Wait::Forever => {
            let set = set();
            let mut event = [0u32; 2];
            // SAFETY: `subtask` is live and alone in the set, which it leaves before the drop.
            unsafe {
                waitable_join(subtask, set);
                while !(waitable_set_wait(set, &raw mut event) == EVENT_SUBTASK
                    && event[0] == subtask
                    && returned(event[1]))
                {}
                waitable_join(subtask, 0);
            }
            STATUS_RETURNED
        }
        Wait::For(ns) => match race(subtask, ns, returned) {
            Some(state) => state,
            // SAFETY: the subtask has not returned; the synchronous cancel ends it.
            None => unsafe { subtask_cancel(subtask) },
        },
        // SAFETY: as above.
        Wait::Never => unsafe { subtask_cancel(subtask) },
    };
    // SAFETY: the subtask's end was delivered (by its event or by the cancel); dropped once.
    unsafe { subtask_drop(subtask) };
    returned(state)
}

/// Reads the future of type `T` whose readable end is `handle`, waiting until the host resolves
/// it, and drops that end: `None` when its writer was dropped unresolved.
#[cfg(target_arch = "wasm32")]
pub fn read_future<T: crate::generated::wit_future::FuturePayload>(handle: u32) -> Option<T> {
    let vtable = T::VTABLE;
    // Room for the payloads read here (results with an error code: at most 20 bytes, 4-aligned).
    let mut out = [0u64; 4];
    assert!(vtable.layout.size() <= size_of_val(&out) && vtable.layout.align() <= 8);
    let ptr = out.as_mut_ptr().cast::<u8>();
    // SAFETY: `handle` is the live readable end of a `future<T>`; `out` has room for `T`'s
    // canonical layout and stays live until `block` returns with the read complete.
    let code = block(handle, unsafe { (vtable.start_read)(handle, ptr) });
    // SAFETY: the future was read (or its writer dropped); its readable end is dropped once.
    unsafe { (vtable.drop_readable)(handle) };
    if code & 0xf != COMPLETED {
        return None;
    }
    // SAFETY: the read completed, so `out` holds a lowered `T` whose lists were allocated for
    // this component; `lift` takes them over.
    Some(unsafe { (vtable.lift)(ptr) })
}

/// What a bounded read or write of a stream did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moved {
    /// This many items moved (at least one).
    Items(usize),
    /// None moved, and the other end is gone: the end of the stream.
    Ended,
    /// None moved before the wait ended.
    Nothing,
}

/// The reading side of a `stream<u8>` the host writes (standard input, a file from an offset):
/// reads wait until at least one byte has moved or the host has ended the stream, and after
/// the end every read finds it ended.
#[derive(Debug)]
pub struct ByteReader {
    readable: u32,
    ended: bool,
}

impl ByteReader {
    /// Reads the stream whose readable end is `readable`.
    #[must_use]
    pub const fn new(readable: u32) -> Self {
        Self {
            readable,
            ended: false,
        }
    }

    /// The readable end.
    #[must_use]
    pub const fn handle(&self) -> u32 {
        self.readable
    }

    /// Reads into `buf` with `start` (the stream's asynchronous `stream.read` built-in),
    /// waiting: `Some(n)` with `n` bytes in `buf` (0 only for an empty `buf`), or `None` once the
    /// host has ended the stream and no byte moved.
    #[cfg(target_arch = "wasm32")]
    pub fn read(
        &mut self,
        buf: &mut [u8],
        start: unsafe extern "C" fn(u32, *mut u8, usize) -> u32,
    ) -> Option<usize> {
        if buf.is_empty() {
            return (!self.ended).then_some(0);
        }
        // `cancel` is never called when the wait is `Forever`.
        match self.read_waiting(buf, start, no_cancel, Wait::Forever) {
            Moved::Items(n) => Some(n),
            Moved::Ended | Moved::Nothing => None,
        }
    }

    /// As [`ByteReader::read`], waiting as `wait` says, with `cancel` the stream's
    /// `stream.cancel-read`: [`Moved::Nothing`] when the wait ended with no byte (an empty
    /// `buf` moves nothing too).
    #[cfg(target_arch = "wasm32")]
    pub fn read_waiting(
        &mut self,
        buf: &mut [u8],
        start: unsafe extern "C" fn(u32, *mut u8, usize) -> u32,
        cancel: unsafe extern "C" fn(u32) -> u32,
        wait: Wait,
    ) -> Moved {
        if self.ended {
            return Moved::Ended;
        }
        if buf.is_empty() {
            return Moved::Nothing;
        }
        loop {
            // SAFETY: `buf` stays borrowed, so writable, until the read has completed or been
            // cancelled (`finish` returns only then); `readable` is live with no other operation
            // in progress.
            let code = finish(
                self.readable,
                unsafe { start(self.readable, buf.as_mut_ptr(), buf.len()) },
                wait,
                cancel,
            );
            match self.settle(code) {
                // A read completed with no bytes (a writer's empty write) is not the end of the
                // stream: read again (each time waiting in the host), unless the call must not
                // wait.
                Moved::Nothing if code & 0xf == COMPLETED && wait != Wait::Never => {}
                moved => return moved,
            }
        }
    }

    /// What a finished read of this stream did, from its result `code` (of `stream.read`, its
    /// completion event or its cancel): the end is remembered.
    pub fn settle(&mut self, code: u32) -> Moved {
        let moved = (code >> 4) as usize;
        match code & 0xf {
            COMPLETED | CANCELLED if moved > 0 => Moved::Items(moved),
            COMPLETED | CANCELLED => Moved::Nothing,
            _ => {
                self.ended = true;
                if moved > 0 {
                    Moved::Items(moved)
                } else {
                    Moved::Ended
                }
            }
        }
    }

    /// Whether the host has ended the stream.
    #[must_use]
    pub const fn ended(&self) -> bool {
        self.ended
    }

    /// Starts a read of up to `len` bytes that [`wait_any`] finishes (with others), for `poll`,
    /// into a buffer the returned operation owns: `None` at the end of the stream or for a zero
    /// `len`. [`ByteReader::settle_into`] then keeps what it moved.
    #[cfg(target_arch = "wasm32")]
    pub fn start_read(
        &self,
        len: usize,
        start: unsafe extern "C" fn(u32, *mut u8, usize) -> u32,
        cancel: unsafe extern "C" fn(u32) -> u32,
    ) -> Option<Started> {
        if self.ended || len == 0 {
            return None;
        }
        let mut buf = alloc::vec![0u8; len];
        // SAFETY: the buffer's heap block moves into the operation, which ends the read (by its
        // finish or its cancel) before it frees the block; `readable` has no other operation.
        let started = unsafe { start(self.readable, buf.as_mut_ptr(), buf.len()) };
        Some(Started::operation(self.readable, started, cancel).holding(Held::Bytes(buf)))
    }

    /// Keeps what the finished read `op` (of [`ByteReader::start_read`]) moved: its bytes are
    /// appended to `into`; the end is remembered.
    pub fn settle_into(&mut self, op: &mut Started, into: &mut Vec<u8>) -> Moved {
        let moved = self.settle(op.result());
        if let (Moved::Items(n), Held::Bytes(buf)) = (moved, op.take_held()) {
            into.extend_from_slice(&buf[..n]);
        }
        moved
    }
}

/// Memory the host writes into until an operation finishes (a read's buffer, a call's result
/// area), owned by its [`Started`] so that it cannot be freed before.
#[derive(Debug, Default)]
pub enum Held {
    /// None.
    #[default]
    Nothing,
    /// A read's bytes.
    Bytes(Vec<u8>),
    /// A 4-aligned area (a socket handle read from a stream, a call's lowered result).
    Words(Box<[u32]>),
}

/// An operation started for a wait on many at once (`poll`): a stream or future operation on
/// its end, which a cancel can end early, or the subtask of an import lowered asynchronously.
/// [`wait_any`] finishes it; [`Started::result`] then says how it ended.
#[derive(Debug)]
pub struct Started {
    /// The end or the subtask (0: a call that returned at once).
    handle: u32,
    /// The end's `stream.cancel-read`/`cancel-write`; `None` for a subtask.
    cancel: Option<unsafe extern "C" fn(u32) -> u32>,
    /// The result, once it has finished: an operation's code, or a subtask's last state.
    result: Option<u32>,
    /// What the host writes into until it has finished.
    held: Held,
}

impl Started {
    /// The operation on `handle` that returned `started`, ended early with `cancel`.
    #[must_use]
    pub fn operation(handle: u32, started: u32, cancel: unsafe extern "C" fn(u32) -> u32) -> Self {
        Self {
            handle,
            cancel: Some(cancel),
            result: (started != BLOCKED).then_some(started),
            held: Held::Nothing,
        }
    }

    /// The call of an import lowered asynchronously whose return value was `started` (the
    /// subtask's state in the low four bits, its handle in the others).
    #[must_use]
    pub fn call(started: u32) -> Self {
        let (state, subtask) = (started & 0xf, started >> 4);
        Self {
            handle: subtask,
            cancel: None,
            result: (state == STATUS_RETURNED || subtask == 0).then_some(STATUS_RETURNED),
            held: Held::Nothing,
        }
    }

    /// The same operation, owning `held`, the memory it was started with.
    #[must_use]
    pub fn holding(mut self, held: Held) -> Self {
        self.held = held;
        self
    }

    /// The memory it was started with, once it has finished ([`Held::Nothing`] before, and
    /// after the first take).
    pub fn take_held(&mut self) -> Held {
        if self.result.is_none() {
            return Held::Nothing;
        }
        core::mem::take(&mut self.held)
    }

    /// After [`wait_any`]: the operation's result code (of its completion or of its cancel), or
    /// for a call [`STATUS_RETURNED`] when it returned (its results are then where the call was
    /// told to put them).
    ///
    /// # Panics
    /// Before `wait_any` has finished it.
    #[must_use]
    pub fn result(&self) -> u32 {
        self.result
            .expect("an operation that `wait_any` has finished")
    }

    /// Ends it if it has not finished (an operation by its cancel, a call by `subtask.cancel`;
    /// what moved before is in its result), and drops a call's subtask: nothing is then in
    /// flight.
    #[cfg(target_arch = "wasm32")]
    fn end(&mut self) {
        if self.result.is_none() {
            // SAFETY: the operation or subtask is still in progress; the synchronous cancel ends
            // it and returns its result (or the subtask's state).
            self.result = Some(unsafe {
                match self.cancel {
                    Some(cancel) => cancel(self.handle),
                    None => subtask_cancel(self.handle),
                }
            });
        }
        if self.cancel.is_none() && self.handle != 0 {
            // SAFETY: the subtask's end was delivered (by its event or its cancel); dropped once.
            unsafe { subtask_drop(self.handle) };
            self.handle = 0;
        }
    }

    /// For a call: whether it returned.
    #[must_use]
    pub fn returned(&self) -> bool {
        self.result == Some(STATUS_RETURNED)
    }
}

/// An operation dropped before it finished is ended first, so the host never writes into memory
/// that has been freed.
#[cfg(target_arch = "wasm32")]
impl Drop for Started {
    fn drop(&mut self) {
        self.end();
    }
}

/// Waits until one of `ops` finishes or `timeout_ns` passes (`None`: no limit; `Some(0)`: no
/// wait at all), then ends every other one (each operation by its cancel, each call by
/// `subtask.cancel`; what moved before is in its result) and drops every subtask, so that nothing
/// is in flight when it returns: each op then has its [`Started::result`]. With no op it waits
/// out the timeout; with no op and no timeout it returns at once (nothing could end that wait).
#[cfg(target_arch = "wasm32")]
pub fn wait_any(ops: &mut [Started], timeout_ns: Option<u64>) {
    let none_finished = ops.iter().all(|o| o.result.is_none());
    let something_to_wait_for = !ops.is_empty() || timeout_ns.is_some();
    if none_finished && something_to_wait_for && timeout_ns != Some(0) {
        wait_first(ops, timeout_ns);
    }
    for op in ops.iter_mut() {
        op.end();
    }
}

/// The wait of [`wait_any`]: every op (all in progress) and a timer for `timeout_ns` join the
/// set, the first op to finish gets its result (or the timer ends the wait), and all leave.
#[cfg(target_arch = "wasm32")]
fn wait_first(ops: &mut [Started], timeout_ns: Option<u64>) {
    let timer = match timeout_ns {
        // SAFETY: `wait-for` takes a duration and has no result; an `u64` goes as `i64` bits.
        Some(ns) => match unsafe { wait_for(ns as i64) } >> 4 {
            // It returned at once: the time is up.
            0 => return,
            subtask => Some(subtask),
        },
        None => None,
    };
    let set = set();
    let mut event = [0u32; 2];
    // SAFETY: every op's handle has an operation in progress (or is a live subtask), and the
    // timer's subtask is live; all are in the set alone, so every event is one of theirs, and all
    // leave it before this returns. The timer is cancelled (if it has not returned) and dropped
    // once its end is delivered.
    unsafe {
        for op in ops.iter() {
            waitable_join(op.handle, set);
        }
        if let Some(timer) = timer {
            waitable_join(timer, set);
        }
        let mut timer_returned = false;
        loop {
            let code = waitable_set_wait(set, &raw mut event);
            let (handle, payload) = (event[0], event[1]);
            if Some(handle) == timer {
                if code == EVENT_SUBTASK && payload == STATUS_RETURNED {
                    timer_returned = true;
                    break;
                }
                continue;
            }
            let Some(op) = ops.iter_mut().find(|o| o.handle == handle) else {
                continue;
            };
            if op.cancel.is_some() {
                op.result = Some(payload);
                break;
            }
            if code == EVENT_SUBTASK && payload == STATUS_RETURNED {
                op.result = Some(STATUS_RETURNED);
                break;
            }
        }
        for op in ops.iter() {
            waitable_join(op.handle, 0);
        }
        if let Some(timer) = timer {
            waitable_join(timer, 0);
            if !timer_returned {
                let _state = subtask_cancel(timer);
            }
            subtask_drop(timer);
        }
    }
}

/// The `cancel` of a wait that never ends early ([`Wait::Forever`] never cancels).
#[cfg(target_arch = "wasm32")]
unsafe extern "C" fn no_cancel(_handle: u32) -> u32 {
    unreachable!("a wait without end cancels nothing")
}
