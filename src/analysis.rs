//! Graph analysis: centralities, communities, strongest paths, association scores, filters and diffs.
//!
//! Every function takes an [`EntityGraph`] and returns plain data: per-node values in a `Vec` indexed by
//! [`NodeId::as_usize`], or serialisable structs keyed by [`NodeId`] and entity id.
//!
//! # Determinism
//!
//! Floating-point results do not depend on the order in which documents were added, batched or merged: algorithms
//! visit nodes in the canonical order (by entity id) and neighbours likewise, so the same documents give the same
//! numbers to the last bit, and ties are broken by entity id.
//!
//! # Which weights
//!
//! | Function | Edge weight used as |
//! |---|---|
//! | [`degree`] | ignored |
//! | [`weighted_degree`] | co-occurrence count, summed |
//! | [`pagerank`] | transition probability proportional to the weight |
//! | [`betweenness`] | ignored ([`Distance::Hops`]) or distance `1 / weight` ([`Distance::InverseWeight`]) |
//! | [`communities`] | weight in modularity |
//! | [`strongest_path`] | cost `−ln(weight / max weight)`: the path maximising the product of normalised weights |
//! | [`associations`] | joint count against the ends' window counts |
//!
//! # Examples
//!
//! ```
//! use newsgraph::{analysis, EntityGraph, Extractor};
//!
//! let extractor = Extractor::default();
//! let text = "Vladimir Putin met Xi Jinping in Moscow. Putin and Xi signed a deal. Donald Trump called Putin.";
//! let mut graph = EntityGraph::for_extractor(&extractor);
//! graph.add_extraction("doc-1", None, text, &extractor.extract(text));
//!
//! let pagerank = analysis::pagerank(&graph, 0.85);
//! assert!((pagerank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
//! let top = analysis::rank_nodes(&graph, &pagerank, 1);
//! assert_eq!(top[0].id, "vladimir-putin");
//!
//! let (trump, xi) = (graph.find("Donald Trump").unwrap(), graph.find("Xi Jinping").unwrap());
//! let path = analysis::strongest_path(&graph, trump, xi).unwrap();
//! let names: Vec<&str> = path.nodes.iter().map(|&n| graph.node(n).name.as_str()).collect();
//! assert_eq!(names, ["Donald Trump", "Vladimir Putin", "Xi Jinping"]);
//! ```

use crate::date::Date;
use crate::entity::EntityKind;
use crate::graph::{DateRange, Edge, EntityGraph, Node, NodeId};
use foldhash::{HashMap, HashMapExt, HashSet};
use petgraph::visit::EdgeRef as _;
use serde::Serialize;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fmt;
use std::str::FromStr;

/// The graph in canonical order: position `p` is the node with the p-th smallest entity id, and each neighbour
/// list is sorted by position.
struct Canonical {
    order: Vec<NodeId>,
    neighbors: Vec<Vec<(usize, u64)>>,
}

impl Canonical {
    fn new(graph: &EntityGraph) -> Canonical {
        let order = graph.sorted_node_ids();
        let mut position = vec![0; order.len()];
        for (p, id) in order.iter().enumerate() {
            position[id.as_usize()] = p;
        }
        let mut neighbors: Vec<Vec<(usize, u64)>> = vec![Vec::new(); order.len()];
        for e in graph.as_petgraph().edge_references() {
            let (a, b) = (position[e.source().index()], position[e.target().index()]);
            if a != b {
                neighbors[a].push((b, e.weight().weight));
                neighbors[b].push((a, e.weight().weight));
            }
        }
        for list in &mut neighbors {
            list.sort_unstable();
        }
        Canonical { order, neighbors }
    }

    fn len(&self) -> usize {
        self.order.len()
    }

    /// Values by position, rearranged to be indexed by node id.
    fn by_node_id<T: Copy + Default>(&self, values: &[T]) -> Vec<T> {
        let mut out = vec![T::default(); values.len()];
        for (p, id) in self.order.iter().enumerate() {
            out[id.as_usize()] = values[p];
        }
        out
    }
}

/// Number of neighbours of each node, indexed by [`NodeId::as_usize`].
///
/// # Complexity
///
/// O(V + E).
pub fn degree(graph: &EntityGraph) -> Vec<usize> {
    let g = graph.as_petgraph();
    g.node_indices().map(|n| g.edges(n).count()).collect()
}

/// Sum of the weights of each node's edges (its strength), indexed by [`NodeId::as_usize`].
///
/// # Complexity
///
/// O(V + E).
pub fn weighted_degree(graph: &EntityGraph) -> Vec<u64> {
    let g = graph.as_petgraph();
    g.node_indices().map(|n| g.edges(n).map(|e| e.weight().weight).sum()).collect()
}

/// Options of [`pagerank_with`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PageRankOptions {
    /// Probability of following an edge rather than jumping to a random node (default 0.85).
    pub damping: f64,
    /// Iteration stops when the scores change by less than this, summed over all nodes (L1; default 1e-12).
    pub tolerance: f64,
    /// Iteration stops after this many rounds even if not converged (default 1000).
    pub max_iterations: usize,
}

impl Default for PageRankOptions {
    fn default() -> PageRankOptions {
        PageRankOptions { damping: 0.85, tolerance: 1e-12, max_iterations: 1000 }
    }
}

/// PageRank scores with how the iteration ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageRank {
    /// Score of each node, indexed by [`NodeId::as_usize`]; they sum to 1.
    pub scores: Vec<f64>,
    /// Rounds of power iteration run.
    pub iterations: usize,
    /// Whether the change fell below the tolerance.
    pub converged: bool,
}

/// Weighted PageRank on the undirected graph, indexed by [`NodeId::as_usize`]; scores sum to 1. With default
/// tolerance and iteration limit; see [`pagerank_with`].
///
/// # Panics
///
/// Panics when `damping` is not between 0 and 1.
///
/// # Complexity
///
/// O(I (V + E)) for I iterations (typically under 100).
pub fn pagerank(graph: &EntityGraph, damping: f64) -> Vec<f64> {
    pagerank_with(graph, &PageRankOptions { damping, ..PageRankOptions::default() }).scores
}

/// Weighted PageRank by power iteration.
///
/// A random surfer at node u follows edge (u, v) with probability `damping · w(u,v) / strength(u)`, and otherwise
/// jumps to a node chosen uniformly; at a node without edges it always jumps. So an entity gains rank from
/// co-occurring often with entities that have high rank themselves. (petgraph's `page_rank` ignores edge weights
/// and is quadratic in the node count, which is why this crate has its own.)
///
/// # Panics
///
/// Panics when `options.damping` is not between 0 and 1.
///
/// # Complexity
///
/// O(I (V + E)) for I iterations, at most `options.max_iterations`.
pub fn pagerank_with(graph: &EntityGraph, options: &PageRankOptions) -> PageRank {
    let d = options.damping;
    assert!((0.0..=1.0).contains(&d), "PageRank damping must be between 0 and 1, not {d}");
    let canonical = Canonical::new(graph);
    let n = canonical.len();
    if n == 0 {
        return PageRank { scores: Vec::new(), iterations: 0, converged: true };
    }
    let strength: Vec<f64> = canonical.neighbors.iter().map(|l| l.iter().map(|&(_, w)| w as f64).sum()).collect();
    let uniform = 1.0 / n as f64;
    let mut rank = vec![uniform; n];
    let mut next = vec![0.0; n];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < options.max_iterations {
        iterations += 1;
        let dangling: f64 = (0..n).filter(|&p| strength[p] == 0.0).map(|p| rank[p]).sum();
        let base = (1.0 - d) * uniform + d * dangling * uniform;
        for (q, slot) in next.iter_mut().enumerate() {
            let inflow: f64 = canonical.neighbors[q].iter().map(|&(p, w)| rank[p] * w as f64 / strength[p]).sum();
            *slot = base + d * inflow;
        }
        let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < options.tolerance {
            converged = true;
            break;
        }
    }
    // Rounding drifts the total by a few ulps per round; renormalise so the scores are a distribution.
    let total: f64 = rank.iter().sum();
    for r in &mut rank {
        *r /= total;
    }
    PageRank { scores: canonical.by_node_id(&rank), iterations, converged }
}

