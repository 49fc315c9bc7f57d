//! Exits with the code given as `args[1]` (0..=255). Under WASI it calls
//! `wasi:cli/exit#exit-with-code` directly (below libc), so the harness's handling of that path is
//! tested independently of what libc does with `exit`; natively it uses `std::process::exit`.

fn main() {
    let code: u8 = std::env::args()
        .nth(1)
        .expect("usage: exit_with_code CODE")
        .parse()
        .expect("CODE must be 0..=255");
    println!("exiting with {code}");
    #[cfg(target_os = "wasi")]
    {
        use std::io::Write;
        std::io::stdout().flush().unwrap();
        wasip2::cli::exit::exit_with_code(code);
    }
    std::process::exit(code.into());
}
