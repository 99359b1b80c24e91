//! The entity graph: entities as nodes, co-occurrences as weighted edges with evidence, and queries over them.
//!
//! # Counts
//!
//! Every count is additive over documents, which is what makes graphs built from separate batches
//! [merge](EntityGraph::merge) into exactly the graph one pass gives:
//!
//! - a node counts its entity's mentions, the documents that mention it and the windows that mention it;
//! - an edge's weight counts the windows in which both ends appear, its `documents` the documents in which they do;
//! - the [`Manifest`] counts the documents and all their windows, with or without mentions.
//!
//! Node `windows`, edge weights and the manifest's `windows` are the marginals, joint counts and total that
//! association scores ([`crate::analysis::associations`]) are computed from.
//!
//! # Time
//!
//! Dated documents also add to per-date counts ([`Node::timeline`], [`Edge::timeline`], [`EntityGraph::timeline`]),
//! which give first-seen and last-seen dates and let [`EntityGraph::slice`] cut a graph to a date range exactly, as
//! if only the documents of that range had been added.
//!
//! # Duplicate documents
//!
//! Wire services re-send the same story; counting it twice would double every co-occurrence in it. By default a
//! graph counts a text it has already seen once only ([`EntityGraph::set_deduplicate`]).

use crate::cooccur::{Window, for_each_window};
use crate::date::Date;
use crate::entity::{Entity, EntityKind};
use crate::extract::Extraction;
use crate::span::{EntityId, Span};
use crate::text::normalize::fold;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef as _;
use serde::Serialize;
use std::collections::VecDeque;
use std::fmt;
use std::hash::Hash;
use std::str::FromStr;
use std::sync::Arc;

/// Index of a node in an [`EntityGraph`]. Stable for the graph's life: nodes are never removed.
///
/// Ids are only meaningful in the graph that made them: a [subgraph](EntityGraph::subgraph), a
/// [slice](EntityGraph::slice) or a merged graph numbers its nodes afresh. The entity id ([`Node::id`]) is the key
/// that holds across graphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct NodeId(u32);

impl NodeId {
    fn index(self) -> NodeIndex {
        NodeIndex::new(self.0 as usize)
    }

    /// The index as a `usize` (nodes are numbered from 0 in insertion order).
    pub fn as_usize(self) -> usize {
        self.0 as usize
    }
}

/// An entity in the graph, with how often it was mentioned.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// The entity's stable id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// The kind.
    pub kind: EntityKind,
    /// Country id (leaders, national organisations, places).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Whether the entity was discovered in a text rather than read from the gazetteer.
    pub discovered: bool,
    /// Number of mentions over all documents.
    pub mentions: u64,
    /// Number of documents that mention it.
    pub documents: u64,
    /// Number of co-occurrence windows (sentences by default) that mention it: the marginal count for association
    /// scores.
    pub windows: u64,
    /// Earliest date of a dated document that mentions it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<Date>,
    /// Latest date of a dated document that mentions it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<Date>,
    /// The counts of dated documents, per date, in date order. Undated documents count in the totals only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<NodeCounts>,
}

/// A node's counts from the documents of one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct NodeCounts {
    /// The documents' date.
    pub date: Date,
    /// Mentions.
    pub mentions: u64,
    /// Documents mentioning the entity.
    pub documents: u64,
    /// Windows mentioning the entity.
    pub windows: u64,
}

/// An edge's counts from the documents of one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EdgeCounts {
    /// The documents' date.
    pub date: Date,
    /// Windows in which both ends appear.
    pub weight: u64,
    /// Documents in which both ends appear.
    pub documents: u64,
}

/// The graph's totals from the documents of one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DateTotals {
    /// The documents' date.
    pub date: Date,
    /// Documents of that date.
    pub documents: u64,
    /// Windows in those documents, with or without mentions.
    pub windows: u64,
}

/// Why two entities are linked: one window in which both appear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Evidence {
    /// Document id, shared by the evidence items of one document.
    pub doc: Arc<str>,
    /// Position of the document in the input (0-based), for ordering evidence across merged graphs.
    pub doc_index: u64,
    /// Document date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Byte range of the window (sentence) in the document.
    pub span: Span,
    /// The window's text, cut to at most [`SNIPPET_BYTES`] bytes at a char boundary.
    pub text: String,
}

/// Longest evidence snippet kept, in bytes.
pub const SNIPPET_BYTES: usize = 400;

/// A co-occurrence edge.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    /// Number of windows (sentences by default) in which both entities appear.
    pub weight: u64,
    /// Number of documents in which they co-occur.
    pub documents: u64,
    /// Earliest document date of a co-occurrence, when documents are dated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<Date>,
    /// Latest document date of a co-occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<Date>,
    /// The first co-occurrences by (document index, position), at most the graph's evidence limit.
    pub evidence: Vec<Evidence>,
    /// The counts of dated documents, per date, in date order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<EdgeCounts>,
}

impl Edge {
    fn empty() -> Edge {
        Edge { weight: 0, documents: 0, first_seen: None, last_seen: None, evidence: Vec::new(), timeline: Vec::new() }
    }
}

/// An edge with its two ends, `source` having the smaller entity id.
#[derive(Clone, Copy, Debug)]
pub struct EdgeRef<'a> {
    /// One end.
    pub source: &'a Node,
    /// The other end.
    pub target: &'a Node,
    /// The edge.
    pub edge: &'a Edge,
}

/// A neighbour of a node and the edge that links them.
#[derive(Clone, Copy, Debug)]
pub struct Neighbor<'a> {
    /// The neighbour's node id.
    pub id: NodeId,
    /// The neighbour.
    pub node: &'a Node,
    /// The edge.
    pub edge: &'a Edge,
}

/// How a graph was built, recorded in every export so a published graph can be rebuilt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Manifest {
    /// `newsgraph` version.
    pub newsgraph_version: String,
    /// The co-occurrence window.
    pub window: Window,
    /// Hash of the gazetteer files (see [`Gazetteer::fingerprint`](crate::Gazetteer::fingerprint)).
    pub gazetteer_fingerprint: String,
    /// The gazetteer's data date.
    pub gazetteer_data_date: Option<Date>,
    /// Whether demonyms counted as country mentions.
    pub demonyms: bool,
    /// The date assumed for undated documents, at which role phrases (`the Russian president`) were resolved, when
    /// one was set ([`ExtractorBuilder::date`](crate::ExtractorBuilder::date)); otherwise the gazetteer's data date
    /// was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_date: Option<Date>,
    /// Documents added (exact duplicates skipped are not counted here).
    pub documents: u64,
    /// Co-occurrence windows in all documents added, with or without mentions: the total for association scores.
    pub windows: u64,
    /// Whether a text already seen was counted once only.
    #[serde(default)]
    pub deduplicate: bool,
    /// Documents skipped as exact duplicates of a text already added.
    #[serde(default)]
    pub duplicate_documents: u64,
    /// Evidence items kept per edge.
    #[serde(default = "default_max_evidence")]
    pub max_evidence: usize,
    /// Distinct entities linked to one another within one window (see
    /// [`EntityGraph::set_max_window_entities`]).
    #[serde(default = "default_max_window_entities")]
    pub max_window_entities: usize,
    /// Windows that named more distinct entities than that: only the first `max_window_entities` mentioned in each
    /// were linked. Not written when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub crowded_windows: u64,
    /// What was done to the graph after building it (date slice, filters, subgraph), in order; empty when nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<String>,
}

fn default_max_evidence() -> usize {
    DEFAULT_MAX_EVIDENCE
}

fn default_max_window_entities() -> usize {
    DEFAULT_MAX_WINDOW_ENTITIES
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Default number of evidence items kept per edge.
pub const DEFAULT_MAX_EVIDENCE: usize = 5;

/// Default number of distinct entities linked to one another within one window.
///
/// Every pair in a window becomes an edge, so a window of k entities costs k²/2 edge updates: a sentence that lists
/// every country (or a hostile document that is one sentence of ten thousand names) would otherwise take quadratic
/// time and memory. A news sentence names a handful of entities and a long speech taken as one `document` window
/// rarely more than a hundred; 256 entities make at most 32,640 pairs per window.
pub const DEFAULT_MAX_WINDOW_ENTITIES: usize = 256;

/// A range of dates, both ends included and either open: `2025-01-01..2025-03-31`, `2025-05` (the whole month),
/// `..2024`, `2025-02..`.
///
/// Dates may be partial (a year, a month). A date stands for its whole period, and a date is *in* the range when
/// its whole period is: with the range `2025-05` (1 to 31 May), a document dated `2025-05-08` is in, one dated
/// `2025-05` is in, and one dated only `2025` is out, because it may be from any month of 2025.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct DateRange {
    /// First date included, from the start of its period; `None` for no lower bound.
    pub from: Option<Date>,
    /// Last date included, to the end of its period; `None` for no upper bound.
    pub to: Option<Date>,
}

