//! newsgraph finds the world leaders, countries, organisations and places named in news text, links the ones that
//! appear together, and answers who is connected to whom.
//!
//! It is a gazetteer extractor: every alias of every known entity is compiled into one
//! [aho-corasick](https://docs.rs/aho-corasick) automaton and found in a single pass over the text, then resolved
//! by explicit rules (surnames need the full name in the same document, demonyms name their country, acronyms
//! keep their case). It does not guess at names it does not know, and it is fast: hundreds of MB of text per second
//! and core.
//!
//! # Overview
//!
//! - [`Gazetteer`] / [`GazetteerBuilder`]: entity records and aliases from TSV files. The shipped gazetteers are
//!   compiled in: [`Gazetteer::default`] needs no files.
//! - [`Extractor`]: text in, [`Extraction`] out — its [`Sentence`]s and the [`Mention`]s of entities, with byte
//!   [`Span`]s into the original text.
//! - [`EntityGraph`]: co-occurrence graph over any number of extractions, with queries (neighbours, paths,
//!   components, ego networks).
//! - [`export`]: DOT ([`Dot`]) and networkx node-link JSON ([`Json`]).
//!
//! ```text
//! text ─▶ fold (offset map) ─▶ sentences ─▶ automaton matches ─▶ resolved mentions ─▶ windows ─▶ graph ─▶ DOT / JSON
//! ```
//!
//! # Example
//!
//! ```
//! use newsgraph::{Dot, EntityGraph, Extractor};
//!
//! let extractor = Extractor::default();
//! let text = "Russian President Vladimir Putin met Xi Jinping in Moscow.Xi’s visit was watched in Kyiv. \
//!             The International Criminal Court has issued a warrant against Putin.";
//! let extraction = extractor.extract(text);
//!
//! // Offsets are bytes into the original text, on char boundaries.
//! let xi = &extraction.mentions()[2];
//! assert_eq!(&text[xi.span.range()], "Xi Jinping");
//! assert_eq!(extraction.sentences().len(), 3);
//!
//! let mut graph = EntityGraph::for_extractor(&extractor);
//! graph.add_extraction("example", None, text, &extraction);
//! let putin = graph.find("Vladimir Putin").unwrap();
//! let icc = graph.find("International Criminal Court").unwrap();
//! assert_eq!(graph.edge(putin, icc).unwrap().weight, 1);
//! assert!(Dot::new(&graph).to_string().starts_with("// newsgraph"));
//! ```
//!
//! # Match semantics
//!
//! - Text and aliases are folded alike (case, diacritics, curly quotes, dashes): `Vucic` matches `Vučić`.
//! - Leftmost-longest: `United States of America` beats `United States`; a longer candidate that fails a check does
//!   not hide a shorter valid one at the same place.
//! - Whole words only; a possessive `'s` does not stop a match (`Xi's`).
//! - Aliases starting with a capital need a capital in the text (`china` is crockery); acronyms need their exact
//!   case (`US`, not `us`).
//!
//! # Errors and panics
//!
//! Methods that can fail return [`Result`] with [`Error`], which names the file, line and column at fault. Methods
//! that cannot fail on valid input say under `# Panics` when a caller's bug (an id from another graph) panics.
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

pub mod cooccur;
pub mod date;
pub mod entity;
pub mod error;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod matcher;
pub mod resolve;
pub mod span;
pub mod text;

pub use cooccur::Window;
pub use date::Date;
pub use entity::{Entity, EntityKind, Origin, Role};
pub use error::{Error, Problem};
pub use export::{Dot, DotOptions, Json, NodeLinkGraph};
pub use extract::{Extraction, Extractor, ExtractorBuilder, Mention, Scratch};
pub use gazetteer::{Alias, AliasKind, Gazetteer, GazetteerBuilder};
pub use graph::{CrowdedWindows, DocumentRef, EdgeRef, EntityGraph, Evidence, Manifest, Neighbor, Node, NodeId};
pub use matcher::RawMatch;
pub use resolve::Via;
pub use span::{EntityId, Span};
pub use text::sentence::Sentence;
