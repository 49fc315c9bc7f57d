//! Library components ("reactors") over wasi-shim: the example crate `tests/reactor` exports
//! `wasi-shim:example/files` and `wasi-shim:example/runtime`; one instance is called many times.
//!
//! What is checked:
//! * the component: it exports the two interfaces and not `wasi:cli/run`, holds no adapter, no
//!   wasi-libc code, no `env` import, and no constructors;
//! * state persists between export calls: descriptors opened in one call serve the next, and the
//!   shim's descriptor table (lowest free number) is never re-created;
//! * errors: unknown handles, paths outside the sandbox;
//! * env and clocks;
//! * the same operations give the same results natively: `tests/reactor/src/ops.rs` is compiled
//!   into this test (`#[path]`) and run on the host;
//! * the shim's lazy initialization during the first-ever export call, while the host returns a
//!   list through `cabi_realloc` (observed with wasmtime's call hook);
//! * the dependency route: the same crate linked through a cargo dependency on wasi-shim-libc.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use wasi_shim_harness::{
    LibraryHost, RunConfig, Sandbox, build_library, count_host_calls, count_realloc_reentries,
    library_linker, load_component, reactor_component, reactor_manifest, shim_rustflags,
};
use wasmparser::{Parser, Payload};

/// The operations, compiled natively: the very file the component is built from.
#[path = "../../reactor/src/ops.rs"]
mod ops;

/// Typed bindings of the world `library` (the generated items have no docs).
mod bindings {
    #![allow(missing_docs)]
    wasmtime::component::bindgen!({
        path: "../reactor/wit",
        world: "library",
        exports: { default: async },
    });
}
use bindings::Library;

/// Time limit of each instantiation and export call.
const CALL_LIMIT: Duration = Duration::from_secs(30);

/// One instance of a library component, with typed calls (each bounded by [`CALL_LIMIT`]).
struct Lib {
    host: LibraryHost,
    bindings: Library,
}

impl Lib {
    /// Instantiates the component at `path` once, with `cfg`'s WASI context.
    fn new(path: &Path, cfg: &RunConfig) -> Self {
        let component = load_component(path).unwrap_or_else(|e| panic!("{e}"));
        let mut host = LibraryHost::new("reactor", &cfg.clone().timeout(CALL_LIMIT));
        let bindings = host.instantiate(async |store| {
            Library::instantiate_async(store, &component, library_linker()).await
        });
        // Instantiation runs no guest code; start counting transitions from here.
        host.store().data_mut().take_transitions();
        Self { host, bindings }
    }

    /// The example component, linked with the shim, in a fresh instance.
    fn shim(cfg: &RunConfig) -> Self {
        Self::new(&reactor_component(), cfg)
    }

    fn env(&mut self, name: &str) -> Option<String> {
        let rt = self.bindings.wasi_shim_example_runtime();
        self.host.call("env", async |s| rt.call_env(s, name).await)
    }

    fn elapsed_nanos(&mut self) -> u64 {
        let rt = self.bindings.wasi_shim_example_runtime();
        self.host.call("elapsed-nanos-since-first-call", async |s| {
            rt.call_elapsed_nanos_since_first_call(s).await
        })
    }

    fn unix_seconds(&mut self) -> u64 {
        let rt = self.bindings.wasi_shim_example_runtime();
        self.host
            .call("unix-seconds", async |s| rt.call_unix_seconds(s).await)
    }

    fn current_dir(&mut self) -> Result<String, String> {
        let rt = self.bindings.wasi_shim_example_runtime();
        self.host
            .call("current-dir", async |s| rt.call_current_dir(s).await)
    }

    /// The host/wasm transitions since the last call of this function.
    fn transitions(&mut self) -> Vec<wasmtime::CallHook> {
        self.host.store().data_mut().take_transitions()
    }
}

/// The `files` interface, natively ([`ops::Files`]) or in a component ([`Lib`]).
trait FilesApi {
    fn open(&mut self, path: &str) -> Result<u32, String>;
    fn append(&mut self, handle: u32, data: &[u8]) -> Result<(), String>;
    fn read_all(&mut self, handle: u32) -> Result<Vec<u8>, String>;
    fn close(&mut self, handle: u32) -> Result<(), String>;
}

