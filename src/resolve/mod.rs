//! Resolution: turning raw alias candidates into entity mentions, as a careful reader would.
//!
//! A candidate may name several entities (`Georgia` the country and the US state; `Bush` father and son), some
//! aliases are not enough on their own (a surname, a demonym shared by two countries), and some are ordinary words
//! in the wrong place (`in May`, `Thanksgiving Turkey`, `Louis XI`). Resolution runs a few linear passes over a
//! document's candidates:
//!
//! 1. **Strong aliases** (names, official names, aliases, acronyms in their exact case) resolve directly, unless a
//!    context rule says the word is something else here: a person's name (`Chad Smith`, `Michael Jordan`), a common
//!    noun (`guinea pig`, `Thanksgiving Turkey`), the US state (`Atlanta, Georgia`), a word in text written in
//!    capitals (`LET US`). The entities named this way unambiguously are the document's **anchors**. When one alias
//!    names several entities, an anchored one wins, then one in office on the document's date, then the kind order
//!    country, organisation, leader, place.
//! 2. **Demonyms** (`Russian`, `South Korean`) are mentions of their country when switched on; one shared by several
//!    countries (`Korean`) needs one of them anchored; `said in Russian` is a language.
//! 3. **Acronyms defined in the text**: `Long Form (LF)` makes `LF` an alias of the long form's entity for the rest
//!    of the document; an unknown organisation-like long form becomes a discovered organisation.
//! 4. **Titles and roles, dated.** After a country or organisation, a title (`Russian President`, `Britain's prime
//!    minister`, `the UN Secretary-General`) either confirms the name that follows, introduces an unknown leader
//!    (`Mongolian President Ukhnaagiin Khurelsukh` → a discovered leader), or, with no name after it, is a role
//!    phrase: a mention of whoever held the office on the document's date (`the Russian president` is Putin in 2025
//!    and nobody in 1987). `the president of Russia` works too.
//! 5. **Weak aliases** (surnames, short forms) count after a title that fits (`President Bush` is the president on
//!    the document's date), before `administration`/`government`, or when the document anchors the entity (full
//!    name, role phrase) — the most recent anchor before the mention wins. A month (`in May`) and a Roman numeral
//!    after a regnal name (`Louis XI`) never count.
//! 6. **Document aliases and fuzzy names**: later uses of defined acronyms and discovered names; leader names of
//!    eight letters or more one edit away from a known alias (`Zelenskiy`), when nothing matched there exactly.
//! 7. **Metonymy** (an option): a capital followed by a verb of saying or acting (`Beijing says`) is its country.
//!
//! Every pass is linear in the number of candidates (anchors are a sorted vector searched by binary search), and
//! the look-arounds are bounded to a few words, so a document where every word is a mention costs no more per word
//! than any other.

pub(crate) mod fuzzy;
pub(crate) mod roles;
pub(crate) mod words;

use crate::date::Date;
use crate::entity::{Entity, EntityKind, Origin, Role};
use crate::explain::{Reason, Rejection};
use crate::gazetteer::{Alias, AliasKind, Gazetteer};
use crate::matcher::Candidate;
use crate::span::{EntityId, Span};
use crate::text::chars;
use crate::text::normalize::{Folded, fold};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use fuzzy::FuzzyIndex;
use regex::Regex;
use roles::{Fit, RoleIndex, fit};
use serde::Serialize;
use std::sync::OnceLock;
use words::{TitleClass, TitleMatch, Word, flag};

/// How a mention was recognised.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The entity's canonical name.
    Name,
    /// A country's official name.
    OfficialName,
    /// Another listed alias.
    Alias,
    /// A case-sensitive acronym (`US`, `UN`).
    Acronym,
    /// A weak alias (surname, short form) of an entity the document names in full or by its role.
    Surname,
    /// A weak alias confirmed by the title before it (`President Putin`) or the word after it (`the Bush
    /// administration`).
    Title,
    /// A country's demonym (`Russian`).
    Demonym,
    /// A role phrase with no name (`the Russian president`): whoever held the office on the document's date.
    RoleAtDate,
    /// An acronym defined in the text (`Stockholm Center for Eastern European Studies (SCEUS)`), at its definition
    /// and later.
    AcronymDefinition,
    /// A leader name one edit away from a known alias (`Zelenskiy`).
    Fuzzy,
    /// A name that is not in the gazetteer, found by a title pattern or an acronym definition.
    Discovered,
    /// A capital standing for its country's government (`Beijing says`), with the metonymy option.
    Metonymy,
}

impl Via {
    /// The snake-case name used in outputs (`name`, `surname`, `role_at_date`…).
    pub fn as_str(&self) -> &'static str {
        match self {
            Via::Name => "name",
            Via::OfficialName => "official_name",
            Via::Alias => "alias",
            Via::Acronym => "acronym",
            Via::Surname => "surname",
            Via::Title => "title",
            Via::Demonym => "demonym",
            Via::RoleAtDate => "role_at_date",
            Via::AcronymDefinition => "acronym_definition",
            Via::Fuzzy => "fuzzy",
            Via::Discovered => "discovered",
            Via::Metonymy => "metonymy",
        }
    }

    fn of_alias(kind: AliasKind) -> Via {
        match kind {
            AliasKind::Name => Via::Name,
            AliasKind::OfficialName => Via::OfficialName,
            AliasKind::Alias => Via::Alias,
            AliasKind::Acronym => Via::Acronym,
            AliasKind::Weak => Via::Surname,
            AliasKind::Demonym => Via::Demonym,
        }
    }
}

/// No alias: role phrases, discovered names, defined acronyms.
pub(crate) const NO_ALIAS: u32 = u32::MAX;

/// A resolved mention before sentence assignment.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Resolved {
    pub span: Span,
    pub entity: EntityId,
    pub via: Via,
    pub possessive: bool,
    /// Index into the gazetteer's aliases of the alias that matched, or [`NO_ALIAS`].
    pub alias: u32,
    /// The text that confirmed the mention (anchor, title, definition); empty when none.
    pub evidence: Span,
}

/// Options that change resolution.
#[derive(Clone, Debug)]
pub(crate) struct ResolveOptions {
    pub demonyms: bool,
    pub metonymy: bool,
    pub fuzzy: bool,
    pub discover: bool,
}

impl Default for ResolveOptions {
    fn default() -> ResolveOptions {
        ResolveOptions { demonyms: true, metonymy: false, fuzzy: true, discover: true }
    }
}

/// Everything resolution needs that depends only on the gazetteer and the options: built once per extractor.
pub(crate) struct Resolver {
    pub options: ResolveOptions,
    roles: RoleIndex,
    /// Context-rule flags per automaton pattern ([`words::flag`]).
    flags: Vec<u8>,
    /// Capital city place → its country, for metonymy.
    capitals: HashMap<EntityId, EntityId>,
    /// Acronym aliases of organisations, for linking an unknown long form to a known organisation.
    organisation_acronyms: Vec<u32>,
    name_regex: Regex,
    acronym_regex: Regex,
    /// Built with the resolver when fuzzy matching is on (about 2 ms), so that the first document does not pay for it.
    fuzzy: OnceLock<FuzzyIndex>,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver")
            .field("options", &self.options)
            .field("flagged_patterns", &self.flags.iter().filter(|&&f| f != 0).count())
            .field("capitals", &self.capitals.len())
            .field("fuzzy_built", &self.fuzzy.get().is_some())
            .finish()
    }
}

/// A title read before a leader candidate, from the country side (`Russian President` → the next name) or right
/// before it (`President Putin`).
#[derive(Clone, Copy, Debug)]
struct TitleContext {
    title: TitleMatch,
    /// The country or organisation the title belongs to, when named (`Russian`).
    of: Option<EntityId>,
    evidence: Span,
    /// `former`, `late`, `then`… before it: the date does not pick the person.
    not_current: bool,
}

#[derive(Clone, Copy, Debug)]
enum Decision {
    Accept {
        entity: EntityId,
        via: Via,
        alias: u32,
        evidence: Span,
    },
    Reject {
        reason: Reason,
        entity: Option<EntityId>,
    },
    /// To be decided in a later pass (several strong readings, demonyms, weak aliases).
    Pending,
    /// Replaced by a longer discovered name or a definition; already recorded.
    Dropped,
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    decision: Decision,
    title: Option<TitleContext>,
}

/// A document-local alias: a defined acronym or a discovered name, valid from `from` on.
#[derive(Clone, Debug)]
struct LocalAlias {
    text: String,
    entity: EntityId,
    via: Via,
    from: usize,
    evidence: Span,
}

