//! Parsing gazetteer TSV files into entity records and their aliases.
//!
//! The format is documented in `gazetteers/FORMAT.md`. Parsing never stops at the first problem: every problem of
//! every line is collected with its file, line and column, so `newsgraph gazetteer check` can list them all.

use crate::date::Date;
use crate::entity::{Entity, EntityKind, Role};
use crate::error::Problem;

/// How an alias was given in the gazetteer; decides how it may match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AliasKind {
    /// The canonical name.
    Name,
    /// The official (long) name of a country.
    OfficialName,
    /// Another name, matched case-insensitively.
    Alias,
    /// A name matched only with exactly its letter case (`US`, `WHO`).
    Acronym,
    /// A name that counts only when the document anchors the entity (a surname, a short form).
    Weak,
    /// A country's demonym or adjective (`Russian`, `Chinese`).
    Demonym,
}

impl AliasKind {
    /// The lower-case name used in listings (`name`, `official_name`, `alias`, `acronym`, `weak`, `demonym`).
    pub fn as_str(&self) -> &'static str {
        match self {
            AliasKind::Name => "name",
            AliasKind::OfficialName => "official_name",
            AliasKind::Alias => "alias",
            AliasKind::Acronym => "acronym",
            AliasKind::Weak => "weak",
            AliasKind::Demonym => "demonym",
        }
    }

    /// Whether the alias alone is enough to identify its entity (as opposed to weak aliases and demonyms).
    pub fn is_strong(&self) -> bool {
        matches!(self, AliasKind::Name | AliasKind::OfficialName | AliasKind::Alias | AliasKind::Acronym)
    }
}

/// One parsed row: the entity and the aliases it brings.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub entity: Entity,
    pub aliases: Vec<(String, AliasKind)>,
    /// Shared by every row of the file: a user gazetteer can have a million rows.
    pub file: std::sync::Arc<str>,
    pub line: u64,
}

/// The result of parsing one file.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
    pub data_date: Option<Date>,
}

/// Longest alias accepted, in bytes. Far above any real name; it keeps a hostile file from building a huge automaton
/// state chain out of one line.
pub(crate) const MAX_ALIAS_BYTES: usize = 4096;

/// The values of a country's `status` column.
const COUNTRY_STATUSES: &[&str] = &["member", "observer", "territory", "disputed", "historical"];
/// The values of an organisation's `type` column.
const ORGANISATION_TYPES: &[&str] = &[
    "un_organ",
    "un_agency",
    "alliance",
    "igo",
    "court",
    "news_agency",
    "think_tank",
    "government_body",
    "parliament",
    "party",
    "armed_group",
    "ngo",
    "company",
    "other",
];
/// The values of a place's `type` column.
const PLACE_TYPES: &[&str] = &["capital", "city", "region", "landmark"];

const COMMON_COLUMNS: &[&str] = &["id", "name", "aliases", "acronyms", "weak", "wikidata", "source"];

fn kind_columns(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Country => {
            &["official_name", "demonyms", "iso2", "iso3", "capital", "status", "start", "end", "successor"]
        }
        EntityKind::Leader => &["country", "roles"],
        EntityKind::Organisation => &["type", "country"],
        EntityKind::Place => &["country", "type", "population", "geonames"],
    }
}

/// Tells a file's kind from its name: `countries*.tsv`, `leaders*.tsv`, `organisations*.tsv`, `places*.tsv`.
pub(crate) fn kind_of_file(file_name: &str) -> Option<EntityKind> {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).to_ascii_lowercase();
    [
        ("countries", EntityKind::Country),
        ("leaders", EntityKind::Leader),
        ("organisations", EntityKind::Organisation),
        ("organizations", EntityKind::Organisation),
        ("places", EntityKind::Place),
    ]
    .into_iter()
    .find(|(prefix, _)| name.starts_with(prefix))
    .map(|(_, kind)| kind)
}

