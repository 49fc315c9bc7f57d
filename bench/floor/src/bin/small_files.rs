//! Floor of `small_files`. Every call names a file as the shim does: on the `/scratch` preopen,
//! by the relative path `small/f<i>`, so host-side path resolution is the same in both.
//! WASI calls per file: create = `open-at` (create, truncate, write) + `write` + drop;
//! stat = `stat-at` (+ `metadata-hash-at` with `hash`); list = `open-at` of the directory and
//! `read-directory` once, then `read-directory-entry` per entry (+ `metadata-hash-at` with
//! `hash`); read = `open-at` (read) + `read(4096, 0)` + the empty `read` that tells the end +
//! drop; delete = `unlink-file-at`.

use floor::{arg, check, entry_name, scratch, timed, with_hash};
use wasip2::filesystem::types::{DescriptorFlags, DescriptorType, OpenFlags, PathFlags};

const FILE_SIZE: usize = 1024;

fn main() {
    let n = arg(1, 2000);
    let hash = with_hash();
    let root = scratch();
    root.create_directory_at("small").expect("mkdir");
    let dir = &root;
    let names: Vec<String> = (0..n).map(|i| format!("small/{}", entry_name(i))).collect();
    let data = vec![b'x'; FILE_SIZE];
    timed("create", || {
        for name in &names {
            let file = dir
                .open_at(
                    PathFlags::SYMLINK_FOLLOW,
                    name,
                    OpenFlags::CREATE | OpenFlags::TRUNCATE,
                    DescriptorFlags::WRITE,
                )
                .expect("create");
            let written = file.write(&data, 0).expect("write");
            assert_eq!(written, FILE_SIZE as u64);
        }
    });
    let stat_bytes = timed("stat", || {
        let mut total = 0;
        for name in &names {
            total += dir
                .stat_at(PathFlags::SYMLINK_FOLLOW, name)
                .expect("stat")
                .size;
            if hash {
                dir.metadata_hash_at(PathFlags::SYMLINK_FOLLOW, name)
                    .expect("hash");
            }
        }
        total
    });
    let (listed, files) = timed("list", || {
        let (mut listed, mut files) = (0u64, 0u64);
        let small = root
            .open_at(
                PathFlags::SYMLINK_FOLLOW,
                "small",
                OpenFlags::DIRECTORY,
                DescriptorFlags::READ,
            )
            .expect("open dir");
        let stream = small.read_directory().expect("read-directory");
        while let Some(entry) = stream.read_directory_entry().expect("entry") {
            listed += entry.name.len() as u64;
            files += u64::from(entry.type_ == DescriptorType::RegularFile);
            if hash {
                small
                    .metadata_hash_at(PathFlags::empty(), &entry.name)
                    .expect("hash");
            }
        }
        (listed, files)
    });
    let read_bytes = timed("read", || {
        let mut total = 0;
        for name in &names {
            let file = dir
                .open_at(
                    PathFlags::SYMLINK_FOLLOW,
                    name,
                    OpenFlags::empty(),
                    DescriptorFlags::READ,
                )
                .expect("open");
            let mut offset = 0;
            loop {
                let (bytes, end) = file.read(4096, offset).expect("read");
                offset += bytes.len() as u64;
                if bytes.is_empty() || end {
                    break;
                }
            }
            total += offset;
        }
        total
    });
    timed("delete", || {
        for name in &names {
            dir.unlink_file_at(name).expect("unlink");
        }
    });
    root.remove_directory_at("small").expect("rmdir");
    assert_eq!(files, n);
    check(&format!(
        "files={files} name_bytes={listed} stat_bytes={stat_bytes} read_bytes={read_bytes}"
    ));
}
