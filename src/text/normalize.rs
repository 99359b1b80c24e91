//! Folding text for matching, with a map from every folded byte back to the original text.
//!
//! Aliases and documents are both folded the same way, so an alias matches however the text spells it:
//! Unicode lower case, diacritics removed (`Vučić` → `vucic`, `Erdoğan` → `erdogan`), compatibility forms
//! unified (ligatures, full-width letters, no-break spaces), curly apostrophes and quotes made straight, dashes made
//! `-`, invisible characters (zero-width spaces and joiners, soft hyphens, byte-order marks) dropped, and white space
//! inside a paragraph made one space (`Vladimir\nPutin` wrapped at a line end, `United  Nations`; a blank line still
//! parts two words for good). A few letters that Unicode does not decompose are spelled out the way English news
//! transliterates them (`ß` → `ss`, `ø` → `o`, `ł` → `l`, `đ` → `d`, `æ` → `ae`).
//!
//! Matches are found in the folded text and mapped back with [`Folded::original_span`]. A folded match that starts
//! or ends inside the expansion of one original character (the first `s` of `ß` → `ss`) maps to nothing: it cannot
//! be a whole word of the original.

use super::simd::Chunk;
use crate::span::Span;
use std::ops::Range;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A folded copy of a text plus the offset map back to the original.
///
/// Reuse one `Folded` across documents ([`Folded::fold_from`]) to avoid allocating per document.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    text: String,
    /// The characters whose fold changed their length or split them (`’` → `'`, `é` → `e`, `ß` → `ss`, a dropped
    /// zero-width space), in text order. Between two of them folded and original offsets differ by a constant, so
    /// the map costs nothing for ASCII text and a few entries for typical news text, instead of an offset per byte.
    edits: Vec<Edit>,
    original_len: usize,
    /// Folds of the non-ASCII characters seen lately, by the character's low eight bits: text in another script
    /// repeats a few dozen letters, and `fold_char` (case mapping and decomposition, searched in Unicode's tables)
    /// was a fifth of the time on Russian text.
    cache: Vec<CachedFold>,
}

/// A character and its fold, when that is at most three characters (`\0` padded).
#[derive(Clone, Copy, Debug)]
struct CachedFold {
    from: char,
    len: u8,
    to: [char; 3],
}

/// One character whose fold is not a same-length single character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Edit {
    folded: u32,
    folded_len: u32,
    original: u32,
    original_len: u32,
}

impl Edit {
    fn folded_end(&self) -> usize {
        (self.folded + self.folded_len) as usize
    }

    fn original_end(&self) -> usize {
        (self.original + self.original_len) as usize
    }
}

impl Folded {
    /// An empty buffer.
    pub fn new() -> Folded {
        Folded::default()
    }

    /// Folds `original`, replacing this buffer's previous content.
    ///
    /// # Panics
    ///
    /// Panics when `original` is 4 GiB or larger (offsets are stored as `u32`); the extractor's document size limit
    /// keeps inputs far below that.
    pub fn fold_from(&mut self, original: &str) {
        assert!(original.len() < u32::MAX as usize, "document of {} bytes is too large to fold", original.len());
        self.text.clear();
        self.edits.clear();
        self.original_len = original.len();
        self.text.reserve(original.len());
        let bytes = original.as_bytes();
        let white = has_odd_white_space(bytes);
        let mut at = 0;
        while at < bytes.len() {
            // ASCII runs are copied and lower-cased in bulk: they keep their length, so they need no map entry.
            let run = super::simd::next_non_ascii(bytes, at);
            if run > at {
                push_ascii(&mut self.text, Some(&mut self.edits), original, at..run, white);
                at = run;
                continue;
            }
            let c = original[at..].chars().next().unwrap_or('\u{FFFD}');
            let before = self.text.len();
            self.fold_cached(c);
            let folded_len = self.text.len() - before;
            let same_single = folded_len == c.len_utf8() && self.text[before..].chars().nth(1).is_none();
            if !same_single {
                self.edits.push(Edit {
                    folded: before as u32,
                    folded_len: folded_len as u32,
                    original: at as u32,
                    original_len: c.len_utf8() as u32,
                });
            }
            at += c.len_utf8();
        }
    }

