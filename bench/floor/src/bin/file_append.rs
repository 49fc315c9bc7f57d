//! Floor of `file_append`. WASI calls: `open-at` (create, write), `append-via-stream`, one
//! `blocking-write-and-flush` per 4 KiB chunk (the most one such call takes), drop of the stream
//! and the descriptor.

use floor::{arg, check, pattern, scratch, timed};
use wasip2::filesystem::types::{DescriptorFlags, OpenFlags, PathFlags};

const CHUNK: u64 = 4096;

fn main() {
    let total = arg(1, 64) << 20;
    let dir = scratch();
    let data = pattern(CHUNK as usize);
    timed("append", || {
        let file = dir
            .open_at(
                PathFlags::SYMLINK_FOLLOW,
                "append.bin",
                OpenFlags::CREATE,
                DescriptorFlags::WRITE,
            )
            .expect("open");
        let stream = file.append_via_stream().expect("append stream");
        let mut written = 0u64;
        while written < total {
            stream.blocking_write_and_flush(&data).expect("append");
            written += CHUNK;
        }
    });
    let len = dir
        .stat_at(PathFlags::empty(), "append.bin")
        .expect("stat")
        .size;
    dir.unlink_file_at("append.bin").expect("unlink");
    assert_eq!(len, total);
    check(&format!("bytes={len}"));
}