/// Per-document buffers, reused across documents through [`Scratch`](crate::Scratch).
#[derive(Debug, Default)]
pub(crate) struct Work {
    slots: Vec<Slot>,
    /// `(entity, start, end)` of mentions that name an entity on their own, sorted for binary search.
    anchors: Vec<(EntityId, u32, u32)>,
    extra: Vec<Resolved>,
    locals: Vec<LocalAlias>,
    /// Patterns rejected as a person's name in this document (`Michael Jordan`): later bare uses are the person too.
    person_patterns: Vec<u32>,
    query: Folded,
    /// Folded words that have no leader name within one edit, of the gazetteer build `fuzzy_misses_of`: capitalised
    /// words of eight letters or more (`Assembly`, `International`) come back in document after document, and
    /// looking one up here costs a twentieth of probing the fuzzy index again.
    fuzzy_misses: HashSet<Box<str>>,
    fuzzy_misses_of: u64,
}

/// Records rejections when explaining; does nothing otherwise.
struct Tracer<'t>(Option<&'t mut Vec<Rejection>>);

impl Tracer<'_> {
    #[inline]
    fn reject(&mut self, span: Span, pattern: Option<u32>, entity: Option<EntityId>, reason: Reason) {
        if let Some(out) = self.0.as_deref_mut() {
            out.push(Rejection { span, pattern, entity, reason });
        }
    }
}

/// One document being resolved.
struct Doc<'a> {
    g: &'a Gazetteer,
    text: &'a str,
    candidates: &'a [Candidate],
    date: Option<Date>,
}

impl Doc<'_> {
    #[inline]
    fn surface(&self, i: usize) -> &str {
        &self.text[self.candidates[i].span.range()]
    }

    /// The aliases of candidate `i` that accept its letter case, with their indices.
    #[inline]
    fn aliases(&self, i: usize) -> impl Iterator<Item = (u32, &Alias)> + '_ {
        let c = &self.candidates[i];
        let surface = self.surface(i);
        let inner = &self.g.inner;
        let p = inner.patterns[c.pattern as usize];
        let range = p.first_alias as usize..(p.first_alias + p.alias_len) as usize;
        inner.pattern_aliases[range]
            .iter()
            .map(move |&a| (a, &inner.aliases[a as usize]))
            .filter(move |(_, a)| a.accepts_surface(surface))
    }

    /// The kind of a gazetteer entity (an alias's).
    #[inline]
    fn kind(&self, e: EntityId) -> EntityKind {
        self.g.entity(e).kind
    }

    /// The kind of a decided entity, which may be one discovered in this document (`None` then).
    #[inline]
    fn kind_of(&self, e: EntityId) -> Option<EntityKind> {
        self.g.entities().get(e.as_usize()).map(|e| e.kind)
    }

    /// Index of the candidate starting exactly at `pos`.
    fn candidate_at(&self, pos: usize) -> Option<usize> {
        let i = self.candidates.partition_point(|c| c.span.start < pos);
        (i < self.candidates.len() && self.candidates[i].span.start == pos).then_some(i)
    }

    /// Index of the candidate ending exactly at `pos`.
    fn candidate_ending_at(&self, pos: usize) -> Option<usize> {
        let i = self.candidates.partition_point(|c| c.span.end < pos);
        (i < self.candidates.len() && self.candidates[i].span.end == pos).then_some(i)
    }
}

fn kind_rank(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Country => 0,
        EntityKind::Organisation => 1,
        EntityKind::Leader => 2,
        _ => 3,
    }
}

/// Whether the anchors (sorted) hold `entity`.
#[inline]
fn is_anchored(anchors: &[(EntityId, u32, u32)], entity: EntityId) -> bool {
    let i = anchors.partition_point(|a| a.0 < entity);
    anchors.get(i).is_some_and(|a| a.0 == entity)
}

/// The anchor of `entity` nearest to `pos`: the last before it, else the first after it. The key orders anchors
/// of different entities: any anchor before beats any after; among those before, the later wins.
#[inline]
fn nearest_anchor(anchors: &[(EntityId, u32, u32)], entity: EntityId, pos: usize) -> Option<((u8, u64), Span)> {
    let lo = anchors.partition_point(|a| a.0 < entity);
    let hi = anchors.partition_point(|a| a.0 <= entity);
    let run = &anchors[lo..hi];
    if run.is_empty() {
        return None;
    }
    let before = run.partition_point(|a| (a.1 as usize) < pos);
    let span = |a: &(EntityId, u32, u32)| Span { start: a.1 as usize, end: a.2 as usize };
    if before > 0 {
        let a = &run[before - 1];
        Some(((1, u64::from(a.1)), span(a)))
    } else {
        let a = &run[0];
        Some(((0, u64::MAX - u64::from(a.1)), span(a)))
    }
}

fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in fold(name).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `text` with runs of whitespace made single spaces.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Resolver {
    /// Compiles the rule resources for `gazetteer`.
    ///
    /// # Panics
    ///
    /// Panics if a built-in regular expression does not compile, which the crate's tests rule out.
    pub fn new(gazetteer: &Gazetteer, options: ResolveOptions) -> Resolver {
        let inner = &gazetteer.inner;
        let mut flags = vec![0u8; inner.patterns.len()];
        for (p, pattern) in inner.patterns.iter().enumerate() {
            let range = pattern.first_alias as usize..(pattern.first_alias + pattern.alias_len) as usize;
            for &a in &inner.pattern_aliases[range] {
                let alias = &inner.aliases[a as usize];
                let lower = alias.text.to_lowercase();
                let is = |list: &[&str]| list.contains(&lower.as_str());
                let f = &mut flags[p];
                if is(words::MONTHS) {
                    *f |= flag::MONTH;
                }
                if is(words::GIVEN_NAME_COUNTRIES) {
                    *f |= flag::GIVEN_NAME;
                }
                if words::COMMON_NOUNS.iter().any(|n| n.name == lower) {
                    *f |= flag::COMMON_NOUN;
                }
                if is(words::US_STATE_COUNTRIES) {
                    *f |= flag::US_STATE;
                }
                if alias.kind == AliasKind::Acronym && is(words::WORD_ACRONYMS) {
                    *f |= flag::WORD_ACRONYM;
                }
                if words::is_roman_numeral(&alias.text) {
                    *f |= flag::ROMAN;
                }
            }
        }
        let mut capitals = HashMap::new();
        for (i, country) in gazetteer.entities().iter().enumerate() {
            if country.kind != EntityKind::Country {
                continue;
            }
            let Some(capital) = country.attribute("capital") else { continue };
            for place in gazetteer.lookup(capital) {
                let p = gazetteer.entity(place);
                if p.kind == EntityKind::Place && p.country.as_deref().is_none_or(|c| c == country.id) {
                    capitals.entry(place).or_insert(EntityId(i as u32));
                }
            }
        }
        for (i, place) in gazetteer.entities().iter().enumerate() {
            if place.kind == EntityKind::Place
                && place.attribute("type") == Some("capital")
                && let Some(country) = place.country.as_deref().and_then(|c| gazetteer.get(c))
            {
                capitals.entry(EntityId(i as u32)).or_insert(country);
            }
        }
        let organisation_acronyms = inner
            .aliases
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.kind == AliasKind::Acronym && gazetteer.entity(a.entity).kind == EntityKind::Organisation
            })
            .map(|(i, _)| i as u32)
            .collect();
        // A name after a title: two to four capitalised words, initials or particles (`al-Abadi`, `bin`, `von`).
        // The patterns are fixed, and compiling their Unicode classes is most of building an extractor: once per
        // process, not once per extractor (cloning a compiled regex is cheap).
        static REGEXES: OnceLock<(Regex, Regex)> = OnceLock::new();
        let (name_regex, acronym_regex) = REGEXES
            .get_or_init(|| {
                let name = name_pattern("+");
                let name_regex = match Regex::new(&name) {
                    Ok(r) => r,
                    Err(e) => panic!("built-in name pattern does not compile: {e}"),
                };
                // Up to twelve characters, checked where it is used: a bounded repetition of these classes costs
                // five times as long to compile. (No match can start inside a longer one, which holds no `(`.)
                let acronym_regex = match Regex::new(r"\((\p{Lu}[\p{L}\d&\-]+)\)") {
                    Ok(r) => r,
                    Err(e) => panic!("built-in acronym pattern does not compile: {e}"),
                };
                (name_regex, acronym_regex)
            })
            .clone();
        let fuzzy = if options.fuzzy { OnceLock::from(FuzzyIndex::build(gazetteer)) } else { OnceLock::new() };
        Resolver {
            options,
            roles: RoleIndex::build(gazetteer),
            flags,
            capitals,
            organisation_acronyms,
            name_regex,
            acronym_regex,
            fuzzy,
        }
    }

    /// Resolves the candidates of one document into `out` (in text order, non-overlapping), adding discovered
    /// entities to `discovered` (their ids follow the gazetteer's) and, when `trace` is given, every rejection.
    #[allow(clippy::too_many_arguments)]
    pub fn resolve(
        &self,
        g: &Gazetteer,
        text: &str,
        candidates: &[Candidate],
        date: Option<Date>,
        work: &mut Work,
        out: &mut Vec<Resolved>,
        discovered: &mut Vec<Entity>,
        trace: Option<&mut Vec<Rejection>>,
    ) {
        let doc = Doc { g, text, candidates, date };
        let mut tracer = Tracer(trace);
        work.slots.clear();
        work.anchors.clear();
        work.extra.clear();
        work.locals.clear();
        work.person_patterns.clear();
        self.decide_strong(&doc, work);
        self.decide_pending(&doc, work);
        let mut by_id = HashMap::new();
        let mut discoveries = Discoveries { known: g.len(), entities: discovered, by_id: &mut by_id };
        self.acronym_definitions(&doc, work, &mut discoveries, &mut tracer);
        self.titles_and_roles(&doc, work, &mut discoveries, &mut tracer);
        work.anchors.sort_unstable();
        self.emit(&doc, work, out, &mut tracer);
        out.append(&mut work.extra);
        out.sort_unstable_by_key(|r| (r.span.start, std::cmp::Reverse(r.span.end)));
        self.local_aliases(&doc, work, out);
        if self.options.fuzzy {
            self.fuzzy_names(&doc, work, out);
        }
        // Rules work on disjoint stretches of text, so overlaps are not expected; if two ever meet, the first
        // (longest at a tie) wins, keeping mentions non-overlapping as the API promises.
        let mut last_end = 0;
        out.retain(|r| {
            let keep = r.span.start >= last_end;
            if keep {
                last_end = r.span.end;
            }
            keep
        });
    }

    /// Pass 1: candidates whose strong aliases all name one entity; they make the anchors.
    fn decide_strong(&self, doc: &Doc<'_>, work: &mut Work) {
        for i in 0..doc.candidates.len() {
            let mut first: Option<(u32, &Alias)> = None;
            let mut several = false;
            for (ai, a) in doc.aliases(i).filter(|(_, a)| a.kind.is_strong()) {
                match first {
                    None => first = Some((ai, a)),
                    Some((_, f)) if f.entity != a.entity => several = true,
                    Some(_) => {}
                }
            }
            let decision = match first {
                Some((ai, a)) if !several => match self.context_rejects(doc, work, i, a.entity) {
                    Some(reason) => Decision::Reject { reason, entity: Some(a.entity) },
                    None => Decision::Accept {
                        entity: a.entity,
                        via: Via::of_alias(a.kind),
                        alias: ai,
                        evidence: Span::default(),
                    },
                },
                _ => Decision::Pending,
            };
            if let Decision::Accept { entity, .. } = decision {
                let c = doc.candidates[i].span;
                work.anchors.push((entity, c.start as u32, c.end as u32));
            }
            work.slots.push(Slot { decision, title: None });
        }
        work.anchors.sort_unstable();
    }

    /// Pass 2: several strong readings, and demonyms; weak aliases stay pending.
    fn decide_pending(&self, doc: &Doc<'_>, work: &mut Work) {
        for i in 0..doc.candidates.len() {
            if !matches!(work.slots[i].decision, Decision::Pending) {
                continue;
            }
            let decision = if let Some((ai, a)) = self.choose_strong(doc, work, i) {
                match self.context_rejects(doc, work, i, a.entity) {
                    Some(reason) => Decision::Reject { reason, entity: Some(a.entity) },
                    None => Decision::Accept {
                        entity: a.entity,
                        via: Via::of_alias(a.kind),
                        alias: ai,
                        evidence: Span::default(),
                    },
                }
            } else if doc.aliases(i).any(|(_, a)| a.kind == AliasKind::Demonym) {
                self.choose_demonym(doc, work, i)
            } else {
                Decision::Pending
            };
            work.slots[i].decision = decision;
        }
    }

    fn choose_strong<'d>(&self, doc: &'d Doc<'_>, work: &Work, i: usize) -> Option<(u32, &'d Alias)> {
        let us_state = self.flags[doc.candidates[i].pattern as usize] & flag::US_STATE != 0 && us_state_context(doc, i);
        doc.aliases(i).filter(|(_, a)| a.kind.is_strong()).min_by_key(|(_, a)| {
            let e = doc.g.entity(a.entity);
            let in_office = e.kind == EntityKind::Leader && fit(e, &[], None, doc.date) == Fit::OnDate;
            let state_reading = us_state && e.kind == EntityKind::Place && e.country.as_deref() == Some("USA");
            (!state_reading, !is_anchored(&work.anchors, a.entity), !in_office, kind_rank(e.kind), a.kind)
        })
    }

    fn choose_demonym(&self, doc: &Doc<'_>, work: &Work, i: usize) -> Decision {
        let mut first: Option<(u32, EntityId)> = None;
        let mut several = false;
        let mut anchored: Option<(u32, EntityId)> = None;
        let mut anchored_several = false;
        for (ai, a) in doc.aliases(i).filter(|(_, a)| a.kind == AliasKind::Demonym) {
            match first {
                None => first = Some((ai, a.entity)),
                Some((_, e)) if e != a.entity => several = true,
                Some(_) => {}
            }
            if is_anchored(&work.anchors, a.entity) {
                match anchored {
                    None => anchored = Some((ai, a.entity)),
                    Some((_, e)) if e != a.entity => anchored_several = true,
                    Some(_) => {}
                }
            }
        }
        let has_weak = doc.aliases(i).any(|(_, a)| a.kind == AliasKind::Weak);
        let Some((ai, entity)) = first else { return Decision::Pending };
        let chosen = if !several {
            Some((ai, entity))
        } else if !anchored_several {
            anchored
        } else {
            None
        };
        if !self.options.demonyms {
            // Not a mention, but the country it names (when it names one) still takes titles and role phrases:
            // `the Russian president` is Russia's president whether or not `Russian` counts as Russia.
            return if has_weak {
                Decision::Pending
            } else {
                Decision::Reject { reason: Reason::DemonymsOff, entity: chosen.map(|(_, e)| e) }
            };
        }
        match chosen {
            Some((_, entity)) if language_context(doc.text, doc.candidates[i]) => {
                Decision::Reject { reason: Reason::Language, entity: Some(entity) }
            }
            Some((ai, entity)) => Decision::Accept { entity, via: Via::Demonym, alias: ai, evidence: Span::default() },
            None if has_weak => Decision::Pending,
            None => Decision::Reject { reason: Reason::Ambiguous, entity: Some(entity) },
        }
    }

    /// Context rules for a strong reading of candidate `i` as `entity`; `Some(reason)` rejects it.
    fn context_rejects(&self, doc: &Doc<'_>, work: &mut Work, i: usize, entity: EntityId) -> Option<Reason> {
        let c = doc.candidates[i];
        let flags = self.flags[c.pattern as usize];
        if doc.kind(entity) == EntityKind::Place && place_in_a_name(doc, i) {
            return Some(Reason::InsideLongerName);
        }
        if flags == 0 {
            return None;
        }
        let text = doc.text;
        let kind = doc.kind(entity);
        let place_like = matches!(kind, EntityKind::Country | EntityKind::Place);
        if flags & flag::WORD_ACRONYM != 0 && shouted(doc, i) {
            return Some(Reason::ShoutedText);
        }
        if flags & flag::US_STATE != 0 && kind == EntityKind::Country && us_state_context(doc, i) {
            return Some(Reason::OtherPlace);
        }
        if flags & flag::COMMON_NOUN != 0 && place_like && common_noun_context(text, c) {
            return Some(Reason::CommonNoun);
        }
        if flags & flag::GIVEN_NAME != 0 && place_like {
            if person_context(doc, i) {
                if !work.person_patterns.contains(&c.pattern) {
                    work.person_patterns.push(c.pattern);
                }
                return Some(Reason::PersonName);
            }
            let locative =
                words::prev_word(text, c.span.start, false).is_some_and(|w| w.is_any(text, words::LOCATIVE_BEFORE));
            if work.person_patterns.contains(&c.pattern) && !locative && !c.possessive {
                return Some(Reason::PersonName);
            }
        }
        if flags & flag::MONTH != 0 && month_context(text, c) {
            return Some(Reason::MonthName);
        }
        None
    }

    /// Pass 3: `Long Form (LF)` definitions.
    fn acronym_definitions(
        &self,
        doc: &Doc<'_>,
        work: &mut Work,
        discovered: &mut Discoveries<'_>,
        tracer: &mut Tracer<'_>,
    ) {
        let text = doc.text;
        if !text.contains('(') {
            return;
        }
        for m in self.acronym_regex.find_iter(text) {
            let acronym = &text[m.start() + 1..m.end() - 1];
            if acronym.chars().nth(ACRONYM_MAX_CHARS).is_some() {
                continue;
            }
            let upper = acronym.chars().filter(|c| c.is_uppercase()).count();
            let letters = acronym.chars().filter(|c| c.is_alphabetic()).count();
            if upper < 2 || upper * 2 < letters {
                continue;
            }
            let acronym_span = Span { start: m.start() + 1, end: m.end() - 1 };
            let long_end = text[..m.start()].trim_end_matches([' ', '\t', '\u{a0}']).len();
            let known = doc.candidate_ending_at(long_end).and_then(|k| match work.slots[k].decision {
                Decision::Accept { entity, .. } if doc.kind_of(entity) != Some(EntityKind::Place) => Some((k, entity)),
                _ => None,
            });
            if let Some((k, entity)) = known.filter(|&(k, _)| abbreviates(acronym, doc.surface(k))) {
                let evidence = doc.candidates[k].span;
                self.define(doc, work, acronym, acronym_span, entity, evidence, m.end(), tracer);
                continue;
            }
            let Some(long) = long_form(text, long_end, acronym) else { continue };
            let long_text = tidy(&text[long.range()]);
            let entity = match self.known_organisation(doc.g, &long_text, acronym) {
                Some(entity) => entity,
                None => {
                    let country = country_inside(doc, work, long);
                    let id = format!("discovered:{}", slug(&long_text));
                    discovered.add(id, &long_text, EntityKind::Organisation, country, None)
                }
            };
            let via = if entity.as_usize() >= doc.g.len() { Via::Discovered } else { Via::Fuzzy };
            // The long form's words were candidates of their own (`Stockholm`, `European`): the name covers them.
            let first = doc.candidates.partition_point(|c| c.span.end <= long.start);
            for j in first..doc.candidates.len() {
                if doc.candidates[j].span.start >= long.end {
                    break;
                }
                if let Decision::Accept { entity: e, .. } | Decision::Reject { entity: Some(e), .. } =
                    work.slots[j].decision
                {
                    tracer.reject(
                        doc.candidates[j].span,
                        Some(doc.candidates[j].pattern),
                        Some(e),
                        Reason::InsideLongerName,
                    );
                }
                work.slots[j].decision = Decision::Dropped;
            }
            let possessive = is_possessive_at(text, long.end);
            work.extra.push(Resolved { span: long, entity, via, possessive, alias: NO_ALIAS, evidence: acronym_span });
            work.anchors.push((entity, long.start as u32, long.end as u32));
            work.locals.push(LocalAlias { text: long_text, entity, via, from: m.end(), evidence: long });
            self.define(doc, work, acronym, acronym_span, entity, long, m.end(), tracer);
        }
    }

    /// Makes `acronym` (at `span`, defined by the text at `evidence`) a mention of `entity` there and an alias of it
    /// for the rest of the document.
    #[allow(clippy::too_many_arguments)]
    fn define(
        &self,
        doc: &Doc<'_>,
        work: &mut Work,
        acronym: &str,
        span: Span,
        entity: EntityId,
        evidence: Span,
        from: usize,
        tracer: &mut Tracer<'_>,
    ) {
        match doc.candidate_at(span.start).filter(|&j| doc.candidates[j].span == span) {
            Some(j) => match work.slots[j].decision {
                Decision::Accept { entity: e, .. } if e == entity => return,
                decision => {
                    if let Decision::Accept { entity: e, .. } = decision {
                        tracer.reject(span, Some(doc.candidates[j].pattern), Some(e), Reason::LostToLonger);
                    }
                    work.slots[j].decision =
                        Decision::Accept { entity, via: Via::AcronymDefinition, alias: NO_ALIAS, evidence };
                }
            },
            None => work.extra.push(Resolved {
                span,
                entity,
                via: Via::AcronymDefinition,
                possessive: false,
                alias: NO_ALIAS,
                evidence,
            }),
        }
        work.locals.push(LocalAlias { text: acronym.to_string(), entity, via: Via::AcronymDefinition, from, evidence });
    }

    /// A known organisation whose acronym is `acronym` or one edit from it and whose name shares most words with
    /// `long` (`Stockholm Center for Eastern European Studies (SCEUS)` for SCEEUS).
    fn known_organisation(&self, g: &Gazetteer, long: &str, acronym: &str) -> Option<EntityId> {
        let long_words = content_words(long);
        self.organisation_acronyms.iter().find_map(|&a| {
            let alias = &g.aliases()[a as usize];
            if alias.text != acronym && !fuzzy::within_one_edit(&alias.text, acronym) {
                return None;
            }
            let entity = g.entity(alias.entity);
            let name_words = content_words(&entity.name);
            let shared = long_words.iter().filter(|w| name_words.contains(w)).count();
            (shared * 2 > long_words.len().max(name_words.len())).then_some(alias.entity)
        })
    }

    /// Pass 4: titles after countries and organisations, titles before names, role phrases, unknown leaders.
    fn titles_and_roles(
        &self,
        doc: &Doc<'_>,
        work: &mut Work,
        discovered: &mut Discoveries<'_>,
        tracer: &mut Tracer<'_>,
    ) {
        let text = doc.text;
        let n = doc.candidates.len();
        for i in 0..n {
            let c = doc.candidates[i];
            let of = match work.slots[i].decision {
                Decision::Accept { entity, .. } => entity,
                // A demonym that is not counted as a mention (demonyms switched off) still says whose title it is.
                Decision::Reject { reason: Reason::DemonymsOff, entity: Some(entity) } => entity,
                _ => continue,
            };
            if !matches!(doc.kind_of(of), Some(EntityKind::Country | EntityKind::Organisation)) {
                continue;
            }
            if let Some(title) = words::title_after(text, words::after_possessive(text, c.span.end)) {
                let class = title.def().class;
                if matches!(class, TitleClass::Blocker | TitleClass::Honorific) {
                    continue;
                }
                let not_current = not_current_before(text, c.span.start);
                let evidence = Span { start: c.span.start, end: title.span.end };
                let name_start = words::skip_space(text, title.span.end);
                let context = TitleContext { title, of: Some(of), evidence, not_current };
                if let Some(j) = doc.candidate_at(name_start)
                    && self.leader_readings(doc, j)
                {
                    work.slots[j].title = Some(context);
                    continue;
                }
                let next = words::word_at(text, name_start);
                if next.is_some_and(|w| w.is_capitalised(text)) {
                    if class == TitleClass::Office && self.options.discover && !not_current {
                        self.discover_leader(doc, work, discovered, tracer, i, context, name_start);
                    }
                    continue;
                }
                if class != TitleClass::Office {
                    continue;
                }
                let definite = c.possessive
                    || title.lowercase
                    || words::prev_word(text, c.span.start, false).is_some_and(|w| w.is_any(text, words::DETERMINERS));
                if definite {
                    self.role_phrase(doc, work, tracer, title, of, evidence, not_current);
                }
                continue;
            }
            // `the president of Russia`, `the prime minister of the United Kingdom`.
            let mut before = [Word { start: 0, end: 0 }; 2];
            let k = words::words_before(text, c.span.start, &mut before);
            let of_word = match k {
                2 if before[0].is(text, "the") && before[1].is(text, "of") => Some(before[1]),
                1.. if before[0].is(text, "of") => Some(before[0]),
                _ => None,
            };
            let Some(of_word) = of_word else { continue };
            let Some(title) = words::title_before(text, of_word.start) else { continue };
            if title.def().class != TitleClass::Office {
                continue;
            }
            let definite = title.lowercase
                || words::prev_word(text, title.span.start, false).is_some_and(|w| w.is_any(text, words::DETERMINERS));
            let name_follows = doc
                .candidate_at(words::skip_space(text, words::after_possessive(text, c.span.end)))
                .is_some_and(|j| self.leader_readings(doc, j));
            if definite && !name_follows {
                let evidence = Span { start: title.span.start, end: c.span.end };
                let not_current = not_current_before(text, title.span.start);
                self.role_phrase(doc, work, tracer, title, of, evidence, not_current);
            }
        }
    }

    /// Whether candidate `j` can be a leader (a leader's alias of any kind matched there).
    fn leader_readings(&self, doc: &Doc<'_>, j: usize) -> bool {
        doc.aliases(j).any(|(_, a)| doc.kind(a.entity) == EntityKind::Leader)
    }

    #[allow(clippy::too_many_arguments)]
    fn role_phrase(
        &self,
        doc: &Doc<'_>,
        work: &mut Work,
        tracer: &mut Tracer<'_>,
        title: TitleMatch,
        of: EntityId,
        evidence: Span,
        not_current: bool,
    ) {
        if not_current {
            tracer.reject(title.span, None, None, Reason::NotCurrentHolder);
            return;
        }
        match self.roles.holder(title.def().roles, of, doc.date) {
            Some(leader) => {
                let possessive = is_possessive_at(doc.text, title.span.end);
                work.extra.push(Resolved {
                    span: title.span,
                    entity: leader,
                    via: Via::RoleAtDate,
                    possessive,
                    alias: NO_ALIAS,
                    evidence,
                });
                work.anchors.push((leader, title.span.start as u32, title.span.end as u32));
            }
            None => tracer.reject(title.span, None, None, Reason::NoOfficeHolder),
        }
    }

    /// `Mongolian President Ukhnaagiin Khurelsukh`: a name after an office title that the gazetteer does not know.
    #[allow(clippy::too_many_arguments)]
    fn discover_leader(
        &self,
        doc: &Doc<'_>,
        work: &mut Work,
        discovered: &mut Discoveries<'_>,
        tracer: &mut Tracer<'_>,
        i: usize,
        context: TitleContext,
        name_start: usize,
    ) {
        let text = doc.text;
        let window_end = words::floor_boundary(text, name_start + 160);
        let Some(end) = name_end(&self.name_regex, &text[name_start..window_end]) else { return };
        let mut name = Span { start: name_start, end: name_start + end };
        // Trim trailing particles and initials: the family name is last.
        while let Some(last) = words::prev_word(text, name.end, false) {
            if last.start > name.start && (last.is_lowercase(text) || last.as_str(text).chars().count() == 1) {
                name.end = text[..last.start].trim_end().len();
            } else {
                break;
            }
        }
        let first = words::word_at(text, name.start);
        if text[name.end..].chars().next().is_some_and(char::is_alphanumeric)
            || first.is_some_and(|w| w.is_any(text, words::NOT_A_NAME))
            || text[name.range()].split_whitespace().count() < 2
            || text[name.range()]
                .split_whitespace()
                .any(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && w.len() > 2)
        {
            return;
        }
        // A known leader inside the name (`Donald John Trump` when only `Trump` is known) is that leader.
        let lo = i + 1;
        let mut j = lo;
        let mut known = false;
        while j < doc.candidates.len() && doc.candidates[j].span.start < name.end {
            if self.leader_readings(doc, j) {
                work.slots[j].title = Some(context);
                known = true;
            }
            j += 1;
        }
        if known {
            return;
        }
        for k in lo..j {
            let c = doc.candidates[k];
            if let Decision::Accept { entity, .. } = work.slots[k].decision {
                tracer.reject(c.span, Some(c.pattern), Some(entity), Reason::InsideLongerName);
            }
            work.slots[k].decision = Decision::Dropped;
        }
        let of = doc.g.entity(context.of.unwrap_or(EntityId(0)));
        let country = if of.kind == EntityKind::Country { Some(of.id.clone()) } else { of.country.clone() };
        let role = Role { title: context.title.def().roles[0].to_string(), of: of.id.clone(), start: None, end: None };
        let full = tidy(&text[name.range()]);
        let id = format!("discovered:{}", slug(&full));
        let entity = discovered.add(id, &full, EntityKind::Leader, country, Some(role));
        let possessive = is_possessive_at(text, name.end);
        work.extra.push(Resolved {
            span: name,
            entity,
            via: Via::Discovered,
            possessive,
            alias: NO_ALIAS,
            evidence: context.evidence,
        });
        work.anchors.push((entity, name.start as u32, name.end as u32));
        work.locals.push(LocalAlias {
            text: full.clone(),
            entity,
            via: Via::Discovered,
            from: name.end,
            evidence: name,
        });
        if let Some(surname) = full.rsplit(' ').next().filter(|s| s.chars().count() >= 3) {
            work.locals.push(LocalAlias {
                text: surname.to_string(),
                entity,
                via: Via::Surname,
                from: name.end,
                evidence: name,
            });
        }
    }

    /// Pass 5: final decisions in text order (weak aliases, metonymy), written to `out`.
    fn emit(&self, doc: &Doc<'_>, work: &mut Work, out: &mut Vec<Resolved>, tracer: &mut Tracer<'_>) {
        for i in 0..doc.candidates.len() {
            let c = doc.candidates[i];
            let decision = work.slots[i].decision;
            let has_weak = || doc.aliases(i).any(|(_, a)| a.kind == AliasKind::Weak);
            let (entity, via, alias, evidence) = match decision {
                Decision::Dropped => continue,
                Decision::Accept { entity, via, alias, evidence } => (entity, via, alias, evidence),
                Decision::Reject { reason, entity } if !has_weak() => {
                    tracer.reject(c.span, Some(c.pattern), entity, reason);
                    continue;
                }
                Decision::Reject { .. } | Decision::Pending => match self.resolve_weak(doc, work, i) {
                    Ok(found) => found,
                    Err((reason, entity)) => {
                        let (reason, entity) = match decision {
                            Decision::Reject { reason, entity } => (reason, entity),
                            _ => (reason, entity),
                        };
                        tracer.reject(c.span, Some(c.pattern), entity, reason);
                        continue;
                    }
                },
            };
            let (entity, via, evidence) = match self.metonymy(doc, entity, c) {
                Some(country) => (country, Via::Metonymy, c.span),
                None => (entity, via, evidence),
            };
            out.push(Resolved { span: c.span, entity, via, possessive: c.possessive, alias, evidence });
        }
    }

    /// A weak alias: a fitting title, a government word after it, or the nearest anchor.
    fn resolve_weak(&self, doc: &Doc<'_>, work: &Work, i: usize) -> Result<WeakReading, (Reason, Option<EntityId>)> {
        let c = doc.candidates[i];
        let text = doc.text;
        let flags = self.flags[c.pattern as usize];
        let weak = || doc.aliases(i).filter(|(_, a)| a.kind == AliasKind::Weak);
        let (first_alias, first) = weak().next().ok_or((Reason::CaseMismatch, None))?;
        let single = weak().all(|(_, a)| a.entity == first.entity);
        if flags & flag::MONTH != 0 && month_context(text, c) {
            return Err((Reason::MonthName, Some(first.entity)));
        }
        if flags & flag::ROMAN != 0 && numeral_context(text, c) {
            return Err((Reason::RomanNumeral, Some(first.entity)));
        }
        let title = work.slots[i].title.or_else(|| {
            words::title_before(text, c.span.start).map(|title| TitleContext {
                title,
                of: None,
                evidence: title.span,
                not_current: not_current_before(text, title.span.start),
            })
        });
        if let Some(t) = title {
            let def = t.title.def();
            match def.class {
                TitleClass::Office => {
                    let of = t.of.or_else(|| self.office_of_after(doc, work, i)).map(|e| doc.g.entity(e).id.as_str());
                    let date = if t.not_current { None } else { doc.date };
                    let mut best: Option<(Fit, u32, EntityId)> = None;
                    let mut tie = false;
                    for (ai, a) in weak() {
                        let f = fit(doc.g.entity(a.entity), def.roles, of, date);
                        let f = if t.not_current && f == Fit::OnDate { Fit::Once(None) } else { f };
                        if f == Fit::Never {
                            continue;
                        }
                        match best {
                            Some((bf, _, be)) if bf == f && be != a.entity => tie = true,
                            Some((bf, _, _)) if bf >= f => {}
                            _ => {
                                best = Some((f, ai, a.entity));
                                tie = false;
                            }
                        }
                    }
                    if let (Some((_, ai, entity)), false) = (best, tie) {
                        return Ok((entity, Via::Title, ai, t.evidence));
                    }
                }
                TitleClass::Generic | TitleClass::Honorific => {
                    if single {
                        return Ok((first.entity, Via::Title, first_alias, t.evidence));
                    }
                }
                TitleClass::Blocker => {}
            }
        }
        if let Some(w) = words::next_word(text, words::after_possessive(text, c.span.end))
            && w.is_any(text, words::GOVERNMENT_WORDS)
        {
            let mut found: Option<(u32, EntityId)> = None;
            let mut several = false;
            for (ai, a) in weak() {
                if fit(doc.g.entity(a.entity), &[], None, doc.date) == Fit::OnDate {
                    match found {
                        Some((_, e)) if e != a.entity => several = true,
                        None => found = Some((ai, a.entity)),
                        _ => {}
                    }
                }
            }
            if let (Some((ai, entity)), false) = (found, several) {
                return Ok((entity, Via::Title, ai, w.span()));
            }
        }
        let best = weak()
            .filter_map(|(ai, a)| {
                nearest_anchor(&work.anchors, a.entity, c.span.start).map(|(key, span)| (key, ai, a.entity, span))
            })
            .max_by_key(|(key, ..)| *key);
        match best {
            Some((_, ai, entity, span)) => Ok((entity, Via::Surname, ai, span)),
            None if single => Err((Reason::WeakWithoutAnchor, Some(first.entity))),
            None => Err((Reason::Ambiguous, Some(first.entity))),
        }
    }

    /// `King Abdullah of Jordan`: the country named right after a titled surname is the office's.
    fn office_of_after(&self, doc: &Doc<'_>, work: &Work, i: usize) -> Option<EntityId> {
        let text = doc.text;
        let of = words::next_word(text, doc.candidates[i].span.end).filter(|w| w.is(text, "of"))?;
        let mut next = words::next_word(text, of.end)?;
        if next.is(text, "the") {
            next = words::next_word(text, next.end)?;
        }
        let j = doc.candidate_at(next.start)?;
        match work.slots[j].decision {
            Decision::Accept { entity, .. } if doc.kind_of(entity) == Some(EntityKind::Country) => Some(entity),
            _ => None,
        }
    }

    /// With the metonymy option, a capital followed by a verb of saying or acting stands for its country.
    fn metonymy(&self, doc: &Doc<'_>, entity: EntityId, c: Candidate) -> Option<EntityId> {
        if !self.options.metonymy {
            return None;
        }
        let country = *self.capitals.get(&entity)?;
        let next = words::next_word(doc.text, words::after_possessive(doc.text, c.span.end))?;
        (!c.possessive && next.is_any(doc.text, words::GOVERNMENT_VERBS)).then_some(country)
    }

    /// Pass 6: later uses of defined acronyms and discovered names, in the gaps between mentions.
    fn local_aliases(&self, doc: &Doc<'_>, work: &Work, out: &mut Vec<Resolved>) {
        if work.locals.is_empty() {
            return;
        }
        // One pattern per distinct text: an acronym defined again and again would add the same pattern each time,
        // and the automaton's construction is quadratic in identical patterns (a hostile document of 80,000
        // definitions took 5 s). Of identical patterns the automaton reports the first anyway.
        let mut seen = HashSet::new();
        let unique: Vec<usize> =
            (0..work.locals.len()).filter(|&i| seen.insert(work.locals[i].text.as_str())).collect();
        let patterns: Vec<&str> = unique.iter().map(|&i| work.locals[i].text.as_str()).collect();
        // A few patterns, one scan of one document: the DFA that the default picks for so few costs more to
        // build than the scan (it was a tenth of resolution).
        let Ok(automaton) = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
        else {
            return;
        };
        let text = doc.text;
        let mut found = Vec::new();
        for m in automaton.find_iter(text) {
            let local = &work.locals[unique[m.pattern().as_usize()]];
            let span = Span { start: m.start(), end: m.end() };
            let boundary_before = text[..span.start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let boundary_after = text[span.end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if !boundary_before || !boundary_after || span.start < local.from {
                continue;
            }
            // A definition in the text beats the gazetteer's reading of the same acronym for the rest of the
            // document (`Association of Universities (AU)`, then `AU` is not the African Union).
            let i = out.partition_point(|r| r.span.end <= span.start);
            if let Some(existing) = out.get_mut(i).filter(|r| r.span.start < span.end) {
                if existing.span == span && local.via == Via::AcronymDefinition && existing.entity != local.entity {
                    *existing = Resolved {
                        entity: local.entity,
                        via: local.via,
                        alias: NO_ALIAS,
                        evidence: local.evidence,
                        ..*existing
                    };
                }
                continue;
            }
            let possessive = is_possessive_at(text, span.end);
            found.push(Resolved {
                span,
                entity: local.entity,
                via: local.via,
                possessive,
                alias: NO_ALIAS,
                evidence: local.evidence,
            });
        }
        if !found.is_empty() {
            out.append(&mut found);
            out.sort_unstable_by_key(|r| (r.span.start, std::cmp::Reverse(r.span.end)));
        }
    }

    /// Pass 7: capitalised words (one or two) of eight letters or more, in the gaps, one edit from a leader's alias.
    ///
    /// Every capitalised word of the document comes here (about two in a hundred bytes of UN speeches) and very
    /// few are near a name, so what each costs before its windows are looked up is most of the pass: ASCII words
    /// are measured by bytes, and a window too short to hold [`fuzzy::MIN_LETTERS`] letters is never looked up.
    fn fuzzy_names(&self, doc: &Doc<'_>, work: &mut Work, out: &mut Vec<Resolved>) {
        let text = doc.text;
        let bytes = text.as_bytes();
        let index = self.fuzzy.get_or_init(|| FuzzyIndex::build(doc.g));
        let mut found: Vec<Resolved> = Vec::new();
        let mut pos = 0;
        let mut next_mention = 0;
        while pos < bytes.len() {
            let b = bytes[pos];
            // Most bytes are lower-case letters, spaces and punctuation: skipped sixteen at a time.
            if b < 0x80 && !b.is_ascii_uppercase() {
                pos = next_upper_or_non_ascii(bytes, pos + 1);
                continue;
            }
            let at_word_start = match pos.checked_sub(1).map(|p| bytes[p]) {
                None => true,
                Some(p) if p < 0x80 => !p.is_ascii_alphanumeric(),
                Some(_) => !text[..pos].chars().next_back().is_some_and(chars::is_alphanumeric),
            };
            let upper = b < 0x80 || text[pos..].chars().next().is_some_and(chars::is_uppercase);
            if !(at_word_start && upper) {
                pos += if b < 0x80 { 1 } else { text[pos..].chars().next().map_or(1, char::len_utf8) };
                continue;
            }
            let Some(first) = words::word_at(text, pos) else {
                pos += 1;
                continue;
            };
            while next_mention < out.len() && out[next_mention].span.end <= first.start {
                next_mention += 1;
            }
            let free_until = out.get(next_mention).map_or(text.len(), |m| m.span.start);
            let second = match bytes.get(first.end..first.end + 2) {
                // A capital or another script after one space; anything else starts no capitalised word.
                Some(&[b' ', c]) if c >= 0x80 || c.is_ascii_uppercase() => {
                    words::word_at(text, first.end + 1).filter(|w| w.is_capitalised(text) && w.end <= free_until)
                }
                _ => None,
            };
            let mut matched = None;
            if first.end <= free_until {
                // Letters are at most bytes, so a window of fewer bytes cannot hold enough of them.
                let long_enough = |w: &Span| w.len() >= fuzzy::MIN_LETTERS;
                for window in [second.map(|s| Span { start: first.start, end: s.end }), Some(first.span())]
                    .into_iter()
                    .flatten()
                    .filter(long_enough)
                {
                    if let Some(hit) = self.fuzzy_window(doc, work, index, window) {
                        matched = Some(hit);
                        break;
                    }
                }
            }
            match matched {
                Some(hit) => {
                    pos = hit.span.end;
                    found.push(hit);
                }
                None => pos = first.end,
            }
        }
        if !found.is_empty() {
            out.append(&mut found);
            out.sort_unstable_by_key(|r| (r.span.start, std::cmp::Reverse(r.span.end)));
        }
    }

    fn fuzzy_window(&self, doc: &Doc<'_>, work: &mut Work, index: &FuzzyIndex, window: Span) -> Option<Resolved> {
        let text = doc.text;
        let surface = &text[window.range()];
        // Too few letters, or all capitals (`UNITED NATIONS`, where one edit finds too much).
        let all_capitals = if surface.is_ascii() {
            !surface.bytes().any(|b| b.is_ascii_lowercase())
        } else {
            surface.chars().filter(|&c| chars::is_alphabetic(c)).all(chars::is_uppercase)
        };
        let unfit = !fuzzy::has_letters(surface, fuzzy::MIN_LETTERS) || all_capitals;
        if unfit {
            return None;
        }
        work.query.fold_from(surface);
        let query = work.query.as_str();
        if !index.may_hold(query) {
            return None;
        }
        if work.fuzzy_misses_of != doc.g.inner.build {
            work.fuzzy_misses.clear();
            work.fuzzy_misses_of = doc.g.inner.build;
        }
        if work.fuzzy_misses.contains(query) {
            return None;
        }
        let mut hit: Option<(u32, EntityId)> = None;
        let mut several = false;
        index.candidates(query, |a, name| {
            if !fuzzy::within_one_edit(query, name) {
                return;
            }
            let entity = doc.g.aliases()[a as usize].entity;
            match hit {
                None => hit = Some((a, entity)),
                Some((_, e)) if e != entity => several = true,
                _ => {}
            }
        });
        if hit.is_none() {
            if work.fuzzy_misses.len() >= FUZZY_MISSES_MAX {
                work.fuzzy_misses.clear();
            }
            work.fuzzy_misses.insert(query.into());
        }
        let (alias, entity) = hit.filter(|_| !several)?;
        // An exact alias here was rejected for a reason (a surname with no anchor); a near one must not sneak in.
        if doc.g.inner.pattern_of.contains_key(query) {
            return None;
        }
        let strong = doc.g.aliases()[alias as usize].kind.is_strong();
        let anchor = nearest_anchor(&work.anchors, entity, window.start).map(|(_, span)| span);
        if !strong && anchor.is_none() && words::title_before(text, window.start).is_none() {
            return None;
        }
        Some(Resolved {
            span: window,
            entity,
            via: Via::Fuzzy,
            possessive: is_possessive_at(text, window.end),
            alias,
            evidence: anchor.unwrap_or_default(),
        })
    }
}

/// A weak alias's reading: entity, rule, alias index, what confirmed it.
type WeakReading = (EntityId, Via, u32, Span);

/// The entities discovered in one document, with an index by id so that a document naming thousands of unknown
/// people stays linear.
struct Discoveries<'d> {
    known: usize,
    entities: &'d mut Vec<Entity>,
    by_id: &'d mut HashMap<String, EntityId>,
}

