//! Many small files: in a new directory, creates `args[1]` files (default 2000) of 1 KiB each
//! (`fs::write`), stats each (`fs::metadata`), lists the directory (`fs::read_dir`, names and
//! types), reads each back (`fs::read`) and deletes each (`fs::remove_file`). One phase per step.

use std::fs;
use workloads::{arg, check, entry_name, scratch, timed};

const FILE_SIZE: usize = 1024;

fn main() {
    let n = arg(1, 2000);
    let dir = scratch().join("small");
    fs::create_dir(&dir).expect("mkdir");
    let paths: Vec<_> = (0..n).map(|i| dir.join(entry_name(i))).collect();
    let data = vec![b'x'; FILE_SIZE];
    timed("create", || {
        for p in &paths {
            fs::write(p, &data).expect("write");
        }
    });
    let stat_bytes = timed("stat", || {
        let mut total = 0;
        for p in &paths {
            total += fs::metadata(p).expect("metadata").len();
        }
        total
    });
    let (listed, files) = timed("list", || {
        let (mut listed, mut files) = (0u64, 0u64);
        for entry in fs::read_dir(&dir).expect("read_dir") {
            let entry = entry.expect("entry");
            listed += entry.file_name().len() as u64;
            files += u64::from(entry.file_type().expect("file_type").is_file());
        }
        (listed, files)
    });
    let read_bytes = timed("read", || {
        let mut total = 0;
        for p in &paths {
            total += fs::read(p).expect("read").len() as u64;
        }
        total
    });
    timed("delete", || {
        for p in &paths {
            fs::remove_file(p).expect("remove");
        }
    });
    fs::remove_dir(&dir).expect("rmdir");
    assert_eq!(files, n);
    check(&format!(
        "files={files} name_bytes={listed} stat_bytes={stat_bytes} read_bytes={read_bytes}"
    ));
}
