//! Property tests (proptest) of the promises every stage makes, on news-like text built from fragments that
//! exercise each rule, glued in random order with random characters between them.
//!
//! Case counts are bounded (see `CONFIG`) so that `cargo test` stays fast in debug builds; raise
//! `PROPTEST_CASES` in the environment for a longer run.

mod common;

use common::checks::{self, AliasIndex, InSentence};
use newsgraph::text::normalize::{Folded, fold};
use newsgraph::{
    AliasKind, Date, DocumentRef, Entity, EntityGraph, EntityKind, Extraction, Extractor, GazetteerBuilder, Json,
    Window,
};
use proptest::prelude::*;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn config(cases: u32) -> ProptestConfig {
    // An explicit PROPTEST_CASES (a long local run) wins over the CI-sized default.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

struct Shared {
    extractor: Extractor,
    aliases: AliasIndex,
    /// The same gazetteer matched through an aho-corasick automaton instead of the default trie.
    aho_corasick: Extractor,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let extractor = Extractor::default();
        let aliases = AliasIndex::new(extractor.gazetteer());
        let gazetteer = GazetteerBuilder::new()
            .automaton_kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build()
            .expect("default gazetteers");
        let aho_corasick = Extractor::new(gazetteer);
        Shared { extractor, aliases, aho_corasick }
    })
}

/// Names and spellings the shipped gazetteers know, including weak aliases, demonyms, acronyms in and out of case,
/// diacritics and possessives.
const ENTITY_PIECES: &[&str] = &[
    "Vladimir Putin",
    "Putin",
    "President Putin",
    "Xi Jinping",
    "Xi",
    "Xi’s",
    "XI's",
    "Aleksandar Vučić",
    "Vucic",
    "VUČIĆ",
    "Robert Fico",
    "Volodymyr Zelenskyy",
    "Russia",
    "Russian",
    "China",
    "china",
    "Chinese",
    "Ukraine",
    "Kyiv",
    "Moscow",
    "Beijing",
    "São Tomé",
    "United States",
    "United States of America",
    "U.S.",
    "US",
    "us",
    "WHO",
    "NATO",
    "United Nations",
    "European Union",
    "Georgia",
    "Mr. Trump",
    "Donald Trump",
    "Recep Tayyip Erdoğan",
    "Erdogan",
    "St. Petersburg",
    "Serbian",
    "Slovak",
];

/// Everything around names: spaces, stops, line and paragraph breaks, quotes, dashes, invisible and combining
/// characters, bidirectional marks, other scripts, numbers and abbreviations.
const FILLER_PIECES: &[&str] = &[
    " ",
    " ",
    " ",
    ", ",
    ". ",
    "! ",
    "? ",
    "… ",
    "\n",
    "\n\n",
    "\r\n",
    " met ",
    " and ",
    " said ",
    "—",
    "–",
    "-",
    "«",
    "»",
    "“",
    "”",
    "\"",
    "'",
    "(",
    ")",
    "'s",
    "’",
    ".",
    "\u{200B}",
    "\u{200D}",
    "\u{301}",
    "\u{a0}",
    "e.g. ",
    "No. 1",
    "3.5",
    "\0",
    "\u{7}",
    "\u{2067}",
    "\u{2069}",
    "\u{200F}",
    "東京。",
    "مرحبا ",
    "Straße",
    "ﬁ",
    "Ⅻ",
    "İ",
    "ß",
    "www.un.org",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => prop::sample::select(ENTITY_PIECES).prop_map(String::from),
        6 => prop::sample::select(FILLER_PIECES).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn news_text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max_pieces).prop_map(|pieces| pieces.concat())
}

