//! Words around a candidate: the small, allocation-free look-arounds that the resolution rules use, and the word
//! lists they consult.
//!
//! Every look-around is bounded (a few words, on the same line), so a rule costs O(1) per candidate however long
//! the document is. Words are compared ASCII-case-insensitively on the original text: the lists are English.

use crate::span::Span;
use crate::text::chars;
use std::sync::LazyLock;

/// A word of the original text: a run of letters and digits, with inner hyphens (`Secretary-General`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
}

impl Word {
    #[inline]
    pub fn as_str<'h>(&self, text: &'h str) -> &'h str {
        &text[self.start..self.end]
    }

    #[inline]
    pub fn is(&self, text: &str, word: &str) -> bool {
        self.as_str(text).eq_ignore_ascii_case(word)
    }

    #[inline]
    pub fn is_any(&self, text: &str, words: &[&str]) -> bool {
        let w = self.as_str(text);
        words.iter().any(|x| w.eq_ignore_ascii_case(x))
    }

    /// Starts with an upper-case letter.
    #[inline]
    pub fn is_capitalised(&self, text: &str) -> bool {
        match text.as_bytes().get(self.start..self.end).and_then(<[u8]>::first) {
            Some(&b) if b < 0x80 => b.is_ascii_uppercase(),
            _ => self.as_str(text).chars().next().is_some_and(chars::is_uppercase),
        }
    }

    /// Has letters and no upper-case one.
    #[inline]
    pub fn is_lowercase(&self, text: &str) -> bool {
        let w = self.as_str(text);
        w.chars().any(chars::is_alphabetic) && !w.chars().any(chars::is_uppercase)
    }

    /// Two or more letters, all upper case (`WARNS`, `US`).
    #[inline]
    pub fn is_all_caps(&self, text: &str) -> bool {
        let w = self.as_str(text);
        w.chars().filter(|&c| chars::is_alphabetic(c)).count() >= 2 && !w.chars().any(chars::is_lowercase)
    }

    /// Only digits (a day or a year next to a month name).
    #[inline]
    pub fn is_number(&self, text: &str) -> bool {
        self.as_str(text).bytes().all(|b| b.is_ascii_digit())
    }

    #[inline]
    pub fn span(&self) -> Span {
        Span { start: self.start, end: self.end }
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    chars::is_alphanumeric(c)
}

/// Horizontal space: words on another line are not neighbours (headings, captions, list items).
#[inline]
fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Skips horizontal space forwards from `pos`.
#[inline]
pub(crate) fn skip_space(text: &str, pos: usize) -> usize {
    // ASCII spaces and tabs by bytes; a space of another script (a no-break space) by characters.
    let bytes = text.as_bytes();
    let mut at = pos;
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
        at += 1;
    }
    if bytes.get(at).is_none_or(|&b| b < 0x80) {
        return at;
    }
    let rest = &text[at..];
    at + rest.find(|c: char| !is_hspace(c)).unwrap_or(rest.len())
}

/// Skips horizontal space backwards from `pos`.
#[inline]
fn skip_space_back(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = pos;
    while at > 0 && matches!(bytes[at - 1], b' ' | b'\t') {
        at -= 1;
    }
    if at == 0 || bytes[at - 1] < 0x80 {
        return at;
    }
    text[..at].trim_end_matches(is_hspace).len()
}

/// The word starting at `pos` exactly (no skipping).
#[inline]
pub(crate) fn word_at(text: &str, pos: usize) -> Option<Word> {
    let rest = &text.as_bytes()[pos..];
    // Most words are ASCII letters ending at an ASCII space or punctuation: a byte loop settles them. Anything
    // else (a hyphen, a non-ASCII character) goes to the character loop, from the start.
    let limit = rest.len().min(65);
    let mut ascii = 0;
    while ascii < limit && rest[ascii].is_ascii_alphanumeric() {
        ascii += 1;
    }
    match rest.get(ascii) {
        _ if ascii > 64 => Some(Word { start: pos, end: pos + ascii }),
        Some(&b) if b >= 0x80 || b == b'-' => word_at_by_char(text, pos),
        _ => (ascii > 0).then_some(Word { start: pos, end: pos + ascii }),
    }
}

/// [`word_at`], a character at a time.
fn word_at_by_char(text: &str, pos: usize) -> Option<Word> {
    let rest = &text[pos..];
    let mut end = 0;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            end = i + c.len_utf8();
        } else if c == '-' && end == i && end > 0 && chars.peek().is_some_and(|&(_, n)| is_word_char(n)) {
            continue;
        } else {
            break;
        }
        if end > 64 {
            break;
        }
    }
    (end > 0).then_some(Word { start: pos, end: pos + end })
}

/// The next word after `pos`, across horizontal space only.
#[inline]
pub(crate) fn next_word(text: &str, pos: usize) -> Option<Word> {
    word_at(text, skip_space(text, pos))
}

