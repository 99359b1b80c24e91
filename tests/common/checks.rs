//! Invariant checks shared by the property tests, the hostile-input tests and the fuzz targets (which include this
//! file with `#[path]`), so that every harness holds the library to the same promises.
//!
//! Only the public API, `std` and `serde_json` are used here.

#![allow(dead_code)]

use newsgraph::text::normalize::fold;
use newsgraph::{Dot, EntityGraph, EntityId, Extraction, Gazetteer, Gexf, GraphMl, Json, NodeLinkGraph, Via};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::{HashMap, HashSet};

/// Folded alias text → the entities it is an alias of, for checking that a mention's surface is an alias of its
/// entity. Build it once per gazetteer: the shipped one has tens of thousands of aliases.
pub struct AliasIndex {
    folded: HashMap<String, HashSet<EntityId>>,
    entities: usize,
}

impl AliasIndex {
    pub fn new(gazetteer: &Gazetteer) -> AliasIndex {
        let mut folded: HashMap<String, HashSet<EntityId>> = HashMap::new();
        for alias in gazetteer.aliases() {
            folded.entry(fold(&alias.text).trim().to_string()).or_default().insert(alias.entity);
        }
        AliasIndex { folded, entities: gazetteer.len() }
    }

    /// Whether `surface` folds to an alias of `entity`. Entities discovered in a document (ids past the gazetteer's)
    /// have no alias list, so they pass.
    pub fn is_alias_of(&self, surface: &str, entity: EntityId) -> bool {
        entity.as_usize() >= self.entities || self.folded.get(fold(surface).trim()).is_some_and(|s| s.contains(&entity))
    }
}

/// Whether a mention found this way is the text of one of its entity's aliases. Role phrases, defined acronyms,
/// one-edit spellings, discovered names and capitals standing for their country are not.
pub fn is_alias_match(via: Via) -> bool {
    matches!(via, Via::Name | Via::OfficialName | Via::Alias | Via::Acronym | Via::Surname | Via::Title | Via::Demonym)
}

/// Checks the sentence spans of `extraction` against `text`: non-empty, on char boundaries, in order, without
/// overlap, trimmed, and covering every non-whitespace byte of the text.
pub fn check_sentences(text: &str, extraction: &Extraction) -> Result<(), String> {
    let mut previous_end = 0;
    for (i, s) in extraction.sentences().iter().enumerate() {
        let (start, end) = (s.span.start, s.span.end);
        if start >= end {
            return Err(format!("sentence {i} is empty: {start}..{end}"));
        }
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(format!("sentence {i} {start}..{end} is not on char boundaries of a {}-byte text", text.len()));
        }
        if start < previous_end {
            return Err(format!(
                "sentence {i} {start}..{end} overlaps or precedes the previous one (end {previous_end})"
            ));
        }
        let gap = &text[previous_end..start];
        if !gap.chars().all(char::is_whitespace) {
            return Err(format!("text {gap:?} before sentence {i} belongs to no sentence"));
        }
        let body = &text[start..end];
        if body.starts_with(char::is_whitespace) || body.ends_with(char::is_whitespace) {
            return Err(format!("sentence {i} {body:?} is not trimmed"));
        }
        previous_end = end;
    }
    let tail = &text[previous_end..];
    if !tail.chars().all(char::is_whitespace) {
        return Err(format!("text {tail:?} after the last sentence belongs to no sentence"));
    }
    Ok(())
}

/// How much of a mention must lie inside the sentence it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InSentence {
    /// All of it: true of every alias that cannot itself contain a sentence break (the shipped gazetteers).
    Whole,
    /// Its start: a user alias such as `Foo. Bar` can span the break the splitter puts after `Foo.`; the mention
    /// then belongs to the sentence it starts in.
    Start,
}

