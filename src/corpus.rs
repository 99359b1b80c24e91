//! Corpus input: finding documents in files, directories, JSON Lines and stdin, and streaming them one at a time.
//!
//! A [`Corpus`] is a list of sources discovered up front (so that the total size is known for progress) whose
//! documents are read lazily by [`Documents`], an iterator of [`CorpusItem`]s: a [`Document`], or an
//! [`InputProblem`] naming the file and line at fault. Reading never stops at a problem: a malformed JSON line, an
//! unreadable file or an oversized document is reported and skipped, invalid UTF-8 is decoded lossily and reported,
//! and the next document follows.
//!
//! # Formats
//!
//! | format | what a document is | chosen by |
//! |---|---|---|
//! | [`InputFormat::Text`] | a whole file (`*.txt`, `*.md`, anything named explicitly) | any other extension |
//! | [`InputFormat::Jsonl`] | one line, a JSON object with `id`, `text`, optional `date` and `title` (names configurable with [`JsonlFields`]) | `*.jsonl` |
//! | [`InputFormat::Blocks`] | a maximal run of non-blank lines, re-joined with `\n` (the peer benchmark harness's format) | only when asked for |
//!
//! Each may be gzip-compressed (`*.gz`, multi-member streams included). On stdin (`-`) gzip is recognised by its
//! magic bytes, and JSON Lines by a first non-blank byte `{`.
//!
//! Memory: one document (one JSON line, one file, one block) at a time, plus a reused line buffer.
//!
//! # Examples
//!
//! ```
//! use newsgraph::corpus::{Corpus, CorpusItem, Input};
//!
//! let dir = std::env::temp_dir().join(format!("newsgraph-corpus-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("wire.jsonl");
//! std::fs::write(&path, concat!(
//!     r#"{"id": "afp-1", "date": "2025-05-08", "text": "Xi Jinping arrived in Moscow."}"#, "\n",
//!     "{not json\n",
//!     r#"{"id": 17, "text": "Aleksandar Vučić met Robert Fico."}"#, "\n",
//! )).unwrap();
//!
//! let corpus = Corpus::builder().input(Input::Path(path)).build();
//! let items: Vec<CorpusItem> = corpus.documents().collect();
//! assert_eq!(items.len(), 3);
//! let CorpusItem::Document(first) = &items[0] else { panic!() };
//! assert_eq!((first.index, first.id.as_str()), (0, "afp-1"));
//! assert_eq!(first.date.map(|d| d.to_string()).as_deref(), Some("2025-05-08"));
//! let CorpusItem::Problem(problem) = &items[1] else { panic!() };
//! assert_eq!(problem.location.line, Some(2));
//! assert!(problem.to_string().contains("wire.jsonl:2: malformed JSON"));
//! let CorpusItem::Document(second) = &items[2] else { panic!() };
//! assert_eq!((second.index, second.id.as_str()), (1, "17"));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use crate::date::Date;
use crate::extract::DEFAULT_MAX_DOCUMENT_BYTES;
use flate2::read::MultiGzDecoder;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::iter::FusedIterator;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How the documents of an input are laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// From the file name: `*.jsonl` (and `*.jsonl.gz`) are JSON Lines, anything else plain text; on stdin, JSON
    /// Lines when the first non-blank byte is `{`.
    #[default]
    Auto,
    /// The whole input is one document.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// Documents are maximal runs of non-blank lines (a blank line holds only whitespace), re-joined with `\n`.
    Blocks,
}

impl InputFormat {
    /// The lower-case name (`auto`, `text`, `jsonl`, `blocks`).
    pub fn as_str(&self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Text => "text",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Blocks => "blocks",
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InputFormat {
    type Err = String;

    /// Parses `auto`, `text` (or `txt`), `jsonl` (or `ndjson`), `blocks`.
    fn from_str(s: &str) -> Result<InputFormat, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(InputFormat::Auto),
            "text" | "txt" => Ok(InputFormat::Text),
            "jsonl" | "ndjson" => Ok(InputFormat::Jsonl),
            "blocks" => Ok(InputFormat::Blocks),
            other => Err(format!("unknown input format {other:?}: expected auto, text, jsonl or blocks")),
        }
    }
}

/// The JSON Lines field names to read (defaults: `id`, `text`, `date`, `title`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonlFields {
    /// Document id: a string or a number. Without one, the id is `PATH#LINE`.
    pub id: String,
    /// The document's text; required.
    pub text: String,
    /// Publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time after the date is ignored); optional.
    pub date: String,
    /// Headline; optional, carried along but not searched (mention offsets stay offsets into the text field).
    pub title: String,
}

impl Default for JsonlFields {
    fn default() -> JsonlFields {
        JsonlFields { id: "id".into(), text: "text".into(), date: "date".into(), title: "title".into() }
    }
}

/// One input named by the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file (one document, or JSON Lines) or a directory (searched recursively for `*.txt`, `*.md`, `*.jsonl`
    /// and their `.gz` versions).
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// `-` is stdin, anything else a path.
    pub fn from_arg(arg: impl AsRef<std::ffi::OsStr>) -> Input {
        let arg = arg.as_ref();
        if arg == "-" { Input::Stdin } else { Input::Path(PathBuf::from(arg)) }
    }
}

/// The name stdin goes by in document ids and problem locations.
pub const STDIN_NAME: &str = "<stdin>";

/// Extensions a directory search picks up (each also with `.gz`).
const DIRECTORY_EXTENSIONS: &[&str] = &["txt", "md", "jsonl"];

