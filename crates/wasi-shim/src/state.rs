//! The shim's process-wide state: the descriptor table, the preopens and the current directory.
//!
//! Everything is initialized lazily, on the first call that needs it, so a component that never
//! touches the filesystem never calls `get-directories`, and initialization cannot run inside
//! `cabi_realloc` (which never reaches this module). Nothing is ever re-initialized: a reactor
//! component keeps its descriptors and current directory between export calls.

use crate::errno::{Errno, Result};
use crate::fd::{Object, OpenFile};
use crate::global::Global;
use crate::path;
use crate::table::{DescriptorTable, Slot};
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use wasi_shim_sys::wasi::filesystem::preopens;
use wasi_shim_sys::wasi::filesystem::types::{
    Descriptor, DescriptorFlags, DescriptorType, PathFlags,
};

/// One preopened directory: its normalized guest name and its descriptor.
///
/// Architecture invariant: preopens take no descriptor numbers. The host holds them open for the
/// component's whole life and the shim reaches them only through path resolution, so the first
/// `open` returns 3, as it does natively.
pub(crate) struct Preopen {
    pub(crate) name: String,
    pub(crate) dir: Rc<OpenFile>,
}

pub(crate) struct State {
    pub(crate) table: DescriptorTable<Rc<Object>>,
    /// [`crate::fd::write`] through the table (see [`table_write`]).
    write: WriteFn,
    pub(crate) preopens: Option<Vec<Preopen>>,
}

static STATE: Global<Option<State>> = Global::new(None);

/// The current directory, absolute and normalized; `None` until first needed. Apart from the
/// table, so that `getcwd` (which std's panic and backtrace printing reach in every program)
/// does not make or link the table.
static CWD: Global<Option<String>> = Global::new(None);

/// Runs `f` with the state, creating it (with stdio at 0, 1 and 2) on first use.
pub(crate) fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with(|state| {
        let state = match state {
            Some(state) => state,
            None => state.insert(new_state()),
        };
        f(state)
    })
}

/// The state as it starts: stdio at 0, 1 and 2. Not inlined, so that each instance of [`with`]
/// does not carry its own copy.
#[inline(never)]
fn new_state() -> State {
    let mut table = DescriptorTable::new();
    for object in [Object::stdin(), Object::stdout(), Object::stderr()] {
        let slot = Slot {
            entry: Rc::new(object),
            cloexec: false,
        };
        // An empty table has room for three entries; they get 0, 1 and 2.
        let _ = table.insert(slot);
    }
    State {
        table,
        write: crate::fd::write_through_table,
        preopens: None,
    }
}

/// The current directory: `wasi:cli/environment#initial-cwd` when the host gives one, else `/`.
pub(crate) fn cwd() -> String {
    CWD.with(|cwd| {
        cwd.get_or_insert_with(|| {
            let initial = crate::import_alloc::receiving(host_initial_cwd);
            path::normalize("/", initial.as_deref().unwrap_or("/"))
        })
        .clone()
    })
}

#[cfg(target_env = "p3")]
use wasi_shim_sys::wasi::cli::environment::get_initial_cwd as host_initial_cwd;
/// `wasi:cli/environment`'s initial directory (renamed `get-initial-cwd` in WASI 0.3).
#[cfg(not(target_env = "p3"))]
use wasi_shim_sys::wasi::cli::environment::initial_cwd as host_initial_cwd;

/// Makes `dir` (absolute and canonical) the current directory.
pub(crate) fn set_cwd(dir: String) {
    CWD.with(|cwd| *cwd = Some(dir));
}

/// `write(fd, buf)`'s signature.
pub(crate) type WriteFn = fn(u32, &[u8]) -> Result<usize>;

/// How `write` reaches the table, once there is one; `None` before.
///
/// Until the table exists nothing was ever opened, closed or duplicated, so `write` can serve
/// descriptors 1 and 2 itself. The table's `write` is a pointer stored when the table is made,
/// not a call, so that a component which only ever prints links neither the table, nor the
/// open-description types, nor (when it allocates nothing else) a heap: as wasi-libc reaches its
/// preopens through weak symbols that only the path functions define.
pub(crate) fn table_write() -> Option<WriteFn> {
    STATE.with(|state| state.as_ref().map(|s| s.write))
}

impl State {
    /// The preopens, fetched from the host on first use.
    pub(crate) fn preopens(&mut self) -> &[Preopen] {
        self.preopens.get_or_insert_with(|| {
            crate::import_alloc::receiving(preopens::get_directories)
                .into_iter()
                .zip(1..)
                .map(|((descriptor, name), device)| Preopen {
                    name: path::normalize_preopen_name(&name),
                    dir: Rc::new(OpenFile::preopen(descriptor, name, device)),
                })
                .collect()
        })
    }

