"""Loads newsgraph's exports with the real consumers and compares them with what the Rust graph holds.

Usage: python3 check_exports.py DIR

DIR holds expected.json (written by tests/exports.rs from the Rust graph) and the exports: graph.graphml,
graph.gexf, graph.json and the Neo4j CSV directory csv/. Exits 0 when every format matches, else prints every
mismatch and exits 1.
"""

import csv
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

# Characters XML 1.0 cannot carry even escaped; the XML exports drop them.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

JSON_MANIFEST_FIELDS = {
    "newsgraph_version",
    "window",
    "gazetteer_fingerprint",
    "demonyms",
    "documents",
    "windows",
    "deduplicate",
    "duplicate_documents",
    "max_evidence",
}

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def xml_clean(s):
    return XML_ILLEGAL.sub("", s)


def compare_graph(fmt, graph, expected, clean=lambda s: s, weight_type=int):
    """Node ids, names, kinds and counts, edge ends, weights and documents, evidence."""
    nodes = {clean(n["id"]): n for n in expected["nodes"]}
    check(not graph.is_directed(), f"{fmt}: graph is directed")
    check(graph.number_of_nodes() == len(nodes), f"{fmt}: {graph.number_of_nodes()} nodes, expected {len(nodes)}")
    check(
        graph.number_of_edges() == len(expected["edges"]),
        f"{fmt}: {graph.number_of_edges()} edges, expected {len(expected['edges'])}",
    )
    for node_id, want in nodes.items():
        if node_id not in graph:
            problems.append(f"{fmt}: node {node_id!r} missing")
            continue
        got = graph.nodes[node_id]
        check(got.get("name") == clean(want["name"]), f"{fmt}: node {node_id!r} name {got.get('name')!r}, expected {clean(want['name'])!r}")
        check(got.get("kind") == want["kind"], f"{fmt}: node {node_id!r} kind {got.get('kind')!r}")
        for field in ("mentions", "documents", "windows"):
            value = got.get(field)
            check(type(value) is int and value == want[field], f"{fmt}: node {node_id!r} {field} {value!r}, expected {want[field]}")
        check(got.get("discovered") is want["discovered"], f"{fmt}: node {node_id!r} discovered {got.get('discovered')!r}")
        if want.get("country") is not None:
            check(got.get("country") == clean(want["country"]), f"{fmt}: node {node_id!r} country {got.get('country')!r}")
        for field in ("first_seen", "last_seen"):
            if want.get(field) is not None:
                check(got.get(field) == want[field], f"{fmt}: node {node_id!r} {field} {got.get(field)!r}")
    for want in expected["edges"]:
        s, t = clean(want["source"]), clean(want["target"])
        if not graph.has_edge(s, t):
            problems.append(f"{fmt}: edge {s!r} -- {t!r} missing")
            continue
        got = graph.edges[s, t]
        weight = got.get("weight")
        check(
            type(weight) is weight_type and weight == want["weight"],
            f"{fmt}: edge {s!r} -- {t!r} weight {weight!r}, expected {weight_type.__name__} {want['weight']}",
        )
        check(got.get("documents") == want["documents"], f"{fmt}: edge {s!r} -- {t!r} documents {got.get('documents')!r}")
        # XML and CSV carry evidence as a JSON string, whose escapes keep every character, control ones included.
        evidence = got.get("evidence")
        if isinstance(evidence, str):
            evidence = json.loads(evidence)
        check(evidence == want["evidence"], f"{fmt}: edge {s!r} -- {t!r} evidence {evidence!r}, expected {want['evidence']!r}")


def check_manifest(fmt, attributes, expected, names=None):
    for name, value in expected["manifest"].items():
        if names is not None and name not in names:
            continue
        got = attributes.get(name)
        if value == "":
            # Empty manifest values are left out of GraphML (readers would turn them into None).
            check(got in (None, ""), f"{fmt}: manifest {name} = {got!r}, expected nothing")
        else:
            check(got == value, f"{fmt}: manifest {name} = {got!r}, expected {value!r}")


