//! The entry point of a command component: what wasi-libc's `crt1-command.o` did.
//!
//! This crate is its own rlib, apart from `wasi-shim-libc`, so that the linker takes it only
//! into binaries. It defines `_start`, which `wasm-ld` needs as the entry of every binary (and
//! never of a `cdylib`, which rustc links with `--no-entry`), and the
//! `wasi:cli/run@0.2.12#run` export with the component-type section that declares it.
//! `cargo xtask rustflags` links through `wasi-shim-ld`, which exports `run` from binaries only
//! (`--export=...`); crates that depend on this crate directly pass
//! `--export-if-defined=wasi:cli/run@0.2.12#run` (only their binaries depend on it). Both add
//! `--wasi-adapter=none`, so that `wasm-component-ld` never embeds the preview1 adapter because of
//! the `_start` export (which the component does not re-export).
//!
//! So a binary's component exports `wasi:cli/run` and a library component (a reactor) does not.
#![no_std]
#![cfg(target_arch = "wasm32")]

#[allow(
    missing_docs,
    unused_imports,
    unused_macros,
    clippy::undocumented_unsafe_blocks,
    reason = "generated code, with its own lint settings; its `export!` macro is not used: \
              `run_export` below calls the glue directly so that `_start` can refer to it"
)]
#[rustfmt::skip]
#[cfg_attr(target_env = "p3", path = "generated_p3.rs")]
mod generated;

/// The runtime the generated glue names (`runtime_path = "crate::rt"`).
mod rt {
    /// wit-bindgen's hook that links a `cabi_realloc` when bindings need one to receive lists.
    /// The `run` export receives and returns none, so it needs none.
    #[inline]
    pub(crate) fn maybe_link_cabi_realloc() {}
}

use core::ffi::c_int;

unsafe extern "C" {
    /// Synthesized by `wasm-ld`: runs the static constructors.
    fn __wasm_call_ctors();
    /// rustc's `main` for wasm32-wasip2: no arguments (std reads its own), returns the status.
    fn __main_void() -> c_int;
}

struct Command;

impl generated::exports::wasi::cli::run::Guest for Command {
    /// Runs constructors, `main`, then `exit`'s work with its status. A zero status returns
    /// `Ok` to the host; any other ends the component through `exit-with-code`.
    fn run() -> Result<(), ()> {
        // SAFETY: called once, before any other code of the component runs.
        unsafe { __wasm_call_ctors() };
        // SAFETY: `__main_void` is the program's `main`, called once.
        let status = unsafe { __main_void() };
        if status == 0 {
            ending::call_dtors();
            Ok(())
        } else {
            ending::exit(status)
        }
    }
}

/// How the run ends, through the platform layer when it is part of the program.
#[cfg(feature = "platform")]
mod ending {
    pub(crate) fn call_dtors() {
        // Under std built from source the C library is in the program too, and its
        // `__wasm_call_dtors` also runs the thread-specific data destructors (std's
        // thread-local destructors, on the stds that keep them in a key).
        #[cfg(feature = "rustc-dep-of-std")]
        {
            unsafe extern "C" {
                fn __wasm_call_dtors();
            }
            // SAFETY: called once, after `main` returned.
            unsafe { __wasm_call_dtors() }
        }
        #[cfg(not(feature = "rustc-dep-of-std"))]
        wasi_shim::process::run_exit_hooks();
    }

    pub(crate) fn exit(status: i32) -> ! {
        wasi_shim::process::exit(status)
    }
}

/// How the run ends, through the C library's symbols (`wasi-shim-crt`, whose object has its own
/// copy of `core` and shares nothing else with `libc.a`).
#[cfg(not(feature = "platform"))]
mod ending {
    unsafe extern "C" {
        /// `libc.a`: thread-specific data destructors, then the `atexit` handlers.
        fn __wasm_call_dtors();
        /// `libc.a`'s `exit`.
        #[link_name = "exit"]
        fn c_exit(status: i32) -> !;
    }

    pub(crate) fn call_dtors() {
        // SAFETY: called once, after `main` returned.
        unsafe { __wasm_call_dtors() }
    }

    pub(crate) fn exit(status: i32) -> ! {
        // SAFETY: `exit` may be called at any time.
        unsafe { c_exit(status) }
    }
}

