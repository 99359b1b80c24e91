//! Every exporter on graphs with arbitrary entity ids and names: entities come in through
//! `GazetteerBuilder::add_entity`, a text mentions them in arbitrary order and surroundings, and the DOT and JSON of
//! the resulting graph must read back to it. A name the builder refuses must be refused with an error that names
//! where it came from.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use newsgraph::{AliasKind, Entity, EntityGraph, EntityKind, Error, Extractor, GazetteerBuilder, Window};

#[path = "../../tests/common/checks.rs"]
mod checks;

#[derive(Arbitrary, Debug)]
struct Input {
    entities: Vec<(String, String, u8, Vec<String>)>,
    /// Which entity (by index) to mention next, and which separator follows it.
    mentions: Vec<(u8, u8)>,
    window: u8,
    max_evidence: u8,
    /// Text put between mentions verbatim, for evidence snippets full of hostile characters.
    filler: String,
}

const SEPARATORS: &[&str] = &[" and ", ", ", ". ", ".\n\n", " met ", "\n", " \"", "\0", " -- ", "]; "];
const KINDS: [EntityKind; 4] = EntityKind::ALL;
const ALIAS_KINDS: [AliasKind; 6] = [
    AliasKind::Name,
    AliasKind::OfficialName,
    AliasKind::Alias,
    AliasKind::Acronym,
    AliasKind::Weak,
    AliasKind::Demonym,
];

fuzz_target!(|input: Input| {
    let mut builder = GazetteerBuilder::new();
    builder.defaults(false);
    let mut names = Vec::new();
    for (i, (id, name, kind, aliases)) in input.entities.iter().take(16).enumerate() {
        let kind = KINDS[usize::from(*kind) % KINDS.len()];
        let aliases: Vec<(&str, AliasKind)> =
            aliases.iter().take(4).enumerate().map(|(j, a)| (a.as_str(), ALIAS_KINDS[(i + j) % 6])).collect();
        let mut entity = Entity::new(id.clone(), name.clone(), kind);
        if kind == EntityKind::Leader || kind == EntityKind::Place {
            // A country every leader can belong to; it is added below.
            entity.country = Some("ZZZ".to_string());
        }
        builder.add_entity(entity, &aliases);
        names.push(std::iter::once(name.clone()).chain(aliases.iter().map(|(a, _)| a.to_string())).collect::<Vec<_>>());
    }
    builder.add_entity(Entity::new("ZZZ", "Zedland", EntityKind::Country), &[]);
    let gazetteer = match builder.build() {
        Ok(g) => g,
        Err(Error::Gazetteer { problems }) => {
            for p in &problems {
                assert!(p.to_string().starts_with(&p.file), "{p}");
                assert!(!p.message.is_empty());
            }
            return;
        }
        Err(e) => panic!("unexpected error: {e}"),
    };
    let mut text = String::new();
    for (which, separator) in &input.mentions {
        let Some(spellings) = names.get(usize::from(*which) % names.len().max(1)) else { break };
        text.push_str(&spellings[usize::from(*separator) % spellings.len()]);
        text.push_str(SEPARATORS[usize::from(*separator) % SEPARATORS.len()]);
        if separator % 7 == 0 {
            text.push_str(&input.filler);
        }
    }
    let extractor = Extractor::new(gazetteer.clone());
    let extraction = extractor.extract(&text);
    let aliases = checks::AliasIndex::new(&gazetteer);
    if let Err(e) = checks::check_extraction(&text, &extraction, &aliases, checks::InSentence::Start) {
        panic!("{e}\ntext: {text:?}");
    }
    let mut graph = EntityGraph::for_extractor(&extractor);
    graph.set_max_evidence(usize::from(input.max_evidence % 8));
    graph.set_window(match input.window % 4 {
        0 => Window::Sentence,
        1 => Window::Sentences(3),
        2 => Window::Paragraph,
        _ => Window::Document,
    });
    graph.add_extraction(&input.filler, None, &text, &extraction);
    if let Err(e) = checks::check_exports(&graph) {
        panic!("{e}\ntext: {text:?}");
    }
});