/// Checks the mentions of `extraction` against `text`: on char boundaries, non-empty, in order, without overlap,
/// inside the sentence they name, and (for gazetteer entities) slicing to a surface that folds to one of the entity's
/// aliases.
pub fn check_mentions(
    text: &str,
    extraction: &Extraction,
    aliases: &AliasIndex,
    in_sentence: InSentence,
) -> Result<(), String> {
    let sentences = extraction.sentences();
    let mut previous_end = 0;
    for (i, m) in extraction.mentions().iter().enumerate() {
        let (start, end) = (m.span.start, m.span.end);
        if start >= end || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(format!("mention {i} {start}..{end} is empty or off the char boundaries"));
        }
        if start < previous_end {
            return Err(format!(
                "mention {i} {start}..{end} overlaps or precedes the previous one (end {previous_end})"
            ));
        }
        previous_end = end;
        let Some(sentence) = sentences.get(m.sentence) else {
            return Err(format!("mention {i} names sentence {} of {}", m.sentence, sentences.len()));
        };
        let inside = match in_sentence {
            InSentence::Whole => sentence.span.contains(m.span),
            InSentence::Start => sentence.span.start <= start && start < sentence.span.end,
        };
        if !inside {
            return Err(format!(
                "mention {i} {:?} at {start}..{end} is not inside its sentence {}..{}",
                &text[start..end],
                sentence.span.start,
                sentence.span.end
            ));
        }
        let surface = &text[start..end];
        if is_alias_match(m.via) && !aliases.is_alias_of(surface, m.entity) {
            let entity = extraction.entity(m.entity);
            return Err(format!("mention {i} {surface:?} is not an alias of {:?} ({})", entity.id, entity.name));
        }
    }
    Ok(())
}

/// Every check of an extraction.
pub fn check_extraction(
    text: &str,
    extraction: &Extraction,
    aliases: &AliasIndex,
    in_sentence: InSentence,
) -> Result<(), String> {
    check_sentences(text, extraction)?;
    check_mentions(text, extraction, aliases, in_sentence)
}

/// Checks that the JSON export parses back into exactly the graph's node-link form.
pub fn check_json(graph: &EntityGraph) -> Result<(), String> {
    let text = Json::new(graph).to_string();
    let parsed: NodeLinkGraph = serde_json::from_str(&text).map_err(|e| format!("JSON export does not parse: {e}"))?;
    if parsed != NodeLinkGraph::from_graph(graph) {
        return Err("JSON export parses to a different graph".to_string());
    }
    Ok(())
}

/// `(name, value)` pairs of an attribute list, in file order.
pub type Attributes = Vec<(String, String)>;

/// A DOT file read back by [`parse_dot`]: statements in file order with their attributes, strings as written
/// between their quotes.
#[derive(Debug, Default, PartialEq)]
pub struct DotFile {
    /// `(node id, attributes)` for every node statement.
    pub nodes: Vec<(String, Attributes)>,
    /// `(source, target, attributes)` for every edge statement.
    pub edges: Vec<(String, String, Attributes)>,
    /// The attributes of `graph [...]` statements and of `name=value` statements.
    pub graph_attributes: Attributes,
}

impl DotFile {
    pub fn attribute<'a>(attributes: &'a [(String, String)], name: &str) -> Option<&'a str> {
        attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Id(String),
    Quoted(String),
    /// An HTML-like string, `<…>` with balanced angle brackets, kept as written without the outer brackets.
    Html(String),
    Punct(char),
    EdgeOp,
}

/// Splits DOT into tokens the way Graphviz's lexer does for what our writer produces: `//` and `/* */` comments,
/// bare identifiers, quoted strings (in which `\"` is a quote and `\\` a backslash), `--` and punctuation.
fn lex(dot: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = dot.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '/' if chars.peek().map(|p| p.1) == Some('/') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek().map(|p| p.1) == Some('*') => {
                chars.next();
                let mut previous = ' ';
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        closed = true;
                        break;
                    }
                    previous = c;
                }
                if !closed {
                    return Err(format!("unterminated comment at byte {at}"));
                }
            }
            '"' => {
                let mut raw = String::new();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        // An escape pair is kept as written, for [`label_text`] to read in one pass; the lexer only
                        // needs to know that the character after a backslash does not end the string.
                        '\\' => match chars.next() {
                            Some((_, other)) => {
                                raw.push('\\');
                                raw.push(other);
                            }
                            None => break,
                        },
                        c => raw.push(c),
                    }
                }
                if !closed {
                    return Err(format!("unterminated string starting at byte {at}"));
                }
                tokens.push(Token::Quoted(raw));
            }
            '<' => {
                let mut depth = 1;
                let mut html = String::new();
                for (_, c) in chars.by_ref() {
                    match c {
                        '<' => depth += 1,
                        '>' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    html.push(c);
                }
                if depth != 0 {
                    return Err(format!("unterminated HTML string starting at byte {at}"));
                }
                tokens.push(Token::Html(html));
            }
            '-' if chars.peek().map(|p| p.1) == Some('-') => {
                chars.next();
                tokens.push(Token::EdgeOp);
            }
            '{' | '}' | '[' | ']' | ';' | ',' | '=' => tokens.push(Token::Punct(c)),
            c if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' => {
                let mut id = c.to_string();
                while let Some(&(_, n)) = chars.peek() {
                    if n.is_alphanumeric() || n == '_' || n == '.' {
                        id.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Id(id));
            }
            other => return Err(format!("unexpected character {other:?} at byte {at}")),
        }
    }
    Ok(tokens)
}

