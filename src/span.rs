//! Byte spans into the original text and the small id types used across the pipeline.

use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// A half-open byte range `start..end` into the **original** text.
///
/// Both ends always lie on UTF-8 character boundaries, so `&text[span.range()]` never panics for the text the span
/// was produced from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates a span; `start` must not exceed `end`.
    ///
    /// # Panics
    ///
    /// Panics when `start > end`, which is always a bug in the caller.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "invalid span {start}..{end}");
        Span { start, end }
    }

    /// The span as a range, for slicing: `&text[span.range()]`.
    #[inline]
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Number of bytes covered.
    #[inline]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside this span.
    #[inline]
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    #[inline]
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// Index of an entity in a [`Gazetteer`](crate::Gazetteer), or of an entity discovered in one document (those come
/// after the gazetteer's own; see [`Extraction::entity`](crate::Extraction::entity)).
///
/// Ids are dense and only meaningful with the gazetteer (or extraction) that made them; the stable, human-readable
/// id is [`Entity::id`](crate::Entity::id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct EntityId(pub(crate) u32);

impl EntityId {
    /// The index as a `usize`.
    #[inline]
    pub fn as_usize(self) -> usize {
        self.0 as usize
    }
}
