//! An ordinary std program; the two `use` lines are the only change the dependency route needs
//! (an unreferenced dependency is not linked).

use wasi_shim_libc as _;
use wasi_shim_start as _;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args {args:?}");
    let dir = std::env::var("SANDBOX").unwrap_or_else(|_| ".".into());
    let path = std::path::Path::new(&dir).join("dep-route.txt");
    std::fs::write(&path, "written").unwrap();
    println!("read back {:?}", std::fs::read_to_string(&path).unwrap());
    std::process::exit(3);
}