/// ASCII-only text from the same kinds of fragments.
fn ascii_text() -> impl Strategy<Value = String> {
    let ascii_piece = prop_oneof![
        3 => prop::sample::select(ENTITY_PIECES).prop_filter("ASCII", |s| s.is_ascii()).prop_map(String::from),
        3 => prop::sample::select(FILLER_PIECES).prop_filter("ASCII", |s| s.is_ascii()).prop_map(String::from),
        1 => (0x00u8..0x80).prop_map(|b| char::from(b).to_string()),
    ];
    prop::collection::vec(ascii_piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn mention_rows(extraction: &Extraction) -> Vec<(usize, usize, String, newsgraph::Via, bool)> {
    extraction
        .mentions()
        .iter()
        .map(|m| (m.span.start, m.span.end, extraction.entity(m.entity).id.clone(), m.via, m.possessive))
        .collect()
}

proptest! {
    #![proptest_config(config(256))]

    /// Mentions lie on char boundaries, in order, without overlap, inside their sentence, and slice to a surface
    /// that folds to an alias of their entity; sentences cover the text in order.
    #[test]
    fn mentions_slice_to_an_alias_of_their_entity(text in news_text(60)) {
        let shared = shared();
        let extraction = shared.extractor.extract(&text);
        if let Err(e) = checks::check_extraction(&text, &extraction, &shared.aliases, InSentence::Whole) {
            prop_assert!(false, "{e}\ntext: {text:?}");
        }
    }

    /// Sentence spans cover the text in order, without overlap or lost text, on arbitrary strings.
    #[test]
    fn sentences_cover_arbitrary_text(text in any::<String>()) {
        let extraction = shared().extractor.extract(&text);
        if let Err(e) = checks::check_sentences(&text, &extraction) {
            prop_assert!(false, "{e}\ntext: {text:?}");
        }
    }

    /// The folded → original offset map is monotonic, lands on char boundaries, and agrees with a dense map built
    /// character by character: each original character's fold starts and ends where the map says, and nothing maps
    /// into the middle of a character's expansion.
    #[test]
    fn offset_map_is_monotonic_and_per_character(text in prop_oneof![news_text(40), any::<String>()]) {
        let mut folded = Folded::new();
        folded.fold_from(&text);
        let f = folded.as_str();
        let whole = fold(&text);
        prop_assert_eq!(f, whole.as_str());
        let mut previous = 0;
        for pos in (0..=f.len()).filter(|&p| f.is_char_boundary(p)) {
            if let Some(o) = folded.original_start(pos) {
                prop_assert!(o >= previous, "offset map goes back at folded byte {}: {} < {}", pos, o, previous);
                prop_assert!(text.is_char_boundary(o));
                previous = o;
            }
            if let Some(o) = folded.original_end(pos) {
                prop_assert!(text.is_char_boundary(o));
            }
        }
        prop_assert_eq!(folded.original_start(f.len()), Some(text.len()));
        // Units: a run of ASCII white space (one space when it holds at most one line end, as wide as it was
        // otherwise), or one other character.
        let white = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
        let mut at = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((o, c)) = chars.next() {
            if white(c) {
                let mut len = 1;
                while chars.next_if(|&(_, d)| white(d)).is_some() {
                    len += 1;
                }
                let run = &text[o..o + len];
                let line_ends = run.matches('\n').count() + run.replace("\r\n", "").matches('\r').count();
                let expected = if line_ends >= 2 { " ".repeat(len) } else { " ".to_string() };
                let end = at + expected.len();
                prop_assert_eq!(&f[at..end], expected.as_str(), "white space {:?} at {}", run, o);
                prop_assert_eq!(folded.original_start(at), Some(o), "start of {:?} at {}", run, o);
                prop_assert_eq!(folded.original_end(end), Some(o + len), "end of {:?} at {}", run, o);
                at = end;
                continue;
            }
            let alone = fold(c.encode_utf8(&mut [0; 4]));
            let end = at + alone.len();
            prop_assert_eq!(&f[at..end], alone.as_str(), "folding of {:?} at {}", c, o);
            if !alone.is_empty() {
                prop_assert_eq!(folded.original_start(at), Some(o), "start of {:?} at {}", c, o);
                prop_assert_eq!(folded.original_end(end), Some(o + c.len_utf8()), "end of {:?} at {}", c, o);
                for inside in (at + 1..end).filter(|&p| f.is_char_boundary(p)) {
                    prop_assert_eq!(folded.original_start(inside), None, "inside the fold of {:?} at {}", c, o);
                }
            }
            at = end;
        }
        prop_assert_eq!(at, f.len());
    }

    /// The ASCII fast path (no offset map, in-place lower-casing) gives what the general path gives: the same
    /// text with one non-ASCII character appended folds to the same prefix with identity offsets, and yields the
    /// same mentions.
    #[test]
    fn ascii_fast_path_equals_general_path(text in ascii_text()) {
        let general = format!("{text} \u{e9}");
        // `fold` lower-cases an ASCII string in one go, and folds any other string character by character.
        let (per_character, in_one_go) = (fold(&general), fold(&text));
        prop_assert_eq!(&per_character[..in_one_go.len()], in_one_go.as_str());
        let (mut fast, mut slow) = (Folded::new(), Folded::new());
        fast.fold_from(&text);
        slow.fold_from(&general);
        prop_assert!(!slow.is_identity());
        // Only white space that is not one space (a line break, a tab, two spaces) can shorten ASCII text.
        let plain = !text.contains(['\t', '\n', '\r']) && !text.contains("  ");
        prop_assert!(fast.is_identity() || !plain);
        let n = fast.as_str().len();
        prop_assert_eq!(&slow.as_str()[..n], fast.as_str());
        for i in 0..n {
            prop_assert_eq!(slow.original_start(i), fast.original_start(i));
            if plain {
                prop_assert_eq!(fast.original_start(i), Some(i));
            }
        }
        let extractor = &shared().extractor;
        prop_assert_eq!(mention_rows(&extractor.extract(&text)), mention_rows(&extractor.extract(&general)));
        let raw = |t: &str| extractor.gazetteer().find_iter(t).map(|m| (m.span, m.entity)).collect::<Vec<_>>();
        prop_assert_eq!(raw(&text), raw(&general));
    }

    /// The default byte trie and an aho-corasick automaton of the same aliases find the same matches and so the
    /// same mentions.
    #[test]
    fn trie_and_aho_corasick_agree(text in prop_oneof![news_text(60), any::<String>()]) {
        let Shared { extractor, aho_corasick, .. } = shared();
        let raw = |e: &Extractor| e.gazetteer().find_iter(&text).map(|m| (m.span, m.entity)).collect::<Vec<_>>();
        prop_assert_eq!(raw(extractor), raw(aho_corasick));
        prop_assert_eq!(mention_rows(&extractor.extract(&text)), mention_rows(&aho_corasick.extract(&text)));
    }
}

/// A document for the batch tests: its text and maybe a date.
fn documents() -> impl Strategy<Value = Vec<(String, Option<Date>)>> {
    let date = prop_oneof![
        2 => Just(None),
        1 => (2020i32..2026, 1u8..13, 1u8..29).prop_map(|(y, m, d)| Date::new(y, m, d)),
    ];
    prop::collection::vec((news_text(30), date), 1..10)
}

fn window() -> impl Strategy<Value = Window> {
    prop_oneof![Just(Window::Sentence), Just(Window::Sentences(2)), Just(Window::Paragraph), Just(Window::Document)]
}

/// A graph configured alike for the one-pass and the batched runs. Generated corpora repeat documents, and a
/// graph's duplicate filter only sees its own batch (a pipeline shares one filter across batches), so documents are
/// all counted here.
fn empty_graph(extractor: &Extractor, window: Window, max_evidence: usize, max_entities: usize) -> EntityGraph {
    let mut graph = EntityGraph::for_extractor(extractor);
    graph
        .set_window(window)
        .set_max_evidence(max_evidence)
        .set_max_window_entities(max_entities)
        .set_deduplicate(false);
    graph
}

proptest! {
    #![proptest_config(config(64))]

    /// The graph of a corpus does not depend on how it is split into batches or threads, nor on the order the
    /// batch graphs are merged in: the canonical JSON export is byte-identical.
    #[test]
    fn graphs_do_not_depend_on_batching_or_threads(
        docs in documents(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        order in any::<u64>(),
        window in window(),
        max_evidence in 0usize..4,
        max_entities in 2usize..6,
    ) {
        let extractor = &shared().extractor;
        let extractions: Vec<Extraction> = docs.iter().map(|(text, _)| extractor.extract(text)).collect();
        let doc_ref = |i: usize| {
            let id = format!("doc-{i}");
            (id, i as u64, docs[i].1)
        };
        let mut one_pass = empty_graph(extractor, window, max_evidence, max_entities);
        for (i, extraction) in extractions.iter().enumerate() {
            let (id, index, date) = doc_ref(i);
            one_pass.add_document(&DocumentRef { id: &id, index, date, text: &docs[i].0 }, extraction);
        }
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c.index(docs.len() + 1)).collect();
        bounds.extend([0, docs.len()]);
        bounds.sort_unstable();
        bounds.dedup();
        let batches: Vec<(usize, usize)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
        // Each batch on its own rayon task, as a parallel corpus run would do it.
        let mut graphs: Vec<EntityGraph> = batches
            .par_iter()
            .map(|&(from, to)| {
                let mut graph = empty_graph(extractor, window, max_evidence, max_entities);
                for i in from..to {
                    let (id, index, date) = doc_ref(i);
                    graph.add_document(&DocumentRef { id: &id, index, date, text: &docs[i].0 }, &extractions[i]);
                }
                graph
            })
            .collect();
        // Merge in a scrambled order.
        let len = graphs.len() as u64;
        graphs.rotate_left((order % len) as usize);
        if order % 2 == 1 {
            graphs.reverse();
        }
        let mut merged = empty_graph(extractor, window, max_evidence, max_entities);
        for g in &graphs {
            merged.merge(g);
        }
        prop_assert_eq!(Json::new(&merged).to_string(), Json::new(&one_pass).to_string());
    }

    /// Edge weights equal the number of sentences in which both entities appear, counted from the mentions.
    #[test]
    fn edge_weights_equal_pair_counts(docs in documents()) {
        let extractor = &shared().extractor;
        let mut graph = EntityGraph::for_extractor(extractor);
        graph.set_deduplicate(false);
        let mut expected: BTreeMap<(String, String), u64> = BTreeMap::new();
        for (i, (text, date)) in docs.iter().enumerate() {
            let extraction = extractor.extract(text);
            graph.add_extraction(&format!("doc-{i}"), *date, text, &extraction);
            let mut by_sentence: BTreeMap<usize, Vec<String>> = BTreeMap::new();
            for m in extraction.mentions() {
                by_sentence.entry(m.sentence).or_default().push(extraction.entity(m.entity).id.clone());
            }
            for ids in by_sentence.values_mut() {
                ids.sort();
                ids.dedup();
                for (a, x) in ids.iter().enumerate() {
                    for y in &ids[a + 1..] {
                        *expected.entry((x.clone(), y.clone())).or_default() += 1;
                    }
                }
            }
        }
        let actual: BTreeMap<(String, String), u64> =
            graph.edges().map(|e| ((e.source.id.clone(), e.target.id.clone()), e.edge.weight)).collect();
        prop_assert_eq!(actual, expected);
    }
}

/// Pieces of entity names and ids that exporters get wrong: quotes, backslashes (also last), line feeds, tabs,
/// markup, DOT syntax, comments, NUL and other control characters, other scripts.
const HOSTILE_PIECES: &[&str] = &[
    "Say \"Hi\"",
    "Back\\slash",
    "Trailing\\",
    "\\n",
    "\\N",
    "Line\nBreak",
    "Tab\tbed",
    "<b>",
    "&amp;",
    "&",
    "'",
    "\"]; node [shape=box",
    "-->",
    " -- ",
    "// not a comment",
    "/* nor this */",
    "graph {",
    "}",
    "\0",
    "\u{85}",
    "\u{1b}[31m",
    "\u{2028}",
    "Союз",
    "東京",
    "ﬁ",
    "é",
    "x",
];

fn hostile_name() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(HOSTILE_PIECES), 1..4).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(config(128))]

    /// Every export of a graph whose entities have hostile names and ids reads back to the same graph: JSON through
    /// serde_json, DOT through a lexer that follows Graphviz's quoting rules.
    #[test]
    fn exports_read_back_to_the_graph(
        names in prop::collection::vec(hostile_name(), 1..8),
        mentions in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(&[" and ", ". ", "\n\n", ", "][..])), 0..24),
        evidence_filler in hostile_name(),
        window in window(),
    ) {
        let mut builder = GazetteerBuilder::new();
        builder.defaults(false);
        for (i, name) in names.iter().enumerate() {
            let id_part: String = name.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(12).collect();
            let kind = EntityKind::ALL[i % EntityKind::ALL.len()];
            let mut entity = Entity::new(format!("h{i}-{id_part}"), name.clone(), kind);
            if matches!(kind, EntityKind::Leader) {
                entity.country = Some("zed".to_string());
            }
            builder.add_entity(entity, &[(&format!("Hostilename{i}"), AliasKind::Alias)]);
        }
        builder.add_entity(Entity::new("zed", "Zedland", EntityKind::Country), &[]);
        // A name of nothing but spaces and line separators is refused, with the number of its add_entity call.
        if let Some(blank) = names.iter().position(|n| fold(n).trim().is_empty()) {
            let err = builder.build().unwrap_err().to_string();
            let want = format!("added entities:{}: column `name`: alias", blank + 1);
            prop_assert!(err.starts_with(&want) && err.contains("is empty once folded"), "{}", err);
            return Ok(());
        }
        let gazetteer = builder.build().unwrap();
        let extractor = Extractor::new(gazetteer);
        let mut text = String::new();
        for (which, separator) in &mentions {
            text.push_str(&format!("Hostilename{} {evidence_filler}{separator}", which.index(names.len())));
        }
        let extraction = extractor.extract(&text);
        let mut graph = EntityGraph::for_extractor(&extractor);
        graph.set_window(window);
        graph.add_extraction(&evidence_filler, None, &text, &extraction);
        if let Err(e) = checks::check_exports(&graph) {
            prop_assert!(false, "{e}");
        }
    }
}
