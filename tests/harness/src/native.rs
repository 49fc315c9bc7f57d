//! Running guests of [`crate::Variant::Native`] as child processes.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::{Outcome, RunConfig, Status};

/// How often a native run checks whether the child has exited.
const POLL: Duration = Duration::from_millis(5);

/// Runs the native executable at `path` as a child process with `argv[0] = argv0` (on Unix) and
/// `cfg`: the same args, an environment cleared and set to exactly `cfg`'s variables, the same
/// stdin bytes, current directory = the host directory backing `cfg`'s initial cwd
/// ([`RunConfig::host_cwd`]; the harness's own current directory if none is set), and the same
/// time limit (the child is killed when it is reached). Preopens only serve to map the cwd: a
/// native guest sees the whole host filesystem.
///
/// # Panics
///
/// If the process cannot be spawned, or if the cwd lies in no preopen.
pub fn run_native(path: &Path, argv0: &str, cfg: &RunConfig) -> Outcome {
    let mut cmd = Command::new(path);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::arg0(&mut cmd, argv0);
    #[cfg(not(unix))]
    let _ = argv0;
    cmd.args(&cfg.args)
        .env_clear()
        .envs(cfg.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match cfg.stdout_fault {
        None => {}
        Some(crate::StdoutFault::Closed) => {
            // A pipe whose read end is closed before the program starts.
            let (reader, writer) = std::io::pipe().expect("a pipe");
            drop(reader);
            cmd.stdout(Stdio::from(writer));
        }
        Some(crate::StdoutFault::FailsAfter(_)) => {
            panic!("StdoutFault::FailsAfter is for WASI runs only")
        }
    }
    if let Some(dir) = cfg.host_cwd() {
        cmd.current_dir(dir);
    }

    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot spawn {}: {e}", path.display()));
    let stdin = child.stdin.take().expect("piped stdin");
    let input = cfg.stdin.clone();
    let stays_open = cfg.stdin_stays_open;
    let writer = thread::spawn(move || {
        let mut stdin = stdin;
        // The child may exit without reading everything: a broken pipe is not an error here.
        let _ = stdin.write_all(&input);
        // Returned (so kept open until the child has exited) when stdin stays open.
        stays_open.then_some(stdin)
    });
    let stdout = match child.stdout.take() {
        Some(pipe) => reader(pipe),
        None => thread::spawn(Vec::new),
    };
    let stderr = reader(child.stderr.take().expect("piped stderr"));

    let status = match wait_with_deadline(&mut child, start + cfg.timeout) {
        Some(exit) => exit_status(exit),
        None => {
            // Best effort: the child may have exited just now.
            let _ = child.kill();
            let _ = child.wait();
            Status::TimedOut
        }
    };
    let elapsed = start.elapsed();
    let _ = writer.join();
    Outcome {
        status,
        stdout: stdout.join().expect("stdout reader panicked"),
        stderr: stderr.join().expect("stderr reader panicked"),
        elapsed,
    }
}

fn reader(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

/// Waits for `child` until `deadline`; `None` if it is still running then.
fn wait_with_deadline(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    loop {
        if let Some(status) = child.try_wait().expect("cannot wait for the child") {
            return Some(status);
        }
        let now = Instant::now();
        if now >= deadline {
            return None;
        }
        thread::sleep(POLL.min(deadline - now));
    }
}

fn exit_status(status: ExitStatus) -> Status {
    match status.code() {
        Some(code) => Status::Exited(code),
        None => Status::Trapped(format!("native process ended abnormally: {status}")),
    }
}
