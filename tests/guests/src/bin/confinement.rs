//! Confinement and the one path rule, over a fixed layout of preopens that the harness builds
//! (`tests/harness/tests/confinement.rs`): `/` and `/data` (nested), and `/ro` (read-only), with
//! canary files beside them on the host that no path may reach. Every probe prints one line
//! `<label>: <result>`; the harness compares each with what the rule says.
//!
//! Layout, as the guest sees it: `/f`, `/x/`, `/data/f` (a different file from the `/`
//! preopen's own `data/f`), `/data/deep/dir/`, `/data/jump -> deep/dir`, `/out -> ../canary`
//! (a link that leaves the `/` preopen on the host), `/ro/r`.

use guests::show;
use std::ffi::CString;
use std::fs;
use std::io;
use std::os::fd::AsRawFd;

/// The errno of a failed call, by name for the ones that matter here.
fn errno(e: &io::Error) -> String {
    let names = [
        ("EACCES", libc::EACCES),
        ("EPERM", libc::EPERM),
        ("EROFS", libc::EROFS),
        ("ENOENT", libc::ENOENT),
    ];
    match names.iter().find(|(_, n)| e.raw_os_error() == Some(*n)) {
        Some((name, _)) => (*name).to_owned(),
        None => format!("{:?}", e.raw_os_error()),
    }
}

/// `Ok` or `Err(errno name)`.
fn outcome<T>(r: io::Result<T>) -> String {
    match r {
        Ok(_) => "Ok".to_owned(),
        Err(e) => format!("Err({})", errno(&e)),
    }
}

/// `openat(dir, path, O_RDONLY)` and the file's contents.
fn read_at(dir: &fs::File, path: &str) -> io::Result<String> {
    let c = CString::new(path).unwrap();
    // SAFETY: a valid descriptor and a NUL-terminated path.
    let fd = unsafe { libc::openat(dir.as_raw_fd(), c.as_ptr(), libc::O_RDONLY) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened and is owned by nothing else.
    let file: fs::File = unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) };
    io::read_to_string(file)
}