impl DateRange {
    /// The range from `from` to `to`, both included.
    pub fn new(from: Option<Date>, to: Option<Date>) -> DateRange {
        DateRange { from, to }
    }

    /// Whether the whole period of `date` lies within the range.
    pub fn contains(&self, date: Date) -> bool {
        let after_start = self.from.is_none_or(|from| start_of_period(from) <= start_of_period(date));
        let before_end = self.to.is_none_or(|to| date.end_of_period() <= to.end_of_period());
        after_start && before_end
    }
}

/// The first day a (possibly partial) date can stand for: `2008` → `2008-01-01`.
pub(crate) fn start_of_period(date: Date) -> Date {
    Date::new(date.year(), date.month().unwrap_or(1), date.day().unwrap_or(1)).unwrap_or(date)
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.to) {
            (Some(a), Some(b)) if a == b => write!(f, "{a}"),
            (a, b) => {
                if let Some(a) = a {
                    write!(f, "{a}")?;
                }
                f.write_str("..")?;
                if let Some(b) = b {
                    write!(f, "{b}")?;
                }
                Ok(())
            }
        }
    }
}

impl FromStr for DateRange {
    type Err = String;

    /// Parses `FROM..TO` with either end optional, or a single date for its whole period (`2025-05`).
    fn from_str(s: &str) -> Result<DateRange, String> {
        let s = s.trim();
        let parse = |part: &str| -> Result<Option<Date>, String> {
            let part = part.trim();
            if part.is_empty() { Ok(None) } else { part.parse::<Date>().map(Some).map_err(|e| e.to_string()) }
        };
        let range = match s.split_once("..") {
            Some((from, to)) => DateRange { from: parse(from)?, to: parse(to)? },
            None => {
                let date = parse(s)?.ok_or_else(|| "empty date range".to_string())?;
                DateRange { from: Some(date), to: Some(date) }
            }
        };
        if let (Some(from), Some(to)) = (range.from, range.to)
            && to.end_of_period() < start_of_period(from)
        {
            return Err(format!("date range {s:?} ends before it starts"));
        }
        Ok(range)
    }
}

/// Remembers which texts have been seen, to count exact-duplicate documents (wire re-sends) once.
///
/// Keeps a 128-bit hash per distinct text (16 bytes), not the text. The hash is computed with fixed keys, so the
/// same text gives the same hash in every filter of a process; it is not meant to be stored.
///
/// An [`EntityGraph`] holds one. A pipeline that builds graphs in parallel and [merges](EntityGraph::merge) them
/// should filter its documents through one shared `DuplicateFilter` before dispatching them, because a text added
/// to two different graphs is counted in both.
///
/// # Examples
///
/// ```
/// use newsgraph::DuplicateFilter;
///
/// let mut seen = DuplicateFilter::new();
/// assert!(seen.insert("Vučić met Fico in Belgrade."));
/// assert!(!seen.insert("Vučić met Fico in Belgrade."));
/// assert!(seen.insert("Vučić met Fico in Bratislava."));
/// assert_eq!(seen.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DuplicateFilter {
    seen: HashSet<u128>,
}

impl DuplicateFilter {
    /// An empty filter.
    pub fn new() -> DuplicateFilter {
        DuplicateFilter::default()
    }

    /// Records `text`; returns whether it was new. Blank texts are always new: they carry nothing to double count.
    pub fn insert(&mut self, text: &str) -> bool {
        if text.trim().is_empty() {
            return true;
        }
        self.seen.insert(text_hash(text))
    }

    /// Whether `text` has been recorded.
    pub fn contains(&self, text: &str) -> bool {
        !text.trim().is_empty() && self.seen.contains(&text_hash(text))
    }

    /// Number of distinct texts recorded.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether no text has been recorded.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Records every text `other` has recorded.
    pub fn merge(&mut self, other: &DuplicateFilter) {
        self.seen.extend(other.seen.iter().copied());
    }
}

fn text_hash(text: &str) -> u128 {
    // Two runs of foldhash with fixed, distinct seeds make a 128-bit hash: at a million documents the chance that
    // two different texts collide, and one is dropped, is about 1e-27. (SipHash, twice over every byte of the
    // corpus, was 5% of the whole pipeline.)
    use std::hash::BuildHasher;
    let half = |seed: u64| foldhash::quality::FixedState::with_seed(seed).hash_one(text);
    (u128::from(half(0x6e65_7773_6772_6170)) << 64) | u128::from(half(0x6475_706c_6963_6174))
}

/// An undirected, weighted co-occurrence graph of entities.
///
/// Built by adding extractions ([`add_extraction`](Self::add_extraction)). Nodes are keyed by the entities' stable
/// ids, so documents extracted with the same gazetteer (or graphs built separately) combine.
///
/// # Examples
///
/// ```
/// use newsgraph::{EntityGraph, Extractor};
///
/// let extractor = Extractor::default();
/// let text = "Vladimir Putin met Xi Jinping in Moscow. Putin and Xi signed a deal. Donald Trump called Putin.";
/// let mut graph = EntityGraph::for_extractor(&extractor);
/// graph.add_extraction("doc-1", None, text, &extractor.extract(text));
/// let putin = graph.find("Vladimir Putin").unwrap();
/// let neighbours: Vec<(&str, u64)> =
///     graph.neighbors(putin).iter().map(|n| (n.node.name.as_str(), n.edge.weight)).collect();
/// assert_eq!(neighbours[0], ("Xi Jinping", 2));
/// assert!(neighbours.contains(&("Donald Trump", 1)));
/// ```
#[derive(Clone, Debug)]
pub struct EntityGraph {
    graph: UnGraph<Node, Edge>,
    by_id: HashMap<String, NodeIndex>,
    by_name: HashMap<String, NodeIndex>,
    edges: HashMap<(u32, u32), EdgeIndex>,
    pub(crate) manifest: Manifest,
    timeline: Vec<DateTotals>,
    seen: DuplicateFilter,
    next_doc_index: u64,
    scratch: Vec<EntityId>,
}

impl EntityGraph {
    /// An empty graph with the given window and a manifest describing nothing yet.
    pub fn new(window: Window) -> EntityGraph {
        EntityGraph {
            graph: UnGraph::default(),
            by_id: HashMap::new(),
            by_name: HashMap::new(),
            edges: HashMap::new(),
            manifest: Manifest {
                newsgraph_version: env!("CARGO_PKG_VERSION").to_string(),
                window,
                gazetteer_fingerprint: String::new(),
                gazetteer_data_date: None,
                demonyms: true,
                default_date: None,
                documents: 0,
                windows: 0,
                deduplicate: true,
                duplicate_documents: 0,
                max_evidence: DEFAULT_MAX_EVIDENCE,
                max_window_entities: DEFAULT_MAX_WINDOW_ENTITIES,
                crowded_windows: 0,
                derived: Vec::new(),
            },
            timeline: Vec::new(),
            seen: DuplicateFilter::new(),
            next_doc_index: 0,
            scratch: Vec::new(),
        }
    }

    /// An empty sentence-window graph whose manifest records `extractor`'s gazetteer and options.
    pub fn for_extractor(extractor: &crate::Extractor) -> EntityGraph {
        let mut graph = EntityGraph::new(Window::Sentence);
        graph.manifest.gazetteer_fingerprint = extractor.gazetteer().fingerprint();
        graph.manifest.gazetteer_data_date = extractor.gazetteer().data_date();
        graph.manifest.demonyms = extractor.demonyms();
        graph.manifest.default_date = extractor.default_date();
        graph
    }

