//! Preview 1 imports, rebound to `libc.a` at link time.
//!
//! A crate that declares `#[link(wasm_import_module = "wasi_snapshot_preview1")] fn random_get`
//! (the `wasi` 0.11 crate, and so `getrandom` 0.2 and `rand` 0.8) leaves, in its object, an
//! undefined function symbol that is an import of `wasi_snapshot_preview1::random_get`, under a
//! name rustc mangles per crate. No definition can be named for it in advance, and a component
//! without the preview1 adapter cannot have the import. So before the link, every input object
//! that has such imports of a function `libc.a` provides is copied with those imports rebound:
//! the import becomes `env::__wasi_shim_p1_<name>` and its symbol takes that name, which
//! `libc.a` defines (`wasi-shim-libc/src/preview1.rs`). Nothing else in the object changes: the
//! code, its relocations and every index stay as they are; only the import section and the
//! `linking` section's symbol table are written anew. Imports of other preview 1 functions are
//! left alone, so the error names them.

/// The preview 1 functions `libc.a` defines as `__wasi_shim_p1_<name>`.
pub const PROVIDED: &[&str] = &[
    "random_get",
    "clock_time_get",
    "clock_res_get",
    "fd_write",
    "proc_exit",
    "sched_yield",
];

/// The import module of preview 1.
const PREVIEW1: &[u8] = b"wasi_snapshot_preview1";

/// The prefix of `libc.a`'s definitions.
pub const PREFIX: &str = "__wasi_shim_p1_";

const SYMTAB: u8 = 8;
const UNDEFINED: u32 = 0x10;
const EXPLICIT_NAME: u32 = 0x40;

