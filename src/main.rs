//! `newsgraph`: the command-line front end of the library, for one article or a whole corpus.
//!
//! It parses arguments, calls [`newsgraph::corpus`] and [`newsgraph::pipeline`], and prints; the work is the
//! library's. Exit codes: 0 success; 1 input problems occurred (the output is still complete for every good
//! document) or the run failed; 2 usage or configuration error (bad arguments, a broken gazetteer): nothing was
//! written.

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgraph::corpus::{Corpus, Input, InputFormat, JsonlFields, ReadCounter};
use newsgraph::extract::DEFAULT_MAX_DOCUMENT_BYTES;
use newsgraph::graph::DEFAULT_MAX_EVIDENCE;
use newsgraph::pipeline::{Event, Pipeline, PipelineError, Summary};
use newsgraph::{
    Date, Dot, EntityGraph, EntityKind, Extractor, Gazetteer, GazetteerBuilder, Gexf, GraphMl, Json, NodeId, Window,
};
use serde_json::json;
use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Find world leaders, countries, organisations and places in news text and graph who appears with whom.
#[derive(Parser, Debug)]
#[command(name = "newsgraph", version, propagate_version = true, max_term_width = 110)]
#[command(after_help = "Exit codes: 0 success; 1 input problems (output still complete for the good documents) or \
                        a failed run; 2 usage or configuration error.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the co-occurrence graph of the inputs and write it (stdout, or -o FILE)
    Graph(GraphArgs),
    /// Write every entity mention of the inputs as JSON Lines
    Mentions(MentionsArgs),
    /// Ask the graph of the inputs a question
    #[command(subcommand)]
    Query(QueryCommand),
    /// List or check gazetteers
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

#[derive(Args, Debug)]
struct InputOptions {
    /// Files (one document each, or JSON Lines for *.jsonl), directories (searched recursively for *.txt, *.md,
    /// *.jsonl and their .gz versions), or - for stdin (the default when stdin is not a terminal)
    #[arg(value_name = "INPUT")]
    inputs: Vec<OsString>,
    /// How inputs are laid out: auto (from the file name; stdin: JSON Lines if it starts with `{`), text, jsonl,
    /// or blocks (documents separated by blank lines)
    #[arg(long, value_name = "FORMAT", default_value = "auto", visible_alias = "stdin-format")]
    input_format: InputFormat,
    /// JSON Lines field holding the document id
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_field: String,
    /// JSON Lines field holding the text
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_field: String,
    /// JSON Lines field holding the date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "NAME", default_value = "date")]
    date_field: String,
    /// JSON Lines field holding the headline (read into the library's `Document::title`; the tool's outputs do not
    /// use it)
    #[arg(long, value_name = "NAME", default_value = "title")]
    title_field: String,
    /// Largest document accepted, in bytes; larger ones are reported and skipped
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_DOCUMENT_BYTES)]
    max_document_bytes: usize,
    /// Threads that extract, the reading thread among them (default: all cores); 1 runs exactly sequentially
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,
    /// Stop at the first input problem instead of reporting it and going on
    #[arg(long)]
    strict: bool,
    /// No progress bar and no summary line (problems are still reported)
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Count documents whose text repeats an earlier one's exactly (wire re-sends) every time; by default they are
    /// counted once
    #[arg(long)]
    keep_duplicates: bool,
    /// Text per batch handed to a worker (tuning and tests)
    #[arg(long, value_name = "BYTES", hide = true)]
    batch_bytes: Option<usize>,
}

#[derive(Args, Debug)]
struct GazetteerOptions {
    /// A directory of user gazetteer files (countries*.tsv, leaders*.tsv, organisations*.tsv, places*.tsv) added
    /// on top of the defaults; repeatable
    #[arg(long = "gazetteer", value_name = "DIR")]
    gazetteers: Vec<PathBuf>,
    /// Use only the --gazetteer directories, not the shipped gazetteers
    #[arg(long)]
    no_default_gazetteers: bool,
}

#[derive(Args, Debug)]
struct ExtractOptions {
    #[command(flatten)]
    gazetteer: GazetteerOptions,
    /// Keep only these kinds of entities (comma-separated: leader, country, organisation, place)
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_kind)]
    kinds: Vec<EntityKind>,
    /// Date assumed for documents without one, for roles (`the Russian president`); default: the gazetteer's date
    #[arg(long, value_name = "YYYY[-MM[-DD]]")]
    date: Option<Date>,
    /// Count demonyms (`Russian`, `Chinese`) as mentions of their country (the default)
    #[arg(long, overrides_with = "no_demonyms")]
    demonyms: bool,
    /// Do not count demonyms as mentions
    #[arg(long, overrides_with = "demonyms")]
    no_demonyms: bool,
}

