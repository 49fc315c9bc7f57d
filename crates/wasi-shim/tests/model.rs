//! Model-based tests of the two pieces of pure logic everything else stands on, with random
//! operations from a seeded generator (the seed of a failure is printed, so it can be replayed):
//!
//! * the descriptor table against a map: lowest free number, `dup`-style inserts at a minimum,
//!   `dup2`-style replacement, removal, `EMFILE` at the limit, `EBADF`/`EINVAL` where POSIX says;
//! * the path walk against a kernel-like resolver over a random tree of directories, files and
//!   symbolic links with preopens mounted in it: the walk's answer, resolved the way a WASI host
//!   resolves a path under one descriptor, must reach the node the kernel model reaches, or both
//!   must fail.
//!
//! `WASI_SHIM_MODEL_OPS` sets the number of operations (and path walks) per test; the default
//! suits a debug test run. The README gives the long run (10 million each, `--release`).

use std::collections::BTreeMap;

use wasi_shim::errno::Errno;
use wasi_shim::path::{self, Entry, Place, Start};
use wasi_shim::table::{DescriptorTable, MAX_DESCRIPTORS, Slot};

/// A small, fast, seedable generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn ops() -> usize {
    std::env::var("WASI_SHIM_MODEL_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000)
}

// ---------------------------------------------------------------------------------------------
// The descriptor table

#[test]
fn descriptor_table_matches_its_model() {
    let total = ops();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut done = 0;
    while done < total {
        let seed = rng.next() | 1;
        done += table_round(seed, 2_000.min(total - done));
    }
}

/// One sequence of `steps` random operations from `seed`, checked against a map.
fn table_round(seed: u64, steps: usize) -> usize {
    let mut rng = Rng(seed);
    let mut table: DescriptorTable<u64> = DescriptorTable::new();
    let mut model: BTreeMap<u32, u64> = BTreeMap::new();
    let mut next_id = 0u64;
    // Mostly small numbers, so that inserts, removals and replacements collide; sometimes a
    // fill towards the limit.
    let fd = |rng: &mut Rng| -> u32 {
        match rng.below(10) {
            0 => rng.below(MAX_DESCRIPTORS + 8) as u32,
            1 => (MAX_DESCRIPTORS - 1 - rng.below(4)) as u32,
            _ => rng.below(24) as u32,
        }
    };
    let lowest_free = |model: &BTreeMap<u32, u64>, min: usize| -> Option<u32> {
        (min..MAX_DESCRIPTORS)
            .map(|i| i as u32)
            .find(|i| !model.contains_key(i))
    };
    for step in 0..steps {
        let ctx = || format!("seed {seed:#x}, step {step}");
        next_id += 1;
        let id = next_id;
        // A fill to the limit is slow (a thousand inserts): one step in five thousand.
        let kinds = if rng.below(5_000) == 0 { 7 } else { 6 };
        match rng.below(kinds) {
            0 | 1 => {
                let got = table.insert(Slot {
                    entry: id,
                    cloexec: false,
                });
                let want = lowest_free(&model, 0).ok_or(Errno::MFILE);
                assert_eq!(got, want, "insert, {}", ctx());
                if let Ok(n) = want {
                    model.insert(n, id);
                }
            }
            2 => {
                let min = fd(&mut rng) as usize;
                let got = table.insert_at_least(
                    min,
                    Slot {
                        entry: id,
                        cloexec: true,
                    },
                );
                let want = if min >= MAX_DESCRIPTORS {
                    Err(Errno::INVAL)
                } else {
                    lowest_free(&model, min).ok_or(Errno::MFILE)
                };
                assert_eq!(got, want, "insert_at_least({min}), {}", ctx());
                if let Ok(n) = want {
                    model.insert(n, id);
                }
            }
            3 => {
                let n = fd(&mut rng);
                let got = table
                    .replace(
                        n,
                        Slot {
                            entry: id,
                            cloexec: false,
                        },
                    )
                    .map(|old| old.map(|s| s.entry));
                let want = if n as usize >= MAX_DESCRIPTORS {
                    Err(Errno::BADF)
                } else {
                    Ok(model.insert(n, id))
                };
                assert_eq!(got, want, "replace({n}), {}", ctx());
            }
            4 => {
                let n = fd(&mut rng);
                let got = table.remove(n).map(|s| s.entry);
                let want = model.remove(&n).ok_or(Errno::BADF);
                assert_eq!(got, want, "remove({n}), {}", ctx());
            }
            5 => {
                let n = fd(&mut rng);
                let got = table.get(n).map(|s| s.entry);
                let want = model.get(&n).copied().ok_or(Errno::BADF);
                assert_eq!(got, want, "get({n}), {}", ctx());
            }
            _ => {
                // Fill up to the limit: the next insert is `EMFILE`, and nothing was lost.
                while let Some(n) = lowest_free(&model, 0) {
                    next_id += 1;
                    let got = table.insert(Slot {
                        entry: next_id,
                        cloexec: false,
                    });
                    assert_eq!(got, Ok(n), "fill, {}", ctx());
                    model.insert(n, next_id);
                }
                let full = table.insert(Slot {
                    entry: 0,
                    cloexec: false,
                });
                assert_eq!(full, Err(Errno::MFILE), "a full table, {}", ctx());
            }
        }
        assert_eq!(table.len(), model.len(), "len, {}", ctx());
    }
    for (n, id) in &model {
        assert_eq!(
            table.get(*n).map(|s| s.entry),
            Ok(*id),
            "seed {seed:#x}: at the end"
        );
    }
    steps
}

