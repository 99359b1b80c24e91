//! Gazetteers: entity records, their aliases, and the automaton that finds the aliases in text.
//!
//! A [`Gazetteer`] is built once by a [`GazetteerBuilder`] from TSV files (the shipped defaults, compiled into the
//! crate, and/or the user's own; the format is in `gazetteers/FORMAT.md`) and then shared: it is immutable, `Send +
//! Sync`, and cheap to clone.

pub(crate) mod automaton;
mod embedded;
pub(crate) mod load;
pub(crate) mod trie;

pub use load::AliasKind;

use crate::date::Date;
use crate::entity::{Entity, EntityKind};
use crate::error::{Error, Problem};
use crate::span::EntityId;
use crate::text::normalize::fold;
use aho_corasick::AhoCorasickKind;
use automaton::Trie;
use foldhash::{HashMap, HashMapExt};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use trie::ByteTrie;

/// The letter-case rule an alias imposes on the text it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CaseRule {
    /// Any case (the alias starts with a lower-case letter or a non-letter).
    Any,
    /// The text's first letter must be upper case, as the alias's is: `China` but not "fine china".
    Capitalised,
    /// Exactly the alias's letters: `US` but not `us`.
    Exact,
}

/// One alias of one entity.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Alias {
    /// The alias as written in the gazetteer.
    pub text: String,
    /// The entity it names.
    pub entity: EntityId,
    /// How it was given, which decides how it may match.
    pub kind: AliasKind,
    #[serde(skip)]
    pub(crate) case: CaseRule,
}

impl Alias {
    /// Whether the alias must match with exactly its letter case.
    pub fn is_case_sensitive(&self) -> bool {
        self.case == CaseRule::Exact
    }

    /// Whether the alias can accept a surface whose first character is a letter but not a capital (see
    /// [`accepts_surface`](Self::accepts_surface)): any-case aliases, and exact ones whose first letter or digit is
    /// not a capital (a capitalised alias needs a capital or a non-letter first).
    pub(crate) fn may_match_uncapitalised(&self) -> bool {
        match self.case {
            CaseRule::Any => true,
            CaseRule::Exact => self.text.chars().find(|c| c.is_alphanumeric()).is_none_or(|c| !c.is_uppercase()),
            CaseRule::Capitalised => false,
        }
    }

    /// Whether `surface` (the original text the folded alias matched) satisfies the alias's case rule.
    #[inline]
    pub(crate) fn accepts_surface(&self, surface: &str) -> bool {
        match self.case {
            CaseRule::Any => true,
            CaseRule::Exact => surface == self.text || all_caps_equal(surface, &self.text),
            CaseRule::Capitalised => surface.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()),
        }
    }
}

/// `U.S.` written as `U.S` or with a curly apostrophe stays an exact match when the letters are the same; only the
/// letters' case is significant for acronyms.
fn all_caps_equal(surface: &str, alias: &str) -> bool {
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let (a, b) = (letters(surface), letters(alias));
    !a.is_empty() && a == b && surface.len() <= alias.len() + 4
}

/// Alias indices (into `aliases`) for one automaton pattern.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pattern {
    pub first_alias: u32,
    pub alias_len: u32,
}

pub(crate) struct Inner {
    pub entities: Vec<Entity>,
    pub by_id: HashMap<String, EntityId>,
    pub aliases: Vec<Alias>,
    /// Aliases ordered by pattern, so that a pattern's aliases are one contiguous run.
    pub pattern_aliases: Vec<u32>,
    pub patterns: Vec<Pattern>,
    pub automaton: Trie,
    /// The patterns that some alias lets match where the text's first letter is not a capital (`al-Qaeda`, `the
    /// Gulf`, `de Klerk`: 64 of the 9,000 shipped patterns), in a trie of their own. Most words start with a small
    /// letter, and no capitalised alias can match there, so the matcher walks this trie instead of the whole one,
    /// and most such walks end at the first lookup. With the byte trie only (a forced aho-corasick kind is
    /// walked everywhere, as it was asked for).
    pub uncapitalised: Option<ByteTrie>,
    /// What the matcher's scan needs to know of each byte ([`automaton::byte_class`]).
    pub byte_classes: [u8; 256],
    /// The punctuation bytes that start patterns, for the matcher's block scan.
    pub punct_starts: automaton::PunctStarts,

