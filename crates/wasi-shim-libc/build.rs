//! Puts an empty `libc.a` on the library search path of whatever links this crate.
//!
//! std's `libc` crate (and the `libc` crate this crate uses for its types) asks the linker for
//! `-lc`. With `-C link-self-contained=no` the toolchain's wasi-libc is gone, so something must
//! answer `-lc`; an archive with no members does, and adds nothing. With this, a crate that
//! depends on wasi-shim needs no `-L` flag of its own.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // Only for wasm: on the host (unit tests, clippy) the system's libc must answer `-lc`.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32") {
        return;
    }
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("libc.a"), b"!<arch>\n").expect("writing an empty libc.a");
    println!("cargo:rustc-link-search=native={}", out.display());
}
