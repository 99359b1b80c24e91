//! Hostile documents, built in memory from repeated units so that every count they should produce is known:
//! shared by `tests/hostile.rs` (small sizes, exact counts) and `examples/hostile_sizes.rs` (large sizes, timing).

#![allow(dead_code)]

use newsgraph::{EntityKind, Gazetteer, GazetteerBuilder};

/// One sentence, three mentions (Moscow, Vladimir Putin, Xi Jinping), no line feed.
pub const SINGLE_LINE_UNIT: &str =
    "The talks in Moscow between Vladimir Putin and Xi Jinping lasted three hours, officials said. ";

/// One sentence, three mentions (Russia, China, Ukraine), no space and no line feed: sentences are glued
/// (`Ukraine.Russia`), as scraped text with its markup stripped is.
pub const NO_SPACE_UNIT: &str = "Russia,China;Ukraine.";

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()).max(1))
}

/// At least `bytes` bytes of [`SINGLE_LINE_UNIT`]: `bytes.div_ceil(unit length)` units.
pub fn single_line(bytes: usize) -> String {
    repeat_to(SINGLE_LINE_UNIT, bytes)
}

/// At least `bytes` bytes of [`NO_SPACE_UNIT`].
pub fn no_space(bytes: usize) -> String {
    repeat_to(NO_SPACE_UNIT, bytes)
}

/// `n` mentions of Russia in one sentence: `Russia Russia … Russia.`
pub fn one_entity(n: usize) -> String {
    let mut text = "Russia ".repeat(n);
    text.pop();
    text.push('.');
    text
}

/// Words of the shipped gazetteer that each name exactly one country by its canonical name: single ASCII words
/// that no other entity uses as an alias.
pub fn country_words(gazetteer: &Gazetteer) -> Vec<&str> {
    gazetteer
        .entities()
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityKind::Country && e.name.bytes().all(|b| b.is_ascii_alphabetic()))
        .filter(|(i, e)| gazetteer.lookup(&e.name).iter().map(|id| id.as_usize()).eq([*i]))
        .map(|(_, e)| e.name.as_str())
        .collect()
}

/// Words per sentence in [`all_mentions`].
pub const WORDS_PER_SENTENCE: usize = 16;

/// A document of `words` words, every one a mention of a country (cycling through [`country_words`]), separated by
/// commas, with a full stop after every [`WORDS_PER_SENTENCE`] words.
pub fn all_mentions(gazetteer: &Gazetteer, words: usize) -> String {
    let names = country_words(gazetteer);
    let mut text = String::with_capacity(words * 10);
    for i in 0..words {
        text.push_str(names[i % names.len()]);
        text.push_str(if (i + 1) % WORDS_PER_SENTENCE == 0 { ". " } else { ", " });
    }
    text
}

/// The name of synthetic entity `i`: `Q` and six lower-case letters, distinct for every `i` below 26⁶.
pub fn synthetic_name(i: usize) -> String {
    let mut name = String::from("Q");
    let mut n = i;
    for _ in 0..6 {
        name.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    name
}

/// A gazetteer of `n` organisations named [`synthetic_name`]`(0..n)`, with ids `e0`, `e1`…, and nothing else.
pub fn distinct_gazetteer(n: usize) -> Gazetteer {
    let mut file = String::from("id\tname\n");
    for i in 0..n {
        file.push_str(&format!("e{i}\t{}\n", synthetic_name(i)));
    }
    GazetteerBuilder::new()
        .defaults(false)
        .add_text("organisations-synthetic.tsv", EntityKind::Organisation, &file)
        .build()
        .expect("the synthetic gazetteer is valid")
}

/// One sentence of `words` words, each a mention of a different entity of a [`distinct_gazetteer`] at least that
/// large.
pub fn one_sentence(gazetteer: &Gazetteer, words: usize) -> String {
    assert!(words <= gazetteer.len(), "the gazetteer has only {} entities", gazetteer.len());
    let mut text = String::with_capacity(words * 8);
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(&synthetic_name(i));
    }
    text.push('.');
    text
}
