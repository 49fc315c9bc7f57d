//! Path resolution: absolute paths through `$SANDBOX`, relative paths (the current directory is
//! the sandbox), `.`, `..` and repeated slashes inside the sandbox, going up out of the sandbox
//! and back in by its own name, and a non-UTF-8 file name through `libc::open`
//! (std's `OsStrExt` for WASI is unstable on wasip2).

use guests::{kind, show};
use std::ffi::CString;
use std::fs;
use std::io;
use std::path::Path;

/// Opens (creating) the file named by the raw bytes `name` with `libc::open`; closes it again.
fn open_raw(name: &[u8]) -> io::Result<()> {
    let c = CString::new(name).unwrap();
    // SAFETY: a NUL-terminated path; the mode is passed as the variadic `unsigned int`.
    let fd = unsafe {
        libc::open(
            c.as_ptr(),
            libc::O_CREAT | libc::O_WRONLY,
            0o644 as libc::c_uint,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened.
    unsafe { libc::close(fd) };
    Ok(())
}

fn main() {
    let sandbox = std::env::var("SANDBOX").expect("SANDBOX must be set");
    let dir = Path::new(&sandbox);
    let sandbox_name = dir.file_name().unwrap().to_str().unwrap().to_owned();

    // Absolute and relative names of the same files.
    println!(
        "write absolute: {}",
        kind(fs::write(format!("{sandbox}/abs.txt"), b"abs"))
    );
    println!("read relative: {}", show(fs::read_to_string("abs.txt")));
    println!("read ./relative: {}", show(fs::read_to_string("./abs.txt")));
    println!("write relative: {}", kind(fs::write("rel.txt", b"rel")));
    println!(
        "read absolute: {}",
        show(fs::read_to_string(dir.join("rel.txt")))
    );
    println!(
        "read with //: {}",
        show(fs::read_to_string(format!("{sandbox}//rel.txt")))
    );
    println!(
        "read with /./: {}",
        show(fs::read_to_string(format!("{sandbox}/./rel.txt")))
    );

    // `..` inside the sandbox.
    println!(
        "create_dir_all relative: {}",
        kind(fs::create_dir_all("sub/deeper"))
    );
    println!(
        "write sub/../dotdot.txt: {}",
        kind(fs::write("sub/../dotdot.txt", b"dd"))
    );
    println!(
        "dotdot.txt at top: {}",
        show(fs::read_to_string(dir.join("dotdot.txt")))
    );
    println!(
        "read sub/deeper/../../rel.txt: {}",
        show(fs::read_to_string("sub/deeper/../../rel.txt"))
    );
    println!(
        "read absolute with ..: {}",
        show(fs::read_to_string(format!(
            "{sandbox}/sub/deeper/../../abs.txt"
        )))
    );
    println!(
        "metadata sub/.. is_dir: {}",
        show(fs::metadata("sub/..").map(|m| m.is_dir()))
    );
    println!(
        "metadata . is_dir: {}",
        show(fs::metadata(".").map(|m| m.is_dir()))
    );
    println!(
        "metadata sub/ is_dir: {}",
        show(fs::metadata("sub/").map(|m| m.is_dir()))
    );
    println!(
        "metadata sub/. is_dir: {}",
        show(fs::metadata("sub/.").map(|m| m.is_dir()))
    );
    // A `..` after a component that does not exist: the kernel fails on the missing component;
    // a lexical resolver would not.
    println!(
        "read sub/missing/../../rel.txt: {}",
        kind(fs::read("sub/missing/../../rel.txt"))
    );
    // A `..` after a *file* component.
    println!(
        "read rel.txt/../abs.txt: {}",
        kind(fs::read("rel.txt/../abs.txt"))
    );

    // Up out of the sandbox and back in by its own name.
    println!(
        "read ../<sandbox name>/rel.txt: {}",
        show(fs::read_to_string(format!("../{sandbox_name}/rel.txt")))
    );
    println!(
        "read $SANDBOX/../<sandbox name>/abs.txt: {}",
        show(fs::read_to_string(format!(
            "{sandbox}/../{sandbox_name}/abs.txt"
        )))
    );
    println!(
        "read /../../$SANDBOX/abs.txt: {}",
        show(fs::read_to_string(format!("/../..{sandbox}/abs.txt")))
    );

    // Above the sandbox: its parent is a directory (under WASI one that no preopen serves, which
    // `stat` describes), and a name that is nowhere does not exist.
    println!(
        "metadata of $SANDBOX/.. is a directory: {}",
        show(fs::metadata(format!("{sandbox}/..")).map(|m| m.is_dir()))
    );
    println!(
        "metadata of /no-such-top-dir/x: {}",
        kind(fs::metadata("/no-such-top-dir/x"))
    );

    // Paths that leave the sandbox are tested by `tests/harness/tests/confinement.rs`, against
    // canaries that exist beside the preopens (natively such paths reach the host's filesystem,
    // so they cannot be compared here).

    // Non-UTF-8 file name (raw bytes through libc::open, O_CREAT).
    match open_raw(b"bad-\xff-name.txt") {
        Ok(()) => println!("non-utf8 open: Ok"),
        Err(e) => println!(
            "non-utf8 open: Err({:?}) EILSEQ={}",
            e.kind(),
            e.raw_os_error() == Some(libc::EILSEQ)
        ),
    }
    println!(
        "utf-8 open through libc: {}",
        kind(open_raw("ünïcødé-名前.txt".as_bytes()))
    );
    println!(
        "read unicode name through std: {}",
        show(fs::read_to_string("ünïcødé-名前.txt"))
    );

    // Names in the sandbox that are valid UTF-8 (the non-UTF-8 one, if created natively, is
    // left out so that both sides list the same thing).
    match fs::read_dir(".") {
        Ok(rd) => {
            let mut names: Vec<String> = rd
                .filter_map(|e| e.unwrap().file_name().into_string().ok())
                .collect();
            names.sort();
            println!("entries: {names:?}");
        }
        Err(e) => println!("entries: Err({:?})", e.kind()),
    }
}
