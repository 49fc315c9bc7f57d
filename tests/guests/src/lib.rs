//! Output helpers shared by the guest programs (`src/bin/*.rs`): every guest prints one line
//! per observation, with results in these forms, so that runs compare line by line.

use std::io;

/// `Ok(value)` or `Err(kind)`.
pub fn show<T: std::fmt::Debug>(r: io::Result<T>) -> String {
    match r {
        Ok(v) => format!("Ok({v:?})"),
        Err(e) => format!("Err({:?})", e.kind()),
    }
}

/// `Ok` or `Err(kind)`, without the value.
pub fn kind<T>(r: io::Result<T>) -> String {
    match r {
        Ok(_) => "Ok".to_owned(),
        Err(e) => format!("Err({:?})", e.kind()),
    }
}
