//! Ending the component: `wasi:cli/exit`.

/// Ends the component with `code`, which the host sees as the exit status (`code & 0xff`, as
/// POSIX keeps the low byte).
///
/// Status 0 is reported with `exit(ok)`, any other with `exit-with-code` (WASI 0.2.12). With
/// the `legacy-exit` feature, for hosts older than 0.2.12, other statuses become `exit(err)`, which
/// hosts report as 1.
pub fn exit(code: i32) -> ! {
    use wasi_shim_sys::wasi::cli::exit;
    let status = (code & 0xff) as u8;
    if status == 0 {
        exit::exit(Ok(()));
    } else if cfg!(feature = "legacy-exit") {
        exit::exit(Err(()));
    } else {
        exit::exit_with_code(status);
    }
    // The host does not return from `exit`; if one ever did, trapping is the only safe end.
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    unreachable!("wasi:cli/exit returned")
}
