//! `cargo xtask regenerate-bindings [--check]`: the checked-in wit-bindgen output.
//!
//! Each generated file starts with a header that names this command, the generator version and
//! every option, and it is never edited by hand: `--check` (run by CI and by a test) regenerates
//! in memory and fails on any difference.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use wit_bindgen_core::{Files, WorldGenerator};
use wit_parser::Resolve;

/// One generated file: which world it is made from (of `<wit>/world.wit`), where it goes, and the
/// options that differ between files.
struct Target {
    /// The WIT folder: `wit` (WASI 0.2) or `wit/p3` (WASI 0.3).
    wit: &'static str,
    world: &'static str,
    output: &'static str,
    /// The path generated code uses for wit-bindgen's runtime support module.
    runtime_path: &'static str,
    /// The module path, relative to the crate root, where the file is included; generated export
    /// glue refers back to it.
    bindings_module: Option<&'static str>,
}

const TARGETS: &[Target] = &[
    Target {
        wit: "wit",
        world: "imports",
        output: "crates/wasi-shim-sys/src/generated.rs",
        runtime_path: "wit_bindgen::rt",
        bindings_module: None,
    },
    Target {
        wit: "wit",
        world: "command-export",
        output: "crates/wasi-shim-start/src/generated.rs",
        // Its own one-function runtime: the `run` export lowers no list, and `wasi-shim-crt` must
        // not carry a second copy of the import bindings' globals.
        runtime_path: "crate::rt",
        bindings_module: Some("crate::generated"),
    },
    Target {
        wit: "wit/p3",
        world: "imports",
        output: "crates/wasi-shim-sys/src/generated_p3.rs",
        runtime_path: "wit_bindgen::rt",
        bindings_module: None,
    },
    Target {
        wit: "wit/p3",
        world: "command-export",
        output: "crates/wasi-shim-start/src/generated_p3.rs",
        runtime_path: "crate::rt",
        bindings_module: Some("crate::generated"),
    },
];

/// Regenerates every target, or with `check` compares instead of writing.
pub(crate) fn regenerate(check: bool) -> Result<()> {
    let root = crate::repo_root();
    let mut stale = Vec::new();
    for target in TARGETS {
        let text = generate(&root, target)?;
        let path = root.join(target.output);
        if check {
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != text {
                stale.push(path);
            }
        } else {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            println!("wrote {}", target.output);
        }
    }
    if !stale.is_empty() {
        let list: Vec<String> = stale.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "generated bindings are stale (or edited by hand): {}\n\
             run `cargo xtask regenerate-bindings` and commit the result",
            list.join(", ")
        );
    }
    Ok(())
}

fn options(target: &Target) -> wit_bindgen_rust::Opts {
    wit_bindgen_rust::Opts {
        format: true,
        runtime_path: Some(target.runtime_path.to_string()),
        // The C-ABI crate's `run` export calls `__wasm_call_ctors` itself, exactly once.
        disable_run_ctors_once_workaround: true,
        default_bindings_module: target.bindings_module.map(str::to_string),
        type_section_suffix: Some("wasi-shim".to_string()),
        // Every interface the world names is generated here; none comes from another crate.
        generate_all: true,
        // Every import is lowered synchronously, WASI 0.3's `async func`s included: a POSIX call
        // blocks its caller, and a synchronous lowering suspends the calling task in the host
        // until the result is there, with no event loop in the guest. (Streams and futures are
        // still the component model's; the backend drives them itself.)
        async_: wit_bindgen_core::AsyncFilterSet::all(false),
        ..Default::default()
    }
}

fn generate(root: &Path, target: &Target) -> Result<String> {
    let mut resolve = Resolve::default();
    let wit_dir: PathBuf = root.join(target.wit);
    let (package, _) = resolve
        .push_path(&wit_dir)
        .with_context(|| format!("parsing {}", wit_dir.display()))?;
    let world = resolve.select_world(&[package], Some(target.world))?;
    let mut files = Files::default();
    options(target)
        .build()
        .generate(&mut resolve, world, &mut files)?;
    let mut iter = files.iter();
    let (_, contents) = iter.next().context("wit-bindgen produced no file")?;
    if iter.next().is_some() {
        bail!("wit-bindgen produced more than one file");
    }
    let body = std::str::from_utf8(contents)?;
    // wit-bindgen's own header, kept below ours, names its version and every option it was given.
    let mut text = format!(
        "// @generated by `cargo xtask regenerate-bindings` (world {}/world.wit: {}).\n\
         // Do not edit by hand: change wit/ or xtask/src/bindings.rs and regenerate;\n\
         // `cargo xtask regenerate-bindings --check` fails on any difference.\n",
        target.wit, target.world
    );
    text.push_str(body);
    Ok(text)
}

#[cfg(test)]
mod tests {
    /// The checked-in bindings are exactly what the pinned generator makes from `wit/`: editing a
    /// generated file, or changing the WIT without regenerating, fails here.
    #[test]
    fn checked_in_bindings_are_fresh() {
        super::regenerate(true).unwrap_or_else(|e| panic!("{e:#}"));
    }
}
