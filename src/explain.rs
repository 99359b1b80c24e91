//! Explanations: why every mention of a text was found, and why every other candidate was not.
//!
//! [`Extractor::explain`](crate::Extractor::explain) runs the same pipeline as extraction, recording each
//! decision: for a mention, the alias that matched and the rule that accepted it (and the words that confirmed
//! it: the full name, the title, the acronym's definition); for a rejected candidate, the reason. An
//! [`Explanation`] serialises to JSON and prints as a table.

use crate::date::Date;
use crate::entity::EntityKind;
use crate::gazetteer::AliasKind;
use crate::resolve::Via;
use crate::span::{EntityId, Span};
use serde::Serialize;
use std::fmt;

/// Why a candidate did not become a mention.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The alias matched inside a longer word (`Russias`).
    Boundary,
    /// The letter case does not fit the alias: `us` for `US`, `fine china` for `China`.
    CaseMismatch,
    /// A longer candidate covers it (`Chinese` in `Chinese Ministry of Foreign Affairs`).
    LostToLonger,
    /// A surname or short form whose entity the document does not otherwise name (no full name, title or role).
    WeakWithoutAnchor,
    /// Several entities fit and nothing in the document tells them apart.
    Ambiguous,
    /// A demonym while demonyms are switched off.
    DemonymsOff,
    /// A month, not a person: `in May`, `May 2017`.
    MonthName,
    /// Part of a person's name: `Chad Smith`, `Michael Jordan`.
    PersonName,
    /// A common noun: `Thanksgiving turkey`, `guinea pig`, `fine china`.
    CommonNoun,
    /// Another place of the same name: `Atlanta, Georgia` is the US state.
    OtherPlace,
    /// A regnal or ordinal numeral: `Louis XI`, `World War II`.
    RomanNumeral,
    /// An acronym that is also a word, in text written all in capitals (`LET US`).
    ShoutedText,
    /// A demonym used as a language name: `said in Russian`.
    Language,
    /// Part of a longer name found in the text (`Syrian` in `Syrian Observatory for Human Rights (SOHR)`).
    InsideLongerName,
    /// A role phrase whose office had no holder on the document's date (`the Russian president` in 1987).
    NoOfficeHolder,
    /// A role phrase about someone other than the current holder (`the former Russian president`).
    NotCurrentHolder,
}

impl Reason {
    /// The snake-case name used in outputs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Reason::Boundary => "boundary",
            Reason::CaseMismatch => "case_mismatch",
            Reason::LostToLonger => "lost_to_longer",
            Reason::WeakWithoutAnchor => "weak_without_anchor",
            Reason::Ambiguous => "ambiguous",
            Reason::DemonymsOff => "demonyms_off",
            Reason::MonthName => "month_name",
            Reason::PersonName => "person_name",
            Reason::CommonNoun => "common_noun",
            Reason::OtherPlace => "other_place",
            Reason::RomanNumeral => "roman_numeral",
            Reason::ShoutedText => "shouted_text",
            Reason::Language => "language",
            Reason::InsideLongerName => "inside_longer_name",
            Reason::NoOfficeHolder => "no_office_holder",
            Reason::NotCurrentHolder => "not_current_holder",
        }
    }

    /// A one-line description for people.
    pub fn describe(&self) -> &'static str {
        match self {
            Reason::Boundary => "the word goes on after the alias",
            Reason::CaseMismatch => "letter case does not fit the alias",
            Reason::LostToLonger => "inside a longer match",
            Reason::WeakWithoutAnchor => "surname or short form, but no full name, title or role names it here",
            Reason::Ambiguous => "several entities fit and none is named elsewhere in the text",
            Reason::DemonymsOff => "demonyms are switched off",
            Reason::MonthName => "a month here",
            Reason::PersonName => "part of a person's name here",
            Reason::CommonNoun => "a common noun here",
            Reason::OtherPlace => "another place of that name here",
            Reason::RomanNumeral => "a regnal or ordinal numeral here",
            Reason::ShoutedText => "a common word in text written in capitals",
            Reason::Language => "a language here",
            Reason::InsideLongerName => "part of a longer name defined in the text",
            Reason::NoOfficeHolder => "nobody held this office on the document's date",
            Reason::NotCurrentHolder => "about a former or future holder",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rejection recorded while extracting with a trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub span: Span,
    /// The automaton pattern, when the candidate came from the automaton.
    pub pattern: Option<u32>,
    /// The entity it would have been, when one stood out.
    pub entity: Option<EntityId>,
    pub reason: Reason,
}