    /// Sets the co-occurrence window for documents added from now on.
    pub fn set_window(&mut self, window: Window) -> &mut EntityGraph {
        self.manifest.window = window;
        self
    }

    /// Sets how many evidence items an edge keeps (default [`DEFAULT_MAX_EVIDENCE`]).
    pub fn set_max_evidence(&mut self, limit: usize) -> &mut EntityGraph {
        self.manifest.max_evidence = limit;
        self
    }

    /// Sets how many distinct entities of one window are linked to one another (default
    /// [`DEFAULT_MAX_WINDOW_ENTITIES`]), for documents added from now on.
    ///
    /// A window naming more links only the first `limit` entities it mentions, in text order, and the manifest's
    /// [`crowded_windows`](Manifest::crowded_windows) counts it; every entity still counts its mentions, documents
    /// and windows. A limit below 2 links nothing.
    pub fn set_max_window_entities(&mut self, limit: usize) -> &mut EntityGraph {
        self.manifest.max_window_entities = limit;
        self
    }

    /// Sets whether a text already added is skipped when added again (default: yes). Texts are compared exactly,
    /// byte for byte; blank texts are never skipped.
    pub fn set_deduplicate(&mut self, yes: bool) -> &mut EntityGraph {
        self.manifest.deduplicate = yes;
        self
    }

    /// How the graph was built.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The graph's totals per date of dated documents, in date order.
    pub fn timeline(&self) -> &[DateTotals] {
        &self.timeline
    }

    /// The texts seen so far, for deduplication.
    pub fn duplicate_filter(&self) -> &DuplicateFilter {
        &self.seen
    }

    /// Adds one document's extraction, numbering documents in the order they are added to this graph (from 0). See
    /// [`add_document`](Self::add_document); graphs built apart to be [merged](Self::merge) should number their
    /// documents across the whole corpus with it instead.
    pub fn add_extraction(&mut self, doc: &str, date: Option<Date>, text: &str, extraction: &Extraction) {
        let index = self.next_doc_index;
        self.add_document(&DocumentRef { id: doc, index, date, text }, extraction);
    }

    /// Adds one document's extraction: its entities as nodes (mention, document and window counts), and an edge
    /// (or a weight increment) for every pair of entities sharing a window. Skips the document when deduplication
    /// is on and the same text was added before; [`insert_document`](Self::insert_document) says whether it did.
    ///
    /// Evidence keeps the first co-occurrences by (`doc.index`, position), so graphs built from separate batches
    /// and [merged](Self::merge) keep the same evidence as one pass.
    ///
    /// # Complexity
    ///
    /// O(m log m + p + t log t) for m mentions, p co-occurring pairs and t dates in the touched timelines, expected.
    pub fn add_document(&mut self, doc: &DocumentRef<'_>, extraction: &Extraction) {
        self.insert_document(doc, extraction);
    }

    /// Counts `n` documents that were skipped as exact duplicates before they reached this graph (a corpus reader
    /// with its own [`DuplicateFilter`], as [`Pipeline`](crate::Pipeline) has), so the manifest says how many were.
    pub fn record_duplicates(&mut self, n: u64) {
        self.manifest.duplicate_documents += n;
    }

    /// Like [`add_document`](Self::add_document), returning `false` when the document was skipped as an exact
    /// duplicate of a text already added.
    ///
    /// # Complexity
    ///
    /// As [`add_document`](Self::add_document), plus hashing the text.
    pub fn insert_document(&mut self, doc: &DocumentRef<'_>, extraction: &Extraction) -> bool {
        if !self.admit(doc) {
            return false;
        }
        let mut buffer = std::mem::take(&mut self.scratch);
        let counts = DocumentCounts::count(extraction, self.count_options(), &mut buffer);
        self.scratch = buffer;
        self.add_counts(doc, extraction, counts);
        true
    }

    /// What [`DocumentCounts::count`] needs to count documents for this graph: its window and limits.
    pub(crate) fn count_options(&self) -> CountOptions {
        CountOptions {
            window: self.manifest.window,
            max_evidence: self.manifest.max_evidence,
            max_window_entities: self.manifest.max_window_entities,
        }
    }

    /// Like [`add_document`](Self::add_document), with the document already counted (on another thread) with this
    /// graph's [`count_options`](Self::count_options) and already let through the caller's [`DuplicateFilter`],
    /// which it hands over at the end with [`take_filter`](Self::take_filter). Adding counted documents in input
    /// order gives exactly the graph that adding the documents themselves does; the text is not hashed again here.
    pub(crate) fn insert_counted(&mut self, doc: &DocumentRef<'_>, extraction: &Extraction, counts: DocumentCounts) {
        self.next_doc_index = self.next_doc_index.max(doc.index + 1);
        self.add_counts(doc, extraction, counts);
    }

    /// Takes over the filter that let the documents of [`insert_counted`](Self::insert_counted) through, so that
    /// documents added later are checked against them too.
    pub(crate) fn take_filter(&mut self, filter: DuplicateFilter) {
        if self.seen.is_empty() {
            self.seen = filter;
        } else {
            self.seen.merge(&filter);
        }
    }

    /// Numbers the document and checks it against the texts already added; `false` when it is to be skipped.
    fn admit(&mut self, doc: &DocumentRef<'_>) -> bool {
        self.next_doc_index = self.next_doc_index.max(doc.index + 1);
        if self.manifest.deduplicate && !self.seen.insert(doc.text) {
            self.manifest.duplicate_documents += 1;
            return false;
        }
        true
    }

    fn add_counts(&mut self, doc: &DocumentRef<'_>, extraction: &Extraction, counts: DocumentCounts) {
        let DocumentCounts { windows, crowded_windows, ref entities, nodes, ref pairs, spans: _ } = counts;
        self.manifest.documents += 1;
        self.manifest.windows += windows;
        self.manifest.crowded_windows += crowded_windows;
        if let Some(date) = doc.date {
            let totals = timeline_slot(&mut self.timeline, date, |date| DateTotals { date, documents: 0, windows: 0 });
            totals.documents += 1;
            totals.windows += windows;
        }
        // Nodes are created in order of first mention, as the entities come.
        let mut node_of: Vec<NodeIndex> = vec![NodeIndex::end(); nodes];
        for e in entities {
            node_of[e.node as usize] = self.node_for(extraction.entity(e.entity));
        }
        for e in entities {
            let node = &mut self.graph[node_of[e.node as usize]];
            node.mentions += e.mentions;
            node.documents += 1;
            node.windows += e.windows;
            if let Some(date) = doc.date {
                node.first_seen = min_date(node.first_seen, Some(date));
                node.last_seen = node.last_seen.max(Some(date));
                let counts = timeline_slot(&mut node.timeline, date, |date| NodeCounts {
                    date,
                    mentions: 0,
                    documents: 0,
                    windows: 0,
                });
                counts.mentions += e.mentions;
                counts.documents += 1;
                counts.windows += e.windows;
            }
        }
        let max_evidence = self.manifest.max_evidence;
        // Made at the first evidence item kept, and then shared by the document's others.
        let mut doc_id: Option<Arc<str>> = None;
        let mut spans = Vec::new();
        for pair in pairs {
            let (a, b) = (node_of[pair.key.0 as usize], node_of[pair.key.1 as usize]);
            let edge = self.edge_for((a.index() as u32, b.index() as u32));
            edge.weight += pair.weight;
            edge.documents += 1;
            if let Some(date) = doc.date {
                edge.first_seen = min_date(edge.first_seen, Some(date));
                edge.last_seen = edge.last_seen.max(Some(date));
                let counts =
                    timeline_slot(&mut edge.timeline, date, |date| EdgeCounts { date, weight: 0, documents: 0 });
                counts.weight += pair.weight;
                counts.documents += 1;
            }
            counts.spans_of(pair, &mut spans);
            add_spans(&mut edge.evidence, doc, &mut doc_id, &spans, max_evidence);
        }
    }

