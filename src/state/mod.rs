//! The open dossier and what the user has selected: plain Rust, shared by the window,
//! the tests and any future scripting. The UI reads it and changes it only through the
//! methods here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::formats::save::{Fingerprint, SaveError, save_with_backup};
use crate::formats::{LoadError, load_bytes};
use crate::model::edit::{Edit, EditError};
use crate::model::validate::has_errors;
use crate::model::{Document, Problem, Severity, SourceFormat};

/// What is selected: one event, entity or briefing, by id (ids survive reloads and
/// edits, positions do not).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Selection {
    Event(String),
    Entity(String),
    Briefing(String),
}

impl Selection {
    pub fn id(&self) -> &str {
        match self {
            Self::Event(id) | Self::Entity(id) | Self::Briefing(id) => id,
        }
    }
}

/// The current selection with back/forward history, as in a web browser.
#[derive(Clone, Debug, Default)]
pub struct SelectionHistory {
    back: Vec<Option<Selection>>,
    current: Option<Selection>,
    forward: Vec<Option<Selection>>,
}

/// How many steps back the history remembers.
const HISTORY_LIMIT: usize = 200;

impl SelectionHistory {
    pub fn current(&self) -> Option<&Selection> {
        self.current.as_ref()
    }

    /// Selects something new (or nothing); going back returns to the previous selection.
    pub fn select(&mut self, selection: Option<Selection>) {
        if selection == self.current {
            return;
        }
        let previous = std::mem::replace(&mut self.current, selection);
        self.back.push(previous);
        if self.back.len() > HISTORY_LIMIT {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }

    pub fn back(&mut self) -> bool {
        let Some(previous) = self.back.pop() else {
            return false;
        };
        let current = std::mem::replace(&mut self.current, previous);
        self.forward.push(current);
        true
    }

    pub fn forward(&mut self) -> bool {
        let Some(next) = self.forward.pop() else {
            return false;
        };
        let current = std::mem::replace(&mut self.current, next);
        self.back.push(current);
        true
    }

    /// Drops selections whose ids no longer exist (after opening another file).
    pub fn retain(&mut self, exists: impl Fn(&Selection) -> bool) {
        let keep = |s: &Option<Selection>| s.as_ref().is_none_or(&exists);
        self.back.retain(keep);
        self.forward.retain(keep);
        if !keep(&self.current) {
            self.current = None;
        }
        // Neighbouring duplicates left by the removal would make Back seem to do nothing.
        self.back.dedup();
        self.forward.dedup();
        while self.back.last() == Some(&self.current) {
            self.back.pop();
        }
        while self.forward.last() == Some(&self.current) {
            self.forward.pop();
        }
    }
}

/// Reads and fingerprints a file in one go (the fingerprint is of the bytes loaded).
fn read(path: &Path) -> Result<(Document, Fingerprint), LoadError> {
    let bytes = crate::formats::load::read_file_bytes(path)?;
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let document = load_bytes(&path.display().to_string(), &bytes)?;
    Ok((document, Fingerprint::of_bytes(&bytes, modified)))
}

/// Where the open dossier came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The built-in dossier.
    Embedded,
    File(PathBuf),
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

/// Why an edit was refused; the dossier is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditRefused {
    #[error("{0}")]
    Invalid(#[from] EditError),
    /// The edit would make the dossier fail to load; these are the errors it would cause.
    #[error("the change would make the dossier invalid: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    WouldBreak(Vec<Problem>),
}

/// Why a save did not happen; the file on disk and the edits in memory are intact.
#[derive(Debug, thiserror::Error)]
pub enum SaveRefused {
    #[error("the built-in dossier cannot be overwritten: use Save As")]
    NeedsSaveAs,
    #[error("{} was imported from {}: use Save As to keep it as a Dossier file", .0.display(), .1.label())]
    Imported(PathBuf, SourceFormat),
    #[error("{} changed on disk since it was opened", .0.display())]
    ChangedOnDisk(PathBuf),
    #[error("the dossier has errors and would not load again")]
    Invalid(Vec<Problem>),
    #[error("{0}")]
    Io(#[from] SaveError),
}

/// What the file on disk looks like compared with what was loaded or saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskState {
    /// Nothing to compare (built-in dossier) or the same content.
    Unchanged,
    Changed,
    Missing,
}

/// The open dossier, where it came from, its edit history, and the selection.
#[derive(Debug)]
pub struct Workspace {
    /// Shared so that work off the UI thread (the search index) can read a document while
    /// the window goes on; an edit made meanwhile copies it first (`Arc::make_mut`).
    pub document: Arc<Document>,
    pub origin: Origin,
    pub selection: SelectionHistory,
    /// Changes whenever the document does (load, edit, undo, redo), so that what is derived
    /// from it elsewhere (search index, filters) knows when to refresh.
    generation: u64,
    done: Vec<AppliedEdit>,
    undone: Vec<AppliedEdit>,
    /// The state last loaded or saved (0 = as loaded).
    saved_state: u64,
    /// Source of fresh state ids.
    next_state: u64,
    /// The file as last read or written, to notice changes made by other programs.
    disk: Option<Fingerprint>,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new(crate::formats::default_dossier(), Origin::Embedded)
    }
}

