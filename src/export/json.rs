//! JSON in networkx's node-link shape (`networkx.node_link_graph(data, edges="edges")` loads it).

use crate::date::Date;
use crate::entity::EntityKind;
use crate::graph::{DateTotals, EdgeCounts, EntityGraph, Evidence, Manifest, NodeCounts};
use serde::{Deserialize, Serialize};
use std::fmt;

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

/// Formats a graph as pretty-printed node-link JSON: `println!("{}", Json::new(&graph))`.
#[derive(Clone, Debug)]
pub struct Json<'g> {
    graph: &'g EntityGraph,
}

impl<'g> Json<'g> {
    /// JSON of `graph`.
    pub fn new(graph: &'g EntityGraph) -> Json<'g> {
        Json { graph }
    }
}

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = NodeLinkGraph::from_graph(self.graph);
        let text = serde_json::to_string_pretty(&data).map_err(|_| fmt::Error)?;
        f.write_str(&text)?;
        f.write_str("\n")
    }
}
