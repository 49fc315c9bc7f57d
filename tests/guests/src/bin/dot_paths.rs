//! `rmdir` and `mkdir` of paths whose last component is `.` or `..`, which lexical normalization
//! would turn into the directory itself: POSIX's EINVAL for `rmdir("x/.")`, and Linux's answers
//! for the rest. One `call: result` line each, then what is left in the sandbox.

fn name(r: i32) -> String {
    if r == 0 {
        return "0".into();
    }
    let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
    let n = match e {
        libc::EINVAL => "EINVAL",
        libc::ENOTEMPTY => "ENOTEMPTY",
        libc::EEXIST => "EEXIST",
        libc::ENOENT => "ENOENT",
        libc::EBUSY => "EBUSY",
        _ => "other",
    };
    format!("-1 {n}")
}

fn main() {
    std::fs::create_dir("sub").unwrap();
    std::fs::create_dir("empty").unwrap();
    let call = |label: &str, f: &dyn Fn() -> i32| println!("{label}: {}", name(f()));
    // SAFETY (all): NUL-terminated literals.
    call("rmdir empty/.", &|| unsafe {
        libc::rmdir(c"empty/.".as_ptr())
    });
    call("rmdir empty/./", &|| unsafe {
        libc::rmdir(c"empty/./".as_ptr())
    });
    call("rmdir sub/..", &|| unsafe {
        libc::rmdir(c"sub/..".as_ptr())
    });
    call("rmdir .", &|| unsafe { libc::rmdir(c".".as_ptr()) });
    call("mkdir sub/.", &|| unsafe {
        libc::mkdir(c"sub/.".as_ptr(), 0o755)
    });
    call("mkdir sub/..", &|| unsafe {
        libc::mkdir(c"sub/..".as_ptr(), 0o755)
    });
    call("mkdir new/.", &|| unsafe {
        libc::mkdir(c"new/.".as_ptr(), 0o755)
    });
    call("mkdir new/..", &|| unsafe {
        libc::mkdir(c"new/..".as_ptr(), 0o755)
    });
    call("rmdir empty", &|| unsafe { libc::rmdir(c"empty".as_ptr()) });
    let mut left: Vec<String> = std::fs::read_dir(".")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    println!("left: {left:?}");
}
