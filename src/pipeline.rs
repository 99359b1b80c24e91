//! Running an [`Extractor`] over a corpus on several threads, deterministically and in bounded memory.
//!
//! A [`Pipeline`] takes documents one at a time from any iterator of [`CorpusItem`]s (usually
//! [`Corpus::documents`](crate::corpus::Corpus::documents)) and either builds one [`EntityGraph`]
//! ([`Pipeline::graph`]) or writes every mention as JSON Lines in input order ([`Pipeline::write_mentions`]).
//!
//! # Determinism
//!
//! The same corpus gives the same graph for any thread count, byte for byte in every export: the threads extract
//! and count the documents (windows, entity counts, co-occurring pairs and their evidence spans), and one graph
//! takes the counts on the calling thread in input order, exactly as it takes the documents when one thread does
//! everything. The result is then rebuilt in canonical order (nodes by entity id, edges by their ends' ids).
//!
//! # Memory
//!
//! The calling thread reads batches of about [`DEFAULT_BATCH_BYTES`] of text and hands them to the pool's workers
//! through a bounded queue, extracting a batch itself whenever every worker has one waiting (with `threads(n)`,
//! `n - 1` workers and the calling thread share the work). It never runs more than a few batches per thread ahead
//! of the output, so memory is bounded by the graph, which
//! exists once whatever the thread count, and a few batches (their documents are kept until their counts are
//! added, for the evidence snippets), not by the corpus.
//!
//! # Examples
//!
//! ```
//! use newsgraph::Extractor;
//! use newsgraph::corpus::{CorpusItem, Document, Location};
//! use newsgraph::pipeline::Pipeline;
//!
//! let texts = [
//!     "Aleksandar Vučić met Xi Jinping in Belgrade.",
//!     "Xi Jinping and Vladimir Putin met in Moscow. Putin thanked Vučić.",
//! ];
//! let items = texts.iter().enumerate().map(|(i, text)| {
//!     CorpusItem::Document(Document {
//!         index: i as u64,
//!         id: format!("doc-{i}"),
//!         date: None,
//!         title: None,
//!         text: text.to_string(),
//!         location: Location { path: "example".into(), line: Some(i as u64 + 1) },
//!     })
//! });
//! let pipeline = Pipeline::builder().threads(2).build(Extractor::default()).unwrap();
//! let (graph, summary) = pipeline.graph(items, &mut |_| {}).unwrap();
//! assert_eq!(summary.documents, 2);
//! let xi = graph.find("Xi Jinping").unwrap();
//! let putin = graph.find("Vladimir Putin").unwrap();
//! assert_eq!(graph.edge(xi, putin).unwrap().weight, 1);
//! ```

use crate::cooccur::Window;
use crate::corpus::{CorpusItem, Document, InputProblem, InputProblemKind};
use crate::entity::EntityKind;
use crate::extract::{Extraction, Extractor, Scratch};
use crate::graph::{DEFAULT_MAX_EVIDENCE, DocumentCounts, DocumentRef, DuplicateFilter, EntityGraph};
use crate::resolve::Via;
use crate::span::EntityId;
use foldhash::{HashSet, HashSetExt};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use std::sync::mpsc::{self, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Default amount of text per batch handed to a worker: large enough that queueing costs nothing next to
/// extraction, small enough that a handful of batches in flight hold little memory.
pub const DEFAULT_BATCH_BYTES: usize = 256 * 1024;

/// Most documents in one batch, whatever their size, so that a corpus of tiny documents still spreads over threads.
const MAX_BATCH_DOCUMENTS: usize = 1024;

/// Batches in flight per worker (queued, being processed, or done but waiting for an earlier one): the bound on
/// how far the reader runs ahead of the output.
const IN_FLIGHT_PER_THREAD: usize = 4;

/// What happened during a run, for logging and progress displays.
#[non_exhaustive]
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
    /// A problem with the input (reported in input order); the run goes on unless it is strict.
    Problem(&'a InputProblem),
    /// An empty (or whitespace-only) document, not processed.
    Skipped(&'a Document),
    /// Reading progress, after every batch handed out.
    Progress(Progress),
}

/// How far a run has read.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    /// Documents read (processed or queued), skipped ones not included.
    pub documents: u64,
    /// Bytes of their text.
    pub bytes: u64,
    /// Time since the run started.
    pub elapsed: Duration,
}

/// The counts of a run: what was read, lost and found.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Documents processed.
    pub documents: u64,
    /// Empty documents, not processed.
    pub skipped: u64,
    /// Exact duplicates of an earlier document's text, not processed (see [`PipelineBuilder::deduplicate`]).
    pub duplicates: u64,
    /// Documents (lines, files) lost to a problem: unreadable, malformed, too large.
    pub failed: u64,
    /// Every input problem reported, including documents read with a defect (invalid UTF-8, a bad date).
    pub problems: u64,
    /// Bytes of text processed.
    pub bytes: u64,
    /// Mentions found (of the kinds kept).
    pub mentions: u64,
    /// Entities in the graph (0 when no graph was built).
    pub entities: u64,
    /// Edges in the graph.
    pub edges: u64,
    /// Threads that extracted: the calling thread and the pool's workers.
    pub threads: usize,
    /// Wall-clock seconds of the run, reading included.
    pub seconds: f64,
}

