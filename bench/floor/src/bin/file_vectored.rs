//! Floor of `file_vectored`. WASI has no vectored calls, so the floor gathers the four 1 KiB
//! buffers into one and scatters what it reads, as a libc must. WASI calls: `open-at` (create,
//! truncate, write), one `write(buf, offset)` per 4 KiB; drop; `open-at` (read), one
//! `read(4096, offset)` per 4 KiB plus the empty read that tells the end; drop.

use floor::{arg, check, pattern, pattern_at, scratch, timed};
use wasip2::filesystem::types::{DescriptorFlags, OpenFlags, PathFlags};

const CHUNK: u64 = 4096;
const PART: usize = CHUNK as usize / 4;

fn main() {
    let total = arg(1, 64) << 20;
    let dir = scratch();
    let data = pattern(CHUNK as usize);
    let parts: Vec<&[u8]> = data.chunks(PART).collect();
    timed("writev", || {
        let file = dir
            .open_at(
                PathFlags::SYMLINK_FOLLOW,
                "vectored.bin",
                OpenFlags::CREATE | OpenFlags::TRUNCATE,
                DescriptorFlags::WRITE,
            )
            .expect("open");
        let mut staging = Vec::with_capacity(CHUNK as usize);
        let mut offset = 0u64;
        while offset < total {
            staging.clear();
            for part in &parts {
                staging.extend_from_slice(part);
            }
            let mut rest = &staging[..];
            while !rest.is_empty() {
                let written = file.write(rest, offset).expect("write");
                offset += written;
                rest = &rest[written as usize..];
            }
        }
    });
    let mut bufs = [[0u8; PART]; 4];
    let read = timed("readv", || {
        let file = dir
            .open_at(
                PathFlags::SYMLINK_FOLLOW,
                "vectored.bin",
                OpenFlags::empty(),
                DescriptorFlags::READ,
            )
            .expect("open");
        let mut offset = 0u64;
        loop {
            let (bytes, end) = file.read(CHUNK, offset).expect("read");
            if bytes.is_empty() {
                break;
            }
            for (buf, piece) in bufs.iter_mut().zip(bytes.chunks(PART)) {
                buf[..piece.len()].copy_from_slice(piece);
            }
            assert_eq!(bufs[0][0], pattern_at(offset, CHUNK), "byte {offset}");
            offset += bytes.len() as u64;
            if end {
                break;
            }
        }
        offset
    });
    dir.unlink_file_at("vectored.bin").expect("unlink");
    assert_eq!(read, total);
    check(&format!("bytes={read}"));
}