/// The word ending right before `pos`, across horizontal space only; with `period`, also across one full stop
/// right after the word (`Mr. Trump`).
#[inline]
pub(crate) fn prev_word(text: &str, pos: usize, period: bool) -> Option<Word> {
    let mut end = skip_space_back(text, pos);
    if period && text[..end].ends_with('.') {
        end -= 1;
    }
    // Most words are ASCII letters after an ASCII space or punctuation: a byte loop settles them. A hyphen or a
    // character of another script before them goes to the character loop, from the end.
    let bytes = text.as_bytes();
    let mut start = end;
    while start > 0 && end - start <= 64 && bytes[start - 1].is_ascii_alphanumeric() {
        start -= 1;
    }
    if end - start > 64 || start == 0 || (bytes[start - 1] < 0x80 && bytes[start - 1] != b'-') {
        return (start < end).then_some(Word { start, end });
    }
    prev_word_by_char(text, end)
}

/// [`prev_word`] from `end` (after the spaces and the full stop), a character at a time.
fn prev_word_by_char(text: &str, end: usize) -> Option<Word> {
    let before = &text[..end];
    let mut start = end;
    let mut chars = before.char_indices().rev().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            start = i;
        } else if c == '-' && start == i + 1 && chars.peek().is_some_and(|&(_, p)| is_word_char(p)) {
            continue;
        } else {
            break;
        }
        if end - start > 64 {
            break;
        }
    }
    (start < end).then_some(Word { start, end })
}

/// Up to `N` words after `pos` (across horizontal space), into a fixed array; returns how many were read.
pub(crate) fn words_after<const N: usize>(text: &str, pos: usize, out: &mut [Word; N]) -> usize {
    let mut at = pos;
    for (n, slot) in out.iter_mut().enumerate() {
        match next_word(text, at) {
            Some(w) => {
                *slot = w;
                at = w.end;
            }
            None => return n,
        }
    }
    N
}

/// Up to `N` words before `pos`, nearest first.
pub(crate) fn words_before<const N: usize>(text: &str, pos: usize, out: &mut [Word; N]) -> usize {
    let mut at = pos;
    for (n, slot) in out.iter_mut().enumerate() {
        match prev_word(text, at, n == 0) {
            Some(w) => {
                *slot = w;
                at = w.start;
            }
            None => return n,
        }
    }
    N
}

/// Skips the possessive `'s` / `’s` / `'` that follows a candidate ending at `end`.
pub(crate) fn after_possessive(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    for apostrophe in ["'s", "’s", "'S", "’S"] {
        if rest.starts_with(apostrophe) {
            return end + apostrophe.len();
        }
    }
    end
}

/// The largest char boundary of `text` at or below `at`.
pub(crate) fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

// ---------------------------------------------------------------------------------------------------------------
// Titles.

/// How a title word or phrase relates to a person named next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TitleClass {
    /// An office that the gazetteer's roles record (`president`, `prime minister`): confirms a name, picks the
    /// holder on the document's date, and may introduce an unknown leader.
    Office,
    /// Says that a person follows but names no office (`leader`, `counterpart`).
    Generic,
    /// A form of address (`Mr`, `Dr`, `Sheikh`).
    Honorific,
    /// Looks like an office but is not the one the data records (`vice president`, `president-elect`): stops the
    /// other rules from reading the word after it as the office.
    Blocker,
}

/// A title phrase and the role titles of the gazetteer it stands for, most likely first.
#[derive(Debug)]
pub(crate) struct TitleDef {
    pub words: &'static [&'static str],
    pub roles: &'static [&'static str],
    pub class: TitleClass,
}

const fn office(words: &'static [&'static str], roles: &'static [&'static str]) -> TitleDef {
    TitleDef { words, roles, class: TitleClass::Office }
}

const fn generic(words: &'static [&'static str]) -> TitleDef {
    TitleDef { words, roles: &[], class: TitleClass::Generic }
}

const fn honorific(words: &'static [&'static str]) -> TitleDef {
    TitleDef { words, roles: &[], class: TitleClass::Honorific }
}

const fn blocker(words: &'static [&'static str]) -> TitleDef {
    TitleDef { words, roles: &[], class: TitleClass::Blocker }
}

