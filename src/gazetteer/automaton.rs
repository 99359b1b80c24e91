//! The alias automaton, walked anchored at the positions where a whole-word match can start.
//!
//! A mention must start a word (or start with a character that is not part of a word, like the `-` of an alias
//! spelled that way), so the matcher never needs an unanchored scan: it walks the trie of folded aliases from each
//! word start and collects every alias that ends along the way, longest last. Mid-word positions, most of the text,
//! cost a bit in a mask instead of an automaton transition (the matcher finds word starts 64 bytes at a time), and
//! the walk from a word start usually dies within two or three bytes.
//!
//! By default the automaton is newsgraph's own [`ByteTrie`], which has no failure links to compute (see its
//! module). An aho-corasick automaton of any kind can be forced instead (see
//! [`GazetteerBuilder::automaton_kind`](super::GazetteerBuilder::automaton_kind)); it is walked through its
//! low-level [`Automaton`] interface, anchored, and finds the same aliases, which the tests check on the shipped
//! gazetteer.

use super::trie::ByteTrie;
use aho_corasick::automaton::Automaton;
use aho_corasick::{AhoCorasickKind, Anchored, MatchKind, StartKind, dfa, nfa};

/// Bits of [`byte_classes`], what the matcher's scan needs to know of a byte of folded text.
pub(crate) mod byte_class {
    /// Some pattern starts with this byte.
    pub const FIRST: u8 = 1;
    /// An ASCII word character (letter, digit, `_`).
    pub const WORD: u8 = 2;
    /// Not ASCII: part of a multi-byte character, whose class needs decoding.
    pub const NON_ASCII: u8 = 4;
}

/// The [`byte_class`] bits of every byte value for these patterns.
pub(crate) fn byte_classes(patterns: &[String]) -> [u8; 256] {
    let mut classes = [0u8; 256];
    for (b, class) in classes.iter_mut().enumerate() {
        let b = b as u8;
        if b.is_ascii_alphanumeric() || b == b'_' {
            *class |= byte_class::WORD;
        }
        if !b.is_ascii() {
            *class |= byte_class::NON_ASCII;
        }
    }
    for p in patterns {
        if let Some(&b) = p.as_bytes().first() {
            classes[b as usize] |= byte_class::FIRST;
        }
    }
    classes
}

/// The ASCII bytes that are not word characters but start some pattern (the `'` of `'Akilisi Pohiva`, a `-`): a
/// match may start at them whatever comes before. The matcher's block scan looks for them in eight bytes at once,
/// which is cheap for a few of them; with more than [`PunctStarts::MAX`] it tests each byte's class instead.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PunctStarts {
    /// The first `len` are the bytes.
    pub bytes: [u8; PunctStarts::MAX],
    pub len: usize,
    /// More than `MAX` of them: `bytes` is not used.
    pub many: bool,
}

impl PunctStarts {
    /// At most this many are tested as a set.
    pub const MAX: usize = 4;

    /// The punctuation starts of these byte classes (see [`byte_classes`]).
    pub fn new(classes: &[u8; 256]) -> PunctStarts {
        let mut starts = PunctStarts { bytes: [0; PunctStarts::MAX], len: 0, many: false };
        for b in 0..0x80u8 {
            if is_punct_start(classes[b as usize]) {
                match starts.bytes.get_mut(starts.len) {
                    Some(slot) => *slot = b,
                    None => starts.many = true,
                }
                starts.len += 1;
            }
        }
        starts.len = starts.len.min(PunctStarts::MAX);
        starts
    }
}

/// Whether a byte of this class is ASCII, not a word character, and starts some pattern.
#[inline(always)]
pub(crate) fn is_punct_start(class: u8) -> bool {
    class & (byte_class::FIRST | byte_class::WORD | byte_class::NON_ASCII) == byte_class::FIRST
}

/// One alias found by a walk: where it ends (exclusive, in the walked text) and which pattern it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PrefixMatch {
    pub end: usize,
    pub pattern: usize,
}

/// The compiled aliases; see the module docs.
pub(crate) enum Trie {
    Bytes(ByteTrie),
    Nfa(nfa::contiguous::NFA),
    Noncontiguous(nfa::noncontiguous::NFA),
    Dfa(dfa::DFA),
}

impl std::fmt::Debug for Trie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trie").field("kind", &self.kind()).field("memory", &self.memory_usage()).finish()
    }
}