impl Workspace {
    pub fn new(document: Document, origin: Origin) -> Self {
        Self {
            document: Arc::new(document),
            origin,
            selection: SelectionHistory::default(),
            generation: 0,
            done: Vec::new(),
            undone: Vec::new(),
            saved_state: 0,
            next_state: 1,
            disk: None,
        }
    }

    /// Opens a file. On failure nothing changes: the open dossier, its unsaved edits and
    /// its history stay as they were.
    pub fn open(&mut self, path: &Path) -> Result<(), LoadError> {
        let (document, fingerprint) = read(path)?;
        self.replace(document, Origin::File(path.to_owned()));
        self.disk = Some(fingerprint);
        Ok(())
    }

    /// Shows the built-in dossier.
    pub fn open_default(&mut self) {
        self.replace(crate::formats::default_dossier(), Origin::Embedded);
        self.disk = None;
    }

    /// Reads the open file again (after another program changed it), keeping the
    /// selection where its ids still exist. Unsaved edits are dropped.
    pub fn reload(&mut self) -> Result<(), LoadError> {
        let Origin::File(path) = self.origin.clone() else {
            return Ok(());
        };
        self.open(&path)
    }

    fn replace(&mut self, document: Document, origin: Origin) {
        self.document = Arc::new(document);
        self.generation += 1;
        self.origin = origin;
        self.done.clear();
        self.undone.clear();
        self.saved_state = 0;
        self.next_state = 1;
        self.forget_vanished_selections();
    }

    /// Applies an edit as one undoable step named `label` ("rename event"). An edit that
    /// would leave the dossier unable to load again is refused and changes nothing.
    pub fn apply(&mut self, label: &str, edit: Edit) -> Result<(), EditRefused> {
        let redo = edit.clone();
        let document = Arc::make_mut(&mut self.document);
        let undo = edit.apply(&mut document.dossier)?;
        document.refresh();
        self.generation += 1;
        if has_errors(&document.problems) {
            let errors = document
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .cloned()
                .collect();
            // Roll back: the inverse of a just-applied edit always applies.
            let _ = undo.apply(&mut document.dossier);
            document.refresh();
            return Err(EditRefused::WouldBreak(errors));
        }
        let state = self.next_state;
        self.next_state += 1;
        self.done.push(AppliedEdit {
            label: label.to_owned(),
            undo,
            redo,
            state,
        });
        self.undone.clear();
        self.forget_vanished_selections();
        Ok(())
    }

