//! Hostile text: huge documents without a newline or a space, a million mentions, every word a mention, every Unicode
//! general category, combining marks, joiners, right-to-left text, control characters, invalid UTF-8, empty and
//! punctuation-only documents. Every test states the exact outcome (counts, spans, error text) and checks the
//! invariants and both exports on it.
//!
//! The two 200 MB documents take minutes in a debug build, so they are `#[ignore]`d; run them in release:
//! `cargo test --release --test hostile -- --ignored`. The same shapes run here at 1 MB, with the same assertions.

mod common;

use common::checks::{self, AliasIndex, InSentence};
use common::documents::{self, NO_SPACE_UNIT, SINGLE_LINE_UNIT, WORDS_PER_SENTENCE};
use newsgraph::{
    DocumentRef, EntityGraph, Error, Extraction, Extractor, NodeId, Scratch, Via, extract::DEFAULT_MAX_DOCUMENT_BYTES,
};
use std::sync::OnceLock;

struct Shared {
    extractor: Extractor,
    aliases: AliasIndex,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let extractor = Extractor::default();
        let aliases = AliasIndex::new(extractor.gazetteer());
        Shared { extractor, aliases }
    })
}

/// Extracts `text` with the shipped gazetteer and checks every invariant.
fn extract(text: &str) -> Extraction {
    let shared = shared();
    let extraction = shared.extractor.extract(text);
    if let Err(e) = checks::check_extraction(text, &extraction, &shared.aliases, InSentence::Whole) {
        panic!("help: invariant broken (see tests/common/checks.rs): {e}");
    }
    extraction
}

/// `(surface, start, end, entity id)` of every mention.
fn mentions<'t>(text: &'t str, extraction: &Extraction) -> Vec<(&'t str, usize, usize, String)> {
    extraction
        .mentions()
        .iter()
        .map(|m| (&text[m.span.range()], m.span.start, m.span.end, extraction.entity(m.entity).id.clone()))
        .collect()
}

fn surfaces<'t>(text: &'t str, extraction: &Extraction) -> Vec<&'t str> {
    extraction.mentions().iter().map(|m| &text[m.span.range()]).collect()
}

fn sentences<'t>(text: &'t str, extraction: &Extraction) -> Vec<&'t str> {
    extraction.sentences().iter().map(|s| &text[s.span.range()]).collect()
}

/// The graph of one document, with both exports checked.
fn graph_of(text: &str, extraction: &Extraction) -> EntityGraph {
    let mut graph = EntityGraph::for_extractor(&shared().extractor);
    graph.add_extraction("hostile", None, text, extraction);
    checks::check_exports(&graph).unwrap();
    graph
}

fn node(graph: &EntityGraph, id: &str) -> NodeId {
    graph.find(id).unwrap_or_else(|| panic!("no node {id}"))
}

/// A long single line of news sentences: every unit one sentence with the same three mentions.
fn check_single_line(bytes: usize) {
    let text = documents::single_line(bytes);
    let units = bytes.div_ceil(SINGLE_LINE_UNIT.len());
    assert!(!text.contains('\n') && text.len() >= bytes);
    let extraction = shared().extractor.extract_with(&text, None, &mut Scratch::new());
    assert_eq!(extraction.sentences().len(), units);
    assert_eq!(extraction.mentions().len(), 3 * units);
    let first: Vec<(&str, String)> =
        mentions(&text, &extraction).into_iter().take(3).map(|(s, _, _, id)| (s, id)).collect();
    assert_eq!(
        first,
        [("Moscow", "moscow".into()), ("Vladimir Putin", "vladimir-putin".into()), ("Xi Jinping", "xi-jinping".into())]
    );
    let last = extraction.sentences().last().unwrap().span;
    assert_eq!(&text[last.range()], SINGLE_LINE_UNIT.trim_end());
    let mut graph = EntityGraph::for_extractor(&shared().extractor);
    graph.add_extraction("single-line", None, &text, &extraction);
    assert_eq!((graph.node_count(), graph.edge_count()), (3, 3));
    for e in graph.edges() {
        assert_eq!((e.edge.weight, e.edge.documents, e.edge.evidence.len()), (units as u64, 1, 5));
        assert_eq!(e.edge.evidence[0].text, SINGLE_LINE_UNIT.trim_end());
    }
    for n in graph.nodes() {
        assert_eq!((n.mentions, n.windows, n.documents), (units as u64, units as u64, 1));
    }
}

