//! Why a file could not be read, said with its place: the errors of every reader (Dossier
//! JSON and the `TimelineJS` importers alike).

use std::fmt;

use crate::model::Document;
use crate::model::validate::{Problem, Severity, has_errors};

/// Why a dossier could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: file is {size} bytes, more than the {limit}-byte limit for a dossier")]
    TooLarge { file: String, size: u64, limit: u64 },
    /// Not JSON, or JSON of the wrong shape; located by line and column.
    #[error("{}", .0)]
    Syntax(SyntaxError),
    /// Parsed, but has errors; `problems` also holds the warnings.
    #[error("{}", invalid_summary(.file, .problems))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
}

/// A syntax or type error with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub file: String,
    /// 1-based; 0 when the problem is the file as a whole (empty, wrong encoding).
    pub line: usize,
    pub column: usize,
    /// JSON path of the value being read, when known (`events[3].title`).
    pub path: String,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": ")?;
        if !self.path.is_empty() && self.path != "." {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)
    }
}

fn invalid_summary(file: &str, problems: &[Problem]) -> String {
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let mut text = format!(
        "{file}: {errors} error{} in dossier",
        if errors == 1 { "" } else { "s" }
    );
    for problem in problems {
        text.push_str(&format!("\n{file}: {problem}"));
    }
    text
}

impl LoadError {
    /// Every line a user should read, one problem a line (`FILE:LINE:COLUMN: message` or
    /// `FILE: error: PATH: message`).
    pub fn lines(&self) -> Vec<String> {
        match self {
            Self::Invalid { file, problems } => {
                problems.iter().map(|p| format!("{file}: {p}")).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

/// `serde_json`'s message without its " at line L column C" suffix (we print the position
/// in front), and with the wording users need for the commonest mistakes.
pub(crate) fn describe_json_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    if text == "trailing characters" {
        return "trailing characters: the file goes on after the end of the dossier".to_owned();
    }
    if text == "number out of range" {
        return "number out of range: JSON numbers must fit in a 64-bit float (up to about 1.8e308)"
            .to_owned();
    }
    if text.starts_with("control character") {
        return format!("{text}: write a line break as \\n and a tab as \\t");
    }
    if let Some(head) = text.strip_suffix("expected a sequence") {
        return format!("{head}expected an array [ … ]");
    }
    // `u8`, `u64`: Rust names, not words for users.
    if let Some(head) = text.strip_suffix("expected u8") {
        return format!("{head}expected a whole number from 0 to 255");
    }
    if let Some(head) = text.strip_suffix("expected u64") {
        return format!("{head}expected a whole number, 0 or more");
    }
    if text == "expected `,` or `}`" || text == "expected `,` or `]`" {
        return format!("{text}: is a ',' missing before this?");
    }
    if text == "unexpected end of hex escape" || text.contains("surrogate") {
        return format!(
            "{text}: \\u takes four hex digits, and \\uD800–\\uDBFF must be followed by \\uDC00–\\uDFFF"
        );
    }
    if text == "trailing comma" {
        return "trailing comma: remove the ',' before this closing bracket".to_owned();
    }
    if text.starts_with("EOF while parsing") {
        return format!("{text}: the file ends before the JSON is complete");
    }
    if text == "recursion limit exceeded" {
        return "nesting too deep: more than 128 levels of arrays and objects".to_owned();
    }
    if text.starts_with("invalid type:") && text.ends_with("expected an object (Dossier)") {
        return format!("{text}: a dossier file is a JSON object {{ … }}");
    }
    text
}

/// The end of every import: the importer's own problems (skipped records, guesses) before
/// the document's, and the document only if none of them is an error.
pub fn imported(
    file: &str,
    mut document: Document,
    mut problems: Vec<Problem>,
) -> Result<Document, LoadError> {
    problems.append(&mut document.problems);
    if has_errors(&problems) {
        problems.sort_by_key(|p| p.severity);
        return Err(LoadError::Invalid {
            file: file.to_owned(),
            problems,
        });
    }
    document.set_problems(problems);
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::Edit;
    use crate::model::records::Record;
    use crate::model::validate::Severity;

    #[test]
    fn an_edit_after_an_import_gives_the_problems_of_the_edited_dossier() {
        let skipped = Problem {
            severity: Severity::Warning,
            path: "rows[4]".into(),
            message: "row skipped: no date".into(),
        };
        let document = crate::formats::default_dossier();
        let mut document = imported("story.csv", document, vec![skipped]).unwrap();
        assert_eq!(
            document.problems.len(),
            1,
            "the importer's warning is shown"
        );
        let mut event = document.dossier.events[3].clone();
        event.title = "Renamed".into();
        let edit = Edit::Replace {
            index: 3,
            record: Record::Event(event),
        };
        document.apply(edit).unwrap();
        let rebuilt = Document::new(document.dossier.clone());
        assert_eq!(document.problems, rebuilt.problems);
    }
}