#[derive(Args, Debug)]
struct GraphOptions {
    #[command(flatten)]
    input: InputOptions,
    #[command(flatten)]
    extract: ExtractOptions,
    /// Co-occurrence window: sentence, sentences:N, paragraph or document
    #[arg(long, value_name = "WINDOW", default_value = "sentence")]
    window: Window,
    /// Keep only edges of at least this weight, and the entities they join (1: every edge, without the entities
    /// linked to none; default 0: everything)
    #[arg(long, value_name = "N", default_value_t = 0)]
    min_weight: u64,
    /// Evidence snippets kept per edge, the first co-occurrences in input order (0: none); they are most of a big
    /// graph's memory
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_EVIDENCE)]
    max_evidence: usize,
}

#[derive(Args, Debug)]
struct GraphArgs {
    #[command(flatten)]
    graph: GraphOptions,
    /// Output format; svg and png run Graphviz's `dot`; csv writes a directory and needs -o DIR
    #[arg(long, short = 'f', value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// Write to FILE (atomically: a temporary file in the same directory, then renamed) instead of stdout (`-o -`)
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    /// Graphviz DOT
    Dot,
    /// networkx node-link JSON
    Json,
    /// GraphML with typed keys (Gephi, yEd, networkx, igraph)
    Graphml,
    /// GEXF 1.3, with edge spells when documents are dated (Gephi)
    Gexf,
    /// Neo4j import CSV: a directory (-o DIR) with nodes.csv, edges.csv and manifest.json
    Csv,
    /// SVG picture (needs Graphviz)
    Svg,
    /// PNG picture (needs Graphviz)
    Png,
}

#[derive(Args, Debug)]
struct MentionsArgs {
    #[command(flatten)]
    input: InputOptions,
    #[command(flatten)]
    extract: ExtractOptions,
    /// Also list the rejected candidates and why
    #[arg(long)]
    explain: bool,
}

#[derive(Subcommand, Debug)]
enum QueryCommand {
    /// The entities that appear with ENTITY, strongest link first
    Neighbors {
        /// Entity id or any of its names
        entity: String,
        #[command(flatten)]
        query: QueryOptions,
    },
    /// A shortest path (fewest links) from one entity to another
    Path {
        /// Entity id or name to start from
        from: String,
        /// Entity id or name to reach
        to: String,
        #[command(flatten)]
        query: QueryOptions,
    },
    /// The most connected entities
    Top {
        /// Rank by weighted degree (weight), number of neighbours (degree) or PageRank
        #[arg(long, value_enum, default_value_t = TopBy::Weight)]
        by: TopBy,
        /// How many to show
        #[arg(long, short = 'n', value_name = "N", default_value_t = 10)]
        limit: usize,
        #[command(flatten)]
        query: QueryOptions,
    },
    /// ENTITY and everything within --depth links of it
    Ego {
        /// Entity id or any of its names
        entity: String,
        /// How many links away
        #[arg(long, value_name = "N", default_value_t = 1)]
        depth: usize,
        #[command(flatten)]
        query: QueryOptions,
    },
}

#[derive(Args, Debug)]
struct QueryOptions {
    #[command(flatten)]
    graph: GraphOptions,
    /// JSON instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TopBy {
    /// Sum of edge weights
    Weight,
    /// Number of neighbours
    Degree,
    /// PageRank over edge weights
    Pagerank,
}

#[derive(Subcommand, Debug)]
enum GazetteerCommand {
    /// Every alias the extractor compiles, as TSV: alias, entity id, kind, flags
    List {
        /// Only entities of this kind
        #[arg(long, value_name = "KIND", value_parser = parse_kind)]
        kind: Option<EntityKind>,
        #[command(flatten)]
        gazetteer: GazetteerOptions,
    },
    /// Validate the gazetteer files of DIR (with the shipped ones, unless --no-default-gazetteers), listing every
    /// problem as FILE:LINE. Whether a strong name of yours is also another entity's of the same kind (which
    /// gazetteers/FORMAT.md forbids) is checked by `python3 scripts/gazetteers/validate.py gazetteers/ DIR`
    Check {
        /// Directory of *.tsv gazetteer files
        dir: PathBuf,
        #[command(flatten)]
        gazetteer: GazetteerOptions,
    },
}

fn parse_kind(s: &str) -> Result<EntityKind, String> {
    EntityKind::from_name(s)
        .ok_or_else(|| format!("unknown kind {s:?}: expected leader, country, organisation or place"))
}

