//! The environment: `wasi:cli/environment`, fetched once on first use and then kept and changed
//! here (WASI has no way to change the host's copy, and POSIX changes are process-local anyway).
//!
//! Each variable is stored as one `NAME=VALUE` string with a NUL after it, which is the form C's
//! `environ` needs; the C-ABI layer hands out pointers into these strings.

use crate::global::Global;
use alloc::string::String;
use alloc::vec::Vec;

static VARS: Global<Option<Vec<String>>> = Global::new(None);

fn with_vars<R>(f: impl FnOnce(&mut Vec<String>) -> R) -> R {
    VARS.with(|vars| {
        let vars = vars.get_or_insert_with(|| {
            crate::import_alloc::receiving(wasi_shim_sys::wasi::cli::environment::get_environment)
                .into_iter()
                // A name with `=` or NUL cannot be represented in `environ`; such pairs are
                // dropped, as wasi-libc drops them.
                .filter(|(k, v)| !k.contains(['=', '\0']) && !v.contains('\0'))
                .map(|(k, v)| entry(&k, &v))
                .collect()
        });
        f(vars)
    })
}

fn entry(name: &str, value: &str) -> String {
    let mut s = String::with_capacity(name.len() + value.len() + 2);
    s.push_str(name);
    s.push('=');
    s.push_str(value);
    s.push('\0');
    s
}

fn split(entry: &str) -> (&str, &str) {
    let entry = entry.strip_suffix('\0').unwrap_or(entry);
    entry.split_once('=').unwrap_or((entry, ""))
}

/// Whether `name` can name a variable: not empty, no `=`, no NUL (POSIX `setenv`'s `EINVAL`).
#[must_use]
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['=', '\0'])
}

/// The value of `name`.
#[must_use]
pub fn var(name: &str) -> Option<String> {
    with_vars(|vars| {
        vars.iter()
            .map(|e| split(e))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| String::from(v))
    })
}

/// Runs `f` with every variable as a `NAME=VALUE\0` string, in the host's order.
pub fn with_entries<R>(f: impl FnOnce(&[String]) -> R) -> R {
    with_vars(|vars| f(vars))
}

/// Sets `name` to `value`, replacing any old value unless `overwrite` is false.
/// Returns false when `name` or `value` cannot be stored (see [`is_valid_name`]).
pub fn set_var(name: &str, value: &str, overwrite: bool) -> bool {
    if !is_valid_name(name) || value.contains('\0') {
        return false;
    }
    with_vars(|vars| {
        if let Some(slot) = vars.iter_mut().find(|e| split(e).0 == name) {
            if overwrite {
                *slot = entry(name, value);
            }
        } else {
            vars.push(entry(name, value));
        }
    });
    true
}

/// Removes `name`. Returns false when `name` is not a valid name.
pub fn remove_var(name: &str) -> bool {
    if !is_valid_name(name) {
        return false;
    }
    with_vars(|vars| vars.retain(|e| split(e).0 != name));
    true
}

/// The program's arguments, as the host gives them (`argv[0]` first).
#[must_use]
pub fn args() -> Vec<String> {
    crate::import_alloc::receiving(wasi_shim_sys::wasi::cli::environment::get_arguments)
}
