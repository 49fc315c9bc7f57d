//! Basic filesystem round trip in the directory named by `SANDBOX`: writes `hello.txt`, reads it
//! back (also into parts of a larger buffer), lists the directory, then writes and reads
//! `rel.txt` through a *relative* path (i.e. via the current directory, which the harness sets to
//! the sandbox). Failures of the relative step are reported as `rel: error <ErrorKind>` instead
//! of panicking.

use std::fs;
use std::io::Read;
use std::path::Path;

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX must be set");
    let dir = Path::new(&sandbox);

    let file = dir.join("hello.txt");
    fs::write(&file, "hello file\n").unwrap();
    println!("write: ok");
    let back = fs::read_to_string(&file).unwrap();
    println!("read: {}", back.trim_end());

    // Reads into part of a larger buffer change only the bytes read (the shim has the host write
    // them straight into the caller's buffer), and a read at the end changes nothing.
    let mut f = fs::File::open(&file).unwrap();
    let mut buf = *b"################";
    for range in [3..8, 10..16, 0..16] {
        let n = f.read(&mut buf[range.clone()]).unwrap();
        println!(
            "read into {range:?}: {n} {:?}",
            String::from_utf8_lossy(&buf)
        );
    }

    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        println!("entry: {name}");
    }

    match fs::write("rel.txt", "relative\n").and_then(|()| fs::read_to_string("rel.txt")) {
        Ok(s) => println!("rel: ok {}", s.trim_end()),
        Err(e) => println!("rel: error {:?}", e.kind()),
    }
}
