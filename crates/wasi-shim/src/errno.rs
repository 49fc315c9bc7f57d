//! The one error type of the platform layer: a POSIX errno, numbered as WASI numbers it.
//!
//! The numbers are those of WASI preview 1's `errno` enum, which wasi-libc and the `libc` crate
//! (for `target_os = "wasi"`) use as their `E*` constants, so the C-ABI crate stores them in
//! `errno` unchanged. Each WASI 0.2 `error-code` enum (and WASI 0.3's, for the filesystem so
//! far) converts into `Errno` through one exhaustive `match`, so a new variant in a future WIT
//! version breaks the build instead of being lost.

use core::fmt;
use wasi_shim_sys::wasi::filesystem::types::ErrorCode as FsError;
#[cfg(not(target_env = "p3"))]
use wasi_shim_sys::wasi::sockets::network::ErrorCode as NetError;
#[cfg(target_env = "p3")]
use wasi_shim_sys::wasi::sockets::{
    ip_name_lookup::ErrorCode as LookupError, types::ErrorCode as NetError,
};

/// A POSIX error number, with WASI's numbering.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Errno(u16);

/// The result of a platform operation.
pub type Result<T> = core::result::Result<T, Errno>;

impl Errno {
    /// The raw number, as stored in C's `errno`.
    #[must_use]
    pub const fn raw(self) -> u16 {
        self.0
    }

    /// An `Errno` from a raw number; `None` for 0 and for numbers WASI does not define.
    #[must_use]
    pub const fn from_raw(raw: u16) -> Option<Self> {
        if raw >= 1 && raw <= 76 {
            Some(Self(raw))
        } else {
            None
        }
    }