impl Trie {
    /// Compiles `patterns` (folded aliases, distinct) into a [`ByteTrie`], or an aho-corasick automaton of `kind`.
    pub fn build(patterns: &[String], kind: Option<AhoCorasickKind>) -> Result<Trie, String> {
        let Some(kind) = kind else {
            return ByteTrie::build(patterns)
                .map(Trie::Bytes)
                .map_err(|_| "too many patterns or pattern bytes for a trie numbered by u32".to_string());
        };
        let ac = |e: aho_corasick::BuildError| e.to_string();
        // Leftmost-longest keeps the alias ends of a walk as trie nodes of their own (no match copied onto a longer
        // alias's states), and no prefilter: the walk never skips ahead.
        let mut nnfa = nfa::noncontiguous::Builder::new();
        nnfa.match_kind(MatchKind::LeftmostLongest).prefilter(false);
        let nnfa = nnfa.build(patterns).map_err(ac)?;
        Ok(match kind {
            AhoCorasickKind::NoncontiguousNFA => Trie::Noncontiguous(nnfa),
            AhoCorasickKind::DFA => Trie::Dfa(
                dfa::Builder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .prefilter(false)
                    .build_from_noncontiguous(&nnfa)
                    .map_err(ac)?,
            ),
            // The contiguous NFA, and whatever kind a later aho-corasick adds.
            _ => Trie::Nfa(
                nfa::contiguous::Builder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .prefilter(false)
                    .build_from_noncontiguous(&nnfa)
                    .map_err(ac)?,
            ),
        })
    }

    /// The aho-corasick kind in use, `None` for the byte trie.
    pub fn kind(&self) -> Option<AhoCorasickKind> {
        match self {
            Trie::Bytes(_) => None,
            Trie::Nfa(_) => Some(AhoCorasickKind::ContiguousNFA),
            Trie::Noncontiguous(_) => Some(AhoCorasickKind::NoncontiguousNFA),
            Trie::Dfa(_) => Some(AhoCorasickKind::DFA),
        }
    }

    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        match self {
            Trie::Bytes(t) => t.memory_usage(),
            Trie::Nfa(a) => a.memory_usage(),
            Trie::Noncontiguous(a) => a.memory_usage(),
            Trie::Dfa(a) => a.memory_usage(),
        }
    }

    /// Appends to `out` every pattern that matches `hay[start..end]` for some `end`, shortest first.
    #[inline(always)]
    pub fn prefixes(&self, hay: &[u8], start: usize, out: &mut Vec<PrefixMatch>) {
        // The byte trie's walk is inlined into the matcher's scan (a call per word start was a fifth of the walk);
        // the aho-corasick kinds are not worth the code.
        match self {
            Trie::Bytes(t) => t.prefixes(hay, start, |end, pattern| out.push(PrefixMatch { end, pattern })),
            _ => self.prefixes_outlined(hay, start, out),
        }
    }

    #[inline(never)]
    fn prefixes_outlined(&self, hay: &[u8], start: usize, out: &mut Vec<PrefixMatch>) {
        match self {
            Trie::Bytes(t) => t.prefixes(hay, start, |end, pattern| out.push(PrefixMatch { end, pattern })),
            Trie::Nfa(a) => walk(a, hay, start, out),
            Trie::Noncontiguous(a) => walk(a, hay, start, out),
            Trie::Dfa(a) => walk(a, hay, start, out),
        }
    }
}

#[inline(always)]
fn walk<A: Automaton>(aut: &A, hay: &[u8], start: usize, out: &mut Vec<PrefixMatch>) {
    let Ok(mut sid) = aut.start_state(Anchored::Yes) else { return };
    for (at, &byte) in (start..).zip(&hay[start..]) {
        sid = aut.next_state(Anchored::Yes, sid, byte);
        if aut.is_special(sid) {
            if aut.is_dead(sid) {
                return;
            }
            if aut.is_match(sid) {
                // A match state may also carry a shorter alias that ends here but starts later (copied along a
                // failure transition for unanchored searches); only one starting at `start` is ours. Under
                // leftmost-longest an alias's own end state carries nothing else, so the first match decides.
                let pattern = aut.match_pattern(sid, 0);
                let end = at + 1;
                if aut.pattern_len(pattern) == end - start {
                    out.push(PrefixMatch { end, pattern: pattern.as_usize() });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(trie: &Trie, hay: &str, start: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        trie.prefixes(hay.as_bytes(), start, &mut out);
        out.iter().map(|m| (m.end, m.pattern)).collect()
    }

    #[test]
    fn every_kind_finds_every_prefix_and_only_those_starting_at_the_start() {
        let patterns: Vec<String> =
            ["us", "u.s.", "u.s. congress", "russia", "russian", "ssia"].iter().map(|s| s.to_string()).collect();
        let kinds = [
            None,
            Some(AhoCorasickKind::NoncontiguousNFA),
            Some(AhoCorasickKind::ContiguousNFA),
            Some(AhoCorasickKind::DFA),
        ];
        for kind in kinds {
            let trie = Trie::build(&patterns, kind).unwrap();
            assert_eq!(trie.kind(), kind);
            let hay = "the u.s. congressmen";
            assert_eq!(ends(&trie, hay, 4), [(8, 1), (17, 2)], "{kind:?}");
            assert_eq!(ends(&trie, hay, 5), [], "{kind:?}");
            // `ssia` ends inside `russian` but starts later: not a prefix of the walk from `r`.
            assert_eq!(ends(&trie, "russians", 0), [(6, 3), (7, 4)], "{kind:?}");
            assert_eq!(ends(&trie, "russians", 2), [(6, 5)], "{kind:?}");
            assert_eq!(ends(&trie, "us", 0), [(2, 0)], "{kind:?}");
            assert_eq!(ends(&trie, "u", 0), [], "{kind:?}");
        }
    }
}
