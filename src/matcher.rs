//! Finding gazetteer aliases in text: whole words only, by walking the alias automaton from each word start of the
//! folded text.
//!
//! Matching is leftmost-longest ("United States of America" beats "United States"). A candidate can fail after the
//! automaton reports it: a word boundary (`Russia` inside `Russias`), a letter-case rule (`us` is not `US`), or an
//! end inside one expanded character. A failed candidate must not hide a valid shorter match at the same start
//! ("U.S. Congressmen": `U.S. Congress` fails, `U.S.` is right), so the walk from a start collects every alias that
//! ends along it and they are tried longest first before the scan moves on.
//!
//! No match may start inside a word, so positions there need no automaton transition at all (see the private
//! `gazetteer::automaton` module). The scan finds the word starts of 64 bytes of ASCII text at once, with the
//! letter case of the original at each, and keeps only those where the first two bytes begin some alias; the few
//! left are walked. Where the original has a small letter, only the aliases that can match uncapitalised are
//! walked (`the Gulf`, `de Klerk`), in a trie of their own.

use crate::explain::{Reason, Rejection};
use crate::gazetteer::automaton::{PrefixMatch, Trie, byte_class};
use crate::gazetteer::trie::ByteTrie;
use crate::gazetteer::{AliasKind, Gazetteer};
use crate::span::{EntityId, Span};
use crate::text::chars;
use crate::text::normalize::{Folded, is_word_char};
use std::iter::FusedIterator;

/// A whole-word match of a gazetteer pattern in the text, before resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Span in the original text.
    pub span: Span,
    /// Automaton pattern index.
    pub pattern: u32,
    /// Followed by `'s` (`Xi's`, `Russia’s`).
    pub possessive: bool,
}

/// Scans folded text for candidates; yields them in order, non-overlapping.
///
/// With [`record`](Self::record), candidates that start a word but fail the end boundary or the letter case are
/// also written down, for explanations; a match in the middle of a word (`us` in `because`) is not worth telling.
///
/// Where a match may start is found for up to 64 bytes at once (see [`block`]): a byte-by-byte scan mispredicted a
/// branch at nearly every word end and on every capital, which cost more than the trie walks themselves.
pub(crate) struct Candidates<'g, 'h, 'r> {
    gazetteer: &'g Gazetteer,
    original: &'h str,
    folded: &'h Folded,
    /// Where the scan goes on: the folded text before it is either scanned or inside a match.
    at: usize,
    rejected: Option<&'r mut Vec<Rejection>>,
    /// The aliases ending along the current walk, shortest first.
    ends: Vec<PrefixMatch>,
    /// Whether the character before `at` is a word character.
    word_before_at: bool,
    /// Place in the folded text's edits, for mapping positions (which only increase) to the original.
    edit_cursor: usize,
    /// The block scanned last starts here: bit `i` of `pending` and `whole` is folded offset `base + i`.
    base: usize,
    /// Positions of the block, not yet walked, where a match may start.
    pending: u64,
    /// Positions where the original has no small letter, so that the whole trie is walked (see `few`).
    whole: u64,
    /// The trie of the patterns that may match a word starting with a small letter, when it is walked there:
    /// with the byte trie, and not when explaining (explanations want the case failures).
    few: Option<&'g ByteTrie>,
}

