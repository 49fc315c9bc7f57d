//! `cargo xtask libc-symbols [--toolchain NAME] [--check]`: the C symbols a toolchain's prebuilt
//! std for `wasm32-wasip2` needs from its libc, read from the toolchain itself, written to
//! `tests/libc-symbols/<NAME>.txt`.
//!
//! A symbol is needed when an object of the sysroot's rlibs refers to it, undefined, as an `env`
//! import (a function with no import module of its own) or as data, and no object of the sysroot
//! defines it. Rust-mangled names and the symbols the linker synthesizes are left out. What this
//! cannot see: `libc`-crate functions that only generic or inlined std code calls, compiled into
//! the user's crate; the link tests catch those (every guest is built and checked for `env`
//! imports on each toolchain).
//!
//! The test `every_symbol_each_toolchain_needs_is_defined` checks each checked-in list against the
//! shim's `libc.a`; `--check` fails when a list differs from what the toolchain says now.

use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::path::Path;
use wasmparser::{Linking, Parser, Payload, SymbolFlags, SymbolInfo, TypeRef};

/// Symbols the linker defines itself.
const LINKER_DEFINED: &[&str] = &[
    "__stack_pointer",
    "__memory_base",
    "__table_base",
    "__indirect_function_table",
    "__heap_base",
    "__heap_end",
    "__data_end",
    "__dso_handle",
    "__wasm_call_ctors",
    "__tls_base",
    "__tls_size",
    "__tls_align",
    "__wasm_init_tls",
];

/// Defined and undefined (needed) symbols of one wasm object.
#[derive(Default)]
pub(crate) struct Symbols {
    pub(crate) defined: BTreeSet<String>,
    pub(crate) undefined: BTreeSet<String>,
}

