//! Sentence splitting tuned for scraped news text.
//!
//! Scraped news is messier than edited prose: stripped markup glues sentences together (`meters.Many`),
//! headings sit on their own line without punctuation, straight and curly quotes are mixed (and sometimes
//! doubled), and some sources are hard-wrapped at a fixed width. A trained model would be overkill for the
//! entity graph, which only needs sentence-sized windows for co-occurrence, so this is a rule-based splitter.
//!
//! It is a single forward scan that stops only at candidate bytes (`.`, `!`, `?`, `\n` and the lead bytes of the
//! few multi-byte terminators) and decodes characters only around them. Every look-around is capped at a small
//! number of bytes, or touches bytes that the forward scan then skips, so the total work is linear in the input
//! even for pathological text (megabytes without a space or a newline), and no sentence allocates.

use super::chars;
use crate::span::Span;
use std::iter::FusedIterator;
use unicode_normalization::char::is_combining_mark;

/// One sentence: its byte span in the original text (trimmed of surrounding whitespace) and the index of the
/// paragraph it is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Sentence {
    /// Byte span in the original text; never empty and never starting or ending with whitespace, so that
    /// offsets of mentions found inside it can be reported as they are.
    pub span: Span,
    /// Zero-based paragraph index: the first sentence is in paragraph 0 and the index grows by exactly one at
    /// every paragraph break (one or more empty or whitespace-only lines) between two sentences.
    pub paragraph: u32,
}

/// Iterator over the sentences of a text, in order.
///
/// Created by [`split_sentences`]. It borrows the text and keeps only a cursor, so iterating never allocates;
/// once it returns `None` it keeps returning `None`.
#[derive(Clone, Debug)]
pub struct Sentences<'h> {
    text: &'h str,
    /// Where the search for the next sentence resumes: the end of the previous sentence, before the
    /// whitespace that follows it, so that the gap's newlines can be counted for paragraph numbering.
    pos: usize,
    paragraph: u32,
    emitted: bool,
}

/// Splits `text` into sentences.
///
/// Sentences end at `.`, `!`, `?`, `…` and their runs (plus any closing quotes or brackets) when the next
/// sentence plausibly starts there, at sentence stops glued to the next sentence (`meters.Many`), at CJK full
/// stops even without a following space, at paragraph breaks, and at line ends after heading-like lines.
/// Abbreviations, initials, numbers and URLs do not end sentences. Line breaks are `\n` (so `\r\n` works);
/// other Unicode line separators count as plain whitespace.
pub fn split_sentences(text: &str) -> Sentences<'_> {
    Sentences { text, pos: 0, paragraph: 0, emitted: false }
}

impl Iterator for Sentences<'_> {
    type Item = Sentence;

    fn next(&mut self) -> Option<Sentence> {
        let text = self.text;
        let from = self.pos;
        let (start, newlines) = skip_whitespace(text, from);
        if start >= text.len() {
            self.pos = text.len();
            return None;
        }
        if self.emitted && newlines >= 2 {
            // Saturating: more than four billion paragraphs cannot be told apart anyway, and must not panic.
            self.paragraph = self.paragraph.saturating_add(1);
        }
        self.emitted = true;
        // The heading rule only looks at a sentence that begins its line.
        let begins_line = from == 0 || newlines > 0;
        let end = find_end(text, start, begins_line);
        self.pos = end;
        Some(Sentence { span: Span::new(start, trim_end(text, start, end)), paragraph: self.paragraph })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        // Every sentence holds at least one byte that no other sentence holds.
        (0, Some(self.text.len() - self.pos))
    }
}

impl FusedIterator for Sentences<'_> {}

/// Bytes the main scan must stop at: stops, line feeds, and the UTF-8 lead bytes of every multi-byte stop
/// (see [`stop_kind`]). Everything else (letters, digits, most punctuation, continuation bytes) is skipped
/// without decoding.
static CANDIDATE: [bool; 256] = {
    let mut table = [false; 256];
    table[b'\n' as usize] = true;
    table[b'.' as usize] = true;
    table[b'!' as usize] = true;
    table[b'?' as usize] = true;
    table[0xD6] = true; // ։ Armenian full stop
    table[0xD8] = true; // ؟ Arabic question mark
    table[0xDB] = true; // ۔ Urdu full stop
    table[0xE0] = true; // । ॥ Devanagari dandas
    table[0xE1] = true; // ። Ethiopic, ။ Myanmar
    table[0xE2] = true; // … ‼ ⁇ ⁈ ⁉
    table[0xE3] = true; // 。
    table[0xEF] = true; // ！ ？ ｡
    table
};

/// The first position from `from` on whose byte is a [`CANDIDATE`]. Sixteen ASCII bytes are tested at once; a
/// chunk with a non-ASCII byte goes through the table byte by byte.
#[inline]
fn next_candidate(bytes: &[u8], from: usize) -> Option<usize> {
    use super::simd::Chunk;
    let mut at = from;
    while at < bytes.len() {
        let x = Chunk::load(bytes, at);
        if x.non_ascii() != 0 {
            let chunk = &bytes[at..bytes.len().min(at + 16)];
            if let Some(k) = chunk.iter().position(|&b| CANDIDATE[usize::from(b)]) {
                return Some(at + k);
            }
        } else {
            // Past the end the chunk holds zeros, which are not candidates.
            let hits = x.equal(b'.') | x.equal(b'\n') | x.equal(b'!') | x.equal(b'?');
            if hits != 0 {
                return Some(at + hits.trailing_zeros() as usize);
            }
        }
        at += 16;
    }
    None
}

/// How a sentence stop behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// `.`: also used in abbreviations, numbers and domains, so it gets the most scrutiny.
    Period,
    /// `!`, `?`, `…` and other stops of spaced scripts: they end a sentence when the next one plausibly starts.
    Other,
    /// CJK full stops: these scripts put no space between sentences, so the stop alone is enough.
    Cjk,
}

/// Longest look-behind or look-ahead, in bytes, used to inspect the word next to a stop. Longer words are
/// never abbreviations, and the cap is what keeps run-on text without spaces linear.
const LOOK: usize = 64;