    /// Undoes the last edit; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let applied = self.done.pop()?;
        let redo = applied
            .undo
            .clone()
            .apply(&mut Arc::make_mut(&mut self.document).dossier)
            .ok()?;
        Arc::make_mut(&mut self.document).refresh();
        self.generation += 1;
        self.undone.push(AppliedEdit { redo, ..applied });
        self.forget_vanished_selections();
        self.undone.last().map(|a| a.label.clone())
    }

    /// Redoes the last undone edit; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        let applied = self.undone.pop()?;
        let undo = applied
            .redo
            .clone()
            .apply(&mut Arc::make_mut(&mut self.document).dossier)
            .ok()?;
        Arc::make_mut(&mut self.document).refresh();
        self.generation += 1;
        self.done.push(AppliedEdit { undo, ..applied });
        self.forget_vanished_selections();
        self.done.last().map(|a| a.label.clone())
    }

    /// What Undo would undo: "rename event".
    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|a| a.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|a| a.label.as_str())
    }

    fn state(&self) -> u64 {
        self.done.last().map_or(0, |a| a.state)
    }

    /// Changes whenever the document does.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// True when there are edits that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.state() != self.saved_state
    }

    /// The path Save writes to, if the dossier can be saved in place.
    pub fn save_path(&self) -> Result<PathBuf, SaveRefused> {
        match &self.origin {
            Origin::Embedded => Err(SaveRefused::NeedsSaveAs),
            Origin::File(path) if self.document.source_format != SourceFormat::Dossier => Err(
                SaveRefused::Imported(path.clone(), self.document.source_format),
            ),
            Origin::File(path) => Ok(path.clone()),
        }
    }

    /// Compares the file on disk with what was last read or written.
    pub fn disk_state(&self) -> DiskState {
        let (Origin::File(path), Some(known)) = (&self.origin, &self.disk) else {
            return DiskState::Unchanged;
        };
        match Fingerprint::of_file(path) {
            Ok(now) if now.same_content(known) => DiskState::Unchanged,
            Ok(_) => DiskState::Changed,
            Err(_) => DiskState::Missing,
        }
    }

    /// Saves to the open file. Refuses (and changes nothing) when the file changed on disk
    /// since it was read, unless `overwrite_changes`.
    pub fn save(&mut self, overwrite_changes: bool) -> Result<PathBuf, SaveRefused> {
        let path = self.save_path()?;
        if !overwrite_changes && self.disk_state() == DiskState::Changed {
            return Err(SaveRefused::ChangedOnDisk(path));
        }
        self.write(&path)?;
        Ok(path)
    }

    /// Saves as a Dossier file at `path`, which becomes the open file.
    pub fn save_as(&mut self, path: &Path) -> Result<(), SaveRefused> {
        self.write(path)?;
        self.origin = Origin::File(path.to_owned());
        Arc::make_mut(&mut self.document).source_format = SourceFormat::Dossier;
        Ok(())
    }

    fn write(&mut self, path: &Path) -> Result<(), SaveRefused> {
        if has_errors(&self.document.problems) {
            return Err(SaveRefused::Invalid(self.document.problems.clone()));
        }
        let text = self.document.dossier.to_json();
        save_with_backup(path, text.as_bytes())?;
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        self.disk = Some(Fingerprint::of_bytes(text.as_bytes(), modified));
        self.saved_state = self.state();
        Ok(())
    }

    fn forget_vanished_selections(&mut self) {
        let index = &self.document.index;
        self.selection.retain(|s| match s {
            Selection::Event(id) => index.event(id).is_some(),
            Selection::Entity(id) => index.entity(id).is_some(),
            Selection::Briefing(id) => index.briefing(id).is_some(),
        });
    }

    /// The file name shown in titles and the status line.
    pub fn file_name(&self) -> String {
        match &self.origin {
            Origin::Embedded => crate::formats::DEFAULT_DOSSIER_NAME.to_owned(),
            Origin::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        }
    }

    pub fn selection(&self) -> Option<&Selection> {
        self.selection.current()
    }

    pub fn select(&mut self, selection: Option<Selection>) {
        self.selection.select(selection);
    }

    /// The selected event's position in the dossier.
    pub fn selected_event(&self) -> Option<usize> {
        match self.selection()? {
            Selection::Event(id) => self.document.index.event(id),
            _ => None,
        }
    }

    /// The selected entity's position in the dossier.
    pub fn selected_entity(&self) -> Option<usize> {
        match self.selection()? {
            Selection::Entity(id) => self.document.index.entity(id),
            _ => None,
        }
    }

    /// The events a selected entity takes part in, or a selected briefing draws on, in
    /// time order; `None` when nothing of the kind is selected.
    pub fn highlighted_events(&self) -> Option<std::borrow::Cow<'_, [usize]>> {
        let index = &self.document.index;
        match self.selection()? {
            Selection::Entity(id) => Some(index.entity_events(index.entity(id)?).into()),
            Selection::Briefing(id) => {
                let briefing = &self.document.dossier.briefings[index.briefing(id)?];
                let mut events: Vec<usize> = briefing
                    .events
                    .iter()
                    .filter_map(|e| index.event(e))
                    .filter(|&e| index.rank(e).is_some())
                    .collect();
                events.sort_by_key(|&e| index.rank(e));
                events.dedup();
                Some(events.into())
            }
            Selection::Event(_) => None,
        }
    }

    /// Selects the event after (`step` = 1) or before (`step` = -1) the selected one in
    /// time; with no event selected, the first or the last.
    pub fn step_event(&mut self, step: isize) {
        let index = &self.document.index;
        let order = index.chronological();
        if order.is_empty() {
            return;
        }
        let rank = self.selected_event().and_then(|e| index.rank(e));
        let next = match rank {
            Some(r) => r.saturating_add_signed(step).min(order.len() - 1),
            None if step >= 0 => 0,
            None => order.len() - 1,
        };
        let id = self.document.dossier.events[order[next]].id.clone();
        self.select(Some(Selection::Event(id)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::unnecessary_wraps)] // Reads like the `select` calls it feeds.
    fn event(id: &str) -> Option<Selection> {
        Some(Selection::Event(id.to_owned()))
    }

    #[test]
    fn history_goes_back_and_forward() {
        let mut h = SelectionHistory::default();
        h.select(event("a"));
        h.select(event("b"));
        h.select(event("b"));
        h.select(event("c"));
        assert!(h.back());
        assert_eq!(h.current(), event("b").as_ref());
        assert!(h.back());
        assert_eq!(h.current(), event("a").as_ref());
        assert!(h.forward());
        assert_eq!(h.current(), event("b").as_ref());
        h.select(event("d"));
        assert!(!h.can_go_forward());
        assert!(h.back() && h.back() && h.back());
        assert_eq!(h.current(), None);
        assert!(!h.back());
    }

    #[test]
    fn retain_drops_vanished_ids() {
        let mut h = SelectionHistory::default();
        h.select(event("a"));
        h.select(event("gone"));
        h.select(event("a"));
        h.retain(|s| s.id() != "gone");
        assert_eq!(h.current(), event("a").as_ref());
        assert!(h.back());
        assert_eq!(h.current(), None);
    }

    #[test]
    fn stepping_follows_time_order() {
        let mut w = Workspace::default();
        w.step_event(1);
        let first = w.document.index.chronological()[0];
        assert_eq!(w.selected_event(), Some(first));
        w.step_event(1);
        assert_eq!(
            w.selected_event(),
            Some(w.document.index.chronological()[1])
        );
        w.step_event(-1);
        w.step_event(-1);
        assert_eq!(w.selected_event(), Some(first), "stays on the first event");
    }

    #[test]
    fn entities_and_briefings_highlight_their_events() {
        let mut w = Workspace::default();
        assert!(w.highlighted_events().is_none());
        w.select(Some(Selection::Entity("li-qiang".to_owned())));
        let li = w.highlighted_events().unwrap().into_owned();
        assert!(li.contains(&w.document.index.event("li-qiang-proposes-waico").unwrap()));
        w.select(Some(Selection::Briefing("china-waico-proposal".to_owned())));
        let events = w.highlighted_events().unwrap().into_owned();
        let ranks: Vec<_> = events.iter().map(|&e| w.document.index.rank(e)).collect();
        assert!(ranks.windows(2).all(|r| r[0] < r[1]), "in time order");
        assert_eq!(events.len(), w.document.dossier.briefings[0].events.len());
    }

    #[test]
    fn a_failed_open_keeps_the_dossier() {
        let mut w = Workspace::default();
        w.select(Some(Selection::Entity("li-qiang".to_owned())));
        let title = w.document.dossier.title.clone();
        assert!(w.open(Path::new("/nonexistent/x.json")).is_err());
        assert_eq!(w.document.dossier.title, title);
        assert_eq!(w.origin, Origin::Embedded);
        assert_eq!(
            w.selection(),
            Some(&Selection::Entity("li-qiang".to_owned()))
        );
    }
}
