//! `metadata` on many paths: `fs::metadata` on each of the `args[1]` files (default 10000) of the
//! fixture directory `d<args[1]>`, by absolute path. Phase `stat`.

use std::fs;
use workloads::{arg, check, entry_name, fixture, timed};

fn main() {
    let n = arg(1, 10000);
    let dir = fixture().join(format!("d{n}"));
    let paths: Vec<_> = (0..n).map(|i| dir.join(entry_name(i))).collect();
    let (files, bytes) = timed("stat", || {
        let (mut files, mut bytes) = (0u64, 0u64);
        for p in &paths {
            let m = fs::metadata(p).expect("metadata");
            files += u64::from(m.is_file());
            bytes += m.len();
        }
        (files, bytes)
    });
    assert_eq!(files, n);
    check(&format!("files={files} bytes={bytes}"));
}
