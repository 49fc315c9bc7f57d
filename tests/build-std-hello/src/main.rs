//! An ordinary std program, unmodified: `cargo xtask build-std` builds it over a std that
//! depends on wasi-shim.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args {args:?}");
    let dir = std::env::var("SANDBOX").unwrap_or_else(|_| ".".into());
    let path = std::path::Path::new(&dir).join("profile.txt");
    std::fs::write(&path, "written").unwrap();
    println!("read back {:?}", std::fs::read_to_string(&path).unwrap());
    std::process::exit(3);
}
