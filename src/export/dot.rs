//! Graphviz DOT, written by our own writer so that every string is escaped and the graph is styled by kind.
//!
//! Quoted DOT strings have one escape at the parser level (`\"`); Graphviz then reads backslash sequences in labels
//! (`\n`, `\l`, `\N`…) and HTML entities (`&amp;`). So a name is written with `\` doubled, `"` escaped, line breaks
//! as `\n`, tabs as spaces, other control characters dropped, and `&` as `&amp;`, and renders exactly as the name
//! reads. Node ids are quoted the same way, so an id like `"]; node [` stays one id.
//!
//! The layout is `neato` (spring model), or `fdp` when nodes are clustered, since `neato` ignores clusters.

use crate::analysis;
use crate::entity::EntityKind;
use crate::export::manifest_fields;
use crate::graph::{EntityGraph, Node};
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

/// How to group nodes into boxes (Graphviz clusters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Clustering {
    /// No clusters (the default).
    #[default]
    None,
    /// One cluster per community found by [`analysis::communities`] (communities of one node stay unboxed).
    Community,
    /// One cluster per country: a country and the leaders, organisations and places that belong to it. Entities
    /// without a country (international organisations) stay unboxed, as do countries alone in their cluster.
    Country,
}

/// Options of the DOT export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotOptions {
    /// Draw a legend of the kinds present (default: yes).
    pub legend: bool,
    /// Label edges with their weight (default: yes).
    pub edge_labels: bool,
    /// Group nodes into clusters (default: none).
    pub clustering: Clustering,
}

impl Default for DotOptions {
    fn default() -> DotOptions {
        DotOptions { legend: true, edge_labels: true, clustering: Clustering::None }
    }
}

/// Formats a graph as Graphviz DOT: `println!("{}", Dot::new(&graph))`.
///
/// # Examples
///
/// ```
/// use newsgraph::{Clustering, Dot, DotOptions, EntityGraph, Extractor};
///
/// let extractor = Extractor::default();
/// let text = "Serbian President Aleksandar Vučić met Slovak Prime Minister Robert Fico.";
/// let mut graph = EntityGraph::for_extractor(&extractor);
/// graph.add_extraction("doc-1", None, text, &extractor.extract(text));
/// let dot = Dot::with_options(&graph, DotOptions { clustering: Clustering::Country, ..DotOptions::default() });
/// let dot = dot.to_string();
/// assert!(dot.contains("subgraph \"cluster_country_SRB\""));
/// assert!(dot.contains("label=\"Aleksandar Vučić\""));
/// ```
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
            '\t' => out.push(' '),
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

/// An entity id as a quoted DOT string. Ids are keys, so unlike labels they must not lose characters: two ids that
/// differ only in a control character or in a tab against a space would otherwise name one Graphviz node. Control
/// characters other than line feeds are written as character references (`&#9;`), which no other character
/// produces since `&` itself is written `&amp;`.
fn quoted_id(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_control() && c != '\n' {
            let _ = write!(out, "&#{};", u32::from(c));
        } else {
            escape_into(&mut out, c.encode_utf8(&mut [0; 4]));
        }
    }
    out.push('"');
    out
}

/// Pen width from 1 (weight 1) to 5 (the heaviest edge), growing with the log of the weight so that a few very
/// heavy edges do not make every other edge a hairline.
fn pen_width(weight: u64, max_weight: u64) -> f64 {
    if max_weight <= 1 {
        return 1.0;
    }
    1.0 + 4.0 * (weight.max(1) as f64).ln() / (max_weight as f64).ln()
}

impl Dot<'_> {
    /// Cluster key and label of every node that goes in a cluster, by entity id.
    fn clusters(&self) -> BTreeMap<String, (String, Vec<&Node>)> {
        let graph = self.graph;
        let mut clusters: BTreeMap<String, (String, Vec<&Node>)> = BTreeMap::new();
        match self.options.clustering {
            Clustering::None => {}
            Clustering::Country => {
                for node in graph.nodes() {
                    let country = if node.kind == EntityKind::Country { Some(&node.id) } else { node.country.as_ref() };
                    if let Some(country) = country {
                        let label = graph.find(country).map_or(country.clone(), |c| graph.node(c).name.clone());
                        clusters
                            .entry(format!("country_{country}"))
                            .or_insert_with(|| (label, Vec::new()))
                            .1
                            .push(node);
                    }
                }
            }
            Clustering::Community => {
                let found = analysis::communities(graph);
                for (i, members) in found.communities.iter().enumerate() {
                    let nodes = members.iter().map(|&id| graph.node(id)).collect();
                    // Zero-padded so that the clusters sort in community order.
                    clusters.insert(format!("community_{i:06}"), (format!("community {}", i + 1), nodes));
                }
            }
        }
        clusters.retain(|_, (_, members)| members.len() > 1);
        for (_, members) in clusters.values_mut() {
            members.sort_by(|a, b| a.id.cmp(&b.id));
        }
        clusters
    }

    fn write_node(&self, out: &mut String, indent: &str, node: &Node) {
        let (shape, color) = style(node.kind);
        let _ = write!(
            out,
            "{indent}{} [label={}, kind=\"{}\", shape=\"{shape}\", fillcolor=\"{color}\", mentions={}, documents={}, windows={}",
            quoted_id(&node.id),
            quoted(&node.name),
            node.kind,
            node.mentions,
            node.documents,
            node.windows,
        );
        if let Some(country) = &node.country {
            let _ = write!(out, ", country={}", quoted_id(country));
        }
        if let (Some(first), Some(last)) = (node.first_seen, node.last_seen) {
            let _ = write!(out, ", first_seen=\"{first}\", last_seen=\"{last}\"");
        }
        if node.discovered {
            out.push_str(", discovered=\"true\", style=\"filled,dashed\"");
        }
        out.push_str("];\n");
    }
}

