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
use std::hash::{BuildHasherDefault, Hasher};

/// Shortest name, in letters, that may match with one edit.
pub(crate) const MIN_LETTERS: usize = 8;

/// Longest name, in chars, that is indexed or queried (far above real names; keeps the work per query bounded).
const MAX_CHARS: usize = 48;

/// Hashes of names and their one-deletion variants → indexed names.
#[derive(Debug, Default)]
pub(crate) struct FuzzyIndex {
    /// `(alias index, folded alias)`.
    names: Vec<(u32, String)>,
    /// Key → the run of `slots` that holds its names.
    keys: HashMap<u64, (u32, u32), BuildHasherDefault<KeyHasher>>,
    /// Indices into `names`, grouped by key (one allocation, not one list per key).
    slots: Vec<u32>,
}

/// The keys are FNV hashes already: hashing them again with SipHash would only cost time.
#[derive(Debug, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Base of the polynomial hash (odd, so that multiplication is invertible modulo 2^64).
const BASE: u64 = 0x0100_0000_01b3;

/// Calls `key` with the hash of `chars` and of each string made by deleting one of them, in O(n) overall: with a
/// polynomial hash `H(s) = Σ s[i]·B^(n-1-i)`, deleting `s[k]` gives `H(prefix k)·B^(n-1-k) + H(suffix after k)`,
/// so prefix and suffix hashes give every deletion in constant time.
fn keys(chars: &[char], mut key: impl FnMut(u64)) {
    let n = chars.len();
    let code = |c: char| u64::from(c) + 1;
    let mut prefix = [0u64; MAX_CHARS + 1];
    for (k, &c) in chars.iter().enumerate() {
        prefix[k + 1] = prefix[k].wrapping_mul(BASE).wrapping_add(code(c));
    }
    let mut powers = [1u64; MAX_CHARS + 1];
    for k in 1..=n {
        powers[k] = powers[k - 1].wrapping_mul(BASE);
    }
    // The length goes into the key too, so that a name and a deletion of a longer one never collide by accident.
    let mix = |h: u64, len: usize| h ^ ((len as u64) << 56);
    key(mix(prefix[n], n));
    let mut suffix = 0u64;
    for k in (0..n).rev() {
        key(mix(prefix[k].wrapping_mul(powers[n - 1 - k]).wrapping_add(suffix), n - 1));
        suffix = suffix.wrapping_add(code(chars[k]).wrapping_mul(powers[n - 1 - k]));
    }
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
    s.chars().filter(|&c| crate::text::chars::is_alphabetic(c)).count()
}

impl FuzzyIndex {
    /// Indexes the aliases of leaders with [`MIN_LETTERS`] letters or more and at most two words.
    pub fn build(gazetteer: &Gazetteer) -> FuzzyIndex {
        let mut index = FuzzyIndex::default();
        let mut buf = ['\0'; MAX_CHARS];
        let mut entries: Vec<(u64, u32)> = Vec::new();
        let mut own: Vec<u64> = Vec::new();
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
            // Deleting either of two equal neighbours gives the same key: list the name once under it.
            own.clear();
            keys(chars, |key| own.push(key));
            own.sort_unstable();
            own.dedup();
            entries.extend(own.iter().map(|&key| (key, slot)));
            index.names.push((i as u32, folded));
        }
        // Counted, then laid out key by key: one array of slots rather than a list allocated per key.
        index.keys.reserve(entries.len());
        for &(key, _) in &entries {
            index.keys.entry(key).or_insert((0, 0)).1 += 1;
        }
        let mut next = 0;
        for (first, len) in index.keys.values_mut() {
            *first = next;
            next += *len;
            *len = 0;
        }
        index.slots = vec![0; entries.len()];
        for &(key, slot) in &entries {
            if let Some((first, len)) = index.keys.get_mut(&key) {
                index.slots[(*first + *len) as usize] = slot;
                *len += 1;
            }
        }
        index
    }

    /// Calls `found(alias index, folded alias)` for every indexed alias that shares a key with `query` (a folded
    /// name): all those within one edit, and a few at two; the caller verifies with [`within_one_edit`].
    pub fn candidates(&self, query: &str, mut found: impl FnMut(u32, &str)) {
        let mut buf = ['\0'; MAX_CHARS];
        let Some(chars) = chars_of(query, &mut buf) else { return };
        let mut probe = |key: u64| {
            if let Some(&(first, len)) = self.keys.get(&key) {
                for &slot in &self.slots[first as usize..(first + len) as usize] {
                    let (alias, name) = &self.names[slot as usize];
                    found(*alias, name);
                }
            }
        };
        keys(chars, &mut probe);
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
    fn deletion_keys_equal_the_keys_of_the_deleted_strings() {
        let chars: Vec<char> = "zelenskyy".chars().collect();
        let mut all = Vec::new();
        keys(&chars, |k| all.push(k));
        assert_eq!(all.len(), chars.len() + 1);
        for skip in 0..chars.len() {
            let deleted: Vec<char> = chars.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, c)| *c).collect();
            let mut own = Vec::new();
            keys(&deleted, |k| own.push(k));
            assert!(all.contains(&own[0]), "deleting {skip}");
        }
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
