//! The filesystem types both WASI versions share (`fs.rs`, with its host parts per version): what the C
//! ABI converts flags and `struct stat` to and from.

use crate::errno::{Errno, Result};
pub use crate::time::Timestamp;

/// Where a path is resolved from: the current directory, or an open directory (`*at`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// `AT_FDCWD`: the current directory (and the preopens, for absolute paths).
    Cwd,
    /// A directory descriptor.
    Dir(u32),
}

/// How to open a path, as `open`'s flags say it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "one field per POSIX open flag"
)]
pub struct OpenOptions {
    /// `O_RDONLY` or `O_RDWR`.
    pub read: bool,
    /// `O_WRONLY` or `O_RDWR`.
    pub write: bool,
    /// `O_APPEND`.
    pub append: bool,
    /// `O_CREAT`.
    pub create: bool,
    /// `O_EXCL`.
    pub exclusive: bool,
    /// `O_TRUNC`.
    pub truncate: bool,
    /// `O_DIRECTORY`.
    pub directory: bool,
    /// `O_NOFOLLOW`.
    pub nofollow: bool,
    /// `O_NONBLOCK`.
    pub nonblock: bool,
    /// `O_CLOEXEC`.
    pub cloexec: bool,
    /// `O_SYNC`.
    pub sync: bool,
    /// `O_DSYNC`.
    pub dsync: bool,
}

/// The type of a filesystem object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    /// The host did not say.
    Unknown,
    /// A block device.
    BlockDevice,
    /// A character device.
    CharacterDevice,
    /// A directory.
    Directory,
    /// A FIFO.
    Fifo,
    /// A symbolic link.
    SymbolicLink,
    /// A regular file.
    RegularFile,
    /// A socket.
    Socket,
}

/// What `stat` tells about a filesystem object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stat {
    /// The device: one number per preopen (from 1), equal for everything reached through it.
    /// WASI 0.2 has no device numbers, and the upper half of `metadata-hash` is not one
    /// (wasmtime's is derived from the lower half), so each preopen stands for a device.
    pub dev: u64,
    /// The lower half of the host's metadata hash: the object's identity, as `st_ino`.
    pub ino: u64,
    /// The type.
    pub file_type: FileType,
    /// Permission bits, by the rule in [`crate::fs`]'s documentation.
    pub permissions: u32,
    /// Hard links.
    pub nlink: u64,
    /// Size in bytes.
    pub size: u64,
    /// Last access, when the host knows it.
    pub accessed: Option<Timestamp>,
    /// Last modification, when the host knows it.
    pub modified: Option<Timestamp>,
    /// Last status change, when the host knows it.
    pub changed: Option<Timestamp>,
}

impl Stat {
    /// What `fstat` says of a stream (stdio, a socket): no device, the descriptor number as the
    /// inode, no size and no times.
    #[must_use]
    pub fn of_stream(fd: u32, file_type: FileType, permissions: u32) -> Self {
        Self {
            dev: 0,
            ino: u64::from(fd),
            file_type,
            permissions,
            nlink: 1,
            size: 0,
            accessed: None,
            modified: None,
            changed: None,
        }
    }
}

/// A new value for one timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetTime {
    /// Leave it (`UTIME_OMIT`).
    Keep,
    /// The host's current time (`UTIME_NOW`).
    Now,
    /// This time.
    At(Timestamp),
}

/// `chmod`/`fchmod`: WASI 0.2 cannot change permissions. The shim behaves as Linux's vfat with
/// `quiet` behaves for the bits it cannot store, and refuses what it would have to lie about:
///
/// - The owner's write bit is the one bit the reported mode carries meaning for (it says whether
///   the tree may be changed). A request that changes it (making a writable file read-only, or
///   the reverse) cannot be kept, and a program relying on it (a read-only lock, a test that
///   writes must fail) must not be told it was: `ENOTSUP`.
/// - Every other bit (execute, group, other, set-id, sticky) is neither stored nor enforced by
///   WASI 0.2: a request that changes only those succeeds and changes nothing, and `stat` goes on
///   reporting the mode as it is (`r` always, `w` by the tree, `x` on directories). So `cp -p`,
///   `chmod +x`, archive extraction and atomic writers that copy a mode keep working, and no
///   reported mode is a lie.
///
/// # Errors
/// `ENOTSUP` for a change of the owner's write bit.
pub fn check_permissions_unchanged(current: &Stat, requested: u32) -> Result<()> {
    if (requested ^ current.permissions) & 0o200 == 0 {
        Ok(())
    } else {
        Err(Errno::NOTSUP)
    }
}

/// The deepest chain of symbolic links `realpath` follows before it reports `ELOOP`, as
/// `_SC_SYMLOOP_MAX`.
pub const SYMLOOP_MAX: usize = 40;