/// `wasi:cli/run@0.2.12#run` (on WASI 0.3, `wasi:cli/run@0.3.0#run`, lifted synchronously
/// although `run` is an `async func`, so that the task may block in the synchronously lowered
/// imports): the export, calling the generated glue (`_export_run_cabi`), which calls
/// [`Command::run`].
///
/// # Safety
/// Called by the host, once, as the canonical ABI's entry for `run`.
#[cfg_attr(
    not(target_env = "p3"),
    unsafe(export_name = "wasi:cli/run@0.2.12#run")
)]
#[cfg_attr(target_env = "p3", unsafe(export_name = "wasi:cli/run@0.3.0#run"))]
unsafe extern "C" fn run_export() -> i32 {
    // SAFETY: this is the export the generated glue is written for, called as the host calls it.
    unsafe { generated::exports::wasi::cli::run::_export_run_cabi::<Command>() }
}

/// `_start`: the entry symbol `wasm-ld` requires of a binary. Linking it is what brings in the
/// `run` export: it refers to [`run_export`] and to the generated function that sits next to the
/// component-type section, so the linker takes the objects holding both whatever the codegen
/// units of the build. The component does not export `_start`; a host that calls it anyway runs
/// the program as `run` would.
#[unsafe(no_mangle)]
pub extern "C" fn _start() {
    generated::__link_custom_section_describing_imports();
    // SAFETY: `_start` is called at most once, in place of `run`.
    let status = unsafe { run_export() };
    ending::exit(status)
}

#[cfg(feature = "platform")]
/// Makes `fn main() -> Result<(), E>` the program of a `no_std` command component.
///
/// It defines `__main_void`, the symbol the `run` export calls (rustc defines it for std
/// programs). An `Err` is reported on stderr through [`Report`] and ends the run with status 1,
/// as std does.
///
/// The binary must be `#![no_std]` and `#![no_main]`, have a global allocator and a panic
/// handler (features `global-allocator` and `panic-handler` of `wasi-shim` provide both), link
/// `wasi-shim-rt` (for `cabi_realloc` and `memcmp`), and be linked with
/// `-C link-self-contained=no`, `-C link-arg=--export-if-defined=wasi:cli/run@0.2.12#run` and
/// `-C link-arg=--wasi-adapter=none` (see `tests/nostd/.cargo/config.toml`).
///
/// # Examples
///
/// ```ignore
/// #![no_std]
/// #![no_main]
/// use wasi_shim::io::Write;
/// fn main() -> Result<(), wasi_shim::Errno> {
///     wasi_shim::stdio::stdout().write_all(b"hello\n")
/// }
/// wasi_shim_start::command!(main);
/// ```
#[cfg(feature = "platform")]
#[macro_export]
macro_rules! command {
    ($main:path) => {
        /// The program's `main`, called by the `wasi:cli/run` export of `wasi-shim-start`.
        #[unsafe(no_mangle)]
        pub extern "C" fn __main_void() -> i32 {
            $crate::exit_status($main())
        }
    };
}

/// An error `main` can return: it says itself on stderr (without `core::fmt`, which would be
/// most of a small component's size).
#[cfg(feature = "platform")]
pub trait Report {
    /// Writes the error to stderr.
    fn report(&self);
}

#[cfg(feature = "platform")]
impl Report for wasi_shim::Errno {
    /// `Error: ENOENT (No such file or directory)`.
    fn report(&self) {
        use wasi_shim::io::Write;
        let mut err = wasi_shim::stdio::stderr();
        for part in ["Error: ", self.name(), " (", self.message(), ")\n"] {
            let _ = err.write_all(part.as_bytes());
        }
    }
}

#[cfg(feature = "platform")]
impl Report for &str {
    /// `Error: <the text>`.
    fn report(&self) {
        use wasi_shim::io::Write;
        let mut err = wasi_shim::stdio::stderr();
        for part in ["Error: ", self, "\n"] {
            let _ = err.write_all(part.as_bytes());
        }
    }
}

/// The exit status of a `main` that returned `result`, reporting an error on stderr.
#[cfg(feature = "platform")]
#[doc(hidden)]
pub fn exit_status<E: Report>(result: Result<(), E>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) => {
            e.report();
            1
        }
    }
}