/// A long text without a single space or line feed: sentences glued at their stops.
fn check_no_space(bytes: usize) {
    let text = documents::no_space(bytes);
    let units = bytes.div_ceil(NO_SPACE_UNIT.len());
    assert!(!text.contains(char::is_whitespace));
    let extraction = shared().extractor.extract_with(&text, None, &mut Scratch::new());
    assert_eq!(extraction.sentences().len(), units);
    assert_eq!(&text[extraction.sentences()[1].span.range()], NO_SPACE_UNIT);
    assert_eq!(extraction.mentions().len(), 3 * units);
    let ids: Vec<String> = mentions(&text, &extraction).into_iter().take(4).map(|(.., id)| id).collect();
    assert_eq!(ids, ["RUS", "CHN", "UKR", "RUS"]);
    let mut graph = EntityGraph::for_extractor(&shared().extractor);
    graph.add_extraction("no-space", None, &text, &extraction);
    assert_eq!((graph.node_count(), graph.edge_count()), (3, 3));
    assert!(graph.edges().all(|e| e.edge.weight == units as u64 && e.edge.evidence.len() == 5));
}

#[test]
fn one_megabyte_without_a_newline() {
    check_single_line(1 << 20);
}

#[test]
fn one_megabyte_without_a_space() {
    check_no_space(1 << 20);
}

// About 10 s in release, minutes in debug: run with `cargo test --release --test hostile -- --ignored`.
#[test]
#[ignore]
fn two_hundred_megabytes_without_a_newline() {
    check_single_line(200 << 20);
}

// About 10 s in release, minutes in debug: run with `cargo test --release --test hostile -- --ignored`.
#[test]
#[ignore]
fn two_hundred_megabytes_without_a_space() {
    check_no_space(200 << 20);
}

#[test]
fn documents_over_the_size_limit_are_refused_with_the_sizes() {
    assert_eq!(DEFAULT_MAX_DOCUMENT_BYTES, 256 << 20);
    let extractor = Extractor::builder().max_document_bytes(1000).build();
    let mut scratch = Scratch::new();
    let text = documents::single_line(1001);
    let err = extractor.try_extract(&text[..1001], None, &mut scratch).unwrap_err();
    assert!(matches!(err, Error::Limit { limit: 1000, actual: 1001, .. }));
    assert_eq!(err.to_string(), "document size in bytes is 1001, over the limit of 1000");
    let found = extractor.try_extract(&text[..1000], None, &mut scratch).unwrap();
    // The last unit is cut after `Xi Jinping`, so it still has its three names.
    assert_eq!(found.mentions().len(), 3 * 1000usize.div_ceil(SINGLE_LINE_UNIT.len()));
}

#[test]
fn a_million_mentions_of_one_entity() {
    let text = documents::one_entity(1_000_000);
    let extraction = extract(&text);
    assert_eq!(extraction.sentences().len(), 1);
    assert_eq!(extraction.mentions().len(), 1_000_000);
    let russia = extraction.mentions()[0].entity;
    assert!(extraction.mentions().iter().all(|m| m.entity == russia));
    assert_eq!(extraction.mentions()[999_999].span.start, 7 * 999_999);
    let graph = graph_of(&text, &extraction);
    assert_eq!((graph.node_count(), graph.edge_count()), (1, 0));
    let n = graph.node(node(&graph, "RUS"));
    assert_eq!((n.mentions, n.windows, n.documents), (1_000_000, 1, 1));
}