// ---------------------------------------------------------------------------------------------
// The path walk

/// A node of one host tree.
#[derive(Clone, Debug)]
enum Node {
    Dir(BTreeMap<String, usize>),
    File,
    Link(String),
}

/// One preopen's host tree: nodes by index (0 is the root), with each node's parent.
#[derive(Clone, Debug, Default)]
struct Tree {
    nodes: Vec<Node>,
    parent: Vec<usize>,
}

/// Names of tree entries and link targets. Mount points use other names (`m1`, `m2`), so that a
/// link the host follows never crosses a mount: the walk's one documented deviation.
const NAMES: [&str; 3] = ["a", "b", "c"];

impl Tree {
    /// A random tree. `reserved` are paths (below the root) on the way to a mount point inside
    /// this preopen: they are directories, as a mount point's parents are.
    fn random(rng: &mut Rng, reserved: &[Vec<&str>]) -> Self {
        let mut t = Tree {
            nodes: vec![Node::Dir(BTreeMap::new())],
            parent: vec![0],
        };
        // The way to a mount point inside this preopen exists, as directories.
        let mut reserved_sorted: Vec<&Vec<&str>> = reserved.iter().collect();
        reserved_sorted.sort_by_key(|r| r.len());
        for r in reserved_sorted {
            let mut at = 0;
            for name in r {
                at = match t.child(at, name) {
                    Some(next) => next,
                    None => {
                        let index = t.nodes.len();
                        t.nodes.push(Node::Dir(BTreeMap::new()));
                        t.parent.push(at);
                        let Node::Dir(entries) = &mut t.nodes[at] else {
                            unreachable!()
                        };
                        entries.insert((*name).to_owned(), index);
                        index
                    }
                };
            }
        }
        for _ in 0..rng.below(14) {
            let dirs: Vec<usize> = (0..t.nodes.len())
                .filter(|&i| matches!(t.nodes[i], Node::Dir(_)))
                .collect();
            let dir = *rng.pick(&dirs);
            let name = (*rng.pick(&NAMES)).to_owned();
            let node = match rng.below(5) {
                0 | 1 => Node::Dir(BTreeMap::new()),
                2 => Node::File,
                _ => {
                    // Links: to a sibling or a name below it, or up (`..`) and over.
                    let mut target: Vec<&str> = vec![".."; rng.below(3)];
                    for _ in 0..=rng.below(2) {
                        target.push(*rng.pick(&NAMES));
                    }
                    Node::Link(target.join("/"))
                }
            };
            let mut path = t.path_of(dir);
            path.push(name.clone());
            let node = if reserved
                .iter()
                .any(|r| r.len() == path.len() && r.iter().zip(&path).all(|(a, b)| a == b))
            {
                Node::Dir(BTreeMap::new())
            } else {
                node
            };
            let index = t.nodes.len();
            let Node::Dir(entries) = &mut t.nodes[dir] else {
                unreachable!()
            };
            if entries.contains_key(&name) {
                continue;
            }
            entries.insert(name, index);
            t.nodes.push(node);
            t.parent.push(dir);
        }
        t
    }

