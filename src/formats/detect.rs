//! Recognising a file's format from its content: Dossier JSON, `TimelineJS` JSON or the
//! `TimelineJS` spreadsheet saved as CSV. It decides between all the formats Dossier
//! reads, so it belongs to none of them; [`crate::formats::load`] calls it first.

use crate::formats::events_csv_import::is_events_csv;
use crate::formats::markwhen::looks_like_markwhen;
use crate::model::document::SourceFormat;

/// The UTF-8 byte-order mark some editors and spreadsheets write first.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The format of a file, recognised from its content (never from its name), cheaply:
///
/// - a JSON object with `"format": "dossier"` or a `lanes` key is a Dossier file;
/// - a JSON object whose `events` items have a `start_date`, or whose `title` is an object
///   with a `text`, is `TimelineJS` JSON; so is one whose `timeline` object has a `date`
///   key (`TimelineJS` 2);
/// - text that is not JSON and whose first line is a CSV header naming the columns `Year`
///   and `Headline` is the `TimelineJS` spreadsheet template saved as CSV;
/// - a CSV whose header is the one of Dossier's events CSV export is read back as one;
/// - other text with a Markwhen event line (`2025-07-26: Launch`) is Markwhen;
/// - anything else is read as a Dossier file, so that its errors are the Dossier ones.
///
/// JSON is scanned key by key without building values and the scan stops at the first
/// Dossier key: a Dossier file, which starts with `"format"`, is decided after a few bytes.
pub fn detect_format(bytes: &[u8]) -> SourceFormat {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let Some(first) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return SourceFormat::Dossier;
    };
    match bytes[first] {
        b'{' => Scanner { bytes, pos: first }.detect_json(),
        b'[' => SourceFormat::Dossier,
        _ if is_events_csv(bytes) => SourceFormat::EventsCsv,
        _ if csv_delimiter(bytes).is_some() => SourceFormat::TimelineJsCsv,
        _ if std::str::from_utf8(&bytes[..bytes.len().min(256 * 1024)])
            .or_else(|e| std::str::from_utf8(&bytes[..e.valid_up_to()]))
            .is_ok_and(looks_like_markwhen) =>
        {
            SourceFormat::Markwhen
        }
        _ => SourceFormat::Dossier,
    }
}

/// A forward-only look at JSON that skips values without building them.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn whitespace(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// Skips whitespace, then consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.whitespace();
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// A string's raw bytes between its quotes (escapes are left as they are).
    fn string(&mut self) -> Option<&'a [u8]> {
        self.whitespace();
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos + 1;
        let mut i = start;
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b'\\' => i += 2,
                b'"' => {
                    self.pos = i + 1;
                    return self.bytes.get(start..i);
                }
                _ => i += 1,
            }
        }
        None
    }

    fn skip_value(&mut self) -> Option<()> {
        self.whitespace();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0_usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
                Some(())
            }
        }
    }

    /// Consumes an object and says whether it has the key.
    fn object_has_key(&mut self, wanted: &[u8]) -> Option<bool> {
        if !self.eat(b'{') {
            return None;
        }
        if self.eat(b'}') {
            return Some(false);
        }
        let mut found = false;
        loop {
            found |= self.string()? == wanted;
            if !self.eat(b':') {
                return None;
            }
            self.skip_value()?;
            if self.eat(b',') {
                continue;
            }
            return self.eat(b'}').then_some(found);
        }
    }

    /// Consumes an array and says whether its first item is an object with the key.
    fn first_item_has_key(&mut self, wanted: &[u8]) -> Option<bool> {
        let start = self.pos;
        self.eat(b'[');
        self.whitespace();
        let found = if self.peek() == Some(b'{') {
            self.object_has_key(wanted)?
        } else {
            false
        };
        self.pos = start;
        self.skip_value()?;
        Some(found)
    }

    fn detect_json(mut self) -> SourceFormat {
        let mut timelinejs = false;
        match self.top_level(&mut timelinejs) {
            Some(true) => SourceFormat::Dossier,
            _ if timelinejs => SourceFormat::TimelineJsJson,
            _ => SourceFormat::Dossier,
        }
    }

    /// `Some(true)` as soon as a Dossier key is seen; sets `timelinejs` on a `TimelineJS`
    /// sign and goes on looking, since a Dossier key anywhere wins.
    fn top_level(&mut self, timelinejs: &mut bool) -> Option<bool> {
        if !self.eat(b'{') {
            return None;
        }
        if self.eat(b'}') {
            return Some(false);
        }
        loop {
            let key = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            self.whitespace();
            match (key, self.peek()) {
                (b"format", Some(b'"')) => {
                    if self.string()? == b"dossier" {
                        return Some(true);
                    }
                }
                (b"lanes", _) => return Some(true),
                (b"title", Some(b'{')) => *timelinejs |= self.object_has_key(b"text")?,
                (b"events", Some(b'[')) => *timelinejs |= self.first_item_has_key(b"start_date")?,
                // TimelineJS 2: { "timeline": { "date": [...] } }.
                (b"timeline", Some(b'{')) => *timelinejs |= self.object_has_key(b"date")?,
                _ => self.skip_value()?,
            }
            if self.eat(b',') {
                continue;
            }
            return self.eat(b'}').then_some(false);
        }
    }
}