    /// Argument list too long (`E2BIG`).
    pub const TOOBIG: Self = Self(1);
    /// Permission denied (`EACCES`).
    pub const ACCES: Self = Self(2);
    /// Address in use (`EADDRINUSE`).
    pub const ADDRINUSE: Self = Self(3);
    /// Address not available (`EADDRNOTAVAIL`).
    pub const ADDRNOTAVAIL: Self = Self(4);
    /// Address family not supported by protocol (`EAFNOSUPPORT`).
    pub const AFNOSUPPORT: Self = Self(5);
    /// Resource temporarily unavailable (`EAGAIN`).
    pub const AGAIN: Self = Self(6);
    /// Operation already in progress (`EALREADY`).
    pub const ALREADY: Self = Self(7);
    /// Bad file descriptor (`EBADF`).
    pub const BADF: Self = Self(8);
    /// Bad message (`EBADMSG`).
    pub const BADMSG: Self = Self(9);
    /// Resource busy (`EBUSY`).
    pub const BUSY: Self = Self(10);
    /// Operation canceled (`ECANCELED`).
    pub const CANCELED: Self = Self(11);
    /// No child process (`ECHILD`).
    pub const CHILD: Self = Self(12);
    /// Connection aborted (`ECONNABORTED`).
    pub const CONNABORTED: Self = Self(13);
    /// Connection refused (`ECONNREFUSED`).
    pub const CONNREFUSED: Self = Self(14);
    /// Connection reset by peer (`ECONNRESET`).
    pub const CONNRESET: Self = Self(15);
    /// Resource deadlock would occur (`EDEADLK`).
    pub const DEADLK: Self = Self(16);
    /// Destination address required (`EDESTADDRREQ`).
    pub const DESTADDRREQ: Self = Self(17);
    /// Domain error (`EDOM`).
    pub const DOM: Self = Self(18);
    /// Quota exceeded (`EDQUOT`).
    pub const DQUOT: Self = Self(19);
    /// File exists (`EEXIST`).
    pub const EXIST: Self = Self(20);
    /// Bad address (`EFAULT`).
    pub const FAULT: Self = Self(21);
    /// File too large (`EFBIG`).
    pub const FBIG: Self = Self(22);
    /// Host is unreachable (`EHOSTUNREACH`).
    pub const HOSTUNREACH: Self = Self(23);
    /// Identifier removed (`EIDRM`).
    pub const IDRM: Self = Self(24);
    /// Illegal byte sequence (`EILSEQ`).
    pub const ILSEQ: Self = Self(25);
    /// Operation in progress (`EINPROGRESS`).
    pub const INPROGRESS: Self = Self(26);
    /// Interrupted system call (`EINTR`).
    pub const INTR: Self = Self(27);
    /// Invalid argument (`EINVAL`).
    pub const INVAL: Self = Self(28);
    /// I/O error (`EIO`).
    pub const IO: Self = Self(29);
    /// Socket is connected (`EISCONN`).
    pub const ISCONN: Self = Self(30);
    /// Is a directory (`EISDIR`).
    pub const ISDIR: Self = Self(31);
    /// Symbolic link loop (`ELOOP`).
    pub const LOOP: Self = Self(32);
    /// No file descriptors available (`EMFILE`).
    pub const MFILE: Self = Self(33);
    /// Too many links (`EMLINK`).
    pub const MLINK: Self = Self(34);
    /// Message too large (`EMSGSIZE`).
    pub const MSGSIZE: Self = Self(35);
    /// Multihop attempted (`EMULTIHOP`).
    pub const MULTIHOP: Self = Self(36);
    /// Filename too long (`ENAMETOOLONG`).
    pub const NAMETOOLONG: Self = Self(37);
    /// Network is down (`ENETDOWN`).
    pub const NETDOWN: Self = Self(38);
    /// Connection reset by network (`ENETRESET`).
    pub const NETRESET: Self = Self(39);
    /// Network unreachable (`ENETUNREACH`).
    pub const NETUNREACH: Self = Self(40);
    /// Too many files open in system (`ENFILE`).
    pub const NFILE: Self = Self(41);
    /// No buffer space available (`ENOBUFS`).
    pub const NOBUFS: Self = Self(42);
    /// No such device (`ENODEV`).
    pub const NODEV: Self = Self(43);
    /// No such file or directory (`ENOENT`).
    pub const NOENT: Self = Self(44);
    /// Exec format error (`ENOEXEC`).
    pub const NOEXEC: Self = Self(45);
    /// No locks available (`ENOLCK`).
    pub const NOLCK: Self = Self(46);
    /// Link has been severed (`ENOLINK`).
    pub const NOLINK: Self = Self(47);
    /// Out of memory (`ENOMEM`).
    pub const NOMEM: Self = Self(48);
    /// No message of desired type (`ENOMSG`).
    pub const NOMSG: Self = Self(49);
    /// Protocol not available (`ENOPROTOOPT`).
    pub const NOPROTOOPT: Self = Self(50);
    /// No space left on device (`ENOSPC`).
    pub const NOSPC: Self = Self(51);
    /// Function not implemented (`ENOSYS`).
    pub const NOSYS: Self = Self(52);
    /// Socket not connected (`ENOTCONN`).
    pub const NOTCONN: Self = Self(53);
    /// Not a directory (`ENOTDIR`).
    pub const NOTDIR: Self = Self(54);
    /// Directory not empty (`ENOTEMPTY`).
    pub const NOTEMPTY: Self = Self(55);
    /// State not recoverable (`ENOTRECOVERABLE`).
    pub const NOTRECOVERABLE: Self = Self(56);
    /// Not a socket (`ENOTSOCK`).
    pub const NOTSOCK: Self = Self(57);
    /// Not supported (`ENOTSUP`).
    pub const NOTSUP: Self = Self(58);
    /// Not a tty (`ENOTTY`).
    pub const NOTTY: Self = Self(59);
    /// No such device or address (`ENXIO`).
    pub const NXIO: Self = Self(60);
    /// Value too large for data type (`EOVERFLOW`).
    pub const OVERFLOW: Self = Self(61);
    /// Previous owner died (`EOWNERDEAD`).
    pub const OWNERDEAD: Self = Self(62);
    /// Operation not permitted (`EPERM`).
    pub const PERM: Self = Self(63);
    /// Broken pipe (`EPIPE`).
    pub const PIPE: Self = Self(64);
    /// Protocol error (`EPROTO`).
    pub const PROTO: Self = Self(65);
    /// Protocol not supported (`EPROTONOSUPPORT`).
    pub const PROTONOSUPPORT: Self = Self(66);
    /// Protocol wrong type for socket (`EPROTOTYPE`).
    pub const PROTOTYPE: Self = Self(67);
    /// Result not representable (`ERANGE`).
    pub const RANGE: Self = Self(68);
    /// Read-only file system (`EROFS`).
    pub const ROFS: Self = Self(69);
    /// Invalid seek (`ESPIPE`).
    pub const SPIPE: Self = Self(70);
    /// No such process (`ESRCH`).
    pub const SRCH: Self = Self(71);
    /// Stale file handle (`ESTALE`).
    pub const STALE: Self = Self(72);
    /// Operation timed out (`ETIMEDOUT`).
    pub const TIMEDOUT: Self = Self(73);
    /// Text file busy (`ETXTBSY`).
    pub const TXTBSY: Self = Self(74);
    /// Cross-device link (`EXDEV`).
    pub const XDEV: Self = Self(75);
    /// Capabilities insufficient (`ENOTCAPABLE`).
    pub const NOTCAPABLE: Self = Self(76);
    /// Operation not supported on socket: the same number as [`Errno::NOTSUP`], as in WASI.
    pub const OPNOTSUPP: Self = Self::NOTSUP;
    /// Operation would block: the same number as [`Errno::AGAIN`], as in WASI.
    pub const WOULDBLOCK: Self = Self::AGAIN;