/// The same acronym defined over and over: every definition and every use is a mention. Each definition used to
/// add one more identical pattern to the document's alias automaton, whose construction is quadratic in identical
/// patterns (80,000 definitions: 5 s in release, 0.2 s now).
#[test]
fn an_acronym_defined_ten_thousand_times() {
    let unit = "Stockholm Center for Eastern European Studies (SCEUS) and SCEUS ";
    let text = unit.repeat(10_000);
    let extraction = extract(&text);
    assert_eq!(extraction.mentions().len(), 30_000);
    let first: Vec<(&str, Via)> = extraction.mentions()[..3].iter().map(|m| (&text[m.span.range()], m.via)).collect();
    assert_eq!(
        first,
        [
            ("Stockholm Center for Eastern European Studies", Via::Alias),
            ("SCEUS", Via::AcronymDefinition),
            ("SCEUS", Via::AcronymDefinition)
        ]
    );
    assert!(extraction.mentions().iter().all(|m| extraction.entity(m.entity).id == "sceeus"));
}

/// Every word a mention of a country, sixteen to a sentence: every mention found, and each sentence's sixteen
/// countries linked pairwise. The time this takes grows linearly with the size: `examples/hostile_sizes.rs
/// all-mentions` compares 1× and 8×.
#[test]
fn every_word_a_mention() {
    let gazetteer = shared().extractor.gazetteer();
    let countries = documents::country_words(gazetteer);
    assert!(countries.len() > 100, "help: the shipped gazetteer lost its one-word country names");
    let words = 4 * countries.len() * WORDS_PER_SENTENCE;
    let text = documents::all_mentions(gazetteer, words);
    let extraction = extract(&text);
    assert_eq!(extraction.sentences().len(), words / WORDS_PER_SENTENCE);
    let found = surfaces(&text, &extraction);
    let expected: Vec<&str> = (0..words).map(|i| countries[i % countries.len()]).collect();
    assert_eq!(found, expected);
    let graph = graph_of(&text, &extraction);
    assert_eq!(graph.node_count(), countries.len());
    // Each sentence links its sixteen consecutive countries; pairs repeat across the four passes.
    let mut pairs = std::collections::BTreeSet::new();
    for s in 0..words / WORDS_PER_SENTENCE {
        let names: Vec<&str> = (0..WORDS_PER_SENTENCE).map(|j| expected[s * WORDS_PER_SENTENCE + j]).collect();
        for (a, x) in names.iter().enumerate() {
            for y in &names[a + 1..] {
                pairs.insert(if x < y { (*x, *y) } else { (*y, *x) });
            }
        }
    }
    assert_eq!(graph.edge_count(), pairs.len());
    assert_eq!(graph.manifest().crowded_windows, 0);
}

/// One sentence of 2,000 words, each a different entity: linking every pair would be 1,999,000 edges (quadratic
/// time and memory); the graph links the first 256 entities mentioned and says so in its manifest.
#[test]
fn every_word_a_distinct_entity_in_one_sentence() {
    let gazetteer = documents::distinct_gazetteer(2_000);
    let extractor = Extractor::new(gazetteer.clone());
    let text = documents::one_sentence(&gazetteer, 2_000);
    let extraction = extractor.extract(&text);
    checks::check_extraction(&text, &extraction, &AliasIndex::new(&gazetteer), InSentence::Whole).unwrap();
    assert_eq!((extraction.sentences().len(), extraction.mentions().len()), (1, 2_000));
    let mut graph = EntityGraph::for_extractor(&extractor);
    assert_eq!(graph.manifest().max_window_entities, newsgraph::graph::DEFAULT_MAX_WINDOW_ENTITIES);
    assert_eq!(graph.manifest().max_window_entities, 256);
    graph.add_extraction("one-sentence", None, &text, &extraction);
    assert_eq!(graph.node_count(), 2_000);
    assert_eq!(graph.edge_count(), 256 * 255 / 2);
    assert_eq!(graph.manifest().crowded_windows, 1);
    // The first 256 mentioned are linked to one another; the rest still count their mention and window.
    let degree = |id: &str| graph.neighbors(node(&graph, id)).len();
    assert_eq!((degree("e0"), degree("e255"), degree("e256"), degree("e1999")), (255, 255, 0, 0));
    assert!(graph.nodes().all(|n| n.mentions == 1 && n.windows == 1));
    checks::check_json(&graph).unwrap();
    let json: serde_json::Value = serde_json::from_str(&newsgraph::Json::new(&graph).to_string()).unwrap();
    assert_eq!((&json["graph"]["crowded_windows"], &json["graph"]["max_window_entities"]), (&1.into(), &256.into()));

    // A caller who wants every pair can raise the limit.
    let text = documents::one_sentence(&gazetteer, 300);
    let mut graph = EntityGraph::for_extractor(&extractor);
    graph.set_max_window_entities(usize::MAX);
    graph.add_extraction("all-pairs", None, &text, &extractor.extract(&text));
    assert_eq!(graph.edge_count(), 300 * 299 / 2);
    assert_eq!(graph.manifest().crowded_windows, 0);
}

