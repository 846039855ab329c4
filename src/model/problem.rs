//! A problem found in a dossier: what validation, the loaders and the importers report.

use std::borrow::Cow;
use std::fmt;

use super::dataset::{Entity, Source};

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
    /// Borrowed when the message has no part of its own: a million-event file can have
    /// hundreds of thousands of the same warning, each then without an allocation.
    pub message: Cow<'static, str>,
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

/// The warning for an entity nothing mentions (validation and edits both give it).
pub(crate) fn unmentioned_entity(i: usize, entity: &Entity) -> Problem {
    Problem {
        severity: Severity::Warning,
        path: format!("entities[{i}]"),
        message: format!(
            "entity \"{}\" is not mentioned by any event or briefing",
            entity.id
        )
        .into(),
    }
}

/// The warning for a source nothing cites.
pub(crate) fn uncited_source(i: usize, source: &Source) -> Problem {
    Problem {
        severity: Severity::Warning,
        path: format!("sources[{i}]"),
        message: format!(
            "source \"{}\" is not cited by any event or briefing",
            source.id
        )
        .into(),
    }
}
