//! The workloads: which program each runs, with which sizes, and what its table row measures.

/// What a workload's row reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// The sum of the phases the program timed itself (`std::time::Instant` around the work;
    /// setup, checks and startup excluded).
    Phases,
    /// The whole run as the runner sees it: instantiation (WASI) or process start (native)
    /// through exit.
    Whole,
}

/// One row of the table.
#[derive(Clone, Debug)]
pub struct Workload {
    /// Row name.
    pub name: &'static str,
    /// What it does, for the legend.
    pub what: &'static str,
    /// The bin in `bench/workloads` and `bench/floor`.
    pub bin: &'static str,
    /// Arguments at full size.
    pub full: &'static [&'static str],
    /// Arguments with `--quick`.
    pub quick: &'static [&'static str],
    /// What the row reports.
    pub metric: Metric,
    /// Whether the shim makes `metadata-hash` calls here (so the floor is also run with them).
    pub hash: bool,
    /// Whether the "shim within 1.1x of the floor" target applies (file and network workloads).
    pub floor_target: bool,
    /// Fixture directories `d<N>` it needs (its first argument).
    pub fixture: bool,
    /// Number of extra arguments and `BENCH_V_*` variables to pass.
    pub args_env: usize,
}

impl Workload {
    /// The arguments for this mode.
    pub fn args(&self, quick: bool) -> Vec<String> {
        let mut args: Vec<String> = (if quick { self.quick } else { self.full })
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        args.extend((0..self.args_env).map(|i| format!("argument-{i:04}-abcdefghijklmnop")));
        args
    }

    /// The extra environment variables.
    pub fn env(&self) -> Vec<(String, String)> {
        (0..self.args_env)
            .map(|i| {
                (
                    format!("BENCH_V_{i:04}"),
                    format!("value-{i:04}-abcdefghijklmnopqrstuvwxyz"),
                )
            })
            .collect()
    }

    /// How many units of work a run does, and what one is (for per-operation host calls).
    pub fn ops(&self, quick: bool) -> (u64, &'static str) {
        let args = if quick { self.quick } else { self.full };
        let n = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok()).unwrap_or(1);
        match self.bin {
            "file_seq" => ((n(0) << 20) / n(1), "chunk written and read"),
            "file_append" => ((n(0) << 20) / 4096, "4 KiB chunk appended"),
            "file_vectored" => ((n(0) << 20) / 4096, "4 KiB written and read in 4 buffers"),
            "small_files" => (n(0), "file (all five steps)"),
            "dir_list" => (n(0), "entry"),
            "metadata" => (n(0), "path"),
            "tcp_rr" | "udp_rr" | "tcp_poll" => (n(0), "round trip"),
            "tcp_bulk" => ((n(0) << 20) / (64 << 10), "64 KiB chunk"),
            _ => (1, "run"),
        }
    }

    /// The human-readable size of this mode, for the legend.
    pub fn size(&self, quick: bool) -> String {
        let args = if quick { self.quick } else { self.full };
        match self.bin {
            "file_seq" => format!(
                "{} MiB, {} chunks",
                args[0],
                if args[1] == "4096" { "4 KiB" } else { "1 MiB" }
            ),
            "file_append" => format!("{} MiB, 4 KiB chunks", args[0]),
            "file_vectored" => format!("{} MiB, 4 × 1 KiB buffers per call", args[0]),
            "small_files" => format!("{} files of 1 KiB", args[0]),
            "dir_list" => format!("{} entries", args[0]),
            "metadata" => format!("{} paths", args[0]),
            "tcp_rr" | "udp_rr" | "tcp_poll" => format!("{} round trips of 64 B", args[0]),
            "tcp_bulk" => format!("{} MiB in 64 KiB chunks", args[0]),
            "args_env" => format!("{} args + {} env vars", self.args_env, self.args_env),
            _ => String::from("-"),
        }
    }
}

