//! Compile-time checks that each export has exactly the signature the `libc` crate (0.2.178,
//! `target_env = "p2"`, as std 1.95 uses it) declares.
//!
//! An array of two function items only compiles when both coerce to one function-pointer type,
//! so any difference in parameters, return type or ABI is a build error. (`unsafe` is not
//! compared: every `libc` declaration is an `unsafe fn`, and a safe export coerces to it.) The variadic
//! functions (`open`, `openat`, `fcntl`, `ioctl`) cannot be compared this way: their wasm-level
//! signature is checked by the link test instead (a mismatch makes `wasm-ld` warn, and the test
//! links with `--fatal-warnings`).
//!
//! The math functions are not declared by the `libc` crate (std declares them itself, with the
//! C prototypes `math.rs` follows).
//!
//! Struct layouts need no check: this crate uses the `libc` crate's own types.

macro_rules! same_signature {
    ($($module:ident :: $name:ident),* $(,)?) => {
        #[allow(dead_code, reason = "type-checked, never called")]
        fn signatures_match_the_libc_crate() {
            $( let _ = [libc::$name, crate::$module::$name]; )*
        }
    };
}

same_signature!(
    process::abort,
    process::_Exit,
    malloc::aligned_alloc,
    time::clock_getres,
    time::nanosleep,
    unistd::link,
    thread::pthread_create,
    process::exit,
    process::atexit,
    unistd::sysconf,
    time::sched_yield,
    errno::strerror_r,
    string::strlen,
    errno::__errno_location,
    unistd::isatty,
    malloc::malloc,
    malloc::calloc,
    malloc::realloc,
    malloc::free,
    malloc::posix_memalign,
    env::getenv,
    env::setenv,
    env::unsetenv,
    unistd::getcwd,
    unistd::chdir,
    time::clock_gettime,
    time::clock_nanosleep,
    fcntl::close,
    unistd::read,
    unistd::write,
    unistd::readv,
    unistd::writev,
    unistd::pread,
    unistd::pwrite,
    unistd::lseek,
    stat::fstat,
    stat::stat,
    stat::lstat,
    stat::fstatat,
    unistd::fsync,
    unistd::fdatasync,
    unistd::ftruncate,
    stat::futimens,
    stat::utimensat,
    stat::mkdir,
    stat::mkdirat,
    unistd::rmdir,
    unistd::unlink,
    unistd::unlinkat,
    unistd::rename,
    unistd::renameat,
    unistd::linkat,
    unistd::symlink,
    unistd::symlinkat,
    unistd::readlink,
    unistd::readlinkat,
    unistd::realpath,
    stat::chmod,
    stat::fchmod,
    unistd::access,
    unistd::faccessat,
    thread::pthread_join,
    thread::pthread_detach,
    thread::pthread_attr_init,
    thread::pthread_attr_destroy,
    thread::pthread_attr_setstacksize,
    thread::pthread_key_create,
    thread::pthread_key_delete,
    thread::pthread_getspecific,
    thread::pthread_setspecific,
    dirent::opendir,
    dirent::fdopendir,
    dirent::readdir,
    dirent::rewinddir,
    dirent::closedir,
    dirent::dirfd,
    gai::gai_strerror,
    socket::socket,
    socket::bind,
    socket::listen,
    socket::accept,
    socket::accept4,
    socket::connect,
    socket::send,
    socket::recv,
    socket::sendto,
    socket::recvfrom,
    socket::shutdown,
    socket::getsockname,
    socket::getpeername,
    socket::getsockopt,
    socket::setsockopt,
    netdb::getaddrinfo,
    netdb::freeaddrinfo,
    poll::poll,
);

/// `memcmp` lives in `wasi-shim-rt`, where `no_std` components get it without the C ABI.
#[allow(dead_code, reason = "type-checked, never called")]
fn memcmp_matches_the_libc_crate() {
    let _ = [libc::memcmp, wasi_shim_rt::memcmp::memcmp];
}

// `SOCK_CLOEXEC` is defined by the shim (see `socket.rs`); it must equal the `libc` crate's.
#[cfg(not(feature = "rustc-dep-of-std"))]
const _: () = assert!(crate::socket::SOCK_CLOEXEC == libc::SOCK_CLOEXEC);

/// `clockid_t` is transmuted to and from a pointer in `time.rs`.
const _: () = assert!(size_of::<libc::clockid_t>() == size_of::<*const u8>());
