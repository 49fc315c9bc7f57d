//! What std's own test suites reach through `crate::` inside std, for the ported suites
//! (`build.rs` rewrites `crate::` to `std_suites::port::`).
//!
//! [`port`] re-exports std and adds what is private to std's test build: `test_helpers` (a
//! temporary directory and a seeded generator) and `net::test` (loopback addresses). These are
//! written here, to the contract the suites rely on; they are not std's code.
#![cfg_attr(all(target_os = "wasi", unstable_wasi_ext), feature(wasi_ext))]
#![cfg_attr(all(target_os = "wasi", unstable_wasip2), feature(wasip2))]

/// std, as the suites see it from inside std.
pub mod port {
    pub use std::*;

    /// `std::os`, plus on WASI the `os::unix::fs` items that WASI's std has under
    /// `os::wasi::fs` with the same contract.
    pub mod os {
        pub use std::os::*;

        /// The `std::os::unix` items the suites use that WASI's std also has.
        #[cfg(target_os = "wasi")]
        pub mod unix {
            /// `std::os::unix::fs` on WASI.
            pub mod fs {
                pub use std::os::wasi::fs::FileExt;
                pub use std::os::wasi::fs::symlink_path as symlink;
            }
        }
    }

    /// `std::net`, plus std's private `net::test` helpers.
    pub mod net {
        pub use std::net::*;

        /// Loopback addresses on ports no other suite uses at the same time.
        pub mod test {
            use std::net::{
                Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6, ToSocketAddrs,
            };
            use std::sync::atomic::{AtomicU16, Ordering};

            /// The next port of this process's range. The range starts at `$STD_SUITE_PORT_BASE`
            /// (the harness gives each test process its own), else at 19600 as in std.
            fn next_port() -> u16 {
                static NEXT: AtomicU16 = AtomicU16::new(0);
                let base = std::env::var("STD_SUITE_PORT_BASE")
                    .ok()
                    .and_then(|b| b.parse::<u16>().ok())
                    .unwrap_or(19600);
                base + NEXT.fetch_add(1, Ordering::Relaxed)
            }

            /// `127.0.0.1` on a fresh port.
            pub fn next_test_ip4() -> SocketAddr {
                sa4(Ipv4Addr::LOCALHOST, next_port())
            }

            /// `[::1]` on a fresh port.
            pub fn next_test_ip6() -> SocketAddr {
                sa6(Ipv6Addr::LOCALHOST, next_port())
            }

            /// An IPv4 socket address.
            pub fn sa4(ip: Ipv4Addr, port: u16) -> SocketAddr {
                SocketAddr::V4(SocketAddrV4::new(ip, port))
            }

            /// An IPv6 socket address with no flow info and no scope.
            pub fn sa6(ip: Ipv6Addr, port: u16) -> SocketAddr {
                SocketAddr::V6(SocketAddrV6::new(ip, port, 0, 0))
            }

            /// Every address `a` resolves to, or the error's text.
            pub fn tsa<A: ToSocketAddrs>(a: A) -> Result<Vec<SocketAddr>, String> {
                a.to_socket_addrs()
                    .map(Iterator::collect)
                    .map_err(|e| e.to_string())
            }

            /// Whether `a` and `b` are equal, ignoring an IPv6 scope id.
            pub fn compare_ignore_zoneid(a: &SocketAddr, b: &SocketAddr) -> bool {
                match (a, b) {
                    (SocketAddr::V6(a), SocketAddr::V6(b)) => {
                        (a.ip(), a.port(), a.flowinfo()) == (b.ip(), b.port(), b.flowinfo())
                    }
                    _ => a == b,
                }
            }
        }
    }

    /// std's private test helpers.
    pub mod test_helpers {
        use rand::SeedableRng;
        use std::hash::{BuildHasher, RandomState};
        use std::panic::Location;
        use std::path::{Path, PathBuf};

        /// A generator seeded from the calling line and the process's hash keys, so that two
        /// calls (or two runs) rarely share a seed.
        #[track_caller]
        pub fn test_rng() -> rand_xorshift::XorShiftRng {
            let low = RandomState::new().hash_one(Location::caller());
            let mut seed = [0x5a; 16];
            seed[..8].copy_from_slice(&low.to_le_bytes());
            rand_xorshift::XorShiftRng::from_seed(seed)
        }

        /// A fresh directory under `$TMPDIR`, removed with everything in it on drop.
        pub struct TempDir(PathBuf);

        impl TempDir {
            /// `path` inside the directory.
            pub fn join(&self, path: &str) -> PathBuf {
                self.0.join(path)
            }

            /// The directory.
            pub fn path(&self) -> &Path {
                &self.0
            }
        }

        impl Drop for TempDir {
            fn drop(&mut self) {
                let removed = std::fs::remove_dir_all(&self.0);
                // A second panic while unwinding would abort before the failure is reported.
                if !std::thread::panicking() {
                    removed.expect("removing the test's temporary directory");
                }
            }
        }

        /// Creates a fresh `rust-<random>` directory in `$TMPDIR` (on WASI, std's own
        /// `temp_dir()` panics, so the variable is read directly everywhere).
        #[track_caller]
        pub fn tmpdir() -> TempDir {
            let base = std::env::var_os("TMPDIR").expect("the suites need TMPDIR");
            let name = format!("rust-{}", rand::RngCore::next_u32(&mut test_rng()));
            let dir = PathBuf::from(base).join(name);
            std::fs::create_dir(&dir).expect("creating the test's temporary directory");
            TempDir(dir)
        }
    }
}