/// Why the command failed, and with which exit code.
enum Failure {
    /// Bad arguments or configuration: exit 2, nothing written.
    Usage(String),
    /// The run could not complete: exit 1.
    Run(String),
    /// Input problems were reported, the output is complete: exit 1 without a further message.
    InputProblems,
    /// stdout was closed by the reader (`| head`): stop quietly.
    ClosedPipe,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Graph(args) => graph(args),
        Command::Mentions(args) => mentions(args),
        Command::Query(query) => run_query(query),
        Command::Gazetteer(GazetteerCommand::List { kind, gazetteer }) => gazetteer_list(kind, &gazetteer),
        Command::Gazetteer(GazetteerCommand::Check { dir, gazetteer }) => gazetteer_check(&dir, &gazetteer),
    };
    match result {
        Ok(()) | Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(Failure::InputProblems) => ExitCode::from(1),
        Err(Failure::Run(message)) => {
            eprintln!("newsgraph: error: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("newsgraph: error: {message}");
            ExitCode::from(2)
        }
    }
}

const CSV_NEEDS_DIR: &str = "--format csv writes a directory: name it with -o DIR";

fn graph(args: GraphArgs) -> Result<(), Failure> {
    let to_stdout = args.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
    if matches!(args.format, GraphFormat::Csv) && to_stdout {
        // Said before the corpus is read, not after.
        return Err(Failure::Usage(CSV_NEEDS_DIR.to_string()));
    }
    let (graph, _, summary) = build_graph(&args.graph)?;
    write_graph(&graph, args.format, args.output.as_deref())?;
    finish(&summary)
}

