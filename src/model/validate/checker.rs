//! The checks of single records, which the passes over a dossier (`validate`) and
//! the checks of one record being edited share.

use std::borrow::Cow;

use crate::model::dataset::{Briefing, Dossier, Entity, Event, Lane, Period, Source};
use crate::model::date::FuzzyDate;
use crate::model::evidence::{credibility_problem, event_sources, reliability_problem};
use crate::model::index::Index;
use crate::model::problem::{Problem, ProblemPath, Severity, join};
use crate::model::records::Record;
use crate::model::text::citations;
use crate::model::usage::Usage;

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

/// Gathers the problems of the records it is shown, and the uses they make.
pub(super) struct Checker<'a> {
    /// The dossier the index is of: event ids are looked up with it.
    pub(super) dossier: &'a Dossier,
    pub(super) index: &'a Index,
    pub(super) problems: Vec<Problem>,
    /// The uses of each entity and source, counted as the references are checked when
    /// the whole dossier is: one lookup per reference, where counting apart took a
    /// second (a million source ids looked up in a table of 100,000, twice, was most of
    /// the checks of a large file). `None` when one record is checked.
    pub(super) uses: Option<Usage>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(dossier: &'a Dossier, index: &'a Index) -> Self {
        Self {
            dossier,
            index,
            problems: Vec::new(),
            uses: None,
        }
    }

    pub(super) fn counting(dossier: &'a Dossier, index: &'a Index) -> Self {
        Self {
            uses: Some(Usage::none(dossier)),
            ..Self::new(dossier, index)
        }
    }
}