def main(directory):
    directory = Path(directory)
    expected = json.loads((directory / "expected.json").read_text(encoding="utf-8"))

    graphml = nx.read_graphml(directory / "graph.graphml")
    compare_graph("graphml", graphml, expected, clean=xml_clean)
    check_manifest("graphml", graphml.graph, expected)

    gexf = nx.read_gexf(directory / "graph.gexf")
    compare_graph("gexf", gexf, expected, clean=xml_clean, weight_type=float)
    for node_id, want in ((xml_clean(n["id"]), n) for n in expected["nodes"]):
        if node_id in gexf:
            check(gexf.nodes[node_id].get("label") == xml_clean(want["name"]), f"gexf: node {node_id!r} label")
            spells = gexf.nodes[node_id].get("spells")
            check(spells == [tuple(s) for s in want["spells"]] or (spells is None and not want["spells"]), f"gexf: node {node_id!r} spells {spells!r}, expected {want['spells']!r}")
    check(gexf.graph.get("mode") == ("dynamic" if expected["dynamic"] else "static"), f"gexf: mode {gexf.graph.get('mode')!r}")
    for want in expected["edges"]:
        s, t = xml_clean(want["source"]), xml_clean(want["target"])
        if gexf.has_edge(s, t):
            spells = gexf.edges[s, t].get("spells")
            check(spells == [tuple(x) for x in want["spells"]] or (spells is None and not want["spells"]), f"gexf: edge {s!r} -- {t!r} spells {spells!r}")
    # networkx does not read GEXF's <meta>; the manifest is there for Gephi, checked with a plain XML parser.
    ns = {"g": "http://gexf.net/1.3"}
    root = ET.parse(directory / "graph.gexf").getroot()
    check(root.get("version") == "1.3", "gexf: version is not 1.3")
    description = root.find("g:meta/g:description", ns)
    lines = dict(line.split("=", 1) for line in (description.text or "").split("\n")) if description is not None else {}
    for name, value in expected["manifest"].items():
        check(lines.get(name) == xml_clean(str(value).lower() if isinstance(value, bool) else str(value)), f"gexf: meta {name} = {lines.get(name)!r}")

    data = json.loads((directory / "graph.json").read_text(encoding="utf-8"))
    node_link = nx.node_link_graph(data, edges="edges")
    compare_graph("json", node_link, expected)
    # The JSON manifest keeps its structure (dates may be null, `derived` is a list); compare the scalar fields.
    check_manifest("json", node_link.graph, expected, names=JSON_MANIFEST_FIELDS)

    with open(directory / "csv" / "nodes.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    check(rows[0] == expected["csv_node_header"], f"csv: node header {rows[0]!r}")
    by_id = {row[0]: row for row in rows[1:]}
    check(len(by_id) == len(expected["nodes"]), f"csv: {len(by_id)} node rows, expected {len(expected['nodes'])}")
    for want in expected["nodes"]:
        row = by_id.get(want["id"])
        if row is None:
            problems.append(f"csv: node {want['id']!r} missing")
            continue
        check(row[1] == want["name"] and row[2] == want["kind"], f"csv: node {want['id']!r} row {row!r}")
        check(int(row[5]) == want["mentions"], f"csv: node {want['id']!r} mentions {row[5]!r}")
        check(row[10] == "Entity;" + want["kind"].capitalize(), f"csv: node {want['id']!r} label {row[10]!r}")
    with open(directory / "csv" / "edges.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    check(rows[0] == expected["csv_edge_header"], f"csv: edge header {rows[0]!r}")
    edges = {(row[0], row[1]): row for row in rows[1:]}
    check(len(edges) == len(expected["edges"]), f"csv: {len(edges)} edge rows, expected {len(expected['edges'])}")
    for want in expected["edges"]:
        row = edges.get((want["source"], want["target"]))
        if row is None:
            problems.append(f"csv: edge {want['source']!r} -- {want['target']!r} missing")
            continue
        check(row[2] == "CO_OCCURS_WITH" and int(row[3]) == want["weight"], f"csv: edge row {row!r}")
        check(json.loads(row[7]) == want["evidence"], f"csv: edge {want['source']!r} evidence")
    manifest = json.loads((directory / "csv" / "manifest.json").read_text(encoding="utf-8"))
    check(manifest.get("documents") == expected["manifest"]["documents"], "csv: manifest.json documents")

    # igraph, when installed (optional: CI installs networkx only), reads the same GraphML.
    try:
        import igraph
    except ImportError:
        igraph = None
    if igraph is not None:
        ig = igraph.Graph.Read_GraphML(str(directory / "graph.graphml"))
        check(not ig.is_directed(), "igraph: graph is directed")
        check(ig.vcount() == len(expected["nodes"]) and ig.ecount() == len(expected["edges"]), f"igraph: {ig.vcount()} nodes, {ig.ecount()} edges")
        # igraph 1.0 (libxml2 underneath) hands back an `&` in an attribute value as the character reference
        # `&#38;`; the XML is right (networkx and quick-xml read `&`), so undo that quirk before comparing.
        ids = [i.replace("&#38;", "&") for i in ig.vs["id"]]
        got = sorted((min(ids[e.source], ids[e.target]), max(ids[e.source], ids[e.target]), int(e["weight"])) for e in ig.es)
        want = sorted((min(xml_clean(e["source"]), xml_clean(e["target"])), max(xml_clean(e["source"]), xml_clean(e["target"])), e["weight"]) for e in expected["edges"])
        check(got == want, f"igraph: edges or weights differ: {sorted(set(got) ^ set(want))[:6]!r}")
        check(sorted(ig.vs["name"]) == sorted(xml_clean(n["name"]) for n in expected["nodes"]), "igraph: names differ")

    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problems (networkx {nx.__version__})")
        return 1
    readers = f"networkx {nx.__version__}" + (f", igraph {igraph.__version__}" if igraph is not None else "")
    print(f"ok: graphml, gexf, json and csv agree with the Rust graph ({readers})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
