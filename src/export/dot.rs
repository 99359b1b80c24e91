//! Graphviz DOT, written by our own writer so that every string is escaped and the graph is styled by kind.
//!
//! Quoted DOT strings have one escape at the parser level (`\"`); Graphviz then reads backslash sequences in labels
//! (`\n`, `\l`, `\N`…) and HTML entities (`&amp;`). So a name is written with `\` doubled, `"` escaped, line breaks
//! as `\n`, other control characters dropped, and `&` as `&amp;`, and renders exactly as the name reads.

use crate::entity::EntityKind;
use crate::graph::EntityGraph;
use std::fmt::{self, Write as _};

/// Options of the DOT export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotOptions {
    /// Draw a legend of the kinds present (default: yes).
    pub legend: bool,
    /// Label edges with their weight (default: yes).
    pub edge_labels: bool,
}

impl Default for DotOptions {
    fn default() -> DotOptions {
        DotOptions { legend: true, edge_labels: true }
    }
}

/// Formats a graph as Graphviz DOT: `println!("{}", Dot::new(&graph))`.
#[derive(Clone, Debug)]
pub struct Dot<'g> {
    graph: &'g EntityGraph,
    options: DotOptions,
}

impl<'g> Dot<'g> {
    /// DOT of `graph` with default options.
    pub fn new(graph: &'g EntityGraph) -> Dot<'g> {
        Dot { graph, options: DotOptions::default() }
    }

    /// DOT of `graph` with `options`.
    pub fn with_options(graph: &'g EntityGraph, options: DotOptions) -> Dot<'g> {
        Dot { graph, options }
    }
}

/// Shape and fill colour per kind (colour-blind-safe Okabe–Ito hues, lightened for black text).
pub(crate) fn style(kind: EntityKind) -> (&'static str, &'static str) {
    match kind {
        EntityKind::Leader => ("ellipse", "#f5c983"),
        EntityKind::Country => ("box", "#9fd3f0"),
        EntityKind::Organisation => ("hexagon", "#8fdcc4"),
        EntityKind::Place => ("house", "#e6b8d3"),
    }
}

/// Writes `s` as the inside of a quoted DOT string.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_into(&mut out, s);
    out.push('"');
    out
}

impl fmt::Display for Dot<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (nodes, edges) = self.graph.sorted();
        let m = self.graph.manifest();
        let mut out = String::new();
        let _ = writeln!(out, "// newsgraph {} entity graph; window: {}", m.newsgraph_version, m.window);
        out.push_str("graph newsgraph {\n");
        let _ = writeln!(
            out,
            "  graph [newsgraph_version={}, window={}, gazetteer_fingerprint={}, gazetteer_data_date={}, demonyms={}, documents={}, layout=\"neato\", overlap=\"false\", splines=\"true\", outputorder=\"edgesfirst\", fontname=\"Helvetica\"];",
            quoted(&m.newsgraph_version),
            quoted(&m.window.to_string()),
            quoted(&m.gazetteer_fingerprint),
            quoted(&m.gazetteer_data_date.map(|d| d.to_string()).unwrap_or_default()),
            quoted(if m.demonyms { "true" } else { "false" }),
            m.documents
        );
        out.push_str("  node [style=\"filled\", fontname=\"Helvetica\", fontsize=\"11\"];\n");
        out.push_str("  edge [color=\"#44444488\", fontname=\"Helvetica\", fontsize=\"9\"];\n");
        if self.options.legend {
            let mut kinds: Vec<EntityKind> = nodes.iter().map(|n| n.kind).collect();
            kinds.sort();
            kinds.dedup();
            if !kinds.is_empty() {
                out.push_str(
                    "  subgraph cluster_legend {\n    label=\"Legend\"; style=\"rounded\"; color=\"#999999\";\n",
                );
                for kind in &kinds {
                    let (shape, color) = style(*kind);
                    let _ = writeln!(
                        out,
                        "    \"legend: {kind}\" [label=\"{kind}\", shape=\"{shape}\", fillcolor=\"{color}\"];"
                    );
                }
                out.push_str("  }\n");
            }
        }
        let max_weight = edges.iter().map(|e| e.edge.weight).max().unwrap_or(1).max(1) as f64;
        for node in &nodes {
            let (shape, color) = style(node.kind);
            let _ = writeln!(
                out,
                "  {} [label={}, kind=\"{}\", shape=\"{shape}\", fillcolor=\"{color}\", mentions={}{}];",
                quoted(&node.id),
                quoted(&node.name),
                node.kind,
                node.mentions,
                if node.discovered { ", discovered=\"true\", style=\"filled,dashed\"" } else { "" }
            );
        }
        for e in &edges {
            let w = e.edge.weight;
            // Pen width grows with the log of the weight so that hubs do not drown the picture.
            let penwidth = 1.0 + 4.0 * (w as f64).ln_1p() / max_weight.ln_1p();
            let tooltip = e.edge.evidence.first().map(|ev| ev.text.as_str()).unwrap_or("");
            let _ = write!(
                out,
                "  {} -- {} [weight={w}, documents={}, penwidth=\"{penwidth:.2}\", tooltip={}",
                quoted(&e.source.id),
                quoted(&e.target.id),
                e.edge.documents,
                quoted(tooltip)
            );
            if self.options.edge_labels {
                let _ = write!(out, ", label=\"{w}\"");
            }
            out.push_str("];\n");
        }
        out.push_str("}\n");
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_dot_would_misread() {
        let mut out = String::new();
        escape_into(&mut out, "a \"quoted\" back\\slash\nnew <b> & \u{1}ctl");
        assert_eq!(out, "a \\\"quoted\\\" back\\\\slash\\nnew <b> &amp; ctl");
    }
}
