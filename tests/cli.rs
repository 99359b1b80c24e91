//! End-to-end tests of the `newsgraph` binary (issue 6): every input kind, every way input can be bad, user
//! gazetteers, determinism across thread counts, atomic output, and the query and gazetteer subcommands.
//!
//! `tests/data/corpus/` is a small corpus of news-style paragraphs written for these tests (not copied from any
//! outlet): plain text, Markdown and JSON Lines files in nested directories, naming real entities of the shipped
//! gazetteers so that the graph has edges to compare.

use assert_cmd::Command;
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

const SAMPLE: &str = "tests/data/putin-xi-2025.txt";
const CORPUS: &str = "tests/data/corpus";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    raw: Vec<u8>,
}

fn newsgraph() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn finish(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        raw: output.stdout,
    }
}

fn run(args: &[&str]) -> Run {
    finish(newsgraph().args(args))
}

fn run_stdin(args: &[&str], stdin: impl Into<Vec<u8>>) -> Run {
    finish(newsgraph().args(args).write_stdin(stdin.into()))
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout))
}

fn node_ids(graph: &Value) -> Vec<String> {
    graph["nodes"].as_array().expect("nodes").iter().map(|n| n["id"].as_str().unwrap().to_string()).collect()
}

fn has_edge(graph: &Value, a: &str, b: &str) -> bool {
    edge(graph, a, b).is_some()
}

/// The edge between entities `a` and `b` of a JSON export (ends in id order, as exports write them).
fn edge<'g>(graph: &'g Value, a: &str, b: &str) -> Option<&'g Value> {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    graph["edges"].as_array().expect("edges").iter().find(|e| e["source"] == a && e["target"] == b)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

