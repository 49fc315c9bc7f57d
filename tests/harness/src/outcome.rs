//! The result of one guest run.

use std::fmt;
use std::time::Duration;

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The guest exited with this code.
    ///
    /// Under WASI: `wasi:cli/run#run` returning `ok` is 0 and `err` is 1; `wasi:cli/exit#exit`
    /// gives 0 or 1 and `wasi:cli/exit#exit-with-code` its code (both surface as a
    /// `wasmtime_wasi::I32Exit` error). Natively: the process's exit code.
    Exited(i32),
    /// The time limit was reached; the guest was stopped.
    TimedOut,
    /// The guest did not exit normally: a wasm trap, an instantiation or link failure, or any
    /// other host error (under WASI); killed by a signal (natively). The message says which.
    Trapped(String),
}

/// Everything a run produced.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// How the run ended.
    pub status: Status,
    /// Everything the guest wrote to stdout.
    pub stdout: Vec<u8>,
    /// Everything the guest wrote to stderr.
    pub stderr: Vec<u8>,
    /// Wall-clock time of the run (instantiation and run; compiling is not counted).
    pub elapsed: Duration,
}

impl Outcome {
    /// Stdout as UTF-8.
    ///
    /// # Panics
    ///
    /// If stdout is not valid UTF-8 (printing it lossily).
    pub fn stdout_str(&self) -> &str {
        std::str::from_utf8(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "guest stdout is not UTF-8 ({e}): {}",
                String::from_utf8_lossy(&self.stdout)
            )
        })
    }

    /// Stderr, lossily converted to UTF-8.
    pub fn stderr_lossy(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// The exit code, if the guest exited.
    pub fn exit_code(&self) -> Option<i32> {
        match self.status {
            Status::Exited(code) => Some(code),
            Status::TimedOut | Status::Trapped(_) => None,
        }
    }

    /// Whether the run hit its time limit.
    pub fn timed_out(&self) -> bool {
        self.status == Status::TimedOut
    }

    /// Asserts that the guest exited with code 0.
    ///
    /// # Panics
    ///
    /// Otherwise, printing the status, stdout and stderr.
    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        self.assert_exit_code(0)
    }

    /// Asserts that the guest exited with code `code`.
    ///
    /// # Panics
    ///
    /// Otherwise, printing the status, stdout and stderr.
    #[track_caller]
    pub fn assert_exit_code(&self, code: i32) -> &Self {
        assert!(
            self.status == Status::Exited(code),
            "expected the guest to exit with code {code}\n{self}"
        );
        self
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "status: {:?} after {:.2?}", self.status, self.elapsed)?;
        writeln!(f, "--- stdout ---")?;
        writeln!(f, "{}", String::from_utf8_lossy(&self.stdout))?;
        writeln!(f, "--- stderr ---")?;
        write!(f, "{}", String::from_utf8_lossy(&self.stderr))
    }
}
