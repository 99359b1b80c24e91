//! The shipped gazetteer files, compiled in so the default extractor needs nothing on disk.

use crate::entity::EntityKind;

/// `(file name, kind, contents)` of every shipped file, in load order.
pub(crate) const FILES: &[(&str, EntityKind, &str)] = &[
    ("countries.tsv", EntityKind::Country, include_str!("../../gazetteers/countries.tsv")),
    ("organisations.tsv", EntityKind::Organisation, include_str!("../../gazetteers/organisations.tsv")),
    ("leaders.tsv", EntityKind::Leader, include_str!("../../gazetteers/leaders.tsv")),
    ("places.tsv", EntityKind::Place, include_str!("../../gazetteers/places.tsv")),
];
