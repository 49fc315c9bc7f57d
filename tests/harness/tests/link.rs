//! What a component linked with `cargo xtask rustflags` contains, and what it does not.
//!
//! The kitchen-sink guest uses every std facility of the libc layer (sockets aside). Built with
//! the shim's flags it must hold no wasi-libc code, no preview1 adapter, no `env` import (a
//! missing libc function) and no data symbol left undefined (which `--allow-undefined` would
//! silently place at address 0). Each check also runs on the stock build of the same guest, to
//! show that it detects what it looks for.

use std::collections::BTreeSet;
use wasi_shim_harness::{
    RunConfig, Sandbox, Variant, build_guest_with_flags, guest_path, run, shim_rustflags,
};
use wasmparser::{Parser, Payload};

/// What the tests look at in a component: the import modules and function names of each core
/// module, and the core modules' exports.
#[derive(Default, Debug)]
struct Contents {
    core_modules: usize,
    module_names: BTreeSet<String>,
    import_modules: BTreeSet<String>,
    function_names: BTreeSet<String>,
    exports: BTreeSet<String>,
    component_exports: BTreeSet<String>,
}

fn inspect(path: &std::path::Path) -> Contents {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut contents = Contents::default();
    for payload in Parser::new(0).parse_all(&bytes) {
        match payload.expect("a valid component") {
            Payload::ModuleSection { .. } => contents.core_modules += 1,
            // The main module's imports only: wit-component's own modules import from its
            // instances (`""`, or `actual` in newer versions).
            Payload::ImportSection(reader) if contents.core_modules == 1 => {
                for import in reader.into_imports() {
                    contents
                        .import_modules
                        .insert(import.expect("an import").module.to_string());
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    contents
                        .exports
                        .insert(export.expect("an export").name.to_string());
                }
            }
            Payload::ComponentExportSection(reader) => {
                for export in reader {
                    let export = export.expect("a component export");
                    contents
                        .component_exports
                        .insert(export.name.name.to_string());
                }
            }
            Payload::CustomSection(section) => {
                if let wasmparser::KnownCustom::ComponentName(names) = section.as_known() {
                    for name in names {
                        if let Ok(wasmparser::ComponentName::CoreModules(map)) = name {
                            for naming in map {
                                let naming = naming.expect("a module name");
                                contents.module_names.insert(naming.name.to_string());
                            }
                        }
                    }
                }
                if let wasmparser::KnownCustom::Name(names) = section.as_known() {
                    for name in names {
                        if let Ok(wasmparser::Name::Function(map)) = name {
                            for naming in map {
                                let naming = naming.expect("a function name");
                                contents.function_names.insert(naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    contents
}

/// The function names of `contents` that only wasi-libc defines
/// (see `wasi_shim_harness::is_wasi_libc_name`).
fn wasi_libc_names(contents: &Contents) -> Vec<&str> {
    contents
        .function_names
        .iter()
        .map(String::as_str)
        .filter(|n| wasi_shim_harness::is_wasi_libc_name(n))
        .collect()
}

/// The data symbols std reads that a libc must define (from shared/std-wasip2-libc-symbols.txt).
const DATA_SYMBOLS: &[&str] = &[
    "errno",
    "_CLOCK_MONOTONIC",
    "_CLOCK_REALTIME",
    "_CLOCK_PROCESS_CPUTIME_ID",
    "_CLOCK_THREAD_CPUTIME_ID",
];

#[test]
fn shim_component_holds_no_wasi_libc_no_adapter_no_env_import() {
    let flags = shim_rustflags().expect("cargo xtask rustflags");
    let mut traced = format!("{flags} -W linker-messages -C link-arg=--trace");
    for symbol in DATA_SYMBOLS {
        traced.push_str(&format!(" -C link-arg=--trace-symbol={symbol}"));
    }
    let (path, stderr) = build_guest_with_flags("shim-link", "kitchen_sink", &traced)
        .unwrap_or_else(|e| panic!("{e}"));

    // Every data symbol is defined, by the shim's `libc.a`.
    for symbol in DATA_SYMBOLS {
        let defined = stderr.lines().any(|l| {
            l.contains("libc.a(libc.o)") && l.ends_with(&format!("definition of {symbol}"))
        });
        assert!(
            defined,
            "no definition of {symbol} from libc.a in:\n{stderr}"
        );
    }
    // No input file of the link comes from the toolchain's wasi-libc (`self-contained/`).
    assert!(
        !stderr.contains("self-contained"),
        "a wasi-libc file was linked:\n{stderr}"
    );

    assert_clean_command(&path);
}

/// A command component with no wasi-libc, no adapter, no import outside `wasi:*`, and the `run`
/// export as its only interface.
fn assert_clean_command(path: &std::path::Path) {
    let contents = inspect(path);
    // wit-component adds two small core modules of its own to every component (an
    // indirect-call table for lowered imports, and its fixup); the preview1 adapter would be one
    // more, named after `wasi_snapshot_preview1`.
    let expected: BTreeSet<String> = ["main", "wit-component-shim-module", "wit-component-fixup"]
        .map(String::from)
        .into();
    assert_eq!(contents.module_names, expected);
    assert_eq!(contents.core_modules, 3);
    for module in &contents.import_modules {
        assert!(
            module.starts_with("wasi:"),
            "the core module imports from `{module}` (a missing libc function becomes an `env` \
             import; the preview1 adapter is `wasi_snapshot_preview1`)"
        );
    }
    assert!(
        wasi_libc_names(&contents).is_empty(),
        "{:?}",
        wasi_libc_names(&contents)
    );
    assert!(
        contents.exports.contains("wasi:cli/run@0.2.12#run"),
        "{:?}",
        contents.exports
    );
    // The component exports the `run` interface and nothing else (plain names, such as the
    // `run` function inside that interface's instance, are not component-level interfaces).
    let interfaces: Vec<&str> = contents
        .component_exports
        .iter()
        .map(String::as_str)
        .filter(|name| name.contains(':'))
        .collect();
    assert_eq!(interfaces, ["wasi:cli/run@0.2.12"]);
    assert!(!contents.component_exports.contains("_start"));
}

#[test]
fn the_checks_see_wasi_libc_in_a_stock_component() {
    // The same guest with the toolchain's wasi-libc: the name check finds its internals, so an
    // empty result for the shim means something.
    let contents = inspect(&guest_path(Variant::Stock, "kitchen_sink"));
    assert!(!wasi_libc_names(&contents).is_empty(), "{contents:?}");
}

#[test]
fn kitchen_sink_runs_under_the_shim() {
    let sandbox = Sandbox::new();
    let cfg = sandbox.apply(Variant::Shim, RunConfig::new().stdin("four"));
    let out = run(Variant::Shim, "kitchen_sink", &cfg);
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

#[test]
fn other_opt_levels_link_and_run() {
    // The shim's `libc.a` is built once (fat LTO, opt-level "s"); a crate built with another
    // `opt-level` links against it unchanged.
    let flags = shim_rustflags().expect("cargo xtask rustflags");
    for level in ["0", "s", "z"] {
        let (path, _) = build_guest_with_flags(
            &format!("shim-opt-{level}"),
            "hello",
            &format!("{flags} -C opt-level={level}"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let out = wasi_shim_harness::runtime().block_on(wasi_shim_harness::run_wasm(
            &path,
            "hello",
            &RunConfig::new(),
        ));
        out.assert_success();
        assert_eq!(out.stdout_str(), "hello from guest\n", "opt-level {level}");
    }
}

#[test]
fn legacy_exit_feature_reports_failure_as_1() {
    // For hosts older than WASI 0.2.12 (no `exit-with-code`): `cargo xtask rustflags
    // --legacy-exit` builds the shim with its `legacy-exit` feature, and a non-zero status
    // reaches the host as `exit(err)`, which hosts report as 1. The component then imports no
    // `exit-with-code`.
    let output = std::process::Command::new(std::env::var_os("CARGO").unwrap_or("cargo".into()))
        .current_dir(wasi_shim_harness::repo_root())
        .args(["xtask", "rustflags", "--legacy-exit"])
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .expect("running cargo xtask rustflags --legacy-exit");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let flags = String::from_utf8(output.stdout).expect("UTF-8 flags");
    let (path, _) = build_guest_with_flags("shim-legacy-exit", "echo_args_env", flags.trim())
        .unwrap_or_else(|e| panic!("{e}"));
    let cfg = RunConfig::new().env("T_EXIT", "7");
    let out = wasi_shim_harness::runtime().block_on(wasi_shim_harness::run_wasm(
        &path,
        "echo_args_env",
        &cfg,
    ));
    out.assert_exit_code(1);
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        !text.contains("exit-with-code"),
        "the component still names exit-with-code"
    );
}

/// Runs `bin` (built at `dir/<bin>.wasm`) in a sandbox under wasmtime and natively (the
/// repository's native build of the same guest), and asserts the same output lines and status.
fn same_as_native(dir: &std::path::Path, bin: &str, cfg: &RunConfig) {
    let sandbox = Sandbox::new();
    let shim = wasi_shim_harness::runtime().block_on(wasi_shim_harness::run_wasm(
        &dir.join(format!("{bin}.wasm")),
        bin,
        &sandbox.apply(Variant::Shim, cfg.clone()),
    ));
    let sandbox = Sandbox::new();
    let native = run(
        Variant::Native,
        bin,
        &sandbox.apply(Variant::Native, cfg.clone()),
    );
    assert_eq!(
        shim.status, native.status,
        "{bin}: shim {shim}\nnative {native}"
    );
    wasi_shim_harness::assert_same_lines(shim.stdout_str(), native.stdout_str());
}

/// The guests every toolchain × profile cell builds and runs: std's whole libc surface (sockets
/// aside), crates from the ecosystem (preview 1 `random_get` through `rand` 0.8 included), and a
/// program with its own global allocator that aborts on any foreign pointer.
const CELL_GUESTS: &[&str] = &["kitchen_sink", "ecosystem", "custom_alloc"];

fn cell_config(bin: &str) -> RunConfig {
    match bin {
        "kitchen_sink" => RunConfig::new().stdin("four"),
        "custom_alloc" => RunConfig::new()
            .args(["a", "b"])
            .env("GREETING", "hi")
            .stdin("line\n"),
        _ => RunConfig::new(),
    }
}

/// Builds the cell guests with `toolchain` (the pinned one for `None`) and `lto`
/// (`CARGO_PROFILE_RELEASE_LTO`), checks each component's contents and compares its run with
/// the native one.
fn toolchain_cell(toolchain: Option<&str>, lto: &str) {
    let flags = match toolchain {
        Some(t) => wasi_shim_harness::shim_rustflags_for(t),
        None => shim_rustflags(),
    }
    .unwrap_or_else(|e| panic!("{e}"));
    let label = format!("cell-{}-lto-{lto}", toolchain.unwrap_or("pinned"));
    let dir = wasi_shim_harness::build_guests_with(&wasi_shim_harness::GuestBuild {
        label: &label,
        bins: CELL_GUESTS,
        toolchain,
        rustflags: &flags,
        env: &[
            ("CARGO_PROFILE_RELEASE_LTO", lto),
            ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1"),
        ],
    })
    .unwrap_or_else(|e| panic!("{e}"));
    for bin in CELL_GUESTS {
        assert_clean_command(&dir.join(format!("{bin}.wasm")));
        if *bin == "kitchen_sink" {
            // Its output names host paths; `kitchen_sink_runs_under_the_shim` says what it prints.
            let sandbox = Sandbox::new();
            let out = wasi_shim_harness::runtime().block_on(wasi_shim_harness::run_wasm(
                &dir.join("kitchen_sink.wasm"),
                "kitchen_sink",
                &sandbox.apply(Variant::Shim, cell_config(bin)),
            ));
            out.assert_exit_code(3);
            assert!(out.stdout_str().starts_with("hello kitchen\nab\n"), "{out}");
        } else {
            same_as_native(&dir, bin, &cell_config(bin));
        }
    }
}

// The README's toolchain × profile table: one test per cell. The toolchains are installed by
// `.ci/run`; a missing one fails the test (it does not skip).
#[test]
fn cell_pinned_lto_off() {
    toolchain_cell(None, "false");
}
#[test]
fn cell_pinned_lto_fat() {
    toolchain_cell(None, "fat");
}
#[test]
fn cell_1_99_lto_off() {
    toolchain_cell(Some("1.99.0"), "false");
}
#[test]
fn cell_1_99_lto_fat() {
    toolchain_cell(Some("1.99.0"), "fat");
}
#[test]
fn cell_beta_lto_off() {
    toolchain_cell(Some("beta"), "false");
}
#[test]
fn cell_beta_lto_fat() {
    toolchain_cell(Some("beta"), "fat");
}
#[test]
fn cell_nightly_lto_off() {
    toolchain_cell(Some("nightly-2026-10-18"), "false");
}
#[test]
fn cell_nightly_lto_fat() {
    toolchain_cell(Some("nightly-2026-10-18"), "fat");
}

#[test]
fn release_profiles_link_and_run() {
    // The settings of common `[profile.release]`s, each through cargo's own profile variables as
    // a crate's manifest would set them.
    let flags = shim_rustflags().expect("cargo xtask rustflags");
    let cells: &[(&str, &[(&str, &str)])] = &[
        ("thin", &[("CARGO_PROFILE_RELEASE_LTO", "thin")]),
        (
            "z-strip-abort",
            &[
                ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z"),
                ("CARGO_PROFILE_RELEASE_STRIP", "true"),
                ("CARGO_PROFILE_RELEASE_PANIC", "abort"),
                ("CARGO_PROFILE_RELEASE_LTO", "fat"),
            ],
        ),
        (
            "s-debuginfo",
            &[
                ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "s"),
                ("CARGO_PROFILE_RELEASE_DEBUG", "true"),
            ],
        ),
    ];
    for (label, env) in cells {
        let dir = wasi_shim_harness::build_guests_with(&wasi_shim_harness::GuestBuild {
            label: &format!("profile-{label}"),
            bins: &["ecosystem"],
            toolchain: None,
            rustflags: &flags,
            env,
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_clean_command(&dir.join("ecosystem.wasm"));
        same_as_native(&dir, "ecosystem", &RunConfig::new());
    }
}

/// Thread-local destructors of the main thread, run through `pthread_key_create` by the stds
/// that keep them in a key (beta and nightly here; std 1.95–1.99 on wasm32-wasip2 never runs
/// them, stock included, so there is nothing for a libc to do).
fn tls_destructors_run(toolchain: &str) {
    let flags = wasi_shim_harness::shim_rustflags_for(toolchain).unwrap_or_else(|e| panic!("{e}"));
    let dir = wasi_shim_harness::build_guests_with(&wasi_shim_harness::GuestBuild {
        label: &format!("tls-{toolchain}"),
        bins: &["tls_dtors"],
        toolchain: Some(toolchain),
        rustflags: &flags,
        env: &[],
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let out = wasi_shim_harness::runtime().block_on(wasi_shim_harness::run_wasm(
        &dir.join("tls_dtors.wasm"),
        "tls_dtors",
        &RunConfig::new(),
    ));
    let native = run(Variant::Native, "tls_dtors", &RunConfig::new());
    out.assert_success();
    assert_eq!(out.stdout_str(), native.stdout_str());
    assert_eq!(out.stderr_lossy(), "dropped first\n", "{out}");
    assert_eq!(native.stderr_lossy(), "dropped first\n", "{native}");
}

#[test]
fn tls_destructors_run_on_beta() {
    tls_destructors_run("beta");
}

#[test]
fn tls_destructors_run_on_nightly() {
    tls_destructors_run("nightly-2026-10-18");
}
