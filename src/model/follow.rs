//! Keeping the problems of a dossier without errors up to date after an edit of events or
//! briefings. Such a dossier has warnings only, which `validate` lists in four runs in
//! file order: sources' own (`sources[3].reliability`), events' (`events[7].sources`),
//! unmentioned entities (`entities[2]`) and uncited sources (`sources[5]`). Each warning's
//! place in that order is read from its path, so an edit finds what to replace by binary
//! search.

use super::dataset::Dossier;
use super::problem::{uncited_source, unmentioned_entity};
use super::records::RecordKind;
use super::usage::{Usage, Used};
use super::validate::{Problem, Severity};

/// The run a warning belongs to and the record's position; `None` for a problem that
/// is in none of them (the document then rebuilds its problems after each edit).
pub fn place(problem: &Problem) -> Option<(u8, usize)> {
    if problem.severity != Severity::Warning {
        return None;
    }
    let (kind, position) = problem.path.in_record()?;
    let run = match (kind, problem.path.names_a_part()) {
        (RecordKind::Source, true) => 0,
        (RecordKind::Event, _) => 1,
        (RecordKind::Entity, false) => 2,
        (RecordKind::Source, false) => 3,
        _ => return None,
    };
    Some((run, position))
}

/// The range of `problems` in `run` at `position`.
fn range(problems: &[Problem], run: u8, position: usize) -> std::ops::Range<usize> {
    let key = Some((run, position));
    let start = problems.partition_point(|p| place(p) < key);
    let end = start + problems[start..].partition_point(|p| place(p) == key);
    start..end
}

/// Puts `new` in place of the warnings of the event at `i`.
pub fn replace_event(problems: &mut Vec<Problem>, i: usize, new: Vec<Problem>) {
    let range = range(problems, 1, i);
    problems.splice(range, new);
}

/// Renumbers the warnings of events from `from` on by `delta`, as events are
/// inserted or removed before them.
pub fn shift_events(problems: &mut [Problem], from: usize, delta: isize) {
    let start = problems.partition_point(|p| place(p) < Some((1, from)));
    let end = problems.partition_point(|p| place(p) < Some((2, 0)));
    for problem in &mut problems[start..end] {
        problem.path.renumber(delta);
    }
}

/// Adds or removes the "not mentioned" / "not cited" warning of an entity or source
/// whose use an edit changed.
pub fn used_changed(problems: &mut Vec<Problem>, dossier: &Dossier, usage: &Usage, what: Used) {
    let (run, position, warning) = match what {
        Used::Entity(e) => (
            2,
            e,
            (usage.entity_mentions[e] == 0).then(|| unmentioned_entity(e, &dossier.entities[e])),
        ),
        Used::Source(s) => (
            3,
            s,
            (usage.source_citations[s] == 0).then(|| uncited_source(s, &dossier.sources[s])),
        ),
    };
    let range = range(problems, run, position);
    problems.splice(range, warning);
}