/// One document of a corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Position among all documents of the corpus, from 0, in input order. Orders evidence and output, so that
    /// results do not depend on how documents were spread over threads.
    pub index: u64,
    /// The JSON Lines id; else the file path (plus `#LINE` for a JSON line or block without an id).
    pub id: String,
    /// Publication date, when the input gives one.
    pub date: Option<Date>,
    /// Headline, when the input gives one.
    pub title: Option<String>,
    /// The text. Invalid UTF-8 in the input has been replaced by U+FFFD (and reported).
    pub text: String,
    /// Where the document starts.
    pub location: Location,
}

/// A place in the input: a file (or [`STDIN_NAME`]) and, for line-based formats, a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Location {
    /// The path as given or as found in a directory.
    #[serde(serialize_with = "serialize_str")]
    pub path: Arc<str>,
    /// The 1-based line, when it makes sense.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

fn serialize_str<S: serde::Serializer>(s: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(s)
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// What went wrong with an input.
///
/// What to do: `Unreadable` — check the path, permissions or the compressed file; `MalformedJson`, `MissingText` —
/// fix the line (or name the right field); `InvalidUtf8` — convert the input to UTF-8 (the document was read with
/// replacement characters); `InvalidDate` — fix the date (the document was read undated); `TooLarge` — split the
/// document or raise the limit.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputProblemKind {
    /// A file or directory could not be opened or read (further); what it still held is lost.
    Unreadable,
    /// A JSON line does not parse, or is not an object, or a field has the wrong type.
    MalformedJson,
    /// A JSON line has no text field.
    MissingText,
    /// Bytes that are not UTF-8; the document was still read, with U+FFFD in their place.
    InvalidUtf8,
    /// A date field that does not parse; the document was still read, undated.
    InvalidDate,
    /// A document (or line) over the size limit; skipped without holding it in memory.
    TooLarge,
}

impl InputProblemKind {
    /// Whether the problem cost a document (as opposed to a document read with a defect).
    pub fn loses_document(&self) -> bool {
        !matches!(self, InputProblemKind::InvalidUtf8 | InputProblemKind::InvalidDate)
    }
}

/// A problem with the input, located by file and line; reading went on after it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct InputProblem {
    /// Where.
    pub location: Location,
    /// What kind of problem.
    pub kind: InputProblemKind,
    /// What is wrong, in lower case, without a trailing period.
    pub message: String,
}

impl InputProblem {
    fn new(path: &Arc<str>, line: Option<u64>, kind: InputProblemKind, message: String) -> InputProblem {
        InputProblem { location: Location { path: path.clone(), line }, kind, message }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for InputProblem {}

/// What [`Documents`] yields: a document, or a problem met while reading, in input order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorpusItem {
    /// A document.
    Document(Document),
    /// A problem; reading continues after it.
    Problem(InputProblem),
}

/// Builds a [`Corpus`].
#[derive(Clone, Debug)]
pub struct CorpusBuilder {
    inputs: Vec<Input>,
    format: InputFormat,
    fields: JsonlFields,
    max_document_bytes: usize,
}

impl Default for CorpusBuilder {
    fn default() -> CorpusBuilder {
        CorpusBuilder {
            inputs: Vec::new(),
            format: InputFormat::Auto,
            fields: JsonlFields::default(),
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
        }
    }
}

impl CorpusBuilder {
    /// A builder with no inputs, automatic format, default field names and size limit.
    pub fn new() -> CorpusBuilder {
        CorpusBuilder::default()
    }

    /// Adds an input; inputs are read in the order added.
    pub fn input(&mut self, input: Input) -> &mut CorpusBuilder {
        self.inputs.push(input);
        self
    }

    /// Adds several inputs.
    pub fn inputs(&mut self, inputs: impl IntoIterator<Item = Input>) -> &mut CorpusBuilder {
        self.inputs.extend(inputs);
        self
    }

    /// Forces the format of every input (default [`InputFormat::Auto`]). Directories are still searched for
    /// `*.txt`, `*.md` and `*.jsonl` files only.
    pub fn format(&mut self, format: InputFormat) -> &mut CorpusBuilder {
        self.format = format;
        self
    }

    /// The JSON Lines field names.
    pub fn fields(&mut self, fields: JsonlFields) -> &mut CorpusBuilder {
        self.fields = fields;
        self
    }

    /// The largest document accepted, in bytes of text (default
    /// [`DEFAULT_MAX_DOCUMENT_BYTES`]). Larger documents are reported
    /// as [`InputProblemKind::TooLarge`] and skipped without being held in memory whole.
    pub fn max_document_bytes(&mut self, limit: usize) -> &mut CorpusBuilder {
        self.max_document_bytes = limit;
        self
    }

