//! Probes the initial working directory: under WASI prints what the host reports through
//! `wasi:cli/environment#initial-cwd` (below libc), then, on every target, what libc/std report as
//! the current directory.

fn main() {
    #[cfg(target_os = "wasi")]
    println!("initial-cwd: {:?}", wasip2::cli::environment::initial_cwd());
    match std::env::current_dir() {
        Ok(dir) => println!("current_dir: {}", dir.display()),
        Err(e) => println!("current_dir: error {:?}", e.kind()),
    }
}
