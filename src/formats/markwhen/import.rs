//! Reading a Markwhen file: its header, events (a date range, `:`, a description up to
//! the next event), groups and sections (lanes), tags and links (sources). Lenient like
//! the `TimelineJS` import: an event whose dates Dossier cannot read is skipped with a
//! warning naming its line, and the file opens with the rest.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use super::dates::parse_range;
use crate::formats::load_error::{LoadError, SyntaxError, imported};
use crate::model::dataset::{Dossier, Event, FORMAT_NAME, FORMAT_VERSION, Lane, Source};
use crate::model::document::{Document, SourceFormat};
use crate::model::ids::{first_unused_id, slug};
use crate::model::validate::{Problem, ProblemPath, Severity};

/// The lane of events outside any group or section.
pub(crate) const UNGROUPED_LANE: (&str, &str) = ("main", "Events");

/// The `extra` key of the dossier that keeps header lines Dossier has no field for.
const HEADER_KEY: &str = "markwhen_header";

/// Whether a text is a Markwhen timeline: not JSON, and some line (after an optional
/// header) is an event: a date range Markwhen writes, then `:`.
pub fn looks_like_markwhen(text: &str) -> bool {
    let first = text.trim_start();
    if first.starts_with(['{', '[']) {
        return false;
    }
    text.lines()
        .take(2000)
        .any(|line| event_line(line, false).is_some())
}

/// An event line: its dates and the text after the `:`. The `:` is the first one after
/// which the text before reads as a date range (times have colons too).
fn event_line(line: &str, day_first: bool) -> Option<(super::DateRange, &str)> {
    let trimmed = line.trim();
    if trimmed.starts_with("//") {
        return None;
    }
    trimmed.match_indices(':').find_map(|(at, _)| {
        let rest = &trimmed[at + 1..];
        // `2025: title` or `2025:` at the end; not `T09:30`.
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return None;
        }
        parse_range(&trimmed[..at], day_first).map(|range| (range, rest.trim()))
    })
}

/// Imports a Markwhen file. `file` names it in messages and gives the dossier its title
/// when the header has none.
///
/// Errors: a file that is not UTF-8, and one where no event could be read (each
/// problem with its line). Everything else imports, with warnings.
pub fn import_markwhen(file: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.split(|&b| b == b'\n').count();
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        LoadError::Syntax(SyntaxError {
            file: file.to_owned(),
            line,
            column,
            path: String::new(),
            message: "invalid UTF-8: save the Markwhen file as UTF-8".to_owned(),
        })
    })?;
    let mut reader = Reader::default();
    reader.read(text);
    reader.finish(file)
}

#[derive(Default)]
struct Reader {
    dossier: Dossier,
    problems: Vec<Problem>,
    day_first: bool,
    /// Open groups and sections, innermost last: their lane indices.
    groups: Vec<usize>,
    event_ids: HashSet<String>,
    lane_ids: HashSet<String>,
    source_ids: HashSet<String>,
    /// The event being read, whose description goes on until the next event.
    open: Option<Event>,
    description: Vec<String>,
    skipped: usize,
    /// In the description of a skipped event: its lines are dropped with it.
    skipping: bool,
    title_from_header: bool,
}