    /// The symbolic name, such as `"ENOENT"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self.0 {
            1 => "E2BIG",
            2 => "EACCES",
            3 => "EADDRINUSE",
            4 => "EADDRNOTAVAIL",
            5 => "EAFNOSUPPORT",
            6 => "EAGAIN",
            7 => "EALREADY",
            8 => "EBADF",
            9 => "EBADMSG",
            10 => "EBUSY",
            11 => "ECANCELED",
            12 => "ECHILD",
            13 => "ECONNABORTED",
            14 => "ECONNREFUSED",
            15 => "ECONNRESET",
            16 => "EDEADLK",
            17 => "EDESTADDRREQ",
            18 => "EDOM",
            19 => "EDQUOT",
            20 => "EEXIST",
            21 => "EFAULT",
            22 => "EFBIG",
            23 => "EHOSTUNREACH",
            24 => "EIDRM",
            25 => "EILSEQ",
            26 => "EINPROGRESS",
            27 => "EINTR",
            28 => "EINVAL",
            29 => "EIO",
            30 => "EISCONN",
            31 => "EISDIR",
            32 => "ELOOP",
            33 => "EMFILE",
            34 => "EMLINK",
            35 => "EMSGSIZE",
            36 => "EMULTIHOP",
            37 => "ENAMETOOLONG",
            38 => "ENETDOWN",
            39 => "ENETRESET",
            40 => "ENETUNREACH",
            41 => "ENFILE",
            42 => "ENOBUFS",
            43 => "ENODEV",
            44 => "ENOENT",
            45 => "ENOEXEC",
            46 => "ENOLCK",
            47 => "ENOLINK",
            48 => "ENOMEM",
            49 => "ENOMSG",
            50 => "ENOPROTOOPT",
            51 => "ENOSPC",
            52 => "ENOSYS",
            53 => "ENOTCONN",
            54 => "ENOTDIR",
            55 => "ENOTEMPTY",
            56 => "ENOTRECOVERABLE",
            57 => "ENOTSOCK",
            58 => "ENOTSUP",
            59 => "ENOTTY",
            60 => "ENXIO",
            61 => "EOVERFLOW",
            62 => "EOWNERDEAD",
            63 => "EPERM",
            64 => "EPIPE",
            65 => "EPROTO",
            66 => "EPROTONOSUPPORT",
            67 => "EPROTOTYPE",
            68 => "ERANGE",
            69 => "EROFS",
            70 => "ESPIPE",
            71 => "ESRCH",
            72 => "ESTALE",
            73 => "ETIMEDOUT",
            74 => "ETXTBSY",
            75 => "EXDEV",
            76 => "ENOTCAPABLE",
            _ => "E?",
        }
    }

    /// The message `strerror` gives, such as `"No such file or directory"`.
    #[must_use]
    pub const fn message(self) -> &'static str {
        match self.0 {
            1 => "Argument list too long",
            2 => "Permission denied",
            3 => "Address in use",
            4 => "Address not available",
            5 => "Address family not supported by protocol",
            6 => "Resource temporarily unavailable",
            7 => "Operation already in progress",
            8 => "Bad file descriptor",
            9 => "Bad message",
            10 => "Resource busy",
            11 => "Operation canceled",
            12 => "No child process",
            13 => "Connection aborted",
            14 => "Connection refused",
            15 => "Connection reset by peer",
            16 => "Resource deadlock would occur",
            17 => "Destination address required",
            18 => "Domain error",
            19 => "Quota exceeded",
            20 => "File exists",
            21 => "Bad address",
            22 => "File too large",
            23 => "Host is unreachable",
            24 => "Identifier removed",
            25 => "Illegal byte sequence",
            26 => "Operation in progress",
            27 => "Interrupted system call",
            28 => "Invalid argument",
            29 => "I/O error",
            30 => "Socket is connected",
            31 => "Is a directory",
            32 => "Symbolic link loop",
            33 => "No file descriptors available",
            34 => "Too many links",
            35 => "Message too large",
            36 => "Multihop attempted",
            37 => "Filename too long",
            38 => "Network is down",
            39 => "Connection reset by network",
            40 => "Network unreachable",
            41 => "Too many files open in system",
            42 => "No buffer space available",
            43 => "No such device",
            44 => "No such file or directory",
            45 => "Exec format error",
            46 => "No locks available",
            47 => "Link has been severed",
            48 => "Out of memory",
            49 => "No message of desired type",
            50 => "Protocol not available",
            51 => "No space left on device",
            52 => "Function not implemented",
            53 => "Socket not connected",
            54 => "Not a directory",
            55 => "Directory not empty",
            56 => "State not recoverable",
            57 => "Not a socket",
            58 => "Not supported",
            59 => "Not a tty",
            60 => "No such device or address",
            61 => "Value too large for data type",
            62 => "Previous owner died",
            63 => "Operation not permitted",
            64 => "Broken pipe",
            65 => "Protocol error",
            66 => "Protocol not supported",
            67 => "Protocol wrong type for socket",
            68 => "Result not representable",
            69 => "Read-only file system",
            70 => "Invalid seek",
            71 => "No such process",
            72 => "Stale file handle",
            73 => "Operation timed out",
            74 => "Text file busy",
            75 => "Cross-device link",
            76 => "Capabilities insufficient",
            _ => "Unknown error",
        }
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.0)
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl From<FsError> for Errno {
    /// `wasi:filesystem` error codes are documented as "similar to" one POSIX errno each; this
    /// is that correspondence, one arm per variant. WASI 0.3 drops `would-block` and adds
    /// `other`, an error the host could not name, which is `EIO`.
    fn from(code: FsError) -> Self {
        match code {
            FsError::Access => Self::ACCES,
            #[cfg(not(target_env = "p3"))]
            FsError::WouldBlock => Self::AGAIN,
            #[cfg(target_env = "p3")]
            FsError::Other(_) => Self::IO,
            FsError::Already => Self::ALREADY,
            FsError::BadDescriptor => Self::BADF,
            FsError::Busy => Self::BUSY,
            FsError::Deadlock => Self::DEADLK,
            FsError::Quota => Self::DQUOT,
            FsError::Exist => Self::EXIST,
            FsError::FileTooLarge => Self::FBIG,
            FsError::IllegalByteSequence => Self::ILSEQ,
            FsError::InProgress => Self::INPROGRESS,
            FsError::Interrupted => Self::INTR,
            FsError::Invalid => Self::INVAL,
            FsError::Io => Self::IO,
            FsError::IsDirectory => Self::ISDIR,
            FsError::Loop => Self::LOOP,
            FsError::TooManyLinks => Self::MLINK,
            FsError::MessageSize => Self::MSGSIZE,
            FsError::NameTooLong => Self::NAMETOOLONG,
            FsError::NoDevice => Self::NODEV,
            FsError::NoEntry => Self::NOENT,
            FsError::NoLock => Self::NOLCK,
            FsError::InsufficientMemory => Self::NOMEM,
            FsError::InsufficientSpace => Self::NOSPC,
            FsError::NotDirectory => Self::NOTDIR,
            FsError::NotEmpty => Self::NOTEMPTY,
            FsError::NotRecoverable => Self::NOTRECOVERABLE,
            FsError::Unsupported => Self::NOTSUP,
            FsError::NoTty => Self::NOTTY,
            FsError::NoSuchDevice => Self::NXIO,
            FsError::Overflow => Self::OVERFLOW,
            FsError::NotPermitted => Self::PERM,
            FsError::Pipe => Self::PIPE,
            FsError::ReadOnly => Self::ROFS,
            FsError::InvalidSeek => Self::SPIPE,
            FsError::TextFileBusy => Self::TXTBSY,
            FsError::CrossDevice => Self::XDEV,
        }
    }
}