impl fmt::Display for Dot<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (nodes, edges) = self.graph.sorted();
        let m = self.graph.manifest();
        let mut out = String::new();
        let _ = writeln!(out, "// newsgraph {} entity graph; window: {}", m.newsgraph_version, m.window);
        out.push_str("graph newsgraph {\n  graph [");
        for field in manifest_fields(self.graph) {
            let _ = write!(out, "{}={}, ", field.name, quoted(&field.value));
        }
        let clusters = self.clusters();
        let layout = if clusters.is_empty() { "neato" } else { "fdp" };
        let _ = writeln!(
            out,
            "layout=\"{layout}\", overlap=\"false\", splines=\"true\", outputorder=\"edgesfirst\", fontname=\"Helvetica\"];"
        );
        out.push_str("  node [style=\"filled\", fontname=\"Helvetica\", fontsize=\"11\"];\n");
        out.push_str("  edge [color=\"#44444488\", fontname=\"Helvetica\", fontsize=\"9\"];\n");
        if self.options.legend {
            let mut kinds: Vec<EntityKind> = nodes.iter().map(|n| n.kind).collect();
            kinds.sort();
            kinds.dedup();
            if !kinds.is_empty() {
                // The legend is the graph's label, an HTML-like table: legend nodes would be scattered by the
                // spring layouts, and a cluster around them would frame the whole graph.
                out.push_str(
                    "  graph [labelloc=\"b\", labeljust=\"l\", fontsize=\"10\", label=<<TABLE BORDER=\"0\" \
                     CELLBORDER=\"1\" CELLSPACING=\"3\" CELLPADDING=\"3\"><TR>",
                );
                for kind in &kinds {
                    let (shape, color) = style(*kind);
                    let _ = write!(out, "<TD BGCOLOR=\"{color}\">{kind} ({shape})</TD>");
                }
                out.push_str("</TR></TABLE>>];\n");
            }
        }
        let mut clustered: foldhash::HashSet<&str> = foldhash::HashSet::default();
        for (key, (label, members)) in &clusters {
            let _ = writeln!(
                out,
                "  subgraph {} {{\n    label={}; labelloc=\"t\"; style=\"rounded,filled\"; fillcolor=\"#f4f4f4\"; color=\"#bbbbbb\";",
                quoted_id(&format!("cluster_{key}")),
                quoted(label)
            );
            for node in members {
                self.write_node(&mut out, "    ", node);
                clustered.insert(&node.id);
                flush(f, &mut out)?;
            }
            out.push_str("  }\n");
        }
        for node in nodes.iter().filter(|n| !clustered.contains(n.id.as_str())) {
            self.write_node(&mut out, "  ", node);
            flush(f, &mut out)?;
        }
        let max_weight = edges.iter().map(|e| e.edge.weight).max().unwrap_or(1);
        for e in &edges {
            let w = e.edge.weight;
            let tooltip = e.edge.evidence.first().map(|ev| ev.text.as_str()).unwrap_or("");
            let _ = write!(
                out,
                "  {} -- {} [weight={w}, documents={}, penwidth=\"{:.2}\", tooltip={}",
                quoted_id(&e.source.id),
                quoted_id(&e.target.id),
                e.edge.documents,
                pen_width(w, max_weight),
                quoted(tooltip)
            );
            if let (Some(first), Some(last)) = (e.edge.first_seen, e.edge.last_seen) {
                let _ = write!(out, ", first_seen=\"{first}\", last_seen=\"{last}\"");
            }
            if self.options.edge_labels {
                let _ = write!(out, ", label=\"{w}\"");
            }
            out.push_str("];\n");
            flush(f, &mut out)?;
        }
        out.push_str("}\n");
        f.write_str(&out)
    }
}

/// Hands the text built so far to the formatter once there is a few kilobytes of it: the whole DOT of a large graph
/// (tens of megabytes) is never held in memory, and the writer behind the formatter gets large writes.
fn flush(f: &mut fmt::Formatter<'_>, out: &mut String) -> fmt::Result {
    if out.len() >= 16 * 1024 {
        f.write_str(out)?;
        out.clear();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_dot_would_misread() {
        let mut out = String::new();
        escape_into(&mut out, "a \"quoted\" back\\slash\nnew <b> & \u{1}ctl\ttab");
        assert_eq!(out, "a \\\"quoted\\\" back\\\\slash\\nnew <b> &amp; ctl tab");
    }

    #[test]
    fn ids_keep_every_character() {
        assert_eq!(quoted_id("a\tb"), "\"a&#9;b\"");
        assert_ne!(quoted_id("a\tb"), quoted_id("a b"));
        assert_ne!(quoted_id("a\u{1}"), quoted_id("a"));
        assert_eq!(quoted_id("x&#9;\\\"\n\r"), "\"x&amp;#9;\\\\\\\"\\n&#13;\"");
    }

    #[test]
    fn pen_width_spans_one_to_five() {
        assert_eq!(pen_width(1, 1), 1.0);
        assert_eq!(pen_width(1, 12), 1.0);
        assert!((pen_width(12, 12) - 5.0).abs() < 1e-12);
        assert!(pen_width(3, 12) > pen_width(2, 12));
    }
}
