//! A problem found in a dossier: what validation, the loaders and the importers report.

use std::borrow::Cow;
use std::fmt;

use super::dataset::{Entity, Source};
use super::records::RecordKind;

/// Errors make a file unusable; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a dossier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// JSON path of the offending value: `events[3].entities[1].id`.
    pub path: ProblemPath,
    /// Borrowed when the message has no part of its own: a million-event file can have
    /// hundreds of thousands of the same warning, each then without an allocation.
    pub message: Cow<'static, str>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.path.is_empty() {
            write!(f, "{kind}: {}", self.message)
        } else {
            write!(f, "{kind}: {}: {}", self.path, self.message)
        }
    }
}

/// Where a problem is: a JSON path (`events[7].sources`), or a place in an imported file
/// (`line 4`). Most of a large file's warnings are of one field of a numbered record;
/// such a path keeps the record's kind, its number and the field's fixed name, and no
/// text of its own: each path was a string of 32 bytes, 9.6 MB in the 300,000 warnings of
/// a million generated events. Compared, shown and written as its text.
#[derive(Clone, Debug, Default)]
pub struct ProblemPath(PathRepr);

#[derive(Clone, Debug)]
enum PathRepr {
    /// `events[7]`, and `.key` after it unless `key` is empty.
    Record {
        kind: RecordKind,
        index: u32,
        key: &'static str,
    },
    Text(Box<str>),
}

/// No path: a problem of the whole file.
impl Default for PathRepr {
    fn default() -> Self {
        Self::Text(Box::default())
    }
}

impl ProblemPath {
    /// The record of `kind` at `index`, or its field `key` (`sources`) unless empty.
    pub fn record(kind: RecordKind, index: usize, key: &'static str) -> Self {
        match u32::try_from(index) {
            Ok(index) => Self(PathRepr::Record { kind, index, key }),
            Err(_) => Self::from(join(&format!("{}[{index}]", kind.collection()), key)),
        }
    }

    /// `parent.key` (`parent[0]` for a key `[0]`), or `key` at the top of a record
    /// checked on its own; without text of its own when `parent` is a numbered record.
    pub fn field(parent: &str, key: &'static str) -> Self {
        match numbered(parent) {
            Some((kind, index)) if !key.starts_with('[') => Self::record(kind, index, key),
            _ => Self::from(join(parent, key)),
        }
    }

    /// The kind and number of the record the path is in, if it is in a record of the
    /// dossier's lists.
    pub fn in_record(&self) -> Option<(RecordKind, usize)> {
        match &self.0 {
            PathRepr::Record { kind, index, .. } => Some((*kind, *index as usize)),
            PathRepr::Text(text) => numbered(&text[..=text.find(']')?]),
        }
    }

    /// Whether anything follows the record's number: `events[7].sources`, not `events[7]`.
    pub fn names_a_part(&self) -> bool {
        match &self.0 {
            PathRepr::Record { key, .. } => !key.is_empty(),
            PathRepr::Text(text) => text.find(']').is_some_and(|close| close + 1 < text.len()),
        }
    }

    /// Moves the record's number by `delta`, as records are inserted or removed before
    /// it; a path into no numbered record is left as it is.
    pub fn renumber(&mut self, delta: isize) {
        let Some((kind, index)) = self.in_record() else {
            return;
        };
        let moved = index.wrapping_add_signed(delta);
        match &mut self.0 {
            PathRepr::Record { index, .. } => {
                *index = u32::try_from(moved).unwrap_or(u32::MAX);
            }
            PathRepr::Text(text) => {
                let rest = text.find(']').map_or("", |close| &text[close + 1..]);
                *text = format!("{}[{moved}]{rest}", kind.collection()).into_boxed_str();
            }
        }
    }

    /// This path, or a path inside the value at `path`.
    pub fn is_within(&self, path: &str) -> bool {
        self.to_string()
            .strip_prefix(path)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    }

    pub fn is_empty(&self) -> bool {
        matches!(&self.0, PathRepr::Text(text) if text.is_empty())
    }
}

/// The kind and number of a record path `events[7]`, and nothing after it.
fn numbered(path: &str) -> Option<(RecordKind, usize)> {
    let (list, rest) = path.split_once('[')?;
    let kind = RecordKind::ALL
        .into_iter()
        .find(|k| k.collection() == list)?;
    let digits = rest.strip_suffix(']')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((kind, digits.parse().ok()?))
}

/// `parent.key`, `parent[0]` for a key `[0]`, or `key` at the top of a record checked on
/// its own (no parent).
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else if key.is_empty() || key.starts_with('[') {
        format!("{parent}{key}")
    } else {
        format!("{parent}.{key}")
    }
}

impl fmt::Display for ProblemPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            PathRepr::Record {
                kind,
                index,
                key: "",
            } => {
                write!(f, "{}[{index}]", kind.collection())
            }
            PathRepr::Record { kind, index, key } => {
                write!(f, "{}[{index}].{key}", kind.collection())
            }
            PathRepr::Text(text) => f.write_str(text),
        }
    }
}

impl PartialEq for ProblemPath {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (PathRepr::Text(a), PathRepr::Text(b)) => a == b,
            (PathRepr::Record { .. }, PathRepr::Text(b)) => self == &&**b,
            (PathRepr::Text(a), PathRepr::Record { .. }) => other == &&**a,
            (
                PathRepr::Record { kind, index, key },
                PathRepr::Record {
                    kind: other_kind,
                    index: other_index,
                    key: other_key,
                },
            ) => kind == other_kind && index == other_index && key == other_key,
        }
    }
}

impl Eq for ProblemPath {}