    /// Lists the files of every input (directories recursively, in name order) and their sizes. Cannot fail: a
    /// path that cannot be listed becomes an [`InputProblem`] item at its place in the stream.
    pub fn build(&self) -> Corpus {
        let mut sources = Vec::new();
        for input in &self.inputs {
            match input {
                Input::Stdin => sources.push(Source::Stdin),
                Input::Path(path) => discover(path, self.format, &mut sources),
            }
        }
        let mut total = Some(0u64);
        for source in &sources {
            match source {
                Source::File { size, .. } => total = total.map(|t| t + size),
                Source::Stdin => total = None,
                Source::Problem(_) => {}
            }
        }
        Corpus {
            sources,
            options: Arc::new(Options {
                format: self.format,
                fields: self.fields.clone(),
                max_document_bytes: self.max_document_bytes,
            }),
            total_bytes: total,
            counter: ReadCounter::default(),
        }
    }
}

#[derive(Debug)]
struct Options {
    format: InputFormat,
    fields: JsonlFields,
    max_document_bytes: usize,
}

#[derive(Clone, Debug)]
enum Source {
    File { path: PathBuf, format: InputFormat, gzip: bool, size: u64 },
    Stdin,
    Problem(InputProblem),
}

/// A running count of the input bytes read so far (compressed bytes for `.gz` files), shared with a progress
/// display while [`Documents`] reads.
#[derive(Clone, Debug, Default)]
pub struct ReadCounter(Arc<AtomicU64>);

impl ReadCounter {
    /// Bytes read so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A list of inputs ready to be read; see the [module docs](self).
#[derive(Debug)]
pub struct Corpus {
    sources: Vec<Source>,
    options: Arc<Options>,
    total_bytes: Option<u64>,
    counter: ReadCounter,
}

impl Corpus {
    /// A builder.
    pub fn builder() -> CorpusBuilder {
        CorpusBuilder::new()
    }

    /// The total size of the input files in bytes (compressed size for `.gz`), or `None` when stdin is read.
    pub fn total_bytes(&self) -> Option<u64> {
        self.total_bytes
    }

    /// Number of files found (stdin counts as one).
    pub fn files_len(&self) -> usize {
        self.sources.iter().filter(|s| !matches!(s, Source::Problem(_))).count()
    }

    /// A counter of the input bytes read, to compare with [`total_bytes`](Self::total_bytes) while reading.
    pub fn read_counter(&self) -> ReadCounter {
        self.counter.clone()
    }

    /// The documents and problems, in input order, read lazily.
    pub fn documents(self) -> Documents {
        Documents {
            sources: self.sources.into_iter(),
            options: self.options,
            counter: self.counter,
            state: State::Idle,
            queue: VecDeque::new(),
            next_index: 0,
            line: Vec::new(),
        }
    }
}

impl IntoIterator for Corpus {
    type Item = CorpusItem;
    type IntoIter = Documents;

    fn into_iter(self) -> Documents {
        self.documents()
    }
}

fn discover(path: &Path, format: InputFormat, sources: &mut Vec<Source>) {
    let name: Arc<str> = path.display().to_string().into();
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            sources.push(Source::Problem(InputProblem::new(&name, None, InputProblemKind::Unreadable, io_message(&e))));
            return;
        }
    };
    if metadata.is_dir() {
        let before = sources.len();
        walk(path, format, sources);
        if sources.len() == before {
            sources.push(Source::Problem(InputProblem::new(
                &name,
                None,
                InputProblemKind::Unreadable,
                "no *.txt, *.md or *.jsonl files (or .gz versions) in this directory".to_string(),
            )));
        }
    } else {
        sources.push(file_source(path.to_path_buf(), format, metadata.len()));
    }
}

fn file_source(path: PathBuf, format: InputFormat, size: u64) -> Source {
    let (stem, gzip) = split_gzip(&path);
    let format = match format {
        InputFormat::Auto if extension_of(&stem).is_some_and(|e| e == "jsonl" || e == "ndjson") => InputFormat::Jsonl,
        InputFormat::Auto => InputFormat::Text,
        other => other,
    };
    Source::File { path, format, gzip, size }
}

/// The file name without a final `.gz`, and whether it had one.
fn split_gzip(path: &Path) -> (PathBuf, bool) {
    if extension_of(path).is_some_and(|e| e == "gz") {
        (path.with_extension(""), true)
    } else {
        (path.to_path_buf(), false)
    }
}

fn extension_of(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Recursive listing in name order, so that document indexes do not depend on the file system's order. Symbolic
/// links to files are followed; links to directories are not, which rules out cycles.
fn walk(dir: &Path, format: InputFormat, sources: &mut Vec<Source>) {
    let name: Arc<str> = dir.display().to_string().into();
    let problem =
        |e: &io::Error| Source::Problem(InputProblem::new(&name, None, InputProblemKind::Unreadable, io_message(e)));
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return sources.push(problem(&e)),
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push((entry.path(), entry.file_type())),
            Err(e) => sources.push(problem(&e)),
        }
    }
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, file_type) in paths {
        match file_type {
            Ok(t) if t.is_dir() => walk(&path, format, sources),
            Ok(_) => {
                let (stem, _) = split_gzip(&path);
                if !extension_of(&stem).is_some_and(|e| DIRECTORY_EXTENSIONS.contains(&e.as_str())) {
                    continue;
                }
                match std::fs::metadata(&path) {
                    Ok(m) if m.is_file() => sources.push(file_source(path, format, m.len())),
                    Ok(_) => {}
                    Err(e) => {
                        let name: Arc<str> = path.display().to_string().into();
                        sources.push(Source::Problem(InputProblem::new(
                            &name,
                            None,
                            InputProblemKind::Unreadable,
                            io_message(&e),
                        )))
                    }
                }
            }
            Err(e) => sources.push(problem(&e)),
        }
    }
}

fn io_message(e: &io::Error) -> String {
    let text = e.to_string();
    let mut chars = text.chars();
    let lowered = match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("cannot read: {lowered}")
}

