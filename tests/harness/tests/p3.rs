//! WASI 0.3 (`wasm32-wasip3`): the first slice of the p3 backend, run as components in the
//! embedded wasmtime with WASI 0.3 in its linker.
//!
//! The `no_std` hello of `tests/nostd`, built with the p3 nightly and `-Zbuild-std=core,alloc`,
//! exercises the p3 runtime glue end to end: the stack pointer in context slot 0
//! (`__wasm_get_stack_pointer`), the task hook that gives the `run` task its stack, the
//! synchronously lifted `wasi:cli/run@0.3.0` export, stdout as a `stream<u8>` handed to the host,
//! and the exit through `wasi:cli/exit@0.3.0`.
//!
//! std programs built with `cargo xtask build-std --target wasm32-wasip3` (std, wasi-shim and
//! the program from source, no wasi-libc: `Variant::BuildStdP3`) are the differential guests of
//! `tests/guests` that p3 serves so far (`tests/guests-p3`), each compared with the same program
//! run natively, as on p2.

use std::collections::BTreeSet;
use std::time::Duration;
use wasi_shim_harness::{
    HostFlavour, RunConfig, Status, Variant, assert_same_lines, build_guests, build_nostd,
    build_nostd_p3, run, run_both, run_wasm, runtime,
};
use wasmparser::{Parser, Payload};

fn hello_path() -> std::path::PathBuf {
    build_nostd_p3()
        .unwrap_or_else(|e| panic!("{e}"))
        .join("nostd-hello.wasm")
}

#[test]
fn nostd_hello_prints_on_p3() {
    let out = runtime().block_on(run_wasm(&hello_path(), "nostd-hello", &RunConfig::new()));
    out.assert_success();
    assert_eq!(out.stdout_str(), "hello from no_std\n");
}

/// The same `no_std` program built for p2 and for p3 prints the same lines and ends with the same
/// status: arguments, the environment, standard input read to its end, a sleep measured on the monotonic clock, the realtime
/// clock, random bytes and `exit`.
#[test]
fn cli_basics_behave_as_on_p2() {
    let cfg = RunConfig::new()
        .args(["one", "two words", "exit=3"])
        .env("GREETING", "hello, p3")
        .stdin("first line of the input\nsecond line\n");
    let p2 = build_nostd().unwrap_or_else(|e| panic!("{e}"));
    let p3 = build_nostd_p3().unwrap_or_else(|e| panic!("{e}"));
    let expected = "arg 1: one\n\
                    arg 2: two words\n\
                    arg 3: exit=3\n\
                    GREETING: Some(\"hello, p3\")\n\
                    stdin: 36 bytes, first line \"first line of the input\"\n\
                    slept at least 30 ms: true\n\
                    monotonic resolution below 1 s: true\n\
                    realtime after 2023: true\n\
                    random: true\n\
                    exit status: 3\n";
    for dir in [p2, p3] {
        let path = dir.join("cli-basics.wasm");
        let out = runtime().block_on(run_wasm(&path, "cli-basics", &cfg));
        assert_eq!(
            out.status,
            wasi_shim_harness::Status::Exited(3),
            "{}: {out:?}",
            path.display()
        );
        assert_eq!(out.stdout_str(), expected, "{}", path.display());
    }
}

/// The `no_std` file copier of p2 (wasi-shim's safe `fs` API, its heap, `cabi_realloc` from
/// `wasi-shim-rt`) built for p3: the same copy, digest and error as on p2.
#[test]
fn nostd_copy_digest_behaves_as_on_p2() {
    let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let digest = data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let p2 = build_nostd().unwrap_or_else(|e| panic!("{e}"));
    let p3 = build_nostd_p3().unwrap_or_else(|e| panic!("{e}"));
    for dir in [p2, p3] {
        let path = dir.join("copy-digest.wasm");
        let sandbox = wasi_shim_harness::Sandbox::new();
        std::fs::write(sandbox.path().join("in.bin"), &data).unwrap();
        let cfg = sandbox.apply(Variant::Shim, RunConfig::new().args(["in.bin", "out.bin"]));
        let out = runtime().block_on(run_wasm(&path, "copy-digest", &cfg));
        out.assert_success();
        assert_eq!(
            out.stdout_str(),
            format!("copied {} bytes, fnv1a64 {digest:016x}\n", data.len()),
            "{}",
            path.display()
        );
        assert_eq!(std::fs::read(sandbox.path().join("out.bin")).unwrap(), data);
        let cfg = sandbox.apply(Variant::Shim, RunConfig::new().args(["missing", "x"]));
        let out = runtime().block_on(run_wasm(&path, "copy-digest", &cfg));
        out.assert_exit_code(1);
        assert_eq!(
            out.stderr_lossy(),
            "Error: ENOENT (No such file or directory)\n",
            "{}",
            path.display()
        );
    }
}

