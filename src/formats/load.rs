//! Reading dossiers from bytes and files, with errors that say where.

use super::parallel_parse::{PARALLEL_PARSE_BYTES, parse_in_parallel};
use std::io::Read as _;
use std::path::Path;

use super::detect::detect_format;
use super::load_error::describe_json_error;
pub use super::load_error::{LoadError, SyntaxError};
use super::timelinejs;
use crate::model::dataset::Dossier;
use crate::model::document::{Document, SourceFormat};
use crate::model::validate::{Problem, Severity, has_errors};

/// Files larger than this are refused before reading: a dossier of a million events
/// is about 600 MB, and a larger file is almost certainly not a dossier.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// A single text (a title, a summary, a key or string kept in `extra`) longer than this
/// is refused: no one writes a megabyte in one field, and such a string cannot be laid
/// out on screen in reasonable time. The UI shortens what it shows of long texts, never
/// what it saves.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// Reads a file that should hold a dossier: refuses directories, devices and pipes, and
/// never reads more than [`MAX_FILE_BYTES`]. Every way of opening a file goes through it
/// or, when the file is read a chunk at a time, through [`open_file`].
pub fn read_file_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_file_bytes_with(path, &mut |_, _| true).map(Option::unwrap_or_default)
}

/// How much of a file is read at a time when progress is reported.
pub(crate) const READ_CHUNK: usize = 8 * 1024 * 1024;

/// [`read_file_bytes`], telling `progress` the bytes read so far and the file's size after
/// every chunk. When `progress` answers `false` the read stops and `Ok(None)` is returned:
/// the reader gave up, which is not an error.
pub fn read_file_bytes_with(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Option<Vec<u8>>, LoadError> {
    let file = path.display().to_string();
    let io = |source| LoadError::Io {
        file: file.clone(),
        source,
    };
    let (mut reader, size) = open_file(path)?;
    // One allocation of the right size (plus one byte to notice growth) for the usual case.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    loop {
        let before = bytes.len();
        let read = (&mut reader)
            .take(READ_CHUNK as u64)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if !progress(bytes.len() as u64, size.max(bytes.len() as u64)) {
            return Ok(None);
        }
        if read == 0 || bytes.len() == before {
            break;
        }
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            file,
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(Some(bytes))
}

/// Opens a file that should hold a dossier, with its size: refuses directories, devices,
/// pipes and files over [`MAX_FILE_BYTES`]. The reader stops one byte past the limit, so
/// that a file growing while it is read is noticed and never read to its end.
pub(crate) fn open_file(path: &Path) -> Result<(std::io::Take<std::fs::File>, u64), LoadError> {
    let file = path.display().to_string();
    let io = |source| LoadError::Io {
        file: file.clone(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        // A directory fails to read; a pipe or a device would block or never end.
        let what = if metadata.is_dir() {
            "a directory"
        } else {
            "a device, pipe or socket"
        };
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("not a dossier file: this is {what}"),
        )));
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            file,
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    // Never read past the limit, even if the file grows while it is read.
    let reader = std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_FILE_BYTES + 1);
    Ok((reader, size))
}

/// Parses and checks a dossier held in memory; `file` names it in messages. The format
/// is recognised from the content ([`detect_format`]): `TimelineJS` JSON and CSV files are
/// imported (their document's `source_format` says so), anything else is read as a
/// Dossier file.
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    load_bytes_with(file, bytes, &mut |_| {})
}