/// What a path's length is, for [`betweenness`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Distance {
    /// Number of edges: weights are ignored.
    #[default]
    Hops,
    /// Sum of `1 / weight` over the path's edges: entities that co-occur often are close.
    InverseWeight,
}

/// Betweenness centrality (Brandes), normalised as networkx does for undirected graphs: the share of shortest
/// paths between pairs of other nodes that pass through the node, summed over pairs and divided by
/// `(n − 1)(n − 2) / 2`. Between 0 and 1; all zero when the graph has fewer than 3 nodes.
///
/// With [`Distance::InverseWeight`], two path lengths that differ by less than one part in 10¹² are equal, so that
/// `1/2 + 1/2` ties with `1/1` despite rounding.
///
/// # Complexity
///
/// O(V E) with [`Distance::Hops`], O(V E + V² log V) with [`Distance::InverseWeight`]; O(V + E) memory.
pub fn betweenness(graph: &EntityGraph, distance: Distance) -> Vec<f64> {
    let canonical = Canonical::new(graph);
    let n = canonical.len();
    let mut centrality = vec![0.0; n];
    let mut sigma = vec![0.0f64; n];
    let mut delta = vec![0.0f64; n];
    let mut dist = vec![f64::INFINITY; n];
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut stack: Vec<usize> = Vec::with_capacity(n);
    for s in 0..n {
        for v in 0..n {
            sigma[v] = 0.0;
            delta[v] = 0.0;
            dist[v] = f64::INFINITY;
            preds[v].clear();
        }
        stack.clear();
        sigma[s] = 1.0;
        dist[s] = 0.0;
        match distance {
            Distance::Hops => {
                let mut queue = std::collections::VecDeque::from([s]);
                while let Some(v) = queue.pop_front() {
                    stack.push(v);
                    for &(w, _) in &canonical.neighbors[v] {
                        if dist[w].is_infinite() {
                            dist[w] = dist[v] + 1.0;
                            queue.push_back(w);
                        }
                        if dist[w] == dist[v] + 1.0 {
                            sigma[w] += sigma[v];
                            preds[w].push(v);
                        }
                    }
                }
            }
            Distance::InverseWeight => {
                let mut settled = vec![false; n];
                let mut heap = BinaryHeap::from([Reverse(Key { cost: 0.0, hops: 0, node: s })]);
                while let Some(Reverse(Key { cost, node: v, .. })) = heap.pop() {
                    if settled[v] || cost > dist[v] {
                        continue;
                    }
                    settled[v] = true;
                    stack.push(v);
                    for &(w, weight) in &canonical.neighbors[v] {
                        let candidate = dist[v] + 1.0 / weight as f64;
                        if settled[w] {
                            continue;
                        }
                        if dist[w].is_infinite() || (candidate < dist[w] && !nearly_equal(candidate, dist[w])) {
                            dist[w] = candidate;
                            sigma[w] = sigma[v];
                            preds[w].clear();
                            preds[w].push(v);
                            heap.push(Reverse(Key { cost: candidate, hops: 0, node: w }));
                        } else if nearly_equal(candidate, dist[w]) {
                            sigma[w] += sigma[v];
                            preds[w].push(v);
                        }
                    }
                }
            }
        }
        while let Some(w) = stack.pop() {
            for &v in &preds[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                centrality[w] += delta[w];
            }
        }
    }
    // Each unordered pair was counted from both ends.
    let scale = if n > 2 { 1.0 / ((n - 1) * (n - 2)) as f64 } else { 0.0 };
    for c in &mut centrality {
        *c *= scale;
    }
    canonical.by_node_id(&centrality)
}

fn nearly_equal(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

/// A priority-queue entry: lower cost first, then fewer hops, then lower position.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Key {
    cost: f64,
    hops: usize,
    node: usize,
}

impl Eq for Key {}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        self.cost.total_cmp(&other.cost).then(self.hops.cmp(&other.hops)).then(self.node.cmp(&other.node))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A partition of the graph into communities.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Communities {
    /// The community of each node (an index into `communities`), indexed by [`NodeId::as_usize`].
    pub membership: Vec<usize>,
    /// The members of each community, sorted by entity id; the largest community first, ties by first member id.
    pub communities: Vec<Vec<NodeId>>,
    /// Weighted modularity of the partition (see [`modularity`]).
    pub modularity: f64,
}

/// Communities by the Louvain method (Blondel et al. 2008) on the weighted graph, with resolution 1.
///
/// Each node in turn moves to the neighbouring community that raises modularity most, until no move helps; then
/// communities become nodes and the process repeats. Nodes are visited in entity-id order and a node moves only
/// for a strict gain (ties go to the community met first in that order), so the result is deterministic. Nodes
/// without edges are communities of their own.
///
/// # Complexity
///
/// O(L · P · (V + E)) for L levels and P passes per level, both small in practice (near-linear overall).
pub fn communities(graph: &EntityGraph) -> Communities {
    let canonical = Canonical::new(graph);
    let n = canonical.len();
    let mut level = Level {
        neighbors: canonical.neighbors.iter().map(|list| list.iter().map(|&(q, w)| (q, w as f64)).collect()).collect(),
        loops: vec![0.0; n],
    };
    // Community of each canonical position, through all levels.
    let mut membership: Vec<usize> = (0..n).collect();
    while let Some(moved) = level.move_nodes() {
        let count = moved.iter().max().map_or(0, |&c| c + 1);
        for m in &mut membership {
            *m = moved[*m];
        }
        if count == level.neighbors.len() {
            break;
        }
        level = level.aggregate(&moved, count);
    }
    let mut groups: Vec<Vec<NodeId>> = Vec::new();
    for (p, &c) in membership.iter().enumerate() {
        if groups.len() <= c {
            groups.resize(c + 1, Vec::new());
        }
        groups[c].push(canonical.order[p]);
    }
    groups.retain(|g| !g.is_empty());
    // Members are already in entity-id order, as positions are.
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| graph.node(a[0]).id.cmp(&graph.node(b[0]).id)));
    let mut by_node = vec![0; n];
    for (c, group) in groups.iter().enumerate() {
        for id in group {
            by_node[id.as_usize()] = c;
        }
    }
    let modularity = modularity(graph, &by_node);
    Communities { membership: by_node, communities: groups, modularity }
}

/// One level of the Louvain method: a weighted graph whose nodes may stand for communities of the level below.
struct Level {
    neighbors: Vec<Vec<(usize, f64)>>,
    /// Weight of the edges inside each node (each counted once).
    loops: Vec<f64>,
}

impl Level {
    /// Moves nodes between communities until no move raises modularity. Returns the community of each node,
    /// numbered from 0 in order of first appearance, or `None` when no node moved.
    fn move_nodes(&self) -> Option<Vec<usize>> {
        let n = self.neighbors.len();
        let strength: Vec<f64> =
            (0..n).map(|i| self.neighbors[i].iter().map(|&(_, w)| w).sum::<f64>() + 2.0 * self.loops[i]).collect();
        let total: f64 = strength.iter().sum();
        if total == 0.0 {
            return None;
        }
        let epsilon = 1e-12 * total;
        let mut community: Vec<usize> = (0..n).collect();
        let mut community_strength = strength.clone();
        let mut weight_to = vec![0.0f64; n];
        let mut touched: Vec<usize> = Vec::new();
        let mut is_touched = vec![false; n];
        let mut any_move = false;
        for _pass in 0..1000 {
            let mut moved = false;
            for i in 0..n {
                for &(j, w) in &self.neighbors[i] {
                    let c = community[j];
                    if !is_touched[c] {
                        is_touched[c] = true;
                        touched.push(c);
                    }
                    weight_to[c] += w;
                }
                let own = community[i];
                community_strength[own] -= strength[i];
                // Gain of joining community c, up to a factor common to all c: links into c minus what a random
                // graph with the same strengths would give.
                let gain = |c: usize| weight_to[c] - community_strength[c] * strength[i] / total;
                let mut best = own;
                let mut best_gain = gain(own);
                for &c in &touched {
                    let g = gain(c);
                    if g > best_gain + epsilon {
                        best = c;
                        best_gain = g;
                    }
                }
                community[i] = best;
                community_strength[best] += strength[i];
                if best != own {
                    moved = true;
                }
                for &c in &touched {
                    weight_to[c] = 0.0;
                    is_touched[c] = false;
                }
                weight_to[own] = 0.0;
                touched.clear();
            }
            any_move |= moved;
            if !moved {
                break;
            }
        }
        if !any_move {
            return None;
        }
        let mut renumber: HashMap<usize, usize> = HashMap::new();
        Some(
            community
                .iter()
                .map(|c| {
                    let next = renumber.len();
                    *renumber.entry(*c).or_insert(next)
                })
                .collect(),
        )
    }