impl Reader {
    fn warning(&mut self, line: usize, message: impl Into<Cow<'static, str>>) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            path: format!("line {line}").into(),
            message: message.into(),
        });
    }

    fn read(&mut self, text: &str) {
        let lines: Vec<&str> = text.lines().collect();
        let body_start = self.header(&lines);
        for (i, line) in lines.iter().enumerate().skip(body_start) {
            self.line(i + 1, line);
        }
        self.close_event();
    }

    /// Reads the header: YAML between `---` lines, or `key: value` lines before the first
    /// event or group. Returns the index of the first line of the body.
    fn header(&mut self, lines: &[&str]) -> usize {
        let fenced = lines.first().is_some_and(|l| l.trim() == "---");
        let mut end = 0;
        let mut header: Vec<(usize, &str)> = Vec::new();
        if fenced {
            match lines.iter().skip(1).position(|l| l.trim() == "---") {
                Some(close) => {
                    header.extend((1..=close).map(|i| (i, lines[i])));
                    end = close + 2;
                }
                None => return 0,
            }
        } else {
            for (i, line) in lines.iter().enumerate() {
                let t = line.trim();
                if t.is_empty() || t.starts_with("//") {
                    end = i + 1;
                    continue;
                }
                if event_line(t, false).is_some() || group_line(t).is_some() || !t.contains(':') {
                    break;
                }
                header.push((i, line));
                end = i + 1;
            }
        }
        let mut kept = serde_json::Map::new();
        for (i, line) in header {
            let t = line.trim();
            if t.is_empty() || t.starts_with("//") || t.starts_with('#') && !t.contains(':') {
                continue;
            }
            let Some((key, value)) = t.split_once(':') else {
                continue;
            };
            let value = yaml_value(value);
            let (key, value) = (key.trim(), value.as_str());
            match key {
                "title" => {
                    value.clone_into(&mut self.dossier.title);
                    self.title_from_header = true;
                }
                "description" => value.clone_into(&mut self.dossier.description),
                "dateFormat" => self.day_first = value.to_lowercase().starts_with('d'),
                _ if value.is_empty() => {}
                _ => {
                    self.warning(
                        i + 1,
                        format!(
                            "header \"{key}\" has no Dossier equivalent; kept as an extra field"
                        ),
                    );
                    kept.insert(key.to_owned(), value.into());
                }
            }
        }
        if !kept.is_empty() {
            self.dossier
                .extra
                .insert(HEADER_KEY.to_owned(), serde_json::Value::Object(kept));
        }
        end
    }

    fn line(&mut self, n: usize, line: &str) {
        let t = line.trim();
        if t.starts_with("//") {
            return;
        }
        if t == "_-_-_break_-_-_" {
            self.close_event();
            self.warning(
                n,
                "page break: Dossier has one timeline; the next page's events follow",
            );
            return;
        }
        if let Some(label) = group_line(t) {
            self.close_event();
            let lane = self.lane(&label);
            self.groups.push(lane);
            return;
        }
        if matches!(t, "endGroup" | "endSection" | "end group" | "end section") {
            self.close_event();
            if self.groups.pop().is_none() {
                self.warning(
                    n,
                    format!("\"{t}\" without an open group or section: ignored"),
                );
            }
            return;
        }
        if let Some((range, rest)) = event_line(t, self.day_first) {
            self.close_event();
            let mut event = Event {
                start: range.start.to_string().into(),
                ..Event::default()
            };
            event.set_end(range.end.map(|e| e.to_string().into()).unwrap_or_default());
            let (title, tags, links) = split_text(rest);
            if title.is_empty() {
                self.warning(n, "event without a description: titled \"Untitled event\"");
                event.title = "Untitled event".into();
                let title = event.title.to_string();
                event
                    .extra_mut()
                    .insert("generated_title".to_owned(), title.into());
            } else {
                event.title = title.into();
            }
            event.tags = tags.into_iter().map(Into::into).collect();
            self.cite(&mut event, &links);
            let base = match slug(&event.title) {
                s if s.is_empty() => "event".to_owned(),
                s => s,
            };
            let id = first_unused_id(&base, |id| self.event_ids.contains(id));
            event.id = id.as_str().into();
            self.event_ids.insert(id);
            let lane = match self.groups.last() {
                Some(&lane) => lane,
                None => self.lane(""),
            };
            event.lane = self.dossier.lanes[lane].id.as_str().into();
            self.open = Some(event);
            return;
        }
        if looks_like_a_date_line(t) {
            self.close_event();
            self.skipping = true;
            self.skipped += 1;
            self.warning(
                n,
                format!("\"{t}\": dates Dossier cannot read (relative dates such as \"now\" or \"1 year\" need the dates before them); the event is skipped"),
            );
        } else if self.open.is_some() {
            self.description.push(t.to_owned());
        } else if !t.is_empty() && !self.skipping {
            self.warning(n, format!("\"{t}\" is not an event: ignored"));
        }
    }

    fn close_event(&mut self) {
        self.skipping = false;
        let Some(mut event) = self.open.take() else {
            return;
        };
        let lines = std::mem::take(&mut self.description);
        let mut paragraphs: Vec<String> = Vec::new();
        let mut current: Vec<String> = Vec::new();
        for line in lines {
            if line.is_empty() {
                if !current.is_empty() {
                    paragraphs.push(current.join("\n"));
                    current.clear();
                }
                continue;
            }
            let (_, tags, links) = split_text(&line);
            for tag in tags {
                if !event.tags.iter().any(|t| *t == tag) {
                    event.tags.push(tag.into());
                }
            }
            self.cite(&mut event, &links);
            // A line of links only lists sources (as the export writes them).
            if !links_only(&line) {
                current.push(line);
            }
        }
        if !current.is_empty() {
            paragraphs.push(current.join("\n"));
        }
        event.summary = paragraphs.join("\n\n").into();
        self.dossier.events.push(Box::new(event));
    }

    /// Links become sources the event cites (one source per address).
    fn cite(&mut self, event: &mut Event, links: &[(String, String)]) {
        for (label, url) in links {
            let existing = self.dossier.sources.iter().find(|s| *s.url == **url);
            let id = if let Some(source) = existing {
                source.id.to_string()
            } else {
                let base = match slug(label) {
                    s if s.is_empty() => "source".to_owned(),
                    s => s,
                };
                let id = first_unused_id(&base, |id| self.source_ids.contains(id));
                self.source_ids.insert(id.clone());
                self.dossier.sources.push(Source {
                    id: id.as_str().into(),
                    title: if label.is_empty() {
                        url.as_str().into()
                    } else {
                        label.as_str().into()
                    },
                    url: url.as_str().into(),
                    ..Source::default()
                });
                id
            };
            if !event.sources.iter().any(|s| *s == id) {
                event.sources.push(id.into());
            }
        }
    }

    /// The lane of a group label (`""` for events outside groups), made on first use.
    fn lane(&mut self, label: &str) -> usize {
        let (base, label) = if label.is_empty() {
            (UNGROUPED_LANE.0.to_owned(), UNGROUPED_LANE.1)
        } else {
            (slug(label), label)
        };
        if let Some(i) = self.dossier.lanes.iter().position(|l| l.label == label) {
            return i;
        }
        let base = if base.is_empty() {
            "group".to_owned()
        } else {
            base
        };
        let id = first_unused_id(&base, |id| self.lane_ids.contains(id));
        self.lane_ids.insert(id.clone());
        self.dossier.lanes.push(Lane {
            id,
            label: label.to_owned(),
            ..Lane::default()
        });
        self.dossier.lanes.len() - 1
    }

    fn finish(mut self, file: &str) -> Result<Document, LoadError> {
        FORMAT_NAME.clone_into(&mut self.dossier.format);
        self.dossier.version = FORMAT_VERSION;
        if !self.title_from_header || self.dossier.title.trim().is_empty() {
            let stem = Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().trim().to_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "Imported timeline".to_owned());
            self.problems.push(Problem {
                severity: Severity::Warning,
                path: ProblemPath::default(),
                message: format!(
                    "no title in the header: the dossier is titled \"{stem}\" after the file"
                )
                .into(),
            });
            self.dossier
                .extra
                .insert("generated_title".to_owned(), stem.clone().into());
            self.dossier.title = stem;
        }
        if self.dossier.events.is_empty() {
            let message = if self.skipped > 0 {
                "no event Dossier can read: every event was skipped"
            } else {
                "no events: a Markwhen event is a date range, a colon and a description (2025-07-26: Launch)"
            };
            for problem in &mut self.problems {
                if problem.message.ends_with("the event is skipped") {
                    problem.severity = Severity::Error;
                }
            }
            self.problems.push(Problem {
                severity: Severity::Error,
                path: ProblemPath::default(),
                message: message.to_owned().into(),
            });
        }
        if self.dossier.lanes.is_empty() {
            self.lane("");
        }
        let mut document = Document::new(self.dossier);
        document.source_format = SourceFormat::Markwhen;
        imported(file, document, self.problems)
    }
}