/// [`load_bytes`], telling `parsed` how many events the file holds once it is parsed and
/// before it is checked (the slower half of a large file's load).
pub fn load_bytes_with(
    file: &str,
    bytes: &[u8],
    parsed: &mut dyn FnMut(usize),
) -> Result<Document, LoadError> {
    match detect_format(bytes) {
        SourceFormat::TimelineJsJson => return timelinejs::import_json(file, bytes),
        SourceFormat::TimelineJsCsv => return timelinejs::import_csv(file, bytes),
        SourceFormat::Markwhen => return super::markwhen::import_markwhen(file, bytes),
        SourceFormat::EventsCsv => {
            return super::events_csv_import::import_events_csv(file, bytes);
        }
        SourceFormat::Dossier => {}
    }
    if let Some(why) = crate::formats::detect::not_a_timeline(bytes) {
        return Err(LoadError::Syntax(SyntaxError {
            file: file.to_owned(),
            line: 0,
            column: 0,
            path: String::new(),
            message: why,
        }));
    }
    let dossier = parse(file, bytes).map_err(LoadError::Syntax)?;
    parsed(dossier.events.len());
    check_parsed(file, dossier, bytes.len(), bytes.len())
}

/// The checks of a Dossier file of `len` bytes once parsed, whose longest event took
/// `longest_event` bytes: texts too long for one field, then the document's own errors.
pub(crate) fn check_parsed(
    file: &str,
    dossier: Dossier,
    len: usize,
    longest_event: usize,
) -> Result<Document, LoadError> {
    // Decoded text is never longer than its JSON, so a small file needs no look, nor the
    // events of a large one when none of them is large (a pass over a million events'
    // texts took 0.15 s).
    if len > MAX_TEXT_BYTES {
        let problems = overlong_texts(&dossier, longest_event > MAX_TEXT_BYTES);
        if !problems.is_empty() {
            return Err(LoadError::Invalid {
                file: file.to_owned(),
                problems,
            });
        }
    }
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
    // UTF-16 without a byte-order mark: every other byte of ASCII text is NUL.
    let ascii = |b: &u8| *b != 0 && b.is_ascii();
    if let [a, b, c, d, ..] = bytes
        && ((ascii(a) && *b == 0 && ascii(c) && *d == 0)
            || (*a == 0 && ascii(b) && *c == 0 && ascii(d)))
    {
        return Err(whole_file(
            "the file is UTF-16 encoded; save it as UTF-8 (without byte-order mark)",
        ));
    }
    // A UTF-8 byte-order mark is harmless: some Windows editors add one. Skip it.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);

    // A large file's events are parsed on every core; anything unusual falls through.
    if bytes.len() >= PARALLEL_PARSE_BYTES {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        if let Some(dossier) = parse_in_parallel(bytes, cores) {
            return Ok(dossier);
        }
    }
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
            let (line, column, message, whole_file) = explain_error(bytes, &error);
            Err(SyntaxError {
                file: file.to_owned(),
                line,
                column,
                // A problem of the whole file (encoding) is not about the value being read.
                path: if whole_file { String::new() } else { path },
                message,
            })
        }
    }
}

/// The position and message of a JSON error, looking at the bytes for the cause
/// `serde_json` cannot name: a file that is not UTF-8, binary data, `NaN`, comments,
/// single quotes. The flag is set when the problem is the file's encoding as a whole.
fn explain_error(bytes: &[u8], error: &serde_json::Error) -> (usize, usize, String, bool) {
    let (line, column) = (error.line(), error.column().max(1));
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position_of(bytes, at);
        return (
            line,
            column,
            "NUL byte: this is a binary file, not JSON text".to_owned(),
            true,
        );
    }
    // A successful parse implies valid UTF-8, so this costs nothing on good files.
    if let Err(utf8) = std::str::from_utf8(bytes) {
        let at = utf8.valid_up_to();
        let (line, column) = position_of(bytes, at);
        let byte = bytes.get(at).copied().unwrap_or_default();
        return (
            line,
            column,
            format!(
                "invalid UTF-8 (byte 0x{byte:02X}): the file is not UTF-8 text; \
                 save it as UTF-8 (Latin-1 and other encodings are not read)"
            ),
            true,
        );
    }
    let message = describe_json_error(error);
    let rest = offset_of(bytes, line, column).map_or(&[][..], |at| &bytes[at..]);
    let message = if message == "expected value" || message == "key must be a string" {
        if let Some(word) = [
            &b"NaN"[..],
            b"-NaN",
            b"Infinity",
            b"-Infinity",
            b"+Infinity",
        ]
        .into_iter()
        .find(|word| rest.starts_with(word))
        {
            format!(
                "{message}: `{}` is not a JSON number (JSON has no NaN or infinity); \
                 write a finite number, a string, or leave the key out",
                String::from_utf8_lossy(word)
            )
        } else if rest.starts_with(b"//") || rest.starts_with(b"/*") {
            format!("{message}: JSON does not allow comments")
        } else if rest.starts_with(b"'") {
            format!("{message}: JSON strings and keys take double quotes (\"), not single quotes")
        } else if message == "key must be a string" {
            format!("{message}: write keys in double quotes (\"title\")")
        } else {
            message
        }
    } else {
        message
    };
    (line, column, message, false)
}

