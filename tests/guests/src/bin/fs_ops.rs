//! File I/O in the sandbox: create, write, read, append (`OpenOptions::append`), seeks (start,
//! current, end, before the start, past the end), `set_len` (truncate and extend), `sync_all`,
//! `sync_data`, metadata (len, type, `readonly` of a fresh file), `fs::copy`, `File::create` on an
//! existing file, `read_exact` past the end. One line per observation; errors as `ErrorKind`s.

use guests::show;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

fn read_all(f: &mut File) -> io::Result<Vec<u8>> {
    let mut v = Vec::new();
    f.read_to_end(&mut v)?;
    Ok(v)
}

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX must be set");
    let dir = Path::new(&sandbox);
    let p = dir.join("data.txt");

    // Create and write, then read back.
    let mut f = File::create(&p).unwrap();
    f.write_all(b"hello world\n").unwrap();
    println!("create pos: {}", show(f.stream_position()));
    drop(f);
    println!("read: {}", show(fs::read_to_string(&p)));

    // Append: the write goes to the end, and the position follows it.
    let mut f = OpenOptions::new().append(true).open(&p).unwrap();
    println!("append open pos: {}", show(f.stream_position()));
    f.write_all(b"appended\n").unwrap();
    println!("append pos after write: {}", show(f.stream_position()));
    drop(f);
    println!("after append: {}", show(fs::read_to_string(&p)));

    // Append ignores a seek to the start for writes, but reads follow the seek.
    let mut f = OpenOptions::new().read(true).append(true).open(&p).unwrap();
    println!("append seek 0: {}", show(f.seek(SeekFrom::Start(0))));
    let mut five = [0u8; 5];
    println!(
        "append read: {}",
        show(f.read_exact(&mut five).map(|()| five))
    );
    f.write_all(b"tail\n").unwrap();
    println!("append pos after 2nd write: {}", show(f.stream_position()));
    drop(f);
    println!("after 2nd append: {}", show(fs::read_to_string(&p)));

    // Two descriptors appending in turn, and a large append (more than one host write).
    let q = dir.join("log.txt");
    let mut a = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&q)
        .unwrap();
    let mut b = OpenOptions::new().append(true).open(&q).unwrap();
    for i in 0..3 {
        write!(a, "a{i} ").unwrap();
        write!(b, "b{i} ").unwrap();
    }
    println!("interleaved appends: {}", show(fs::read_to_string(&q)));
    let big = vec![b'z'; 100_000];
    a.write_all(&big).unwrap();
    println!("pos after a large append: {}", show(a.stream_position()));
    println!("pos of the other appender: {}", show(b.stream_position()));
    println!(
        "len after a large append: {}",
        show(fs::metadata(&q).map(|m| m.len()))
    );
    drop((a, b));

    // `O_SYNC` and `O_DSYNC`: writes are synced; the open works.
    for (name, flag) in [("O_SYNC", libc::O_SYNC), ("O_DSYNC", libc::O_DSYNC)] {
        let c = std::ffi::CString::new(q.to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path; no mode is needed without `O_CREAT`.
        let fd = unsafe { libc::open(c.as_ptr(), libc::O_WRONLY | libc::O_APPEND | flag) };
        if fd < 0 {
            println!("open {name}: Err({:?})", io::Error::last_os_error().kind());
            continue;
        }
        // SAFETY: `fd` was just opened and is owned by nothing else.
        let mut f: File = unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) };
        println!("write {name}: {}", show(f.write(name.as_bytes())));
    }
    println!(
        "len after synced writes: {}",
        show(fs::metadata(&q).map(|m| m.len()))
    );
    fs::remove_file(&q).unwrap();

    // Seeks.
    let mut f = OpenOptions::new().read(true).write(true).open(&p).unwrap();
    println!("seek start 6: {}", show(f.seek(SeekFrom::Start(6))));
    let mut buf = [0u8; 5];
    f.read_exact(&mut buf).unwrap();
    println!("read at 6: {:?}", String::from_utf8_lossy(&buf));
    println!("seek current -3: {}", show(f.seek(SeekFrom::Current(-3))));
    println!("seek current +1: {}", show(f.seek(SeekFrom::Current(1))));
    println!("seek end -5: {}", show(f.seek(SeekFrom::End(-5))));
    println!("read from end-5: {}", show(read_all(&mut f)));
    println!("read at eof: {}", show(read_all(&mut f)));
    println!(
        "seek before start: {}",
        show(f.seek(SeekFrom::Current(-1000)))
    );
    println!("pos after failed seek: {}", show(f.stream_position()));
    println!("seek end 0: {}", show(f.seek(SeekFrom::End(0))));
    println!("seek past end +10: {}", show(f.seek(SeekFrom::End(10))));
    println!("read past end: {}", show(read_all(&mut f)));
    println!(
        "len before hole write: {}",
        show(f.metadata().map(|m| m.len()))
    );
    println!("write past end: {}", show(f.write(b"X")));
    println!(
        "len after hole write: {}",
        show(f.metadata().map(|m| m.len()))
    );
    f.seek(SeekFrom::Start(30)).unwrap();
    println!("hole bytes: {}", show(read_all(&mut f)));
    println!(
        "seek far (1 GiB): {}",
        show(f.seek(SeekFrom::Start(1 << 30)))
    );
    println!(
        "len unchanged by seek: {}",
        show(f.metadata().map(|m| m.len()))
    );

    // set_len: truncate, then extend with zeros; the position does not move.
    f.seek(SeekFrom::Start(3)).unwrap();
    println!("set_len 5: {}", show(f.set_len(5)));
    println!("pos after set_len: {}", show(f.stream_position()));
    println!(
        "len after truncate: {}",
        show(fs::metadata(&p).map(|m| m.len()))
    );
    println!("content after truncate: {}", show(fs::read(&p)));
    println!("set_len 8: {}", show(f.set_len(8)));
    println!("content after extend: {}", show(fs::read(&p)));
    println!("sync_all: {}", show(f.sync_all()));
    println!("sync_data: {}", show(f.sync_data()));
    println!("flush: {}", show(f.flush()));
    drop(f);

    // Metadata of a fresh file and of the sandbox directory.
    let fresh = dir.join("fresh.txt");
    fs::write(&fresh, b"12345").unwrap();
    let m = fs::metadata(&fresh).unwrap();
    println!(
        "fresh: len={} is_file={} is_dir={} is_symlink={} readonly={}",
        m.len(),
        m.is_file(),
        m.is_dir(),
        m.is_symlink(),
        m.permissions().readonly()
    );
    let fm = File::open(&fresh).and_then(|f| f.metadata()).unwrap();
    println!(
        "fresh via handle: len={} is_file={} readonly={}",
        fm.len(),
        fm.is_file(),
        fm.permissions().readonly()
    );
    let dm = fs::metadata(dir).unwrap();
    println!(
        "sandbox dir: is_dir={} is_file={} readonly={}",
        dm.is_dir(),
        dm.is_file(),
        dm.permissions().readonly()
    );
    println!("modified available: {}", m.modified().is_ok());
    println!("accessed available: {}", m.accessed().is_ok());

    // File::create truncates an existing file.
    let f = File::create(&fresh).unwrap();
    println!("create truncates: {}", show(f.metadata().map(|m| m.len())));
    drop(f);

    // read_exact past the end.
    fs::write(&fresh, b"abc").unwrap();
    let mut f = File::open(&fresh).unwrap();
    let mut four = [0u8; 4];
    println!("read_exact past end: {}", show(f.read_exact(&mut four)));

    // fs::copy: bytes copied, same content, independent files.
    let copy = dir.join("copy.txt");
    println!("copy: {}", show(fs::copy(&p, &copy)));
    println!("copy content: {}", show(fs::read(&copy)));
    fs::write(&copy, b"changed").unwrap();
    println!("original after changing copy: {}", show(fs::read(&p)));
    println!("copy over existing: {}", show(fs::copy(&fresh, &copy)));
    println!("copy content 2: {}", show(fs::read_to_string(&copy)));
    println!(
        "copy readonly: {}",
        show(fs::metadata(&copy).map(|m| m.permissions().readonly()))
    );

    // fs::write / read of a larger buffer (several host write calls).
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    println!(
        "write 300000: {}",
        show(fs::write(dir.join("big.bin"), &big))
    );
    let back = fs::read(dir.join("big.bin")).unwrap();
    println!("read 300000: len={} same={}", back.len(), back == big);
}
