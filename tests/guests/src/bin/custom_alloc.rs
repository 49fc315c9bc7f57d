//! A program with its own `#[global_allocator]`: a counting allocator over a private bump arena
//! that only knows its own blocks and aborts on a foreign pointer. Memory the C library hands to
//! std (`readdir` entries, `getenv`, lists the host returns) must never reach it, and what it
//! hands out must never reach the C library's `free`. std's `cabi_realloc` allocates from it too.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicUsize, Ordering};

const ARENA: usize = 32 << 20;

struct Arena {
    bytes: UnsafeCell<[u8; ARENA]>,
    next: AtomicUsize,
    live: AtomicUsize,
}

// SAFETY: the component has one thread.
unsafe impl Sync for Arena {}

impl Arena {
    fn owns(&self, p: *mut u8) -> bool {
        let start = self.bytes.get() as usize;
        (start..start + ARENA).contains(&(p as usize))
    }
}

// SAFETY: blocks are disjoint and aligned; `dealloc` checks that a block is its own.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let start = self.bytes.get() as usize;
        let at = self.next.load(Ordering::Relaxed);
        let aligned = (start + at).next_multiple_of(layout.align()) - start;
        if aligned + layout.size() > ARENA {
            return std::ptr::null_mut();
        }
        self.next.store(aligned + layout.size(), Ordering::Relaxed);
        self.live.fetch_add(1, Ordering::Relaxed);
        (start + aligned) as *mut u8
    }

    unsafe fn dealloc(&self, p: *mut u8, _: Layout) {
        if !self.owns(p) {
            // Another heap's memory: the one bug this program exists to catch.
            std::process::abort();
        }
        self.live.fetch_sub(1, Ordering::Relaxed);
    }
}

#[global_allocator]
static HEAP: Arena = Arena {
    bytes: UnsafeCell::new([0; ARENA]),
    next: AtomicUsize::new(0),
    live: AtomicUsize::new(0),
};

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX");
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {args:?}");
    println!(
        "env HOME_SET: {}",
        std::env::var("GREETING").unwrap_or_default()
    );
    let dir = std::path::Path::new(&sandbox).join("d");
    std::fs::create_dir(&dir).expect("mkdir");
    for i in 0..20 {
        std::fs::write(dir.join(format!("f{i:02}")), vec![b'x'; 1000 * i]).expect("write");
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    names.sort();
    println!(
        "entries: {} first {} last {}",
        names.len(),
        names[0],
        names[19]
    );
    let total: usize = names
        .iter()
        .map(|n| std::fs::read(dir.join(n)).expect("read").len())
        .sum();
    println!("bytes read: {total}");
    // `std::os::unix::fs::symlink` is not on WASI and `std::os::wasi`'s is unstable: libc's.
    let link =
        std::ffi::CString::new(dir.join("link").into_os_string().into_string().unwrap()).unwrap();
    // SAFETY: two NUL-terminated strings.
    let r = unsafe { libc::symlink(c"f01".as_ptr(), link.as_ptr()) };
    assert_eq!(r, 0, "symlink");
    println!(
        "readlink: {:?}",
        std::fs::read_link(dir.join("link")).expect("readlink")
    );
    println!(
        "canonical ends with f01: {}",
        std::fs::canonicalize(dir.join("link"))
            .expect("canonicalize")
            .ends_with("f01")
    );
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).expect("stdin");
    println!("stdin: {}", line.trim());
    println!(
        "time after 2025: {}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            > 1_735_689_600
    );
    println!("own heap used: {}", HEAP.live.load(Ordering::Relaxed) > 0);
}