/// Read as the text form, without writing it out.
impl PartialEq<&str> for ProblemPath {
    fn eq(&self, other: &&str) -> bool {
        match &self.0 {
            PathRepr::Text(text) => &**text == *other,
            PathRepr::Record { kind, index, key } => {
                let Some(close) = other.find(']') else {
                    return false;
                };
                let (record, rest) = other.split_at(close + 1);
                // `events[07]` is not `events[7]`: as many digits as the number has.
                let same_number = record
                    .strip_prefix(kind.collection())
                    .is_some_and(|digits| digits.len() == decimal_digits(*index) + 2);
                same_number
                    && numbered(record) == Some((*kind, *index as usize))
                    && match rest.strip_prefix('.') {
                        None => rest.is_empty() && key.is_empty(),
                        Some(rest) => rest == *key && !key.is_empty(),
                    }
            }
        }
    }
}

/// How many digits `n` is written with.
fn decimal_digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

impl From<String> for ProblemPath {
    fn from(text: String) -> Self {
        Self(PathRepr::Text(text.into_boxed_str()))
    }
}

impl From<&str> for ProblemPath {
    fn from(text: &str) -> Self {
        Self(PathRepr::Text(text.into()))
    }
}

/// True if any problem is an error.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

/// The warning for an entity nothing mentions (validation and edits both give it).
pub(crate) fn unmentioned_entity(i: usize, entity: &Entity) -> Problem {
    Problem {
        severity: Severity::Warning,
        path: ProblemPath::record(RecordKind::Entity, i, ""),
        message: format!(
            "entity \"{}\" is not mentioned by any event or briefing",
            entity.id
        )
        .into(),
    }
}

/// The warning for a source nothing cites.
pub(crate) fn uncited_source(i: usize, source: &Source) -> Problem {
    Problem {
        severity: Severity::Warning,
        path: ProblemPath::record(RecordKind::Source, i, ""),
        message: format!(
            "source \"{}\" is not cited by any event or briefing",
            source.id
        )
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renumbered(path: ProblemPath, delta: isize) -> String {
        let mut path = path;
        path.renumber(delta);
        path.to_string()
    }

    #[test]
    fn positions_in_paths_move_as_text_or_as_numbers() {
        let text = |t: &str| ProblemPath::from(t);
        assert_eq!(
            renumbered(text("events[123].sources"), 1),
            "events[124].sources"
        );
        assert_eq!(renumbered(text("events[124]"), -1), "events[123]");
        assert_eq!(
            renumbered(text("events[9].entities[0].id"), 1),
            "events[10].entities[0].id"
        );
        assert_eq!(renumbered(text("events[10].title"), -1), "events[9].title");
        assert_eq!(renumbered(text("events[999999]"), 1), "events[1000000]");
        // Anything else is left as it is.
        assert_eq!(renumbered(text("events[x].title"), 1), "events[x].title");
        assert_eq!(renumbered(text("events[]"), 1), "events[]");
        assert_eq!(renumbered(text("events[12"), 1), "events[12");
        assert_eq!(renumbered(text("line 4"), 1), "line 4");
        // A record's field, kept as numbers.
        let field = ProblemPath::field("events[9]", "sources");
        assert_eq!(renumbered(field, 1), "events[10].sources");
        let record = ProblemPath::record(RecordKind::Entity, 3, "");
        assert_eq!(renumbered(record, -1), "entities[2]");
    }

    #[test]
    fn a_field_of_a_numbered_record_reads_as_its_text_form() {
        let cases = [
            ("events[7]", "sources", "events[7].sources"),
            ("sources[0]", "reliability", "sources[0].reliability"),
            ("entities[12]", "", "entities[12]"),
            ("entities[2]", "[1]", "entities[2][1]"),
            (
                "events[7].quotes[0]",
                "language",
                "events[7].quotes[0].language",
            ),
            ("", "title", "title"),
            ("rows[4]", "start", "rows[4].start"),
        ];
        for (parent, key, text) in cases {
            let path = ProblemPath::field(parent, key);
            assert_eq!(path.to_string(), text);
            assert_eq!(path, ProblemPath::from(text), "{text}");
            assert_eq!(path, text);
            assert_ne!(path, &*format!("{text}x"));
            assert_eq!(
                path.in_record(),
                ProblemPath::from(text).in_record(),
                "{text}"
            );
            assert_eq!(
                path.names_a_part(),
                ProblemPath::from(text).names_a_part(),
                "{text}"
            );
        }
        let sources = ProblemPath::field("events[7]", "sources");
        assert_eq!(sources.in_record(), Some((RecordKind::Event, 7)));
        assert!(sources.names_a_part());
        assert!(!ProblemPath::record(RecordKind::Source, 5, "").names_a_part());
        for other in [
            "events[07].sources",
            "events[7]",
            "events[7].source",
            "events[7]sources",
            "sources[7].sources",
            "é[7]",
            "events[",
            "",
        ] {
            assert_ne!(sources, other);
            assert_ne!(sources, ProblemPath::from(other));
        }
        assert_eq!(ProblemPath::from("line 4").in_record(), None);
        // The form's errors row lists a value's problems and those inside it.
        assert!(sources.is_within("events[7]"));
        assert!(sources.is_within("events[7].sources"));
        assert!(!sources.is_within("events[7].source"));
        assert!(!sources.is_within("events[70]"));
    }

    #[test]
    fn a_problem_takes_no_more_than_a_path_as_text_did() {
        // A String path: 24 bytes, and its text apart.
        assert!(
            size_of::<ProblemPath>() <= 24,
            "{}",
            size_of::<ProblemPath>()
        );
        assert!(size_of::<Problem>() <= 56, "{}", size_of::<Problem>());
    }
}