/// Text that confirmed a mention: the full name earlier, the title before it, the acronym's definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Confirmation {
    /// Where it is.
    pub span: Span,
    /// The text there.
    pub text: String,
}

/// One mention and how it was recognised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExplainedMention {
    /// Where the mention is.
    pub span: Span,
    /// The text of the mention.
    pub text: String,
    /// Index of its sentence.
    pub sentence: usize,
    /// The entity's stable id.
    pub entity: String,
    /// The entity's canonical name.
    pub name: String,
    /// The entity's kind.
    pub kind: EntityKind,
    /// The rule that accepted it.
    pub via: Via,
    /// The gazetteer alias that matched, if one did (role phrases and discovered names have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// That alias's kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias_kind: Option<AliasKind>,
    /// Followed by a possessive `'s`.
    pub possessive: bool,
    /// What confirmed it: the full name a surname refers back to, the title before it, the definition of an
    /// acronym, the country and title of a role phrase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed_by: Option<Confirmation>,
}

/// One candidate that did not become a mention, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RejectedCandidate {
    /// Where the candidate is.
    pub span: Span,
    /// The text there.
    pub text: String,
    /// Index of its sentence.
    pub sentence: usize,
    /// An alias that matched, when the candidate came from the gazetteer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// The entity it would have named, when one stood out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// That entity's kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<EntityKind>,
    /// Why it was rejected.
    pub reason: Reason,
}

/// Every mention of a text with the rule that accepted it, and every rejected candidate with the reason.
///
/// Serialises to JSON; `Display` prints a table.
///
/// # Examples
///
/// ```
/// use newsgraph::{Extractor, Via};
///
/// let text = "Russian President Vladimir Putin met Xi in May. The Russian president said little.";
/// let explanation = Extractor::default().explain(text, Some("2025-05-08".parse().unwrap()));
/// let putin: Vec<Via> =
///     explanation.mentions.iter().filter(|m| m.entity == "vladimir-putin").map(|m| m.via).collect();
/// assert_eq!(putin, [Via::Name, Via::RoleAtDate]);
/// assert!(explanation.rejected.iter().any(|r| r.text == "May"));
/// assert!(explanation.to_string().contains("role_at_date"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The date roles were resolved at.
    pub date: Option<Date>,
    /// The mentions, in text order.
    pub mentions: Vec<ExplainedMention>,
    /// The rejected candidates, in text order.
    pub rejected: Vec<RejectedCandidate>,
}

impl Explanation {
    /// The part of the explanation about one sentence (by index, as in [`ExplainedMention::sentence`]).
    pub fn sentence(&self, index: usize) -> Explanation {
        Explanation {
            date: self.date,
            mentions: self.mentions.iter().filter(|m| m.sentence == index).cloned().collect(),
            rejected: self.rejected.iter().filter(|r| r.sentence == index).cloned().collect(),
        }
    }
}

/// Shortens `s` to at most `max` chars for a table cell.
fn cell(s: &str, max: usize) -> String {
    let one_line: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut out: String = one_line.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.date {
            Some(date) => writeln!(f, "date: {date}")?,
            None => writeln!(f, "date: none (current office holders)")?,
        }
        writeln!(f, "{:<11} {:<24} {:<26} {:<14} {:<22} confirmed by", "span", "text", "entity", "via", "alias")?;
        for m in &self.mentions {
            let alias = match (&m.alias, m.alias_kind) {
                (Some(a), Some(k)) => format!("{a} ({})", k.as_str()),
                _ => "-".to_string(),
            };
            let via = if m.possessive { format!("{}+'s", m.via.as_str()) } else { m.via.as_str().to_string() };
            let evidence =
                m.confirmed_by.as_ref().map_or_else(|| "-".to_string(), |e| format!("{:?} at {}", e.text, e.span));
            writeln!(
                f,
                "{:<11} {:<24} {:<26} {:<14} {:<22} {}",
                m.span.to_string(),
                cell(&m.text, 24),
                cell(&format!("{} ({})", m.entity, m.kind), 26),
                via,
                cell(&alias, 22),
                cell(&evidence, 48)
            )?;
        }
        if !self.rejected.is_empty() {
            writeln!(f, "rejected:")?;
            writeln!(f, "{:<11} {:<24} {:<26} reason", "span", "text", "would be")?;
            for r in &self.rejected {
                writeln!(
                    f,
                    "{:<11} {:<24} {:<26} {}: {}",
                    r.span.to_string(),
                    cell(&r.text, 24),
                    cell(r.entity.as_deref().unwrap_or("-"), 26),
                    r.reason,
                    r.reason.describe()
                )?;
            }
        }
        Ok(())
    }
}