/// Longest line, in words, that the heading rule accepts as a title rather than hard-wrapped running text.
const MAX_HEADING_WORDS: usize = 12;

/// Abbreviations after which a period never ends a sentence, compared ASCII-case-insensitively: titles and
/// ranks precede a name, company suffixes usually sit mid-sentence in news copy.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mme", "messrs", "dr", "prof", "gen", "col", "lt", "sgt", "cpl", "pvt", "capt", "cmdr", "adm",
    "maj", "brig", "sen", "rep", "gov", "pres", "supt", "insp", "det", "rev", "hon", "st", "mt", "ft", "jr", "sr",
    "vs", "inc", "ltd", "co", "corp", "bros", "dept", "univ", "assn", "ave", "blvd", "approx", "cf",
];

/// Abbreviations that are only abbreviations before a number (`No. 10`, `Jan. 6`); elsewhere `no.` and
/// `mar.` are more likely a word ending a sentence.
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "figs",
    "vol", "vols", "art", "arts", "ch", "chap", "sec", "para", "pp", "ex", "op",
];

/// Words a title rarely ends with but a hard-wrapped line often does.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "but", "nor", "to", "in", "on", "at", "by", "for", "from", "with", "as",
    "that", "which", "who", "whom", "whose", "into", "onto", "over", "under", "than", "if", "is", "are", "was", "were",
    "be", "been", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must", "his",
    "her", "its", "their", "our", "my", "your", "this", "these", "those", "not", "against", "about", "after", "before",
    "between", "among", "during", "through", "across", "toward", "towards", "upon", "via", "per", "without", "within",
    "despite", "since", "until", "while", "because", "although", "said", "says", "also", "very", "more", "most",
    "such", "both", "each", "all", "any", "some", "many", "much", "he", "she", "it", "they", "we", "you", "them", "so",
    "then", "when", "where",
];

/// Finds where the sentence starting at `start` (a non-whitespace byte) ends; the result may include trailing
/// whitespace, which the caller trims. `begins_line` says whether the sentence is the first thing on its line.
fn find_end(text: &str, start: usize, begins_line: bool) -> usize {
    let bytes = text.as_bytes();
    let len = bytes.len();
    // The heading rule applies only to the first line of a sentence that begins its line: once a sentence has
    // run over a line break, its later lines are continuation lines, not titles.
    let mut first_line = begins_line;
    let mut i = start;
    loop {
        match next_candidate(bytes, i) {
            Some(at) => i = at,
            None => return len,
        }
        let b = bytes[i];
        if b == b'\n' {
            let (next, newlines) = skip_whitespace(text, i);
            if newlines >= 2 || next >= len || (first_line && heading_ends_at(text, start, i, next)) {
                return i;
            }
            first_line = false;
            // Exactly one line feed in the gap, so nothing in it can be another candidate.
            i = next;
            continue;
        }
        let Some(first_stop) = stop_at(text, i) else {
            i += utf8_width(b);
            continue;
        };
        // Treat a run of stops (`?!`, `...`, `!!!`) as one, so that a break can only fall after the whole run.
        let run_start = i;
        let mut run_end = i;
        let mut stops = 0usize;
        let mut cjk = false;
        let mut kind = first_stop;
        while let Some(stop) = stop_at(text, run_end) {
            stops += 1;
            cjk |= stop == Stop::Cjk;
            kind = stop;
            run_end += stop_width(text, run_end);
        }
        let lone_period = stops == 1 && kind == Stop::Period;
        let mut k = run_end;
        while let Some(width) = closer_width(text, k) {
            k += width;
        }
        let closed = k > run_end;
        if k >= len || cjk {
            return k;
        }
        let Some(next) = char_at(text, k) else {
            return k;
        };
        if next.is_whitespace() {
            let (m, newlines) = skip_whitespace(text, k);
            if m >= len || newlines >= 2 {
                return k;
            }
            // A sentence that is only a stop (a leading ellipsis, stray punctuation) is not worth its own entry.
            if run_start > start
                && starts_sentence(text, m)
                && (closed || !lone_period || !is_abbreviation(text, start, run_start, m))
            {
                return k;
            }
        } else if glued_break(text, start, run_start, k) {
            return k;
        }
        // Resume after the run and its closers, never inside them, so each byte is examined a bounded number of
        // times; the main scan still sees any line feed in the whitespace that follows.
        i = k;
    }
}

/// Decides whether a stop with no whitespace after it still ends a sentence, as in `meters.Many`, `XI.The`,
/// `Affairs.“The` or `administration.”In`: markup stripped by the scraper used to separate them.
///
/// `run_start` is the first stop of the run and `k` is just after the run and its closing quotes or brackets.
fn glued_break(text: &str, start: usize, run_start: usize, k: usize) -> bool {
    if run_start == start {
        return false;
    }
    let Some(before) = prev_char(text, run_start) else {
        return false;
    };
    // After a number only a clearly capitalised word counts, so that `Section 3.A` stays whole.
    let mut title_case_only = false;
    if is_closer(before) {
        // `(SCEUS).“This`, `parties”.The`: a closed quote or aside before the stop is a sentence end.
    } else if chars::is_alphabetic(before) {
        let mut s = run_start;
        let mut letters = 0usize;
        while s > start && run_start - s < LOOK {
            match prev_char(text, s) {
                Some(c) if chars::is_alphabetic(c) => {
                    s -= c.len_utf8();
                    letters += 1;
                }
                _ => break,
            }
        }
        // A single letter is an initial or part of an acronym (`U.S.Army`, `Ph.D.Thesis`).
        if letters < 2 || is_listed(&text[s..run_start], ABBREVIATIONS) {
            return false;
        }
        // The word is a path, domain or e-mail component: `www.Example.Com`, `mail@host.Org`.
        if s > start && prev_char(text, s).is_some_and(is_url_punctuation) {
            return false;
        }
    } else if before.is_ascii_digit() {
        title_case_only = true;
    } else {
        return false;
    }

    let mut p = k;
    let mut quoted = false;
    for _ in 0..3 {
        match char_at(text, p) {
            Some(c) if is_opener(c) => {
                p += c.len_utf8();
                quoted = true;
            }
            _ => break,
        }
    }
    let Some(first) = char_at(text, p) else {
        return false;
    };
    if !chars::is_uppercase(first) {
        return false;
    }
    if quoted {
        return true;
    }
    let second = char_at(text, p + first.len_utf8());
    if title_case_only && !second.is_some_and(chars::is_lowercase) {
        return false;
    }
    // Look at what follows the next word: a period or slash there means an initialism or a URL, not a sentence.
    let mut q = p;
    let mut chars = 0usize;
    while q - p < LOOK {
        match char_at(text, q) {
            Some(c) if chars::is_alphanumeric(c) => {
                q += c.len_utf8();
                chars += 1;
            }
            _ => break,
        }
    }
    match char_at(text, q) {
        Some('.') => chars > 1 && !char_at(text, q + 1).is_some_and(chars::is_alphanumeric),
        Some('/' | '@') => false,
        Some(':') => char_at(text, q + 1) != Some('/'),
        _ => true,
    }
}