#[test]
fn sample_article_as_dot_and_json() {
    let dot = run(&["graph", SAMPLE]);
    assert_eq!(dot.code, 0, "{}", dot.stderr);
    assert!(dot.stdout.starts_with("// newsgraph"), "{}", dot.stdout);
    assert!(dot.stdout.contains("\"vladimir-putin\" -- \"xi-jinping\""), "{}", dot.stdout);
    assert!(dot.stderr.contains("1 document read, 0 skipped, 0 duplicates, 0 failed (0 problems)"), "{}", dot.stderr);

    let run = run(&["graph", "--format", "json", SAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let graph = json(&run);
    assert_eq!(graph["graph"]["documents"], 1);
    let ids = node_ids(&graph);
    for id in ["vladimir-putin", "xi-jinping", "RUS", "CHN", "aleksandar-vucic", "robert-fico"] {
        assert!(ids.contains(&id.to_string()), "{id} missing from {ids:?}");
    }
    assert!(has_edge(&graph, "vladimir-putin", "xi-jinping"));
}

#[test]
fn svg_needs_graphviz_and_says_how_to_install_it() {
    let empty = tempfile::tempdir().unwrap();
    let missing = finish(newsgraph().args(["graph", "--format", "svg", SAMPLE]).env("PATH", empty.path()));
    assert_eq!(missing.code, 1);
    assert!(missing.stdout.is_empty());
    assert!(missing.stderr.contains("apt-get install graphviz"), "{}", missing.stderr);
    assert!(missing.stderr.contains("brew install graphviz"), "{}", missing.stderr);

    // Where Graphviz is installed, the picture is rendered from our DOT.
    let has_dot = std::process::Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success());
    if has_dot {
        let svg = run(&["graph", "--format", "svg", SAMPLE]);
        assert_eq!(svg.code, 0, "{}", svg.stderr);
        assert!(svg.stdout.contains("<svg"), "{}", svg.stdout);
        assert!(svg.stdout.contains("Xi Jinping"));
    }
}

#[test]
fn directory_tree_reads_every_text_markdown_and_jsonl_file() {
    let run = run(&["graph", "-f", "json", CORPUS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let graph = json(&run);
    // 3 files (one document each) and 6 JSON lines.
    assert_eq!(graph["graph"]["documents"], 9, "{}", run.stderr);
    let ids = node_ids(&graph);
    for id in ["giorgia-meloni", "shigeru-ishiba", "friedrich-merz", "xi-jinping", "cyril-ramaphosa"] {
        assert!(ids.contains(&id.to_string()), "{id} missing from {ids:?}");
    }
    assert!(has_edge(&graph, "anthony-albanese", "shigeru-ishiba"));
    assert!(run.stderr.contains("9 documents read"), "{}", run.stderr);
}

/// A corpus with a malformed line, a document that is not UTF-8 and an empty document between good ones.
fn bad_jsonl(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("wire.jsonl");
    let mut data = Vec::new();
    data.extend_from_slice(b"{\"id\": \"good-1\", \"text\": \"Vladimir Putin met Xi Jinping in Moscow.\"}\n");
    data.extend_from_slice(b"{\"id\": \"broken\", \"text\": \"Emmanuel Macron spoke\n");
    data.extend_from_slice(
        b"{\"id\": \"latin1\", \"text\": \"Donald Trump called Emmanuel Macron from S\xe3o Paulo.\"}\n",
    );
    data.extend_from_slice(b"{\"id\": \"empty\", \"text\": \"\"}\n");
    data.extend_from_slice(
        b"{\"id\": \"good-2\", \"date\": \"2025-05-09\", \"text\": \"Keir Starmer met Donald Tusk.\"}\n",
    );
    std::fs::write(&path, data).unwrap();
    path
}

#[test]
fn bad_documents_are_reported_counted_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    let path = bad_jsonl(dir.path());
    let file = path_str(&path);
    let run = run(&["graph", "-f", "json", file]);
    assert_eq!(run.code, 1, "input problems give exit code 1: {}", run.stderr);
    let graph = json(&run);
    assert_eq!(graph["graph"]["documents"], 3);
    // Every good document is in the graph, the lossily decoded one included.
    assert!(has_edge(&graph, "vladimir-putin", "xi-jinping"));
    assert!(has_edge(&graph, "donald-trump", "emmanuel-macron"));
    assert!(has_edge(&graph, "donald-tusk", "keir-starmer"));
    assert!(run.stderr.contains(&format!("{file}:2: malformed JSON")), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{file}:3: invalid UTF-8")), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{file}:4: empty document")), "{}", run.stderr);
    assert!(run.stderr.contains("3 documents read, 1 skipped, 0 duplicates, 1 failed (2 problems)"), "{}", run.stderr);

    let mentions = self::run(&["mentions", file]);
    assert_eq!(mentions.code, 1);
    let docs: Vec<String> = mentions
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["doc"].as_str().unwrap().to_string())
        .collect();
    let mut distinct = docs.clone();
    distinct.dedup();
    assert_eq!(distinct, ["good-1", "latin1", "good-2"]);
}

#[test]
fn strict_mode_stops_at_the_first_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = bad_jsonl(dir.path());
    let out = dir.path().join("graph.dot");
    std::fs::write(&out, "previous graph\n").unwrap();
    let run = run(&["graph", "--strict", "-o", path_str(&out), path_str(&path)]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains(":2: malformed JSON"), "{}", run.stderr);
    assert!(run.stderr.contains("strict"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous graph\n", "a failed run must not touch -o");
}

#[test]
fn stdin_plain_text_and_json_lines() {
    let text = std::fs::read(SAMPLE).unwrap();
    let run = run_stdin(&["graph", "-f", "json"], text.clone());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let graph = json(&run);
    assert_eq!(graph["graph"]["documents"], 1);
    assert!(has_edge(&graph, "vladimir-putin", "xi-jinping"));
    assert_eq!(graph["edges"][0]["evidence"][0]["doc"], "<stdin>");
    // `-` names stdin explicitly, and gives the same graph.
    let dash = run_stdin(&["graph", "-f", "json", "-"], text);
    assert_eq!(dash.stdout, run.stdout);

    let jsonl =
        "{\"id\": \"a\", \"text\": \"Xi Jinping met Vladimir Putin.\"}\n{\"id\": \"b\", \"text\": \"Keir Starmer.\"}\n";
    let mentions = run_stdin(&["mentions", "-"], jsonl);
    assert_eq!(mentions.code, 0, "{}", mentions.stderr);
    let rows: Vec<Value> = mentions.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["doc"], "a");
    assert_eq!(rows[0]["text"], "Xi Jinping");
    assert_eq!(rows[0]["entity"], "xi-jinping");
    assert_eq!(rows[0]["kind"], "leader");
    assert_eq!(rows[0]["via"], "name");
    assert_eq!((rows[0]["start"].as_u64(), rows[0]["end"].as_u64()), (Some(0), Some(10)));
    assert_eq!(rows[2]["doc"], "b");
}

