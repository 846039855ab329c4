//! A dossier together with what is derived from it.

use super::dataset::Dossier;
use super::edit::{Edit, EditError, EventChange};
use super::follow;
use super::index::Index;
use super::records::{Record, RecordKind};
use super::usage::{Usage, Used};
use super::validate::{Problem, Severity, check_briefing_at, check_event_at, validate_with_usage};

/// A dossier, its index and the problems validation found. Built once per load; an edit
/// of events or briefings updates them for the records it touched ([`Document::apply`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub dossier: Dossier,
    pub index: Index,
    /// Problems of the current state, errors first. Replaced through
    /// [`Document::set_problems`], so that edits know they no longer follow validation.
    pub problems: Vec<Problem>,
    /// How often each entity and source is used, for the warnings about unused ones.
    usage: Usage,
    /// True when `problems` are exactly what validation gives and hold no error: only then
    /// can an edit update them record by record.
    follows: bool,
    /// The format the document was read from: a file imported from another format is
    /// saved as a Dossier file under a new name, never over its source.
    pub source_format: SourceFormat,
}

/// The formats Dossier reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    /// A Dossier file (this crate's format).
    #[default]
    Dossier,
    /// A TimelineJS JSON file.
    TimelineJsJson,
    /// A TimelineJS spreadsheet template saved as CSV.
    TimelineJsCsv,
    /// A Markwhen text timeline (`.mw`).
    Markwhen,
    /// The events CSV that Dossier exports, read back.
    EventsCsv,
}

impl SourceFormat {
    /// A name for messages: "TimelineJS JSON".
    pub fn label(self) -> &'static str {
        match self {
            Self::Dossier => "Dossier",
            Self::TimelineJsJson => "TimelineJS JSON",
            Self::TimelineJsCsv => "TimelineJS CSV",
            Self::Markwhen => "Markwhen",
            Self::EventsCsv => "events CSV",
        }
    }
}

/// What [`Document::apply`] did.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// The edit that undoes it.
    pub undo: Edit,
    /// What it did to the events, change by change; `None` when the index and problems
    /// were rebuilt (so must be everything derived from the events).
    pub changes: Option<Vec<EventChange>>,
}

/// True when every problem is a warning in a place [`follow`] knows.
fn followable(problems: &[Problem]) -> bool {
    problems.iter().all(|p| follow::place(p).is_some())
}

impl Document {
    pub fn new(dossier: Dossier) -> Self {
        let index = Index::build(&dossier);
        let (problems, usage) = validate_with_usage(&dossier, &index);
        Self {
            follows: followable(&problems),
            dossier,
            index,
            problems,
            usage,
            source_format: SourceFormat::Dossier,
        }
    }

    /// Rebuilds the index and the problems after the dossier changed.
    pub fn refresh(&mut self) {
        self.index = Index::build(&self.dossier);
        (self.problems, self.usage) = validate_with_usage(&self.dossier, &self.index);
        self.follows = followable(&self.problems);
    }

    /// True if a problem is an error. A document whose problems follow its edits has
    /// none (an edit that makes one rebuilds them), so this does not read 300,000
    /// warnings after every edit of a large dossier.
    pub fn has_errors(&self) -> bool {
        !self.follows && super::problem::has_errors(&self.problems)
    }

    /// Replaces the problems (an importer adds its own); the next edit rebuilds them.
    pub fn set_problems(&mut self, problems: Vec<Problem>) {
        self.problems = problems;
        self.follows = false;
    }

    /// Applies an edit and brings the index and problems up to date. Edits of events, of
    /// briefings and of the title update them for the records touched, in a few passes
    /// over integer arrays; any other edit, or one that leaves an error, rebuilds them.
    /// Either way the result is what [`Document::new`] gives for the edited dossier.
    pub fn apply(&mut self, edit: Edit) -> Result<Applied, EditError> {
        if !self.follows {
            let undo = edit.apply(&mut self.dossier)?;
            self.refresh();
            return Ok(Applied {
                undo,
                changes: None,
            });
        }
        let mut changes = Vec::new();
        let mut rebuild = false;
        let result = self.follow(edit, &mut changes, &mut rebuild);
        // Also after a failed batch, rolled back while no longer followed.
        if rebuild {
            self.refresh();
        }
        let undo = result?;
        Ok(Applied {
            undo,
            changes: (!rebuild).then_some(changes),
        })
    }

