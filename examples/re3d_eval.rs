//! Measures the precision (and, where it means something, the recall) of the default extractor's mentions against
//! the human annotations of the UK Dstl re3d corpus: 98 news and government documents about Syria and Iraq with
//! Person, Organisation, Location and Nationality spans (see the corpus README for the format).
//!
//! ```text
//! cargo run --release --example re3d_eval -- [PATH] [--date YYYY-MM-DD] [--top N] [--metonymy]
//! ```
//!
//! `PATH` is the corpus folder (default `../shared/corpus/re3d`): one sub-folder per source, each with
//! `documents.json` and `entities.json` in `mongoexport` form (one JSON object per line; offsets count chars).
//! A dev tool run by hand: no test reads the corpus.
//!
//! Kinds map to re3d types as a reader would expect: a leader is a Person; a country is a Location, an
//! Organisation (re3d tags a state acting as a government, `Syria has accused…`, as an Organisation) or, for a
//! demonym, a Nationality (or an Organisation: re3d tags `Syrians`, the people, as a group); an organisation is an Organisation; a place is a Location. A mention is right
//! (lenient) when an annotation of a fitting type overlaps it, and exactly right (strict) when one has the same
//! span. re3d annotates every person, organisation and place, not only the ones a gazetteer of world leaders,
//! countries and international bodies knows, so recall is given two ways: over all annotations of a type, and over
//! the annotations whose text is an alias in the gazetteer (the ones we could have found).
//!
//! The documents carry no date. They were collected in 2016–2017, so role phrases (`the Iraqi prime minister`)
//! resolve as of `--date`, 2016-06-01 by default.

use newsgraph::{Date, EntityKind, Extractor, Scratch, Via};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

struct Annotation {
    start: usize,
    end: usize,
    label: String,
    text: String,
}

struct Document {
    source: String,
    text: String,
    annotations: Vec<Annotation>,
}

fn read_lines(path: &Path) -> Result<Vec<Value>, String> {
    let data = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?);
    }
    Ok(out)
}

/// Byte offset of every char offset of `text` (and of its end).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut map: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    map.push(text.len());
    map
}

fn load(root: &Path) -> Result<Vec<Document>, String> {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root)
        .map_err(|e| format!("{}: {e}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("documents.json").is_file())
        .collect();
    sources.sort();
    let mut documents = Vec::new();
    for dir in sources {
        let source = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for doc in read_lines(&dir.join("documents.json"))? {
            let (Some(id), Some(text)) = (doc["_id"].as_str(), doc["text"].as_str()) else { continue };
            by_id.insert(id.to_string(), documents.len());
            documents.push(Document { source: source.clone(), text: text.to_string(), annotations: Vec::new() });
        }
        let mut maps: HashMap<usize, Vec<usize>> = HashMap::new();
        for e in read_lines(&dir.join("entities.json"))? {
            let Some(&d) = e["documentId"].as_str().and_then(|id| by_id.get(id)) else { continue };
            let (Some(begin), Some(end)) = (e["begin"].as_u64(), e["end"].as_u64()) else { continue };
            let map = maps.entry(d).or_insert_with(|| char_to_byte(&documents[d].text));
            let (Some(&start), Some(&end)) = (map.get(begin as usize), map.get(end as usize)) else { continue };
            if start >= end {
                continue;
            }
            let doc = &mut documents[d];
            doc.annotations.push(Annotation {
                start,
                end,
                label: e["type"].as_str().unwrap_or("").to_string(),
                text: doc.text[start..end].to_string(),
            });
        }
    }
    Ok(documents)
}

/// The re3d types a mention of this kind (through this rule) may carry.
fn fitting_labels(kind: EntityKind, via: Via) -> &'static [&'static str] {
    match kind {
        EntityKind::Leader => &["Person"],
        // `Syrians` (the people) is an Organisation in re3d: "a group of people".
        EntityKind::Country if via == Via::Demonym => &["Nationality", "Organisation"],
        EntityKind::Country => &["Location", "Organisation"],
        EntityKind::Organisation => &["Organisation"],
        EntityKind::Place => &["Location"],
        _ => &[],
    }
}