#[test]
fn evidence_per_edge_is_bounded() {
    let text = "Vladimir Putin met Xi Jinping. ".repeat(50);
    let extraction = extract(&text);
    let mut graph = EntityGraph::for_extractor(&shared().extractor);
    assert_eq!(graph.manifest().max_evidence, newsgraph::graph::DEFAULT_MAX_EVIDENCE);
    // The same text three times: counted three times only with deduplication off.
    graph.set_max_evidence(2).set_deduplicate(false);
    for i in 0..3u64 {
        graph.add_document(&DocumentRef { id: &format!("d{i}"), index: i, date: None, text: &text }, &extraction);
    }
    let e = graph.edges().next().unwrap();
    assert_eq!((e.edge.weight, e.edge.documents, e.edge.evidence.len()), (150, 3, 2));
    let kept: Vec<(&str, usize)> = e.edge.evidence.iter().map(|ev| (&*ev.doc, ev.span.start)).collect();
    assert_eq!(kept, [("d0", 0), ("d0", 31)]);
}

/// How a character behaves next to names, by what it folds to and whether it is part of a word.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    /// Letters, numbers and `_`: part of the word, so no name is found inside or next to it.
    Word,
    /// Combining marks: dropped by folding; between two names they join them, after one they belong to it.
    Mark,
    /// Invisible format characters (joiners, bidirectional marks, soft hyphen): dropped, so they join words.
    Invisible,
    /// Anything else separates words.
    Boundary,
    /// Separates words and folds to a space, so a two-word name matches across it.
    Space,
}

/// What `Vladimir{c}Putin` is, for a character `c` in place of the space.
#[derive(Clone, Copy, Debug, PartialEq)]
enum TwoWords {
    /// Not a mention.
    Nothing,
    /// Vladimir Putin by name: `c` folds to a space.
    Name,
    /// Vladimir Putin as a one-edit spelling of his name (src/resolve/fuzzy.rs): `c` folds to one letter or digit,
    /// which glues the two words into one token a substitution away from `vladimir putin`.
    Fuzzy,
}