#[cfg(not(target_env = "p3"))]
impl From<NetError> for Errno {
    /// `wasi:sockets` error codes. Where WASI has no POSIX twin the nearest errno is chosen and
    /// the reason given.
    fn from(code: NetError) -> Self {
        match code {
            NetError::Unknown => Self::IO,
            NetError::AccessDenied => Self::ACCES,
            NetError::NotSupported => Self::OPNOTSUPP,
            NetError::InvalidArgument => Self::INVAL,
            NetError::OutOfMemory => Self::NOMEM,
            NetError::Timeout => Self::TIMEDOUT,
            NetError::ConcurrencyConflict => Self::ALREADY,
            // Returned by the `finish-*` half of a two-phase operation that has not completed.
            NetError::NotInProgress => Self::INVAL,
            NetError::WouldBlock => Self::AGAIN,
            NetError::InvalidState => Self::INVAL,
            NetError::NewSocketLimit => Self::MFILE,
            NetError::AddressNotBindable => Self::ADDRNOTAVAIL,
            NetError::AddressInUse => Self::ADDRINUSE,
            NetError::RemoteUnreachable => Self::HOSTUNREACH,
            NetError::ConnectionRefused => Self::CONNREFUSED,
            NetError::ConnectionReset => Self::CONNRESET,
            NetError::ConnectionAborted => Self::CONNABORTED,
            NetError::DatagramTooLarge => Self::MSGSIZE,
            // Name lookup failures are reported through `getaddrinfo`'s own codes; as an errno
            // they are the closest generic failures.
            NetError::NameUnresolvable => Self::NOENT,
            NetError::TemporaryResolverFailure => Self::AGAIN,
            NetError::PermanentResolverFailure => Self::IO,
        }
    }
}

