//! Writes exactly 1 MiB to stdout in one `write_all` call (a repeating, line-free byte pattern
//! followed by nothing else), then flushes; the test compares the length and bytes.

use std::io::Write;

fn main() {
    let data: Vec<u8> = (0..1usize << 20).map(|i| b'a' + (i % 26) as u8).collect();
    let mut out = std::io::stdout().lock();
    out.write_all(&data).unwrap();
    out.flush().unwrap();
}
