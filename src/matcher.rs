//! Finding gazetteer aliases in text: whole words only, by walking the alias automaton from each word start of the
//! folded text.
//!
//! Matching is leftmost-longest ("United States of America" beats "United States"). A candidate can fail after the
//! automaton reports it: a word boundary (`Russia` inside `Russias`), a letter-case rule (`us` is not `US`), or an
//! end inside one expanded character. A failed candidate must not hide a valid shorter match at the same start
//! ("U.S. Congressmen": `U.S. Congress` fails, `U.S.` is right), so the walk from a start collects every alias that
//! ends along it and they are tried longest first before the scan moves on. Positions inside a word are skipped
//! with one table lookup: no match may start there, so they need no automaton transition at all (see the private
//! `gazetteer::automaton` module).

use crate::explain::{Reason, Rejection};
use crate::gazetteer::automaton::{PrefixMatch, byte_class};
use crate::gazetteer::{AliasKind, Gazetteer};
use crate::span::{EntityId, Span};
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
pub(crate) struct Candidates<'g, 'h, 'r> {
    gazetteer: &'g Gazetteer,
    original: &'h str,
    folded: &'h Folded,
    at: usize,
    rejected: Option<&'r mut Vec<Rejection>>,
    /// The aliases ending along the current walk, shortest first.
    ends: Vec<PrefixMatch>,
    /// Whether the character before `at` is a word character.
    word_before_at: bool,
    /// Place in the folded text's edits, for mapping word starts (which only increase) to the original.
    edit_cursor: usize,
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
        }
    }

    /// Also records the rejected whole-word candidates into `rejected`.
    pub(crate) fn record(mut self, rejected: &'r mut Vec<Rejection>) -> Candidates<'g, 'h, 'r> {
        self.rejected = Some(rejected);
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
        while let Some(start) = self.next_start() {
            let mut ends = std::mem::take(&mut self.ends);
            ends.clear();
            // Where the original's first character is a letter but not a capital, only the few patterns that may
            // match uncapitalised can be accepted; the rest would fail the case check. Explanations want those
            // failures, so they walk everything.
            match &inner.uncapitalised {
                Some(few) if self.rejected.is_none() && self.uncapitalised_at(start) => {
                    few.prefixes(bytes, start, |end, pattern| ends.push(PrefixMatch { end, pattern }));
                }
                _ => inner.automaton.prefixes(bytes, start, &mut ends),
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
                self.at = end;
                self.word_before_at = is_word_before(hay, end);
                return Some(candidate);
            }
        }
        None
    }
}

impl Candidates<'_, '_, '_> {
    /// Whether the original character at folded offset `start` is a letter and not a capital: where no
    /// capitalised alias can match (see [`Alias::accepts_surface`](crate::gazetteer::Alias)).
    #[inline]
    fn uncapitalised_at(&mut self, start: usize) -> bool {
        let Some(at) = self.folded.original_start_scanning(start, &mut self.edit_cursor) else { return false };
        match self.original.as_bytes().get(at) {
            Some(&b) if b < 0x80 => b.is_ascii_lowercase(),
            Some(_) => self.original[at..].chars().next().is_some_and(|c| c.is_alphabetic() && !c.is_uppercase()),
            None => false,
        }
    }

    /// The next position from `at` on where a match may start, leaving `at` just after its character: some pattern
    /// starts with its byte, and it does not continue a word (a match that starts with a word character must start
    /// the word). One pass, carrying whether the previous character is a word character.
    #[inline]
    fn next_start(&mut self) -> Option<usize> {
        let hay = self.folded.as_str();
        let bytes = hay.as_bytes();
        let classes = &self.gazetteer.inner.byte_classes;
        let mut word_before = self.word_before_at;
        let mut at = self.at;
        let found = loop {
            if word_before {
                // Inside a word, nothing starts: skip the rest of its ASCII letters, eight at a time.
                at = skip_word_bytes(bytes, at);
            }
            let Some(&b) = bytes.get(at) else { break None };
            let class = classes[b as usize];
            if class & byte_class::NON_ASCII == 0 {
                let word = class & byte_class::WORD != 0;
                let eligible = class & byte_class::FIRST != 0 && !(word && word_before);
                word_before = word;
                at += 1;
                if eligible {
                    break Some(at - 1);
                }
            } else {
                // Lead byte of a multi-byte character (the text is valid UTF-8, so `at` is on a boundary here): a
                // match starting with it starts a word only after a non-word character.
                let c = hay[at..].chars().next().unwrap_or('\u{FFFD}');
                let eligible = class & byte_class::FIRST != 0 && !word_before;
                word_before = is_word_char(c);
                at += c.len_utf8();
                if eligible {
                    break Some(at - c.len_utf8());
                }
            }
        };
        self.at = at;
        self.word_before_at = word_before;
        found
    }
}

impl FusedIterator for Candidates<'_, '_, '_> {}

/// The first position from `at` on that is not an ASCII lower-case letter, digit or `_` (the ASCII word bytes of
/// folded text, which has no capitals), tested eight bytes at a time: a byte loop mispredicted its exit at the end
/// of every word.
#[inline]
fn skip_word_bytes(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(&[a, b, c, d, e, f, g, h]) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes([a, b, c, d, e, f, g, h]);
        let low = x & !HIGH;
        // Per byte, with no carry into the next (every sum stays under 0x100): the high bit of `low + 0x80 - lo`
        // is set when the byte is `lo` or more, that of `low + 0x7f - hi` when it is above `hi`.
        let within = |lo: u8, hi: u8| (low + ONES * u64::from(0x80 - lo)) & !(low + ONES * u64::from(0x7f - hi));
        let word = (within(b'a', b'z') | within(b'0', b'9') | within(b'_', b'_')) & !x & HIGH;
        let other = !word & HIGH;
        if other != 0 {
            return at + (other.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while bytes.get(at).is_some_and(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        at += 1;
    }
    at
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
        Some(b'\'') => !is_possessive(bytes, end) && hay[end + 1..].chars().next().is_some_and(|c| c.is_alphabetic()),
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

    #[test]
    fn skipping_word_bytes_eight_at_a_time_agrees_with_a_byte_loop() {
        use super::skip_word_bytes;
        let slow = |bytes: &[u8], mut at: usize| {
            while bytes.get(at).is_some_and(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                at += 1;
            }
            at
        };
        // Every byte value next to word bytes, at every offset of a chunk.
        for other in 0..=255u8 {
            for len in 0..20 {
                let mut bytes: Vec<u8> = b"az09_qm_x7az09_qm_x7".iter().copied().take(len).collect();
                bytes.push(other);
                bytes.extend_from_slice(b"abc");
                for at in 0..bytes.len() {
                    assert_eq!(skip_word_bytes(&bytes, at), slow(&bytes, at), "{bytes:?} from {at}");
                }
            }
        }
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