    /// Adds every node, edge and count of `other` to this graph: the result equals one graph built from both
    /// graphs' documents. Merging is associative and commutative, evidence included, as long as document indexes
    /// are distinct and no text was added to both graphs: a text added to both is counted twice, as deduplication
    /// cannot undo counts (filter the input through one [`DuplicateFilter`] when that matters).
    ///
    /// When this graph has no documents yet, it takes `other`'s window, gazetteer and options, so an empty graph is
    /// the identity of merging.
    ///
    /// # Panics
    ///
    /// Panics when both graphs have documents and were built with different windows: their counts do not add up.
    ///
    /// # Complexity
    ///
    /// O(V' + E' (K log K + T)) for `other`'s nodes and edges, K evidence items and T dates per edge, expected.
    pub fn merge(&mut self, other: &EntityGraph) {
        if self.manifest.documents == 0 && self.manifest.duplicate_documents == 0 && self.graph.node_count() == 0 {
            let mine = &mut self.manifest;
            mine.window = other.manifest.window;
            mine.gazetteer_fingerprint.clone_from(&other.manifest.gazetteer_fingerprint);
            mine.gazetteer_data_date = other.manifest.gazetteer_data_date;
            mine.demonyms = other.manifest.demonyms;
            mine.default_date = other.manifest.default_date;
            mine.deduplicate = other.manifest.deduplicate;
            mine.max_evidence = other.manifest.max_evidence;
            mine.max_window_entities = other.manifest.max_window_entities;
        } else if other.manifest.documents > 0 {
            assert_eq!(
                self.manifest.window, other.manifest.window,
                "cannot merge graphs built with different co-occurrence windows"
            );
        }
        self.manifest.documents += other.manifest.documents;
        self.manifest.windows += other.manifest.windows;
        self.manifest.duplicate_documents += other.manifest.duplicate_documents;
        self.manifest.crowded_windows += other.manifest.crowded_windows;
        self.next_doc_index = self.next_doc_index.max(other.next_doc_index);
        self.seen.merge(&other.seen);
        for totals in &other.timeline {
            let mine =
                timeline_slot(&mut self.timeline, totals.date, |date| DateTotals { date, documents: 0, windows: 0 });
            mine.documents += totals.documents;
            mine.windows += totals.windows;
        }
        let mut map: Vec<NodeIndex> = Vec::with_capacity(other.graph.node_count());
        for node in other.graph.node_weights() {
            let index = match self.by_id.get(&node.id) {
                Some(&index) => index,
                None => {
                    let fresh = Node {
                        mentions: 0,
                        documents: 0,
                        windows: 0,
                        first_seen: None,
                        last_seen: None,
                        timeline: Vec::new(),
                        ..node.clone()
                    };
                    self.insert_node(fresh)
                }
            };
            self.settle_name(index, &node.name);
            let mine = &mut self.graph[index];
            mine.mentions += node.mentions;
            mine.documents += node.documents;
            mine.windows += node.windows;
            mine.first_seen = min_date(mine.first_seen, node.first_seen);
            mine.last_seen = mine.last_seen.max(node.last_seen);
            for counts in &node.timeline {
                let slot = timeline_slot(&mut mine.timeline, counts.date, |date| NodeCounts {
                    date,
                    mentions: 0,
                    documents: 0,
                    windows: 0,
                });
                slot.mentions += counts.mentions;
                slot.documents += counts.documents;
                slot.windows += counts.windows;
            }
            map.push(index);
        }
        let max_evidence = self.manifest.max_evidence;
        for e in other.graph.edge_references() {
            let key = self.edge_key(map[e.source().index()], map[e.target().index()]);
            let theirs = e.weight();
            let edge = self.edge_for(key);
            edge.weight += theirs.weight;
            edge.documents += theirs.documents;
            edge.first_seen = min_date(edge.first_seen, theirs.first_seen);
            edge.last_seen = edge.last_seen.max(theirs.last_seen);
            for counts in &theirs.timeline {
                let slot =
                    timeline_slot(&mut edge.timeline, counts.date, |date| EdgeCounts { date, weight: 0, documents: 0 });
                slot.weight += counts.weight;
                slot.documents += counts.documents;
            }
            add_evidence(&mut edge.evidence, theirs.evidence.iter().cloned(), max_evidence);
        }
    }

    fn insert_node(&mut self, node: Node) -> NodeIndex {
        let id = node.id.clone();
        let folded = fold(&node.name);
        let index = self.graph.add_node(node);
        self.by_id.insert(id, index);
        self.by_name.entry(folded).or_insert(index);
        index
    }

    fn node_for(&mut self, entity: &Entity) -> NodeIndex {
        if let Some(&index) = self.by_id.get(&entity.id) {
            self.settle_name(index, &entity.name);
            return index;
        }
        self.insert_node(Node {
            id: entity.id.clone(),
            name: entity.name.clone(),
            kind: entity.kind,
            country: entity.country.clone(),
            discovered: entity.is_discovered(),
            mentions: 0,
            documents: 0,
            windows: 0,
            first_seen: None,
            last_seen: None,
            timeline: Vec::new(),
        })
    }

    /// Discovered entities are named by the text that revealed them, so one id can arrive with several spellings
    /// (`Inter- Governmental Authority…`, `Inter-governmental Authority…`). Keeping the smallest spelling, rather
    /// than the first seen, makes the name independent of the order documents and batches are added or merged.
    fn settle_name(&mut self, index: NodeIndex, name: &str) {
        if self.graph[index].discovered && name < self.graph[index].name.as_str() {
            self.graph[index].name = name.to_string();
            self.by_name.entry(fold(name)).or_insert(index);
        }
    }

    /// Edge key with the smaller entity id first, so that the edge's direction (and every export) does not depend
    /// on which entity the input named first.
    fn edge_key(&self, a: NodeIndex, b: NodeIndex) -> (u32, u32) {
        if self.graph[a].id <= self.graph[b].id {
            (a.index() as u32, b.index() as u32)
        } else {
            (b.index() as u32, a.index() as u32)
        }
    }

    fn edge_for(&mut self, key: (u32, u32)) -> &mut Edge {
        let index = match self.edges.get(&key) {
            Some(&index) => index,
            None => {
                let index =
                    self.graph.add_edge(NodeIndex::new(key.0 as usize), NodeIndex::new(key.1 as usize), Edge::empty());
                self.edges.insert(key, index);
                index
            }
        };
        &mut self.graph[index]
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The node with this id.
    ///
    /// # Panics
    ///
    /// Panics when `id` is not a node of this graph.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.graph[id.index()]
    }

