//! The typed file API of `no_std` components over the C-level functions of [`crate::fs`]:
//! [`File`] (closed on drop), the [`OpenOptions`] builder, [`ReadDir`], and whole-file helpers,
//! like `std::fs`.

use super::{Base, OpenOptions, Stat, fstat, mkdir, open, rmdir, stat, unlink};
use crate::errno::{Errno, Result};
use crate::fd;
use crate::io::{AsFd, BorrowedFd, OwnedFd, Read, Write};
use alloc::vec::Vec;

impl OpenOptions {
    /// No access and no flags; set them with the builder methods.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Open for reading.
    pub fn read(&mut self, on: bool) -> &mut Self {
        self.read = on;
        self
    }

    /// Open for writing.
    pub fn write(&mut self, on: bool) -> &mut Self {
        self.write = on;
        self
    }

    /// Write at the end (implies writing).
    pub fn append(&mut self, on: bool) -> &mut Self {
        self.append = on;
        if on {
            self.write = true;
        }
        self
    }

    /// Create the file if it does not exist.
    pub fn create(&mut self, on: bool) -> &mut Self {
        self.create = on;
        self
    }

    /// Create the file, failing with `EEXIST` if it exists.
    pub fn create_new(&mut self, on: bool) -> &mut Self {
        self.create = on;
        self.exclusive = on;
        self
    }

    /// Truncate the file to length 0.
    pub fn truncate(&mut self, on: bool) -> &mut Self {
        self.truncate = on;
        self
    }

    /// Opens `path` (relative to the current directory unless absolute).
    ///
    /// # Errors
    /// As [`open`].
    pub fn open(&self, path: &str) -> Result<File> {
        open(Base::Cwd, path, self).map(|fd| File(OwnedFd::from_raw(fd)))
    }
}

/// An open file, closed on drop.
///
/// # Examples
///
/// ```no_run
/// use wasi_shim::fs::File;
/// use wasi_shim::io::{Read, Write};
/// let mut f = File::create("notes.txt")?;
/// f.write_all(b"hello")?;
/// let mut text = alloc::vec::Vec::new();
/// File::open("notes.txt")?.read_to_end(&mut text)?;
/// # extern crate alloc;
/// # Ok::<(), wasi_shim::Errno>(())
/// ```
#[derive(Debug)]
pub struct File(OwnedFd);

/// Where [`File::seek`] moves to, like `std::io::SeekFrom`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeekFrom {
    /// From the start.
    Start(u64),
    /// From the end.
    End(i64),
    /// From the current offset.
    Current(i64),
}

impl File {
    /// Opens `path` for reading.
    ///
    /// # Errors
    /// As [`open`].
    pub fn open(path: &str) -> Result<Self> {
        OpenOptions::new().read(true).open(path)
    }

    /// Creates (or truncates) `path` for writing.
    ///
    /// # Errors
    /// As [`open`].
    pub fn create(path: &str) -> Result<Self> {
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
    }

    /// Takes ownership of an open descriptor.
    #[must_use]
    pub fn from_fd(fd: OwnedFd) -> Self {
        Self(fd)
    }

    /// Gives the descriptor back.
    #[must_use]
    pub fn into_fd(self) -> OwnedFd {
        self.0
    }

    /// The file's metadata (`fstat`).
    ///
    /// # Errors
    /// Host errors.
    pub fn metadata(&self) -> Result<Stat> {
        fstat(self.0.as_raw())
    }

    /// Truncates or extends the file (`ftruncate`).
    ///
    /// # Errors
    /// `EINVAL` when not open for writing.
    pub fn set_len(&self, len: u64) -> Result<()> {
        fd::truncate(self.0.as_raw(), len)
    }

    /// Flushes data and metadata to storage (`fsync`).
    ///
    /// # Errors
    /// Host errors.
    pub fn sync_all(&self) -> Result<()> {
        fd::sync(self.0.as_raw(), false)
    }

    /// Moves the offset (`lseek`), returning the new one.
    ///
    /// # Errors
    /// `EINVAL` for a negative result.
    pub fn seek(&mut self, to: SeekFrom) -> Result<u64> {
        let (offset, whence) = match to {
            SeekFrom::Start(n) => (
                i64::try_from(n).map_err(|_| Errno::INVAL)?,
                fd::Whence::Start,
            ),
            SeekFrom::End(n) => (n, fd::Whence::End),
            SeekFrom::Current(n) => (n, fd::Whence::Current),
        };
        fd::seek(self.0.as_raw(), offset, whence)
    }

    /// A second handle to the same open file, sharing its offset (`dup`).
    ///
    /// # Errors
    /// `EMFILE`.
    pub fn try_clone(&self) -> Result<Self> {
        self.0.try_clone().map(Self)
    }
}

impl AsFd for File {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

impl Read for File {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize> {
        fd::read(self.0.as_raw(), buf)
    }
}

impl Write for File {
    fn write(&mut self, buf: &[u8]) -> Result<usize> {
        fd::write(self.0.as_raw(), buf)
    }
}

/// The whole contents of `path`.
///
/// # Errors
/// As [`File::open`] and reading.
pub fn read(path: &str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    File::open(path)?.read_to_end(&mut out)?;
    Ok(out)
}

/// Writes `data` to `path`, creating or truncating it.
///
/// # Errors
/// As [`File::create`] and writing.
pub fn write(path: &str, data: &[u8]) -> Result<()> {
    File::create(path)?.write_all(data)
}

/// An iterator over a directory's entries (`.` and `..` are not listed).
pub struct ReadDir {
    stream: crate::dir::DirStream,
    _fd: OwnedFd,
}

impl Iterator for ReadDir {
    type Item = Result<crate::dir::DirEntry>;

    fn next(&mut self) -> Option<Self::Item> {
        self.stream.next(false).transpose()
    }
}

/// The entries of the directory `path`.
///
/// # Errors
/// `ENOENT`, `ENOTDIR`, `EMFILE`.
///
/// # Examples
///
/// ```no_run
/// for entry in wasi_shim::fs::read_dir(".")? {
///     let entry = entry?;
///     let _ = (entry.name, entry.file_type);
/// }
/// # Ok::<(), wasi_shim::Errno>(())
/// ```
pub fn read_dir(path: &str) -> Result<ReadDir> {
    let options = OpenOptions {
        read: true,
        directory: true,
        ..OpenOptions::default()
    };
    let fd = OwnedFd::from_raw(open(Base::Cwd, path, &options)?);
    let stream = crate::dir::DirStream::from_fd(fd.as_raw())?;
    Ok(ReadDir { stream, _fd: fd })
}

/// `stat(path)`, following symbolic links.
///
/// # Errors
/// `ENOENT`, `EACCES`.
pub fn metadata(path: &str) -> Result<Stat> {
    stat(Base::Cwd, path, true)
}

/// `mkdir(path)`.
///
/// # Errors
/// `EEXIST`, `ENOENT`.
pub fn create_dir(path: &str) -> Result<()> {
    mkdir(Base::Cwd, path)
}

/// `rmdir(path)`.
///
/// # Errors
/// `ENOTEMPTY`, `ENOENT`.
pub fn remove_dir(path: &str) -> Result<()> {
    rmdir(Base::Cwd, path)
}

/// `unlink(path)`.
///
/// # Errors
/// `ENOENT`, `EISDIR`.
pub fn remove_file(path: &str) -> Result<()> {
    unlink(Base::Cwd, path)
}
