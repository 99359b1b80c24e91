//! Prints the entity graph of one or more text files (stdin when none) as DOT or JSON.
//!
//! ```text
//! cargo run --release --example dump_graph -- [--format dot|json] [FILE...]
//! cargo run --release --example dump_graph -- tests/data/putin-xi-2025.txt | dot -Tsvg > graph.svg
//! ```
//!
//! A thin front end: reading files and arguments is all it does; the work is the library's.

use newsgraph::{Dot, EntityGraph, Extractor, Json, Scratch};
use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut format = "dot".to_string();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" | "-f" => match args.next() {
                Some(f) if f == "dot" || f == "json" => format = f,
                _ => return usage("--format takes dot or json"),
            },
            "-h" | "--help" => return usage(""),
            _ if arg.starts_with("--format=") => format = arg["--format=".len()..].to_string(),
            _ => files.push(arg),
        }
    }
    if format != "dot" && format != "json" {
        return usage("--format takes dot or json");
    }
    let extractor = Extractor::default();
    let mut graph = EntityGraph::for_extractor(&extractor);
    let mut scratch = Scratch::new();
    let mut inputs: Vec<(String, String)> = Vec::new();
    if files.is_empty() {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("dump_graph: cannot read stdin: {e}");
            return ExitCode::FAILURE;
        }
        inputs.push(("-".to_string(), String::from_utf8_lossy(&bytes).into_owned()));
    }
    for file in &files {
        match std::fs::read(file) {
            Ok(bytes) => inputs.push((file.clone(), String::from_utf8_lossy(&bytes).into_owned())),
            Err(e) => {
                eprintln!("dump_graph: {file}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    for (name, text) in &inputs {
        let extraction = extractor.extract_with(text, None, &mut scratch);
        graph.add_extraction(name, None, text, &extraction);
    }
    if format == "json" {
        print!("{}", Json::new(&graph));
    } else {
        print!("{}", Dot::new(&graph));
    }
    ExitCode::SUCCESS
}

fn usage(error: &str) -> ExitCode {
    if !error.is_empty() {
        eprintln!("dump_graph: {error}");
    }
    eprintln!("usage: dump_graph [--format dot|json] [FILE...]   (reads stdin when no FILE is given)");
    if error.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}
