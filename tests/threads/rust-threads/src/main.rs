//! Rust with std threads on wasi-threads: `rust-threads THREADS` spawns THREADS std threads
//! (wasi `thread-spawn` underneath) that each sum the squares of their 1,000,000 numbers and
//! send the partial sum through an mpsc channel, and count their finished items in an
//! `Arc<Mutex<u64>>`; prints "sum S items N". The test checks S against the closed form and N.
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

const PER_THREAD: u64 = 1_000_000;

fn main() {
    let threads: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(4);
    let items = Arc::new(Mutex::new(0u64));
    let (tx, rx) = mpsc::channel();
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let items = Arc::clone(&items);
            let tx = tx.clone();
            thread::spawn(move || {
                let mut sum = 0u64;
                for i in t * PER_THREAD..(t + 1) * PER_THREAD {
                    sum = sum.wrapping_add(i * i);
                    if i % 1000 == 0 {
                        *items.lock().unwrap() += 1000;
                    }
                }
                tx.send(sum).unwrap();
            })
        })
        .collect();
    drop(tx);
    let total = rx.iter().fold(0u64, |a, s| a.wrapping_add(s));
    for h in handles {
        h.join().unwrap();
    }
    println!("sum {} items {}", total, *items.lock().unwrap());
}
