//! GEXF 1.3, Gephi's native format, which networkx's `read_gexf` also reads.
//!
//! Kinds and counts are typed node attributes, and the manifest goes in `<meta>` (GEXF has no graph attributes):
//! `<creator>` names the version and `<description>` lists every manifest field as `name=value` lines. Evidence,
//! a list, is one JSON string.
//!
//! When documents are dated the graph is `dynamic` with `timeformat="date"`: every node and edge carries `<spells>`,
//! one per date it occurs on (a partial date spans its period: `2025-05` is 2025-05-01 to 2025-05-31; overlapping
//! periods are joined), so Gephi's timeline shows entities and links appear and disappear.

use crate::date::Date;
use crate::export::{ValueType, evidence_json, manifest_fields, xml_safe};
use crate::graph::{EntityGraph, start_of_period};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::fmt;
use std::io;

/// Formats a graph as GEXF 1.3: `println!("{}", Gexf::new(&graph))`.
///
/// # Examples
///
/// ```
/// use newsgraph::{EntityGraph, Extractor, Gexf};
///
/// let extractor = Extractor::default();
/// let text = "Serbian President Aleksandar Vučić met Slovak Prime Minister Robert Fico.";
/// let mut graph = EntityGraph::for_extractor(&extractor);
/// graph.add_extraction("doc-1", Some("2025-05-09".parse().unwrap()), text, &extractor.extract(text));
/// let xml = Gexf::new(&graph).to_string();
/// assert!(xml.contains(r#"<graph defaultedgetype="undirected" mode="dynamic" timeformat="date">"#));
/// assert!(xml.contains(r#"<spell start="2025-05-09" end="2025-05-09"/>"#));
/// ```
#[derive(Clone, Debug)]
pub struct Gexf<'g> {
    graph: &'g EntityGraph,
}

impl<'g> Gexf<'g> {
    /// GEXF of `graph`.
    pub fn new(graph: &'g EntityGraph) -> Gexf<'g> {
        Gexf { graph }
    }

    /// Writes the document to `out`.
    ///
    /// # Errors
    ///
    /// Any error of `out`.
    pub fn write_to<W: io::Write>(&self, out: W) -> io::Result<()> {
        write_gexf(self.graph, out)
    }
}

impl fmt::Display for Gexf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = Vec::new();
        self.write_to(&mut buffer).map_err(|_| fmt::Error)?;
        f.write_str(&String::from_utf8_lossy(&buffer))
    }
}

/// Node attributes: (id, title, type). `label` is GEXF's own node attribute; `weight` is the edge's.
const NODE_ATTRIBUTES: &[(&str, &str, ValueType)] = &[
    ("name", "name", ValueType::String),
    ("kind", "kind", ValueType::String),
    ("country", "country", ValueType::String),
    ("discovered", "discovered", ValueType::Boolean),
    ("mentions", "mentions", ValueType::Long),
    ("documents", "documents", ValueType::Long),
    ("windows", "windows", ValueType::Long),
    ("first_seen", "first_seen", ValueType::String),
    ("last_seen", "last_seen", ValueType::String),
];

const EDGE_ATTRIBUTES: &[(&str, &str, ValueType)] = &[
    ("documents", "documents", ValueType::Long),
    ("first_seen", "first_seen", ValueType::String),
    ("last_seen", "last_seen", ValueType::String),
    ("evidence", "evidence", ValueType::String),
];