impl<'g, 'h, 'r> Candidates<'g, 'h, 'r> {
    pub(crate) fn new(gazetteer: &'g Gazetteer, original: &'h str, folded: &'h Folded) -> Candidates<'g, 'h, 'r> {
        Candidates {
            gazetteer,
            original,
            folded,
            at: 0,
            rejected: None,
            ends: Vec::new(),
            word_before_at: false,
            edit_cursor: 0,
            base: 0,
            pending: 0,
            whole: 0,
            few: gazetteer.inner.uncapitalised.as_ref(),
        }
    }

    /// Also records the rejected whole-word candidates into `rejected`.
    pub(crate) fn record(mut self, rejected: &'r mut Vec<Rejection>) -> Candidates<'g, 'h, 'r> {
        self.rejected = Some(rejected);
        self.few = None;
        self
    }

    /// Checks one automaton match: `Ok` when it is a whole word in the original and some alias of the pattern
    /// accepts its letter case; `Err` with a reason worth recording, or `Err(None)`.
    #[inline]
    fn accept(&self, start: usize, end: usize, pattern: usize) -> Result<Candidate, Option<(Reason, Span)>> {
        let hay = self.folded.as_str();
        let bytes = hay.as_bytes();
        if starts_word(bytes, start) && is_word_before(hay, start) {
            return Err(None);
        }
        let span = self.folded.original_span(self.original, start, end).ok_or(None)?;
        let surface = &self.original[span.range()];
        let case_ok = || self.gazetteer.pattern_aliases(pattern).any(|a| a.accepts_surface(surface));
        if ends_word(hay, end) && is_word_after(hay, end) {
            return Err((self.rejected.is_some() && case_ok()).then_some((Reason::Boundary, span)));
        }
        if !case_ok() {
            return Err(Some((Reason::CaseMismatch, span)));
        }
        let possessive = is_possessive(bytes, end);
        Ok(Candidate { span, pattern: pattern as u32, possessive })
    }
}

impl Iterator for Candidates<'_, '_, '_> {
    type Item = Candidate;

    fn next(&mut self) -> Option<Candidate> {
        let hay = self.folded.as_str();
        let bytes = hay.as_bytes();
        let inner = &self.gazetteer.inner;
        while let Some((start, small)) = self.next_start() {
            let mut ends = std::mem::take(&mut self.ends);
            ends.clear();
            // Where the original's first character is a small letter, only the few patterns that may match
            // uncapitalised can be accepted; the rest would fail the case check.
            match (&inner.automaton, self.few) {
                (Trie::Bytes(all), Some(few)) => {
                    let trie = if small { few } else { all };
                    trie.prefixes(bytes, start, |end, pattern| ends.push(PrefixMatch { end, pattern }));
                }
                (automaton, _) => automaton.prefixes(bytes, start, &mut ends),
            }
            let mut found = None;
            for &PrefixMatch { end, pattern } in ends.iter().rev() {
                match self.accept(start, end, pattern) {
                    Ok(candidate) => {
                        found = Some((end, candidate));
                        break;
                    }
                    Err(Some((reason, span))) => {
                        // Surnames alone never make a mention, so `said`, `by` or `Ma` in `Many` failing one of
                        // them is noise, not an explanation.
                        let gazetteer = self.gazetteer;
                        if let Some(rejected) = self.rejected.as_deref_mut()
                            && gazetteer.pattern_aliases(pattern).any(|a| a.kind != AliasKind::Weak)
                        {
                            rejected.push(Rejection { span, pattern: Some(pattern as u32), entity: None, reason });
                        }
                    }
                    Err(None) => {}
                }
            }
            self.ends = ends;
            if let Some((end, candidate)) = found {
                if end >= self.at {
                    self.pending = 0;
                    self.at = end;
                    self.word_before_at = is_word_before(hay, end);
                } else {
                    // Still inside the block: its later starts stand (where words start does not depend on
                    // where matches were found).
                    self.pending &= u64::MAX.checked_shl((end - self.base) as u32).unwrap_or(0);
                }
                return Some(candidate);
            }
        }
        None
    }
}

impl Candidates<'_, '_, '_> {
    /// The next position where a match may start, and whether the original has a small letter there (only
    /// computed when [`few`](Self::few) is walked): some pattern starts with its byte, and it does not continue
    /// a word (a match that starts with a word character must start the word).
    #[inline]
    fn next_start(&mut self) -> Option<(usize, bool)> {
        let bytes = self.folded.as_str().as_bytes();
        loop {
            if self.pending != 0 {
                let bit = self.pending.trailing_zeros();
                self.pending &= self.pending - 1;
                return Some((self.base + bit as usize, self.whole >> bit & 1 == 0));
            }
            if self.at >= bytes.len() {
                return None;
            }
            if self.scan_block() {
                continue;
            }
            if let Some(start) = self.step() {
                let small = self.few.is_some() && self.small_letter_at(start);
                return Some((start, small));
            }
        }
    }

    /// Scans the ASCII stretch at `at` that keeps a constant offset to the original, up to 64 bytes, into
    /// `pending` and `whole`; false when there is none (a multi-byte character or an edit at `at`).
    #[inline]
    fn scan_block(&mut self) -> bool {
        // A character of another script: no stretch to scan (most positions, in such text).
        if self.folded.as_str().as_bytes()[self.at] >= 0x80 {
            return false;
        }
        let Some((stretch_end, original_at)) = self.folded.unedited_from(self.at, &mut self.edit_cursor) else {
            return false;
        };
        let n = (stretch_end - self.at).min(64);
        let folded = &self.folded.as_str().as_bytes()[self.at..];
        let original = &self.original.as_bytes()[original_at..];
        let inner = &self.gazetteer.inner;
        let block = block::scan(folded, original, n, self.word_before_at, &inner.punct_starts, &inner.byte_classes);
        if block.len == 0 {
            return false;
        }
        self.base = self.at;
        self.whole = if self.few.is_some() { block.not_small } else { u64::MAX };
        self.pending = self.sift(block.starts);
        self.at += block.len;
        self.word_before_at = block.last_is_word;
        true
    }

