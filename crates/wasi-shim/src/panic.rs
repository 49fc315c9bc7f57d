//! A panic handler for `no_std` components (feature `panic-handler`): it writes the message to
//! standard error and traps, as `panic = "abort"` does in std.
//!
//! It prints the panic's message when that is a plain string (the usual `panic!("...")`,
//! `expect("...")` and `unreachable!()` cases) and its location, without `core::fmt`: formatting
//! machinery would be most of a small component's size. Messages with arguments print as
//! "panicked" with the location.

use crate::io::Write;

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    let mut err = crate::stdio::stderr();
    let _ = err.write_all(b"panicked: ");
    let _ = err.write_all(
        info.message()
            .as_str()
            .unwrap_or("(formatted message)")
            .as_bytes(),
    );
    if let Some(location) = info.location() {
        let _ = err.write_all(b" at ");
        let _ = err.write_all(location.file().as_bytes());
        // The line number in decimal, written from the end of a buffer that holds any `u32`,
        // without indexing (a bounds check here would link core's formatting code).
        let mut line = [0u8; 10];
        let mut n = location.line();
        let mut digits = 0;
        for digit in line.iter_mut().rev() {
            *digit = b'0' + (n % 10) as u8;
            n /= 10;
            digits += 1;
            if n == 0 {
                break;
            }
        }
        let _ = err.write_all(b":");
        let _ = err.write_all(line.get(line.len() - digits..).unwrap_or_default());
    }
    let _ = err.write_all(b"\n");
    core::arch::wasm32::unreachable()
}
