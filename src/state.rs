//! The open dossier and what the user has selected: plain Rust, shared by the window,
//! the tests and any future scripting. The UI reads it and changes it only through the
//! methods here.

use std::path::{Path, PathBuf};

use crate::model::{Document, LoadError, load_file};

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

/// Where the open dossier came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The built-in dossier.
    Embedded,
    File(PathBuf),
}

/// The open dossier, where it came from, and the selection.
#[derive(Debug)]
pub struct Workspace {
    pub document: Document,
    pub origin: Origin,
    pub selection: SelectionHistory,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new(Document::default_dossier(), Origin::Embedded)
    }
}

impl Workspace {
    pub fn new(document: Document, origin: Origin) -> Self {
        Self {
            document,
            origin,
            selection: SelectionHistory::default(),
        }
    }

    /// Opens a file. On failure nothing changes: the open dossier stays as it was.
    pub fn open(&mut self, path: &Path) -> Result<(), LoadError> {
        let document = load_file(path)?;
        self.replace(document, Origin::File(path.to_owned()));
        Ok(())
    }

    /// Shows the built-in dossier.
    pub fn open_default(&mut self) {
        self.replace(Document::default_dossier(), Origin::Embedded);
    }

    fn replace(&mut self, document: Document, origin: Origin) {
        self.document = document;
        self.origin = origin;
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
            Origin::Embedded => crate::model::DEFAULT_DOSSIER_NAME.to_owned(),
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