/// Parses one gazetteer file of the given kind. `file` names it in problems.
pub(crate) fn parse(file: &str, data: &[u8], kind: EntityKind) -> Parsed {
    let mut out = Parsed::default();
    let file_name: std::sync::Arc<str> = file.into();
    let problem = |line: u64, column: Option<&str>, message: String| Problem {
        file: file.to_string(),
        line,
        column: column.map(str::to_string),
        message,
    };
    // Lines are split by hand rather than with a CSV reader: the format has no quoting, and a hand split lets every
    // problem name its exact line even around comments and invalid UTF-8.
    let mut header: Option<Vec<Column>> = None;
    // Editors on Windows start UTF-8 files with a byte-order mark; it would otherwise glue itself to the first
    // column name (or comment) and make a valid header unknown.
    let data = data.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(data);
    for (index, raw_line) in data.split(|&b| b == b'\n').enumerate() {
        let line_no = index as u64 + 1;
        let raw_line = raw_line.strip_suffix(b"\r").unwrap_or(raw_line);
        let line = match std::str::from_utf8(raw_line) {
            Ok(line) => line,
            Err(e) => {
                out.problems.push(problem(
                    line_no,
                    None,
                    format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
                ));
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        if let Some(comment) = line.trim_start().strip_prefix('#') {
            if let Some(date) = comment.trim().strip_prefix("data-date:") {
                match date.trim().parse::<Date>() {
                    Ok(d) => out.data_date = out.data_date.max(Some(d)),
                    Err(e) => out.problems.push(problem(line_no, None, e.to_string())),
                }
            }
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let Some(columns) = &header else {
            match parse_header(&fields, kind) {
                Ok(columns) => header = Some(columns),
                Err(messages) => {
                    for m in messages {
                        out.problems.push(problem(line_no, None, m));
                    }
                    // Without a usable header no row can be read; say so once instead of once per row.
                    return out;
                }
            }
            continue;
        };
        if fields.len() > columns.len() {
            out.problems.push(problem(
                line_no,
                None,
                format!("{} fields, but the header has {} columns", fields.len(), columns.len()),
            ));
            continue;
        }
        let before = out.problems.len();
        let mut row = RowBuilder::new(kind);
        for (column, value) in columns.iter().zip(fields.iter().copied().chain(std::iter::repeat(""))) {
            if let Err(message) = row.set(column, value) {
                out.problems.push(problem(line_no, Some(column.name()), message));
            }
        }
        match row.finish() {
            Ok((entity, aliases)) if out.problems.len() == before => {
                out.rows.push(Row { entity, aliases, file: file_name.clone(), line: line_no })
            }
            Ok(_) => {}
            // A field already reported (an empty name) also fails the row's completeness check: say it once.
            Err(_) if out.problems.len() > before => {}
            Err((column, message)) => out.problems.push(problem(line_no, column, message)),
        }
    }
    if header.is_none() && out.problems.is_empty() {
        out.problems.push(problem(0, None, "no header line: the file is empty or only comments".to_string()));
    }
    out
}

#[derive(Clone, Debug)]
enum Column {
    Known(&'static str),
    Ignored(String),
}

impl Column {
    fn name(&self) -> &str {
        match self {
            Column::Known(name) => name,
            Column::Ignored(name) => name,
        }
    }
}

fn parse_header(fields: &[&str], kind: EntityKind) -> Result<Vec<Column>, Vec<String>> {
    let mut columns = Vec::with_capacity(fields.len());
    let mut errors = Vec::new();
    for field in fields {
        let name = field.trim();
        if let Some(known) = COMMON_COLUMNS.iter().chain(kind_columns(kind)).find(|c| **c == name) {
            if columns.iter().any(|c| matches!(c, Column::Known(k) if k == known)) {
                errors.push(format!("column `{name}` appears twice in the header"));
            }
            columns.push(Column::Known(known));
        } else if name.starts_with('_') {
            columns.push(Column::Ignored(name.to_string()));
        } else {
            let mut expected: Vec<&str> = COMMON_COLUMNS.to_vec();
            expected.extend(kind_columns(kind));
            errors.push(format!(
                "unknown column `{}` in the header of a {} file (known: {}; prefix free-note columns with `_`)",
                name.escape_debug(),
                kind,
                expected.join(", ")
            ));
        }
    }
    for required in ["id", "name"] {
        if !columns.iter().any(|c| matches!(c, Column::Known(k) if *k == required)) {
            errors.push(format!("the header has no `{required}` column"));
        }
    }
    if kind == EntityKind::Leader && !columns.iter().any(|c| matches!(c, Column::Known("country"))) {
        errors.push("the header of a leaders file has no `country` column".to_string());
    }
    if errors.is_empty() { Ok(columns) } else { Err(errors) }
}

/// A row-level problem: the column at fault, if one, and the message.
type RowError = (Option<&'static str>, String);

/// Accumulates one row's fields and checks them.
struct RowBuilder {
    entity: Entity,
    aliases: Vec<(String, AliasKind)>,
}

impl RowBuilder {
    fn new(kind: EntityKind) -> RowBuilder {
        RowBuilder { entity: Entity::new(String::new(), String::new(), kind), aliases: Vec::new() }
    }

    fn set(&mut self, column: &Column, value: &str) -> Result<(), String> {
        let Column::Known(name) = column else { return Ok(()) };
        if let Some(c) = value.chars().find(|c| c.is_control()) {
            return Err(format!("control character {} in the field", c.escape_unicode()));
        }
        let value = value.trim();
        match *name {
            "id" => {
                if value.is_empty() {
                    return Err("empty id".to_string());
                }
                if value.chars().any(char::is_whitespace) {
                    return Err(format!("id {value:?} contains whitespace"));
                }
                self.entity.id = value.to_string();
            }
            "name" => {
                if value.is_empty() {
                    return Err("empty name".to_string());
                }
                check_alias(value)?;
                self.entity.name = value.to_string();
                self.aliases.push((value.to_string(), AliasKind::Name));
            }
            "official_name" => {
                if !value.is_empty() {
                    check_alias(value)?;
                    self.aliases.push((value.to_string(), AliasKind::OfficialName));
                    self.entity.attributes.push(("official_name".to_string(), value.to_string()));
                }
            }
            "aliases" => self.push_list(value, AliasKind::Alias)?,
            "acronyms" => self.push_list(value, AliasKind::Acronym)?,
            "weak" => self.push_list(value, AliasKind::Weak)?,
            "demonyms" => self.push_list(value, AliasKind::Demonym)?,
            "wikidata" => {
                let q_id = value.len() > 1 && value.starts_with('Q') && value[1..].bytes().all(|b| b.is_ascii_digit());
                if !value.is_empty() && !q_id {
                    return Err(format!("wikidata {value:?} is not a Q-id (Q and digits, as Q222031)"));
                }
                self.entity.wikidata = non_empty(value);
            }
            "iso2" | "iso3" => {
                let len = if *name == "iso2" { 2 } else { 3 };
                let code = value.len() == len && value.bytes().all(|b| b.is_ascii_uppercase());
                if !value.is_empty() && !code {
                    return Err(format!("{name} {value:?} is not {len} capital letters"));
                }
                if !value.is_empty() {
                    self.entity.attributes.push((name.to_string(), value.to_string()));
                }
            }
            "type" | "status" => {
                // Closed sets (FORMAT.md): a typo would otherwise quietly switch a rule off (only `capital` places
                // stand for their country under metonymy).
                let allowed: &[&str] = match (*name, self.entity.kind) {
                    ("status", _) => COUNTRY_STATUSES,
                    (_, EntityKind::Place) => PLACE_TYPES,
                    _ => ORGANISATION_TYPES,
                };
                if !value.is_empty() && !allowed.contains(&value) {
                    return Err(format!("{name} {value:?} is not one of {}", allowed.join(", ")));
                }
                if !value.is_empty() {
                    self.entity.attributes.push((name.to_string(), value.to_string()));
                }
            }
            "country" => self.entity.country = non_empty(value),
            "roles" => {
                for item in split_list(value)? {
                    self.entity.roles.push(parse_role(item)?);
                }
            }
            "start" | "end" => {
                if !value.is_empty() {
                    value.parse::<Date>().map_err(|e| e.to_string())?;
                    self.entity.attributes.push((name.to_string(), value.to_string()));
                }
            }
            "population" => {
                if !value.is_empty() {
                    value.parse::<u64>().map_err(|_| format!("population {value:?} is not a whole number"))?;
                    self.entity.attributes.push((name.to_string(), value.to_string()));
                }
            }
            "source" => {}
            other => {
                if !value.is_empty() {
                    self.entity.attributes.push((other.to_string(), value.to_string()));
                }
            }
        }
        Ok(())
    }

    fn push_list(&mut self, value: &str, kind: AliasKind) -> Result<(), String> {
        for alias in split_list(value)? {
            check_alias(alias)?;
            self.aliases.push((alias.to_string(), kind));
        }
        Ok(())
    }

    fn finish(self) -> Result<(Entity, Vec<(String, AliasKind)>), RowError> {
        if self.entity.id.is_empty() {
            return Err((Some("id"), "missing id".to_string()));
        }
        if self.entity.name.is_empty() {
            return Err((Some("name"), "missing name".to_string()));
        }
        if self.entity.kind == EntityKind::Leader && self.entity.country.is_none() {
            return Err((Some("country"), "a leader needs a country".to_string()));
        }
        let date = |column: &str| self.entity.attribute(column).and_then(|v| v.parse::<Date>().ok());
        if let (Some(start), Some(end)) = (date("start"), date("end"))
            && start > end
        {
            return Err((Some("end"), format!("end {end} is before start {start}")));
        }
        Ok((self.entity, self.aliases))
    }
}

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

fn split_list(value: &str) -> Result<Vec<&str>, String> {
    if value.is_empty() {
        return Ok(Vec::new());
    }
    value
        .split('|')
        .map(|v| {
            let v = v.trim();
            if v.is_empty() { Err(format!("empty value in list {value:?}")) } else { Ok(v) }
        })
        .collect()
}

/// Where entities added through [`GazetteerBuilder::add_entity`](crate::GazetteerBuilder::add_entity) are said to
/// come from in problems; the line is the 1-based number of the `add_entity` call.
pub(crate) const ADDED_ENTITIES: &str = "added entities";

/// Checks an entity added through the API by the rules a file row obeys, and trims its aliases as a file's fields
/// are trimmed. Ids, names and aliases may hold characters a TSV field cannot (tabs, line feeds, spaces in ids):
/// exports escape them; but an id may not hold a control character that XML cannot carry at all. Returns each
/// problem with its column.
pub(crate) fn check_added_entity(entity: &Entity, aliases: &mut [(String, AliasKind)]) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    let id = &entity.id;
    if id.is_empty() {
        problems.push(("id", "empty id".to_string()));
    } else if let Some(c) = id.chars().find(|&c| crate::export::xml_safe(c.encode_utf8(&mut [0; 4])).is_empty()) {
        // Ids are the keys of every export; GraphML and GEXF would have to drop this character, and two ids that
        // differ only by it would become one node.
        problems.push(("id", format!("id {id:?} contains {}, which XML cannot carry", c.escape_unicode())));
    }
    for (text, kind) in aliases.iter_mut() {
        let trimmed = text.trim();
        if trimmed.len() != text.len() {
            *text = trimmed.to_string();
        }
        if let Err(message) = check_alias(text) {
            problems.push((column_of(*kind), message));
        }
    }
    problems
}

/// The file column an alias of this kind comes from.
fn column_of(kind: AliasKind) -> &'static str {
    match kind {
        AliasKind::Name => "name",
        AliasKind::OfficialName => "official_name",
        AliasKind::Alias => "aliases",
        AliasKind::Acronym => "acronyms",
        AliasKind::Weak => "weak",
        AliasKind::Demonym => "demonyms",
    }
}

fn check_alias(alias: &str) -> Result<(), String> {
    if alias.len() > MAX_ALIAS_BYTES {
        return Err(format!("alias of {} bytes is longer than the limit of {MAX_ALIAS_BYTES}", alias.len()));
    }
    if crate::text::normalize::fold(alias).trim().is_empty() {
        return Err(format!("alias {alias:?} is empty once folded"));
    }
    Ok(())
}

fn parse_role(item: &str) -> Result<Role, String> {
    let parts: Vec<&str> = item.split('@').map(str::trim).collect();
    if parts.len() < 2 || parts.len() > 4 || parts[0].is_empty() || parts[1].is_empty() {
        return Err(format!("role {item:?} is not `title@ORG@START@END`"));
    }
    let date = |i: usize| -> Result<Option<Date>, String> {
        match parts.get(i) {
            Some(s) if !s.is_empty() => s.parse().map(Some).map_err(|e| format!("role {item:?}: {e}")),
            _ => Ok(None),
        }
    };
    let (start, end) = (date(2)?, date(3)?);
    if let (Some(s), Some(e)) = (start, end)
        && s > e
    {
        return Err(format!("role {item:?} ends before it starts"));
    }
    Ok(Role { title: parts[0].to_lowercase(), of: parts[1].to_string(), start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEADERS: &str = "# test file\n# data-date: 2026-01-17\nid\tname\taliases\tweak\tcountry\troles\t_note\n\
vladimir-putin\tVladimir Putin\tVladimir Vladimirovich Putin\tPutin\tRUS\tpresident@RUS@2012-05-07@|prime minister@RUS@2008-05-08@2012-05-07\tany note\n";

    #[test]
    fn parses_a_leaders_file() {
        let parsed = parse("leaders.tsv", LEADERS.as_bytes(), EntityKind::Leader);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.data_date.unwrap().to_string(), "2026-01-17");
        let row = &parsed.rows[0];
        assert_eq!(row.line, 4);
        assert_eq!(row.entity.id, "vladimir-putin");
        assert_eq!(row.entity.country.as_deref(), Some("RUS"));
        assert_eq!(row.entity.roles.len(), 2);
        assert!(row.entity.roles[0].end.is_none());
        assert_eq!(
            row.aliases,
            vec![
                ("Vladimir Putin".to_string(), AliasKind::Name),
                ("Vladimir Vladimirovich Putin".to_string(), AliasKind::Alias),
                ("Putin".to_string(), AliasKind::Weak)
            ]
        );
    }

    #[test]
    fn reports_every_problem_with_line_and_column() {
        let text = "id\tname\tcountry\troles\n\
ok\tOk Name\tRUS\t\n\
bad id\tName\tRUS\t\n\
x\t\tRUS\t\n\
y\tY\t\tpresident@RUS\n\
z\tZ\tRUS\tpresident@RUS@2020@2010\n\
w\tW\tRUS\t\tExtra\n";
        let parsed = parse("user/leaders.tsv", text.as_bytes(), EntityKind::Leader);
        let shown: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "user/leaders.tsv:3: column `id`: id \"bad id\" contains whitespace",
                "user/leaders.tsv:4: column `name`: empty name",
                "user/leaders.tsv:5: column `country`: a leader needs a country",
                "user/leaders.tsv:6: column `roles`: role \"president@RUS@2020@2010\" ends before it starts",
                "user/leaders.tsv:7: 5 fields, but the header has 4 columns",
            ]
        );
        assert_eq!(parsed.rows.len(), 1);
    }

    #[test]
    fn closed_columns_take_only_their_values() {
        let countries = "id\tname\tstatus\tiso2\tiso3\twikidata\n\
ok\tOk\tmember\tOK\tOKK\tQ1\n\
old\tOld\thistorical\t\t\t\n\
bad\tBad\tbanana\tTOOLONG\t12\tnot-a-qid\n";
        let parsed = parse("countries-x.tsv", countries.as_bytes(), EntityKind::Country);
        let columns: Vec<&str> = parsed.problems.iter().filter_map(|p| p.column.as_deref()).collect();
        assert_eq!(columns, ["status", "iso2", "iso3", "wikidata"], "{:?}", parsed.problems);
        assert!(parsed.problems.iter().all(|p| p.line == 4));
        assert_eq!(parsed.rows.len(), 2);
        let places = parse("places-x.tsv", b"id\tname\ttype\nc\tC\tcapital\nt\tT\tcaptial\n", EntityKind::Place);
        assert_eq!(parsed_lines(&places), [3]);
        assert!(places.problems[0].message.contains("capital, city, region, landmark"));
        let orgs = parse(
            "organisations-x.tsv",
            b"id\tname\ttype\na\tA\tthink_tank\nb\tB\tcapital\n",
            EntityKind::Organisation,
        );
        assert_eq!(parsed_lines(&orgs), [3], "a place's type is no organisation's");
    }

    fn parsed_lines(parsed: &Parsed) -> Vec<u64> {
        parsed.problems.iter().map(|p| p.line).collect()
    }

    #[test]
    fn rejects_unknown_columns_and_bad_bytes() {
        let parsed = parse("countries-x.tsv", b"id\tname\tnmae\n", EntityKind::Country);
        assert!(parsed.problems[0].message.starts_with("unknown column `nmae`"), "{:?}", parsed.problems);
        let parsed = parse("places.tsv", b"id\tname\nok\tGood\nbad\tB\xffd\n", EntityKind::Place);
        assert_eq!(parsed.problems[0].to_string(), "places.tsv:3: invalid UTF-8 at byte 5 of the line");
        assert_eq!(parsed.rows.len(), 1);
        let parsed = parse("places.tsv", b"id\tname\taliases\nx\tX\ta||b\n", EntityKind::Place);
        assert_eq!(parsed.problems[0].column.as_deref(), Some("aliases"));
        let parsed = parse("places.tsv", b"# nothing\n", EntityKind::Place);
        assert!(parsed.problems[0].message.contains("no header"));
    }

    #[test]
    fn kinds_from_file_names() {
        assert_eq!(kind_of_file("gazetteers/leaders-extra.tsv"), Some(EntityKind::Leader));
        assert_eq!(kind_of_file("Organizations.tsv"), Some(EntityKind::Organisation));
        assert_eq!(kind_of_file("people.tsv"), None);
    }
}
