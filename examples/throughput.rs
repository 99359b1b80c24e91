//! End-to-end throughput of the full pipeline (fold, split sentences, match, resolve, co-occur, build the graph)
//! with the default extractor, for comparing newsgraph with the peer benchmark harness on the same corpus.
//!
//! ```text
//! cargo run --release --example throughput -- (--blocks FILE | --jsonl FILE[.gz] | PATH...) [--threads N] [--limit-bytes N]
//! ```
//!
//! `--blocks` reads the harness's format (documents are runs of non-blank lines); `--jsonl` JSON Lines; PATHs are
//! files or directories as the `newsgraph` tool reads them. `--limit-bytes N` keeps only the first whole documents
//! totalling at most N bytes (at least one), as the harness does.
//!
//! The documents are read into memory first, then processed, so that `seconds` covers processing only (not reading
//! or decompressing the input, nor building the extractor), like the harness's timings. The last line on stdout is
//! one JSON object:
//! `{"tool":"newsgraph","threads":N,"docs":D,"bytes":B,"seconds":S,"seconds_with_io":S2,"mb_per_s":X,"matches":M,"entities":E,"edges":K,"build_s":T}`
//! where `bytes` is the sum of the documents' text bytes, `mb_per_s` is `bytes / 1e6 / seconds`,
//! `seconds_with_io` adds the time spent reading (and decompressing) the input, and `build_s` is the extractor's
//! build time. A human-readable line goes to stderr.
//!
//! A thin front end: the reading is [`newsgraph::corpus`]'s and the processing [`newsgraph::pipeline`]'s.

use newsgraph::corpus::{Corpus, CorpusItem, Input, InputFormat};
use newsgraph::pipeline::{Event, Pipeline};
use newsgraph::{Extractor, GazetteerBuilder};
use serde::Serialize;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Serialize)]
struct Report {
    tool: &'static str,
    threads: usize,
    docs: u64,
    bytes: u64,
    seconds: f64,
    seconds_with_io: f64,
    mb_per_s: f64,
    matches: u64,
    entities: u64,
    edges: u64,
    build_s: f64,
}

const USAGE: &str = "usage: throughput (--blocks FILE | --jsonl FILE[.gz] | PATH...) [--threads N] [--limit-bytes N]";

fn main() -> ExitCode {
    let mut format = InputFormat::Auto;
    let mut inputs = Vec::new();
    let mut threads = 0usize;
    let mut limit_bytes = 0u64;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| match args.next() {
            Some(v) => Ok(v),
            None => Err(format!("{name} needs a value")),
        };
        let parsed: Result<(), String> = match arg.to_str() {
            Some("--blocks") => value("--blocks").map(|v| {
                format = InputFormat::Blocks;
                inputs.push(Input::from_arg(v));
            }),
            Some("--jsonl") => value("--jsonl").map(|v| {
                format = InputFormat::Jsonl;
                inputs.push(Input::from_arg(v));
            }),
            Some("--threads") => value("--threads").and_then(|v| {
                threads = v.to_string_lossy().parse().map_err(|e| format!("--threads: {e}"))?;
                Ok(())
            }),
            Some("--limit-bytes") => value("--limit-bytes").and_then(|v| {
                limit_bytes = v.to_string_lossy().parse().map_err(|e| format!("--limit-bytes: {e}"))?;
                Ok(())
            }),
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => {
                inputs.push(Input::from_arg(&arg));
                Ok(())
            }
        };
        if let Err(message) = parsed {
            eprintln!("throughput: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    if inputs.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }

    let build_start = Instant::now();
    let gazetteer = match GazetteerBuilder::new().build() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("throughput: {e}");
            return ExitCode::FAILURE;
        }
    };
    let extractor = Extractor::new(gazetteer);
    let build_s = build_start.elapsed().as_secs_f64();

    // The corpus is read before timing, into one buffer, and each document's text is copied out of it only when the
    // pipeline asks for the document, inside the timed run. Holding every document in its own allocation up front
    // instead, then freeing them one by one, left glibc's allocator a heap of holes that made the graph's small
    // allocations slower and slower: the whole corpus ran a quarter slower than a streaming reader (the `newsgraph`
    // binary) does. Copying the text costs about 1% of the run.
    let read_start = Instant::now();
    let mut texts = String::new();
    let mut documents = Vec::new();
    for item in Corpus::builder().inputs(inputs).format(format).build() {
        match item {
            CorpusItem::Document(mut doc) => {
                let len = doc.text.len() as u64;
                if limit_bytes > 0 && texts.len() as u64 + len > limit_bytes && !documents.is_empty() {
                    break;
                }
                let start = texts.len();
                texts.push_str(&doc.text);
                doc.text = String::new();
                documents.push((doc, start..texts.len()));
            }
            CorpusItem::Problem(problem) => eprintln!("throughput: {problem}"),
        }
    }
    let read_s = read_start.elapsed().as_secs_f64();
    let items = documents.into_iter().map(|(mut doc, range)| {
        doc.text = texts[range].to_string();
        CorpusItem::Document(doc)
    });

    let pipeline = match Pipeline::builder().threads(threads).build(extractor) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("throughput: {e}");
            return ExitCode::FAILURE;
        }
    };
    let start = Instant::now();
    let result = pipeline.graph(items, &mut |event| {
        if let Event::Problem(problem) = event {
            eprintln!("throughput: {problem}");
        }
    });
    let seconds = start.elapsed().as_secs_f64();
    let (_graph, summary) = match result {
        Ok(done) => done,
        Err(e) => {
            eprintln!("throughput: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = Report {
        tool: "newsgraph",
        threads: pipeline.threads(),
        docs: summary.documents,
        bytes: summary.bytes,
        seconds,
        seconds_with_io: seconds + read_s,
        mb_per_s: if seconds > 0.0 { summary.bytes as f64 / 1e6 / seconds } else { 0.0 },
        matches: summary.mentions,
        entities: summary.entities,
        edges: summary.edges,
        build_s,
    };
    eprintln!(
        "newsgraph: {} documents, {:.1} MB in {:.3} s ({:.1} MB/s; {:.3} s with reading), {} threads, {} mentions, \
         {} entities, {} edges, extractor built in {:.1} ms",
        report.docs,
        report.bytes as f64 / 1e6,
        report.seconds,
        report.mb_per_s,
        report.seconds_with_io,
        report.threads,
        report.matches,
        report.entities,
        report.edges,
        report.build_s * 1e3
    );
    match serde_json::to_string(&report) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("throughput: {e}");
            ExitCode::FAILURE
        }
    }
}