/// The component's own imports, and the main core module's imports from `env` (which, on p3,
/// are the thread-context functions wit-component resolves, and nothing else: any other name
/// would be a function no crate defined).
fn imports(path: &std::path::Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (mut component, mut env) = (BTreeSet::new(), BTreeSet::new());
    // `parse_all` walks nested components and modules too: `depth` 1 is the outer component.
    let (mut core_modules, mut depth) = (0, 0);
    for payload in Parser::new(0).parse_all(&bytes) {
        match payload.expect("a valid component") {
            Payload::Version { .. } => depth += 1,
            Payload::End(_) => depth -= 1,
            Payload::ModuleSection { .. } => core_modules += 1,
            Payload::ImportSection(reader) if core_modules == 1 => {
                for import in reader.into_imports() {
                    let import = import.expect("an import");
                    if import.module == "env" {
                        env.insert(import.name.to_string());
                    }
                }
            }
            Payload::ComponentImportSection(reader) if depth == 1 => {
                for import in reader {
                    component.insert(import.expect("a component import").name.name.to_string());
                }
            }
            _ => {}
        }
    }
    (component, env)
}

/// Only WASI 0.3 interfaces are imported (no WASI 0.2, no preview 1 adapter), and only what the
/// program uses: a hello imports no stdin, filesystem or sockets.
#[test]
fn nostd_hello_imports_only_what_it_uses_of_wasi_0_3() {
    let (component, env) = imports(&hello_path());
    assert_eq!(
        component,
        BTreeSet::from(
            [
                "wasi:cli/exit@0.3.0",
                "wasi:cli/stderr@0.3.0",
                "wasi:cli/stdout@0.3.0",
                "wasi:cli/types@0.3.0",
            ]
            .map(String::from)
        )
    );
    let context = ["__wasm_get_stack_pointer", "__wasm_set_stack_pointer"];
    assert!(
        env.iter().all(|name| context.contains(&name.as_str())
            || name == "__wasm_get_tls_base"
            || name == "__wasm_set_tls_base"),
        "env imports beyond the thread context: {env:?}"
    );
    assert!(
        context.iter().all(|name| env.contains(*name)),
        "the stack pointer is not in a context slot: {env:?}"
    );
}

/// As on p2 (`nostd_hello_links_no_heap`), a p3 component that only prints makes no descriptor
/// table and links no heap: the standard streams live apart from the table, and without lists to
/// receive there is no `cabi_realloc` (the root that would keep the heap alive). `cli-basics`
/// receives its arguments and needs one: the check can see it.
#[test]
fn nostd_hello_links_no_heap_on_p3() {
    let dir = build_nostd_p3().unwrap_or_else(|e| panic!("{e}"));
    let exports_realloc = |name: &str| {
        let bytes = std::fs::read(dir.join(format!("{name}.wasm"))).unwrap();
        bytes.windows(12).any(|w| w == b"cabi_realloc")
    };
    assert!(!exports_realloc("nostd-hello"));
    assert!(exports_realloc("cli-basics"));
}

/// A stdout the host fails: the write returns an error and `main`'s `Err` is reported on stderr
/// (status 1), on p3 as on p2, for a host that takes some bytes and then fails, and for one that
/// takes none.
#[test]
fn a_failing_stdout_is_an_error_on_p3_as_on_p2() {
    use wasi_shim_harness::StdoutFault;
    let p2 = build_nostd().unwrap_or_else(|e| panic!("{e}"));
    let p3 = build_nostd_p3().unwrap_or_else(|e| panic!("{e}"));
    for fault in [StdoutFault::Closed, StdoutFault::FailsAfter(5)] {
        let cfg = RunConfig::new().stdout_fault(fault);
        let run = |dir: &std::path::Path| {
            runtime().block_on(run_wasm(&dir.join("nostd-hello.wasm"), "nostd-hello", &cfg))
        };
        let (on_p2, on_p3) = (run(&p2), run(&p3));
        assert_eq!(
            on_p3.status,
            wasi_shim_harness::Status::Exited(1),
            "{on_p3:?}"
        );
        assert_eq!(on_p3.status, on_p2.status);
        assert_eq!(on_p3.stdout, on_p2.stdout);
        assert_eq!(on_p3.stderr_lossy(), on_p2.stderr_lossy());
    }
}

