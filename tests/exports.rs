//! Every export loaded by its real consumer: Graphviz renders the DOT, networkx reads GraphML, GEXF and node-link
//! JSON (and Python's csv module the Neo4j CSV) with the same nodes, edges, weights and evidence as the Rust graph.
//!
//! Run on the sample article and on a hostile graph whose ids and names hold quotes, apostrophes, backslashes, line
//! breaks, tabs, `<`, `>`, `&`, commas, DOT and XML syntax, control characters and non-Latin scripts.
//!
//! When `dot` or Python with networkx is missing the tests say so and pass, except under CI (the `CI` environment
//! variable set), where they fail: `.ci/run` installs both.

use newsgraph::entity::Entity;
use newsgraph::export::csv::{EDGE_HEADER, NODE_HEADER, write_neo4j};
use newsgraph::{
    AliasKind, Clustering, Date, Dot, DotOptions, EntityGraph, EntityKind, Extractor, GazetteerBuilder, Gexf, GraphMl,
    Json, NodeLinkGraph,
};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const SAMPLE: &str = include_str!("data/putin-xi-2025.txt");

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// The sample article, dated, plus a second dated document, so that timelines and spells are exercised.
fn sample_graph() -> EntityGraph {
    let extractor = Extractor::default();
    let mut graph = EntityGraph::for_extractor(&extractor);
    graph.add_extraction("putin-xi-2025.txt", Some(date("2025-05-08")), SAMPLE, &extractor.extract(SAMPLE));
    let follow_up = "Xi Jinping and Vladimir Putin watched the parade on Red Square. Donald Trump called Putin.";
    graph.add_extraction("follow-up", Some(date("2025-05-09")), follow_up, &extractor.extract(follow_up));
    graph
}

/// Ids, names and the plain alias the text uses for each hostile entity.
const HOSTILE: &[(&str, &str, &str, EntityKind)] = &[
    ("quote\"id", "The \"Hammer\" Party", "Hammerparty", EntityKind::Organisation),
    ("o'neill", "Seán O'Neill", "Oneillia", EntityKind::Organisation),
    ("back\\slash", "C:\\Path\\To\\N and \\G \\n", "Backslashia", EntityKind::Country),
    ("line\nbreak", "Two\nLines", "Linebreakia", EntityKind::Place),
    ("tab\tid", "Tab\tSeparated", "Tabland", EntityKind::Place),
    ("lt<gt>amp&", "<b>bold</b> & co", "Tagland", EntityKind::Organisation),
    ("comma,id", "Smith, Jones, and Partners", "Commaland", EntityKind::Organisation),
    ("inject\"]; node [", "\"]; node [shape=box label=\"pwned", "Injectland", EntityKind::Organisation),
    ("arrow-->", "A --> B <!-- comment --> ]]>", "Arrowland", EntityKind::Organisation),
    ("entity&amp;", "AT&amp;T &lt;not a tag&gt;", "Atandt", EntityKind::Organisation),
    ("cr\rid", "Carriage\rReturn", "Crland", EntityKind::Place),
    ("bell", "Bell\u{7}Name", "Bellland", EntityKind::Place),
    ("путин", "Владимир Путин", "Putinland", EntityKind::Organisation),
    ("习近平", "习近平 主席", "Xiland", EntityKind::Organisation),
    ("سلمان", "محمد بن سلمان", "Salmanland", EntityKind::Organisation),
];

fn hostile_graph() -> EntityGraph {
    let mut builder = GazetteerBuilder::new();
    builder.defaults(false);
    for &(id, name, alias, kind) in HOSTILE {
        let mut entity = Entity::new(id, name, kind);
        // Some belong to the hostile country, so that clusters by country get a hostile name and id too.
        if ["o'neill", "line\nbreak", "inject\"]; node ["].contains(&id) {
            entity.country = Some("back\\slash".to_string());
        }
        builder.add_entity(entity, &[(alias, AliasKind::Alias)]);
    }
    let extractor = Extractor::new(builder.build().unwrap());
    let texts = [
        (
            "doc \"one\" <&>",
            "2025-05-01",
            "Hammerparty and Oneillia said \"no <way> & 'never'\"\tagain. Backslashia met Linebreakia, Tabland \
             and Tagland.\nCommaland, Injectland and Arrowland signed \"]; node [ a deal. Hammerparty and Oneillia \
             agreed. Atandt and Crland said C:\\new\\. Bellland greeted Putinland, Xiland and Salmanland.",
        ),
        (
            "doc\ttwo\n",
            "2025-05-03",
            "Hammerparty and Oneillia met again <script>alert('x')</script>. Xiland and Putinland \u{7}talked.\r\n\
             Salmanland and Hammerparty spoke — «quoted» — about Backslashia.",
        ),
    ];
    let mut graph = EntityGraph::for_extractor(&extractor);
    for (doc, day, text) in texts {
        graph.add_extraction(doc, Some(date(day)), text, &extractor.extract(text));
    }
    assert_eq!(graph.node_count(), HOSTILE.len(), "every hostile entity is found in the texts");
    graph
}

