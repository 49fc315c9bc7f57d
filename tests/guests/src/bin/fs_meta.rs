//! File metadata that goes beyond reading and writing: a sparse file past 4 GiB (`set_len(5 << 30)`,
//! seeks and writes at 64-bit offsets, `metadata().len()`), file times (`FileTimes`,
//! `set_modified`, read back and compared for equality with what was set; no timestamp is
//! printed), and permissions (`set_permissions` with the file's own permissions, then with the
//! read-only flag toggled through the portable `Permissions::set_readonly`).

use std::fs::{self, File, FileTimes, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `Ok(value)` or `Err(kind)`; the full error goes to stderr (not compared).
fn show<T: std::fmt::Debug>(r: io::Result<T>) -> String {
    match r {
        Ok(v) => format!("Ok({v:?})"),
        Err(e) => {
            eprintln!("error: {e:?}");
            format!("Err({:?})", e.kind())
        }
    }
}

fn read_at(f: &mut File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    f.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0u8; len];
    let n = f.read(&mut buf)?;
    buf.truncate(n);
    Ok(buf)
}

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX must be set");
    let dir = Path::new(&sandbox);

    // A sparse file past 4 GiB.
    let big = dir.join("big.bin");
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&big)
        .unwrap();
    let five_gib: u64 = 5 << 30;
    println!("set_len 5 GiB: {}", show(f.set_len(five_gib)));
    println!("len: {}", show(f.metadata().map(|m| m.len())));
    println!("seek end: {}", show(f.seek(SeekFrom::End(0))));
    println!("write at end: {}", show(f.write_all(b"END")));
    println!("pos after write: {}", show(f.stream_position()));
    println!(
        "len after write: {}",
        show(fs::metadata(&big).map(|m| m.len()))
    );
    println!("read tail: {}", show(read_at(&mut f, five_gib - 2, 16)));
    let mid = (4u64 << 30) + 7;
    println!("seek past 4 GiB: {}", show(f.seek(SeekFrom::Start(mid))));
    println!("write mid: {}", show(f.write_all(b"mid")));
    println!("read mid: {}", show(read_at(&mut f, mid - 1, 5)));
    println!(
        "seek current back: {}",
        show(f.seek(SeekFrom::Current(-(1i64 << 32))))
    );
    println!("read below 4 GiB: {}", show(read_at(&mut f, 7, 3)));
    println!(
        "seek end -3 (u32 wrap check): {}",
        show(f.seek(SeekFrom::End(-3)))
    );
    println!("set_len back to 10: {}", show(f.set_len(10)));
    println!("len after shrink: {}", show(f.metadata().map(|m| m.len())));
    drop(f);

    // File times: set both, read back; set only `modified`, `accessed` keeps its value.
    let tf = dir.join("times.txt");
    fs::write(&tf, b"times").unwrap();
    let modified = UNIX_EPOCH + Duration::new(1_600_000_000, 123_456_789);
    let accessed = UNIX_EPOCH + Duration::new(1_500_000_000, 987_654_321);
    let f = OpenOptions::new().write(true).open(&tf).unwrap();
    let times = FileTimes::new()
        .set_modified(modified)
        .set_accessed(accessed);
    println!("set_times: {}", show(f.set_times(times)));
    let m = f.metadata().unwrap();
    println!("modified == set: {}", m.modified().ok() == Some(modified));
    println!("accessed == set: {}", m.accessed().ok() == Some(accessed));
    let modified2 = UNIX_EPOCH + Duration::new(1_700_000_000, 5);
    println!("set_modified: {}", show(f.set_modified(modified2)));
    let m = fs::metadata(&tf).unwrap();
    println!(
        "modified == set (by path): {}",
        m.modified().ok() == Some(modified2)
    );
    println!("accessed kept: {}", m.accessed().ok() == Some(accessed));
    let whole_seconds = UNIX_EPOCH + Duration::from_secs(1_234_567_890);
    println!(
        "set_modified whole seconds: {}",
        show(f.set_modified(whole_seconds))
    );
    println!(
        "modified == set (whole seconds): {}",
        fs::metadata(&tf).and_then(|m| m.modified()).ok() == Some(whole_seconds)
    );
    drop(f);
    // On a file opened read-only: futimens needs only ownership natively.
    let ro = File::open(&tf).unwrap();
    let r = ro.set_modified(modified);
    println!("set_modified via read-only handle: {}", show(r));
    drop(ro);
    // A fresh write moves `modified` to about now (no timestamp printed).
    fs::write(&tf, b"rewritten").unwrap();
    let now = SystemTime::now();
    let fresh = fs::metadata(&tf).and_then(|m| m.modified()).unwrap();
    let diff = now.duration_since(fresh).unwrap_or_else(|e| e.duration());
    println!(
        "rewrite sets modified to about now: {}",
        diff < Duration::from_secs(60)
    );

    // Permissions.
    let pf = dir.join("perm.txt");
    fs::write(&pf, b"perm").unwrap();
    let perms = fs::metadata(&pf).unwrap().permissions();
    println!("fresh readonly: {}", perms.readonly());
    println!(
        "set_permissions(own permissions): {}",
        show(fs::set_permissions(&pf, perms.clone()))
    );
    let f = File::open(&pf).unwrap();
    println!(
        "File::set_permissions(own permissions): {}",
        show(f.set_permissions(perms.clone()))
    );
    drop(f);
    let dperms = fs::metadata(dir).unwrap().permissions();
    println!(
        "set_permissions on the sandbox dir (own permissions): {}",
        show(fs::set_permissions(dir, dperms))
    );
    println!("still writable: {}", show(fs::write(&pf, b"again")));
    let mut ro_perms = perms.clone();
    ro_perms.set_readonly(true);
    // A real change of mode: WASI 0.2 has no permission bits (the shim gives ENOTSUP).
    println!(
        "set_permissions(readonly): {}",
        show(fs::set_permissions(&pf, ro_perms))
    );
    println!(
        "readonly after set: {}",
        show(fs::metadata(&pf).map(|m| m.permissions().readonly()))
    );
    // Restore (natively), so the sandbox can be removed whatever happened above.
    let _ = fs::set_permissions(&pf, perms);
    println!(
        "readonly after restore: {}",
        show(fs::metadata(&pf).map(|m| m.permissions().readonly()))
    );

    // Changes to bits other than the owner's write bit (`chmod +x`, group and other bits, as
    // `cp -p` and archive tools make them): done natively; accepted and not kept under the shim.
    let c = std::ffi::CString::new(pf.to_str().unwrap()).unwrap();
    for mode in [0o755, 0o600, 0o640] {
        // SAFETY: a NUL-terminated path.
        let r = unsafe { libc::chmod(c.as_ptr(), mode) };
        println!(
            "chmod {mode:o}: {}",
            if r == 0 {
                "Ok".to_owned()
            } else {
                format!("Err({:?})", io::Error::last_os_error().kind())
            }
        );
    }
    println!(
        "writable after the chmods: {}",
        show(fs::metadata(&pf).map(|m| !m.permissions().readonly()))
    );
}
