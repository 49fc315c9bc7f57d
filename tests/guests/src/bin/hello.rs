//! Prints one line.

fn main() {
    println!("hello from guest");
}
