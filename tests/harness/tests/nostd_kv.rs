//! The `no_std` reactor `tests/nostd/kv-store`: a key-value store that exports
//! `wasi-shim:kv/store` and persists each value as a file of its current directory. The host
//! instantiates it once and calls it many times; the values outlive the instance.

use std::time::Duration;
use wasi_shim_harness::{
    LibraryHost, RunConfig, Sandbox, Variant, build_nostd, library_linker, load_component,
};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../nostd/kv-store/wit",
        world: "kv",
        exports: { default: async },
    });
}
use bindings::Kv;

/// One instance of the store over `sandbox`.
struct Store {
    host: LibraryHost,
    kv: Kv,
}

impl Store {
    fn new(sandbox: &Sandbox) -> Self {
        let dir = build_nostd().unwrap_or_else(|e| panic!("{e}"));
        let component =
            load_component(&dir.join("kv_store.wasm")).unwrap_or_else(|e| panic!("{e}"));
        let cfg = sandbox.apply(
            Variant::Shim,
            RunConfig::new().timeout(Duration::from_secs(30)),
        );
        let mut host = LibraryHost::new("kv-store", &cfg);
        let kv = host.instantiate(async |store| {
            Kv::instantiate_async(store, &component, library_linker()).await
        });
        Self { host, kv }
    }

    fn set(&mut self, key: &str, value: &[u8]) -> Result<(), String> {
        let s = self.kv.wasi_shim_kv_store();
        self.host
            .call("set", async |st| s.call_set(st, key, value).await)
    }

    fn get(&mut self, key: &str) -> Result<Option<Vec<u8>>, String> {
        let s = self.kv.wasi_shim_kv_store();
        self.host.call("get", async |st| s.call_get(st, key).await)
    }

    fn delete(&mut self, key: &str) -> Result<bool, String> {
        let s = self.kv.wasi_shim_kv_store();
        self.host
            .call("delete", async |st| s.call_delete(st, key).await)
    }

    fn keys(&mut self) -> Result<Vec<String>, String> {
        let s = self.kv.wasi_shim_kv_store();
        self.host.call("keys", async |st| s.call_keys(st).await)
    }
}

#[test]
fn values_are_stored_read_listed_and_deleted() {
    let sandbox = Sandbox::new();
    let mut store = Store::new(&sandbox);
    assert_eq!(store.get("missing"), Ok(None));
    store.set("b", b"two").unwrap();
    store.set("a/é", b"one").unwrap();
    store.set("b", b"TWO").unwrap();
    let big: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    store.set("big", &big).unwrap();
    assert_eq!(store.get("a/é"), Ok(Some(b"one".to_vec())));
    assert_eq!(store.get("b"), Ok(Some(b"TWO".to_vec())));
    assert_eq!(store.get("big"), Ok(Some(big)));
    assert_eq!(
        store.keys(),
        Ok(vec!["a/é".into(), "b".into(), "big".into()])
    );
    assert_eq!(store.delete("b"), Ok(true));
    assert_eq!(store.delete("b"), Ok(false));
    assert_eq!(store.keys(), Ok(vec!["a/é".into(), "big".into()]));
    // Other files of the directory are not keys.
    std::fs::write(sandbox.path().join("notes.txt"), "x").unwrap();
    assert_eq!(store.keys(), Ok(vec!["a/é".into(), "big".into()]));
}

#[test]
fn values_persist_across_instances() {
    let sandbox = Sandbox::new();
    Store::new(&sandbox).set("kept", b"value").unwrap();
    let mut again = Store::new(&sandbox);
    assert_eq!(again.get("kept"), Ok(Some(b"value".to_vec())));
}

#[test]
fn errors_come_back_as_errno_text() {
    let sandbox = Sandbox::new();
    let mut store = Store::new(&sandbox);
    // A key whose file name is a directory cannot be read as a value.
    std::fs::create_dir(sandbox.path().join("kv-64")).unwrap();
    assert_eq!(store.get("d"), Err("EISDIR (Is a directory)".to_string()));
}