/// A sample of every Unicode general category (except Cs: surrogates cannot occur in a `str`), how it behaves next
/// to a name, and what it makes of `Vladimir{c}Putin`.
const CATEGORIES: &[(&str, char, Class, TwoWords)] = &[
    ("Lu", 'Ж', Class::Word, TwoWords::Fuzzy),
    ("Ll", 'ж', Class::Word, TwoWords::Fuzzy),
    // Folds to two letters (`dž`): two edits.
    ("Lt", 'ǅ', Class::Word, TwoWords::Nothing),
    ("Lm", 'ʰ', Class::Word, TwoWords::Fuzzy),
    ("Lo", 'ש', Class::Word, TwoWords::Fuzzy),
    ("Mn", '\u{301}', Class::Mark, TwoWords::Nothing),
    // A spacing mark counts as a letter of the glued word for the fuzzy look-up.
    ("Mc", '\u{903}', Class::Mark, TwoWords::Fuzzy),
    ("Me", '\u{20DD}', Class::Mark, TwoWords::Nothing),
    ("Nd", '٣', Class::Word, TwoWords::Fuzzy),
    // Fold to several characters (`xii`, `1⁄2`).
    ("Nl", 'Ⅻ', Class::Word, TwoWords::Nothing),
    ("No", '½', Class::Word, TwoWords::Nothing),
    ("Pc", '‿', Class::Boundary, TwoWords::Nothing),
    ("Pc", '_', Class::Word, TwoWords::Nothing),
    ("Pd", '‐', Class::Boundary, TwoWords::Nothing),
    ("Ps", '（', Class::Boundary, TwoWords::Nothing),
    ("Pe", '）', Class::Boundary, TwoWords::Nothing),
    ("Pi", '«', Class::Boundary, TwoWords::Nothing),
    ("Pf", '»', Class::Boundary, TwoWords::Nothing),
    ("Po", '·', Class::Boundary, TwoWords::Nothing),
    ("Po", '؟', Class::Boundary, TwoWords::Nothing),
    ("Sm", '∑', Class::Boundary, TwoWords::Nothing),
    ("Sc", '€', Class::Boundary, TwoWords::Nothing),
    ("Sk", '˘', Class::Space, TwoWords::Name),
    ("So", '©', Class::Boundary, TwoWords::Nothing),
    ("So", '\u{FFFD}', Class::Boundary, TwoWords::Nothing),
    ("Zs", '\u{2003}', Class::Space, TwoWords::Name),
    ("Zs", '\u{A0}', Class::Space, TwoWords::Name),
    ("Zl", '\u{2028}', Class::Boundary, TwoWords::Nothing),
    ("Zp", '\u{2029}', Class::Boundary, TwoWords::Nothing),
    ("Cc", '\0', Class::Boundary, TwoWords::Nothing),
    ("Cc", '\u{1B}', Class::Boundary, TwoWords::Nothing),
    ("Cc", '\u{85}', Class::Boundary, TwoWords::Nothing),
    ("Cf", '\u{200D}', Class::Invisible, TwoWords::Nothing),
    ("Cf", '\u{200E}', Class::Invisible, TwoWords::Nothing),
    ("Cf", '\u{AD}', Class::Invisible, TwoWords::Nothing),
    ("Cf", '\u{2062}', Class::Boundary, TwoWords::Nothing),
    ("Co", '\u{E000}', Class::Boundary, TwoWords::Nothing),
    ("Cn", '\u{378}', Class::Boundary, TwoWords::Nothing),
];

#[test]
fn every_general_category_next_to_names() {
    for &(category, c, class, two_words) in CATEGORIES {
        let w = c.len_utf8();
        let help = format!("help: {category} {c:?} ({class:?}); see src/text/normalize.rs and src/matcher.rs");

        let text = format!("Russia{c}China");
        let found = mentions(&text, &extract(&text));
        let want: Vec<(&str, usize, usize, String)> = match class {
            Class::Boundary | Class::Space => {
                vec![("Russia", 0, 6, "RUS".into()), ("China", 6 + w, 11 + w, "CHN".into())]
            }
            Class::Word | Class::Mark | Class::Invisible => vec![],
        };
        assert_eq!(found, want, "{help}");

        let text = format!("{c}Russia{c}");
        let found = mentions(&text, &extract(&text));
        let want: Vec<(&str, usize, usize, String)> = match class {
            Class::Word => vec![],
            Class::Mark => vec![(&text[w..], w, 6 + 2 * w, "RUS".into())],
            _ => vec![("Russia", w, 6 + w, "RUS".into())],
        };
        assert_eq!(found, want, "{help}");

        let text = format!("Vladimir{c}Putin");
        let extraction = extract(&text);
        let found: Vec<(&str, &str, Via)> = extraction
            .mentions()
            .iter()
            .map(|m| (&text[m.span.range()], extraction.entity(m.entity).id.as_str(), m.via))
            .collect();
        let want: Vec<(&str, &str, Via)> = match two_words {
            TwoWords::Nothing => vec![],
            TwoWords::Name => vec![(text.as_str(), "vladimir-putin", Via::Name)],
            TwoWords::Fuzzy => vec![(text.as_str(), "vladimir-putin", Via::Fuzzy)],
        };
        assert_eq!(found, want, "{help}");

        // Alone, the character is a sentence unless it is whitespace.
        let text = c.to_string();
        let extraction = extract(&text);
        assert_eq!(extraction.sentences().len(), usize::from(!c.is_whitespace()), "{help}");
        assert!(extraction.mentions().is_empty(), "{help}");
    }
}