    /// The starts of the block (bits from `base`) where a walk can find something, tested without a branch per
    /// start.
    #[inline]
    fn sift(&self, starts: u64) -> u64 {
        let bytes = self.folded.as_str().as_bytes();
        let inner = &self.gazetteer.inner;
        let mut rest = starts;
        let mut keep = 0u64;
        match &inner.automaton {
            Trie::Bytes(all) => {
                let few = self.few.unwrap_or(all);
                while rest != 0 {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    let trie = if self.whole >> bit & 1 == 0 { few } else { all };
                    keep |= u64::from(trie.may_start(bytes, self.base + bit as usize)) << bit;
                }
            }
            _ => {
                while rest != 0 {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    let class = inner.byte_classes[bytes[self.base + bit as usize] as usize];
                    keep |= u64::from(class & byte_class::FIRST) << bit;
                }
            }
        }
        keep
    }

    /// Steps over the character at `at` (one the block scan does not take); returns `at` when a match may start
    /// there.
    #[inline]
    fn step(&mut self) -> Option<usize> {
        let hay = self.folded.as_str();
        let at = self.at;
        let class = self.gazetteer.inner.byte_classes[hay.as_bytes()[at] as usize];
        let word_before = self.word_before_at;
        if class & byte_class::NON_ASCII == 0 {
            let word = class & byte_class::WORD != 0;
            self.word_before_at = word;
            self.at += 1;
            (class & byte_class::FIRST != 0 && !(word && word_before)).then_some(at)
        } else {
            // Lead byte of a multi-byte character (the text is valid UTF-8, so `at` is on a boundary here): a match
            // starting with it starts a word only after a non-word character.
            let c = hay[at..].chars().next().unwrap_or('\u{FFFD}');
            self.word_before_at = is_word_char(c);
            self.at += c.len_utf8();
            (class & byte_class::FIRST != 0 && !word_before).then_some(at)
        }
    }

    /// Whether the original character at folded offset `start` is a letter and not a capital: where no
    /// capitalised alias can match (see [`Alias::accepts_surface`](crate::gazetteer::Alias)).
    #[inline]
    fn small_letter_at(&mut self, start: usize) -> bool {
        let Some(at) = self.folded.original_start_scanning(start, &mut self.edit_cursor) else { return false };
        match self.original.as_bytes().get(at) {
            Some(&b) if b < 0x80 => b.is_ascii_lowercase(),
            Some(_) => {
                self.original[at..].chars().next().is_some_and(|c| chars::is_alphabetic(c) && !chars::is_uppercase(c))
            }
            None => false,
        }
    }
}

impl FusedIterator for Candidates<'_, '_, '_> {}

/// Where matches may start in up to 64 bytes of ASCII text, sixteen bytes at a time in vector registers, with no
/// branch per byte.
mod block {
    use crate::gazetteer::automaton::{PunctStarts, byte_class, is_punct_start};
    use crate::text::simd::Chunk;

    /// One bit per byte of a scanned stretch, bit `i` for byte `i`.
    #[derive(Debug, PartialEq, Eq)]
    pub(super) struct Block {
        /// The bytes scanned: the stretch up to its first non-ASCII byte.
        pub len: usize,
        /// Where a match may start: word starts (a word character after a non-word one), and punctuation that
        /// starts some pattern. Whether a pattern starts with a word start's byte is left to the caller.
        pub starts: u64,
        /// Where the original does not have a small letter (a capital, a digit, punctuation).
        pub not_small: u64,
        /// Whether the last byte scanned is a word character.
        pub last_is_word: bool,
    }