impl Summary {
    /// Whether any input problem was reported.
    pub fn has_problems(&self) -> bool {
        self.problems > 0
    }

    /// Throughput in MB (10⁶ bytes) of text per second.
    pub fn mb_per_second(&self) -> f64 {
        if self.seconds > 0.0 { self.bytes as f64 / 1e6 / self.seconds } else { 0.0 }
    }
}

impl fmt::Display for Summary {
    /// One line: `12 documents read, 1 skipped, 2 failed (3 problems); 340 mentions, 25 entities, 61 edges; 1.20 MB
    /// in 0.05 s (24.0 MB/s, 2 threads)`. Entities and edges are left out when there are none (a run that wrote
    /// mentions builds no graph).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let graph = if self.entities == 0 && self.edges == 0 {
            String::new()
        } else {
            let entities =
                if self.entities == 1 { "1 entity".to_string() } else { format!("{} entities", self.entities) };
            format!(", {entities}, {}", plural(self.edges, "edge"))
        };
        write!(
            f,
            "{} read, {} skipped, {} duplicate{}, {} failed ({}); {}{graph}; {:.2} MB in {:.2} s ({:.1} MB/s, {})",
            plural(self.documents, "document"),
            self.skipped,
            self.duplicates,
            if self.duplicates == 1 { "" } else { "s" },
            self.failed,
            plural(self.problems, "problem"),
            plural(self.mentions, "mention"),
            self.bytes as f64 / 1e6,
            self.seconds,
            self.mb_per_second(),
            plural(self.threads as u64, "thread"),
        )
    }
}

/// Why a run stopped before the end of its input.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// An input problem in a strict pipeline: fix the input, or run without strict mode to skip such documents.
    #[error("{0} (strict mode stops at the first input problem)")]
    Strict(InputProblem),
    /// The output could not be written (a full disk, a closed pipe).
    #[error("cannot write the output: {0}")]
    Write(#[source] io::Error),
    /// The worker threads could not be started; try fewer threads.
    #[error("cannot start the workers for {threads} threads: {message}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// The operating system's reason.
        message: String,
    },
}

/// One mention as [`Pipeline::write_mentions`] writes it: a JSON object per line with these fields in this order.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct MentionRecord<'a> {
    /// Document id.
    pub doc: &'a str,
    /// Sentence index in the document.
    pub sentence: usize,
    /// Byte offset of the mention in the document's text.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The text that matched: `&text[start..end]`.
    pub text: &'a str,
    /// Entity id.
    pub entity: &'a str,
    /// Entity's canonical name.
    pub name: &'a str,
    /// Entity's kind.
    pub kind: EntityKind,
    /// How it was recognised.
    pub via: Via,
}

/// Configures a [`Pipeline`].
#[derive(Clone, Debug)]
pub struct PipelineBuilder {
    threads: usize,
    window: Window,
    strict: bool,
    max_evidence: usize,
    kinds: Option<Vec<EntityKind>>,
    min_weight: u64,
    batch_bytes: usize,
    deduplicate: bool,
    explain: bool,
}

impl Default for PipelineBuilder {
    fn default() -> PipelineBuilder {
        PipelineBuilder {
            threads: 0,
            window: Window::Sentence,
            strict: false,
            max_evidence: DEFAULT_MAX_EVIDENCE,
            kinds: None,
            min_weight: 0,
            batch_bytes: DEFAULT_BATCH_BYTES,
            deduplicate: true,
            explain: false,
        }
    }
}

impl PipelineBuilder {
    /// Default options: all cores, sentence windows, not strict, every kind, no weight threshold.
    pub fn new() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Threads that extract: the calling thread and `threads - 1` workers; 0 (the default) means one per available
    /// core, 1 runs everything on the calling thread.
    pub fn threads(&mut self, threads: usize) -> &mut PipelineBuilder {
        self.threads = threads;
        self
    }

    /// The co-occurrence window (default: a sentence).
    pub fn window(&mut self, window: Window) -> &mut PipelineBuilder {
        self.window = window;
        self
    }

    /// Whether the first input problem stops the run (default: no, problems are reported and skipped).
    pub fn strict(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.strict = yes;
        self
    }

    /// Evidence items kept per edge (default [`DEFAULT_MAX_EVIDENCE`]).
    pub fn max_evidence(&mut self, limit: usize) -> &mut PipelineBuilder {
        self.max_evidence = limit;
        self
    }

    /// Keep only entities of these kinds (default: all): in the graph, nodes of other kinds and their edges are
    /// dropped; in mentions, their mentions.
    pub fn kinds(&mut self, kinds: Option<Vec<EntityKind>>) -> &mut PipelineBuilder {
        self.kinds = kinds;
        self
    }

    /// Keep only edges of at least this weight, and the nodes they join (default 0: everything; 1 keeps every edge
    /// but drops the entities no edge joins). Applied once the whole corpus is in the graph.
    pub fn min_weight(&mut self, weight: u64) -> &mut PipelineBuilder {
        self.min_weight = weight;
        self
    }

