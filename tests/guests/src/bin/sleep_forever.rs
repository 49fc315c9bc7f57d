//! Sleeps for an hour (blocked inside a host call): the harness must stop it with its time limit.

fn main() {
    std::thread::sleep(std::time::Duration::from_secs(3600));
    println!("woke up");
}
