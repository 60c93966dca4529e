//! Memory of the in-memory dedupe store with 1 million live (completed, unexpired) ids: the resident set
//! size before and after, from `/proc/self/statm` (Linux). Target: under 100 MB.
//!
//! ```text
//! cargo bench -p receiver-core --bench dedupe_memory
//! ```

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use receiver_core::{Claim, MemoryStore};

const IDS: usize = 1_000_000;

/// The resident set size in bytes.
fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm (Linux only)");
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

fn main() {
    let before = rss();
    let store = MemoryStore::with_capacity(IDS);
    let mut key = String::new();
    for n in 0..IDS {
        key.clear();
        key.push_str("twitch-eventsub:");
        key.push_str(&format!("{n:08x}-1d3c-4c1e-9f5a-2b8f9d6f1a11"));
        let Claim::Claimed(token) = store.claim_at(&key, Duration::from_secs(300), 0).unwrap() else { panic!() };
        assert!(store.complete_at(&key, token, Duration::from_secs(900), 0).unwrap());
    }
    assert_eq!(store.len(), IDS);
    let grown = rss().saturating_sub(before);
    #[allow(clippy::cast_precision_loss)]
    let (per_id, mb) = (grown as f64 / IDS as f64, grown as f64 / 1e6);
    println!("dedupe_memory: {IDS} live ids: {mb:.1} MB resident ({per_id:.0} bytes per id)");
    assert!(grown < 100_000_000, "over the 100 MB target: {mb:.1} MB");
    drop(store);
}
