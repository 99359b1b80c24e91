//! The end-to-end bench program (`examples/throughput.rs`) prints, as its last stdout line, the JSON object that
//! `scripts/bench_peers.sh` and `scripts/scaling.sh` parse; this checks its fields against the documents given.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// The example's binary, which `cargo test` builds next to the test binaries; built here when a filtered test run
/// did not build it.
fn throughput() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>/deps/<test>");
    let path = profile_dir.join("examples").join(format!("throughput{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--example", "throughput"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo build --example throughput failed");
    }
    path
}

#[test]
fn prints_one_json_line_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let blocks = dir.path().join("blocks.txt");
    let docs = [
        "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow.",
        "Keir Starmer spoke with Emmanuel Macron.\nMacron called Friedrich Merz.",
        "No entity here at all.",
    ];
    std::fs::write(&blocks, format!("{}\n\n\n{}\n \n{}\n", docs[0], docs[1], docs[2])).unwrap();
    let text_bytes: usize = docs.iter().map(|d| d.len()).sum();

    for (threads, limit, expect_docs) in [("1", None, 3), ("2", None, 3), ("1", Some(docs[0].len() + 10), 1)] {
        let mut cmd = Command::new(throughput());
        cmd.args(["--blocks", blocks.to_str().unwrap(), "--threads", threads]);
        if let Some(limit) = limit {
            cmd.args(["--limit-bytes", &limit.to_string()]);
        }
        let output = cmd.output().expect("throughput runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let stdout = String::from_utf8(output.stdout).unwrap();
        let last = stdout.lines().last().expect("a result line");
        let value: Value = serde_json::from_str(last).expect("the last line is JSON");
        // Every field, in the documented order.
        let keys = [
            "tool",
            "threads",
            "docs",
            "bytes",
            "seconds",
            "seconds_with_io",
            "mb_per_s",
            "matches",
            "entities",
            "edges",
            "build_s",
        ];
        assert_eq!(value.as_object().unwrap().len(), keys.len(), "{last}");
        let at: Vec<usize> = keys
            .iter()
            .map(|k| last.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("no {k} in {last}")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{last}");
        assert_eq!(value["tool"], "newsgraph");
        assert_eq!(value["threads"].as_u64(), Some(threads.parse().unwrap()));
        assert_eq!(value["docs"].as_u64(), Some(expect_docs));
        let bytes = if expect_docs == 3 { text_bytes } else { docs[0].len() };
        assert_eq!(value["bytes"].as_u64(), Some(bytes as u64));
        let seconds = value["seconds"].as_f64().unwrap();
        assert!(seconds > 0.0 && value["seconds_with_io"].as_f64().unwrap() >= seconds);
        let mb_per_s = value["mb_per_s"].as_f64().unwrap();
        assert!((mb_per_s - bytes as f64 / 1e6 / seconds).abs() <= 1e-6 * mb_per_s.max(1.0));
        assert!(value["build_s"].as_f64().unwrap() > 0.0);
        let (matches, edges) = (value["matches"].as_u64().unwrap(), value["edges"].as_u64().unwrap());
        if expect_docs == 3 {
            // Russian, Putin, Chinese, Xi, Moscow; Starmer, Macron, Macron, Merz.
            assert!(matches >= 8, "{last}");
            assert!(edges >= 4, "{last}");
        }
    }
}