/// 1-based line and column of byte `at` (columns count bytes, as `serde_json`'s do).
fn position_of(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // One more line than newlines before `at`.
    let line = before.split(|&b| b == b'\n').count();
    (line, at - line_start + 1)
}

/// Byte offset of a 1-based line and column, if inside the file.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    let at = line_start + column.checked_sub(1)?;
    (at < bytes.len()).then_some(at)
}

/// An error for every text longer than [`MAX_TEXT_BYTES`], with its JSON path, looking at
/// the events only if `events`. Paths are built only for the texts found too long: a
/// million events cost no path strings.
fn overlong_texts(dossier: &Dossier, events: bool) -> Vec<Problem> {
    let mut long = Overlong::default();
    let d = dossier;
    let top = String::new;
    long.texts(
        &top,
        &[
            ("$schema", &d.schema),
            ("format", &d.format),
            ("title", &d.title),
            ("description", &d.description),
            ("language", &d.language),
        ],
    );
    long.extra(&top, &d.extra);
    for (i, r) in d.lanes.iter().enumerate() {
        let at = || format!("lanes[{i}]");
        long.texts(
            &at,
            &[
                ("id", &r.id),
                ("label", &r.label),
                ("color", &r.color),
                ("description", &r.description),
            ],
        );
        long.extra(&at, &r.extra);
    }
    for (i, r) in d.entities.iter().enumerate() {
        let at = || format!("entities[{i}]");
        long.texts(
            &at,
            &[
                ("id", &r.id),
                ("name", &r.name),
                ("description", &r.description),
            ],
        );
        long.list(&|| format!("{}.aliases", at()), &r.aliases);
        for (j, link) in r.links.iter().enumerate() {
            let at = || format!("{}.links[{j}]", at());
            long.texts(&at, &[("label", &link.label), ("url", &link.url)]);
            long.extra(&at, &link.extra);
        }
        long.extra(&at, &r.extra);
    }
    for (i, r) in d.sources.iter().enumerate() {
        let at = || format!("sources[{i}]");
        long.texts(
            &at,
            &[
                ("id", &r.id),
                ("title", &r.title),
                ("publisher", &r.publisher),
                ("url", &r.url),
                ("published", &r.published),
                ("language", &r.language),
            ],
        );
        long.extra(&at, &r.extra);
    }
    let events = if events { d.events.as_slice() } else { &[] };
    for (i, r) in events.iter().enumerate() {
        let at = || format!("events[{i}]");
        long.texts(
            &at,
            &[
                ("id", &r.id),
                ("title", &r.title),
                ("start", &r.start),
                ("end", r.end()),
                ("lane", &r.lane),
                ("summary", &r.summary),
            ],
        );
        for (j, e) in r.entities.iter().enumerate() {
            let at = || format!("{}.entities[{j}]", at());
            long.texts(&at, &[("id", &e.id), ("role", &e.role)]);
            long.extra(&at, &e.extra);
        }
        long.list(&|| format!("{}.tags", at()), &r.tags);
        long.list(&|| format!("{}.sources", at()), &r.sources);
        for (j, q) in r.quotes().iter().enumerate() {
            let at = || format!("{}.quotes[{j}]", at());
            long.texts(
                &at,
                &[
                    ("text", &q.text),
                    ("speaker", &q.speaker),
                    ("language", &q.language),
                ],
            );
            long.extra(&at, &q.extra);
        }
        for (j, f) in r.figures().iter().enumerate() {
            let at = || format!("{}.figures[{j}]", at());
            long.texts(&at, &[("label", &f.label), ("value", &f.value)]);
            long.extra(&at, &f.extra);
        }
        long.extra(&at, r.extra());
    }
    for (i, r) in d.periods.iter().enumerate() {
        let at = || format!("periods[{i}]");
        long.texts(
            &at,
            &[
                ("id", &r.id),
                ("label", &r.label),
                ("start", &r.start),
                ("end", &r.end),
                ("color", &r.color),
                ("description", &r.description),
            ],
        );
        long.extra(&at, &r.extra);
    }
    for (i, r) in d.briefings.iter().enumerate() {
        let at = || format!("briefings[{i}]");
        long.texts(
            &at,
            &[
                ("id", &r.id),
                ("title", &r.title),
                ("date", &r.date),
                ("purpose", &r.purpose),
                ("summary", &r.summary),
            ],
        );
        for (j, s) in r.sections.iter().enumerate() {
            let at = || format!("{}.sections[{j}]", at());
            long.texts(&at, &[("heading", &s.heading), ("body", &s.body)]);
            long.extra(&at, &s.extra);
        }
        long.list(&|| format!("{}.events", at()), &r.events);
        long.list(&|| format!("{}.entities", at()), &r.entities);
        long.list(&|| format!("{}.sources", at()), &r.sources);
        long.extra(&at, &r.extra);
    }
    long.problems
}