fn mentions(args: MentionsArgs) -> Result<(), Failure> {
    let extractor = build_extractor(&args.extract, args.input.max_document_bytes)?;
    let mut pipeline = build_pipeline(&args.input, &args.extract, None, extractor)?;
    if args.explain {
        pipeline = pipeline.with_explain(true);
    }
    let (corpus, mut reporter) = open_corpus(&args.input)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(256 * 1024, stdout.lock());
    let result = pipeline.write_mentions(corpus.documents(), &mut out, &mut |event| reporter.event(event));
    reporter.clear();
    match result {
        Ok(summary) => {
            reporter.summary(&summary);
            finish(&summary)
        }
        Err(PipelineError::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => Err(Failure::ClosedPipe),
        Err(e) => Err(Failure::Run(e.to_string())),
    }
}

/// Builds the graph of the inputs, reporting problems, progress and the summary on stderr.
fn build_graph(options: &GraphOptions) -> Result<(EntityGraph, Extractor, Summary), Failure> {
    let extractor = build_extractor(&options.extract, options.input.max_document_bytes)?;
    let pipeline = build_pipeline(&options.input, &options.extract, Some(options), extractor.clone())?;
    let (corpus, mut reporter) = open_corpus(&options.input)?;
    let result = pipeline.graph(corpus.documents(), &mut |event| reporter.event(event));
    reporter.clear();
    let (graph, summary) = result.map_err(|e| Failure::Run(e.to_string()))?;
    reporter.summary(&summary);
    Ok((graph, extractor, summary))
}

fn finish(summary: &Summary) -> Result<(), Failure> {
    if summary.has_problems() { Err(Failure::InputProblems) } else { Ok(()) }
}

fn build_gazetteer(options: &GazetteerOptions) -> Result<Gazetteer, Failure> {
    if options.no_default_gazetteers && options.gazetteers.is_empty() {
        return Err(Failure::Usage("--no-default-gazetteers needs at least one --gazetteer DIR".to_string()));
    }
    if options.gazetteers.is_empty() {
        return Ok(Gazetteer::default());
    }
    let mut builder = GazetteerBuilder::new();
    builder.defaults(!options.no_default_gazetteers);
    for dir in &options.gazetteers {
        check_gazetteer_dir(dir)?;
        builder.add_dir(dir);
    }
    builder.build().map_err(|e| match e.problems() {
        [] => Failure::Usage(format!("cannot load the gazetteers: {e}")),
        problems => {
            let listed: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            Failure::Usage(format!(
                "the gazetteers have {} problem{}:\n{}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                listed.join("\n")
            ))
        }
    })
}

fn build_extractor(options: &ExtractOptions, max_document_bytes: usize) -> Result<Extractor, Failure> {
    let gazetteer = build_gazetteer(&options.gazetteer)?;
    Ok(Extractor::builder()
        .gazetteer(gazetteer)
        .demonyms(!options.no_demonyms)
        .date(options.date)
        .max_document_bytes(max_document_bytes)
        .build())
}

/// The pipeline for the input and extraction options, and for the graph options when it builds a graph.
fn build_pipeline(
    input: &InputOptions,
    extract: &ExtractOptions,
    graph: Option<&GraphOptions>,
    extractor: Extractor,
) -> Result<Pipeline, Failure> {
    if input.threads == Some(0) {
        return Err(Failure::Usage("--threads must be at least 1".to_string()));
    }
    let mut builder = Pipeline::builder();
    builder
        .threads(input.threads.unwrap_or(0))
        .strict(input.strict)
        .kinds((!extract.kinds.is_empty()).then(|| extract.kinds.clone()))
        .deduplicate(!input.keep_duplicates);
    if let Some(graph) = graph {
        builder.window(graph.window).min_weight(graph.min_weight).max_evidence(graph.max_evidence);
    }
    if let Some(bytes) = input.batch_bytes {
        builder.batch_bytes(bytes);
    }
    builder.build(extractor).map_err(|e| Failure::Run(e.to_string()))
}

fn open_corpus(options: &InputOptions) -> Result<(Corpus, Reporter), Failure> {
    let mut inputs: Vec<Input> = options.inputs.iter().map(Input::from_arg).collect();
    if inputs.is_empty() {
        if io::stdin().is_terminal() {
            return Err(Failure::Usage(
                "no input: name files or directories, or pipe text in (see --help)".to_string(),
            ));
        }
        inputs.push(Input::Stdin);
    }
    let fields = JsonlFields {
        id: options.id_field.clone(),
        text: options.text_field.clone(),
        date: options.date_field.clone(),
        title: options.title_field.clone(),
    };
    let corpus = Corpus::builder()
        .inputs(inputs)
        .format(options.input_format)
        .fields(fields)
        .max_document_bytes(options.max_document_bytes)
        .build();
    let reporter = Reporter::new(options.quiet, corpus.total_bytes(), corpus.read_counter());
    Ok((corpus, reporter))
}

/// Most notes about empty documents printed; problems are always all printed.
const SKIPPED_NOTES: u64 = 10;

/// Prints problems as they come, a progress bar for long runs on a terminal, and the summary line.
struct Reporter {
    quiet: bool,
    counter: ReadCounter,
    total: Option<u64>,
    /// Tracks progress from the start (so that its rate and ETA are right) but is drawn only once a run has taken
    /// a second, and never when stderr is not a terminal or with --quiet.
    bar: Option<ProgressBar>,
    shown: bool,
    skipped: u64,
}

impl Reporter {
    fn new(quiet: bool, total: Option<u64>, counter: ReadCounter) -> Reporter {
        let bar = (!quiet && io::stderr().is_terminal()).then(|| new_bar(total));
        Reporter { quiet, counter, total, bar, shown: false, skipped: 0 }
    }

    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) if self.shown => bar.suspend(|| eprintln!("{line}")),
            _ => eprintln!("{line}"),
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Problem(problem) => self.say(&format!("newsgraph: {problem}")),
            Event::Skipped(doc) => {
                self.skipped += 1;
                if self.quiet || self.skipped > SKIPPED_NOTES {
                    return;
                }
                let more = if self.skipped == SKIPPED_NOTES { " (further empty documents are not listed)" } else { "" };
                self.say(&format!("newsgraph: {}: empty document {:?}, skipped{more}", doc.location, doc.id));
            }
            Event::Progress(progress) => {
                let Some(bar) = &self.bar else { return };
                if self.total.is_some() {
                    bar.set_position(self.counter.get());
                }
                let seconds = progress.elapsed.as_secs_f64().max(1e-9);
                bar.set_message(format!(
                    "{} documents, {:.1} MB, {:.1} MB/s",
                    progress.documents,
                    progress.bytes as f64 / 1e6,
                    progress.bytes as f64 / 1e6 / seconds
                ));
                if !self.shown && progress.elapsed >= Duration::from_secs(1) {
                    self.shown = true;
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(200));
                }
            }
            _ => {}
        }
    }

    fn clear(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn summary(&self, summary: &Summary) {
        if !self.quiet {
            eprintln!("newsgraph: {summary}");
        }
    }
}

