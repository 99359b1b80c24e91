//! Resolution: turning raw alias candidates into entity mentions.
//!
//! A candidate may name several entities (`Georgia` the country and the US state; `Bush` father and son) and some
//! aliases are not enough on their own (a surname, a demonym shared by two countries). The rules, in order:
//!
//! 1. **Strong aliases** (names, official names, aliases, acronyms in their exact case) resolve directly. When one
//!    candidate has strong aliases of several entities, an entity the document anchors elsewhere wins, then the
//!    kind order country, organisation, leader, place.
//! 2. **Anchors** are the entities a document names unambiguously with a strong alias, anywhere in the document (a
//!    headline often uses the surname before the body gives the full name, so "already" means "in this document").
//! 3. **Weak aliases** (surnames, short forms) count only for an anchored entity, or right after a title
//!    (`President Putin`, `Mr Trump`, `Chancellor Merz`); with several anchored candidates the one named most
//!    recently before wins.
//! 4. **Demonyms** (`Russian`, `Chinese`) are mentions of their country when switched on; a demonym shared by
//!    several countries needs one of them anchored.

use crate::date::Date;
use crate::entity::EntityKind;
use crate::gazetteer::{Alias, AliasKind, Gazetteer};
use crate::matcher::Candidate;
use crate::span::{EntityId, Span};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

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
    /// A weak alias (surname, short form) of an entity the document names in full.
    Surname,
    /// A weak alias right after a title (`President Putin`).
    Title,
    /// A country's demonym (`Russian`).
    Demonym,
}

impl Via {
    /// The snake-case name used in outputs (`name`, `surname`, `demonym`…).
    pub fn as_str(&self) -> &'static str {
        match self {
            Via::Name => "name",
            Via::OfficialName => "official_name",
            Via::Alias => "alias",
            Via::Acronym => "acronym",
            Via::Surname => "surname",
            Via::Title => "title",
            Via::Demonym => "demonym",
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

/// A resolved mention before sentence assignment.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Resolved {
    pub span: Span,
    pub entity: EntityId,
    pub via: Via,
    pub possessive: bool,
}

/// Options that change resolution.
#[derive(Clone, Debug)]
pub(crate) struct ResolveOptions {
    pub demonyms: bool,
}

/// Words that, right before a weak alias, confirm a person: `President Putin`, `Mr. Trump`.
const TITLE_WORDS: &[&str] = &[
    "president", "presidents", "minister", "premier", "chancellor", "king", "queen", "emperor", "prince",
    "princess", "sheikh", "emir", "sultan", "pm", "mr", "mrs", "ms", "dr", "leader", "chairman", "secretary",
    "general", "senator", "governor", "ayatollah", "pope", "vice-president", "president-elect", "speaker",
];

pub(crate) fn resolve(
    gazetteer: &Gazetteer,
    text: &str,
    candidates: &[Candidate],
    options: &ResolveOptions,
    _date: Option<Date>,
    out: &mut Vec<Resolved>,
) {
    // Anchors: (entity, position of a strong mention), in text order.
    let mut anchors: Vec<(EntityId, usize)> = Vec::new();
    for c in candidates {
        let surface = &text[c.span.range()];
        let mut strong = accepted(gazetteer, c, surface).filter(|a| a.kind.is_strong()).map(|a| a.entity);
        if let Some(first) = strong.next()
            && strong.all(|e| e == first)
        {
            anchors.push((first, c.span.start));
        }
    }
    // Indexed by entity so that each candidate's look-ups cost O(log n), not a scan of every anchor: a document
    // with a million strong mentions has a million anchors.
    let mut positions: HashMap<EntityId, Vec<usize>> = HashMap::new();
    for &(entity, at) in &anchors {
        positions.entry(entity).or_default().push(at);
    }
    let anchor_set: HashSet<EntityId> = positions.keys().copied().collect();
    let anchored = |e: EntityId| anchor_set.contains(&e);
    for c in candidates {
        let surface = &text[c.span.range()];
        let decision = choose_strong(gazetteer, c, surface, &anchored)
            .or_else(|| if options.demonyms { choose_demonym(gazetteer, c, surface, &anchored) } else { None })
            .or_else(|| choose_weak(gazetteer, c, surface, text, &positions));
        if let Some((entity, via)) = decision {
            out.push(Resolved { span: c.span, entity, via, possessive: c.possessive });
        }
    }
}

fn accepted<'g>(gazetteer: &'g Gazetteer, c: &Candidate, surface: &'g str) -> impl Iterator<Item = &'g Alias> + 'g {
    gazetteer.pattern_aliases(c.pattern as usize).filter(move |a| a.accepts_surface(surface))
}