#[test]
fn gzip_files_and_gzip_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = b"{\"id\": \"z1\", \"text\": \"Viktor Orb\xc3\xa1n met Giorgia Meloni in Rome.\"}\n";
    let gz_jsonl = dir.path().join("wire.jsonl.gz");
    std::fs::write(&gz_jsonl, gzip(jsonl)).unwrap();
    let gz_text = dir.path().join("article.txt.gz");
    std::fs::write(&gz_text, gzip(&std::fs::read(SAMPLE).unwrap())).unwrap();

    let run = run(&["graph", "-f", "json", path_str(&gz_jsonl), path_str(&gz_text)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let graph = json(&run);
    assert_eq!(graph["graph"]["documents"], 2);
    assert!(has_edge(&graph, "giorgia-meloni", "viktor-orban"));
    assert!(has_edge(&graph, "vladimir-putin", "xi-jinping"));

    let from_stdin = run_stdin(&["mentions"], gzip(jsonl));
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    assert!(from_stdin.stdout.contains("\"doc\":\"z1\""), "{}", from_stdin.stdout);
    assert!(from_stdin.stdout.contains("\"text\":\"Viktor Orbán\""), "{}", from_stdin.stdout);
}

#[test]
fn blocks_input_format() {
    let text = "Vladimir Putin met Xi Jinping.\nThey signed a deal.\n\n  \nKeir Starmer met Donald Tusk.\n";
    let run = run_stdin(&["mentions", "--input-format", "blocks"], text);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docs: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["doc"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs, ["<stdin>#1", "<stdin>#1", "<stdin>#5", "<stdin>#5"]);
}

/// A user gazetteer with an organisation that no shipped file knows.
fn user_gazetteer(dir: &Path) {
    std::fs::write(
        dir.join("organisations-user.tsv"),
        "# made up for the test\nid\tname\tacronyms\ttype\tcountry\n\
         baltic-grain-council\tBaltic Grain Council\tBGC\tigo\t\n",
    )
    .unwrap();
}

const GRAIN_TEXT: &str = "The Baltic Grain Council met Donald Tusk in Warsaw. Tusk said the BGC would help Poland.";

#[test]
fn user_gazetteer_adds_an_entity() {
    let dir = tempfile::tempdir().unwrap();
    user_gazetteer(dir.path());
    let gazetteer = path_str(dir.path());

    let without = run_stdin(&["graph", "-f", "json"], GRAIN_TEXT);
    assert!(!node_ids(&json(&without)).contains(&"baltic-grain-council".to_string()));

    let with = run_stdin(&["graph", "-f", "json", "--gazetteer", gazetteer], GRAIN_TEXT);
    assert_eq!(with.code, 0, "{}", with.stderr);
    let graph = json(&with);
    assert!(has_edge(&graph, "baltic-grain-council", "donald-tusk"));

    let mentions = run_stdin(&["mentions", "--gazetteer", gazetteer], GRAIN_TEXT);
    let acronym =
        mentions.stdout.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()).find(|m| m["text"] == "BGC");
    let acronym = acronym.unwrap_or_else(|| panic!("no BGC mention in {}", mentions.stdout));
    assert_eq!(acronym["entity"], "baltic-grain-council");
    assert_eq!(acronym["via"], "acronym");

    // Only the user's files: Donald Tusk is no longer known.
    let only = run_stdin(&["graph", "-f", "json", "--no-default-gazetteers", "--gazetteer", gazetteer], GRAIN_TEXT);
    assert_eq!(node_ids(&json(&only)), ["baltic-grain-council"]);

    let listed = run(&["gazetteer", "list", "--kind", "organisation", "--gazetteer", gazetteer]);
    assert!(
        listed.stdout.contains("BGC\tbaltic-grain-council\torganisation\tacronym,case_sensitive\n"),
        "{}",
        listed.stdout
    );
}