/// Title phrases, longest first so that the first match is the longest (`prime minister` before `minister`,
/// `vice president` before `president`). Role titles are the lower-case titles of `gazetteers/FORMAT.md`.
pub(crate) static TITLES: &[TitleDef] = &[
    office(&["president", "of", "the", "general", "assembly"], &["president of the general assembly"]),
    office(&["chairman", "of", "the", "presidency"], &["chairman of the presidency"]),
    office(&["head", "of", "government"], &["head of government", "prime minister", "premier"]),
    office(&["head", "of", "state"], &["head of state", "president", "king", "queen", "monarch", "emir"]),
    office(&["secretary", "of", "state"], &["secretary of state", "foreign minister", "foreign secretary"]),
    blocker(&["deputy", "prime", "minister"]),
    blocker(&["vice", "prime", "minister"]),
    blocker(&["first", "vice", "president"]),
    office(&["minister", "of", "foreign", "affairs"], &["foreign minister", "foreign secretary"]),
    office(&["high", "commissioner", "for", "human", "rights"], &["high commissioner for human rights"]),
    office(&["prime", "minister"], &["prime minister", "premier", "head of government"]),
    office(&["foreign", "minister"], &["foreign minister", "foreign secretary", "secretary of state"]),
    office(&["foreign", "secretary"], &["foreign secretary", "foreign minister", "secretary of state"]),
    office(&["secretary", "general"], &["secretary-general", "general secretary"]),
    office(&["general", "secretary"], &["general secretary", "secretary-general"]),
    office(&["director", "general"], &["director-general"]),
    office(&["governor", "general"], &["governor general"]),
    office(&["supreme", "leader"], &["supreme leader"]),
    office(&["paramount", "leader"], &["paramount leader"]),
    office(&["crown", "prince"], &["crown prince"]),
    office(&["grand", "duke"], &["grand duke"]),
    office(&["chief", "executive"], &["chief executive"]),
    office(&["chief", "minister"], &["chief minister"]),
    office(&["high", "representative"], &["high representative"]),
    office(&["executive", "director"], &["executive director"]),
    office(&["managing", "director"], &["managing director"]),
    office(&["defence", "minister"], &["defence minister"]),
    office(&["defense", "minister"], &["defence minister"]),
    office(&["defense", "secretary"], &["defence minister"]),
    office(&["defence", "secretary"], &["defence minister"]),
    office(&["interior", "minister"], &["interior minister"]),
    office(&["finance", "minister"], &["finance minister"]),
    office(&["trade", "minister"], &["trade minister"]),
    office(&["economy", "minister"], &["economy minister"]),
    office(&["justice", "minister"], &["justice minister"]),
    office(&["health", "minister"], &["health minister"]),
    office(&["energy", "minister"], &["energy minister"]),
    office(&["oil", "minister"], &["oil minister"]),
    blocker(&["vice", "president"]),
    blocker(&["former", "president"]),
    blocker(&["deputy", "president"]),
    blocker(&["vice", "chancellor"]),
    office(&["secretary-general"], &["secretary-general", "general secretary"]),
    office(&["director-general"], &["director-general"]),
    office(&["governor-general"], &["governor general"]),
    blocker(&["vice-president"]),
    blocker(&["president-elect"]),
    blocker(&["vice-chancellor"]),
    office(&["president"], &["president"]),
    office(&["premier"], &["premier", "prime minister"]),
    office(&["pm"], &["prime minister"]),
    office(&["chancellor"], &["chancellor"]),
    office(&["king"], &["king", "monarch"]),
    office(&["queen"], &["queen", "monarch"]),
    office(&["monarch"], &["monarch", "king", "queen"]),
    office(&["emir"], &["emir"]),
    office(&["amir"], &["emir"]),
    office(&["sultan"], &["sultan"]),
    office(&["emperor"], &["emperor"]),
    office(&["pope"], &["pope"]),
    office(&["taoiseach"], &["prime minister"]),
    office(&["chairperson"], &["chairperson", "chairman"]),
    office(&["chairman"], &["chairman", "chairperson"]),
    office(&["prosecutor"], &["prosecutor"]),
    generic(&["leader"]),
    generic(&["counterpart"]),
    generic(&["strongman"]),
    generic(&["dictator"]),
    generic(&["minister"]),
    generic(&["secretary"]),
    generic(&["ruler"]),
    honorific(&["mr"]),
    honorific(&["mrs"]),
    honorific(&["ms"]),
    honorific(&["dr"]),
    honorific(&["sir"]),
    honorific(&["dame"]),
    honorific(&["lord"]),
    honorific(&["lady"]),
    honorific(&["sheikh"]),
    honorific(&["shaikh"]),
    honorific(&["ayatollah"]),
    honorific(&["senator"]),
    honorific(&["sen"]),
    honorific(&["governor"]),
    honorific(&["gov"]),
    honorific(&["prince"]),
    honorific(&["princess"]),
    honorific(&["comrade"]),
    honorific(&["marshal"]),
];

