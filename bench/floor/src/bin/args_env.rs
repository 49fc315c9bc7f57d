//! Floor of `args_env`. WASI calls: `get-arguments` and `get-environment`, once each.

use floor::{check, timed};
use wasip2::cli::environment::{get_arguments, get_environment};

fn main() {
    let (args, vars) = timed("read", || (get_arguments(), get_environment()));
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