#[test]
fn combining_marks_joiners_and_emoji() {
    let cases: &[(&str, &[&str])] = &[
        // A name in decomposed form (NFD) is the same name, and its span keeps its last accent.
        ("Aleksandar Vuc\u{30C}ic\u{301} met Robert Fico.", &["Aleksandar Vuc\u{30C}ic\u{301}", "Robert Fico"]),
        ("S\u{30C}a\u{303}o Tome\u{301} and Russia.", &["S\u{30C}a\u{303}o Tome\u{301}", "Russia"]),
        ("São Tomé and Russia.", &["São Tomé", "Russia"]),
        // Stacked marks (Zalgo text) on every letter.
        (
            "R\u{301}\u{302}\u{303}u\u{301}\u{302}s\u{301}sia met China.",
            &["R\u{301}\u{302}\u{303}u\u{301}\u{302}s\u{301}sia", "China"],
        ),
        // Joiners and soft hyphens inside a name do not split it.
        ("Rus\u{200D}sia and Chi\u{AD}na.", &["Rus\u{200D}sia", "Chi\u{AD}na"]),
        ("Vladimir Pu\u{200B}tin spoke.", &["Vladimir Pu\u{200B}tin"]),
        // Emoji, with and without joiners and skin tones, are not words.
        ("👩\u{200D}🔬Russia🇺🇦China👍🏽", &["Russia", "China"]),
    ];
    for (text, want) in cases {
        let extraction = extract(text);
        assert_eq!(surfaces(text, &extraction), *want, "{text:?}");
        graph_of(text, &extraction);
    }
}

#[test]
fn right_to_left_text() {
    struct Case {
        text: &'static str,
        mentions: &'static [(&'static str, &'static str)],
        sentences: usize,
    }
    let case = |text, mentions, sentences| Case { text, mentions, sentences };
    let cases = [
        // Arabic with a Latin name in bidirectional isolates: the isolates are not part of the mention.
        case("قال \u{2067}Vladimir Putin\u{2069} في موسكو.", &[("Vladimir Putin", "vladimir-putin")], 1),
        case("אמר Xi Jinping היום. Russia agreed.", &[("Xi Jinping", "xi-jinping"), ("Russia", "RUS")], 2),
        // A right-to-left mark inside a name is invisible: the name still matches, mark included.
        case(
            "Vladimir\u{200F} Putin and \u{202B}China\u{202C}.",
            &[("Vladimir\u{200F} Putin", "vladimir-putin"), ("China", "CHN")],
            1,
        ),
        // An override reverses the display, not the text: the stored name is still found.
        case("\u{202E}Russia\u{202C} and China", &[("Russia", "RUS"), ("China", "CHN")], 1),
        case("روسيا والصين؟ نعم.", &[], 2),
    ];
    for Case { text, mentions: want, sentences: sentence_count } in cases {
        let extraction = extract(text);
        let found: Vec<(&str, &str)> = extraction
            .mentions()
            .iter()
            .map(|m| (&text[m.span.range()], extraction.entity(m.entity).id.as_str()))
            .collect();
        assert_eq!(found, want, "{text:?}");
        assert_eq!(extraction.sentences().len(), sentence_count, "{text:?}: {:?}", sentences(text, &extraction));
        graph_of(text, &extraction);
    }
}

#[test]
fn nul_and_control_characters() {
    let text = "\0Russia\0China\u{7}Ukraine\u{1B}[31mKyiv\u{1B}[0m\u{8}\u{7F}Moscow\r\n\u{C}Beijing\u{85}Berlin";
    let extraction = extract(text);
    // Control characters separate words; the `m` that ends a terminal colour code does not, so `31mKyiv` is one
    // word and not Kyiv.
    assert_eq!(surfaces(text, &extraction), ["Russia", "China", "Ukraine", "Moscow", "Beijing", "Berlin"]);
    // No stop, one line break and no heading: one sentence, which starts with the NUL (not whitespace).
    assert_eq!(sentences(text, &extraction), [text]);
    let graph = graph_of(text, &extraction);
    // The evidence keeps the control characters (JSON escapes them); DOT drops all but line feeds.
    let e = graph.edge(node(&graph, "RUS"), node(&graph, "CHN")).unwrap();
    assert_eq!(e.evidence[0].text, text);
    let dot = newsgraph::Dot::new(&graph).to_string();
    assert!(!dot.contains(['\0', '\u{7}', '\u{1B}', '\u{8}', '\u{7F}', '\r', '\u{C}', '\u{85}']));
}