    /// Every node id, in insertion order.
    pub fn node_ids(&self) -> impl ExactSizeIterator<Item = NodeId> + '_ {
        self.graph.node_indices().map(|i| NodeId(i.index() as u32))
    }

    /// Every node, in insertion order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> + '_ {
        self.graph.node_weights()
    }

    /// Every edge with its ends, in insertion order.
    pub fn edges(&self) -> impl Iterator<Item = EdgeRef<'_>> + '_ {
        self.graph.edge_references().map(|e| {
            let (a, b) = (&self.graph[e.source()], &self.graph[e.target()]);
            let (source, target) = if a.id <= b.id { (a, b) } else { (b, a) };
            EdgeRef { source, target, edge: e.weight() }
        })
    }

    /// Every edge as `(source, target, edge)` node ids, `source` having the smaller entity id, in insertion order.
    pub fn edge_ids(&self) -> impl Iterator<Item = (NodeId, NodeId, &Edge)> + '_ {
        self.graph.edge_references().map(|e| {
            let (a, b) = (NodeId(e.source().index() as u32), NodeId(e.target().index() as u32));
            if self.graph[e.source()].id <= self.graph[e.target()].id { (a, b, e.weight()) } else { (b, a, e.weight()) }
        })
    }

    /// Nodes sorted by entity id and edges sorted by their ends' ids: the canonical order exports use, so that the
    /// same documents give byte-identical output however they were batched or threaded.
    pub fn sorted(&self) -> (Vec<&Node>, Vec<EdgeRef<'_>>) {
        let mut nodes: Vec<&Node> = self.nodes().collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut edges: Vec<EdgeRef<'_>> = self.edges().collect();
        edges.sort_by(|a, b| (&a.source.id, &a.target.id).cmp(&(&b.source.id, &b.target.id)));
        (nodes, edges)
    }

    /// Node ids sorted by entity id: the canonical order, independent of insertion order.
    ///
    /// # Complexity
    ///
    /// O(V log V).
    pub fn sorted_node_ids(&self) -> Vec<NodeId> {
        let mut ids: Vec<NodeId> = self.node_ids().collect();
        ids.sort_by(|a, b| self.node(*a).id.cmp(&self.node(*b).id));
        ids
    }

    /// Finds a node by entity id, else by canonical name (folded: case and diacritics do not matter).
    ///
    /// To find a node by any gazetteer alias, use [`find_with`](Self::find_with).
    pub fn find(&self, query: &str) -> Option<NodeId> {
        let query = query.trim();
        self.by_id.get(query).or_else(|| self.by_name.get(&fold(query))).map(|i| NodeId(i.index() as u32))
    }

    /// Finds a node by entity id, canonical name, or any alias the gazetteer knows (`Vucic`, `USSR`, `Xi`).
    pub fn find_with(&self, query: &str, gazetteer: &crate::Gazetteer) -> Option<NodeId> {
        self.find(query).or_else(|| {
            gazetteer
                .lookup(query)
                .into_iter()
                .find_map(|id| self.by_id.get(&gazetteer.entity(id).id).map(|i| NodeId(i.index() as u32)))
        })
    }

    /// The edge between two nodes, if they co-occur.
    ///
    /// # Panics
    ///
    /// Panics when `a` or `b` is not a node of this graph.
    ///
    /// # Complexity
    ///
    /// O(1) expected.
    pub fn edge(&self, a: NodeId, b: NodeId) -> Option<&Edge> {
        let key = self.edge_key(a.index(), b.index());
        self.edges.get(&key).map(|&e| &self.graph[e])
    }

    /// The neighbours of a node, heaviest edge first (ties by name).
    ///
    /// # Complexity
    ///
    /// O(d log d) for a node of degree d.
    pub fn neighbors(&self, id: NodeId) -> Vec<Neighbor<'_>> {
        let mut out: Vec<Neighbor<'_>> = self
            .graph
            .edges(id.index())
            .map(|e| {
                let other = if e.source() == id.index() { e.target() } else { e.source() };
                Neighbor { id: NodeId(other.index() as u32), node: &self.graph[other], edge: e.weight() }
            })
            .collect();
        out.sort_by(|a, b| {
            b.edge
                .weight
                .cmp(&a.edge.weight)
                .then_with(|| a.node.name.cmp(&b.node.name))
                .then_with(|| a.node.id.cmp(&b.node.id))
        });
        out
    }

    /// The `k` heaviest edges, heaviest first (ties by the ends' ids).
    ///
    /// # Complexity
    ///
    /// O(E log E).
    pub fn strongest_edges(&self, k: usize) -> Vec<EdgeRef<'_>> {
        let mut edges: Vec<EdgeRef<'_>> = self.edges().collect();
        edges.sort_by(|a, b| {
            b.edge
                .weight
                .cmp(&a.edge.weight)
                .then_with(|| (&a.source.id, &a.target.id).cmp(&(&b.source.id, &b.target.id)))
        });
        edges.truncate(k);
        edges
    }

    /// A shortest path (fewest edges) from `from` to `to`, both included; `None` when they are not connected.
    /// Among paths of equal length, neighbours are explored heaviest edge first. For the path of strongest links
    /// instead, see [`analysis::strongest_path`](crate::analysis::strongest_path).
    ///
    /// # Complexity
    ///
    /// O(V + E log d) breadth-first search.
    pub fn shortest_path(&self, from: NodeId, to: NodeId) -> Option<Vec<NodeId>> {
        let mut previous: HashMap<NodeId, NodeId> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        previous.insert(from, from);
        while let Some(node) = queue.pop_front() {
            if node == to {
                let mut path = vec![to];
                let mut at = to;
                while at != from {
                    at = previous[&at];
                    path.push(at);
                }
                path.reverse();
                return Some(path);
            }
            for n in self.neighbors(node) {
                if let std::collections::hash_map::Entry::Vacant(slot) = previous.entry(n.id) {
                    slot.insert(node);
                    queue.push_back(n.id);
                }
            }
        }
        None
    }

    /// Connected components, largest first; each sorted by entity id.
    ///
    /// # Complexity
    ///
    /// O(V + E) plus sorting.
    pub fn components(&self) -> Vec<Vec<NodeId>> {
        let mut seen = vec![false; self.graph.node_count()];
        let mut components = Vec::new();
        for start in self.graph.node_indices() {
            if seen[start.index()] {
                continue;
            }
            let mut component = Vec::new();
            let mut stack = vec![start];
            seen[start.index()] = true;
            while let Some(n) = stack.pop() {
                component.push(NodeId(n.index() as u32));
                for m in self.graph.neighbors(n) {
                    if !seen[m.index()] {
                        seen[m.index()] = true;
                        stack.push(m);
                    }
                }
            }
            component.sort_by(|a, b| self.node(*a).id.cmp(&self.node(*b).id));
            components.push(component);
        }
        components.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| self.node(a[0]).id.cmp(&self.node(b[0]).id)));
        components
    }

    /// The ego network of a node: it, the nodes within `depth` edges, and every edge among them.
    ///
    /// # Panics
    ///
    /// Panics when `id` is not a node of this graph.
    ///
    /// # Complexity
    ///
    /// O(V + E) for the search plus the size of the subgraph.
    pub fn ego(&self, id: NodeId, depth: usize) -> EntityGraph {
        let mut distance: HashMap<NodeId, usize> = HashMap::from_iter([(id, 0)]);
        let mut queue = VecDeque::from([id]);
        while let Some(n) = queue.pop_front() {
            let d = distance[&n];
            if d == depth {
                continue;
            }
            for m in self.graph.neighbors(n.index()) {
                let m = NodeId(m.index() as u32);
                if let std::collections::hash_map::Entry::Vacant(slot) = distance.entry(m) {
                    slot.insert(d + 1);
                    queue.push_back(m);
                }
            }
        }
        let mut keep: Vec<NodeId> = distance.into_keys().collect();
        keep.sort();
        let mut ego = self.subgraph(&keep);
        ego.manifest.derived.pop();
        ego.manifest.derived.push(format!("ego {} depth {depth}", self.node(id).id));
        ego
    }

    /// The subgraph induced by `nodes`: those nodes (in the order given, duplicates ignored) and every edge between
    /// two of them. Counts and the manifest's totals are kept, so association scores stay those of the whole graph.
    ///
    /// # Panics
    ///
    /// Panics when one of `nodes` is not a node of this graph.
    ///
    /// # Complexity
    ///
    /// O(n + E) expected.
    pub fn subgraph(&self, nodes: &[NodeId]) -> EntityGraph {
        let mut sub = self.empty_like();
        let mut map: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        for &n in nodes {
            if let std::collections::hash_map::Entry::Vacant(slot) = map.entry(n.index()) {
                slot.insert(sub.insert_node(self.graph[n.index()].clone()));
            }
        }
        for e in self.graph.edge_references() {
            if let (Some(&a), Some(&b)) = (map.get(&e.source()), map.get(&e.target())) {
                let key = sub.edge_key(a, b);
                let index = sub.graph.add_edge(a, b, e.weight().clone());
                sub.edges.insert(key, index);
            }
        }
        sub.manifest.derived.push(format!("subgraph of {} entities", map.len()));
        sub
    }

    /// A graph with this graph's manifest and totals but no nodes, for derived graphs. It keeps no duplicate filter:
    /// derived graphs are views to analyse or export, not to add documents to.
    fn empty_like(&self) -> EntityGraph {
        let mut graph = EntityGraph::new(self.manifest.window);
        graph.manifest = self.manifest.clone();
        graph.timeline = self.timeline.clone();
        graph.next_doc_index = self.next_doc_index;
        graph
    }

    /// A graph of the nodes and edges for which `node` and `edge` return a (possibly changed) copy, in this graph's
    /// order; an edge whose end was dropped is dropped. `note` is recorded in the manifest's `derived` list.
    pub(crate) fn derive(
        &self,
        note: String,
        mut node: impl FnMut(NodeId, &Node) -> Option<Node>,
        mut edge: impl FnMut(NodeId, NodeId, &Edge) -> Option<Edge>,
    ) -> EntityGraph {
        let mut out = self.empty_like();
        let mut map: Vec<Option<NodeIndex>> = vec![None; self.graph.node_count()];
        for index in self.graph.node_indices() {
            if let Some(kept) = node(NodeId(index.index() as u32), &self.graph[index]) {
                map[index.index()] = Some(out.insert_node(kept));
            }
        }
        for e in self.graph.edge_references() {
            let (Some(a), Some(b)) = (map[e.source().index()], map[e.target().index()]) else { continue };
            let (s, t) = (NodeId(e.source().index() as u32), NodeId(e.target().index() as u32));
            if let Some(kept) = edge(s, t, e.weight()) {
                let key = out.edge_key(a, b);
                let index = out.graph.add_edge(a, b, kept);
                out.edges.insert(key, index);
            }
        }
        out.manifest.derived.push(note);
        out
    }

    /// The graph restricted to the nodes that pass `keep_node` and the edges between them that pass `keep_edge`,
    /// renumbered in canonical order: node ids follow entity ids and edges their ends' ids, so that node ids (and
    /// lookups by a name two entities share) do not depend on the order documents or merged graphs came in.
    /// `into_filtered(|_| true, |_| true)` only renumbers.
    ///
    /// Consumes the graph, moving nodes, edges, evidence and the duplicate filter rather than copying them. The
    /// manifest is kept as it is; record what was filtered in its `derived` list if it matters
    /// ([`analysis::filter`](crate::analysis::filter) does).
    ///
    /// # Complexity
    ///
    /// O(V log V + E log E).
    pub fn into_filtered(
        self,
        mut keep_node: impl FnMut(&Node) -> bool,
        mut keep_edge: impl FnMut(EdgeRef<'_>) -> bool,
    ) -> EntityGraph {
        let EntityGraph { graph, manifest, timeline, seen, next_doc_index, by_id, by_name, edges, .. } = self;
        // The old indexes go now rather than at the end: the rebuilt graph's take their place.
        drop((by_id, by_name, edges));
        let mut out = EntityGraph::new(manifest.window);
        out.manifest = manifest;
        out.timeline = timeline;
        out.seen = seen;
        out.next_doc_index = next_doc_index;
        let (nodes, mut edges) = graph.into_nodes_edges();
        // Exact capacities: this graph is what stays in memory for the export, with no room to grow.
        out.graph = UnGraph::with_capacity(nodes.len(), edges.len());
        out.edges.reserve(edges.len());
        let mut nodes: Vec<Option<Node>> = nodes.into_iter().map(|n| Some(n.weight)).collect();
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        order.sort_by(|&a, &b| nodes[a].as_ref().map(|n| &n.id).cmp(&nodes[b].as_ref().map(|n| &n.id)));
        let mut moved: Vec<Option<NodeIndex>> = vec![None; nodes.len()];
        for old in order {
            if let Some(node) = nodes[old].take()
                && keep_node(&node)
            {
                moved[old] = Some(out.insert_node(node));
            }
        }
        // Edges are sorted as positions and moved out one at a time, so that no third copy of them exists meanwhile.
        // The nodes went in in id order, so the new indexes are in id order too: comparing them orders the edges by
        // their ends' ids without comparing a string (which made this sort most of the rebuild). One edge per pair,
        // so an unstable sort gives the one order.
        let mut kept: Vec<(NodeIndex, NodeIndex, usize)> = Vec::with_capacity(edges.len());
        kept.extend(edges.iter().enumerate().filter_map(|(at, e)| {
            let (a, b) = (moved[e.source().index()]?, moved[e.target().index()]?);
            Some((a.min(b), a.max(b), at))
        }));
        kept.sort_unstable_by_key(|&(a, b, _)| (a, b));
        for (a, b, at) in kept {
            let edge = std::mem::replace(&mut edges[at].weight, Edge::empty());
            if keep_edge(EdgeRef { source: &out.graph[a], target: &out.graph[b], edge: &edge }) {
                let index = out.graph.add_edge(a, b, edge);
                out.edges.insert((a.index() as u32, b.index() as u32), index);
            }
        }
        out
    }

    /// The graph of the dated documents in `range` only: exactly the graph that adding only those documents would
    /// have built, except that evidence is the part of this graph's evidence that falls in the range (so an edge may
    /// keep fewer items than the limit although more co-occurrences exist).
    ///
    /// A document is in the range when its date's whole period is (see [`DateRange`]); undated documents are in no
    /// range. Nodes and edges with no occurrence in the range are dropped, and the manifest's document and window
    /// totals are those of the range, so association scores on the slice are the slice's own.
    ///
    /// # Examples
    ///
    /// ```
    /// use newsgraph::{DateRange, EntityGraph, Extractor};
    ///
    /// let extractor = Extractor::default();
    /// let mut graph = EntityGraph::for_extractor(&extractor);
    /// for (id, date, text) in [
    ///     ("a", "2025-04-30", "Vladimir Putin called Donald Trump."),
    ///     ("b", "2025-05-08", "Xi Jinping met Vladimir Putin in Moscow."),
    ///     ("c", "2025-05-09", "Xi Jinping and Vladimir Putin watched the parade."),
    /// ] {
    ///     graph.add_extraction(id, Some(date.parse().unwrap()), text, &extractor.extract(text));
    /// }
    /// let may = graph.slice("2025-05".parse::<DateRange>().unwrap());
    /// assert_eq!(may.manifest().documents, 2);
    /// assert!(may.find("Donald Trump").is_none());
    /// let (xi, putin) = (may.find("Xi Jinping").unwrap(), may.find("Vladimir Putin").unwrap());
    /// assert_eq!(may.edge(xi, putin).unwrap().weight, 2);
    /// assert_eq!(may.edge(xi, putin).unwrap().first_seen.unwrap().to_string(), "2025-05-08");
    /// ```
    ///
    /// # Complexity
    ///
    /// O(V + E + T) for T dates in all timelines.
    pub fn slice(&self, range: DateRange) -> EntityGraph {
        let mut out = self.derive(
            format!("dates {range}"),
            |_, node| {
                let timeline: Vec<NodeCounts> =
                    node.timeline.iter().filter(|c| range.contains(c.date)).copied().collect();
                if timeline.is_empty() {
                    return None;
                }
                Some(Node {
                    mentions: timeline.iter().map(|c| c.mentions).sum(),
                    documents: timeline.iter().map(|c| c.documents).sum(),
                    windows: timeline.iter().map(|c| c.windows).sum(),
                    first_seen: timeline.first().map(|c| c.date),
                    last_seen: timeline.last().map(|c| c.date),
                    timeline,
                    ..node.clone()
                })
            },
            |_, _, edge| {
                let timeline: Vec<EdgeCounts> =
                    edge.timeline.iter().filter(|c| range.contains(c.date)).copied().collect();
                if timeline.is_empty() {
                    return None;
                }
                Some(Edge {
                    weight: timeline.iter().map(|c| c.weight).sum(),
                    documents: timeline.iter().map(|c| c.documents).sum(),
                    first_seen: timeline.first().map(|c| c.date),
                    last_seen: timeline.last().map(|c| c.date),
                    evidence: edge
                        .evidence
                        .iter()
                        .filter(|e| e.date.is_some_and(|d| range.contains(d)))
                        .cloned()
                        .collect(),
                    timeline,
                })
            },
        );
        out.timeline.retain(|t| range.contains(t.date));
        out.manifest.documents = out.timeline.iter().map(|t| t.documents).sum();
        out.manifest.windows = out.timeline.iter().map(|t| t.windows).sum();
        out.manifest.duplicate_documents = 0;
        out
    }

    /// The underlying petgraph graph, for algorithms this crate does not wrap.
    ///
    /// petgraph is not 1.0 yet; code using this accessor may need changes when newsgraph upgrades it.
    pub fn as_petgraph(&self) -> &UnGraph<Node, Edge> {
        &self.graph
    }
}

