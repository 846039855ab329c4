//! What the panels show of the dossier once filters and search apply, derived once per
//! change (document generation, filter, query), never per frame: which events pass the
//! filters, per lane the sorted starts of those events (for density marks at any zoom),
//! per entity how many of its events pass, and the search results.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::model::Document;
use crate::model::query::filter::Filter;
use crate::model::query::search::SearchIndex;

/// The filtered view of one document generation.
#[derive(Debug, Default)]
pub struct FilteredView {
    key: Option<(u64, Filter)>,
    /// Per event, whether it passes the filters; `None` when nothing is filtered.
    visible: Option<Vec<bool>>,
    /// Per lane, the start (seconds since 1970) of each visible event, sorted.
    pub lane_starts: Vec<Vec<i64>>,
    /// The starts of all visible events, sorted (the overview strip).
    pub all_starts: Vec<i64>,
    /// Per entity, how many of its events are visible.
    pub entity_counts: Vec<usize>,
    /// How many events pass.
    pub visible_count: usize,
    /// Counts the recomputations, so that views derived from this one (the timeline's
    /// layout) know when to refresh.
    pub revision: u64,
}

impl FilteredView {
    /// Recomputes what changed; cheap when nothing did.
    pub fn update(&mut self, document: &Document, generation: u64, filter: &Filter) {
        if self
            .key
            .as_ref()
            .is_some_and(|(g, f)| *g == generation && f == filter)
        {
            return;
        }
        let index = &document.index;
        self.visible = filter.visible(document);
        let passes = |e: usize| self.visible.as_ref().is_none_or(|v| v[e]);
        self.lane_starts = (0..document.dossier.lanes.len())
            .map(|lane| {
                index
                    .lane_events(lane)
                    .iter()
                    .filter(|&&e| passes(e))
                    .filter_map(|&e| index.event_span(e).map(|s| s.start_secs))
                    .collect()
            })
            .collect();
        self.all_starts = index
            .chronological()
            .iter()
            .filter(|&&e| passes(e))
            .filter_map(|&e| index.event_span(e).map(|s| s.start_secs))
            .collect();
        self.visible_count = self.all_starts.len();
        self.entity_counts = (0..document.dossier.entities.len())
            .map(|entity| {
                index
                    .entity_events(entity)
                    .iter()
                    .filter(|&&e| passes(e))
                    .count()
            })
            .collect();
        self.key = Some((generation, filter.clone()));
        self.revision += 1;
    }

    /// Whether the event at `e` passes the filters.
    pub fn passes(&self, e: usize) -> bool {
        self.visible
            .as_ref()
            .is_none_or(|v| v.get(e).copied().unwrap_or(false))
    }

    pub fn is_filtered(&self) -> bool {
        self.visible.is_some()
    }
}

/// Search: the index, built off the UI thread for each document generation, the query
/// and its results.
#[derive(Default)]
pub struct SearchState {
    pub query: String,
    index: Option<(u64, Arc<SearchIndex>)>,
    building: Option<(u64, Receiver<SearchIndex>)>,
    /// Results in time order, for `(generation, query)`.
    results_for: Option<(u64, String)>,
    pub results: Vec<usize>,
    /// The result last stepped to with Enter / F3.
    pub cursor: Option<usize>,
    /// Set by Find (Ctrl+F): focus the search field on the next frame.
    pub focus: bool,
}

impl SearchState {
    /// Starts (on the first query) or collects the index build, and reruns the query when
    /// it or the document changed. Returns true while the index is being built (the
    /// caller repaints).
    pub fn update(
        &mut self,
        document: &Arc<Document>,
        generation: u64,
        wake: impl Fn() + Send + 'static,
    ) -> bool {
        let current = self.index.as_ref().is_some_and(|(g, _)| *g == generation);
        // The index is built when first needed: a dossier nobody searches costs nothing.
        if !current && self.is_active() {
            match &self.building {
                Some((g, receiver)) if *g == generation => match receiver.try_recv() {
                    Ok(index) => {
                        self.index = Some((generation, Arc::new(index)));
                        self.building = None;
                    }
                    Err(TryRecvError::Empty) => {}
                    Err(TryRecvError::Disconnected) => self.building = None,
                },
                _ => {
                    let (sender, receiver) = channel();
                    let document = Arc::clone(document);
                    std::thread::spawn(move || {
                        let _ = sender.send(SearchIndex::build(&document));
                        wake();
                    });
                    self.building = Some((generation, receiver));
                }
            }
        }
        let query = self.query.trim().to_owned();
        let wanted = Some((generation, query.clone()));
        if let Some((g, index)) = &self.index
            && *g == generation
            && self.results_for != wanted
        {
            self.results = index.search(document, &query);
            self.results_for = wanted;
            self.cursor = None;
        }
        self.building.is_some() && !self.query.trim().is_empty()
    }

    /// True once results for the current query are known.
    pub fn ready(&self) -> bool {
        self.results_for
            .as_ref()
            .is_some_and(|(_, q)| q == self.query.trim())
    }

    pub fn is_active(&self) -> bool {
        !self.query.trim().is_empty()
    }

    /// The next (or previous) result after the cursor.
    pub fn step(&mut self, forward: bool) -> Option<usize> {
        if self.results.is_empty() {
            return None;
        }
        let n = self.results.len();
        let next = match (self.cursor, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
        };
        self.cursor = Some(next);
        self.results.get(next).copied()
    }
}