    /// Folded alias text → its pattern, for looking entities up by name.
    pub pattern_of: HashMap<String, u32>,
    pub data_date: Option<Date>,
    pub fingerprint: u64,
    pub sources: Vec<String>,
    /// Unique to this build in this process (clones share it): what per-gazetteer caches are keyed by.
    pub build: u64,
}

/// A compiled gazetteer: entities, their aliases, and the automaton that finds the aliases in text.
///
/// Cheap to clone (an `Arc` inside), immutable, `Send + Sync`.
///
/// # Examples
///
/// ```
/// use newsgraph::{EntityKind, Gazetteer};
///
/// let gazetteer = Gazetteer::default();
/// let putin = gazetteer.lookup("Vladimir Putin")[0];
/// assert_eq!(gazetteer.entity(putin).kind, EntityKind::Leader);
/// assert_eq!(gazetteer.get("RUS").map(|id| gazetteer.entity(id).name.as_str()), Some("Russia"));
/// ```
#[derive(Clone)]
pub struct Gazetteer {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entities", &self.inner.entities.len())
            .field("aliases", &self.inner.aliases.len())
            .field("patterns", &self.inner.patterns.len())
            .field("data_date", &self.inner.data_date)
            .finish()
    }
}

impl Default for Gazetteer {
    /// The shipped gazetteers compiled into the crate, built once per process and shared.
    ///
    /// # Panics
    ///
    /// Panics if the embedded files do not load, which the crate's tests rule out.
    fn default() -> Gazetteer {
        static DEFAULT: OnceLock<Gazetteer> = OnceLock::new();
        DEFAULT
            .get_or_init(|| match GazetteerBuilder::new().build() {
                Ok(g) => g,
                Err(e) => panic!("the embedded gazetteers do not load: {e}"),
            })
            .clone()
    }
}

impl Gazetteer {
    /// A builder, starting from the shipped defaults.
    pub fn builder() -> GazetteerBuilder {
        GazetteerBuilder::new()
    }

    /// The entity with this index.
    ///
    /// # Panics
    ///
    /// Panics when `id` does not come from this gazetteer.
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.inner.entities[id.as_usize()]
    }

    /// The entity with this stable id (`RUS`, `vladimir-putin`).
    pub fn get(&self, id: &str) -> Option<EntityId> {
        self.inner.by_id.get(id).copied()
    }

    /// Entities named `name`: by stable id first, then by any alias, folded (so `vucic` finds Vučić).
    ///
    /// Several entities come back when the name is ambiguous (`Georgia`), strongest alias first.
    pub fn lookup(&self, name: &str) -> Vec<EntityId> {
        if let Some(id) = self.get(name.trim()) {
            return vec![id];
        }
        let Some(&pattern) = self.inner.pattern_of.get(fold(name).trim()) else { return Vec::new() };
        let mut found: Vec<EntityId> = self.pattern_aliases(pattern as usize).map(|a| a.entity).collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// All entities, in load order; an entity's index is its [`EntityId`].
    pub fn entities(&self) -> &[Entity] {
        &self.inner.entities
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.inner.entities.len()
    }

    /// Whether the gazetteer has no entity.
    pub fn is_empty(&self) -> bool {
        self.inner.entities.is_empty()
    }

    /// Every alias compiled into the automaton, grouped by entity.
    pub fn aliases(&self) -> &[Alias] {
        &self.inner.aliases
    }

    /// Number of distinct folded patterns in the automaton.
    pub fn patterns_len(&self) -> usize {
        self.inner.patterns.len()
    }

    /// The date the data is current as of (the latest `# data-date:` of the loaded files), if stated.
    pub fn data_date(&self) -> Option<Date> {
        self.inner.data_date
    }

    /// A hash of every loaded source's bytes, in hex, to record which data built a graph.
    pub fn fingerprint(&self) -> String {
        format!("{:016x}", self.inner.fingerprint)
    }

    /// Names of the loaded sources (`embedded/countries.tsv`, user paths).
    pub fn sources(&self) -> &[String] {
        &self.inner.sources
    }

    /// Heap bytes used by the automaton (with the small one for words that start with a small letter).
    pub fn automaton_memory_usage(&self) -> usize {
        self.inner.automaton.memory_usage() + self.inner.uncapitalised.as_ref().map_or(0, ByteTrie::memory_usage)
    }

    /// The aliases of one automaton pattern.
    #[inline]
    pub(crate) fn pattern_aliases(&self, pattern: usize) -> impl Iterator<Item = &Alias> + '_ {
        let p = self.inner.patterns[pattern];
        let range = p.first_alias as usize..(p.first_alias + p.alias_len) as usize;
        self.inner.pattern_aliases[range].iter().map(move |&i| &self.inner.aliases[i as usize])
    }
}

