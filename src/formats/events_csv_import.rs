//! Reading back the events CSV that Dossier exports ([`super::csv::events_csv`]), so that
//! a spreadsheet edit can come back: events with their lanes, entities and sources by
//! name. Lenient like the other imports: a row whose dates or id Dossier cannot use is
//! skipped with a warning naming its row and column, and the file opens with the rest.

use std::collections::HashMap;
use std::path::Path;

use super::csv::EVENTS_CSV_HEADER;
use super::load_error::{LoadError, SyntaxError, imported};
use crate::model::dataset::{
    Certainty, Dossier, Entity, EntityRef, Event, FORMAT_NAME, FORMAT_VERSION, Lane, Source,
};
use crate::model::date::FuzzyDate;
use crate::model::document::{Document, SourceFormat};
use crate::model::ids::{first_unused_id, slug};
use crate::model::validate::{Problem, ProblemPath, Severity, is_valid_id};

/// Whether a file starts with the header [`super::csv::events_csv`] writes.
pub fn is_events_csv(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let end = bytes
        .iter()
        .take(4096)
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len().min(4096));
    let line = String::from_utf8_lossy(&bytes[..end]);
    line.trim_end().split(',').eq(EVENTS_CSV_HEADER)
}

/// Imports an events CSV. `file` names it in messages and titles the dossier.
pub fn import_events_csv(file: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    let syntax = |line: usize, message: String| {
        LoadError::Syntax(SyntaxError {
            file: file.to_owned(),
            line,
            column: 1,
            path: String::new(),
            message,
        })
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let mut importer = Importer::default();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| {
            let line = e
                .position()
                .map_or(row, |p| usize::try_from(p.line()).unwrap_or(row));
            syntax(line, format!("not readable as CSV: {e}"))
        })?;
        let cell = |c: usize| record.get(c).unwrap_or("").trim();
        if (0..record.len()).all(|c| cell(c).is_empty()) {
            continue;
        }
        importer.row(row, &record);
    }
    importer.finish(file)
}

#[derive(Default)]
struct Importer {
    dossier: Dossier,
    problems: Vec<Problem>,
    lanes: HashMap<String, String>,
    entities: HashMap<String, String>,
    sources: HashMap<(String, String), String>,
    skipped: Vec<usize>,
}