/// A document being added to a graph.
#[derive(Clone, Copy, Debug)]
pub struct DocumentRef<'a> {
    /// Document id, for evidence.
    pub id: &'a str,
    /// Position of the document in the whole input (0-based); orders evidence across merged graphs.
    pub index: u64,
    /// Document date, when known.
    pub date: Option<Date>,
    /// The text the extraction came from, for evidence snippets and deduplication.
    pub text: &'a str,
}

/// How a graph counts a document: its window and limits (see [`EntityGraph::count_options`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct CountOptions {
    window: Window,
    max_evidence: usize,
    max_window_entities: usize,
}

/// One document's contribution to a graph, computed from its extraction alone: its windows, the counts of each
/// entity it mentions and the pairs that share a window, with their first evidence spans.
///
/// Counting is most of the work of adding a document and needs no graph, so the pipeline's workers count their
/// documents in parallel and one graph adds the counts in input order ([`EntityGraph::insert_counted`]): the
/// graph then exists once, however many threads run, and is built in exactly the order one thread builds it.
#[derive(Debug, Default)]
pub(crate) struct DocumentCounts {
    windows: u64,
    crowded_windows: u64,
    /// Distinct entities in order of first mention.
    entities: Vec<EntityCount>,
    /// Distinct entity ids: entities sharing an id (a discovered entity named like a gazetteer one) share a node.
    nodes: usize,
    /// Pairs in order of first co-occurrence.
    pairs: Vec<PairCount>,
    /// The evidence spans of all pairs, each with the index of the pair's next one (`u32::MAX` for none): one list
    /// for the document rather than a small one allocated per pair.
    spans: Vec<(Span, u32)>,
}