/// Counts the bytes that pass through, for progress against file sizes.
struct Counting<R> {
    inner: R,
    counter: ReadCounter,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.0.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

type Stream = Box<dyn Read + Send>;

/// Line-based reading state of one input.
struct Lines {
    reader: Box<dyn BufRead + Send>,
    path: Arc<str>,
    line: u64,
    format: InputFormat,
}

enum State {
    Idle,
    Lines(Lines),
    Done,
}

/// The documents of a [`Corpus`], read one at a time; see the [module docs](self).
pub struct Documents {
    sources: std::vec::IntoIter<Source>,
    options: Arc<Options>,
    counter: ReadCounter,
    state: State,
    queue: VecDeque<CorpusItem>,
    next_index: u64,
    /// Reused for every line, so reading JSON Lines allocates only the documents themselves.
    line: Vec<u8>,
}

impl fmt::Debug for Documents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Documents").field("next_index", &self.next_index).finish_non_exhaustive()
    }
}

impl Iterator for Documents {
    type Item = CorpusItem;

    fn next(&mut self) -> Option<CorpusItem> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            match std::mem::replace(&mut self.state, State::Idle) {
                State::Done => {
                    self.state = State::Done;
                    return None;
                }
                State::Lines(mut lines) => {
                    let more = match lines.format {
                        InputFormat::Blocks => self.read_block(&mut lines),
                        _ => self.read_json_line(&mut lines),
                    };
                    if more {
                        self.state = State::Lines(lines);
                    }
                }
                State::Idle => match self.sources.next() {
                    None => self.state = State::Done,
                    Some(source) => self.open(source),
                },
            }
        }
    }
}

impl FusedIterator for Documents {}

/// Outcome of reading one line with a length limit.
enum LineRead {
    Eof,
    Line,
    /// Longer than the limit; the rest of the line was skipped.
    TooLong(usize),
}

/// Reads one line without its `\n` (and, when `strip_cr`, without a `\r` before it) into `buf`.
fn read_line_limited(
    reader: &mut (dyn BufRead + Send),
    buf: &mut Vec<u8>,
    limit: usize,
    strip_cr: bool,
) -> io::Result<LineRead> {
    buf.clear();
    let cap = limit.saturating_add(1) as u64;
    let n = (&mut *reader).take(cap).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(LineRead::Eof);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if strip_cr && buf.last() == Some(&b'\r') {
            buf.pop();
        }
        return Ok(LineRead::Line);
    }
    if n as u64 == cap {
        let skipped = reader.skip_until(b'\n')?;
        return Ok(LineRead::TooLong(n + skipped));
    }
    Ok(LineRead::Line)
}

impl Documents {
    fn open(&mut self, source: Source) {
        let (name, stream, format, gzip): (Arc<str>, Stream, InputFormat, bool) = match source {
            Source::Problem(p) => return self.queue.push_back(CorpusItem::Problem(p)),
            Source::File { path, format, gzip, size } => {
                let name: Arc<str> = path.display().to_string().into();
                let file = match File::open(&path) {
                    Ok(f) => f,
                    Err(e) => {
                        return self.problem(&name, None, InputProblemKind::Unreadable, io_message(&e));
                    }
                };
                if format == InputFormat::Text && !gzip && size > self.options.max_document_bytes as u64 {
                    self.counter.0.fetch_add(size, Ordering::Relaxed);
                    return self.too_large(&name, None, size as usize);
                }
                (name, Box::new(Counting { inner: file, counter: self.counter.clone() }), format, gzip)
            }
            Source::Stdin => {
                let name: Arc<str> = STDIN_NAME.into();
                let stream: Stream = Box::new(Counting { inner: io::stdin(), counter: self.counter.clone() });
                match sniff_stdin(stream, self.options.format) {
                    Ok((stream, format)) => (name, stream, format, false),
                    Err(e) => {
                        return self.problem(&name, None, InputProblemKind::Unreadable, io_message(&e));
                    }
                }
            }
        };
        let stream: Stream = if gzip { Box::new(MultiGzDecoder::new(stream)) } else { stream };
        match format {
            InputFormat::Jsonl | InputFormat::Blocks => {
                let reader = Box::new(BufReader::with_capacity(256 * 1024, stream));
                self.state = State::Lines(Lines { reader, path: name, line: 0, format });
            }
            InputFormat::Text | InputFormat::Auto => self.read_text(&name, stream),
        }
    }

    fn problem(&mut self, path: &Arc<str>, line: Option<u64>, kind: InputProblemKind, message: String) {
        self.queue.push_back(CorpusItem::Problem(InputProblem::new(path, line, kind, message)));
    }

    fn too_large(&mut self, path: &Arc<str>, line: Option<u64>, bytes: usize) {
        let message = format!(
            "document of {bytes} bytes is over the limit of {} bytes, skipped",
            self.options.max_document_bytes
        );
        self.problem(path, line, InputProblemKind::TooLarge, message);
    }

    fn push_document(
        &mut self,
        id: String,
        date: Option<Date>,
        title: Option<String>,
        text: String,
        location: Location,
    ) {
        let index = self.next_index;
        self.next_index += 1;
        self.queue.push_back(CorpusItem::Document(Document { index, id, date, title, text, location }));
    }

