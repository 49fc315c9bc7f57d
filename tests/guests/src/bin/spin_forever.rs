//! An infinite loop that does no I/O: the harness must stop it with its time limit.

fn main() {
    let mut n: u64 = 0;
    loop {
        n = std::hint::black_box(n.wrapping_add(1));
    }
}
