//! The default alias automaton: a byte trie of the folded aliases, built for anchored walks and nothing else.
//!
//! The matcher only ever walks from a word start ([`super::automaton`]), so the failure links that make an
//! Aho-Corasick automaton able to scan unanchored are never followed. Computing them was 40% of building the
//! default gazetteer and, with the sparse trie they are computed over, most of building a million aliases
//! (15 s). This trie is built from the sorted aliases in one depth-first pass that reads each alias once, and
//! walks with one table lookup per byte where it matters (the root and the other nodes with many children) and a
//! scan of a few labels elsewhere.
//!
//! Layout: nodes are numbered depth first, so a walk mostly moves forward through memory. A node with few children
//! keeps them as a sorted run of labels, with the child ids beside them; one with many children has a dense row of
//! 256 child ids instead.

/// No pattern ends at the node; no child for the byte (node 0, the root, is nobody's child).
const NONE: u32 = u32::MAX;

/// Children above which a node gets a dense row: a scan of this many labels costs about one cache line.
const SPARSE_MAX: usize = 8;

/// `Node::count` of a node whose children are a dense row: `first` is then the row's number.
const DENSE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Node {
    /// Index of the first child in `labels`/`targets`, or of the dense row.
    first: u32,
    /// Number of children, or [`DENSE`].
    count: u32,
    /// The pattern that ends here, or [`NONE`].
    pattern: u32,
}

/// A trie of byte strings, walked from its root. See the module docs.
#[derive(Clone, Debug)]
pub(crate) struct ByteTrie {
    nodes: Vec<Node>,
    labels: Vec<u8>,
    targets: Vec<u32>,
    /// Dense rows, 256 entries each.
    dense: Vec<u32>,
}

/// A node of the pattern being added, while its children are still being found.
struct Open {
    id: u32,
    children: Vec<(u8, u32)>,
}

/// The trie has more nodes than a `u32` can number.
#[derive(Debug)]
pub(crate) struct TooLarge;

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
        let mut trie = ByteTrie { nodes: Vec::new(), labels: Vec::new(), targets: Vec::new(), dense: Vec::new() };
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
        trie.nodes.shrink_to_fit();
        trie.labels.shrink_to_fit();
        trie.targets.shrink_to_fit();
        trie.dense.shrink_to_fit();
        Ok(trie)
    }

    /// Writes the children of a node, now all known.
    fn close(&mut self, open: &Open) {
        let node = &mut self.nodes[open.id as usize];
        if open.children.len() > SPARSE_MAX {
            let row = self.dense.len() / 256;
            self.dense.resize(self.dense.len() + 256, NONE);
            for &(byte, child) in &open.children {
                self.dense[row * 256 + byte as usize] = child;
            }
            node.first = row as u32;
            node.count = DENSE;
        } else {
            node.first = self.labels.len() as u32;
            node.count = open.children.len() as u32;
            self.labels.extend(open.children.iter().map(|c| c.0));
            self.targets.extend(open.children.iter().map(|c| c.1));
        }
    }

    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.labels.capacity()
            + (self.targets.capacity() + self.dense.capacity()) * 4
    }

    /// Number of nodes, the root included.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.nodes.len()
    }

    #[inline(always)]
    fn child(&self, node: &Node, byte: u8) -> Option<u32> {
        if node.count == DENSE {
            let child = self.dense[node.first as usize * 256 + byte as usize];
            return (child != NONE).then_some(child);
        }
        let first = node.first as usize;
        let labels = &self.labels[first..first + node.count as usize];
        let i = labels.iter().position(|&l| l == byte)?;
        Some(self.targets[first + i])
    }

    /// Calls `found(end, pattern)` for every pattern equal to `hay[start..end]`, shortest first.
    #[inline]
    pub fn prefixes(&self, hay: &[u8], start: usize, mut found: impl FnMut(usize, usize)) {
        let mut node = &self.nodes[0];
        for (end, &byte) in (start + 1..).zip(&hay[start..]) {
            let Some(child) = self.child(node, byte) else { return };
            node = &self.nodes[child as usize];
            if node.pattern != NONE {
                found(end, node.pattern as usize);
            }
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
        // The root, `u`, `u.`, ... one node a distinct prefix.
        assert_eq!(trie.len(), 1 + "u.s. congress".len() + 1 + "russian".len() + "ssia".len());
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