/// Reads back the DOT our exporter writes: one `graph NAME { ... }` with attribute statements, node statements,
/// edge statements and subgraphs. Quoted strings are returned as written between the quotes; see [`label_text`].
pub fn parse_dot(dot: &str) -> Result<DotFile, String> {
    let tokens = lex(dot)?;
    let mut at = 0;
    let expect = |at: &mut usize, want: &Token| -> Result<(), String> {
        match tokens.get(*at) {
            Some(t) if t == want => {
                *at += 1;
                Ok(())
            }
            other => Err(format!("expected {want:?}, found {other:?} at token {at}")),
        }
    };
    expect(&mut at, &Token::Id("graph".to_string()))?;
    if matches!(tokens.get(at), Some(Token::Id(_) | Token::Quoted(_))) {
        at += 1;
    }
    expect(&mut at, &Token::Punct('{'))?;
    let mut file = DotFile::default();
    let mut depth = 1;
    while depth > 0 {
        let Some(token) = tokens.get(at).cloned() else {
            return Err("unbalanced braces: the file ends inside the graph".to_string());
        };
        at += 1;
        let name = match token {
            Token::Punct('}') => {
                depth -= 1;
                continue;
            }
            Token::Punct(';') => continue,
            Token::Id(id) if id == "subgraph" => {
                if matches!(tokens.get(at), Some(Token::Id(_) | Token::Quoted(_))) {
                    at += 1;
                }
                expect(&mut at, &Token::Punct('{'))?;
                depth += 1;
                continue;
            }
            Token::Id(id) | Token::Quoted(id) => id,
            other => return Err(format!("unexpected {other:?} at token {at}")),
        };
        if tokens.get(at) == Some(&Token::Punct('=')) {
            // `label="Legend"` inside a subgraph: a graph attribute.
            at += 1;
            match tokens.get(at) {
                Some(Token::Id(v) | Token::Quoted(v) | Token::Html(v)) => file.graph_attributes.push((name, v.clone())),
                other => return Err(format!("attribute {name} has no value: {other:?}")),
            }
            at += 1;
            continue;
        }
        let target = if tokens.get(at) == Some(&Token::EdgeOp) {
            at += 1;
            match tokens.get(at) {
                Some(Token::Id(t) | Token::Quoted(t)) => {
                    at += 1;
                    Some(t.clone())
                }
                other => return Err(format!("edge from {name:?} has no target: {other:?}")),
            }
        } else {
            None
        };
        let mut attributes = Vec::new();
        if tokens.get(at) == Some(&Token::Punct('[')) {
            at += 1;
            loop {
                match tokens.get(at) {
                    Some(Token::Punct(']')) => {
                        at += 1;
                        break;
                    }
                    Some(Token::Punct(',' | ';')) => at += 1,
                    Some(Token::Id(k) | Token::Quoted(k)) => {
                        let key = k.clone();
                        at += 1;
                        expect(&mut at, &Token::Punct('='))?;
                        match tokens.get(at) {
                            Some(Token::Id(v) | Token::Quoted(v) | Token::Html(v)) => attributes.push((key, v.clone())),
                            other => return Err(format!("attribute {key} has no value: {other:?}")),
                        }
                        at += 1;
                    }
                    other => return Err(format!("unterminated attribute list: {other:?}")),
                }
            }
        }
        match (name.as_str(), target) {
            ("graph", None) => file.graph_attributes.extend(attributes),
            ("node" | "edge", None) => {}
            (_, Some(target)) => file.edges.push((name, target, attributes)),
            (_, None) => file.nodes.push((name, attributes)),
        }
    }
    if at != tokens.len() {
        return Err(format!("{} tokens after the closing brace", tokens.len() - at));
    }
    Ok(file)
}

