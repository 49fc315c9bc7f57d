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

/// Functions to run at exit (`atexit`), in registration order.
static EXIT_HOOKS: crate::global::Global<alloc::vec::Vec<alloc::boxed::Box<dyn FnOnce()>>> =
    crate::global::Global::new(alloc::vec::Vec::new());

/// Registers `hook` to run when the program ends normally: when `main` returns or `exit` is
/// called (C's `atexit`).
pub fn at_exit(hook: alloc::boxed::Box<dyn FnOnce()>) {
    EXIT_HOOKS.with(|hooks| hooks.push(hook));
}

/// Runs the registered exit hooks, last registered first. Each is removed before it runs, so a
/// hook that ends the program does not run itself again, and hooks registered by hooks run too.
pub fn run_exit_hooks() {
    while let Some(hook) = EXIT_HOOKS.with(alloc::vec::Vec::pop) {
        hook();
    }
}
