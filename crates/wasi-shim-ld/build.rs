//! Records where the toolchain that builds this wrapper keeps `wasm-component-ld`: the wrapper
//! runs it, and the shim's rlibs are built by the same toolchain.

fn main() {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = std::process::Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .expect("running rustc --print sysroot");
    let sysroot = String::from_utf8(output.stdout).expect("a UTF-8 sysroot path");
    let host = std::env::var("HOST").expect("cargo sets HOST");
    let linker = std::path::Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(host)
        .join("bin/wasm-component-ld");
    println!("cargo:rustc-env=WASI_SHIM_REAL_LINKER={}", linker.display());
    println!("cargo:rerun-if-changed=build.rs");
}
