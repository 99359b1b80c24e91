//! CSV files for Neo4j: `neo4j-admin database import` reads them directly, and Cypher's `LOAD CSV` can too.
//!
//! [`write_neo4j`] writes three files into a directory:
//!
//! - `nodes.csv`: `id:ID`, `name`, `kind`, `country`, `discovered:boolean`, `mentions:long`, `documents:long`,
//!   `windows:long`, `first_seen:date`, `last_seen:date`, `:LABEL` (`Entity` plus the kind: `Entity;Leader`);
//! - `edges.csv`: `:START_ID`, `:END_ID`, `:TYPE` (always `CO_OCCURS_WITH`), `weight:long`, `documents:long`,
//!   `first_seen:date`, `last_seen:date`, `evidence` (a JSON array of objects, as a string);
//! - `manifest.json`: how the graph was built (CSV has no place for it).
//!
//! Fields are quoted when needed and quotes doubled, as RFC 4180 and Neo4j expect. Names and evidence may hold line
//! breaks, which Neo4j reads only with `--multiline-fields=true`. Partial dates (`2025`, `2025-05`) are valid Neo4j
//! dates; unknown values are empty fields, which Neo4j leaves unset.
//!
//! # Importing
//!
//! Into an empty database, offline:
//!
//! ```text
//! neo4j-admin database import full --multiline-fields=true \
//!     --nodes=graph/nodes.csv --relationships=graph/edges.csv neo4j
//! ```
//!
//! Into a running database with Cypher (files in Neo4j's `import` directory; dates and numbers converted by hand,
//! since `LOAD CSV` reads every field as a string):
//!
//! ```text
//! CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;
//!
//! LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
//! MERGE (e:Entity {id: row.`id:ID`})
//! SET e.name = row.name, e.kind = row.kind, e.country = row.country,
//!     e.discovered = row.`discovered:boolean` = 'true',
//!     e.mentions = toInteger(row.`mentions:long`), e.documents = toInteger(row.`documents:long`),
//!     e.windows = toInteger(row.`windows:long`),
//!     e.first_seen = date(row.`first_seen:date`), e.last_seen = date(row.`last_seen:date`);
//!
//! LOAD CSV WITH HEADERS FROM 'file:///edges.csv' AS row
//! MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
//! MERGE (a)-[r:CO_OCCURS_WITH]-(b)
//! SET r.weight = toInteger(row.`weight:long`), r.documents = toInteger(row.`documents:long`),
//!     r.first_seen = date(row.`first_seen:date`), r.last_seen = date(row.`last_seen:date`),
//!     r.evidence = row.evidence;
//!
//! MATCH (a:Entity {name: 'Robert Fico'}), (b:Entity {name: 'Donald Trump'}),
//!       p = shortestPath((a)-[:CO_OCCURS_WITH*]-(b))
//! RETURN [n IN nodes(p) | n.name];
//! ```
//!
//! `date('')` is null in Cypher, so empty date fields stay unset. The kind labels (`:Leader`, `:Country`…) that the
//! import tool sets from `:LABEL` can be added after `LOAD CSV` with APOC's `apoc.create.addLabels`, or one
//! `MATCH (e:Entity {kind: 'leader'}) SET e:Leader` per kind.

use crate::entity::EntityKind;
use crate::error::Error;
use crate::export::evidence_json;
use crate::graph::EntityGraph;
use std::path::Path;

/// Relationship type of every edge.
pub const RELATIONSHIP_TYPE: &str = "CO_OCCURS_WITH";

/// Header of `nodes.csv`.
pub const NODE_HEADER: [&str; 11] = [
    "id:ID",
    "name",
    "kind",
    "country",
    "discovered:boolean",
    "mentions:long",
    "documents:long",
    "windows:long",
    "first_seen:date",
    "last_seen:date",
    ":LABEL",
];

/// Header of `edges.csv`.
pub const EDGE_HEADER: [&str; 8] =
    [":START_ID", ":END_ID", ":TYPE", "weight:long", "documents:long", "first_seen:date", "last_seen:date", "evidence"];

/// The Neo4j label of a kind.
fn label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Leader => "Entity;Leader",
        EntityKind::Country => "Entity;Country",
        EntityKind::Organisation => "Entity;Organisation",
        EntityKind::Place => "Entity;Place",
    }
}

/// Writes `nodes.csv`, `edges.csv` and `manifest.json` into `dir`, creating it if needed and replacing those files
/// if present. See the [module documentation](self) for the columns and how to import them.
///
/// # Errors
///
/// [`Error::Io`] naming the file that could not be created or written.
///
/// # Examples
///
/// ```
/// use newsgraph::{EntityGraph, Extractor};
///
/// let extractor = Extractor::default();
/// let text = "Serbian President Aleksandar Vučić met Slovak Prime Minister Robert Fico.";
/// let mut graph = EntityGraph::for_extractor(&extractor);
/// graph.add_extraction("doc-1", None, text, &extractor.extract(text));
/// let dir = std::env::temp_dir().join(format!("newsgraph-csv-doc-{}", std::process::id()));
/// newsgraph::export::csv::write_neo4j(&graph, &dir).unwrap();
/// let nodes = std::fs::read_to_string(dir.join("nodes.csv")).unwrap();
/// assert!(nodes.starts_with("id:ID,name,kind,country,"));
/// assert!(nodes.contains("aleksandar-vucic,Aleksandar Vučić,leader,SRB,false,1,1,1,,,Entity;Leader"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn write_neo4j(graph: &EntityGraph, dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    let (nodes, edges) = graph.sorted();
    let date = |d: Option<crate::Date>| d.map(|d| d.to_string()).unwrap_or_default();

    let path = dir.join("nodes.csv");
    let mut out = writer(&path)?;
    out.write_record(NODE_HEADER).map_err(io(&path))?;
    for node in nodes {
        out.write_record([
            node.id.as_str(),
            node.name.as_str(),
            node.kind.as_str(),
            node.country.as_deref().unwrap_or(""),
            if node.discovered { "true" } else { "false" },
            &node.mentions.to_string(),
            &node.documents.to_string(),
            &node.windows.to_string(),
            &date(node.first_seen),
            &date(node.last_seen),
            label(node.kind),
        ])
        .map_err(io(&path))?;
    }
    out.flush().map_err(|source| Error::Io { path: path.clone(), source })?;

    let path = dir.join("edges.csv");
    let mut out = writer(&path)?;
    out.write_record(EDGE_HEADER).map_err(io(&path))?;
    for e in edges {
        out.write_record([
            e.source.id.as_str(),
            e.target.id.as_str(),
            RELATIONSHIP_TYPE,
            &e.edge.weight.to_string(),
            &e.edge.documents.to_string(),
            &date(e.edge.first_seen),
            &date(e.edge.last_seen),
            &evidence_json(&e.edge.evidence),
        ])
        .map_err(io(&path))?;
    }
    out.flush().map_err(|source| Error::Io { path: path.clone(), source })?;

    let path = dir.join("manifest.json");
    let attributes =
        crate::export::GraphAttributes { manifest: graph.manifest().clone(), timeline: graph.timeline().to_vec() };
    let mut text = serde_json::to_string_pretty(&attributes).unwrap_or_default();
    text.push('\n');
    std::fs::write(&path, text).map_err(|source| Error::Io { path, source })?;
    Ok(())
}

fn io(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::Io { path: path.to_path_buf(), source: e.into() }
}

fn writer(path: &Path) -> Result<csv::Writer<std::fs::File>, Error> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .map_err(|e| Error::Io { path: path.to_path_buf(), source: e.into() })
}
