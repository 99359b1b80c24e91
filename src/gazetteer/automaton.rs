//! The alias automaton, walked anchored at the positions where a whole-word match can start.
//!
//! A mention must start a word (or start with a character that is not part of a word, like the `-` of an alias
//! spelled that way), so the matcher never needs an unanchored scan: it walks the trie of folded aliases from each
//! word start and collects every alias that ends along the way, longest last. Mid-word positions, most of the text,
//! cost one table lookup instead of an automaton transition, and the walk from a word start usually dies within two
//! or three bytes. aho-corasick's automata are used through their low-level [`Automaton`] interface, so the walk is
//! inlined into the scan with no per-position search set-up.
//!
//! The kind is the caller's (see [`GazetteerBuilder::automaton_kind`](super::GazetteerBuilder::automaton_kind)); by
//! default a DFA for small gazetteers, where it builds in a few milliseconds, and a contiguous NFA otherwise.

use aho_corasick::automaton::Automaton;
use aho_corasick::{AhoCorasickKind, Anchored, BuildError, MatchKind, StartKind, dfa, nfa};

/// Patterns up to which the default kind is a DFA. A walk of a few bytes from each word start reads a handful of
/// states, so the DFA's one-lookup transitions gain little over the contiguous NFA's: on the shipped gazetteer
/// (9,000 patterns) 8% fewer instructions for the whole pipeline but no wall-clock gain we could measure, for a
/// 20 MB table instead of 1.1 MB and a build half as long again. Small gazetteers get the DFA: 500 patterns build
/// in about 2 ms into 0.8 MB.
const DFA_MAX_PATTERNS: usize = 500;

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

/// One alias found by a walk: where it ends (exclusive, in the walked text) and which pattern it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PrefixMatch {
    pub end: usize,
    pub pattern: usize,
}

/// The compiled aliases; see the module docs.
pub(crate) enum Trie {
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
    /// Compiles `patterns` (folded aliases, distinct) into an automaton of `kind` (`None`: chosen by size).
    pub fn build(patterns: &[String], kind: Option<AhoCorasickKind>) -> Result<Trie, BuildError> {
        let kind = kind.unwrap_or(if patterns.len() <= DFA_MAX_PATTERNS {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        });
        // Leftmost-longest keeps the alias ends of a walk as trie nodes of their own (no match copied onto a longer
        // alias's states), and no prefilter: the walk never skips ahead.
        let mut nnfa = nfa::noncontiguous::Builder::new();
        nnfa.match_kind(MatchKind::LeftmostLongest).prefilter(false);
        let nnfa = nnfa.build(patterns)?;
        Ok(match kind {
            AhoCorasickKind::NoncontiguousNFA => Trie::Noncontiguous(nnfa),
            AhoCorasickKind::DFA => Trie::Dfa(
                dfa::Builder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .prefilter(false)
                    .build_from_noncontiguous(&nnfa)?,
            ),
            // The contiguous NFA, and whatever kind a later aho-corasick adds.
            _ => Trie::Nfa(
                nfa::contiguous::Builder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .prefilter(false)
                    .build_from_noncontiguous(&nnfa)?,
            ),
        })
    }

    /// The automaton kind in use.
    pub fn kind(&self) -> AhoCorasickKind {
        match self {
            Trie::Nfa(_) => AhoCorasickKind::ContiguousNFA,
            Trie::Noncontiguous(_) => AhoCorasickKind::NoncontiguousNFA,
            Trie::Dfa(_) => AhoCorasickKind::DFA,
        }
    }

    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        match self {
            Trie::Nfa(a) => a.memory_usage(),
            Trie::Noncontiguous(a) => a.memory_usage(),
            Trie::Dfa(a) => a.memory_usage(),
        }
    }

    /// Appends to `out` every pattern that matches `hay[start..end]` for some `end`, shortest first.
    #[inline]
    pub fn prefixes(&self, hay: &[u8], start: usize, out: &mut Vec<PrefixMatch>) {
        match self {
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
        for kind in [AhoCorasickKind::NoncontiguousNFA, AhoCorasickKind::ContiguousNFA, AhoCorasickKind::DFA] {
            let trie = Trie::build(&patterns, Some(kind)).unwrap();
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

    #[test]
    fn default_kind_depends_on_size() {
        let small: Vec<String> = (0..10).map(|i| format!("alias{i}")).collect();
        assert_eq!(Trie::build(&small, None).unwrap().kind(), AhoCorasickKind::DFA);
        let large: Vec<String> = (0..DFA_MAX_PATTERNS + 1).map(|i| format!("alias{i}")).collect();
        assert_eq!(Trie::build(&large, None).unwrap().kind(), AhoCorasickKind::ContiguousNFA);
    }
}