/// The titles of [`TITLES`] by their first or their last word (lower-case ASCII), each list in the order of
/// `TITLES` (longest first), for the look-ups made at every mention: a word that starts or ends no title is turned
/// away with one hash probe, and one that does is compared with its few titles rather than all ninety.
struct TitleIndex(foldhash::HashMap<&'static [u8], Box<[u16]>>);

impl TitleIndex {
    fn new(word: impl Fn(&TitleDef) -> &'static str) -> TitleIndex {
        let mut map: foldhash::HashMap<&'static [u8], Vec<u16>> = foldhash::HashMap::default();
        for (i, def) in TITLES.iter().enumerate() {
            map.entry(word(def).as_bytes()).or_default().push(i as u16);
        }
        TitleIndex(map.into_iter().map(|(k, v)| (k, v.into_boxed_slice())).collect())
    }

    /// The titles of `word`, compared ASCII-case-insensitively without allocating; empty for most words.
    fn get(&self, word: &str) -> &[u16] {
        let mut buf = [0u8; 24];
        if word.len() > buf.len() || !word.is_ascii() {
            return &[];
        }
        for (b, w) in buf.iter_mut().zip(word.bytes()) {
            *b = w.to_ascii_lowercase();
        }
        self.0.get(&buf[..word.len()]).map_or(&[], |v| v)
    }
}

static BY_FIRST_WORD: LazyLock<TitleIndex> = LazyLock::new(|| TitleIndex::new(|d| d.words[0]));
static BY_LAST_WORD: LazyLock<TitleIndex> = LazyLock::new(|| TitleIndex::new(|d| d.words[d.words.len() - 1]));

/// A title found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TitleMatch {
    /// Index into [`TITLES`].
    pub def: u16,
    pub span: Span,
    /// Written in lower case (`the Russian president`): a role phrase rather than a title before a name.
    pub lowercase: bool,
}

impl TitleMatch {
    pub fn def(&self) -> &'static TitleDef {
        &TITLES[self.def as usize]
    }
}

/// The title phrase that starts at the first word after `pos`, longest first.
pub(crate) fn title_after(text: &str, pos: usize) -> Option<TitleMatch> {
    let first = word_at(text, skip_space(text, pos))?;
    let defs = BY_FIRST_WORD.get(first.as_str(text));
    if defs.is_empty() {
        return None;
    }
    let mut words = [Word { start: 0, end: 0 }; 5];
    let n = words_after(text, pos, &mut words);
    defs.iter().find_map(|&i| {
        let def = &TITLES[i as usize];
        let k = def.words.len();
        (k <= n && def.words.iter().zip(&words[..k]).all(|(t, w)| w.is(text, t))).then(|| TitleMatch {
            def: i,
            span: Span { start: words[0].start, end: words[k - 1].end },
            lowercase: words[..k].iter().all(|w| w.is_lowercase(text)),
        })
    })
}

/// The title phrase that ends with the word right before `pos`, longest first (`Prime Minister Fico`,
/// `Mr. Trump`).
pub(crate) fn title_before(text: &str, pos: usize) -> Option<TitleMatch> {
    let last = prev_word(text, pos, true)?;
    let defs = BY_LAST_WORD.get(last.as_str(text));
    if defs.is_empty() {
        return None;
    }
    let mut words = [Word { start: 0, end: 0 }; 5];
    let n = words_before(text, pos, &mut words);
    defs.iter().find_map(|&i| {
        let def = &TITLES[i as usize];
        let k = def.words.len();
        let matches = k <= n && def.words.iter().rev().zip(&words[..k]).all(|(t, w)| w.is(text, t));
        // Honorifics are capitalised when they are titles (`Mr Trump`); `said governor Bush` is rare, but
        // `the leader Kim` is common, so only honorifics need the capital.
        let ok = matches && (def.class != TitleClass::Honorific || words[0].is_capitalised(text));
        ok.then(|| TitleMatch {
            def: i,
            span: Span { start: words[k - 1].start, end: words[0].end },
            lowercase: words[..k].iter().all(|w| w.is_lowercase(text)),
        })
    })
}

/// Words before a country or title that make a role phrase refer to someone other than the current holder.
pub(crate) const NOT_CURRENT: &[&str] =
    &["former", "ex", "late", "then", "outgoing", "incoming", "future", "next", "previous", "erstwhile", "acting"];

/// Words before a role phrase that make it definite (`the Russian president`, `its president`).
pub(crate) const DETERMINERS: &[&str] = &["the", "its", "their", "our"];

/// Words after a surname that name a government by its head (`the Bush administration`).
pub(crate) const GOVERNMENT_WORDS: &[&str] = &["administration", "government", "cabinet", "presidency", "premiership"];

// ---------------------------------------------------------------------------------------------------------------
// Ambiguous aliases.

/// Flags of an automaton pattern that say which context rules apply to it; most patterns have none, and then no
/// rule costs anything.
pub(crate) mod flag {
    /// A month name (`May`).
    pub const MONTH: u8 = 1;
    /// A country name that is also a given name (`Chad`, `Jordan`, `Georgia`).
    pub const GIVEN_NAME: u8 = 2;
    /// A country name that is also a common noun (`turkey`, `guinea pig`, `china`).
    pub const COMMON_NOUN: u8 = 4;
    /// A country name that is also a US state (`Georgia`).
    pub const US_STATE: u8 = 8;
    /// An acronym that is also an English word (`US`, `WHO`, `IT`).
    pub const WORD_ACRONYM: u8 = 16;
    /// Letters that read as a Roman numeral (`XI`, `LI`).
    pub const ROMAN: u8 = 32;
}

