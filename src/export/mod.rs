//! Exports: formatting wrappers over an [`EntityGraph`](crate::EntityGraph), no analysis.
//!
//! Every export writes nodes and edges in the graph's canonical order ([`EntityGraph::sorted`](crate::EntityGraph::sorted))
//! and records the graph's [`Manifest`](crate::Manifest), so the same input gives byte-identical output.

pub mod dot;
pub mod json;

pub use dot::{Dot, DotOptions};
pub use json::{Json, NodeLinkEdge, NodeLinkGraph, NodeLinkNode};
