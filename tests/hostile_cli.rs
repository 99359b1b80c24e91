//! The `newsgraph` binary on a corpus of every hostile input at once: a megabyte on one line, half a megabyte
//! without a space, empty, whitespace-only and punctuation-only files, invalid UTF-8, control characters,
//! right-to-left text, a file over the size limit, a truncated gzip file, a dangling link, and a JSON Lines file with
//! malformed, mistyped, empty, duplicate and oversized lines. Every input must be accounted for in the summary, every
//! problem reported with its file (and line), and every good document must reach the output.

mod common;

use assert_cmd::Command;
use common::documents::{self, SINGLE_LINE_UNIT};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

const LIMIT: usize = 1_200_000;

/// Writes the corpus into `dir`; returns the number of mentions the single-line file holds.
fn write_corpus(dir: &Path) -> usize {
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    let single_line = documents::single_line(1_000_000);
    write("a-single-line.txt", single_line.as_bytes());
    write("b-no-space.txt", documents::no_space(500_000).as_bytes());
    write("c-empty.txt", b"");
    write("d-punctuation.txt", "...!!! ??? ,,, ;;; — «» “” ()[]{} …".as_bytes());
    write("e-invalid-utf8.txt", b"\xffRussia met China. Vu\xc4ic and Ukraine \xe2\x80");
    write("f-controls.txt", b"\0Russia\0China\x07Ukraine\x1b[31m Kyiv\x1b[0m\r\n\x0cBeijing");
    write("g-rtl.md", "قال \u{2067}Vladimir Putin\u{2069} في موسكو.\n\nאמר Xi Jinping היום.".as_bytes());
    write("h-too-large.txt", documents::single_line(2_000_000).as_bytes());
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all("Emmanuel Macron met Olaf Scholz in Berlin. ".repeat(2000).as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    write("i-truncated.txt.gz", &gz[..gz.len() / 2]);
    write("k-whitespace.txt", " \n\t \u{a0}\n".as_bytes());
    let huge = format!("{{\"id\": \"huge\", \"text\": \"{}\"}}", "Russia and China. ".repeat(80_000));
    let lines: Vec<&[u8]> = vec![
        br#"{"id": "ok-1", "text": "Vladimir Putin met Xi Jinping in Moscow."}"#,
        br#"{"id": "broken", "text": "unterminated"#,
        b"{\"id\": \"bad-utf8\", \"text\": \"Donald Trump called Emmanuel Macron from S\xe3o Paulo.\"}",
        br#"{"id": "empty", "text": ""}"#,
        br#"{"id": "nul", "text": "Russia\u0000China and \u001b Ukraine"}"#,
        br#"{"id": "no-text", "title": "Russia"}"#,
        br#"{"id": "number", "text": 42}"#,
        br#"{"id": "ok-1-again", "text": "Vladimir Putin met Xi Jinping in Moscow."}"#,
        huge.as_bytes(),
        b"",
        b"[1, 2, 3]",
        br#"{"id": "ok-2", "text": "Keir Starmer met Donald Tusk."}"#,
    ];
    write("j-wire.jsonl", &[lines.join(&b'\n'), b"\n".to_vec()].concat());
    #[cfg(unix)]
    std::os::unix::fs::symlink("/nonexistent/newsgraph-hostile.txt", dir.join("l-dangling.txt")).unwrap();
    3 * 1_000_000usize.div_ceil(SINGLE_LINE_UNIT.len())
}

fn newsgraph(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(args).output().expect("the binary runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

#[test]
fn every_hostile_input_is_accounted_for_and_no_good_document_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let single_line_mentions = write_corpus(dir.path());
    let d = dir.path().display().to_string();
    let limit = LIMIT.to_string();
    let (code, graph, stderr) =
        newsgraph(&["graph", "-f", "json", "--max-document-bytes", &limit, "--threads", "1", &d]);
    assert_eq!(code, 1, "input problems give exit code 1:\n{stderr}");

    // Every problem, with its file and line. Good documents read with a defect are reported too.
    let mut problems: Vec<&str> = stderr.lines().filter(|l| !l.contains(" documents read, ")).collect();
    problems.sort_unstable();
    let mut want = vec![
        format!("newsgraph: {d}/c-empty.txt: empty document \"{d}/c-empty.txt\", skipped"),
        format!(
            "newsgraph: {d}/e-invalid-utf8.txt:1: invalid UTF-8 at byte 0 of the document, read with U+FFFD in its place"
        ),
        format!(
            "newsgraph: {d}/h-too-large.txt: document of 2000038 bytes is over the limit of {LIMIT} bytes, skipped"
        ),
        format!("newsgraph: {d}/i-truncated.txt.gz: cannot read: incomplete deflate stream"),
        format!("newsgraph: {d}/j-wire.jsonl:2: malformed JSON at column 38: field `text`: EOF while parsing a string"),
        format!("newsgraph: {d}/j-wire.jsonl:3: invalid UTF-8 at byte 70 of the line, read with U+FFFD in its place"),
        format!("newsgraph: {d}/j-wire.jsonl:4: empty document \"empty\", skipped"),
        format!("newsgraph: {d}/j-wire.jsonl:6: no `text` field: the line holds no document"),
        format!(
            "newsgraph: {d}/j-wire.jsonl:7: malformed JSON at column 27: field `text`: invalid type: integer `42`, expected a string"
        ),
        format!("newsgraph: {d}/j-wire.jsonl:9: document of 1440000 bytes is over the limit of {LIMIT} bytes, skipped"),
        format!(
            "newsgraph: {d}/j-wire.jsonl:11: malformed JSON at column 0: invalid type: sequence, expected a JSON object"
        ),
        format!("newsgraph: {d}/k-whitespace.txt: empty document \"{d}/k-whitespace.txt\", skipped"),
    ];
    if cfg!(unix) {
        want.push(format!("newsgraph: {d}/l-dangling.txt: cannot read: no such file or directory (os error 2)"));
    }
    want.sort_unstable();
    assert_eq!(problems, want);

    // The summary accounts for every input: 11 files and 11 JSON Lines (the blank line separates, it is no
    // document). Read: a b d e f g + ok-1 bad-utf8 nul ok-2; skipped: c k + empty; duplicate: ok-1-again; failed:
    // h i l + broken no-text number huge [1,2,3]; problems: the 8 failures and the 2 documents with invalid UTF-8.
    // Every good document that names an entity is in the mentions output, with its exact count; the graph's
    // summary counts the same mentions. (The Arabic for Moscow is not in the shipped gazetteer.)
    let want: BTreeMap<String, usize> = [
        ("/a-single-line.txt", single_line_mentions),
        ("/b-no-space.txt", 3 * 500_000usize.div_ceil(documents::NO_SPACE_UNIT.len())),
        ("/e-invalid-utf8.txt", 3),
        ("/f-controls.txt", 5),
        ("/g-rtl.md", 2),
        ("ok-1", 3),
        ("bad-utf8", 2),
        ("nul", 3),
        ("ok-2", 2),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let (_, mentions, _) = newsgraph(&["mentions", "--max-document-bytes", &limit, "--threads", "2", &d]);
    let mut per_doc: BTreeMap<String, usize> = BTreeMap::new();
    for line in mentions.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        *per_doc.entry(row["doc"].as_str().unwrap().replace(&d, "")).or_default() += 1;
    }
    assert_eq!(per_doc, want);

    // The summary accounts for every input: 11 files and 11 JSON Lines (the blank line separates, it is no
    // document). Read: a b d e f g + ok-1 bad-utf8 nul ok-2; skipped: c k + empty; duplicate: ok-1-again; failed:
    // h i l + broken no-text number huge [1,2,3]; problems: the 8 failures and the 2 documents with invalid UTF-8.
    let (read, failed, problems) = if cfg!(unix) { (10, 8, 10) } else { (10, 7, 9) };
    let summary = stderr.lines().find(|l| l.contains(" documents read, ")).expect("a summary line");
    let counts = format!(
        "newsgraph: {read} documents read, 3 skipped, 1 duplicate, {failed} failed ({problems} problems); {} mentions,",
        want.values().sum::<usize>()
    );
    assert!(summary.starts_with(&counts), "{summary}\nwant {counts}");
    let graph: Value = serde_json::from_str(&graph).expect("the graph is complete JSON");
    assert_eq!((&graph["graph"]["documents"], &graph["graph"]["duplicate_documents"]), (&read.into(), &1.into()));

    // The same corpus on one and on two threads gives the same bytes.
    let one = newsgraph(&["graph", "-f", "json", "--max-document-bytes", &limit, "-j", "1", "-q", &d]);
    let two = newsgraph(&["graph", "-f", "json", "--max-document-bytes", &limit, "-j", "2", "-q", &d]);
    assert_eq!(one.1, two.1);
}