    /// The level whose nodes are this level's communities.
    fn aggregate(&self, community: &[usize], count: usize) -> Level {
        let mut loops = vec![0.0; count];
        let mut links: Vec<HashMap<usize, f64>> = vec![HashMap::new(); count];
        for (i, list) in self.neighbors.iter().enumerate() {
            let a = community[i];
            loops[a] += self.loops[i];
            for &(j, w) in list {
                let b = community[j];
                if a == b {
                    // Seen from both ends; count once.
                    if i < j {
                        loops[a] += w;
                    }
                } else {
                    *links[a].entry(b).or_insert(0.0) += w;
                }
            }
        }
        let neighbors = links
            .into_iter()
            .map(|m| {
                let mut list: Vec<(usize, f64)> = m.into_iter().collect();
                list.sort_by_key(|&(b, _)| b);
                list
            })
            .collect();
        Level { neighbors, loops }
    }
}

/// Weighted modularity of a partition: `Σ_c [ L_c / m − (D_c / 2m)² ]`, where m is the total edge weight, L_c the
/// weight of the edges inside community c and D_c the sum of its nodes' weighted degrees. `membership` is indexed
/// by [`NodeId::as_usize`]. 0 for a graph without edges.
///
/// # Panics
///
/// Panics when `membership` is shorter than the node count.
///
/// # Complexity
///
/// O(V + E).
pub fn modularity(graph: &EntityGraph, membership: &[usize]) -> f64 {
    let g = graph.as_petgraph();
    let m: f64 = g.edge_references().map(|e| e.weight().weight as f64).sum();
    if m == 0.0 {
        return 0.0;
    }
    let mut inside: HashMap<usize, f64> = HashMap::new();
    let mut degree: HashMap<usize, f64> = HashMap::new();
    for e in g.edge_references() {
        let (a, b) = (membership[e.source().index()], membership[e.target().index()]);
        let w = e.weight().weight as f64;
        if a == b {
            *inside.entry(a).or_insert(0.0) += w;
        }
        *degree.entry(a).or_insert(0.0) += w;
        *degree.entry(b).or_insert(0.0) += w;
    }
    let mut communities: Vec<usize> = degree.keys().copied().collect();
    communities.sort_unstable();
    communities.iter().map(|c| inside.get(c).copied().unwrap_or(0.0) / m - (degree[c] / (2.0 * m)).powi(2)).sum()
}

/// The path of strongest links between two nodes (see [`strongest_path`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StrongestPath {
    /// The nodes from start to end, both included.
    pub nodes: Vec<NodeId>,
    /// The entity ids of `nodes`.
    pub ids: Vec<String>,
    /// The weight of each edge along the path (one fewer than the nodes).
    pub weights: Vec<u64>,
    /// Product of the path's weights, each divided by the graph's heaviest edge weight: 1 for a path of heaviest
    /// edges, smaller the weaker its links.
    pub strength: f64,
}

/// The path between `from` and `to` that maximises the product of normalised edge weights `w / max_w`, found by
/// Dijkstra's algorithm on the cost `−ln(w / max_w)` (non-negative, so Dijkstra applies). Where costs tie (within
/// one part in 10¹²), the path with fewer edges wins, then the one through lower entity ids. `None` when the two
/// are not connected.
///
/// Normalising by the heaviest edge keeps the score independent of corpus size. An edge of the heaviest weight
/// costs nothing, so a detour through two heaviest edges ties with one such edge and the hop count decides.
///
/// # Panics
///
/// Panics when `from` or `to` is not a node of the graph.
///
/// # Complexity
///
/// O((V + E) log V).
pub fn strongest_path(graph: &EntityGraph, from: NodeId, to: NodeId) -> Option<StrongestPath> {
    let canonical = Canonical::new(graph);
    let n = canonical.len();
    assert!(from.as_usize() < n && to.as_usize() < n, "node id out of range");
    let mut position = vec![0; n];
    for (p, id) in canonical.order.iter().enumerate() {
        position[id.as_usize()] = p;
    }
    let max_weight = canonical.neighbors.iter().flatten().map(|&(_, w)| w).max().unwrap_or(1).max(1) as f64;
    let (start, goal) = (position[from.as_usize()], position[to.as_usize()]);
    let mut best: Vec<Option<(f64, usize)>> = vec![None; n];
    let mut previous: Vec<Option<(usize, u64)>> = vec![None; n];
    let mut done = vec![false; n];
    best[start] = Some((0.0, 0));
    let mut heap = BinaryHeap::from([Reverse(Key { cost: 0.0, hops: 0, node: start })]);
    while let Some(Reverse(Key { node: v, .. })) = heap.pop() {
        if done[v] {
            continue;
        }
        done[v] = true;
        // The best known reaching v, which a near-tie with fewer hops may have set after a heap entry was queued.
        let Some((cost, hops)) = best[v] else { continue };
        if v == goal {
            break;
        }
        for &(w, weight) in &canonical.neighbors[v] {
            if done[w] {
                continue;
            }
            let step = (max_weight / weight as f64).ln();
            let candidate = (cost + step, hops + 1);
            let better = match best[w] {
                None => true,
                Some((c, h)) => {
                    if nearly_equal(candidate.0, c) {
                        candidate.1 < h
                    } else {
                        candidate.0 < c
                    }
                }
            };
            if better {
                best[w] = Some(candidate);
                previous[w] = Some((v, weight));
                heap.push(Reverse(Key { cost: candidate.0, hops: candidate.1, node: w }));
            }
        }
    }
    let (cost, _) = best[goal]?;
    let mut nodes = vec![goal];
    let mut weights = Vec::new();
    let mut at = goal;
    while let Some((p, w)) = previous[at] {
        nodes.push(p);
        weights.push(w);
        at = p;
    }
    nodes.reverse();
    weights.reverse();
    let nodes: Vec<NodeId> = nodes.into_iter().map(|p| canonical.order[p]).collect();
    let ids = nodes.iter().map(|&id| graph.node(id).id.clone()).collect();
    Some(StrongestPath { nodes, ids, weights, strength: (-cost).exp() })
}

/// Association scores of a pair from its counts (see [`AssociationScores::new`] for the formulas).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct AssociationScores {
    /// Pointwise mutual information, in bits.
    pub pmi: f64,
    /// Normalised PMI, between −1 and 1 (1: the two always appear together).
    pub npmi: f64,
    /// Dice coefficient, between 0 and 1.
    pub dice: f64,
    /// logDice (Rychlý 2008): `14 + log2(dice)`, at most 14.
    pub log_dice: f64,
    /// Signed log-likelihood ratio G²: positive when the pair co-occurs more than chance predicts, negative when
    /// less.
    pub log_likelihood: f64,
}

