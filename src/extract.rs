//! The extractor: text in, sentences and resolved entity mentions out.

use crate::date::Date;
use crate::entity::Entity;
use crate::error::Error;
use crate::explain::{Confirmation, ExplainedMention, Explanation, Reason, RejectedCandidate, Rejection};
use crate::gazetteer::Gazetteer;
use crate::matcher::{Candidate, Candidates, hidden_matches};
use crate::resolve::{NO_ALIAS, ResolveOptions, Resolved, Resolver, Via, Work};
use crate::span::{EntityId, Span};
use crate::text::normalize::Folded;
use crate::text::sentence::{Sentence, split_sentences};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use std::sync::Arc;

/// One mention of an entity in a text.
///
/// `span` is a byte range into the original text on char boundaries: `&text[mention.span.range()]` is the surface
/// that matched (without a possessive `'s`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Where the mention is.
    pub span: Span,
    /// The entity; look it up with [`Extraction::entity`].
    pub entity: EntityId,
    /// Index of the sentence it is in, into [`Extraction::sentences`].
    pub sentence: usize,
    /// How it was recognised.
    pub via: Via,
    /// Whether the text goes on with a possessive `'s` (`Xi's visit`).
    pub possessive: bool,
}

/// Default cap on a document's size in bytes for [`Extractor::try_extract`]: large enough for a 200 MB document,
/// small enough that a runaway input cannot exhaust memory (folding keeps a 4-byte offset per byte of non-ASCII
/// text).
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 256 * 1024 * 1024;

#[derive(Debug)]
struct Config {
    gazetteer: Gazetteer,
    resolver: Resolver,
    date: Option<Date>,
    max_document_bytes: usize,
}

/// Finds the entities of a gazetteer in text: folds, splits sentences, matches aliases, resolves mentions.
///
/// Build once, use for every document: it is immutable, `Send + Sync` and cheap to clone.
///
/// # Examples
///
/// ```
/// use newsgraph::Extractor;
///
/// let extractor = Extractor::default();
/// let text = "Serbian President Aleksandar Vučić met Slovak Prime Minister Robert Fico. Vučić's visit was short.";
/// let found = extractor.extract(text);
/// let names: Vec<(&str, &str)> =
///     found.mentions().iter().map(|m| (&text[m.span.range()], found.entity(m.entity).id.as_str())).collect();
/// assert_eq!(
///     names,
///     [("Serbian", "SRB"), ("Aleksandar Vučić", "aleksandar-vucic"), ("Slovak", "SVK"), ("Robert Fico", "robert-fico"), ("Vučić", "aleksandar-vucic")]
/// );
/// assert_eq!(found.mentions()[4].sentence, 1);
/// ```
#[derive(Clone, Debug)]
pub struct Extractor {
    config: Arc<Config>,
}

impl Default for Extractor {
    /// An extractor over the shipped gazetteers with default options.
    fn default() -> Extractor {
        Extractor::new(Gazetteer::default())
    }
}

/// Configures an [`Extractor`].
#[derive(Clone, Debug)]
pub struct ExtractorBuilder {
    gazetteer: Option<Gazetteer>,
    options: ResolveOptions,
    date: Option<Date>,
    max_document_bytes: usize,
}

impl Default for ExtractorBuilder {
    fn default() -> ExtractorBuilder {
        ExtractorBuilder {
            gazetteer: None,
            options: ResolveOptions::default(),
            date: None,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
        }
    }
}

impl ExtractorBuilder {
    /// The gazetteer to use (default: the shipped one).
    pub fn gazetteer(&mut self, gazetteer: Gazetteer) -> &mut ExtractorBuilder {
        self.gazetteer = Some(gazetteer);
        self
    }

    /// Whether demonyms (`Russian`, `Chinese`) count as mentions of their country (default: yes).
    pub fn demonyms(&mut self, yes: bool) -> &mut ExtractorBuilder {
        self.options.demonyms = yes;
        self
    }

    /// Whether a capital followed by a verb of saying or acting stands for its country (`Beijing says…`,
    /// `Moscow accused…`; default: no, they stay places). Government bodies such as the Kremlin are organisations
    /// of their country either way.
    pub fn metonymy(&mut self, yes: bool) -> &mut ExtractorBuilder {
        self.options.metonymy = yes;
        self
    }

