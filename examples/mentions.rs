//! Prints every mention of a text file (stdin when none) as JSON Lines, or with `--explain` a table of every
//! mention with the rule that accepted it and every rejected candidate with the reason.
//!
//! ```text
//! cargo run --example mentions -- tests/data/putin-xi-2025.txt
//! cargo run --example mentions -- --explain --date 2025-05-08 tests/data/putin-xi-2025.txt
//! cargo run --example mentions -- --explain --json tests/data/putin-xi-2025.txt
//! ```
//!
//! Options: `--explain` (table), `--json` (with `--explain`: the explanation as JSON), `--sentence N` (with
//! `--explain`: only sentence N, counted from 0), `--date YYYY[-MM[-DD]]`
//! (the document's date, for role phrases), `--metonymy` (capitals as governments), `--no-demonyms`,
//! `--no-fuzzy`, `--no-discover`.

use newsgraph::{Date, Extractor};
use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut path = None;
    let (mut explain, mut json) = (false, false);
    let mut sentence: Option<usize> = None;
    let mut date: Option<Date> = None;
    let mut builder = Extractor::builder();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--explain" => explain = true,
            "--json" => json = true,
            "--metonymy" => _ = builder.metonymy(true),
            "--no-demonyms" => _ = builder.demonyms(false),
            "--no-fuzzy" => _ = builder.fuzzy(false),
            "--no-discover" => _ = builder.discover(false),
            "--date" => match args.next().map(|d| d.parse::<Date>()) {
                Some(Ok(d)) => date = Some(d),
                Some(Err(e)) => return usage(&e.to_string()),
                None => return usage("--date needs a value"),
            },
            "--sentence" => match args.next().map(|n| n.parse::<usize>()) {
                Some(Ok(n)) => sentence = Some(n),
                _ => return usage("--sentence takes a sentence index"),
            },
            "-h" | "--help" => return usage(""),
            _ if arg.starts_with("--") => return usage(&format!("unknown option {arg}")),
            _ => path = Some(arg),
        }
    }
    let mut bytes = Vec::new();
    let read = match &path {
        Some(p) => std::fs::read(p).map(|b| bytes = b),
        None => std::io::stdin().read_to_end(&mut bytes).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("mentions: {}: {e}", path.as_deref().unwrap_or("stdin"));
        return ExitCode::FAILURE;
    }
    let text = String::from_utf8_lossy(&bytes);
    let extractor = builder.build();
    if explain {
        let mut explanation = extractor.explain(&text, date);
        if let Some(n) = sentence {
            explanation = explanation.sentence(n);
        }
        if json {
            match serde_json::to_string_pretty(&explanation) {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    eprintln!("mentions: {e}");
                    return ExitCode::FAILURE;
                }
            }
        } else {
            print!("{explanation}");
        }
        return ExitCode::SUCCESS;
    }
    let extraction = extractor.extract_with(&text, date, &mut newsgraph::Scratch::new());
    for m in extraction.mentions() {
        let e = extraction.entity(m.entity);
        println!(
            "{}",
            serde_json::json!({
                "sentence": m.sentence, "start": m.span.start, "end": m.span.end,
                "text": &text[m.span.range()], "entity": e.id, "name": e.name, "kind": e.kind, "via": m.via,
            })
        );
    }
    ExitCode::SUCCESS
}

fn usage(error: &str) -> ExitCode {
    if !error.is_empty() {
        eprintln!("mentions: {error}");
    }
    eprintln!(
        "usage: mentions [--explain [--json] [--sentence N]] [--date YYYY-MM-DD] [--metonymy] [--no-demonyms] [--no-fuzzy] \
         [--no-discover] [FILE]"
    );
    if error.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}
