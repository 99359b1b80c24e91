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

/// A user gazetteer of 30,000 organisations whose names share long prefixes (so the trie has deep chains, nodes
/// with many children and nodes with few), in a text that names every tenth one, each prefix of a name, and
/// near misses: the byte trie finds exactly what the aho-corasick automaton finds, and every named one.
#[test]
fn a_large_generated_gazetteer_matches_like_aho_corasick() {
    let words = [
        "National",
        "Federal",
        "Council",
        "Agency",
        "Institute",
        "Bureau",
        "Office",
        "Commission",
        "Nordic",
        "Andean",
        "Pacific",
        "Atlantic",
        "Central",
        "Eastern",
        "Western",
        "Southern",
        "Northern",
        "Ministry",
        "Authority",
        "Fund",
        "Bank",
        "Union",
        "League",
        "Forum",
        "Société",
        "Überwachung",
        "Ñandú",
        "Tbilisi",
    ];
    let mut tsv = String::from("id\tname\n");
    let mut names = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    while names.len() < 30_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let n = 2 + (state % 3) as usize;
        let name: Vec<&str> = (0..n).map(|k| words[((state >> (8 * k + 8)) % words.len() as u64) as usize]).collect();
        let name = name.join(" ");
        if seen.insert(name.clone()) {
            tsv.push_str(&format!("org-{}\t{name}\n", names.len()));
            names.push(name);
        }
    }
    let mut text = String::new();
    for (i, name) in names.iter().enumerate().step_by(10) {
        let cut = name.rfind(' ').unwrap_or(name.len());
        text.push_str(&format!("{name} met {} and {}x on day {i}. ", &name[..cut], name));
    }
    let build = |kind: Option<AhoCorasickKind>| {
        GazetteerBuilder::new()
            .defaults(false)
            .automaton_kind(kind)
            .add_text("organisations-generated.tsv", newsgraph::EntityKind::Organisation, &tsv)
            .build()
            .expect("generated gazetteer")
    };
    let (trie, nfa) = (build(None), build(Some(AhoCorasickKind::ContiguousNFA)));
    let found = |g: &newsgraph::Gazetteer| g.find_iter(&text).map(|m| (m.span, m.entity)).collect::<Vec<_>>();
    let from_trie = found(&trie);
    assert_eq!(from_trie, found(&nfa));
    for (i, name) in names.iter().enumerate().step_by(10) {
        let id = trie.get(&format!("org-{i}")).expect("id");
        assert!(from_trie.iter().any(|&(span, e)| e == id && &text[span.range()] == name), "{name}");
    }
}
