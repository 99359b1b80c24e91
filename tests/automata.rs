//! The default alias automaton (newsgraph's byte trie) against every aho-corasick kind a user can force, on real
//! text: the reference article and the nine UN General Debate speeches of the benchmark sample.

use aho_corasick::AhoCorasickKind;
use newsgraph::{Date, Extractor, GazetteerBuilder};

const ARTICLE: &str = include_str!("data/putin-xi-2025.txt");
const SPEECHES: &str = include_str!("../benches/data/ungdc-sample.jsonl");

fn texts() -> Vec<(String, Option<Date>)> {
    let mut texts = vec![(ARTICLE.to_string(), "2025-05-08".parse().ok())];
    for line in SPEECHES.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let date = doc["date"].as_str().and_then(|d| d.parse::<Date>().ok());
        texts.push((doc["text"].as_str().expect("text").to_string(), date));
    }
    texts
}

/// Every match and every mention, with what they resolved to.
fn rows(extractor: &Extractor, text: &str, date: Option<Date>) -> (Vec<String>, Vec<String>) {
    let g = extractor.gazetteer();
    let raw = g.find_iter(text).map(|m| format!("{:?} {}", m.span, g.entity(m.entity).id)).collect();
    let mut scratch = newsgraph::Scratch::new();
    let mentions = extractor
        .extract_with(text, date, &mut scratch)
        .mentions()
        .iter()
        .map(|m| format!("{:?} {:?} {:?}", m.span, m.entity, m.via))
        .collect();
    (raw, mentions)
}

#[test]
fn every_automaton_kind_finds_the_same_mentions() {
    let texts = texts();
    assert_eq!(texts.len(), 10);
    let trie = Extractor::default();
    let expected: Vec<_> = texts.iter().map(|(t, d)| rows(&trie, t, *d)).collect();
    let mentions: usize = expected.iter().map(|(_, m)| m.len()).sum();
    assert!(mentions > 500, "{mentions} mentions");
    for kind in [AhoCorasickKind::NoncontiguousNFA, AhoCorasickKind::ContiguousNFA, AhoCorasickKind::DFA] {
        let gazetteer = GazetteerBuilder::new().automaton_kind(Some(kind)).build().expect("default gazetteers");
        let extractor = Extractor::new(gazetteer);
        for ((text, date), want) in texts.iter().zip(&expected) {
            assert_eq!(&rows(&extractor, text, *date), want, "{kind:?} on {:?}", &text[..60]);
        }
    }
}
