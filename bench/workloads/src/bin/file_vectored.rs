//! Vectored file I/O: writes `args[1]` MiB (default 64) to a new file with `write_vectored` of
//! four 1 KiB buffers at a time (`writev`), closes it, reads it back with `read_vectored` into
//! four 1 KiB buffers (`readv`) until end of file, and deletes it. Phases `writev` (create +
//! writes + close) and `readv` (open + reads + close).

use std::fs::{self, File};
use std::io::{IoSlice, IoSliceMut, Read, Write};
use workloads::{arg, check, pattern, pattern_at, scratch, timed};

/// Bytes per call: four buffers of a quarter each.
const CHUNK: u64 = 4096;
const PART: usize = CHUNK as usize / 4;

fn main() {
    let total = arg(1, 64) << 20;
    let path = scratch().join("vectored.bin");
    let data = pattern(CHUNK as usize);
    let parts: Vec<&[u8]> = data.chunks(PART).collect();
    timed("writev", || {
        let mut file = File::create(&path).expect("create");
        let mut written = 0u64;
        while written < total {
            let slices: Vec<IoSlice<'_>> = parts.iter().map(|p| IoSlice::new(p)).collect();
            let n = file.write_vectored(&slices).expect("writev");
            // A short write (none is expected) is finished with plain writes.
            file.write_all(&data[n..]).expect("write");
            written += CHUNK;
        }
    });
    let mut bufs = [[0u8; PART]; 4];
    let read = timed("readv", || {
        let mut file = File::open(&path).expect("open");
        let mut read = 0u64;
        loop {
            let [a, b, c, d] = &mut bufs;
            let mut slices = [
                IoSliceMut::new(a),
                IoSliceMut::new(b),
                IoSliceMut::new(c),
                IoSliceMut::new(d),
            ];
            let n = file.read_vectored(&mut slices).expect("readv");
            if n == 0 {
                break;
            }
            assert_eq!(bufs[0][0], pattern_at(read, CHUNK), "byte {read}");
            read += n as u64;
        }
        read
    });
    fs::remove_file(&path).expect("remove");
    assert_eq!(read, total);
    check(&format!("bytes={read}"));
}