    /// Scans the first `n` bytes (at most 64) of `folded` (folded text, which has no capitals) against `original`,
    /// the same stretch of the original text (equal to it but for letter case wherever `folded` is ASCII).
    /// `word_before`: whether the character before the stretch is a word character.
    ///
    /// What follows the stretch is read too, sixteen bytes at a time, and cut off from the answer: in text of
    /// another script, where the ASCII stretches are single spaces, loading less than sixteen bytes would cost
    /// more than the scan.
    #[inline]
    pub(super) fn scan(
        folded: &[u8],
        original: &[u8],
        n: usize,
        word_before: bool,
        punct: &PunctStarts,
        classes: &[u8; 256],
    ) -> Block {
        debug_assert!(n <= 64 && folded.len() >= n && original.len() >= n);
        if n == 64
            && let Some(block) = scan_full(folded, original, word_before, punct, classes)
        {
            return block;
        }
        let (mut non_ascii, mut word, mut letter, mut capital, mut starts_punct) = (0u64, 0u64, 0u64, 0u64, 0u64);
        let mut at = 0;
        while at < n {
            let x = Chunk::load(folded, at);
            let high = x.non_ascii();
            let letters = x.within(b'a', b'z');
            let punct_bits = match punct.many {
                true => punct_by_class(&folded[at..n.min(at + 16)], classes),
                false => u64::from(punct_in(x, punct)),
            };
            non_ascii |= u64::from(high) << at;
            letter |= u64::from(letters) << at;
            word |= u64::from(letters | x.within(b'0', b'9') | x.equal(b'_')) << at;
            starts_punct |= punct_bits << at;
            capital |= u64::from(Chunk::load(original, at).within(b'A', b'Z')) << at;
            if high != 0 {
                // The stretch ends here; in text of another script, where it is a space between two words, the
                // first chunk is the only one.
                break;
            }
            at += 16;
        }
        let len = (non_ascii.trailing_zeros() as usize).min(n);
        let valid = if len == 64 { u64::MAX } else { (1u64 << len) - 1 };
        let word_before = word << 1 | u64::from(word_before);
        Block {
            len,
            starts: (word & !word_before | starts_punct) & valid,
            not_small: (capital | !letter) & valid,
            last_is_word: len > 0 && classes[folded[len - 1] as usize] & byte_class::WORD != 0,
        }
    }

    /// The bytes of a chunk that are among the few punctuation starts (not [`PunctStarts::many`]).
    #[inline(always)]
    fn punct_in(x: Chunk, punct: &PunctStarts) -> u16 {
        match punct.len {
            0 => 0,
            1 => x.equal(punct.bytes[0]),
            2 => x.equal(punct.bytes[0]) | x.equal(punct.bytes[1]),
            _ => punct.bytes[..punct.len].iter().fold(0, |p, &b| p | x.equal(b)),
        }
    }

    /// Bit `k` set where `bytes[k]` starts some pattern as punctuation, by its class: for many punctuation starts.
    #[inline(always)]
    fn punct_by_class(bytes: &[u8], classes: &[u8; 256]) -> u64 {
        bytes.iter().enumerate().fold(0, |p, (k, &b)| p | u64::from(is_punct_start(classes[b as usize])) << k)
    }

    /// The first 64 bytes as four chunks. (Written out, as is [`each`]: `array::map` and a closure here were not
    /// inlined.)
    #[inline(always)]
    fn four(bytes: &[u8]) -> [Chunk; 4] {
        [Chunk::load(bytes, 0), Chunk::load(bytes, 16), Chunk::load(bytes, 32), Chunk::load(bytes, 48)]
    }

    /// One test of four chunks, its sixteen-bit answers joined into one mask of their 64 bytes.
    #[inline(always)]
    fn each(x: &[Chunk; 4], test: impl Fn(Chunk) -> u16) -> u64 {
        u64::from(test(x[0])) | u64::from(test(x[1])) << 16 | u64::from(test(x[2])) << 32 | u64::from(test(x[3])) << 48
    }

    /// [`scan`] of a whole 64-byte stretch of ASCII, as four chunks side by side with no loop: the loop, which must
    /// stop at the first chunk with a non-ASCII byte, kept its five masks and its bounds on the stack and cost
    /// about 110 instructions a chunk; this costs about 30. `None` when a byte is not ASCII: the loop decides then.
    #[inline(always)]
    fn scan_full(
        folded: &[u8],
        original: &[u8],
        word_before: bool,
        punct: &PunctStarts,
        classes: &[u8; 256],
    ) -> Option<Block> {
        let x = four(folded);
        if each(&x, Chunk::non_ascii) != 0 {
            return None;
        }
        let letter = each(&x, |c| c.within(b'a', b'z'));
        let word = letter | each(&x, |c| c.within(b'0', b'9') | c.equal(b'_'));
        let starts_punct = match punct.many {
            true => punct_by_class(&folded[..64], classes),
            false => each(&x, |c| punct_in(c, punct)),
        };
        let capital = each(&four(original), |c| c.within(b'A', b'Z'));
        let word_before = word << 1 | u64::from(word_before);
        Some(Block {
            len: 64,
            starts: word & !word_before | starts_punct,
            not_small: capital | !letter,
            last_is_word: classes[folded[63] as usize] & byte_class::WORD != 0,
        })
    }
}

