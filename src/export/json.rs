//! JSON in networkx's node-link shape (`networkx.node_link_graph(data, edges="edges")` loads it).

use crate::date::Date;
use crate::entity::EntityKind;
use crate::graph::{DateTotals, EdgeCounts, EdgeRef, EntityGraph, Evidence, Manifest, Node, NodeCounts};
use serde::{Deserialize, Serialize, Serializer};
use std::{fmt, io};

/// The whole graph in node-link form; serialises to the JSON networkx reads, and deserialises back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeLinkGraph {
    /// Always `false`: co-occurrence is symmetric.
    pub directed: bool,
    /// Always `false`: one edge per pair, its weight counting windows.
    pub multigraph: bool,
    /// Graph attributes: how it was built, and the totals per date of dated documents.
    pub graph: GraphAttributes,
    /// Nodes sorted by id.
    pub nodes: Vec<NodeLinkNode>,
    /// Edges sorted by their ends' ids.
    pub edges: Vec<NodeLinkEdge>,
}

/// The graph attributes of [`NodeLinkGraph`]: the manifest's fields, and the timeline when documents were dated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphAttributes {
    /// How the graph was built.
    #[serde(flatten)]
    pub manifest: Manifest,
    /// Documents and windows per date, in date order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<DateTotals>,
}

/// A node of [`NodeLinkGraph`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeLinkNode {
    /// Entity id (networkx's node key).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: EntityKind,
    /// Country id, when the entity has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Discovered in text rather than read from the gazetteer.
    pub discovered: bool,
    /// Mentions over all documents.
    pub mentions: u64,
    /// Documents mentioning it.
    pub documents: u64,
    /// Windows mentioning it.
    pub windows: u64,
    /// Earliest dated document mentioning it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<Date>,
    /// Latest dated document mentioning it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<Date>,
    /// Counts per date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<NodeCounts>,
}

/// An edge of [`NodeLinkGraph`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeLinkEdge {
    /// Id of the end with the smaller id.
    pub source: String,
    /// Id of the other end.
    pub target: String,
    /// Windows shared.
    pub weight: u64,
    /// Documents shared.
    pub documents: u64,
    /// Earliest dated co-occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<Date>,
    /// Latest dated co-occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<Date>,
    /// The first co-occurrences.
    pub evidence: Vec<Evidence>,
    /// Counts per date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<EdgeCounts>,
}

impl NodeLinkGraph {
    /// The node-link form of `graph`.
    pub fn from_graph(graph: &EntityGraph) -> NodeLinkGraph {
        let (nodes, edges) = graph.sorted();
        NodeLinkGraph {
            directed: false,
            multigraph: false,
            graph: GraphAttributes { manifest: graph.manifest().clone(), timeline: graph.timeline().to_vec() },
            nodes: nodes
                .into_iter()
                .map(|n| NodeLinkNode {
                    id: n.id.clone(),
                    name: n.name.clone(),
                    kind: n.kind,
                    country: n.country.clone(),
                    discovered: n.discovered,
                    mentions: n.mentions,
                    documents: n.documents,
                    windows: n.windows,
                    first_seen: n.first_seen,
                    last_seen: n.last_seen,
                    timeline: n.timeline.clone(),
                })
                .collect(),
            edges: edges
                .into_iter()
                .map(|e| NodeLinkEdge {
                    source: e.source.id.clone(),
                    target: e.target.id.clone(),
                    weight: e.edge.weight,
                    documents: e.edge.documents,
                    first_seen: e.edge.first_seen,
                    last_seen: e.edge.last_seen,
                    evidence: e.edge.evidence.clone(),
                    timeline: e.edge.timeline.clone(),
                })
                .collect(),
        }
    }
}

/// Formats a graph as pretty-printed node-link JSON: `println!("{}", Json::new(&graph))`, or
/// [`write_to`](Self::write_to) a file.
///
/// The JSON is that of [`NodeLinkGraph::from_graph`], byte for byte, but serialised straight from the graph: no
/// node-link copy of the graph (its evidence snippets are most of its memory) is made.
#[derive(Clone, Debug)]
pub struct Json<'g> {
    graph: &'g EntityGraph,
}

