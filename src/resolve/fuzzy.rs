//! One-edit matching of long leader names (`Zelenskiy`, `Kadhafi` spellings) that the automaton did not find.
//!
//! The index is a deletion neighbourhood: every indexed name is stored under the hash of itself and of each
//! string obtained by deleting one of its characters. Two strings within one edit (insertion, deletion,
//! substitution, or transposition of neighbours) always share one of those keys, so a query hashes itself and its
//! own deletions (no allocation) and verifies the few hits exactly. Only names of [`MIN_LETTERS`] letters or more are
//! indexed: below that, one edit turns too many ordinary words into names.

use crate::entity::EntityKind;
use crate::gazetteer::Gazetteer;
use std::collections::HashMap;

/// Shortest name, in letters, that may match with one edit.
pub(crate) const MIN_LETTERS: usize = 8;

/// Longest name, in chars, that is indexed or queried (far above real names; keeps the work per query bounded).
const MAX_CHARS: usize = 48;

/// Hashes of names and their one-deletion variants → indexed names.
#[derive(Debug, Default)]
pub(crate) struct FuzzyIndex {
    /// `(alias index, folded alias)`.
    names: Vec<(u32, String)>,
    /// Key → indices into `names`.
    keys: HashMap<u64, Vec<u32>>,
}

/// FNV-1a over the chars of `s`, skipping the char at index `skip`.
#[inline]
fn hash_without(chars: &[char], skip: Option<usize>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, c) in chars.iter().enumerate() {
        if Some(i) == skip {
            continue;
        }
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Collects the chars of `s` into `buf`; `None` when there are more than [`MAX_CHARS`].
#[inline]
fn chars_of<'b>(s: &str, buf: &'b mut [char; MAX_CHARS]) -> Option<&'b [char]> {
    let mut n = 0;
    for c in s.chars() {
        if n == MAX_CHARS {
            return None;
        }
        buf[n] = c;
        n += 1;
    }
    Some(&buf[..n])
}

pub(crate) fn letter_count(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

impl FuzzyIndex {
    /// Indexes the aliases of leaders with [`MIN_LETTERS`] letters or more and at most two words.
    pub fn build(gazetteer: &Gazetteer) -> FuzzyIndex {
        let mut index = FuzzyIndex::default();
        let mut buf = ['\0'; MAX_CHARS];
        for (i, alias) in gazetteer.aliases().iter().enumerate() {
            if gazetteer.entity(alias.entity).kind != EntityKind::Leader {
                continue;
            }
            let folded = crate::text::normalize::fold(&alias.text);
            if letter_count(&folded) < MIN_LETTERS || folded.split(' ').count() > 2 {
                continue;
            }
            let Some(chars) = chars_of(&folded, &mut buf) else { continue };
            let slot = index.names.len() as u32;
            let mut add = |key: u64| {
                let list = index.keys.entry(key).or_default();
                if list.last() != Some(&slot) {
                    list.push(slot);
                }
            };
            add(hash_without(chars, None));
            for skip in 0..chars.len() {
                add(hash_without(chars, Some(skip)));
            }
            index.names.push((i as u32, folded));
        }
        index
    }

    /// Calls `found(alias index, folded alias)` for every indexed alias that shares a key with `query` (a folded
    /// name): all those within one edit, and a few at two; the caller verifies with [`within_one_edit`].
    pub fn candidates(&self, query: &str, mut found: impl FnMut(u32, &str)) {
        let mut buf = ['\0'; MAX_CHARS];
        let Some(chars) = chars_of(query, &mut buf) else { return };
        let mut probe = |key: u64| {
            if let Some(list) = self.keys.get(&key) {
                for &slot in list {
                    let (alias, name) = &self.names[slot as usize];
                    found(*alias, name);
                }
            }
        };
        probe(hash_without(chars, None));
        for skip in 0..chars.len() {
            probe(hash_without(chars, Some(skip)));
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.keys.len()
    }
}

/// Whether `a` and `b` differ by exactly one insertion, deletion, substitution or transposition of neighbours.
pub(crate) fn within_one_edit(a: &str, b: &str) -> bool {
    let (mut ab, mut bb) = (['\0'; MAX_CHARS], ['\0'; MAX_CHARS]);
    let (Some(a), Some(b)) = (chars_of(a, &mut ab), chars_of(b, &mut bb)) else { return false };
    if a == b {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        let substitution = short[i + 1..] == long[i + 1..];
        let transposition = i + 1 < short.len()
            && short[i] == long[i + 1]
            && short[i + 1] == long[i]
            && short[i + 2..] == long[i + 2..];
        substitution || transposition
    } else {
        short[i..] == long[i + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::GazetteerBuilder;

    #[test]
    fn one_edit() {
        assert!(within_one_edit("zelenskiy", "zelensky"));
        assert!(within_one_edit("zelenskyy", "zelenskiy"));
        assert!(within_one_edit("centre", "center"));
        assert!(within_one_edit("gaddafi", "qaddafi"));
        assert!(!within_one_edit("kadhafi", "gaddafi"));
        assert!(!within_one_edit("putin", "putin"));
        assert!(!within_one_edit("ab", "abcd"));
        assert!(within_one_edit("vučić", "vučič"));
    }

    #[test]
    fn finds_long_names_only() {
        let g = GazetteerBuilder::new()
            .defaults(false)
            .add_text("countries.tsv", EntityKind::Country, "id\tname\nUKR\tUkraine\nRUS\tRussia\n")
            .add_text(
                "leaders.tsv",
                EntityKind::Leader,
                "id\tname\taliases\tweak\tcountry\n\
zelenskyy\tVolodymyr Zelenskyy\tZelensky\t\tUKR\nputin\tVladimir Putin\t\tPutin\tRUS\n",
            )
            .build()
            .unwrap();
        let index = FuzzyIndex::build(&g);
        let hits = |q: &str| {
            let mut out = Vec::new();
            index.candidates(q, |_, name| {
                if within_one_edit(q, name) && !out.iter().any(|o| o == name) {
                    out.push(name.to_string());
                }
            });
            out
        };
        assert_eq!(hits("zelenskiy"), ["zelensky"]);
        assert_eq!(hits("volodymyr zelenskiy"), ["volodymyr zelenskyy"]);
        assert!(hits("putln").is_empty(), "short names are not indexed");
        assert!(index.len() > 0);
    }
}