/// Whether `bytes` (an object or an archive of objects) may import from preview 1.
#[must_use]
pub fn may_import(bytes: &[u8]) -> bool {
    bytes.windows(PREVIEW1.len()).any(|w| w == PREVIEW1)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn leb(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift.min(63);
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.leb()?).ok()
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    fn name(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    fn done(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Skips a value type (numeric, vector or reference type).
    fn valtype(&mut self) -> Option<()> {
        match self.byte()? {
            0x63 | 0x64 => self.leb().map(drop), // (ref null? heaptype)
            _ => Some(()),
        }
    }

    /// Skips table or memory limits.
    fn limits(&mut self) -> Option<()> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        if flags & 8 != 0 {
            self.leb()?;
        }
        Some(())
    }
}

fn put_leb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn put_name(out: &mut Vec<u8>, name: &[u8]) {
    put_leb(out, name.len() as u64);
    out.extend_from_slice(name);
}

fn put_section(out: &mut Vec<u8>, id: u8, payload: &[u8]) {
    out.push(id);
    put_leb(out, payload.len() as u64);
    out.extend_from_slice(payload);
}

/// The object with its preview 1 imports of [`PROVIDED`] functions rebound, or `None` when it
/// has none (or is not a relocatable wasm object this reader understands, which is then linked
/// as it is).
#[must_use]
pub fn rebind(object: &[u8]) -> Option<Vec<u8>> {
    if !object.starts_with(b"\0asm\x01\0\0\0") || !may_import(object) {
        return None;
    }
    let mut r = Reader {
        bytes: object,
        pos: 8,
    };
    // (function import index → new name) for the rebound imports.
    let mut rebound: Vec<(u32, Vec<u8>)> = Vec::new();
    let mut out = object[..8].to_vec();
    while !r.done() {
        let id = r.byte()?;
        let size = r.u32()? as usize;
        let payload = r.take(size)?;
        match id {
            2 => out_section_imports(&mut out, payload, &mut rebound)?,
            0 if !rebound.is_empty() && payload.starts_with(b"\x07linking") => {
                out_section_linking(&mut out, payload, &rebound)?;
            }
            _ => put_section(&mut out, id, payload),
        }
    }
    if rebound.is_empty() { None } else { Some(out) }
}

fn out_section_imports(
    out: &mut Vec<u8>,
    payload: &[u8],
    rebound: &mut Vec<(u32, Vec<u8>)>,
) -> Option<()> {
    let mut r = Reader {
        bytes: payload,
        pos: 0,
    };
    let count = r.u32()?;
    let mut new = Vec::with_capacity(payload.len() + 64);
    put_leb(&mut new, u64::from(count));
    let mut func_index = 0u32;
    for _ in 0..count {
        let module = r.name()?;
        let field = r.name()?;
        let desc_start = r.pos;
        let kind = r.byte()?;
        match kind {
            0 => drop(r.u32()?),
            1 => {
                r.valtype()?;
                r.limits()?;
            }
            2 => r.limits()?,
            3 => {
                r.valtype()?;
                r.byte()?;
            }
            4 => {
                r.byte()?;
                r.u32()?;
            }
            _ => return None,
        }
        let desc = &payload[desc_start..r.pos];
        let provided =
            kind == 0 && module == PREVIEW1 && PROVIDED.iter().any(|p| p.as_bytes() == field);
        if provided {
            let name = [PREFIX.as_bytes(), field].concat();
            put_name(&mut new, b"env");
            put_name(&mut new, &name);
            rebound.push((func_index, name));
        } else {
            put_name(&mut new, module);
            put_name(&mut new, field);
        }
        new.extend_from_slice(desc);
        if kind == 0 {
            func_index += 1;
        }
    }
    if !r.done() {
        return None;
    }
    put_section(out, 2, &new);
    Some(())
}

fn out_section_linking(
    out: &mut Vec<u8>,
    payload: &[u8],
    rebound: &[(u32, Vec<u8>)],
) -> Option<()> {
    let mut r = Reader {
        bytes: payload,
        pos: 0,
    };
    let section_name = r.name()?;
    let version = r.u32()?;
    let mut new = Vec::with_capacity(payload.len() + 64);
    put_name(&mut new, section_name);
    put_leb(&mut new, u64::from(version));
    while !r.done() {
        let kind = r.byte()?;
        let size = r.u32()? as usize;
        let sub = r.take(size)?;
        if kind != SYMTAB {
            new.push(kind);
            put_leb(&mut new, size as u64);
            new.extend_from_slice(sub);
            continue;
        }
        let mut s = Reader { bytes: sub, pos: 0 };
        let count = s.u32()?;
        let mut table = Vec::with_capacity(sub.len() + 64);
        put_leb(&mut table, u64::from(count));
        for _ in 0..count {
            let sym_kind = s.byte()?;
            let flags = s.u32()?;
            match sym_kind {
                // Function, global, tag, table: an index, and a name when defined or explicit.
                0 | 2 | 4 | 5 => {
                    let index = s.u32()?;
                    let has_name = flags & UNDEFINED == 0 || flags & EXPLICIT_NAME != 0;
                    let name = if has_name { Some(s.name()?) } else { None };
                    let new_name = (sym_kind == 0 && flags & UNDEFINED != 0)
                        .then(|| rebound.iter().find(|(i, _)| *i == index))
                        .flatten();
                    table.push(sym_kind);
                    if let Some((_, new_name)) = new_name {
                        put_leb(&mut table, u64::from(flags | EXPLICIT_NAME));
                        put_leb(&mut table, u64::from(index));
                        put_name(&mut table, new_name);
                    } else {
                        put_leb(&mut table, u64::from(flags));
                        put_leb(&mut table, u64::from(index));
                        if let Some(name) = name {
                            put_name(&mut table, name);
                        }
                    }
                }
                // Data: a name, and where it lives when defined.
                1 => {
                    let name = s.name()?;
                    table.push(1);
                    put_leb(&mut table, u64::from(flags));
                    put_name(&mut table, name);
                    if flags & UNDEFINED == 0 {
                        for _ in 0..3 {
                            put_leb(&mut table, s.leb()?);
                        }
                    }
                }
                // Section: its index.
                3 => {
                    let index = s.u32()?;
                    table.push(3);
                    put_leb(&mut table, u64::from(flags));
                    put_leb(&mut table, u64::from(index));
                }
                _ => return None,
            }
        }
        if !s.done() {
            return None;
        }
        new.push(SYMTAB);
        put_leb(&mut new, table.len() as u64);
        new.extend_from_slice(&table);
    }
    put_section(out, 0, &new);
    Some(())
}