/// File I/O over WASI 0.3's streams (`wasi_shim_sys::p3_file`, which the platform layer's p3
/// filesystem will stand on): writes at explicit offsets and appending writes are in the file
/// when they return, reads
/// from an offset give the bytes back in any read size, a read past the end is the end of file,
/// a directory lists its entries with their types, and the host's errors come through (`EBADF`
/// for a read-only descriptor). The file is gone after the unlink, on the host too.
#[test]
fn p3_file_streams_read_and_write_at_offsets() {
    let sandbox = wasi_shim_harness::Sandbox::new();
    let path = build_nostd_p3()
        .unwrap_or_else(|e| panic!("{e}"))
        .join("p3-files.wasm");
    let cfg = RunConfig::new().preopen(sandbox.path(), "/data");
    let out = runtime().block_on(run_wasm(&path, "p3-files", &cfg));
    out.assert_success();
    assert_eq!(
        out.stdout_str(),
        "wrote 7, 6 and 102400 bytes\n\
         size: 102413\n\
         appended (7, 7): grew by 14, \"tail 1\\ntail 2\\n\"\n\
         read in 7-byte reads: 102427 bytes, same: true\n\
         read in 65536-byte reads: 102427 bytes, same: true\n\
         from offset 7: starts with \"files\": true\n\
         from past the end: 0 bytes\n\
         entries: p3-files.txt (file), sub (directory)\n\
         write through a read-only descriptor: Err(\"EBADF\")\n\
         after unlink: Err(\"ENOENT\")\n"
    );
    assert!(!sandbox.path().join("p3-files.txt").exists());
}

/// Reading files imports `wasi:filesystem`, and nothing of standard input: the streams'
/// intrinsics are named after the filesystem's own functions.
#[test]
fn p3_file_streams_import_no_stdin() {
    let dir = build_nostd_p3().unwrap_or_else(|e| panic!("{e}"));
    let (component, _) = imports(&dir.join("p3-files.wasm"));
    assert!(
        component.contains("wasi:filesystem/types@0.3.0"),
        "{component:?}"
    );
    assert!(!component.contains("wasi:cli/stdin@0.3.0"), "{component:?}");
}

// ---------------------------------------------------------------------------------------------
// std over wasi-shim on wasm32-wasip3

/// Runs `guest` built for p3 and natively with `cfg`; both succeed and print the same lines.
fn std_same_as_native(guest: &str, cfg: &RunConfig) -> String {
    let (p3, native) = run_both(Variant::BuildStdP3, guest, cfg);
    p3.assert_success();
    native.assert_success();
    assert_same_lines(p3.stdout_str(), native.stdout_str());
    p3.stdout_str().to_owned()
}

#[test]
fn std_hello_prints_on_p3() {
    let out = run(Variant::BuildStdP3, "hello", &RunConfig::new());
    out.assert_success();
    assert_eq!(out.stdout_str(), "hello from guest\n");
}

/// Arguments, the environment, stdin read to its end and `std::process::exit(7)`.
#[test]
fn std_args_env_stdin_and_exit_code_on_p3() {
    let cfg = RunConfig::new()
        .args(["first", "second arg", ""])
        .env("T_A", "1 one")
        .env("T_EXIT", "7")
        .stdin("line one\nline two\n");
    let p3 = run(Variant::BuildStdP3, "echo_args_env", &cfg);
    let native = run(Variant::Native, "echo_args_env", &cfg);
    assert_eq!(p3.exit_code(), Some(7), "{p3}");
    assert_eq!(native.exit_code(), Some(7), "{native}");
    assert_same_lines(p3.stdout_str(), native.stdout_str());
    assert!(p3.stdout_str().ends_with("line one\nline two\n"), "{p3}");
}

#[test]
fn std_env_vars_on_p3() {
    let out = std_same_as_native("env_vars", &wasi_shim_harness::env_vars_config());
    assert!(out.contains("var T_EQ: Ok(\"a=b=c\")"), "{out}");
}

