//! Co-occurrence windows: which entities appear together, and where.
//!
//! Mentions are grouped into windows (a sentence by default); every pair of distinct entities in a window is one
//! co-occurrence. An edge's weight counts windows, not mention products: two entities named three times each in one
//! sentence co-occur once.

use crate::extract::Extraction;
use crate::span::{EntityId, Span};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The unit within which two entities count as co-occurring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// One sentence (the default).
    #[default]
    Sentence,
    /// Consecutive blocks of N sentences: sentences 0..N, N..2N, … (tumbling, so that every pair is counted at most
    /// once per block and counts merge across documents by plain addition).
    Sentences(usize),
    /// One paragraph (text between blank lines).
    Paragraph,
    /// The whole document.
    Document,
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Window::Sentence => f.write_str("sentence"),
            Window::Sentences(n) => write!(f, "sentences:{n}"),
            Window::Paragraph => f.write_str("paragraph"),
            Window::Document => f.write_str("document"),
        }
    }
}

impl FromStr for Window {
    type Err = String;

    /// Parses `sentence`, `sentences:N` (or a bare number `N`), `paragraph`, `document`.
    fn from_str(s: &str) -> Result<Window, String> {
        let s = s.trim().to_ascii_lowercase();
        let number = s.strip_prefix("sentences:").or_else(|| s.strip_prefix("sentences=")).unwrap_or(&s);
        if let Ok(n) = number.parse::<usize>() {
            return match n {
                0 => Err("a window of 0 sentences is empty".to_string()),
                1 => Ok(Window::Sentence),
                n => Ok(Window::Sentences(n)),
            };
        }
        match s.as_str() {
            "sentence" => Ok(Window::Sentence),
            "paragraph" => Ok(Window::Paragraph),
            "document" | "doc" => Ok(Window::Document),
            _ => Err(format!("unknown window {s:?}: expected sentence, sentences:N, paragraph or document")),
        }
    }
}

/// Calls `f` once per window that mentions at least one entity, with the window's byte span and its distinct
/// entities (sorted by index, no duplicates). `buffer` is reused between windows.
pub fn for_each_window(
    extraction: &Extraction,
    window: Window,
    buffer: &mut Vec<EntityId>,
    mut f: impl FnMut(Span, &[EntityId]),
) {
    let sentences = extraction.sentences();
    let key = |sentence: usize| -> usize {
        match window {
            Window::Sentence => sentence,
            Window::Sentences(n) => sentence / n.max(1),
            Window::Paragraph => sentences.get(sentence).map_or(0, |s| s.paragraph as usize),
            Window::Document => 0,
        }
    };
    let span_of = |first: usize, last: usize| -> Span {
        match (sentences.get(first), sentences.get(last)) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => Span::default(),
        }
    };
    let mentions = extraction.mentions();
    let mut i = 0;
    while i < mentions.len() {
        let k = key(mentions[i].sentence);
        let first_sentence = mentions[i].sentence;
        let mut last_sentence = first_sentence;
        buffer.clear();
        while i < mentions.len() && key(mentions[i].sentence) == k {
            buffer.push(mentions[i].entity);
            last_sentence = mentions[i].sentence;
            i += 1;
        }
        buffer.sort_unstable();
        buffer.dedup();
        // The evidence span covers the whole window, from its first sentence to its last, not only the mentions.
        let (first, last) = match window {
            Window::Sentence => (first_sentence, last_sentence),
            _ => {
                let first = (0..=first_sentence).rev().take_while(|&s| key(s) == k).last().unwrap_or(first_sentence);
                let last =
                    (last_sentence..sentences.len()).take_while(|&s| key(s) == k).last().unwrap_or(last_sentence);
                (first, last)
            }
        };
        f(span_of(first, last), buffer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_windows() {
        assert_eq!("sentence".parse::<Window>(), Ok(Window::Sentence));
        assert_eq!("sentences:3".parse::<Window>(), Ok(Window::Sentences(3)));
        assert_eq!("3".parse::<Window>(), Ok(Window::Sentences(3)));
        assert_eq!("1".parse::<Window>(), Ok(Window::Sentence));
        assert_eq!("Paragraph".parse::<Window>(), Ok(Window::Paragraph));
        assert_eq!("document".parse::<Window>(), Ok(Window::Document));
        assert!("0".parse::<Window>().is_err());
        assert!("page".parse::<Window>().is_err());
        for w in [Window::Sentence, Window::Sentences(4), Window::Paragraph, Window::Document] {
            assert_eq!(w.to_string().parse::<Window>(), Ok(w));
        }
    }
}
