//! Floor of `startup`: an empty `main`, as in `workloads` (a std program: its startup is std's
//! and the toolchain wasi-libc's, so this floor equals the stock variant).

fn main() {}
