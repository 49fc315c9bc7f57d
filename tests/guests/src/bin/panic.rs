//! Prints a line, then panics with the message `boom`.

fn main() {
    println!("about to panic");
    panic!("boom");
}
