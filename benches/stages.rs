//! Throughput of each pipeline stage on committed real text (the reference article and nine UN General Debate
//! speeches, ~150 kB): folding, sentence splitting, raw matching, full extraction, graph building, every export.
//! Resolution has no public entry point of its own: it is `extract` less `match_raw` and `split_sentences`.
//!
//! `cargo bench --bench stages`; criterion reports MiB/s per stage.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::text::normalize::Folded;
use newsgraph::text::sentence::split_sentences;
use newsgraph::{Dot, EntityGraph, Extractor, Gazetteer, Gexf, GraphMl, Json, Scratch};
use std::hint::black_box;

fn corpus() -> Vec<String> {
    let mut docs = vec![include_str!("../tests/data/putin-xi-2025.txt").to_string()];
    for line in include_str!("data/ungdc-sample.jsonl").lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("benches/data is valid JSON Lines");
        docs.push(value["text"].as_str().expect("every line has a text").to_string());
    }
    docs
}

fn stages(c: &mut Criterion) {
    let docs = corpus();
    let bytes: u64 = docs.iter().map(|d| d.len() as u64).sum();
    // Build (and cache) the default gazetteer before measuring.
    let extractor = Extractor::default();
    let gazetteer = Gazetteer::default();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes));

    group.bench_function("fold", |b| {
        let mut folded = Folded::new();
        b.iter(|| {
            for d in &docs {
                folded.fold_from(black_box(d));
                black_box(folded.as_str().len());
            }
        })
    });
    group.bench_function("split_sentences", |b| {
        b.iter(|| docs.iter().map(|d| split_sentences(black_box(d)).count()).sum::<usize>())
    });
    group.bench_function("match_raw", |b| {
        b.iter(|| docs.iter().map(|d| gazetteer.find_iter(black_box(d)).count()).sum::<usize>())
    });
    group.bench_function("extract", |b| {
        let mut scratch = Scratch::new();
        b.iter(|| {
            docs.iter()
                .map(|d| extractor.extract_with(black_box(d), None, &mut scratch).mentions().len())
                .sum::<usize>()
        })
    });
    let extractions: Vec<_> = docs.iter().map(|d| extractor.extract(d)).collect();
    group.bench_function("cooccur_and_graph", |b| {
        b.iter(|| {
            let mut graph = EntityGraph::for_extractor(&extractor);
            for (i, (d, x)) in docs.iter().zip(&extractions).enumerate() {
                graph.add_extraction(&i.to_string(), None, d, x);
            }
            black_box(graph.edge_count())
        })
    });
    group.finish();

    let mut graph = EntityGraph::for_extractor(&extractor);
    for (i, (d, x)) in docs.iter().zip(&extractions).enumerate() {
        graph.add_extraction(&i.to_string(), None, d, x);
    }
    let mut exports = c.benchmark_group("exports");
    exports.bench_function("dot", |b| b.iter(|| Dot::new(black_box(&graph)).to_string().len()));
    exports.bench_function("json", |b| b.iter(|| Json::new(black_box(&graph)).to_string().len()));
    // The streaming formats write to a sink: what is measured is formatting, as for the two above.
    exports.bench_function("graphml", |b| {
        b.iter(|| GraphMl::new(black_box(&graph)).write_to(std::io::sink()).expect("a sink takes anything"))
    });
    exports.bench_function("gexf", |b| {
        b.iter(|| Gexf::new(black_box(&graph)).write_to(std::io::sink()).expect("a sink takes anything"))
    });
    // Neo4j CSV writes files (nodes, edges, manifest) into a directory; a temporary one, rewritten every time.
    let dir = tempfile::tempdir().expect("a temporary directory");
    exports.bench_function("csv_neo4j", |b| {
        b.iter(|| newsgraph::export::csv::write_neo4j(black_box(&graph), dir.path()).expect("the files are written"))
    });
    exports.finish();

    c.bench_function("build_default_gazetteer", |b| {
        b.iter(|| newsgraph::GazetteerBuilder::new().build().expect("embedded gazetteers load").len())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
