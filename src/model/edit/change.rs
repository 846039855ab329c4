//! What an applied edit did to the events, position by position, so that what is derived
//! from them (the index, the problems, the search index) can follow without a rebuild.

/// One change to `dossier.events`, with positions as they were when it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventChange {
    /// The event at this position was replaced (renamed, moved, re-laned…).
    Replaced(usize),
    /// An event was inserted here; the events from here on moved up by one.
    Inserted(usize),
    /// The event here was removed; the events after it moved down by one.
    Removed(usize),
}