impl AssociationScores {
    /// Scores of a pair that appears together in `joint` windows, where one entity appears in `a` windows, the
    /// other in `b`, of `total` windows in all. With the probabilities `p(ab) = joint / total`, `p(a) = a / total`,
    /// `p(b) = b / total`:
    ///
    /// - PMI = `log2( p(ab) / (p(a) p(b)) )`
    /// - NPMI = `PMI / −log2 p(ab)`, and 1 when `p(ab) = 1`
    /// - Dice = `2 joint / (a + b)`; logDice = `14 + log2 Dice`
    /// - G² = `2 Σ O ln(O / E)` over the 2×2 table of windows with and without each entity, observed O against
    ///   expected E = row total × column total / `total` (cells with O = 0 add 0); its sign is made negative when
    ///   `joint` is below its expectation `a b / total` (Evert 2004).
    ///
    /// `None` when the counts are not those of one pair in one corpus: `joint` is 0, exceeds `a` or `b`, or the
    /// windows with either entity (`a + b − joint`) exceed `total`.
    ///
    /// # Examples
    ///
    /// ```
    /// use newsgraph::analysis::AssociationScores;
    ///
    /// // Two entities named in 10 windows each, 5 of them together, out of 100.
    /// let s = AssociationScores::new(5, 10, 10, 100).unwrap();
    /// assert!((s.pmi - 5f64.log2()).abs() < 1e-12); // log2(0.05 / (0.1 × 0.1)) = log2 5
    /// assert!((s.dice - 0.5).abs() < 1e-12);
    /// assert!((s.log_dice - 13.0).abs() < 1e-12);
    /// ```
    ///
    /// # Complexity
    ///
    /// O(1).
    pub fn new(joint: u64, a: u64, b: u64, total: u64) -> Option<AssociationScores> {
        if joint == 0 || joint > a || joint > b || a + b - joint > total {
            return None;
        }
        let (j, fa, fb, n) = (joint as f64, a as f64, b as f64, total as f64);
        let pmi = (j * n / (fa * fb)).log2();
        let p_joint = j / n;
        let npmi = if joint == total { 1.0 } else { pmi / -p_joint.log2() };
        let dice = 2.0 * j / (fa + fb);
        let log_dice = 14.0 + dice.log2();
        let observed = [j, fa - j, fb - j, n - fa - fb + j];
        let expected = [fa * fb / n, fa * (n - fb) / n, (n - fa) * fb / n, (n - fa) * (n - fb) / n];
        let g2: f64 =
            2.0 * observed.iter().zip(&expected).filter(|(o, _)| **o > 0.0).map(|(o, e)| o * (o / e).ln()).sum::<f64>();
        // Rounding can make a perfectly independent pair's G² a tiny negative number.
        let g2 = g2.max(0.0);
        let log_likelihood = if j < expected[0] { -g2 } else { g2 };
        Some(AssociationScores { pmi, npmi, dice, log_dice, log_likelihood })
    }
}

/// An edge with its association scores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Association {
    /// The end with the smaller entity id.
    pub source: NodeId,
    /// The other end.
    pub target: NodeId,
    /// Entity id of `source`.
    pub source_id: String,
    /// Entity id of `target`.
    pub target_id: String,
    /// Windows shared (the edge weight).
    pub weight: u64,
    /// Documents shared.
    pub documents: u64,
    /// The scores.
    #[serde(flatten)]
    pub scores: AssociationScores,
}

/// A score edges can be ranked by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Windows shared.
    Weight,
    /// Documents shared.
    Documents,
    /// Pointwise mutual information.
    Pmi,
    /// Normalised PMI.
    Npmi,
    /// Dice coefficient.
    Dice,
    /// logDice.
    LogDice,
    /// Signed log-likelihood G².
    LogLikelihood,
}

impl Measure {
    /// Every measure, in a fixed order.
    pub const ALL: [Measure; 7] = [
        Measure::Weight,
        Measure::Documents,
        Measure::Pmi,
        Measure::Npmi,
        Measure::Dice,
        Measure::LogDice,
        Measure::LogLikelihood,
    ];

    /// The lower-case name (`weight`, `documents`, `pmi`, `npmi`, `dice`, `log_dice`, `log_likelihood`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Measure::Weight => "weight",
            Measure::Documents => "documents",
            Measure::Pmi => "pmi",
            Measure::Npmi => "npmi",
            Measure::Dice => "dice",
            Measure::LogDice => "log_dice",
            Measure::LogLikelihood => "log_likelihood",
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Measure {
    type Err = String;

    /// Parses a measure name; `-` and `_` are interchangeable and `g2`/`llr` mean log-likelihood.
    fn from_str(s: &str) -> Result<Measure, String> {
        let name = s.trim().to_ascii_lowercase().replace('-', "_");
        match name.as_str() {
            "g2" | "llr" | "loglikelihood" => return Ok(Measure::LogLikelihood),
            "logdice" => return Ok(Measure::LogDice),
            _ => {}
        }
        Measure::ALL.into_iter().find(|m| m.as_str() == name).ok_or_else(|| {
            let names: Vec<&str> = Measure::ALL.iter().map(|m| m.as_str()).collect();
            format!("unknown measure {s:?}: expected one of {}", names.join(", "))
        })
    }
}

impl Association {
    /// The value of `measure` for this edge.
    pub fn score(&self, measure: Measure) -> f64 {
        match measure {
            Measure::Weight => self.weight as f64,
            Measure::Documents => self.documents as f64,
            Measure::Pmi => self.scores.pmi,
            Measure::Npmi => self.scores.npmi,
            Measure::Dice => self.scores.dice,
            Measure::LogDice => self.scores.log_dice,
            Measure::LogLikelihood => self.scores.log_likelihood,
        }
    }
}

/// Association scores of every edge, in canonical order (by the ends' entity ids), from the ends' window counts
/// ([`Node::windows`]), the edge weight, and the graph's window total ([`Manifest::windows`](crate::Manifest)).
///
/// Edges whose counts are inconsistent (a graph assembled by hand, or nodes renamed) are left out rather than
/// given meaningless scores.
///
/// # Complexity
///
/// O(E log E).
pub fn associations(graph: &EntityGraph) -> Vec<Association> {
    let total = graph.manifest().windows;
    let mut out: Vec<Association> =
        graph.edge_ids().filter_map(|(s, t, edge)| association_of(graph, s, t, edge, total)).collect();
    out.sort_by(|a, b| (&a.source_id, &a.target_id).cmp(&(&b.source_id, &b.target_id)));
    out
}

/// The association scores of the edge between `a` and `b`, if they co-occur.
///
/// # Complexity
///
/// O(1) expected.
pub fn association(graph: &EntityGraph, a: NodeId, b: NodeId) -> Option<Association> {
    let edge = graph.edge(a, b)?;
    let (s, t) = if graph.node(a).id <= graph.node(b).id { (a, b) } else { (b, a) };
    association_of(graph, s, t, edge, graph.manifest().windows)
}

fn association_of(graph: &EntityGraph, s: NodeId, t: NodeId, edge: &Edge, total: u64) -> Option<Association> {
    let (source, target) = (graph.node(s), graph.node(t));
    let scores = AssociationScores::new(edge.weight, source.windows, target.windows, total)?;
    Some(Association {
        source: s,
        target: t,
        source_id: source.id.clone(),
        target_id: target.id.clone(),
        weight: edge.weight,
        documents: edge.documents,
        scores,
    })
}

/// Every edge's associations, best first by `measure` (ties by the ends' entity ids).
///
/// PMI and NPMI favour rare pairs: a pair seen once, each entity only there, scores the maximum. Rank by them
/// after [filtering](filter) out light edges, or rank by log-likelihood, which weighs the evidence.
///
/// # Complexity
///
/// O(E log E).
pub fn rank_edges(graph: &EntityGraph, measure: Measure) -> Vec<Association> {
    let mut all = associations(graph);
    all.sort_by(|a, b| {
        b.score(measure)
            .total_cmp(&a.score(measure))
            .then_with(|| (&a.source_id, &a.target_id).cmp(&(&b.source_id, &b.target_id)))
    });
    all
}

/// A per-node value that can rank nodes: the counts and the floating-point scores this module returns.
pub trait Score: Copy {
    /// The value as a float, for comparison and display.
    fn score(self) -> f64;
}

impl Score for f64 {
    fn score(self) -> f64 {
        self
    }
}

impl Score for u64 {
    fn score(self) -> f64 {
        self as f64
    }
}

impl Score for usize {
    fn score(self) -> f64 {
        self as f64
    }
}

/// A node and a score, for rankings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedNode {
    /// The node.
    pub node: NodeId,
    /// Its entity id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// The score.
    pub score: f64,
}