/// The text a DOT string stands for, from the string as written between its quotes, read left to right in one pass
/// as Graphviz reads an escString: `\"` is a quote, `\\` a backslash, `\n` a line break, `&amp;` an ampersand,
/// `&#N;` the character N (our writer uses it only for control characters in ids).
pub fn label_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("\\n") {
            out.push('\n');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("\\\\") {
            out.push('\\');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("\\\"") {
            out.push('"');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("&amp;") {
            out.push('&');
            rest = after;
        } else if let Some((code, after)) = rest.strip_prefix("&#").and_then(|r| r.split_once(';'))
            && let Some(c) = code.parse().ok().and_then(char::from_u32)
        {
            out.push(c);
            rest = after;
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The start of a long export, for error messages.
fn head(text: &str) -> &str {
    let mut end = text.len().min(2000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What the DOT exporter is documented to keep of a name: line feeds, tabs as spaces, and no other control
/// characters, which Graphviz cannot show.
pub fn dot_visible(name: &str) -> String {
    name.chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect()
}

/// Checks that the DOT export lexes, has balanced braces and quotes, and reads back to the graph: one node per
/// entity with its name as label and its kind, one edge per pair with its weight.
pub fn check_dot(graph: &EntityGraph) -> Result<(), String> {
    let text = Dot::new(graph).to_string();
    let file = parse_dot(&text).map_err(|e| format!("DOT export does not parse: {e}\n{}", head(&text)))?;
    let (nodes, edges) = graph.sorted();
    let entity_nodes: Vec<&(String, Attributes)> = file.nodes.iter().collect();
    if entity_nodes.len() != nodes.len() {
        return Err(format!("DOT has {} entity nodes, the graph {}", entity_nodes.len(), nodes.len()));
    }
    // Ids are keys: they must read back exactly, and so stay distinct.
    for ((id, attributes), node) in entity_nodes.iter().zip(&nodes) {
        if label_text(id) != node.id {
            return Err(format!("DOT node id {id:?} is not {:?}", node.id));
        }
        let label = DotFile::attribute(attributes, "label").map(label_text);
        if label.as_deref() != Some(dot_visible(&node.name).as_str()) {
            return Err(format!("DOT label {label:?} is not the name {:?}", node.name));
        }
        if DotFile::attribute(attributes, "kind") != Some(node.kind.as_str()) {
            return Err(format!("DOT node {id:?} has the wrong kind"));
        }
    }
    if file.edges.len() != edges.len() {
        return Err(format!("DOT has {} edges, the graph {}", file.edges.len(), edges.len()));
    }
    for ((source, target, attributes), edge) in file.edges.iter().zip(&edges) {
        if label_text(source) != edge.source.id || label_text(target) != edge.target.id {
            return Err(format!("DOT edge {source:?} -- {target:?} is not {} -- {}", edge.source.id, edge.target.id));
        }
        if DotFile::attribute(attributes, "weight") != Some(edge.edge.weight.to_string().as_str()) {
            return Err(format!("DOT edge {source:?} -- {target:?} has the wrong weight"));
        }
    }
    Ok(())
}

/// Checks that the GraphML and GEXF exports are well-formed XML with one `node` element per entity, whose `id`
/// attribute reads back (after XML attribute normalisation) to the entity id, and one `edge` element per edge.
pub fn check_xml(graph: &EntityGraph) -> Result<(), String> {
    let mut want: Vec<String> = graph.nodes().map(|n| n.id.clone()).collect();
    want.sort();
    for (format, xml) in [("GraphML", GraphMl::new(graph).to_string()), ("GEXF", Gexf::new(graph).to_string())] {
        let mut reader = Reader::from_str(&xml);
        let mut ids = Vec::new();
        let mut edges = 0;
        loop {
            match reader.read_event() {
                Err(e) => {
                    return Err(format!(
                        "{format} is not well-formed at {}: {e}\n{}",
                        reader.buffer_position(),
                        head(&xml)
                    ));
                }
                Ok(Event::Eof) => break,
                Ok(Event::Start(e) | Event::Empty(e)) => match e.name().as_ref() {
                    "node" => {
                        let id = e.try_get_attribute("id").map_err(|e| format!("{format}: {e}"))?;
                        let id = id.ok_or_else(|| format!("{format}: a node without an id"))?;
                        let id = id.normalized_value(XmlVersion::Implicit1_0).map_err(|e| format!("{format}: {e}"))?;
                        ids.push(id.into_owned());
                    }
                    "edge" => edges += 1,
                    _ => {}
                },
                Ok(_) => {}
            }
        }
        ids.sort();
        if ids != want {
            return Err(format!("{format} node ids {ids:?} are not the graph's {want:?}"));
        }
        if edges != graph.edge_count() {
            return Err(format!("{format} has {edges} edges, the graph {}", graph.edge_count()));
        }
    }
    Ok(())
}

/// Every export check: JSON, DOT, GraphML and GEXF.
pub fn check_exports(graph: &EntityGraph) -> Result<(), String> {
    check_json(graph)?;
    check_dot(graph)?;
    check_xml(graph)
}
