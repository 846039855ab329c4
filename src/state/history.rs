//! The undo and redo stacks, and the ids that tell whether the dossier differs from the
//! state last loaded or saved.

use crate::model::edit::{Edit, EditError};

/// Which way through the history a step goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryStep {
    Undo,
    Redo,
}

impl std::fmt::Display for HistoryStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Undo => "undo",
            Self::Redo => "redo",
        })
    }
}

/// Why Undo or Redo did nothing. The dossier and the history are unchanged: a step that
/// could not be applied stays where it was, so that nothing is lost.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UndoRefused {
    #[error("Nothing to {0}")]
    Nothing(HistoryStep),
    /// The step no longer fits the dossier (which was changed outside the history).
    #[error("Could not {step} “{label}”: {error}")]
    DoesNotApply {
        step: HistoryStep,
        label: String,
        error: EditError,
    },
}

/// An edit that was applied, with what undoes and redoes it.
#[derive(Clone, Debug)]
struct AppliedEdit {
    /// "rename event", for the Edit menu.
    label: String,
    undo: Edit,
    redo: Edit,
    /// Identifies the state after this edit (for the dirty flag).
    state: u64,
}

/// The edits applied since the dossier was loaded, and those undone since.
#[derive(Clone, Debug)]
pub struct EditHistory {
    done: Vec<AppliedEdit>,
    undone: Vec<AppliedEdit>,
    /// The state last loaded or saved (0 = as loaded).
    saved_state: u64,
    /// Source of fresh state ids.
    next_state: u64,
}

impl Default for EditHistory {
    fn default() -> Self {
        Self {
            done: Vec::new(),
            undone: Vec::new(),
            saved_state: 0,
            next_state: 1,
        }
    }
}

impl EditHistory {
    /// Records an edit just applied (`undo` reverses it); what was undone can no longer be
    /// redone.
    pub fn push(&mut self, label: &str, undo: Edit, redo: Edit) {
        let state = self.next_state;
        self.next_state += 1;
        self.done.push(AppliedEdit {
            label: label.to_owned(),
            undo,
            redo,
            state,
        });
        self.undone.clear();
    }

    /// Undoes the last edit with `apply` (which applies an edit and returns its inverse);
    /// returns its label. When the edit does not apply, the dossier and the history stay
    /// as they were.
    pub fn undo(
        &mut self,
        apply: impl FnOnce(Edit) -> Result<Edit, EditError>,
    ) -> Result<String, UndoRefused> {
        Self::step(&mut self.done, &mut self.undone, HistoryStep::Undo, apply)
    }

    /// Redoes the last undone edit with `apply`; returns its label. When the edit does not
    /// apply, the dossier and the history stay as they were.
    pub fn redo(
        &mut self,
        apply: impl FnOnce(Edit) -> Result<Edit, EditError>,
    ) -> Result<String, UndoRefused> {
        Self::step(&mut self.undone, &mut self.done, HistoryStep::Redo, apply)
    }

    /// Applies the top step of `from` and moves it onto `to`, or puts it back if it fails
    /// (an edit that fails leaves the dossier unchanged).
    fn step(
        from: &mut Vec<AppliedEdit>,
        to: &mut Vec<AppliedEdit>,
        step: HistoryStep,
        apply: impl FnOnce(Edit) -> Result<Edit, EditError>,
    ) -> Result<String, UndoRefused> {
        let applied = from.pop().ok_or(UndoRefused::Nothing(step))?;
        let edit = match step {
            HistoryStep::Undo => &applied.undo,
            HistoryStep::Redo => &applied.redo,
        };
        let label = applied.label.clone();
        match apply(edit.clone()) {
            Ok(inverse) => {
                to.push(match step {
                    HistoryStep::Undo => AppliedEdit {
                        redo: inverse,
                        ..applied
                    },
                    HistoryStep::Redo => AppliedEdit {
                        undo: inverse,
                        ..applied
                    },
                });
                Ok(label)
            }
            Err(error) => {
                from.push(applied);
                Err(UndoRefused::DoesNotApply { step, label, error })
            }
        }
    }

    /// What Undo would undo: "rename event".
    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|a| a.label.as_str())
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|a| a.label.as_str())
    }

    /// Identifies the current state: equal ids mean the same edits applied.
    fn state(&self) -> u64 {
        self.done.last().map_or(0, |a| a.state)
    }

    /// True when the current state is not the one last loaded or saved.
    pub fn is_dirty(&self) -> bool {
        self.state() != self.saved_state
    }

    /// Remembers the current state as the one on disk.
    pub fn mark_saved(&mut self) {
        self.saved_state = self.state();
    }
}