/// Whether an external tool is there; under CI its absence is a failure, elsewhere a skip with a note.
fn available(tool: &str, check: &mut Command) -> bool {
    let ok = check.stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("{tool} is required under CI (.ci/run installs it)");
        }
        eprintln!("note: {tool} not found; skipping (set CI to make this a failure)");
    }
    ok
}

fn has_dot() -> bool {
    available("Graphviz `dot`", Command::new("dot").arg("-V"))
}

fn has_networkx() -> bool {
    available("python3 with networkx", Command::new("python3").args(["-c", "import networkx"]))
}

/// Renders DOT with Graphviz; returns the SVG.
fn render(dot: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot failed: {stderr}\n--- DOT ---\n{dot}");
    assert!(!stderr.contains("syntax error") && !stderr.contains("Error"), "dot complained: {stderr}");
    String::from_utf8(out.stdout).expect("SVG is UTF-8")
}

/// The SVG's `<text>` contents and the classes of its `<g>` groups.
fn svg_texts_and_groups(svg: &str) -> (Vec<String>, Vec<String>) {
    let mut reader = Reader::from_str(svg);
    let (mut texts, mut groups) = (Vec::new(), Vec::new());
    let mut in_text = false;
    loop {
        match reader.read_event().expect("Graphviz writes well-formed SVG") {
            Event::Start(e) if e.name().as_ref() == "text" => {
                in_text = true;
                texts.push(String::new());
            }
            Event::End(e) if e.name().as_ref() == "text" => in_text = false,
            Event::Text(t) if in_text => {
                texts.last_mut().unwrap().push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                let resolved = match name.as_ref() {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => match r.resolve_char_ref().unwrap() {
                        Some(c) => c.to_string(),
                        None => format!("&{other};"),
                    },
                };
                texts.last_mut().unwrap().push_str(&resolved);
            }
            Event::Start(e) if e.name().as_ref() == "g" => {
                if let Some(class) = e.try_get_attribute("class").unwrap() {
                    groups.push(class.normalized_value(XmlVersion::Implicit1_0).unwrap().into_owned());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (texts, groups)
}

/// How a name reads once rendered: DOT turns tabs into spaces and drops other control characters; lines are
/// separate `<text>` elements; Graphviz does not keep runs of spaces.
fn rendered_lines(name: &str) -> Vec<String> {
    let cleaned: String = name.chars().filter(|&c| c == '\n' || c == '\t' || !c.is_control()).collect();
    cleaned
        .split('\n')
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

fn check_dot_renders(graph: &EntityGraph, options: DotOptions) {
    let dot = Dot::with_options(graph, options.clone()).to_string();
    let svg = render(&dot);
    let (texts, groups) = svg_texts_and_groups(&svg);
    let texts: Vec<String> = texts.iter().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    if options.legend {
        for node in graph.nodes() {
            let entry = texts.iter().find(|t| t.starts_with(&format!("{} (", node.kind)));
            assert!(entry.is_some(), "the legend names the kind {}; texts: {texts:?}", node.kind);
        }
    }
    let count = |class: &str| groups.iter().filter(|g| *g == class).count();
    assert_eq!(count("node"), graph.node_count(), "one SVG node per entity");
    assert_eq!(count("edge"), graph.edge_count(), "one SVG edge per co-occurrence edge");
    for node in graph.nodes() {
        for line in rendered_lines(&node.name) {
            assert!(texts.contains(&line), "label line {line:?} of {:?} not rendered; texts: {texts:?}", node.id);
        }
    }
    if options.edge_labels {
        for e in graph.edges() {
            assert!(texts.contains(&e.edge.weight.to_string()));
        }
    }
}

#[test]
fn dot_renders_with_graphviz() {
    if !has_dot() {
        return;
    }
    for (name, graph) in [("sample", sample_graph()), ("hostile", hostile_graph())] {
        for clustering in [Clustering::None, Clustering::Country, Clustering::Community] {
            eprintln!("rendering the {name} graph, clustering {clustering:?}");
            check_dot_renders(&graph, DotOptions { clustering, ..DotOptions::default() });
        }
        check_dot_renders(&graph, DotOptions { legend: false, edge_labels: false, clustering: Clustering::None });
    }
}

#[test]
fn hostile_names_cannot_break_out_of_dot_strings() {
    let graph = hostile_graph();
    let clustered = Dot::with_options(&graph, DotOptions { clustering: Clustering::Country, ..DotOptions::default() });
    let clustered = clustered.to_string();
    assert!(clustered.contains(r#"subgraph "cluster_country_back\\slash" {"#), "{clustered}");
    assert!(clustered.contains(r#"label="C:\\Path\\To\\N and \\G \\n"; labelloc="t""#), "{clustered}");
    let dot = Dot::new(&graph).to_string();
    // Every line that declares a node or an edge starts with a quoted id: injected `"]; node [` stays inside one.
    for line in dot.lines().map(str::trim) {
        assert!(!line.starts_with("node [shape=box"), "injected statement: {line}");
    }
    assert!(dot.contains(r#"label="\"]; node [shape=box label=\"pwned""#));
    assert!(dot.contains(r#"label="C:\\Path\\To\\N and \\G \\n""#), "backslashes doubled so \\N is not expanded");
    assert!(dot.contains(r#"label="Two\nLines""#));
    assert!(dot.contains(r#"label="AT&amp;amp;T &amp;lt;not a tag&amp;gt;""#));
}

/// What the Rust graph holds, for the Python checker.
fn expected(graph: &EntityGraph) -> Value {
    let (nodes, edges) = graph.sorted();
    let m = graph.manifest();
    let day_spells = |dates: Vec<Date>| -> Vec<[String; 2]> {
        // The test documents carry full dates, so each date is a one-day spell.
        dates.iter().map(|d| [d.to_string(), d.to_string()]).collect()
    };
    let timeline = graph.timeline();
    json!({
        "dynamic": !timeline.is_empty(),
        "manifest": {
            "newsgraph_version": m.newsgraph_version,
            "window": m.window.to_string(),
            "gazetteer_fingerprint": m.gazetteer_fingerprint,
            "gazetteer_data_date": m.gazetteer_data_date.map(|d| d.to_string()).unwrap_or_default(),
            "demonyms": m.demonyms,
            "documents": m.documents,
            "windows": m.windows,
            "deduplicate": m.deduplicate,
            "duplicate_documents": m.duplicate_documents,
            "max_evidence": m.max_evidence,
            "first_date": timeline.first().map(|t| t.date.to_string()).unwrap_or_default(),
            "last_date": timeline.last().map(|t| t.date.to_string()).unwrap_or_default(),
            "derived": m.derived.join("; "),
        },
        "nodes": nodes.iter().map(|n| json!({
            "id": n.id, "name": n.name, "kind": n.kind.as_str(), "country": n.country, "discovered": n.discovered,
            "mentions": n.mentions, "documents": n.documents, "windows": n.windows,
            "first_seen": n.first_seen.map(|d| d.to_string()), "last_seen": n.last_seen.map(|d| d.to_string()),
            "spells": day_spells(n.timeline.iter().map(|c| c.date).collect()),
        })).collect::<Vec<_>>(),
        "edges": edges.iter().map(|e| json!({
            "source": e.source.id, "target": e.target.id, "weight": e.edge.weight, "documents": e.edge.documents,
            "evidence": e.edge.evidence,
            "spells": day_spells(e.edge.timeline.iter().map(|c| c.date).collect()),
        })).collect::<Vec<_>>(),
        "csv_node_header": NODE_HEADER,
        "csv_edge_header": EDGE_HEADER,
    })
}

fn write_exports(graph: &EntityGraph, dir: &Path) {
    std::fs::write(dir.join("expected.json"), serde_json::to_string_pretty(&expected(graph)).unwrap()).unwrap();
    std::fs::write(dir.join("graph.graphml"), GraphMl::new(graph).to_string()).unwrap();
    std::fs::write(dir.join("graph.gexf"), Gexf::new(graph).to_string()).unwrap();
    std::fs::write(dir.join("graph.json"), Json::new(graph).to_string()).unwrap();
    write_neo4j(graph, &dir.join("csv")).unwrap();
}

#[test]
fn networkx_loads_graphml_gexf_and_json_as_built() {
    if !has_networkx() {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/check_exports.py");
    for (name, graph) in [("sample", sample_graph()), ("hostile", hostile_graph())] {
        let dir = tempfile::tempdir().unwrap();
        write_exports(&graph, dir.path());
        let out = Command::new("python3").arg(&script).arg(dir.path()).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "the {name} graph's exports do not load as built:\n{stdout}\n{stderr}");
        assert!(stdout.starts_with("ok:"), "{stdout}");
    }
}

#[test]
fn xml_exports_are_well_formed_and_keep_every_string() {
    for graph in [sample_graph(), hostile_graph()] {
        for (format, xml) in [("graphml", GraphMl::new(&graph).to_string()), ("gexf", Gexf::new(&graph).to_string())] {
            let mut reader = Reader::from_str(&xml);
            let mut ids = Vec::new();
            loop {
                match reader.read_event() {
                    Err(e) => panic!("{format} is not well-formed at {}: {e}", reader.buffer_position()),
                    Ok(Event::Eof) => break,
                    Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.name().as_ref() == "node" => {
                        let id = e.try_get_attribute("id").unwrap().unwrap();
                        ids.push(id.normalized_value(XmlVersion::Implicit1_0).unwrap().into_owned());
                    }
                    Ok(_) => {}
                }
            }
            let mut want: Vec<String> = graph.nodes().map(|n| n.id.clone()).collect();
            want.sort();
            ids.sort();
            // Line breaks and tabs in ids are character references, which attribute normalisation keeps.
            assert_eq!(ids, want, "{format} node ids");
        }
    }
}

#[test]
fn json_round_trips_through_serde() {
    for graph in [sample_graph(), hostile_graph()] {
        let text = Json::new(&graph).to_string();
        let back: NodeLinkGraph = serde_json::from_str(&text).unwrap();
        assert_eq!(back, NodeLinkGraph::from_graph(&graph));
        assert_eq!(back.edges.len(), graph.edge_count());
    }
}

#[test]
fn neo4j_csv_reads_back_with_the_csv_crate() {
    for graph in [sample_graph(), hostile_graph()] {
        let dir = tempfile::tempdir().unwrap();
        write_neo4j(&graph, dir.path()).unwrap();
        let mut nodes = csv::Reader::from_path(dir.path().join("nodes.csv")).unwrap();
        assert_eq!(nodes.headers().unwrap().iter().collect::<Vec<_>>(), NODE_HEADER);
        let rows: Vec<csv::StringRecord> = nodes.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), graph.node_count());
        for row in &rows {
            let id = graph.find(&row[0]).unwrap_or_else(|| panic!("node {:?} is in the graph", &row[0]));
            assert_eq!(&row[1], graph.node(id).name);
            assert_eq!(row[5].parse::<u64>().unwrap(), graph.node(id).mentions);
        }
        let mut edges = csv::Reader::from_path(dir.path().join("edges.csv")).unwrap();
        assert_eq!(edges.headers().unwrap().iter().collect::<Vec<_>>(), EDGE_HEADER);
        let mut total = 0;
        for row in edges.records().map(Result::unwrap) {
            let (a, b) = (graph.find(&row[0]).unwrap(), graph.find(&row[1]).unwrap());
            assert_eq!(row[3].parse::<u64>().unwrap(), graph.edge(a, b).unwrap().weight);
            total += 1;
        }
        assert_eq!(total, graph.edge_count());
    }
}

#[test]
fn csv_export_names_the_path_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let err = write_neo4j(&sample_graph(), &blocker.join("out")).unwrap_err();
    assert!(err.to_string().contains("file/out"), "{err}");
}

#[test]
fn exports_are_deterministic_and_carry_the_manifest() {
    let one = sample_graph();
    let two = sample_graph();
    for (a, b) in [
        (Dot::new(&one).to_string(), Dot::new(&two).to_string()),
        (GraphMl::new(&one).to_string(), GraphMl::new(&two).to_string()),
        (Gexf::new(&one).to_string(), Gexf::new(&two).to_string()),
        (Json::new(&one).to_string(), Json::new(&two).to_string()),
    ] {
        assert_eq!(a, b);
        assert!(a.contains(&one.manifest().gazetteer_fingerprint), "the manifest's fingerprint is in every export");
    }
    let gexf = Gexf::new(&one).to_string();
    assert!(gexf.contains(r#"mode="dynamic" timeformat="date""#));
    assert!(gexf.contains("window=sentence"));
}
