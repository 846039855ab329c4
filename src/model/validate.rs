//! Semantic checks: every problem of a parsed dossier, each with its JSON path.

use std::collections::HashMap;
use std::fmt;

use super::dataset::{Dossier, FORMAT_NAME, FORMAT_VERSION};
use super::date::FuzzyDate;
use super::index::Index;
use super::text::citations;

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
    pub path: String,
    pub message: String,
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

/// True if any problem is an error.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

/// Whether an id is well formed: letters, digits, `-`, `_`, `.`, `:`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// Whether a colour is `#RRGGBB`.
pub fn is_valid_color(color: &str) -> bool {
    color.len() == 7 && color.starts_with('#') && color[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

struct Checker<'a> {
    index: &'a Index,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            severity: Severity::Error,
            path: path.into(),
            message: message.into(),
        });
    }

    fn warning(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            path: path.into(),
            message: message.into(),
        });
    }

    fn required(&mut self, path: &str, key: &str, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.error(
                format!("{path}.{key}"),
                format!("{what} is missing or empty"),
            );
        }
    }

    /// Checks the ids of one kind of record: well formed and unique.
    fn ids<'r>(&mut self, collection: &str, kind: &str, ids: impl Iterator<Item = &'r str>) {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            let path = format!("{collection}[{i}].id");
            if id.is_empty() {
                self.error(path, format!("{kind} id is missing or empty"));
            } else if !is_valid_id(id) {
                self.error(
                    path,
                    format!(
                        "malformed {kind} id \"{id}\": use letters, digits, '-', '_', '.' or ':'"
                    ),
                );
            } else if let Some(previous) = first.get(id) {
                self.error(
                    path,
                    format!(
                        "duplicate {kind} id \"{id}\" (first used by {collection}[{previous}])"
                    ),
                );
            } else {
                first.insert(id, i);
            }
        }
    }

    fn date(&mut self, path: String, text: &str) -> Option<FuzzyDate> {
        match FuzzyDate::parse(text) {
            Ok(date) => Some(date),
            Err(e) => {
                self.error(path, e.to_string());
                None
            }
        }
    }

    /// Checks a start/end pair: both dates well formed, end not before start.
    fn range(&mut self, path: &str, start: &str, end: &str, end_required: bool) {
        let start_date = if start.is_empty() {
            self.error(format!("{path}.start"), "start date is missing or empty");
            None
        } else {
            self.date(format!("{path}.start"), start)
        };
        if end.is_empty() {
            if end_required {
                self.error(format!("{path}.end"), "end date is missing or empty");
            }
            return;
        }
        let end_date = self.date(format!("{path}.end"), end);
        if let (Some(s), Some(e)) = (start_date, end_date)
            && e.end_secs_exclusive() <= s.start_secs()
        {
            self.error(
                format!("{path}.end"),
                format!("end \"{end}\" is before start \"{start}\""),
            );
        }
    }

    fn color(&mut self, path: String, color: &str) {
        if !color.is_empty() && !is_valid_color(color) {
            self.error(
                path,
                format!("malformed colour \"{color}\": expected #RRGGBB"),
            );
        }
    }

    fn entity_ref(&mut self, path: String, id: &str) {
        if self.index.entity(id).is_none() {
            self.error(path, format!("unknown entity \"{id}\""));
        }
    }

    fn source_ref(&mut self, path: String, id: &str) {
        if self.index.source(id).is_none() {
            self.error(path, format!("unknown source \"{id}\""));
        }
    }

    fn citations(&mut self, path: &str, text: &str) {
        for (_, id) in citations(text) {
            if self.index.source(id).is_none() {
                self.error(path, format!("cites unknown source \"[@{id}]\""));
            }
        }
    }
}