/// What Dossier reads, for the message about a file that is none of it.
pub const FORMATS_READ: &str = "Dossier reads Dossier files (JSON with \"format\": \"dossier\"), \
TimelineJS 3 JSON (\"events\" with \"start_date\"), TimelineJS 2 JSON (\"timeline\" with \"date\"), \
the TimelineJS spreadsheet saved as CSV (a header with Year and Headline columns) \
Markwhen text (lines such as \"2025-07-26: Launch\") and the events CSV Dossier exports";

/// Why a file that [`detect_format`] would read as a Dossier file is no timeline Dossier
/// reads at all, or `None` when it may be a Dossier file, broken or not: one that names
/// `"dossier"` or `"lanes"` in its first 64 KiB, a JSON value that is not an object, text
/// that starts like JSON, or a file that is not UTF-8 text (the Dossier errors say best what is wrong with those).
pub fn not_a_timeline(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    // A Dossier file says so in its first bytes: decided without reading a large file.
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let names = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if names(b"\"dossier\"") || names(b"\"lanes\"") {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    if text.trim().is_empty()
        || text.contains('\0')
        || text.contains("\"dossier\"")
        || text.contains("\"lanes\"")
    {
        return None;
    }
    let why = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(root)) => {
            let mut keys: Vec<String> = root.keys().take(5).map(|k| format!("\"{k}\"")).collect();
            if root.len() > keys.len() {
                keys.push("…".to_owned());
            }
            if keys.is_empty() {
                "this file is an empty JSON object".to_owned()
            } else {
                format!(
                    "this file is a JSON object with none of their keys (it has {})",
                    keys.join(", ")
                )
            }
        }
        // Arrays and scalars: the Dossier error ("a dossier file is a JSON object") says it.
        Ok(_) => return None,
        Err(_) if text.trim_start().starts_with(['{', '[']) => return None,
        Err(_) => {
            let first = text.trim_start().lines().next().unwrap_or("").trim();
            let shown: String = first.chars().take(60).collect();
            let shown = if shown.len() < first.len() {
                format!("{shown}…")
            } else {
                shown
            };
            let cells = [',', ';', '\t']
                .into_iter()
                .map(|d| first.split(d).count())
                .max()
                .unwrap_or(1);
            if cells > 1 {
                format!(
                    "this file is not JSON; as CSV its header \"{shown}\" has no Year and Headline columns"
                )
            } else {
                format!("this file is not JSON, nor CSV: it starts \"{shown}\"")
            }
        }
    };
    Some(format!(
        "not a timeline Dossier reads: {FORMATS_READ}; {why}"
    ))
}

/// The delimiter of a `TimelineJS` CSV header line (`,`, `;` or tab), if the first line
/// names the `Year` and `Headline` columns.
pub(crate) fn csv_delimiter(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let end = bytes
        .iter()
        .take(8192)
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len().min(8192));
    let line = String::from_utf8_lossy(&bytes[..end]);
    [b',', b';', b'\t'].into_iter().find(|&delimiter| {
        let cells: Vec<String> = line
            .split(char::from(delimiter))
            .map(|cell| normalise_header(cell.trim().trim_matches('"')))
            .collect();
        cells.iter().any(|c| c == "year") && cells.iter().any(|c| c == "headline")
    })
}

/// A column name as compared: `_` read as a space, runs of spaces as one, lower case.
pub(crate) fn normalise_header(cell: &str) -> String {
    cell.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
