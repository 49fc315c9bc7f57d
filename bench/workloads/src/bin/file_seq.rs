//! Sequential file I/O: writes `args[1]` MiB (default 64) to a new file in chunks of `args[2]`
//! bytes (default 4096) with `write`, closes it, reads it back in chunks of the same size with
//! `read` until end of file, and deletes it. Phases `write` (create + writes + close) and `read`
//! (open + reads + close).

use std::fs::{self, File};
use std::io::{Read, Write};
use workloads::{arg, check, pattern, pattern_at, scratch, timed};

fn main() {
    let total = arg(1, 64) << 20;
    let chunk = arg(2, 4096);
    let path = scratch().join("seq.bin");
    let data = pattern(chunk as usize);
    timed("write", || {
        let mut file = File::create(&path).expect("create");
        let mut written = 0u64;
        while written < total {
            let n = (total - written).min(chunk) as usize;
            file.write_all(&data[..n]).expect("write");
            written += n as u64;
        }
    });
    let mut buf = vec![0u8; chunk as usize];
    let read = timed("read", || {
        let mut file = File::open(&path).expect("open");
        let mut read = 0u64;
        loop {
            let n = file.read(&mut buf).expect("read");
            if n == 0 {
                break;
            }
            assert_eq!(buf[0], pattern_at(read, chunk), "byte {read}");
            read += n as u64;
        }
        read
    });
    fs::remove_file(&path).expect("remove");
    assert_eq!(read, total);
    check(&format!("bytes={read}"));
}