fn new_bar(total: Option<u64>) -> ProgressBar {
    let template = match total {
        Some(_) => "{spinner} [{elapsed_precise}] [{bar:30}] {percent:>3}% ETA {eta}  {msg}",
        None => "{spinner} [{elapsed_precise}] {msg}",
    };
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Renders the graph in `format` and writes it: the one place every output format goes through. Text formats are
/// streamed into the (buffered) output rather than built as one string first, so a large graph is not held twice.
fn write_graph(graph: &EntityGraph, format: GraphFormat, output: Option<&Path>) -> Result<(), Failure> {
    match format {
        GraphFormat::Dot => write_output_with(output, |w| write!(w, "{}", Dot::new(graph))),
        GraphFormat::Json => write_output_with(output, |w| Json::new(graph).write_to(w)),
        GraphFormat::Graphml => write_output_with(output, |w| GraphMl::new(graph).write_to(w)),
        GraphFormat::Gexf => write_output_with(output, |w| Gexf::new(graph).write_to(w)),
        GraphFormat::Csv => {
            let Some(dir) = output.filter(|p| p.as_os_str() != "-") else {
                return Err(Failure::Usage(CSV_NEEDS_DIR.to_string()));
            };
            newsgraph::export::csv::write_neo4j(graph, dir)
                .map_err(|e| Failure::Run(format!("cannot write {}: {e}", dir.display())))
        }
        GraphFormat::Svg => write_output(output, &graphviz(&Dot::new(graph).to_string(), "svg")?),
        GraphFormat::Png => write_output(output, &graphviz(&Dot::new(graph).to_string(), "png")?),
    }
}

/// Runs Graphviz's `dot -T<format>` on `dot`.
fn graphviz(dot: &str, format: &str) -> Result<Vec<u8>, Failure> {
    use std::process::{Command, Stdio};
    let child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(Failure::Run(format!(
                "--format {format} needs Graphviz's `dot` program, which is not installed (or not on PATH): install \
                 it with `apt-get install graphviz` (Debian, Ubuntu), `brew install graphviz` (macOS) or from \
                 graphviz.org, or write DOT with --format dot"
            )));
        }
        Err(e) => return Err(Failure::Run(format!("cannot run Graphviz's `dot`: {e}"))),
    };
    // Feed stdin from another thread: `dot` may fill its stdout pipe before it has read all of its input.
    let mut stdin = child.stdin.take();
    let input = dot.to_string();
    let writer = std::thread::spawn(move || stdin.as_mut().map(|s| s.write_all(input.as_bytes())));
    let output = child.wait_with_output().map_err(|e| Failure::Run(format!("cannot run Graphviz's `dot`: {e}")))?;
    let _ = writer.join();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Failure::Run(format!("Graphviz's `dot` failed ({}): {}", output.status, stderr.trim())));
    }
    Ok(output.stdout)
}

/// Writes `bytes` to stdout, or to `path` atomically; see [`write_output_with`].
fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    write_output_with(path, |w| w.write_all(bytes))
}

/// The file a chain of symbolic links ends at (or would be created at), so that writing it does not replace a link
/// with a file; `path` itself when it is no link.
fn resolve_links(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    // A dangling link: follow it by hand to where its file would be.
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        let Ok(link) = std::fs::read_link(&target) else { break };
        target = match target.parent() {
            Some(parent) if link.is_relative() => parent.join(link),
            _ => link,
        };
    }
    target
}

/// Has `write` fill stdout, or `path` atomically: a temporary file in the same directory, renamed over `path` only
/// once it is complete, so that a crash never leaves a truncated file that looks whole. A device or a FIFO is
/// written to directly.
fn write_output_with(path: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Failure> {
    // `-o -` is standard output, as `-` is standard input.
    let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
        let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
        return match write(&mut stdout).and_then(|()| stdout.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(Failure::ClosedPipe),
            Err(e) => Err(Failure::Run(format!("cannot write to stdout: {e}"))),
        };
    };
    let failed = |e: io::Error| Failure::Run(format!("cannot write {}: {e}", path.display()));
    // A device, a FIFO or a socket (`/dev/null`, `/dev/stdout`, a named pipe) is written to as it is: renaming a
    // file over it would replace it.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let file = std::fs::OpenOptions::new().write(true).open(path).map_err(failed)?;
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        return write(&mut out).and_then(|()| out.flush()).map_err(failed);
    }
    let target = resolve_links(path);
    let path = target.as_path();
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".newsgraph-").suffix(".tmp");
    // A temporary file is private (0600); the output gets the mode the file already has, or that of any new file
    // (0666 less the umask).
    #[cfg(unix)]
    builder.permissions(match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => std::os::unix::fs::PermissionsExt::from_mode(0o666),
    });
    let file = builder.tempfile_in(dir).map_err(failed)?;
    let mut out = io::BufWriter::with_capacity(1 << 16, file);
    write(&mut out).and_then(|()| out.flush()).map_err(failed)?;
    let file = out.into_inner().map_err(|e| failed(e.into_error()))?;
    file.as_file().sync_all().map_err(failed)?;
    file.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

