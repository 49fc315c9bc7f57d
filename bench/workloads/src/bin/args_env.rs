//! Arguments and environment: collects `std::env::args()` and `std::env::vars()` (the runner
//! passes 512 of each). The runner measures the whole run, since a libc may fetch both before
//! `main`; the phase `read` is the part inside `main`.

use workloads::{check, timed};

fn main() {
    let (args, vars) = timed("read", || {
        let args: Vec<String> = std::env::args().collect();
        let vars: Vec<(String, String)> = std::env::vars().collect();
        (args, vars)
    });
    // argv[0] and the directory variables differ between native and WASI runs; the check
    // counts only the arguments after argv[0] and the runner's `BENCH_V_*` variables.
    let arg_bytes: usize = args.iter().skip(1).map(String::len).sum();
    let ours: Vec<_> = vars
        .iter()
        .filter(|(k, _)| k.starts_with("BENCH_V_"))
        .collect();
    let var_bytes: usize = ours.iter().map(|(k, v)| k.len() + v.len()).sum();
    check(&format!(
        "args={} arg_bytes={arg_bytes} vars={} var_bytes={var_bytes}",
        args.len() - 1,
        ours.len()
    ));
}