    /// Appends the fold of `c` (not ASCII), from the cache when it holds `c`.
    #[inline]
    fn fold_cached(&mut self, c: char) {
        if self.cache.is_empty() {
            // ASCII is never looked up, so `\0` marks an empty slot.
            self.cache = vec![CachedFold { from: '\0', len: 0, to: ['\0'; 3] }; 256];
        }
        let slot = &mut self.cache[(c as u32 & 0xff) as usize];
        if slot.from == c {
            for &d in &slot.to[..slot.len as usize] {
                self.text.push(d);
            }
            return;
        }
        let before = self.text.len();
        fold_char(c, &mut self.text);
        let mut to = ['\0'; 3];
        let mut len = 0;
        for d in self.text[before..].chars() {
            match to.get_mut(len) {
                Some(t) => *t = d,
                None => return,
            }
            len += 1;
        }
        *slot = CachedFold { from: c, len: len as u8, to };
    }

    /// The folded text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether offsets are the identity (no character changed length when folded, as in ASCII text).
    #[inline]
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// The last edit at or before folded offset `pos`.
    #[inline]
    fn edit_before(&self, pos: usize) -> Option<&Edit> {
        let n = self.edits.partition_point(|e| e.folded as usize <= pos);
        n.checked_sub(1).map(|i| &self.edits[i])
    }

    /// [`original_start`](Self::original_start) for a scan whose positions never decrease: `cursor` (0 at the
    /// start of the scan) keeps the place in the edits, so a whole scan costs one pass over them instead of a
    /// binary search per position.
    #[inline]
    pub(crate) fn original_start_scanning(&self, pos: usize, cursor: &mut usize) -> Option<usize> {
        while self.edits.get(*cursor).is_some_and(|e| e.folded as usize <= pos) {
            *cursor += 1;
        }
        match cursor.checked_sub(1).map(|i| &self.edits[i]) {
            _ if pos > self.text.len() => None,
            None => Some(pos),
            Some(e) if pos == e.folded as usize && e.folded_len > 0 => Some(e.original as usize),
            Some(e) if pos < e.folded_end() => None,
            Some(e) => Some(e.original_end() + (pos - e.folded_end())),
        }
    }

    /// From folded offset `pos`, scanning like [`original_start_scanning`](Self::original_start_scanning): where
    /// the stretch that starts there and keeps a constant offset to the original ends (the next edit, or the end
    /// of the text), and the original offset of `pos`. `None` when `pos` is inside an edit (the fold of one
    /// character that changed length), which has no constant offset. In such a stretch every ASCII byte of the
    /// folded text is the same character as the original byte at the same distance, perhaps in another case: a
    /// non-ASCII character never folds to ASCII of its own length.
    #[inline]
    pub(crate) fn unedited_from(&self, pos: usize, cursor: &mut usize) -> Option<(usize, usize)> {
        while self.edits.get(*cursor).is_some_and(|e| e.folded as usize <= pos) {
            *cursor += 1;
        }
        let original = match cursor.checked_sub(1).map(|i| &self.edits[i]) {
            _ if pos > self.text.len() => return None,
            None => pos,
            Some(e) if pos < e.folded_end() => return None,
            Some(e) => e.original_end() + (pos - e.folded_end()),
        };
        let end = self.edits.get(*cursor).map_or(self.text.len(), |e| e.folded as usize);
        Some((end, original))
    }

    /// The original offset of the character that starts at folded offset `pos`; `None` when `pos` falls inside
    /// the expansion of one original character. `pos == len` maps to the original's length.
    #[inline]
    pub fn original_start(&self, pos: usize) -> Option<usize> {
        if pos > self.text.len() {
            return None;
        }
        match self.edit_before(pos) {
            None => Some(pos),
            Some(e) if pos == e.folded as usize && e.folded_len > 0 => Some(e.original as usize),
            Some(e) if pos < e.folded_end() => None,
            Some(e) => Some(e.original_end() + (pos - e.folded_end())),
        }
    }

    /// The original offset just past the character whose fold ends at folded offset `end` (exclusive); `None` when
    /// `end` falls inside the expansion of one original character or is 0.
    #[inline]
    pub fn original_end(&self, end: usize) -> Option<usize> {
        if end == 0 || end > self.text.len() {
            return None;
        }
        let last = end - 1;
        match self.edit_before(last) {
            None => Some(end),
            Some(e) if last < e.folded_end() => (end == e.folded_end()).then(|| e.original_end()),
            Some(e) => Some(e.original_end() + (end - e.folded_end())),
        }
    }