impl FilesApi for ops::Files {
    fn open(&mut self, path: &str) -> Result<u32, String> {
        ops::Files::open(self, path)
    }
    fn append(&mut self, handle: u32, data: &[u8]) -> Result<(), String> {
        ops::Files::append(self, handle, data)
    }
    fn read_all(&mut self, handle: u32) -> Result<Vec<u8>, String> {
        ops::Files::read_all(self, handle)
    }
    fn close(&mut self, handle: u32) -> Result<(), String> {
        ops::Files::close(self, handle)
    }
}

impl FilesApi for Lib {
    fn open(&mut self, path: &str) -> Result<u32, String> {
        let files = self.bindings.wasi_shim_example_files();
        self.host
            .call("open", async |s| files.call_open(s, path).await)
    }
    fn append(&mut self, handle: u32, data: &[u8]) -> Result<(), String> {
        let files = self.bindings.wasi_shim_example_files();
        self.host
            .call("append", async |s| files.call_append(s, handle, data).await)
    }
    fn read_all(&mut self, handle: u32) -> Result<Vec<u8>, String> {
        let files = self.bindings.wasi_shim_example_files();
        self.host
            .call("read-all", async |s| files.call_read_all(s, handle).await)
    }
    fn close(&mut self, handle: u32) -> Result<(), String> {
        let files = self.bindings.wasi_shim_example_files();
        self.host
            .call("close", async |s| files.call_close(s, handle).await)
    }
}

/// A transcript of one run of [`files_scenario`]: each result, with handle numbers replaced by
/// labels `#1`, `#2`, ... given to each successful `open` in turn (descriptor numbers differ
/// between a component and a test process whose other threads open files too).
#[derive(Default)]
struct Transcript {
    lines: Vec<String>,
    labels: BTreeMap<u32, usize>,
    opened: usize,
}

impl Transcript {
    /// A fresh label for a handle `open` just returned.
    fn new_label(&mut self, handle: u32) -> String {
        self.opened += 1;
        self.labels.insert(handle, self.opened);
        format!("#{}", self.opened)
    }

    /// The label of a handle (its number if it was never opened).
    fn label(&self, handle: u32) -> String {
        self.labels
            .get(&handle)
            .map_or_else(|| handle.to_string(), |l| format!("#{l}"))
    }

    /// `text` with `bad handle <n>` written as `bad handle #k` for known handles.
    fn normalize(&self, text: &str) -> String {
        match text.strip_prefix("bad handle ").map(str::parse::<u32>) {
            Some(Ok(h)) => format!("bad handle {}", self.label(h)),
            _ => text.to_owned(),
        }
    }

    fn record<T: std::fmt::Debug>(&mut self, what: String, result: Result<T, String>) {
        let line = match result {
            Ok(v) => format!("{what} -> Ok({v:?})"),
            Err(e) => format!("{what} -> Err({})", self.normalize(&e)),
        };
        self.lines.push(line);
    }

    fn open(&mut self, api: &mut impl FilesApi, root: &str, name: &str) -> u32 {
        let r = api.open(&format!("{root}/{name}"));
        let handle = *r.as_ref().unwrap_or(&u32::MAX);
        let shown = r.map(|h| self.new_label(h));
        self.record(format!("open {name}"), shown);
        handle
    }

    fn try_open(&mut self, api: &mut impl FilesApi, root: &str, name: &str) {
        let r = api.open(&format!("{root}/{name}"));
        let shown = r.map(|h| self.new_label(h));
        self.record(format!("open {name}"), shown);
    }

    fn append(&mut self, api: &mut impl FilesApi, handle: u32, data: &[u8]) {
        let r = api.append(handle, data);
        let what = format!("append {} {} bytes", self.label(handle), data.len());
        self.record(what, r);
    }

    fn read_all(&mut self, api: &mut impl FilesApi, handle: u32) {
        let r = api.read_all(handle);
        let what = format!("read-all {}", self.label(handle));
        // Long contents are shown as their length and a checksum.
        let shown = r.map(|v| {
            if v.len() <= 64 {
                String::from_utf8_lossy(&v).into_owned()
            } else {
                let sum = v
                    .iter()
                    .fold(0u64, |a, &b| a.wrapping_mul(31).wrapping_add(u64::from(b)));
                format!("{} bytes, sum {sum:x}", v.len())
            }
        });
        self.record(what, shown);
    }

