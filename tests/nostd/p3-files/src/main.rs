//! WASI 0.3 only: file reads and writes through `wasi_shim_sys::p3_file` (the streams of
//! `read-via-stream` and `write-via-stream`), below the platform layer, which does not use them
//! yet (docs/WASIP3.md). tests/harness/tests/p3.rs runs it with one preopened directory.
//!
//! In the first preopen it creates `p3-files.txt`, writes two pieces at explicit offsets and a
//! 100 KiB block after them (more than one stream operation), and prints what each write
//! reported, the size `stat` gives, what two appending writes added, and whether reading from offset 0 in small and large reads
//! gives back exactly those bytes; then a read from past the end, the directory's entries (with
//! a subdirectory made for the purpose), a write through a descriptor opened read-only, and the
//! file's removal.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::format;
use alloc::vec::Vec;
use wasi_shim::Errno;
use wasi_shim::io::Write;
use wasi_shim_sys::p3_file::{DirReader, FileReader, append, write_at};
use wasi_shim_sys::wasi::filesystem::preopens::get_directories;
use wasi_shim_sys::wasi::filesystem::types::{
    Descriptor, DescriptorFlags, DescriptorType, OpenFlags, PathFlags,
};

// `cabi_realloc` (the preopens are a list) and `memcmp`.
use wasi_shim_rt as _;

#[global_allocator]
static HEAP: wasi_shim::heap::Heap = wasi_shim::heap::Heap::new();

const NAME: &str = "p3-files.txt";

/// Every byte from `offset` to the end, in reads of `chunk` bytes.
fn read_all(file: &Descriptor, offset: u64, chunk: usize) -> Result<Vec<u8>, Errno> {
    let mut reader = FileReader::open(file, offset);
    let (mut all, mut buf) = (Vec::new(), alloc::vec![0u8; chunk]);
    loop {
        match reader.read(&mut buf)? {
            0 => return Ok(all),
            n => all.extend_from_slice(&buf[..n]),
        }
    }
}

fn main() -> Result<(), Errno> {
    let mut out = wasi_shim::stdio::stdout();
    let dirs = get_directories();
    let Some((dir, _)) = dirs.first() else {
        return Err(Errno::NOENT);
    };
    let file = dir.open_at(
        PathFlags::empty(),
        NAME,
        OpenFlags::CREATE | OpenFlags::TRUNCATE,
        DescriptorFlags::READ | DescriptorFlags::WRITE,
    )?;
    let block: Vec<u8> = (0..100 * 1024u32).map(|i| (i % 251) as u8).collect();
    let first = write_at(&file, b"hello, ", 0)?;
    let second = write_at(&file, b"files\n", 7)?;
    let third = write_at(&file, &block, 13)?;
    out.write_all(format!("wrote {first}, {second} and {third} bytes\n").as_bytes())?;
    let size = file.stat()?.size;
    out.write_all(format!("size: {size}\n").as_bytes())?;
    let appended = (append(&file, b"tail 1\n")?, append(&file, b"tail 2\n")?);
    let grown = file.stat()?.size - size;
    let tail = read_all(&file, size, 4096)?;
    let tail = core::str::from_utf8(&tail).unwrap_or("(not UTF-8)");
    out.write_all(format!("appended {appended:?}: grew by {grown}, {tail:?}\n").as_bytes())?;
    let size = size + grown;

    let mut expected = Vec::from(&b"hello, files\n"[..]);
    expected.extend_from_slice(&block);
    expected.extend_from_slice(b"tail 1\ntail 2\n");
    for chunk in [7, 65536] {
        let back = read_all(&file, 0, chunk)?;
        let same = back == expected;
        let n = back.len();
        out.write_all(format!("read in {chunk}-byte reads: {n} bytes, same: {same}\n").as_bytes())?;
    }
    let tail = read_all(&file, 7, 4096)?;
    let starts = tail.starts_with(b"files\n");
    out.write_all(format!("from offset 7: starts with \"files\": {starts}\n").as_bytes())?;
    let past = read_all(&file, size + 10, 4096)?.len();
    out.write_all(format!("from past the end: {past} bytes\n").as_bytes())?;
    drop(file);

    dir.create_directory_at("sub")?;
    let mut entries = Vec::new();
    let mut reader = DirReader::open(dir);
    while let Some(entry) = reader.next_entry()? {
        let kind = match entry.type_ {
            DescriptorType::RegularFile => "file",
            DescriptorType::Directory => "directory",
            _ => "other",
        };
        entries.push(format!("{} ({kind})", entry.name));
    }
    entries.sort();
    out.write_all(format!("entries: {}\n", entries.join(", ")).as_bytes())?;
    dir.remove_directory_at("sub")?;

    let read_only = dir.open_at(
        PathFlags::empty(),
        NAME,
        OpenFlags::empty(),
        DescriptorFlags::READ,
    )?;
    let refused = write_at(&read_only, b"x", 0).map_err(Errno::from);
    out.write_all(
        format!(
            "write through a read-only descriptor: {:?}\n",
            refused.map_err(|e| e.name())
        )
        .as_bytes(),
    )?;
    drop(read_only);
    dir.unlink_file_at(NAME)?;
    let gone = dir.stat_at(PathFlags::empty(), NAME).map_err(Errno::from);
    out.write_all(
        format!(
            "after unlink: {:?}\n",
            gone.map(|_| ()).map_err(|e| e.name())
        )
        .as_bytes(),
    )?;
    Ok(())
}

wasi_shim_start::command!(main);
