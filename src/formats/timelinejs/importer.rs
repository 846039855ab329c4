//! The state shared by the JSON and CSV importers: the dossier being built, the ids
//! given so far and the problems found, with where each value was in the source file.
//! Slides are read in `slides.rs` and dates in `dates.rs`, as more `impl Importer`.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::html::{html_to_line, html_to_text};
use super::sheet_columns::CsvColumns;
use super::values::{describe_value, is_blank};
use crate::formats::detect::BOM;
use crate::formats::load_error::{LoadError, SyntaxError, imported};
use crate::model::dataset::{Dossier, FORMAT_NAME, FORMAT_VERSION, Lane};
use crate::model::document::{Document, SourceFormat};
use crate::model::ids::{first_unused_id, slug};
use crate::model::validate::{Problem, Severity, has_errors, is_valid_id};

/// The key of the dossier's `extra` map that keeps the parts of the `TimelineJS` title
/// slide Dossier has no field for (its media, background…), for the export to put back.
pub const TITLE_SLIDE_KEY: &str = "title_slide";

/// The `extra` key that remembers a title the import made up because the file had none
/// (an event's first words, a source's web host, the file name): the export leaves out a
/// title still equal to it, so that it adds no text the timeline did not have.
pub const GENERATED_TITLE_KEY: &str = "generated_title";

/// The title an import made up for a record, if it is still the record's title.
pub fn is_generated_title(extra: &Map<String, Value>, title: &str) -> bool {
    extra
        .get(GENERATED_TITLE_KEY)
        .and_then(Value::as_str)
        .is_some_and(|generated| generated == title)
}

/// The id and label of the lane that receives events without a `group`.
pub const UNGROUPED_LANE_ID: &str = "main";
pub const UNGROUPED_LANE_LABEL: &str = "Events";

/// Where a value was in the source file, for messages: a JSON path, or a spreadsheet row
/// and column. `sub` is the `TimelineJS` JSON path inside the slide (`media.thumbnail`).
pub(crate) enum At<'a> {
    Json(String),
    Csv { row: usize, columns: &'a CsvColumns },
}

impl At<'_> {
    pub(crate) fn path(&self, sub: &str) -> String {
        match self {
            Self::Json(base) if sub.is_empty() => base.clone(),
            Self::Json(base) if base.is_empty() => sub.to_owned(),
            Self::Json(base) => format!("{base}.{sub}"),
            Self::Csv { row, columns } => match columns.column_of(sub) {
                Some(name) => format!("row {row}, column \"{name}\""),
                None => format!("row {row}"),
            },
        }
    }

    pub(crate) fn slide(&self) -> String {
        self.path("")
    }
}

/// Reads `TimelineJS` slides into a dossier, collecting problems.
#[derive(Default)]
pub(crate) struct Importer {
    pub(crate) problems: Vec<Problem>,
    pub(crate) dossier: Dossier,
    pub(crate) lane_ids: HashSet<String>,
    pub(crate) lane_by_label: HashMap<String, usize>,
    pub(crate) ungrouped_lane: Option<usize>,
    pub(crate) source_ids: HashSet<String>,
    pub(crate) source_by_key: HashMap<(String, String), usize>,
    pub(crate) period_ids: HashSet<String>,
    /// Per event: its `unique_id` as written, and the path of the `unique_id`.
    pub(crate) raw_ids: Vec<(Option<String>, String)>,
    /// Where each event and period came from (`events[3]`, `row 5`).
    pub(crate) event_places: Vec<String>,
    pub(crate) period_places: Vec<String>,
    pub(crate) has_title_slide: bool,
    /// The problems that made a record be skipped (warnings now; errors again if nothing
    /// is left to open).
    pub(crate) skipped: Vec<usize>,
    pending_skip: Option<String>,
}

impl Importer {
    pub(crate) fn error(&mut self, path: String, message: impl Into<Cow<'static, str>>) {
        self.problems.push(Problem {
            severity: Severity::Error,
            path: path.into(),
            message: message.into(),
        });
        if let Some(record) = self.pending_skip.take() {
            self.skip_if_unusable(self.problems.len() - 1, &record);
        }
    }

