//! The entity graph: entities as nodes, co-occurrences as weighted edges with evidence, and queries over them.

use crate::cooccur::{Window, for_each_window};
use crate::date::Date;
use crate::entity::{Entity, EntityKind};
use crate::extract::Extraction;
use crate::span::{EntityId, Span};
use crate::text::normalize::fold;
use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef as _;
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};

/// Index of a node in an [`EntityGraph`]. Stable for the graph's life: nodes are never removed.
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
}

/// Why two entities are linked: one window in which both appear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Evidence {
    /// Document id.
    pub doc: String,
    /// Position of the document in the input (0-based), for ordering evidence across merged graphs.
    pub doc_index: u64,
    /// Document date, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
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
    /// The first co-occurrences (in input order), at most the graph's evidence limit.
    pub evidence: Vec<Evidence>,
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
    /// Documents added.
    pub documents: u64,
    /// Co-occurrence windows in all documents added, with or without mentions: the total for association scores.
    pub windows: u64,
    /// Present when some windows named more distinct entities than the graph links per window (see
    /// [`EntityGraph::set_max_window_entities`]); absent, and not written, otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crowded_windows: Option<CrowdedWindows>,
}

/// Windows that named more distinct entities than a graph links per window: only the first
/// [`max_entities`](Self::max_entities) entities mentioned in each were linked to one another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CrowdedWindows {
    /// The limit in force (the smallest, when graphs built with different limits were merged).
    pub max_entities: usize,
    /// How many windows went over it.
    pub windows: u64,
}

/// Default number of evidence items kept per edge.
pub const DEFAULT_MAX_EVIDENCE: usize = 5;