fn run_query(query: QueryCommand) -> Result<(), Failure> {
    let options = match &query {
        QueryCommand::Neighbors { query, .. }
        | QueryCommand::Path { query, .. }
        | QueryCommand::Top { query, .. }
        | QueryCommand::Ego { query, .. } => query,
    };
    let (graph, extractor, summary) = build_graph(&options.graph)?;
    let gazetteer = extractor.gazetteer();
    let text = match &query {
        QueryCommand::Neighbors { entity, query } => {
            let id = find(&graph, gazetteer, entity)?;
            neighbors(&graph, id, query.json)
        }
        QueryCommand::Path { from, to, query } => {
            let (a, b) = (find(&graph, gazetteer, from)?, find(&graph, gazetteer, to)?);
            path(&graph, a, b, query.json)
        }
        QueryCommand::Top { by, limit, query } => top(&graph, *by, *limit, query.json),
        QueryCommand::Ego { entity, depth, query } => {
            let id = find(&graph, gazetteer, entity)?;
            ego(&graph, id, *depth, query.json)
        }
    };
    write_output(None, text.as_bytes())?;
    finish(&summary)
}

/// The node for an entity id or any name; unknown names are a usage error, known entities absent from the input a
/// run failure.
fn find(graph: &EntityGraph, gazetteer: &Gazetteer, name: &str) -> Result<NodeId, Failure> {
    if let Some(id) = graph.find(name) {
        return Ok(id);
    }
    // An alias of several entities in the graph (`George Bush`) is not settled by picking one quietly.
    let mut in_graph: Vec<NodeId> = Vec::new();
    for id in gazetteer.lookup(name).iter().filter_map(|&e| graph.find(&gazetteer.entity(e).id)) {
        if !in_graph.contains(&id) {
            in_graph.push(id);
        }
    }
    match in_graph[..] {
        [id] => return Ok(id),
        [] => {}
        _ => {
            let listed: Vec<String> =
                in_graph.iter().map(|&id| format!("{} ({})", graph.node(id).name, graph.node(id).id)).collect();
            return Err(Failure::Usage(format!("{name:?} names several entities: {}; give an id", listed.join(", "))));
        }
    }
    // Ids are matched exactly above; `rus` for `RUS` is still plain enough to take.
    let trimmed = name.trim();
    if let Some(id) = graph.nodes().find(|n| n.id.eq_ignore_ascii_case(trimmed)).and_then(|n| graph.find(&n.id)) {
        return Ok(id);
    }
    match gazetteer.lookup(name).first() {
        Some(&known) => {
            let entity = gazetteer.entity(known);
            let filters = graph.manifest().derived.join("; ");
            Err(Failure::Run(if filters.is_empty() {
                format!("{} ({}) is not mentioned in the input", entity.name, entity.id)
            } else {
                format!(
                    "{} ({}) is not in the graph: not mentioned in the input, or left out by the filters ({filters})",
                    entity.name, entity.id
                )
            }))
        }
        None => Err(Failure::Usage(format!("no entity is named {name:?}: not an id, name or alias in the gazetteers"))),
    }
}

fn node_json(graph: &EntityGraph, id: NodeId) -> serde_json::Value {
    let node = graph.node(id);
    json!({"id": node.id, "name": node.name, "kind": node.kind, "mentions": node.mentions})
}

fn neighbors(graph: &EntityGraph, id: NodeId, as_json: bool) -> String {
    let list = graph.neighbors(id);
    if as_json {
        let rows: Vec<serde_json::Value> = list
            .iter()
            .map(|n| {
                json!({"id": n.node.id, "name": n.node.name, "kind": n.node.kind, "weight": n.edge.weight,
                       "documents": n.edge.documents, "first_seen": n.edge.first_seen, "last_seen": n.edge.last_seen})
            })
            .collect();
        return pretty(&json!({"entity": node_json(graph, id), "neighbors": rows}));
    }
    let node = graph.node(id);
    let rows = list
        .iter()
        .map(|n| {
            vec![
                n.edge.weight.to_string(),
                n.edge.documents.to_string(),
                n.node.name.clone(),
                n.node.id.clone(),
                n.node.kind.to_string(),
            ]
        })
        .collect();
    let title = format!("{} ({}): {} neighbours\n", node.name, node.id, list.len());
    title + &table(&["weight", "docs", "name", "id", "kind"], &[true, true, false, false, false], rows)
}

