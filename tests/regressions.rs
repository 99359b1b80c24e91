//! Inputs that once crashed or broke an invariant, kept so they never do again. Each test names what broke, which
//! fuzz target found it, and holds the input inline (minimised).

mod common;

use common::checks::{self, AliasIndex, InSentence};
use newsgraph::{EntityGraph, EntityKind, Error, Extractor, GazetteerBuilder};

/// Builds an extractor over `builder`, extracts `text`, checks every invariant and both exports.
fn extract_and_check(builder: &GazetteerBuilder, text: &str) {
    let gazetteer = builder.build().unwrap();
    let extractor = Extractor::new(gazetteer.clone());
    let extraction = extractor.extract(text);
    checks::check_extraction(text, &extraction, &AliasIndex::new(&gazetteer), InSentence::Start).unwrap();
    let mut graph = EntityGraph::for_extractor(&extractor);
    graph.add_extraction("regression", None, text, &extraction);
    checks::check_exports(&graph).unwrap();
}

fn problems(builder: &GazetteerBuilder) -> Vec<String> {
    match builder.build() {
        Err(Error::Gazetteer { problems }) => problems.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected gazetteer problems, got {other:?}"),
    }
}

/// fuzz target `exports`, first minute: an entity added with an empty name compiled an empty pattern into the
/// automaton, which matched at offset 0 of every text; the word-boundary check then computed `0 - 1`
/// (src/matcher.rs, `ends_word`: "attempt to subtract with overflow"). `add_entity` now checks ids, names and
/// aliases by the rules of a file row.
#[test]
fn empty_name_added_through_the_api_is_an_error_not_an_empty_pattern() {
    let mut builder = GazetteerBuilder::new();
    builder.defaults(false).add_entity(newsgraph::Entity::new("", "", EntityKind::Place), &[]);
    assert_eq!(
        problems(&builder),
        ["added entities:1: column `id`: empty id", "added entities:1: column `name`: alias \"\" is empty once folded"]
    );
    // Names that fold to nothing are just as empty: a lone combining accent, a zero-width space, spaces.
    for (name, shown) in [("\u{301}", r#""\u{301}""#), ("\u{200B}", r#""\u{200b}""#), (" \t ", r#""""#)] {
        let mut builder = GazetteerBuilder::new();
        builder.defaults(false).add_entity(newsgraph::Entity::new("x", name, EntityKind::Place), &[]);
        assert_eq!(
            problems(&builder),
            [format!("added entities:1: column `name`: alias {shown} is empty once folded")]
        );
    }
    // And the text that crashed extracts nothing from a gazetteer with a real entity beside it.
    let mut builder = GazetteerBuilder::new();
    builder.defaults(false).add_entity(newsgraph::Entity::new("zzz", "Zedland", EntityKind::Country), &[]);
    extract_and_check(&builder, "");
    extract_and_check(&builder, " and Zedland");
}

/// fuzz target `extract`, first minutes: `Mn .aras.St. Petersburg` (minimised by `cargo fuzz tmin`). The sentence
/// splitter read `aras.St` as a dotted token like a domain name and ended the sentence after `St.`, so the mention
/// of Saint Petersburg started in one sentence and ended in the next. A listed abbreviation at the end of a dotted
/// token is now an abbreviation (src/text/sentence.rs, `is_abbreviation`).
#[test]
fn abbreviation_glued_to_the_previous_word_does_not_split_a_name() {
    let extractor = Extractor::default();
    let aliases = AliasIndex::new(extractor.gazetteer());
    let cases: [(&str, &[&str]); 3] = [
        ("Mn .aras.St. Petersburg", &["Mn .aras.St. Petersburg"]),
        ("Many cameras.St. Petersburg is quiet.", &["Many cameras.", "St. Petersburg is quiet."]),
        ("See example.co.St. Petersburg next.", &["See example.co.St. Petersburg next."]),
    ];
    for (text, sentences) in cases {
        let extraction = extractor.extract(text);
        checks::check_extraction(text, &extraction, &aliases, InSentence::Whole).unwrap();
        let found: Vec<(&str, &str)> = extraction
            .mentions()
            .iter()
            .map(|m| (&text[m.span.range()], extraction.entity(m.entity).id.as_str()))
            .collect();
        assert_eq!(found, [("St. Petersburg", "saint-petersburg")], "{text:?}");
        let split: Vec<&str> = extraction.sentences().iter().map(|s| &text[s.span.range()]).collect();
        assert_eq!(split, sentences);
    }
}

/// fuzz target `exports`, second run: a name of five backslashes, a control character, `n`, another control
/// character and `ds`. The DOT writer was right (each backslash doubled, control characters dropped, so the `n` is
/// not an escape); the test oracle decoded quoted strings in two passes and read `\\` + `n` as a line break. The
/// oracle now reads escapes in one pass, as Graphviz does (tests/common/checks.rs, `label_text`).
#[test]
fn backslashes_before_a_dropped_control_character_stay_backslashes() {
    let name = "\\\\\\\\\\\u{1e}n\u{1}ds";
    let id = format!("X{}^", "\\".repeat(14));
    let mut builder = GazetteerBuilder::new();
    builder.defaults(false).add_entity(newsgraph::Entity::new(id.as_str(), name, EntityKind::Organisation), &[]);
    extract_and_check(&builder, &format!("{name}\n{name}\n"));
    let extractor = Extractor::new(builder.build().unwrap());
    let text = format!("{name} and {name}");
    let mut graph = EntityGraph::for_extractor(&extractor);
    graph.add_extraction("d", None, &text, &extractor.extract(&text));
    let dot = newsgraph::Dot::new(&graph).to_string();
    let line = format!(r#"  "X{}^" [label="\\\\\\\\\\nds""#, "\\".repeat(28));
    assert!(dot.contains(&line), "help: missing {line:?} in\n{dot}");
    assert_eq!(checks::label_text(r#"\\\\\\\\\\nds"#), "\\\\\\\\\\nds");
    assert_eq!(checks::label_text(r#"a\nb\"c\\d&amp;e"#), "a\nb\"c\\d&e");
}

/// fuzz target `extract`, second run (minimised by hand from the fuzzer's 112-byte input): a combining mark after a
/// control character, then `No. 10`. Folding drops the mark, so the matcher saw a word boundary and found `No. 10`
/// (Downing Street); the sentence splitter read the mark as a letter of the word `\u{6d6}No`, which is no
/// abbreviation, and ended the sentence after `No.`, inside the mention. Combining marks before an abbreviation no
/// longer count as part of it (src/text/sentence.rs, `is_abbreviation`).
#[test]
fn combining_mark_before_an_abbreviation_does_not_split_a_name() {
    let extractor = Extractor::default();
    let aliases = AliasIndex::new(extractor.gazetteer());
    let fuzzed = "m larin in St. Petersburg, U.S.Amet?burg, U.S.s her. Petersburg, U.S.A. eSUS.g. A\0\u{8}\u{6d6}No. 10 DA. e.g Str";
    let cases: [(&str, &[&str]); 2] =
        [(fuzzed, &["No. 10"]), ("He went \u{6d6}No. 10 Downing Street.", &["No. 10", "Downing Street"])];
    for (text, want) in cases {
        let extraction = extractor.extract(text);
        checks::check_extraction(text, &extraction, &aliases, InSentence::Whole).unwrap();
        let found: Vec<&str> = extraction
            .mentions()
            .iter()
            .filter(|m| extraction.entity(m.entity).id == "downing-street")
            .map(|m| &text[m.span.range()])
            .collect();
        assert_eq!(found, want, "{text:?}");
    }
}