/// Reads the linking section of a relocatable wasm object into `out`.
pub(crate) fn read_object(bytes: &[u8], out: &mut Symbols) -> Result<()> {
    let mut imports: Vec<(String, String)> = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    if matches!(import.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imports.push((import.module.to_string(), import.name.to_string()));
                    }
                }
            }
            Payload::CustomSection(section) if section.name() == "linking" => {
                let reader = wasmparser::LinkingSectionReader::new(wasmparser::BinaryReader::new(
                    section.data(),
                    section.data_offset(),
                ))?;
                for sub in reader.subsections() {
                    let Linking::SymbolTable(table) = sub? else {
                        continue;
                    };
                    for symbol in table {
                        note(symbol?, &imports, out);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn note(symbol: SymbolInfo<'_>, imports: &[(String, String)], out: &mut Symbols) {
    let (flags, name) = match symbol {
        SymbolInfo::Func { flags, index, name } => {
            if flags.contains(SymbolFlags::UNDEFINED) {
                let Some((module, field)) = imports.get(index as usize) else {
                    return;
                };
                if module != "env" {
                    return; // a host import (WASI), not the libc's
                }
                (flags, name.unwrap_or(field).to_string())
            } else {
                let Some(name) = name else { return };
                (flags, name.to_string())
            }
        }
        SymbolInfo::Data { flags, name, .. } => (flags, name.to_string()),
        SymbolInfo::Global {
            flags,
            name: Some(name),
            ..
        } => (flags, name.to_string()),
        _ => return,
    };
    if flags.contains(SymbolFlags::BINDING_LOCAL) {
        return;
    }
    if flags.contains(SymbolFlags::UNDEFINED) {
        out.undefined.insert(name);
    } else {
        out.defined.insert(name);
    }
}

/// Reads every wasm object of the archive at `path` into `out`.
pub(crate) fn read_archive(path: &Path, out: &mut Symbols) -> Result<()> {
    let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
    let members = cargo_wasi_shim::link::members(&bytes)
        .with_context(|| format!("{}: not an archive", path.display()))?;
    for (name, data) in members {
        if data.starts_with(b"\0asm") {
            read_object(data, out).with_context(|| format!("{}({name})", path.display()))?;
        }
    }
    Ok(())
}

/// The needed symbols of the toolchain whose sysroot is `sysroot`.
fn needed(sysroot: &Path) -> Result<BTreeSet<String>> {
    let lib = sysroot.join("lib/rustlib/wasm32-wasip2/lib");
    let mut all = Symbols::default();
    for entry in std::fs::read_dir(&lib)
        .with_context(|| format!("{}: is the wasm32-wasip2 target installed?", lib.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rlib") {
            read_archive(&path, &mut all)?;
        }
    }
    Ok(all
        .undefined
        .difference(&all.defined)
        .filter(|s| {
            !s.starts_with("_ZN")
                && !s.starts_with("_R")
                && !LINKER_DEFINED.contains(&s.as_str())
                // wit-bindgen's runtime (in std's `wasi` crate) names its own allocator in an
                // object that is linked only with wit-bindgen's `cabi_realloc` object, which std
                // never links (std defines `cabi_realloc` itself): not the libc's to define.
                && !s.starts_with("cabi_realloc_wit_bindgen_")
        })
        .cloned()
        .collect())
}

/// `cargo xtask libc-symbols`.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut toolchain = None;
    let mut check = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--toolchain" => toolchain = Some(args.next().context("--toolchain NAME")?.clone()),
            _ => bail!("usage: cargo xtask libc-symbols [--toolchain NAME] [--check]"),
        }
    }
    let root = crate::repo_root();
    let tc = cargo_wasi_shim::Toolchain::find(toolchain.as_deref(), &root)
        .map_err(anyhow::Error::msg)?;
    let name = toolchain.unwrap_or_else(|| {
        tc.version
            .lines()
            .find_map(|l| l.strip_prefix("release: "))
            .unwrap_or("unknown")
            .to_string()
    });
    let release = tc
        .version
        .lines()
        .find(|l| l.starts_with("release: "))
        .unwrap_or_default();
    let date = tc
        .version
        .lines()
        .find(|l| l.starts_with("commit-date: "))
        .unwrap_or_default();
    let mut text = format!(
        "# The C symbols the prebuilt std of toolchain `{name}` ({release}, {date}) needs from its\n\
         # libc on wasm32-wasip2; written by `cargo xtask libc-symbols --toolchain {name}`.\n"
    );
    for s in needed(&tc.sysroot)? {
        text.push_str(&s);
        text.push('\n');
    }
    let path = root.join("tests/libc-symbols").join(format!("{name}.txt"));
    if check {
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old != text {
            bail!(
                "{} is stale: run `cargo xtask libc-symbols --toolchain {name}`",
                path.display()
            );
        }
    } else {
        std::fs::create_dir_all(path.parent().unwrap())?;
        std::fs::write(&path, text)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Symbols, read_archive};

    #[test]
    fn every_symbol_each_toolchain_needs_is_defined() {
        let root = crate::repo_root();
        let toolchain = cargo_wasi_shim::Toolchain::find(None, &root).expect("rustc");
        let lib = cargo_wasi_shim::c_library(
            &toolchain,
            cargo_wasi_shim::Options::default(),
            &root.join("target/wasi-shim"),
        )
        .expect("building libc.a");
        let mut libc = Symbols::default();
        read_archive(&lib.dir.join("libc.a"), &mut libc).expect("reading libc.a");
        assert!(
            libc.defined.contains("malloc"),
            "the reader sees libc.a's symbols"
        );
        let mut lists = 0;
        for entry in std::fs::read_dir(root.join("tests/libc-symbols")).expect("the lists") {
            let path = entry.expect("an entry").path();
            let text = std::fs::read_to_string(&path).expect("a list");
            let missing: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .filter(|s| !libc.defined.contains(*s))
                .collect();
            assert!(
                missing.is_empty(),
                "{}: libc.a lacks {missing:?}",
                path.display()
            );
            lists += 1;
        }
        assert!(lists >= 4, "one list per toolchain CI covers");
    }
}
