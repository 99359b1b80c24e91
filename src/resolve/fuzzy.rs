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
    /// The first three and the last three characters of every name, hashed into a bitmap of [`ENDS_BITS`] bits
    /// (see [`may_hold`](Self::may_hold)).
    ends: Vec<u64>,
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

/// Bits of [`FuzzyIndex::ends`]: 8 KB, which stays in the first-level cache (the shipped gazetteer's 2,829 indexed
/// names set 2,019 of them, 3%).
const ENDS_BITS: usize = 1 << 16;

/// Characters at each end of a name that one edit leaves alone at one end or the other (see
/// [`FuzzyIndex::may_hold`]).
const END_CHARS: usize = 3;

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

/// Whether `s` has `n` letters or more; stops counting at `n` (most words asked about are far shorter than a name
/// worth a fuzzy match, and a byte holds at most one letter).
#[inline]
pub(crate) fn has_letters(s: &str, n: usize) -> bool {
    let Some(last) = n.checked_sub(1) else { return true };
    if s.len() < n {
        return false;
    }
    if s.is_ascii() {
        s.bytes().filter(u8::is_ascii_alphabetic).nth(last).is_some()
    } else {
        s.chars().filter(|&c| crate::text::chars::is_alphabetic(c)).nth(last).is_some()
    }
}

/// The bit of [`FuzzyIndex::ends`] for the characters at one end of a name; `last` tells the two ends apart.
#[inline]
fn end_bit(chars: impl Iterator<Item = char>, last: bool) -> usize {
    let mut h = u64::from(last) + 1;
    for c in chars {
        h = h.wrapping_mul(BASE).wrapping_add(u64::from(c));
    }
    // The high bits of a multiplicative hash are the well-mixed ones.
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - ENDS_BITS.trailing_zeros())) as usize
}

impl FuzzyIndex {
    /// Indexes the aliases of leaders with [`MIN_LETTERS`] letters or more and at most two words.
    pub fn build(gazetteer: &Gazetteer) -> FuzzyIndex {
        let names = gazetteer.aliases().iter().enumerate().filter_map(|(i, alias)| {
            if gazetteer.entity(alias.entity).kind != EntityKind::Leader {
                return None;
            }
            let folded = crate::text::normalize::fold(&alias.text);
            (letter_count(&folded) >= MIN_LETTERS && folded.split(' ').count() <= 2).then_some((i as u32, folded))
        });
        FuzzyIndex::of_names(names)
    }

    /// Indexes `(alias index, folded name)` pairs as they come (names of over [`MAX_CHARS`] characters are left out).
    fn of_names(names: impl Iterator<Item = (u32, String)>) -> FuzzyIndex {
        let mut index = FuzzyIndex { ends: vec![0; ENDS_BITS / 64], ..FuzzyIndex::default() };
        let mut buf = ['\0'; MAX_CHARS];
        let mut entries: Vec<(u64, u32)> = Vec::new();
        let mut own: Vec<u64> = Vec::new();
        for (alias, folded) in names {
            let Some(chars) = chars_of(&folded, &mut buf) else { continue };
            for bit in [end_bit(chars.iter().copied().take(END_CHARS), false), end_bit(ends_last(chars), true)] {
                index.ends[bit / 64] |= 1 << (bit % 64);
            }
            let slot = index.names.len() as u32;
            // Deleting either of two equal neighbours gives the same key: list the name once under it.
            own.clear();
            keys(chars, |key| own.push(key));
            own.sort_unstable();
            own.dedup();
            entries.extend(own.iter().map(|&key| (key, slot)));
            index.names.push((alias, folded));
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

    /// Whether some indexed name may be within one edit of `query` (a folded name of [`MIN_LETTERS`] letters or
    /// more); `false` is certain. One edit changes one character, or two neighbours, so in names of eight
    /// characters or more it leaves either the first three or the last three alone: a query whose ends are both
    /// ends no name has (`general assembly`, `government`) is answered from 8 KB, without a hash probe per
    /// deletion or a lookup in the caller's cache of misses, whose strings are all over the heap.
    #[inline]
    pub fn may_hold(&self, query: &str) -> bool {
        let test = |bit: usize| self.ends.get(bit / 64).is_some_and(|w| w >> (bit % 64) & 1 != 0);
        let mut last = [' '; END_CHARS];
        let mut rev = query.chars().rev();
        for slot in last.iter_mut().rev() {
            *slot = rev.next().unwrap_or(' ');
        }
        test(end_bit(query.chars().take(END_CHARS), false)) || test(end_bit(last.into_iter(), true))
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

/// The last [`END_CHARS`] characters of `chars`, in order.
fn ends_last(chars: &[char]) -> impl Iterator<Item = char> + '_ {
    chars[chars.len().saturating_sub(END_CHARS)..].iter().copied()
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
    fn has_letters_agrees_with_counting() {
        for s in ["", "Assembly", "Mr. Putin", "Schüssel", "Vučić Vučić", "12345678", "ÉÉÉÉÉÉÉ", "a-b-c-d-e-f-g-h"]
        {
            for n in 0..12 {
                assert_eq!(has_letters(s, n), letter_count(s) >= n, "{s:?} {n}");
            }
        }
    }

    #[test]
    fn the_ends_filter_turns_away_strangers_only() {
        let index = FuzzyIndex::of_names(
            ["volodymyr zelenskyy", "zelenskyy", "gaddafi mu", "vučić aleksandar"]
                .into_iter()
                .enumerate()
                .map(|(i, n)| (i as u32, n.to_string())),
        );
        for near in ["volodymyr zelenskiy", "zelensky", "zelenskyyy", "ezlenskyy", "qaddafi mu", "vucić aleksandar"] {
            assert!(index.may_hold(near), "{near}");
        }
        for far in ["general assembly", "government", "international"] {
            assert!(!index.may_hold(far), "{far}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// No name within one edit of a query is ever turned away by the ends filter, and the deletion keys find
        /// it: for every kind of edit, anywhere, in names of the shortest indexed length and up.
        #[test]
        fn every_name_one_edit_away_is_found(
            name in "[a-zé ž]{8,20}",
            kind in 0usize..4,
            at in 0usize..20,
            with in proptest::sample::select(vec!['a', 'q', 'é', ' ', 'ж']),
        ) {
            let mut chars: Vec<char> = name.chars().collect();
            let at = at % chars.len();
            match kind {
                0 => chars.insert(at, with),
                1 => { chars.remove(at); }
                2 => chars[at] = with,
                _ => { let next = (at + 1).min(chars.len() - 1); chars.swap(at, next); }
            }
            let query: String = chars.into_iter().collect();
            proptest::prop_assume!(within_one_edit(&query, &name));
            let index = FuzzyIndex::of_names(std::iter::once((7, name.clone())));
            proptest::prop_assert!(index.may_hold(&query), "{query:?} ~ {name:?}");
            let mut found = false;
            index.candidates(&query, |alias, n| found |= alias == 7 && n == name);
            proptest::prop_assert!(found);
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