    /// Whether leader names of eight letters or more may match with one edit (`Zelenskiy`) where nothing matched
    /// exactly (default: yes).
    pub fn fuzzy(&mut self, yes: bool) -> &mut ExtractorBuilder {
        self.options.fuzzy = yes;
        self
    }

    /// Whether names the gazetteer does not know become discovered entities: a leader after an office title
    /// (`Mongolian President Ukhnaagiin Khurelsukh`) and an organisation defined with its acronym (`… Studies
    /// (SCEUS)`; default: yes).
    pub fn discover(&mut self, yes: bool) -> &mut ExtractorBuilder {
        self.options.discover = yes;
        self
    }

    /// The date assumed for documents that have none, for dated roles (default: the gazetteer's data date).
    pub fn date(&mut self, date: Option<Date>) -> &mut ExtractorBuilder {
        self.date = date;
        self
    }

    /// The largest document [`Extractor::try_extract`] accepts, in bytes.
    pub fn max_document_bytes(&mut self, limit: usize) -> &mut ExtractorBuilder {
        self.max_document_bytes = limit;
        self
    }

    /// Builds the extractor. Cannot fail: the gazetteer is already compiled; the rule tables built here (office
    /// holders, flagged aliases) take a few milliseconds for the shipped gazetteers.
    pub fn build(&self) -> Extractor {
        let gazetteer = self.gazetteer.clone().unwrap_or_default();
        let resolver = Resolver::new(&gazetteer, self.options.clone());
        Extractor {
            config: Arc::new(Config {
                gazetteer,
                resolver,
                date: self.date,
                max_document_bytes: self.max_document_bytes,
            }),
        }
    }
}

/// Reusable buffers for extraction, so that a loop over many documents allocates only its results.
///
/// A scratch also remembers the capitalised words it found no fuzzy match for (at most 32,768 of them, about
/// 1 MB, per gazetteer), since the same ones come back in document after document.
#[derive(Debug, Default)]
pub struct Scratch {
    folded: Folded,
    candidates: Vec<Candidate>,
    resolved: Vec<Resolved>,
    work: Work,
}

impl Scratch {
    /// Empty buffers.
    pub fn new() -> Scratch {
        Scratch::default()
    }
}

impl Extractor {
    /// An extractor over `gazetteer` with default options.
    pub fn new(gazetteer: Gazetteer) -> Extractor {
        ExtractorBuilder { gazetteer: Some(gazetteer), ..ExtractorBuilder::default() }.build()
    }

