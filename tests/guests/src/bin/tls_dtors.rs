//! A `thread_local!` with a destructor on the main thread: std runs it when `main` returns
//! (natively through glibc's thread-exit hooks; on wasm32-wasip2 from Rust 1.100 through a
//! `pthread_key_create` destructor, which the libc must run at exit).

struct Loud(&'static str);

impl Drop for Loud {
    fn drop(&mut self) {
        // `println!` may not be used here: stdout's own thread-local may be gone.
        use std::io::Write;
        let _ = std::io::stderr().write_all(format!("dropped {}\n", self.0).as_bytes());
    }
}

thread_local! {
    static FIRST: Loud = const { Loud("first") };
    static SECOND: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn main() {
    FIRST.with(|l| println!("using {}", l.0));
    SECOND.with(|v| v.borrow_mut().push(1));
    println!("main returns");
}
