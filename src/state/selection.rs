//! What the user has selected, with browser-like back and forward.

/// What is selected: one event, entity or briefing, by id (ids survive reloads and
/// edits, positions do not).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Selection {
    Event(String),
    Entity(String),
    Briefing(String),
}

impl Selection {
    /// The id of what is selected, whatever its kind.
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
}