#[derive(Debug)]
struct EntityCount {
    entity: EntityId,
    /// The entity's node among the document's distinct ids.
    node: u32,
    mentions: u64,
    windows: u64,
}

#[derive(Debug)]
struct PairCount {
    /// The two nodes, the one with the smaller entity id first (see `EntityGraph::edge_key`).
    key: (u32, u32),
    weight: u64,
    /// The first windows the pair shares, at most the evidence limit, in text order: how many, and where the
    /// first and the last are in [`DocumentCounts::spans`].
    evidence: u32,
    first_span: u32,
    last_span: u32,
}

/// No span: the end of a pair's list in [`DocumentCounts::spans`].
const NO_SPAN: u32 = u32::MAX;

impl DocumentCounts {
    /// The evidence spans of `pair`, in text order, into `out` (cleared first).
    fn spans_of(&self, pair: &PairCount, out: &mut Vec<Span>) {
        out.clear();
        let mut at = pair.first_span;
        while let Some(&(span, next)) = self.spans.get(at as usize) {
            out.push(span);
            at = next;
        }
    }

    /// Counts `extraction` as a graph with `options` would; `buffer` is reused between documents.
    pub(crate) fn count(extraction: &Extraction, options: CountOptions, buffer: &mut Vec<EntityId>) -> DocumentCounts {
        let mut entities: Vec<EntityCount> = Vec::new();
        let mut slot_of: HashMap<EntityId, usize> = HashMap::new();
        let mut node_of: HashMap<&str, u32> = HashMap::new();
        for m in extraction.mentions() {
            match slot_of.get(&m.entity) {
                Some(&slot) => entities[slot].mentions += 1,
                None => {
                    let fresh = node_of.len() as u32;
                    let node = *node_of.entry(extraction.entity(m.entity).id.as_str()).or_insert(fresh);
                    slot_of.insert(m.entity, entities.len());
                    entities.push(EntityCount { entity: m.entity, node, mentions: 1, windows: 0 });
                }
            }
        }
        let CountOptions { window, max_evidence, max_window_entities } = options;
        let mut crowded_windows = 0;
        let mut kept: Vec<EntityId> = Vec::new();
        let mut pair_slot: HashMap<(u32, u32), usize> = HashMap::new();
        let mut pairs: Vec<PairCount> = Vec::new();
        let mut spans: Vec<(Span, u32)> = Vec::new();
        for_each_window(extraction, window, buffer, |span, in_window| {
            for e in in_window {
                if let Some(&slot) = slot_of.get(e) {
                    entities[slot].windows += 1;
                }
            }
            let in_window = if in_window.len() > max_window_entities {
                crowded_windows += 1;
                first_mentioned(extraction, span, max_window_entities, &mut kept);
                kept.as_slice()
            } else {
                in_window
            };
            for (i, a) in in_window.iter().enumerate() {
                for b in &in_window[i + 1..] {
                    let (Some(&a), Some(&b)) = (slot_of.get(a), slot_of.get(b)) else { continue };
                    let (a, b) = (&entities[a], &entities[b]);
                    let key = if extraction.entity(a.entity).id <= extraction.entity(b.entity).id {
                        (a.node, b.node)
                    } else {
                        (b.node, a.node)
                    };
                    let slot = *pair_slot.entry(key).or_insert_with(|| {
                        pairs.push(PairCount { key, weight: 0, evidence: 0, first_span: NO_SPAN, last_span: NO_SPAN });
                        pairs.len() - 1
                    });
                    let pair = &mut pairs[slot];
                    pair.weight += 1;
                    if (pair.evidence as usize) < max_evidence {
                        let at = u32::try_from(spans.len()).unwrap_or(NO_SPAN);
                        match spans.get_mut(pair.last_span as usize) {
                            Some(last) => last.1 = at,
                            None => pair.first_span = at,
                        }
                        if at != NO_SPAN {
                            spans.push((span, NO_SPAN));
                            pair.last_span = at;
                            pair.evidence += 1;
                        }
                    }
                }
            }
        });
        DocumentCounts {
            windows: window_count(extraction, window),
            crowded_windows,
            entities,
            nodes: node_of.len(),
            pairs,
            spans,
        }
    }
}

