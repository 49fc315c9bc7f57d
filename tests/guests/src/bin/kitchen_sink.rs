//! Touches every std facility the libc layer serves except sockets, so that its component shows
//! every libc symbol std needs: the link test checks that each is defined by the shim (no `env`
//! import, no data symbol left at address 0) and that no wasi-libc code is inside.

use std::io::{Read, Seek, SeekFrom, Write};
use std::time::{Duration, Instant, SystemTime};

unsafe extern "C" {
    // std's symlink API is unstable on WASI, so the guest calls the C function on both sides.
    #[link_name = "symlink"]
    fn c_symlink(target: *const std::ffi::c_char, path: *const std::ffi::c_char) -> i32;
}

fn symlink(target: &str, path: &std::path::Path) {
    let target = std::ffi::CString::new(target).unwrap();
    let path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: both are NUL-terminated strings.
    let status = unsafe { c_symlink(target.as_ptr(), path.as_ptr()) };
    println!("symlink {status}");
}

fn main() {
    let root = std::env::var("SANDBOX").unwrap_or_else(|_| ".".into());
    let dir = std::path::Path::new(&root).join("kitchen");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let path = dir.join("file.txt");
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    f.write_all(b"hello kitchen\n").unwrap();
    f.write_vectored(&[std::io::IoSlice::new(b"a"), std::io::IoSlice::new(b"b\n")])
        .unwrap();
    f.seek(SeekFrom::Start(0)).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    print!("{s}");
    f.sync_all().unwrap();
    f.set_len(4).unwrap();
    let meta = f.metadata().unwrap();
    println!(
        "len {} readonly {}",
        meta.len(),
        meta.permissions().readonly()
    );
    let _ = f.set_times(std::fs::FileTimes::new().set_modified(SystemTime::UNIX_EPOCH));
    let _ = f.set_permissions(meta.permissions());
    drop(f);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    println!("{names:?}");
    std::fs::rename(&path, dir.join("renamed.txt")).unwrap();
    let _ = std::fs::hard_link(dir.join("renamed.txt"), dir.join("hard.txt"));
    symlink("renamed.txt", &dir.join("link.txt"));
    let _ = std::fs::read_link(dir.join("link.txt"));
    let _ = std::fs::symlink_metadata(dir.join("link.txt"));
    let _ = std::fs::canonicalize(dir.join("link.txt"));
    std::fs::copy(dir.join("renamed.txt"), dir.join("copy.txt")).unwrap();
    std::env::set_current_dir(&dir).unwrap();
    println!(
        "cwd ends with kitchen: {}",
        std::env::current_dir().unwrap().ends_with("kitchen")
    );
    std::fs::remove_file("copy.txt").unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    // SAFETY: the program has one thread.
    unsafe { std::env::set_var("KITCHEN", "sink") };
    println!(
        "env {:?} {}",
        std::env::var("KITCHEN"),
        std::env::vars().count() > 0
    );
    // SAFETY: as above.
    unsafe { std::env::remove_var("KITCHEN") };
    println!("args {}", std::env::args().count());
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(1));
    println!("slept {}", start.elapsed() >= Duration::from_millis(1));
    println!(
        "after 2020 {}",
        SystemTime::now() > SystemTime::UNIX_EPOCH + Duration::from_secs(1_577_836_800)
    );
    let x = std::hint::black_box(0.5f64);
    let y = std::hint::black_box(0.5f32);
    println!(
        "{:.6} {:.6} {:.6} {:.6} {:.6} {:.6}",
        x.sin() + x.cos() + x.tan() + x.asin() + x.acos() + x.atan() + x.atan2(1.0),
        x.sinh() + x.cosh() + x.tanh() + x.exp() + x.exp2() + x.exp_m1(),
        x.ln() + x.log2() + x.log10() + x.ln_1p() + x.powf(1.5) + x.cbrt() + x.hypot(2.0),
        (y.sin() + y.cos() + y.tan() + y.exp() + y.ln() + y.powf(1.5)) as f64,
        (y.asin() + y.acos() + y.atan() + y.sinh() + y.cosh() + y.tanh() + y.cbrt()) as f64,
        x % 0.3 + x.max(0.1) + x.min(0.1),
    );
    println!(
        "isatty {}",
        std::io::IsTerminal::is_terminal(&std::io::stdout())
    );
    println!(
        "spawn {}",
        std::thread::Builder::new().spawn(|| ()).is_err()
    );
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    eprintln!("stdin {} bytes", input.len());
    std::process::exit(3);
}
