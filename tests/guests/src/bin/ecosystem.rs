//! Popular crates, used as real programs use them: `rand` 0.8 (preview 1's `random_get`, through
//! `getrandom` 0.2), `getrandom` 0.3, `uuid` v4, `chrono`'s clock, `tempfile` in the sandbox,
//! `walkdir`, and `File::set_modified`. One `label: value` line each; the values are the same
//! natively and under WASI.

use rand::Rng;
use std::time::{Duration, SystemTime};

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX");

    let mut rng = rand::thread_rng();
    let rolls: Vec<u8> = (0..64).map(|_| rng.gen_range(1..=6)).collect();
    println!(
        "rand in range: {}",
        rolls.iter().all(|r| (1..=6).contains(r))
    );
    println!("rand varies: {}", rolls.iter().any(|r| *r != rolls[0]));
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill(&mut bytes[..]);
    println!("rand OsRng nonzero: {}", bytes.iter().any(|b| *b != 0));

    let mut buf = [0u8; 4096];
    getrandom::fill(&mut buf).expect("getrandom 0.3");
    println!(
        "getrandom 0.3 filled: {}",
        buf.iter().filter(|b| **b != 0).count() > 3000
    );

    let a = uuid::Uuid::new_v4();
    let b = uuid::Uuid::new_v4();
    println!(
        "uuid version: {:?} distinct: {}",
        a.get_version_num(),
        a != b
    );

    let now = chrono::Utc::now();
    println!("chrono after 2025: {}", now.timestamp() > 1_735_689_600);
    let local = chrono::Local::now();
    println!(
        "chrono local year >= 2025: {}",
        chrono::Datelike::year(&local) >= 2025
    );

    let dir = tempfile::Builder::new()
        .prefix("eco-")
        .tempdir_in(&sandbox)
        .expect("tempdir_in");
    let mut file = tempfile::NamedTempFile::new_in(dir.path()).expect("NamedTempFile");
    std::io::Write::write_all(&mut file, b"tempfile data").expect("write");
    let text = std::fs::read_to_string(file.path()).expect("read back");
    println!("tempfile: {text}");
    let kept = file.into_temp_path();
    println!("tempfile exists: {}", kept.exists());
    kept.close().expect("remove");

    std::fs::create_dir_all(dir.path().join("a/b/c")).expect("create_dir_all");
    std::fs::write(dir.path().join("a/one.txt"), "1").expect("write one");
    std::fs::write(dir.path().join("a/b/two.txt"), "2").expect("write two");
    let mut walked: Vec<String> = walkdir::WalkDir::new(dir.path())
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk entry"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir.path())
                .unwrap()
                .display()
                .to_string();
            format!("{}{}", rel, if e.file_type().is_dir() { "/" } else { "" })
        })
        .collect();
    walked.sort();
    println!("walkdir: {walked:?}");

    let path = dir.path().join("a/one.txt");
    let f = std::fs::File::options()
        .write(true)
        .open(&path)
        .expect("open for set_modified");
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    f.set_modified(when).expect("set_modified");
    drop(f);
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("modified");
    println!("set_modified: {}", modified == when);

    let dir_path = dir.path().to_path_buf();
    dir.close().expect("tempdir close");
    println!("tempdir removed: {}", !dir_path.exists());
}
