//! Offices and who held them when: the index behind role phrases (`the Russian president` → the president of
//! Russia on the document's date) and behind titles that pick one of several people sharing a surname
//! (`President Bush` in 1990 and in 2005).

use crate::date::Date;
use crate::entity::{Entity, Role};
use crate::gazetteer::Gazetteer;
use crate::span::EntityId;
use foldhash::HashMap;

#[derive(Clone, Copy, Debug)]
struct Holder {
    leader: EntityId,
    start: Option<Date>,
    end: Option<Date>,
}

/// `(role title, office's country or organisation)` → who held it, built once per extractor from the leaders'
/// `roles` column.
#[derive(Debug, Default)]
pub(crate) struct RoleIndex {
    titles: HashMap<String, u16>,
    holders: HashMap<(u16, EntityId), Vec<Holder>>,
}

/// Whether an office with these dates was held on `date`; with no date, whether it is held now (no end).
#[inline]
fn held(start: Option<Date>, end: Option<Date>, date: Option<Date>) -> bool {
    match date {
        Some(date) => start.is_none_or(|s| s <= date) && end.is_none_or(|e| date <= e.end_of_period()),
        None => end.is_none(),
    }
}

impl RoleIndex {
    pub fn build(gazetteer: &Gazetteer) -> RoleIndex {
        let mut index = RoleIndex::default();
        for (i, entity) in gazetteer.entities().iter().enumerate() {
            for role in &entity.roles {
                let Some(of) = gazetteer.get(&role.of) else { continue };
                let next = index.titles.len() as u16;
                let title = *index.titles.entry(role.title.clone()).or_insert(next);
                index.holders.entry((title, of)).or_default().push(Holder {
                    leader: EntityId(i as u32),
                    start: role.start,
                    end: role.end,
                });
            }
        }
        index
    }

    /// Who held the first of `titles` that had a holder for `of` on `date` (now, without a date). On a day two
    /// holders share (a hand-over), the one who started last.
    pub fn holder(&self, titles: &[&str], of: EntityId, date: Option<Date>) -> Option<EntityId> {
        titles.iter().find_map(|title| {
            let id = *self.titles.get(*title)?;
            self.holders
                .get(&(id, of))?
                .iter()
                .filter(|h| held(h.start, h.end, date))
                .max_by_key(|h| h.start)
                .map(|h| h.leader)
        })
    }
}

/// How well a person fits a title: held it on the date, held it at some time, or never.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Fit {
    Never,
    /// Held it once; the payload orders by recency (the latest end or start before the date wins).
    Once(Option<Date>),
    OnDate,
}

/// How `entity` fits an office with one of `titles` (any title when empty) of `of` (any country or organisation
/// when `None`) on `date`.
pub(crate) fn fit(entity: &Entity, titles: &[&str], of: Option<&str>, date: Option<Date>) -> Fit {
    let matching =
        |r: &&Role| (titles.is_empty() || titles.contains(&r.title.as_str())) && of.is_none_or(|o| r.of == o);
    let mut best = Fit::Never;
    for role in entity.roles.iter().filter(matching) {
        let this = if held(role.start, role.end, date) {
            Fit::OnDate
        } else {
            match (date, role.start) {
                // An office that starts after the document's date is no evidence for it.
                (Some(d), Some(s)) if s > d => Fit::Never,
                _ => Fit::Once(role.end.or(role.start)),
            }
        };
        best = best.max(this);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityKind;
    use crate::gazetteer::GazetteerBuilder;

    fn gazetteer() -> Gazetteer {
        GazetteerBuilder::new()
            .defaults(false)
            .add_text("countries.tsv", EntityKind::Country, "id\tname\nUSA\tUnited States\nRUS\tRussia\n")
            .add_text(
                "leaders.tsv",
                EntityKind::Leader,
                "id\tname\tcountry\troles\n\
ghwb\tGeorge H. W. Bush\tUSA\tpresident@USA@1989-01-20@1993-01-20\n\
gwb\tGeorge W. Bush\tUSA\tpresident@USA@2001-01-20@2009-01-20\n\
putin\tVladimir Putin\tRUS\tpresident@RUS@2000-05-07@2008-05-07|president@RUS@2012-05-07@\n\
medvedev\tDmitry Medvedev\tRUS\tpresident@RUS@2008-05-07@2012-05-07\n",
            )
            .build()
            .unwrap()
    }

    #[test]
    fn holders_on_a_date() {
        let g = gazetteer();
        let index = RoleIndex::build(&g);
        let usa = g.get("USA").unwrap();
        let rus = g.get("RUS").unwrap();
        let date = |s: &str| Some(s.parse::<Date>().unwrap());
        assert_eq!(index.holder(&["president"], usa, date("1990-06-01")), g.get("ghwb"));
        assert_eq!(index.holder(&["president"], usa, date("2005")), g.get("gwb"));
        assert_eq!(index.holder(&["president"], usa, date("1995")), None);
        assert_eq!(index.holder(&["president"], rus, date("2008-05-07")), g.get("medvedev"));
        assert_eq!(index.holder(&["president"], rus, None), g.get("putin"));
        assert_eq!(index.holder(&["king", "president"], rus, date("2010")), g.get("medvedev"));
    }

    #[test]
    fn fit_prefers_the_holder_on_the_date() {
        let g = gazetteer();
        let ghwb = g.entity(g.get("ghwb").unwrap());
        let gwb = g.entity(g.get("gwb").unwrap());
        let d1990 = Some("1990".parse::<Date>().unwrap());
        let d2015 = Some("2015".parse::<Date>().unwrap());
        assert_eq!(fit(ghwb, &["president"], Some("USA"), d1990), Fit::OnDate);
        assert_eq!(fit(gwb, &["president"], None, d1990), Fit::Never);
        assert!(fit(gwb, &["president"], None, d2015) > fit(ghwb, &["president"], None, d2015));
        assert_eq!(fit(gwb, &["king"], None, d2015), Fit::Never);
    }
}
