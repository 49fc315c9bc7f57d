//! Directories in the sandbox: `create_dir`, `create_dir_all`, `read_dir` listings (sorted by
//! name, with `file_type()` and `DirEntry::metadata`), a directory with many entries, renaming
//! files and directories (also over existing files and empty directories), `remove_dir`,
//! `remove_dir_all`, and listing through relative paths.

use guests::kind;
use std::fs::{self, DirEntry};
use std::path::Path;

fn type_name(e: &DirEntry) -> &'static str {
    match e.file_type() {
        Ok(t) if t.is_dir() => "dir",
        Ok(t) if t.is_file() => "file",
        Ok(t) if t.is_symlink() => "symlink",
        Ok(_) => "other",
        Err(_) => "error",
    }
}

/// Prints `label: name(type) ...`, sorted by name.
fn list(label: &str, path: impl AsRef<Path>) {
    match fs::read_dir(path.as_ref()) {
        Ok(rd) => {
            let mut entries: Vec<DirEntry> = rd.map(|e| e.unwrap()).collect();
            entries.sort_by_key(|e| e.file_name());
            let shown: Vec<String> = entries
                .iter()
                .map(|e| format!("{}({})", e.file_name().to_string_lossy(), type_name(e)))
                .collect();
            println!("{label}: [{}]", shown.join(" "));
        }
        Err(e) => println!("{label}: Err({:?})", e.kind()),
    }
}

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX must be set");
    let dir = Path::new(&sandbox);

    list("empty sandbox", dir);
    println!("create_dir a: {}", kind(fs::create_dir(dir.join("a"))));
    println!(
        "create_dir_all a/b/c/d: {}",
        kind(fs::create_dir_all(dir.join("a/b/c/d")))
    );
    println!(
        "create_dir_all trailing slash: {}",
        kind(fs::create_dir_all(dir.join("x/y/")))
    );
    fs::write(dir.join("a/file1.txt"), b"one").unwrap();
    fs::write(dir.join("a/b/file2.txt"), b"two two").unwrap();
    fs::write(dir.join("top.txt"), b"top").unwrap();
    list("sandbox", dir);
    list("a", dir.join("a"));
    list("a relative", "a");
    list("a/b relative with ./", "./a/b");
    list("dot", ".");

    // DirEntry metadata and path.
    let mut entries: Vec<DirEntry> = fs::read_dir(dir.join("a/b"))
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in &entries {
        let m = e.metadata().unwrap();
        let rel = e.path();
        let rel = rel.strip_prefix(dir).unwrap();
        println!(
            "entry {}: path={} is_dir={} len_if_file={:?}",
            e.file_name().to_string_lossy(),
            rel.display(),
            m.is_dir(),
            m.is_file().then(|| m.len())
        );
    }

    // Many entries (more than one host read-dir batch).
    let many = dir.join("many");
    fs::create_dir(&many).unwrap();
    for i in 0..300 {
        fs::write(many.join(format!("f{i:03}")), i.to_string()).unwrap();
    }
    let mut names: Vec<String> = fs::read_dir(&many)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let expected: Vec<String> = (0..300).map(|i| format!("f{i:03}")).collect();
    println!(
        "many: count={} all_present={}",
        names.len(),
        names == expected
    );

    // Renames.
    println!(
        "rename file: {}",
        kind(fs::rename(dir.join("top.txt"), dir.join("top2.txt")))
    );
    println!(
        "old name gone: {} new name content: {:?}",
        !dir.join("top.txt").exists(),
        fs::read_to_string(dir.join("top2.txt")).ok()
    );
    fs::write(dir.join("victim.txt"), b"victim").unwrap();
    println!(
        "rename file over existing file: {}",
        kind(fs::rename(dir.join("top2.txt"), dir.join("victim.txt")))
    );
    println!(
        "replaced content: {:?}",
        fs::read_to_string(dir.join("victim.txt")).ok()
    );
    println!(
        "rename dir with contents: {}",
        kind(fs::rename(dir.join("a"), dir.join("a_moved")))
    );
    list("a_moved/b", dir.join("a_moved/b"));
    println!(
        "read through moved dir: {:?}",
        fs::read_to_string(dir.join("a_moved/b/file2.txt")).ok()
    );
    fs::create_dir(dir.join("empty_target")).unwrap();
    println!(
        "rename dir over empty dir: {}",
        kind(fs::rename(dir.join("x"), dir.join("empty_target")))
    );
    list("empty_target", dir.join("empty_target"));
    let over_non_empty = fs::rename(dir.join("empty_target"), dir.join("a_moved"));
    // Kind not compared (ENOTEMPTY: DirectoryNotEmpty natively, Uncategorized under WASI).
    println!(
        "rename dir over non-empty dir is_err: {}",
        over_non_empty.is_err()
    );
    println!(
        "rename relative paths: {}",
        kind(fs::rename("victim.txt", "a_moved/victim.txt"))
    );
    println!(
        "rename to same name: {}",
        kind(fs::rename("a_moved/victim.txt", "a_moved/victim.txt"))
    );
    list("a_moved", dir.join("a_moved"));

    // Removal.
    println!(
        "remove_dir empty: {}",
        kind(fs::remove_dir(dir.join("a_moved/b/c/d")))
    );
    println!("removed: {}", !dir.join("a_moved/b/c/d").exists());
    let non_empty = fs::remove_dir(dir.join("a_moved"));
    println!("remove_dir non-empty is_err: {}", non_empty.is_err());
    println!(
        "remove_dir_all: {}",
        kind(fs::remove_dir_all(dir.join("a_moved")))
    );
    println!("remove_dir_all gone: {}", !dir.join("a_moved").exists());
    println!("remove_dir_all many: {}", kind(fs::remove_dir_all(&many)));
    println!(
        "remove_dir with trailing slash: {}",
        kind(fs::remove_dir(format!("{sandbox}/empty_target/y/")))
    );
    list("sandbox at end", dir);
}
