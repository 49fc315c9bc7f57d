//! Environment variables: `vars()` filtered to `T_` names (sorted), `var` and `var_os` of set,
//! empty, non-ASCII and missing variables, then `set_var` (new, overwrite, empty value) and
//! `remove_var`, each followed by `var` and a fresh `vars()` listing.

use std::env;

fn t_vars() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = env::vars().filter(|(k, _)| k.starts_with("T_")).collect();
    v.sort();
    v
}

fn main() {
    println!("vars: {:?}", t_vars());
    for name in [
        "T_A",
        "T_EMPTY",
        "T_EQ",
        "T_UNICODE",
        "T_SPACES",
        "T_MISSING",
    ] {
        println!("var {name}: {:?}", env::var(name));
    }
    println!("var_os T_A: {:?}", env::var_os("T_A"));
    println!("var_os T_MISSING: {:?}", env::var_os("T_MISSING"));
    println!("SANDBOX is set: {}", env::var_os("SANDBOX").is_some());

    // SAFETY: single-threaded program; no other thread reads the environment.
    unsafe { env::set_var("T_NEW", "new value") };
    println!("after set T_NEW: {:?}", env::var("T_NEW"));
    // SAFETY: as above.
    unsafe { env::set_var("T_A", "overwritten") };
    println!("after overwrite T_A: {:?}", env::var("T_A"));
    // SAFETY: as above.
    unsafe { env::set_var("T_SET_EMPTY", "") };
    println!("after set empty: {:?}", env::var("T_SET_EMPTY"));
    // SAFETY: as above.
    unsafe { env::set_var("T_NON_ASCII", "ä€𝄞") };
    println!("after set non-ascii: {:?}", env::var("T_NON_ASCII"));
    println!("vars: {:?}", t_vars());

    // SAFETY: as above.
    unsafe { env::remove_var("T_NEW") };
    println!("after remove T_NEW: {:?}", env::var("T_NEW"));
    // SAFETY: as above.
    unsafe { env::remove_var("T_B") };
    println!("after remove T_B: {:?}", env::var("T_B"));
    // SAFETY: as above.
    unsafe { env::remove_var("T_NEVER_SET") };
    println!("after remove never set: {:?}", env::var("T_NEVER_SET"));
    println!("vars: {:?}", t_vars());
    // SAFETY: as above.
    unsafe { env::set_var("T_B", "back") };
    println!("after set removed T_B again: {:?}", env::var("T_B"));
    println!("vars: {:?}", t_vars());
}