#[derive(Clone, Debug)]
enum Source {
    Text { name: String, kind: EntityKind, data: Vec<u8> },
    File(PathBuf),
    Dir(PathBuf),
    Entity(Box<Entity>, Vec<(String, AliasKind)>),
}

/// Builds a [`Gazetteer`] from the shipped defaults and/or user files.
///
/// User entries come on top of the defaults: a user row with a shipped id replaces the shipped entity; an id used
/// twice in the user's own files is an error.
///
/// # Examples
///
/// ```
/// use newsgraph::{EntityKind, GazetteerBuilder};
///
/// let gazetteer = GazetteerBuilder::new()
///     .defaults(false)
///     .add_text("leaders.tsv", EntityKind::Leader, "id\tname\tweak\tcountry\nana-brnabic\tAna Brnabić\tBrnabić\tSRB\n")
///     .add_text("countries.tsv", EntityKind::Country, "id\tname\tdemonyms\nSRB\tSerbia\tSerbian\n")
///     .build()
///     .unwrap();
/// assert_eq!(gazetteer.len(), 2);
/// assert_eq!(gazetteer.lookup("ana brnabic").len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct GazetteerBuilder {
    defaults: bool,
    sources: Vec<Source>,
    max_aliases: usize,
    kind: Option<AhoCorasickKind>,
}

impl Default for GazetteerBuilder {
    fn default() -> GazetteerBuilder {
        GazetteerBuilder::new()
    }
}

/// Default cap on the number of aliases, far above the shipped data and a 1,000,000-alias user gazetteer, but below
/// what would exhaust memory on a small machine.
pub const DEFAULT_MAX_ALIASES: usize = 5_000_000;

