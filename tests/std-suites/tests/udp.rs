//! std's own `udp` suite, ported from the toolchain's rust-src by `build.rs`.
// The unstable std APIs the suites use, as std's own test build has them, where the compiling
// toolchain still has them unstable (`build.rs` sets the `unstable_*` cfgs).
#![cfg_attr(unstable_assert_matches, feature(assert_matches))]
#![cfg_attr(unstable_borrowed_buf_init, feature(borrowed_buf_init))]
#![cfg_attr(unstable_core_io_borrowed_buf, feature(core_io_borrowed_buf))]
#![cfg_attr(unstable_dirfd, feature(dirfd))]
#![cfg_attr(unstable_fs_set_times, feature(fs_set_times))]
#![cfg_attr(unstable_io_error_uncategorized, feature(io_error_uncategorized))]
#![cfg_attr(unstable_read_buf, feature(read_buf))]
#![cfg_attr(all(unix, unstable_read_buf_at), feature(read_buf_at))]
#![cfg_attr(unstable_tcp_keepalive, feature(tcp_keepalive))]
#![cfg_attr(unstable_tcp_linger, feature(tcp_linger))]
#![cfg_attr(all(target_os = "wasi", unstable_wasi_ext), feature(wasi_ext))]
#![cfg_attr(all(target_os = "wasi", unstable_wasip2), feature(wasip2))]
// std's code as std has it: its lint settings are std's, not ours.
#![allow(clippy::all)]
#![allow(
    unknown_lints,
    unused_features,
    dead_code,
    unused_imports,
    unused_variables,
    unused_mut
)]

include!(concat!(env!("OUT_DIR"), "/udp.rs"));