pub(crate) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words before a month name (`in May`, `since May`, `early May`).
pub(crate) const MONTH_BEFORE: &[&str] = &[
    "in", "since", "until", "till", "by", "from", "of", "early", "late", "mid", "last", "next", "this", "during",
    "through", "before", "after", "on", "between", "and", "to", "or", "that", "each", "every",
];

/// Countries and territories whose names are also given names or surnames (`Chad Smith`, `Michael Jordan`).
///
/// Kept short on purpose: `Israel Katz` is a person, but `Israel Defense Forces` and `Israel Radio` are far more
/// common than the people, so the rule would cost more than it saves for most countries.
pub(crate) const GIVEN_NAME_COUNTRIES: &[&str] = &["chad", "jordan", "georgia"];

/// Country names that are also US states.
pub(crate) const US_STATE_COUNTRIES: &[&str] = &["georgia"];

/// Words before a country name that say the place is somewhere, not a person's name: `visited Jordan`.
pub(crate) const LOCATIVE_BEFORE: &[&str] = &[
    "in",
    "to",
    "from",
    "of",
    "across",
    "into",
    "throughout",
    "visit",
    "visited",
    "visiting",
    "visits",
    "with",
    "and",
    "against",
    "between",
    "inside",
    "outside",
    "near",
    "toward",
    "towards",
    "via",
    "neighbouring",
    "neighboring",
    "within",
    "on",
    "at",
    "for",
    "over",
    "by",
];

/// Common-noun readings of country names, with the neighbouring words that give them away.
pub(crate) struct CommonNoun {
    pub name: &'static str,
    /// Words just before the name (`fine china`, `hanging chad`).
    pub before: &'static [&'static str],
    /// Words just after the name (`guinea pig`, `china cabinet`).
    pub after: &'static [&'static str],
    /// Words within a few words either side (`roast turkey`, `Thanksgiving turkey`).
    pub near: &'static [&'static str],
}

pub(crate) static COMMON_NOUNS: &[CommonNoun] = &[
    CommonNoun {
        name: "turkey",
        before: &["roast", "roasted", "wild", "stuffed", "smoked", "thanksgiving", "christmas", "cold", "a"],
        after: &[
            "dinner",
            "sandwich",
            "sandwiches",
            "breast",
            "leg",
            "legs",
            "farm",
            "farms",
            "farmers",
            "vulture",
            "vultures",
            "hunting",
            "feathers",
            "gravy",
            "stuffing",
            "bacon",
            "burger",
            "burgers",
            "meat",
            "trot",
        ],
        near: &[
            "thanksgiving",
            "roast",
            "bird",
            "birds",
            "gobble",
            "gobbler",
            "poultry",
            "pardon",
            "pardoned",
            "pardons",
            "pardoning",
            "stuffing",
            "gravy",
            "feathers",
            "oven",
            "carving",
            "carve",
            "cranberry",
        ],
    },
    CommonNoun {
        name: "guinea",
        before: &[],
        after: &["pig", "pigs", "fowl", "fowls", "hen", "hens", "worm", "worms", "grass"],
        near: &[],
    },
    CommonNoun {
        name: "china",
        before: &["fine", "bone", "blue", "willow", "porcelain", "antique", "wedding"],
        after: &[
            "cabinet", "cabinets", "plate", "plates", "dishes", "cup", "cups", "teacups", "tea", "set", "sets", "shop",
            "clay", "doll", "dolls", "pattern", "patterns",
        ],
        near: &[],
    },
    CommonNoun { name: "chad", before: &["hanging", "dimpled", "pregnant", "swinging"], after: &[], near: &[] },
    CommonNoun {
        name: "it",
        before: &[],
        after: &[
            "worker",
            "workers",
            "sector",
            "department",
            "departments",
            "staff",
            "system",
            "systems",
            "company",
            "companies",
            "firm",
            "firms",
            "security",
            "infrastructure",
            "services",
            "industry",
            "professionals",
            "experts",
            "expert",
            "giant",
            "spending",
            "budget",
            "support",
            "skills",
            "outsourcing",
            "network",
            "networks",
            "team",
            "teams",
            "manager",
            "managers",
            "specialist",
            "specialists",
            "consultant",
            "consultants",
            "solutions",
            "park",
            "hub",
            "jobs",
            "education",
            "training",
            "minister",
            "ministry",
        ],
        near: &[],
    },
    CommonNoun { name: "jersey", before: &[], after: &["shirt", "shirts", "number", "cow", "cows"], near: &[] },
];

/// Short English words that are also acronyms of some entity (`US`, `WHO`, `IT`, `IS`): in text written all in
/// capitals they are most likely the word.
pub(crate) const WORD_ACRONYMS: &[&str] = &[
    "us", "who", "it", "is", "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "me", "my", "no", "of",
    "ok", "on", "or", "so", "to", "up", "we", "and", "are", "but", "can", "for", "not", "our", "out", "the", "was",
    "you", "all", "any", "has", "his", "her", "its", "now", "off", "one", "two", "way", "why", "how", "end", "aim",
    "act", "man", "men", "new", "old", "own", "say", "see", "set", "war", "win", "won", "yes", "eu", "un", "ifs",
];

