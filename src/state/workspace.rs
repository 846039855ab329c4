//! The open dossier: where it came from, its edit history, saving, and what the user has
//! selected in it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::formats::save::{Fingerprint, SaveError, save_with_backup};
use crate::formats::{LoadError, load_bytes};
use crate::model::edit::{Edit, EditError, EventChange};
use crate::model::{Document, Problem, Severity, SourceFormat};

use super::change_log::ChangeLog;
use super::history::{EditHistory, HistoryStep, UndoRefused};
use super::loading::Loaded;

/// A replaced document with at least this many events is freed on a thread of its own.
const DROP_IN_BACKGROUND_EVENTS: usize = 50_000;
use super::selection::{Selection, SelectionHistory};

/// Every briefing's events in time order (see `events_in_time_order`).
fn briefings_in_time_order(document: &Document) -> Vec<Vec<usize>> {
    (0..document.dossier.briefings.len())
        .map(|b| events_in_time_order(document, b))
        .collect()
}

/// The events the briefing at `briefing` draws on, in time order, once each; events without
/// a place in time (unreadable dates) are left out, as the timeline cannot show them.
fn events_in_time_order(document: &Document, briefing: usize) -> Vec<usize> {
    let index = &document.index;
    let Some(briefing) = document.dossier.briefings.get(briefing) else {
        return Vec::new();
    };
    let mut events: Vec<usize> = briefing
        .events
        .iter()
        .filter_map(|e| index.event(&document.dossier, e))
        .filter(|&e| index.rank(e).is_some())
        .collect();
    events.sort_by_key(|&e| index.rank(e));
    events.dedup();
    events
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
    history: EditHistory,
    /// Each briefing's events in time order, worked out once per generation: the timeline
    /// and the sidebar ask for them every frame.
    briefing_events: OnceLock<Vec<Vec<usize>>>,
    /// The file as last read or written, to notice changes made by other programs.
    disk: Option<Fingerprint>,
    /// What each of the latest generations did to the events (see `event_changes_since`).
    changes: ChangeLog,
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
            history: EditHistory::default(),
            briefing_events: OnceLock::new(),
            disk: None,
            changes: ChangeLog::default(),
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

    /// Shows a file read on a worker thread (`Loading`), as `open` would have.
    pub fn open_loaded(&mut self, loaded: Loaded) {
        self.replace(loaded.document, Origin::File(loaded.path));
        self.disk = Some(loaded.fingerprint);
    }

    fn replace(&mut self, document: Document, origin: Origin) {
        let old = std::mem::replace(&mut self.document, Arc::new(document));
        // Freeing a million records takes a while: do it off the window's thread.
        if old.dossier.events.len() >= DROP_IN_BACKGROUND_EVENTS {
            std::thread::spawn(move || drop(old));
        }
        self.document_changed(None);
        self.origin = origin;
        self.history = EditHistory::default();
        self.forget_vanished_selections();
    }

    /// Applies an edit as one undoable step named `label` ("rename event"). An edit that
    /// would leave the dossier unable to load again is refused and changes nothing.
    pub fn apply(&mut self, label: &str, edit: Edit) -> Result<(), EditRefused> {
        let redo = edit.clone();
        let document = Arc::make_mut(&mut self.document);
        let applied = document.apply(edit)?;
        if document.has_errors() {
            let errors = document
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .cloned()
                .collect();
            // Roll back: the inverse of a just-applied edit always applies.
            let _ = document.apply(applied.undo);
            self.document_changed(None);
            return Err(EditRefused::WouldBreak(errors));
        }
        self.document_changed(applied.changes);
        self.history.push(label, applied.undo, redo);
        self.forget_vanished_selections();
        Ok(())
    }

    /// Undoes the last edit; returns its label. `None` when there is nothing to undo or the
    /// edit could not be undone (`try_undo` says why; the edit stays in the history).
    pub fn undo(&mut self) -> Option<String> {
        self.try_undo().ok()
    }

    /// Redoes the last undone edit; returns its label. `None` when there is nothing to redo
    /// or the edit could not be redone (`try_redo` says why).
    pub fn redo(&mut self) -> Option<String> {
        self.try_redo().ok()
    }

    /// Undoes the last edit; returns its label, or why nothing changed.
    pub fn try_undo(&mut self) -> Result<String, UndoRefused> {
        self.step_history(HistoryStep::Undo)
    }

    /// Redoes the last undone edit; returns its label, or why nothing changed.
    pub fn try_redo(&mut self) -> Result<String, UndoRefused> {
        self.step_history(HistoryStep::Redo)
    }

    /// One step back or forth through the history, through `Document::apply` like any
    /// edit, so that what follows the events follows this step too.
    fn step_history(&mut self, step: HistoryStep) -> Result<String, UndoRefused> {
        let label = match step {
            HistoryStep::Undo => self.history.undo_label(),
            HistoryStep::Redo => self.history.redo_label(),
        };
        // Checked first: `make_mut` may copy a document shared with a worker thread.
        label.ok_or(UndoRefused::Nothing(step))?;
        let document = Arc::make_mut(&mut self.document);
        let mut changes = None;
        let apply = |edit| {
            let applied = document.apply(edit)?;
            changes = applied.changes;
            Ok(applied.undo)
        };
        let label = match step {
            HistoryStep::Undo => self.history.undo(apply),
            HistoryStep::Redo => self.history.redo(apply),
        }?;
        self.document_changed(changes);
        self.forget_vanished_selections();
        Ok(label)
    }

    /// What Undo would undo: "rename event".
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo_label()
    }

    /// Marks what is derived from the document as out of date, and logs what the change
    /// did to the events (`None`: everything changed).
    fn document_changed(&mut self, changes: Option<Vec<EventChange>>) {
        self.generation += 1;
        self.briefing_events = OnceLock::new();
        self.changes.record(self.generation, changes);
    }

    /// The event changes made since `generation`, oldest first, when every edit since then
    /// was kept up to date change by change; `None` when the document was rebuilt or
    /// replaced since (what is derived from it must be rebuilt too).
    pub fn event_changes_since(&self, generation: u64) -> Option<Vec<EventChange>> {
        self.changes.since(generation, self.generation)
    }

    /// Changes whenever the document does.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// True when there are edits that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
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
        if self.document.has_errors() {
            return Err(SaveRefused::Invalid(self.document.problems.clone()));
        }
        let text = self.document.dossier.to_json();
        save_with_backup(path, text.as_bytes())?;
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        self.disk = Some(Fingerprint::of_bytes(text.as_bytes(), modified));
        self.history.mark_saved();
        Ok(())
    }

    fn forget_vanished_selections(&mut self) {
        let index = &self.document.index;
        self.selection.retain(|s| match s {
            Selection::Event(id) => index.event(&self.document.dossier, id).is_some(),
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
            Selection::Event(id) => self.document.index.event(&self.document.dossier, id),
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
            Selection::Entity(id) => Some(index.entity_events(index.entity(id)?).to_vec().into()),
            Selection::Briefing(id) => {
                let briefing = index.briefing(id)?;
                let cached = self
                    .briefing_events
                    .get_or_init(|| briefings_in_time_order(&self.document));
                // The cache matches the document unless it was changed behind our back.
                Some(match cached.get(briefing) {
                    Some(events) => events.as_slice().into(),
                    None => events_in_time_order(&self.document, briefing).into(),
                })
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
        let Some(event) = order.get(next) else {
            return;
        };
        let id = self.document.dossier.events[event].id.to_string();
        self.select(Some(Selection::Event(id)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::records::{Record, RecordKind};

    #[test]
    fn edits_undos_and_redos_log_their_event_changes_until_a_rebuild() {
        let mut w = Workspace::default();
        let start = w.generation();
        assert_eq!(w.event_changes_since(start), Some(vec![]));
        let mut event = w.document.dossier.events[3].clone();
        event.title = "Renamed".into();
        let rename = Edit::Replace {
            index: 3,
            record: Record::Event(event),
        };
        w.apply("rename event", rename).unwrap();
        let remove = Edit::Remove {
            kind: RecordKind::Event,
            index: 0,
        };
        w.apply("delete event", remove).unwrap();
        w.undo().unwrap();
        w.redo().unwrap();
        use EventChange::{Inserted, Removed, Replaced};
        assert_eq!(
            w.event_changes_since(start),
            Some(vec![Replaced(3), Removed(0), Inserted(0), Removed(0)])
        );
        let after_rename = w.event_changes_since(start + 1);
        assert_eq!(
            after_rename,
            Some(vec![Removed(0), Inserted(0), Removed(0)])
        );
        // A lane edit rebuilds: what follows the events must rebuild too.
        let mut lane = w.document.dossier.lanes[0].clone();
        lane.label = "Renamed lane".into();
        let relabel = Edit::Replace {
            index: 0,
            record: Record::Lane(lane),
        };
        w.apply("rename lane", relabel).unwrap();
        assert_eq!(w.event_changes_since(start), None);
        assert_eq!(w.event_changes_since(w.generation()), Some(vec![]));
        w.open_default();
        assert_eq!(w.event_changes_since(w.generation() - 1), None);
    }

    #[test]
    fn stepping_follows_time_order() {
        let mut w = Workspace::default();
        w.step_event(1);
        let first = w.document.index.chronological().get(0).unwrap();
        assert_eq!(w.selected_event(), Some(first));
        w.step_event(1);
        assert_eq!(
            w.selected_event(),
            Some(w.document.index.chronological().get(1).unwrap())
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
        assert!(
            li.contains(
                &w.document
                    .index
                    .event(&w.document.dossier, "li-qiang-proposes-waico")
                    .unwrap()
            )
        );
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

    #[test]
    fn a_briefings_events_are_sorted_once_per_generation() {
        let mut w = Workspace::default();
        w.select(Some(Selection::Briefing("china-waico-proposal".to_owned())));
        let first = w.highlighted_events().unwrap();
        assert!(
            matches!(first, std::borrow::Cow::Borrowed(_)),
            "from the cache"
        );
        let first_ptr = first.as_ptr();
        let again = w.highlighted_events().unwrap();
        assert_eq!(
            again.as_ptr(),
            first_ptr,
            "the same cached list, not sorted anew"
        );

        // An edit changes the generation; the list follows the briefing.
        let position = w.document.index.briefing("china-waico-proposal").unwrap();
        let mut briefing = w.document.dossier.briefings[position].clone();
        let dropped = briefing.events.pop().unwrap();
        let before = w.generation();
        w.apply(
            "drop an event",
            Edit::Replace {
                index: position,
                record: crate::model::records::Record::Briefing(briefing),
            },
        )
        .unwrap();
        assert_ne!(w.generation(), before);
        let events = w.highlighted_events().unwrap();
        let dropped = w
            .document
            .index
            .event(&w.document.dossier, &dropped)
            .unwrap();
        assert!(!events.contains(&dropped), "refreshed after the edit");
        assert_eq!(
            events.len(),
            w.document.dossier.briefings[position].events.len()
        );
    }

    #[test]
    fn a_failed_undo_says_why_and_keeps_its_step() {
        let mut w = Workspace::default();
        assert_eq!(w.try_undo(), Err(UndoRefused::Nothing(HistoryStep::Undo)));
        let lanes = w.document.dossier.lanes.len();
        let mut lane = w.document.dossier.lanes[0].clone();
        lane.id = "new-lane".to_owned();
        w.apply(
            "add lane",
            Edit::Insert {
                index: lanes,
                record: crate::model::records::Record::Lane(lane),
            },
        )
        .unwrap();
        Arc::make_mut(&mut w.document).dossier.lanes.pop();
        let generation = w.generation();
        let refused = w.try_undo().unwrap_err();
        assert!(
            matches!(refused, UndoRefused::DoesNotApply { .. }),
            "{refused:?}"
        );
        assert!(refused.to_string().contains("add lane"), "{refused}");
        assert_eq!(w.undo_label(), Some("add lane"));
        assert_eq!(w.generation(), generation, "nothing changed");
        assert!(w.is_dirty());
    }
}