/// Whether the lone period at `period` belongs to an abbreviation, an initial or a list number rather than
/// ending the sentence; `next` is the first character after the whitespace that follows it.
fn is_abbreviation(text: &str, start: usize, period: usize, next: usize) -> bool {
    let bytes = text.as_bytes();
    let mut s = period;
    while s > start && period - s < LOOK {
        let b = bytes[s - 1];
        if b < 0x80 {
            // ASCII by its byte: this runs at every full stop.
            if !(b.is_ascii_alphabetic() || b == b'.') {
                break;
            }
            s -= 1;
            continue;
        }
        match prev_char(text, s) {
            Some(c) if chars::is_alphabetic(c) => s -= c.len_utf8(),
            _ => break,
        }
    }
    if period - s >= LOOK {
        return false;
    }
    // A combining mark before the word belongs to the character before it (folding drops it, and the matcher sees a
    // word boundary there), so it is not part of the abbreviation: `\u{6d6}No. 10` is `No. 10`.
    let token = text[s..period].trim_start_matches(|c: char| c == '.' || (!c.is_ascii() && is_combining_mark(c)));
    if token.is_empty() {
        // `1. Introduction`: a short number opening the sentence is a list marker, not a sentence.
        let mut d = period;
        while d > start && period - d < 4 && bytes[d - 1].is_ascii_digit() {
            d -= 1;
        }
        return d == start && d < period && period - d <= 3;
    }
    let last = token.rfind('.').map_or(token, |dot| &token[dot + 1..]);
    // Initials and single-letter acronyms: `George W. Bush`, `J. R. R. Tolkien`, `U.S. President`. A capitalised
    // word after `U.S.` is too often a title or a name to split there.
    let mut last_chars = last.chars();
    if let (Some(only), None) = (last_chars.next(), last_chars.next()) {
        // Scripts without case have no initials, so a one-character word there is just a word.
        return chars::is_uppercase(only) || chars::is_lowercase(only);
    }
    if token.contains('.') {
        // A listed abbreviation glued to the word before (`cameras.St. Petersburg`, scraped text that lost a space)
        // is still an abbreviation: splitting after it would cut the name that follows in two.
        if is_listed(last, ABBREVIATIONS) {
            return true;
        }
        // `e.g.`, `i.e.`, `a.m.`, `Ph.D.` are abbreviations; `example.com.` at the end of a sentence is not.
        return token.split('.').all(|part| part.chars().count() <= 2);
    }
    if is_listed(token, ABBREVIATIONS) {
        return true;
    }
    text.as_bytes()[next].is_ascii_digit() && is_listed(token, NUMBER_ABBREVIATIONS)
}

/// Decides whether the line from `start` to the line feed at `nl` is a heading, which ends the sentence even
/// though it has no terminal punctuation; `next` is the first non-whitespace byte of the following line.
///
/// Hard-wrapped running text also has lines without a stop at the end, so the rule is deliberately narrow: a
/// line ending in `:` outside brackets, or a short capitalised line that does not end like a broken-off phrase
/// and could not have been produced by wrapping (see [`next_word_would_fit`]).
fn heading_ends_at(text: &str, start: usize, nl: usize, next: usize) -> bool {
    let end = trim_end(text, start, nl);
    let Some(last) = prev_char(text, end) else {
        return false;
    };
    if ends_with_stop(text, start, end) {
        // The punctuation rules already judged this line end and kept the sentence going.
        return false;
    }
    let Some(next_char) = char_at(text, next) else {
        return false;
    };
    let line = &text.as_bytes()[start..end];
    if last == ':' || last == '：' {
        // `(Image:` wrapped before `PTI)` is not a heading.
        return !chars::is_lowercase(next_char) && !has_open_bracket(line);
    }
    if is_continuation(last) || !starts_sentence(text, start) || !starts_sentence(text, next) {
        return false;
    }
    let words = count_words(line, MAX_HEADING_WORDS + 1);
    if words > MAX_HEADING_WORDS || ends_with_function_word(line) {
        return false;
    }
    // A few capitalised words (a title, a byline) are a heading even before a short line; only text wrapped
    // narrower than about 40 columns produces such lines in running text. Title Case marks a headline
    // followed by a subtitle, which can otherwise look like a wrapped line.
    (words <= 4 && line.len() <= 40)
        || is_title_case(&text[start..end])
        || next_word_would_fit(text.as_bytes(), line.len(), next)
}

/// Whether every word of four or more letters in `line` is capitalised, as in headlines
/// (`Statement by the Representative of Examplestan`); running text has lower-case content words.
fn is_title_case(line: &str) -> bool {
    line.split_ascii_whitespace().all(|word| {
        let mut letters = word.chars().filter(|&c| chars::is_alphabetic(c));
        let first = letters.next();
        letters.nth(2).is_none() || first.is_some_and(|c| !chars::is_lowercase(c))
    })
}

