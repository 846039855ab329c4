//! `TimelineJS` 2 JSON (`{"timeline": {"headline", "type", "date": [...], "era": [...]}}`),
//! still published all over the web though `TimelineJS` 3 no longer opens it. Each part
//! is rewritten as the `TimelineJS` 3 slide it became and read like one, so the mapping,
//! the leniency and the warnings are those of the `TimelineJS` 3 import; places are given
//! in the file's own terms (`timeline.date[3]`).

use serde_json::{Map, Value};

use super::importer::{At, Importer};
use super::values::{describe_value, scalar_text};

/// The parts of a `TimelineJS` 2 date string, in order: `"2012,1,26,9,30,15"`.
const DATE_PARTS: [&str; 6] = ["year", "month", "day", "hour", "minute", "second"];

impl Importer {
    /// Reads the `timeline` object of a `TimelineJS` 2 file.
    pub(crate) fn json_v2_root(&mut self, timeline: &Map<String, Value>) {
        let base = "timeline";
        let mut title_text = Map::new();
        let mut title = Map::new();
        let mut saw_dates = false;
        for (key, value) in timeline {
            let at = At::Json(base.to_owned());
            match (key.as_str(), value) {
                ("headline", _) => {
                    title_text.insert("headline".to_owned(), value.clone());
                }
                ("text", _) => {
                    title_text.insert("text".to_owned(), value.clone());
                }
                ("asset", Value::Object(asset)) => {
                    title.insert("media".to_owned(), Value::Object(media_of(asset)));
                }
                ("date", Value::Array(dates)) => {
                    saw_dates = true;
                    for (i, item) in dates.iter().enumerate() {
                        let at = At::Json(format!("{base}.date[{i}]"));
                        match item {
                            Value::Object(item) => {
                                // A date already refused is not read again as missing.
                                let first_problem = self.problems.len();
                                match self.v2_slide(item, &at) {
                                    Some(slide) => self.event(&slide, &at),
                                    None => {
                                        self.skip_if_unusable(first_problem, "event");
                                    }
                                }
                            }
                            other => {
                                self.skip_next_error("event");
                                self.error(
                                at.slide(),
                                format!(
                                    "expected a date object {{ \"startDate\": \"2012,1,26\", \"headline\": … }}, found {}",
                                    describe_value(other)
                                ),
                            );
                            }
                        }
                    }
                }
                ("era", Value::Array(eras)) => {
                    for (i, item) in eras.iter().enumerate() {
                        let at = At::Json(format!("{base}.era[{i}]"));
                        match item {
                            Value::Object(item) => {
                                let first_problem = self.problems.len();
                                match self.v2_slide(item, &at) {
                                    Some(slide) => self.era(&slide, &at, i),
                                    None => {
                                        self.skip_if_unusable(first_problem, "era");
                                    }
                                }
                            }
                            other => {
                                self.skip_next_error("era");
                                self.error(
                                    at.slide(),
                                    format!(
                                        "expected an era object, found {}",
                                        describe_value(other)
                                    ),
                                );
                            }
                        }
                    }
                }
                // `TimelineJS` 2 knew one type of timeline, "default": nothing to keep.
                ("type", Value::String(kind)) if kind == "default" => {}
                _ => {
                    let mut extra = std::mem::take(&mut self.dossier.extra);
                    self.keep(&at, key, key, value, &mut extra);
                    self.dossier.extra = extra;
                }
            }
        }
        if !title_text.is_empty() {
            title.insert("text".to_owned(), Value::Object(title_text));
        }
        if !title.is_empty() {
            self.title_slide(&title, &At::Json(base.to_owned()));
        }
        if !saw_dates {
            self.warning(format!("{base}.date"), "the timeline has no dates");
        }
        self.assign_event_ids(false);
    }

    /// A `TimelineJS` 2 date or era as the `TimelineJS` 3 slide it stands for; `None`
    /// when one of its dates is not a date (reported).
    fn v2_slide(&mut self, item: &Map<String, Value>, at: &At) -> Option<Map<String, Value>> {
        let mut slide = Map::new();
        let mut dates_ok = true;
        let mut text = Map::new();
        for (key, value) in item {
            match key.as_str() {
                "startDate" | "endDate" => match self.v2_date(value, at, key) {
                    Ok(Some(date)) => {
                        let name = if key == "startDate" {
                            "start_date"
                        } else {
                            "end_date"
                        };
                        slide.insert(name.to_owned(), date);
                    }
                    Ok(None) => {}
                    Err(()) => dates_ok = false,
                },
                "headline" | "text" => {
                    text.insert(key.clone(), value.clone());
                }
                "asset" => match value {
                    Value::Object(asset) => {
                        slide.insert("media".to_owned(), Value::Object(media_of(asset)));
                    }
                    other => {
                        slide.insert("asset".to_owned(), other.clone());
                    }
                },
                "tag" => {
                    slide.insert("group".to_owned(), value.clone());
                }
                _ => {
                    slide.insert(key.clone(), value.clone());
                }
            }
        }
        if !text.is_empty() {
            slide.insert("text".to_owned(), Value::Object(text));
        }
        dates_ok.then_some(slide)
    }

    /// `"2012,1,26"` (or `"-500"`, `"2012,1,26,9,30"`) as a `TimelineJS` 3 date object.
    /// A string that is not such a date is an error with its place; a blank one is absent.
    fn v2_date(&mut self, value: &Value, at: &At, key: &str) -> Result<Option<Value>, ()> {
        let text = scalar_text(value).unwrap_or_default();
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        let numeric = |p: &&str| {
            let digits = p.strip_prefix('-').unwrap_or(p);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        };
        if parts.len() > DATE_PARTS.len() || !parts.iter().all(numeric) {
            self.error(
                at.path(key),
                format!(
                    "\"{text}\" is not a TimelineJS 2 date: expected numbers separated by commas, year first (\"2012,1,26\")"
                ),
            );
            return Err(());
        }
        let mut date = Map::new();
        for (name, part) in DATE_PARTS.iter().zip(parts) {
            date.insert((*name).to_owned(), Value::String(part.to_owned()));
        }
        Ok(Some(Value::Object(date)))
    }
}

/// A `TimelineJS` 2 `asset` as a `TimelineJS` 3 `media`: `media` is the url.
fn media_of(asset: &Map<String, Value>) -> Map<String, Value> {
    asset
        .iter()
        .map(|(key, value)| {
            let key = if key == "media" { "url" } else { key.as_str() };
            (key.to_owned(), value.clone())
        })
        .collect()
}
