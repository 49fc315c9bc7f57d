//! Startup: an empty `main`. The runner measures the whole run (instantiation or process start
//! through exit).

fn main() {}