    fn close(&mut self, api: &mut impl FilesApi, handle: u32) {
        let r = api.close(handle);
        let what = format!("close {}", self.label(handle));
        self.record(what, r);
    }
}

/// A pattern of `n` bytes.
fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 % 251) as u8).collect()
}

/// Files opened, appended to over several calls, read back, closed, reopened; every kind of
/// error that means the same natively. `root` is the sandbox as the side sees it.
fn files_scenario(api: &mut impl FilesApi, root: &str) -> Vec<String> {
    let mut t = Transcript::default();
    let log = t.open(api, root, "log.txt");
    t.append(api, log, b"hello ");
    t.append(api, log, b"world\n");
    t.read_all(api, log);
    t.append(api, log, &pattern(100_000));
    t.read_all(api, log);
    let bin = t.open(api, root, "data.bin");
    t.append(api, bin, &[0, 1, 2, 255]);
    t.read_all(api, bin);
    // Appends go to the end even after a read moved the offset to the start and back.
    t.append(api, log, b"tail");
    t.read_all(api, log);
    t.close(api, log);
    // The closed handle is unknown from now on.
    t.append(api, log, b"late");
    t.read_all(api, log);
    t.close(api, log);
    // What was written is there for a new open.
    let again = t.open(api, root, "log.txt");
    t.read_all(api, again);
    t.read_all(api, bin);
    // Errors with the same meaning on both sides.
    t.try_open(api, root, "no-such-dir/file.txt");
    t.try_open(api, root, "data.bin/child");
    t.append(api, 9999, b"x");
    t.read_all(api, 9999);
    t.close(api, 9999);
    t.close(api, bin);
    t.close(api, again);
    t.lines
}

#[test]
fn same_results_as_native() {
    let wasm_box = Sandbox::new();
    let native_box = Sandbox::new();
    let mut lib = Lib::shim(&wasm_box.apply(wasi_shim_harness::Variant::Shim, RunConfig::new()));
    let wasm = files_scenario(&mut lib, Sandbox::GUEST_PATH);
    let native = files_scenario(
        &mut ops::Files::new(),
        native_box.path().to_str().expect("a UTF-8 temp dir"),
    );
    assert_eq!(wasm, native, "\nwasm:   {wasm:#?}\nnative: {native:#?}");
    // And the files on the host are the same.
    for name in ["log.txt", "data.bin"] {
        let w = std::fs::read(wasm_box.path().join(name)).expect("the wasm side's file");
        let n = std::fs::read(native_box.path().join(name)).expect("the native side's file");
        assert_eq!(w, n, "{name}");
    }
    assert_eq!(
        std::fs::read(wasm_box.path().join("log.txt"))
            .unwrap()
            .len(),
        12 + 100_000 + 4
    );
}

#[test]
fn descriptors_and_the_descriptor_table_persist_between_calls() {
    let sandbox = Sandbox::new();
    let mut lib = Lib::shim(&sandbox.apply(wasi_shim_harness::Variant::Shim, RunConfig::new()));
    // The first descriptor of the component is 3 (0-2 are stdio; preopens take none).
    let a = lib.open("/sandbox/a.txt").unwrap();
    assert_eq!(a, 3);
    // Relative paths resolve against the initial cwd, /sandbox.
    let b = lib.open("b.txt").unwrap();
    assert_eq!(b, 4);
    for i in 0..20 {
        lib.append(a, format!("a{i} ").as_bytes()).unwrap();
        lib.append(b, format!("b{i} ").as_bytes()).unwrap();
    }
    let expected_a: String = (0..20).map(|i| format!("a{i} ")).collect();
    let expected_b: String = (0..20).map(|i| format!("b{i} ")).collect();
    assert_eq!(lib.read_all(a).unwrap(), expected_a.as_bytes());
    assert_eq!(lib.read_all(b).unwrap(), expected_b.as_bytes());
    // The lowest free number is reused: the table of the first call is still the table.
    lib.close(a).unwrap();
    let c = lib.open("/sandbox/c.txt").unwrap();
    assert_eq!(c, 3);
    let d = lib.open("/sandbox/a.txt").unwrap();
    assert_eq!(d, 5);
    assert_eq!(lib.read_all(d).unwrap(), expected_a.as_bytes());
    lib.append(b, b"end").unwrap();
    assert_eq!(
        std::fs::read_to_string(sandbox.path().join("b.txt")).unwrap(),
        format!("{expected_b}end")
    );
    for h in [b, c, d] {
        lib.close(h).unwrap();
    }
    assert_eq!(lib.open("/sandbox/e.txt").unwrap(), 3);
    assert_eq!(lib.host.stderr(), "");
}

