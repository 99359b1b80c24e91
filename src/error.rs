//! Errors of building gazetteers and extractors.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a gazetteer file, located by file, line and column.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file (path as given, or `embedded/NAME` for the compiled-in defaults).
    pub file: String,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: u64,
    /// The column (field) at fault, when there is one.
    pub column: Option<String>,
    /// What is wrong, in lower case, without a trailing period.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(column) = &self.column {
            write!(f, ": column `{column}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The error type of this crate.
///
/// What to do for each variant: `Io` — check the path and permissions; `Gazetteer` — fix the listed lines (every
/// problem found is listed, not just the first); `Automaton` — the gazetteer is too large for the chosen matcher,
/// reduce it or raise the limit; `Limit` — the input exceeded a configured limit, raise it or split the input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path that could not be read.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// One or more gazetteer files are malformed.
    #[error("{}", format_problems(problems))]
    Gazetteer {
        /// Every problem found, in file and line order.
        problems: Vec<Problem>,
    },
    /// The alias automaton could not be built.
    #[error("cannot build the alias automaton: {0}")]
    Automaton(String),
    /// An input exceeded a configured limit.
    #[error("{what} is {actual}, over the limit of {limit}")]
    Limit {
        /// What was measured (`document size in bytes`, `aliases`).
        what: &'static str,
        /// The configured limit.
        limit: usize,
        /// The measured value.
        actual: usize,
    },
}

fn format_problems(problems: &[Problem]) -> String {
    const SHOWN: usize = 20;
    let mut out = String::new();
    for (i, p) in problems.iter().take(SHOWN).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&p.to_string());
    }
    if problems.len() > SHOWN {
        out.push_str(&format!("\n(and {} more problems)", problems.len() - SHOWN));
    }
    out
}

impl Error {
    /// The gazetteer problems, when this is a [`Error::Gazetteer`] error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Gazetteer { problems } => problems,
            _ => &[],
        }
    }
}