    /// The names from the root down to `node`.
    fn path_of(&self, mut node: usize) -> Vec<String> {
        let mut out = Vec::new();
        while node != 0 {
            let parent = self.parent[node];
            if let Node::Dir(entries) = &self.nodes[parent]
                && let Some((name, _)) = entries.iter().find(|(_, v)| **v == node)
            {
                out.push(name.clone());
            }
            node = parent;
        }
        out.reverse();
        out
    }

    fn child(&self, dir: usize, name: &str) -> Option<usize> {
        match &self.nodes[dir] {
            Node::Dir(entries) => entries.get(name).copied(),
            _ => None,
        }
    }
}

/// Why a model resolution failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fail {
    /// No such entry, or not a directory on the way, or a link loop.
    NoEntry,
    /// The host refused a path that leaves its descriptor's tree.
    Escape,
    /// The same, through the target of a link the host followed.
    LinkEscape,
    /// A mount point's name looked up in a tree after following a link: the host cannot
    /// cross into the mount.
    LinkIntoMount,
}

/// How a WASI host resolves `rel` under the root of `tree`: physically, following every link
/// (their targets are relative to the link's directory), refusing any step above the root.
fn host_resolve(tree: &Tree, rel: &str, follow_last: bool) -> Result<usize, Fail> {
    // Each component, with whether it came from a link's target.
    let mut pending: Vec<(String, bool)> = rel
        .split('/')
        .rev()
        .map(|c| (String::from(c), false))
        .collect();
    let mut at = 0usize;
    let mut links = 0;
    while let Some((c, from_link)) = pending.pop() {
        match c.as_str() {
            "" | "." => {}
            ".." => {
                if at == 0 {
                    return Err(if from_link {
                        Fail::LinkEscape
                    } else {
                        Fail::Escape
                    });
                }
                at = tree.parent[at];
            }
            name => {
                let next = tree
                    .child(at, name)
                    .ok_or(if links > 0 && name.starts_with('m') {
                        Fail::LinkIntoMount
                    } else {
                        Fail::NoEntry
                    })?;
                let last = pending.iter().all(|(p, _)| p.is_empty() || p == ".");
                match &tree.nodes[next] {
                    Node::Link(target) if follow_last || !last => {
                        links += 1;
                        if links > 40 {
                            return Err(Fail::NoEntry);
                        }
                        pending.extend(target.split('/').rev().map(|c| (String::from(c), true)));
                    }
                    Node::File if !last => return Err(Fail::NoEntry),
                    _ => at = next,
                }
            }
        }
    }
    Ok(at)
}

/// A place in the guest's namespace, for the kernel model: a node of a preopen's tree with its
/// canonical guest path, or a directory that only leads to mount points.
#[derive(Clone, Debug)]
enum Loc {
    Node {
        mount: usize,
        node: usize,
        path: Vec<String>,
    },
    Synthetic(Vec<String>),
}

struct World {
    names: Vec<&'static str>,
    trees: Vec<Tree>,
}

impl World {
    fn mount_at(&self, path: &[String]) -> Option<usize> {
        self.names.iter().position(|n| {
            let comps: Vec<&str> = n.split('/').filter(|c| !c.is_empty()).collect();
            comps.len() == path.len() && comps.iter().zip(path).all(|(a, b)| a == b)
        })
    }