#[test]
fn invalid_utf8_at_every_position_class() {
    /// Offsets are into the lossy text, where each invalid sequence became U+FFFD (3 bytes).
    struct Case {
        bytes: &'static [u8],
        lossy: &'static str,
        mentions: &'static [(&'static str, usize, usize)],
    }
    let case = |bytes, lossy, mentions| Case { bytes, lossy, mentions };
    let cases = [
        case(b"\xffRussia met China.", "\u{FFFD}Russia met China.", &[("Russia", 3, 9), ("China", 14, 19)]),
        case(b"\xc3Russia", "\u{FFFD}Russia", &[("Russia", 3, 9)]),
        // The middle of a multi-byte character: `č` is C4 8D; its lead byte alone, then a continuation byte alone.
        case(b"Aleksandar Vu\xc4ic met Russia", "Aleksandar Vu\u{FFFD}ic met Russia", &[("Russia", 23, 29)]),
        case(b"Russia\x8dChina", "Russia\u{FFFD}China", &[("Russia", 0, 6), ("China", 9, 14)]),
        case(b"Vu\xc4\x8di\xc4 and China", "Vu\u{10D}i\u{FFFD} and China", &[("China", 13, 18)]),
        // A four-byte character cut after three bytes, in the middle and at the end.
        case(b"Russia\xf0\x9f\x98China", "Russia\u{FFFD}China", &[("Russia", 0, 6), ("China", 9, 14)]),
        case(b"Russia and China \xe2\x80", "Russia and China \u{FFFD}", &[("Russia", 0, 6), ("China", 11, 16)]),
        case(b"Russia\xf0\x9f\x98", "Russia\u{FFFD}", &[("Russia", 0, 6)]),
        // Overlong encodings and surrogates are invalid too.
        case(b"\xc0\xafRussia\xed\xa0\x80", "\u{FFFD}\u{FFFD}Russia\u{FFFD}\u{FFFD}\u{FFFD}", &[("Russia", 6, 12)]),
    ];
    for Case { bytes, lossy, mentions: want } in cases {
        let text = String::from_utf8_lossy(bytes);
        assert_eq!(text, lossy);
        let extraction = extract(&text);
        let found: Vec<(&str, usize, usize)> =
            mentions(&text, &extraction).into_iter().map(|(s, a, b, _)| (s, a, b)).collect();
        assert_eq!(found, want, "{bytes:?}");
        graph_of(&text, &extraction);
    }
}

#[test]
fn empty_whitespace_and_punctuation_only_documents() {
    for text in ["", " ", "\n\n\n", " \t\r\n\u{A0}\u{3000}\u{2028} "] {
        let extraction = extract(text);
        assert!(extraction.sentences().is_empty() && extraction.mentions().is_empty(), "{text:?}");
        let graph = graph_of(text, &extraction);
        assert_eq!((graph.node_count(), graph.manifest().documents, graph.manifest().windows), (0, 1, 0));
    }
    let cases: &[(&str, &[&str])] = &[
        ("...!!! ??? ,,, ;;; — «» “” ()[]{} …", &["...!!! ??? ,,, ;;; — «» “” ()[]{} …"]),
        (".", &["."]),
        ("!?", &["!?"]),
        ("。。。", &["。。。"]),
        ("-- -- --\n\n** ** **", &["-- -- --", "** ** **"]),
    ];
    for (text, want) in cases {
        let extraction = extract(text);
        assert_eq!(sentences(text, &extraction), *want, "{text:?}");
        assert!(extraction.mentions().is_empty());
        let graph = graph_of(text, &extraction);
        assert_eq!(graph.manifest().windows, want.len() as u64);
    }
}