#[inline]
fn starts_word(bytes: &[u8], start: usize) -> bool {
    match bytes.get(start) {
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => true,
        None => false,
    }
}

#[inline]
fn is_word_before(hay: &str, start: usize) -> bool {
    if start == 0 {
        return false;
    }
    let b = hay.as_bytes()[start - 1];
    if b < 0x80 {
        return b.is_ascii_alphanumeric() || b == b'_';
    }
    hay[..start].chars().next_back().is_some_and(is_word_char)
}

#[inline]
fn ends_word(hay: &str, end: usize) -> bool {
    let b = hay.as_bytes()[end - 1];
    if b < 0x80 {
        return b.is_ascii_alphanumeric() || b == b'_';
    }
    hay[..end].chars().next_back().is_some_and(is_word_char)
}

/// Whether the word goes on after `end`. An apostrophe followed by a letter continues the word (`Xi'an`,
/// `O'Neill`), except the possessive `'s`.
#[inline]
fn is_word_after(hay: &str, end: usize) -> bool {
    let bytes = hay.as_bytes();
    match bytes.get(end) {
        None => false,
        Some(b'\'') => !is_possessive(bytes, end) && hay[end + 1..].chars().next().is_some_and(chars::is_alphabetic),
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => hay[end..].chars().next().is_some_and(is_word_char),
    }
}

/// `'s` right after the match and then not a letter (the folded text has straight apostrophes only).
#[inline]
fn is_possessive(bytes: &[u8], end: usize) -> bool {
    bytes.get(end) == Some(&b'\'')
        && bytes.get(end + 1) == Some(&b's')
        && bytes.get(end + 2).is_none_or(|&b| !(b.is_ascii_alphanumeric() || b >= 0x80))
}

/// Records as [`Reason::LostToLonger`] every whole-word, case-fitting match that starts inside `span` (a mention)
/// and is not the mention itself: what leftmost-longest hid (`Chinese` in `Chinese Ministry of Foreign Affairs`).
///
/// For explanations only: it folds the stretch of text again and walks the automaton from every word start.
pub(crate) fn hidden_matches(gazetteer: &Gazetteer, original: &str, span: Span, out: &mut Vec<Rejection>) {
    let mut end = (span.end + 64).min(original.len());
    while !original.is_char_boundary(end) {
        end -= 1;
    }
    let stretch = &original[span.start..end];
    let mut folded = Folded::new();
    folded.fold_from(stretch);
    let scan = Candidates::new(gazetteer, stretch, &folded);
    let hay = folded.as_str();
    let automaton = &gazetteer.inner.automaton;
    let mut ends = Vec::new();
    for (start, _) in hay.char_indices() {
        if start > 0 && (!starts_word(hay.as_bytes(), start) || is_word_before(hay, start)) {
            continue;
        }
        let Some(at) = folded.original_span(stretch, start, start + 1).map(|s| s.start) else { continue };
        if span.start + at >= span.end {
            break;
        }
        ends.clear();
        automaton.prefixes(hay.as_bytes(), start, &mut ends);
        for m in ends.iter().rev() {
            if let Ok(c) = scan.accept(start, m.end, m.pattern) {
                let found = Span { start: span.start + c.span.start, end: span.start + c.span.end };
                if found != span {
                    out.push(Rejection {
                        span: found,
                        pattern: Some(c.pattern),
                        entity: None,
                        reason: Reason::LostToLonger,
                    });
                }
            }
        }
    }
}

/// One raw alias match: where, which entity, through which alias kind. See [`Gazetteer::find_iter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RawMatch {
    /// Span in the original text.
    pub span: Span,
    /// The entity of the first alias (strongest kind first) of the matched pattern that accepts the text's case.
    pub entity: EntityId,
    /// That alias's kind.
    pub alias_kind: AliasKind,
    /// Whether the match is followed by a possessive `'s`.
    pub possessive: bool,
}