/// The kinds of ours that can match an annotation of this type.
fn fitting_kinds(label: &str) -> &'static [EntityKind] {
    match label {
        "Person" => &[EntityKind::Leader],
        "Organisation" => &[EntityKind::Organisation, EntityKind::Country],
        "Location" => &[EntityKind::Country, EntityKind::Place],
        "Nationality" => &[EntityKind::Country],
        _ => &[],
    }
}

#[derive(Default)]
struct Tally {
    mentions: usize,
    strict: usize,
    lenient: usize,
}

fn main() -> ExitCode {
    let mut root = PathBuf::from("../shared/corpus/re3d");
    let mut date: Date = match "2016-06-01".parse() {
        Ok(d) => d,
        Err(_) => return ExitCode::FAILURE,
    };
    let mut top = 25;
    let mut builder = Extractor::builder();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--date" => match args.next().map(|d| d.parse()) {
                Some(Ok(d)) => date = d,
                _ => return usage("--date takes YYYY[-MM[-DD]]"),
            },
            "--top" => match args.next().map(|n| n.parse()) {
                Some(Ok(n)) => top = n,
                _ => return usage("--top takes a number"),
            },
            "--metonymy" => _ = builder.metonymy(true),
            "-h" | "--help" => return usage(""),
            _ if arg.starts_with("--") => return usage(&format!("unknown option {arg}")),
            _ => root = PathBuf::from(arg),
        }
    }
    let documents = match load(&root) {
        Ok(d) if !d.is_empty() => d,
        Ok(_) => return usage(&format!("{}: no documents.json in any sub-folder", root.display())),
        Err(e) => return usage(&e),
    };
    let extractor = builder.build();
    let gazetteer = extractor.gazetteer();
    let mut scratch = Scratch::new();
    let mut tallies: BTreeMap<&'static str, Tally> = BTreeMap::new();
    // (surface, entity, rule) → (count, what re3d says there, one context).
    let mut false_positives: HashMap<(String, String, &'static str), (usize, String, String)> = HashMap::new();
    // Per re3d type: (annotations, found; annotations whose text is a gazetteer alias of a fitting kind, found).
    let mut recall: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut misses: HashMap<(String, String), usize> = HashMap::new();
    let mut by_via: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let (mut annotations, mut bytes) = (0, 0);
    for doc in &documents {
        bytes += doc.text.len();
        annotations += doc.annotations.len();
        let found = extractor.extract_with(&doc.text, Some(date), &mut scratch);
        for m in found.mentions() {
            let entity = found.entity(m.entity);
            let labels = fitting_labels(entity.kind, m.via);
            let fits = |a: &&Annotation| labels.contains(&a.label.as_str());
            let strict = doc.annotations.iter().filter(fits).any(|a| a.start == m.span.start && a.end == m.span.end);
            let lenient = doc.annotations.iter().filter(fits).any(|a| a.start < m.span.end && m.span.start < a.end);
            for t in [tallies.entry(entity.kind.as_str()).or_default(), by_via.entry(m.via.as_str()).or_default()] {
                t.mentions += 1;
                t.strict += usize::from(strict);
                t.lenient += usize::from(lenient);
            }
            if !lenient {
                let key = (doc.text[m.span.range()].to_string(), entity.id.clone(), m.via.as_str());
                let other = doc
                    .annotations
                    .iter()
                    .find(|a| a.start < m.span.end && m.span.start < a.end)
                    .map_or_else(|| "unannotated".to_string(), |a| format!("{} {:?}", a.label, a.text));
                let entry = false_positives
                    .entry(key)
                    .or_insert_with(|| (0, other, context(&doc.text, m.span.start, m.span.end)));
                entry.0 += 1;
            }
        }
        for a in &doc.annotations {
            let kinds = fitting_kinds(&a.label);
            if kinds.is_empty() {
                continue;
            }
            let hit = found
                .mentions()
                .iter()
                .any(|m| kinds.contains(&found.entity(m.entity).kind) && m.span.start < a.end && a.start < m.span.end);
            let known = gazetteer.lookup(&a.text).iter().any(|&id| kinds.contains(&gazetteer.entity(id).kind));
            let r = recall.entry(a.label.clone()).or_default();
            r[0] += 1;
            r[1] += usize::from(hit);
            if known {
                r[2] += 1;
                r[3] += usize::from(hit);
                if !hit {
                    *misses.entry((a.label.clone(), a.text.clone())).or_default() += 1;
                }
            }
        }
    }
    let pct =
        |a: usize, b: usize| if b == 0 { "-".to_string() } else { format!("{:.1}%", 100.0 * a as f64 / b as f64) };
    println!(
        "re3d: {} documents from {} sources, {} KB, {} annotations; date {date}",
        documents.len(),
        documents.iter().map(|d| d.source.as_str()).collect::<std::collections::BTreeSet<_>>().len(),
        bytes / 1024,
        annotations
    );
    println!();
    println!("{:<14} {:>8} {:>10} {:>10}", "kind", "mentions", "precision", "strict");
    let mut total = Tally::default();
    for (kind, t) in &tallies {
        println!("{:<14} {:>8} {:>10} {:>10}", kind, t.mentions, pct(t.lenient, t.mentions), pct(t.strict, t.mentions));
        total.mentions += t.mentions;
        total.lenient += t.lenient;
        total.strict += t.strict;
    }
    println!(
        "{:<14} {:>8} {:>10} {:>10}",
        "all",
        total.mentions,
        pct(total.lenient, total.mentions),
        pct(total.strict, total.mentions)
    );
    println!();
    println!("{:<20} {:>8} {:>10} {:>10}", "rule (via)", "mentions", "precision", "strict");
    for (via, t) in &by_via {
        println!("{:<20} {:>8} {:>10} {:>10}", via, t.mentions, pct(t.lenient, t.mentions), pct(t.strict, t.mentions));
    }
    println!();
    println!("{:<14} {:>11} {:>8} {:>14} {:>14}", "re3d type", "annotations", "recall", "in gazetteer", "recall there");
    for (label, r) in &recall {
        println!("{:<14} {:>11} {:>8} {:>14} {:>14}", label, r[0], pct(r[1], r[0]), r[2], pct(r[3], r[2]));
    }
    let mut fp: Vec<_> = false_positives.into_iter().collect();
    fp.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    let unannotated: usize = fp.iter().filter(|f| f.1.1 == "unannotated").map(|f| f.1.0).sum();
    let all: usize = fp.iter().map(|f| f.1.0).sum();
    println!();
    println!(
        "top false positives (no overlapping annotation of a fitting type; {unannotated} of {all} have no annotation at all):"
    );
    for ((text, id, via), (n, other, example)) in fp.iter().take(top) {
        println!("{n:>5}  {text:<24} {id:<28} {via:<12} re3d: {other}");
        println!("       {example}");
    }
    let mut missed: Vec<_> = misses.into_iter().collect();
    missed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    println!();
    println!("top misses (annotation text is a gazetteer alias, no mention overlaps it):");
    for ((label, text), n) in missed.iter().take(top) {
        println!("{n:>5}  {label:<13} {text}");
    }
    ExitCode::SUCCESS
}

/// The text around `start..end`, on one line, the mention in brackets.
fn context(text: &str, start: usize, end: usize) -> String {
    let mut from = start.saturating_sub(50);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 50).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("…{} [{}] {}…", one_line(&text[from..start]), &text[start..end], one_line(&text[end..to]))
}

fn usage(error: &str) -> ExitCode {
    if !error.is_empty() {
        eprintln!("re3d_eval: {error}");
    }
    eprintln!(
        "usage: re3d_eval [PATH] [--date YYYY-MM-DD] [--top N] [--metonymy]   (PATH defaults to ../shared/corpus/re3d)"
    );
    if error.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}