#[test]
fn errors_for_bad_handles_and_paths_outside_the_sandbox() {
    let sandbox = Sandbox::new();
    let outside = sandbox
        .path()
        .parent()
        .expect("the sandbox has a parent")
        .to_owned();
    let mut lib = Lib::shim(&sandbox.apply(wasi_shim_harness::Variant::Shim, RunConfig::new()));
    // Handles that were never opened: the first calls of this instance.
    assert_eq!(lib.append(3, b"x"), Err("bad handle 3".to_owned()));
    assert_eq!(lib.read_all(0), Err("bad handle 0".to_owned()));
    assert_eq!(lib.close(1), Err("bad handle 1".to_owned()));
    // Paths outside every preopen fail, whatever their spelling, and create nothing.
    let escape = format!(
        "escape-{}.txt",
        sandbox.path().file_name().unwrap().to_string_lossy()
    );
    for path in [
        "/etc/passwd".to_owned(),
        "/".to_owned(),
        format!("/{escape}"),
        format!("/sandbox/../{escape}"),
        format!("../{escape}"),
        format!("sub/../../{escape}"),
    ] {
        let r = lib.open(&path);
        assert!(r.is_err(), "{path}: {r:?}");
    }
    assert!(!outside.join(&escape).exists());
    // A path inside the sandbox still works afterwards, and is the first descriptor.
    assert_eq!(lib.open("/sandbox/inside.txt"), Ok(3));
    assert_eq!(lib.close(3), Ok(()));
    assert_eq!(lib.close(3), Err("bad handle 3".to_owned()));
}

#[test]
fn env_matches_native_and_the_config() {
    // The component gets this process's whole environment (its UTF-8 part) plus a few
    // variables of its own; each name must read the same as natively.
    let native_env: Vec<(String, String)> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .filter(|(k, _)| !k.is_empty() && !k.contains('='))
        .collect();
    let mut cfg = RunConfig::new();
    for (k, v) in &native_env {
        cfg = cfg.env(k, v);
    }
    let extra_name = "WASI_SHIM_REACTOR_ONLY";
    cfg = cfg
        .env(extra_name, "ünïcødé ✓")
        .env("WASI_SHIM_REACTOR_EMPTY", "");
    let mut lib = Lib::shim(&cfg);
    for (k, _) in &native_env {
        assert_eq!(lib.env(k), ops::env(k), "{k}");
    }
    for missing in ["WASI_SHIM_REACTOR_MISSING", "", "A=B", "lower_case_missing"] {
        assert_eq!(lib.env(missing), ops::env(missing), "{missing:?}");
    }
    assert_eq!(lib.env(extra_name).as_deref(), Some("ünïcødé ✓"));
    assert_eq!(lib.env("WASI_SHIM_REACTOR_EMPTY").as_deref(), Some(""));
}

#[test]
fn clocks_and_current_dir() {
    let sandbox = Sandbox::new();
    let mut lib = Lib::shim(&sandbox.apply(wasi_shim_harness::Variant::Shim, RunConfig::new()));
    let mut native = ops::Clock::new();
    assert_eq!(lib.elapsed_nanos(), 0);
    assert_eq!(native.elapsed_nanos_since_first_call(), 0);
    std::thread::sleep(Duration::from_millis(30));
    let wasm_1 = lib.elapsed_nanos();
    let native_1 = native.elapsed_nanos_since_first_call();
    for (side, n) in [("wasm", wasm_1), ("native", native_1)] {
        assert!(n >= 30_000_000, "{side}: {n} ns after a 30 ms sleep");
        assert!(n < 30_000_000_000, "{side}: {n} ns");
    }
    // The first instant is kept between calls: later readings only grow.
    let mut last = wasm_1;
    for _ in 0..10 {
        let now = lib.elapsed_nanos();
        assert!(now >= last, "{now} < {last}");
        last = now;
    }
    let host_now = ops::unix_seconds();
    let wasm_now = lib.unix_seconds();
    assert!(
        wasm_now.abs_diff(host_now) <= 5,
        "wasm {wasm_now}, host {host_now}"
    );
    // The current directory is the host's initial cwd; natively, the process's.
    assert_eq!(lib.current_dir(), Ok(Sandbox::GUEST_PATH.to_owned()));
    assert_eq!(
        ops::current_dir(),
        Ok(std::env::current_dir()
            .unwrap()
            .to_string_lossy()
            .into_owned())
    );
}