impl GazetteerBuilder {
    /// A builder that includes the shipped defaults.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder { defaults: true, sources: Vec::new(), max_aliases: DEFAULT_MAX_ALIASES, kind: None }
    }

    /// Whether to include the shipped gazetteers (default: yes).
    pub fn defaults(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.defaults = yes;
        self
    }

    /// Adds a gazetteer file's contents; `name` names it in errors.
    pub fn add_text(&mut self, name: &str, kind: EntityKind, text: &str) -> &mut GazetteerBuilder {
        self.sources.push(Source::Text { name: name.to_string(), kind, data: text.as_bytes().to_vec() });
        self
    }

    /// Adds a gazetteer file's raw bytes, as read from a stream; `name` names it in errors. Unlike
    /// [`add_text`](Self::add_text) the bytes need not be UTF-8: a line that is not is reported with its number, as
    /// for a file.
    pub fn add_bytes(&mut self, name: &str, kind: EntityKind, data: &[u8]) -> &mut GazetteerBuilder {
        self.sources.push(Source::Text { name: name.to_string(), kind, data: data.to_vec() });
        self
    }

    /// Adds a gazetteer file, read at [`build`](Self::build) time; its kind comes from its name
    /// (`countries*.tsv`, `leaders*.tsv`, `organisations*.tsv`, `places*.tsv`).
    pub fn add_file(&mut self, path: impl AsRef<Path>) -> &mut GazetteerBuilder {
        self.sources.push(Source::File(path.as_ref().to_path_buf()));
        self
    }

    /// Adds every `*.tsv` file of a directory (not recursive), in name order.
    pub fn add_dir(&mut self, path: impl AsRef<Path>) -> &mut GazetteerBuilder {
        self.sources.push(Source::Dir(path.as_ref().to_path_buf()));
        self
    }

    /// Adds one entity with its aliases (its `name` is an alias already).
    ///
    /// Checked at [`build`](Self::build) like a file row: the id must not be empty, and the name and aliases must
    /// not be empty once folded and at most 4,096 bytes long (they are trimmed, as file fields are). Unlike a TSV
    /// field, an id or a name may contain spaces, tabs, line feeds and carriage returns, and a name any other
    /// control character; exports escape them. Other control characters in an id are refused: XML (GraphML, GEXF)
    /// cannot carry them, and an id is the key of its node in every export.
    /// Problems name the file `added entities` and, as the line, the 1-based number of the `add_entity` call.
    pub fn add_entity(&mut self, entity: Entity, aliases: &[(&str, AliasKind)]) -> &mut GazetteerBuilder {
        let aliases = aliases.iter().map(|(a, k)| (a.to_string(), *k)).collect();
        self.sources.push(Source::Entity(Box::new(entity), aliases));
        self
    }

    /// The most aliases accepted (default [`DEFAULT_MAX_ALIASES`]); more is an [`Error::Limit`].
    pub fn max_aliases(&mut self, limit: usize) -> &mut GazetteerBuilder {
        self.max_aliases = limit;
        self
    }

    /// Forces an aho-corasick automaton of `kind` instead of the default byte trie (`None`).
    ///
    /// The matcher walks the automaton only from word starts, so it never follows the failure links an
    /// aho-corasick automaton computes: the byte trie leaves them out, builds in a third of the time (about 1 s
    /// instead of 15 for a million aliases) and walks as fast. The forced kinds find exactly the same matches; they
    /// are here to compare with, and as a fallback.
    pub fn automaton_kind(&mut self, kind: Option<AhoCorasickKind>) -> &mut GazetteerBuilder {
        self.kind = kind;
        self
    }

    /// Parses every source, checks them, and compiles the automaton.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when a file or directory cannot be read, [`Error::Gazetteer`] listing every problem of every
    /// file (with file, line and column), [`Error::Limit`] over the alias limit, [`Error::Automaton`] when the
    /// automaton cannot be built.
    pub fn build(&self) -> Result<Gazetteer, Error> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let mut problems = Vec::new();
        let mut names = Vec::new();
        let mut data_date = None;
        let mut layers: [Vec<load::Row>; 2] = [Vec::new(), Vec::new()];
        let mut parse_into = |layer: usize, name: &str, kind: EntityKind, data: &[u8], problems: &mut Vec<Problem>| {
            name.hash(&mut hasher);
            data.hash(&mut hasher);
            names.push(name.to_string());
            let parsed = load::parse(name, data, kind);
            problems.extend(parsed.problems);
            data_date = data_date.max(parsed.data_date);
            layers[layer].extend(parsed.rows);
        };
        if self.defaults {
            for (name, kind, text) in embedded::FILES {
                parse_into(0, &format!("embedded/{name}"), *kind, text.as_bytes(), &mut problems);
            }
        }
        let mut extra_entities = Vec::new();
        let mut added = 0u64;
        for source in &self.sources {
            match source {
                Source::Text { name, kind, data } => parse_into(1, name, *kind, data, &mut problems),
                Source::File(path) => {
                    let Some(kind) = file_kind(path, &mut problems) else { continue };
                    let data = std::fs::read(path).map_err(|e| Error::Io { path: path.clone(), source: e })?;
                    parse_into(1, &path.display().to_string(), kind, &data, &mut problems);
                }
                Source::Dir(dir) => {
                    for path in tsv_files(dir)? {
                        // A file named for no kind is one problem among the others, not the end of the check.
                        let Some(kind) = file_kind(&path, &mut problems) else { continue };
                        let data = std::fs::read(&path).map_err(|e| Error::Io { path: path.clone(), source: e })?;
                        parse_into(1, &path.display().to_string(), kind, &data, &mut problems);
                    }
                }
                Source::Entity(entity, aliases) => {
                    added += 1;
                    let mut all = vec![(entity.name.clone(), AliasKind::Name)];
                    all.extend(aliases.iter().cloned());
                    let found = load::check_added_entity(entity, &mut all);
                    if !found.is_empty() {
                        problems.extend(found.into_iter().map(|(column, message)| Problem {
                            file: load::ADDED_ENTITIES.to_string(),
                            line: added,
                            column: Some(column.to_string()),
                            message,
                        }));
                        continue;
                    }
                    extra_entities.push(load::Row {
                        entity: (**entity).clone(),
                        aliases: all,
                        file: load::ADDED_ENTITIES.into(),
                        line: added,
                    });
                }
            }
        }
        layers[1].extend(extra_entities);
        let [defaults, user] = layers;
        let rows = merge_layers(defaults, user, &mut problems);
        check_references(&rows, &mut problems);
        if !problems.is_empty() {
            problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            return Err(Error::Gazetteer { problems });
        }
        let alias_count: usize = rows.iter().map(|r| r.aliases.len()).sum();
        if alias_count > self.max_aliases {
            return Err(Error::Limit { what: "aliases", limit: self.max_aliases, actual: alias_count });
        }
        compile(rows, data_date, hasher.finish(), names, self.kind)
    }
}

