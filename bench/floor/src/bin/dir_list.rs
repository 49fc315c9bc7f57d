//! Floor of `dir_list`. WASI calls: `open-at` (directory), `read-directory`, one
//! `read-directory-entry` per entry plus the one that ends the stream (+ `metadata-hash-at` per
//! entry with `hash`), drops.

use floor::{arg, check, fixture, timed, with_hash};
use wasip2::filesystem::types::{DescriptorFlags, DescriptorType, OpenFlags, PathFlags};

fn main() {
    let n = arg(1, 10000);
    let hash = with_hash();
    let root = fixture();
    let name = format!("d{n}");
    let (entries, name_bytes, files) = timed("list", || {
        let (mut entries, mut name_bytes, mut files) = (0u64, 0u64, 0u64);
        let dir = root
            .open_at(
                PathFlags::SYMLINK_FOLLOW,
                &name,
                OpenFlags::DIRECTORY,
                DescriptorFlags::READ,
            )
            .expect("open dir");
        let stream = dir.read_directory().expect("read-directory");
        while let Some(entry) = stream.read_directory_entry().expect("entry") {
            entries += 1;
            name_bytes += entry.name.len() as u64;
            files += u64::from(entry.type_ == DescriptorType::RegularFile);
            if hash {
                dir.metadata_hash_at(PathFlags::empty(), &entry.name)
                    .expect("hash");
            }
        }
        (entries, name_bytes, files)
    });
    assert_eq!(entries, n);
    check(&format!(
        "entries={entries} name_bytes={name_bytes} files={files}"
    ));
}