/// Checks a dossier against its index and returns every problem found, errors first in
/// file order, then warnings.
pub fn validate(dossier: &Dossier, index: &Index) -> Vec<Problem> {
    let mut c = Checker {
        index,
        problems: Vec::new(),
    };

    if dossier.format != FORMAT_NAME {
        c.error(
            "format",
            format!("expected \"{FORMAT_NAME}\", found \"{}\"", dossier.format),
        );
    }
    if dossier.version != FORMAT_VERSION {
        c.error(
            "version",
            format!(
                "unsupported format version {} (this version of Dossier reads version {FORMAT_VERSION})",
                dossier.version
            ),
        );
    }
    if dossier.title.trim().is_empty() {
        c.error("title", "title is missing or empty");
    }
    if dossier.lanes.is_empty() {
        c.error("lanes", "a dossier needs at least one lane");
    }

    c.ids("lanes", "lane", dossier.lanes.iter().map(|r| r.id.as_str()));
    c.ids(
        "entities",
        "entity",
        dossier.entities.iter().map(|r| r.id.as_str()),
    );
    c.ids(
        "sources",
        "source",
        dossier.sources.iter().map(|r| r.id.as_str()),
    );
    c.ids(
        "events",
        "event",
        dossier.events.iter().map(|r| r.id.as_str()),
    );
    c.ids(
        "periods",
        "period",
        dossier.periods.iter().map(|r| r.id.as_str()),
    );
    c.ids(
        "briefings",
        "briefing",
        dossier.briefings.iter().map(|r| r.id.as_str()),
    );

    for (i, lane) in dossier.lanes.iter().enumerate() {
        let path = format!("lanes[{i}]");
        c.required(&path, "label", &lane.label, "label");
        c.color(format!("{path}.color"), &lane.color);
    }

    for (i, entity) in dossier.entities.iter().enumerate() {
        let path = format!("entities[{i}]");
        c.required(&path, "name", &entity.name, "name");
        for (j, alias) in entity.aliases.iter().enumerate() {
            if alias.trim().is_empty() {
                c.error(format!("{path}.aliases[{j}]"), "empty alias");
            }
        }
        for (j, link) in entity.links.iter().enumerate() {
            c.required(
                &format!("{path}.links[{j}]"),
                "url",
                &link.url,
                "link address",
            );
        }
    }

    for (i, source) in dossier.sources.iter().enumerate() {
        let path = format!("sources[{i}]");
        c.required(&path, "title", &source.title, "title");
        if !source.published.is_empty() {
            c.date(format!("{path}.published"), &source.published);
        }
    }

    let mut cited_sources = vec![false; dossier.sources.len()];
    let mut mentioned_entities = vec![false; dossier.entities.len()];

    for (i, event) in dossier.events.iter().enumerate() {
        let path = format!("events[{i}]");
        c.required(&path, "title", &event.title, "title");
        c.range(&path, &event.start, &event.end, false);
        if event.lane.is_empty() {
            c.error(format!("{path}.lane"), "lane is missing or empty");
        } else if index.lane(&event.lane).is_none() {
            c.error(
                format!("{path}.lane"),
                format!("unknown lane \"{}\"", event.lane),
            );
        }
        for (j, reference) in event.entities.iter().enumerate() {
            c.entity_ref(format!("{path}.entities[{j}].id"), &reference.id);
            if let Some(e) = index.entity(&reference.id) {
                mentioned_entities[e] = true;
            }
        }
        for (j, source) in event.sources.iter().enumerate() {
            c.source_ref(format!("{path}.sources[{j}]"), source);
            if let Some(s) = index.source(source) {
                cited_sources[s] = true;
            }
        }
        for (j, quote) in event.quotes.iter().enumerate() {
            let quote_path = format!("{path}.quotes[{j}]");
            c.required(&quote_path, "text", &quote.text, "quote text");
            if !quote.speaker.is_empty() {
                c.entity_ref(format!("{quote_path}.speaker"), &quote.speaker);
                if let Some(e) = index.entity(&quote.speaker) {
                    mentioned_entities[e] = true;
                }
            }
        }
        for (j, figure) in event.figures.iter().enumerate() {
            let figure_path = format!("{path}.figures[{j}]");
            c.required(&figure_path, "label", &figure.label, "figure label");
            c.required(&figure_path, "value", &figure.value, "figure value");
        }
        if let Some(importance) = event.importance
            && !(1..=5).contains(&importance)
        {
            c.error(
                format!("{path}.importance"),
                format!("importance {importance} is outside 1–5"),
            );
        }
        if event.sources.is_empty() {
            c.warning(format!("{path}.sources"), "event cites no source");
        }
    }

    for (i, period) in dossier.periods.iter().enumerate() {
        let path = format!("periods[{i}]");
        c.required(&path, "label", &period.label, "label");
        c.range(&path, &period.start, &period.end, true);
        c.color(format!("{path}.color"), &period.color);
    }

    for (i, briefing) in dossier.briefings.iter().enumerate() {
        let path = format!("briefings[{i}]");
        c.required(&path, "title", &briefing.title, "title");
        if briefing.date.is_empty() {
            c.error(format!("{path}.date"), "date is missing or empty");
        } else {
            c.date(format!("{path}.date"), &briefing.date);
        }
        c.citations(&format!("{path}.summary"), &briefing.summary);
        for (j, section) in briefing.sections.iter().enumerate() {
            let section_path = format!("{path}.sections[{j}]");
            c.required(
                &section_path,
                "heading",
                &section.heading,
                "section heading",
            );
            c.citations(&format!("{section_path}.body"), &section.body);
            for (_, id) in citations(&section.body) {
                if let Some(s) = index.source(id) {
                    cited_sources[s] = true;
                }
            }
        }
        for (_, id) in citations(&briefing.summary) {
            if let Some(s) = index.source(id) {
                cited_sources[s] = true;
            }
        }
        for (j, event) in briefing.events.iter().enumerate() {
            if index.event(event).is_none() {
                c.error(
                    format!("{path}.events[{j}]"),
                    format!("unknown event \"{event}\""),
                );
            }
        }
        for (j, entity) in briefing.entities.iter().enumerate() {
            c.entity_ref(format!("{path}.entities[{j}]"), entity);
            if let Some(e) = index.entity(entity) {
                mentioned_entities[e] = true;
            }
        }
        for (j, source) in briefing.sources.iter().enumerate() {
            c.source_ref(format!("{path}.sources[{j}]"), source);
            if let Some(s) = index.source(source) {
                cited_sources[s] = true;
            }
        }
    }

    for (i, entity) in dossier.entities.iter().enumerate() {
        if !mentioned_entities[i] && index.entity(&entity.id) == Some(i) {
            c.warning(
                format!("entities[{i}]"),
                format!(
                    "entity \"{}\" is not mentioned by any event or briefing",
                    entity.id
                ),
            );
        }
    }
    for (i, source) in dossier.sources.iter().enumerate() {
        if !cited_sources[i] && index.source(&source.id) == Some(i) {
            c.warning(
                format!("sources[{i}]"),
                format!(
                    "source \"{}\" is not cited by any event or briefing",
                    source.id
                ),
            );
        }
    }

    // Stable sort: errors first, each group in file order.
    c.problems.sort_by_key(|p| p.severity);
    c.problems
}