fn path(graph: &EntityGraph, from: NodeId, to: NodeId, as_json: bool) -> String {
    let found = graph.shortest_path(from, to);
    let weights: Vec<u64> = found
        .as_ref()
        .map(|p| p.windows(2).map(|w| graph.edge(w[0], w[1]).map_or(0, |e| e.weight)).collect())
        .unwrap_or_default();
    if as_json {
        let path = found.as_ref().map(|p| p.iter().map(|&id| node_json(graph, id)).collect::<Vec<_>>());
        return pretty(&json!({
            "from": node_json(graph, from),
            "to": node_json(graph, to),
            "length": found.as_ref().map(|p| p.len() - 1),
            "path": path,
            "weights": weights,
        }));
    }
    let (a, b) = (graph.node(from), graph.node(to));
    let Some(path) = found else {
        return format!("no path: {} ({}) and {} ({}) are not connected\n", a.name, a.id, b.name, b.id);
    };
    let rows = path
        .iter()
        .enumerate()
        .map(|(step, &id)| {
            let node = graph.node(id);
            let weight = weights.get(step).map_or(String::new(), |w| w.to_string());
            vec![step.to_string(), node.name.clone(), node.id.clone(), node.kind.to_string(), weight]
        })
        .collect();
    let title = format!("{} → {}: {} link{}\n", a.name, b.name, path.len() - 1, if path.len() == 2 { "" } else { "s" });
    title + &table(&["step", "name", "id", "kind", "weight to next"], &[true, false, false, false, true], rows)
}

fn top(graph: &EntityGraph, by: TopBy, limit: usize, as_json: bool) -> String {
    let degree = newsgraph::analysis::degree(graph);
    let weighted = newsgraph::analysis::weighted_degree(graph);
    let pagerank = newsgraph::analysis::pagerank(graph, 0.85);
    let mut ranked: Vec<NodeId> = graph.node_ids().collect();
    ranked.sort_by(|a, b| {
        let (a_, b_) = (a.as_usize(), b.as_usize());
        let order = match by {
            TopBy::Degree => (degree[b_], weighted[b_]).cmp(&(degree[a_], weighted[a_])),
            TopBy::Weight => (weighted[b_], degree[b_]).cmp(&(weighted[a_], degree[a_])),
            TopBy::Pagerank => pagerank[b_].total_cmp(&pagerank[a_]),
        };
        order.then_with(|| graph.node(*a).id.cmp(&graph.node(*b).id))
    });
    ranked.truncate(limit);
    if as_json {
        let rows: Vec<serde_json::Value> = ranked
            .iter()
            .enumerate()
            .map(|(rank, &id)| {
                let node = graph.node(id);
                let i = id.as_usize();
                json!({"rank": rank + 1, "id": node.id, "name": node.name, "kind": node.kind,
                       "degree": degree[i], "weighted_degree": weighted[i], "pagerank": pagerank[i],
                       "mentions": node.mentions})
            })
            .collect();
        return pretty(&json!({"by": format!("{by:?}").to_lowercase(), "entities": rows}));
    }
    let rows = ranked
        .iter()
        .enumerate()
        .map(|(rank, &id)| {
            let node = graph.node(id);
            let i = id.as_usize();
            vec![
                (rank + 1).to_string(),
                weighted[i].to_string(),
                degree[i].to_string(),
                format!("{:.4}", pagerank[i]),
                node.mentions.to_string(),
                node.name.clone(),
                node.id.clone(),
                node.kind.to_string(),
            ]
        })
        .collect();
    table(
        &["rank", "weighted degree", "degree", "pagerank", "mentions", "name", "id", "kind"],
        &[true, true, true, true, true, false, false, false],
        rows,
    )
}

