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
    let base = if path.starts_with('/') { "" } else { cwd };
    for component in base.split('/').chain(path.split('/')) {
        match component {
            "" | "." => {}
            ".." => {
                let cut = out.rfind('/').unwrap_or(0);
                out.truncate(cut);
            }
            name => {
                out.push('/');
                out.push_str(name);
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
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
        return Some(path.trim_start_matches('/'));
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

/// Resolves `path` (relative to the absolute directory `cwd` unless absolute) against the
/// preopens `names` (normalized, as [`normalize_preopen_name`] makes them). Returns the index of
/// the preopen and the path relative to it (`.` for the preopen itself).
///
/// When the path, spelled from the root, starts with a preopen's name and its `..` components
/// never climb above that preopen's root, the rest is returned as written (minus empty and `.`
/// components), so that the host resolves `..` physically. Otherwise the path is normalized
/// lexically first and matched with [`resolve`].
#[must_use]
pub fn resolve_path<'n>(
    names: impl IntoIterator<Item = &'n str> + Clone,
    cwd: &str,
    path: &str,
) -> Option<(usize, String)> {
    let base = if path.starts_with('/') { "" } else { cwd };
    let components: alloc::vec::Vec<&str> = base
        .split('/')
        .chain(path.split('/'))
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let mut best: Option<(usize, usize)> = None;
    for (index, name) in names.clone().into_iter().enumerate() {
        let prefix: alloc::vec::Vec<&str> = name.split('/').filter(|c| !c.is_empty()).collect();
        if components.len() >= prefix.len()
            && components[..prefix.len()] == prefix[..]
            && best.is_none_or(|(_, len)| prefix.len() > len)
        {
            best = Some((index, prefix.len()));
        }
    }
    if let Some((index, len)) = best {
        let rest = &components[len..];
        let mut depth: usize = 0;
        let stays_inside = rest.iter().all(|c| {
            if *c == ".." {
                let inside = depth > 0;
                depth = depth.saturating_sub(1);
                inside
            } else {
                depth += 1;
                true
            }
        });
        if stays_inside {
            let rel = if rest.is_empty() {
                String::from(".")
            } else {
                rest.join("/")
            };
            return Some((index, rel));
        }
    }
    let absolute = normalize(cwd, path);
    resolve(names, &absolute).map(|(index, rel)| (index, String::from(rel)))
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

    #[test]
    fn dot_dot_inside_a_preopen_is_left_to_the_host() {
        let names = ["/sandbox", "/other"];
        let r = |cwd, path| resolve_path(names, cwd, path);
        assert_eq!(r("/sandbox", "a/../b"), Some((0, "a/../b".into())));
        assert_eq!(r("/sandbox/sub", "../x"), Some((0, "sub/../x".into())));
        assert_eq!(
            r("/sandbox", "file.txt/../y"),
            Some((0, "file.txt/../y".into()))
        );
        assert_eq!(r("/", "/sandbox/./a//b/"), Some((0, "a/b".into())));
        assert_eq!(r("/sandbox", "."), Some((0, ".".into())));
        // Climbing above the preopen's root switches preopens lexically.
        assert_eq!(r("/sandbox", "../other/z"), Some((1, "z".into())));
        assert_eq!(r("/sandbox", "sub/../../other"), Some((1, ".".into())));
        assert_eq!(r("/sandbox", "../../etc"), None);
        assert_eq!(r("/", "/etc/passwd"), None);
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
