//! Path resolution against the preopened directories: pure string logic, unit-tested on the host.
//!
//! WASI 0.2 has no global namespace: every path is relative to a directory descriptor, and a
//! component starts with the host's preopens, each named by a guest path. POSIX programs use
//! absolute paths and a current directory, so the shim maps one onto the other:
//!
//! - a relative path is first joined to the current directory (an absolute guest path);
//! - the joined path is normalized lexically: empty and `.` components are dropped and `..`
//!   removes the component before it (never going above `/`);
//! - the preopen whose name is the longest whole-component prefix wins, and the rest of the path
//!   is passed to the host relative to that preopen's descriptor (`.` for the preopen itself).
//!
//! `..` is left to the host whenever it stays inside the preopen the path starts in: the host
//! resolves it physically (through symlinks, failing with `ENOTDIR` after a file and `ENOENT`
//! after a missing directory), as POSIX does. Only a `..` that climbs above a preopen's root is
//! resolved lexically here, since no host call can cross from one preopen to another; that is
//! the one deviation from POSIX (the current directory itself is always kept canonical, with no
//! symlinks in it, so this happens only at preopen roots).
//!
//! A preopen named `.` (or `./x`) is treated as `/` (or `/x`), which with the default current
//! directory `/` makes relative paths resolve under it, as they do with wasi-libc.

use alloc::string::String;
use alloc::vec::Vec;

use crate::errno::Errno;

/// A preopen's guest name in the normalized absolute form that [`resolve`] matches against.
#[must_use]
pub fn normalize_preopen_name(name: &str) -> String {
    let name = name.strip_prefix("./").unwrap_or(name);
    let name = if name == "." { "" } else { name };
    normalize("/", name)
}