    pub(crate) fn warning(&mut self, path: String, message: impl Into<Cow<'static, str>>) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            path: path.into(),
            message: message.into(),
        });
    }

    /// Lenient import: when reading a record found errors (from `first_problem` on), they
    /// become warnings that say the record is skipped, and the file opens with the rest.
    pub(crate) fn skip_if_unusable(&mut self, first_problem: usize, record: &str) -> bool {
        let start = first_problem.min(self.problems.len());
        let errors: Vec<usize> = (start..self.problems.len())
            .filter(|&i| self.problems[i].severity == Severity::Error)
            .collect();
        for &i in &errors {
            let problem = &mut self.problems[i];
            problem.severity = Severity::Warning;
            problem.message = format!("{}; the {record} is skipped", problem.message).into();
        }
        self.skipped.extend(&errors);
        !errors.is_empty()
    }

    /// Makes the next error, about a record that is not one at all, a skipped record.
    pub(crate) fn skip_next_error(&mut self, record: &str) {
        self.pending_skip = Some(record.to_owned());
    }

    /// Keeps a value without Dossier equivalent in `extra`, with a warning.
    pub(crate) fn keep(
        &mut self,
        at: &At,
        sub: &str,
        key: &str,
        value: &Value,
        extra: &mut Map<String, Value>,
    ) {
        if is_blank(value) {
            return;
        }
        let message = if key == "display_date" {
            format!(
                "display date {} kept as an extra field (Dossier writes dates itself)",
                describe_value(value)
            )
        } else {
            "no Dossier equivalent; kept as an extra field".to_owned()
        };
        self.warning(at.path(sub), message);
        extra.insert(key.to_owned(), value.clone());
    }

    /// Plain text of an HTML field, with a warning naming the tags that were dropped.
    pub(crate) fn plain(&mut self, at: &At, sub: &str, html: &str, one_line: bool) -> String {
        let plain = if one_line {
            html_to_line(html)
        } else {
            html_to_text(html)
        };
        if !plain.removed.is_empty() {
            let tags: Vec<String> = plain.removed.iter().map(|t| format!("<{t}>")).collect();
            self.warning(
                at.path(sub),
                format!(
                    "HTML formatting removed: {} (Dossier text is plain)",
                    tags.join(", ")
                ),
            );
        }
        plain.text
    }

    pub(crate) fn lane_for(&mut self, group: &str) -> String {
        let label = group.trim();
        let existing = if label.is_empty() {
            self.ungrouped_lane
        } else {
            self.lane_by_label.get(label).copied()
        };
        if let Some(i) = existing {
            return self.dossier.lanes[i].id.clone();
        }
        let (base, lane_label) = if label.is_empty() {
            (
                UNGROUPED_LANE_ID.to_owned(),
                UNGROUPED_LANE_LABEL.to_owned(),
            )
        } else {
            let base = slug(label);
            (
                if base.is_empty() {
                    "group".to_owned()
                } else {
                    base
                },
                label.to_owned(),
            )
        };
        let id = claim_id(&mut self.lane_ids, &base);
        self.dossier.lanes.push(Lane {
            id: id.clone(),
            label: lane_label,
            ..Lane::default()
        });
        let i = self.dossier.lanes.len() - 1;
        if label.is_empty() {
            self.ungrouped_lane = Some(i);
        } else {
            self.lane_by_label.insert(label.to_owned(), i);
        }
        id
    }

    /// Gives every event its id: its `unique_id` when that is a valid Dossier id (or can be
    /// made one) not used before, else `event-N` (N its position, from 1), with a warning.
    pub(crate) fn assign_event_ids(&mut self, from_sheet: bool) {
        let raw_ids = std::mem::take(&mut self.raw_ids);
        // A sheet has no id column (unless one was added): say so once, not per row.
        let sheet_without_ids = from_sheet && raw_ids.iter().all(|(raw, _)| raw.is_none());
        let mut used: HashSet<String> = HashSet::new();
        let mut first_path: HashMap<String, String> = HashMap::new();
        let mut needs_id: Vec<(usize, Option<String>)> = Vec::new();
        for (i, (raw, path)) in raw_ids.iter().enumerate() {
            let Some(raw) = raw else {
                needs_id.push((i, None));
                continue;
            };
            let candidate = if is_valid_id(raw) {
                raw.clone()
            } else {
                let made = slug(raw);
                if !made.is_empty() && !used.contains(&made) {
                    self.warning(
                        path.clone(),
                        format!(
                            "unique_id \"{raw}\" is not a valid Dossier id (letters, digits, '-', '_', '.', ':'); using \"{made}\""
                        ),
                    );
                }
                made
            };
            if candidate.is_empty() {
                needs_id.push((
                    i,
                    Some(format!("unique_id \"{raw}\" has no letter or digit")),
                ));
            } else if let Some(first) = first_path.get(&candidate) {
                let first = first.trim_end_matches(".unique_id").to_owned();
                needs_id.push((
                    i,
                    Some(format!(
                        "duplicate unique_id \"{raw}\" (first used by {first})"
                    )),
                ));
            } else {
                used.insert(candidate.clone());
                first_path.insert(candidate.clone(), path.clone());
                self.dossier.events[i].id = candidate.into();
            }
        }
        let generated = needs_id.len();
        for (i, reason) in needs_id {
            let id = claim_id(&mut used, &format!("event-{}", i + 1));
            match reason {
                Some(reason) => {
                    self.warning(
                        raw_ids[i].1.clone(),
                        format!("{reason}; generated id \"{id}\""),
                    );
                }
                None if !sheet_without_ids => {
                    self.warning(
                        raw_ids[i].1.clone(),
                        format!("no unique_id: generated id \"{id}\""),
                    );
                }
                None => {}
            }
            self.dossier.events[i].id = id.into();
        }
        if sheet_without_ids && generated > 0 {
            self.warning(
                "row 1".to_owned(),
                format!(
                    "the TimelineJS sheet has no id column: generated event ids event-1 … event-{}",
                    self.dossier.events.len()
                ),
            );
        }
    }

    pub(crate) fn finish(
        mut self,
        file: &str,
        format: SourceFormat,
    ) -> Result<Document, LoadError> {
        FORMAT_NAME.clone_into(&mut self.dossier.format);
        self.dossier.version = FORMAT_VERSION;
        if self.dossier.title.trim().is_empty() {
            let stem = Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().trim().to_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "Imported timeline".to_owned());
            self.warning(
                String::new(),
                format!("no title slide headline: the dossier is titled \"{stem}\" after the file"),
            );
            self.dossier
                .extra
                .insert(GENERATED_TITLE_KEY.to_owned(), stem.clone().into());
            self.dossier.title = stem;
        }
        if self.dossier.events.is_empty() && self.dossier.periods.is_empty() {
            // Nothing left to open: what was skipped is what is wrong.
            for &i in &self.skipped {
                let problem = &mut self.problems[i];
                problem.severity = Severity::Error;
                for record in ["event", "era"] {
                    if let Some(message) = problem
                        .message
                        .strip_suffix(&format!("; the {record} is skipped"))
                    {
                        problem.message = message.to_owned().into();
                    }
                }
            }
        }
        if self.dossier.lanes.is_empty() {
            self.lane_for("");
        }
        if has_errors(&self.problems) {
            self.problems.sort_by_key(|p| p.severity);
            return Err(LoadError::Invalid {
                file: file.to_owned(),
                problems: self.problems,
            });
        }
        let mut document = Document::new(self.dossier);
        document.source_format = format;
        if format == SourceFormat::TimelineJsCsv {
            // Rows, not dossier paths: title and era rows make the two differ.
            for problem in &mut document.problems {
                let path = problem.path.to_string();
                if let Some(place) = place_of(&path, "events", &self.event_places)
                    .or_else(|| place_of(&path, "periods", &self.period_places))
                {
                    problem.path = place.into();
                }
            }
        }
        imported(file, document, self.problems)
    }
}