/// Iterator over the raw alias matches of a text, from [`Gazetteer::find_iter`].
pub struct FindIter<'g> {
    gazetteer: &'g Gazetteer,
    matches: std::vec::IntoIter<RawMatch>,
}

impl Iterator for FindIter<'_> {
    type Item = RawMatch;

    fn next(&mut self) -> Option<RawMatch> {
        self.matches.next()
    }
}

impl FusedIterator for FindIter<'_> {}

impl std::fmt::Debug for FindIter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FindIter").field("gazetteer", self.gazetteer).field("remaining", &self.matches.len()).finish()
    }
}

impl Gazetteer {
    /// Every whole-word alias match in `text`, leftmost-longest, before resolution: no weak-alias anchoring, no
    /// disambiguation. Most users want [`Extractor::extract`](crate::Extractor::extract) instead; this is the raw
    /// matcher, for inspecting a gazetteer.
    ///
    /// # Examples
    ///
    /// ```
    /// use newsgraph::Gazetteer;
    ///
    /// let g = Gazetteer::default();
    /// let text = "Serbian President Aleksandar Vučić met us in the U.S. capital.";
    /// let found: Vec<&str> = g.find_iter(text).map(|m| &text[m.span.range()]).collect();
    /// assert_eq!(found, ["Serbian", "Aleksandar Vučić", "U.S."]);
    /// ```
    pub fn find_iter(&self, text: &str) -> FindIter<'_> {
        let mut folded = Folded::new();
        folded.fold_from(text);
        let matches: Vec<RawMatch> = Candidates::new(self, text, &folded)
            .filter_map(|c| {
                let surface = &text[c.span.range()];
                let alias = self.pattern_aliases(c.pattern as usize).find(|a| a.accepts_surface(surface))?;
                Some(RawMatch { span: c.span, entity: alias.entity, alias_kind: alias.kind, possessive: c.possessive })
            })
            .collect();
        FindIter { gazetteer: self, matches: matches.into_iter() }
    }
}

#[cfg(test)]
mod tests {
    use crate::entity::EntityKind;
    use crate::gazetteer::{Gazetteer, GazetteerBuilder};
    use crate::text::normalize::Folded;

    /// The block scan, one byte at a time.
    fn block_slowly(folded: &[u8], original: &[u8], word_before: bool, classes: &[u8; 256]) -> super::block::Block {
        use crate::gazetteer::automaton::is_punct_start;
        let is_word = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
        let len = folded.iter().position(|b| !b.is_ascii()).unwrap_or(folded.len());
        let (mut starts, mut not_small) = (0u64, 0u64);
        for i in 0..len {
            let before = if i == 0 { word_before } else { is_word(folded[i - 1]) };
            if (is_word(folded[i]) && !before) || is_punct_start(classes[folded[i] as usize]) {
                starts |= 1 << i;
            }
            if !original[i].is_ascii_lowercase() {
                not_small |= 1 << i;
            }
        }
        super::block::Block { len, starts, not_small, last_is_word: len > 0 && is_word(folded[len - 1]) }
    }

    #[test]
    fn the_block_scan_agrees_with_a_byte_loop() {
        use crate::gazetteer::automaton::{PunctStarts, byte_class, byte_classes};
        let few = byte_classes(&["'akilisi".into(), "-x".into(), "ab".into()]);
        let mut many = few;
        for b in *b"!#$%&(" {
            many[b as usize] |= byte_class::FIRST;
        }
        for (classes, is_many) in [(&few, false), (&many, true)] {
            let punct = PunctStarts::new(classes);
            assert_eq!(punct.many, is_many);
            // Every byte value (as folded text, and its original with capitals), at every offset of the chunks.
            for other in 0..=255u8 {
                for at in [0, 1, 6, 7, 8, 9, 31, 55, 62, 63] {
                    let mut original: Vec<u8> = b"Ab c_D9 'Akilisi -x ab-AB x'y Z(z) qq!q#A%&(b__ 77 THE end.UN ok"
                        .iter()
                        .copied()
                        .cycle()
                        .take(64)
                        .collect();
                    original[at] = other;
                    let folded = original.to_ascii_lowercase();
                    for len in [64, 63, 40, 17, 16, 15, 9, 8, 1, 0] {
                        for word_before in [false, true] {
                            // The scan reads past the stretch (the text goes on), but must not answer for it.
                            let fast = super::block::scan(&folded, &original, len, word_before, &punct, classes);
                            let (folded, original) = (&folded[..len], &original[..len]);
                            let slow = block_slowly(folded, original, word_before, classes);
                            assert_eq!(fast, slow, "{:?} {word_before}", String::from_utf8_lossy(original));
                        }
                    }
                }
            }
        }
    }

