//! Descriptor exhaustion: opening and dropping the same file 100 000 times never fails (nothing
//! leaks), then keeping files open until `open` fails gives `EMFILE` (printed as its kind and
//! whether the raw error is `libc::EMFILE`) after at least 1000 descriptors, and everything works
//! again once they are dropped. The loop stops at 65 536 open files if no limit is reached.
//! The file is named by an absolute path under `$SANDBOX`.

use std::fs::File;
use std::io::Read;

const CAP: usize = 1 << 16;

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX must be set");
    let path = format!("{sandbox}/f.txt");
    let path = path.as_str();
    std::fs::write(path, b"payload").unwrap();

    let mut failure = None;
    for i in 0..100_000 {
        if let Err(e) = File::open(path) {
            failure = Some((i, e.kind()));
            break;
        }
    }
    match failure {
        None => println!("100000 open+drop: ok"),
        Some((i, kind)) => println!("100000 open+drop: failed at {i}: {kind:?}"),
    }

    let mut files = Vec::new();
    let mut err = None;
    while files.len() < CAP {
        match File::open(path) {
            Ok(f) => files.push(f),
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    match &err {
        Some(e) => {
            println!("exhaustion error kind: {:?}", e.kind());
            println!(
                "exhaustion error is EMFILE: {}",
                e.raw_os_error() == Some(libc::EMFILE)
            );
            println!("opened >= 1000 before failing: {}", files.len() >= 1000);
            // The exact count differs (the shim's table holds 1024 descriptors including stdio
            // and preopens; natively it is RLIMIT_NOFILE): stderr only, for the test to check.
            eprintln!("open files at exhaustion: {}", files.len());
        }
        None => println!("no error within {CAP} open files"),
    }
    // Everything still open works.
    let mut s = String::new();
    let last_ok = files.last_mut().map(|f| f.read_to_string(&mut s).is_ok());
    println!("last open file readable: {:?} {:?}", last_ok, s);
    drop(files);
    println!("open after dropping all: {}", File::open(path).is_ok());
    let again: Vec<File> = (0..500).map(|_| File::open(path).unwrap()).collect();
    println!("500 more opens: {}", again.len());
}