fn min_date(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Something counted per date in a timeline sorted by date.
trait Dated {
    fn date(&self) -> Date;
}

impl Dated for NodeCounts {
    fn date(&self) -> Date {
        self.date
    }
}

impl Dated for EdgeCounts {
    fn date(&self) -> Date {
        self.date
    }
}

impl Dated for DateTotals {
    fn date(&self) -> Date {
        self.date
    }
}

/// The entry of `date` in a date-sorted timeline, inserted (zeroed by `make`) when missing.
fn timeline_slot<T: Dated>(timeline: &mut Vec<T>, date: Date, make: impl FnOnce(Date) -> T) -> &mut T {
    // Documents usually arrive in date order, so the last entry is checked before searching.
    let at = match timeline.last() {
        Some(last) if last.date() == date => timeline.len() - 1,
        Some(last) if last.date() < date => {
            timeline.push(make(date));
            timeline.len() - 1
        }
        None => {
            timeline.push(make(date));
            0
        }
        Some(_) => match timeline.binary_search_by(|t| t.date().cmp(&date)) {
            Ok(at) => at,
            Err(at) => {
                timeline.insert(at, make(date));
                at
            }
        },
    };
    &mut timeline[at]
}

/// Adds evidence items, keeping the first `limit` by (document index, span) without duplicates.
fn add_evidence(evidence: &mut Vec<Evidence>, new: impl IntoIterator<Item = Evidence>, limit: usize) {
    let key = |e: &Evidence| (e.doc_index, e.span.start, e.span.end);
    let new = new.into_iter();
    // Lists are short and there are as many as edges: exact capacities rather than doubling.
    evidence.reserve_exact(new.size_hint().0);
    // Documents are usually added in index order, so new items usually go at the end and no sort is needed.
    let mut in_order = true;
    for item in new {
        in_order &= evidence.last().is_none_or(|last| key(last) < key(&item));
        evidence.push(item);
    }
    if !in_order || evidence.len() > limit {
        evidence.sort_by_key(key);
        evidence.dedup_by_key(|e| key(e));
        evidence.truncate(limit);
        evidence.shrink_to_fit();
    }
}

/// Adds the windows `spans` of `doc` as evidence, keeping the first `limit` items by (document index, span).
///
/// Evidence is kept sorted: a full list whose last item comes from an earlier document cannot take any item of
/// this one, and a list that can take some takes the first ones, so only snippets that are kept are made (heavy
/// edges in big corpora would otherwise make and drop one per document).
fn add_spans(
    evidence: &mut Vec<Evidence>,
    doc: &DocumentRef<'_>,
    doc_id: &mut Option<Arc<str>>,
    spans: &[Span],
    limit: usize,
) {
    let item = |span: &Span| Evidence {
        doc: Arc::clone(doc_id.get_or_insert_with(|| Arc::from(doc.id))),
        doc_index: doc.index,
        date: doc.date,
        span: *span,
        text: snippet(doc.text, *span),
    };
    let Some(first) = spans.first() else { return };
    let key = (doc.index, first.start, first.end);
    let after = evidence.last().is_none_or(|last| (last.doc_index, last.span.start, last.span.end) < key);
    let increasing = spans.windows(2).all(|w| (w[0].start, w[0].end) < (w[1].start, w[1].end));
    if after && increasing {
        let room = limit.saturating_sub(evidence.len()).min(spans.len());
        evidence.reserve_exact(room);
        evidence.extend(spans[..room].iter().map(item));
    } else if !(evidence.len() >= limit && evidence.last().is_some_and(|last| last.doc_index < doc.index)) {
        add_evidence(evidence, spans.iter().map(item), limit);
    }
}

/// Number of windows of a document, mentions or not.
/// The first `limit` distinct entities mentioned in the window `span`, in text order, then sorted like the entities
/// [`for_each_window`] hands out. Only called for windows over the limit, so its cost (linear in the window's
/// mentions) replaces the quadratic pair loop it avoids.
fn first_mentioned(extraction: &Extraction, span: Span, limit: usize, out: &mut Vec<EntityId>) {
    out.clear();
    let mentions = extraction.mentions();
    let from = mentions.partition_point(|m| m.span.start < span.start);
    let mut seen = HashSet::new();
    for m in mentions[from..].iter().take_while(|m| m.span.start < span.end) {
        if out.len() == limit {
            break;
        }
        if seen.insert(m.entity) {
            out.push(m.entity);
        }
    }
    out.sort_unstable();
}

fn window_count(extraction: &Extraction, window: Window) -> u64 {
    let sentences = extraction.sentences();
    match window {
        Window::Sentence => sentences.len() as u64,
        Window::Sentences(n) => sentences.len().div_ceil(n.max(1)) as u64,
        Window::Paragraph => sentences.last().map_or(0, |s| s.paragraph as u64 + 1),
        Window::Document => 1,
    }
}

fn snippet(text: &str, span: Span) -> String {
    let Some(window) = text.get(span.range()) else { return String::new() };
    if window.len() <= SNIPPET_BYTES {
        return window.to_string();
    }
    let mut cut = SNIPPET_BYTES;
    while !window.is_char_boundary(cut) {
        cut -= 1;
    }
    // Sized exactly: `format!` would double the buffer for the ellipsis, and snippets are most of a graph's memory.
    let mut out = String::with_capacity(cut + '…'.len_utf8());
    out.push_str(&window[..cut]);
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Extractor;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn graphs_can_be_built_in_threads_and_sent_to_be_merged() {
        fn check<T: Send + Sync + Clone>() {}
        check::<EntityGraph>();
        check::<DuplicateFilter>();
        check::<DateRange>();
    }

    #[test]
    fn date_ranges_contain_whole_periods() {
        struct Case {
            range: &'static str,
            date: &'static str,
            inside: bool,
        }
        const CASES: &[Case] = &[
            Case { range: "2025-05", date: "2025-05-08", inside: true },
            Case { range: "2025-05", date: "2025-05", inside: true },
            Case { range: "2025-05", date: "2025", inside: false },
            Case { range: "2025-05", date: "2025-06-01", inside: false },
            Case { range: "2025-05-01..2025-05-31", date: "2025-05", inside: true },
            Case { range: "2025-05-02..2025-05-31", date: "2025-05", inside: false },
            Case { range: "..2024", date: "2024-12-31", inside: true },
            Case { range: "..2024", date: "2025-01-01", inside: false },
            Case { range: "2025..", date: "2025", inside: true },
            Case { range: "2025..", date: "2024-12", inside: false },
            Case { range: "..", date: "1999", inside: true },
        ];
        for case in CASES {
            let range: DateRange = case.range.parse().unwrap();
            assert_eq!(range.contains(date(case.date)), case.inside, "{} in {}", case.date, case.range);
            assert_eq!(range.to_string().parse::<DateRange>().unwrap(), range, "round trip of {}", case.range);
        }
        assert!("2025-06..2025-05".parse::<DateRange>().is_err());
        assert!("2025-13".parse::<DateRange>().is_err());
        assert!("".parse::<DateRange>().is_err());
    }

    #[test]
    fn exact_duplicate_documents_count_once_unless_disabled() {
        let extractor = Extractor::default();
        let text = "Vladimir Putin met Xi Jinping in Moscow.";
        let extraction = extractor.extract(text);
        let mut graph = EntityGraph::for_extractor(&extractor);
        graph.add_extraction("a", None, text, &extraction);
        graph.add_extraction("b", None, text, &extraction);
        let (putin, xi) = (graph.find("vladimir-putin").unwrap(), graph.find("xi-jinping").unwrap());
        assert_eq!(graph.edge(putin, xi).unwrap().weight, 1);
        assert_eq!((graph.manifest().documents, graph.manifest().duplicate_documents), (1, 1));

        let mut counted = EntityGraph::for_extractor(&extractor);
        counted.set_deduplicate(false);
        counted.add_extraction("a", None, text, &extraction);
        counted.add_extraction("b", None, text, &extraction);
        assert_eq!(counted.edge(putin, xi).unwrap().weight, 2);
        assert_eq!(counted.manifest().documents, 2);
    }

    #[test]
    fn evidence_keeps_the_first_items_in_document_order() {
        let item = |doc_index: u64, start: usize| Evidence {
            doc: format!("d{doc_index}").into(),
            doc_index,
            date: None,
            span: Span::new(start, start + 1),
            text: String::new(),
        };
        let mut kept = vec![item(3, 0), item(5, 0)];
        add_evidence(&mut kept, [item(1, 4), item(5, 0), item(9, 0)], 3);
        let keys: Vec<(u64, usize)> = kept.iter().map(|e| (e.doc_index, e.span.start)).collect();
        assert_eq!(keys, [(1, 4), (3, 0), (5, 0)]);
    }

    #[test]
    fn timelines_stay_sorted() {
        let mut timeline: Vec<DateTotals> = Vec::new();
        for d in ["2025-05-02", "2025-05-01", "2025-05-03", "2025-05-02", "2025"] {
            timeline_slot(&mut timeline, date(d), |date| DateTotals { date, documents: 0, windows: 0 }).documents += 1;
        }
        let dates: Vec<String> = timeline.iter().map(|t| format!("{}={}", t.date, t.documents)).collect();
        assert_eq!(dates, ["2025=1", "2025-05-01=1", "2025-05-02=2", "2025-05-03=1"]);
    }

    #[test]
    fn into_filtered_renumbers_in_entity_id_order() {
        let extractor = Extractor::default();
        let text = "Xi Jinping met Vladimir Putin. Donald Trump called Putin. Robert Fico stayed home.";
        let mut graph = EntityGraph::for_extractor(&extractor);
        graph.add_extraction("a", None, text, &extractor.extract(text));
        let ids: Vec<String> = graph.nodes().map(|n| n.id.clone()).collect();
        assert_eq!(ids[0], "xi-jinping", "insertion order follows the text");
        let before = crate::Json::new(&graph).to_string();
        let canonical = graph.clone().into_filtered(|_| true, |_| true);
        let ids: Vec<&str> = canonical.nodes().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["donald-trump", "robert-fico", "vladimir-putin", "xi-jinping"]);
        assert_eq!(crate::Json::new(&canonical).to_string(), before, "only the numbering changes");
        let (putin, xi) = (canonical.find("vladimir-putin").unwrap(), canonical.find("xi-jinping").unwrap());
        assert_eq!(canonical.edge(putin, xi).unwrap().weight, 1);
        let leaders_linked = graph.into_filtered(|n| n.id != "robert-fico", |e| e.target.id == "xi-jinping");
        assert_eq!((leaders_linked.node_count(), leaders_linked.edge_count()), (3, 1));
    }

    #[test]
    fn an_empty_graph_is_the_identity_of_merge() {
        let extractor = Extractor::default();
        let text = "Vladimir Putin met Xi Jinping in Moscow.";
        let mut built = EntityGraph::for_extractor(&extractor);
        built.set_window(Window::Paragraph);
        built.add_extraction("a", None, text, &extractor.extract(text));
        let mut merged = EntityGraph::new(Window::Sentence);
        merged.merge(&built);
        assert_eq!(merged.manifest(), built.manifest());
        merged.merge(&EntityGraph::new(Window::Sentence));
        assert_eq!(merged.manifest(), built.manifest());
    }
}
