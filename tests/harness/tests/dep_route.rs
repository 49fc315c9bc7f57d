//! The dependency route: a std program that depends on wasi-shim like on any crate (plus two
//! `use ... as _;` lines and the link flags of `tests/dep-route/.cargo/config.toml`) links
//! against it in every profile, LTO included, and runs.

use wasi_shim_harness::{RunConfig, Sandbox, Variant, build_dep_route, run_wasm, runtime};

fn run_profile(profile: &str) {
    let path = build_dep_route(profile).unwrap_or_else(|e| panic!("{e}"));
    let sandbox = Sandbox::new();
    let cfg = sandbox.apply(Variant::Shim, RunConfig::new().arg("x"));
    let out = runtime().block_on(run_wasm(&path, "dep-route", &cfg));
    out.assert_exit_code(3);
    assert_eq!(
        out.stdout_str(),
        "args [\"x\"]\nread back \"written\"\n",
        "profile {profile}"
    );
}

#[test]
fn dependency_route_dev() {
    run_profile("dev");
}

#[test]
fn dependency_route_release() {
    run_profile("release");
}

#[test]
fn dependency_route_thin_lto() {
    run_profile("release-lto-thin");
}

#[test]
fn dependency_route_fat_lto_opt_z() {
    run_profile("release-lto-fat");
}