    fn leads_to_a_mount(&self, path: &[String]) -> bool {
        self.names.iter().any(|n| {
            let comps: Vec<&str> = n.split('/').filter(|c| !c.is_empty()).collect();
            comps.len() > path.len() && comps.iter().zip(path).all(|(a, b)| a == b)
        })
    }

    /// The location of a canonical guest path (no links, no dots in it).
    fn locate(&self, path: &[String]) -> Option<Loc> {
        let mut loc = self.root();
        for c in path {
            loc = self.step(loc, c)?;
        }
        Some(loc)
    }

    fn root(&self) -> Loc {
        match self.mount_at(&[]) {
            Some(mount) => Loc::Node {
                mount,
                node: 0,
                path: Vec::new(),
            },
            None => Loc::Synthetic(Vec::new()),
        }
    }

    /// One name looked up from `loc` without following a link (mounts first, as a kernel
    /// finds a mount on its mount point).
    fn step(&self, loc: Loc, name: &str) -> Option<Loc> {
        let mut path = match &loc {
            Loc::Node { path, .. } | Loc::Synthetic(path) => path.clone(),
        };
        path.push(name.to_owned());
        if let Some(mount) = self.mount_at(&path) {
            return Some(Loc::Node {
                mount,
                node: 0,
                path,
            });
        }
        match loc {
            Loc::Node { mount, node, .. } => match self.trees[mount].child(node, name) {
                Some(child) => Some(Loc::Node {
                    mount,
                    node: child,
                    path,
                }),
                // The directories on the way to a mount point exist, in a host tree or not.
                None => self.leads_to_a_mount(&path).then_some(Loc::Synthetic(path)),
            },
            Loc::Synthetic(_) => self.leads_to_a_mount(&path).then_some(Loc::Synthetic(path)),
        }
    }

    /// The kernel model: resolves `path` from the root as POSIX says over mounts, following
    /// every link (relative to the link's directory), `..` through a mount root to the mount
    /// point's parent, and `/..` staying at `/`.
    fn kernel(&self, path: &str) -> Option<(usize, usize)> {
        let mut pending: Vec<String> = path.split('/').rev().map(String::from).collect();
        let mut loc = self.root();
        let mut links = 0;
        while let Some(c) = pending.pop() {
            match c.as_str() {
                "" | "." => {}
                ".." => {
                    let mut p = match &loc {
                        Loc::Node { path, .. } | Loc::Synthetic(path) => path.clone(),
                    };
                    p.pop();
                    loc = self.locate(&p)?;
                }
                name => {
                    let next = self.step(loc.clone(), name)?;
                    let last = pending.iter().all(|p| p.is_empty() || p == ".");
                    if let Loc::Node { mount, node, .. } = &next {
                        match &self.trees[*mount].nodes[*node] {
                            Node::Link(target) => {
                                links += 1;
                                if links > 40 {
                                    return None;
                                }
                                pending.extend(target.split('/').rev().map(String::from));
                                continue;
                            }
                            Node::File if !last => return None,
                            _ => {}
                        }
                    }
                    loc = next;
                }
            }
        }
        match loc {
            Loc::Node { mount, node, .. } => Some((mount, node)),
            // The synthetic directories are not files a host can open.
            Loc::Synthetic(_) => None,
        }
    }
}

