//! Nothing: the manifest only pins the crates whose suites the harness runs.
