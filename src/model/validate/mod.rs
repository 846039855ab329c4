//! Semantic checks: every problem of a parsed dossier, each with its JSON path.

use std::fmt::Write as _;
use std::ops::Range;

use super::dataset::{Briefing, Dossier, Event, FORMAT_NAME, FORMAT_VERSION};
use super::index::Index;
pub use super::problem::{Problem, ProblemPath, Severity, has_errors};
use super::problem::{uncited_source, unmentioned_entity};
use super::records::{Record, RecordKind};
use super::usage::Usage;

mod checker;
use checker::Checker;
pub use checker::{is_valid_color, is_valid_id};

/// Checks one record on its own, as an editor form does while the user types: the same
/// rules as loading, with paths relative to the record (`title`, `entities[1].id`).
/// `position` is where the record sits in the dossier (`None` for a new one), so that its
/// own id does not count as a duplicate. `index` is `dossier`'s.
pub fn check_record(
    dossier: &Dossier,
    index: &Index,
    record: &Record,
    position: Option<usize>,
) -> Vec<Problem> {
    let mut c = Checker::new(dossier, index);
    let kind = record.kind();
    let id = record.id();
    if c.id("id".to_owned(), kind.noun(), id) {
        let taken = match kind {
            RecordKind::Lane => index.lane(id),
            RecordKind::Entity => index.entity(id),
            RecordKind::Source => index.source(id),
            RecordKind::Event => index.event(dossier, id),
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

/// [`validate_with_usage`], on one thread or on two.
pub(crate) fn validate_on_threads(
    dossier: &Dossier,
    index: &Index,
    threads: bool,
) -> (Vec<Problem>, Usage) {
    // The events' checks need nothing from each other: for large files the later half
    // of the events is checked on a thread of its own, its problems joined in file order
    // and its uses added.
    let events = dossier.events.len();
    let (mut parts, usage) = if threads {
        std::thread::scope(|scope| {
            let half = events / 2;
            let later = scope.spawn(move || check_events(dossier, index, half..events));
            check_all(dossier, index, half, || {
                later
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
        })
    } else {
        check_all(dossier, index, events, || (Vec::new(), Usage::default()))
    };
    // Entities and sources that nothing mentions are worth a warning.
    let mut unused = Vec::new();
    for (i, entity) in dossier.entities.iter().enumerate() {
        if usage.entity_mentions[i] == 0 && index.entity(&entity.id) == Some(i) {
            unused.push(unmentioned_entity(i, entity));
        }
    }
    for (i, source) in dossier.sources.iter().enumerate() {
        if usage.source_citations[i] == 0 && index.source(&source.id) == Some(i) {
            unused.push(uncited_source(i, source));
        }
    }
    parts.push(unused);
    // Joined into a vector of their exact number: one grown by appending each part held
    // twice the room it needed at a large load's peak (300,000 warnings of 56 bytes).
    let mut problems = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        problems.extend(part);
    }
    // Stable sort: errors first, each group in file order. Nearly always there is no
    // error, and sorting 300,000 warnings would take an 8 MB scratch buffer for nothing.
    if !problems.is_sorted_by_key(|p| p.severity) {
        problems.sort_by_key(|p| p.severity);
    }
    (problems, usage)
}

/// Every problem but the unused entities and sources, which need the uses, in parts
/// that follow each other in file order; and the uses. The events from
/// `checked_events` on are checked by `later_events`, whose problems go in their place.
fn check_all(
    dossier: &Dossier,
    index: &Index,
    checked_events: usize,
    later_events: impl FnOnce() -> (Vec<Problem>, Usage),
) -> (Vec<Vec<Problem>>, Usage) {
    let mut c = Checker::counting(dossier, index);

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
        // Distinct ids need no lookup: a million of them in a table of a million each
        // cost a trip to far memory.
        |id| {
            if index.event_ids_are_distinct() {
                None
            } else {
                index.event(dossier, id)
            }
        },
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
    let mut parts = vec![std::mem::take(&mut c.problems)];
    for (problems, uses) in [
        check_events(dossier, index, 0..checked_events),
        later_events(),
    ] {
        parts.push(problems);
        if let Some(all) = &mut c.uses {
            all.add(&uses);
        }
    }
    for (i, period) in dossier.periods.iter().enumerate() {
        at(&mut path, "periods", i);
        c.period(&path, period);
    }
    for (i, briefing) in dossier.briefings.iter().enumerate() {
        at(&mut path, "briefings", i);
        c.briefing(&path, briefing);
    }

    parts.push(c.problems);
    (parts, c.uses.unwrap_or_default())
}

/// The problems of the events in `range`, in order, and their uses.
fn check_events(dossier: &Dossier, index: &Index, range: Range<usize>) -> (Vec<Problem>, Usage) {
    let mut c = Checker::counting(dossier, index);
    // One path buffer for all events: a million events, no million path strings.
    let mut path = String::new();
    for i in range {
        path.clear();
        let _ = write!(path, "events[{i}]");
        c.event(&path, &dossier.events[i], index.event_secs(i));
    }
    let uses = c.uses.unwrap_or_default();
    (c.problems, uses)
}

/// The problems of the event at `i`, with paths from the top of the dossier; its id is a
/// duplicate when the index gives another position for it.
pub(crate) fn check_event_at(
    dossier: &Dossier,
    index: &Index,
    i: usize,
    event: &Event,
) -> Vec<Problem> {
    let mut c = Checker::new(dossier, index);
    if c.id(format!("events[{i}].id"), "event", &event.id)
        && index.event(dossier, &event.id) != Some(i)
    {
        c.error(format!("events[{i}].id"), "duplicate event id");
    }
    c.event(&format!("events[{i}]"), event, index.event_secs(i));
    c.problems
}

/// The problems of the briefing at `i`, as [`check_event_at`].
pub(crate) fn check_briefing_at(
    dossier: &Dossier,
    index: &Index,
    i: usize,
    briefing: &Briefing,
) -> Vec<Problem> {
    let mut c = Checker::new(dossier, index);
    if c.id(format!("briefings[{i}].id"), "briefing", &briefing.id)
        && index.briefing(&briefing.id) != Some(i)
    {
        c.error(format!("briefings[{i}].id"), "duplicate briefing id");
    }
    c.briefing(&format!("briefings[{i}]"), briefing);
    c.problems
}
