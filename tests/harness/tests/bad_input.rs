//! Bad buffers, lengths and arrays get an errno, never a trap (guest `bad_buffers`).
//!
//! Under the shim every line is asserted. Natively the kernel answers for the top of the address
//! space. Documented differences: `read`/`pread` into a buffer that runs past the end of memory
//! is `EFAULT` under the shim before any host call, where Linux may copy the bytes that fit (the
//! file has 10 bytes) and return a count; and a length past `SSIZE_MAX` is `EINVAL` (POSIX's
//! "shall fail" for it) where Linux checks the range first and says `EFAULT`.

use wasi_shim_harness::{RunConfig, Sandbox, Status, Variant, run, run_both};

const EXPECTED: &str = "\
write past memory: -1 EFAULT
pwrite past memory: -1 EFAULT
writev past memory: -1 EFAULT
read past memory: -1 EFAULT
pread past memory: -1 EFAULT
read length past SSIZE_MAX: -1 EINVAL
writev null iov: -1 EFAULT
readv null iov: -1 EFAULT
poll null fds: -1 EFAULT
lseek to 5: 5
lseek past off_t: -1 EINVAL
write bad fd: -1 EBADF
file intact: true
still running: true
";

#[test]
fn bad_buffers_get_errno_under_the_shim() {
    let (shim, native) = run_both(Variant::Shim, "bad_buffers", &RunConfig::new());
    shim.assert_success();
    assert_eq!(shim.stdout_str(), EXPECTED, "{shim}");
    // Native agrees on every line the kernel can be asked the same question.
    native.assert_success();
    for (s, n) in shim.stdout_str().lines().zip(native.stdout_str().lines()) {
        if s.starts_with("read past memory")
            || s.starts_with("pread past memory")
            || s.starts_with("read length past SSIZE_MAX")
        {
            continue;
        }
        assert_eq!(s, n, "native:\n{native}");
    }
}

#[test]
fn stock_traps_on_a_write_past_memory() {
    // What the shim fixes: stock wasi-libc hands the length to the host, which traps.
    let sandbox = Sandbox::new();
    let out = run(
        Variant::Stock,
        "bad_buffers",
        &sandbox.apply(Variant::Stock, RunConfig::new()),
    );
    assert!(matches!(out.status, Status::Trapped(_)), "{out}");
}

#[test]
fn dot_and_dot_dot_last_components_as_natively() {
    // Before: `rmdir("empty/.")` removed `empty`, and `mkdir("new/.")` created `new`.
    let (shim, native) = run_both(Variant::Shim, "dot_paths", &RunConfig::new());
    shim.assert_success();
    native.assert_success();
    wasi_shim_harness::assert_same_lines(shim.stdout_str(), native.stdout_str());
    assert!(
        shim.stdout_str().contains("rmdir empty/.: -1 EINVAL\n"),
        "{shim}"
    );
    assert!(
        shim.stdout_str().contains("mkdir new/.: -1 ENOENT\n"),
        "{shim}"
    );
}

#[test]
fn vectored_io_gathers_and_scatters_as_natively() {
    // Before: `writev` sent one UDP datagram per buffer, and `readv` filled only the first
    // buffer (cutting a datagram).
    let (shim, native) = run_both(Variant::Shim, "vectored", &RunConfig::new());
    shim.assert_success();
    native.assert_success();
    wasi_shim_harness::assert_same_lines(shim.stdout_str(), native.stdout_str());
    assert!(
        shim.stdout_str().contains("udp one datagram: \"abcdef\"\n"),
        "{shim}"
    );
    assert!(
        shim.stdout_str()
            .contains("udp readv: 9 \"1234\" \"56789\"\n"),
        "{shim}"
    );
}

#[test]
fn nonblocking_stdin_says_eagain_instead_of_hanging() {
    // Before: `O_NONBLOCK` on stdin was accepted and ignored (`F_GETFL` did not show it), so the
    // second read blocked until the run's time limit.
    let cfg = RunConfig::new()
        .stdin("hello")
        .stdin_stays_open()
        .timeout(std::time::Duration::from_secs(30));
    let (shim, native) = run_both(Variant::Shim, "stdin_nonblock", &cfg);
    shim.assert_success();
    native.assert_success();
    wasi_shim_harness::assert_same_lines(shim.stdout_str(), native.stdout_str());
    assert!(
        shim.stdout_str()
            .contains("read with nothing there: Err(EAGAIN)\n"),
        "{shim}"
    );
}
