//! The gazetteer loader on arbitrary bytes, read as a user file of every kind: it never panics, every problem names
//! the file and a line that exists, and a gazetteer that builds finds its own aliases in text without breaking any
//! mention invariant.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::{EntityKind, Error, Extractor, GazetteerBuilder};

#[path = "../../tests/common/checks.rs"]
mod checks;

/// Countries the fuzzed rows can refer to, so that leaders and places get past the reference check.
const BASE: &str = "id\tname\tacronyms\tdemonyms\nAAA\tAaland\tAA\tAalander\nBBB\tBee Republic\t\t\n";
const BASE_NAME: &str = "base/countries.tsv";

fuzz_target!(|data: &[u8]| {
    // Lines are counted like the loader counts them: split at `\n`, 1-based.
    let lines = data.split(|&b| b == b'\n').count() as u64;
    // Loading is cheap and done for every kind; building an extractor costs milliseconds (its resolver compiles
    // regular expressions), so only the gazetteer of one kind, picked by the input's length, is searched.
    let searched = EntityKind::ALL[data.len() % EntityKind::ALL.len()];
    for kind in EntityKind::ALL {
        let name = format!("user/{kind}.tsv");
        let built = GazetteerBuilder::new()
            .defaults(false)
            .add_text(BASE_NAME, EntityKind::Country, BASE)
            .add_bytes(&name, kind, data)
            .build();
        let gazetteer = match built {
            Ok(gazetteer) => gazetteer,
            Err(Error::Gazetteer { problems }) => {
                assert!(!problems.is_empty());
                for p in &problems {
                    assert!(p.file == name || p.file == BASE_NAME, "problem names no file we gave: {p}");
                    assert!(p.line <= lines, "problem at line {} of a {lines}-line file: {p}", p.line);
                    assert!(!p.message.is_empty() && p.to_string().starts_with(&p.file));
                }
                continue;
            }
            Err(e) => panic!("unexpected error for a small file: {e}"),
        };
        if kind != searched {
            continue;
        }
        let aliases = checks::AliasIndex::new(&gazetteer);
        let extractor = Extractor::new(gazetteer.clone());
        // The file's own text mentions its aliases in hostile surroundings; a list of them mentions each cleanly.
        let own = String::from_utf8_lossy(data);
        let listed: String = gazetteer.aliases().iter().map(|a| format!("{}, ", a.text)).collect();
        for text in [own.as_ref(), listed.as_str()] {
            let extraction = extractor.extract(text);
            if let Err(e) = checks::check_extraction(text, &extraction, &aliases, checks::InSentence::Start) {
                panic!("{e}\ntext: {text:?}");
            }
        }
    }
});
