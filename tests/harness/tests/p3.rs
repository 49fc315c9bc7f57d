//! WASI 0.3 (`wasm32-wasip3`): the first slice of the p3 backend, run as components in the
//! embedded wasmtime with WASI 0.3 in its linker.
//!
//! The `no_std` hello of `tests/nostd`, built with the p3 nightly and `-Zbuild-std=core,alloc`,
//! exercises the p3 runtime glue end to end: the stack pointer in context slot 0
//! (`__wasm_get_stack_pointer`), the task hook that gives the `run` task its stack, the
//! synchronously lifted `wasi:cli/run@0.3.0` export, stdout as a `stream<u8>` handed to the host,
//! and the exit through `wasi:cli/exit@0.3.0`.

use std::collections::BTreeSet;
use wasi_shim_harness::{RunConfig, build_nostd, build_nostd_p3, run_wasm, runtime};
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