/// The intervals covered by `dates` (sorted), each date standing for its period, overlapping intervals joined.
fn spells(dates: impl Iterator<Item = Date>) -> Vec<(Date, Date)> {
    let mut out: Vec<(Date, Date)> = Vec::new();
    for date in dates {
        let (start, end) = (start_of_period(date), date.end_of_period());
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// Writes `(attribute id, value)` pairs as `<attvalues>`, leaving out empty values (an unknown country or date).
fn attvalues<W: io::Write>(w: &mut Writer<W>, values: &[(&str, String)]) -> io::Result<()> {
    w.create_element("attvalues").write_inner_content(|w| {
        for (id, value) in values.iter().filter(|(_, v)| !v.is_empty()) {
            w.create_element("attvalue")
                .with_attributes([("for", *id), ("value", xml_safe(value).as_ref())])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_spells<W: io::Write>(w: &mut Writer<W>, spells: &[(Date, Date)]) -> io::Result<()> {
    if spells.is_empty() {
        return Ok(());
    }
    w.create_element("spells").write_inner_content(|w| {
        for (start, end) in spells {
            let (start, end) = (start.to_string(), end.to_string());
            w.create_element("spell")
                .with_attributes([("start", start.as_str()), ("end", end.as_str())])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_gexf<W: io::Write>(graph: &EntityGraph, out: W) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("gexf").with_attributes([
        ("xmlns", "http://gexf.net/1.3"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xsi:schemaLocation", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"),
        ("version", "1.3"),
    ])))?;
    let manifest = graph.manifest();
    w.create_element("meta").write_inner_content(|w| {
        let creator = format!("newsgraph {}", manifest.newsgraph_version);
        w.create_element("creator").write_text_content(BytesText::new(&creator))?;
        let description: Vec<String> =
            manifest_fields(graph).into_iter().map(|f| format!("{}={}", f.name, f.value)).collect();
        w.create_element("description").write_text_content(BytesText::new(&xml_safe(&description.join("\n"))))?;
        Ok(())
    })?;
    let dynamic = !graph.timeline().is_empty();
    let mut graph_element = BytesStart::new("graph");
    graph_element.push_attribute(("defaultedgetype", "undirected"));
    if dynamic {
        graph_element.push_attribute(("mode", "dynamic"));
        graph_element.push_attribute(("timeformat", "date"));
    } else {
        graph_element.push_attribute(("mode", "static"));
    }
    w.write_event(Event::Start(graph_element))?;
    for (class, attributes) in [("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)] {
        w.create_element("attributes").with_attributes([("class", class), ("mode", "static")]).write_inner_content(
            |w| {
                for &(id, title, kind) in attributes {
                    w.create_element("attribute")
                        .with_attributes([("id", id), ("title", title), ("type", kind.xml_name())])
                        .write_empty()?;
                }
                Ok(())
            },
        )?;
    }
    let (nodes, edges) = graph.sorted();
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    w.write_event(Event::Start(BytesStart::new("nodes")))?;
    for node in nodes {
        let (id, label) = (xml_safe(&node.id), xml_safe(&node.name));
        w.create_element("node")
            .with_attributes([("id", id.as_ref()), ("label", label.as_ref())])
            .write_inner_content(|w| {
                attvalues(
                    w,
                    &[
                        ("name", node.name.clone()),
                        ("kind", node.kind.as_str().to_string()),
                        ("country", node.country.clone().unwrap_or_default()),
                        ("discovered", node.discovered.to_string()),
                        ("mentions", node.mentions.to_string()),
                        ("documents", node.documents.to_string()),
                        ("windows", node.windows.to_string()),
                        ("first_seen", date(node.first_seen)),
                        ("last_seen", date(node.last_seen)),
                    ],
                )?;
                write_spells(w, &spells(node.timeline.iter().map(|c| c.date)))
            })?;
    }
    w.write_event(Event::End(BytesEnd::new("nodes")))?;
    w.write_event(Event::Start(BytesStart::new("edges")))?;
    for (i, e) in edges.iter().enumerate() {
        let (id, weight) = (i.to_string(), e.edge.weight.to_string());
        let (source, target) = (xml_safe(&e.source.id), xml_safe(&e.target.id));
        w.create_element("edge")
            .with_attributes([
                ("id", id.as_str()),
                ("source", source.as_ref()),
                ("target", target.as_ref()),
                ("weight", weight.as_str()),
            ])
            .write_inner_content(|w| {
                attvalues(
                    w,
                    &[
                        ("documents", e.edge.documents.to_string()),
                        ("first_seen", date(e.edge.first_seen)),
                        ("last_seen", date(e.edge.last_seen)),
                        ("evidence", evidence_json(&e.edge.evidence)),
                    ],
                )?;
                write_spells(w, &spells(e.edge.timeline.iter().map(|c| c.date)))
            })?;
    }
    w.write_event(Event::End(BytesEnd::new("edges")))?;
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("gexf")))?;
    w.get_mut().write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_cover_periods_and_join_overlaps() {
        let dates: Vec<Date> =
            ["2025", "2025-05-08", "2026-02", "2026-03-01"].iter().map(|d| d.parse().unwrap()).collect();
        let got: Vec<String> = spells(dates.into_iter()).iter().map(|(a, b)| format!("{a}..{b}")).collect();
        assert_eq!(got, ["2025-01-01..2025-12-31", "2026-02-01..2026-02-28", "2026-03-01..2026-03-01"]);
    }
}