    /// Maps the folded range `start..end` back to the original text.
    ///
    /// Returns `None` when either end falls inside the expansion of a single original character, or the range is
    /// empty. The returned span lies on char boundaries of the original, and ends after any combining marks of its
    /// last character.
    #[inline]
    pub fn original_span(&self, original: &str, start: usize, end: usize) -> Option<Span> {
        debug_assert_eq!(original.len(), self.original_len);
        if start >= end {
            return None;
        }
        let start = self.original_start(start)?;
        let mut end = self.original_end(end)?;
        // Folding dropped the combining marks after the last character, but they belong to it: a name in
        // decomposed form (`Vuc\u{30C}ic\u{301}`) ends after its last accent, not in the middle of a letter.
        // (`get`, because callers may map a byte range that does not end on a char boundary to learn its start.)
        if let Some(rest) = original.get(end..).filter(|rest| rest.as_bytes().first().is_some_and(|&b| b >= 0x80)) {
            end += rest.chars().take_while(|&c| is_combining_mark(c)).map(char::len_utf8).sum::<usize>();
        }
        Some(Span { start, end })
    }
}

/// Folds one string (an alias, a query) the same way documents are folded.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let white = has_odd_white_space(bytes);
    let mut at = 0;
    while at < bytes.len() {
        let run = super::simd::next_non_ascii(bytes, at);
        if run > at {
            push_ascii(&mut out, None, s, at..run, white);
            at = run;
            continue;
        }
        let c = s[at..].chars().next().unwrap_or('\u{FFFD}');
        fold_char(c, &mut out);
        at += c.len_utf8();
    }
    out
}

/// Whether `bytes` holds white space that is not single spaces (a tab, a line end, two spaces in a row): two
/// vectorised searches over a whole text, so that the texts without any (most) fold with no further look at it.
fn has_odd_white_space(bytes: &[u8]) -> bool {
    if bytes.len() < 256 {
        // Setting the searches up would cost more than looking (a word looked up, an alias): sixteen bytes at a
        // time, fifteen apart so that every pair of neighbours is inside one load. (`\t..=\r` takes in the
        // vertical tab and the form feed, which only send the run the slower way.)
        let mut at = 0;
        while at < bytes.len() {
            let chunk = Chunk::load(bytes, at);
            let spaces = chunk.equal(b' ');
            if chunk.within(b'\t', b'\r') != 0 || spaces & (spaces >> 1) != 0 {
                return true;
            }
            at += 15;
        }
        return false;
    }
    memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_some() || double_spaces().find(bytes).is_some()
}

/// Appends `ascii` to `out`, lower-cased.
#[inline]
fn push_lower(out: &mut String, ascii: &str) {
    let start = out.len();
    out.push_str(ascii);
    out[start..].make_ascii_lowercase();
}

/// Appends the ASCII run `original[at..end]` to `out`, lower-cased. White space within a paragraph that is not one
/// space (a line break, a tab, `\r\n`, two spaces) becomes one space, so that a name wrapped or spaced apart
/// (`Vladimir\nPutin`, `United  States`) still matches; white space holding two or more line breaks is a paragraph
/// break and keeps its width (as spaces), so that no name matches across it. Shortened white space is recorded in
/// `edits`, when given, for the map back to the original. `white` says whether the text has such white space at
/// all ([`has_odd_white_space`]); when it has none, the run is only copied.
fn push_ascii(out: &mut String, mut edits: Option<&mut Vec<Edit>>, original: &str, run: Range<usize>, white: bool) {
    if !white {
        push_lower(out, &original[run]);
        return;
    }
    let at = run.start;
    let bytes = &original.as_bytes()[run];
    let lower = |out: &mut String, from: usize, to: usize| push_lower(out, &original[from..to]);
    // The searches jump from one such gap to the next, and what lies between (single spaces included) is copied
    // whole; each search's answer is kept until passed, so that no stretch is searched twice.
    let search_controls =
        |from: usize| memchr::memchr3(b'\t', b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |k| from + k);
    let search_doubles = |from: usize| double_spaces().find(&bytes[from..]).map_or(bytes.len(), |k| from + k);
    let (mut control, mut double) = (search_controls(0), search_doubles(0));
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let mut pos = 0;
    while pos < bytes.len() {
        if control < pos {
            control = search_controls(pos);
        }
        if double < pos {
            double = search_doubles(pos);
        }
        // The gap starts at the first of the spaces before the control character or the double space.
        let mut gap = control.min(double);
        while gap > pos && bytes[gap - 1] == b' ' {
            gap -= 1;
        }
        lower(out, at + pos, at + gap);
        if gap == bytes.len() {
            break;
        }
        let gap_end = gap + bytes[gap..].iter().take_while(|b| space(b)).count();
        let blank = &bytes[gap..gap_end];
        // A line ends at `\n`, and at a `\r` not followed by one (`\r\n` is one line end).
        let line_ends = blank
            .iter()
            .enumerate()
            .filter(|&(k, &b)| b == b'\n' || (b == b'\r' && blank.get(k + 1) != Some(&b'\n')))
            .count();
        if line_ends >= 2 {
            out.extend(std::iter::repeat_n(' ', blank.len()));
        } else {
            if blank.len() > 1
                && let Some(edits) = edits.as_deref_mut()
            {
                edits.push(Edit {
                    folded: out.len() as u32,
                    folded_len: 1,
                    original: (at + gap) as u32,
                    original_len: blank.len() as u32,
                });
            }
            out.push(' ');
        }
        pos = gap_end;
    }
}