    /// Applies one edit (a batch edit by edit, rolled back if one fails) and keeps the
    /// index and problems up to date until `rebuild` is set; from then on it only edits
    /// the dossier, and the caller rebuilds.
    fn follow(
        &mut self,
        edit: Edit,
        changes: &mut Vec<EventChange>,
        rebuild: &mut bool,
    ) -> Result<Edit, EditError> {
        if *rebuild {
            return edit.apply(&mut self.dossier);
        }
        if let Edit::Batch(edits) = edit {
            let mut undo = Vec::with_capacity(edits.len());
            for edit in edits {
                match self.follow(edit, changes, rebuild) {
                    Ok(inverse) => undo.push(inverse),
                    Err(error) => {
                        for inverse in undo.into_iter().rev() {
                            let _ = self.follow(inverse, changes, rebuild);
                        }
                        return Err(error);
                    }
                }
            }
            undo.reverse();
            return Ok(Edit::Batch(undo));
        }
        let kind = match &edit {
            Edit::Replace { record, .. } | Edit::Insert { record, .. } => Some(record.kind()),
            Edit::Remove { kind, .. } => Some(*kind),
            Edit::SetMetadata { .. } | Edit::Batch(_) => None,
        };
        let title_kept = match &edit {
            Edit::SetMetadata { title, .. } => !title.trim().is_empty(),
            _ => false,
        };
        let undo = edit.apply(&mut self.dossier)?;
        let mut used = Vec::new();
        match (kind, &undo) {
            // The title is the only metadata a problem is about (an error when empty).
            (None, Edit::SetMetadata { .. }) => *rebuild |= !title_kept,
            (Some(RecordKind::Event), Edit::Replace { index, record }) => {
                if let Record::Event(old) = record {
                    let new = &self.dossier.events[*index];
                    *rebuild |= old.id != new.id && self.briefings_cite(&old.id);
                    self.usage
                        .count_event(&self.index, old, -1, |u| used.push(u));
                    self.index.event_replaced(&self.dossier, *index, old);
                    self.event_checked(*index, &mut used, rebuild);
                }
                changes.push(EventChange::Replaced(*index));
            }
            (Some(RecordKind::Event), Edit::Insert { index, record }) => {
                if let Record::Event(old) = record {
                    *rebuild |= self.briefings_cite(&old.id);
                    self.usage
                        .count_event(&self.index, old, -1, |u| used.push(u));
                    follow::replace_event(&mut self.problems, *index, Vec::new());
                    self.index.event_removed(*index, old);
                    follow::shift_events(&mut self.problems, *index + 1, -1);
                }
                changes.push(EventChange::Removed(*index));
            }
            (Some(RecordKind::Event), Edit::Remove { index, .. }) => {
                follow::shift_events(&mut self.problems, *index, 1);
                self.index.event_inserted(&self.dossier, *index);
                self.event_checked(*index, &mut used, rebuild);
                changes.push(EventChange::Inserted(*index));
            }
            (Some(RecordKind::Briefing), Edit::Replace { index, record }) => {
                if let Record::Briefing(old) = record {
                    self.usage
                        .count_briefing(&self.index, old, -1, |u| used.push(u));
                    self.index.briefings_changed(&self.dossier);
                    let new = &self.dossier.briefings[*index];
                    self.usage
                        .count_briefing(&self.index, new, 1, |u| used.push(u));
                    // A briefing's problems are all errors: a valid one has none.
                    *rebuild |= !check_briefing_at(&self.dossier, &self.index, *index, new)
                        .is_empty()
                        || self
                            .dossier
                            .briefings
                            .iter()
                            .filter(|b| b.id == new.id)
                            .count()
                            > 1;
                }
            }
            _ => *rebuild = true,
        }
        if !*rebuild {
            for what in used {
                follow::used_changed(&mut self.problems, &self.dossier, &self.usage, what);
            }
        }
        Ok(undo)
    }

    /// Counts the uses of the event now at `i` and puts its warnings in place; an error
    /// calls for a rebuild.
    fn event_checked(&mut self, i: usize, used: &mut Vec<Used>, rebuild: &mut bool) {
        let event = &self.dossier.events[i];
        self.usage
            .count_event(&self.index, event, 1, |u| used.push(u));
        let problems = check_event_at(&self.dossier, &self.index, i, event);
        if problems.iter().any(|p| p.severity == Severity::Error) {
            *rebuild = true;
        } else {
            follow::replace_event(&mut self.problems, i, problems);
        }
    }

    /// True when a briefing lists the event `id` among its events.
    fn briefings_cite(&self, id: &str) -> bool {
        self.dossier
            .briefings
            .iter()
            .any(|b| b.events.iter().any(|e| e == id))
    }
}
