//! Owned and borrowed descriptors, and a small `no_std` `Read`/`Write` pair.
//!
//! [`OwnedFd`] closes its descriptor when dropped; [`BorrowedFd`] borrows one for a lifetime
//! that cannot outlive its owner. Raw numbers are the same ones the C ABI and std use: there is
//! one descriptor table.
//!
//! # Examples
//!
//! ```no_run
//! use wasi_shim::io::{Read, Write};
//! let mut out = wasi_shim::stdio::stdout();
//! out.write_all(b"hello\n")?;
//! let mut input = alloc::vec::Vec::new();
//! wasi_shim::stdio::stdin().read_to_end(&mut input)?;
//! # extern crate alloc;
//! # Ok::<(), wasi_shim::Errno>(())
//! ```

use crate::errno::{Errno, Result};
use crate::fd;
use alloc::vec::Vec;
use core::marker::PhantomData;

/// A descriptor number owned by its holder: closed on drop.
#[derive(Debug)]
pub struct OwnedFd(u32);

impl OwnedFd {
    /// Takes ownership of descriptor `fd`.
    ///
    /// This is safe in the shim's model, unlike `FromRawFd` in std: every use of a number is
    /// checked against the descriptor table, so owning a number twice can make an operation fail
    /// with `EBADF` or act on a reused number, but it cannot violate memory safety.
    #[must_use]
    pub fn from_raw(fd: u32) -> Self {
        Self(fd)
    }

    /// The descriptor number, still owned.
    #[must_use]
    pub fn as_raw(&self) -> u32 {
        self.0
    }

    /// Gives up ownership and returns the number; it is no longer closed on drop.
    #[must_use]
    pub fn into_raw(self) -> u32 {
        let fd = self.0;
        core::mem::forget(self);
        fd
    }

    /// Borrows the descriptor.
    #[must_use]
    pub fn as_fd(&self) -> BorrowedFd<'_> {
        BorrowedFd {
            fd: self.0,
            _owner: PhantomData,
        }
    }

    /// A new owned descriptor for the same open description (`dup`).
    ///
    /// # Errors
    /// `EMFILE` when the table is full.
    pub fn try_clone(&self) -> Result<Self> {
        fd::dup(self.0, 0, false).map(Self)
    }
}

impl Drop for OwnedFd {
    fn drop(&mut self) {
        // Closing can only fail with EBADF (already closed by its raw number); nothing to report.
        let _ = fd::close(self.0);
    }
}

/// A descriptor borrowed from an [`OwnedFd`] (or one of the stdio descriptors, which live for
/// the whole program).
#[derive(Debug, Clone, Copy)]
pub struct BorrowedFd<'a> {
    fd: u32,
    _owner: PhantomData<&'a OwnedFd>,
}

impl BorrowedFd<'_> {
    /// The descriptor number.
    #[must_use]
    pub fn as_raw(&self) -> u32 {
        self.fd
    }

    /// A standard descriptor (0, 1 or 2), which needs no owner.
    #[must_use]
    pub(crate) const fn stdio(fd: u32) -> BorrowedFd<'static> {
        BorrowedFd {
            fd,
            _owner: PhantomData,
        }
    }
}

/// Types that hold a descriptor.
pub trait AsFd {
    /// Borrows the descriptor.
    fn as_fd(&self) -> BorrowedFd<'_>;
}

impl AsFd for OwnedFd {
    fn as_fd(&self) -> BorrowedFd<'_> {
        OwnedFd::as_fd(self)
    }
}

/// A source of bytes, like `std::io::Read`.
pub trait Read {
    /// Reads some bytes into `buf`; 0 means the end.
    ///
    /// # Errors
    /// As the underlying descriptor reports.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize>;

    /// Fills `buf` completely.
    ///
    /// # Errors
    /// `EIO` when the end comes first; otherwise as [`Read::read`].
    fn read_exact(&mut self, mut buf: &mut [u8]) -> Result<()> {
        while !buf.is_empty() {
            match self.read(buf)? {
                0 => return Err(Errno::IO),
                n => buf = &mut buf[n..],
            }
        }
        Ok(())
    }

    /// Reads to the end, appending to `out`; returns how many bytes were read.
    ///
    /// # Errors
    /// As [`Read::read`].
    fn read_to_end(&mut self, out: &mut Vec<u8>) -> Result<usize> {
        let start = out.len();
        let mut chunk = [0u8; 8192];
        loop {
            match self.read(&mut chunk)? {
                0 => return Ok(out.len() - start),
                n => out.extend_from_slice(&chunk[..n]),
            }
        }
    }
}

/// A sink of bytes, like `std::io::Write`.
pub trait Write {
    /// Writes some of `buf`, returning how much.
    ///
    /// # Errors
    /// As the underlying descriptor reports.
    fn write(&mut self, buf: &[u8]) -> Result<usize>;

    /// Writes all of `buf`.
    ///
    /// # Errors
    /// `EIO` when a write makes no progress; otherwise as [`Write::write`].
    fn write_all(&mut self, mut buf: &[u8]) -> Result<()> {
        while !buf.is_empty() {
            // `get`, not indexing: a `write` that claims more than it was given ends the loop
            // rather than panicking.
            match self.write(buf)? {
                0 => return Err(Errno::IO),
                n => buf = buf.get(n..).unwrap_or_default(),
            }
        }
        Ok(())
    }

    /// Flushes buffered data. The shim buffers nothing, so this does nothing by default.
    ///
    /// # Errors
    /// None by default.
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}

impl core::fmt::Write for dyn Write + '_ {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.write_all(s.as_bytes()).map_err(|_| core::fmt::Error)
    }
}

/// Reads from a borrowed descriptor.
impl Read for BorrowedFd<'_> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize> {
        fd::read(self.fd, buf)
    }
}

/// Writes to a borrowed descriptor.
impl Write for BorrowedFd<'_> {
    fn write(&mut self, buf: &[u8]) -> Result<usize> {
        fd::write(self.fd, buf)
    }
}
