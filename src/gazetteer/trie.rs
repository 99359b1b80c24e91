//! The default alias automaton: a byte trie of the folded aliases, built for anchored walks and nothing else.
//!
//! The matcher only ever walks from a word start ([`super::automaton`]), so the failure links that make an
//! Aho-Corasick automaton able to scan unanchored are never followed. Computing them was 40% of building the
//! default gazetteer and, with the sparse trie they are computed over, most of building a million aliases
//! (15 s). This trie is built from the sorted aliases in one depth-first pass that reads each alias once.
//!
//! Layout, for walks that touch little memory: the first two bytes of a walk are one lookup in a table of byte
//! pairs (nearly every walk takes two steps). Past them, each node is one record in a byte array, in depth-first
//! order, so that a node's first child follows it: the pattern that ends at the node, the number of children,
//! their labels and the offsets of their records; a node with many children has a dense row of offsets, one per
//! byte class (bytes that occur in some alias), instead of labels. A step reads one record, usually within one
//! cache line, where separate arrays of nodes, labels and targets cost a cache miss each (stalls on them were
//! about half of the matcher's samples).

use crate::text::swar;

/// No pattern ends at the node; no child for the byte.
const NONE: u32 = u32::MAX;

/// Children above which a node gets a dense row: a scan of this many labels costs about one cache line.
const SPARSE_MAX: usize = 8;

/// The children-count byte of a record with a dense row.
const DENSE: u8 = u8::MAX;

/// Bytes of a record before its labels or dense row: the pattern (`u32`, little-endian) and the count byte.
const HEADER: usize = 5;

/// A trie of byte strings, walked from its root. See the module docs.
#[derive(Clone, Debug)]
pub(crate) struct ByteTrie {
    /// The records of the nodes of depth two and more, depth first.
    records: Vec<u8>,
    /// The record offset of the node reached by each pair of first bytes (by class: `first * class_count +
    /// second`), or [`NONE`].
    pairs: Vec<u32>,
    /// The class of each byte: 0 for bytes no pattern holds, else one of `class_count - 1` used bytes. Dense rows
    /// and the pair table are indexed by class, which makes them a fifth of the size or less: 40 to 60 bytes
    /// occur in real aliases, and a row of 256 entries put the few ever read on different cache lines.
    classes: Box<[u8; 256]>,
    class_count: usize,
    /// The pattern of each one-byte string, or [`NONE`].
    singles: Box<[u32; 256]>,
    /// The first four bytes of every pattern of four bytes or more, hashed into [`HEAD_BITS`] bits: the pair table
    /// lets through every word that shares two letters with some pattern (`their` and `that` for `the States`),
    /// and walking those was most of the walks that find nothing.
    heads: Box<[u64; HEAD_BITS / 64]>,
    /// The first bytes of the patterns of two or three bytes, which the heads cannot vouch for.
    short_firsts: [u64; 4],
    /// Bit `first << 8 | second` is set when a walk from those two bytes can find something (the pair table has
    /// a node for them, or `first` alone is a pattern): [`may_start`](Self::may_start) in one load, where the
    /// pair table took three and the singles another.
    starts: Box<[u64; 1 << 10]>,
}

/// Bits of [`ByteTrie::heads`]: 4 KB, for a few thousand distinct heads in the default gazetteer.
const HEAD_BITS: usize = 1 << 15;

/// The bit of [`ByteTrie::heads`] for four bytes (little-endian), by a multiplicative hash's high bits.
#[inline(always)]
fn head_bit(four: u32) -> usize {
    (four.wrapping_mul(0x9E37_79B1) >> (32 - HEAD_BITS.trailing_zeros())) as usize
}

/// The trie as first built: nodes numbered depth first, with their children in side arrays.
struct Draft {
    nodes: Vec<Node>,
    labels: Vec<u8>,
    targets: Vec<u32>,
}

#[derive(Clone, Copy, Debug)]
struct Node {
    /// Index of the first child in `labels`/`targets`.
    first: u32,
    /// Number of children.
    count: u32,
    /// The pattern that ends here, or [`NONE`].
    pattern: u32,
}