/// Words before a Roman numeral that make it a regnal or ordinal number (`Louis XI`, `Pope Pius XI`,
/// `World War II`, `Apollo XI`) rather than a person written in capitals (`XI said`).
pub(crate) const NUMERAL_BEFORE: &[&str] = &[
    "louis",
    "pius",
    "leo",
    "gregory",
    "benedict",
    "john",
    "paul",
    "innocent",
    "clement",
    "urban",
    "boniface",
    "alexander",
    "henry",
    "edward",
    "george",
    "william",
    "charles",
    "james",
    "richard",
    "elizabeth",
    "mary",
    "philip",
    "felipe",
    "juan",
    "carlos",
    "alfonso",
    "frederick",
    "friedrich",
    "wilhelm",
    "ludwig",
    "nicholas",
    "peter",
    "ivan",
    "catherine",
    "constantine",
    "michael",
    "rama",
    "hassan",
    "mohammed",
    "muhammad",
    "abdullah",
    "hussein",
    "faisal",
    "farouk",
    "napoleon",
    "victor",
    "emmanuel",
    "umberto",
    "gustav",
    "carl",
    "christian",
    "frederik",
    "haakon",
    "olav",
    "harald",
    "margrethe",
    "albert",
    "leopold",
    "baudouin",
    "willem",
    "ramesses",
    "ptolemy",
    "sixtus",
    "julius",
    "martin",
    "stephen",
    "matthew",
    "otto",
    "casimir",
    "sigismund",
    "vasili",
    "war",
    "vatican",
    "apollo",
    "bowl",
    "part",
    "phase",
    "chapter",
    "article",
    "title",
    "section",
    "volume",
    "class",
    "mark",
    "type",
    "book",
    "act",
    "stage",
    "level",
    "tier",
    "round",
    "league",
    "division",
    "olympiad",
    "dynasty",
    "congress",
    "plenum",
    "pope",
    "king",
    "queen",
    "tsar",
    "czar",
    "emperor",
    "sultan",
    "prince",
];