/// The first export call of an instance is where the shim initializes its state, and the host
/// returns that state's data (preopens, environment, initial cwd) as lists and strings, which it
/// allocates in the component through `cabi_realloc` *during* the initialization: while the shim
/// holds its state's `RefCell` borrowed. `cabi_realloc` only allocates (dlmalloc, a different
/// cell), so this must simply work, each time in a fresh instance, and the data must be right;
/// the second call must not initialize again (no host call at all for `env`).
#[test]
fn first_call_initializes_the_shim_while_the_host_returns_lists() {
    // A large environment: the first `env` call makes the host lower 2 * 400 strings.
    let mut cfg = RunConfig::new();
    for i in 0..400 {
        cfg = cfg.env(format!("VAR_{i}"), format!("{i}-{}", "v".repeat(100)));
    }
    let mut lib = Lib::shim(&cfg);
    assert_eq!(lib.env("VAR_250"), Some(format!("250-{}", "v".repeat(100))));
    let first = lib.transitions();
    assert!(
        count_host_calls(&first) >= 1,
        "the first call reads the environment"
    );
    let reentries = count_realloc_reentries(&first);
    assert!(
        reentries >= 800,
        "cabi_realloc ran {reentries} times inside host calls; expected one per string at least"
    );
    // `CallingHost` also marks wasmtime's libcalls, such as the epoch check that yields to the
    // executor every tick: push the deadline out of reach so that only imports are counted.
    lib.host.store().set_epoch_deadline(1 << 40);
    assert_eq!(lib.env("VAR_0"), Some(format!("0-{}", "v".repeat(100))));
    let second = lib.transitions();
    assert_eq!(
        count_host_calls(&second),
        0,
        "the environment was fetched again: {second:?}"
    );

    // Many preopens: the first `open` fetches them (a list of descriptors and names) and the
    // initial cwd (a string), both inside the shim's state initialization.
    let sandbox = Sandbox::new();
    let extra: Vec<tempfile::TempDir> = (0..15)
        .map(|_| tempfile::tempdir().expect("a temp dir"))
        .collect();
    let mut cfg = sandbox.apply(wasi_shim_harness::Variant::Shim, RunConfig::new());
    for (i, dir) in extra.iter().enumerate() {
        cfg = cfg.preopen(dir.path(), format!("/extra/dir-{i:02}"));
    }
    let mut lib = Lib::shim(&cfg);
    assert_eq!(lib.open("/extra/dir-07/seven.txt"), Ok(3));
    let first = lib.transitions();
    let reentries = count_realloc_reentries(&first);
    assert!(
        reentries >= 18,
        "cabi_realloc ran {reentries} times inside host calls; expected the list of preopens, \
         their 16 names and the initial cwd"
    );
    lib.append(3, b"7").unwrap();
    assert_eq!(
        std::fs::read(extra[7].path().join("seven.txt")).unwrap(),
        b"7"
    );
    lib.transitions();
    assert_eq!(lib.open("relative.txt"), Ok(4));
    let second = lib.transitions();
    assert!(
        count_realloc_reentries(&second) < reentries,
        "the second open fetched the preopens again: {second:?}"
    );
    assert!(sandbox.path().join("relative.txt").is_file());

    // The initial cwd alone (an `option<string>`) as the very first thing the shim initializes.
    let sandbox = Sandbox::new();
    let mut lib = Lib::shim(&sandbox.apply(wasi_shim_harness::Variant::Shim, RunConfig::new()));
    assert_eq!(lib.current_dir(), Ok("/sandbox".to_owned()));
    assert!(count_realloc_reentries(&lib.transitions()) >= 1);
    assert_eq!(lib.open("x.txt"), Ok(3));
    assert_eq!(lib.host.stderr(), "");
}

