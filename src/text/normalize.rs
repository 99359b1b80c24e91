//! Folding text for matching, with a map from every folded byte back to the original text.
//!
//! Aliases and documents are both folded the same way, so an alias matches however the text spells it:
//! Unicode lower case, diacritics removed (`Vučić` → `vucic`, `Erdoğan` → `erdogan`), compatibility forms
//! unified (ligatures, full-width letters, no-break spaces), curly apostrophes and quotes made straight, dashes made
//! `-`, and invisible characters (zero-width spaces and joiners, soft hyphens, byte-order marks) dropped. A few
//! letters that Unicode does not decompose are spelled out the way English news transliterates them
//! (`ß` → `ss`, `ø` → `o`, `ł` → `l`, `đ` → `d`, `æ` → `ae`).
//!
//! Matches are found in the folded text and mapped back with [`Folded::original_span`]. A folded match that starts
//! or ends inside the expansion of one original character (the first `s` of `ß` → `ss`) maps to nothing: it cannot
//! be a whole word of the original.

use crate::span::Span;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A folded copy of a text plus the offset map back to the original.
///
/// Reuse one `Folded` across documents ([`Folded::fold_from`]) to avoid allocating per document.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    text: String,
    /// For every byte of `text`, the offset of the original character it came from. Empty when the input was ASCII:
    /// then folding only lower-cases bytes in place and offsets are the identity, which saves four bytes of map per
    /// byte of text on the common case.
    map: Vec<u32>,
    /// The original's char lengths are needed to map ends; remembering the original length is enough for the
    /// identity case.
    original_len: usize,
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
        self.map.clear();
        self.original_len = original.len();
        if original.is_ascii() {
            self.text.push_str(original);
            self.text.make_ascii_lowercase();
            return;
        }
        self.text.reserve(original.len());
        self.map.reserve(original.len());
        for (offset, c) in original.char_indices() {
            let before = self.text.len();
            fold_char(c, &mut self.text);
            self.map.resize(self.text.len(), offset as u32);
            debug_assert!(self.map.len() >= before);
        }
    }

    /// The folded text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether offsets are the identity (the original was ASCII).
    #[inline]
    pub fn is_identity(&self) -> bool {
        self.map.is_empty()
    }

    /// The offset, in the original text, of the character that folded byte `folded_byte` came from; `None` past
    /// the end of the folded text.
    ///
    /// The map is monotonic (non-decreasing) and every offset is a char boundary of the original: folding works
    /// character by character and never reorders.
    ///
    /// # Examples
    ///
    /// ```
    /// use newsgraph::text::normalize::Folded;
    ///
    /// let mut folded = Folded::new();
    /// folded.fold_from("Straße Vučić");
    /// assert_eq!(folded.as_str(), "strasse vucic");
    /// // Both `s` of `ss` come from `ß` at byte 4; the `c` after `u` comes from `č` at byte 10.
    /// let offsets: Vec<usize> = (0..folded.as_str().len()).map(|i| folded.original_offset(i).unwrap()).collect();
    /// assert_eq!(offsets, [0, 1, 2, 3, 4, 4, 6, 7, 8, 9, 10, 12, 13]);
    /// assert_eq!(folded.original_offset(13), None);
    /// ```
    #[inline]
    pub fn original_offset(&self, folded_byte: usize) -> Option<usize> {
        if folded_byte >= self.text.len() {
            return None;
        }
        Some(if self.map.is_empty() { folded_byte } else { self.map[folded_byte] as usize })
    }

    /// Maps the folded range `start..end` back to the original text `original` (the text last folded).
    ///
    /// Returns `None` when either end falls inside the expansion of a single original character, or the range is
    /// empty. The returned span lies on char boundaries of `original`.
    #[inline]
    pub fn original_span(&self, original: &str, start: usize, end: usize) -> Option<Span> {
        debug_assert_eq!(original.len(), self.original_len);
        if start >= end || end > self.text.len() {
            return None;
        }
        if self.map.is_empty() {
            return Some(Span { start, end });
        }
        let first = self.map[start];
        if start > 0 && self.map[start - 1] == first {
            return None;
        }
        let last = self.map[end - 1];
        if end < self.map.len() && self.map[end] == last {
            return None;
        }
        let last = last as usize;
        let mut end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        // Folding dropped the combining marks after the last character, but they belong to it: a name in
        // decomposed form (`Vuc\u{30C}ic\u{301}`) ends after its last accent, not in the middle of a letter.
        end += original[end..].chars().take_while(|&c| is_combining_mark(c)).map(char::len_utf8).sum::<usize>();
        Some(Span { start: first as usize, end })
    }
}

/// Folds one string (an alias, a query) the same way documents are folded.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
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
        '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}'
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
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(f.map.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(f.map.len(), f.as_str().len());
        for &o in &f.map {
            assert!(text.is_char_boundary(o as usize));
        }
    }
}
