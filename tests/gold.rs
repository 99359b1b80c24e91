//! The sample article against its hand-made gold annotation (`tests/data/putin-xi-2025.gold.json`, a copy of the
//! seed annotation): entity precision and recall over the required entities, and edge precision and recall over
//! the gold sentence pairs.
//!
//! Gold entities are mapped to ours by looking each of their `names` up in the gazetteer (a name that names one
//! entity of the gold kind maps to it; `Nazi Germany` and `Germany` both map to gold `DEU`). Entities that only
//! `optional_names` name, and the entities a sentence lists in `optional_in_sentence`, are neither required nor
//! penalised. Anything else we find is a false positive. Edges are counted two ways: as distinct entity pairs over
//! the document (the graph's edges) and as (sentence, pair) items; both must reach 0.95.

use newsgraph::{EntityId, Extraction, Extractor, Gazetteer, Scratch};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const TEXT: &str = include_str!("data/putin-xi-2025.txt");
const GOLD: &str = include_str!("data/putin-xi-2025.gold.json");

type Pair = (String, String);

/// Our entity → gold key, plus the entities that only optional names name.
struct Mapping {
    gold_of: HashMap<String, String>,
    optional: BTreeSet<String>,
}

fn mapping(gold: &Value, gazetteer: &Gazetteer, extraction: &Extraction) -> Mapping {
    let mut gold_of = HashMap::new();
    let entities = gold["entities"].as_object().expect("gold has `entities`");
    for (key, record) in entities {
        let kind = record["kind"].as_str().expect("gold entity has a kind");
        for name in record["names"].as_array().expect("gold entity has names") {
            let name = name.as_str().expect("names are strings");
            let ids: Vec<EntityId> =
                gazetteer.lookup(name).into_iter().filter(|&id| gazetteer.entity(id).kind.as_str() == kind).collect();
            if let [id] = ids[..] {
                gold_of.insert(gazetteer.entity(id).id.clone(), key.clone());
            }
            for e in extraction.discovered() {
                if e.name.eq_ignore_ascii_case(name) {
                    gold_of.insert(e.id.clone(), key.clone());
                }
            }
        }
    }
    let mut optional = BTreeSet::new();
    for name in gold["optional_names"].as_array().expect("gold has `optional_names`") {
        for id in gazetteer.lookup(name.as_str().expect("names are strings")) {
            let id = gazetteer.entity(id).id.clone();
            if !gold_of.contains_key(&id) {
                optional.insert(id);
            }
        }
    }
    Mapping { gold_of, optional }
}

fn pairs(entities: &BTreeSet<String>) -> Vec<Pair> {
    let list: Vec<&String> = entities.iter().collect();
    let mut out = Vec::new();
    for (i, a) in list.iter().enumerate() {
        for b in &list[i + 1..] {
            out.push(((*a).clone(), (*b).clone()));
        }
    }
    out
}

fn ratio(hit: usize, total: usize) -> f64 {
    if total == 0 { 1.0 } else { hit as f64 / total as f64 }
}

#[test]
fn sample_article_against_gold() {
    let gold: Value = serde_json::from_str(GOLD).expect("gold annotation is JSON");
    let extractor = Extractor::default();
    let extraction = extractor.extract_with(TEXT, None, &mut Scratch::new());
    let map = mapping(&gold, extractor.gazetteer(), &extraction);
    let gold_sentences: Vec<BTreeSet<String>> = gold["sentences"]
        .as_array()
        .expect("gold has `sentences`")
        .iter()
        .map(|s| s.as_array().expect("a sentence is a list").iter().map(|k| k.as_str().unwrap().to_string()).collect())
        .collect();
    let optional_in: HashMap<usize, BTreeSet<String>> = gold["optional_in_sentence"]
        .as_object()
        .expect("gold has `optional_in_sentence`")
        .iter()
        .map(|(k, v)| {
            (k.parse().unwrap(), v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect())
        })
        .collect();
    assert_eq!(
        extraction.sentences().len(),
        gold_sentences.len(),
        "help: the gold annotation numbers sentences as the splitter in src/text/sentence.rs does; they must agree"
    );

    // Our entities per sentence, as gold keys; unmapped ones are false positives unless optional.
    let mut ours: Vec<BTreeSet<String>> = vec![BTreeSet::new(); gold_sentences.len()];
    let mut false_positives: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in extraction.mentions() {
        let e = extraction.entity(m.entity);
        match map.gold_of.get(&e.id) {
            Some(key) => {
                ours[m.sentence].insert(key.clone());
            }
            None if map.optional.contains(&e.id) => {}
            None => false_positives.entry(e.id.clone()).or_default().push(TEXT[m.span.range()].to_string()),
        }
    }

    let required: BTreeSet<String> = gold_sentences.iter().flatten().cloned().collect();
    let found: BTreeSet<String> = ours.iter().flatten().cloned().collect();
    let hit = required.intersection(&found).count();
    let entity_precision = ratio(hit, found.len() + false_positives.len());
    let entity_recall = ratio(hit, required.len());
    let missing: Vec<&String> = required.difference(&found).collect();

    // Sentence pairs, leaving out pairs with an entity optional in that sentence.
    let (mut gold_items, mut our_items) = (BTreeSet::new(), BTreeSet::new());
    for (s, gold_set) in gold_sentences.iter().enumerate() {
        let optional = optional_in.get(&s).cloned().unwrap_or_default();
        for p in pairs(gold_set) {
            gold_items.insert((s, p));
        }
        for p in pairs(&ours[s]) {
            if !optional.contains(&p.0) && !optional.contains(&p.1) {
                our_items.insert((s, p));
            }
        }
    }
    let item_hits = gold_items.intersection(&our_items).count();
    let item_precision = ratio(item_hits, our_items.len());
    let item_recall = ratio(item_hits, gold_items.len());
    let gold_edges: BTreeSet<Pair> = gold_items.iter().map(|(_, p)| p.clone()).collect();
    let our_edges: BTreeSet<Pair> = our_items.iter().map(|(_, p)| p.clone()).collect();
    let edge_hits = gold_edges.intersection(&our_edges).count();
    let edge_precision = ratio(edge_hits, our_edges.len());
    let edge_recall = ratio(edge_hits, gold_edges.len());

    println!(
        "entities: precision {entity_precision:.3}, recall {entity_recall:.3} ({hit} of {} required)",
        required.len()
    );
    println!(
        "edges (distinct pairs): precision {edge_precision:.3}, recall {edge_recall:.3} ({edge_hits} of {} gold, {} ours)",
        gold_edges.len(),
        our_edges.len()
    );
    println!(
        "edges (sentence pairs): precision {item_precision:.3}, recall {item_recall:.3} ({item_hits} of {} gold, {} ours)",
        gold_items.len(),
        our_items.len()
    );
    for item in our_items.difference(&gold_items) {
        println!("  extra pair: sentence {} {:?}", item.0, item.1);
    }
    for item in gold_items.difference(&our_items) {
        println!("  missed pair: sentence {} {:?}", item.0, item.1);
    }

    assert!(false_positives.is_empty(), "entities outside the gold annotation: {false_positives:?}");
    assert!(missing.is_empty(), "required entities not found: {missing:?}");
    assert_eq!((entity_precision, entity_recall), (1.0, 1.0));
    assert!(edge_precision >= 0.95 && edge_recall >= 0.95, "distinct edges: P {edge_precision:.3} R {edge_recall:.3}");
    assert!(item_precision >= 0.95 && item_recall >= 0.95, "sentence pairs: P {item_precision:.3} R {item_recall:.3}");
}
