//! Exports: formatting wrappers over an [`EntityGraph`], no analysis (except the optional
//! community clusters of DOT).
//!
//! Every export writes nodes and edges in the graph's canonical order ([`EntityGraph::sorted`](crate::EntityGraph::sorted))
//! and records the graph's [`Manifest`](crate::Manifest), so the same input gives byte-identical output.
//!
//! | Format | Wrapper | Loads in | Manifest as | Evidence as |
//! |---|---|---|---|---|
//! | DOT | [`Dot`] | Graphviz | graph attributes and a comment | first snippet in the edge tooltip |
//! | node-link JSON | [`Json`] | networkx `node_link_graph(data, edges="edges")`, D3 | `graph` object | list of objects |
//! | GraphML | [`GraphMl`] | Gephi, yEd, networkx, igraph, Cytoscape | graph `<data>` with typed keys | JSON string |
//! | GEXF 1.3 | [`Gexf`] | Gephi (with timeline), networkx | `<meta>` description | JSON string |
//! | CSV | [`csv::write_neo4j`] | `neo4j-admin database import`, `LOAD CSV` | `manifest.json` beside | JSON string |

pub mod csv;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod json;

pub use dot::{Clustering, Dot, DotOptions};
pub use gexf::Gexf;
pub use graphml::GraphMl;
pub use json::{GraphAttributes, Json, NodeLinkEdge, NodeLinkGraph, NodeLinkNode};

use crate::graph::{EntityGraph, Evidence};
use std::borrow::Cow;

/// The type of a manifest or attribute value, as the typed formats declare it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueType {
    String,
    Long,
    Boolean,
}

impl ValueType {
    /// The type name GraphML and GEXF use.
    pub(crate) fn xml_name(self) -> &'static str {
        match self {
            ValueType::String => "string",
            ValueType::Long => "long",
            ValueType::Boolean => "boolean",
        }
    }
}

/// One field of the manifest, flattened to a string with its type.
pub(crate) struct ManifestField {
    pub(crate) name: &'static str,
    pub(crate) value: String,
    pub(crate) kind: ValueType,
}

/// The graph's manifest as named, typed fields, in a fixed order, for formats without nested values.
pub(crate) fn manifest_fields(graph: &EntityGraph) -> Vec<ManifestField> {
    let m = graph.manifest();
    let text = |name, value: String| ManifestField { name, value, kind: ValueType::String };
    let long = |name, value: u64| ManifestField { name, value: value.to_string(), kind: ValueType::Long };
    let boolean = |name, value: bool| ManifestField { name, value: value.to_string(), kind: ValueType::Boolean };
    let (first, last) = match (graph.timeline().first(), graph.timeline().last()) {
        (Some(a), Some(b)) => (a.date.to_string(), b.date.to_string()),
        _ => (String::new(), String::new()),
    };
    vec![
        text("newsgraph_version", m.newsgraph_version.clone()),
        text("window", m.window.to_string()),
        text("gazetteer_fingerprint", m.gazetteer_fingerprint.clone()),
        text("gazetteer_data_date", m.gazetteer_data_date.map(|d| d.to_string()).unwrap_or_default()),
        boolean("demonyms", m.demonyms),
        text("default_date", m.default_date.map(|d| d.to_string()).unwrap_or_default()),
        long("documents", m.documents),
        long("windows", m.windows),
        boolean("deduplicate", m.deduplicate),
        long("duplicate_documents", m.duplicate_documents),
        long("max_evidence", m.max_evidence as u64),
        long("max_window_entities", m.max_window_entities as u64),
        long("crowded_windows", m.crowded_windows),
        text("first_date", first),
        text("last_date", last),
        text("derived", m.derived.join("; ")),
    ]
}

/// Evidence as a compact JSON array, for formats whose attribute values are scalars.
pub(crate) fn evidence_json(evidence: &[Evidence]) -> String {
    serde_json::to_string(evidence).unwrap_or_else(|_| "[]".to_string())
}

/// `s` without the characters XML 1.0 cannot carry even escaped (C0 controls other than tab, line feed and carriage
/// return, and U+FFFE/U+FFFF). quick-xml escapes the rest.
pub(crate) fn xml_safe(s: &str) -> Cow<'_, str> {
    let allowed =
        |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if s.chars().all(allowed) { Cow::Borrowed(s) } else { Cow::Owned(s.chars().filter(|&c| allowed(c)).collect()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_safe_drops_only_what_xml_cannot_hold() {
        assert_eq!(xml_safe("tab\tline\ncr\r<&>\"'"), "tab\tline\ncr\r<&>\"'");
        assert_eq!(xml_safe("bell\u{7}nul\u{0}esc\u{1b}"), "bellnulesc");
        assert!(matches!(xml_safe("Вучич 習近平"), Cow::Borrowed(_)));
    }
}
