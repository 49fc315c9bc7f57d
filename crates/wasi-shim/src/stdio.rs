//! Standard input, output and error: descriptors 0, 1 and 2 of the shared table.
//!
//! Writes go to the host's `wasi:cli/stdout`/`stderr` streams with
//! `blocking-write-and-flush`; nothing is buffered, so nothing needs flushing before exit.

use crate::io::BorrowedFd;

/// Standard input (descriptor 0).
#[must_use]
pub fn stdin() -> BorrowedFd<'static> {
    BorrowedFd::stdio(0)
}

/// Standard output (descriptor 1).
#[must_use]
pub fn stdout() -> BorrowedFd<'static> {
    BorrowedFd::stdio(1)
}

/// Standard error (descriptor 2).
#[must_use]
pub fn stderr() -> BorrowedFd<'static> {
    BorrowedFd::stdio(2)
}
