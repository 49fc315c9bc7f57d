//! The README's sample program: an ordinary std program that uses files, directories, the
//! environment, arguments, the current directory, clocks, math and the exit status.

use std::io::Write;
use std::time::Instant;

fn main() {
    let start = Instant::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("hello from wasm32-wasip2; args: {args:?}");
    let cwd = std::env::current_dir().expect("a current directory");
    println!("current directory: {}", cwd.display());
    let user = std::env::var("USER").unwrap_or_else(|_| "(USER not set)".into());
    println!("USER: {user}");

    std::fs::create_dir_all("notes").expect("create notes/");
    let mut file = std::fs::File::create("notes/today.txt").expect("create a file");
    writeln!(file, "sqrt(2) = {:.6}, e = {:.6}", 2f64.sqrt(), 1f64.exp()).expect("write");
    drop(file);
    let text = std::fs::read_to_string("notes/today.txt").expect("read it back");
    print!("notes/today.txt: {text}");
    let meta = std::fs::metadata("notes/today.txt").expect("metadata");
    println!(
        "{} bytes, read-only: {}",
        meta.len(),
        meta.permissions().readonly()
    );
    for entry in std::fs::read_dir("notes").expect("list notes/") {
        let entry = entry.expect("an entry");
        println!("  notes/{}", entry.file_name().to_string_lossy());
    }
    match std::fs::remove_dir("notes") {
        Ok(()) => println!("removed a non-empty directory?!"),
        Err(e) => println!("removing a non-empty directory fails: {e}"),
    }
    std::fs::remove_dir_all("notes").expect("clean up");
    println!("elapsed: {:?}", start.elapsed());
    std::process::exit(if args.iter().any(|a| a == "--fail") {
        42
    } else {
        0
    });
}