/// The `k` nodes with the highest `scores` (indexed by [`NodeId::as_usize`], as every per-node function here
/// returns them), highest first, ties by entity id.
///
/// # Panics
///
/// Panics when `scores` is shorter than the node count.
///
/// # Complexity
///
/// O(V log V).
pub fn rank_nodes<T: Score>(graph: &EntityGraph, scores: &[T], k: usize) -> Vec<RankedNode> {
    let mut ids: Vec<NodeId> = graph.node_ids().collect();
    ids.sort_by(|a, b| {
        let (x, y) = (scores[a.as_usize()].score(), scores[b.as_usize()].score());
        y.total_cmp(&x).then_with(|| graph.node(*a).id.cmp(&graph.node(*b).id))
    });
    ids.truncate(k);
    ids.into_iter()
        .map(|id| {
            let node = graph.node(id);
            RankedNode {
                node: id,
                id: node.id.clone(),
                name: node.name.clone(),
                kind: node.kind,
                score: scores[id.as_usize()].score(),
            }
        })
        .collect()
}

/// Every per-node measure of one node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeMetrics {
    /// The node.
    pub node: NodeId,
    /// Its entity id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Mentions.
    pub mentions: u64,
    /// Neighbours.
    pub degree: usize,
    /// Sum of edge weights.
    pub weighted_degree: u64,
    /// PageRank with damping 0.85.
    pub pagerank: f64,
    /// Betweenness on hop distance, normalised.
    pub betweenness: f64,
    /// Index of its community in [`communities`]'s result.
    pub community: usize,
}

/// Degree, weighted degree, PageRank (damping 0.85), betweenness (hops) and community of every node, in canonical
/// order (by entity id): one table for reports.
///
/// # Complexity
///
/// That of [`betweenness`], O(V E), which dominates.
pub fn node_metrics(graph: &EntityGraph) -> Vec<NodeMetrics> {
    let degree = degree(graph);
    let weighted = weighted_degree(graph);
    let pagerank = pagerank(graph, 0.85);
    let betweenness = betweenness(graph, Distance::Hops);
    let communities = communities(graph);
    graph
        .sorted_node_ids()
        .into_iter()
        .map(|id| {
            let i = id.as_usize();
            let node = graph.node(id);
            NodeMetrics {
                node: id,
                id: node.id.clone(),
                name: node.name.clone(),
                kind: node.kind,
                mentions: node.mentions,
                degree: degree[i],
                weighted_degree: weighted[i],
                pagerank: pagerank[i],
                betweenness: betweenness[i],
                community: communities.membership[i],
            }
        })
        .collect()
}

/// What to keep of a graph; see [`filter`]. Everything is kept by default.
///
/// # Examples
///
/// ```
/// use newsgraph::analysis::{self, Filter};
/// use newsgraph::{EntityGraph, EntityKind, Extractor};
///
/// let extractor = Extractor::default();
/// let text = "Vladimir Putin met Xi Jinping in Moscow. Putin and Xi signed a deal. Donald Trump called Putin.";
/// let mut graph = EntityGraph::for_extractor(&extractor);
/// graph.add_extraction("doc-1", None, text, &extractor.extract(text));
///
/// let leaders = analysis::filter(&graph, Filter::new().kinds(&[EntityKind::Leader]).min_weight(2).drop_isolated(true));
/// let names: Vec<&str> = leaders.nodes().map(|n| n.name.as_str()).collect();
/// assert_eq!(names, ["Vladimir Putin", "Xi Jinping"]);
/// assert_eq!(leaders.manifest().derived, ["kinds leader; min weight 2; without isolated nodes"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Filter {
    /// Keep only nodes of these kinds (`None`: all kinds).
    pub kinds: Option<Vec<EntityKind>>,
    /// Keep only edges of at least this weight.
    pub min_weight: u64,
    /// Keep only edges that are among the `k` heaviest of at least one of their ends.
    pub top_k: Option<usize>,
    /// Keep only what dated documents in this range contribute (see [`EntityGraph::slice`]).
    pub dates: Option<DateRange>,
    /// Drop nodes left without edges.
    pub drop_isolated: bool,
}

impl Filter {
    /// A filter that keeps everything.
    pub fn new() -> Filter {
        Filter::default()
    }

    /// Keeps only nodes of these kinds.
    pub fn kinds(&mut self, kinds: &[EntityKind]) -> &mut Filter {
        self.kinds = Some(kinds.to_vec());
        self
    }

    /// Keeps only edges of at least this weight.
    pub fn min_weight(&mut self, weight: u64) -> &mut Filter {
        self.min_weight = weight;
        self
    }

    /// Keeps only edges among the `k` heaviest of one of their ends.
    pub fn top_k(&mut self, k: usize) -> &mut Filter {
        self.top_k = Some(k);
        self
    }

    /// Keeps only dated documents in `range`.
    pub fn dates(&mut self, range: DateRange) -> &mut Filter {
        self.dates = Some(range);
        self
    }

    /// Drops nodes left without edges.
    pub fn drop_isolated(&mut self, yes: bool) -> &mut Filter {
        self.drop_isolated = yes;
        self
    }

    /// The filter without its date range, as recorded in a manifest; empty when it keeps everything.
    fn describe_structure(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(kinds) = &self.kinds {
            let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            parts.push(format!("kinds {}", names.join(",")));
        }
        if self.min_weight > 1 {
            parts.push(format!("min weight {}", self.min_weight));
        }
        if let Some(k) = self.top_k {
            parts.push(format!("top {k} per node"));
        }
        if self.drop_isolated {
            parts.push("without isolated nodes".to_string());
        }
        parts.join("; ")
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let structure = self.describe_structure();
        match (&self.dates, structure.is_empty()) {
            (Some(range), true) => write!(f, "dates {range}"),
            (Some(range), false) => write!(f, "dates {range}; {structure}"),
            (None, _) => f.write_str(&structure),
        }
    }
}

/// The graph with only what `filter` keeps, applied in this order:
///
/// 1. the date range, as [`EntityGraph::slice`] (counts become those of the range's documents);
/// 2. kinds: nodes of other kinds are dropped with their edges;
/// 3. minimum weight: lighter edges are dropped;
/// 4. top-k: of the remaining edges, each node marks its `k` heaviest (ties by the other end's entity id); an edge
///    marked by either end is kept, so every node keeps at least `min(k, degree)` edges;
/// 5. isolated nodes are dropped if asked.
///
/// Node counts and the manifest's totals are not changed by steps 2–5, so association scores computed on the
/// filtered graph equal those on the unfiltered one. The manifest's `derived` list records the filter.
///
/// # Complexity
///
/// O(V + E log E).
pub fn filter(graph: &EntityGraph, filter: &Filter) -> EntityGraph {
    let sliced = filter.dates.map(|range| graph.slice(range));
    let base = sliced.as_ref().unwrap_or(graph);
    let structure = filter.describe_structure();
    if structure.is_empty() {
        return sliced.unwrap_or_else(|| graph.clone());
    }
    let kind_ok = |node: &Node| filter.kinds.as_ref().is_none_or(|kinds| kinds.contains(&node.kind));
    let key = |a: NodeId, b: NodeId| if a <= b { (a, b) } else { (b, a) };
    let mut candidates: Vec<(NodeId, NodeId, u64)> = base
        .edge_ids()
        .filter(|&(s, t, e)| kind_ok(base.node(s)) && kind_ok(base.node(t)) && e.weight >= filter.min_weight)
        .map(|(s, t, e)| (s, t, e.weight))
        .collect();
    if let Some(k) = filter.top_k {
        let mut incident: Vec<Vec<(u64, NodeId, usize)>> = vec![Vec::new(); base.node_count()];
        for (i, &(s, t, w)) in candidates.iter().enumerate() {
            incident[s.as_usize()].push((w, t, i));
            incident[t.as_usize()].push((w, s, i));
        }
        let mut marked = vec![false; candidates.len()];
        for list in &mut incident {
            list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| base.node(a.1).id.cmp(&base.node(b.1).id)));
            for &(_, _, i) in list.iter().take(k) {
                marked[i] = true;
            }
        }
        let mut i = 0;
        candidates.retain(|_| {
            i += 1;
            marked[i - 1]
        });
    }
    let kept: HashSet<(NodeId, NodeId)> = candidates.iter().map(|&(s, t, _)| key(s, t)).collect();
    let mut has_edge = vec![false; base.node_count()];
    for &(s, t, _) in &candidates {
        has_edge[s.as_usize()] = true;
        has_edge[t.as_usize()] = true;
    }
    base.derive(
        structure,
        |id, node| (kind_ok(node) && (!filter.drop_isolated || has_edge[id.as_usize()])).then(|| node.clone()),
        |s, t, edge| kept.contains(&key(s, t)).then(|| edge.clone()),
    )
}

