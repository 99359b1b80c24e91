//! Text stages: folding with an offset map, and sentence splitting.

pub(crate) mod chars;
pub mod normalize;
pub mod sentence;
pub(crate) mod simd;
pub(crate) mod swar;
