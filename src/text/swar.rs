//! Byte tests eight at a time in a `u64` ("SIMD within a register"), for the byte trie, whose sparse nodes hold up
//! to eight labels: one load and one test find a walk's next byte among them. Scans of the text itself use the
//! sixteen-byte vectors of [`super::simd`].

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

/// High bit of each byte of `x` that equals `b`. Exact: no borrow from one byte reaches the next.
#[inline(always)]
pub(crate) fn equal(x: u64, b: u8) -> u64 {
    let t = x ^ (ONES * u64::from(b));
    !(((t & !HIGH) + !HIGH) | t) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_agrees_with_byte_comparisons() {
        for v in 0..=255u8 {
            for k in 0..8 {
                // The byte among neighbours of every kind (the test must not leak into the next byte).
                let mut bytes = [0x00, 0xff, b'a', 0x7f, 0x80, b'Z', 0x01, b'.'];
                bytes[k] = v;
                let x = u64::from_le_bytes(bytes);
                for (i, &b) in bytes.iter().enumerate() {
                    let bit = |m: u64| m >> (8 * i + 7) & 1 == 1;
                    for probe in [b'.', 0x80, 0, 0xff, v] {
                        assert_eq!(bit(equal(x, probe)), b == probe, "{bytes:?} {probe}");
                    }
                }
            }
        }
        assert_eq!(read(b"0123456", 0), None);
        assert_eq!(read(b"01234567", 0), Some(u64::from_le_bytes(*b"01234567")));
    }
}
