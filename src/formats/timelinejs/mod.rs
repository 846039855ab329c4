//! `TimelineJS` files (Knight Lab's web timeline): recognising them, importing its JSON
//! format and its Google Sheets template saved as CSV, and exporting a dossier to its JSON
//! format. The mapping, both ways, is documented in `docs/format-timelinejs.md`.
//!
//! Import is lenient: what has no Dossier equivalent (slide backgrounds, media thumbnails,
//! display dates…) is kept in the records' `extra` fields, written back by the `TimelineJS`
//! export, and reported as a warning with its place in the source file
//! (`events[3].media.thumbnail`, `row 5, column "Background"`). Only what makes an event
//! impossible to place in time (no start year, a month 13, 30 February) is an error.
//!
//! Years: `TimelineJS` asks for BCE years as negative numbers and shows year `-44` as
//! "44 BCE" (it prints the absolute value with a BCE suffix), so its negative years count
//! the historians' way, without a year 0. Dossier dates use astronomical numbering (`0000`
//! is 1 BCE, `-0043` is 44 BCE). Import maps a `TimelineJS` year `y < 0` to `y + 1` and
//! export maps back; a `TimelineJS` year `0` is read as 1 BCE, with a warning.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::formats::load::{LoadError, SyntaxError, describe_json_error};
use crate::model::dataset::{Dossier, Event, FORMAT_NAME, FORMAT_VERSION, Lane, Period, Source};
use crate::model::date::{FuzzyDate, Precision, days_in_month, display_year, month_name};
use crate::model::document::{Document, SourceFormat};
use crate::model::validate::{Problem, Severity, has_errors, is_valid_id};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The key of the dossier's `extra` map that keeps the parts of the `TimelineJS` title
/// slide Dossier has no field for (its media, background…), for the export to put back.
pub const TITLE_SLIDE_KEY: &str = "title_slide";

/// The id and label of the lane that receives events without a `group`.
pub const UNGROUPED_LANE_ID: &str = "main";
pub const UNGROUPED_LANE_LABEL: &str = "Events";

// ---------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------

/// The format of a file, recognised from its content (never from its name), cheaply:
///
/// - a JSON object with `"format": "dossier"` or a `lanes` key is a Dossier file;
/// - a JSON object whose `events` items have a `start_date`, or whose `title` is an object
///   with a `text`, is `TimelineJS` JSON;
/// - text that is not JSON and whose first line is a CSV header naming the columns `Year`
///   and `Headline` is the `TimelineJS` spreadsheet template saved as CSV;
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
        _ if csv_delimiter(bytes).is_some() => SourceFormat::TimelineJsCsv,
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
                _ => self.skip_value()?,
            }
            if self.eat(b',') {
                continue;
            }
            return self.eat(b'}').then_some(false);
        }
    }
}

/// The delimiter of a `TimelineJS` CSV header line (`,`, `;` or tab), if the first line
/// names the `Year` and `Headline` columns.
fn csv_delimiter(bytes: &[u8]) -> Option<u8> {
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

// ---------------------------------------------------------------------------------------
// HTML to plain text and back
// ---------------------------------------------------------------------------------------

/// Plain text made from a `TimelineJS` HTML fragment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlainText {
    pub text: String,
    /// Tags whose formatting or content was dropped (`b`, `img`…), in order of first
    /// appearance; `p`, `br`, `a`, `div`, `span` and lists are converted, not listed.
    pub removed: Vec<String>,
}