/// Joins `path` to the absolute directory `cwd` (unless `path` is absolute) and normalizes the
/// result lexically. The result is absolute, starts with `/`, and has no `.`, `..` or empty
/// components and no trailing slash (except the root itself).
#[must_use]
pub fn normalize(cwd: &str, path: &str) -> String {
    let mut out = String::with_capacity(cwd.len() + path.len() + 1);
    if !path.starts_with('/') {
        push_normalized(&mut out, cwd);
    }
    push_normalized(&mut out, path);
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The `/`-separated pieces of `path`, empty ones included, as `path.split('/')` gives them.
/// It splits bytes at the ASCII `/`, which is always a character boundary, rather than searching
/// a `str` for a `char`: the same pieces with much less code (paths are split for `getcwd` in
/// every program, and for every path a program names).
pub(crate) fn pieces(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(path);
    core::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b'/') {
            Some(slash) => {
                rest = r.get(slash + 1..);
                r.get(..slash)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `path` without its trailing slashes (all of them: `/` becomes empty), as
/// `path.trim_end_matches('/')` gives it, by byte.
#[must_use]
pub fn trim_trailing_slashes(path: &str) -> &str {
    let end = path
        .bytes()
        .rposition(|b| b != b'/')
        .map_or(0, |last| last + 1);
    path.get(..end).unwrap_or(path)
}

/// Appends the components of `path` to the normalized `out` (empty for the root), applying
/// `.` and `..`.
fn push_normalized(out: &mut String, path: &str) {
    for component in pieces(path) {
        match component {
            "" | "." => {}
            ".." => {
                let cut = out.bytes().rposition(|b| b == b'/').unwrap_or(0);
                out.truncate(cut);
            }
            name => {
                out.push('/');
                out.push_str(name);
            }
        }
    }
}

/// Whether `path` names a directory by its spelling: it ends in `/`, `/.` or `/..`, or is `.` or
/// `..`. POSIX requires such a path to resolve to a directory, which the host checks when it is
/// passed with a trailing slash.
#[must_use]
pub fn has_directory_suffix(path: &str) -> bool {
    path.ends_with('/')
        || path.ends_with("/.")
        || path.ends_with("/..")
        || path == "."
        || path == ".."
}

/// The part of the absolute, normalized `path` below the preopen named `prefix` (normalized
/// too), or `None` when `prefix` is not a whole-component prefix of it.
#[must_use]
pub fn strip_preopen<'a>(prefix: &str, path: &'a str) -> Option<&'a str> {
    if prefix == "/" {
        let start = path.bytes().position(|b| b != b'/').unwrap_or(path.len());
        return path.get(start..);
    }
    let rest = path.strip_prefix(prefix)?;
    if rest.is_empty() {
        Some("")
    } else {
        rest.strip_prefix('/')
    }
}

/// Picks the preopen for the absolute, normalized `path`: the longest matching name wins.
/// Returns the index into `names` and the path relative to that preopen (`.` for itself).
pub fn resolve<'p, 'n>(
    names: impl IntoIterator<Item = &'n str>,
    path: &'p str,
) -> Option<(usize, &'p str)> {
    let mut best: Option<(usize, usize, &'p str)> = None;
    for (index, name) in names.into_iter().enumerate() {
        if let Some(rest) = strip_preopen(name, path)
            && best.is_none_or(|(_, len, _)| name.len() > len)
        {
            best = Some((index, name.len(), rest));
        }
    }
    best.map(|(index, _, rest)| (index, if rest.is_empty() { "." } else { rest }))
}

/// Where a resolved path starts: a preopen (its index) or the directory descriptor the path
/// was given relative to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The preopen with this index.
    Preopen(usize),
    /// The `*at` call's own directory descriptor.
    Base,
}

/// What a path is resolved from.
#[derive(Clone, Copy, Debug)]
pub enum Start<'a> {
    /// The current directory (absolute and canonical), for absolute and cwd-relative paths.
    Cwd(&'a str),
    /// A directory descriptor, known by the absolute guest path it was opened by.
    Dir(&'a str),
}

/// Why a path has no resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// It names nothing: outside every preopen only the directories on the way to a mount point
    /// exist, and a name there that is on the way to none is not in the namespace (`ENOENT`).
    Outside,
    /// It names one of the directories on the way to a mount point (`/` below a `/sandbox`
    /// preopen), which exist but which no preopen serves (`EACCES` to open; `stat` describes
    /// them). With the directory's identity, [`position_id`] of its place.
    Unserved(u64),
    /// More than [`MAX_SYMLINKS`] symbolic links were expanded (`ELOOP`).
    Loop,
    /// A component followed by `..` is not a directory (`ENOTDIR`).
    NotDir,
    /// A component followed by `..` does not exist (`ENOENT`), or the host's error for it.
    Missing(Errno),
}

/// What a component followed by `..` is, as the host says (`stat-at` without following links,
/// then `readlink-at` for a link).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A directory: `..` after it is its parent.
    Dir,
    /// A symbolic link, with its target: replaced by the target before the `..`.
    Link(String),
    /// Something else (a file, a socket...): `ENOTDIR`.
    Other,
    /// Nothing, or an error: that errno (`ENOENT` for nothing).
    Error(Errno),
}

/// The most symbolic links one resolution expands, as Linux's limit (40).
pub const MAX_SYMLINKS: usize = 40;

/// The preopen whose name is the longest whole-component prefix of the absolute position `pos`
/// (`""` or `"/"` for the root, otherwise normalized), and how many components its name has.
fn preopen_of(names: &[&str], pos: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (index, name) in names.iter().enumerate() {
        let len = name.bytes().filter(|&b| b == b'/').count() - usize::from(*name == "/");
        if strip_preopen(name, root_as_empty(pos)).is_some() && best.is_none_or(|(_, l)| len > l) {
            best = Some((index, len));
        }
    }
    best
}

/// The root of a normalized absolute path as the empty string (`"/"` is the only spelling of a
/// path with no components that has a byte).
fn root_as_empty(pos: &str) -> &str {
    if pos == "/" { "" } else { pos }
}