    /// Resolves a path as the `*at` functions see it: absolute paths and paths relative to the
    /// current directory (`dirfd` = `None`) go through the preopens; others are relative to the
    /// directory descriptor `dirfd`.
    ///
    /// # Errors
    /// `ENOENT` for an empty path and for a name outside every preopen, `EACCES` for one of the
    /// directories on the way to a preopen (no preopen serves them); `EBADF` or `ENOTDIR` for a
    /// bad `dirfd`.
    pub(crate) fn resolve(&mut self, dirfd: Option<u32>, path: &str) -> Result<Resolved> {
        match self.locate(dirfd, path)? {
            Located::Host(resolved) => Ok(resolved),
            Located::Unserved(_) => Err(Errno::ACCES),
        }
    }

    /// As [`State::resolve`], but a directory on the way to a preopen, which no preopen serves,
    /// is [`Located::Unserved`] rather than `EACCES`.
    ///
    /// # Errors
    /// As [`State::resolve`], but for `EACCES`.
    pub(crate) fn locate(&mut self, dirfd: Option<u32>, path: &str) -> Result<Located> {
        if path.is_empty() {
            return Err(Errno::NOENT);
        }
        let base = match (dirfd, path.starts_with('/')) {
            (Some(fd), false) => Some(self.table.get(fd)?.entry.clone().as_directory()?),
            _ => None,
        };
        let cwd = match &base {
            Some(_) => String::new(),
            None => cwd(),
        };
        let start = match &base {
            Some(dir) => match &dir.path {
                Some(dir_path) => path::Start::Dir(dir_path),
                // A directory known by no path (none is, today): the host resolves it all.
                None => {
                    return Ok(Located::Host(Resolved {
                        dir: dir.clone(),
                        path: String::from(path),
                    }));
                }
            },
            None => path::Start::Cwd(&cwd),
        };
        let preopens = self.preopens();
        let names: Vec<&str> = preopens.iter().map(|p| p.name.as_str()).collect();
        let dir_of = |place| match place {
            path::Place::Base => base.clone().ok_or(Errno::NOTCAPABLE),
            // `index` is one of `names`, so always there (`get`: no bounds-check panic).
            path::Place::Preopen(index) => preopens
                .get(index)
                .map(|p| p.dir.clone())
                .ok_or(Errno::NOTCAPABLE),
        };
        let mut lookup = |place, rel: &str| {
            let dir = match dir_of(place) {
                Ok(dir) => dir,
                Err(errno) => return path::Entry::Error(errno),
            };
            match dir.handle.stat_at(PathFlags::empty(), rel) {
                Ok(stat) => match stat.type_ {
                    DescriptorType::Directory => path::Entry::Dir,
                    DescriptorType::SymbolicLink => {
                        match crate::import_alloc::receiving(|| dir.handle.readlink_at(rel)) {
                            Ok(target) => path::Entry::Link(target),
                            Err(e) => path::Entry::Error(e.into()),
                        }
                    }
                    _ => path::Entry::Other,
                },
                Err(e) => path::Entry::Error(e.into()),
            }
        };
        let (place, mut rel) = match path::walk(&names, start, path, &mut lookup) {
            Ok(found) => found,
            Err(path::Unresolved::Unserved(id)) => return Ok(Located::Unserved(id)),
            Err(path::Unresolved::Outside) => return Err(Errno::NOENT),
            Err(path::Unresolved::Loop) => return Err(Errno::LOOP),
            Err(path::Unresolved::NotDir) => return Err(Errno::NOTDIR),
            Err(path::Unresolved::Missing(errno)) => return Err(errno),
        };
        if path::has_directory_suffix(path) && rel != "." {
            rel.push('/');
        }
        Ok(Located::Host(Resolved {
            dir: dir_of(place)?,
            path: rel,
        }))
    }
}

/// Where a path leads: into a preopen (or below a directory descriptor), or to one of the
/// directories on the way to a preopen, which exist in the namespace but which no preopen
/// serves (with the identity [`path::position_id`] gives it).
pub(crate) enum Located {
    Host(Resolved),
    Unserved(u64),
}

/// A path split into a directory descriptor and a path relative to it, ready for a `*-at` call.
pub(crate) struct Resolved {
    pub(crate) dir: Rc<OpenFile>,
    pub(crate) path: String,
}

impl Resolved {
    pub(crate) fn descriptor(&self) -> &Descriptor {
        &self.dir.handle
    }
}

/// Whether a directory descriptor lets its tree be changed, from its flags: `(writable,
/// mutate)`, where `mutate` says the host reported `mutate-directory` itself (so that opens
/// below it may ask for it).
///
/// A host that reports no flags at all (not even `read`, which every preopen has) tells nothing
/// about the tree: jco's preview2-shim does this. The tree is then taken as writable, and the
/// host's own answer to each change is what the program sees (reporting "read-only" for files
/// the program has just written would be the worse lie); but opens do not ask it for a flag it
/// never reported.
pub(crate) fn tree_is_writable(descriptor: &Descriptor) -> (bool, bool) {
    match descriptor.get_flags() {
        Ok(flags) => {
            let mutate = (flags & DescriptorFlags::MUTATE_DIRECTORY).bits() != 0;
            (mutate || flags.bits() == 0, mutate)
        }
        Err(_) => (false, false),
    }
}