/// Readable plain text from HTML: paragraphs (`<p>`, `<div>`, headings…) are separated by
/// a blank line, `<br>` is a line break, a link keeps its address as `text (url)`, list
/// items become `- ` lines, entities are decoded (`&nbsp;` becomes a plain space), other
/// tags are dropped (the content of `script` and `style` too) and listed in `removed`.
/// Text without any tag is taken as plain text: its line breaks are kept.
pub fn html_to_text(html: &str) -> PlainText {
    if !has_tags(html) {
        let text = html.replace("\r\n", "\n").replace('\r', "\n");
        return PlainText {
            text: decode_entities(&text).trim().to_owned(),
            removed: Vec::new(),
        };
    }
    let mut w = TextWriter::default();
    let mut removed: Vec<String> = Vec::new();
    let mut links: Vec<(String, usize)> = Vec::new();
    let mut skipping: Option<String> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skipping.is_none() {
                w.text(&decode_entities(rest));
            }
            break;
        };
        if skipping.is_none() {
            w.text(&decode_entities(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(tag) = Tag::parse(rest) else {
            if skipping.is_none() {
                w.text("<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        if let Some(name) = &skipping {
            if tag.closing && &tag.name == name {
                skipping = None;
            }
            continue;
        }
        let name = tag.name.as_str();
        let quiet = matches!(
            name,
            "p" | "br" | "a" | "div" | "span" | "ul" | "ol" | "li" | "!"
        );
        if !quiet && !removed.iter().any(|r| r == name) {
            removed.push(name.to_owned());
        }
        match name {
            "br" => w.line_break(),
            "li" if !tag.closing => {
                w.newlines = w.newlines.max(1);
                w.raw("- ");
            }
            "a" if !tag.closing => {
                let href = tag
                    .attribute("href")
                    .map(|h| decode_entities(h).trim().to_owned());
                links.push((href.unwrap_or_default(), w.out.len()));
            }
            "a" => {
                if let Some((href, start)) = links.pop() {
                    let label = w.out.get(start..).unwrap_or("").trim().to_owned();
                    let useful = !href.is_empty()
                        && !href.starts_with('#')
                        && !href.to_ascii_lowercase().starts_with("javascript:");
                    if useful && label.is_empty() {
                        w.raw(&href);
                    } else if useful
                        && label != href
                        && href.strip_prefix("mailto:") != Some(label.as_str())
                    {
                        // Directly after the label: pending spaces stay pending.
                        w.out.push_str(&format!(" ({href})"));
                    }
                }
            }
            "script" | "style" | "noscript" | "template" if !tag.closing && !tag.self_closing => {
                skipping = Some(name.to_owned());
            }
            "p" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
            | "pre" | "table" | "tr" | "hr" | "section" | "article" | "header" | "footer"
            | "figure" | "figcaption" | "dl" | "dt" | "dd" | "address" => w.paragraph(),
            "td" | "th" => w.space = true,
            _ => {}
        }
    }
    PlainText {
        text: w.out.trim().to_owned(),
        removed,
    }
}

/// Like [`html_to_text`], on one line: for headlines, credits, captions and groups.
fn html_to_line(html: &str) -> PlainText {
    let mut plain = html_to_text(html);
    plain.text = plain.text.split_whitespace().collect::<Vec<_>>().join(" ");
    plain
}

fn has_tags(text: &str) -> bool {
    text.match_indices('<')
        .any(|(i, _)| text[i..].starts_with("<!--") || Tag::parse(&text[i..]).is_some())
}

/// Builds text the way a browser lays out HTML: runs of white space are one space, block
/// boundaries are blank lines, and nothing is written before the first or after the last
/// visible character.
#[derive(Default)]
struct TextWriter {
    out: String,
    /// Line breaks due before the next visible character (at most 2: a paragraph).
    newlines: u8,
    space: bool,
}

impl TextWriter {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                self.flush();
                self.out.push(c);
            }
        }
    }

    fn raw(&mut self, text: &str) {
        self.flush();
        self.out.push_str(text);
    }

    fn flush(&mut self) {
        if !self.out.is_empty() {
            if self.newlines > 0 {
                while self.out.ends_with(' ') {
                    self.out.pop();
                }
                for _ in 0..self.newlines {
                    self.out.push('\n');
                }
            } else if self.space && !self.out.ends_with([' ', '\n']) {
                self.out.push(' ');
            }
        }
        self.newlines = 0;
        self.space = false;
    }

    fn paragraph(&mut self) {
        self.newlines = 2;
    }

    fn line_break(&mut self) {
        self.newlines = (self.newlines + 1).min(2);
    }
}

/// One HTML tag: `<a href="…">`, `</p>`, `<br/>`, `<!DOCTYPE html>` (named `!`).
struct Tag<'a> {
    name: String,
    closing: bool,
    self_closing: bool,
    attributes: &'a str,
    /// Bytes from `<` to `>` inclusive.
    len: usize,
}

impl<'a> Tag<'a> {
    fn parse(text: &'a str) -> Option<Self> {
        let inner = text.strip_prefix('<')?;
        let (closing, body) = match inner.strip_prefix('/') {
            Some(body) => (true, body),
            None => (false, inner),
        };
        let name_len = if body.starts_with('!') && !closing {
            1
        } else {
            if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return None;
            }
            body.find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(body.len())
        };
        // The closing `>`, skipping any inside quoted attribute values.
        let mut quote: Option<char> = None;
        let mut end = None;
        for (i, c) in body.char_indices().skip(name_len) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                (None, '<') => return None,
                _ => {}
            }
        }
        let end = end?;
        let attributes = &body[name_len..end];
        Some(Self {
            name: body[..name_len].to_ascii_lowercase(),
            closing,
            self_closing: attributes.trim_end().ends_with('/'),
            attributes,
            len: 1 + usize::from(closing) + end + 1,
        })
    }

    /// The raw value of an attribute (entities not decoded).
    fn attribute(&self, wanted: &str) -> Option<&'a str> {
        let mut rest = self.attributes;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let value = if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                let quote = after.chars().next().filter(|&q| q == '"' || q == '\'');
                let (value, remaining) = if let Some(q) = quote {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                } else {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..close], &after[close..])
                };
                rest = remaining;
                value
            } else {
                ""
            };
            if name.eq_ignore_ascii_case(wanted) {
                return Some(value);
            }
        }
    }
}

/// Decodes HTML character references: the common named ones and all numeric ones.
/// Unknown names are left as they are.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest
            .bytes()
            .take(12)
            .position(|b| b == b';')
            .and_then(|semi| Some((entity(&rest[1..semi])?, semi)));
        if let Some((c, semi)) = decoded {
            out.push(c);
            rest = &rest[semi + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return Some(
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{FFFD}'),
        );
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "auml" => 'ä',
        "atilde" => 'ã',
        "aring" => 'å',
        "ccedil" => 'ç',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "iacute" => 'í',
        "igrave" => 'ì',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "oacute" => 'ó',
        "ograve" => 'ò',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "otilde" => 'õ',
        "oslash" => 'ø',
        "uacute" => 'ú',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "szlig" => 'ß',
        "Aacute" => 'Á',
        "Agrave" => 'À',
        "Auml" => 'Ä',
        "Ccedil" => 'Ç',
        "Eacute" => 'É',
        "Egrave" => 'È',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        _ => return None,
    })
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Plain text as HTML paragraphs: blank lines separate `<p>`s, a single line break is a
/// `<br>`. The inverse of [`html_to_text`] for text Dossier writes.
pub fn text_to_html(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(|l| escape_html(l.trim())).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

/// An id made of a name: lower-case letters and digits, other runs of characters become
/// one `-` ("United States" → `united-states`). Empty if the name has no letter or digit.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else {
            dash = true;
        }
    }
    out
}