#[test]
fn path_walk_reaches_what_a_kernel_reaches() {
    let total = ops();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let layouts: [&[&'static str]; 3] = [&["/", "/m1", "/m1/a/m2"], &["/m1", "/m2/m1"], &["/"]];
    let components = ["a", "b", "c", "m1", "m2", "..", ".", ""];
    let mut walks = 0;
    let (mut reached, mut failed, mut deviations) = (0usize, 0usize, 0usize);
    while walks < total {
        let seed = rng.next() | 1;
        let mut r = Rng(seed);
        let names = r.pick(&layouts).to_vec();
        let trees: Vec<Tree> = names
            .iter()
            .map(|name| {
                let own: Vec<&str> = name.split('/').filter(|c| !c.is_empty()).collect();
                let reserved: Vec<Vec<&str>> = names
                    .iter()
                    .map(|m| m.split('/').filter(|c| !c.is_empty()).collect::<Vec<_>>())
                    .filter(|m| m.len() > own.len() + 1 && m[..own.len()] == own[..])
                    .flat_map(|m| {
                        (own.len() + 1..m.len())
                            .map(|end| m[own.len()..end].to_vec())
                            .collect::<Vec<_>>()
                    })
                    .collect();
                Tree::random(&mut r, &reserved)
            })
            .collect();
        let world = World { names, trees };
        for _ in 0..200.min(total - walks) {
            walks += 1;
            let len = 1 + r.below(7);
            let comps: Vec<&str> = (0..len).map(|_| *r.pick(&components)).collect();
            let path = format!("/{}", comps.join("/"));
            match check_walk(&world, &path, seed) {
                Checked::Reached => reached += 1,
                Checked::BothFailed => failed += 1,
                Checked::Deviation => deviations += 1,
            }
        }
    }
    eprintln!(
        "{walks} walks: {reached} reached a node, {failed} failed as the kernel's, {deviations} skipped (links the host follows out of their tree)"
    );
    // The comparison means something only if most paths are compared and many resolve.
    assert!(
        deviations * 5 < walks,
        "too many deviations: {deviations} of {walks}"
    );
    assert!(
        reached * 10 > walks,
        "too few paths resolve: {reached} of {walks}"
    );
}

/// What one comparison found.
enum Checked {
    /// Both reached the same node.
    Reached,
    /// Both failed.
    BothFailed,
    /// The documented deviation was involved; not compared.
    Deviation,
}

/// Compares the walk (then the host) with the kernel model for one path.
fn check_walk(world: &World, path: &str, seed: u64) -> Checked {
    // Whether a lookup met the documented deviation (a link the host follows leaving its tree).
    let deviation = std::cell::Cell::new(false);
    let mut lookup = |place: Place, rel: &str| -> Entry {
        let Place::Preopen(i) = place else {
            unreachable!("no descriptor was given")
        };
        let tree = &world.trees[i];
        match host_resolve(tree, rel, false) {
            Ok(node) => match &tree.nodes[node] {
                Node::Link(target) => Entry::Link(target.clone()),
                Node::Dir(_) => Entry::Dir,
                Node::File => Entry::Other,
            },
            Err(e) => {
                deviation
                    .set(deviation.get() || matches!(e, Fail::LinkEscape | Fail::LinkIntoMount));
                Entry::Error(Errno::NOENT)
            }
        }
    };
    let walked = path::walk(&world.names, Start::Cwd("/"), path, &mut lookup);
    let kernel = world.kernel(path);
    let via_host = match &walked {
        Ok((Place::Preopen(i), rel)) => host_resolve(&world.trees[*i], rel, true)
            .map(|node| (*i, node))
            .map_err(|e| (e, Some(rel.clone()))),
        Ok((Place::Base, _)) => unreachable!("no descriptor was given"),
        Err(_) => Err((Fail::NoEntry, None)),
    };
    // A link the host follows stays in its tree: the documented deviation. The host refuses
    // one that climbs out (`EPERM`) and cannot follow one on into a mount point, where the
    // kernel model crosses to the mount point's parent or into the mount.
    if deviation.get() || matches!(&via_host, Err((Fail::LinkEscape | Fail::LinkIntoMount, _))) {
        return Checked::Deviation;
    }
    assert_eq!(
        via_host.as_ref().ok().copied(),
        kernel,
        "path {path:?} (seed {seed:#x}, preopens {:?}): walk gave {walked:?}, the host then \
         {via_host:?}; the kernel model reaches {kernel:?}\ntrees: {:#?}",
        world.names,
        world.trees
    );
    if kernel.is_some() {
        Checked::Reached
    } else {
        Checked::BothFailed
    }
}