    /// Candidates found the plain way: every character boundary of the folded text is a possible start (where a
    /// pattern starts with its byte and it does not continue a word), and the whole automaton is walked there. No
    /// block scan, no sifting, no trie of uncapitalised patterns.
    fn candidates_slowly(g: &Gazetteer, text: &str) -> Vec<super::Candidate> {
        use super::{Candidates, PrefixMatch, byte_class, is_word_char};
        let mut folded = Folded::new();
        folded.fold_from(text);
        let checker = Candidates::new(g, text, &folded);
        let hay = folded.as_str();
        let mut found = Vec::new();
        let mut at = 0;
        let mut ends = Vec::new();
        for (start, c) in hay.char_indices() {
            let word_before = hay[..start].chars().next_back().is_some_and(is_word_char);
            let first = g.inner.byte_classes[hay.as_bytes()[start] as usize] & byte_class::FIRST != 0;
            if start < at || !first || (is_word_char(c) && word_before) {
                continue;
            }
            ends.clear();
            g.inner.automaton.prefixes(hay.as_bytes(), start, &mut ends);
            if let Some((end, candidate)) = ends
                .iter()
                .rev()
                .find_map(|&PrefixMatch { end, pattern }| Some((end, checker.accept(start, end, pattern).ok()?)))
            {
                found.push(candidate);
                at = end;
            }
        }
        found
    }

