//! Extraction on arbitrary bytes, decoded lossily as a user's scraped text would be: sentences and mentions keep
//! every documented invariant, reused scratch buffers change nothing, the size limit answers with its error, and the
//! graph of the document exports to DOT and JSON that read back to it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::{EntityGraph, Error, Extractor, Scratch, Window};
use std::cell::RefCell;
use std::sync::OnceLock;

#[path = "../../tests/common/checks.rs"]
mod checks;

struct Setup {
    extractor: Extractor,
    limited: Extractor,
    aliases: checks::AliasIndex,
}

/// Far below libFuzzer's default input size, so both sides of the limit are exercised.
const LIMIT: usize = 1024;

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let extractor = Extractor::default();
        let limited = Extractor::builder().max_document_bytes(LIMIT).build();
        let aliases = checks::AliasIndex::new(extractor.gazetteer());
        Setup { extractor, limited, aliases }
    })
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let setup = setup();
    let extraction = setup.extractor.extract(&text);
    if let Err(e) = checks::check_extraction(&text, &extraction, &setup.aliases, checks::InSentence::Whole) {
        panic!("{e}\ntext: {text:?}");
    }

    // The scratch buffers carry the previous input's content: reusing them must not change the result.
    let again = SCRATCH.with(|s| setup.extractor.extract_with(&text, None, &mut s.borrow_mut()));
    assert_eq!(again.mentions(), extraction.mentions());
    assert_eq!(again.sentences(), extraction.sentences());

    let limited = SCRATCH.with(|s| setup.limited.try_extract(&text, None, &mut s.borrow_mut()));
    match limited {
        Ok(found) => {
            assert!(text.len() <= LIMIT);
            assert_eq!(found.mentions(), extraction.mentions());
        }
        Err(Error::Limit { limit, actual, .. }) => assert!(limit == LIMIT && actual == text.len() && actual > LIMIT),
        Err(e) => panic!("unexpected error {e}"),
    }

    let window = match data.first().map_or(0, |b| b % 4) {
        0 => Window::Sentence,
        1 => Window::Sentences(2),
        2 => Window::Paragraph,
        _ => Window::Document,
    };
    let mut graph = EntityGraph::for_extractor(&setup.extractor);
    graph.set_window(window);
    graph.add_extraction("fuzz", None, &text, &extraction);
    let mentions: u64 = graph.nodes().map(|n| n.mentions).sum();
    assert_eq!(mentions, extraction.mentions().len() as u64);
    if let Err(e) = checks::check_exports(&graph) {
        panic!("{e}\ntext: {text:?}");
    }
});