fn kind_rank(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Country => 0,
        EntityKind::Organisation => 1,
        EntityKind::Leader => 2,
        EntityKind::Place => 3,
    }
}

fn choose_strong(
    gazetteer: &Gazetteer,
    c: &Candidate,
    surface: &str,
    anchored: &impl Fn(EntityId) -> bool,
) -> Option<(EntityId, Via)> {
    accepted(gazetteer, c, surface)
        .filter(|a| a.kind.is_strong())
        .min_by_key(|a| (!anchored(a.entity), kind_rank(gazetteer.entity(a.entity).kind), a.kind))
        .map(|a| (a.entity, Via::of_alias(a.kind)))
}

fn choose_demonym(
    gazetteer: &Gazetteer,
    c: &Candidate,
    surface: &str,
    anchored: &impl Fn(EntityId) -> bool,
) -> Option<(EntityId, Via)> {
    let mut options = accepted(gazetteer, c, surface).filter(|a| a.kind == AliasKind::Demonym);
    let first = options.next()?;
    let mut all = vec![first.entity];
    all.extend(options.map(|a| a.entity));
    all.dedup();
    if all.len() == 1 {
        return Some((first.entity, Via::Demonym));
    }
    let mut chosen = all.into_iter().filter(|e| anchored(*e));
    match (chosen.next(), chosen.next()) {
        (Some(e), None) => Some((e, Via::Demonym)),
        _ => None,
    }
}

fn choose_weak(
    gazetteer: &Gazetteer,
    c: &Candidate,
    surface: &str,
    text: &str,
    anchors: &HashMap<EntityId, Vec<usize>>,
) -> Option<(EntityId, Via)> {
    let weak: Vec<EntityId> =
        accepted(gazetteer, c, surface).filter(|a| a.kind == AliasKind::Weak).map(|a| a.entity).collect();
    if weak.is_empty() {
        return None;
    }
    // The most recent anchor before the mention, else the nearest one after it. Positions are sorted (candidates
    // come in text order), so each weak entity's best anchor is a binary search away.
    let best_anchor = weak
        .iter()
        .filter_map(|e| {
            let at = anchors.get(e)?;
            let i = at.partition_point(|&p| p < c.span.start);
            let key = if i > 0 { (1, at[i - 1]) } else { (0, usize::MAX - at[i]) };
            Some((key, *e))
        })
        .max_by_key(|(key, _)| *key);
    if let Some((_, entity)) = best_anchor {
        return Some((entity, Via::Surname));
    }
    if weak.len() == 1 && follows_title(text, c.span.start) {
        return Some((weak[0], Via::Title));
    }
    None
}

/// Whether the word before `start` (skipping spaces and a full stop, as in `Mr. Putin`) is a title.
fn follows_title(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end().trim_end_matches('.');
    // Titles are short: look at most this far back, so that a run of hyphenated words (`Putin-Putin-…`, each a
    // candidate) costs a bounded scan per candidate rather than a scan back to the start of the run.
    const LOOK_BACK: usize = 64;
    let mut from = before.len().saturating_sub(LOOK_BACK);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let before = &before[from..];
    let word_start = before.rfind(|c: char| !(c.is_alphabetic() || c == '-')).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &before[word_start..];
    !word.is_empty() && word.len() <= 20 && TITLE_WORDS.iter().any(|t| t.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_before_a_name() {
        assert!(follows_title("President Putin", 10));
        assert!(follows_title("Mr. Trump", 4));
        assert!(follows_title("said Chancellor  Merz", 17));
        assert!(!follows_title("in May", 3));
        assert!(!follows_title("Putin", 0));
    }
}