#[test]
fn user_gazetteer_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leaders-user.tsv");
    std::fs::write(
        &file,
        "id\tname\tcountry\nana-example\tAna Example\tSRB\nno-country\tNo Country\t\nbad-ref\tBad Reference\tNARNIA\n",
    )
    .unwrap();
    let file = path_str(&file);
    let run = run(&["graph", "--gazetteer", path_str(dir.path()), SAMPLE]);
    assert_eq!(run.code, 2, "a broken gazetteer is a configuration error");
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains(&format!("{file}:3: column `country`: a leader needs a country")), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{file}:4: column `country`")), "{}", run.stderr);

    let check = self::run(&["gazetteer", "check", path_str(dir.path())]);
    assert_eq!(check.code, 1);
    let lines: Vec<&str> = check.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", check.stdout);
    assert!(lines[0].starts_with(&format!("{file}:3: ")), "{}", check.stdout);
    assert!(lines[1].starts_with(&format!("{file}:4: ")), "{}", check.stdout);
}

#[test]
fn a_badly_named_gazetteer_file_hides_no_other_problem() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("myplaces.tsv"), "id\tname\nx\tX\n").unwrap();
    std::fs::write(dir.path().join("places-extra.tsv"), "id\tname\nempty-name\t\n").unwrap();
    let check = run(&["gazetteer", "check", path_str(dir.path())]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("myplaces.tsv: cannot tell the kind"), "{}", check.stdout);
    assert!(check.stdout.contains("places-extra.tsv:2: column `name`"), "{}", check.stdout);
    assert!(check.stderr.contains("2 problems"), "{}", check.stderr);
}

#[test]
fn a_gazetteer_directory_must_exist_and_hold_gazetteer_files() {
    let empty = tempfile::tempdir().unwrap();
    for args in [
        vec!["graph", "--gazetteer", path_str(empty.path()), "--no-default-gazetteers", SAMPLE],
        vec!["gazetteer", "list", "--gazetteer", path_str(empty.path())],
    ] {
        let out = run(&args);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains("no *.tsv gazetteer files"), "{}", out.stderr);
    }
    let good = tempfile::tempdir().unwrap();
    user_gazetteer(good.path());
    let missing = good.path().join("missing");
    let out = run(&["gazetteer", "check", path_str(good.path()), "--gazetteer", path_str(&missing)]);
    assert_eq!(out.code, 2, "a missing --gazetteer is a usage error, not a problem of the checked directory");
    assert!(out.stderr.contains("not a directory") && !out.stderr.contains("problem"), "{}", out.stderr);
}

#[test]
fn csv_without_a_directory_is_refused_before_reading() {
    let out = run(&["graph", "-f", "csv", SAMPLE]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("name it with -o DIR"), "{}", out.stderr);
    assert!(!out.stderr.contains("documents read"), "refused before the corpus is read: {}", out.stderr);
}

#[test]
fn gazetteer_check_accepts_good_files() {
    let dir = tempfile::tempdir().unwrap();
    user_gazetteer(dir.path());
    let check = run(&["gazetteer", "check", path_str(dir.path())]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("without problems"), "{}", check.stdout);
    let empty = tempfile::tempdir().unwrap();
    let none = run(&["gazetteer", "check", path_str(empty.path())]);
    assert_eq!(none.code, 1);
    assert!(none.stdout.contains("no *.tsv"), "{}", none.stdout);
}