/// Whether `word` reads as a Roman numeral of two or more letters (`XI`, `II`, `LI`).
pub(crate) fn is_roman_numeral(word: &str) -> bool {
    word.len() >= 2
        && word.bytes().all(|b| matches!(b.to_ascii_uppercase(), b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M'))
}

/// Words before a demonym that make it a language: `said in Russian`.
pub(crate) const LANGUAGE_BEFORE: &[&str] =
    &["in", "into", "speak", "speaks", "speaking", "spoke", "spoken", "fluent", "translated", "learn", "learning"];

/// Words after a language name that do not start a noun phrase, so the demonym is the language:
/// `in Russian and English`, `in Chinese, saying`.
pub(crate) const LANGUAGE_AFTER: &[&str] =
    &["and", "or", "but", "with", "to", "the", "a", "an", "that", "as", "on", "at", "for", "by", "from", "language"];

/// Words after a capital city that make it stand for its government (`Beijing says`, `Moscow accused`).
pub(crate) const GOVERNMENT_VERBS: &[&str] = &[
    "says",
    "said",
    "say",
    "accuses",
    "accused",
    "accuse",
    "warns",
    "warned",
    "warn",
    "claims",
    "claimed",
    "denies",
    "denied",
    "rejects",
    "rejected",
    "insists",
    "insisted",
    "responds",
    "responded",
    "announces",
    "announced",
    "believes",
    "believed",
    "likes",
    "liked",
    "wants",
    "wanted",
    "demands",
    "demanded",
    "threatens",
    "threatened",
    "urges",
    "urged",
    "condemns",
    "condemned",
    "welcomes",
    "welcomed",
    "refuses",
    "refused",
    "agrees",
    "agreed",
    "has",
    "had",
    "have",
    "will",
    "would",
    "must",
    "should",
    "could",
    "can",
    "may",
    "is",
    "was",
    "continues",
    "continued",
    "considers",
    "considered",
    "sees",
    "saw",
    "hopes",
    "hoped",
    "fears",
    "feared",
    "views",
    "viewed",
    "plans",
    "planned",
    "seeks",
    "sought",
    "supports",
    "supported",
    "backs",
    "backed",
    "opposes",
    "opposed",
    "retaliates",
    "retaliated",
    "sanctions",
    "sanctioned",
    "expelled",
    "expels",
    "summoned",
    "summons",
    "signed",
    "signs",
    "pledged",
    "pledges",
    "vowed",
    "vows",
    "protested",
    "protests",
    "criticised",
    "criticized",
    "recognises",
    "recognizes",
    "recognised",
    "recognized",
    "imposed",
    "imposes",
    "blames",
    "blamed",
];

/// Words after a title that start the rest of a sentence rather than a name: `Mongolian President On Thursday`
/// would otherwise look like a name.
pub(crate) const NOT_A_NAME: &[&str] = &[
    "on",
    "in",
    "at",
    "for",
    "the",
    "and",
    "but",
    "or",
    "of",
    "said",
    "says",
    "has",
    "had",
    "was",
    "is",
    "will",
    "would",
    "elect",
    "emeritus",
    "himself",
    "herself",
    "today",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "office",
    "palace",
    "administration",
    "government",
    "who",
    "when",
    "while",
    "after",
    "before",
    "during",
    "since",
    "with",
    "without",
    "to",
    "from",
    "by",
    "as",
    "also",
    "then",
];

/// Head words that make a parenthesised definition's long form an organisation (`... Studies (SCEUS)`); an
/// acronym for a thing (`Improvised Explosive Device (IED)`) makes no entity.
pub(crate) const ORGANISATION_HEADS: &[&str] = &[
    "center",
    "centre",
    "institute",
    "council",
    "committee",
    "agency",
    "organisation",
    "organization",
    "union",
    "association",
    "army",
    "front",
    "party",
    "movement",
    "forces",
    "force",
    "ministry",
    "department",
    "office",
    "bureau",
    "commission",
    "court",
    "bank",
    "fund",
    "group",
    "brigade",
    "brigades",
    "corps",
    "service",
    "services",
    "programme",
    "program",
    "league",
    "coalition",
    "alliance",
    "network",
    "foundation",
    "society",
    "university",
    "college",
    "authority",
    "administration",
    "assembly",
    "parliament",
    "congress",
    "unit",
    "units",
    "battalion",
    "regiment",
    "division",
    "mission",
    "observatory",
    "federation",
    "company",
    "corporation",
    "board",
    "directorate",
    "secretariat",
    "tribunal",
    "cross",
    "crescent",
    "watch",
    "international",
    "initiative",
    "command",
    "guard",
    "guards",
    "police",
    "navy",
    "brotherhood",
    "militia",
    "militias",
    "studies",
    "research",
    "council",
    "institution",
    "conference",
    "consortium",
    "partnership",
    "legion",
    "regime",
    "government",
    "syndicate",
    "trust",
    "academy",
    "taskforce",
    "team",
    "club",
    "media",
    "news",
    "press",
    "times",
    "post",
    "herald",
    "tribune",
    "channel",
    "radio",
    "television",
    "broadcasting",
    "airways",
    "airlines",
    "holdings",
];

/// Geographic head words after a country name that make it part of a place's name (`Jordan Valley`).
pub(crate) const PLACE_HEADS: &[&str] =
    &["valley", "river", "basin", "rift", "sea", "lake", "street", "road", "bridge", "crossing", "gate", "mountains"];

/// Capitalised words after a city that make it part of an institution's or event's name (`Damascus University`,
/// `Manama Dialogue`).
pub(crate) const NAME_AFTER_PLACE: &[&str] = &[
    "university",
    "college",
    "airport",
    "stadium",
    "club",
    "dialogue",
    "declaration",
    "agreement",
    "agreements",
    "accord",
    "accords",
    "protocol",
    "format",
    "process",
    "forum",
    "guard",
    "times",
    "post",
    "herald",
    "tribune",
    "conference",
    "summit",
    "communique",
    "communiqué",
    "memorandum",
    "marathon",
    "metro",
    "symphony",
    "orchestra",
];

/// Lower-case words after a city that make the pair a document (`the Minsk agreements`).
pub(crate) const DOCUMENT_AFTER_PLACE: &[&str] =
    &["agreement", "agreements", "accord", "accords", "protocol", "protocols", "communique", "memorandum"];

/// Lower-case words that may sit inside a name without breaking it (`Center for Eastern European Studies`).
pub(crate) const NAME_FUNCTION_WORDS: &[&str] =
    &["of", "for", "and", "the", "de", "du", "des", "la", "le", "al", "el", "on", "in", "to", "&"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_at_fast_path_agrees_with_the_character_loop() {
        let long = "a".repeat(70);
        let texts = [
            "Putin said",
            "Xi's visit",
            "al-Assad met",
            "Jean-Pierre",
            "end-",
            "-start",
            "Vučić and",
            "naïve",
            "x_y z",
            "e\u{301}t\u{e9}",
            "Ärzte",
            "1990s.",
            "a",
            "",
            "A - B",
            "co-op--x",
            long.as_str(),
            "ab\u{a0}cd",
        ];
        for text in texts {
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                assert_eq!(word_at(text, pos), word_at_by_char(text, pos), "{text:?} at {pos}");
            }
        }
    }

    /// [`prev_word`] as it was before its byte loop: characters only.
    fn prev_word_reference(text: &str, pos: usize, period: bool) -> Option<Word> {
        let mut end = text[..pos].trim_end_matches(is_hspace).len();
        if period && text[..end].ends_with('.') {
            end -= 1;
        }
        prev_word_by_char(text, end)
    }

    fn skip_space_reference(text: &str, pos: usize) -> usize {
        let rest = &text[pos..];
        pos + rest.find(|c: char| !is_hspace(c)).unwrap_or(rest.len())
    }

    fn look_arounds_agree(text: &str) {
        for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
            for period in [false, true] {
                assert_eq!(prev_word(text, pos, period), prev_word_reference(text, pos, period), "{text:?} at {pos}");
            }
            assert_eq!(skip_space(text, pos), skip_space_reference(text, pos), "{text:?} at {pos}");
            assert_eq!(skip_space_back(text, pos), text[..pos].trim_end_matches(is_hspace).len(), "{text:?} at {pos}");
            let word = Word { start: pos, end: text.len() };
            assert_eq!(
                word.is_capitalised(text),
                text[pos..].chars().next().is_some_and(chars::is_uppercase),
                "{text:?} at {pos}"
            );
        }
    }

    #[test]
    fn backward_fast_paths_agree_with_the_character_loops() {
        let long = format!("{} x", "a".repeat(70));
        let texts = [
            "said Mr. Trump",
            "al-Assad met",
            "end- x",
            "-start x",
            "Vučić  met",
            "Ärzte x",
            "a\u{a0} \u{a0}b",
            "x \t\u{202f}y",
            "co-op--x y",
            "e\u{301}t\u{e9} x",
            "1990s. x",
            "Mr.",
            "",
            long.as_str(),
        ];
        for text in texts {
            look_arounds_agree(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn look_arounds_agree_on_any_text(
            text in "([a-zA-Z0-9]{0,3}|[ \t.'-]|\u{a0}|\u{2009}|\u{e9}|\u{c4}|\u{301}|\u{420}){0,24}"
        ) {
            look_arounds_agree(&text);
        }
    }

    #[test]
    fn neighbouring_words() {
        let text = "said Mr. Trump,  the  Secretary-General\tof the UN";
        let trump = text.find("Trump").unwrap();
        assert_eq!(prev_word(text, trump, true).map(|w| w.as_str(text)), Some("Mr"));
        assert_eq!(prev_word(text, trump, false), None);
        assert_eq!(next_word(text, trump).map(|w| w.as_str(text)), Some("Trump"));
        let the = text.find("the").unwrap();
        assert_eq!(next_word(text, the + 3).map(|w| w.as_str(text)), Some("Secretary-General"));
        let un = text.find("UN").unwrap();
        let mut before = [Word { start: 0, end: 0 }; 3];
        assert_eq!(words_before(text, un, &mut before), 3);
        assert_eq!(before.map(|w| w.as_str(text)), ["the", "of", "Secretary-General"]);
        assert_eq!(next_word("a\nb", 1), None);
        let t = "Vučić met";
        assert_eq!(prev_word(t, t.len() - 3, false).map(|w| w.as_str(t)), Some("Vučić"));
    }

    #[test]
    fn titles_after_and_before() {
        let text = "Slovak Prime Minister Robert Fico and the Russian president said";
        let t = title_after(text, "Slovak".len()).unwrap();
        assert_eq!(&text[t.span.range()], "Prime Minister");
        assert_eq!(t.def().roles[0], "prime minister");
        assert!(!t.lowercase);
        let at = text.find("president").unwrap() - 1;
        let t = title_after(text, at).unwrap();
        assert!(t.lowercase && t.def().class == TitleClass::Office);
        let fico = text.find("Robert").unwrap();
        assert_eq!(title_before(text, fico).map(|t| &text[t.span.range()]), Some("Prime Minister"));
        assert_eq!(title_after("Russian Vice President Ivanov", 7).map(|t| t.def().class), Some(TitleClass::Blocker));
        assert_eq!(title_before("said Mr. Trump", 9).map(|t| t.def().class), Some(TitleClass::Honorific));
        assert_eq!(title_before("said mr trump", 8), None);
        assert_eq!(title_after("Russian-made president", 7), None);
    }

    #[test]
    fn every_title_is_indexed_by_its_first_and_last_word_in_order() {
        for (i, def) in TITLES.iter().enumerate() {
            assert!(BY_FIRST_WORD.get(def.words[0]).contains(&(i as u16)), "{:?}", def.words);
            assert!(BY_LAST_WORD.get(def.words[def.words.len() - 1]).contains(&(i as u16)), "{:?}", def.words);
        }
        for index in [&*BY_FIRST_WORD, &*BY_LAST_WORD] {
            assert!(index.0.values().all(|defs| defs.windows(2).all(|w| w[0] < w[1])), "in the order of TITLES");
        }
        assert!(!BY_FIRST_WORD.get("President").is_empty() && BY_FIRST_WORD.get("Putin").is_empty());
        assert!(BY_FIRST_WORD.get("president of the united states and more").is_empty(), "longer than any entry");
        assert!(BY_LAST_WORD.get("PRESIDENT").len() > 1, "`vice president` and `president` both end in it");
    }

    #[test]
    fn roman_numerals() {
        assert!(is_roman_numeral("XI") && is_roman_numeral("ii") && !is_roman_numeral("X") && !is_roman_numeral("Xu"));
    }
}