#[cfg(target_env = "p3")]
impl From<NetError> for Errno {
    /// WASI 0.3's `wasi:sockets` error codes: p2's without the codes of its two-phase calls
    /// (`would-block`, `not-in-progress`, `concurrency-conflict`: p3's calls finish in one) and of
    /// name lookup (which has its own type now), with `other` for what has no name.
    fn from(code: NetError) -> Self {
        match code {
            NetError::AccessDenied => Self::ACCES,
            NetError::NotSupported => Self::OPNOTSUPP,
            NetError::InvalidArgument => Self::INVAL,
            NetError::OutOfMemory => Self::NOMEM,
            NetError::Timeout => Self::TIMEDOUT,
            NetError::InvalidState => Self::INVAL,
            NetError::AddressNotBindable => Self::ADDRNOTAVAIL,
            NetError::AddressInUse => Self::ADDRINUSE,
            NetError::RemoteUnreachable => Self::HOSTUNREACH,
            NetError::ConnectionRefused => Self::CONNREFUSED,
            // A broken connection (the peer is gone) is what a write then reports on Linux.
            NetError::ConnectionBroken => Self::PIPE,
            NetError::ConnectionReset => Self::CONNRESET,
            NetError::ConnectionAborted => Self::CONNABORTED,
            NetError::DatagramTooLarge => Self::MSGSIZE,
            NetError::Other(_) => Self::IO,
        }
    }
}

#[cfg(target_env = "p3")]
impl From<LookupError> for Errno {
    /// WASI 0.3's name-lookup codes, as the closest generic failures (`getaddrinfo` reports its
    /// own codes for them).
    fn from(code: LookupError) -> Self {
        match code {
            LookupError::AccessDenied => Self::ACCES,
            LookupError::InvalidArgument => Self::INVAL,
            LookupError::NameUnresolvable => Self::NOENT,
            LookupError::TemporaryResolverFailure => Self::AGAIN,
            LookupError::PermanentResolverFailure | LookupError::Other(_) => Self::IO,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_messages_cover_every_number() {
        for raw in 1..=76 {
            let errno = Errno::from_raw(raw).expect("1..=76 are defined");
            assert!(errno.name().starts_with('E'), "{raw}");
            assert_ne!(errno.message(), "Unknown error", "{raw}");
        }
        assert_eq!(Errno::from_raw(0), None);
        assert_eq!(Errno::from_raw(77), None);
    }

    #[test]
    fn not_empty_is_55() {
        assert_eq!(Errno::from(FsError::NotEmpty).raw(), 55);
        assert_eq!(Errno::NOTEMPTY.name(), "ENOTEMPTY");
    }
}