#[test]
fn std_args_roundtrip_on_p3() {
    let args = [
        "",
        "plain",
        "two words",
        "héllo wörld",
        "日本語",
        "tab\there",
        "🦀",
    ];
    let out = std_same_as_native("args_roundtrip", &RunConfig::new().args(args));
    assert!(out.contains("count: 7"), "{out}");
}

/// `Instant`, `SystemTime` and `thread::sleep` (through `clock_nanosleep`) behave.
#[test]
fn std_clocks_and_sleep_on_p3() {
    let out = std_same_as_native("clock_time", &RunConfig::new());
    assert!(out.lines().all(|l| l.ends_with(": true")), "{out}");
}

/// libm under std: every result as glibc's.
#[test]
fn std_math_on_p3() {
    std_same_as_native("math_funcs", &RunConfig::new());
}

/// A few MiB through one `stream<u8>`: every write completes, in order.
#[test]
fn std_large_stdout_on_p3() {
    std_same_as_native("stdout_large", &RunConfig::new());
}

/// A `thread_local!` destructor runs when `main` returns (through the C library's
/// `pthread_key_create` destructors and `__wasm_call_dtors`), as on p2.
#[test]
fn std_thread_local_destructors_on_p3() {
    let out = run(Variant::BuildStdP3, "tls_dtors", &RunConfig::new());
    out.assert_success();
    assert_eq!(out.stderr_lossy(), "dropped first\n", "{out}");
}

/// As on p2 (documented deviation): no threads, so `spawn` fails with `Unsupported`; the rest
/// (the main thread's name, `thread_local!`, parallelism) is as native.
#[test]
fn std_threads_on_p3_as_on_p2() {
    let (p3, native) = run_both(Variant::BuildStdP3, "thread_spawn", &RunConfig::new());
    p3.assert_success();
    native.assert_success();
    let deviations = ["spawn is_err", "spawn result", "spawn_scoped is_err"];
    let keep = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !deviations.iter().any(|d| l.starts_with(d)))
            .map(String::from)
            .collect()
    };
    assert_eq!(keep(p3.stdout_str()), keep(native.stdout_str()));
    for line in [
        "spawn is_err: true",
        "spawn result: Err(Unsupported)",
        "spawn_scoped is_err: true",
    ] {
        assert!(p3.stdout_str().lines().any(|l| l == line), "{line}\n{p3}");
    }
}

/// std and wasi-shim are compiled in one graph with the crate's own profile on p3 too, so any
/// profile works: dev (no optimization: every function calls the context-slot stack pointer, and
/// the task hook, in assembly, makes no frame) and fat LTO at `opt-level = "z"` (which keeps the
/// task hook and the `run` export in the link).
#[test]
fn std_profiles_dev_and_fat_lto_on_p3() {
    let cfg = RunConfig::new()
        .args(["x", "y z"])
        .env("T_EXIT", "5")
        .stdin("in\n");
    let native = run(Variant::Native, "echo_args_env", &cfg);
    assert_eq!(native.exit_code(), Some(5), "{native}");
    for profile in ["dev", "release-lto"] {
        let path = wasi_shim_harness::build_std_p3_guest("echo_args_env", profile)
            .unwrap_or_else(|e| panic!("{e}"));
        let out = runtime().block_on(run_wasm(&path, "echo_args_env", &cfg));
        assert_eq!(out.exit_code(), Some(5), "{profile}: {out}");
        assert_eq!(out.stdout_str(), native.stdout_str(), "{profile}");
    }
}

/// Runs `guest` built for p3 and natively; both succeed, and they print the same lines except
/// those starting with a prefix of `deviations`, where p3 prints the line given (each one a
/// deviation p2 documents and has too: docs/COVERAGE.md).
fn std_same_as_native_except(guest: &str, deviations: &[(&str, &str)]) {
    let (p3, native) = run_both(Variant::BuildStdP3, guest, &RunConfig::new());
    p3.assert_success();
    native.assert_success();
    let deviating = |l: &&str| deviations.iter().any(|(prefix, _)| l.starts_with(prefix));
    let keep = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !deviating(l))
            .map(String::from)
            .collect()
    };
    assert_eq!(keep(p3.stdout_str()), keep(native.stdout_str()), "{guest}");
    for (prefix, expected) in deviations {
        let line = p3.stdout_str().lines().find(|l| l.starts_with(prefix));
        assert_eq!(line, Some(*expected), "{guest}: {prefix}");
    }
}