/// A node of the pattern being added, while its children are still being found.
struct Open {
    id: u32,
    children: Vec<(u8, u32)>,
}

/// The trie has more nodes, or its records more bytes, than a `u32` can number.
#[derive(Debug)]
pub(crate) struct TooLarge;

impl Draft {
    fn children(&self, node: &Node) -> impl Iterator<Item = (u8, u32)> + '_ {
        let run = node.first as usize..(node.first + node.count) as usize;
        self.labels[run.clone()].iter().copied().zip(self.targets[run].iter().copied())
    }

    /// Writes the children of a node, now all known.
    fn close(&mut self, open: &Open) {
        let node = &mut self.nodes[open.id as usize];
        node.first = self.labels.len() as u32;
        node.count = open.children.len() as u32;
        self.labels.extend(open.children.iter().map(|c| c.0));
        self.targets.extend(open.children.iter().map(|c| c.1));
    }
}

impl ByteTrie {
    /// Builds the trie of `patterns` (distinct; an empty pattern never matches). Pattern `i` is reported as `i`.
    pub fn build<P: AsRef<[u8]>>(patterns: &[P]) -> Result<ByteTrie, TooLarge> {
        if patterns.len() >= NONE as usize {
            return Err(TooLarge);
        }
        let key = |i: u32| patterns[i as usize].as_ref();
        // Sorted by the first eight bytes first, packed in an integer (a shorter pattern padded with zeros, which
        // sorts it no later than any pattern it is a prefix of), and only ties by the whole pattern: most
        // comparisons then read no pattern at all, which for a million patterns scattered over the heap is most of
        // the sort.
        let head = |k: &[u8]| {
            let mut b = [0u8; 8];
            let n = k.len().min(8);
            b[..n].copy_from_slice(&k[..n]);
            u64::from_be_bytes(b)
        };
        let mut sorted: Vec<(u64, u32)> =
            (0..patterns.len() as u32).map(|i| (head(key(i)), i)).filter(|&(_, i)| !key(i).is_empty()).collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| key(a.1).cmp(key(b.1))));
        let order: Vec<u32> = sorted.into_iter().map(|(_, i)| i).collect();
        let mut heads = Box::new([0u64; HEAD_BITS / 64]);
        let mut short_firsts = [0u64; 4];
        for &i in &order {
            match *key(i) {
                [first, _] | [first, _, _] => short_firsts[first as usize / 64] |= 1 << (first % 64),
                [a, b, c, d, ..] => {
                    let bit = head_bit(u32::from_le_bytes([a, b, c, d]));
                    heads[bit / 64] |= 1 << (bit % 64);
                }
                _ => {}
            }
        }
        let mut trie = Draft { nodes: Vec::new(), labels: Vec::new(), targets: Vec::new() };
        trie.nodes.push(Node { first: 0, count: 0, pattern: NONE });
        // Depth first over the sorted patterns, each read once: `open[d]` is the node of the current pattern's
        // first `d` bytes, with the children found so far. Nodes are numbered when created (preorder) and written
        // when closed, which is when their last child is known, so that each node's children form one run.
        let mut open: Vec<Open> = vec![Open { id: 0, children: Vec::new() }];
        let mut depth = 1;
        let mut previous: &[u8] = &[];
        for &i in &order {
            let k = key(i);
            let shared = k.iter().zip(previous).take_while(|(a, b)| a == b).count();
            while depth > shared + 1 {
                depth -= 1;
                trie.close(&open[depth]);
            }
            for (d, &byte) in k.iter().enumerate().skip(shared) {
                let id = u32::try_from(trie.nodes.len()).ok().filter(|&id| id != NONE).ok_or(TooLarge)?;
                trie.nodes.push(Node { first: 0, count: 0, pattern: NONE });
                open[d].children.push((byte, id));
                match open.get_mut(d + 1) {
                    Some(next) => {
                        next.id = id;
                        next.children.clear();
                    }
                    None => open.push(Open { id, children: Vec::new() }),
                }
            }
            depth = k.len() + 1;
            trie.nodes[open[k.len()].id as usize].pattern = i;
            previous = k;
        }
        while depth > 0 {
            depth -= 1;
            trie.close(&open[depth]);
        }
        let mut trie = ByteTrie::pack(&trie)?;
        trie.heads = heads;
        trie.short_firsts = short_firsts;
        Ok(trie)
    }

    /// Lays the draft out as records (see the module docs).
    fn pack(draft: &Draft) -> Result<ByteTrie, TooLarge> {
        let mut classes = Box::new([0u8; 256]);
        for &label in &draft.labels {
            classes[label as usize] = 1;
        }
        let mut class_count = 1;
        for class in classes.iter_mut().filter(|c| **c == 1) {
            // UTF-8 never holds 13 of the 256 byte values, so valid patterns use at most 243 (and class 0 is free).
            *class = u8::try_from(class_count).map_err(|_| TooLarge)?;
            class_count += 1;
        }
        let size = |node: &Node| match node.count as usize {
            n if n > SPARSE_MAX => HEADER + class_count * 4,
            n => HEADER + n * 5,
        };
        // Offsets first (depth-first order is id order), then the records, which name their children by offset.
        // (Breadth-first order, to keep the shallow nodes together, was no better: the walk's first two steps are
        // the pair table, and its cache misses were the same, but the build's were many more.)
        let mut offsets = Vec::with_capacity(draft.nodes.len());
        let mut total = 0usize;
        for node in &draft.nodes {
            offsets.push(u32::try_from(total).map_err(|_| TooLarge)?);
            total += size(node);
        }
        u32::try_from(total).map_err(|_| TooLarge)?;
        let mut records = Vec::with_capacity(total + 8);
        for node in &draft.nodes {
            records.extend_from_slice(&node.pattern.to_le_bytes());
            if node.count as usize > SPARSE_MAX {
                records.push(DENSE);
                let mut row = vec![NONE; class_count];
                for (label, child) in draft.children(node) {
                    row[classes[label as usize] as usize] = offsets[child as usize];
                }
                records.extend(row.iter().flat_map(|o| o.to_le_bytes()));
            } else {
                records.push(node.count as u8);
                records.extend(draft.children(node).map(|(label, _)| label));
                records.extend(draft.children(node).flat_map(|(_, child)| offsets[child as usize].to_le_bytes()));
            }
        }
        // Padding, so that eight bytes of labels can be read from any record (see `child`).
        records.extend_from_slice(&[0; 8]);
        let mut trie = ByteTrie {
            records,
            pairs: vec![NONE; class_count * class_count],
            singles: Box::new([NONE; 256]),
            heads: Box::new([0; HEAD_BITS / 64]),
            short_firsts: [0; 4],
            starts: Box::new([0; 1 << 10]),
            classes,
            class_count,
        };
        let root = &draft.nodes[0];
        for (first, one) in draft.children(root) {
            let one = &draft.nodes[one as usize];
            trie.singles[first as usize] = one.pattern;
            for (second, two) in draft.children(one) {
                let pair = trie.pair(first, second);
                trie.pairs[pair] = offsets[two as usize];
            }
            for second in 0..=255u8 {
                if one.pattern != NONE || trie.pairs[trie.pair(first, second)] != NONE {
                    let bit = usize::from(first) << 8 | usize::from(second);
                    trie.starts[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        Ok(trie)
    }

    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        self.records.capacity()
            + self.pairs.capacity() * 4
            + std::mem::size_of_val(&*self.singles)
            + std::mem::size_of_val(&*self.classes)
            + std::mem::size_of_val(&*self.heads)
            + std::mem::size_of_val(&*self.starts)
    }

    /// The `u32` at `at` in the records (`NONE` past their end, which a trie built here never reaches).
    #[inline(always)]
    fn u32_at(&self, at: usize) -> u32 {
        // Through an array reference, which compiles to one load (see `swar::read`).
        match self.records.get(at..at + 4).and_then(|s| <&[u8; 4]>::try_from(s).ok()) {
            Some(&bytes) => u32::from_le_bytes(bytes),
            None => NONE,
        }
    }

    /// The index in `pairs` of two bytes.
    #[inline(always)]
    fn pair(&self, first: u8, second: u8) -> usize {
        self.classes[first as usize] as usize * self.class_count + self.classes[second as usize] as usize
    }

    /// The record of the child of the node at `node` by `byte`.
    #[inline(always)]
    fn child(&self, node: usize, byte: u8) -> Option<usize> {
        let count = *self.records.get(node + 4)?;
        let child = if count == DENSE {
            self.u32_at(node + HEADER + 4 * self.classes[byte as usize] as usize)
        } else {
            // The labels compared all at once (their exit from a search loop was mispredicted at every other
            // step): eight bytes read from the labels on, which the records' padding keeps in bounds.
            let labels = swar::read(&self.records, node + HEADER)?;
            // Among the first `count` bytes.
            let equal = swar::equal(labels, byte) & swar::HIGH.checked_shr(64 - 8 * u32::from(count)).unwrap_or(0);
            if equal == 0 {
                return None;
            }
            self.u32_at(node + HEADER + count as usize + 4 * (equal.trailing_zeros() / 8) as usize)
        };
        (child != NONE).then_some(child as usize)
    }

    /// Whether a walk from `start` can find anything: some pattern is the byte there alone, or starts with it and
    /// the byte after it. Without a branch, so that the matcher can sift a block's word starts at once: whether
    /// the next word is worth a walk is as unpredictable as coin tosses (`the` is, `and` is not).
    #[inline(always)]
    pub fn may_start(&self, hay: &[u8], start: usize) -> bool {
        let first = hay[start];
        // Past the end, byte 0 stands in: at worst a walk that finds nothing.
        let second = hay.get(start + 1).copied().unwrap_or(0);
        let bit = usize::from(first) << 8 | usize::from(second);
        self.starts[bit / 64] >> (bit % 64) & 1 != 0
    }

    /// Whether a walk from `start`, where [`may_start`](Self::may_start) holds, can find more than a one-byte
    /// pattern: some pattern of two or three bytes starts with the byte there, or some longer one may start with
    /// the four bytes there. `false` is certain.
    #[inline(always)]
    pub fn may_go_on(&self, hay: &[u8], start: usize) -> bool {
        let Some(&first) = hay.get(start) else { return false };
        if self.short_firsts[first as usize / 64] >> (first % 64) & 1 != 0 {
            return true;
        }
        // Fewer than four bytes left: no head to test, the walk decides.
        match hay.get(start..start + 4).and_then(|s| <[u8; 4]>::try_from(s).ok()) {
            Some(four) => {
                let bit = head_bit(u32::from_le_bytes(four));
                self.heads[bit / 64] >> (bit % 64) & 1 != 0
            }
            None => true,
        }
    }

    /// Calls `found(end, pattern)` for every pattern equal to `hay[start..end]`, shortest first.
    #[inline(always)]
    pub fn prefixes(&self, hay: &[u8], start: usize, mut found: impl FnMut(usize, usize)) {
        let Some(&first) = hay.get(start) else { return };
        let single = self.singles[first as usize];
        if single != NONE {
            found(start + 1, single as usize);
        }
        if !self.may_go_on(hay, start) {
            return;
        }
        let Some(&second) = hay.get(start + 1) else { return };
        let two = self.pairs[self.pair(first, second)];
        if two == NONE {
            return;
        }
        let mut node = two as usize;
        let mut end = start + 2;
        loop {
            let pattern = self.u32_at(node);
            if pattern != NONE {
                found(end, pattern as usize);
            }
            let Some(&byte) = hay.get(end) else { return };
            let Some(child) = self.child(node, byte) else { return };
            node = child;
            end += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefixes(trie: &ByteTrie, hay: &str, start: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        trie.prefixes(hay.as_bytes(), start, |end, pattern| out.push((end, pattern)));
        out
    }

    #[test]
    fn finds_every_prefix_shortest_first() {
        let trie = ByteTrie::build(&["us", "u.s.", "u.s. congress", "russia", "russian", "ssia", ""]).unwrap();
        assert_eq!(prefixes(&trie, "the u.s. congressmen", 4), [(8, 1), (17, 2)]);
        assert_eq!(prefixes(&trie, "the u.s. congressmen", 5), []);
        assert_eq!(prefixes(&trie, "russians", 0), [(6, 3), (7, 4)]);
        assert_eq!(prefixes(&trie, "russians", 2), [(6, 5)]);
        assert_eq!(prefixes(&trie, "us", 0), [(2, 0)]);
        assert_eq!(prefixes(&trie, "u", 0), []);
        assert_eq!(prefixes(&trie, "", 0), []);
        // The root, `u`, `u.`, ... one node a distinct prefix; each a header, each edge a label and an offset.
        let nodes = 1 + "u.s. congress".len() + 1 + "russian".len() + "ssia".len();
        assert_eq!(trie.records.len(), HEADER * nodes + 5 * (nodes - 1) + 8);
    }

    #[test]
    fn the_start_bits_are_the_pair_table_and_the_singles() {
        let trie = ByteTrie::build(&["us", "u.s.", "x", "russia", "\u{e9}t\u{e9}", "ab"]).unwrap();
        for first in 0..=255u8 {
            let single = trie.singles[first as usize] != NONE;
            assert_eq!(trie.may_start(&[first], 0), single, "{first} at the end");
            for second in 0..=255u8 {
                let pair = trie.pairs[trie.pair(first, second)] != NONE;
                assert_eq!(trie.may_start(&[first, second], 0), single || pair, "{first} {second}");
            }
        }
        assert!(trie.may_start(b"us", 0) && trie.may_start(b"xz", 0) && trie.may_start("\u{e9}t".as_bytes(), 0));
        assert!(!trie.may_start(b"ux", 0) && !trie.may_start(b"a", 0));
    }

    #[test]
    fn heads_turn_away_words_that_share_only_two_letters() {
        let trie = ByteTrie::build(&["the states", "the fed", "dpa", "us"]).unwrap();
        let may = |hay: &str| trie.may_start(hay.as_bytes(), 0) && trie.may_go_on(hay.as_bytes(), 0);
        assert!(may("the states") && may("the fed") && may("the feds"));
        assert!(!may("their") && !may("that") && !may("these"));
        // Short patterns are walked on their first byte, whatever follows; the end of the text lets anything by.
        assert!(may("dpa") && may("dpx") && may("us.") && may("usa") && may("th"));
        assert!(!may("xyzw"));
    }

    proptest::proptest! {
        /// The sifts may let through a start where nothing matches, never turn one away where something does (a
        /// one-byte pattern is found before the second).
        #[test]
        fn may_start_is_false_only_where_nothing_starts(
            patterns in proptest::collection::vec("[ab .]{1,6}", 1..24),
            hay in "[ab .]{0,40}",
        ) {
            let trie = ByteTrie::build(&patterns).unwrap();
            for start in 0..hay.len() {
                let found = prefixes(&trie, &hay, start);
                if !trie.may_start(hay.as_bytes(), start) {
                    proptest::prop_assert!(found.is_empty(), "{patterns:?} {hay:?} at {start}");
                }
                if !trie.may_go_on(hay.as_bytes(), start) {
                    proptest::prop_assert!(found.iter().all(|&(end, _)| end == start + 1), "{patterns:?} {hay:?} at {start}");
                }
            }
        }
    }

    #[test]
    fn dense_and_sparse_nodes_agree() {
        // Every letter after `x`: the node of `x` is dense; after `xa`, sparse.
        let mut patterns: Vec<String> = ('a'..='z').map(|c| format!("x{c}")).collect();
        patterns.extend(["xab", "xac", "xa\u{e9}"].map(String::from));
        let trie = ByteTrie::build(&patterns).unwrap();
        for (i, p) in patterns.iter().enumerate() {
            let found = prefixes(&trie, &format!("{p}!"), 0);
            assert_eq!(found.last(), Some(&(p.len(), i)), "{p}");
        }
        assert_eq!(prefixes(&trie, "xab", 0), [(2, 0), (3, 26)]);
        assert_eq!(prefixes(&trie, "x", 0), []);
        assert_eq!(prefixes(&trie, "x\u{e9}", 0), []);
    }
}