    /// A builder with default options.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.config.gazetteer
    }

    /// Whether demonyms count as country mentions.
    pub fn demonyms(&self) -> bool {
        self.config.resolver.options.demonyms
    }

    /// The date assumed for documents that have none, when one was set ([`ExtractorBuilder::date`]); `None` means
    /// the gazetteer's data date.
    pub fn default_date(&self) -> Option<Date> {
        self.config.date
    }

    /// The largest document [`try_extract`](Self::try_extract) accepts, in bytes.
    pub fn max_document_bytes(&self) -> usize {
        self.config.max_document_bytes
    }

    /// Whether capitals followed by a verb stand for their country.
    pub fn metonymy(&self) -> bool {
        self.config.resolver.options.metonymy
    }

    /// Whether long leader names may match with one edit.
    pub fn fuzzy(&self) -> bool {
        self.config.resolver.options.fuzzy
    }

    /// Whether unknown leaders and organisations are discovered.
    pub fn discover(&self) -> bool {
        self.config.resolver.options.discover
    }

    /// Extracts the mentions of `text`.
    ///
    /// # Panics
    ///
    /// Panics on a text of 4 GiB or more; use [`try_extract`](Self::try_extract) for untrusted sizes.
    pub fn extract(&self, text: &str) -> Extraction {
        self.extract_with(text, None, &mut Scratch::new())
    }

    /// Extracts the mentions of a document dated `date` (for dated roles; `None` uses the extractor's date),
    /// reusing `scratch`'s buffers.
    ///
    /// # Panics
    ///
    /// Panics on a text of 4 GiB or more; use [`try_extract`](Self::try_extract) for untrusted sizes.
    pub fn extract_with(&self, text: &str, date: Option<Date>, scratch: &mut Scratch) -> Extraction {
        self.run(text, date, scratch, None)
    }

    /// Explains the extraction of a document dated `date` (`None`: the extractor's date): every mention with the
    /// alias and rule that accepted it and what confirmed it, and every rejected candidate with the reason.
    ///
    /// Slower than extraction (it also looks for the matches that longer ones hid); meant for people checking
    /// results, not for corpora.
    ///
    /// # Panics
    ///
    /// Panics on a text of 4 GiB or more.
    pub fn explain(&self, text: &str, date: Option<Date>) -> Explanation {
        let mut scratch = Scratch::new();
        let mut rejected = Vec::new();
        let extraction = self.run(text, date, &mut scratch, Some(&mut rejected));
        let g = &self.config.gazetteer;
        // What leftmost-longest hid: shorter matches inside every candidate that became a mention.
        for m in &extraction.mentions {
            if m.via == Via::RoleAtDate {
                continue;
            }
            hidden_matches(g, text, m.span, &mut rejected);
        }
        rejected.sort_by_key(|r| (r.span.start, r.span.end));
        rejected.dedup_by_key(|r| (r.span, r.reason));
        let evidence =
            |span: Span| (!span.is_empty()).then(|| Confirmation { span, text: text[span.range()].to_string() });
        let is_mention = |span: Span| {
            extraction
                .mentions
                .binary_search_by_key(&span.start, |m| m.span.start)
                .is_ok_and(|i| extraction.mentions[i].span == span)
        };
        let mut seen_case = foldhash::HashSet::default();
        let alias_of = |index: u32| (index != NO_ALIAS).then(|| &g.aliases()[index as usize]);
        let mentions = extraction
            .mentions
            .iter()
            .zip(&scratch.resolved)
            .map(|(m, r)| {
                let e = extraction.entity(m.entity);
                let alias = alias_of(r.alias);
                ExplainedMention {
                    span: m.span,
                    text: text[m.span.range()].to_string(),
                    sentence: m.sentence,
                    entity: e.id.clone(),
                    name: e.name.clone(),
                    kind: e.kind,
                    via: m.via,
                    alias: alias.map(|a| a.text.clone()),
                    alias_kind: alias.map(|a| a.kind),
                    possessive: m.possessive,
                    confirmed_by: evidence(r.evidence),
                }
            })
            .collect();
        let rejected = rejected
            .iter()
            .filter(|r| r.reason != Reason::LostToLonger || !is_mention(r.span))
            // `is` against `IS` on every line says nothing new after the first time.
            .filter(|r| r.reason != Reason::CaseMismatch || seen_case.insert(r.pattern))
            .map(|r: &Rejection| {
                let alias = r.pattern.and_then(|p| g.pattern_aliases(p as usize).next()).map(|a| a.text.clone());
                let entity = r
                    .entity
                    .or_else(|| r.pattern.and_then(|p| g.pattern_aliases(p as usize).next()).map(|a| a.entity))
                    .map(|e| extraction.entity(e));
                let sentence = extraction.sentences.partition_point(|s| s.span.end <= r.span.start);
                RejectedCandidate {
                    span: r.span,
                    text: text[r.span.range()].to_string(),
                    sentence: sentence.min(extraction.sentences.len().saturating_sub(1)),
                    alias,
                    entity: entity.map(|e| e.id.clone()),
                    kind: entity.map(|e| e.kind),
                    reason: r.reason,
                }
            })
            .collect();
        Explanation { date: extraction.date, mentions, rejected }
    }

    fn run(
        &self,
        text: &str,
        date: Option<Date>,
        scratch: &mut Scratch,
        trace: Option<&mut Vec<Rejection>>,
    ) -> Extraction {
        let config = &self.config;
        let g = &config.gazetteer;
        let date = date.or(config.date).or(g.data_date());
        scratch.folded.fold_from(text);
        scratch.candidates.clear();
        let candidates = Candidates::new(g, text, &scratch.folded);
        let mut trace = trace;
        match trace.as_deref_mut() {
            Some(rejected) => scratch.candidates.extend(candidates.record(rejected)),
            None => scratch.candidates.extend(candidates),
        }
        let mut discovered = Vec::new();
        self.finish(text, date, scratch, &mut discovered, trace)
    }

    fn finish(
        &self,
        text: &str,
        date: Option<Date>,
        scratch: &mut Scratch,
        discovered: &mut Vec<Entity>,
        trace: Option<&mut Vec<Rejection>>,
    ) -> Extraction {
        let config = &self.config;
        scratch.resolved.clear();
        config.resolver.resolve(
            &config.gazetteer,
            text,
            &scratch.candidates,
            date,
            &mut scratch.work,
            &mut scratch.resolved,
            discovered,
            trace,
        );
        let sentences: Vec<Sentence> = split_sentences(text).collect();
        let mut mentions = Vec::with_capacity(scratch.resolved.len());
        let mut sentence = 0;
        for r in &scratch.resolved {
            while sentence + 1 < sentences.len() && sentences[sentence].span.end <= r.span.start {
                sentence += 1;
            }
            mentions.push(Mention { span: r.span, entity: r.entity, sentence, via: r.via, possessive: r.possessive });
        }
        Extraction {
            gazetteer: config.gazetteer.clone(),
            sentences,
            mentions,
            discovered: std::mem::take(discovered),
            date,
        }
    }

    /// Like [`extract_with`](Self::extract_with), but refuses documents over the configured size limit.
    ///
    /// # Errors
    ///
    /// [`Error::Limit`] when `text` is longer than the extractor's `max_document_bytes`.
    pub fn try_extract(&self, text: &str, date: Option<Date>, scratch: &mut Scratch) -> Result<Extraction, Error> {
        if text.len() > self.config.max_document_bytes {
            return Err(Error::Limit {
                what: "document size in bytes",
                limit: self.config.max_document_bytes,
                actual: text.len(),
            });
        }
        Ok(self.extract_with(text, date, scratch))
    }
}

