//! Text stages: folding with an offset map, and sentence splitting.

pub mod normalize;
pub mod sentence;
pub(crate) mod swar;