/// `base`, or `base-2`, `base-3`… whichever is not used yet; marks it used.
fn unique_id(used: &mut HashSet<String>, base: &str) -> String {
    if used.insert(base.to_owned()) {
        return base.to_owned();
    }
    let mut n = 2_u32;
    loop {
        let candidate = format!("{base}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The host of a URL without `www.` (`https://www.example.com/a` → `example.com`).
fn url_host(url: &str) -> &str {
    let after_scheme = url.split_once("//").map_or(url, |(_, rest)| rest);
    let host = after_scheme
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("");
    host.strip_prefix("www.").unwrap_or(host)
}

/// Whether a value holds nothing worth keeping: null, blank text, or only such values.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.iter().all(is_blank),
        Value::Object(map) => map.values().all(is_blank),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Text of a string, number or boolean; `None` for null, arrays and objects.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// How a value reads in a message: `"July"`, `7`, `an array`.
fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn normalise_header(cell: &str) -> String {
    cell.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A date part as a whole number. Strings may hold spaces and thousands separators as the
/// spreadsheet template allows ("1,000"), and a month may be named ("July", "Jul").
fn date_number(value: &Value, is_month: bool) -> Result<Option<i64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| (f - f.trunc()).abs() < f64::EPSILON && f.abs() < 1e15)
                    .map(|f| f as i64)
            })
            .map(Some)
            .ok_or_else(|| format!("{n} is not a whole number")),
        Value::String(s) => {
            let cleaned: String = s
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',')
                .collect();
            if cleaned.is_empty() {
                return Ok(None);
            }
            if let Ok(v) = cleaned.strip_prefix('+').unwrap_or(&cleaned).parse::<i64>() {
                return Ok(Some(v));
            }
            if is_month && let Some(month) = month_from_name(&cleaned) {
                return Ok(Some(month));
            }
            Err(format!("\"{s}\" is not a number"))
        }
        other => Err(format!(
            "expected a number, found {}",
            describe_value(other)
        )),
    }
}

fn month_from_name(name: &str) -> Option<i64> {
    let name = name.trim_end_matches('.').to_lowercase();
    if name.chars().count() < 3 {
        return None;
    }
    (1..=12_u8)
        .find(|&m| month_name(m).to_lowercase().starts_with(&name))
        .map(i64::from)
}

/// The astronomical year of a `TimelineJS` year: `-44` (shown "44 BCE") is `-43`.
pub fn astronomical_year(timelinejs_year: i64) -> i64 {
    if timelinejs_year < 0 {
        timelinejs_year + 1
    } else {
        timelinejs_year
    }
}

/// The `TimelineJS` year of an astronomical year: `-43` (44 BCE) is `-44`, `0` is `-1`.
pub fn timelinejs_year(astronomical: i32) -> i64 {
    if astronomical <= 0 {
        i64::from(astronomical) - 1
    } else {
        i64::from(astronomical)
    }
}

const DATE_PARTS: [&str; 7] = [
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "millisecond",
];

/// Where a value was in the source file, for messages: a JSON path, or a spreadsheet row
/// and column. `sub` is the `TimelineJS` JSON path inside the slide (`media.thumbnail`).
enum At<'a> {
    Json(String),
    Csv { row: usize, columns: &'a CsvColumns },
}

impl At<'_> {
    fn path(&self, sub: &str) -> String {
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

    fn slide(&self) -> String {
        self.path("")
    }
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

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
    importer.json_root(&root);
    importer.finish(file, SourceFormat::TimelineJsJson)
}

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

fn whole_file(file: &str, message: &str) -> LoadError {
    LoadError::Syntax(SyntaxError {
        file: file.to_owned(),
        line: 0,
        column: 0,
        path: String::new(),
        message: message.to_owned(),
    })
}

/// Refuses empty and UTF-16 files and drops a UTF-8 byte-order mark.
fn check_encoding<'b>(file: &str, bytes: &'b [u8]) -> Result<&'b [u8], LoadError> {
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

