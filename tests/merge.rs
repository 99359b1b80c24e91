//! Merging graphs built from separate batches gives the graph one pass over all documents gives: nodes, edges,
//! weights, counts, dates, timelines and evidence (within its bound). Merging is associative and commutative.
//!
//! Graphs are compared through their canonical node-link JSON, which holds every count, date, timeline and evidence
//! item in a fixed order, and through analysis results looked up by entity id.

use newsgraph::analysis;
use newsgraph::{Date, DocumentRef, DuplicateFilter, EntityGraph, Extraction, Extractor, Json, Window};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Sentences naming entities of the shipped gazetteers, and some naming none.
const SENTENCES: &[&str] = &[
    "Russian President Vladimir Putin met Xi Jinping in Moscow.",
    "Donald Trump called Putin and spoke about Ukraine.",
    "Serbian President Aleksandar Vučić met Slovak Prime Minister Robert Fico.",
    "China and Russia signed a trade deal.",
    "The United Nations criticised Russia and praised Ukraine.",
    "Volodymyr Zelenskyy visited Berlin and Paris.",
    "Nothing of note happened on the markets.",
    "Emmanuel Macron and Olaf Scholz discussed NATO with Trump.",
    "Xi and Putin watched the parade.",
    "Japan and South Korea held talks in Tokyo.",
    "The weather was mild.",
];

const DATES: &[&str] = &["2025-05-01", "2025-05-02", "2025-06", "2024"];

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(Extractor::default)
}

struct Doc {
    id: String,
    date: Option<Date>,
    text: String,
    extraction: Extraction,
}

/// A document from sentence choices, with paragraph breaks where asked. The last sentence makes every text unique:
/// texts added to two batches are counted in both, which the deduplication test covers separately.
fn document(index: usize, sentences: &[(usize, bool)], date: Option<usize>) -> Doc {
    let mut text = String::new();
    for &(s, paragraph_break) in sentences {
        text.push_str(SENTENCES[s]);
        text.push_str(if paragraph_break { "\n\n" } else { " " });
    }
    text.push_str(&format!("Report number {index}."));
    let date = date.map(|d| DATES[d].parse().unwrap());
    let extraction = extractor().extract(&text);
    Doc { id: format!("doc-{index}"), date, text, extraction }
}

fn empty_graph(window: Window) -> EntityGraph {
    let mut graph = EntityGraph::for_extractor(extractor());
    graph.set_window(window).set_max_evidence(2);
    graph
}

fn add(graph: &mut EntityGraph, index: usize, doc: &Doc) {
    let r = DocumentRef { id: &doc.id, index: index as u64, date: doc.date, text: &doc.text };
    graph.add_document(&r, &doc.extraction);
}

fn canonical(graph: &EntityGraph) -> String {
    Json::new(graph).to_string()
}

/// PageRank and betweenness by entity id, as bits: merged and one-pass graphs number nodes differently, but the
/// analysis must not depend on that.
fn analysis_by_id(graph: &EntityGraph) -> Vec<(String, u64, u64)> {
    let pagerank = analysis::pagerank(graph, 0.85);
    let betweenness = analysis::betweenness(graph, analysis::Distance::InverseWeight);
    let mut out: Vec<(String, u64, u64)> = graph
        .node_ids()
        .map(|id| (graph.node(id).id.clone(), pagerank[id.as_usize()].to_bits(), betweenness[id.as_usize()].to_bits()))
        .collect();
    out.sort();
    out
}

/// Where two canonical texts first differ, with a few lines of context, for readable failures.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    match (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        None => "identical".to_string(),
        Some(i) => {
            let from = i.saturating_sub(12);
            let show = |lines: &[&str]| lines[from.min(lines.len())..(i + 3).min(lines.len())].join("\n");
            format!("first difference at line {i}:\n--- merged\n{}\n--- one pass\n{}", show(&a), show(&b))
        }
    }
}

fn window_strategy() -> impl Strategy<Value = Window> {
    prop_oneof![Just(Window::Sentence), Just(Window::Sentences(2)), Just(Window::Paragraph), Just(Window::Document)]
}

/// A generated document: (sentence index, paragraph break after it) pairs, a date index, a batch.
type GeneratedDoc = (Vec<(usize, bool)>, Option<usize>, usize);