impl Checker<'_> {
    pub(super) fn error(
        &mut self,
        path: impl Into<ProblemPath>,
        message: impl Into<Cow<'static, str>>,
    ) {
        self.problems.push(Problem {
            severity: Severity::Error,
            path: path.into(),
            message: message.into(),
        });
    }

    pub(super) fn warning(
        &mut self,
        path: impl Into<ProblemPath>,
        message: impl Into<Cow<'static, str>>,
    ) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            path: path.into(),
            message: message.into(),
        });
    }

    pub(super) fn required(&mut self, path: &str, key: &str, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.error(join(path, key), format!("{what} is missing or empty"));
        }
    }

    /// Checks one id: well formed. Uniqueness is checked by the caller.
    pub(super) fn id(&mut self, path: String, kind: &str, id: &str) -> bool {
        if id.is_empty() {
            self.error(path, format!("{kind} id is missing or empty"));
            false
        } else if !is_valid_id(id) {
            self.error(
                path,
                format!("malformed {kind} id \"{id}\": use letters, digits, '-', '_', '.' or ':'"),
            );
            false
        } else {
            true
        }
    }

    /// Checks the ids of one kind of record: well formed and unique. `first` is the
    /// index's id map (which keeps the first record with each id), so uniqueness costs a
    /// lookup per record rather than a second map.
    pub(super) fn ids<'r>(
        &mut self,
        collection: &str,
        kind: &str,
        ids: impl Iterator<Item = &'r str>,
        first: impl Fn(&str) -> Option<usize>,
    ) {
        for (i, id) in ids.enumerate() {
            if id.is_empty() || !is_valid_id(id) {
                self.id(format!("{collection}[{i}].id"), kind, id);
                continue;
            }
            if let Some(previous) = first(id).filter(|&p| p != i) {
                self.error(
                    format!("{collection}[{i}].id"),
                    format!(
                        "duplicate {kind} id \"{id}\" (first used by {collection}[{previous}])"
                    ),
                );
            }
        }
    }

    // Paths are built only when there is a problem to report: a million valid events
    // must not cost millions of path strings.
    pub(super) fn date(&mut self, path: impl FnOnce() -> String, text: &str) -> Option<FuzzyDate> {
        match FuzzyDate::parse(text) {
            Ok(date) => Some(date),
            Err(e) => {
                self.error(path(), e.to_string());
                None
            }
        }
    }

    /// Checks a start/end pair: both dates well formed, end not before start.
    pub(super) fn range(&mut self, path: &str, start: &str, end: &str, end_required: bool) {
        let start_date = if start.is_empty() {
            self.error(join(path, "start"), "start date is missing or empty");
            None
        } else {
            self.date(|| join(path, "start"), start)
        };
        if end.is_empty() {
            if end_required {
                self.error(join(path, "end"), "end date is missing or empty");
            }
            return;
        }
        let end_date = self.date(|| join(path, "end"), end);
        if let (Some(s), Some(e)) = (start_date, end_date)
            && e.end_secs_exclusive() <= s.start_secs()
        {
            self.error(
                join(path, "end"),
                format!("end \"{end}\" is before start \"{start}\""),
            );
        }
    }

    pub(super) fn color(&mut self, path: impl FnOnce() -> String, color: &str) {
        if !color.is_empty() && !is_valid_color(color) {
            self.error(
                path(),
                format!("malformed colour \"{color}\": expected #RRGGBB"),
            );
        }
    }

    pub(super) fn entity_ref(&mut self, path: impl FnOnce() -> String, id: &str) {
        match self.index.entity(id) {
            Some(e) => {
                if let Some(uses) = &mut self.uses {
                    uses.mentioned(e);
                }
            }
            None => self.error(path(), format!("unknown entity \"{id}\"")),
        }
    }

    /// Whether `id` names a source; if so, one more citation of it is counted.
    fn cites(&mut self, id: &str) -> bool {
        let source = self.index.source(id);
        if let (Some(s), Some(uses)) = (source, &mut self.uses) {
            uses.cited(s);
        }
        source.is_some()
    }

    pub(super) fn source_ref(&mut self, path: impl FnOnce() -> String, id: &str) {
        if !self.cites(id) {
            self.error(path(), format!("unknown source \"{id}\""));
        }
    }

    pub(super) fn citations(&mut self, path: &str, text: &str) {
        for (_, id) in citations(text) {
            if !self.cites(id) {
                self.error(path, format!("cites unknown source \"[@{id}]\""));
            }
        }
    }

    pub(super) fn lane(&mut self, path: &str, lane: &Lane) {
        self.required(path, "label", &lane.label, "label");
        self.color(|| join(path, "color"), &lane.color);
    }

    pub(super) fn entity(&mut self, path: &str, entity: &Entity) {
        self.required(path, "name", &entity.name, "name");
        for (j, alias) in entity.aliases.iter().enumerate() {
            if alias.trim().is_empty() {
                self.error(join(path, &format!("aliases[{j}]")), "empty alias");
            }
        }
        for (j, link) in entity.links.iter().enumerate() {
            self.required(
                &join(path, &format!("links[{j}]")),
                "url",
                &link.url,
                "link address",
            );
        }
    }

    pub(super) fn source(&mut self, path: &str, source: &Source) {
        self.required(path, "title", &source.title, "title");
        if !source.published.is_empty() {
            self.date(|| join(path, "published"), &source.published);
        }
        if !source.accessed.is_empty() {
            self.date(|| join(path, "accessed"), &source.accessed);
        }
        if let Some(message) = reliability_problem(&source.reliability) {
            self.error(join(path, "reliability"), message);
        } else if source.reliability.is_empty() {
            self.warning(
                ProblemPath::field(path, "reliability"),
                "source has no reliability grade (A–F)",
            );
        }
    }

    /// `secs` are the event's first and just-after-last second as the index parsed them,
    /// if its dates are valid: only a range's end is parsed again, to compare it with
    /// the start (its seconds were made at least the start's).
    pub(super) fn event(&mut self, path: &str, event: &Event, secs: Option<(i64, i64)>) {
        self.required(path, "title", &event.title, "title");
        match secs {
            Some((start_secs, _)) => {
                if !event.end().is_empty()
                    && let Ok(end) = FuzzyDate::parse(event.end())
                    && end.end_secs_exclusive() <= start_secs
                {
                    self.error(
                        join(path, "end"),
                        format!(
                            "end \"{}\" is before start \"{}\"",
                            event.end(),
                            event.start
                        ),
                    );
                }
            }
            None => self.range(path, &event.start, event.end(), false),
        }
        if event.lane.is_empty() {
            self.error(join(path, "lane"), "lane is missing or empty");
        } else if self.index.lane(&event.lane).is_none() {
            self.error(
                join(path, "lane"),
                format!("unknown lane \"{}\"", event.lane),
            );
        }
        for (j, reference) in event.entities.iter().enumerate() {
            self.entity_ref(|| join(path, &format!("entities[{j}].id")), &reference.id);
        }
        for (j, source) in event.sources.iter().enumerate() {
            self.source_ref(|| join(path, &format!("sources[{j}]")), source);
        }
        for (j, quote) in event.quotes().iter().enumerate() {
            let quote_path = join(path, &format!("quotes[{j}]"));
            self.required(&quote_path, "text", &quote.text, "quote text");
            if !quote.speaker.is_empty() {
                self.entity_ref(|| join(&quote_path, "speaker"), &quote.speaker);
            }
            if !quote.original.is_empty() && quote.language.is_empty() {
                let message = "the language of the original is not given";
                self.warning(join(&quote_path, "language"), message);
            }
        }
        for (j, figure) in event.figures().iter().enumerate() {
            let figure_path = join(path, &format!("figures[{j}]"));
            self.required(&figure_path, "label", &figure.label, "figure label");
            self.required(&figure_path, "value", &figure.value, "figure value");
            if !figure.source.is_empty() {
                self.source_ref(|| join(&figure_path, "source"), &figure.source);
            }
            for (k, value) in figure.values.iter().enumerate() {
                let value_path = join(&figure_path, &format!("values[{k}]"));
                self.required(&value_path, "value", &value.value, "figure value");
                if !value.source.is_empty() {
                    self.source_ref(|| join(&value_path, "source"), &value.source);
                }
            }
        }
        if let Some(message) = credibility_problem(event.credibility) {
            self.error(join(path, "credibility"), message);
        }
        if let Some(importance) = event.importance
            && !(1..=5).contains(&importance)
        {
            self.error(
                join(path, "importance"),
                format!("importance {importance} is outside 1–5"),
            );
        }
        if event.sources.is_empty() {
            self.warning(ProblemPath::field(path, "sources"), "event cites no source");
        } else if event.importance() == 5 && event_sources(self.index, event).len() == 1 {
            let message = "core event (importance 5) rests on a single source";
            self.warning(ProblemPath::field(path, "sources"), message);
        }
    }

    pub(super) fn period(&mut self, path: &str, period: &Period) {
        self.required(path, "label", &period.label, "label");
        self.range(path, &period.start, &period.end, true);
        self.color(|| join(path, "color"), &period.color);
    }

    pub(super) fn briefing(&mut self, path: &str, briefing: &Briefing) {
        self.required(path, "title", &briefing.title, "title");
        if briefing.date.is_empty() {
            self.error(join(path, "date"), "date is missing or empty");
        } else {
            self.date(|| join(path, "date"), &briefing.date);
        }
        self.citations(&join(path, "summary"), &briefing.summary);
        for (j, section) in briefing.sections.iter().enumerate() {
            let section_path = join(path, &format!("sections[{j}]"));
            self.required(
                &section_path,
                "heading",
                &section.heading,
                "section heading",
            );
            self.citations(&join(&section_path, "body"), &section.body);
        }
        for (j, event) in briefing.events.iter().enumerate() {
            if self.index.event(self.dossier, event).is_none() {
                self.error(
                    join(path, &format!("events[{j}]")),
                    format!("unknown event \"{event}\""),
                );
            }
        }
        for (j, entity) in briefing.entities.iter().enumerate() {
            self.entity_ref(|| join(path, &format!("entities[{j}]")), entity);
        }
        for (j, source) in briefing.sources.iter().enumerate() {
            self.source_ref(|| join(path, &format!("sources[{j}]")), source);
        }
    }

    pub(super) fn record(&mut self, path: &str, record: &Record) {
        match record {
            Record::Lane(r) => self.lane(path, r),
            Record::Entity(r) => self.entity(path, r),
            Record::Source(r) => self.source(path, r),
            Record::Event(r) => self.event(path, r, None),
            Record::Period(r) => self.period(path, r),
            Record::Briefing(r) => self.briefing(path, r),
        }
    }
}
