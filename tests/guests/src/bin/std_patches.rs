//! What prebuilt std cannot give on wasm32-wasip2, whatever its libc does: `File::try_clone`
//! (std returns Unsupported on wasm32) and `ErrorKind::DirectoryNotEmpty` (std's WASI errno
//! table has no `ENOTEMPTY` arm). The std patched by `cargo xtask build-std` gives both, as
//! native std does.

use std::io::{Read, Seek, SeekFrom, Write};

fn main() {
    let dir = std::env::var("SANDBOX").unwrap_or_else(|_| ".".into());
    let dir = std::path::Path::new(&dir);
    let path = dir.join("clone.txt");
    let mut file = std::fs::File::create(&path).unwrap();
    match file.try_clone() {
        Ok(mut clone) => {
            file.write_all(b"ab").unwrap();
            clone.write_all(b"cd").unwrap();
            println!(
                "try_clone: Ok, shared offset {}",
                file.stream_position().unwrap()
            );
            let mut text = String::new();
            let mut reader = std::fs::File::open(&path).unwrap();
            reader.seek(SeekFrom::Start(0)).unwrap();
            reader.read_to_string(&mut text).unwrap();
            println!("contents {text:?}");
        }
        Err(e) => println!("try_clone: Err({:?})", e.kind()),
    }
    let full = dir.join("full");
    std::fs::create_dir_all(full.join("inner")).unwrap();
    match std::fs::remove_dir(&full) {
        Ok(()) => println!("remove_dir of a non-empty directory: Ok?!"),
        Err(e) => println!("remove_dir of a non-empty directory: {:?}", e.kind()),
    }
}
