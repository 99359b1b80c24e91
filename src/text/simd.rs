//! Byte tests sixteen at a time, through the `wide` crate's 128-bit vectors (SSE2 on x86-64, NEON on AArch64,
//! plain code elsewhere), each answer one bit per byte in a `u16`.
//!
//! The eight-byte tricks of [`super::swar`] need about five instructions a test and a multiply to pack their
//! answers; a vector compare and `movemask` do sixteen bytes in two. The matcher's block scan, which tests every
//! byte of the text, is where that pays (see `matcher::block`).

use wide::i8x16;

/// Sixteen bytes, for the tests below.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Chunk(i8x16);

impl Chunk {
    /// The sixteen bytes at `at`; zeros past the end of `bytes`.
    #[inline(always)]
    pub fn load(bytes: &[u8], at: usize) -> Chunk {
        let array = match bytes.get(at..at + 16) {
            // Through an array reference, which compiles to one unaligned load.
            Some(s) => <[u8; 16]>::try_from(s).unwrap_or([0; 16]),
            None => padded(bytes, at),
        };
        Chunk(i8x16::new(array.map(|b| b as i8)))
    }

    /// Bit `k` set where byte `k` is not ASCII (its high bit is set).
    #[inline(always)]
    pub fn non_ascii(self) -> u16 {
        self.0.to_bitmask() as u16
    }

    /// Bit `k` set where byte `k` equals `b`.
    #[inline(always)]
    pub fn equal(self, b: u8) -> u16 {
        self.0.simd_eq(i8x16::splat(b as i8)).to_bitmask() as u16
    }

    /// Bit `k` set where byte `k` is in `lo..=hi`, compared as unsigned bytes (a range of at most 255 values).
    #[inline(always)]
    pub fn within(self, lo: u8, hi: u8) -> u16 {
        debug_assert!(lo <= hi && hi - lo < u8::MAX);
        // `b - lo` is below `hi - lo + 1` (unsigned) exactly for the bytes in range; flipping the high bit of both
        // sides turns that unsigned test into the signed compare the vector has.
        let shifted = self.0 - i8x16::splat(lo.wrapping_add(0x80) as i8);
        shifted.simd_lt(i8x16::splat((hi - lo).wrapping_add(1).wrapping_add(0x80) as i8)).to_bitmask() as u16
    }
}

/// The bytes from `at` to the end of `bytes` (fewer than sixteen), then zeros: only at the end of a text, so out of
/// the way of the loads that have sixteen bytes.
#[cold]
#[inline(never)]
fn padded(bytes: &[u8], at: usize) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (o, &b) in out.iter_mut().zip(bytes.get(at..).unwrap_or_default()) {
        *o = b;
    }
    out
}

/// The first position from `from` on that holds a non-ASCII byte, or `bytes.len()`.
#[inline]
pub(crate) fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    next_hit(bytes, from, Chunk::non_ascii)
}

/// The first position from `from` on whose bit `test` sets in its chunk (padding past the end must never be a
/// hit: zeros), or `bytes.len()`.
#[inline(always)]
pub(crate) fn next_hit(bytes: &[u8], from: usize, test: impl Fn(Chunk) -> u16) -> usize {
    let mut at = from;
    while at < bytes.len() {
        let hits = test(Chunk::load(bytes, at));
        if hits != 0 {
            return at + hits.trailing_zeros() as usize;
        }
        at += 16;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_non_ascii_finds_the_first_from_anywhere() {
        let text = "plain ASCII text, then Vučić and more plain text after it, then São Tomé".as_bytes();
        for from in 0..=text.len() {
            let slow = text[from..].iter().position(|b| !b.is_ascii()).map_or(text.len(), |k| from + k);
            assert_eq!(next_non_ascii(text, from), slow, "from {from}");
        }
    }

    #[test]
    fn every_test_agrees_with_a_byte_loop_for_every_byte_at_every_position() {
        let ranges = [(b'a', b'z'), (b'0', b'9'), (b'A', b'Z'), (0, 0x7f), (0x80, 0xff), (0, 0xfe), (0xff, 0xff)];
        for value in 0..=255u8 {
            for at in 0..16 {
                let mut bytes: Vec<u8> = b"Xi's ASEAN_9 \xc3\xa9t\xe2\x80\x9d ok.".to_vec();
                bytes.truncate(16);
                bytes[at] = value;
                let chunk = Chunk::load(&bytes, 0);
                let expect = |test: &dyn Fn(u8) -> bool| {
                    bytes.iter().enumerate().fold(0u16, |m, (k, &b)| m | u16::from(test(b)) << k)
                };
                assert_eq!(chunk.non_ascii(), expect(&|b| b >= 0x80));
                for b in [value, b'.', 0, 0xff] {
                    assert_eq!(chunk.equal(b), expect(&|x| x == b), "{b}");
                }
                for (lo, hi) in ranges {
                    assert_eq!(chunk.within(lo, hi), expect(&|x| (lo..=hi).contains(&x)), "{lo}..={hi}");
                }
            }
        }
    }

    #[test]
    fn a_short_tail_is_padded_with_zeros() {
        let chunk = Chunk::load(b"abc", 0);
        assert_eq!(chunk.within(b'a', b'z'), 0b111);
        assert_eq!(chunk.equal(0), !0b111);
        assert_eq!(Chunk::load(b"abc", 5).equal(0), u16::MAX);
    }
}
