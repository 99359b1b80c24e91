//! newsgraph finds the world leaders, countries, organisations and places named in news text, links the ones that
//! appear together, and answers who is connected to whom.
//!
//! It is a gazetteer extractor: every alias of every known entity is compiled into one automaton (a byte trie
//! walked from each word start; an [aho-corasick](https://docs.rs/aho-corasick) automaton on request) and found in a
//! single pass over the text, then resolved by explicit rules (surnames need the full name in the same document,
//! demonyms name their country, acronyms keep their case). It does not guess at names it does not know, and it is
//! fast: tens of MB of text per second and core for the whole pipeline, with a gazetteer of 9,000 aliases.
//!
//! # Overview
//!
//! - [`Gazetteer`] / [`GazetteerBuilder`]: entity records and aliases from TSV files. The shipped gazetteers are
//!   compiled in: [`Gazetteer::default`] needs no files.
//! - [`Extractor`]: text in, [`Extraction`] out — its [`Sentence`]s and the [`Mention`]s of entities, with byte
//!   [`Span`]s into the original text.
//! - [`Extractor::explain`]: an [`Explanation`] of every mention (alias, rule, what confirmed it) and of every
//!   rejected candidate (with its [`Reason`]).
//! - [`EntityGraph`]: co-occurrence graph over any number of extractions, with queries (neighbours, paths,
//!   components, ego networks), date slices and merging.
//! - [`analysis`]: degree, PageRank, betweenness, communities, strongest paths, association scores (PMI, NPMI,
//!   Dice, logDice, G²), filters and diffs.
//! - [`export`]: DOT ([`Dot`]), networkx node-link JSON ([`Json`]), GraphML ([`GraphMl`]), GEXF ([`Gexf`]) and
//!   Neo4j import CSV ([`export::csv`]).
//! - [`corpus`] and [`pipeline`]: whole corpora (files, directories, JSON Lines, gzip, stdin) streamed through an
//!   extractor on several threads into one graph, deterministically, reporting every bad input with its file and
//!   line ([`Corpus`], [`Pipeline`]). The `newsgraph` command-line tool is a thin front end to these.
//!
//! ```text
//! text ─▶ fold (offset map) ─▶ sentences ─▶ automaton matches ─▶ resolved mentions ─▶ windows ─▶ graph ─▶ exports
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
//! # Resolution
//!
//! Matches become mentions by rules a careful reader would apply (module [`resolve`]; each mention's [`Via`] says
//! which): surnames count only with the full name, a title (`President Bush`, the president on the document's
//! date) or a role phrase in the document; role phrases with no name (`the Russian president`) are whoever held
//! the office on the document's date; `Long Form (LF)` defines `LF`; unknown leaders after an office title and
//! unknown organisations defined with an acronym are discovered; context rules keep `in May`, `Chad Smith`,
//! `Atlanta, Georgia`, `Thanksgiving Turkey` and `Louis XI` from naming Theresa May, Chad, Georgia, Turkey or Xi;
//! long leader names match with one edit (`Zelenskiy`); capitals can stand for their governments (an option).
//!
//! # Errors and panics
//!
//! Methods that can fail return [`Result`] with [`Error`], which names the file, line and column at fault. Methods
//! that cannot fail on valid input say under `# Panics` when a caller's bug (an id from another graph) panics.
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

pub mod analysis;
pub mod cooccur;
pub mod corpus;
pub mod date;
pub mod entity;
pub mod error;
pub mod explain;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod matcher;
pub mod pipeline;
pub mod resolve;
pub mod span;
pub mod text;

pub use cooccur::Window;
pub use corpus::{Corpus, CorpusItem, Document, Input, InputProblem};
pub use date::Date;
pub use entity::{Entity, EntityKind, Origin, Role};
pub use error::{Error, Problem};
pub use explain::{Confirmation, ExplainedMention, Explanation, Reason, RejectedCandidate};
pub use export::{Clustering, Dot, DotOptions, Gexf, GraphMl, Json, NodeLinkGraph};
pub use extract::{Extraction, Extractor, ExtractorBuilder, Mention, Scratch};
pub use gazetteer::{Alias, AliasKind, Gazetteer, GazetteerBuilder};
pub use graph::{
    DateRange, DateTotals, DocumentRef, DuplicateFilter, Edge, EdgeCounts, EdgeRef, EntityGraph, Evidence, Manifest,
    Neighbor, Node, NodeCounts, NodeId,
};
pub use matcher::RawMatch;
pub use pipeline::{Pipeline, PipelineBuilder, Summary};
pub use resolve::Via;
pub use span::{EntityId, Span};
pub use text::sentence::Sentence;

/// The README's Rust examples, compiled and run as doctests so the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