/// The label of a `group` or `section` line, without its tags and comment.
fn group_line(line: &str) -> Option<String> {
    let rest = ["group", "section"].into_iter().find_map(|keyword| {
        let rest = line.strip_prefix(keyword)?;
        (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest)
    })?;
    let rest = rest.split("//").next().unwrap_or("");
    let (label, _, _) = split_text(rest);
    Some(label)
}

/// A YAML header value: a double-quoted one unescaped (`\"`, `\\`), a single-quoted one
/// without its quotes (`''` is `'`), else as written.
fn yaml_value(value: &str) -> String {
    let value = value.trim();
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                out.extend(chars.next());
            } else {
                out.push(c);
            }
        }
        out
    } else if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else {
        value.to_owned()
    }
}

/// Whether a line is nothing but `[label](url)` links.
fn links_only(line: &str) -> bool {
    let mut rest = line.trim();
    if !rest.starts_with('[') {
        return false;
    }
    while let Some(link) = rest.strip_prefix('[') {
        let Some((_, after)) = link.split_once("](") else {
            return false;
        };
        let Some((_, after)) = after.split_once(')') else {
            return false;
        };
        rest = after.trim_start();
    }
    rest.is_empty()
}

/// A line that starts like a date but is no event Dossier reads (`now: …`, `1 year: …`).
fn looks_like_a_date_line(line: &str) -> bool {
    let Some((head, _)) = line.split_once(':') else {
        return false;
    };
    let head = head.trim().to_lowercase();
    let words: Vec<&str> = head.split_whitespace().collect();
    let unit = |w: &str| {
        matches!(
            w.trim_end_matches('s'),
            "year" | "month" | "week" | "day" | "hour" | "minute"
        )
    };
    match words.as_slice() {
        [] => false,
        [first, ..] if matches!(*first, "now" | "today" | "after" | "before" | "by") => true,
        [number, u, ..] if number.parse::<f64>().is_ok() && unit(u) => true,
        _ => head.ends_with("now") && head.starts_with(|c: char| c.is_ascii_digit()),
    }
}

/// A description line split into its text (tags removed, links as their label), its
/// `#tags`, and its `[label](url)` links.
fn split_text(text: &str) -> (String, Vec<String>, Vec<(String, String)>) {
    let mut tags = Vec::new();
    let mut links = Vec::new();
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(link) = rest.strip_prefix('[')
            && let Some((label, after)) = link.split_once("](")
            && let Some((url, after)) = after.split_once(')')
            && !label.contains('[')
            && !url.contains(char::is_whitespace)
        {
            let url = url.trim();
            if url != "location" && url != "map" {
                let url = if url.contains("://") || url.starts_with("mailto:") {
                    url.to_owned()
                } else {
                    format!("https://{url}")
                };
                links.push((label.trim().to_owned(), url));
            }
            out.push_str(label);
            rest = after;
            continue;
        }
        if let Some(tag) = rest.strip_prefix('#')
            && (out.is_empty() || out.ends_with(char::is_whitespace))
        {
            let end = tag
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(tag.len());
            if end > 0 {
                tags.push(tag[..end].to_owned());
                rest = &tag[end..];
                continue;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (text, tags, links)
}