    /// Whether a document whose text is exactly that of an earlier one (a wire re-send) is counted once (default:
    /// yes). Duplicates are recognised by the reader, before documents are shared out to threads, so the result does
    /// not depend on the thread count; the graph's manifest records how many were skipped.
    pub fn deduplicate(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.deduplicate = yes;
        self
    }

    /// Whether [`Pipeline::write_mentions`] also explains each mention (alias, rule, what confirmed it) and writes
    /// the rejected candidates with their reason (default: no).
    pub fn explain(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.explain = yes;
        self
    }

    /// Text per batch handed to a worker (default [`DEFAULT_BATCH_BYTES`]; at least one document per batch).
    pub fn batch_bytes(&mut self, bytes: usize) -> &mut PipelineBuilder {
        self.batch_bytes = bytes;
        self
    }

    /// A pipeline running `extractor` with these options.
    ///
    /// # Errors
    ///
    /// [`PipelineError::Threads`] when the worker threads cannot be started.
    pub fn build(&self, extractor: Extractor) -> Result<Pipeline, PipelineError> {
        let threads = match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        // The calling thread reads, adds the counts and extracts too, so `threads` threads are busy, not one more.
        let pool = if threads > 1 {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads - 1)
                .thread_name(|i| format!("newsgraph-worker-{i}"))
                .build()
                .map_err(|e| PipelineError::Threads { threads, message: e.to_string() })?;
            Some(Arc::new(pool))
        } else {
            None
        };
        Ok(Pipeline { extractor, options: Arc::new(self.clone()), threads, pool })
    }
}

/// Runs an extractor over a stream of documents; see the [module docs](self). Cheap to clone.
#[derive(Clone, Debug)]
pub struct Pipeline {
    extractor: Extractor,
    options: Arc<PipelineBuilder>,
    threads: usize,
    pool: Option<Arc<rayon::ThreadPool>>,
}

/// What a worker returns for one batch.
struct Done<T> {
    mentions: u64,
    failures: Vec<InputProblem>,
    payload: T,
}

