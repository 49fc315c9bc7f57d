//! Floor of `metadata`. WASI calls per path: `stat-at` on the fixture preopen with the relative
//! path `d<N>/f<i>` (+ `metadata-hash-at` with `hash`).

use floor::{arg, check, entry_name, fixture, timed, with_hash};
use wasip2::filesystem::types::{DescriptorType, PathFlags};

fn main() {
    let n = arg(1, 10000);
    let hash = with_hash();
    let root = fixture();
    let paths: Vec<String> = (0..n).map(|i| format!("d{n}/{}", entry_name(i))).collect();
    let (files, bytes) = timed("stat", || {
        let (mut files, mut bytes) = (0u64, 0u64);
        for p in &paths {
            let stat = root.stat_at(PathFlags::SYMLINK_FOLLOW, p).expect("stat");
            if hash {
                root.metadata_hash_at(PathFlags::SYMLINK_FOLLOW, p)
                    .expect("hash");
            }
            files += u64::from(stat.type_ == DescriptorType::RegularFile);
            bytes += stat.size;
        }
        (files, bytes)
    });
    assert_eq!(files, n);
    check(&format!("files={files} bytes={bytes}"));
}