/// Files, directories and the current directory over WASI 0.3: std's `fs` and the shim's path
/// resolution, as on p2, against native.
#[test]
fn std_fs_basic_on_p3() {
    std_same_as_native("fs_basic", &RunConfig::new());
}

#[test]
fn std_fs_dirs_on_p3() {
    std_same_as_native("fs_dirs", &RunConfig::new());
}

#[test]
fn std_fs_errors_on_p3() {
    std_same_as_native("fs_errors", &RunConfig::new());
}

#[test]
fn std_fs_links_on_p3() {
    std_same_as_native("fs_links", &RunConfig::new());
}

#[test]
fn std_env_cwd_on_p3() {
    std_same_as_native("env_cwd", &RunConfig::new());
}

#[test]
fn std_dot_paths_on_p3() {
    std_same_as_native("dot_paths", &RunConfig::new());
}

#[test]
fn std_fd_table_on_p3() {
    std_same_as_native("fd_table", &RunConfig::new());
}

/// As on p2: WASI cannot store permissions, so making a file read-only is refused.
#[test]
fn std_fs_meta_on_p3() {
    std_same_as_native_except(
        "fs_meta",
        &[
            (
                "set_permissions(readonly)",
                "set_permissions(readonly): Err(Unsupported)",
            ),
            ("readonly after set", "readonly after set: Ok(false)"),
        ],
    );
}

/// As on p2: after another description appended, an appending description's offset is the end
/// of the file.
#[test]
fn std_fs_ops_on_p3() {
    std_same_as_native_except(
        "fs_ops",
        &[(
            "pos of the other appender",
            "pos of the other appender: Ok(100018)",
        )],
    );
}

/// As on p2: WASI paths are UTF-8, so a non-UTF-8 name is `EILSEQ`.
#[test]
fn std_path_resolve_on_p3() {
    std_same_as_native_except(
        "path_resolve",
        &[(
            "non-utf8 open",
            "non-utf8 open: Err(Uncategorized) EILSEQ=true",
        )],
    );
}

/// std::net over loopback in one program: TCP listen, connect, accept, reads and writes, peek,
/// vectored writes, options, read timeouts, non-blocking reads and accepts, shutdown,
/// `connect_timeout`, UDP with peek, connect, timeouts and non-blocking receives, name lookup,
/// and a refused connection: the same lines as natively.
#[test]
fn std_net_loopback_on_p3() {
    std_same_as_native("net_loopback", &RunConfig::new());
}

/// `poll` on p3 (docs/WASIP3.md): mio's single-threaded echo loop over its `poll(2)` selector
/// completes on both host runtimes and prints the same steps as natively. A socket's readiness
/// is found by starting its read, accept or zero-length write, so the loop's reads, accepts and
/// writes after `poll` find what the probes moved.
#[test]
fn mio_echo_on_p3() {
    same_as_native_on_both_hosts("net_mio_echo");
}

/// mio's readiness-driven TCP and UDP loops (edge-triggered events, a UDP server that polls
/// before it receives) on p3, as natively.
#[test]
fn mio_events_on_p3() {
    same_as_native_on_both_hosts("net_mio_events");
}

/// Runs `guest` on p3 on the multi-threaded and on the current-thread host runtime: each run
/// succeeds and prints exactly what the native run prints.
fn same_as_native_on_both_hosts(guest: &str) {
    for host in [HostFlavour::MultiThread, HostFlavour::CurrentThread] {
        let cfg = RunConfig::new()
            .host(host)
            .timeout(Duration::from_secs(120));
        let (p3, native) = run_both(Variant::BuildStdP3, guest, &cfg);
        p3.assert_success();
        native.assert_success();
        assert_eq!(p3.stdout_str(), native.stdout_str(), "{host:?}");
    }
}

/// Non-blocking TCP in one thread on p3 (write until `WouldBlock`, then read until
/// `WouldBlock`, 16 MiB): it completes on both host runtimes.
#[test]
fn nonblocking_transfer_completes_on_p3() {
    for host in [HostFlavour::MultiThread, HostFlavour::CurrentThread] {
        let cfg = RunConfig::new()
            .arg("16")
            .host(host)
            .timeout(Duration::from_secs(180));
        let out = run(Variant::BuildStdP3, "net_bulk_nonblocking", &cfg);
        out.assert_success();
        assert_eq!(out.stdout_str(), "moved 16 MiB\n", "{host:?}");
    }
}

