//! Reading dossiers from bytes and files, with errors that say where.

use std::fmt;
use std::path::Path;

use super::dataset::Dossier;
use super::document::{Document, SourceFormat};
use super::timelinejs::{self, detect_format};
use super::validate::{Problem, Severity, has_errors};

/// Files larger than this are refused before reading: a dossier of a million events
/// is about 600 MB, and a larger file is almost certainly not a dossier.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

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

/// Reads and checks a dossier file; the document's `problems` are its warnings.
pub fn load_file(path: &Path) -> Result<Document, LoadError> {
    let file = path.display().to_string();
    let io = |source| LoadError::Io {
        file: file.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            file,
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    load_bytes(&file, &bytes)
}

/// Parses and checks a dossier held in memory; `file` names it in messages. The format
/// is recognised from the content ([`detect_format`]): `TimelineJS` JSON and CSV files are
/// imported (their document's `source_format` says so), anything else is read as a
/// Dossier file.
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    match detect_format(bytes) {
        SourceFormat::TimelineJsJson => return timelinejs::import_json(file, bytes),
        SourceFormat::TimelineJsCsv => return timelinejs::import_csv(file, bytes),
        SourceFormat::Dossier => {}
    }
    let dossier = parse(file, bytes).map_err(LoadError::Syntax)?;
    let document = Document::new(dossier);
    if has_errors(&document.problems) {
        return Err(LoadError::Invalid {
            file: file.to_owned(),
            problems: document.problems,
        });
    }
    Ok(document)
}

/// Parses the JSON of a dossier without semantic checks.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Dossier, SyntaxError> {
    let whole_file = |message: &str| SyntaxError {
        file: file.to_owned(),
        line: 0,
        column: 0,
        path: String::new(),
        message: message.to_owned(),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(whole_file("the file is empty"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(whole_file(
            "the file is UTF-16 encoded; save it as UTF-8 (without byte-order mark)",
        ));
    }
    // A UTF-8 byte-order mark is harmless: some Windows editors add one. Skip it.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);

    // The fast path first; on error, read again tracking the JSON path for the message.
    match serde_json::from_slice::<Dossier>(bytes) {
        Ok(dossier) => Ok(dossier),
        Err(error) => {
            let path = if error.is_data() {
                let mut de = serde_json::Deserializer::from_slice(bytes);
                match serde_path_to_error::deserialize::<_, Dossier>(&mut de) {
                    Err(tracked) => tracked.path().to_string(),
                    Ok(_) => String::new(),
                }
            } else {
                String::new()
            };
            Err(SyntaxError {
                file: file.to_owned(),
                line: error.line(),
                column: error.column().max(1),
                path,
                message: describe_json_error(&error),
            })
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