/// An identity for the absolute place `pos` (normalized; `""` or `"/"` for the root): FNV-1a over
/// its bytes, `/` before every component, so one place has one identity however it was reached.
#[must_use]
pub fn position_id(pos: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in root_as_empty(pos).bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Whether the absolute position `pos` (normalized; `""` or `"/"` for the root) is a directory
/// on the way to the mount point `name`: the mount point itself, or above it.
fn on_the_way_to(pos: &str, name: &str) -> bool {
    let pos = root_as_empty(pos);
    pos.is_empty() || strip_preopen(pos, name).is_some()
}

/// The state of a [`walk`]: where it is, lexically and as the host will see it.
struct Walker {
    /// Where the host path starts; `None` while the position is outside every preopen.
    place: Option<Place>,
    /// The absolute position: `/` and a name for each component (empty at the root).
    pos: String,
    /// Each component of `pos`: the offset of its `/`, and whether it is known to be a directory
    /// and no link (a component of the canonical current directory or of a mount point).
    comps: Vec<(usize, bool)>,
    /// How many components of `pos` lie above the host path: the components from this one on
    /// are the path below `place`.
    base: usize,
}

impl Walker {
    /// Makes the preopen `found` (index, components of its name) the place; `pos` is in it.
    fn enter(&mut self, found: Option<(usize, usize)>) {
        match found {
            Some((index, len)) => {
                self.place = Some(Place::Preopen(index));
                self.base = len;
                for c in self.comps.iter_mut().skip(len) {
                    c.1 = true;
                }
            }
            None => {
                self.place = None;
                self.base = self.comps.len();
            }
        }
    }

    /// Goes back to `/`, outside any place but the preopen mounted there.
    fn back_to_root(&mut self, names: &[&str]) {
        self.pos.clear();
        self.comps.clear();
        self.enter(preopen_of(names, ""));
    }

    fn push(&mut self, name: &str, known_dir: bool) {
        self.comps.push((self.pos.len(), known_dir));
        self.pos.push('/');
        self.pos.push_str(name);
    }

    fn pop(&mut self) {
        if let Some((at, _)) = self.comps.pop() {
            self.pos.truncate(at);
        }
    }

    /// The host path below the place (empty for the place itself), and whether its last
    /// component is known to be a directory and no link (`None` when there is none).
    fn rel(&self) -> (&str, Option<bool>) {
        match self
            .comps
            .get(self.base..)
            .and_then(|c| c.first().zip(c.last()))
        {
            Some(((first, _), (_, plain))) => {
                (self.pos.get(first + 1..).unwrap_or_default(), Some(*plain))
            }
            None => ("", None),
        }
    }
}

/// [`walk`] for a path with no `..`: the walk only goes down, so the lexical form decides, with
/// no host call.
fn walk_down(names: &[&str], start: Start<'_>, path: &str) -> Result<(Place, String), Unresolved> {
    let (base, from_dir) = match start {
        Start::Cwd(cwd) => (cwd, false),
        Start::Dir(dir) => (dir, true),
    };
    let absolute = normalize(base, path);
    let found = resolve(names.iter().copied(), &absolute);
    if from_dir {
        let depth = |p: &str| pieces(p).filter(|c| !c.is_empty()).count();
        // A mount point below the directory, on the way, takes over; otherwise the path stays
        // relative to the descriptor.
        if let Some((index, rest)) = found
            && names
                .get(index)
                .is_some_and(|name| depth(name) > depth(base))
        {
            return Ok((Place::Preopen(index), String::from(rest)));
        }
        let mut rel = String::new();
        for c in pieces(path).filter(|c| !c.is_empty() && *c != ".") {
            if !rel.is_empty() {
                rel.push('/');
            }
            rel.push_str(c);
        }
        if rel.is_empty() {
            rel.push('.');
        }
        return Ok((Place::Base, rel));
    }
    // Going only down, the walk passes through the prefixes of the preopen it ends in, which are
    // all on the way to that preopen's mount point: the longest matching name decides.
    found
        .map(|(index, rest)| (Place::Preopen(index), String::from(rest)))
        .ok_or_else(|| {
            if names.iter().any(|n| on_the_way_to(&absolute, n)) {
                Unresolved::Unserved(position_id(&absolute))
            } else {
                Unresolved::Outside
            }
        })
}

/// Text still to walk: a borrowed path (the argument, the current directory, a descriptor's) or
/// a link's target.
enum Text<'a> {
    Borrowed(&'a str),
    Owned(String),
}

/// One text still to walk: the text, the offset of its next component (past its end when it is
/// done), and whether its components are known to be directories and no links.
struct Pending<'a> {
    text: Text<'a>,
    at: usize,
    known_dir: bool,
}

