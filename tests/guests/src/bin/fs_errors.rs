//! Error cases of file and directory operations in the sandbox, each printed as `Ok(..)` or
//! `Err(<ErrorKind>)`. Where the error *kind* is not comparable across platforms (std's WASI errno
//! table has no `ENOTEMPTY`, so a non-empty directory is `DirectoryNotEmpty` natively and
//! `Uncategorized` under WASI), only whether the call failed is printed.

use guests::{kind, show};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;

/// `Err(kind) EBADF=<bool>` for a failed call, `Ok` otherwise.
fn show_badf<T>(r: io::Result<T>) -> String {
    match r {
        Ok(_) => "Ok".to_owned(),
        Err(e) => format!(
            "Err({:?}) EBADF={}",
            e.kind(),
            e.raw_os_error() == Some(libc::EBADF)
        ),
    }
}

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX must be set");
    let dir = Path::new(&sandbox);
    let file = dir.join("exists.txt");
    fs::write(&file, b"content").unwrap();
    let sub = dir.join("sub");
    fs::create_dir(&sub).unwrap();

    // Opening.
    let create_new = OpenOptions::new().write(true).create_new(true).open(&file);
    println!("create_new existing: {}", kind(create_new));
    let create_new_fresh = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dir.join("brand_new.txt"));
    println!("create_new fresh: {}", kind(create_new_fresh));
    println!(
        "open missing: {}",
        kind(File::open(dir.join("missing.txt")))
    );
    println!(
        "open in missing dir: {}",
        kind(File::open(dir.join("nodir/missing.txt")))
    );
    println!(
        "create in missing dir: {}",
        kind(File::create(dir.join("nodir/new.txt")))
    );
    println!("open empty path: {}", kind(File::open("")));
    println!(
        "open file with trailing slash: {}",
        kind(File::open(format!("{sandbox}/exists.txt/")))
    );
    println!(
        "open through a file: {}",
        kind(File::open(dir.join("exists.txt/x")))
    );
    println!("create on a directory: {}", kind(File::create(&sub)));
    println!(
        "open dir for writing: {}",
        kind(OpenOptions::new().write(true).open(&sub))
    );
    println!(
        "open without access mode: {}",
        kind(OpenOptions::new().open(&file))
    );
    println!(
        "truncate without write: {}",
        kind(OpenOptions::new().read(true).truncate(true).open(&file))
    );
    println!(
        "create without write: {}",
        kind(
            OpenOptions::new()
                .read(true)
                .create(true)
                .open(dir.join("c.txt"))
        )
    );

    // Reading a directory as a file.
    println!("open dir read-only: {}", kind(File::open(&sub)));
    println!("read_to_string dir: {}", kind(fs::read_to_string(&sub)));
    println!("read dir: {}", kind(fs::read(&sub)));

    // Wrong access mode for the operation.
    let mut ro = File::open(&file).unwrap();
    println!("write to read-only file: {}", show_badf(ro.write(b"x")));
    println!(
        "write_all to read-only file: {}",
        show_badf(ro.write_all(b"x"))
    );
    println!("set_len on read-only file: {}", show_badf(ro.set_len(0)));
    println!("content unchanged: {}", show(fs::read_to_string(&file)));
    let mut wo = OpenOptions::new().write(true).open(&file).unwrap();
    let mut buf = [0u8; 4];
    println!(
        "read from write-only file: {}",
        show_badf(wo.read(&mut buf))
    );

    // Metadata and links of missing things.
    println!(
        "metadata missing: {}",
        kind(fs::metadata(dir.join("missing")))
    );
    println!(
        "symlink_metadata missing: {}",
        kind(fs::symlink_metadata(dir.join("missing")))
    );
    println!("read_link of a file: {}", kind(fs::read_link(&file)));
    println!(
        "read_link missing: {}",
        kind(fs::read_link(dir.join("missing")))
    );
    println!(
        "canonicalize missing: {}",
        kind(fs::canonicalize(dir.join("missing")))
    );
    println!(
        "exists missing: {} try_exists: {}",
        dir.join("missing").exists(),
        show(dir.join("missing").try_exists())
    );

    // Removing.
    println!(
        "remove_file missing: {}",
        kind(fs::remove_file(dir.join("missing")))
    );
    println!("remove_file on a dir: {}", kind(fs::remove_file(&sub)));
    println!("remove_dir on a file: {}", kind(fs::remove_dir(&file)));
    println!(
        "remove_dir missing: {}",
        kind(fs::remove_dir(dir.join("missing")))
    );
    fs::write(sub.join("inner.txt"), b"x").unwrap();
    let non_empty = fs::remove_dir(&sub);
    // Kind not compared: DirectoryNotEmpty natively, Uncategorized under WASI (no ENOTEMPTY in
    // std's WASI errno table).
    println!("remove_dir non-empty is_err: {}", non_empty.is_err());
    println!(
        "non-empty dir still there: {}",
        sub.join("inner.txt").exists()
    );
    println!(
        "remove_dir_all missing: {}",
        kind(fs::remove_dir_all(dir.join("missing")))
    );
    println!(
        "remove_dir_all on a file: {}",
        kind(fs::remove_dir_all(&file))
    );

    // Creating directories.
    println!("create_dir existing: {}", kind(fs::create_dir(&sub)));
    println!("create_dir on a file: {}", kind(fs::create_dir(&file)));
    println!(
        "create_dir missing parent: {}",
        kind(fs::create_dir(dir.join("a/b")))
    );
    println!(
        "create_dir_all existing: {}",
        kind(fs::create_dir_all(&sub))
    );
    println!(
        "create_dir_all through a file: {}",
        kind(fs::create_dir_all(dir.join("exists.txt/d")))
    );

    // Listing.
    println!("read_dir on a file: {}", kind(fs::read_dir(&file)));
    println!(
        "read_dir missing: {}",
        kind(fs::read_dir(dir.join("missing")))
    );

    // Renaming and linking.
    println!(
        "rename missing: {}",
        kind(fs::rename(dir.join("missing"), dir.join("x")))
    );
    println!(
        "rename into missing dir: {}",
        kind(fs::rename(&file, dir.join("nodir/x")))
    );
    println!("rename dir over file: {}", kind(fs::rename(&sub, &file)));
    let empty = dir.join("empty_dir");
    fs::create_dir(&empty).unwrap();
    println!("rename file over dir: {}", kind(fs::rename(&file, &empty)));
    println!(
        "rename dir into itself: {}",
        kind(fs::rename(&sub, sub.join("inside")))
    );
    println!(
        "hard_link onto existing: {}",
        kind(fs::hard_link(&file, dir.join("brand_new.txt")))
    );
    println!(
        "hard_link missing source: {}",
        kind(fs::hard_link(dir.join("missing"), dir.join("l")))
    );
    println!(
        "hard_link of a directory: {}",
        kind(fs::hard_link(&sub, dir.join("dirlink")))
    );
    println!(
        "copy missing source: {}",
        kind(fs::copy(dir.join("missing"), dir.join("c2.txt")))
    );
    println!(
        "copy a directory: {}",
        kind(fs::copy(&sub, dir.join("c3.txt")))
    );

    // The text of errno numbers no libc names (`io::Error`'s Display calls `strerror_r`).
    for code in [9999, -7, i32::MIN] {
        println!(
            "message of errno {code}: {}",
            std::io::Error::from_raw_os_error(code)
        );
    }

    // Final state of the sandbox (names only).
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    println!("final entries: {names:?}");
}
