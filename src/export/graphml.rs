//! GraphML with typed keys, as Gephi, yEd, Cytoscape, networkx (`read_graphml`) and igraph (`Graph.Read_GraphML`)
//! read it.
//!
//! Node ids are entity ids. Every attribute has a `<key>` with its type (`string`, `long`, `boolean`); the graph's
//! manifest is written as graph-level `<data>`. Optional values (a country, dates) are left out when unknown rather
//! than written empty, so readers do not mistake an empty string for a value. Evidence, a list, is one JSON string.
//!
//! Strings are escaped by quick-xml (`&`, `<`, `>`, quotes; line breaks and tabs in attribute values as character
//! references, so they survive attribute normalisation), after removing the few control characters XML 1.0 cannot
//! carry at all.

use crate::export::{ValueType, evidence_json, manifest_fields, xml_safe};
use crate::graph::EntityGraph;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::fmt;
use std::io;

/// Formats a graph as GraphML: `println!("{}", GraphMl::new(&graph))`.
///
/// # Examples
///
/// ```
/// use newsgraph::{EntityGraph, Extractor, GraphMl};
///
/// let extractor = Extractor::default();
/// let text = "Serbian President Aleksandar Vučić met Slovak Prime Minister Robert Fico.";
/// let mut graph = EntityGraph::for_extractor(&extractor);
/// graph.add_extraction("doc-1", None, text, &extractor.extract(text));
/// let xml = GraphMl::new(&graph).to_string();
/// assert!(xml.contains(r#"<key id="e_weight" for="edge" attr.name="weight" attr.type="long"/>"#));
/// assert!(xml.contains(r#"<data key="n_name">Aleksandar Vučić</data>"#));
/// ```
#[derive(Clone, Debug)]
pub struct GraphMl<'g> {
    graph: &'g EntityGraph,
}

impl<'g> GraphMl<'g> {
    /// GraphML of `graph`.
    pub fn new(graph: &'g EntityGraph) -> GraphMl<'g> {
        GraphMl { graph }
    }

    /// Writes the document to `out`.
    ///
    /// # Errors
    ///
    /// Any error of `out`.
    pub fn write_to<W: io::Write>(&self, out: W) -> io::Result<()> {
        write_graphml(self.graph, out)
    }
}

impl fmt::Display for GraphMl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = Vec::new();
        self.write_to(&mut buffer).map_err(|_| fmt::Error)?;
        f.write_str(&String::from_utf8_lossy(&buffer))
    }
}

/// Node and edge keys: (id, for, name, type).
const NODE_KEYS: &[(&str, &str, ValueType)] = &[
    ("n_label", "label", ValueType::String),
    ("n_name", "name", ValueType::String),
    ("n_kind", "kind", ValueType::String),
    ("n_country", "country", ValueType::String),
    ("n_discovered", "discovered", ValueType::Boolean),
    ("n_mentions", "mentions", ValueType::Long),
    ("n_documents", "documents", ValueType::Long),
    ("n_windows", "windows", ValueType::Long),
    ("n_first_seen", "first_seen", ValueType::String),
    ("n_last_seen", "last_seen", ValueType::String),
];

const EDGE_KEYS: &[(&str, &str, ValueType)] = &[
    ("e_weight", "weight", ValueType::Long),
    ("e_documents", "documents", ValueType::Long),
    ("e_first_seen", "first_seen", ValueType::String),
    ("e_last_seen", "last_seen", ValueType::String),
    ("e_evidence", "evidence", ValueType::String),
];

/// Writes one `<data>` element; an empty value is left out, because readers turn an empty element into `None`
/// (networkx even into the string `"None"`).
fn data<W: io::Write>(w: &mut Writer<W>, key: &str, value: &str) -> io::Result<()> {
    if value.is_empty() {
        return Ok(());
    }
    w.create_element("data").with_attribute(("key", key)).write_text_content(BytesText::new(&xml_safe(value)))?;
    Ok(())
}

fn write_graphml<W: io::Write>(graph: &EntityGraph, out: W) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let root = BytesStart::new("graphml").with_attributes([
        ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ]);
    w.write_event(Event::Start(root))?;
    let manifest = manifest_fields(graph);
    let key = |w: &mut Writer<W>, id: &str, domain: &str, name: &str, kind: ValueType| -> io::Result<()> {
        w.create_element("key")
            .with_attributes([("id", id), ("for", domain), ("attr.name", name), ("attr.type", kind.xml_name())])
            .write_empty()?;
        Ok(())
    };
    for field in &manifest {
        key(&mut w, &format!("g_{}", field.name), "graph", field.name, field.kind)?;
    }
    for &(id, name, kind) in NODE_KEYS {
        key(&mut w, id, "node", name, kind)?;
    }
    for &(id, name, kind) in EDGE_KEYS {
        key(&mut w, id, "edge", name, kind)?;
    }
    w.write_event(Event::Start(
        BytesStart::new("graph").with_attributes([("id", "newsgraph"), ("edgedefault", "undirected")]),
    ))?;
    for field in &manifest {
        data(&mut w, &format!("g_{}", field.name), &field.value)?;
    }
    let (nodes, edges) = graph.sorted();
    for node in nodes {
        w.create_element("node").with_attribute(("id", xml_safe(&node.id).as_ref())).write_inner_content(|w| {
            data(w, "n_label", &node.name)?;
            data(w, "n_name", &node.name)?;
            data(w, "n_kind", node.kind.as_str())?;
            if let Some(country) = &node.country {
                data(w, "n_country", country)?;
            }
            data(w, "n_discovered", if node.discovered { "true" } else { "false" })?;
            data(w, "n_mentions", &node.mentions.to_string())?;
            data(w, "n_documents", &node.documents.to_string())?;
            data(w, "n_windows", &node.windows.to_string())?;
            if let Some(first) = node.first_seen {
                data(w, "n_first_seen", &first.to_string())?;
            }
            if let Some(last) = node.last_seen {
                data(w, "n_last_seen", &last.to_string())?;
            }
            Ok(())
        })?;
    }
    for (i, e) in edges.iter().enumerate() {
        let id = format!("e{i}");
        let (source, target) = (xml_safe(&e.source.id), xml_safe(&e.target.id));
        w.create_element("edge")
            .with_attributes([("id", id.as_str()), ("source", source.as_ref()), ("target", target.as_ref())])
            .write_inner_content(|w| {
                data(w, "e_weight", &e.edge.weight.to_string())?;
                data(w, "e_documents", &e.edge.documents.to_string())?;
                if let Some(first) = e.edge.first_seen {
                    data(w, "e_first_seen", &first.to_string())?;
                }
                if let Some(last) = e.edge.last_seen {
                    data(w, "e_last_seen", &last.to_string())?;
                }
                data(w, "e_evidence", &evidence_json(&e.edge.evidence))?;
                Ok(())
            })?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.get_mut().write_all(b"\n")?;
    Ok(())
}
