//! Builds the default gazetteer from the embedded files and prints what it holds and what it cost.
//!
//! ```text
//! cargo run --release --example gazetteer_stats
//! /usr/bin/time -v target/release/examples/gazetteer_stats    # peak memory of the whole process
//! ```

use newsgraph::{AliasKind, EntityKind, GazetteerBuilder};
use std::time::Instant;

fn main() {
    let mut best = f64::MAX;
    let mut gazetteer = None;
    // The first build pays for page faults of a fresh process; report the best of a few.
    for _ in 0..5 {
        let start = Instant::now();
        let g = GazetteerBuilder::new().build().unwrap_or_else(|e| panic!("embedded gazetteers: {e}"));
        best = best.min(start.elapsed().as_secs_f64());
        gazetteer = Some(g);
    }
    let g = gazetteer.expect("built at least once");
    println!("build (best of 5): {:.1} ms", best * 1e3);
    for kind in EntityKind::ALL {
        println!("{:<13} {:>6}", kind.as_str(), g.entities().iter().filter(|e| e.kind == kind).count());
    }
    for kind in [
        AliasKind::Name,
        AliasKind::OfficialName,
        AliasKind::Alias,
        AliasKind::Acronym,
        AliasKind::Weak,
        AliasKind::Demonym,
    ] {
        println!("aliases {:<13} {:>6}", kind.as_str(), g.aliases().iter().filter(|a| a.kind == kind).count());
    }
    println!("aliases total {:>6}, distinct patterns {:>6}", g.aliases().len(), g.patterns_len());
    println!("automaton heap: {:.2} MB", g.automaton_memory_usage() as f64 / 1e6);
    if let Some(d) = g.data_date() {
        println!("data date: {d}");
    }
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status.lines().filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS")) {
            println!("{line}");
        }
    }
}