/// The kind of entities a file holds, from its name; `None`, with a problem recorded, when the name tells none.
fn file_kind(path: &Path, problems: &mut Vec<Problem>) -> Option<EntityKind> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kind = load::kind_of_file(&name);
    if kind.is_none() {
        problems.push(Problem {
            file: path.display().to_string(),
            line: 0,
            column: None,
            message: "cannot tell the kind of entities from the file name: it must start with `countries`, \
                      `leaders`, `organisations` or `places`"
                .to_string(),
        });
    }
    kind
}

fn tsv_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |e| Error::Io { path: dir.to_path_buf(), source: e };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "tsv") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Puts user rows on top of default rows: a user id equal to a default id replaces it; a duplicate inside a layer
/// is a problem.
fn merge_layers(defaults: Vec<load::Row>, user: Vec<load::Row>, problems: &mut Vec<Problem>) -> Vec<load::Row> {
    let mut rows: Vec<load::Row> = Vec::with_capacity(defaults.len() + user.len());
    // Id → its row in `rows` and the layer that put it there.
    let mut index: HashMap<String, (usize, usize)> = HashMap::with_capacity(rows.capacity());
    for (layer, layer_rows) in [defaults, user].into_iter().enumerate() {
        for row in layer_rows {
            match index.get_mut(&row.entity.id) {
                Some((i, in_layer)) if *in_layer == layer => {
                    let first = &rows[*i];
                    problems.push(Problem {
                        file: row.file.to_string(),
                        line: row.line,
                        column: Some("id".to_string()),
                        message: format!(
                            "duplicate id {:?}, first defined at {}:{}",
                            row.entity.id, first.file, first.line
                        ),
                    });
                }
                Some((i, in_layer)) => {
                    *in_layer = layer;
                    rows[*i] = row;
                }
                None => {
                    index.insert(row.entity.id.clone(), (rows.len(), layer));
                    rows.push(row);
                }
            }
        }
    }
    rows
}

