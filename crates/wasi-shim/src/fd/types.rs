//! The descriptor types both WASI versions share (and the C ABI above converts to).

/// Where [`seek`](super::seek) measures from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whence {
    /// From the start (`SEEK_SET`).
    Start,
    /// From the current offset (`SEEK_CUR`).
    Current,
    /// From the end of the file (`SEEK_END`).
    End,
}

/// The status flags of an open description (`fcntl(F_GETFL)`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusFlags {
    /// Opened for reading.
    pub read: bool,
    /// Opened for writing.
    pub write: bool,
    /// Writes go to the end.
    pub append: bool,
    /// Non-blocking mode.
    pub nonblock: bool,
}
