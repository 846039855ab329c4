//! The columns of the `TimelineJS` spreadsheet template, found by name in a CSV header,
//! and the column a `TimelineJS` JSON path comes from (for messages).

use std::collections::HashMap;

use crate::formats::detect::normalise_header;

/// The columns of a `TimelineJS` sheet, matched by normalised name.
pub(crate) struct CsvColumns {
    /// Canonical name (`end year`) → (position, name as written).
    pub(crate) known: HashMap<&'static str, (usize, String)>,
    /// Other columns: (position, name as written, key in `extra`).
    pub(crate) other: Vec<(usize, String, String)>,
}

const CSV_COLUMNS: [&str; 18] = [
    "year",
    "month",
    "day",
    "time",
    "end year",
    "end month",
    "end day",
    "end time",
    "display date",
    "headline",
    "text",
    "media",
    "media credit",
    "media caption",
    "media thumbnail",
    "type",
    "group",
    "background",
];

impl CsvColumns {
    pub(crate) fn new(header: &csv::StringRecord) -> Self {
        let mut known = HashMap::new();
        let mut other = Vec::new();
        for (i, cell) in header.iter().enumerate() {
            let written = cell.trim().trim_start_matches('\u{FEFF}').to_owned();
            let normal = normalise_header(&written);
            match CSV_COLUMNS.iter().find(|c| **c == normal) {
                Some(canonical) if !known.contains_key(canonical) => {
                    known.insert(*canonical, (i, written));
                }
                _ => {
                    // Not in the template, but an id column is used when there is one.
                    let key = if written.is_empty() {
                        format!("column {}", i + 1)
                    } else if normal == "unique id"
                        && !other.iter().any(|(_, k, _)| k == "unique_id")
                    {
                        "unique_id".to_owned()
                    } else {
                        written.clone()
                    };
                    other.push((i, key, written));
                }
            }
        }
        Self { known, other }
    }

    pub(crate) fn cell<'r>(&self, record: &'r csv::StringRecord, canonical: &str) -> &'r str {
        self.known
            .get(canonical)
            .and_then(|(i, _)| record.get(*i))
            .map_or("", str::trim)
    }

    /// The column (as written in the file) a `TimelineJS` JSON path comes from.
    pub(crate) fn column_of(&self, sub: &str) -> Option<&str> {
        let canonical = match sub {
            "start_date" | "start_date.year" => "year",
            "start_date.month" => "month",
            "start_date.day" => "day",
            s if s.starts_with("start_date.") => "time",
            "end_date" | "end_date.year" => "end year",
            "end_date.month" => "end month",
            "end_date.day" => "end day",
            s if s.starts_with("end_date.") => "end time",
            "display_date" => "display date",
            "text.headline" => "headline",
            "text" | "text.text" => "text",
            "media" | "media.url" => "media",
            "media.credit" => "media credit",
            "media.caption" => "media caption",
            "media.thumbnail" => "media thumbnail",
            "type" => "type",
            "group" => "group",
            s if s == "background" || s.starts_with("background.") => "background",
            other => {
                return self
                    .other
                    .iter()
                    .find(|(_, key, _)| key == other)
                    .map(|(_, _, written)| written.as_str());
            }
        };
        self.known
            .get(canonical)
            .map(|(_, written)| written.as_str())
    }
}