    /// A whole input as one document, read up to one byte past the limit so that an oversized one is never held.
    fn read_text(&mut self, name: &Arc<str>, stream: Stream) {
        let limit = self.options.max_document_bytes;
        let mut bytes = Vec::new();
        let mut limited = stream.take(limit as u64 + 1);
        if let Err(e) = limited.read_to_end(&mut bytes) {
            return self.problem(name, None, InputProblemKind::Unreadable, io_message(&e));
        }
        if bytes.len() > limit {
            // Count the rest for progress, without keeping it.
            let mut rest = limited.into_inner();
            let skipped = io::copy(&mut rest, &mut io::sink()).unwrap_or(0) as usize;
            return self.too_large(name, None, bytes.len() + skipped);
        }
        let start = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let text = match String::from_utf8(bytes) {
            Ok(mut text) => {
                text.drain(..start);
                text
            }
            Err(e) => {
                let bad = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                self.problem(
                    name,
                    Some(line),
                    InputProblemKind::InvalidUtf8,
                    format!("invalid UTF-8 at byte {bad} of the document, read with U+FFFD in its place"),
                );
                String::from_utf8_lossy(&bytes[start..]).into_owned()
            }
        };
        let location = Location { path: name.clone(), line: None };
        self.push_document(name.to_string(), None, None, text, location);
    }

    /// Reads one line of JSON Lines; returns whether there may be more.
    fn read_json_line(&mut self, lines: &mut Lines) -> bool {
        let options = self.options.clone();
        let line_limit = options.max_document_bytes.saturating_mul(2).saturating_add(64 * 1024);
        let mut buf = std::mem::take(&mut self.line);
        let more = loop {
            lines.line += 1;
            let line_no = Some(lines.line);
            match read_line_limited(lines.reader.as_mut(), &mut buf, line_limit, true) {
                Err(e) => {
                    let message = format!("{} (the rest of the input is lost)", io_message(&e));
                    self.problem(&lines.path, line_no, InputProblemKind::Unreadable, message);
                    break false;
                }
                Ok(LineRead::Eof) => break false,
                Ok(LineRead::TooLong(n)) => {
                    self.too_large(&lines.path, line_no, n);
                    break true;
                }
                Ok(LineRead::Line) => {}
            }
            let mut bytes: &[u8] = &buf;
            if lines.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let lossy;
            let line: &str = match std::str::from_utf8(bytes) {
                Ok(line) => line,
                Err(e) => {
                    let message =
                        format!("invalid UTF-8 at byte {} of the line, read with U+FFFD in its place", e.valid_up_to());
                    self.problem(&lines.path, line_no, InputProblemKind::InvalidUtf8, message);
                    lossy = String::from_utf8_lossy(bytes);
                    &lossy
                }
            };
            self.parse_record(line, &lines.path, lines.line, &options);
            break true;
        };
        self.line = buf;
        more
    }

    fn parse_record(&mut self, line: &str, path: &Arc<str>, line_no: u64, options: &Options) {
        let fields = &options.fields;
        let mut deserializer = serde_json::Deserializer::from_str(line);
        let record = RecordSeed(fields).deserialize(&mut deserializer).and_then(|r| deserializer.end().map(|_| r));
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let text = e.to_string();
                let message = text.rfind(" at line ").map_or(text.as_str(), |at| &text[..at]);
                let message = format!("malformed JSON at column {}: {message}", e.column());
                return self.problem(path, Some(line_no), InputProblemKind::MalformedJson, message);
            }
        };
        let Some(text) = record.text else {
            let message = format!("no `{}` field: the line holds no document", fields.text);
            return self.problem(path, Some(line_no), InputProblemKind::MissingText, message);
        };
        if text.len() > options.max_document_bytes {
            return self.too_large(path, Some(line_no), text.len());
        }
        let date = match record.date {
            // An empty field, as exports from spreadsheets write it, is no date, as `null` is.
            None => None,
            Some(d) if d.trim().is_empty() => None,
            Some(d) => match d.parse::<Date>() {
                Ok(date) => Some(date),
                Err(e) => {
                    let message = format!("field `{}`: {e}; the document was read undated", fields.date);
                    self.problem(path, Some(line_no), InputProblemKind::InvalidDate, message);
                    None
                }
            },
        };
        let id = record.id.unwrap_or_else(|| format!("{path}#{line_no}"));
        let location = Location { path: path.clone(), line: Some(line_no) };
        self.push_document(id, date, record.title, text, location);
    }

    /// Reads one block (a maximal run of non-blank lines); returns whether there may be more.
    fn read_block(&mut self, lines: &mut Lines) -> bool {
        let limit = self.options.max_document_bytes;
        let mut buf = std::mem::take(&mut self.line);
        let mut text = String::new();
        let mut first_line = 0;
        let mut oversize: usize = 0;
        let mut reported_utf8 = false;
        let more = loop {
            lines.line += 1;
            let line_no = lines.line;
            let read = match read_line_limited(lines.reader.as_mut(), &mut buf, limit, false) {
                Ok(read) => read,
                Err(e) => {
                    let message = format!("{} (the rest of the input is lost)", io_message(&e));
                    self.problem(&lines.path, Some(line_no), InputProblemKind::Unreadable, message);
                    break false;
                }
            };
            let line_bytes = match read {
                LineRead::Eof => break false,
                LineRead::TooLong(n) => {
                    first_line = if text.is_empty() && oversize == 0 { line_no } else { first_line };
                    oversize = oversize.max(text.len()) + n;
                    text.clear();
                    continue;
                }
                // Blocks keep a line's `\r` like the benchmark harness (it splits on `\n` only); it is whitespace
                // for the blank-line test.
                LineRead::Line => &buf[..],
            };
            let lossy;
            let line: &str = match std::str::from_utf8(line_bytes) {
                Ok(s) => s,
                Err(e) => {
                    if !reported_utf8 {
                        reported_utf8 = true;
                        let message = format!(
                            "invalid UTF-8 at byte {} of the line, read with U+FFFD in its place",
                            e.valid_up_to()
                        );
                        self.problem(&lines.path, Some(line_no), InputProblemKind::InvalidUtf8, message);
                    }
                    lossy = String::from_utf8_lossy(line_bytes);
                    &lossy
                }
            };
            if line.trim().is_empty() {
                if !text.is_empty() || oversize > 0 {
                    break true;
                }
                continue;
            }
            if text.is_empty() && oversize == 0 {
                first_line = line_no;
            }
            if oversize > 0 {
                oversize += line.len() + 1;
                continue;
            }
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(line);
            if text.len() > limit {
                oversize = text.len();
                text = String::new();
            }
        };
        self.line = buf;
        if oversize > 0 {
            self.too_large(&lines.path, Some(first_line), oversize);
        } else if !text.is_empty() {
            let location = Location { path: lines.path.clone(), line: Some(first_line) };
            self.push_document(format!("{}#{first_line}", lines.path), None, None, text, location);
        }
        more
    }
}

