//! Importing the `TimelineJS` Google Sheets template saved as CSV: each row is read as
//! the `TimelineJS` JSON slide it stands for, then imported like one.

use serde_json::{Map, Value};

use super::dates::parse_time;
use super::importer::{At, Importer, check_encoding, whole_file};
use super::sheet_columns::CsvColumns;
use crate::formats::detect::csv_delimiter;
use crate::formats::load_error::{LoadError, SyntaxError};
use crate::model::document::{Document, SourceFormat};

/// Imports the `TimelineJS` Google Sheets template saved as CSV (UTF-8, with or without
/// a byte-order mark; `,`, `;` or tab separated). Column names are matched without regard
/// to case or surrounding spaces; messages name rows as the spreadsheet numbers them (the
/// header is row 1).
pub fn import_csv(file: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    let bytes = check_encoding(file, bytes)?;
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let (line, column) = line_column(bytes, error.valid_up_to());
            return Err(LoadError::Syntax(SyntaxError {
                file: file.to_owned(),
                line,
                column,
                path: String::new(),
                message: "invalid UTF-8: save the spreadsheet as CSV in UTF-8".to_owned(),
            }));
        }
    };
    let delimiter = csv_delimiter(text.as_bytes()).unwrap_or(b',');
    if let Some(quote) = unterminated_quote(text.as_bytes(), delimiter) {
        let (line, column) = line_column(text.as_bytes(), quote);
        return Err(LoadError::Syntax(SyntaxError {
            file: file.to_owned(),
            line,
            column,
            path: String::new(),
            message: "unterminated quoted field: this quote is never closed, so the rest of \
                      the file would be one cell"
                .to_owned(),
        }));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => records.push(record),
            Err(error) => {
                let (line, column) = error.position().map_or((0, 0), |p| {
                    line_column(text.as_bytes(), usize::try_from(p.byte()).unwrap_or(0))
                });
                return Err(LoadError::Syntax(SyntaxError {
                    file: file.to_owned(),
                    line,
                    column,
                    path: String::new(),
                    message: format!("unreadable CSV: {error}"),
                }));
            }
        }
    }
    let Some((header, rows)) = records.split_first() else {
        return Err(whole_file(file, "the file is empty"));
    };
    let columns = CsvColumns::new(header);
    let mut importer = Importer::default();
    importer.csv_rows(&columns, rows);
    importer.finish(file, SourceFormat::TimelineJsCsv)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = before.split(|&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The byte offset of a quote that opens a field and is never closed (RFC 4180 quoting).
fn unterminated_quote(text: &[u8], delimiter: u8) -> Option<usize> {
    let mut at_field_start = true;
    let mut open: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        if open.is_some() {
            if b == b'"' {
                if text.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                open = None;
                at_field_start = false;
            }
        } else if b == b'"' && at_field_start {
            open = Some(i);
        } else {
            at_field_start = b == delimiter || b == b'\n' || b == b'\r';
        }
        i += 1;
    }
    open
}

impl Importer {
    pub(crate) fn csv_rows(&mut self, columns: &CsvColumns, rows: &[csv::StringRecord]) {
        for (i, record) in rows.iter().enumerate() {
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            let at = At::Csv {
                row: i + 2,
                columns,
            };
            let (kind, slide) = self.csv_slide(record, columns, &at);
            match kind.as_str() {
                "title" if !self.has_title_slide => self.title_slide(&slide, &at),
                "title" => {
                    self.warning(
                        at.path("type"),
                        "a second title row: read as an event, as TimelineJS does",
                    );
                    self.event(&slide, &at);
                }
                "era" => {
                    let n = self.dossier.periods.len();
                    self.era(&slide, &at, n);
                }
                _ => self.event(&slide, &at),
            }
        }
        self.assign_event_ids(true);
    }

    /// A spreadsheet row as the `TimelineJS` JSON slide it stands for, and its `Type`.
    pub(crate) fn csv_slide(
        &mut self,
        record: &csv::StringRecord,
        columns: &CsvColumns,
        at: &At,
    ) -> (String, Map<String, Value>) {
        let cell = |name: &str| columns.cell(record, name);
        let mut slide = Map::new();
        for (field, year, month, day, time) in [
            ("start_date", "year", "month", "day", "time"),
            ("end_date", "end year", "end month", "end day", "end time"),
        ] {
            let mut date = Map::new();
            for (key, column) in [("year", year), ("month", month), ("day", day)] {
                if !cell(column).is_empty() {
                    date.insert(key.to_owned(), Value::String(cell(column).to_owned()));
                }
            }
            if !cell(time).is_empty() {
                match parse_time(cell(time)) {
                    Ok(parts) => date.extend(parts),
                    Err(message) => self.error(at.path(&format!("{field}.hour")), message),
                }
            }
            if !date.is_empty() {
                slide.insert(field.to_owned(), Value::Object(date));
            }
        }
        insert(&mut slide, "display_date", cell("display date"));
        let mut text = Map::new();
        insert(&mut text, "headline", cell("headline"));
        insert(&mut text, "text", cell("text"));
        if !text.is_empty() {
            slide.insert("text".to_owned(), Value::Object(text));
        }
        let mut media = Map::new();
        insert(&mut media, "url", cell("media"));
        insert(&mut media, "credit", cell("media credit"));
        insert(&mut media, "caption", cell("media caption"));
        insert(&mut media, "thumbnail", cell("media thumbnail"));
        if !media.is_empty() {
            slide.insert("media".to_owned(), Value::Object(media));
        }
        insert(&mut slide, "group", cell("group"));
        let background = cell("background");
        if !background.is_empty() {
            // As TimelineJS reads the column: an address, or else a colour.
            let is_url = background.starts_with("http:")
                || background.starts_with("https:")
                || background.starts_with('/');
            let key = if is_url { "url" } else { "color" };
            let mut object = Map::new();
            object.insert(key.to_owned(), Value::String(background.to_owned()));
            slide.insert("background".to_owned(), Value::Object(object));
        }
        let kind = cell("type").to_lowercase();
        if !matches!(kind.as_str(), "" | "title" | "era") {
            insert(&mut slide, "type", cell("type"));
        }
        for (i, key, _) in &columns.other {
            insert(&mut slide, key, record.get(*i).map_or("", str::trim));
        }
        (kind, slide)
    }
}

fn insert(object: &mut Map<String, Value>, key: &str, value: &str) {
    if !value.is_empty() {
        object.insert(key.to_owned(), Value::String(value.to_owned()));
    }
}