/// What the extractor found in one text: its sentences and the entity mentions, in text order.
#[derive(Clone, Debug)]
pub struct Extraction {
    gazetteer: Gazetteer,
    sentences: Vec<Sentence>,
    mentions: Vec<Mention>,
    discovered: Vec<Entity>,
    date: Option<Date>,
}

impl Extraction {
    /// The mentions, in text order, non-overlapping.
    pub fn mentions(&self) -> &[Mention] {
        &self.mentions
    }

    /// The sentences of the text, in order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The entity a mention refers to: a gazetteer entity, or one discovered in this text.
    ///
    /// # Panics
    ///
    /// Panics when `id` comes from neither this extraction nor its gazetteer.
    pub fn entity(&self, id: EntityId) -> &Entity {
        let known = self.gazetteer.len();
        if id.as_usize() < known { self.gazetteer.entity(id) } else { &self.discovered[id.as_usize() - known] }
    }

    /// Entities discovered in this text (not in the gazetteer).
    pub fn discovered(&self) -> &[Entity] {
        &self.discovered
    }

    /// The date roles were resolved at.
    pub fn date(&self) -> Option<Date> {
        self.date
    }

    /// The gazetteer the mentions refer to.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The distinct entities mentioned, in order of first mention.
    pub fn entities(&self) -> Vec<EntityId> {
        let mut seen = Vec::new();
        for m in &self.mentions {
            if !seen.contains(&m.entity) {
                seen.push(m.entity);
            }
        }
        seen
    }
}

impl Serialize for Extraction {
    /// Mentions with their entity's id, name and kind spelled out, the sentences, and the entities discovered in
    /// the text (full records: country, role).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Row<'a> {
            start: usize,
            end: usize,
            sentence: usize,
            entity: &'a str,
            name: &'a str,
            kind: crate::EntityKind,
            via: Via,
            possessive: bool,
        }
        let rows: Vec<Row<'_>> = self
            .mentions
            .iter()
            .map(|m| {
                let e = self.entity(m.entity);
                Row {
                    start: m.span.start,
                    end: m.span.end,
                    sentence: m.sentence,
                    entity: &e.id,
                    name: &e.name,
                    kind: e.kind,
                    via: m.via,
                    possessive: m.possessive,
                }
            })
            .collect();
        let mut s = serializer.serialize_struct("Extraction", 4)?;
        s.serialize_field("date", &self.date)?;
        s.serialize_field("sentences", &self.sentences)?;
        s.serialize_field("mentions", &rows)?;
        s.serialize_field("discovered", &self.discovered)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Extractor>();
        check::<Extraction>();
    }
}
