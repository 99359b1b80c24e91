//! Byte tests eight at a time in a `u64` ("SIMD within a register"): the scans of folding, sentence splitting and
//! matching spend most of their time on long stretches of ordinary ASCII text, where a test per byte (and a branch
//! per byte) is what costs.
//!
//! Each test leaves its answer in the high bit of every byte; [`gather`] packs those into one bit per byte.

/// `0x01` in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `at`, little-endian (byte `at` lowest), if there are eight.
#[inline(always)]
pub(crate) fn read(bytes: &[u8], at: usize) -> Option<u64> {
    // Through an array reference: destructuring the eight bytes into variables compiled to eight loads and the
    // shifts to join them, where this is one load.
    let chunk: &[u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(*chunk))
}

/// The eight bytes at `at`, little-endian (byte `at` lowest), zeros past the end of `bytes`.
#[inline(always)]
pub(crate) fn load(bytes: &[u8], at: usize) -> u64 {
    match read(bytes, at) {
        Some(x) => x,
        // (Byte by byte: a `copy_from_slice` of an unknown length was a call to `memcpy`.)
        None => bytes.get(at..).unwrap_or_default().iter().rev().fold(0, |x, &b| x << 8 | u64::from(b)),
    }
}

/// High bit of each byte of `x` that equals `b`. Exact: no borrow from one byte reaches the next.
#[inline(always)]
pub(crate) fn equal(x: u64, b: u8) -> u64 {
    let t = x ^ (ONES * u64::from(b));
    !(((t & !HIGH) + !HIGH) | t) & HIGH
}

/// High bit of each byte of `x` that, without its own high bit, is in `lo..=hi` (callers mask out non-ASCII bytes
/// where that matters).
#[inline(always)]
pub(crate) fn within(x: u64, lo: u8, hi: u8) -> u64 {
    debug_assert!(lo <= hi && hi < 0x80);
    let low = x & !HIGH;
    // Every per-byte sum stays under 0x100, so no carry crosses into the next byte: the high bit of
    // `low + 0x80 - lo` is set when the byte is `lo` or more, that of `low + 0x7f - hi` when it is above `hi`.
    (low + ONES * u64::from(0x80 - lo)) & !(low + ONES * u64::from(0x7f - hi)) & HIGH
}

/// The high bits of the eight bytes packed into the low eight bits (byte `k`'s into bit `k`).
#[inline(always)]
pub(crate) fn gather(high: u64) -> u64 {
    // Each high bit lands, by its own term of the product, on bit 56 + k; no other term reaches those bits, and the
    // terms below them sum to less than 2^56 (checked for all 256 inputs in the tests).
    (high & HIGH).wrapping_mul(0x0002_0408_1020_4081) >> 56
}

/// The first position from `from` on that holds a non-ASCII byte, or `bytes.len()`.
#[inline]
pub(crate) fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(x) = read(bytes, at) {
        let high = x & HIGH;
        if high != 0 {
            return at + (high.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    bytes[at.min(bytes.len())..].iter().position(|b| !b.is_ascii()).map_or(bytes.len(), |n| at + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_packs_every_pattern_of_high_bits() {
        for bits in 0..=255u64 {
            let spread = (0..8).filter(|k| bits >> k & 1 == 1).fold(0u64, |x, k| x | 0x80 << (8 * k));
            assert_eq!(gather(spread), bits);
            assert_eq!(gather(spread | !HIGH), bits, "low bits are ignored");
        }
    }

    #[test]
    fn byte_tests_agree_with_byte_comparisons() {
        for v in 0..=255u8 {
            for k in 0..8 {
                // The byte among neighbours of every kind (the tests must not leak into the next byte).
                let mut bytes = [0x00, 0xff, b'a', 0x7f, 0x80, b'Z', 0x01, b'.'];
                bytes[k] = v;
                let x = u64::from_le_bytes(bytes);
                for (i, &b) in bytes.iter().enumerate() {
                    let bit = |m: u64| m >> (8 * i + 7) & 1 == 1;
                    assert_eq!(bit(equal(x, b'.')), b == b'.', "{bytes:?}");
                    assert_eq!(bit(equal(x, 0x80)), b == 0x80, "{bytes:?}");
                    assert_eq!(bit(within(x, b'a', b'z')), (b & 0x7f).is_ascii_lowercase(), "{bytes:?}");
                    assert!(bit(within(x, 0, 0x7f)));
                }
            }
        }
    }

    #[test]
    fn finds_the_first_non_ascii_byte() {
        let text = "plain ascii text, long enough for chunks: é then more ascii and ü";
        let slow =
            |from: usize| text.as_bytes()[from..].iter().position(|b| !b.is_ascii()).map_or(text.len(), |n| from + n);
        for from in 0..=text.len() {
            assert_eq!(next_non_ascii(text.as_bytes(), from), slow(from), "{from}");
        }
    }
}