impl Importer {
    fn warning(&mut self, row: usize, column: &str, message: String) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            path: format!("row {row}, column \"{column}\"").into(),
            message: message.into(),
        });
    }

    fn skip(&mut self, row: usize, column: &str, message: &str) {
        self.skipped.push(self.problems.len());
        self.warning(row, column, format!("{message}; the event is skipped"));
    }

    fn row(&mut self, row: usize, record: &::csv::StringRecord) {
        let [
            id,
            start,
            end,
            title,
            lane,
            certainty,
            importance,
            tags,
            entities,
            sources,
            summary,
        ] = std::array::from_fn(|c| record.get(c).unwrap_or("").trim().to_owned());
        for (column, date) in [("start", &start), ("end", &end)] {
            if let Err(error) = FuzzyDate::parse(date)
                && !(column == "end" && date.is_empty())
            {
                self.skip(row, column, &error.to_string());
                return;
            }
        }
        let id = if is_valid_id(&id) && !self.dossier.events.iter().any(|e| e.id == id) {
            id
        } else {
            let base = match slug(&title) {
                s if s.is_empty() => "event".to_owned(),
                s => s,
            };
            let made = first_unused_id(&base, |c| self.dossier.events.iter().any(|e| e.id == c));
            self.warning(
                row,
                "id",
                format!("id \"{id}\" is missing, not valid or used before: using \"{made}\""),
            );
            made
        };
        let mut event = Event {
            id: id.into(),
            title: title.into(),
            start: start.into(),
            summary: summary.into(),
            ..Event::default()
        };
        event.set_end(end.into());
        event.lane = self.lane(&lane).into();
        event.certainty = match certainty.as_str() {
            "" => None,
            key => {
                let found = Certainty::ALL.into_iter().find(|c| c.key() == key);
                if found.is_none() {
                    self.warning(
                        row,
                        "certainty",
                        format!("unknown certainty \"{key}\": ignored"),
                    );
                }
                found
            }
        };
        event.importance = match importance.parse::<u8>() {
            Ok(n) if (1..=5).contains(&n) => Some(n),
            _ if importance.is_empty() => None,
            _ => {
                self.warning(
                    row,
                    "importance",
                    format!("importance \"{importance}\" is not 1 to 5: ignored"),
                );
                None
            }
        };
        event.tags = list(&tags).map(Into::into).collect();
        let mut actors = Vec::new();
        for item in list(&entities) {
            let (name, role) = match item.strip_suffix(')').and_then(|i| i.rsplit_once(" (")) {
                Some((name, role)) => (name.trim(), role.trim()),
                None => (item, ""),
            };
            let id = self.entity(name);
            actors.push(EntityRef {
                id: id.into(),
                role: role.into(),
                ..EntityRef::default()
            });
        }
        event.entities = actors.into_boxed_slice();
        for item in list(&sources) {
            let (title, url) = match item.strip_suffix('>').and_then(|i| i.rsplit_once(" <")) {
                Some((title, url)) => (title.trim(), url.trim()),
                None => (item, ""),
            };
            let id = self.source(title, url);
            if !event.sources.iter().any(|s| *s == id) {
                event.sources.push(id.into());
            }
        }
        self.dossier.events.push(Box::new(event));
    }

    fn lane(&mut self, label: &str) -> String {
        let label = if label.is_empty() { "Events" } else { label };
        if let Some(id) = self.lanes.get(label) {
            return id.clone();
        }
        let base = match slug(label) {
            s if s.is_empty() => "lane".to_owned(),
            s => s,
        };
        let id = first_unused_id(&base, |c| self.dossier.lanes.iter().any(|l| l.id == c));
        self.dossier.lanes.push(Lane {
            id: id.clone(),
            label: label.to_owned(),
            ..Lane::default()
        });
        self.lanes.insert(label.to_owned(), id.clone());
        id
    }

    fn entity(&mut self, name: &str) -> String {
        if let Some(id) = self.entities.get(name) {
            return id.clone();
        }
        let base = match slug(name) {
            s if s.is_empty() => "entity".to_owned(),
            s => s,
        };
        let id = first_unused_id(&base, |c| self.dossier.entities.iter().any(|e| e.id == c));
        self.dossier.entities.push(Entity {
            id: id.clone(),
            name: name.to_owned(),
            ..Entity::default()
        });
        self.entities.insert(name.to_owned(), id.clone());
        id
    }

    fn source(&mut self, title: &str, url: &str) -> String {
        let key = (title.to_owned(), url.to_owned());
        if let Some(id) = self.sources.get(&key) {
            return id.clone();
        }
        let base = match slug(title) {
            s if s.is_empty() => "source".to_owned(),
            s => s,
        };
        let id = first_unused_id(&base, |c| self.dossier.sources.iter().any(|s| s.id == c));
        self.dossier.sources.push(Source {
            id: id.as_str().into(),
            title: title.into(),
            url: url.into(),
            ..Source::default()
        });
        self.sources.insert(key, id.clone());
        id
    }

    fn finish(mut self, file: &str) -> Result<Document, LoadError> {
        FORMAT_NAME.clone_into(&mut self.dossier.format);
        self.dossier.version = FORMAT_VERSION;
        let stem = Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "Imported events".to_owned());
        self.dossier.title = stem;
        if self.dossier.events.is_empty() {
            for &i in &self.skipped {
                self.problems[i].severity = Severity::Error;
            }
            self.problems.push(Problem {
                severity: Severity::Error,
                path: ProblemPath::default(),
                message: "no event Dossier can read in this events CSV".into(),
            });
        }
        if self.dossier.lanes.is_empty() {
            self.lane("");
        }
        let mut document = Document::new(self.dossier);
        document.source_format = SourceFormat::EventsCsv;
        imported(file, document, self.problems)
    }
}

/// The items of a `; `-joined cell.
fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split("; ").map(str::trim).filter(|s| !s.is_empty())
}