/// Up to 10 documents of up to 6 sentences, each with an optional date and a batch among 3.
fn corpus_strategy() -> impl Strategy<Value = Vec<GeneratedDoc>> {
    let sentence = (0..SENTENCES.len(), proptest::bool::weighted(0.25));
    let doc = (proptest::collection::vec(sentence, 1..6), proptest::option::of(0..DATES.len()), 0..3usize);
    proptest::collection::vec(doc, 1..10)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn merged_batches_equal_one_pass(corpus in corpus_strategy(), window in window_strategy(), order in 0..6usize) {
        let docs: Vec<Doc> = corpus.iter().enumerate().map(|(i, (s, d, _))| document(i, s, *d)).collect();
        let mut one_pass = empty_graph(window);
        for (i, doc) in docs.iter().enumerate() {
            add(&mut one_pass, i, doc);
        }
        let mut batches = [empty_graph(window), empty_graph(window), empty_graph(window)];
        for (i, doc) in docs.iter().enumerate() {
            add(&mut batches[corpus[i].2], i, doc);
        }
        // Merge in one of the six orders, into a fresh empty graph (the identity of merging).
        const ORDERS: [[usize; 3]; 6] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        let mut merged = EntityGraph::new(Window::Sentence);
        for b in ORDERS[order] {
            merged.merge(&batches[b]);
        }
        let (m, o) = (canonical(&merged), canonical(&one_pass));
        prop_assert!(m == o, "{}", first_difference(&m, &o));
        prop_assert_eq!(analysis_by_id(&merged), analysis_by_id(&one_pass));
        for e in merged.edges() {
            prop_assert!(e.edge.evidence.len() <= 2);
            prop_assert!(e.edge.evidence.len() as u64 == e.edge.weight.min(2));
        }

        // Associative: (a ∪ b) ∪ c = a ∪ (b ∪ c). Commutative: a ∪ b = b ∪ a.
        let [a, b, c] = &batches;
        let mut left = a.clone();
        left.merge(b);
        left.merge(c);
        let mut bc = b.clone();
        bc.merge(c);
        let mut right = a.clone();
        right.merge(&bc);
        prop_assert_eq!(canonical(&left), canonical(&right));
        let mut ab = a.clone();
        ab.merge(b);
        let mut ba = b.clone();
        ba.merge(a);
        prop_assert_eq!(canonical(&ab), canonical(&ba));
    }

    #[test]
    fn slices_equal_graphs_of_the_documents_in_range(corpus in corpus_strategy(), window in window_strategy()) {
        let docs: Vec<Doc> = corpus.iter().enumerate().map(|(i, (s, d, _))| document(i, s, *d)).collect();
        let mut all = empty_graph(window);
        for (i, doc) in docs.iter().enumerate() {
            add(&mut all, i, doc);
        }
        for range in ["2025-05", "2025-05-02..", "..2025-05-01", "2024", "2025"] {
            let range: newsgraph::DateRange = range.parse().unwrap();
            let mut only = empty_graph(window);
            for (i, doc) in docs.iter().enumerate() {
                if doc.date.is_some_and(|d| range.contains(d)) {
                    add(&mut only, i, doc);
                }
            }
            let sliced = all.slice(range);
            // Same counts, dates and timelines; evidence may be fewer items, since only the whole graph's first
            // items were kept.
            let strip = |graph: &EntityGraph| {
                let mut data = newsgraph::NodeLinkGraph::from_graph(graph);
                data.graph.manifest.derived.clear();
                data.graph.manifest.duplicate_documents = 0;
                for e in &mut data.edges {
                    e.evidence.clear();
                }
                serde_json::to_string(&data).unwrap()
            };
            prop_assert_eq!(strip(&sliced), strip(&only), "slice {}", range);
            for e in sliced.edges() {
                prop_assert!(e.edge.evidence.iter().all(|ev| ev.date.is_some_and(|d| range.contains(d))));
            }
        }
    }
}

#[test]
fn duplicates_filtered_before_batching_merge_exactly() {
    // A corpus with wire re-sends: document 2 repeats 0, document 4 repeats 1.
    let texts = [
        "Vladimir Putin met Xi Jinping in Moscow.",
        "Donald Trump called Putin.",
        "Vladimir Putin met Xi Jinping in Moscow.",
        "China and Russia signed a deal.",
        "Donald Trump called Putin.",
    ];
    let docs: Vec<Doc> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Doc {
            id: format!("wire-{i}"),
            date: None,
            text: t.to_string(),
            extraction: extractor().extract(t),
        })
        .collect();
    let mut one_pass = empty_graph(Window::Sentence);
    for (i, doc) in docs.iter().enumerate() {
        add(&mut one_pass, i, doc);
    }
    assert_eq!((one_pass.manifest().documents, one_pass.manifest().duplicate_documents), (3, 2));
    let (putin, xi) = (one_pass.find("vladimir-putin").unwrap(), one_pass.find("xi-jinping").unwrap());
    assert_eq!(one_pass.edge(putin, xi).unwrap().weight, 1, "the re-send is not counted");

    // Parallel pipeline: one shared filter upstream, documents dealt to two batches.
    let mut filter = DuplicateFilter::new();
    let mut batches = [empty_graph(Window::Sentence), empty_graph(Window::Sentence)];
    let mut skipped = 0;
    for (i, doc) in docs.iter().enumerate() {
        if filter.insert(&doc.text) {
            add(&mut batches[i % 2], i, doc);
        } else {
            skipped += 1;
        }
    }
    let mut merged = EntityGraph::new(Window::Sentence);
    merged.merge(&batches[0]);
    merged.merge(&batches[1]);
    assert_eq!(skipped, 2);
    let strip = |graph: &EntityGraph| {
        let mut data = newsgraph::NodeLinkGraph::from_graph(graph);
        data.graph.manifest.duplicate_documents = 0;
        serde_json::to_string(&data).unwrap()
    };
    assert_eq!(strip(&merged), strip(&one_pass));
    // The merged graph remembers every text, so adding a re-send to it later is still skipped.
    let mut later = merged.clone();
    add(&mut later, 9, &docs[0]);
    assert_eq!(later.manifest().documents, 3);
}