/// Recognises gzip by its magic bytes and, for [`InputFormat::Auto`], JSON Lines by a first non-blank `{`, without
/// losing the bytes looked at.
fn sniff_stdin(stream: Stream, format: InputFormat) -> io::Result<(Stream, InputFormat)> {
    let (head, stream) = peek(stream, |b| b.len() >= 2, 2)?;
    let stream: Stream = if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(MultiGzDecoder::new(io::Cursor::new(head).chain(stream)))
    } else {
        Box::new(io::Cursor::new(head).chain(stream))
    };
    if format != InputFormat::Auto {
        return Ok((stream, format));
    }
    let (head, stream) = peek(stream, |b| first_significant(b).is_some(), 1 << 20)?;
    let format = if first_significant(&head) == Some(b'{') { InputFormat::Jsonl } else { InputFormat::Text };
    Ok((Box::new(io::Cursor::new(head).chain(stream)), format))
}

/// The first byte of `head` after a byte-order mark and white space; `None` while `head` may still be the start of
/// a byte-order mark (the gzip sniff leaves two bytes of it for the next read) or holds only white space.
fn first_significant(head: &[u8]) -> Option<u8> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    if head.len() < BOM.len() && BOM.starts_with(head) {
        return None;
    }
    head.strip_prefix(BOM).unwrap_or(head).iter().copied().find(|c| !c.is_ascii_whitespace())
}

/// Reads from `stream` until `enough` holds for what was read, `max` bytes were read, or the input ends.
fn peek(mut stream: Stream, enough: impl Fn(&[u8]) -> bool, max: usize) -> io::Result<(Vec<u8>, Stream)> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 4096];
    while !enough(&head) && head.len() < max {
        let want = chunk.len().min(max - head.len());
        let n = match stream.read(&mut chunk[..want]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    Ok((head, stream))
}

/// The fields of one JSON line that matter; everything else is skipped without being built.
#[derive(Default)]
struct Record {
    id: Option<String>,
    text: Option<String>,
    date: Option<String>,
    title: Option<String>,
}

struct RecordSeed<'f>(&'f JsonlFields);

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Record;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Record, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let fields = self.0;
        let mut record = Record::default();
        while let Some(field) = map.next_key_seed(FieldSeed(fields))? {
            let named = |e: A::Error, name: &str| de::Error::custom(format!("field `{name}`: {e}"));
            match field {
                Field::Text => record.text = map.next_value::<Option<String>>().map_err(|e| named(e, &fields.text))?,
                Field::Id => {
                    record.id = map.next_value::<Option<Scalar>>().map_err(|e| named(e, &fields.id))?.map(|s| s.0)
                }
                Field::Date => {
                    record.date = map.next_value::<Option<Scalar>>().map_err(|e| named(e, &fields.date))?.map(|s| s.0)
                }
                Field::Title => {
                    record.title = map.next_value::<Option<Scalar>>().map_err(|e| named(e, &fields.title))?.map(|s| s.0)
                }
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(record)
    }
}

enum Field {
    Id,
    Text,
    Date,
    Title,
    Other,
}

struct FieldSeed<'f>(&'f JsonlFields);

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Field;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Field, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FieldSeed<'_> {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Field, E> {
        let fields = self.0;
        // The text field is tested first so that a configuration naming one field twice still finds the text.
        Ok(if key == fields.text {
            Field::Text
        } else if key == fields.id {
            Field::Id
        } else if key == fields.date {
            Field::Date
        } else if key == fields.title {
            Field::Title
        } else {
            Field::Other
        })
    }
}

/// A string or a number, as text: ids and dates come both ways (`"id": 17`, `"date": 1946`).
struct Scalar(String);

impl<'de> de::Deserialize<'de> for Scalar {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Scalar, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(name: &str, data: &[u8], format: InputFormat) -> Vec<CorpusItem> {
        read_with(name, data, format, DEFAULT_MAX_DOCUMENT_BYTES)
    }

