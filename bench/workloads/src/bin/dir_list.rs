//! Directory listing: lists the fixture directory `d<args[1]>` (default 10000 entries) once with
//! `fs::read_dir`, taking each entry's name and type. Phase `list` (includes opening it).

use std::fs;
use workloads::{arg, check, fixture, timed};

fn main() {
    let n = arg(1, 10000);
    let dir = fixture().join(format!("d{n}"));
    let (entries, name_bytes, files) = timed("list", || {
        let (mut entries, mut name_bytes, mut files) = (0u64, 0u64, 0u64);
        for entry in fs::read_dir(&dir).expect("read_dir") {
            let entry = entry.expect("entry");
            entries += 1;
            name_bytes += entry.file_name().len() as u64;
            files += u64::from(entry.file_type().expect("file_type").is_file());
        }
        (entries, name_bytes, files)
    });
    assert_eq!(entries, n);
    check(&format!(
        "entries={entries} name_bytes={name_bytes} files={files}"
    ));
}