/// The wrapping test: a line produced by wrapping at some width ended because the next word did not fit, and
/// the next line is no longer than that width. So if the first word of the next line would have fitted after
/// the `line_len` bytes of this line within the next line's own length, this line was not wrapped.
fn next_word_would_fit(bytes: &[u8], line_len: usize, next: usize) -> bool {
    let rest = &bytes[next..];
    let first_word = rest.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(rest.len());
    let needed = line_len.saturating_add(1).saturating_add(first_word);
    // Only measure the next line as far as needed, so each line is measured once and the scan stays linear.
    let limit = rest.len().min(needed);
    let next_len = rest[..limit].iter().position(|&b| b == b'\n').unwrap_or(limit);
    next_len >= needed
}

/// Whether `line` has more opening than closing brackets, i.e. it stops inside an aside.
fn has_open_bracket(line: &[u8]) -> bool {
    let mut depth = 0i64;
    for &b in line {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

/// Whether the text between `start` and `end` ends with a stop, possibly followed by closing quotes or brackets.
fn ends_with_stop(text: &str, start: usize, end: usize) -> bool {
    let mut e = end;
    for _ in 0..8 {
        match prev_char(text, e) {
            Some(c) if e > start && is_closer(c) => e -= c.len_utf8(),
            _ => break,
        }
    }
    e > start && prev_char(text, e).is_some_and(|c| stop_kind(c).is_some())
}

/// Counts whitespace-separated words in `line`, giving up once the count exceeds `limit`.
fn count_words(line: &[u8], limit: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for &b in line {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            words += 1;
            if words > limit {
                break;
            }
        }
        in_word = !space;
    }
    words
}

/// Whether `line` ends with a lower-case function word, the mark of a line broken mid-phrase.
fn ends_with_function_word(line: &[u8]) -> bool {
    let end = line.len();
    let mut s = end;
    while s > 0 && end - s < 9 && line[s - 1].is_ascii_lowercase() {
        s -= 1;
    }
    if s == end || (s > 0 && !line[s - 1].is_ascii_whitespace()) {
        return false;
    }
    FUNCTION_WORDS.iter().any(|w| w.as_bytes() == &line[s..end])
}

/// Whether a sentence can plausibly start at `pos`: a capital, a digit, a letter of a script without case, a
/// currency sign, or any of these behind a few opening quotes or brackets (`“”China` is real scraped text).
fn starts_sentence(text: &str, pos: usize) -> bool {
    let mut p = pos;
    for _ in 0..4 {
        let Some(c) = char_at(text, p) else {
            return false;
        };
        if chars::is_alphabetic(c) {
            return !chars::is_lowercase(c);
        }
        if c.is_numeric() || matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₽') {
            return true;
        }
        if !(is_opener(c) || matches!(c, '”' | '’' | '»' | '›')) {
            return false;
        }
        p += c.len_utf8();
    }
    false
}

/// The stop starting at byte `i`, if any; `i` must be a char boundary or the answer is `None`.
fn stop_at(text: &str, i: usize) -> Option<Stop> {
    match *text.as_bytes().get(i)? {
        b'.' => Some(Stop::Period),
        b'!' | b'?' => Some(Stop::Other),
        0..=0x7F => None,
        _ => stop_kind(char_at(text, i)?),
    }
}

/// Width in bytes of the stop at `i`, which [`stop_at`] has confirmed.
fn stop_width(text: &str, i: usize) -> usize {
    char_at(text, i).map_or(1, char::len_utf8)
}

/// Classifies a character as a sentence stop.
fn stop_kind(c: char) -> Option<Stop> {
    match c {
        '.' => Some(Stop::Period),
        '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '؟' | '۔' | '।' | '॥' | '։' | '።' | '။' => {
            Some(Stop::Other)
        }
        '。' | '！' | '？' | '｡' => Some(Stop::Cjk),
        _ => None,
    }
}

/// Width of the closing quote or bracket at `i`, if there is one.
fn closer_width(text: &str, i: usize) -> Option<usize> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return matches!(b, b'"' | b'\'' | b')' | b']' | b'}').then_some(1);
    }
    let c = char_at(text, i)?;
    is_closer(c).then(|| c.len_utf8())
}

/// Closing quotes and brackets, which stay with the sentence they close. Straight quotes are ambiguous; right
/// after a stop they are far more often closing than opening.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '”'
            | '’'
            | '»'
            | '›'
            | '」'
            | '』'
            | '）'
            | '】'
            | '》'
            | '〉'
            | '〕'
            | '］'
            | '｝'
    )
}

/// Opening quotes and brackets, which may come before the first word of a sentence.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '“'
            | '‘'
            | '„'
            | '‚'
            | '«'
            | '‹'
            | '「'
            | '『'
            | '（'
            | '【'
            | '《'
            | '〈'
            | '〔'
            | '［'
            | '｛'
            | '¿'
            | '¡'
    )
}

/// Characters a line can end with only when the phrase continues on the next line.
fn is_continuation(c: char) -> bool {
    matches!(c, ',' | ';' | '-' | '–' | '—' | '(' | '[' | '{' | '“' | '‘' | '„' | '«' | '&' | '/' | '+' | '=' | '\\')
}

/// Characters that join the parts of URLs, paths and e-mail addresses.
fn is_url_punctuation(c: char) -> bool {
    matches!(c, '.' | '/' | '\\' | '@' | ':' | '_' | '=' | '&' | '?' | '#' | '%' | '~' | '+')
}

/// Whether `word` is in `list`, ignoring ASCII case.
fn is_listed(word: &str, list: &[&str]) -> bool {
    word.len() <= 6 && list.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Skips whitespace from `from`; returns the first non-whitespace byte (or the text length) and the number of
/// line feeds skipped.
fn skip_whitespace(text: &str, from: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut p = from;
    let mut newlines = 0;
    while let Some(&b) = bytes.get(p) {
        if b < 0x80 {
            if b == b'\n' {
                newlines += 1;
            } else if !(b as char).is_whitespace() {
                break;
            }
            p += 1;
        } else {
            match char_at(text, p) {
                Some(c) if c.is_whitespace() => p += c.len_utf8(),
                _ => break,
            }
        }
    }
    (p, newlines)
}

/// Moves `end` back over whitespace, but not before `start`.
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut e = end;
    while e > start {
        let b = bytes[e - 1];
        if b < 0x80 {
            if !(b as char).is_whitespace() {
                break;
            }
            e -= 1;
        } else {
            match prev_char(text, e) {
                Some(c) if c.is_whitespace() => e -= c.len_utf8(),
                _ => break,
            }
        }
    }
    e
}