/// `O_NONBLOCK` and `poll` on standard input on p3 (stdin stays open after its first bytes):
/// `poll` waits for the first bytes (a read ahead that the next read returns), a second read
/// says `EAGAIN`, a short `poll` finds nothing, and `F_GETFL` shows the flag: as natively.
#[test]
fn nonblocking_stdin_and_poll_on_p3() {
    let cfg = RunConfig::new()
        .stdin("hello")
        .stdin_stays_open()
        .timeout(Duration::from_secs(30));
    let (p3, native) = run_both(Variant::BuildStdP3, "stdin_nonblock", &cfg);
    p3.assert_success();
    native.assert_success();
    assert_same_lines(p3.stdout_str(), native.stdout_str());
    assert!(
        p3.stdout_str()
            .contains("read with nothing there: Err(EAGAIN)\n"),
        "{p3}"
    );
}

/// Every std facility the libc layer serves but sockets, in one program (the link test's guest
/// on p2): the same output as under the shim on p2 (`kitchen_sink_runs_under_the_shim`; its
/// output names host paths, so it is not compared with native line by line).
#[test]
fn std_kitchen_sink_on_p3() {
    let sandbox = wasi_shim_harness::Sandbox::new();
    let cfg = sandbox.apply(Variant::BuildStdP3, RunConfig::new().stdin("four"));
    let out = run(Variant::BuildStdP3, "kitchen_sink", &cfg);
    out.assert_exit_code(3);
    let stdout = out.stdout_str();
    assert!(
        stdout.starts_with("hello kitchen\nab\nlen 4 readonly false\n"),
        "{out}"
    );
    assert!(stdout.contains("[\"file.txt\", \"sub\"]\n"), "{out}");
    assert!(stdout.contains("cwd ends with kitchen: true\n"), "{out}");
    assert!(stdout.contains("env Ok(\"sink\") true\n"), "{out}");
    assert!(stdout.contains("slept true\nafter 2020 true\n"), "{out}");
    assert!(stdout.contains("spawn true\n"), "{out}");
    assert_eq!(out.stderr_lossy(), "stdin 4 bytes\n");
}

/// A panic aborts, which is a trap, as on p2; what was printed before it is kept, and the
/// message reaches stderr.
#[test]
fn std_panic_traps_on_p3() {
    let out = run(Variant::BuildStdP3, "panic", &RunConfig::new());
    let Status::Trapped(msg) = &out.status else {
        panic!("expected a trap\n{out}");
    };
    assert!(msg.contains("unreachable"), "{msg}");
    assert_eq!(out.stdout_str(), "about to panic\n");
    assert!(out.stderr_lossy().contains("boom"), "{out}");
}

/// Every std guest imports WASI 0.3 only (no WASI 0.2, no preview 1 adapter), exports
/// `wasi:cli/run@0.3.0`, and its main module imports nothing from `env` but the thread context.
#[test]
fn std_components_import_only_wasi_0_3() {
    let dir = build_guests(Variant::BuildStdP3);
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the p3 guests' folder") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "wasm") {
            continue;
        }
        seen += 1;
        let (component, env) = imports(&path);
        assert!(
            component
                .iter()
                .all(|name| name.starts_with("wasi:") && name.ends_with("@0.3.0")),
            "{}: {component:?}",
            path.display()
        );
        assert!(component.contains("wasi:cli/stdout@0.3.0"), "{component:?}");
        assert!(
            env.iter()
                .all(|name| name.starts_with("__wasm_get_") || name.starts_with("__wasm_set_")),
            "{}: env imports beyond the thread context: {env:?}",
            path.display()
        );
        let bytes = std::fs::read(&path).expect("the component");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("wasi:cli/run@0.3.0"), "{}", path.display());
        assert!(
            !text.contains("wasi_snapshot_preview1"),
            "{}",
            path.display()
        );
        assert!(
            !text.contains("@0.2."),
            "{}: a WASI 0.2 name",
            path.display()
        );
    }
    assert!(seen >= 10, "only {seen} components in {}", dir.display());
}
