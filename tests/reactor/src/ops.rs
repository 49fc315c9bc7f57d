//! The library's operations in plain std Rust, with no WIT types and no dependency: the component
//! exports call them (see `lib.rs`), and the harness compiles this very file natively
//! (`tests/harness/tests/reactor.rs` includes it with `#[path]`) to compare results.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// How an I/O error is reported across the interface: its `ErrorKind`, which means the same on
/// every platform (the OS message does not).
fn kind(e: std::io::Error) -> String {
    format!("{:?}", e.kind())
}

fn bad_handle(handle: u32) -> String {
    format!("bad handle {handle}")
}

/// Open files, by handle. A handle is the file's descriptor number.
#[derive(Debug, Default)]
pub struct Files {
    open: BTreeMap<u32, File>,
}

impl Files {
    /// No open files.
    pub const fn new() -> Self {
        Self {
            open: BTreeMap::new(),
        }
    }

    /// Opens (creating if needed) `path` for reading and appending.
    pub fn open(&mut self, path: &str) -> Result<u32, String> {
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(kind)?;
        let handle = u32::try_from(file.as_raw_fd()).expect("descriptors are not negative");
        self.open.insert(handle, file);
        Ok(handle)
    }

    fn file(&mut self, handle: u32) -> Result<&mut File, String> {
        self.open.get_mut(&handle).ok_or_else(|| bad_handle(handle))
    }

    /// Appends `data` at the end of the file.
    pub fn append(&mut self, handle: u32, data: &[u8]) -> Result<(), String> {
        self.file(handle)?.write_all(data).map_err(kind)
    }

    /// The whole content of the file, read from its start.
    pub fn read_all(&mut self, handle: u32) -> Result<Vec<u8>, String> {
        let file = self.file(handle)?;
        file.seek(SeekFrom::Start(0)).map_err(kind)?;
        let mut out = Vec::new();
        file.read_to_end(&mut out).map_err(kind)?;
        Ok(out)
    }

    /// Closes the file.
    pub fn close(&mut self, handle: u32) -> Result<(), String> {
        let file = self
            .open
            .remove(&handle)
            .ok_or_else(|| bad_handle(handle))?;
        drop(file);
        Ok(())
    }
}

/// `std::env::var(name)`, `None` when unset or not UTF-8.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// `std::env::current_dir()`.
pub fn current_dir() -> Result<String, String> {
    let dir = std::env::current_dir().map_err(kind)?;
    Ok(dir.to_string_lossy().into_owned())
}

/// Seconds since the Unix epoch.
pub fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The instant of the first [`Clock::elapsed_nanos_since_first_call`].
#[derive(Debug, Default)]
pub struct Clock {
    first: Option<Instant>,
}

impl Clock {
    /// A clock whose first call is still to come.
    pub const fn new() -> Self {
        Self { first: None }
    }

    /// Nanoseconds elapsed since the first call (0 on the first call), saturating.
    pub fn elapsed_nanos_since_first_call(&mut self) -> u64 {
        match self.first {
            None => {
                self.first = Some(Instant::now());
                0
            }
            Some(first) => u64::try_from(first.elapsed().as_nanos()).unwrap_or(u64::MAX),
        }
    }
}