/// Every workload, in table order.
pub const ALL: &[Workload] = &[
    Workload {
        name: "file_seq_4k",
        what: "sequential file write + read, 4 KiB chunks",
        bin: "file_seq",
        full: &["64", "4096"],
        quick: &["4", "4096"],
        metric: Metric::Phases,
        hash: false,
        floor_target: true,
        fixture: false,
        args_env: 0,
    },
    Workload {
        name: "file_seq_1m",
        what: "sequential file write + read, 1 MiB chunks",
        bin: "file_seq",
        full: &["64", "1048576"],
        quick: &["4", "1048576"],
        metric: Metric::Phases,
        hash: false,
        floor_target: true,
        fixture: false,
        args_env: 0,
    },
    Workload {
        name: "file_append",
        what: "`O_APPEND` writes, 4 KiB chunks",
        bin: "file_append",
        full: &["64"],
        quick: &["4"],
        metric: Metric::Phases,
        hash: false,
        floor_target: true,
        fixture: false,
        args_env: 0,
    },
    Workload {
        name: "file_vectored",
        what: "`writev` + `readv` of a file, four 1 KiB buffers per call",
        bin: "file_vectored",
        full: &["64"],
        quick: &["4"],
        metric: Metric::Phases,
        hash: false,
        floor_target: true,
        fixture: false,
        args_env: 0,
    },
    Workload {
        name: "small_files",
        what: "create, write, stat, list, read, delete small files",
        bin: "small_files",
        full: &["2000"],
        quick: &["200"],
        metric: Metric::Phases,
        hash: true,
        floor_target: true,
        fixture: false,
        args_env: 0,
    },
    Workload {
        name: "dir_list",
        what: "list one directory (names and types)",
        bin: "dir_list",
        full: &["10000"],
        quick: &["1000"],
        metric: Metric::Phases,
        hash: true,
        floor_target: true,
        fixture: true,
        args_env: 0,
    },
    Workload {
        name: "metadata",
        what: "`metadata` on many paths",
        bin: "metadata",
        full: &["10000"],
        quick: &["1000"],
        metric: Metric::Phases,
        hash: true,
        floor_target: true,
        fixture: true,
        args_env: 0,
    },
    Workload {
        name: "tcp_rr",
        what: "TCP round trips over loopback, one program, blocking",
        bin: "tcp_rr",
        full: &["5000"],
        quick: &["500"],
        metric: Metric::Phases,
        hash: false,
        floor_target: true,
        fixture: false,
        args_env: 0,
    },
    Workload {
        name: "tcp_poll",
        what: "TCP echo over loopback, non-blocking, driven by `poll` (read until `EAGAIN`)",
        bin: "tcp_poll",
        full: &["5000"],
        quick: &["500"],
        metric: Metric::Phases,
        hash: false,
        floor_target: true,
        fixture: false,
        args_env: 0,
    },
    Workload {
        name: "udp_rr",
        what: "UDP round trips over loopback (`send_to`/`recv_from`), one program, blocking",
        bin: "udp_rr",
        full: &["5000"],
        quick: &["500"],
        metric: Metric::Phases,
        hash: false,
        floor_target: true,
        fixture: false,
        args_env: 0,
    },
    Workload {
        name: "tcp_bulk",
        what: "TCP bulk transfer over loopback, one program, blocking",
        bin: "tcp_bulk",
        full: &["64"],
        quick: &["4"],
        metric: Metric::Phases,
        hash: false,
        floor_target: true,
        fixture: false,
        args_env: 0,
    },
    Workload {
        name: "startup",
        what: "empty `main`, whole run",
        bin: "startup",
        full: &[],
        quick: &[],
        metric: Metric::Whole,
        hash: false,
        floor_target: false,
        fixture: false,
        args_env: 0,
    },
    Workload {
        name: "args_env",
        what: "collect `env::args()` and `env::vars()`, whole run",
        bin: "args_env",
        full: &[],
        quick: &[],
        metric: Metric::Whole,
        hash: false,
        floor_target: false,
        fixture: false,
        args_env: 512,
    },
];