    fn shipped() -> &'static Gazetteer {
        static SHIPPED: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(Gazetteer::default)
    }

    /// Pieces of text that exercise the scan: aliases in every case, punctuation that starts aliases, curly
    /// quotes and other characters that fold to another length, non-Latin scripts, and long ASCII runs.
    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "Putin",
            "putin",
            "PUTIN",
            "Xi",
            "XI",
            "Xi\u{2019}s",
            "Xi's",
            "the Gulf",
            "the gulf",
            "The Gulf",
            "al-Qaeda",
            "Al-Qaeda",
            "U.S.",
            "US",
            "us",
            "U.S. Congressmen",
            "'Akilisi Pohiva",
            "- Sultan Mizan Zainal Abidin",
            "10 Downing Street",
            "Vu\u{10d}i\u{107}",
            "Stra\u{df}e",
            "\u{200b}",
            "\u{c9}lys\u{e9}e",
            "\u{e9}lys\u{e9}e",
            "\u{420}\u{43e}\u{441}\u{441}\u{438}\u{44f}",
            "\u{4e2d}\u{56fd}",
            "\u{2014}",
            "\u{2019}",
            "\u{201c}",
            ".",
            ",",
            " ",
            " ",
            " ",
            "\n",
            "-",
            "'",
            "(",
            "Russia",
            "Russian",
            "russia",
            "China",
            "chinese",
            "de Klerk",
            "De Klerk",
            "van der Bellen",
            "dpa",
            "DPA",
            "United States of America",
            "united",
            "x",
            "words and more",
            "Kim Jong Un",
            "\u{130}zmir",
            "\u{d6}zal",
            "9",
            "_",
            "Erdo\u{11f}an",
        ])
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The block scan, the sifting of starts and the small trie find exactly what walking everywhere finds.
        #[test]
        fn the_fast_scan_finds_what_walking_everywhere_finds(
            pieces in proptest::collection::vec(piece(), 0..60),
            any in ".{0,40}",
        ) {
            let text = pieces.concat() + &any;
            let g = shipped();
            let mut folded = Folded::new();
            folded.fold_from(&text);
            let fast: Vec<_> = super::Candidates::new(g, &text, &folded).collect();
            proptest::prop_assert_eq!(fast, candidates_slowly(g, &text), "{:?}", text);
        }
    }

    #[test]
    fn the_fast_scan_finds_what_walking_everywhere_finds_in_the_sample_article() {
        let text = include_str!("../tests/data/putin-xi-2025.txt");
        let mut folded = Folded::new();
        folded.fold_from(text);
        let fast: Vec<_> = super::Candidates::new(shipped(), text, &folded).collect();
        assert!(fast.len() > 50);
        assert_eq!(fast, candidates_slowly(shipped(), text));
    }

    fn gazetteer() -> Gazetteer {
        GazetteerBuilder::new()
            .defaults(false)
            .add_text(
                "countries.tsv",
                EntityKind::Country,
                "id\tname\taliases\tacronyms\tdemonyms\n\
USA\tUnited States\tUnited States of America|U.S.|America\tUS\tAmerican\n\
RUS\tRussia\t\t\tRussian\n\
CHN\tChina\t\tPRC\tChinese\n",
            )
            .add_text(
                "organisations.tsv",
                EntityKind::Organisation,
                "id\tname\tacronyms\tcountry\n\
us-congress\tU.S. Congress\t\tUSA\n\
cn-mfa\tChinese Ministry of Foreign Affairs\t\tCHN\n\
who\tWorld Health Organization\tWHO\t\n",
            )
            .add_text("leaders.tsv", EntityKind::Leader, "id\tname\tweak\tcountry\nxi-jinping\tXi Jinping\tXi\tCHN\n")
            .build()
            .unwrap()
    }

    fn found(text: &str) -> Vec<(&str, String, bool)> {
        let g = gazetteer();
        g.find_iter(text)
            .map(|m| (&text[m.span.range()], g.entity(m.entity).id.clone(), m.possessive))
            .collect::<Vec<_>>()
    }

    fn surfaces(text: &str) -> Vec<&str> {
        found(text).into_iter().map(|(s, _, _)| s).collect()
    }

    #[test]
    fn leftmost_longest() {
        assert_eq!(
            surfaces("the United States of America and the United States"),
            ["United States of America", "United States"]
        );
        assert_eq!(surfaces("the Chinese Ministry of Foreign Affairs said"), ["Chinese Ministry of Foreign Affairs"]);
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(surfaces("Russians, Russian, Russia"), ["Russian", "Russia"]);
        assert!(surfaces("Belarussia Chinaware Xiamen").is_empty());
        assert_eq!(surfaces("(Russia)"), ["Russia"]);
        assert_eq!(surfaces("Russia."), ["Russia"]);
        assert_eq!(surfaces("Russia2 2Russia"), Vec::<&str>::new());
    }

    #[test]
    fn a_failed_longer_candidate_does_not_hide_a_shorter_one() {
        assert_eq!(surfaces("U.S. Congressmen met"), ["U.S."]);
        assert_eq!(surfaces("U.S. Congress met"), ["U.S. Congress"]);
    }

    #[test]
    fn possessives_match_the_entity() {
        assert_eq!(found("Xi's visit"), vec![("Xi", "xi-jinping".to_string(), true)]);
        assert_eq!(found("XI’s position"), vec![("XI", "xi-jinping".to_string(), true)]);
        assert_eq!(found("Russia’s war"), vec![("Russia", "RUS".to_string(), true)]);
        assert_eq!(found("Russia's"), vec![("Russia", "RUS".to_string(), true)]);
        assert_eq!(found("Xi'an"), vec![]);
    }

    #[test]
    fn case_sensitive_acronyms() {
        assert_eq!(surfaces("US troops told us"), ["US"]);
        assert_eq!(surfaces("the WHO said who knows"), ["WHO"]);
        assert_eq!(surfaces("fine china from China"), ["China"]);
    }

    #[test]
    fn diacritics_and_non_ascii_neighbours() {
        let g = GazetteerBuilder::new()
            .defaults(false)
            .add_text("countries.tsv", EntityKind::Country, "id\tname\nSRB\tSerbia\n")
            .add_text(
                "leaders.tsv",
                EntityKind::Leader,
                "id\tname\taliases\tcountry\nvucic\tAleksandar Vučić\tVucic\tSRB\n",
            )
            .build()
            .unwrap();
        for text in ["Aleksandar Vucic spoke", "Aleksandar Vučić spoke", "«Vučić»", "VUČIĆ", "Vučićem"] {
            let found: Vec<&str> = g.find_iter(text).map(|m| &text[m.span.range()]).collect();
            match text {
                "Vučićem" => assert!(found.is_empty(), "{text}: {found:?}"),
                _ => assert_eq!(found.len(), 1, "{text}: {found:?}"),
            }
        }
        let text = "Zürich–Vučić–Ñandú";
        let m: Vec<_> = g.find_iter(text).collect();
        assert_eq!(&text[m[0].span.range()], "Vučić");
    }
}