/// What the tests look at in a component.
#[derive(Debug, Default)]
struct Contents {
    /// Component-level export names.
    component_exports: Vec<String>,
    /// Names of the core modules (from the component's name section).
    module_names: Vec<String>,
    /// Per core module: import module names, export names, function names, whether it has a
    /// start function, and the body size of `__wasm_call_ctors` (if named).
    modules: Vec<CoreModule>,
}

#[derive(Debug, Default)]
struct CoreModule {
    import_modules: Vec<String>,
    exports: Vec<String>,
    function_names: BTreeMap<u32, String>,
    has_start: bool,
    /// Operators in each defined function's body, by function index.
    body_ops: BTreeMap<u32, usize>,
}

impl CoreModule {
    fn function(&self, name: &str) -> Option<u32> {
        self.function_names
            .iter()
            .find(|(_, n)| n.as_str() == name)
            .map(|(i, _)| *i)
    }
}

fn inspect(path: &Path) -> Contents {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut contents = Contents::default();
    let mut ranges = Vec::new();
    let mut depth = 0usize;
    for payload in Parser::new(0).parse_all(&bytes) {
        let payload = payload.expect("a valid component");
        match &payload {
            Payload::Version { .. } => depth += 1,
            Payload::End(_) => depth -= 1,
            _ => {}
        }
        if depth != 1 {
            continue;
        }
        match payload {
            Payload::ModuleSection {
                unchecked_range, ..
            } => ranges.push(unchecked_range),
            Payload::ComponentExportSection(reader) => {
                for export in reader {
                    contents
                        .component_exports
                        .push(export.expect("an export").name.name.to_string());
                }
            }
            Payload::CustomSection(section) => {
                if let wasmparser::KnownCustom::ComponentName(names) = section.as_known() {
                    for name in names {
                        if let Ok(wasmparser::ComponentName::CoreModules(map)) = name {
                            for naming in map {
                                contents
                                    .module_names
                                    .push(naming.expect("a name").name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for range in ranges {
        let start = usize::try_from(range.start).expect("a module range");
        let end = usize::try_from(range.end).expect("a module range");
        contents.modules.push(inspect_module(&bytes[start..end]));
    }
    contents
}

fn inspect_module(bytes: &[u8]) -> CoreModule {
    let mut m = CoreModule::default();
    let mut imported_functions = 0u32;
    let mut next_body = None;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.expect("a valid module") {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.expect("an import");
                    if matches!(import.ty, wasmparser::TypeRef::Func(_)) {
                        imported_functions += 1;
                    }
                    m.import_modules.push(import.module.to_string());
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    m.exports.push(export.expect("an export").name.to_string());
                }
            }
            Payload::StartSection { .. } => m.has_start = true,
            Payload::CodeSectionStart { .. } => next_body = Some(imported_functions),
            Payload::CodeSectionEntry(body) => {
                let index = next_body.expect("a code section");
                next_body = Some(index + 1);
                let ops = body
                    .get_operators_reader()
                    .expect("a function body")
                    .into_iter()
                    .count();
                m.body_ops.insert(index, ops);
            }
            Payload::CustomSection(section) => {
                if let wasmparser::KnownCustom::Name(names) = section.as_known() {
                    for name in names {
                        if let Ok(wasmparser::Name::Function(map)) = name {
                            for naming in map {
                                let naming = naming.expect("a function name");
                                m.function_names
                                    .insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    m
}

/// Function names only wasi-libc defines (the shim defines `__wasilibc_get_environ` itself).
fn wasi_libc_names(module: &CoreModule) -> Vec<&str> {
    module
        .function_names
        .values()
        .map(String::as_str)
        .filter(|n| wasi_shim_harness::is_wasi_libc_name(n))
        .collect()
}

/// The checks every library component of the example crate must pass, however it was linked.
fn assert_library_component(path: &Path) {
    let contents = inspect(path);
    let interfaces: Vec<&str> = contents
        .component_exports
        .iter()
        .map(String::as_str)
        .filter(|n| n.contains(':'))
        .collect();
    assert_eq!(
        interfaces,
        ["wasi-shim:example/files", "wasi-shim:example/runtime"],
        "{contents:#?}"
    );
    // wit-component's own two modules besides the program; an adapter would be a fourth.
    assert_eq!(
        contents.module_names,
        ["main", "wit-component-shim-module", "wit-component-fixup"]
    );
    assert!(
        !contents
            .module_names
            .iter()
            .any(|n| n.contains("adapter") || n.contains("preview1")),
        "{:?}",
        contents.module_names
    );
    assert_eq!(contents.modules.len(), 3);
    for module in &contents.modules {
        for import in &module.import_modules {
            assert!(
                import.starts_with("wasi:") || import.is_empty(),
                "a core module imports from `{import}`"
            );
        }
    }
    let main = &contents.modules[0];
    assert!(
        wasi_libc_names(main).is_empty(),
        "{:?}",
        wasi_libc_names(main)
    );
    for export in [
        "wasi-shim:example/files#open",
        "wasi-shim:example/runtime#env",
        "cabi_realloc",
    ] {
        assert!(main.exports.iter().any(|e| e == export), "no {export}");
    }
    for absent in ["wasi:cli/run@0.2.12#run", "_start", "_initialize"] {
        assert!(!main.exports.iter().any(|e| e == absent), "{absent}");
    }
    // Nothing runs at instantiation, and there are no constructors: `__wasm_call_ctors`
    // (which wit-bindgen's exports call once, through `run_ctors_once`) is empty.
    assert!(!main.has_start);
    let ctors = main
        .function("__wasm_call_ctors")
        .expect("a __wasm_call_ctors function");
    assert_eq!(main.body_ops.get(&ctors), Some(&1), "only `end`");

    // The same through wasmtime's view of the component's type.
    let component = load_component(path).unwrap_or_else(|e| panic!("{e}"));
    let ty = component.component_type();
    let engine = wasi_shim_harness::library_engine();
    let exports: Vec<&str> = ty.exports(engine).map(|(name, _)| name).collect();
    assert_eq!(
        exports,
        ["wasi-shim:example/files", "wasi-shim:example/runtime"]
    );
    assert!(
        ty.imports(engine)
            .all(|(name, _)| name.starts_with("wasi:") && !name.starts_with("wasi:cli/run"))
    );
}

#[test]
fn component_exports_the_interfaces_and_not_run() {
    assert_library_component(&reactor_component());
}

/// `cargo xtask rustflags` exactly as printed, the same line binaries use: its linker wrapper
/// (`wasi-shim-ld`) adds the `run` export for binaries only.
#[test]
fn builds_with_the_printed_rustflags_unchanged() {
    let flags = shim_rustflags().expect("cargo xtask rustflags");
    let path = build_library(
        &reactor_manifest(),
        wasi_shim_harness::REACTOR_LIB,
        "xtask-flags",
        &flags,
        &[],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_library_component(&path);
}

/// The dependency route: the crate depends on wasi-shim-libc (feature `dependency-route`,
/// `use wasi_shim_libc as _;`), and the only flag is `-C link-self-contained=no` (wasi-shim-libc's
/// build script puts an empty `libc.a` on the search path for std's `-lc`).
#[test]
fn dependency_route_builds_and_runs() {
    let path = build_library(
        &reactor_manifest(),
        wasi_shim_harness::REACTOR_LIB,
        "dependency-route",
        "-C link-self-contained=no",
        &["dependency-route"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_library_component(&path);
    // rustc exports every `#[no_mangle]` function of a cdylib's crate graph, so this route keeps
    // the whole C ABI as core exports (wit-component ignores them; `--gc-sections` cannot drop
    // them).
    let main = &inspect(&path).modules[0];
    assert!(main.exports.iter().any(|e| e == "malloc"));

    let wasm_box = Sandbox::new();
    let native_box = Sandbox::new();
    let mut lib = Lib::new(
        &path,
        &wasm_box
            .apply(wasi_shim_harness::Variant::Shim, RunConfig::new())
            .env("ROUTE", "dependency"),
    );
    let wasm = files_scenario(&mut lib, Sandbox::GUEST_PATH);
    let native = files_scenario(
        &mut ops::Files::new(),
        native_box.path().to_str().expect("a UTF-8 temp dir"),
    );
    assert_eq!(wasm, native);
    assert_eq!(lib.env("ROUTE").as_deref(), Some("dependency"));
    assert_eq!(lib.current_dir(), Ok("/sandbox".to_owned()));
}
