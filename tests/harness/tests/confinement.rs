//! Confinement and the one path rule (guest `confinement`), under the shim, over a layout built
//! here: preopens `/` and `/data` (nested, each its own host directory), `/ro` read-only, and a
//! canary directory beside them on the host that no guest path may reach or change.
//!
//! The rule (see `wasi_shim::path::walk`): preopens are mounted at their names, and a path is
//! walked component by component, so one file has one place however it is spelled. Expected
//! results are written out below; natively there is no such layout to compare with.

use std::fs;
use std::path::Path;

use wasi_shim_harness::{RunConfig, Variant, run};

/// Builds the layout under `root` (see the guest's documentation).
fn layout(root: &Path) {
    let w = |p: &str, s: &str| {
        let p = root.join(p);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, s).unwrap();
    };
    w("root/f", "root-f");
    w("root/data/f", "the / preopen's own data/f");
    w("data/f", "data-f");
    w("canary/secret", "secret");
    w("ro/r", "ro");
    fs::create_dir_all(root.join("root/x")).unwrap();
    fs::create_dir_all(root.join("data/deep/dir")).unwrap();
    std::os::unix::fs::symlink("deep/dir", root.join("data/jump")).unwrap();
    std::os::unix::fs::symlink("../canary", root.join("root/out")).unwrap();
}

/// The canary directory's entries and contents, sorted.
fn canary(root: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(root.join("canary"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().into_string().unwrap();
            (name, fs::read_to_string(e.path()).unwrap_or_default())
        })
        .collect();
    out.sort();
    out
}

fn run_in(variant: Variant, root: &Path) -> String {
    let cfg = RunConfig::new()
        .preopen(root.join("root"), "/")
        .preopen(root.join("data"), "/data")
        .preopen_read_only(root.join("ro"), "/ro")
        .cwd("/");
    let out = run(variant, "confinement", &cfg);
    out.assert_success();
    out.stdout_str().to_owned()
}

/// What the rule gives, line by line.
const EXPECTED: &str = r#"read /data/f: Ok("data-f")
read /x/../data/f: Ok("data-f")
read /data/../data/f: Ok("data-f")
read data/f: Ok("data-f")
read /data/deep/../f: Ok("data-f")
read /data/jump/../../f: Ok("data-f")
read /data/jump/../../../f: Ok("root-f")
read /f: Ok("root-f")
read /../f: Ok("root-f")
read /data/../../../f: Ok("root-f")
openat(/data, ../f): Ok("root-f")
openat(/data/deep, ../f): Ok("data-f")
openat(/data/jump, ../../f): Ok("data-f")
openat(/data/jump, ../../../f): Ok("root-f")
read /out/secret: Err(EPERM)
read /out/../f: Err(ENOENT)
write /out/planted: Err(EPERM)
write /../canary/planted: Err(ENOENT)
write /data/jump/../../../../canary/planted: Err(ENOENT)
openat(/data, ../../canary/secret): Err(ENOENT)
rename /f to /out/f: Err(EPERM)
symlink /f at /x/to-f: Ok
read /x/to-f: Ok("root-f")
readlink /x/to-f: Ok("/f")
symlink /data/f at /x/to-data: Err(EPERM)
symlink /data/deep at /data/jump/to-deep: Ok
readlink /data/jump/to-deep: Ok("/data/deep")
same st_dev /f /x: true
same st_dev /data /data/f: true
same st_dev /data/f /data/deep: true
same st_dev /f /data/f: false
same st_dev /ro /ro/r: true
fstat st_dev as stat: true
read /ro/r: Ok("ro")
readonly /ro/r: Ok(true)
readonly /ro: Ok(true)
access(/ro/r, W_OK): Err(EROFS)
access(/f, W_OK): Ok
write /ro/r: Err(EROFS)
write /ro/new: Err(EROFS)
mkdir /ro/d: Err(EROFS)
remove /ro/r: Err(EROFS)
open /ro/r for append: Err(EROFS)
read /ro/r again: Ok("ro")
"#;

#[test]
fn one_place_per_file_no_way_out_and_read_only_trees() {
    // Before: `/x/../data/f` and `/data/jump/../../f` reached the `/` preopen's own `data/f`
    // and `f` (the lexical rule), `openat(dir, "../f")` was refused (EPERM), `st_dev` differed
    // for every file, and a read-only tree answered EPERM/EACCES.
    let tmp = tempfile::tempdir().unwrap();
    layout(tmp.path());
    let got = run_in(Variant::Shim, tmp.path());
    wasi_shim_harness::assert_same_lines(&got, EXPECTED);
    assert_eq!(
        canary(tmp.path()),
        [("secret".to_owned(), "secret".to_owned())],
        "a guest path reached the canary beside the preopens"
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("root/data/f")).unwrap(),
        "the / preopen's own data/f"
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("root/f")).unwrap(),
        "root-f"
    );
}
