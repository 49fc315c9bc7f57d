//! Command-line arguments: prints the number of arguments after `argv[0]` and each one with
//! `{:?}` (empty, spaces, non-ASCII, `=`, a leading `-`), then the same through `args_os`.
//! `argv[0]` itself is not printed (natively it is a host path).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("count: {}", args.len());
    for (i, a) in args.iter().enumerate() {
        println!("arg {}: {a:?} bytes={}", i + 1, a.len());
    }
    let os: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    println!("args_os count: {}", os.len());
    println!(
        "args_os same as args: {}",
        os.iter()
            .map(|a| a.to_str())
            .eq(args.iter().map(|a| Some(a.as_str())))
    );
    println!("argv[0] present: {}", std::env::args_os().next().is_some());
}