impl<'g> Json<'g> {
    /// JSON of `graph`.
    pub fn new(graph: &'g EntityGraph) -> Json<'g> {
        Json { graph }
    }

    /// Writes the JSON, and a final line break, to `out` as it is serialised. Wrap a file in a
    /// [`BufWriter`](std::io::BufWriter): serde writes many small pieces.
    ///
    /// # Errors
    ///
    /// Any error of `out`.
    pub fn write_to<W: io::Write>(&self, mut out: W) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut out, &GraphView::new(self.graph))?;
        out.write_all(b"\n")
    }
}

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = Vec::new();
        self.write_to(&mut buffer).map_err(|_| fmt::Error)?;
        f.write_str(std::str::from_utf8(&buffer).map_err(|_| fmt::Error)?)
    }
}

// Borrowed twins of the node-link types, field for field and with the same serde attributes, so that they serialise
// to the same JSON (a test checks it).

#[derive(Serialize)]
struct GraphView<'g> {
    directed: bool,
    multigraph: bool,
    graph: AttributesView<'g>,
    nodes: NodesView<'g>,
    edges: EdgesView<'g>,
}

impl<'g> GraphView<'g> {
    fn new(graph: &'g EntityGraph) -> GraphView<'g> {
        let (nodes, edges) = graph.sorted();
        GraphView {
            directed: false,
            multigraph: false,
            graph: AttributesView { manifest: graph.manifest(), timeline: graph.timeline() },
            nodes: NodesView(nodes),
            edges: EdgesView(edges),
        }
    }
}

#[derive(Serialize)]
struct AttributesView<'g> {
    #[serde(flatten)]
    manifest: &'g Manifest,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    timeline: &'g [DateTotals],
}

struct NodesView<'g>(Vec<&'g Node>);

impl Serialize for NodesView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|n| NodeView {
            id: &n.id,
            name: &n.name,
            kind: n.kind,
            country: n.country.as_deref(),
            discovered: n.discovered,
            mentions: n.mentions,
            documents: n.documents,
            windows: n.windows,
            first_seen: n.first_seen,
            last_seen: n.last_seen,
            timeline: &n.timeline,
        }))
    }
}

#[derive(Serialize)]
struct NodeView<'g> {
    id: &'g str,
    name: &'g str,
    kind: EntityKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'g str>,
    discovered: bool,
    mentions: u64,
    documents: u64,
    windows: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_seen: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<Date>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    timeline: &'g [NodeCounts],
}

struct EdgesView<'g>(Vec<EdgeRef<'g>>);

impl Serialize for EdgesView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|e| EdgeView {
            source: &e.source.id,
            target: &e.target.id,
            weight: e.edge.weight,
            documents: e.edge.documents,
            first_seen: e.edge.first_seen,
            last_seen: e.edge.last_seen,
            evidence: &e.edge.evidence,
            timeline: &e.edge.timeline,
        }))
    }
}

#[derive(Serialize)]
struct EdgeView<'g> {
    source: &'g str,
    target: &'g str,
    weight: u64,
    documents: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_seen: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<Date>,
    evidence: &'g [Evidence],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    timeline: &'g [EdgeCounts],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DateRange, Extractor};

    /// The streamed JSON must stay byte for byte that of the node-link types, which are what readers deserialise.
    #[test]
    fn streamed_json_is_the_node_link_graph_serialised() {
        let extractor = Extractor::default();
        let mut dated = EntityGraph::for_extractor(&extractor);
        for (id, date, text) in [
            ("a", Some("2025-05-08"), "The Institute for Lunar Fisheries Studies (ILFS) met Xi Jinping in Beijing."),
            ("b", Some("2025"), "Xi Jinping and Vladimir Putin met in Moscow. Putin thanked \"Vučić\" <&>."),
            ("c", None, "The United Nations and NATO met. Aleksandar Vučić spoke with Robert Fico."),
        ] {
            dated.add_extraction(id, date.map(|d| d.parse().unwrap()), text, &extractor.extract(text));
        }
        let ids: Vec<&str> = dated.nodes().map(|n| n.id.as_str()).collect();
        assert!(dated.nodes().any(|n| n.discovered) && dated.nodes().any(|n| n.country.is_some()), "{ids:?}");
        assert!(
            dated.edges().any(|e| e.edge.first_seen.is_some()) && dated.edges().any(|e| e.edge.first_seen.is_none())
        );
        let sliced = dated.slice("2025-05".parse::<DateRange>().unwrap());
        for graph in [EntityGraph::new(crate::Window::Sentence), dated, sliced] {
            let expected = serde_json::to_string_pretty(&NodeLinkGraph::from_graph(&graph)).unwrap() + "\n";
            let mut streamed = Vec::new();
            Json::new(&graph).write_to(&mut streamed).unwrap();
            assert_eq!(String::from_utf8(streamed).unwrap(), expected);
            assert_eq!(Json::new(&graph).to_string(), expected);
        }
    }
}