/// How one edge's weight differs between two graphs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EdgeChange {
    /// Entity id of the end with the smaller id.
    pub source: String,
    /// Entity id of the other end.
    pub target: String,
    /// Name of `source`.
    pub source_name: String,
    /// Name of `target`.
    pub target_name: String,
    /// Weight in the first graph (0 when absent).
    pub before: u64,
    /// Weight in the second graph (0 when absent).
    pub after: u64,
    /// `after − before`.
    pub change: i64,
}

/// The differences between two graphs, keyed by entity id (see [`diff`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GraphDiff {
    /// Entity ids in the second graph only, sorted.
    pub nodes_added: Vec<String>,
    /// Entity ids in the first graph only, sorted.
    pub nodes_removed: Vec<String>,
    /// Edges in the second graph only, heaviest first.
    pub edges_added: Vec<EdgeChange>,
    /// Edges in the first graph only, heaviest first.
    pub edges_removed: Vec<EdgeChange>,
    /// Edges in both whose weight rose, largest rise first.
    pub rose: Vec<EdgeChange>,
    /// Edges in both whose weight fell, largest fall first.
    pub fell: Vec<EdgeChange>,
    /// Number of edges in both with the same weight.
    pub unchanged: usize,
}

/// Compares two graphs (for example two months, each a [slice](EntityGraph::slice) of one graph): the entities and
/// edges that appeared or disappeared, and the edges whose weight rose or fell most. Ties are ordered by entity ids.
///
/// Weights are compared as they are; when the two graphs come from corpora of different sizes, compare
/// [`associations`] instead, which account for each graph's totals.
///
/// # Examples
///
/// ```
/// use newsgraph::{analysis, DateRange, EntityGraph, Extractor};
///
/// let extractor = Extractor::default();
/// let mut graph = EntityGraph::for_extractor(&extractor);
/// for (id, date, text) in [
///     ("a", "2025-04-30", "Vladimir Putin called Donald Trump."),
///     ("b", "2025-05-08", "Xi Jinping met Vladimir Putin."),
/// ] {
///     graph.add_extraction(id, Some(date.parse().unwrap()), text, &extractor.extract(text));
/// }
/// let april = graph.slice("2025-04".parse::<DateRange>().unwrap());
/// let may = graph.slice("2025-05".parse::<DateRange>().unwrap());
/// let diff = analysis::diff(&april, &may);
/// assert_eq!(diff.nodes_added, ["xi-jinping"]);
/// assert_eq!((diff.edges_added[0].source.as_str(), diff.edges_added[0].target.as_str()), ("vladimir-putin", "xi-jinping"));
/// assert_eq!(diff.edges_removed[0].target, "vladimir-putin");
/// ```
///
/// # Complexity
///
/// O((V + E) log (V + E)) over both graphs, expected.
pub fn diff(before: &EntityGraph, after: &EntityGraph) -> GraphDiff {
    let edge_map = |graph: &'_ EntityGraph| -> HashMap<(String, String), (u64, String, String)> {
        graph
            .edges()
            .map(|e| {
                (
                    (e.source.id.clone(), e.target.id.clone()),
                    (e.edge.weight, e.source.name.clone(), e.target.name.clone()),
                )
            })
            .collect()
    };
    let (old, new) = (edge_map(before), edge_map(after));
    let node_ids = |graph: &EntityGraph| -> HashSet<String> { graph.nodes().map(|n| n.id.clone()).collect() };
    let (old_nodes, new_nodes) = (node_ids(before), node_ids(after));
    let mut out = GraphDiff {
        nodes_added: new_nodes.difference(&old_nodes).cloned().collect(),
        nodes_removed: old_nodes.difference(&new_nodes).cloned().collect(),
        ..GraphDiff::default()
    };
    out.nodes_added.sort();
    out.nodes_removed.sort();
    let change = |key: &(String, String), names: (&String, &String), before: u64, after: u64| EdgeChange {
        source: key.0.clone(),
        target: key.1.clone(),
        source_name: names.0.clone(),
        target_name: names.1.clone(),
        before,
        after,
        change: after as i64 - before as i64,
    };
    for (key, (w, s, t)) in &new {
        match old.get(key) {
            None => out.edges_added.push(change(key, (s, t), 0, *w)),
            Some((v, ..)) if v < w => out.rose.push(change(key, (s, t), *v, *w)),
            Some((v, ..)) if v > w => out.fell.push(change(key, (s, t), *v, *w)),
            Some(_) => out.unchanged += 1,
        }
    }
    for (key, (w, s, t)) in &old {
        if !new.contains_key(key) {
            out.edges_removed.push(change(key, (s, t), *w, 0));
        }
    }
    let by_ids = |a: &EdgeChange, b: &EdgeChange| (&a.source, &a.target).cmp(&(&b.source, &b.target));
    out.edges_added.sort_by(|a, b| b.after.cmp(&a.after).then_with(|| by_ids(a, b)));
    out.edges_removed.sort_by(|a, b| b.before.cmp(&a.before).then_with(|| by_ids(a, b)));
    out.rose.sort_by(|a, b| b.change.cmp(&a.change).then_with(|| by_ids(a, b)));
    out.fell.sort_by(|a, b| a.change.cmp(&b.change).then_with(|| by_ids(a, b)));
    out
}

