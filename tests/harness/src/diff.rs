//! Line-by-line comparison with a readable diff.

use std::fmt::Write;

/// Longest inputs (in lines, each side) for which a full LCS diff is computed; beyond that only
/// the first differing line is shown.
const MAX_DIFF_LINES: usize = 4000;

/// Asserts that `left` and `right` have the same lines (a trailing newline is not significant).
///
/// # Panics
///
/// Otherwise, with a unified-style diff: `-` lines only in `left`, `+` lines only in `right`.
#[track_caller]
pub fn assert_same_lines(left: &str, right: &str) {
    let a: Vec<&str> = left.lines().collect();
    let b: Vec<&str> = right.lines().collect();
    if a == b {
        return;
    }
    panic!("lines differ (- left, + right):\n{}", diff_lines(&a, &b));
}

fn diff_lines(a: &[&str], b: &[&str]) -> String {
    let mut out = String::new();
    if a.len() > MAX_DIFF_LINES || b.len() > MAX_DIFF_LINES {
        let i = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let _ = writeln!(
            out,
            "(too long for a full diff: {} vs {} lines; first difference at line {})",
            a.len(),
            b.len(),
            i + 1
        );
        let _ = writeln!(out, "-{}", a.get(i).copied().unwrap_or("<end>"));
        let _ = writeln!(out, "+{}", b.get(i).copied().unwrap_or("<end>"));
        return out;
    }
    // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            let _ = writeln!(out, " {}", a[i]);
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            let _ = writeln!(out, "-{}", a[i]);
            i += 1;
        } else {
            let _ = writeln!(out, "+{}", b[j]);
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same() {
        assert_same_lines("a\nb\n", "a\nb");
    }

    #[test]
    fn diff_shows_changes() {
        let d = diff_lines(&["a", "b", "c"], &["a", "x", "c", "d"]);
        assert_eq!(d, " a\n-b\n+x\n c\n+d\n");
    }

    #[test]
    #[should_panic(expected = "-b")]
    fn differ() {
        assert_same_lines("a\nb\n", "a\nc\n");
    }
}
