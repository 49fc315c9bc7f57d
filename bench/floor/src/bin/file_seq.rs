//! Floor of `file_seq`. WASI calls: `open-at` (create, truncate, write), one `write(buf, offset)`
//! per chunk, drop; `open-at` (read), one `read(len, offset)` per chunk plus the empty read that
//! tells the end, drop. Each read's bytes are used where the host put them (no copy).

use floor::{arg, check, pattern, pattern_at, scratch, timed};
use wasip2::filesystem::types::{DescriptorFlags, OpenFlags, PathFlags};

fn main() {
    let total = arg(1, 64) << 20;
    let chunk = arg(2, 4096);
    let dir = scratch();
    let data = pattern(chunk as usize);
    timed("write", || {
        let file = dir
            .open_at(
                PathFlags::SYMLINK_FOLLOW,
                "seq.bin",
                OpenFlags::CREATE | OpenFlags::TRUNCATE,
                DescriptorFlags::WRITE,
            )
            .expect("open");
        let mut offset = 0u64;
        while offset < total {
            let n = (total - offset).min(chunk) as usize;
            let mut rest = &data[..n];
            while !rest.is_empty() {
                let written = file.write(rest, offset).expect("write");
                offset += written;
                rest = &rest[written as usize..];
            }
        }
    });
    let read = timed("read", || {
        let file = dir
            .open_at(
                PathFlags::SYMLINK_FOLLOW,
                "seq.bin",
                OpenFlags::empty(),
                DescriptorFlags::READ,
            )
            .expect("open");
        let mut offset = 0u64;
        loop {
            let (bytes, end) = file.read(chunk, offset).expect("read");
            if bytes.is_empty() {
                break;
            }
            assert_eq!(bytes[0], pattern_at(offset, chunk), "byte {offset}");
            offset += bytes.len() as u64;
            if end {
                break;
            }
        }
        offset
    });
    dir.unlink_file_at("seq.bin").expect("unlink");
    assert_eq!(read, total);
    check(&format!("bytes={read}"));
}
