//! Keeping the problems of a dossier without errors up to date after an edit of events or
//! briefings. Such a dossier has warnings only, which `validate` lists in four runs in
//! file order: sources' own (`sources[3].reliability`), events' (`events[7].sources`),
//! unmentioned entities (`entities[2]`) and uncited sources (`sources[5]`). Each warning's
//! place in that order is read from its path, so an edit finds what to replace by binary
//! search.

use super::dataset::Dossier;
use super::problem::{uncited_source, unmentioned_entity};
use super::usage::{Usage, Used};
use super::validate::{Problem, Severity};

/// The run a warning belongs to and the record's position; `None` for a problem that
/// is in none of them (the document then rebuilds its problems after each edit).
pub fn place(problem: &Problem) -> Option<(u8, usize)> {
    if problem.severity != Severity::Warning {
        return None;
    }
    let (collection, rest) = problem.path.split_once('[')?;
    let (number, rest) = rest.split_once(']')?;
    let position = number.parse().ok()?;
    let run = match (collection, rest.is_empty()) {
        ("sources", false) => 0,
        ("events", _) => 1,
        ("entities", true) => 2,
        ("sources", true) => 3,
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
        renumber(&mut problem.path, delta);
    }
}

/// Moves the position in a path `events[N]…` by `delta`. A delete at a million events
/// renumbers hundreds of thousands of warnings: the digits are rewritten in place, with
/// no allocation, unless their count changes.
fn renumber(path: &mut String, delta: isize) {
    const OPEN: usize = "events[".len();
    let bytes = path.as_bytes();
    let Some(close) = bytes.iter().skip(OPEN).position(|&b| b == b']') else {
        return;
    };
    if close == 0 {
        return;
    }
    let digits = OPEN..OPEN + close;
    let Some(position) = bytes[digits.clone()].iter().try_fold(0usize, |n, &b| {
        b.is_ascii_digit()
            .then(|| n.checked_mul(10)?.checked_add(usize::from(b - b'0')))
            .flatten()
    }) else {
        return;
    };
    let moved = position.wrapping_add_signed(delta);
    let mut buffer = [0u8; 20];
    let mut at = buffer.len();
    let mut n = moved;
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let new = &buffer[at..];
    if new.len() == digits.len() {
        let mut bytes = std::mem::take(path).into_bytes();
        bytes[digits].copy_from_slice(new);
        // Digits replaced digits: still UTF-8, checked in a few nanoseconds.
        *path = String::from_utf8(bytes).unwrap_or_default();
    } else {
        path.replace_range(digits, &moved.to_string());
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

#[cfg(test)]
mod tests {
    use super::renumber;

    fn renumbered(path: &str, delta: isize) -> String {
        let mut path = path.to_owned();
        renumber(&mut path, delta);
        path
    }

    #[test]
    fn positions_in_paths_move_in_place_or_grow_and_shrink() {
        assert_eq!(renumbered("events[123].sources", 1), "events[124].sources");
        assert_eq!(renumbered("events[124]", -1), "events[123]");
        assert_eq!(
            renumbered("events[9].entities[0].id", 1),
            "events[10].entities[0].id"
        );
        assert_eq!(renumbered("events[10].title", -1), "events[9].title");
        assert_eq!(renumbered("events[999999]", 1), "events[1000000]");
        // Anything else is left as it is.
        assert_eq!(renumbered("events[x].title", 1), "events[x].title");
        assert_eq!(renumbered("events[]", 1), "events[]");
        assert_eq!(renumbered("events[12", 1), "events[12");
    }
}