    fn read_with(name: &str, data: &[u8], format: InputFormat, limit: usize) -> Vec<CorpusItem> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, data).unwrap();
        let corpus = Corpus::builder().input(Input::Path(path)).format(format).max_document_bytes(limit).build();
        let prefix = format!("{}/", dir.path().display());
        corpus
            .documents()
            .map(|item| match item {
                CorpusItem::Document(mut d) => {
                    d.id = d.id.replace(&prefix, "");
                    d.location.path = d.location.path.replace(&prefix, "").into();
                    CorpusItem::Document(d)
                }
                CorpusItem::Problem(mut p) => {
                    p.location.path = p.location.path.replace(&prefix, "").into();
                    CorpusItem::Problem(p)
                }
            })
            .collect()
    }

    /// `(index, id, text)` of documents and `LOCATION: kind` of problems, in order.
    fn summary(items: &[CorpusItem]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                CorpusItem::Document(d) => format!("{} {} {:?}", d.index, d.id, d.text),
                CorpusItem::Problem(p) => format!("{}: {:?}", p.location, p.kind),
            })
            .collect()
    }

    struct Case {
        name: &'static str,
        file: &'static str,
        format: InputFormat,
        data: &'static [u8],
        expected: &'static [&'static str],
    }

    const CASES: &[Case] = &[
        Case {
            name: "jsonl with ids, numbers, missing ids and blank lines",
            file: "a.jsonl",
            format: InputFormat::Auto,
            data: b"{\"id\":\"x\",\"text\":\"One.\"}\n\n  \n{\"id\":7,\"text\":\"Two.\",\"extra\":[1,{\"a\":null}]}\r\n{\"text\":\"Three.\"}",
            expected: &["0 x \"One.\"", "1 7 \"Two.\"", "2 a.jsonl#5 \"Three.\""],
        },
        Case {
            name: "jsonl problems do not stop reading",
            file: "b.jsonl",
            format: InputFormat::Auto,
            data: b"{\"text\":\"ok\"}\n{\"text\":\"cut\n[1,2]\n{\"id\":\"t\"}\n{\"text\":5}\n{\"text\":\"b\xffd\"}\n{\"text\":\"last\"} x\n{\"text\":\"end\"}\n",
            expected: &[
                "0 b.jsonl#1 \"ok\"",
                "b.jsonl:2: MalformedJson",
                "b.jsonl:3: MalformedJson",
                "b.jsonl:4: MissingText",
                "b.jsonl:5: MalformedJson",
                "b.jsonl:6: InvalidUtf8",
                "1 b.jsonl#6 \"b\u{fffd}d\"",
                "b.jsonl:7: MalformedJson",
                "2 b.jsonl#8 \"end\"",
            ],
        },
        Case {
            name: "bad date keeps the document",
            file: "c.jsonl",
            format: InputFormat::Auto,
            data: b"{\"text\":\"dated\",\"date\":\"May 2025\"}\n",
            expected: &["c.jsonl:1: InvalidDate", "0 c.jsonl#1 \"dated\""],
        },
        Case {
            name: "a text file is one document, BOM removed",
            file: "d.txt",
            format: InputFormat::Auto,
            data: b"\xEF\xBB\xBFLine one.\n\nLine two.\n",
            expected: &["0 d.txt \"Line one.\\n\\nLine two.\\n\""],
        },
        Case {
            name: "invalid UTF-8 in a text file names its line",
            file: "e.md",
            format: InputFormat::Auto,
            data: b"fine\nstill fine\nbad \xc3( here\n",
            expected: &["e.md:3: InvalidUtf8", "0 e.md \"fine\\nstill fine\\nbad \u{fffd}( here\\n\""],
        },
        Case {
            name: "blocks as the benchmark harness splits them",
            file: "f.txt",
            format: InputFormat::Blocks,
            data: b"\n\nfirst a\nfirst b\n \t\nsecond\r\n\r\n\n\nthird",
            expected: &["0 f.txt#3 \"first a\\nfirst b\"", "1 f.txt#6 \"second\\r\"", "2 f.txt#10 \"third\""],
        },
        Case {
            name: "a forced format overrides the extension",
            file: "g.txt",
            format: InputFormat::Jsonl,
            data: b"{\"text\":\"json in a txt\"}\n",
            expected: &["0 g.txt#1 \"json in a txt\""],
        },
    ];

    #[test]
    fn reads_every_format_and_reports_every_problem() {
        for case in CASES {
            let items = read(case.file, case.data, case.format);
            assert_eq!(summary(&items), case.expected, "case {:?}", case.name);
        }
    }

    #[test]
    fn problem_messages_name_file_line_and_cause() {
        let items = read(
            "m.jsonl",
            b"{\"text\": \"a\"\n{\"text\": 5}\n{\"text\":\"x\",\"date\":\"2025-13\"}\n",
            InputFormat::Auto,
        );
        let shown: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                CorpusItem::Problem(p) => Some(p.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(
            shown,
            [
                "m.jsonl:1: malformed JSON at column 12: EOF while parsing an object",
                "m.jsonl:2: malformed JSON at column 10: field `text`: invalid type: integer `5`, expected a string",
                "m.jsonl:3: field `date`: invalid date \"2025-13\": expected YYYY, YYYY-MM or YYYY-MM-DD; the document \
                 was read undated",
            ]
        );
    }

    #[test]
    fn oversized_documents_are_skipped_not_held() {
        let items = read_with("big.jsonl", b"{\"text\":\"0123456789\"}\n{\"text\":\"ok\"}\n", InputFormat::Auto, 5);
        assert_eq!(summary(&items), ["big.jsonl:1: TooLarge", "0 big.jsonl#2 \"ok\""]);
        let items = read_with("big.txt", b"0123456789", InputFormat::Auto, 5);
        assert_eq!(summary(&items), ["big.txt: TooLarge"]);
        let items = read_with("big.blocks", b"short\n\n0123\n4567\n\nend\n", InputFormat::Blocks, 5);
        assert_eq!(summary(&items), ["0 big.blocks#1 \"short\"", "big.blocks:3: TooLarge", "1 big.blocks#6 \"end\""]);
        // A JSON line far over the limit is skipped to its end without being buffered.
        let long = format!("{{\"text\":\"{}\"}}\n{{\"text\":\"after\"}}\n", "x".repeat(300_000));
        let items = read_with("long.jsonl", long.as_bytes(), InputFormat::Auto, 10);
        assert_eq!(summary(&items), ["long.jsonl:1: TooLarge", "0 long.jsonl#2 \"after\""]);
    }

    #[test]
    fn custom_field_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        std::fs::write(&path, "{\"uid\":\"u1\",\"body\":\"Hello.\",\"published\":\"2024-02-29\",\"headline\":\"H\"}\n")
            .unwrap();
        let fields =
            JsonlFields { id: "uid".into(), text: "body".into(), date: "published".into(), title: "headline".into() };
        let items: Vec<CorpusItem> =
            Corpus::builder().input(Input::Path(path)).fields(fields).build().documents().collect();
        let CorpusItem::Document(d) = &items[0] else { panic!("{items:?}") };
        assert_eq!((d.id.as_str(), d.text.as_str(), d.title.as_deref()), ("u1", "Hello.", Some("H")));
        assert_eq!(d.date.unwrap().to_string(), "2024-02-29");
    }

    #[test]
    fn an_empty_date_is_no_date_and_no_problem() {
        let items =
            read("d.jsonl", b"{\"date\":\"\",\"text\":\"A.\"}\n{\"date\":\" \",\"text\":\"B.\"}\n", InputFormat::Jsonl);
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items.iter().all(|i| matches!(i, CorpusItem::Document(d) if d.date.is_none())), "{items:?}");
    }

    #[test]
    fn a_number_for_a_title_is_read_as_text_like_an_id() {
        let items = read("t.jsonl", b"{\"id\":7,\"title\":2024,\"text\":\"Hello.\"}\n", InputFormat::Jsonl);
        let CorpusItem::Document(d) = &items[0] else { panic!("{items:?}") };
        assert_eq!((d.id.as_str(), d.title.as_deref(), d.text.as_str()), ("7", Some("2024"), "Hello."));
        let items = read("t.jsonl", b"{\"title\":{\"a\":1},\"text\":\"Hello.\"}\n", InputFormat::Jsonl);
        assert!(matches!(&items[0], CorpusItem::Problem(p) if p.message.contains("field `title`")), "{items:?}");
    }

    #[test]
    fn directories_are_walked_in_name_order_with_gzip() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/nested")).unwrap();
        std::fs::write(root.join("b/nested/z.txt"), "z").unwrap();
        std::fs::write(root.join("b/a.md"), "a").unwrap();
        std::fs::write(root.join("ignored.json"), "{}").unwrap();
        std::fs::write(root.join("c.jsonl"), "{\"id\":\"c1\",\"text\":\"c\"}\n").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"id\":\"g1\",\"text\":\"g\"}\n").unwrap();
        let mut bytes = gz.finish().unwrap();
        // A second gzip member, as `cat a.gz b.gz` makes.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"id\":\"g2\",\"text\":\"g\"}\n").unwrap();
        bytes.extend(gz.finish().unwrap());
        std::fs::write(root.join("d.jsonl.gz"), &bytes).unwrap();
        let corpus = Corpus::builder().input(Input::Path(root.to_path_buf())).build();
        assert_eq!(corpus.files_len(), 4);
        let expected_total: u64 = ["b/nested/z.txt", "b/a.md", "c.jsonl", "d.jsonl.gz"]
            .iter()
            .map(|p| std::fs::metadata(root.join(p)).unwrap().len())
            .sum();
        assert_eq!(corpus.total_bytes(), Some(expected_total));
        let counter = corpus.read_counter();
        let ids: Vec<String> = corpus
            .documents()
            .map(|i| match i {
                CorpusItem::Document(d) => d.id.replace(&format!("{}/", root.display()), ""),
                CorpusItem::Problem(p) => panic!("{p}"),
            })
            .collect();
        assert_eq!(ids, ["b/a.md", "b/nested/z.txt", "c1", "g1", "g2"]);
        assert_eq!(counter.get(), expected_total);
    }

    #[test]
    fn missing_paths_and_empty_directories_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.txt");
        let corpus = Corpus::builder().input(Input::Path(missing)).input(Input::Path(dir.path().to_path_buf())).build();
        let items: Vec<CorpusItem> = corpus.documents().collect();
        assert_eq!(items.len(), 2);
        for item in &items {
            let CorpusItem::Problem(p) = item else { panic!("{item:?}") };
            assert_eq!(p.kind, InputProblemKind::Unreadable);
        }
    }

    #[test]
    fn input_format_names() {
        for f in [InputFormat::Auto, InputFormat::Text, InputFormat::Jsonl, InputFormat::Blocks] {
            assert_eq!(f.to_string().parse::<InputFormat>(), Ok(f));
        }
        assert!("xml".parse::<InputFormat>().is_err());
        assert_eq!(Input::from_arg("-"), Input::Stdin);
    }
}