/// The path of the record being looked at, built on demand.
type At<'a> = &'a dyn Fn() -> String;

#[derive(Default)]
struct Overlong {
    problems: Vec<Problem>,
}

impl Overlong {
    fn check(&mut self, text: &str, path: impl FnOnce() -> String) {
        if text.len() > MAX_TEXT_BYTES {
            self.problems.push(Problem {
                severity: Severity::Error,
                path: path().into(),
                message: format!(
                    "text of {} bytes is longer than the {MAX_TEXT_BYTES}-byte limit for one field",
                    text.len()
                )
                .into(),
            });
        }
    }

    fn texts(&mut self, at: At<'_>, fields: &[(&str, &str)]) {
        for (key, text) in fields {
            self.check(text, || join(&at(), key));
        }
    }

    fn list(&mut self, at: At<'_>, texts: &[impl AsRef<str>]) {
        for (i, text) in texts.iter().enumerate() {
            self.check(text.as_ref(), || format!("{}[{i}]", at()));
        }
    }

    /// Keys and strings of values kept as they were read, at any depth (without
    /// recursion: a value built in memory may be deeper than the parser allows).
    fn extra(&mut self, at: At<'_>, extra: &serde_json::Map<String, serde_json::Value>) {
        use serde_json::Value;
        if extra.is_empty() {
            return;
        }
        let at = at();
        let mut stack: Vec<(String, &Value)> = Vec::new();
        for (key, value) in extra {
            self.check(key, || join(&at, key));
            stack.push((join(&at, key), value));
        }
        while let Some((path, value)) = stack.pop() {
            match value {
                Value::String(text) => self.check(text, || path.clone()),
                Value::Array(items) => {
                    stack.extend(
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, v)| (format!("{path}[{i}]"), v)),
                    );
                }
                Value::Object(map) => {
                    for (key, value) in map {
                        self.check(key, || join(&path, key));
                        stack.push((join(&path, key), value));
                    }
                }
                Value::Null | Value::Bool(_) | Value::Number(_) => {}
            }
        }
    }
}

/// `parent.key`, or `key` at the top level.
fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}
