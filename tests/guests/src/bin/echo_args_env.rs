//! Prints `args[1..]` one per line, then the environment variables whose names start with `T_`
//! (sorted, as `NAME=value`), then copies stdin to stdout, then exits with the code in `T_EXIT`
//! (via `std::process::exit`) if that variable is set.

use std::io::{self, Read, Write};

fn main() {
    let mut out = io::stdout().lock();
    for arg in std::env::args().skip(1) {
        writeln!(out, "{arg}").unwrap();
    }
    let mut vars: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| k.starts_with("T_"))
        .collect();
    vars.sort();
    for (k, v) in &vars {
        writeln!(out, "{k}={v}").unwrap();
    }
    let mut input = Vec::new();
    io::stdin().lock().read_to_end(&mut input).unwrap();
    out.write_all(&input).unwrap();
    out.flush().unwrap();
    drop(out);
    if let Ok(code) = std::env::var("T_EXIT") {
        std::process::exit(code.parse().expect("T_EXIT must be an integer"));
    }
}
