//! Prints an analysis of the entity graph of text files: the top entities by PageRank and by weighted degree, the
//! path between two entities, the ego network of one, the communities and the most strongly associated pairs.
//!
//! ```text
//! cargo run --example analyze -- tests/data/putin-xi-2025.txt
//! cargo run --example analyze -- --window paragraph --path "Robert Fico" "Donald Trump" --ego Xi tests/data/putin-xi-2025.txt
//! ```
//!
//! A thin front end: it reads arguments and files and prints what the library computes.

use newsgraph::analysis::{self, Measure};
use newsgraph::{EntityGraph, Extractor, NodeId, Window};
use std::process::ExitCode;

struct Args {
    window: Window,
    top: usize,
    path: (String, String),
    ego: String,
    depth: usize,
    files: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        window: Window::Sentence,
        top: 5,
        path: ("Robert Fico".to_string(), "Donald Trump".to_string()),
        ego: "Xi Jinping".to_string(),
        depth: 1,
        files: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    let value = |it: &mut dyn Iterator<Item = String>, flag: &str| it.next().ok_or(format!("{flag} needs a value"));
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--window" => args.window = value(&mut it, "--window")?.parse()?,
            "--top" => args.top = value(&mut it, "--top")?.parse().map_err(|e| format!("--top: {e}"))?,
            "--path" => args.path = (value(&mut it, "--path")?, value(&mut it, "--path")?),
            "--ego" => args.ego = value(&mut it, "--ego")?,
            "--depth" => args.depth = value(&mut it, "--depth")?.parse().map_err(|e| format!("--depth: {e}"))?,
            "-h" | "--help" => return Err(String::new()),
            _ => args.files.push(arg),
        }
    }
    if args.files.is_empty() {
        return Err("no input file".to_string());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("analyze: {e}");
            }
            eprintln!(
                "usage: analyze [--window W] [--top N] [--path FROM TO] [--ego ENTITY] [--depth N] FILE...\n\
                 W: sentence (default), sentences:N, paragraph, document"
            );
            return ExitCode::from(2);
        }
    };
    let extractor = Extractor::default();
    let mut graph = EntityGraph::for_extractor(&extractor);
    graph.set_window(args.window);
    for file in &args.files {
        match std::fs::read(file) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                graph.add_extraction(file, None, &text, &extractor.extract(&text));
            }
            Err(e) => {
                eprintln!("analyze: {file}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let m = graph.manifest();
    println!(
        "{} entities, {} edges from {} document(s), {} windows (window: {})",
        graph.node_count(),
        graph.edge_count(),
        m.documents,
        m.windows,
        m.window
    );
    let name = |id: NodeId| graph.node(id).name.as_str();

    println!("\nTop {} by PageRank (weighted, damping 0.85):", args.top);
    for (i, r) in analysis::rank_nodes(&graph, &analysis::pagerank(&graph, 0.85), args.top).iter().enumerate() {
        println!("  {}. {:<24} {:<12} {:.4}", i + 1, r.name, r.kind.as_str(), r.score);
    }
    println!("\nTop {} by weighted degree (co-occurrences with any entity):", args.top);
    for (i, r) in analysis::rank_nodes(&graph, &analysis::weighted_degree(&graph), args.top).iter().enumerate() {
        println!("  {}. {:<24} {:<12} {}", i + 1, r.name, r.kind.as_str(), r.score);
    }

    let find = |query: &str| graph.find_with(query, extractor.gazetteer());
    let (from_query, to_query) = &args.path;
    println!("\nPath {from_query} → {to_query}:");
    match (find(from_query), find(to_query)) {
        (Some(from), Some(to)) => match graph.shortest_path(from, to) {
            None => println!("  not connected (window: {})", m.window),
            Some(hops) => {
                let names: Vec<&str> = hops.iter().map(|&n| name(n)).collect();
                println!("  fewest hops ({}): {}", hops.len() - 1, names.join(" — "));
                if let Some(strong) = analysis::strongest_path(&graph, from, to) {
                    let mut line = name(strong.nodes[0]).to_string();
                    for (node, weight) in strong.nodes[1..].iter().zip(&strong.weights) {
                        line.push_str(&format!(" —{weight}— {}", name(*node)));
                    }
                    println!("  strongest links:  {line}  (strength {:.4})", strong.strength);
                }
            }
        },
        (from, to) => {
            for (query, found) in [(from_query, from), (to_query, to)] {
                if found.is_none() {
                    println!("  {query}: not in the graph");
                }
            }
        }
    }

    println!("\nEgo network of {} at depth {}:", args.ego, args.depth);
    match find(&args.ego) {
        None => println!("  {}: not in the graph", args.ego),
        Some(center) => {
            let ego = graph.ego(center, args.depth);
            println!("  {} entities, {} edges", ego.node_count(), ego.edge_count());
            for n in graph.neighbors(center) {
                println!("  {:<24} {:<12} weight {}", n.node.name, n.node.kind.as_str(), n.edge.weight);
            }
            let center_id = graph.node(center).id.as_str();
            let among: Vec<String> = ego
                .strongest_edges(usize::MAX)
                .iter()
                .filter(|e| e.source.id != center_id && e.target.id != center_id)
                .map(|e| format!("{} — {} ({})", e.source.name, e.target.name, e.edge.weight))
                .collect();
            if !among.is_empty() {
                let shown = among.len().min(args.top);
                println!("  {} edges among the neighbours; heaviest: {}", among.len(), among[..shown].join("; "));
            }
        }
    }

    let found = analysis::communities(&graph);
    println!("\nCommunities (Louvain, modularity {:.3}):", found.modularity);
    for (i, members) in found.communities.iter().enumerate() {
        let names: Vec<&str> = members.iter().map(|&n| name(n)).collect();
        println!("  {}. {}", i + 1, names.join(", "));
    }

    println!("\nMost associated pairs (signed log-likelihood G², with NPMI):");
    for a in analysis::rank_edges(&graph, Measure::LogLikelihood).iter().take(args.top) {
        println!(
            "  {:<40} weight {:>2}  G² {:>6.2}  NPMI {:>5.2}",
            format!("{} — {}", name(a.source), name(a.target)),
            a.weight,
            a.scores.log_likelihood,
            a.scores.npmi
        );
    }
    ExitCode::SUCCESS
}
