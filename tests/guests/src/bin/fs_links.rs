//! Hard and symbolic links in the sandbox: `hard_link` (shared content, survives removing the
//! original), `symlink` with relative targets (to a file, to a directory, dangling, chained),
//! `read_link`, `symlink_metadata`, `metadata` and reads through links, `canonicalize` (printed
//! relative to `$SANDBOX`), removing a link, and one symlink with an *absolute* target.
//!
//! Symlinks are made with `std::os::unix::fs::symlink` natively and with `libc::symlink` under
//! WASI (`std::os::wasi::fs::symlink_path` is unstable).

use guests::{kind, show};
use std::fs;
use std::io;
use std::path::Path;

#[cfg(unix)]
fn symlink(target: &str, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(target_os = "wasi")]
fn symlink(target: &str, link: &Path) -> io::Result<()> {
    use std::ffi::CString;
    let target = CString::new(target).unwrap();
    let link = CString::new(link.to_str().unwrap()).unwrap();
    // SAFETY: two NUL-terminated strings.
    if unsafe { libc::symlink(target.as_ptr(), link.as_ptr()) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `canonicalize(path)` relative to the sandbox's canonical path (`.` for the sandbox itself).
fn canonical_rel(sandbox: &Path, path: impl AsRef<Path>) -> String {
    match fs::canonicalize(path) {
        Ok(p) => match p.strip_prefix(sandbox) {
            Ok(rel) if rel.as_os_str().is_empty() => "Ok(.)".to_owned(),
            Ok(rel) => format!("Ok({})", rel.display()),
            Err(_) => "Ok(<outside the sandbox>)".to_owned(),
        },
        Err(e) => format!("Err({:?})", e.kind()),
    }
}

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX must be set");
    let dir = Path::new(&sandbox);
    let canonical_sandbox = fs::canonicalize(dir).unwrap();
    println!("sandbox is canonical: {}", canonical_sandbox == dir);

    // Hard links.
    let orig = dir.join("orig.txt");
    fs::write(&orig, b"original").unwrap();
    let hard = dir.join("hard.txt");
    println!("hard_link: {}", kind(fs::hard_link(&orig, &hard)));
    println!("read via hard link: {}", show(fs::read_to_string(&hard)));
    fs::write(&hard, b"written via hard link").unwrap();
    println!("read original: {}", show(fs::read_to_string(&orig)));
    println!(
        "hard link is_symlink: {}",
        fs::symlink_metadata(&hard).unwrap().is_symlink()
    );
    println!("remove original: {}", kind(fs::remove_file(&orig)));
    println!("hard link survives: {}", show(fs::read_to_string(&hard)));
    println!(
        "hard_link relative: {}",
        kind(fs::hard_link("hard.txt", "hard2.txt"))
    );
    println!(
        "read hard2: {}",
        show(fs::read_to_string(dir.join("hard2.txt")))
    );

    // Symlink to a file, relative target.
    let target = dir.join("target.txt");
    fs::write(&target, b"target content").unwrap();
    let link = dir.join("link");
    println!("symlink file: {}", kind(symlink("target.txt", &link)));
    println!("read_link: {}", show(fs::read_link(&link)));
    let sm = fs::symlink_metadata(&link).unwrap();
    println!(
        "symlink_metadata: is_symlink={} is_file={} ft_symlink={}",
        sm.is_symlink(),
        sm.is_file(),
        sm.file_type().is_symlink()
    );
    let m = fs::metadata(&link).unwrap();
    println!(
        "metadata via link: is_file={} is_symlink={} len={}",
        m.is_file(),
        m.is_symlink(),
        m.len()
    );
    println!("read via link: {}", show(fs::read_to_string(&link)));
    println!(
        "canonicalize link: {}",
        canonical_rel(&canonical_sandbox, &link)
    );
    println!(
        "canonicalize relative link: {}",
        canonical_rel(&canonical_sandbox, "link")
    );
    println!(
        "canonicalize ./target.txt/../link: {}",
        canonical_rel(&canonical_sandbox, "./target.txt/../link")
    );
    fs::write(&link, b"written via link").unwrap();
    println!(
        "target after write via link: {}",
        show(fs::read_to_string(&target))
    );

    // Symlink to a directory, and paths through it.
    fs::create_dir_all(dir.join("real/inner")).unwrap();
    fs::write(dir.join("real/inner/f.txt"), b"deep").unwrap();
    let dlink = dir.join("dlink");
    println!("symlink dir: {}", kind(symlink("real/inner", &dlink)));
    println!(
        "read through dir link: {}",
        show(fs::read_to_string(dir.join("dlink/f.txt")))
    );
    println!(
        "metadata dir link is_dir: {}",
        show(fs::metadata(&dlink).map(|m| m.is_dir()))
    );
    println!(
        "symlink_metadata dir link is_symlink: {}",
        show(fs::symlink_metadata(&dlink).map(|m| m.is_symlink()))
    );
    println!(
        "canonicalize dir link: {}",
        canonical_rel(&canonical_sandbox, &dlink)
    );
    println!(
        "canonicalize file through dir link: {}",
        canonical_rel(&canonical_sandbox, dir.join("dlink/f.txt"))
    );
    let mut names: Vec<String> = fs::read_dir(&dlink)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    println!("read_dir through dir link: {names:?}");
    println!(
        "create through dir link: {}",
        kind(fs::write(dir.join("dlink/new.txt"), b"n"))
    );
    println!(
        "created in target dir: {}",
        dir.join("real/inner/new.txt").exists()
    );

    // A symlink with `..` in its target, and a chain of links.
    println!(
        "symlink up: {}",
        kind(symlink("../../target.txt", &dir.join("real/inner/up")))
    );
    println!(
        "read via up link: {}",
        show(fs::read_to_string(dir.join("real/inner/up")))
    );
    println!(
        "symlink chain: {}",
        kind(symlink("link", &dir.join("chain")))
    );
    println!(
        "read via chain: {}",
        show(fs::read_to_string(dir.join("chain")))
    );
    println!(
        "canonicalize chain: {}",
        canonical_rel(&canonical_sandbox, dir.join("chain"))
    );
    println!(
        "read_link chain: {}",
        show(fs::read_link(dir.join("chain")))
    );

    // Dangling link.
    let dangling = dir.join("dangling");
    println!(
        "symlink dangling: {}",
        kind(symlink("nowhere.txt", &dangling))
    );
    println!("dangling metadata: {}", kind(fs::metadata(&dangling)));
    println!(
        "dangling symlink_metadata is_symlink: {}",
        show(fs::symlink_metadata(&dangling).map(|m| m.is_symlink()))
    );
    println!(
        "dangling exists: {} try_exists: {}",
        dangling.exists(),
        show(dangling.try_exists())
    );
    println!("dangling read_link: {}", show(fs::read_link(&dangling)));
    println!(
        "canonicalize dangling: {}",
        canonical_rel(&canonical_sandbox, &dangling)
    );
    println!(
        "symlink over existing: {}",
        kind(symlink("target.txt", &dangling))
    );

    // A loop of links.
    symlink("loop_b", &dir.join("loop_a")).unwrap();
    symlink("loop_a", &dir.join("loop_b")).unwrap();
    println!("read loop: {}", kind(fs::read(dir.join("loop_a"))));
    println!(
        "canonicalize loop: {}",
        canonical_rel(&canonical_sandbox, dir.join("loop_a"))
    );

    // Listing shows links as symlinks.
    let mut entries: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let t = e.file_type().unwrap();
            let t = if t.is_symlink() {
                "symlink"
            } else if t.is_dir() {
                "dir"
            } else {
                "file"
            };
            (e.file_name().to_string_lossy().into_owned(), t.to_owned())
        })
        .collect();
    entries.sort();
    println!("entries: {entries:?}");

    // Removing links removes the link, not the target.
    println!("remove_file link: {}", kind(fs::remove_file(&link)));
    println!("target still there: {}", target.exists());
    println!("remove_file dir link: {}", kind(fs::remove_file(&dlink)));
    println!(
        "dir link target still there: {}",
        dir.join("real/inner/f.txt").exists()
    );
    println!(
        "remove_dir_all with links inside: {}",
        kind(fs::remove_dir_all(dir.join("real")))
    );
    println!("target.txt after remove_dir_all: {}", target.exists());

    // An absolute target naming the same file through `$SANDBOX` (a host path natively, the guest
    // path under WASI).
    let abs = dir.join("abs_link");
    let abs_target = format!("{sandbox}/target.txt");
    println!("symlink absolute: {}", kind(symlink(&abs_target, &abs)));
    println!(
        "read_link absolute is the target: {}",
        fs::read_link(&abs)
            .map(|t| t == Path::new(&abs_target))
            .unwrap_or(false)
    );
    println!(
        "canonicalize absolute link: {}",
        canonical_rel(&canonical_sandbox, &abs)
    );
    println!("read via absolute link: {}", show(fs::read_to_string(&abs)));
    // The same from a subdirectory, and the text `read_link` gives back.
    fs::create_dir(dir.join("sub2")).unwrap();
    let abs2 = dir.join("sub2/abs_link2");
    println!(
        "symlink absolute from a subdirectory: {}",
        kind(symlink(&abs_target, &abs2))
    );
    println!(
        "read via the subdirectory's absolute link: {}",
        show(fs::read_to_string(&abs2))
    );
    println!(
        "read_link of it is relative: {}",
        show(fs::read_link(&abs2).map(|t| t.is_relative()))
    );
    // An absolute target that does not exist yet: the link dangles, and works once it does.
    let later = dir.join("later_link");
    println!(
        "symlink absolute to a missing file: {}",
        kind(symlink(&format!("{sandbox}/later.txt"), &later))
    );
    fs::write(dir.join("later.txt"), b"later").unwrap();
    println!("read once it exists: {}", show(fs::read_to_string(&later)));
}