/// Default number of distinct entities linked to one another within one window.
///
/// Every pair in a window becomes an edge, so a window of k entities costs k²/2 edge updates: a sentence that lists
/// every country (or a hostile document that is one sentence of ten thousand names) would otherwise take quadratic
/// time and memory. A news sentence names a handful of entities and a long speech as one `document` window rarely
/// more than a hundred; 256 entities make at most 32,640 pairs per window.
pub const DEFAULT_MAX_WINDOW_ENTITIES: usize = 256;

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
    manifest: Manifest,
    max_evidence: usize,
    max_window_entities: usize,
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
                documents: 0,
                windows: 0,
                crowded_windows: None,
            },
            max_evidence: DEFAULT_MAX_EVIDENCE,
            max_window_entities: DEFAULT_MAX_WINDOW_ENTITIES,
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
        graph
    }

    /// Sets the co-occurrence window for documents added from now on.
    pub fn set_window(&mut self, window: Window) -> &mut EntityGraph {
        self.manifest.window = window;
        self
    }

    /// Sets how many evidence items an edge keeps (default [`DEFAULT_MAX_EVIDENCE`]).
    pub fn set_max_evidence(&mut self, limit: usize) -> &mut EntityGraph {
        self.max_evidence = limit;
        self
    }

    /// Sets how many distinct entities of one window are linked to one another (default
    /// [`DEFAULT_MAX_WINDOW_ENTITIES`]), for documents added from now on.
    ///
    /// A window naming more links only the first `limit` entities it mentions, in text order; every entity still
    /// counts its mention, document and window. The manifest's [`crowded_windows`](Manifest::crowded_windows) counts
    /// such windows. A limit below 2 links nothing.
    pub fn set_max_window_entities(&mut self, limit: usize) -> &mut EntityGraph {
        self.max_window_entities = limit;
        self
    }

    /// The most distinct entities linked within one window.
    pub fn max_window_entities(&self) -> usize {
        self.max_window_entities
    }

    /// How many evidence items an edge keeps.
    pub fn max_evidence(&self) -> usize {
        self.max_evidence
    }

    /// How the graph was built.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Adds one document's extraction, numbering documents in the order they are added. See
    /// [`add_document`](Self::add_document).
    pub fn add_extraction(&mut self, doc: &str, date: Option<Date>, text: &str, extraction: &Extraction) {
        let index = self.next_doc_index;
        self.add_document(&DocumentRef { id: doc, index, date, text }, extraction);
    }

    /// Adds one document's extraction: its entities as nodes (mention, document and window counts), and an edge
    /// (or a weight increment) for every pair of entities sharing a window.
    ///
    /// Evidence keeps the first co-occurrences by (`doc.index`, position), so graphs built from separate batches
    /// and [merged](Self::merge) keep the same evidence as one pass, provided each batch adds its documents in
    /// index order.
    ///
    /// # Complexity
    ///
    /// O(m log m + p) for m mentions and p co-occurring pairs, expected; p is at most m·L/2 for the window entity
    /// limit L ([`set_max_window_entities`](Self::set_max_window_entities)).
    pub fn add_document(&mut self, doc: &DocumentRef<'_>, extraction: &Extraction) {
        self.next_doc_index = self.next_doc_index.max(doc.index + 1);
        self.manifest.documents += 1;
        self.manifest.windows += window_count(extraction, self.manifest.window);
        // Nodes, in order of first mention so that node ids do not depend on hashing: count mentions, and the
        // document once per entity.
        let mut local: HashMap<EntityId, NodeIndex> = HashMap::new();
        for m in extraction.mentions() {
            let index = match local.get(&m.entity) {
                Some(&index) => index,
                None => {
                    let index = self.node_for(extraction.entity(m.entity));
                    self.graph[index].documents += 1;
                    local.insert(m.entity, index);
                    index
                }
            };
            self.graph[index].mentions += 1;
        }
        let mut seen_pairs: HashSet<(u32, u32)> = HashSet::new();
        let mut buffer = std::mem::take(&mut self.scratch);
        let mut kept: Vec<EntityId> = Vec::new();
        let window = self.manifest.window;
        let max_evidence = self.max_evidence;
        let max_entities = self.max_window_entities;
        let mut crowded = 0u64;
        for_each_window(extraction, window, &mut buffer, |span, entities| {
            for e in entities {
                self.graph[local[e]].windows += 1;
            }
            let entities = if entities.len() > max_entities {
                crowded += 1;
                first_mentioned(extraction, span, max_entities, &mut kept);
                kept.as_slice()
            } else {
                entities
            };
            for (i, a) in entities.iter().enumerate() {
                for b in &entities[i + 1..] {
                    let key = self.edge_key(local[a], local[b]);
                    let first_in_doc = seen_pairs.insert(key);
                    let edge = self.edge_for(key);
                    edge.weight += 1;
                    if first_in_doc {
                        edge.documents += 1;
                    }
                    if let Some(d) = doc.date {
                        edge.first_seen = Some(edge.first_seen.map_or(d, |f| f.min(d)));
                        edge.last_seen = Some(edge.last_seen.map_or(d, |l| l.max(d)));
                    }
                    if edge.evidence.len() < max_evidence {
                        edge.evidence.push(Evidence {
                            doc: doc.id.to_string(),
                            doc_index: doc.index,
                            date: doc.date,
                            span,
                            text: snippet(doc.text, span),
                        });
                    }
                }
            }
        });
        self.scratch = buffer;
        if crowded > 0 {
            let c = self.manifest.crowded_windows.get_or_insert(CrowdedWindows { max_entities, windows: 0 });
            c.max_entities = c.max_entities.min(max_entities);
            c.windows += crowded;
        }
    }

    /// Adds every node, edge and count of `other` to this graph: the result equals one graph built from both
    /// graphs' documents (merging is associative and commutative, evidence included, as long as document indexes
    /// are distinct).
    ///
    /// # Complexity
    ///
    /// O(V' + E' + E' K log K) for `other`'s nodes and edges and K evidence items per edge, expected.
    pub fn merge(&mut self, other: &EntityGraph) {
        self.manifest.documents += other.manifest.documents;
        self.manifest.windows += other.manifest.windows;
        if let Some(theirs) = other.manifest.crowded_windows {
            let mine = self.manifest.crowded_windows.get_or_insert(CrowdedWindows { windows: 0, ..theirs });
            mine.max_entities = mine.max_entities.min(theirs.max_entities);
            mine.windows += theirs.windows;
        }
        self.next_doc_index = self.next_doc_index.max(other.next_doc_index);
        let mut map: Vec<NodeIndex> = Vec::with_capacity(other.graph.node_count());
        for node in other.graph.node_weights() {
            let index = match self.by_id.get(&node.id) {
                Some(&index) => index,
                None => {
                    let index = self.graph.add_node(Node { mentions: 0, documents: 0, windows: 0, ..node.clone() });
                    self.by_id.insert(node.id.clone(), index);
                    self.by_name.entry(fold(&node.name)).or_insert(index);
                    index
                }
            };
            let mine = &mut self.graph[index];
            mine.mentions += node.mentions;
            mine.documents += node.documents;
            mine.windows += node.windows;
            map.push(index);
        }
        let max_evidence = self.max_evidence;
        for e in other.graph.edge_references() {
            let key = self.edge_key(map[e.source().index()], map[e.target().index()]);
            let theirs = e.weight();
            let edge = self.edge_for(key);
            edge.weight += theirs.weight;
            edge.documents += theirs.documents;
            edge.first_seen = min_date(edge.first_seen, theirs.first_seen);
            edge.last_seen = edge.last_seen.max(theirs.last_seen);
            edge.evidence.extend(theirs.evidence.iter().cloned());
            edge.evidence.sort_by_key(|ev| (ev.doc_index, ev.span.start, ev.span.end));
            edge.evidence.dedup_by_key(|ev| (ev.doc_index, ev.span.start, ev.span.end));
            edge.evidence.truncate(max_evidence);
        }
    }

    fn node_for(&mut self, entity: &Entity) -> NodeIndex {
        if let Some(&index) = self.by_id.get(&entity.id) {
            return index;
        }
        let index = self.graph.add_node(Node {
            id: entity.id.clone(),
            name: entity.name.clone(),
            kind: entity.kind,
            country: entity.country.clone(),
            discovered: entity.is_discovered(),
            mentions: 0,
            documents: 0,
            windows: 0,
        });
        self.by_id.insert(entity.id.clone(), index);
        self.by_name.entry(fold(&entity.name)).or_insert(index);
        index
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
                let index = self.graph.add_edge(
                    NodeIndex::new(key.0 as usize),
                    NodeIndex::new(key.1 as usize),
                    Edge { weight: 0, documents: 0, first_seen: None, last_seen: None, evidence: Vec::new() },
                );
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

    /// Nodes sorted by entity id and edges sorted by their ends' ids: the canonical order exports use, so that the
    /// same documents give byte-identical output however they were batched or threaded.
    pub fn sorted(&self) -> (Vec<&Node>, Vec<EdgeRef<'_>>) {
        let mut nodes: Vec<&Node> = self.nodes().collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut edges: Vec<EdgeRef<'_>> = self.edges().collect();
        edges.sort_by(|a, b| (&a.source.id, &a.target.id).cmp(&(&b.source.id, &b.target.id)));
        (nodes, edges)
    }

    /// Finds a node by entity id, else by canonical name (folded: case and diacritics do not matter).
    ///
    /// To find a node by any gazetteer alias, use [`find_with`](Self::find_with).
    pub fn find(&self, query: &str) -> Option<NodeId> {
        let query = query.trim();
        self.by_id
            .get(query)
            .or_else(|| self.by_name.get(&fold(query)))
            .map(|i| NodeId(i.index() as u32))
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
        out.sort_by(|a, b| b.edge.weight.cmp(&a.edge.weight).then_with(|| a.node.name.cmp(&b.node.name)));
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
            b.edge.weight.cmp(&a.edge.weight).then_with(|| (&a.source.id, &a.target.id).cmp(&(&b.source.id, &b.target.id)))
        });
        edges.truncate(k);
        edges
    }

    /// A shortest path (fewest edges) from `from` to `to`, both included; `None` when they are not connected.
    /// Among paths of equal length, neighbours are explored heaviest edge first.
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
    /// # Complexity
    ///
    /// O(V + E) for the search plus the size of the subgraph.
    pub fn ego(&self, id: NodeId, depth: usize) -> EntityGraph {
        let mut distance: HashMap<NodeId, usize> = HashMap::from([(id, 0)]);
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
        self.subgraph(&keep)
    }

    /// The subgraph induced by `nodes`: those nodes and every edge between two of them.
    ///
    /// # Complexity
    ///
    /// O(n + sum of their degrees).
    pub fn subgraph(&self, nodes: &[NodeId]) -> EntityGraph {
        let mut sub = EntityGraph::new(self.manifest.window);
        sub.manifest = self.manifest.clone();
        sub.max_evidence = self.max_evidence;
        sub.max_window_entities = self.max_window_entities;
        let mut map: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        for &n in nodes {
            let node = self.graph[n.index()].clone();
            let new = sub.graph.add_node(node.clone());
            sub.by_id.insert(node.id.clone(), new);
            sub.by_name.entry(fold(&node.name)).or_insert(new);
            map.insert(n.index(), new);
        }
        for e in self.graph.edge_references() {
            if let (Some(&a), Some(&b)) = (map.get(&e.source()), map.get(&e.target())) {
                let key = sub.edge_key(a, b);
                let index = sub.graph.add_edge(a, b, e.weight().clone());
                sub.edges.insert(key, index);
            }
        }
        sub
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
    /// The text the extraction came from, for evidence snippets.
    pub text: &'a str,
}

fn min_date(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The first `limit` distinct entities mentioned in the window `span`, in text order, then sorted like the entities
/// [`for_each_window`] hands out. Only called for windows over the limit, so its cost (linear in the window's
/// mentions) adds nothing to the quadratic pair loop it replaces.
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

/// Number of windows of a document, mentions or not.
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
    format!("{}…", &window[..cut])
}
