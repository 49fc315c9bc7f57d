//! The current directory: `current_dir()` (printed relative to `$SANDBOX`), `set_current_dir`
//! into subdirectories (relative, absolute, with `..`) followed by relative opens, creates and
//! listings, failed `set_current_dir` calls (missing, a file) leaving the current directory
//! unchanged, `canonicalize(".")`, and `set_current_dir` through a symlink to a directory.

use guests::{kind, show};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// `p` relative to the sandbox: `.` for the sandbox itself, `<outside>` if not inside it.
fn rel(sandbox: &Path, p: &Path) -> String {
    match p.strip_prefix(sandbox) {
        Ok(r) if r.as_os_str().is_empty() => ".".to_owned(),
        Ok(r) => r.display().to_string(),
        Err(_) => "<outside the sandbox>".to_owned(),
    }
}

fn cwd(sandbox: &Path) -> String {
    match std::env::current_dir() {
        Ok(p) => format!("Ok({}) absolute={}", rel(sandbox, &p), p.is_absolute()),
        Err(e) => format!("Err({:?})", e.kind()),
    }
}

#[cfg(unix)]
fn symlink(target: &str, link: &str) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(target_os = "wasi")]
fn symlink(target: &str, link: &str) -> io::Result<()> {
    use std::ffi::CString;
    let target = CString::new(target).unwrap();
    let link = CString::new(link).unwrap();
    // SAFETY: two NUL-terminated strings.
    if unsafe { libc::symlink(target.as_ptr(), link.as_ptr()) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

fn list_dot() -> String {
    let mut names: Vec<String> = match fs::read_dir(".") {
        Ok(rd) => rd
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(e) => return format!("Err({:?})", e.kind()),
    };
    names.sort();
    format!("{names:?}")
}

fn main() {
    let sandbox = PathBuf::from(std::env::var("SANDBOX").expect("SANDBOX must be set"));
    let s = sandbox.as_path();

    println!("initial cwd: {}", cwd(s));
    println!(
        "canonicalize .: {}",
        show(fs::canonicalize(".").map(|p| rel(s, &p)))
    );
    // Set up through absolute paths (relative ones are what is being tested).
    fs::create_dir_all(s.join("sub/deeper")).unwrap();
    fs::write(s.join("sub/in_sub.txt"), b"in sub").unwrap();
    fs::write(s.join("top.txt"), b"top").unwrap();

    // Relative chdir, then relative paths resolve against it.
    println!("chdir sub: {}", kind(std::env::set_current_dir("sub")));
    println!("cwd after chdir sub: {}", cwd(s));
    println!(
        "read in_sub.txt: {}",
        show(fs::read_to_string("in_sub.txt"))
    );
    println!(
        "read ../top.txt: {}",
        show(fs::read_to_string("../top.txt"))
    );
    println!("read top.txt (not here): {}", kind(fs::read("top.txt")));
    println!(
        "write rel.txt: {}",
        kind(fs::write("rel.txt", b"written in sub"))
    );
    println!("rel.txt landed in sub: {}", s.join("sub/rel.txt").exists());
    println!("list . in sub: {}", list_dot());
    println!(
        "canonicalize . in sub: {}",
        show(fs::canonicalize(".").map(|p| rel(s, &p)))
    );
    println!(
        "canonicalize rel.txt: {}",
        show(fs::canonicalize("rel.txt").map(|p| rel(s, &p)))
    );
    println!(
        "absolute paths still work: {}",
        show(fs::read_to_string(s.join("top.txt")))
    );

    // Deeper, then back up with `..`.
    println!(
        "chdir deeper: {}",
        kind(std::env::set_current_dir("deeper"))
    );
    println!("cwd after chdir deeper: {}", cwd(s));
    println!(
        "read ../../top.txt: {}",
        show(fs::read_to_string("../../top.txt"))
    );
    println!("chdir ../..: {}", kind(std::env::set_current_dir("../..")));
    println!("cwd after chdir ../..: {}", cwd(s));

    // Absolute chdir.
    println!(
        "chdir absolute sub/deeper: {}",
        kind(std::env::set_current_dir(s.join("sub/deeper")))
    );
    println!("cwd after chdir absolute sub/deeper: {}", cwd(s));
    println!(
        "chdir ./../.: {}",
        kind(std::env::set_current_dir("./../."))
    );
    println!("cwd after chdir ./../.: {}", cwd(s));
    println!(
        "chdir deeper/ (trailing slash): {}",
        kind(std::env::set_current_dir("deeper/"))
    );
    println!("cwd after chdir deeper/ (trailing slash): {}", cwd(s));

    // Failed chdirs leave the current directory alone.
    println!(
        "chdir missing: {}",
        kind(std::env::set_current_dir("missing"))
    );
    println!("cwd after chdir missing: {}", cwd(s));
    fs::write(s.join("sub/deeper/a_file"), b"f").unwrap();
    println!(
        "chdir a file: {}",
        kind(std::env::set_current_dir("a_file"))
    );
    println!("cwd after chdir a file: {}", cwd(s));
    println!("chdir empty: {}", kind(std::env::set_current_dir("")));
    println!("cwd after chdir empty: {}", cwd(s));

    // Back to the sandbox by absolute path.
    println!("chdir sandbox: {}", kind(std::env::set_current_dir(s)));
    println!("cwd after chdir sandbox: {}", cwd(s));
    println!("list . in sandbox: {}", list_dot());

    // A chdir through a symlink: getcwd reports the directory reached (the link's target).
    fs::create_dir_all(s.join("real/dir")).unwrap();
    fs::write(s.join("real/dir/f.txt"), b"through link").unwrap();
    println!("symlink: {}", kind(symlink("real/dir", "dlink")));
    println!("chdir dlink: {}", kind(std::env::set_current_dir("dlink")));
    println!("cwd after chdir dlink: {}", cwd(s));
    println!("read f.txt: {}", show(fs::read_to_string("f.txt")));
    // `..` from the directory reached through the link is the target's parent (`real`).
    println!(
        "list .. from dlink: {}",
        show(fs::read_dir("..").map(|rd| {
            let mut v: Vec<String> = rd
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        }))
    );
    println!(
        "chdir .. from dlink: {}",
        kind(std::env::set_current_dir(".."))
    );
    println!("cwd after chdir .. from dlink: {}", cwd(s));
}