/// The date range a graph's dated documents span, from its timeline; `None` when no document was dated.
///
/// # Complexity
///
/// O(1).
pub fn date_span(graph: &EntityGraph) -> Option<(Date, Date)> {
    let timeline = graph.timeline();
    Some((timeline.first()?.date, timeline.last()?.date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::Entity;
    use crate::{Extractor, GazetteerBuilder, Window};

    /// A graph with the given weighted edges between single-letter entities, built from real text: each edge
    /// (a, b, w) is w sentences naming both. Entity ids are the letters, so canonical order is alphabetical.
    fn graph_of(edges: &[(&str, &str, u64)]) -> EntityGraph {
        let mut letters: Vec<&str> = edges.iter().flat_map(|&(a, b, _)| [a, b]).collect();
        letters.sort_unstable();
        letters.dedup();
        let mut builder = GazetteerBuilder::new();
        builder.defaults(false);
        for letter in &letters {
            let name = format!("Zq{letter}");
            builder.add_entity(Entity::new(*letter, name.as_str(), EntityKind::Organisation), &[]);
        }
        let extractor = Extractor::new(builder.build().unwrap());
        let mut text = String::new();
        for &(a, b, w) in edges {
            for _ in 0..w {
                text.push_str(&format!("Zq{a} and Zq{b} met. "));
            }
        }
        let mut graph = EntityGraph::for_extractor(&extractor);
        graph.set_window(Window::Sentence);
        graph.add_extraction("test", None, &text, &extractor.extract(&text));
        assert_eq!(graph.edge_count(), edges.len(), "the test graph has the edges asked for");
        graph
    }

    fn by_id<T: Copy>(graph: &EntityGraph, values: &[T], id: &str) -> T {
        values[graph.find(id).unwrap().as_usize()]
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn degrees_count_neighbours_and_weights() {
        let g = graph_of(&[("a", "b", 3), ("a", "c", 1), ("b", "c", 2), ("c", "d", 5)]);
        let d = degree(&g);
        let w = weighted_degree(&g);
        let expect = [("a", 2, 4), ("b", 2, 5), ("c", 3, 8), ("d", 1, 5)];
        for (id, deg, wdeg) in expect {
            assert_eq!((by_id(&g, &d, id), by_id(&g, &w, id)), (deg, wdeg), "node {id}");
        }
    }

    #[test]
    fn pagerank_sums_to_one_and_matches_a_hand_computed_star() {
        // Star: centre c with leaves x, y, z, all weights 1. By symmetry the leaves share one value l and
        // c = 1 − 3l; each leaf gets (1 − d)/4 + d·c (its only neighbour is c, of degree 3, so c sends c/3 to it,
        // times 3 leaves... per leaf: d · c / 3). So l = (1 − d)/4 + d(1 − 3l)/3, l = ((1−d)/4 + d/3) / (1 + d).
        let g = graph_of(&[("c", "x", 1), ("c", "y", 1), ("c", "z", 1)]);
        let d = 0.85;
        let result = pagerank_with(&g, &PageRankOptions { damping: d, ..PageRankOptions::default() });
        assert!(result.converged);
        let scores = result.scores;
        assert!(close(scores.iter().sum::<f64>(), 1.0));
        let leaf = ((1.0 - d) / 4.0 + d / 3.0) / (1.0 + d);
        for id in ["x", "y", "z"] {
            assert!(close(by_id(&g, &scores, id), leaf), "leaf {id}: {} vs {leaf}", by_id(&g, &scores, id));
        }
        assert!(close(by_id(&g, &scores, "c"), 1.0 - 3.0 * leaf));
    }

    #[test]
    fn pagerank_follows_weights() {
        // a–b heavy, a–c light: b must outrank c.
        let g = graph_of(&[("a", "b", 9), ("a", "c", 1)]);
        let scores = pagerank(&g, 0.85);
        assert!(by_id(&g, &scores, "b") > by_id(&g, &scores, "c"));
        // Damping 0: uniform.
        for s in pagerank(&g, 0.0) {
            assert!(close(s, 1.0 / 3.0));
        }
    }

    #[test]
    #[should_panic(expected = "damping")]
    fn pagerank_rejects_a_damping_over_one() {
        pagerank(&graph_of(&[("a", "b", 1)]), 1.5);
    }

    #[test]
    fn betweenness_on_a_path_and_a_weighted_detour() {
        // Path a–b–c–d: b lies on the shortest paths of (a,c) and (a,d): 2 of 3 pairs not involving it.
        let g = graph_of(&[("a", "b", 1), ("b", "c", 1), ("c", "d", 1)]);
        let b = betweenness(&g, Distance::Hops);
        for (id, value) in [("a", 0.0), ("b", 2.0 / 3.0), ("c", 2.0 / 3.0), ("d", 0.0)] {
            assert!(close(by_id(&g, &b, id), value), "{id}: {}", by_id(&g, &b, id));
        }
        // Square a–b–d, a–c–d: hop-wise, b and c each carry half of the (a,d) path; the other pairs go direct.
        // With a–b and b–d heavy, the inverse-weight path a–b–d (1/4 + 1/4) beats a–c–d (1 + 1), so b takes it all.
        let g = graph_of(&[("a", "b", 4), ("b", "d", 4), ("a", "c", 1), ("c", "d", 1)]);
        let hops = betweenness(&g, Distance::Hops);
        let inverse = betweenness(&g, Distance::InverseWeight);
        // Pairs: 6; normalisation divides the two-way sum by (n−1)(n−2) = 6, i.e. the one-way sum by 3.
        assert!(close(by_id(&g, &hops, "b"), 0.5 / 3.0));
        assert!(close(by_id(&g, &hops, "c"), 0.5 / 3.0));
        assert!(close(by_id(&g, &inverse, "b"), 1.0 / 3.0));
        assert!(close(by_id(&g, &inverse, "c"), 0.0));
    }

    #[test]
    fn inverse_weight_ties_survive_rounding() {
        // a–c direct with weight 1 (distance 1) ties a–b–c through weights 2 and 2 (1/2 + 1/2): b carries half.
        let g = graph_of(&[("a", "c", 1), ("a", "b", 2), ("b", "c", 2)]);
        let b = betweenness(&g, Distance::InverseWeight);
        assert!(close(by_id(&g, &b, "b"), 0.5), "{}", by_id(&g, &b, "b"));
    }

    #[test]
    fn two_cliques_joined_by_one_edge_are_two_communities() {
        let mut edges = Vec::new();
        for clique in [["a", "b", "c", "d"], ["w", "x", "y", "z"]] {
            for i in 0..4 {
                for j in i + 1..4 {
                    edges.push((clique[i], clique[j], 1));
                }
            }
        }
        edges.push(("d", "w", 1));
        let g = graph_of(&edges);
        let found = communities(&g);
        let ids: Vec<Vec<&str>> =
            found.communities.iter().map(|c| c.iter().map(|&n| g.node(n).id.as_str()).collect()).collect();
        assert_eq!(ids, [vec!["a", "b", "c", "d"], vec!["w", "x", "y", "z"]]);
        // m = 13; each side has 6 inner edges and degree sum 13: Q = 2 (6/13 − (13/26)²) = 12/13 − 1/2.
        assert!(close(found.modularity, 12.0 / 13.0 - 0.5), "{}", found.modularity);
        assert_eq!(by_id(&g, &found.membership, "a"), 0);
        assert_eq!(by_id(&g, &found.membership, "z"), 1);
    }

    #[test]
    fn modularity_of_the_trivial_partitions() {
        let g = graph_of(&[("a", "b", 1), ("b", "c", 1)]);
        // One community: Q = 1 − 1 = 0.
        assert!(close(modularity(&g, &[0, 0, 0]), 0.0));
        // Singletons: Q = −Σ (k/2m)² = −(1/16 + 4/16 + 1/16).
        let singletons: Vec<usize> = (0..3).collect();
        assert!(close(modularity(&g, &singletons), -6.0 / 16.0));
    }

    #[test]
    fn strongest_path_prefers_heavy_links_over_few_hops() {
        // a–d direct but weak (1); a–b–c–d strong (8, 8, 8).
        let g = graph_of(&[("a", "d", 1), ("a", "b", 8), ("b", "c", 8), ("c", "d", 8)]);
        let (a, d) = (g.find("a").unwrap(), g.find("d").unwrap());
        let path = strongest_path(&g, a, d).unwrap();
        assert_eq!(path.ids, ["a", "b", "c", "d"]);
        assert_eq!(path.weights, [8, 8, 8]);
        assert!(close(path.strength, 1.0));
        // The breadth-first shortest path takes the direct edge.
        assert_eq!(g.shortest_path(a, d).unwrap().len(), 2);
        // Equal strength: fewer hops wins. a–x–y (8, 8) against a–y (8).
        let g = graph_of(&[("a", "x", 8), ("x", "y", 8), ("a", "y", 8)]);
        let path = strongest_path(&g, g.find("a").unwrap(), g.find("y").unwrap()).unwrap();
        assert_eq!(path.ids, ["a", "y"]);
        // The product of normalised weights: 2/8 · 4/8.
        let g = graph_of(&[("a", "b", 2), ("b", "c", 4), ("c", "q", 8)]);
        let path = strongest_path(&g, g.find("a").unwrap(), g.find("c").unwrap()).unwrap();
        assert!(close(path.strength, 0.125));
        let unconnected = graph_of(&[("a", "b", 1), ("c", "d", 1)]);
        assert!(strongest_path(&unconnected, unconnected.find("a").unwrap(), unconnected.find("d").unwrap()).is_none());
        let own = strongest_path(&unconnected, unconnected.find("a").unwrap(), unconnected.find("a").unwrap()).unwrap();
        assert_eq!((own.ids, own.strength), (vec!["a".to_string()], 1.0));
    }

    #[test]
    fn association_scores_match_hand_computed_values() {
        struct Case {
            name: &'static str,
            counts: (u64, u64, u64, u64),
            pmi: f64,
            npmi: f64,
            dice: f64,
            log_dice: f64,
            g2: f64,
        }
        // G² by hand for (5, 10, 10, 100): table [5, 5; 5, 85], expected [1, 9; 9, 81]:
        // 2 (5 ln 5 + 5 ln(5/9) + 5 ln(5/9) + 85 ln(85/81)).
        let g2_a = 2.0 * (5.0 * 5f64.ln() + 10.0 * (5.0f64 / 9.0).ln() + 85.0 * (85.0f64 / 81.0).ln());
        // (1, 50, 50, 100): expected joint 25, observed 1: repulsion, negative. Table [1, 49; 49, 1], expected
        // [25, 25; 25, 25].
        let g2_b = -2.0 * (2.0 * (1.0f64 / 25.0).ln() + 98.0 * (49.0f64 / 25.0).ln());
        let cases = [
            Case {
                name: "attraction",
                counts: (5, 10, 10, 100),
                pmi: 5f64.log2(),
                npmi: 5f64.log2() / -(0.05f64).log2(),
                dice: 0.5,
                log_dice: 13.0,
                g2: g2_a,
            },
            Case {
                name: "repulsion",
                counts: (1, 50, 50, 100),
                pmi: (0.01f64 / 0.25).log2(),
                npmi: (0.01f64 / 0.25).log2() / -(0.01f64).log2(),
                dice: 0.02,
                log_dice: 14.0 + 0.02f64.log2(),
                g2: g2_b,
            },
            Case {
                name: "always together",
                counts: (7, 7, 7, 7),
                pmi: 0.0,
                npmi: 1.0,
                dice: 1.0,
                log_dice: 14.0,
                g2: 0.0,
            },
        ];
        for case in &cases {
            let (j, a, b, n) = case.counts;
            let s = AssociationScores::new(j, a, b, n).unwrap();
            for (what, got, want) in [
                ("pmi", s.pmi, case.pmi),
                ("npmi", s.npmi, case.npmi),
                ("dice", s.dice, case.dice),
                ("log_dice", s.log_dice, case.log_dice),
                ("g2", s.log_likelihood, case.g2),
            ] {
                assert!(close(got, want), "{}: {what} = {got}, expected {want}", case.name);
            }
        }
        for bad in [(0, 1, 1, 10), (3, 2, 5, 10), (2, 8, 8, 10)] {
            assert!(AssociationScores::new(bad.0, bad.1, bad.2, bad.3).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn graph_associations_use_window_counts() {
        // Sentences: a+b three times, a+c once.
        let g = graph_of(&[("a", "b", 3), ("a", "c", 1)]);
        assert_eq!(g.manifest().windows, 4);
        let a = g.find("a").unwrap();
        let b = g.find("b").unwrap();
        let ab = association(&g, b, a).unwrap();
        assert_eq!((ab.source_id.as_str(), ab.target_id.as_str(), ab.weight), ("a", "b", 3));
        let expect = AssociationScores::new(3, 4, 3, 4).unwrap();
        assert_eq!(ab.scores, expect);
        assert_eq!(associations(&g).len(), 2);
        let ranked = rank_edges(&g, Measure::Weight);
        assert_eq!(ranked[0].target_id, "b");
        // Measures parse by name.
        for m in Measure::ALL {
            assert_eq!(m.as_str().parse::<Measure>(), Ok(m));
        }
        assert_eq!("G2".parse::<Measure>(), Ok(Measure::LogLikelihood));
        assert!("rank".parse::<Measure>().is_err());
    }

    #[test]
    fn filters_apply_in_documented_order() {
        let g = graph_of(&[("a", "b", 5), ("a", "c", 4), ("a", "d", 3), ("a", "e", 1), ("d", "e", 2)]);
        let top1 = filter(&g, Filter::new().top_k(1));
        // a keeps a–b; b keeps a–b; c keeps a–c; d keeps a–d (3 > 2); e keeps d–e (2 > 1).
        let mut kept: Vec<(String, String)> =
            top1.edges().map(|e| (e.source.id.clone(), e.target.id.clone())).collect();
        kept.sort();
        let want: Vec<(String, String)> = [("a", "b"), ("a", "c"), ("a", "d"), ("d", "e")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(kept, want);
        let heavy = filter(&g, Filter::new().min_weight(3).drop_isolated(true));
        let mut ids: Vec<&str> = heavy.nodes().map(|n| n.id.as_str()).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        assert_eq!(heavy.manifest().windows, g.manifest().windows, "totals are kept for association scores");
        let everything = filter(&g, &Filter::new());
        assert_eq!((everything.node_count(), everything.edge_count()), (g.node_count(), g.edge_count()));
        let none = filter(&g, Filter::new().kinds(&[EntityKind::Leader]));
        assert_eq!(none.node_count(), 0);
    }

    #[test]
    fn diff_reports_changes_sorted() {
        let before = graph_of(&[("a", "b", 5), ("a", "c", 1), ("b", "c", 2)]);
        let after = graph_of(&[("a", "b", 2), ("a", "c", 4), ("c", "d", 1), ("b", "c", 2)]);
        let d = diff(&before, &after);
        assert_eq!(d.nodes_added, ["d"]);
        assert!(d.nodes_removed.is_empty());
        assert_eq!(d.edges_added.len(), 1);
        assert_eq!((d.edges_added[0].source.as_str(), d.edges_added[0].after), ("c", 1));
        assert!(d.edges_removed.is_empty());
        assert_eq!((d.rose[0].target.as_str(), d.rose[0].change), ("c", 3));
        assert_eq!((d.fell[0].target.as_str(), d.fell[0].change), ("b", -3));
        assert_eq!(d.unchanged, 1);
        let back = diff(&after, &before);
        assert_eq!(back.nodes_removed, ["d"]);
        assert_eq!(back.edges_removed[0].before, 1);
    }

    #[test]
    fn results_do_not_depend_on_insertion_order() {
        // The same graph built from the same sentences in another order numbers its nodes differently; every
        // per-node result, looked up by entity id, must be bit-identical.
        let one = graph_of(&[("a", "b", 2), ("b", "c", 1), ("c", "d", 3), ("a", "d", 1), ("b", "d", 1)]);
        let two = graph_of(&[("c", "d", 3), ("b", "d", 1), ("a", "d", 1), ("b", "c", 1), ("a", "b", 2)]);
        assert_ne!(one.find("a"), two.find("a"), "the two graphs should number nodes differently");
        let (p1, p2) = (pagerank(&one, 0.85), pagerank(&two, 0.85));
        let (b1, b2) = (betweenness(&one, Distance::InverseWeight), betweenness(&two, Distance::InverseWeight));
        let (c1, c2) = (communities(&one), communities(&two));
        for id in ["a", "b", "c", "d"] {
            assert_eq!(by_id(&one, &p1, id).to_bits(), by_id(&two, &p2, id).to_bits());
            assert_eq!(by_id(&one, &b1, id).to_bits(), by_id(&two, &b2, id).to_bits());
            assert_eq!(by_id(&one, &c1.membership, id), by_id(&two, &c2.membership, id));
        }
    }

    #[test]
    fn empty_graph_is_handled_everywhere() {
        let g = EntityGraph::new(Window::Sentence);
        assert!(pagerank(&g, 0.85).is_empty());
        assert!(betweenness(&g, Distance::Hops).is_empty());
        assert!(communities(&g).communities.is_empty());
        assert!(associations(&g).is_empty());
        assert!(node_metrics(&g).is_empty());
        assert_eq!(date_span(&g), None);
    }
}