fn check_references(rows: &[load::Row], problems: &mut Vec<Problem>) {
    let kinds: HashMap<&str, EntityKind> = rows.iter().map(|r| (r.entity.id.as_str(), r.entity.kind)).collect();
    for row in rows {
        let mut check = |column: &str, id: &str, want: &[EntityKind]| {
            if !kinds.get(id).is_some_and(|k| want.contains(k)) {
                let what = want.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or ");
                problems.push(Problem {
                    file: row.file.to_string(),
                    line: row.line,
                    column: Some(column.to_string()),
                    message: format!("{id:?} is not the id of a loaded {what}"),
                });
            }
        };
        if let Some(country) = &row.entity.country {
            check("country", country, &[EntityKind::Country]);
        }
        for role in &row.entity.roles {
            check("roles", &role.of, &[EntityKind::Country, EntityKind::Organisation]);
        }
        if let Some(successor) = row.entity.attribute("successor") {
            check("successor", successor, &[EntityKind::Country]);
        }
    }
}

fn compile(
    rows: Vec<load::Row>,
    data_date: Option<Date>,
    fingerprint: u64,
    sources: Vec<String>,
    kind: Option<AhoCorasickKind>,
) -> Result<Gazetteer, Error> {
    let mut entities = Vec::with_capacity(rows.len());
    let mut by_id = HashMap::with_capacity(rows.len());
    let mut aliases: Vec<Alias> = Vec::new();
    let mut pattern_of: HashMap<String, u32> = HashMap::new();
    let mut pattern_texts: Vec<String> = Vec::new();
    let mut alias_pattern: Vec<u32> = Vec::new();
    let mut own: Vec<(u32, AliasKind)> = Vec::new();
    for row in rows {
        let id = EntityId(entities.len() as u32);
        by_id.insert(row.entity.id.clone(), id);
        own.clear();
        for (text, alias_kind) in row.aliases {
            // Trimmed after folding too: a spacing accent (`´`, `¨`) folds to a space, and a pattern that starts or
            // ends with one would report mentions that start or end in the whitespace between sentences.
            let folded = fold(&text);
            let folded = folded.trim();
            let pattern = match pattern_of.get(folded) {
                Some(&pattern) => pattern,
                None => {
                    let pattern = pattern_texts.len() as u32;
                    pattern_of.insert(folded.to_string(), pattern);
                    pattern_texts.push(folded.to_string());
                    pattern
                }
            };
            // The same folded text twice for one entity adds nothing to matching; keep the strongest reading, but
            // keep an acronym beside a case-insensitive alias because their case rules differ.
            if own.iter().any(|&(p, k)| p == pattern && (k.is_strong() || k == alias_kind))
                && alias_kind != AliasKind::Acronym
            {
                continue;
            }
            own.push((pattern, alias_kind));
            let case = case_rule(&text, alias_kind);
            aliases.push(Alias { text, entity: id, kind: alias_kind, case });
            alias_pattern.push(pattern);
        }
        entities.push(row.entity);
    }
    let mut order: Vec<u32> = (0..aliases.len() as u32).collect();
    order.sort_by_key(|&i| (alias_pattern[i as usize], aliases[i as usize].kind, i));
    let mut patterns = vec![Pattern { first_alias: 0, alias_len: 0 }; pattern_texts.len()];
    for (pos, &alias) in order.iter().enumerate() {
        let p = &mut patterns[alias_pattern[alias as usize] as usize];
        if p.alias_len == 0 {
            p.first_alias = pos as u32;
        }
        p.alias_len += 1;
    }
    let automaton = Trie::build(&pattern_texts, kind).map_err(Error::Automaton)?;
    let uncapitalised = match automaton {
        Trie::Bytes(_) => {
            let mut subset: Vec<&str> = vec![""; pattern_texts.len()];
            for (alias, &pattern) in aliases.iter().zip(&alias_pattern) {
                if alias.may_match_uncapitalised() {
                    subset[pattern as usize] = &pattern_texts[pattern as usize];
                }
            }
            Some(ByteTrie::build(&subset).map_err(|_| Error::Automaton("too many patterns for a trie".to_string()))?)
        }
        _ => None,
    };
    let byte_classes = automaton::byte_classes(&pattern_texts);
    Ok(Gazetteer {
        inner: Arc::new(Inner {
            entities,
            by_id,
            aliases,
            pattern_aliases: order,
            patterns,
            automaton,
            uncapitalised,
            punct_starts: automaton::PunctStarts::new(&byte_classes),
            byte_classes,
            pattern_of,
            data_date,
            fingerprint,
            sources,
            build: {
                static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }),
    })
}

fn case_rule(text: &str, kind: AliasKind) -> CaseRule {
    if kind == AliasKind::Acronym {
        return CaseRule::Exact;
    }
    match text.chars().find(|c| c.is_alphabetic()) {
        Some(c) if c.is_uppercase() && text.starts_with(c) => CaseRule::Capitalised,
        _ => CaseRule::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync_clone<T: Send + Sync + Clone>() {}

    #[test]
    fn gazetteer_is_send_sync_and_clone() {
        assert_send_sync_clone::<Gazetteer>();
    }

    fn small() -> Gazetteer {
        GazetteerBuilder::new()
            .defaults(false)
            .add_text(
                "countries.tsv",
                EntityKind::Country,
                "id\tname\tacronyms\tdemonyms\nUSA\tUnited States\tUS\tAmerican\nGEO\tGeorgia\t\tGeorgian\n",
            )
            .add_text("places.tsv", EntityKind::Place, "id\tname\tcountry\ngeorgia-us\tGeorgia\tUSA\n")
            .build()
            .unwrap()
    }

    #[test]
    fn looks_up_by_id_and_folded_alias() {
        let g = small();
        assert_eq!(g.lookup("USA"), vec![g.get("USA").unwrap()]);
        assert_eq!(g.lookup("united STATES"), vec![g.get("USA").unwrap()]);
        assert_eq!(g.lookup("Georgia").len(), 2);
        assert!(g.lookup("Narnia").is_empty());
    }

    #[test]
    fn case_rules() {
        let g = small();
        let us = g.aliases().iter().find(|a| a.text == "US").unwrap();
        assert!(us.accepts_surface("US"));
        assert!(!us.accepts_surface("us"));
        assert!(!us.accepts_surface("Us"));
        let name = g.aliases().iter().find(|a| a.text == "United States").unwrap();
        assert!(name.accepts_surface("United states"));
        assert!(!name.accepts_surface("united states"));
    }

    #[test]
    fn user_rows_replace_defaults_and_duplicates_are_reported() {
        let err = GazetteerBuilder::new()
            .defaults(false)
            .add_text("countries.tsv", EntityKind::Country, "id\tname\nAAA\tA\nAAA\tA again\n")
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "countries.tsv:3: column `id`: duplicate id \"AAA\", first defined at countries.tsv:2"
        );
        let err = GazetteerBuilder::new()
            .defaults(false)
            .add_text("leaders.tsv", EntityKind::Leader, "id\tname\tcountry\nx\tX Y\tNOPE\n")
            .build()
            .unwrap_err();
        assert_eq!(err.to_string(), "leaders.tsv:2: column `country`: \"NOPE\" is not the id of a loaded country");
    }

    #[test]
    fn alias_limit_is_enforced() {
        let err = GazetteerBuilder::new()
            .defaults(false)
            .max_aliases(1)
            .add_text("countries.tsv", EntityKind::Country, "id\tname\taliases\nAAA\tA\tAa\n")
            .build()
            .unwrap_err();
        assert_eq!(err.to_string(), "aliases is 2, over the limit of 1");
    }
}
