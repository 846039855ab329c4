//! What each of the latest document generations did to the events, so that what is
//! derived from them off the window's thread (the search index) can catch up with the
//! edits instead of rebuilding.

use std::collections::VecDeque;

use crate::model::edit::EventChange;

/// How many generations the log keeps: enough to catch up after a burst of edits.
const GENERATIONS: usize = 256;

/// Per generation, its event changes; `None` for one that rebuilt or replaced the document.
#[derive(Debug, Default)]
pub struct ChangeLog {
    entries: VecDeque<(u64, Option<Vec<EventChange>>)>,
}

impl ChangeLog {
    /// Logs what made `generation`.
    pub fn record(&mut self, generation: u64, changes: Option<Vec<EventChange>>) {
        if self.entries.len() == GENERATIONS {
            self.entries.pop_front();
        }
        self.entries.push_back((generation, changes));
    }

    /// The changes from `since` to `now`, oldest first; `None` when one of those
    /// generations rebuilt the document or is no longer in the log.
    pub fn since(&self, since: u64, now: u64) -> Option<Vec<EventChange>> {
        if since > now || now - since > self.entries.len() as u64 {
            return None;
        }
        let mut all = Vec::new();
        for (_, changes) in self.entries.iter().filter(|(g, _)| *g > since) {
            all.extend_from_slice(changes.as_deref()?);
        }
        Some(all)
    }
}