#[test]
fn gazetteer_list_prints_the_benchmark_tsv() {
    let run = run(&["gazetteer", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("alias\tentity\tkind\tflags"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(rows.len() > 1000, "{} aliases", rows.len());
    assert!(rows.iter().all(|r| r.len() == 4), "every row has four fields");
    assert!(rows.contains(&vec!["Vladimir Putin", "vladimir-putin", "leader", "name"]));
    assert!(rows.contains(&vec!["PRC", "CHN", "country", "acronym,case_sensitive"]));
    assert!(rows.iter().any(|r| r[3] == "demonym" && r[1] == "RUS"));

    let countries = self::run(&["gazetteer", "list", "--kind", "country"]);
    assert!(countries.stdout.lines().skip(1).all(|l| l.split('\t').nth(2) == Some("country")));
}

#[test]
fn thread_counts_give_byte_identical_output() {
    // One document per batch, so that both workers really get documents.
    for format in ["dot", "json"] {
        let one = run(&["graph", "-f", format, "--threads", "1", "--batch-bytes", "1", CORPUS]);
        let two = run(&["graph", "-f", format, "--threads", "2", "--batch-bytes", "1", CORPUS]);
        assert_eq!(one.code, 0, "{}", one.stderr);
        assert_eq!(two.code, 0, "{}", two.stderr);
        assert!(one.raw.len() > 1000);
        assert!(one.raw == two.raw, "--threads 1 and --threads 2 differ in {format}");
    }
    let one = run(&["mentions", "--threads", "1", "--batch-bytes", "1", CORPUS]);
    let two = run(&["mentions", "--threads", "2", "--batch-bytes", "1", CORPUS]);
    assert!(one.raw == two.raw && one.stdout.lines().count() > 50, "mentions differ between thread counts");
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("graph.dot");
    std::fs::write(&out, "an older graph\n").unwrap();
    let run = run(&["graph", "-o", path_str(&out), SAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, self::run(&["graph", SAMPLE]).stdout);
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["graph.dot"], "no temporary file is left behind");

    // The file gets the mode of the file it replaces, or that of any new file, not the temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert_eq!(self::run(&["graph", "-o", path_str(&out), SAMPLE]).code, 0);
        assert_eq!(mode(&out), 0o640);
        let fresh = dir.path().join("fresh.json");
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, "x").unwrap();
        assert_eq!(self::run(&["graph", "-f", "json", "-o", path_str(&fresh), SAMPLE]).code, 0);
        assert_eq!(mode(&fresh), mode(&plain), "a new output file is created like any other file");
    }

    let missing_dir = dir.path().join("no/such/dir/graph.dot");
    let failed = self::run(&["graph", "-o", path_str(&missing_dir), SAMPLE]);
    assert_eq!(failed.code, 1);
    assert!(failed.stderr.contains("cannot write"), "{}", failed.stderr);
}

#[test]
fn queries_as_json() {
    let neighbors = run(&["query", "neighbors", "Xi", "--json", SAMPLE]);
    assert_eq!(neighbors.code, 0, "{}", neighbors.stderr);
    let value = json(&neighbors);
    assert_eq!(value["entity"]["id"], "xi-jinping");
    let list = value["neighbors"].as_array().unwrap();
    assert!(list.iter().any(|n| n["id"] == "vladimir-putin"));
    let weights: Vec<u64> = list.iter().map(|n| n["weight"].as_u64().unwrap()).collect();
    assert!(weights.windows(2).all(|w| w[0] >= w[1]), "heaviest first: {weights:?}");

    let path = run(&["query", "path", "Japan", "Trump", "--json", SAMPLE]);
    assert_eq!(path.code, 0, "{}", path.stderr);
    let value = json(&path);
    let steps: Vec<&str> = value["path"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!((steps.len(), steps[0], steps[2]), (3, "JPN", "donald-trump"), "{steps:?}");
    assert_eq!(value["length"].as_u64(), Some(steps.len() as u64 - 1));
    assert_eq!(value["weights"].as_array().unwrap().len(), steps.len() - 1);

    // Fico and Vučić are only linked to each other and their countries in the sample.
    let apart = json(&run(&["query", "path", "Vučić", "Donald Trump", "--json", SAMPLE]));
    assert!(apart["path"].is_null() && apart["length"].is_null(), "{apart}");

    let top = run(&["query", "top", "--by", "degree", "-n", "3", "--json", SAMPLE]);
    let value = json(&top);
    let entities = value["entities"].as_array().unwrap();
    assert_eq!(entities.len(), 3);
    let degrees: Vec<u64> = entities.iter().map(|e| e["degree"].as_u64().unwrap()).collect();
    assert!(degrees.windows(2).all(|w| w[0] >= w[1]), "{degrees:?}");
    assert_eq!(entities[0]["rank"], 1);

    let ego = run(&["query", "ego", "xi-jinping", "--depth", "1", "--json", SAMPLE]);
    let value = json(&ego);
    assert_eq!(value["center"]["id"], "xi-jinping");
    let nodes = value["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["distance"], 0);
    assert!(nodes.iter().all(|n| n["distance"].as_u64().unwrap() <= 1));
    assert_eq!(nodes.len(), list.len() + 1, "depth 1 is the entity and its neighbours");
    assert!(!value["edges"].as_array().unwrap().is_empty());
}

#[test]
fn queries_as_tables() {
    let run = run(&["query", "neighbors", "Vladimir Putin", SAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert!(lines.next().unwrap().starts_with("Vladimir Putin (vladimir-putin): "));
    let header = lines.next().unwrap();
    assert!(header.starts_with("weight  docs  name"), "{header}");
    let row = lines.next().unwrap();
    // Columns are aligned: the name starts where the header's does.
    assert_eq!(row.find(char::is_alphabetic), header.find("name"), "{row}\n{header}");
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(run(&["graph", "--no-such-option", SAMPLE]).code, 2);
    assert_eq!(run(&["graph", "--window", "page", SAMPLE]).code, 2);
    let unknown = run(&["query", "neighbors", "Nobody Atall", SAMPLE]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("no entity is named"), "{}", unknown.stderr);
    let csv = run(&["graph", "-f", "csv", SAMPLE]);
    assert_eq!(csv.code, 2);
    assert!(csv.stderr.contains("-o DIR"), "{}", csv.stderr);
}

#[test]
fn graph_options_filter_and_configure() {
    let leaders = json(&run(&["graph", "-f", "json", "--kinds", "leader", SAMPLE]));
    assert!(leaders["nodes"].as_array().unwrap().iter().all(|n| n["kind"] == "leader"));
    assert!(has_edge(&leaders, "vladimir-putin", "xi-jinping"));

    let heavy = json(&run(&["graph", "-f", "json", "--min-weight", "3", SAMPLE]));
    let edges = heavy["edges"].as_array().unwrap();
    assert!(!edges.is_empty() && edges.iter().all(|e| e["weight"].as_u64().unwrap() >= 3));

    let document = json(&run(&["graph", "-f", "json", "--window", "document", SAMPLE]));
    assert_eq!(document["graph"]["window"], "document");

    let no_demonyms = run(&["mentions", "--no-demonyms", SAMPLE]);
    assert!(!no_demonyms.stdout.contains("\"via\":\"demonym\""));
    let demonyms = run(&["mentions", "--no-demonyms", "--demonyms", SAMPLE]);
    assert!(demonyms.stdout.contains("\"via\":\"demonym\""));

    let quiet = run(&["graph", "--quiet", SAMPLE]);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
}

#[test]
fn custom_jsonl_field_names() {
    let line = "{\"uid\": \"u-9\", \"body\": \"Xi Jinping met Vladimir Putin.\", \"when\": \"2025-05-08\"}\n";
    let run =
        run_stdin(&["graph", "-f", "json", "--id-field", "uid", "--text-field", "body", "--date-field", "when"], line);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let graph = json(&run);
    let evidence = &graph["edges"][0]["evidence"][0];
    assert_eq!(evidence["doc"], "u-9");
    assert_eq!(evidence["date"], "2025-05-08");
}

#[test]
fn every_graph_format_and_the_csv_directory() {
    for (format, marker) in
        [("graphml", "<graphml"), ("gexf", "<gexf"), ("json", "\"edges\""), ("dot", "graph newsgraph")]
    {
        let out = run(&["graph", "-f", format, SAMPLE]);
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        assert!(out.stdout.contains(marker), "{format} output lacks {marker}");
        assert!(out.stdout.contains("Vladimir Putin"), "{format} output lacks Putin");
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("neo4j");
    let out = run(&["graph", "-f", "csv", "-o", path_str(&target), SAMPLE]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let nodes = std::fs::read_to_string(target.join("nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(target.join("edges.csv")).unwrap();
    assert!(nodes.lines().next().unwrap().contains(":ID") && nodes.contains("vladimir-putin"));
    assert!(edges.lines().next().unwrap().contains(":START_ID") && edges.contains("xi-jinping"));
}

#[test]
fn top_by_pagerank() {
    let out = run(&["query", "top", "--by", "pagerank", "-n", "3", "--json", SAMPLE]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let value = json(&out);
    let rows = value["entities"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let scores: Vec<f64> = rows.iter().map(|r| r["pagerank"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(rows[0]["id"], "CHN");
}

#[test]
fn mentions_explain_lists_rules_and_rejected_candidates() {
    let text = "Putin met Xi in May. The Russian president said little. Russian President Vladimir Putin left.";
    let out = run_stdin(&["mentions", "--explain", "--date", "2025-05-08", "-"], text);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let role = lines.iter().find(|l| l["via"] == "role_at_date").expect("the role phrase is explained");
    assert_eq!(role["entity"], "vladimir-putin");
    assert_eq!(role["confirmed_by"]["text"], "Russian president");
    let rejected: Vec<&Value> = lines.iter().filter(|l| l["rejected"] == true).collect();
    assert!(rejected.iter().any(|r| r["text"] == "May"), "May (the month) is a rejected candidate: {rejected:?}");
    assert!(rejected.iter().any(|r| r["text"] == "Xi" && r["reason"] == "weak_without_anchor"));
}

#[test]
fn duplicate_documents_count_once_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wire.jsonl");
    let story = "Serbian President Aleksandar Vucic met Slovak Prime Minister Robert Fico in Belgrade.";
    let other = "Vladimir Putin and Xi Jinping met in Moscow.";
    let lines: Vec<String> = [story, other, story, story, other]
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": format!("wire-{i}"), "text": t}).to_string())
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let one = run(&["graph", "-f", "json", "--threads", "1", "--batch-bytes", "1", path_str(&file)]);
    let two = run(&["graph", "-f", "json", "--threads", "2", "--batch-bytes", "1", path_str(&file)]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.raw == two.raw, "duplicates must not depend on the thread count");
    assert!(one.stderr.contains("2 documents read") && one.stderr.contains("3 duplicates"), "{}", one.stderr);
    let graph = json(&one);
    assert_eq!(graph["graph"]["duplicate_documents"], 3);
    assert_eq!(edge(&graph, "aleksandar-vucic", "robert-fico").unwrap()["weight"], 1);
    for threads in ["1", "2"] {
        let kept = run(&["graph", "-f", "json", "--keep-duplicates", "--threads", threads, path_str(&file)]);
        assert!(kept.stderr.contains("5 documents read"), "{}", kept.stderr);
        // The graph counts every copy too: it does not drop what the reader let through.
        let graph = json(&kept);
        assert_eq!(graph["graph"]["documents"], 5);
        assert_eq!(graph["graph"]["deduplicate"], false);
        assert_eq!(graph["graph"]["duplicate_documents"], 0);
        let vucic_fico = edge(&graph, "aleksandar-vucic", "robert-fico").unwrap();
        assert_eq!(vucic_fico["weight"], 3, "three copies of the story, three co-occurrences");
    }
}

#[test]
fn the_graph_records_the_date_and_filters_it_was_built_with() {
    let plain = json(&run(&["graph", "-q", "-f", "json", SAMPLE]));
    assert!(plain["graph"].get("default_date").is_none());
    assert!(plain["graph"].get("derived").is_none());
    let built = run(&["graph", "-q", "-f", "json", "--date", "1995", "--kinds", "leader", "--min-weight", "2", SAMPLE]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let graph = json(&built);
    assert_eq!(graph["graph"]["default_date"], "1995");
    assert_eq!(graph["graph"]["derived"], serde_json::json!(["kinds leader; min weight 2; without isolated nodes"]));
    let dot = run(&["graph", "-q", "--date", "1995", "--kinds", "leader", SAMPLE]);
    assert!(dot.stdout.contains(r#"default_date="1995""#) && dot.stdout.contains(r#"derived="kinds leader""#));
    for (limit, most) in [(0, 0), (2, 2)] {
        let limited = json(&run(&["graph", "-q", "-f", "json", "--max-evidence", &limit.to_string(), SAMPLE]));
        assert_eq!(limited["graph"]["max_evidence"], limit);
        let kept = limited["edges"].as_array().unwrap().iter().map(|e| e["evidence"].as_array().map_or(0, Vec::len));
        assert_eq!(kept.max(), Some(most));
    }
    // A query names the filter that left an entity out rather than saying it is not in the text.
    let query = run(&["query", "neighbors", "Xi", "--kinds", "country", "-q", SAMPLE]);
    assert_eq!(query.code, 1);
    assert!(query.stderr.contains("left out by the filters (kinds country)"), "{}", query.stderr);
}

#[test]
fn explain_with_kinds_keeps_only_the_rejected_candidates_of_those_kinds() {
    let all = run(&["mentions", "-q", "--explain", SAMPLE]);
    let rejected = |out: &Run| -> Vec<Value> {
        out.stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|l| l["rejected"] == true)
            .collect()
    };
    let every = rejected(&all);
    assert!(every.iter().any(|r| r["kind"] == "leader"), "rejected candidates carry their entity's kind");
    let places = run(&["mentions", "-q", "--explain", "--kinds", "place", SAMPLE]);
    let kept = rejected(&places);
    assert!(kept.iter().all(|r| r["kind"] == "place"), "{kept:?}");
    assert_eq!(kept.len(), every.iter().filter(|r| r["kind"] == "place").count());
}

#[test]
fn mentions_takes_no_graph_options() {
    for option in ["--window", "--min-weight", "--max-evidence"] {
        let out = run(&["mentions", option, "2", SAMPLE]);
        assert_eq!(out.code, 2, "{option}: {}", out.stderr);
        assert!(out.stderr.contains("unexpected argument"), "{}", out.stderr);
    }
}

#[test]
fn json_lines_with_a_byte_order_mark_on_stdin_are_json_lines() {
    let jsonl = "\u{feff}{\"id\": \"b1\", \"text\": \"Japan.\"}\n{\"id\": \"b2\", \"text\": \"China.\"}\n";
    let out = run_stdin(&["mentions"], jsonl);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let docs: Vec<String> =
        out.stdout.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["doc"].to_string()).collect();
    assert_eq!(docs, ["\"b1\"", "\"b2\""]);
    // A run that writes mentions builds no graph, and its summary does not count entities and edges.
    assert!(out.stderr.contains("2 documents read") && out.stderr.contains("; 2 mentions; "), "{}", out.stderr);
}

#[test]
fn a_dash_for_the_output_is_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["graph", "-q", "-o", "-", std::fs::canonicalize(SAMPLE).unwrap().to_str().unwrap()])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("graph newsgraph {"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file named `-`");
}

#[cfg(unix)]
#[test]
fn an_output_through_a_symbolic_link_writes_the_file_it_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    let link = dir.path().join("link.dot");
    std::os::unix::fs::symlink("real/out.dot", &link).unwrap();
    let out = run(&["graph", "-q", "-o", path_str(&link), SAMPLE]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is kept");
    let written = std::fs::read_to_string(dir.path().join("real/out.dot")).unwrap();
    assert!(written.contains("graph newsgraph {"));
}

#[test]
fn a_query_name_of_several_entities_asks_for_an_id_and_ids_ignore_case() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bush.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"a\",\"date\":\"1990-06-01\",\"text\":\"George H. W. Bush met Mikhail Gorbachev in Washington.\"}\n\
         {\"id\":\"b\",\"date\":\"2003-03-20\",\"text\":\"George W. Bush spoke with Tony Blair about Iraq.\"}\n",
    )
    .unwrap();
    let out = run(&["query", "neighbors", "George Bush", "-q", path_str(&file)]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("names several entities") && out.stderr.contains("give an id"), "{}", out.stderr);
    let one = run(&["query", "neighbors", "Gorbachev", "-q", path_str(&file)]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    let lower = run(&["query", "neighbors", "rus", "-q", SAMPLE]);
    assert_eq!(lower.code, 0, "{}", lower.stderr);
    assert!(lower.stdout.starts_with("Russia (RUS)"), "{}", lower.stdout);
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_fifo_is_written_to_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo (coreutils)");
    assert!(made.success());
    let link = dir.path().join("link");
    std::os::unix::fs::symlink("pipe", &link).unwrap();
    for target in [&fifo, &link] {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        let out = run(&["graph", "-q", "-o", path_str(target), SAMPLE]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        // Checked before joining: had a file been renamed over the FIFO, the reader would wait for a writer forever.
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the FIFO is still a FIFO, not a file renamed over it");
        assert!(reader.join().unwrap().contains("graph newsgraph {"), "the reader got the graph");
    }
}
