//! Append-mode writes: opens a new file with `O_APPEND` (`OpenOptions::append`, `create`) and
//! writes `args[1]` MiB (default 64) to it in 4 KiB chunks with `write_all`, then closes it.
//! Phase `append` (open + writes + close); the file's size is checked after it.

use std::fs::{self, OpenOptions};
use std::io::Write;
use workloads::{arg, check, pattern, scratch, timed};

const CHUNK: u64 = 4096;

fn main() {
    let total = arg(1, 64) << 20;
    let path = scratch().join("append.bin");
    let data = pattern(CHUNK as usize);
    timed("append", || {
        let mut file = OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .expect("open");
        let mut written = 0u64;
        while written < total {
            file.write_all(&data).expect("append");
            written += CHUNK;
        }
    });
    let len = fs::metadata(&path).expect("metadata").len();
    fs::remove_file(&path).expect("remove");
    assert_eq!(len, total);
    check(&format!("bytes={len}"));
}