/// `st_dev` of `path` (by `stat`), or of `fd` (by `fstat`).
fn dev(path: &str) -> io::Result<u64> {
    let c = CString::new(path).unwrap();
    // SAFETY: an all-zero `stat` is a valid value to be overwritten.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a `stat` to fill.
    if unsafe { libc::stat(c.as_ptr(), &mut st) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(st.st_dev as u64)
}

fn fdev(file: &fs::File) -> io::Result<u64> {
    // SAFETY: as in `dev`.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: a valid descriptor and a `stat` to fill.
    if unsafe { libc::fstat(file.as_raw_fd(), &mut st) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(st.st_dev as u64)
}

/// `access(path, W_OK)`.
fn writable(path: &str) -> String {
    let c = CString::new(path).unwrap();
    // SAFETY: a NUL-terminated path.
    if unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0 {
        "Ok".to_owned()
    } else {
        format!("Err({})", errno(&io::Error::last_os_error()))
    }
}

fn main() {
    // One file, several spellings, one place.
    for path in [
        "/data/f",
        "/x/../data/f",
        "/data/../data/f",
        "data/f",
        "/data/deep/../f",
        "/data/jump/../../f",
        "/data/jump/../../../f",
        "/f",
        "/../f",
        "/data/../../../f",
    ] {
        println!("read {path}: {}", show(fs::read_to_string(path)));
    }

    // `..` relative to a directory descriptor.
    let data = fs::File::open("/data").unwrap();
    let deep = fs::File::open("/data/deep").unwrap();
    let through_link = fs::File::open("/data/jump").unwrap();
    println!("openat(/data, ../f): {}", show(read_at(&data, "../f")));
    println!("openat(/data/deep, ../f): {}", show(read_at(&deep, "../f")));
    println!(
        "openat(/data/jump, ../../f): {}",
        show(read_at(&through_link, "../../f"))
    );
    println!(
        "openat(/data/jump, ../../../f): {}",
        show(read_at(&through_link, "../../../f"))
    );

    // Ways out: each must fail, and the canaries beside the preopens stay untouched.
    println!("read /out/secret: {}", outcome(fs::read("/out/secret")));
    println!("read /out/../f: {}", outcome(fs::read("/out/../f")));
    println!(
        "write /out/planted: {}",
        outcome(fs::write("/out/planted", b"x"))
    );
    println!(
        "write /../canary/planted: {}",
        outcome(fs::write("/../canary/planted", b"x"))
    );
    println!(
        "write /data/jump/../../../../canary/planted: {}",
        outcome(fs::write("/data/jump/../../../../canary/planted", b"x"))
    );
    println!(
        "openat(/data, ../../canary/secret): {}",
        outcome(read_at(&data, "../../canary/secret"))
    );
    println!(
        "rename /f to /out/f: {}",
        outcome(fs::rename("/f", "/out/f"))
    );

    // Absolute link targets: in the link's own preopen they are stored relative (marked), work,
    // and read back absolute; in another preopen they stay refused.
    let link = |target: &str, path: &str| {
        let (t, p) = (CString::new(target).unwrap(), CString::new(path).unwrap());
        // SAFETY: two NUL-terminated strings.
        if unsafe { libc::symlink(t.as_ptr(), p.as_ptr()) } == 0 {
            "Ok".to_owned()
        } else {
            format!("Err({})", errno(&io::Error::last_os_error()))
        }
    };
    println!("symlink /f at /x/to-f: {}", link("/f", "/x/to-f"));
    println!("read /x/to-f: {}", show(fs::read_to_string("/x/to-f")));
    println!("readlink /x/to-f: {}", show(fs::read_link("/x/to-f")));
    println!(
        "symlink /data/f at /x/to-data: {}",
        link("/data/f", "/x/to-data")
    );
    println!(
        "symlink /data/deep at /data/jump/to-deep: {}",
        link("/data/deep", "/data/jump/to-deep")
    );
    println!(
        "readlink /data/jump/to-deep: {}",
        show(fs::read_link("/data/jump/to-deep"))
    );

    // One device per preopen.
    let same = |a: &str, b: &str| match (dev(a), dev(b)) {
        (Ok(x), Ok(y)) => (x == y).to_string(),
        (a, b) => format!("{} {}", show(a), show(b)),
    };
    println!("same st_dev /f /x: {}", same("/f", "/x"));
    println!("same st_dev /data /data/f: {}", same("/data", "/data/f"));
    println!(
        "same st_dev /data/f /data/deep: {}",
        same("/data/f", "/data/deep")
    );
    println!("same st_dev /f /data/f: {}", same("/f", "/data/f"));
    println!("same st_dev /ro /ro/r: {}", same("/ro", "/ro/r"));
    println!(
        "fstat st_dev as stat: {}",
        (fdev(&data).ok() == dev("/data").ok()).to_string()
    );

    // A read-only preopen.
    println!("read /ro/r: {}", show(fs::read_to_string("/ro/r")));
    println!(
        "readonly /ro/r: {}",
        show(fs::metadata("/ro/r").map(|m| m.permissions().readonly()))
    );
    println!(
        "readonly /ro: {}",
        show(fs::metadata("/ro").map(|m| m.permissions().readonly()))
    );
    println!("access(/ro/r, W_OK): {}", writable("/ro/r"));
    println!("access(/f, W_OK): {}", writable("/f"));
    println!("write /ro/r: {}", outcome(fs::write("/ro/r", b"changed")));
    println!("write /ro/new: {}", outcome(fs::write("/ro/new", b"x")));
    println!("mkdir /ro/d: {}", outcome(fs::create_dir("/ro/d")));
    println!("remove /ro/r: {}", outcome(fs::remove_file("/ro/r")));
    println!(
        "open /ro/r for append: {}",
        outcome(fs::OpenOptions::new().append(true).open("/ro/r"))
    );
    println!("read /ro/r again: {}", show(fs::read_to_string("/ro/r")));
}
