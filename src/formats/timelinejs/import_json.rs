//! Importing a `TimelineJS` JSON file.

use serde_json::{Map, Value};

use super::importer::{At, Importer, check_encoding, whole_file};
use super::values::describe_value;
use crate::formats::load_error::{LoadError, SyntaxError, describe_json_error};
use crate::model::document::{Document, SourceFormat};

/// Imports a `TimelineJS` JSON file. `file` names it in messages and gives the dossier its
/// title when the timeline has no title slide.
///
/// Errors: JSON syntax (`FILE:LINE:COLUMN`), and events or eras that cannot be placed in
/// time (with their JSON path). Everything else imports, with warnings in
/// `document.problems` for what was kept without a Dossier equivalent.
pub fn import_json(file: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    let bytes = check_encoding(file, bytes)?;
    let value: Value = serde_json::from_slice(bytes).map_err(|error| {
        LoadError::Syntax(SyntaxError {
            file: file.to_owned(),
            line: error.line(),
            column: error.column().max(1),
            path: String::new(),
            message: describe_json_error(&error),
        })
    })?;
    let Value::Object(root) = value else {
        return Err(whole_file(
            file,
            &format!(
                "expected a TimelineJS timeline (a JSON object with \"events\"), found {}",
                describe_value(&value)
            ),
        ));
    };
    let mut importer = Importer::default();
    match root.get("timeline") {
        Some(Value::Object(timeline)) if !root.contains_key("events") => {
            importer.json_v2_root(timeline);
        }
        _ => importer.json_root(&root),
    }
    importer.finish(file, SourceFormat::TimelineJsJson)
}

impl Importer {
    pub(crate) fn json_root(&mut self, root: &Map<String, Value>) {
        let mut saw_events = false;
        for (key, value) in root {
            match (key.as_str(), value) {
                ("title", Value::Object(slide)) => {
                    self.title_slide(slide, &At::Json("title".to_owned()));
                }
                ("title", Value::String(title)) => {
                    let at = At::Json(String::new());
                    self.dossier.title = self.plain(&at, "title", title, true);
                    self.has_title_slide = true;
                }
                ("events", Value::Array(events)) => {
                    saw_events = true;
                    for (i, event) in events.iter().enumerate() {
                        let at = At::Json(format!("events[{i}]"));
                        if let Value::Object(slide) = event {
                            self.event(slide, &at);
                        } else {
                            self.skip_next_error("event");
                            self.error(
                                at.slide(),
                                format!(
                                    "expected an event object {{ \"start_date\": …, \"text\": … }}, found {}",
                                    describe_value(event)
                                ),
                            );
                        }
                    }
                }
                ("events", other) => {
                    saw_events = true;
                    self.error(
                        "events".to_owned(),
                        format!(
                            "expected an array of events, found {}",
                            describe_value(other)
                        ),
                    );
                }
                ("eras", Value::Array(eras)) => {
                    for (i, era) in eras.iter().enumerate() {
                        let at = At::Json(format!("eras[{i}]"));
                        if let Value::Object(slide) = era {
                            self.era(slide, &at, i);
                        } else {
                            self.skip_next_error("era");
                            self.error(
                                at.slide(),
                                format!("expected an era object, found {}", describe_value(era)),
                            );
                        }
                    }
                }
                _ => {
                    let mut extra = std::mem::take(&mut self.dossier.extra);
                    self.keep(&At::Json(String::new()), key, key, value, &mut extra);
                    self.dossier.extra = extra;
                }
            }
        }
        if !saw_events {
            self.warning("events".to_owned(), "the timeline has no events");
        }
        self.assign_event_ids(false);
    }
}