/// The searcher for two spaces, built once.
fn double_spaces() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(b"  "))
}

/// Appends the folded form of `c` to `out` (possibly nothing, possibly several chars).
#[inline]
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        // Apostrophes and primes: news sites mix them freely in possessives (`Xi’s`).
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{FF07}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' | '\u{FF02}' => {
            out.push('"')
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => out.push('-'),
        // Invisible characters would otherwise split a name in two. Bidirectional marks and embeddings belong here
        // too: right-to-left news wraps Latin names in them (`\u{2067}Putin\u{2069}`).
        '\u{00AD}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => {}
        'ß' | 'ẞ' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'ð' | 'Ð' => out.push('d'),
        'þ' | 'Þ' => out.push_str("th"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ı' => out.push('i'),
        'ħ' | 'Ħ' => out.push('h'),
        _ => {
            for lower in c.to_lowercase() {
                decompose_compatible(lower, |d| {
                    if !is_combining_mark(d) {
                        // Compatibility forms may decompose to upper case (`Ⅻ` → `XII`); fold those too.
                        if d.is_ascii() {
                            out.push(d.to_ascii_lowercase());
                        } else {
                            out.extend(d.to_lowercase());
                        }
                    }
                });
            }
        }
    }
}

/// Whether `c` is part of a word for boundary checks: letters, digits, combining marks and `_`.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() || c == '_' } else { super::chars::is_alphanumeric_or_mark(c) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fold_cache_changes_nothing() {
        // `é` and `ϩ` share a cache slot (their low eight bits), `ﷺ` folds to more characters than a slot holds,
        // the zero-width space to none, `ß` to two, `Ǆ` to two letters and a combining mark dropped.
        let text = "é ϩ é ϩ ﷺ ﷺ a\u{200b}b \u{200b} Straße ß Ǆ ǅ Россия РОССИЯ Ελλάδα ΕΛΛΆΔΑ 中国 “Xi’s” é";
        let mut fresh = Folded::new();
        fresh.fold_from(text);
        let mut folded = Folded::new();
        for _ in 0..3 {
            folded.fold_from(text);
            assert_eq!(folded.as_str(), fold(text));
            assert_eq!(folded.edits, fresh.edits, "a warm cache maps offsets as a cold one does");
        }
    }

    #[test]
    fn white_space_inside_a_paragraph_folds_to_one_space() {
        let text = "Vladimir\nPutin, the United  Nations,\tthe United\r\nStates.\n\nNew\r\n\r\nparagraph";
        let f = folded(text);
        assert_eq!(f.as_str(), "vladimir putin, the united nations, the united states.  new    paragraph");
        assert_eq!(f.as_str(), fold(text), "aliases and queries fold as documents do");
        // A match over shortened white space maps back to the whole original span.
        let at = f.as_str().find("united nations").unwrap();
        let span = f.original_span(text, at, at + "united nations".len()).unwrap();
        assert_eq!(&text[span.range()], "United  Nations");
        let at = f.as_str().find("united states").unwrap();
        let span = f.original_span(text, at, at + "united states".len()).unwrap();
        assert_eq!(&text[span.range()], "United\r\nStates");
        // A single line end or tab keeps its width: no entry in the map.
        assert!(folded("a\nb\tc").is_identity());
    }

    fn folded(s: &str) -> Folded {
        let mut f = Folded::new();
        f.fold_from(s);
        f
    }

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(fold("Aleksandar Vučić"), "aleksandar vucic");
        assert_eq!(fold("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
        assert_eq!(fold("Xi’s"), "xi's");
        assert_eq!(fold("“Quote”"), "\"quote\"");
        assert_eq!(fold("Asia–Pacific"), "asia-pacific");
        assert_eq!(fold("Gerhard Schröder"), "gerhard schroder");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("São Tomé"), "sao tome");
        assert_eq!(fold("ﬁnance"), "finance");
        assert_eq!(fold("Pu\u{200B}tin"), "putin");
        assert_eq!(fold("\u{2067}Vladimir\u{200F} Putin\u{2069}"), "vladimir putin");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("ΑΘΗΝΑ"), "αθηνα");
        assert_eq!(fold("Москва"), "москва");
    }

    /// The map must agree with a dense, obviously-correct one built char by char.
    #[test]
    fn sparse_map_equals_dense_map() {
        for text in
            ["plain ascii", "Vučić’s “quote” – ß Æ İ e\u{301} \u{200B}x ﬁ 東京 Ж", "’’’", "\u{200B}", "ßß", "aß", "ßa"]
        {
            let f = folded(text);
            let mut dense: Vec<(usize, usize)> = Vec::new(); // (folded start, original start) per original char
            let mut folded_at = 0;
            for (o, c) in text.char_indices() {
                let mut s = String::new();
                fold_char(c, &mut s);
                dense.push((folded_at, o));
                folded_at += s.len();
            }
            for (i, &(fs, o)) in dense.iter().enumerate() {
                let fe = dense.get(i + 1).map_or(f.as_str().len(), |d| d.0);
                let oe = dense.get(i + 1).map_or(text.len(), |d| d.1);
                if fe > fs {
                    assert_eq!(f.original_start(fs), Some(o), "{text:?} start of char {i}");
                    assert_eq!(f.original_end(fe), Some(oe), "{text:?} end of char {i}");
                    for mid in fs + 1..fe {
                        let boundary = f.as_str().is_char_boundary(mid);
                        if boundary {
                            assert_eq!(f.original_start(mid), None, "{text:?} inside char {i}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn ascii_is_identity_mapped() {
        let f = folded("Russian President Vladimir Putin");
        assert!(f.is_identity());
        assert_eq!(f.as_str(), "russian president vladimir putin");
        assert_eq!(f.original_span("Russian President Vladimir Putin", 8, 17), Some(Span::new(8, 17)));
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let text = "Serbian President Aleksandar Vučić’s visit";
        let f = folded(text);
        let needle = "aleksandar vucic";
        let at = f.as_str().find(needle).unwrap();
        let span = f.original_span(text, at, at + needle.len()).unwrap();
        assert_eq!(&text[span.range()], "Aleksandar Vučić");
        let poss = f.as_str().find("'s").unwrap();
        let span = f.original_span(text, poss, poss + 2).unwrap();
        assert_eq!(&text[span.range()], "’s");
    }

    #[test]
    fn spans_keep_the_combining_marks_of_their_last_letter() {
        let text = "Vuc\u{30C}ic\u{301}\u{323} met";
        let f = folded(text);
        assert_eq!(f.as_str(), "vucic met");
        assert_eq!(f.original_span(text, 0, 5).map(|s| &text[s.range()]), Some("Vuc\u{30C}ic\u{301}\u{323}"));
        assert_eq!(f.original_span(text, 0, 3).map(|s| &text[s.range()]), Some("Vuc\u{30C}"));
    }

    #[test]
    fn rejects_ranges_inside_one_expanded_char() {
        let text = "Straße";
        let f = folded(text);
        assert_eq!(f.as_str(), "strasse");
        // "stras" ends inside the expansion of `ß`.
        assert_eq!(f.original_span(text, 0, 5), None);
        assert_eq!(f.original_span(text, 0, 6).map(|s| &text[s.range()]), Some("Straß"));
        assert_eq!(f.original_span(text, 5, 7), None);
    }

    #[test]
    fn offset_map_is_monotonic() {
        let text = "Ærøskøbing – “Łódź” İİ ß e\u{301} \u{200D}Zürich ﬁ ½ 東京";
        let f = folded(text);
        let mut previous = 0;
        // Matches only ever start and end on folded char boundaries.
        for pos in (0..=f.as_str().len()).filter(|&p| f.as_str().is_char_boundary(p)) {
            if let Some(o) = f.original_start(pos) {
                assert!(o >= previous, "map goes back at {pos}");
                assert!(text.is_char_boundary(o));
                previous = o;
            }
            if let Some(o) = f.original_end(pos) {
                assert!(text.is_char_boundary(o));
            }
        }
        assert_eq!(f.original_start(f.as_str().len()), Some(text.len()));
        // Every folded char boundary that starts a folded char of its own maps somewhere.
        assert_eq!(f.original_start(0), Some(0));
    }
}