impl Pipeline {
    /// A builder with default options.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::new()
    }

    /// The same pipeline with explanations switched on or off for [`write_mentions`](Self::write_mentions).
    pub fn with_explain(mut self, yes: bool) -> Pipeline {
        Arc::make_mut(&mut self.options).explain = yes;
        self
    }

    /// The extractor.
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// Threads that extract: the calling thread and the pool's workers.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// An empty graph set up with this pipeline's extractor, window and evidence limit.
    pub fn empty_graph(&self) -> EntityGraph {
        let mut graph = EntityGraph::for_extractor(&self.extractor);
        graph
            .set_window(self.options.window)
            .set_max_evidence(self.options.max_evidence)
            .set_deduplicate(self.options.deduplicate);
        graph
    }

    fn keeps(&self, kind: EntityKind) -> bool {
        self.options.kinds.as_ref().is_none_or(|kinds| kinds.contains(&kind))
    }

    /// Builds the co-occurrence graph of every document in `items`, then applies the kind and weight filters.
    ///
    /// `events` hears of every input problem (in input order), skipped document and progress step, on the calling
    /// thread. The summary counts documents, problems and what was found.
    ///
    /// # Errors
    ///
    /// [`PipelineError::Strict`] at the first input problem of a strict pipeline.
    pub fn graph(
        &self,
        items: impl IntoIterator<Item = CorpusItem>,
        events: &mut dyn FnMut(Event<'_>),
    ) -> Result<(EntityGraph, Summary), PipelineError> {
        let mut graph = self.empty_graph();
        let options = graph.count_options();
        let init = || (Scratch::new(), Vec::new());
        let work = |(scratch, buffer): &mut (Scratch, Vec<EntityId>), batch: Vec<Document>| {
            let mut done = Done { mentions: 0, failures: Vec::new(), payload: Vec::with_capacity(batch.len()) };
            for doc in batch {
                match self.extractor.try_extract(&doc.text, doc.date, scratch) {
                    Ok(extraction) => {
                        done.mentions += extraction
                            .mentions()
                            .iter()
                            .filter(|m| self.keeps(extraction.entity(m.entity).kind))
                            .count() as u64;
                        let counts = DocumentCounts::count(&extraction, options, buffer);
                        done.payload.push((doc, extraction, counts));
                    }
                    Err(e) => done.failures.push(extraction_problem(&doc, &e)),
                }
            }
            done
        };
        // The one graph takes the threads' counts in input order, as it would take the documents on one thread.
        let mut add = |counted: Vec<(Document, Extraction, DocumentCounts)>| {
            for (doc, extraction, counts) in counted {
                let doc_ref = DocumentRef { id: &doc.id, index: doc.index, date: doc.date, text: &doc.text };
                graph.insert_counted(&doc_ref, &extraction, counts);
            }
            Ok(())
        };
        let (mut summary, seen) = self.drive(items, events, &init, &work, &mut add)?;
        graph.record_duplicates(summary.duplicates);
        graph.take_filter(seen);
        let graph = self.filter(graph);
        summary.entities = graph.node_count() as u64;
        summary.edges = graph.edge_count() as u64;
        Ok((graph, summary))
    }

    /// The graph in canonical order, with the kind and weight filters applied and recorded in the manifest's
    /// `derived` list, as [`analysis::filter`](crate::analysis::filter) records the same filter.
    fn filter(&self, graph: EntityGraph) -> EntityGraph {
        let mut filtered = self.filter_unrecorded(graph);
        let mut what = crate::analysis::Filter::new();
        if let Some(kinds) = &self.options.kinds {
            what.kinds(kinds);
        }
        what.min_weight(self.options.min_weight).drop_isolated(self.options.min_weight >= 1);
        let note = what.to_string();
        if !note.is_empty() {
            filtered.manifest.derived.push(note);
        }
        filtered
    }

    fn filter_unrecorded(&self, graph: EntityGraph) -> EntityGraph {
        let min_weight = self.options.min_weight;
        if min_weight == 0 {
            return graph.into_filtered(|node| self.keeps(node.kind), |_| true);
        }
        let mut joined: HashSet<String> = HashSet::new();
        for e in graph.edges() {
            if e.edge.weight >= min_weight && self.keeps(e.source.kind) && self.keeps(e.target.kind) {
                joined.insert(e.source.id.clone());
                joined.insert(e.target.id.clone());
            }
        }
        graph.into_filtered(|node| joined.contains(&node.id), |e| e.edge.weight >= min_weight)
    }

    /// Writes every mention of every document in `items` to `out` as JSON Lines ([`MentionRecord`]), documents in
    /// input order and mentions in text order, whatever the thread count.
    ///
    /// # Errors
    ///
    /// [`PipelineError::Write`] when `out` fails (reading stops), [`PipelineError::Strict`] at the first input
    /// problem of a strict pipeline (every document read before it is written, whatever the thread count).
    pub fn write_mentions(
        &self,
        items: impl IntoIterator<Item = CorpusItem>,
        out: &mut dyn Write,
        events: &mut dyn FnMut(Event<'_>),
    ) -> Result<Summary, PipelineError> {
        let init = Scratch::new;
        let work = |scratch: &mut Scratch, batch: Vec<Document>| {
            let mut done = Done { mentions: 0, failures: Vec::new(), payload: Vec::new() };
            for doc in &batch {
                if self.options.explain {
                    match self.explain_document(doc, &mut done.payload) {
                        Ok(n) => done.mentions += n,
                        Err(e) => done.failures.push(extraction_problem(doc, &e)),
                    }
                    continue;
                }
                let extraction = match self.extractor.try_extract(&doc.text, doc.date, scratch) {
                    Ok(extraction) => extraction,
                    Err(e) => {
                        done.failures.push(extraction_problem(doc, &e));
                        continue;
                    }
                };
                for m in extraction.mentions() {
                    let entity = extraction.entity(m.entity);
                    if !self.keeps(entity.kind) {
                        continue;
                    }
                    let record = MentionRecord {
                        doc: &doc.id,
                        sentence: m.sentence,
                        start: m.span.start,
                        end: m.span.end,
                        text: &doc.text[m.span.range()],
                        entity: &entity.id,
                        name: &entity.name,
                        kind: entity.kind,
                        via: m.via,
                    };
                    // Writing into a Vec cannot fail, and the record's fields all serialise.
                    if serde_json::to_writer(&mut done.payload, &record).is_ok() {
                        done.payload.push(b'\n');
                        done.mentions += 1;
                    }
                }
            }
            done
        };
        let mut emit = |bytes: Vec<u8>| out.write_all(&bytes);
        let result = self.drive(items, events, &init, &work, &mut emit);
        // Flushed whatever stopped the run: a strict stop's output (everything before the problem) is meant to stay.
        let flushed = out.flush();
        let (summary, _) = result?;
        flushed.map_err(PipelineError::Write)?;
        Ok(summary)
    }

    /// Writes the explained mentions (and the rejected candidates, each with `"rejected": true` and its reason) of
    /// one document as JSON Lines into `out`; returns the number of mentions.
    fn explain_document(&self, doc: &Document, out: &mut Vec<u8>) -> Result<u64, crate::Error> {
        #[derive(Serialize)]
        struct Explained<'a, T: Serialize> {
            doc: &'a str,
            rejected: bool,
            #[serde(flatten)]
            item: &'a T,
        }
        let limit = self.extractor.max_document_bytes();
        if doc.text.len() > limit {
            return Err(crate::Error::Limit { what: "document size in bytes", limit, actual: doc.text.len() });
        }
        let explanation = self.extractor.explain(&doc.text, doc.date);
        let mut mentions = 0;
        for m in explanation.mentions.iter().filter(|m| self.keeps(m.kind)) {
            if serde_json::to_writer(&mut *out, &Explained { doc: &doc.id, rejected: false, item: m }).is_ok() {
                out.push(b'\n');
                mentions += 1;
            }
        }
        // With kinds chosen, a rejected candidate is kept when it would have named an entity of one of them.
        let kept = |r: &&crate::explain::RejectedCandidate| {
            self.options.kinds.is_none() || r.kind.is_some_and(|kind| self.keeps(kind))
        };
        for r in explanation.rejected.iter().filter(kept) {
            if serde_json::to_writer(&mut *out, &Explained { doc: &doc.id, rejected: true, item: r }).is_ok() {
                out.push(b'\n');
            }
        }
        Ok(mentions)
    }

    /// Reads `items` into batches, has `work` process them (on the calling thread, or on the pool's workers each
    /// with its own `init()` state) and hands the results to `emit` in input order. Returns the summary and the
    /// filter that let the documents through (empty when the pipeline keeps duplicates).
    fn drive<S: Send, T: Send>(
        &self,
        items: impl IntoIterator<Item = CorpusItem>,
        events: &mut dyn FnMut(Event<'_>),
        init: &(dyn Fn() -> S + Sync),
        work: &(dyn Fn(&mut S, Vec<Document>) -> Done<T> + Sync),
        emit: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> Result<(Summary, DuplicateFilter), PipelineError> {
        let mut tally = Tally {
            summary: Summary { threads: self.threads, ..Summary::default() },
            events,
            strict: self.options.strict,
            start: Instant::now(),
            seen: DuplicateFilter::new(),
            drain: false,
        };
        let result = match &self.pool {
            None => {
                let mut state = init();
                self.feed(items, &mut tally, &mut |batch, tally| {
                    let done = work(&mut state, batch);
                    tally.finish(done, emit)
                })
            }
            Some(pool) => self.drive_parallel(pool, items, &mut tally, init, work, emit),
        };
        tally.summary.seconds = tally.start.elapsed().as_secs_f64();
        result.map(|()| (tally.summary, tally.seen))
    }

    fn drive_parallel<S: Send, T: Send>(
        &self,
        pool: &rayon::ThreadPool,
        items: impl IntoIterator<Item = CorpusItem>,
        tally: &mut Tally<'_>,
        init: &(dyn Fn() -> S + Sync),
        work: &(dyn Fn(&mut S, Vec<Document>) -> Done<T> + Sync),
        emit: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> Result<(), PipelineError> {
        let threads = self.threads;
        let workers = threads - 1;
        // One batch waiting per worker: when the queue is full the calling thread extracts the batch itself, so the
        // workers never wait for it and it never sits idle while they work (an idle reader thread on top of
        // `threads` busy workers made the threads take turns on the cores: two threads ran 1.74x one, not 1.8x).
        let (batch_tx, batch_rx) = mpsc::sync_channel::<(u64, Vec<Document>)>(workers);
        let batch_rx = Mutex::new(batch_rx);
        // Unbounded, but never holds more than the batches in flight, which the reader caps.
        let (done_tx, done_rx) = mpsc::channel::<(u64, Done<T>)>();
        let max_in_flight = (threads * IN_FLIGHT_PER_THREAD) as u64;
        pool.in_place_scope(|scope| {
            for _ in 0..workers {
                let done_tx = done_tx.clone();
                let batch_rx = &batch_rx;
                scope.spawn(move |_| {
                    let mut state = init();
                    loop {
                        let next = match batch_rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok((seq, batch)) = next else { break };
                        if done_tx.send((seq, work(&mut state, batch))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);
            let mut own = init();
            let mut order = Reorder { pending: BTreeMap::new(), next: 0, sent: 0 };
            let fed = self.feed(items, tally, &mut |batch, tally| {
                while order.sent - order.next >= max_in_flight {
                    order.wait_one(&done_rx, tally, emit)?;
                }
                let seq = order.sent;
                order.sent += 1;
                match batch_tx.try_send((seq, batch)) {
                    Ok(()) => Ok(()),
                    // Full: every worker has a batch waiting. Disconnected: the workers are gone, which only a
                    // panic does (the scope re-raises it); the batch is not lost meanwhile.
                    Err(TrySendError::Full((seq, batch)) | TrySendError::Disconnected((seq, batch))) => {
                        let done = work(&mut own, batch);
                        order.put(seq, done, tally, emit)
                    }
                }
            });
            drop(batch_tx);
            let mut result = fed;
            while order.next < order.sent {
                if result.is_err() && !tally.drain {
                    // Stopping: let the workers finish what they hold, without emitting it.
                    if done_rx.recv().is_err() {
                        break;
                    }
                    order.next += 1;
                    continue;
                }
                if let Err(e) = order.wait_one(&done_rx, tally, emit) {
                    // An output error while writing what preceded a strict stop ends the writing; the stop is
                    // still what is reported.
                    tally.drain = false;
                    if result.is_ok() {
                        result = Err(e);
                    }
                }
            }
            result
        })
    }

    /// Reads items, counts and reports them, and passes full batches to `send`.
    fn feed(
        &self,
        items: impl IntoIterator<Item = CorpusItem>,
        tally: &mut Tally<'_>,
        send: &mut SendBatch<'_>,
    ) -> Result<(), PipelineError> {
        let batch_bytes = self.options.batch_bytes;
        let mut batch: Vec<Document> = Vec::new();
        let mut bytes = 0;
        for item in items {
            match item {
                CorpusItem::Problem(problem) => {
                    if tally.strict && !batch.is_empty() {
                        // Strict mode stops here: what was read before the problem is still processed and written,
                        // so a failing run's output is the same for any thread count.
                        send(std::mem::take(&mut batch), tally)?;
                        bytes = 0;
                    }
                    if let Err(e) = tally.problem(problem) {
                        tally.drain = true;
                        return Err(e);
                    }
                }
                CorpusItem::Document(doc) => {
                    if doc.text.trim().is_empty() {
                        tally.summary.skipped += 1;
                        (tally.events)(Event::Skipped(&doc));
                        continue;
                    }
                    if self.options.deduplicate && !tally.seen.insert(&doc.text) {
                        tally.summary.duplicates += 1;
                        continue;
                    }
                    tally.summary.documents += 1;
                    tally.summary.bytes += doc.text.len() as u64;
                    bytes += doc.text.len();
                    batch.push(doc);
                    if bytes >= batch_bytes || batch.len() >= MAX_BATCH_DOCUMENTS {
                        send(std::mem::take(&mut batch), tally)?;
                        bytes = 0;
                        tally.progress();
                    }
                }
            }
        }
        if !batch.is_empty() {
            send(batch, tally)?;
        }
        tally.progress();
        Ok(())
    }
}

fn extraction_problem(doc: &Document, error: &crate::Error) -> InputProblem {
    InputProblem { location: doc.location.clone(), kind: InputProblemKind::TooLarge, message: error.to_string() }
}

/// Hands a full batch on: processes it (one thread) or queues it for the workers (or processes it when they are
/// all busy).
type SendBatch<'a> = dyn FnMut(Vec<Document>, &mut Tally<'_>) -> Result<(), PipelineError> + 'a;

/// Counts and reports as a run goes.
struct Tally<'e> {
    summary: Summary,
    events: &'e mut dyn FnMut(Event<'_>),
    strict: bool,
    start: Instant,
    /// The texts let through so far, when the pipeline drops duplicates.
    seen: DuplicateFilter,
    /// Reading stopped at an input problem in strict mode: the batches read before it are still to be written.
    drain: bool,
}

impl Tally<'_> {
    fn problem(&mut self, problem: InputProblem) -> Result<(), PipelineError> {
        self.summary.problems += 1;
        if problem.kind.loses_document() {
            self.summary.failed += 1;
        }
        (self.events)(Event::Problem(&problem));
        if self.strict { Err(PipelineError::Strict(problem)) } else { Ok(()) }
    }

    fn progress(&mut self) {
        let progress =
            Progress { documents: self.summary.documents, bytes: self.summary.bytes, elapsed: self.start.elapsed() };
        (self.events)(Event::Progress(progress));
    }

    /// Takes a processed batch's counts, problems and output, in input order.
    fn finish<T>(&mut self, done: Done<T>, emit: &mut dyn FnMut(T) -> io::Result<()>) -> Result<(), PipelineError> {
        self.summary.mentions += done.mentions;
        for failure in done.failures {
            self.summary.documents -= 1;
            self.problem(failure)?;
        }
        emit(done.payload).map_err(PipelineError::Write)
    }
}

/// Puts batch results back in input order.
struct Reorder<T> {
    pending: BTreeMap<u64, Done<T>>,
    next: u64,
    sent: u64,
}

impl<T> Reorder<T> {
    /// Takes the result of batch `seq`, extracted on the calling thread, and emits every result that is next in
    /// order.
    fn put(
        &mut self,
        seq: u64,
        done: Done<T>,
        tally: &mut Tally<'_>,
        emit: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> Result<(), PipelineError> {
        self.pending.insert(seq, done);
        self.emit_ready(tally, emit)
    }

    fn emit_ready(
        &mut self,
        tally: &mut Tally<'_>,
        emit: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> Result<(), PipelineError> {
        while let Some(done) = self.pending.remove(&self.next) {
            self.next += 1;
            tally.finish(done, emit)?;
        }
        Ok(())
    }

    /// Waits for one more result, then emits every result that is next in order.
    fn wait_one(
        &mut self,
        done_rx: &mpsc::Receiver<(u64, Done<T>)>,
        tally: &mut Tally<'_>,
        emit: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> Result<(), PipelineError> {
        match done_rx.recv() {
            Ok((seq, done)) => {
                self.pending.insert(seq, done);
            }
            // Every worker is gone: only a panic does that, and the scope re-raises it.
            Err(_) => {
                self.next = self.sent;
                return Ok(());
            }
        }
        self.emit_ready(tally, emit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Location;
    use crate::export::Json;

    const TEXTS: &[&str] = &[
        "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow.",
        "Xi Jinping and Vladimir Putin signed agreements. Putin praised Xi.",
        "",
        "Slovak Prime Minister Robert Fico and Serbian President Aleksandar Vučić attended the parade in Moscow.",
        "Donald Trump spoke with Vladimir Putin about Ukraine. Trump later called Xi Jinping.",
        "Ukraine and Russia exchanged prisoners. The United States welcomed the exchange.",
        "Japan and China held talks. Japan raised Taiwan.",
    ];

    fn items() -> Vec<CorpusItem> {
        let mut out = Vec::new();
        for (i, text) in TEXTS.iter().enumerate() {
            out.push(CorpusItem::Document(Document {
                index: i as u64,
                id: format!("doc-{i}"),
                date: format!("2025-05-0{}", i + 1).parse().ok(),
                title: None,
                text: text.to_string(),
                location: Location { path: "test".into(), line: Some(i as u64 + 1) },
            }));
            if i == 1 {
                out.push(CorpusItem::Problem(InputProblem {
                    location: Location { path: "test".into(), line: Some(99) },
                    kind: InputProblemKind::MalformedJson,
                    message: "malformed".into(),
                }));
            }
        }
        out
    }

    fn pipeline(threads: usize) -> Pipeline {
        // One document per batch, so that two or more threads really share the work.
        Pipeline::builder().threads(threads).batch_bytes(1).max_evidence(2).build(Extractor::default()).unwrap()
    }

    #[test]
    fn graph_is_identical_for_any_thread_count() {
        let (one, summary) = pipeline(1).graph(items(), &mut |_| {}).unwrap();
        assert_eq!((summary.documents, summary.skipped, summary.failed, summary.problems), (6, 1, 1, 1));
        assert!(one.edge_count() > 5, "{summary:?}");
        let expected = Json::new(&one).to_string();
        for threads in [2, 3, 4] {
            let (graph, other) = pipeline(threads).graph(items(), &mut |_| {}).unwrap();
            assert_eq!(Json::new(&graph).to_string(), expected, "{threads} threads");
            assert_eq!(
                (other.documents, other.mentions, other.edges),
                (summary.documents, summary.mentions, summary.edges)
            );
        }
    }

    #[test]
    fn duplicates_are_dropped_once_or_kept_everywhere() {
        let twice = || items().into_iter().chain(items()).collect::<Vec<_>>();
        for threads in [1, 2] {
            let dropping = Pipeline::builder().threads(threads).build(Extractor::default()).unwrap();
            let (mut graph, summary) = dropping.graph(twice(), &mut |_| {}).unwrap();
            assert_eq!((summary.documents, summary.duplicates), (6, 6));
            assert_eq!((graph.manifest().documents, graph.manifest().duplicate_documents), (6, 6));
            assert!(graph.manifest().deduplicate);
            // The graph took over the pipeline's filter: a text it counted is still skipped when added later.
            let extractor = Extractor::default();
            let again = extractor.extract(TEXTS[0]);
            let doc = DocumentRef { id: "late", index: 100, date: None, text: TEXTS[0] };
            assert!(!graph.insert_document(&doc, &again));
            let fresh = "Emmanuel Macron met Olaf Scholz in Paris.";
            let doc = DocumentRef { id: "fresh", index: 101, date: None, text: fresh };
            assert!(graph.insert_document(&doc, &extractor.extract(fresh)));

            let keeping = Pipeline::builder().threads(threads).deduplicate(false).build(Extractor::default()).unwrap();
            let (graph, summary) = keeping.graph(twice(), &mut |_| {}).unwrap();
            assert_eq!((summary.documents, summary.duplicates), (12, 0));
            assert_eq!((graph.manifest().documents, graph.manifest().duplicate_documents), (12, 0));
            assert!(!graph.manifest().deduplicate);
            let (once, _) = keeping.graph(items(), &mut |_| {}).unwrap();
            let weight = |g: &EntityGraph| g.edges().map(|e| e.edge.weight).sum::<u64>();
            assert_eq!(weight(&graph), 2 * weight(&once), "every copy is counted");
        }
    }

    #[test]
    fn the_calling_thread_extracts_when_every_worker_is_busy() {
        let caller = std::thread::current().id();
        let docs: Vec<CorpusItem> = (0..40)
            .map(|i| {
                CorpusItem::Document(Document {
                    index: i,
                    id: format!("doc-{i}"),
                    date: None,
                    title: None,
                    text: format!("text {i}"),
                    location: Location { path: "test".into(), line: Some(i + 1) },
                })
            })
            .collect();
        for threads in [2, 3] {
            let pipeline = Pipeline::builder().threads(threads).batch_bytes(1).build(Extractor::default()).unwrap();
            assert_eq!(pipeline.pool.as_ref().unwrap().current_num_threads(), threads - 1);
            let work = |_: &mut (), batch: Vec<Document>| {
                let on = std::thread::current().id();
                if on != caller {
                    // Slow workers: their queue fills, and the calling thread must take batches itself.
                    std::thread::sleep(Duration::from_millis(2));
                }
                Done { mentions: 0, failures: Vec::new(), payload: (batch[0].index, on) }
            };
            let mut out = Vec::new();
            let mut emit = |done: (u64, std::thread::ThreadId)| {
                out.push(done);
                Ok(())
            };
            let (summary, _) = pipeline.drive(docs.clone(), &mut |_| {}, &|| (), &work, &mut emit).unwrap();
            assert_eq!(summary.documents, 40);
            let order: Vec<u64> = out.iter().map(|(i, _)| *i).collect();
            assert_eq!(order, (0..40).collect::<Vec<u64>>(), "results come out in input order");
            let by_caller = out.iter().filter(|(_, on)| *on == caller).count();
            assert!(by_caller > 0 && by_caller < 40, "{threads} threads: the caller extracted {by_caller} of 40");
        }
    }

    #[test]
    fn mentions_come_out_in_input_order() {
        let mut one = Vec::new();
        pipeline(1).write_mentions(items(), &mut one, &mut |_| {}).unwrap();
        let mut two = Vec::new();
        let summary = pipeline(3).write_mentions(items(), &mut two, &mut |_| {}).unwrap();
        assert_eq!(String::from_utf8(two).unwrap(), String::from_utf8(one.clone()).unwrap());
        let lines: Vec<serde_json::Value> =
            one.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
        assert_eq!(lines.len() as u64, summary.mentions);
        assert_eq!(lines[0]["doc"], "doc-0");
        assert_eq!(lines[0]["text"], "Russian");
        assert_eq!(lines[0]["entity"], "RUS");
        let docs: Vec<&str> = lines.iter().map(|l| l["doc"].as_str().unwrap()).collect();
        let mut sorted = docs.clone();
        sorted.sort_by_key(|d| d[4..].parse::<u32>().unwrap());
        assert_eq!(docs, sorted);
    }

    #[test]
    fn events_report_problems_skips_and_progress() {
        let mut seen = Vec::new();
        pipeline(2)
            .graph(items(), &mut |event| match event {
                Event::Problem(p) => seen.push(format!("problem {}", p.location)),
                Event::Skipped(d) => seen.push(format!("skipped {}", d.id)),
                Event::Progress(_) => {}
            })
            .unwrap();
        assert_eq!(seen, ["problem test:99", "skipped doc-2"]);
    }

    #[test]
    fn strict_mode_stops_at_the_first_problem() {
        for threads in [1, 2] {
            let strict = Pipeline::builder().threads(threads).strict(true).build(Extractor::default()).unwrap();
            let err = strict.graph(items(), &mut |_| {}).unwrap_err();
            assert!(matches!(&err, PipelineError::Strict(p) if p.location.line == Some(99)), "{err}");
        }
    }

    #[test]
    fn strict_mode_writes_everything_before_the_problem_and_nothing_after() {
        // The problem comes after doc-1; every document before it is written, whatever the threads and batches.
        let mut expected = Vec::new();
        let two: Vec<CorpusItem> = items().into_iter().take(2).collect();
        pipeline(1).write_mentions(two, &mut expected, &mut |_| {}).unwrap();
        assert!(!expected.is_empty());
        for threads in [1, 2, 3] {
            for batch_bytes in [1, DEFAULT_BATCH_BYTES] {
                let strict = Pipeline::builder()
                    .threads(threads)
                    .strict(true)
                    .batch_bytes(batch_bytes)
                    .build(Extractor::default())
                    .unwrap();
                let mut out = Vec::new();
                let err = strict.write_mentions(items(), &mut out, &mut |_| {}).unwrap_err();
                assert!(matches!(err, PipelineError::Strict(_)));
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    String::from_utf8(expected.clone()).unwrap(),
                    "{threads} threads, batches of {batch_bytes} bytes"
                );
            }
        }
    }

    #[test]
    fn kinds_and_min_weight_filter_the_graph() {
        let leaders =
            Pipeline::builder().threads(1).kinds(Some(vec![EntityKind::Leader])).build(Extractor::default()).unwrap();
        let (graph, summary) = leaders.graph(items(), &mut |_| {}).unwrap();
        assert!(graph.nodes().all(|n| n.kind == EntityKind::Leader));
        assert_eq!(summary.entities, graph.node_count() as u64);
        let heavy = Pipeline::builder().threads(1).min_weight(2).build(Extractor::default()).unwrap();
        let (graph, _) = heavy.graph(items(), &mut |_| {}).unwrap();
        assert!(graph.edges().all(|e| e.edge.weight >= 2));
        let ids: Vec<&str> = graph.nodes().map(|n| n.id.as_str()).collect();
        assert!(ids.contains(&"vladimir-putin") && ids.contains(&"xi-jinping"), "{ids:?}");
        assert!(!ids.contains(&"robert-fico"), "{ids:?}");
    }

    #[test]
    fn filters_are_recorded_and_min_weight_one_drops_unlinked_entities() {
        let run = |kinds: Option<Vec<EntityKind>>, min_weight: u64| {
            let pipeline =
                Pipeline::builder().threads(1).kinds(kinds).min_weight(min_weight).build(Extractor::default()).unwrap();
            pipeline.graph(items(), &mut |_| {}).unwrap().0
        };
        let unlinked = |g: &EntityGraph| g.nodes().filter(|n| g.neighbors(g.find(&n.id).unwrap()).is_empty()).count();
        let all = run(None, 0);
        assert!(all.manifest().derived.is_empty());
        assert!(unlinked(&all) > 0, "the sample has an entity that shares no window with another");
        let linked = run(None, 1);
        assert_eq!(linked.manifest().derived, ["without isolated nodes"]);
        assert_eq!(unlinked(&linked), 0);
        assert_eq!(linked.edge_count(), all.edge_count());
        assert_eq!(linked.node_count(), all.node_count() - unlinked(&all));
        let leaders = run(Some(vec![EntityKind::Leader]), 2);
        assert_eq!(leaders.manifest().derived, ["kinds leader; min weight 2; without isolated nodes"]);
        assert_eq!(run(Some(vec![EntityKind::Country]), 0).manifest().derived, ["kinds country"]);
    }

    #[test]
    fn write_errors_stop_the_run() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        for threads in [1, 2] {
            let err = pipeline(threads).write_mentions(items(), &mut Broken, &mut |_| {}).unwrap_err();
            assert!(matches!(&err, PipelineError::Write(e) if e.kind() == io::ErrorKind::BrokenPipe), "{err}");
        }
    }

    #[test]
    fn pipeline_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Pipeline>();
    }
}