impl<'a> Pending<'a> {
    fn new(text: Text<'a>, known_dir: bool) -> Self {
        Self {
            text,
            at: 0,
            known_dir,
        }
    }

    fn text(&self) -> &str {
        match &self.text {
            Text::Borrowed(s) => s,
            Text::Owned(s) => s,
        }
    }

    /// The next component (without consuming it), or `None` when the text is done.
    fn next(&self) -> Option<&str> {
        pieces(self.text().get(self.at..)?).next()
    }
}

/// Resolves `path` against the preopens `names` (normalized, as [`normalize_preopen_name`] makes
/// them), by one rule: the guest's namespace is a tree in which each preopen is mounted at its
/// name, and a path is walked through it component by component, as a kernel walks mounts.
///
/// - A name that reaches a preopen's mount point enters that preopen, however the path was
///   spelled: with preopens `/` and `/data`, `/x/../data/f` and `/data/f` are one file.
/// - `..` after a component asks the host what that component is (`lookup(place, path)`): a
///   directory is left for its parent, a link is replaced by its target first, anything else
///   fails as the kernel would (`ENOTDIR`, `ENOENT`). So the path the host gets has no `..`, and
///   the walk always knows where it is. Components of the canonical current directory and of
///   mount points are known directories and cost nothing.
/// - `..` at a preopen's root (or at the root of the `Start::Dir` descriptor) goes to the parent
///   of its mount point, as `..` leaves a mounted filesystem; `..` at `/` stays at `/`.
/// - Outside every preopen only the directories leading to a mount point exist.
///
/// Returns the place and the path relative to it (`.` for the place itself). Symbolic links
/// that the host follows without a `..` after them stay inside their preopen's host tree: such
/// a link cannot lead into another preopen (the one deviation from a kernel's walk).
///
/// # Errors
/// [`Unresolved::Outside`] for a name outside every preopen that is on the way to no mount
/// point, [`Unresolved::Unserved`] for a directory on the way to one, [`Unresolved::Loop`] after
/// [`MAX_SYMLINKS`] expansions, [`Unresolved::NotDir`] and [`Unresolved::Missing`] for a
/// component before a `..` that is not a directory.
pub fn walk(
    names: &[&str],
    start: Start<'_>,
    path: &str,
    lookup: &mut dyn FnMut(Place, &str) -> Entry,
) -> Result<(Place, String), Unresolved> {
    if !pieces(path).any(|c| c == "..") {
        return walk_down(names, start, path);
    }
    let mut w = Walker {
        place: None,
        pos: String::new(),
        comps: Vec::new(),
        base: 0,
    };
    // The texts still to walk, as a stack (the next one last). Each component is walked in
    // place: only a link's target is copied, and each component once into `w.pos`.
    let mut pending = Vec::new();
    pending.push(Pending::new(Text::Borrowed(path), false));
    match start {
        Start::Cwd(cwd) => {
            w.back_to_root(names);
            if !path.starts_with('/') {
                pending.push(Pending::new(Text::Borrowed(cwd), true));
            }
        }
        Start::Dir(dir) => {
            w.place = Some(Place::Base);
            for c in pieces(dir).filter(|c| !c.is_empty()) {
                w.push(c, false);
            }
            w.base = w.comps.len();
        }
    }
    let mut expansions = 0;
    while let Some(top) = pending.last_mut() {
        let Some(name) = top.next() else {
            pending.pop();
            continue;
        };
        let (len, known_dir) = (name.len(), top.known_dir);
        if name != ".." {
            if !name.is_empty() && name != "." {
                w.push(name, known_dir);
                let found = preopen_of(names, &w.pos);
                match found {
                    // The walk reached a preopen's mount point (or came back under one from
                    // outside every preopen): it continues inside it.
                    Some((index, len))
                        if (len == w.comps.len() || w.place.is_none())
                            && w.place != Some(Place::Preopen(index)) =>
                    {
                        w.enter(found);
                    }
                    // Outside every preopen only the way to a mount point exists: any other
                    // name is outside the sandbox, whatever follows it.
                    None if !names.iter().any(|n| on_the_way_to(&w.pos, n)) => {
                        return Err(Unresolved::Outside);
                    }
                    _ => {}
                }
            }
            top.at += len + 1;
            continue;
        }
        // `..`: consumed below unless something is walked before it (a link's target, or the
        // path of the descriptor the walk started from).
        let (rel, last_plain) = w.rel();
        let Some(plain) = last_plain else {
            if let (Some(Place::Base), Start::Dir(dir)) = (w.place, start) {
                // Above the descriptor: it is known by the path it was opened by, which may run
                // through links. Walk that path again from `/`, so that a link at its end is
                // followed before this `..`.
                w.back_to_root(names);
                pending.push(Pending::new(Text::Borrowed(dir), false));
                continue;
            }
            // At the root of the place (or outside every preopen, where only the way to the
            // mount points exists): up to the parent of its mount point.
            top.at += len + 1;
            w.pop();
            w.enter(preopen_of(names, &w.pos));
            continue;
        };
        if let (false, Some(place)) = (plain, w.place) {
            match lookup(place, rel) {
                Entry::Dir => {}
                Entry::Link(target) => {
                    expansions += 1;
                    if expansions > MAX_SYMLINKS {
                        return Err(Unresolved::Loop);
                    }
                    w.pop();
                    if target.starts_with('/') {
                        w.back_to_root(names);
                    }
                    pending.push(Pending::new(Text::Owned(target), false));
                    continue;
                }
                Entry::Other => return Err(Unresolved::NotDir),
                // A name the host does not have may still be a directory on the way to a mount
                // point below it.
                Entry::Error(_) if names.iter().any(|n| on_the_way_to(&w.pos, n)) => {}
                Entry::Error(errno) => return Err(Unresolved::Missing(errno)),
            }
        }
        if let Some(top) = pending.last_mut() {
            top.at += len + 1;
        }
        w.pop();
    }
    // Still outside every preopen, the walk is on the way to a mount point (any other name
    // ended it above).
    let place = w
        .place
        .ok_or_else(|| Unresolved::Unserved(position_id(&w.pos)))?;
    let rel = match w.rel() {
        ("", _) => String::from("."),
        (rel, _) => String::from(rel),
    };
    Ok((place, rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_lexically() {
        assert_eq!(normalize("/", "a/b"), "/a/b");
        assert_eq!(normalize("/sandbox", "a/./b/"), "/sandbox/a/b");
        assert_eq!(normalize("/sandbox/sub", "../x"), "/sandbox/x");
        assert_eq!(normalize("/sandbox", "../../../etc"), "/etc");
        assert_eq!(normalize("/sandbox", "/abs//p"), "/abs/p");
        assert_eq!(normalize("/", ".."), "/");
        assert_eq!(normalize("/a", "."), "/a");
    }

    #[test]
    fn trailing_slashes_and_pieces() {
        for path in ["", "/", "//", "a", "a/", "a//", "/a/b/", "/a//b", "é/ü//"] {
            assert_eq!(
                trim_trailing_slashes(path),
                path.trim_end_matches('/'),
                "{path:?}"
            );
            assert_eq!(
                pieces(path).collect::<Vec<_>>(),
                path.split('/').collect::<Vec<_>>(),
                "{path:?}"
            );
        }
        assert_eq!(strip_preopen("/", "//a/b"), Some("a/b"));
        assert_eq!(strip_preopen("/", "/"), Some(""));
    }

    #[test]
    fn preopen_names() {
        assert_eq!(normalize_preopen_name("."), "/");
        assert_eq!(normalize_preopen_name("./data"), "/data");
        assert_eq!(normalize_preopen_name("/sandbox/"), "/sandbox");
        assert_eq!(normalize_preopen_name("/"), "/");
        assert_eq!(normalize_preopen_name("tmp"), "/tmp");
    }

    #[test]
    fn longest_whole_component_prefix_wins() {
        let names = ["/", "/sandbox", "/sandbox/inner", "/sand"];
        assert_eq!(resolve(names, "/sandbox/a"), Some((1, "a")));
        assert_eq!(resolve(names, "/sandbox/inner/b/c"), Some((2, "b/c")));
        assert_eq!(resolve(names, "/sandbox"), Some((1, ".")));
        assert_eq!(resolve(names, "/sandboxes/x"), Some((0, "sandboxes/x")));
        assert_eq!(resolve(names, "/sand/x"), Some((3, "x")));
        assert_eq!(resolve(names, "/"), Some((0, ".")));
    }

    #[test]
    fn paths_outside_every_preopen_are_refused() {
        let names = ["/sandbox"];
        assert_eq!(resolve(names, "/etc/passwd"), None);
        assert_eq!(resolve(names, "/sandboxes"), None);
        assert_eq!(resolve(names, "/"), None);
        assert_eq!(resolve([] as [&str; 0], "/x"), None);
    }

    /// [`walk`] over a host where `links` (`(place, path, target)`) are links, paths ending in
    /// `file` are files, paths ending in `missing` do not exist, and everything else is a
    /// directory.
    fn walk_with(
        names: &[&str],
        start: Start<'_>,
        path: &str,
        links: &[(Place, &str, &str)],
    ) -> Result<(Place, String), Unresolved> {
        let mut lookup = |place: Place, p: &str| {
            if let Some((_, _, t)) = links.iter().find(|(lp, l, _)| *lp == place && *l == p) {
                Entry::Link(String::from(*t))
            } else if p.ends_with("file") {
                Entry::Other
            } else if p.ends_with("missing") {
                Entry::Error(Errno::NOENT)
            } else {
                Entry::Dir
            }
        };
        walk(names, start, path, &mut lookup)
    }

    fn ok(place: Place, rel: &str) -> Result<(Place, String), Unresolved> {
        Ok((place, String::from(rel)))
    }

    #[test]
    fn dot_dot_is_resolved_by_asking_what_comes_before_it() {
        let names = ["/sandbox", "/other"];
        let r = |cwd, path| walk_with(&names, Start::Cwd(cwd), path, &[]);
        let p0 = Place::Preopen(0);
        assert_eq!(r("/sandbox", "a/../b"), ok(p0, "b"));
        assert_eq!(r("/sandbox/sub", "../x"), ok(p0, "x"));
        assert_eq!(r("/sandbox", "a.file/../y"), Err(Unresolved::NotDir));
        assert_eq!(
            r("/sandbox", "missing/../y"),
            Err(Unresolved::Missing(Errno::NOENT))
        );
        assert_eq!(r("/", "/sandbox/./a//b/"), ok(p0, "a/b"));
        assert_eq!(r("/sandbox", "."), ok(p0, "."));
        // Climbing above the preopen's root leaves it for the parent of its mount point.
        assert_eq!(r("/sandbox", "../other/z"), ok(Place::Preopen(1), "z"));
        assert_eq!(r("/sandbox", "sub/../../other"), ok(Place::Preopen(1), "."));
        assert_eq!(r("/sandbox", "../../etc"), Err(Unresolved::Outside));
        // The directories on the way to a mount point exist, but no preopen serves them.
        let root = Unresolved::Unserved(position_id(""));
        assert_eq!(r("/sandbox", ".."), Err(root));
        assert_eq!(r("/sandbox", "/"), Err(root));
        assert_eq!(r("/sandbox", "a/../../"), Err(root));
        assert_eq!(r("/sandbox", "/nothing/here"), Err(Unresolved::Outside));
        assert_eq!(r("/", "/etc/passwd"), Err(Unresolved::Outside));
        assert_eq!(r("/", "/../../sandbox/f"), ok(p0, "f"));
        assert_eq!(r("/", "/x/../sandbox/f"), Err(Unresolved::Outside));
    }

    #[test]
    fn one_file_has_one_place_however_it_is_spelled() {
        let names = ["/", "/data"];
        let r = |path| walk_with(&names, Start::Cwd("/"), path, &[]);
        let data = Place::Preopen(1);
        assert_eq!(r("/data/f"), ok(data, "f"));
        assert_eq!(r("/x/../data/f"), ok(data, "f"));
        assert_eq!(r("/data/../data/f"), ok(data, "f"));
        assert_eq!(r("data/f"), ok(data, "f"));
        assert_eq!(r("/data/.."), ok(Place::Preopen(0), "."));
        assert_eq!(r("/data/../f"), ok(Place::Preopen(0), "f"));
        assert_eq!(r("/.."), ok(Place::Preopen(0), "."));
        // From a descriptor: a mount point on the way takes over, `..` at its root leaves it.
        let d = |dir, path| walk_with(&names, Start::Dir(dir), path, &[]);
        assert_eq!(d("/", "data/f"), ok(data, "f"));
        assert_eq!(d("/x", "../data/f"), ok(data, "f"));
        assert_eq!(d("/data/sub", "../f"), ok(data, "f"));
        assert_eq!(d("/data/sub", "x/../f"), ok(Place::Base, "f"));
        assert_eq!(d("/data/sub", "../../f"), ok(Place::Preopen(0), "f"));
        assert_eq!(d("/data/sub", "a/./b/"), ok(Place::Base, "a/b"));
    }

    #[test]
    fn a_link_before_dot_dot_is_followed() {
        let names = ["/", "/data"];
        let (root, data) = (Place::Preopen(0), Place::Preopen(1));
        // `/data/jump` -> `deep/dir`: `/data/jump/../..` is `/data`, not `/`.
        let links = [(data, "jump", "deep/dir")];
        let r = |path| walk_with(&names, Start::Cwd("/"), path, &links);
        assert_eq!(r("/data/jump/../../f"), ok(data, "f"));
        assert_eq!(r("/data/jump/../../../f"), ok(root, "f"));
        // A link not followed by `..` is the host's to follow.
        assert_eq!(r("/data/jump/f"), ok(data, "jump/f"));
        // Components of the current directory are known to be no links.
        let c = walk_with(&names, Start::Cwd("/data/jump"), "..", &links);
        assert_eq!(c, ok(data, "."));
        // A descriptor opened through a link: `..` above it is the link target's parent.
        let d = walk_with(&names, Start::Dir("/data/jump"), "../f", &links);
        assert_eq!(d, ok(data, "deep/f"));
        // An absolute target starts again from `/`.
        let links = [(root, "abs", "/data/deep")];
        let r = |path| walk_with(&names, Start::Cwd("/"), path, &links);
        assert_eq!(r("/abs/../f"), ok(data, "f"));
        // A link that points up out of every preopen cannot escape.
        let names = ["/sandbox"];
        let p0 = Place::Preopen(0);
        let links = [(p0, "out", "../../canary")];
        let r = |path| walk_with(&names, Start::Cwd("/sandbox"), path, &links);
        assert_eq!(r("out/../secret"), Err(Unresolved::Outside));
        assert_eq!(r("out/../../sandbox/f"), Err(Unresolved::Outside));
    }

    /// Cases the model test (`tests/model.rs`) found, kept as regressions.
    #[test]
    fn found_by_the_model() {
        // Entering a mount point after `x/..` must not forget to check `x`: the kernel fails
        // on the missing `x`.
        let names = ["/", "/data"];
        let r = |path| walk_with(&names, Start::Cwd("/"), path, &[]);
        assert_eq!(
            r("/missing/../data/f"),
            Err(Unresolved::Missing(Errno::NOENT))
        );
        // A directory on the way to a mount point exists even where the outer preopen's tree
        // has no such name.
        let names = ["/", "/m1", "/m1/missing/m2"];
        let r = |path| walk_with(&names, Start::Cwd("/"), path, &[]);
        assert_eq!(r("/m1/missing/.."), ok(Place::Preopen(1), "."));
        assert_eq!(r("/m1/missing/m2/../../f"), ok(Place::Preopen(1), "f"));
    }

    #[test]
    fn link_loops_end_with_eloop() {
        let names = ["/"];
        let p0 = Place::Preopen(0);
        let links = [(p0, "a", "b"), (p0, "b", "a")];
        assert_eq!(
            walk_with(&names, Start::Cwd("/"), "a/../f", &links),
            Err(Unresolved::Loop)
        );
        let links = [(p0, "a", "a")];
        assert_eq!(
            walk_with(&names, Start::Cwd("/"), "a/..", &links),
            Err(Unresolved::Loop)
        );
    }

    #[test]
    fn directory_suffixes() {
        assert!(has_directory_suffix("a/"));
        assert!(has_directory_suffix("a/."));
        assert!(has_directory_suffix(".."));
        assert!(!has_directory_suffix("a"));
        assert!(!has_directory_suffix("a.txt"));
    }
}
