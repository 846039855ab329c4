//! Semantic checks: every problem of a parsed dossier, each with its JSON path.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use super::dataset::{
    Briefing, Dossier, Entity, Event, FORMAT_NAME, FORMAT_VERSION, Lane, Period, Source,
};
use super::date::FuzzyDate;
use super::evidence::{credibility_problem, event_sources, reliability_problem};
use super::index::Index;
pub use super::problem::{Problem, Severity, has_errors};
use super::problem::{uncited_source, unmentioned_entity};
use super::records::{Record, RecordKind};
use super::text::citations;
use super::usage::Usage;

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

/// `parent.key`, or `key` at the top of a record being edited on its own.
fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else if key.starts_with('[') {
        format!("{parent}{key}")
    } else {
        format!("{parent}.{key}")
    }
}

impl Checker<'_> {
    fn error(&mut self, path: impl Into<String>, message: impl Into<Cow<'static, str>>) {
        self.problems.push(Problem {
            severity: Severity::Error,
            path: path.into(),
            message: message.into(),
        });
    }

    fn warning(&mut self, path: impl Into<String>, message: impl Into<Cow<'static, str>>) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            path: path.into(),
            message: message.into(),
        });
    }

    fn required(&mut self, path: &str, key: &str, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.error(join(path, key), format!("{what} is missing or empty"));
        }
    }

    /// Checks one id: well formed. Uniqueness is checked by the caller.
    fn id(&mut self, path: String, kind: &str, id: &str) -> bool {
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
    fn ids<'r>(
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
    fn date(&mut self, path: impl FnOnce() -> String, text: &str) -> Option<FuzzyDate> {
        match FuzzyDate::parse(text) {
            Ok(date) => Some(date),
            Err(e) => {
                self.error(path(), e.to_string());
                None
            }
        }
    }

    /// Checks a start/end pair: both dates well formed, end not before start.
    fn range(&mut self, path: &str, start: &str, end: &str, end_required: bool) {
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

    fn color(&mut self, path: impl FnOnce() -> String, color: &str) {
        if !color.is_empty() && !is_valid_color(color) {
            self.error(
                path(),
                format!("malformed colour \"{color}\": expected #RRGGBB"),
            );
        }
    }

    fn entity_ref(&mut self, path: impl FnOnce() -> String, id: &str) {
        if self.index.entity(id).is_none() {
            self.error(path(), format!("unknown entity \"{id}\""));
        }
    }

    fn source_ref(&mut self, path: impl FnOnce() -> String, id: &str) {
        if self.index.source(id).is_none() {
            self.error(path(), format!("unknown source \"{id}\""));
        }
    }

    fn citations(&mut self, path: &str, text: &str) {
        for (_, id) in citations(text) {
            if self.index.source(id).is_none() {
                self.error(path, format!("cites unknown source \"[@{id}]\""));
            }
        }
    }

    fn lane(&mut self, path: &str, lane: &Lane) {
        self.required(path, "label", &lane.label, "label");
        self.color(|| join(path, "color"), &lane.color);
    }

    fn entity(&mut self, path: &str, entity: &Entity) {
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

    fn source(&mut self, path: &str, source: &Source) {
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
                join(path, "reliability"),
                "source has no reliability grade (A–F)",
            );
        }
    }

    /// `span` is the event's span as the index parsed it, if its dates are valid: no need
    /// to parse them twice.
    fn event(&mut self, path: &str, event: &Event, span: Option<&super::span::Span>) {
        self.required(path, "title", &event.title, "title");
        match span {
            Some(span) => {
                if let Some(end) = span.end
                    && end.end_secs_exclusive() <= span.start.start_secs()
                {
                    self.error(
                        join(path, "end"),
                        format!("end \"{}\" is before start \"{}\"", event.end, event.start),
                    );
                }
            }
            None => self.range(path, &event.start, &event.end, false),
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
        for (j, quote) in event.quotes.iter().enumerate() {
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
        for (j, figure) in event.figures.iter().enumerate() {
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
            self.warning(join(path, "sources"), "event cites no source");
        } else if event.importance() == 5 && event_sources(self.index, event).len() == 1 {
            let message = "core event (importance 5) rests on a single source";
            self.warning(join(path, "sources"), message);
        }
    }

    fn period(&mut self, path: &str, period: &Period) {
        self.required(path, "label", &period.label, "label");
        self.range(path, &period.start, &period.end, true);
        self.color(|| join(path, "color"), &period.color);
    }

    fn briefing(&mut self, path: &str, briefing: &Briefing) {
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
            if self.index.event(event).is_none() {
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

    fn record(&mut self, path: &str, record: &Record) {
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

/// Checks one record on its own, as an editor form does while the user types: the same
/// rules as loading, with paths relative to the record (`title`, `entities[1].id`).
/// `position` is where the record sits in the dossier (`None` for a new one), so that its
/// own id does not count as a duplicate.
pub fn check_record(index: &Index, record: &Record, position: Option<usize>) -> Vec<Problem> {
    let mut c = Checker {
        index,
        problems: Vec::new(),
    };
    let kind = record.kind();
    let id = record.id();
    if c.id("id".to_owned(), kind.noun(), id) {
        let taken = match kind {
            RecordKind::Lane => index.lane(id),
            RecordKind::Entity => index.entity(id),
            RecordKind::Source => index.source(id),
            RecordKind::Event => index.event(id),
            RecordKind::Period => index.period(id),
            RecordKind::Briefing => index.briefing(id),
        };
        if taken.is_some() && taken != position {
            c.error(
                "id",
                format!("another {} already has the id \"{id}\"", kind.noun()),
            );
        }
    }
    c.record("", record);
    c.problems.sort_by_key(|p| p.severity);
    c.problems
}

/// Checks a dossier against its index and returns every problem found, errors first in
/// file order, then warnings.
pub fn validate(dossier: &Dossier, index: &Index) -> Vec<Problem> {
    validate_with_usage(dossier, index).0
}

/// As [`validate`], also returning how often each entity and source is used, which an
/// edit needs to update the warnings about unused ones.
pub fn validate_with_usage(dossier: &Dossier, index: &Index) -> (Vec<Problem>, Usage) {
    let threads = dossier.events.len() >= super::index::PARALLEL_EVENTS;
    validate_on_threads(dossier, index, threads)
}

/// [`validate_with_usage`], on one thread or on three.
pub(crate) fn validate_on_threads(
    dossier: &Dossier,
    index: &Index,
    threads: bool,
) -> (Vec<Problem>, Usage) {
    // Counting the uses needs nothing the checks make, and the events' checks need
    // nothing from each other: for large files the uses and the later half of the
    // events are done on threads of their own, and the problems joined in file order.
    let events = dossier.events.len();
    let (mut problems, usage) = if threads {
        std::thread::scope(|scope| {
            fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
            let usage = scope.spawn(|| Usage::of(dossier, index));
            let half = events / 2;
            let later = scope.spawn(move || check_events(dossier, index, half..events));
            let problems = check_all(dossier, index, half, || join(later));
            (problems, join(usage))
        })
    } else {
        let problems = check_all(dossier, index, events, Vec::new);
        (problems, Usage::of(dossier, index))
    };
    // Entities and sources that nothing mentions are worth a warning.
    for (i, entity) in dossier.entities.iter().enumerate() {
        if usage.entity_mentions[i] == 0 && index.entity(&entity.id) == Some(i) {
            problems.push(unmentioned_entity(i, entity));
        }
    }
    for (i, source) in dossier.sources.iter().enumerate() {
        if usage.source_citations[i] == 0 && index.source(&source.id) == Some(i) {
            problems.push(uncited_source(i, source));
        }
    }
    // Stable sort: errors first, each group in file order. Nearly always there is no
    // error, and sorting 300,000 warnings would take an 8 MB scratch buffer for nothing.
    if !problems.is_sorted_by_key(|p| p.severity) {
        problems.sort_by_key(|p| p.severity);
    }
    (problems, usage)
}

/// Every problem but the unused entities and sources, which need the uses. The events
/// from `checked_events` on are checked by `later_events`, whose problems go in their
/// place.
fn check_all(
    dossier: &Dossier,
    index: &Index,
    checked_events: usize,
    later_events: impl FnOnce() -> Vec<Problem>,
) -> Vec<Problem> {
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

    c.ids(
        "lanes",
        "lane",
        dossier.lanes.iter().map(|r| r.id.as_str()),
        |id| index.lane(id),
    );
    c.ids(
        "entities",
        "entity",
        dossier.entities.iter().map(|r| r.id.as_str()),
        |id| index.entity(id),
    );
    c.ids(
        "sources",
        "source",
        dossier.sources.iter().map(|r| r.id.as_str()),
        |id| index.source(id),
    );
    c.ids(
        "events",
        "event",
        dossier.events.iter().map(|r| r.id.as_str()),
        |id| index.event(id),
    );
    c.ids(
        "periods",
        "period",
        dossier.periods.iter().map(|r| r.id.as_str()),
        |id| index.period(id),
    );
    c.ids(
        "briefings",
        "briefing",
        dossier.briefings.iter().map(|r| r.id.as_str()),
        |id| index.briefing(id),
    );

    // One path buffer for all records: a million events, no million path strings.
    let mut path = String::new();
    let at = |path: &mut String, collection: &str, i: usize| {
        path.clear();
        let _ = write!(path, "{collection}[{i}]");
    };
    for (i, lane) in dossier.lanes.iter().enumerate() {
        at(&mut path, "lanes", i);
        c.lane(&path, lane);
    }
    for (i, entity) in dossier.entities.iter().enumerate() {
        at(&mut path, "entities", i);
        c.entity(&path, entity);
    }
    for (i, source) in dossier.sources.iter().enumerate() {
        at(&mut path, "sources", i);
        c.source(&path, source);
    }
    c.problems
        .extend(check_events(dossier, index, 0..checked_events));
    c.problems.extend(later_events());
    for (i, period) in dossier.periods.iter().enumerate() {
        at(&mut path, "periods", i);
        c.period(&path, period);
    }
    for (i, briefing) in dossier.briefings.iter().enumerate() {
        at(&mut path, "briefings", i);
        c.briefing(&path, briefing);
    }

    c.problems
}

/// The problems of the events in `range`, in order.
fn check_events(dossier: &Dossier, index: &Index, range: Range<usize>) -> Vec<Problem> {
    let mut c = Checker {
        index,
        problems: Vec::new(),
    };
    // One path buffer for all events: a million events, no million path strings.
    let mut path = String::new();
    for i in range {
        path.clear();
        let _ = write!(path, "events[{i}]");
        c.event(&path, &dossier.events[i], index.event_span(i).as_ref());
    }
    c.problems
}

/// The problems of the event at `i`, with paths from the top of the dossier; its id is a
/// duplicate when the index gives another position for it.
pub(crate) fn check_event_at(index: &Index, i: usize, event: &Event) -> Vec<Problem> {
    let mut c = Checker {
        index,
        problems: Vec::new(),
    };
    if c.id(format!("events[{i}].id"), "event", &event.id) && index.event(&event.id) != Some(i) {
        c.error(format!("events[{i}].id"), "duplicate event id");
    }
    c.event(&format!("events[{i}]"), event, index.event_span(i).as_ref());
    c.problems
}

/// The problems of the briefing at `i`, as [`check_event_at`].
pub(crate) fn check_briefing_at(index: &Index, i: usize, briefing: &Briefing) -> Vec<Problem> {
    let mut c = Checker {
        index,
        problems: Vec::new(),
    };
    if c.id(format!("briefings[{i}].id"), "briefing", &briefing.id)
        && index.briefing(&briefing.id) != Some(i)
    {
        c.error(format!("briefings[{i}].id"), "duplicate briefing id");
    }
    c.briefing(&format!("briefings[{i}]"), briefing);
    c.problems
}
