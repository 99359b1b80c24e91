//! Times extraction and graph building on the hostile document shapes of `tests/hostile.rs` at sizes too large for
//! a debug-mode test, and prints what was found, so that peak memory can be read with `/usr/bin/time -v` and time
//! can be compared across sizes (linear work takes 8× as long on an 8× input; quadratic work 64×).
//!
//! ```text
//! cargo build --release --example hostile_sizes
//! /usr/bin/time -v target/release/examples/hostile_sizes single-line 200   # a 200 MB document without a newline
//! /usr/bin/time -v target/release/examples/hostile_sizes no-space 200      # a 200 MB document without a space
//! target/release/examples/hostile_sizes one-entity 1000000                 # 1,000,000 mentions of one entity
//! target/release/examples/hostile_sizes all-mentions 100000                # every word a mention: 1× and 8×
//! target/release/examples/hostile_sizes one-sentence 12500                 # every word a distinct entity, one sentence
//! ```
//!
//! The documents are built in memory by the same functions the tests use (`tests/common/documents.rs`).

#[path = "../tests/common/documents.rs"]
mod documents;

use newsgraph::{EntityGraph, Extractor, Gazetteer, Scratch};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let size = |default: usize| args.get(1).and_then(|s| s.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("single-line") => {
            run_one(&Extractor::default(), &documents::single_line(size(200) << 20));
        }
        Some("no-space") => {
            run_one(&Extractor::default(), &documents::no_space(size(200) << 20));
        }
        Some("one-entity") => {
            run_one(&Extractor::default(), &documents::one_entity(size(1_000_000)));
        }
        Some("all-mentions") => {
            let words = size(100_000);
            let extractor = Extractor::default();
            compare(|scale| run_one(&extractor, &documents::all_mentions(extractor.gazetteer(), words * scale)))
        }
        Some("one-sentence") => {
            let words = size(12_500);
            // One gazetteer big enough for the 8× document, so both sizes search the same automaton.
            let started = Instant::now();
            let gazetteer = documents::distinct_gazetteer(8 * words);
            println!("built a gazetteer of {} entities in {:.2} s", gazetteer.len(), started.elapsed().as_secs_f64());
            let extractor = Extractor::new(gazetteer);
            compare(|scale| run_one(&extractor, &documents::one_sentence(extractor.gazetteer(), words * scale)))
        }
        _ => {
            eprintln!(
                "usage: hostile_sizes single-line|no-space [MB] | one-entity [N] | all-mentions [WORDS] | one-sentence [WORDS]"
            );
            return ExitCode::from(2);
        }
    };
    ExitCode::SUCCESS
}

/// Seconds spent extracting and building the graph.
struct Timing {
    extract: f64,
    graph: f64,
}

fn run_one(extractor: &Extractor, text: &str) -> Timing {
    let started = Instant::now();
    let extraction = extractor.extract_with(text, None, &mut Scratch::new());
    let extract = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut graph = EntityGraph::for_extractor(extractor);
    graph.add_extraction("hostile", None, text, &extraction);
    let graph_seconds = started.elapsed().as_secs_f64();
    let mb = text.len() as f64 / (1 << 20) as f64;
    println!(
        "{:>9.1} MB  {:>9} sentences  {:>9} mentions  {:>6} nodes  {:>7} edges  crowded windows {:>3}  extract {:>7.3} s ({:>6.1} MB/s)  graph {:>7.3} s",
        mb,
        extraction.sentences().len(),
        extraction.mentions().len(),
        graph.node_count(),
        graph.edge_count(),
        graph.manifest().crowded_windows,
        extract,
        mb / extract.max(1e-9),
        graph_seconds
    );
    Timing { extract, graph: graph_seconds }
}

/// Runs the 1× and 8× sizes and prints how much longer the larger took: about 8 for linear work.
fn compare(mut run: impl FnMut(usize) -> Timing) {
    let _ = Gazetteer::default();
    let one = run(1);
    let eight = run(8);
    println!(
        "8× input: extraction took {:.1}× as long, graph building {:.1}× (linear ≈ 8, quadratic ≈ 64)",
        eight.extract / one.extract.max(1e-9),
        eight.graph / one.graph.max(1e-9)
    );
}
