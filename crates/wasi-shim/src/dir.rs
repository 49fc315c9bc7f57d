//! Directory streams: what `opendir`/`readdir` iterate.
//!
//! WASI's `read-directory` stream omits `.` and `..`; so does this one (std skips them anyway).
//! Each entry's identity (`d_ino`) costs one `metadata-hash-at` call; [`DirStream::next`] makes it
//! only when the caller asks for it, so listing names and types is one host call per entry.

use crate::errno::{Errno, Result};
use crate::fd;
use crate::fs::FileType;
use alloc::rc::Rc;
use alloc::string::String;
use wasi_shim_sys::wasi::filesystem::types::PathFlags;

/// The host's directory listing, WASI 0.2: a `directory-entry-stream` resource.
#[cfg(not(target_env = "p3"))]
mod host {
    use wasi_shim_sys::wasi::filesystem::types::{
        Descriptor, DirectoryEntry, DirectoryEntryStream, ErrorCode,
    };

    pub(super) type Entries = DirectoryEntryStream;

    pub(super) fn open(dir: &Descriptor) -> Result<Entries, ErrorCode> {
        dir.read_directory()
    }

    pub(super) fn next(entries: &mut Entries) -> Result<Option<DirectoryEntry>, ErrorCode> {
        entries.read_directory_entry()
    }
}

/// The host's directory listing, WASI 0.3: `read-directory`'s stream (`p3_file::DirReader`).
#[cfg(target_env = "p3")]
mod host {
    use wasi_shim_sys::p3_file::DirReader;
    use wasi_shim_sys::wasi::filesystem::types::{Descriptor, DirectoryEntry, ErrorCode};

    pub(super) type Entries = DirReader;

    #[expect(clippy::unnecessary_wraps, reason = "as fallible as p2's")]
    pub(super) fn open(dir: &Descriptor) -> Result<Entries, ErrorCode> {
        Ok(DirReader::open(dir))
    }

    pub(super) fn next(entries: &mut Entries) -> Result<Option<DirectoryEntry>, ErrorCode> {
        entries.next_entry()
    }
}

/// An open directory stream over a descriptor of the table.
pub struct DirStream {
    fd: u32,
    dir: Rc<fd::OpenFile>,
    stream: Option<host::Entries>,
}

/// One directory entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// The entry's name.
    pub name: String,
    /// Its type, from the directory listing itself.
    pub file_type: FileType,
    /// Its identity (as `st_ino`), when asked for; 0 when the host could not tell.
    pub ino: u64,
}

impl DirStream {
    /// `fdopendir(fd)`: a stream over the open directory `fd`, which the stream now uses.
    ///
    /// # Errors
    /// `EBADF` when `fd` is not open, `ENOTDIR` when it is not a directory.
    pub fn from_fd(fd: u32) -> Result<Self> {
        let object = fd::object(fd)?;
        let dir = object.as_directory()?;
        Ok(Self {
            fd,
            dir,
            stream: None,
        })
    }

    /// The descriptor number the stream reads (`dirfd`).
    #[must_use]
    pub fn fd(&self) -> u32 {
        self.fd
    }

    /// `readdir`: the next entry, or `None` at the end. With `want_ino` the entry's identity is
    /// looked up too (one more host call).
    ///
    /// # Errors
    /// Host errors mapped; the end of the directory is `Ok(None)`, never an error.
    pub fn next(&mut self, want_ino: bool) -> Result<Option<DirEntry>> {
        if self.stream.is_none() {
            self.stream = Some(host::open(self.dir.handle())?);
        }
        let stream = self.stream.as_mut().ok_or(Errno::BADF)?;
        let Some(entry) = crate::import_alloc::receiving(|| host::next(stream))? else {
            return Ok(None);
        };
        let ino = if want_ino {
            self.dir
                .handle()
                .metadata_hash_at(PathFlags::empty(), &entry.name)
                .map_or(0, |h| h.lower)
        } else {
            0
        };
        Ok(Some(DirEntry {
            file_type: FileType::from(entry.type_),
            name: entry.name,
            ino,
        }))
    }

    /// `rewinddir`: the next `next` starts from the first entry again.
    pub fn rewind(&mut self) {
        self.stream = None;
    }
}
