//! Memory guards (issue 7: the 200 MB corpus in under 150 MB, "the graph, not the corpus, in memory").
//!
//! Peak memory is measured on the real corpus with `/usr/bin/time -v` (docs/performance.md, "Memory and build
//! time"); these tests guard the two structural causes that were fixed, with a counting allocator rather than a
//! clock or a process's RSS, so that they give the same answer on any machine:
//!
//! - a graph run on several threads holds one graph, not one per worker merged at the end;
//! - an export streams from the graph and never builds a copy of it (the node-link copy JSON was serialised from,
//!   the whole DOT text in one string).
//!
//! The allocator counts every thread's allocations, so the tests in this file take a lock and run one at a time.

use newsgraph::corpus::{CorpusItem, Document, Location};
use newsgraph::pipeline::Pipeline;
use newsgraph::{Dot, EntityGraph, Extractor, Gexf, GraphMl, Json, Window};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{self, Write as _};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, keeping count of the bytes live and of the most live since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::SeqCst) + bytes;
    PEAK.fetch_max(live, Ordering::SeqCst);
}

// SAFETY: every call is forwarded to `System` with the caller's arguments; the counters do not affect allocation.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: `p` was allocated by `System` with `layout`, as the caller guarantees.
        unsafe { System.dealloc(p, layout) }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's arguments.
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            // Counted as the new block arriving before the old one leaves, as a moving realloc does.
            grew(new_size);
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `f` and returns its result with the most bytes that were live during the call beyond those live before it.
fn peak_above_start<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = LIVE.load(Ordering::SeqCst);
    PEAK.store(start, Ordering::SeqCst);
    let result = f();
    (result, PEAK.load(Ordering::SeqCst) - start)
}

/// The committed UNGDC sample (nine speeches), one document per paragraph, so that there are many documents and
/// batches for the threads to share.
fn documents() -> Vec<CorpusItem> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/ungdc-sample.jsonl");
    let data = std::fs::read_to_string(path).expect("benches/data/ungdc-sample.jsonl");
    let mut out = Vec::new();
    for (line, record) in data.lines().enumerate() {
        let record: serde_json::Value = serde_json::from_str(record).expect("a JSON line");
        let text = record["text"].as_str().expect("a text field");
        for (i, paragraph) in text.split("\n\n").filter(|p| !p.trim().is_empty()).enumerate() {
            out.push(CorpusItem::Document(Document {
                index: out.len() as u64,
                id: format!("{}#{i}", record["id"].as_str().expect("an id")),
                date: record["date"].as_str().and_then(|d| d.parse().ok()),
                title: None,
                text: paragraph.to_string(),
                location: Location { path: path.into(), line: Some(line as u64 + 1) },
            }));
        }
    }
    out
}

/// An extractor whose lazily built tables are built already, so that they are not counted as the graph's.
fn warm_extractor() -> Extractor {
    let extractor = Extractor::default();
    // A misspelt leader (the fuzzy-name index) and an organisation defined with its acronym (discovery).
    let text = "President Zelenskiy met the Institute for Lunar Fisheries Studies (ILFS) and Aleksandar Vučić.";
    extractor.extract(text);
    extractor
}

fn pipeline(extractor: &Extractor, threads: usize) -> Pipeline {
    // Small batches, so that the threads interleave many of them; a high evidence limit, so that the graph (its
    // evidence) is large next to the batches in flight.
    Pipeline::builder()
        .threads(threads)
        .batch_bytes(4096)
        .max_evidence(50)
        .window(Window::Document)
        .build(extractor.clone())
        .unwrap()
}

/// The bytes a graph holds: those left live by building it, the input and extractor being made before.
fn build(extractor: &Extractor, threads: usize, items: Vec<CorpusItem>) -> (EntityGraph, usize, usize) {
    let pipeline = pipeline(extractor, threads);
    let start = LIVE.load(Ordering::SeqCst);
    let (graph, peak) = peak_above_start(|| pipeline.graph(items, &mut |_| {}).unwrap().0);
    let held = LIVE.load(Ordering::SeqCst) - start;
    (graph, held, peak)
}

#[test]
fn threads_build_one_graph_not_one_each() {
    let _lock = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let extractor = warm_extractor();
    let (one, held, peak_one) = build(&extractor, 1, documents());
    assert!(one.edge_count() > 500, "the sample should make a sizeable graph: {} edges", one.edge_count());
    let (two, _, peak_two) = build(&extractor, 2, documents());
    assert_eq!(Json::new(&two).to_string(), Json::new(&one).to_string());
    // Partial graphs merged at the end needed a quarter of a graph more here (2.3 MB over 11.4 MB, for a graph of
    // 10 MB); one graph fed by two threads needs only their scratch buffers and a few batches in flight (70 kB).
    assert!(
        peak_two < peak_one + held / 10,
        "two threads peaked at {peak_two} bytes, one at {peak_one}, for a graph of {held} bytes: is a graph built per \
         worker again?"
    );
}

/// Writes a graph in one format.
type Export<'a> = &'a dyn Fn(&mut Discard) -> io::Result<()>;

/// A writer that keeps nothing but the count of bytes written (`io::sink()` may skip formatting altogether).
struct Discard(usize);

impl io::Write for Discard {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn exports_stream_without_copying_the_graph() {
    let _lock = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let extractor = warm_extractor();
    let (graph, held, _) = build(&extractor, 1, documents());
    let exports: [(&str, Export<'_>); 4] = [
        ("DOT", &|out| write!(out, "{}", Dot::new(&graph))),
        ("JSON", &|out| Json::new(&graph).write_to(out)),
        ("GraphML", &|out| GraphMl::new(&graph).write_to(out)),
        ("GEXF", &|out| Gexf::new(&graph).write_to(out)),
    ];
    for (name, export) in exports {
        let mut out = Discard(0);
        let (written, peak) = peak_above_start(|| export(&mut out));
        written.unwrap();
        assert!(out.0 > held / 4, "{name} export wrote only {} bytes", out.0);
        // Sorting references to the nodes and edges, a line's worth of text and the writers' buffers: a small
        // fraction of the graph, whose evidence snippets alone are most of it.
        assert!(
            peak < held / 10,
            "{name} export peaked at {peak} bytes over a graph of {held} bytes: does it copy the graph?"
        );
    }
}