/// The columns of a `TimelineJS` sheet, matched by normalised name.
struct CsvColumns {
    /// Canonical name (`end year`) → (position, name as written).
    known: HashMap<&'static str, (usize, String)>,
    /// Other columns: (position, name as written, key in `extra`).
    other: Vec<(usize, String, String)>,
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
    fn new(header: &csv::StringRecord) -> Self {
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

    fn cell<'r>(&self, record: &'r csv::StringRecord, canonical: &str) -> &'r str {
        self.known
            .get(canonical)
            .and_then(|(i, _)| record.get(*i))
            .map_or("", str::trim)
    }

    /// The column (as written in the file) a `TimelineJS` JSON path comes from.
    fn column_of(&self, sub: &str) -> Option<&str> {
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

/// Reads `TimelineJS` slides into a dossier, collecting problems.
#[derive(Default)]
struct Importer {
    problems: Vec<Problem>,
    dossier: Dossier,
    lane_ids: HashSet<String>,
    lane_by_label: HashMap<String, usize>,
    ungrouped_lane: Option<usize>,
    source_ids: HashSet<String>,
    source_by_key: HashMap<(String, String), usize>,
    period_ids: HashSet<String>,
    /// Per event: its `unique_id` as written, and the path of the `unique_id`.
    raw_ids: Vec<(Option<String>, String)>,
    /// Where each event and period came from (`events[3]`, `row 5`).
    event_places: Vec<String>,
    period_places: Vec<String>,
    has_title_slide: bool,
}

impl Importer {
    fn error(&mut self, path: String, message: impl Into<String>) {
        self.problems.push(Problem {
            severity: Severity::Error,
            path,
            message: message.into(),
        });
    }

    fn warning(&mut self, path: String, message: impl Into<String>) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            path,
            message: message.into(),
        });
    }

    /// Keeps a value without Dossier equivalent in `extra`, with a warning.
    fn keep(
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
    fn plain(&mut self, at: &At, sub: &str, html: &str, one_line: bool) -> String {
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

    fn json_root(&mut self, root: &Map<String, Value>) {
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

    fn csv_rows(&mut self, columns: &CsvColumns, rows: &[csv::StringRecord]) {
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
    fn csv_slide(
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

    fn title_slide(&mut self, slide: &Map<String, Value>, at: &At) {
        self.has_title_slide = true;
        let mut kept = Map::new();
        for (key, value) in slide {
            match (key.as_str(), value) {
                ("text", Value::Object(text)) => {
                    let mut rest = Map::new();
                    for (k, v) in text {
                        let sub = format!("text.{k}");
                        match (k.as_str(), scalar_text(v)) {
                            ("headline", Some(html)) => {
                                self.dossier.title = self.plain(at, &sub, &html, true);
                            }
                            ("text", Some(html)) => {
                                self.dossier.description = self.plain(at, &sub, &html, false);
                            }
                            _ => self.keep(at, &sub, k, v, &mut rest),
                        }
                    }
                    if !rest.is_empty() {
                        kept.insert("text".to_owned(), Value::Object(rest));
                    }
                }
                _ => self.keep(at, key, key, value, &mut kept),
            }
        }
        if !kept.is_empty() {
            self.dossier
                .extra
                .insert(TITLE_SLIDE_KEY.to_owned(), Value::Object(kept));
        }
    }

    /// Reads an event slide and appends the event (its id is given later, by
    /// [`Self::assign_event_ids`], once every `unique_id` is known).
    fn event(&mut self, slide: &Map<String, Value>, at: &At) {
        let mut event = Event::default();
        let mut start: Option<FuzzyDate> = None;
        let mut start_seen = false;
        let mut end: Option<(FuzzyDate, Value)> = None;
        let mut headline = String::new();
        let mut text = String::new();
        let mut group = String::new();
        let mut raw_id: Option<String> = None;
        let mut caption = String::new();
        for (key, value) in slide {
            match key.as_str() {
                "start_date" => {
                    start_seen = true;
                    let (date, rest) = self.date(value, at, "start_date", true);
                    start = date;
                    put_object(&mut event.extra, "start_date", rest);
                }
                "end_date" => {
                    let (date, rest) = self.date(value, at, "end_date", false);
                    match date {
                        Some(date) => {
                            end = Some((date, value.clone()));
                            put_object(&mut event.extra, "end_date", rest);
                        }
                        // Not a usable date (already reported): keep it as it was.
                        None if !is_blank(value) => {
                            event.extra.insert(key.clone(), value.clone());
                        }
                        None => {}
                    }
                }
                "text" => {
                    let Value::Object(fields) = value else {
                        self.keep(at, key, key, value, &mut event.extra);
                        continue;
                    };
                    let mut rest = Map::new();
                    for (k, v) in fields {
                        let sub = format!("text.{k}");
                        match (k.as_str(), scalar_text(v)) {
                            ("headline", Some(html)) => {
                                headline = self.plain(at, &sub, &html, true);
                            }
                            ("text", Some(html)) => text = self.plain(at, &sub, &html, false),
                            _ => self.keep(at, &sub, k, v, &mut rest),
                        }
                    }
                    put_object(&mut event.extra, "text", rest);
                }
                "media" => {
                    if let Value::Object(media) = value {
                        caption = self.media(media, at, &mut event);
                    } else {
                        self.keep(at, key, key, value, &mut event.extra);
                    }
                }
                "group" => match scalar_text(value) {
                    Some(g) => group = html_to_line(&g).text,
                    None => self.keep(at, key, key, value, &mut event.extra),
                },
                "unique_id" => match scalar_text(value) {
                    Some(id) if !id.trim().is_empty() => raw_id = Some(id.trim().to_owned()),
                    _ => self.keep(at, key, key, value, &mut event.extra),
                },
                _ => self.keep(at, key, key, value, &mut event.extra),
            }
        }

        match start {
            Some(start) => {
                event.start = start.to_string();
                if let Some((end, original)) = end {
                    if end.end_secs_exclusive() <= start.start_secs() {
                        self.warning(
                            at.path("end_date"),
                            format!(
                                "end date {end} is before the start date {start}: ignored (kept as an extra field)"
                            ),
                        );
                        event.extra.insert("end_date".to_owned(), original);
                    } else {
                        event.end = end.to_string();
                    }
                }
            }
            None if !start_seen => self.error(
                at.path("start_date"),
                "missing start date: every TimelineJS event needs a start_date with at least a year",
            ),
            None => {}
        }

        event.title = if headline.is_empty() {
            let fallback = first_words(&text)
                .or_else(|| (!caption.is_empty()).then(|| caption.clone()))
                .unwrap_or_else(|| "Untitled event".to_owned());
            self.warning(
                at.path("text.headline"),
                format!("no headline: the event is titled \"{fallback}\""),
            );
            fallback
        } else {
            headline
        };
        event.summary = text;
        event.lane = self.lane_for(&group);
        self.raw_ids.push((raw_id, at.path("unique_id")));
        self.event_places.push(at.slide());
        self.dossier.events.push(event);
    }

    /// Reads a date object. `rest` holds what the date does not use (display dates,
    /// formats, milliseconds, parts that follow a missing one), warned about.
    fn date(
        &mut self,
        value: &Value,
        at: &At,
        field: &str,
        required: bool,
    ) -> (Option<FuzzyDate>, Map<String, Value>) {
        let mut rest = Map::new();
        let Value::Object(parts) = value else {
            if required || !is_blank(value) {
                self.error(
                    at.path(field),
                    format!(
                        "expected a date object such as {{ \"year\": 2025, \"month\": 7 }}, found {}",
                        describe_value(value)
                    ),
                );
            }
            return (None, rest);
        };
        let mut numbers: [Option<i64>; 7] = [None; 7];
        let mut raw: [Option<&Value>; 7] = [None; 7];
        let mut valid = true;
        for (key, v) in parts {
            let sub = format!("{field}.{key}");
            if let Some(i) = DATE_PARTS.iter().position(|p| p == key) {
                raw[i] = Some(v);
                match date_number(v, i == 1) {
                    Ok(n) => numbers[i] = n,
                    Err(message) => {
                        self.error(at.path(&sub), format!("{key}: {message}"));
                        valid = false;
                    }
                }
            } else {
                self.keep(at, &sub, key, v, &mut rest);
            }
        }
        if !valid {
            return (None, rest);
        }
        let Some(year) = numbers[0] else {
            if required {
                self.error(
                    at.path(&format!("{field}.year")),
                    "missing year: a TimelineJS date needs at least a year",
                );
            } else if !is_blank(value) {
                self.warning(
                    at.path(field),
                    "end date without a year: ignored, as TimelineJS does (kept as an extra field)",
                );
            }
            return (None, rest);
        };
        if year == 0 {
            self.warning(
                at.path(&format!("{field}.year")),
                "year 0: TimelineJS counts BCE years without a year 0; read as 1 BCE",
            );
        }
        let astronomical = astronomical_year(year);
        let Some(year) = i32::try_from(astronomical)
            .ok()
            .filter(|y| (-999_999..=999_999).contains(y))
        else {
            self.error(
                at.path(&format!("{field}.year")),
                format!("year {year} is outside the years Dossier can hold (999999 BCE to 999999)"),
            );
            return (None, rest);
        };
        let mut date = FuzzyDate {
            year,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            precision: Precision::Year,
            approximate: false,
            uncertain: false,
        };
        // Each part needs the coarser ones (a day without a month is ignored), except that
        // an hour alone is read at minute precision, on the hour.
        let mut missing: Option<&str> = None;
        for (i, key) in DATE_PARTS.iter().enumerate().take(6).skip(1) {
            let sub = format!("{field}.{key}");
            let Some(n) = numbers[i] else {
                missing = missing.or(Some(key));
                continue;
            };
            if let Some(needed) = missing {
                self.warning(
                    at.path(&sub),
                    format!("{key} {n} ignored: the date has no {needed} (kept as an extra field)"),
                );
                if let Some(v) = raw[i] {
                    rest.insert((*key).to_owned(), v.clone());
                }
                continue;
            }
            let problem = match i {
                1 if (1..=12).contains(&n) => {
                    date.month = n as u8;
                    date.precision = Precision::Month;
                    None
                }
                1 => Some(format!("month {n} does not exist")),
                2 => {
                    let days = days_in_month(date.year, date.month);
                    if (1..=i64::from(days)).contains(&n) {
                        date.day = n as u8;
                        date.precision = Precision::Day;
                        None
                    } else {
                        Some(format!(
                            "impossible date: {} {} has {days} days",
                            month_name(date.month),
                            display_year(date.year)
                        ))
                    }
                }
                3 if (0..=23).contains(&n) => {
                    date.hour = n as u8;
                    date.precision = Precision::Minute;
                    None
                }
                4 if (0..=59).contains(&n) => {
                    date.minute = n as u8;
                    None
                }
                5 if (0..=59).contains(&n) => {
                    date.second = n as u8;
                    date.precision = Precision::Second;
                    None
                }
                _ => Some(format!("impossible time: {key} {n}")),
            };
            if let Some(message) = problem {
                self.error(at.path(&sub), message);
                return (None, rest);
            }
        }
        if let Some(ms) = numbers[6].filter(|&ms| ms != 0) {
            self.warning(
                at.path(&format!("{field}.millisecond")),
                format!("{ms} milliseconds dropped: Dossier dates stop at seconds (kept as an extra field)"),
            );
            if let Some(v) = raw[6] {
                rest.insert("millisecond".to_owned(), v.clone());
            }
        }
        (Some(date), rest)
    }

    /// Turns `media` into a source of the event (from its url and credit) and keeps the
    /// rest; returns the plain caption.
    fn media(&mut self, media: &Map<String, Value>, at: &At, event: &mut Event) -> String {
        let text_of = |key: &str| {
            media
                .get(key)
                .and_then(scalar_text)
                .map(|s| s.trim().to_owned())
                .unwrap_or_default()
        };
        let url = text_of("url");
        let embedded = url.starts_with('<');
        let link = if embedded { String::new() } else { url };
        let credit = self.plain(at, "media.credit", &text_of("credit"), true);
        let caption = self.plain(at, "media.caption", &text_of("caption"), true);
        let mut rest = Map::new();
        let mut caption_used = false;
        if !link.is_empty() || !credit.is_empty() {
            let key = (link.clone(), credit.clone());
            let index = if let Some(&index) = self.source_by_key.get(&key) {
                index
            } else {
                let host = url_host(&link).to_owned();
                let base = [slug(&credit), slug(&host)]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .unwrap_or_else(|| "source".to_owned());
                let id = unique_id(&mut self.source_ids, &base);
                let title = [&caption, &credit, &host, &link]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .cloned()
                    .unwrap_or_default();
                self.dossier.sources.push(Source {
                    id,
                    title,
                    publisher: credit.clone(),
                    url: link.clone(),
                    ..Source::default()
                });
                self.source_by_key
                    .insert(key, self.dossier.sources.len() - 1);
                self.dossier.sources.len() - 1
            };
            let source = &self.dossier.sources[index];
            caption_used = caption.is_empty() || source.title == caption;
            if !event.sources.contains(&source.id) {
                event.sources.push(source.id.clone());
            }
        }
        let has_source = !event.sources.is_empty();
        for (key, value) in media {
            let sub = format!("media.{key}");
            match key.as_str() {
                "url" if embedded && !is_blank(value) => {
                    self.warning(
                        at.path(&sub),
                        "embedded HTML media is not a link Dossier can cite; kept as an extra field",
                    );
                    rest.insert(key.clone(), value.clone());
                }
                "url" | "credit" if has_source => {}
                "caption" if has_source && caption_used => {}
                _ => self.keep(at, &sub, key, value, &mut rest),
            }
        }
        put_object(&mut event.extra, "media", rest);
        caption
    }

    fn lane_for(&mut self, group: &str) -> String {
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
        let id = unique_id(&mut self.lane_ids, &base);
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

    fn era(&mut self, slide: &Map<String, Value>, at: &At, n: usize) {
        let mut period = Period::default();
        let mut start: Option<FuzzyDate> = None;
        let mut start_seen = false;
        let mut end: Option<FuzzyDate> = None;
        let mut raw_id: Option<String> = None;
        for (key, value) in slide {
            match key.as_str() {
                "start_date" => {
                    start_seen = true;
                    let (date, rest) = self.date(value, at, "start_date", true);
                    start = date;
                    put_object(&mut period.extra, "start_date", rest);
                }
                "end_date" => {
                    let (date, rest) = self.date(value, at, "end_date", false);
                    end = date;
                    put_object(&mut period.extra, "end_date", rest);
                }
                "text" => {
                    let Value::Object(fields) = value else {
                        self.keep(at, key, key, value, &mut period.extra);
                        continue;
                    };
                    let mut rest = Map::new();
                    for (k, v) in fields {
                        let sub = format!("text.{k}");
                        match (k.as_str(), scalar_text(v)) {
                            ("headline", Some(html)) => {
                                period.label = self.plain(at, &sub, &html, true);
                            }
                            ("text", Some(html)) => {
                                period.description = self.plain(at, &sub, &html, false);
                            }
                            _ => self.keep(at, &sub, k, v, &mut rest),
                        }
                    }
                    put_object(&mut period.extra, "text", rest);
                }
                "unique_id" => match scalar_text(value) {
                    Some(id) if !id.trim().is_empty() => raw_id = Some(id.trim().to_owned()),
                    _ => self.keep(at, key, key, value, &mut period.extra),
                },
                _ => self.keep(at, key, key, value, &mut period.extra),
            }
        }
        if let Some(start) = start {
            period.start = start.to_string();
            period.end = match end {
                Some(end) if end.end_secs_exclusive() > start.start_secs() => end.to_string(),
                Some(end) => {
                    self.warning(
                        at.path("end_date"),
                        format!("end date {end} is before the start date {start}: the era ends on its start date"),
                    );
                    start.to_string()
                }
                None => {
                    self.warning(
                        at.path("end_date"),
                        "the era has no end date: it ends on its start date",
                    );
                    start.to_string()
                }
            };
        } else if !start_seen {
            self.error(
                at.path("start_date"),
                "missing start date: a TimelineJS era needs a start_date with at least a year",
            );
        }
        if period.label.is_empty() {
            period.label = format!("Era {}", n + 1);
            self.warning(
                at.path("text.headline"),
                format!("no headline: the era is labelled \"{}\"", period.label),
            );
        }
        let from_label = slug(&period.label);
        period.id = match raw_id {
            Some(raw) if is_valid_id(&raw) && !self.period_ids.contains(&raw) => {
                self.period_ids.insert(raw.clone());
                raw
            }
            other => {
                let id = unique_id(
                    &mut self.period_ids,
                    if from_label.is_empty() {
                        "era"
                    } else {
                        &from_label
                    },
                );
                if let Some(raw) = other {
                    self.warning(
                        at.path("unique_id"),
                        format!("unique_id \"{raw}\" is not a usable Dossier id; using \"{id}\""),
                    );
                }
                id
            }
        };
        self.dossier.periods.push(period);
        self.period_places.push(at.slide());
    }

    /// Gives every event its id: its `unique_id` when that is a valid Dossier id (or can be
    /// made one) not used before, else `event-N` (N its position, from 1), with a warning.
    fn assign_event_ids(&mut self, from_sheet: bool) {
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
                self.dossier.events[i].id = candidate;
            }
        }
        let generated = needs_id.len();
        for (i, reason) in needs_id {
            let id = unique_id(&mut used, &format!("event-{}", i + 1));
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
            self.dossier.events[i].id = id;
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

    fn finish(mut self, file: &str, format: SourceFormat) -> Result<Document, LoadError> {
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
            self.dossier.title = stem;
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
                if let Some(place) = place_of(&problem.path, "events", &self.event_places)
                    .or_else(|| place_of(&problem.path, "periods", &self.period_places))
                {
                    problem.path = place;
                }
            }
        }
        let mut problems = self.problems;
        problems.append(&mut document.problems);
        if has_errors(&problems) {
            problems.sort_by_key(|p| p.severity);
            return Err(LoadError::Invalid {
                file: file.to_owned(),
                problems,
            });
        }
        document.problems = problems;
        Ok(document)
    }
}

/// The source place of a dossier path such as `events[3].sources`.
fn place_of(path: &str, collection: &str, places: &[String]) -> Option<String> {
    let rest = path.strip_prefix(collection)?.strip_prefix('[')?;
    let (index, _) = rest.split_once(']')?;
    places.get(index.parse::<usize>().ok()?).cloned()
}

fn insert(object: &mut Map<String, Value>, key: &str, value: &str) {
    if !value.is_empty() {
        object.insert(key.to_owned(), Value::String(value.to_owned()));
    }
}

fn put_object(extra: &mut Map<String, Value>, key: &str, object: Map<String, Value>) {
    if !object.is_empty() {
        extra.insert(key.to_owned(), Value::Object(object));
    }
}

/// A title made of the start of a text: its first line, cut at a word near 80 characters.
fn first_words(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    if line.chars().count() <= 80 {
        return Some(line.to_owned());
    }
    let mut title = String::new();
    for word in line.split_whitespace() {
        if title.chars().count() + word.chars().count() > 78 {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    if title.is_empty() {
        title = line.chars().take(78).collect();
    }
    title.push('…');
    Some(title)
}

/// A spreadsheet `Time` cell as `TimelineJS` reads it: `9:30`, `09:30:15`, `9:30:15.5`,
/// `0930`, `9.30`, each optionally followed by `AM`/`PM` (or `a.m.`/`p.m.`).
fn parse_time(text: &str) -> Result<Map<String, Value>, String> {
    let bad = || format!("time \"{text}\" is not a time such as 9:30, 09:30:15 or 9:30 PM");
    let trimmed = text.trim();
    if !trimmed.is_ascii() {
        return Err(bad());
    }
    let lower = trimmed.to_ascii_lowercase();
    let (body, period) = ["a.m.", "p.m.", "a.m", "p.m", "am", "pm"]
        .iter()
        .find_map(|suffix| {
            let body = lower.strip_suffix(suffix)?;
            Some((trimmed[..body.len()].trim(), Some(suffix.as_bytes()[0])))
        })
        .unwrap_or((trimmed, None));
    let parts: Vec<&str> =
        if body.len() >= 3 && body.len() <= 4 && body.bytes().all(|b| b.is_ascii_digit()) {
            let split = body.len() - 2;
            vec![&body[..split], &body[split..]]
        } else if body.contains(':') {
            body.split(':').collect()
        } else {
            body.split('.').collect()
        };
    if parts.is_empty() || parts.len() > 3 {
        return Err(bad());
    }
    let number = |s: &str| -> Result<i64, String> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 2 {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let mut hour = number(parts[0])?;
    match period {
        Some(b'p') if hour < 12 => hour += 12,
        Some(b'a') if hour == 12 => hour = 0,
        _ => {}
    }
    if hour > 23 {
        return Err(bad());
    }
    let mut out = Map::new();
    out.insert("hour".to_owned(), Value::from(hour));
    if let Some(minute) = parts.get(1) {
        out.insert("minute".to_owned(), Value::from(number(minute)?));
    }
    if let Some(second) = parts.get(2) {
        let (whole, fraction) = second
            .split_once(['.', ','])
            .map_or((*second, None), |(w, f)| (w, Some(f)));
        out.insert("second".to_owned(), Value::from(number(whole)?));
        if let Some(fraction) = fraction {
            let digits: String = fraction.chars().take(3).collect();
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let ms = format!("{digits:0<3}").parse::<i64>().map_err(|_| bad())?;
            out.insert("millisecond".to_owned(), Value::from(ms));
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------

/// The dossier as a `TimelineJS` JSON file (pretty-printed, with a final newline): a title
/// slide from the title and description, one event per event with a valid date (in file
/// order), one era per period. See `docs/format-timelinejs.md` for the mapping.
pub fn to_timelinejs_json(document: &Document) -> String {
    let mut text = serde_json::to_string_pretty(&to_timelinejs_value(document))
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    text.push('\n');
    text
}

/// The `TimelineJS` JSON of a dossier as a value; see [`to_timelinejs_json`].
pub fn to_timelinejs_value(document: &Document) -> Value {
    let dossier = &document.dossier;
    let mut root = Map::new();

    let mut text = Map::new();
    text.insert("headline".to_owned(), escape_html(&dossier.title).into());
    if !dossier.description.trim().is_empty() {
        text.insert("text".to_owned(), text_to_html(&dossier.description).into());
    }
    let mut title = Map::new();
    title.insert("text".to_owned(), Value::Object(text));
    if let Some(Value::Object(kept)) = dossier.extra.get(TITLE_SLIDE_KEY) {
        merge_extra(&mut title, kept);
    }
    root.insert("title".to_owned(), Value::Object(title));

    let events: Vec<Value> = (0..dossier.events.len())
        .filter_map(|i| event_slide(document, i))
        .collect();
    root.insert("events".to_owned(), Value::Array(events));

    let eras: Vec<Value> = (0..dossier.periods.len())
        .filter_map(|i| era_slide(document, i))
        .collect();
    if !eras.is_empty() {
        root.insert("eras".to_owned(), Value::Array(eras));
    }
    for (key, value) in &dossier.extra {
        if key != TITLE_SLIDE_KEY && !root.contains_key(key) {
            root.insert(key.clone(), value.clone());
        }
    }
    Value::Object(root)
}

/// A `TimelineJS` date object: numbers, the year counted the `TimelineJS` way.
fn date_object(date: &FuzzyDate) -> Value {
    let mut object = Map::new();
    object.insert("year".to_owned(), timelinejs_year(date.year).into());
    if date.precision >= Precision::Month {
        object.insert("month".to_owned(), date.month.into());
    }
    if date.precision >= Precision::Day {
        object.insert("day".to_owned(), date.day.into());
    }
    if date.precision >= Precision::Minute {
        object.insert("hour".to_owned(), date.hour.into());
        object.insert("minute".to_owned(), date.minute.into());
    }
    if date.precision >= Precision::Second {
        object.insert("second".to_owned(), date.second.into());
    }
    Value::Object(object)
}

/// Adds kept `extra` keys to a generated object: a key the export wrote itself stays, and
/// for objects on both sides the kept keys are added to the written ones.
fn merge_extra(target: &mut Map<String, Value>, extra: &Map<String, Value>) {
    for (key, value) in extra {
        match (target.get_mut(key), value) {
            (Some(Value::Object(written)), Value::Object(kept)) => {
                for (k, v) in kept {
                    written.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            (Some(_), _) => {}
            (None, _) => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

fn slide_text(headline: &str, body: &str) -> Value {
    let mut text = Map::new();
    text.insert("headline".to_owned(), escape_html(headline).into());
    if !body.trim().is_empty() {
        text.insert("text".to_owned(), text_to_html(body).into());
    }
    Value::Object(text)
}

fn event_slide(document: &Document, i: usize) -> Option<Value> {
    let dossier = &document.dossier;
    let event = dossier.events.get(i)?;
    let span = document.index.event_span(i)?;
    let mut slide = Map::new();
    slide.insert("start_date".to_owned(), date_object(&span.start));
    if let Some(end) = &span.end {
        slide.insert("end_date".to_owned(), date_object(end));
    }
    if let Some(display) = event.extra.get("display_date") {
        slide.insert("display_date".to_owned(), display.clone());
    } else if span.is_qualified() {
        // TimelineJS has no "around" or "uncertain": say it in the date it shows.
        slide.insert("display_date".to_owned(), span.long().into());
    }
    slide.insert("text".to_owned(), slide_text(&event.title, &event.summary));

    let source = event
        .sources
        .first()
        .and_then(|id| document.index.source(id))
        .and_then(|s| dossier.sources.get(s));
    let kept_media = match event.extra.get("media") {
        Some(Value::Object(kept)) => Some(kept),
        _ => None,
    };
    if let Some(source) = source.filter(|s| !s.url.is_empty() || !s.publisher.is_empty()) {
        // TimelineJS shows media only with a url, but keeps the credit for a re-import.
        let mut media = Map::new();
        if !source.url.is_empty() {
            media.insert("url".to_owned(), source.url.clone().into());
        }
        if !source.publisher.is_empty() {
            media.insert("credit".to_owned(), escape_html(&source.publisher).into());
        }
        if !source.title.is_empty() && source.title != source.publisher {
            media.insert("caption".to_owned(), escape_html(&source.title).into());
        }
        // The event's own caption, thumbnail… as imported win over the source's.
        for (key, value) in kept_media.into_iter().flatten() {
            if key != "url" && key != "credit" {
                media.insert(key.clone(), value.clone());
            }
        }
        slide.insert("media".to_owned(), Value::Object(media));
    } else if let Some(kept) = kept_media {
        slide.insert("media".to_owned(), Value::Object(kept.clone()));
    }

    let lane = document
        .index
        .lane(&event.lane)
        .and_then(|l| dossier.lanes.get(l));
    // The lane an import makes for events without a group goes back to no group.
    let ungrouped =
        lane.is_some_and(|l| l.id == UNGROUPED_LANE_ID && l.label == UNGROUPED_LANE_LABEL);
    if !ungrouped {
        let label = lane.map_or(event.lane.as_str(), |l| l.label.as_str());
        slide.insert("group".to_owned(), label.into());
    }
    slide.insert("unique_id".to_owned(), event.id.clone().into());

    let mut extra = event.extra.clone();
    extra.remove("display_date");
    extra.remove("media");
    if span.end.is_none() && extra.get("end_date").is_some_and(|e| !has_year(e)) {
        extra.remove("end_date");
    }
    merge_extra(&mut slide, &extra);
    Some(Value::Object(slide))
}

fn has_year(value: &Value) -> bool {
    value.get("year").is_some_and(|y| !is_blank(y))
}

fn era_slide(document: &Document, i: usize) -> Option<Value> {
    let period = document.dossier.periods.get(i)?;
    let span = document.index.period_span(i)?;
    let mut slide = Map::new();
    slide.insert("start_date".to_owned(), date_object(&span.start));
    slide.insert(
        "end_date".to_owned(),
        date_object(span.end.as_ref().unwrap_or(&span.start)),
    );
    slide.insert(
        "text".to_owned(),
        slide_text(&period.label, &period.description),
    );
    // TimelineJS ignores it; a re-import gives the period its id back.
    slide.insert("unique_id".to_owned(), period.id.clone().into());
    merge_extra(&mut slide, &period.extra);
    Some(Value::Object(slide))
}
