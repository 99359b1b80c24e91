//! Entity records: what a gazetteer row (or a name discovered in a document) stands for.

use crate::date::Date;
use serde::Serialize;
use std::fmt;

/// The kind of an entity.
///
/// New kinds may be added in minor releases, so matches on it need a wildcard arm.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A head of state or government, minister or head of an international organisation.
    Leader,
    /// A sovereign state, territory or historical state.
    Country,
    /// An international or national organisation, government body, court, agency, party.
    Organisation,
    /// A city, region or landmark.
    Place,
}

impl EntityKind {
    /// Every kind, in a fixed order.
    pub const ALL: [EntityKind; 4] =
        [EntityKind::Leader, EntityKind::Country, EntityKind::Organisation, EntityKind::Place];

    /// The lower-case name used in files and outputs (`leader`, `country`, `organisation`, `place`).
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Leader => "leader",
            EntityKind::Country => "country",
            EntityKind::Organisation => "organisation",
            EntityKind::Place => "place",
        }
    }

    /// Parses a kind name; accepts the plural and the American spelling (`organizations`) too.
    pub fn from_name(name: &str) -> Option<EntityKind> {
        match name.trim().to_ascii_lowercase().as_str() {
            "leader" | "leaders" | "person" | "persons" => Some(EntityKind::Leader),
            "country" | "countries" => Some(EntityKind::Country),
            "organisation" | "organisations" | "organization" | "organizations" | "org" | "orgs" => {
                Some(EntityKind::Organisation)
            }
            "place" | "places" => Some(EntityKind::Place),
            _ => None,
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An office held for a period: `president` of `RUS` from 2012-05-07, still in office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Role {
    /// Lower-case English title (`president`, `prime minister`, `secretary-general`).
    pub title: String,
    /// Id of the country or organisation the office belongs to.
    pub of: String,
    /// First day in office, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// Last day in office; `None` while in office (as of the gazetteer's data date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
}

impl Role {
    /// Whether the office was held on `date`. A partial end date covers its whole period (an office that ended in
    /// "2008" was held on 2008-06-01); a missing start date counts as "always".
    pub fn held_on(&self, date: Date) -> bool {
        let started = self.start.is_none_or(|s| s <= date);
        let not_ended = self.end.is_none_or(|e| date <= e.end_of_period());
        started && not_ended
    }
}

/// Where an entity record came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A row of a gazetteer file.
    Gazetteer,
    /// Made from a document, e.g. a title followed by an unknown name, or an acronym defined in parentheses.
    Discovered,
}

/// One entity: a gazetteer row, or a name discovered in a document.
///
/// Fields that do not apply to the entity's kind are `None` or empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Stable id, unique in its gazetteer (`RUS`, `vladimir-putin`, `icc`).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// The kind.
    pub kind: EntityKind,
    /// Where the record came from.
    pub origin: Origin,
    /// Country id: a leader's country, a national organisation's, a place's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Wikidata Q-id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Offices held (leaders).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Kind-specific attributes (ISO codes, capital, organisation type, population…), as `(column, value)` pairs
    /// in file order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(String, String)>,
}

impl Entity {
    /// A new entity with no attributes.
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: EntityKind) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind,
            origin: Origin::Gazetteer,
            country: None,
            wikidata: None,
            roles: Vec::new(),
            attributes: Vec::new(),
        }
    }

    /// The value of a kind-specific attribute (`iso3`, `capital`, `type`, `population`…).
    pub fn attribute(&self, column: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == column).map(|(_, v)| v.as_str())
    }

    /// Whether the entity was discovered in a document rather than read from a gazetteer.
    pub fn is_discovered(&self) -> bool {
        self.origin == Origin::Discovered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_held_on_dates() {
        let role = Role {
            title: "president".into(),
            of: "RUS".into(),
            start: Some("2000-05-07".parse().unwrap()),
            end: Some("2008".parse().unwrap()),
        };
        assert!(role.held_on("2008-06-01".parse().unwrap()));
        assert!(role.held_on("2000-05-07".parse().unwrap()));
        assert!(!role.held_on("2000-05-06".parse().unwrap()));
        assert!(!role.held_on("2009-01-01".parse().unwrap()));
    }

    #[test]
    fn kind_names_round_trip() {
        for kind in EntityKind::ALL {
            assert_eq!(EntityKind::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(EntityKind::from_name("Organizations"), Some(EntityKind::Organisation));
        assert_eq!(EntityKind::from_name("city"), None);
    }
}