fn ego(graph: &EntityGraph, center: NodeId, depth: usize, as_json: bool) -> String {
    let sub = graph.ego(center, depth);
    let Some(sub_center) = sub.find(&graph.node(center).id) else {
        return String::new();
    };
    // Distances from the centre, by breadth-first search over the (small) ego graph.
    let mut distance = vec![usize::MAX; sub.node_count()];
    distance[sub_center.as_usize()] = 0;
    let mut queue = std::collections::VecDeque::from([sub_center]);
    while let Some(n) = queue.pop_front() {
        for m in sub.neighbors(n) {
            if distance[m.id.as_usize()] == usize::MAX {
                distance[m.id.as_usize()] = distance[n.as_usize()] + 1;
                queue.push_back(m.id);
            }
        }
    }
    let mut nodes: Vec<NodeId> = sub.node_ids().collect();
    nodes.sort_by(|a, b| {
        (distance[a.as_usize()], std::cmp::Reverse(sub.node(*a).mentions), &sub.node(*a).id).cmp(&(
            distance[b.as_usize()],
            std::cmp::Reverse(sub.node(*b).mentions),
            &sub.node(*b).id,
        ))
    });
    let (_, edges) = sub.sorted();
    if as_json {
        let nodes: Vec<serde_json::Value> = nodes
            .iter()
            .map(|&id| {
                let mut value = node_json(&sub, id);
                value["distance"] = json!(distance[id.as_usize()]);
                value
            })
            .collect();
        let edges: Vec<serde_json::Value> = edges
            .iter()
            .map(|e| {
                json!({"source": e.source.id, "target": e.target.id, "weight": e.edge.weight,
                            "documents": e.edge.documents})
            })
            .collect();
        return pretty(&json!({"center": node_json(&sub, sub_center), "depth": depth, "nodes": nodes, "edges": edges}));
    }
    let node = sub.node(sub_center);
    let rows = nodes
        .iter()
        .map(|&id| {
            let n = sub.node(id);
            vec![
                distance[id.as_usize()].to_string(),
                n.mentions.to_string(),
                n.name.clone(),
                n.id.clone(),
                n.kind.to_string(),
            ]
        })
        .collect();
    let title = format!(
        "ego network of {} ({}) at depth {depth}: {} entities, {} links\n",
        node.name,
        node.id,
        sub.node_count(),
        sub.edge_count()
    );
    title + &table(&["distance", "mentions", "name", "id", "kind"], &[true, true, false, false, false], rows)
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// An aligned plain-text table; `right` says which columns are right-aligned (numbers).
fn table(headers: &[&str], right: &[bool], rows: Vec<Vec<String>>) -> String {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    let all = std::iter::once(headers.iter().map(|h| h.to_string()).collect::<Vec<_>>()).chain(rows);
    for row in all {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i].saturating_sub(width(cell));
            if i > 0 {
                line.push_str("  ");
            }
            if right.get(i).copied().unwrap_or(false) {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn gazetteer_list(kind: Option<EntityKind>, options: &GazetteerOptions) -> Result<(), Failure> {
    let gazetteer = build_gazetteer(options)?;
    let mut out = String::from("alias\tentity\tkind\tflags\n");
    for alias in gazetteer.aliases() {
        let entity = gazetteer.entity(alias.entity);
        if kind.is_some_and(|k| k != entity.kind) {
            continue;
        }
        let flags = if alias.is_case_sensitive() {
            format!("{},case_sensitive", alias.kind.as_str())
        } else {
            alias.kind.as_str().to_string()
        };
        out.push_str(&format!("{}\t{}\t{}\t{flags}\n", alias.text, entity.id, entity.kind));
    }
    write_output(None, out.as_bytes())
}

/// The `*.tsv` files of a gazetteer directory.
fn tsv_files(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    match std::fs::read_dir(dir) {
        Ok(entries) => Ok(entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "tsv"))
            .collect()),
        Err(e) => Err(Failure::Usage(format!("{}: {e}", dir.display()))),
    }
}

/// A `--gazetteer DIR` must be a directory with gazetteer files in it: an empty or mistyped one would otherwise
/// add nothing, silently.
fn check_gazetteer_dir(dir: &Path) -> Result<(), Failure> {
    if !dir.is_dir() {
        return Err(Failure::Usage(format!("--gazetteer {}: not a directory", dir.display())));
    }
    if tsv_files(dir)?.is_empty() {
        return Err(Failure::Usage(format!(
            "--gazetteer {}: no *.tsv gazetteer files (countries*.tsv, leaders*.tsv, organisations*.tsv, places*.tsv)",
            dir.display()
        )));
    }
    Ok(())
}

fn gazetteer_check(dir: &Path, options: &GazetteerOptions) -> Result<(), Failure> {
    let files = tsv_files(dir)?;
    if files.is_empty() {
        println!("{}: no *.tsv gazetteer files", dir.display());
        return Err(Failure::InputProblems);
    }
    let mut builder = GazetteerBuilder::new();
    builder.defaults(!options.no_default_gazetteers);
    for extra in &options.gazetteers {
        check_gazetteer_dir(extra)?;
        builder.add_dir(extra);
    }
    builder.add_dir(dir);
    match builder.build() {
        Ok(gazetteer) => {
            println!(
                "{}: {} file{} without problems; the gazetteer has {} entities and {} aliases",
                dir.display(),
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                gazetteer.len(),
                gazetteer.aliases().len()
            );
            Ok(())
        }
        Err(e) => {
            let mut out = String::new();
            match e.problems() {
                [] => out.push_str(&format!("{e}\n")),
                problems => {
                    for p in problems {
                        out.push_str(&format!("{p}\n"));
                    }
                }
            }
            write_output(None, out.as_bytes())?;
            let count = e.problems().len().max(1);
            eprintln!("newsgraph: {count} problem{} in {}", if count == 1 { "" } else { "s" }, dir.display());
            Err(Failure::InputProblems)
        }
    }
}