/// The character starting at byte `i`, or `None` at the end or off a char boundary.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// The character ending at byte `i`, or `None` at the start or off a char boundary.
#[inline]
fn prev_char(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Length of the UTF-8 sequence introduced by lead byte `b`.
#[inline]
fn utf8_width(b: u8) -> usize {
    match b {
        0..=0xBF => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_candidate_scan_agrees_with_the_table() {
        let ascii: Vec<u8> = (0..0x80u8).filter(|&b| CANDIDATE[usize::from(b)]).collect();
        assert_eq!(ascii, b"\n!.?", "next_candidate tests exactly these ASCII bytes");
        let text = "Short. A longer sentence without stops for a while\nthen… an ellipsis, 。 and ！ at last? ok! done";
        let bytes = text.as_bytes();
        for from in 0..=bytes.len() {
            let slow = bytes[from..].iter().position(|&b| CANDIDATE[usize::from(b)]).map(|k| from + k);
            assert_eq!(next_candidate(bytes, from), slow, "{from}");
        }
    }
    use proptest::prelude::*;

    fn texts(text: &str) -> Vec<&str> {
        split_sentences(text).map(|s| &text[s.span.range()]).collect()
    }

    /// Checks every documented invariant and returns the sentences.
    fn check_invariants(text: &str) -> Vec<Sentence> {
        let mut it = split_sentences(text);
        let sentences: Vec<Sentence> = it.by_ref().collect();
        assert_eq!(it.next(), None, "not fused");
        assert_eq!(it.next(), None, "not fused");
        let mut prev_end = 0;
        let mut prev_paragraph: Option<u32> = None;
        for s in &sentences {
            let Span { start, end } = s.span;
            assert!(start < end, "empty span {start}..{end} in {text:?}");
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "not on char boundary");
            assert!(prev_end <= start, "overlap or disorder");
            let body = &text[start..end];
            assert!(!body.starts_with(char::is_whitespace), "leading whitespace in {body:?}");
            assert!(!body.ends_with(char::is_whitespace), "trailing whitespace in {body:?}");
            let gap = &text[prev_end..start];
            assert!(gap.chars().all(char::is_whitespace), "lost text {gap:?} in {text:?}");
            let breaks = gap.matches('\n').count() >= 2;
            match prev_paragraph {
                None => assert_eq!(s.paragraph, 0),
                Some(p) => assert_eq!(s.paragraph, p + u32::from(breaks), "paragraph in {text:?}"),
            }
            // No blank line inside a sentence: paragraph breaks always end sentences.
            let mut lines = body.split('\n');
            lines.next();
            let mut lines = lines.rev();
            lines.next();
            assert!(lines.all(|l| !l.trim().is_empty()), "blank line inside {body:?}");
            prev_end = end;
            prev_paragraph = Some(s.paragraph);
        }
        assert!(text[prev_end..].chars().all(char::is_whitespace), "lost tail");
        sentences
    }

    struct Case {
        name: &'static str,
        text: &'static str,
        want: &'static [&'static str],
    }

    const CASES: &[Case] = &[
        Case { name: "empty", text: "", want: &[] },
        Case { name: "whitespace only", text: " \n\t \r\n \u{a0}\u{3000}\u{2028} \n", want: &[] },
        Case { name: "single word", text: "Hello", want: &["Hello"] },
        Case {
            name: "two plain sentences",
            text: "Putin met Xi. They talked.",
            want: &["Putin met Xi.", "They talked."],
        },
        Case { name: "question and exclamation", text: "Why? Because! Done.", want: &["Why?", "Because!", "Done."] },
        Case {
            name: "runs of stops",
            text: "Really?! Yes... Fine!!! Ok",
            want: &["Really?!", "Yes...", "Fine!!!", "Ok"],
        },
        Case {
            name: "ellipsis before lower case",
            text: "He paused... then left. Then he spoke.",
            want: &["He paused... then left.", "Then he spoke."],
        },
        Case {
            name: "unicode ellipsis",
            text: "He paused… then left… Then he spoke.",
            want: &["He paused… then left…", "Then he spoke."],
        },
        Case {
            name: "glued after lower-case word",
            text: "a distance of 100 meters.Many cameras were there.",
            want: &["a distance of 100 meters.", "Many cameras were there."],
        },
        Case {
            name: "glued after upper-case word",
            text: "the influence of XI.The Chinese president came.",
            want: &["the influence of XI.", "The Chinese president came."],
        },
        Case {
            name: "glued before opening quote",
            text: "the Ministry of Foreign Affairs.“The two countries must act,” he added.During the talks",
            want: &["the Ministry of Foreign Affairs.", "“The two countries must act,” he added.", "During the talks"],
        },
        Case {
            name: "glued after closing quote",
            text: "with the Trump administration.”In addition, Xi wants support.",
            want: &["with the Trump administration.”", "In addition, Xi wants support."],
        },
        Case {
            name: "glued after closing bracket",
            text: "European Studies (SCEUS).“This will matter,” he said.",
            want: &["European Studies (SCEUS).", "“This will matter,” he said."],
        },
        Case {
            name: "glued after a year",
            text: "It started in 2024.The year ended. Section 3.A is short.",
            want: &["It started in 2024.", "The year ended.", "Section 3.A is short."],
        },
        Case {
            name: "glued initialisms stay",
            text: "The U.S.Army hired a Ph.D.Student and Mr.Smith.",
            want: &["The U.S.Army hired a Ph.D.Student and Mr.Smith."],
        },
        Case {
            name: "glued domains and e-mails stay",
            text: "Visit www.Reuters.com today. Mail john.Smith@example.com now.",
            want: &["Visit www.Reuters.com today.", "Mail john.Smith@example.com now."],
        },
        Case {
            name: "single-letter abbreviations",
            text: "The U.S. President spoke. U.K. officials agreed with the U.N. General Assembly.",
            want: &["The U.S. President spoke.", "U.K. officials agreed with the U.N. General Assembly."],
        },
        Case {
            name: "initials",
            text: "George W. Bush met J. R. R. Tolkien fans. They left.",
            want: &["George W. Bush met J. R. R. Tolkien fans.", "They left."],
        },
        Case {
            name: "titles and ranks",
            text: "Mr. Smith met Dr. Jones and Gen. Lee. Sen. Warren, Gov. Newsom, Lt. Dan and Prof. Li came.",
            want: &["Mr. Smith met Dr. Jones and Gen. Lee.", "Sen. Warren, Gov. Newsom, Lt. Dan and Prof. Li came."],
        },
        Case {
            name: "company suffixes",
            text: "Apple Inc. Chief Tim Cook met Samsung Co. Ltd. Officials and Acme Corp. Staff.",
            want: &["Apple Inc. Chief Tim Cook met Samsung Co. Ltd. Officials and Acme Corp. Staff."],
        },
        Case {
            name: "saints and juniors",
            text: "He went to St. Petersburg on Martin Luther King Jr. Day.",
            want: &["He went to St. Petersburg on Martin Luther King Jr. Day."],
        },
        Case {
            name: "number sign only before digits",
            text: "He wore No. 10 at the club. No. The answer is no.",
            want: &["He wore No. 10 at the club.", "No.", "The answer is no."],
        },
        Case {
            name: "months before digits",
            text: "It happened on Jan. 6 in Washington. Dec. 25 is Christmas. It was in Jan. The end.",
            want: &["It happened on Jan. 6 in Washington.", "Dec. 25 is Christmas.", "It was in Jan.", "The end."],
        },
        Case {
            name: "etc only mid-sentence",
            text: "Oil, gas, etc. are exported. They sold grain, oil etc. Prices rose.",
            want: &["Oil, gas, etc. are exported.", "They sold grain, oil etc.", "Prices rose."],
        },
        Case {
            name: "e.g. and i.e. and vs.",
            text: "Some states, e.g. Russia, and others, i.e. China, back Russia vs. Ukraine talks.",
            want: &["Some states, e.g. Russia, and others, i.e. China, back Russia vs. Ukraine talks."],
        },
        Case {
            name: "decimals and versions",
            text: "Growth was 3.5 percent in version 1.2.3 of the plan. It cost 300. The price rose.",
            want: &["Growth was 3.5 percent in version 1.2.3 of the plan.", "It cost 300.", "The price rose."],
        },
        Case {
            name: "numbered list marker",
            text: "1. Introduction to the topic\n\n2. Second point",
            want: &["1. Introduction to the topic", "2. Second point"],
        },
        Case {
            name: "urls and domains",
            text: "See https://www.un.org/en/about. The UN site example.com works. Write to press@example.com now.",
            want: &[
                "See https://www.un.org/en/about.",
                "The UN site example.com works.",
                "Write to press@example.com now.",
            ],
        },
        Case {
            name: "closing quotes after stops",
            text: "“We are allies,” said Putin. “But not against others.” He smiled.",
            want: &["“We are allies,” said Putin.", "“But not against others.”", "He smiled."],
        },
        Case {
            name: "quote before stop",
            text: "said Putin on Thursday, “but not against third parties”. Next came Xi.",
            want: &["said Putin on Thursday, “but not against third parties”.", "Next came Xi."],
        },
        Case {
            name: "doubled quotes",
            text: "to counter Western domination. “”China and Russia must act.",
            want: &["to counter Western domination.", "“”China and Russia must act."],
        },
        Case {
            name: "straight quotes",
            text: "He said \"no.\" Then \"Why?\" she asked. 'Fine.' Done.",
            want: &["He said \"no.\"", "Then \"Why?\" she asked.", "'Fine.'", "Done."],
        },
        Case { name: "question inside quote", text: "“Why?” he asked.", want: &["“Why?” he asked."] },
        Case {
            name: "colon and semicolon mid-line",
            text: "He said: We agree; They agree.",
            want: &["He said: We agree; They agree."],
        },
        Case {
            name: "heading ending in colon",
            text: "Shared interests:\nIn economic terms, China is bigger.",
            want: &["Shared interests:", "In economic terms, China is bigger."],
        },
        Case {
            name: "quoted heading ending in colon",
            text: "“Same bed with different dreams”:\n“Chinese-Russia alignment is well described.”",
            want: &["“Same bed with different dreams”:", "“Chinese-Russia alignment is well described.”"],
        },
        Case {
            name: "short title line",
            text: "Putin meets Xi\nRussian President Vladimir Putin met Xi Jinping in Moscow on Thursday for talks.",
            want: &[
                "Putin meets Xi",
                "Russian President Vladimir Putin met Xi Jinping in Moscow on Thursday for talks.",
            ],
        },
        Case {
            name: "title and byline",
            text: "Xi arrives in Moscow\nBy Jane Doe\nXi Jinping arrived in Moscow on Thursday for a three-day state visit.",
            want: &[
                "Xi arrives in Moscow",
                "By Jane Doe",
                "Xi Jinping arrived in Moscow on Thursday for a three-day state visit.",
            ],
        },
        Case {
            name: "title case headline and subtitle",
            text: "Statement by the Representative of Examplestan\nGeneral Debate of the 80th Session\n\nThank you.",
            want: &[
                "Statement by the Representative of Examplestan",
                "General Debate of the 80th Session",
                "Thank you.",
            ],
        },
        Case {
            name: "line before lower case is not a heading",
            text: "Some heading\nlowercase continues here.",
            want: &["Some heading\nlowercase continues here."],
        },
        Case {
            name: "line ending in comma is not a heading",
            text: "Putin, Xi,\nTrump and others met.",
            want: &["Putin, Xi,\nTrump and others met."],
        },
        Case {
            name: "hard-wrapped speech",
            text: "The General Assembly of the United Nations met in New York on Thursday to\n\
                   discuss the situation in the Middle East. Delegates from more than one hundred\n\
                   Member States took the floor, and the Secretary-General urged restraint by all\n\
                   Parties concerned.\n\
                   The President of the General Assembly thanked the Member\n\
                   States for their support. He then closed the meeting.",
            want: &[
                "The General Assembly of the United Nations met in New York on Thursday to\n\
                 discuss the situation in the Middle East.",
                "Delegates from more than one hundred\n\
                 Member States took the floor, and the Secretary-General urged restraint by all\n\
                 Parties concerned.",
                "The President of the General Assembly thanked the Member\nStates for their support.",
                "He then closed the meeting.",
            ],
        },
        Case {
            name: "colon inside brackets at a wrap",
            text: "Putin with his Chinese counterpart Xi Jinping (Image:\nPTI) arrived.",
            want: &["Putin with his Chinese counterpart Xi Jinping (Image:\nPTI) arrived."],
        },
        Case {
            name: "wrapped line that starts a sentence",
            text: "It rained. We call on all Member States to support the\nUNICEF appeal. We call on all Member States to\nSupport it, and we thank UNICEF.",
            want: &[
                "It rained.",
                "We call on all Member States to support the\nUNICEF appeal.",
                "We call on all Member States to\nSupport it, and we thank UNICEF.",
            ],
        },
        Case {
            name: "abbreviation at a wrapped line end",
            text: "The talks with the U.S.\nDelegation went on. Mr.\nSmith left.",
            want: &["The talks with the U.S.\nDelegation went on.", "Mr.\nSmith left."],
        },
        Case {
            name: "paragraph break without punctuation",
            text: "first line without stop\n\nsecond line",
            want: &["first line without stop", "second line"],
        },
        Case {
            name: "crlf line ends",
            text: "Title here\r\n\r\nBody text.\r\nMore text.\r\n",
            want: &["Title here", "Body text.", "More text."],
        },
        Case { name: "only punctuation", text: "?!.… . . . !!", want: &["?!.… . . . !!"] },
        Case {
            name: "leading ellipsis stays attached",
            text: "... And then it ended.",
            want: &["... And then it ended."],
        },
        Case { name: "no spaces at all", text: "abc.def.ghi!jkl?mno", want: &["abc.def.ghi!jkl?mno"] },
        Case {
            name: "nul and control characters",
            text: "A\0bc. C\u{1}de.\u{7} E\u{1b}[0m.",
            want: &["A\0bc.", "C\u{1}de.\u{7} E\u{1b}[0m."],
        },
        Case {
            name: "combining marks",
            text: "Cafe\u{301}. E\u{301}te\u{301} arrive.\u{301} Fin",
            want: &["Cafe\u{301}.", "E\u{301}te\u{301} arrive.\u{301} Fin"],
        },
        Case {
            name: "hebrew", text: "שלום עולם. מה שלומך? טוב.", want: &["שלום עולם.", "מה שלומך?", "טוב."]
        },
        Case {
            name: "arabic", text: "كيف حالك؟ أنا بخير.", want: &["كيف حالك؟", "أنا بخير."]
        },
        Case {
            name: "cjk stops without spaces",
            text: "你好。世界！真的？是的",
            want: &["你好。", "世界！", "真的？", "是的"],
        },
        Case {
            name: "cjk closing quote",
            text: "他说：“你好。”然后走了。。。",
            want: &["他说：“你好。”", "然后走了。。。"],
        },
        Case {
            name: "one-character words of uncased scripts",
            text: "好. 走. שלום ב. זה",
            want: &["好.", "走.", "שלום ב.", "זה"],
        },
        Case {
            name: "japanese", text: "東京は晴れ。 大阪は雨。", want: &["東京は晴れ。", "大阪は雨。"]
        },
        Case {
            name: "devanagari danda", text: "यह एक वाक्य है। यह दूसरा है।", want: &["यह एक वाक्य है।", "यह दूसरा है।"]
        },
        Case {
            name: "unicode whitespace after stop",
            text: "End.\u{a0}Next one.\u{3000}Last.",
            want: &["End.", "Next one.", "Last."],
        },
        Case {
            name: "surrounding whitespace trimmed",
            text: "  \t Hello world.  \n\n  Bye \u{a0}\n",
            want: &["Hello world.", "Bye"],
        },
        Case {
            name: "single letter before capital prefers no split",
            text: "He chose plan B. Then he left.",
            want: &["He chose plan B. Then he left."],
        },
        Case {
            name: "lower case after stop",
            text: "He left. and then came back.",
            want: &["He left. and then came back."],
        },
        Case {
            name: "digit and bracket starts",
            text: "It was late. 2025 was big. He spoke. (Reuters) The end. $5 was paid.",
            want: &["It was late.", "2025 was big.", "He spoke.", "(Reuters) The end.", "$5 was paid."],
        },
    ];

    #[test]
    fn table() {
        assert!(CASES.len() >= 30);
        for case in CASES {
            check_invariants(case.text);
            assert_eq!(texts(case.text), case.want, "case {:?}", case.name);
        }
    }

    #[test]
    fn paragraphs() {
        let text = "Title\n\nAb cd. Cd ef.\nEf gh.\n \t\n\n\nGh ij.\n\u{a0}\nI";
        let got: Vec<(&str, u32)> = split_sentences(text).map(|s| (&text[s.span.range()], s.paragraph)).collect();
        assert_eq!(got, [("Title", 0), ("Ab cd.", 1), ("Cd ef.", 1), ("Ef gh.", 1), ("Gh ij.", 2), ("I", 3)]);
        // Blank lines before the first sentence do not count.
        let lead = split_sentences("\n\n\nFirst.\n\nSecond.").map(|s| s.paragraph);
        assert_eq!(lead.collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn serializes() {
        let text = "One. Two.";
        let s = split_sentences(text).nth(1).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"span":{"start":5,"end":9},"paragraph":0}"#);
    }

    const ARTICLE: &str = include_str!("../../tests/data/putin-xi-2025.txt");
    const GOLD: &str = include_str!("../../tests/data/putin-xi-2025.gold.json");

    #[test]
    fn reference_article() {
        let sentences = check_invariants(ARTICLE);
        let got: Vec<&str> = sentences.iter().map(|s| &ARTICLE[s.span.range()]).collect();
        let gold: serde_json::Value = serde_json::from_str(GOLD).unwrap();
        let gold_count = gold["sentences"].as_array().unwrap().len();
        assert_eq!(gold_count, 42);
        assert_eq!(got.len(), gold_count, "{got:#?}");

        let starts = [
            (0, "Russian President Vladimir Putin with his Chinese counterpart"),
            (1, "Russian President Vladimir Putin deployed"),
            (3, "Many cameras"),
            (5, "Russia is internationally"),
            (7, "The Russian president needs allies"),
            (8, "The Chinese president is in Moscow"),
            (11, "Xi's visit"),
            (19, "“Beijing for the moment"),
            (21, "Russia is a useful partner"),
            (23, "“The two countries must"),
            (24, "During the meeting with Putin"),
            (36, "“Chinese-Russia alignment"),
            (37, "“Their partnership"),
            (38, "“Beijing likes"),
            (39, "In addition, Xi"),
            (41, "“This will have"),
        ];
        for (i, prefix) in starts {
            assert!(got[i].starts_with(prefix), "sentence {i}: {:?}", got[i]);
        }
        assert!(got[22].starts_with("“”China") || got[22].starts_with("”China"), "{:?}", got[22]);
        assert_eq!(got[12], "Shared interests:");
        assert_eq!(got[18], "Uninging XI and Putin vision:");
        assert_eq!(got[25], "China looks at first place:");
        assert_eq!(got[35], "“Same bed with different dreams”:");
        assert!(got[34].ends_with("“but not against third parties”."));
        assert!(got[38].ends_with("Trump administration.”"));
        assert!(got[40].ends_with("(SCEUS)."));

        let paragraphs: Vec<u32> = sentences.iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs[0], 0);
        assert_eq!(paragraphs[1], 1);
        assert_eq!(paragraphs[12], 3);
        assert_eq!(*paragraphs.last().unwrap(), 10);
    }

    /// Greedy word wrap at `width` columns, keeping blank lines between paragraphs.
    fn wrap(text: &str, width: usize) -> String {
        let mut out = String::new();
        for (i, paragraph) in text.split("\n\n").enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            let mut column = 0;
            for word in paragraph.split_whitespace() {
                if column > 0 && column + 1 + word.len() > width {
                    out.push('\n');
                    column = 0;
                } else if column > 0 {
                    out.push(' ');
                    column += 1;
                }
                out.push_str(word);
                column += word.len();
            }
        }
        out
    }

    #[test]
    fn hard_wrapping_does_not_change_sentences() {
        let flat = |t: &str| -> Vec<String> {
            split_sentences(t).map(|s| t[s.span.range()].split_whitespace().collect::<Vec<_>>().join(" ")).collect()
        };
        let want = flat(ARTICLE);
        for width in (40..=140).step_by(4) {
            let wrapped = wrap(ARTICLE, width);
            check_invariants(&wrapped);
            assert_eq!(flat(&wrapped), want, "wrapped at {width}");
        }
    }

    /// Pathological inputs of a few megabytes: each must finish quickly, which only a linear scan does.
    #[test]
    fn large_inputs_stay_linear() {
        // A quadratic scan would need around 10^11 steps at this size, so it cannot pass by accident.
        const SIZE: usize = 1 << 19;
        let patterns = [
            "a",
            " ",
            "\n",
            ".",
            "a.",
            "a.B",
            "aB.",
            "Ab.Cd",
            "U.S.",
            "Mr. ",
            "a. ",
            "a\n",
            "A\nB\n",
            "Ab cd\n",
            "A:\n",
            "“",
            ".”",
            "。",
            "…",
            "x.y",
            "1.",
            "\n\n",
            ". \n",
            "A b\nC d\n",
            "e.g.",
            "(a:\n",
            "Word\n",
        ];
        for pattern in patterns {
            let text = pattern.repeat(SIZE / pattern.len());
            let started = std::time::Instant::now();
            let mut count = 0usize;
            let mut last_end = 0;
            for s in split_sentences(&text) {
                assert!(s.span.start >= last_end);
                last_end = s.span.end;
                count += 1;
            }
            let elapsed = started.elapsed();
            assert!(elapsed.as_secs() < 20, "{pattern:?} took {elapsed:?} for {count} sentences");
        }
        let no_space = "x".repeat(8 * SIZE) + ".Then " + &"y.z".repeat(SIZE);
        assert_eq!(split_sentences(&no_space).count(), 2);
        let no_newline = "Word and word. ".repeat(8 * SIZE / 15);
        assert_eq!(split_sentences(&no_newline).count(), 8 * SIZE / 15);
        let one_sentence = "word ".repeat(8 * SIZE / 5);
        assert_eq!(split_sentences(&one_sentence).count(), 1);
    }

    #[test]
    fn every_suffix_and_prefix_is_safe() {
        // Slicing at every char boundary must never panic and must keep the invariants.
        let text = "Mr. Xi.“Hi” U.S.A. 3.5… 你好。 שלום. a\u{301}.\n\nB:\nC";
        for (i, _) in text.char_indices() {
            check_invariants(&text[i..]);
            check_invariants(&text[..i]);
        }
    }

    /// Fragments that exercise every rule, glued together in random order by the property tests.
    const PIECES: &[&str] = &[
        "a",
        "Ab",
        "XI",
        "word",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        " \t\n ",
        ".",
        "!",
        "?",
        "…",
        "。",
        ":",
        "“",
        "”",
        "\"",
        ")",
        "U.S.",
        "Mr.",
        "No.",
        "3.5",
        "é",
        "\u{301}",
        "\u{a0}",
        "\u{3000}",
        "ש",
        "\0",
        "www.un.org",
    ];

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn invariants_on_news_like_text(pieces in prop::collection::vec(piece(), 0..120)) {
            check_invariants(&pieces.concat());
        }

        #[test]
        fn invariants_on_arbitrary_text(text in any::<String>()) {
            check_invariants(&text);
        }

        #[test]
        fn invariants_on_article_fragments(a in 0..ARTICLE.len(), b in 0..ARTICLE.len()) {
            let (a, b) = (a.min(b), a.max(b));
            if ARTICLE.is_char_boundary(a) && ARTICLE.is_char_boundary(b) {
                check_invariants(&ARTICLE[a..b]);
            }
        }
    }
}
