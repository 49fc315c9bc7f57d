//! `std::env::temp_dir()`: `TMPDIR` when set, else `/tmp`, as on Unix. (Prebuilt std panics on
//! WASI here, rust-lang/rust#160363; the std of `cargo xtask build-std` is patched.) The test
//! sets `TMPDIR` to the sandbox and checks that a file made there is seen.

fn main() {
    let dir = std::env::temp_dir();
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX");
    println!(
        "temp_dir is the sandbox: {}",
        dir == std::path::Path::new(&sandbox)
    );
    let file = dir.join("made-in-temp-dir");
    std::fs::write(&file, b"x").expect("write in temp_dir");
    println!(
        "file in temp_dir: {}",
        std::fs::read(&file).expect("read") == b"x"
    );
    // SAFETY: one thread.
    unsafe { std::env::remove_var("TMPDIR") };
    println!("without TMPDIR: {}", std::env::temp_dir().display());
}
