//! The figures `examples/analyze.rs` prints for the sample article (and `docs/graph.md` shows): computed here with
//! the library, and compared with the example's output when `cargo test` has built the example.

use newsgraph::analysis;
use newsgraph::{EntityGraph, Extractor, Window};
use std::path::PathBuf;
use std::process::Command;

const SAMPLE: &str = include_str!("data/putin-xi-2025.txt");
const SAMPLE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/putin-xi-2025.txt");

fn graph(window: Window) -> (Extractor, EntityGraph) {
    let extractor = Extractor::default();
    let mut graph = EntityGraph::for_extractor(&extractor);
    graph.set_window(window);
    graph.add_extraction(SAMPLE_PATH, None, SAMPLE, &extractor.extract(SAMPLE));
    (extractor, graph)
}

/// The example binary next to this test's (`target/<profile>/examples/analyze`), if built.
fn example_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    let path = profile_dir.join("examples").join(format!("analyze{}", std::env::consts::EXE_SUFFIX));
    path.exists().then_some(path)
}

fn run_example(args: &[&str]) -> Option<String> {
    let Some(binary) = example_binary() else {
        eprintln!("note: examples/analyze not built (run the whole `cargo test`); checking the library only");
        return None;
    };
    let out = Command::new(binary).args(args).arg(SAMPLE_PATH).output().unwrap();
    assert!(out.status.success(), "analyze failed: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn top_entities_and_ego_network_of_the_sample() {
    let (extractor, graph) = graph(Window::Sentence);
    let pagerank = analysis::rank_nodes(&graph, &analysis::pagerank(&graph, 0.85), 5);
    let weighted = analysis::rank_nodes(&graph, &analysis::weighted_degree(&graph), 5);
    // The article is about China, Russia, Xi and Putin: whatever else the gazetteers find, these lead both rankings.
    for top in [&pagerank, &weighted] {
        let ids: Vec<&str> = top.iter().map(|r| r.id.as_str()).collect();
        for id in ["CHN", "RUS", "xi-jinping", "vladimir-putin"] {
            assert!(ids[..4].contains(&id), "{id} in the top four: {ids:?}");
        }
    }
    let xi = graph.find_with("Xi", extractor.gazetteer()).unwrap();
    let ego = graph.ego(xi, 1);
    for id in ["vladimir-putin", "RUS", "CHN", "donald-trump"] {
        assert!(ego.find(id).is_some(), "{id} is in Xi's ego network");
    }
    assert!(ego.find("robert-fico").is_none(), "Fico never shares a sentence with Xi");
    let putin = graph.find("vladimir-putin").unwrap();
    // Seven sentences name both, as in the gold annotation (sentences 0, 1, 7, 11, 18, 24, 32); sentence 7 names
    // Putin only as `the Russian president`, a role phrase resolved since issue 4.
    assert_eq!(graph.edge(xi, putin).unwrap().weight, 7);

    if let Some(out) = run_example(&[]) {
        for (i, r) in pagerank.iter().enumerate() {
            let line = format!("  {}. {:<24} {:<12} {:.4}", i + 1, r.name, r.kind.as_str(), r.score);
            assert!(out.contains(&line), "missing {line:?} in:\n{out}");
        }
        for (i, r) in weighted.iter().enumerate() {
            let line = format!("  {}. {:<24} {:<12} {}", i + 1, r.name, r.kind.as_str(), r.score);
            assert!(out.contains(&line), "missing {line:?} in:\n{out}");
        }
        let ego_line = format!("  {} entities, {} edges", ego.node_count(), ego.edge_count());
        assert!(out.contains(&ego_line), "missing {ego_line:?} in:\n{out}");
    }
}

#[test]
fn fico_reaches_trump_only_through_paragraphs() {
    let (extractor, sentences) = graph(Window::Sentence);
    let find = |g: &EntityGraph, q: &str| g.find_with(q, extractor.gazetteer()).unwrap();
    let (fico, trump) = (find(&sentences, "Robert Fico"), find(&sentences, "Donald Trump"));
    assert!(sentences.shortest_path(fico, trump).is_none());
    assert!(analysis::strongest_path(&sentences, fico, trump).is_none());

    let (_, paragraphs) = graph(Window::Paragraph);
    let (fico, trump) = (find(&paragraphs, "Robert Fico"), find(&paragraphs, "Donald Trump"));
    let hops = paragraphs.shortest_path(fico, trump).unwrap();
    let strong = analysis::strongest_path(&paragraphs, fico, trump).unwrap();
    assert_eq!((hops[0], *hops.last().unwrap()), (fico, trump));
    assert_eq!((strong.nodes[0], *strong.nodes.last().unwrap()), (fico, trump));
    assert!(strong.strength > 0.0 && strong.strength <= 1.0);

    if let Some(out) = run_example(&[]) {
        assert!(out.contains("Path Robert Fico → Donald Trump:\n  not connected (window: sentence)"), "{out}");
    }
    if let Some(out) = run_example(&["--window", "paragraph"]) {
        let names: Vec<&str> = hops.iter().map(|&n| paragraphs.node(n).name.as_str()).collect();
        let line = format!("  fewest hops ({}): {}", hops.len() - 1, names.join(" — "));
        assert!(out.contains(&line), "missing {line:?} in:\n{out}");
        assert!(out.contains(&format!("(strength {:.4})", strong.strength)), "{out}");
    }
}