/// The source place of a dossier path such as `events[3].sources`.
fn place_of(path: &str, collection: &str, places: &[String]) -> Option<String> {
    let rest = path.strip_prefix(collection)?.strip_prefix('[')?;
    let (index, _) = rest.split_once(']')?;
    places.get(index.parse::<usize>().ok()?).cloned()
}

pub(crate) fn put_object(extra: &mut Map<String, Value>, key: &str, object: Map<String, Value>) {
    if !object.is_empty() {
        extra.insert(key.to_owned(), Value::Object(object));
    }
}

pub(crate) fn whole_file(file: &str, message: &str) -> LoadError {
    LoadError::Syntax(SyntaxError {
        file: file.to_owned(),
        line: 0,
        column: 0,
        path: String::new(),
        message: message.to_owned(),
    })
}

/// Refuses empty and UTF-16 files and drops a UTF-8 byte-order mark.
pub(crate) fn check_encoding<'b>(file: &str, bytes: &'b [u8]) -> Result<&'b [u8], LoadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(whole_file(file, "the file is empty"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(whole_file(
            file,
            "the file is UTF-16 encoded; save it as UTF-8",
        ));
    }
    Ok(bytes.strip_prefix(BOM).unwrap_or(bytes))
}

/// `base`, or `base-2`, `base-3`… whichever is not in `used`, by the rule the editing
/// forms follow too ([`first_unused_id`]); marks it used.
pub(crate) fn claim_id(used: &mut HashSet<String>, base: &str) -> String {
    let id = first_unused_id(base, |id| used.contains(id));
    used.insert(id.clone());
    id
}