impl Discoveries<'_> {
    /// Adds a discovered entity (or finds the one with the same id) and returns its id, numbered after the
    /// gazetteer's.
    fn add(
        &mut self,
        id: String,
        name: &str,
        kind: EntityKind,
        country: Option<String>,
        role: Option<Role>,
    ) -> EntityId {
        if let Some(&e) = self.by_id.get(&id) {
            return e;
        }
        let e = EntityId((self.known + self.entities.len()) as u32);
        let mut entity = Entity::new(id.clone(), name, kind);
        entity.origin = Origin::Discovered;
        entity.country = country;
        entity.roles.extend(role);
        self.entities.push(entity);
        self.by_id.insert(id, e);
        e
    }
}

/// The first position from `pos` on holding an ASCII capital or a non-ASCII byte (or `bytes.len()`), sixteen bytes
/// at a time.
#[inline]
fn next_upper_or_non_ascii(bytes: &[u8], pos: usize) -> usize {
    crate::text::simd::next_hit(bytes, pos, |x| x.within(b'A', b'Z') | x.non_ascii())
}

fn is_possessive_at(text: &str, end: usize) -> bool {
    words::after_possessive(text, end) != end
        && text[words::after_possessive(text, end)..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// `former`, `late`, `then`, `ex-` just before `pos` (`the former Russian president`).
fn not_current_before(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end();
    if before.len() >= 3 && before.get(before.len() - 3..).is_some_and(|s| s.eq_ignore_ascii_case("ex-")) {
        return true;
    }
    words::prev_word(text, pos, false).is_some_and(|w| w.is_any(text, words::NOT_CURRENT))
}

/// The content words of a name, folded (`of`, `for`, `the` left out).
fn content_words(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && !words::NAME_FUNCTION_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// The unique country that candidates inside `span` name (`Syrian` in `Syrian Observatory for Human Rights`).
fn country_inside(doc: &Doc<'_>, work: &Work, span: Span) -> Option<String> {
    let mut found: Option<EntityId> = None;
    let first = doc.candidates.partition_point(|c| c.span.end <= span.start);
    for j in first..doc.candidates.len() {
        if doc.candidates[j].span.start >= span.end {
            break;
        }
        if let Decision::Accept { entity, .. } = work.slots[j].decision
            && doc.kind_of(entity) == Some(EntityKind::Country)
        {
            if found.is_some_and(|f| f != entity) {
                return None;
            }
            found = Some(entity);
        }
    }
    found.map(|e| doc.g.entity(e).id.clone())
}

/// The long form of `acronym` ending at `end`: the shortest run of words before it whose letters spell the acronym
/// in order, the first letter starting a word (after Schwartz and Hearst, 2003), checked to look like an
/// organisation's name: capitalised words (function words aside), two or more, with a head word such as `Center`,
/// `Council` or `Army`.
fn long_form(text: &str, end: usize, acronym: &str) -> Option<Span> {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let max_words = (letters.len() + 5).min(letters.len() * 2);
    let mut start = end;
    let mut count = 0;
    while count < max_words {
        let Some(w) = words::prev_word(text, start, false) else { break };
        let between = &text[w.end..start];
        if !between.chars().all(|c| c == ' ' || c == '\t' || c == '\u{a0}') || (count == 0 && w.end != end) {
            break;
        }
        start = w.start;
        count += 1;
    }
    if count < 2 {
        return None;
    }
    let window: Vec<(usize, char)> = text[start..end].char_indices().map(|(i, c)| (start + i, c)).collect();
    let lower = |k: usize| window[k].1.to_lowercase().next().unwrap_or(window[k].1);
    let word_start = |k: usize| k == 0 || !window[k - 1].1.is_alphanumeric();
    let mut k = window.len();
    for (n, &letter) in letters.iter().enumerate().rev() {
        loop {
            if k == 0 {
                return None;
            }
            k -= 1;
            if lower(k) == letter && (n > 0 || word_start(k)) {
                break;
            }
        }
    }
    while !word_start(k) {
        k -= 1;
    }
    let span = Span { start: window[k].0, end };
    let found: Vec<&str> = text[span.range()].split_whitespace().collect();
    let capitalised = |w: &&str| w.chars().next().is_some_and(|c| c.is_uppercase());
    let function = |w: &&str| words::NAME_FUNCTION_WORDS.iter().any(|f| w.eq_ignore_ascii_case(f));
    let ok = found.len() >= 2
        && found.len() <= max_words
        && capitalised(&found[0])
        && found.iter().all(|w| capitalised(w) || function(w))
        && found.iter().any(|w| words::ORGANISATION_HEADS.iter().any(|h| w.eq_ignore_ascii_case(h)));
    ok.then_some(span)
}

/// Whether the letters of `acronym` appear in order in `name`, the first one starting its first word: `CFM` for
/// `Chinese Foreign Ministry`, but not `AQI` for `Iraq` (in `al-Qaeda in Iraq (AQI)`).
fn abbreviates(acronym: &str, name: &str) -> bool {
    let mut letters = acronym.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase);
    let Some(first) = letters.next() else { return false };
    let mut rest = name.chars().flat_map(char::to_lowercase);
    if rest.next() != Some(first) {
        return false;
    }
    letters.all(|l| rest.any(|c| c == l))
}

/// `in May`, `May 2017`, `5 May`.
fn month_context(text: &str, c: Candidate) -> bool {
    let before = words::prev_word(text, c.span.start, false);
    let after = words::next_word(text, c.span.end);
    before.is_some_and(|w| w.is_any(text, words::MONTH_BEFORE) || w.is_number(text))
        || after.is_some_and(|w| w.is_number(text))
}

/// `Louis XI`, `Pope Pius XI`, `World War II`: a numeral in capitals after a regnal name or a counted noun.
fn numeral_context(text: &str, c: Candidate) -> bool {
    let surface = &text[c.span.range()];
    if !surface.chars().all(|ch| ch.is_ascii_uppercase()) || !words::is_roman_numeral(surface) {
        return false;
    }
    words::prev_word(text, c.span.start, false)
        .is_some_and(|w| w.is_capitalised(text) && w.is_any(text, words::NUMERAL_BEFORE))
}

/// `Chad Smith`, `Michael Jordan`: a country name next to a capitalised word that is neither a title, a known name
/// nor the start of the sentence's other words.
fn person_context(doc: &Doc<'_>, i: usize) -> bool {
    let text = doc.text;
    let c = doc.candidates[i];
    if c.possessive {
        return false;
    }
    let after = text[c.span.end..].starts_with([' ', '\u{a0}']).then(|| words::next_word(text, c.span.end)).flatten();
    if let Some(w) = after {
        let title = words::title_after(text, c.span.end).is_some();
        // A known name after it is a place or organisation (`Jordan Valley` if listed), unless it is only a
        // surname (`Chad Smith`: `Smith` is some leader's surname, which makes `Chad` a first name all the more).
        let known = doc.candidate_at(w.start).is_some_and(|j| {
            doc.aliases(j).any(|(_, a)| a.kind.is_strong() && doc.kind(a.entity) != EntityKind::Leader)
        });
        // `Jordan Armed Forces`, `Jordan Valley`: the start of a longer name, not a first name.
        let mut next = [Word { start: 0, end: 0 }; 3];
        let n = words::words_after(text, c.span.end, &mut next);
        let longer_name = next[..n]
            .iter()
            .take_while(|x| x.is_capitalised(text))
            .any(|x| x.is_any(text, words::ORGANISATION_HEADS) || x.is_any(text, words::PLACE_HEADS));
        if w.is_capitalised(text)
            && !w.is_all_caps(text)
            && !title
            && !w.is_any(text, words::NOT_A_NAME)
            && !known
            && !longer_name
        {
            return true;
        }
    }
    let before =
        text[..c.span.start].ends_with([' ', '\u{a0}']).then(|| words::prev_word(text, c.span.start, false)).flatten();
    if let Some(w) = before {
        let known = doc.candidate_ending_at(w.end).is_some();
        let title = words::title_before(text, c.span.start).is_some();
        let function = w.is_any(text, words::LOCATIVE_BEFORE)
            || w.is_any(text, words::NOT_A_NAME)
            || w.is_any(text, words::DETERMINERS);
        if w.is_capitalised(text) && !w.is_all_caps(text) && !known && !title && !function {
            return true;
        }
    }
    false
}

/// `Damascus University`, `the Manama Dialogue`, `the Minsk agreements`: a place that starts the name of an
/// institution, event or document the gazetteer does not know.
fn place_in_a_name(doc: &Doc<'_>, i: usize) -> bool {
    let text = doc.text;
    let c = doc.candidates[i];
    if c.possessive || !text[c.span.end..].starts_with(' ') {
        return false;
    }
    let Some(w) = words::next_word(text, c.span.end) else { return false };
    (w.is_capitalised(text) && w.is_any(text, words::NAME_AFTER_PLACE)) || w.is_any(text, words::DOCUMENT_AFTER_PLACE)
}

/// `Thanksgiving Turkey`, `Guinea pig`, `bone China`.
fn common_noun_context(text: &str, c: Candidate) -> bool {
    let surface = &text[c.span.range()];
    let Some(noun) = words::COMMON_NOUNS.iter().find(|n| surface.eq_ignore_ascii_case(n.name)) else { return false };
    if words::prev_word(text, c.span.start, false).is_some_and(|w| w.is_any(text, noun.before)) {
        return true;
    }
    if !c.possessive && words::next_word(text, c.span.end).is_some_and(|w| w.is_any(text, noun.after)) {
        return true;
    }
    if noun.near.is_empty() {
        return false;
    }
    let mut before = [Word { start: 0, end: 0 }; 4];
    let mut after = [Word { start: 0, end: 0 }; 4];
    let nb = words::words_before(text, c.span.start, &mut before);
    let na = words::words_after(text, words::after_possessive(text, c.span.end), &mut after);
    before[..nb].iter().chain(&after[..na]).any(|w| w.is_any(text, noun.near))
}

/// `Atlanta, Georgia`, `the state of Georgia`, `Georgia governor`.
fn us_state_context(doc: &Doc<'_>, i: usize) -> bool {
    let text = doc.text;
    let c = doc.candidates[i];
    let mut before = [Word { start: 0, end: 0 }; 2];
    let k = words::words_before(text, c.span.start, &mut before);
    if k == 2 && before[0].is(text, "of") && before[1].is(text, "state") {
        return true;
    }
    if words::next_word(text, words::after_possessive(text, c.span.end)).is_some_and(|w| {
        w.is_any(
            text,
            &["state", "governor", "senator", "senate", "legislature", "county", "statehouse", "bulldogs", "peach"],
        )
    }) {
        return true;
    }
    // `Atlanta, Georgia`: a capitalised word that is not itself a known entity, a comma, then the name.
    let head = text[..c.span.start].trim_end_matches([' ', '\u{a0}']);
    if let Some(head) = head.strip_suffix(',')
        && let Some(w) = words::prev_word(text, head.len(), false)
    {
        return w.end == head.len() && w.is_capitalised(text) && doc.candidate_ending_at(w.end).is_none();
    }
    false
}

/// An acronym that is also an English word, next to other words in capitals (`LET US GO`, `WHO KNOWS`).
fn shouted(doc: &Doc<'_>, i: usize) -> bool {
    let text = doc.text;
    let c = doc.candidates[i];
    let caps = |w: Option<Word>, known: Option<usize>| w.is_some_and(|w| w.is_all_caps(text)) && known.is_none();
    let before = words::prev_word(text, c.span.start, false);
    let after = words::next_word(text, words::after_possessive(text, c.span.end));
    caps(before, before.and_then(|w| doc.candidate_ending_at(w.end)))
        || caps(after, after.and_then(|w| doc.candidate_at(w.start)))
}

/// `said in Russian.`, `in Chinese and English`.
fn language_context(text: &str, c: Candidate) -> bool {
    if !words::prev_word(text, c.span.start, false).is_some_and(|w| w.is_any(text, words::LANGUAGE_BEFORE)) {
        return false;
    }
    match words::next_word(text, c.span.end) {
        None => true,
        Some(w) => w.start > words::skip_space(text, c.span.end) || w.is_any(text, words::LANGUAGE_AFTER),
    }
}

/// Words remembered as having no fuzzy match, per worker, before the memory starts again (about 1 MB).
const FUZZY_MISSES_MAX: usize = 1 << 15;

/// The longest acronym defined in parentheses that is recognised.
const ACRONYM_MAX_CHARS: usize = 12;

/// The pattern of an unknown person's name: a capitalised word or initial, then `repeat` more words, initials or
/// particles. Built with `+` and cut to four words by [`name_end`]: a bounded `{1,3}` compiles the word's Unicode
/// classes three times over and took 10 ms of every process's start.
fn name_pattern(repeat: &str) -> String {
    let word = r"\p{Lu}[\p{L}\p{M}]+(?:[-'’]\p{L}[\p{L}\p{M}]+)*";
    let particle = r"(?:al|bin|ibn|bint|van|von|de|da|der|del|dos|du|la|le|el)(?:-\p{Lu}[\p{L}\p{M}]+)?";
    format!(r"^(?:{word}|\p{{Lu}}\.)(?:[ \t\u{{a0}}]+(?:{word}|\p{{Lu}}\.|{particle})){repeat}")
}

/// End of the name [`name_pattern`]`("+")` finds at the start of `text`, cut after its fourth word. No word of the
/// pattern holds a space or tab, and words are separated by them, so the fourth run of non-blanks ends where the
/// third repetition of a bounded `{1,3}` would have.
fn name_end(regex: &Regex, text: &str) -> Option<usize> {
    let found = &text[..regex.find(text)?.end()];
    let blank = |c: char| matches!(c, ' ' | '\t' | '\u{a0}');
    let mut words = 0;
    let mut in_word = false;
    for (at, c) in found.char_indices() {
        if blank(c) {
            if in_word && words == 4 {
                return Some(at);
            }
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    Some(found.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings of name-like tokens and separators, from a fixed seed.
    fn name_like_strings(count: usize) -> Vec<String> {
        let tokens = [
            "Joe",
            "van",
            "vanity",
            "Dyke",
            "J.",
            "A",
            "al-Assad",
            "al-",
            "bin",
            "Jean-Pierre",
            "Jean-P",
            "O’Neill",
            "Vučić",
            "ÉLYSÉE",
            "de",
            "la",
            "x",
            "(",
            ")",
            "(NATO)",
            "(Abc)",
            "(ABCDEFGHIJKLM)",
            "(ABCDEFGHIJK)",
            "e\u{301}",
            "Ärzte",
            "NATO",
            "1990",
            "-",
            "’",
            ",",
            ".",
        ];
        let seps = [" ", "  ", "\t", "\u{a0}", "", "\n"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        (0..count)
            .map(|_| {
                let mut s = String::new();
                for _ in 0..1 + next(9) {
                    s.push_str(tokens[next(tokens.len())]);
                    s.push_str(seps[next(seps.len())]);
                }
                s
            })
            .collect()
    }

    #[test]
    fn cheap_patterns_find_what_the_bounded_ones_did() {
        let bounded_name = Regex::new(&name_pattern("{1,3}")).unwrap();
        let bounded_acronym = Regex::new(r"\((\p{Lu}[\p{L}\d&\-]{1,11})\)").unwrap();
        let (name, acronym) = {
            let r = Resolver::new(&Gazetteer::default(), ResolveOptions::default());
            (r.name_regex, r.acronym_regex)
        };
        for s in name_like_strings(20_000) {
            assert_eq!(name_end(&name, &s), bounded_name.find(&s).map(|m| m.end()), "{s:?}");
            let old: Vec<_> = bounded_acronym.find_iter(&s).map(|m| m.range()).collect();
            let new: Vec<_> = acronym
                .find_iter(&s)
                .filter(|m| s[m.start() + 1..m.end() - 1].chars().nth(ACRONYM_MAX_CHARS).is_none())
                .map(|m| m.range())
                .collect();
            assert_eq!(new, old, "{s:?}");
        }
    }

    #[test]
    fn skipping_to_capitals_agrees_with_a_byte_loop() {
        let slow = |bytes: &[u8], pos: usize| {
            (pos..bytes.len()).find(|&i| bytes[i] >= 0x80 || bytes[i].is_ascii_uppercase()).unwrap_or(bytes.len())
        };
        // Capitals next to non-ASCII letters in one chunk of eight: an earlier version reported only the latter.
        let texts = [
            "",
            "a",
            "abcdefghijklmnopqrstuvwxyz@[`{ Z",
            "said Putin",
            "the vučić era",
            "@[`{@[`{@[`{A",
            "Zz",
            "Mr. Schüssel said",
            "Gérard Latortue and Tabaré Vásquez",
            "aaaaaaZé",
        ];
        for text in texts {
            for pos in 0..=text.len() {
                assert_eq!(next_upper_or_non_ascii(text.as_bytes(), pos), slow(text.as_bytes(), pos), "{text:?} {pos}");
            }
        }
        let all: Vec<u8> = (0..=255u8).collect();
        for pos in 0..all.len() {
            assert_eq!(next_upper_or_non_ascii(&all, pos), slow(&all, pos));
        }
    }

    #[test]
    fn slugs_and_tidy_names() {
        assert_eq!(slug("Ukhnaagiin Khürelsükh"), "ukhnaagiin-khurelsukh");
        assert_eq!(slug("  Stockholm Center (x) "), "stockholm-center-x");
        assert_eq!(tidy("Stockholm\n Center  for"), "Stockholm Center for");
    }

    #[test]
    fn long_forms_of_defined_acronyms() {
        let text = "said Hugo von Essen, an analyst at the Stockholm Center for Eastern European Studies (SCEUS).";
        let end = text.find(" (SCEUS)").unwrap();
        let long = long_form(text, end, "SCEUS").unwrap();
        assert_eq!(&text[long.range()], "Stockholm Center for Eastern European Studies");
        let text = "an Improvised Explosive Device (IED) went off";
        assert_eq!(long_form(text, text.find(" (IED)").unwrap(), "IED"), None, "not an organisation");
        let text = "the Syrian Observatory for Human Rights (SOHR) said";
        let long = long_form(text, text.find(" (SOHR)").unwrap(), "SOHR").unwrap();
        assert_eq!(&text[long.range()], "Syrian Observatory for Human Rights");
        let text = "he said (WHO)";
        assert_eq!(long_form(text, text.find(" (WHO)").unwrap(), "WHO"), None);
    }
}
