//! What the panels show of the dossier once filters and search apply, derived once per
//! change (document generation, filter, query), never per frame: which events pass the
//! filters, per lane the sorted starts of those events (for density marks at any zoom),
//! per entity how many of its events pass, and the search results. While nothing is
//! filtered the starts are the index's own, read where they are.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::model::edit::EventChange;
use crate::model::index::Starts;
use crate::model::query::filter::Filter;
use crate::model::query::search::SearchIndex;
use crate::model::{Document, Index};

/// Past this many events indexed since its build, the search index is built again in the
/// background (it follows the edits meanwhile): its searches slow down as it grows.
const OVERLAY_LIMIT: usize = 100_000;

/// The filtered view of one document generation.
#[derive(Debug, Default)]
pub struct FilteredView {
    key: Option<(u64, Filter)>,
    /// Per event, whether it passes the filters; `None` when nothing is filtered.
    visible: Option<Vec<bool>>,
    /// Per lane, the start (seconds since 1970) of each visible event, sorted; none while
    /// nothing is filtered ([`Self::lane_starts`]).
    lane_starts: Vec<Vec<i64>>,
    /// The starts of all visible events, sorted (the overview strip); none while nothing
    /// is filtered ([`Self::all_starts`]).
    all_starts: Vec<i64>,
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
        self.key = Some((generation, filter.clone()));
        self.revision += 1;
        if self.visible.is_none() {
            // Nothing filtered: the index keeps the starts, also across edits, and they
            // are read there. A copy took 16 MB at a million events.
            self.lane_starts = Vec::new();
            self.all_starts = Vec::new();
            self.visible_count = index.chronological_starts().len();
            self.entity_counts = (0..document.dossier.entities.len())
                .map(|entity| index.entity_events(entity).len())
                .collect();
            return;
        }
        let passes = |e: usize| self.visible.as_ref().is_none_or(|v| v[e]);
        self.lane_starts = (0..document.dossier.lanes.len())
            .map(|lane| {
                index
                    .lane_events(lane)
                    .iter()
                    .filter(|&e| passes(e))
                    .filter_map(|e| index.event_secs(e).map(|(start, _)| start))
                    .collect()
            })
            .collect();
        self.all_starts = index
            .chronological()
            .iter()
            .filter(|&e| passes(e))
            .filter_map(|e| index.event_secs(e).map(|(start, _)| start))
            .collect();
        self.visible_count = self.all_starts.len();
        self.entity_counts = (0..document.dossier.entities.len())
            .map(|entity| {
                index
                    .entity_events(entity)
                    .iter()
                    .filter(|&e| passes(e))
                    .count()
            })
            .collect();
    }

    /// The sorted starts of a lane's events that pass the filters.
    pub fn lane_starts<'a>(&'a self, index: &'a Index, lane: usize) -> Starts<'a> {
        if self.is_filtered() {
            Starts::Plain(self.lane_starts.get(lane).map_or(&[], Vec::as_slice))
        } else {
            index.lane_starts(lane)
        }
    }

    /// The sorted starts of all events that pass the filters.
    pub fn all_starts<'a>(&'a self, index: &'a Index) -> Starts<'a> {
        if self.is_filtered() {
            Starts::Plain(&self.all_starts)
        } else {
            index.chronological_starts()
        }
    }

    /// A view filtered down to these starts per lane, whatever the document, for tests
    /// of the timeline's lanes.
    #[cfg(test)]
    pub fn with_lane_starts(lane_starts: Vec<Vec<i64>>) -> Self {
        Self {
            visible: Some(Vec::new()),
            lane_starts,
            ..Self::default()
        }
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

/// Search: the index, built off the UI thread and then following the edits, the query
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
    /// A step (true: forward) asked for before the results were ready.
    pending_step: Option<bool>,
}

impl SearchState {
    /// Starts (on the first query) or collects the index build, brings the index up to
    /// date with the edits to events since (`changes_since(generation)`, `None` when they
    /// are not known: then it is built again), and reruns the query when it or the
    /// document changed. Returns true while the index is being built (the caller
    /// repaints).
    pub fn update(
        &mut self,
        document: &Arc<Document>,
        generation: u64,
        changes_since: impl Fn(u64) -> Option<Vec<EventChange>>,
        wake: impl Fn() + Send + 'static,
    ) -> bool {
        // The index is built when first needed: a dossier nobody searches costs nothing.
        if self.is_active() {
            self.collect_build(document, generation, &changes_since);
            if let Some((g, index)) = &mut self.index
                && *g != generation
                && let Some(changes) = changes_since(*g)
                && Arc::make_mut(index).apply_changes(document, &changes)
            {
                *g = generation;
            }
            let (current, outgrown) = match &self.index {
                Some((g, index)) if *g == generation => {
                    (true, index.overlay_events() > OVERLAY_LIMIT)
                }
                _ => (false, false),
            };
            // A build under way for an older generation still serves if the edits since
            // are known.
            let under_way = |(g, _): &(u64, _)| *g == generation || changes_since(*g).is_some();
            if (!current || outgrown) && !self.building.as_ref().is_some_and(under_way) {
                let (sender, receiver) = channel();
                let document = Arc::clone(document);
                std::thread::spawn(move || {
                    let _ = sender.send(SearchIndex::build(&document));
                    wake();
                });
                self.building = Some((generation, receiver));
            }
        }
        let query = self.query.trim().to_owned();
        let wanted = Some((generation, query.clone()));
        let index = self.index.as_ref().filter(|(g, _)| *g == generation);
        if let Some((_, index)) = index
            && self.results_for != wanted
        {
            self.results = index.search(document, &query);
            self.results_for = wanted;
            self.cursor = None;
        } else if index.is_none()
            && self
                .results_for
                .as_ref()
                .is_some_and(|(g, _)| *g != generation)
        {
            // Results for another generation may name events that are no longer there.
            self.results.clear();
            self.results_for = None;
            self.cursor = None;
        }
        self.building.is_some() && self.is_active()
    }

    /// Takes the index built in the background once it is there; one built for an older
    /// generation is brought up to date with the edits since, or dropped when they are
    /// not known.
    fn collect_build(
        &mut self,
        document: &Document,
        generation: u64,
        changes_since: impl Fn(u64) -> Option<Vec<EventChange>>,
    ) {
        let Some((built_for, receiver)) = &self.building else {
            return;
        };
        let built_for = *built_for;
        let mut index = match receiver.try_recv() {
            Ok(index) => index,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                self.building = None;
                return;
            }
        };
        self.building = None;
        if built_for == generation
            || changes_since(built_for).is_some_and(|c| index.apply_changes(document, &c))
        {
            self.index = Some((generation, Arc::new(index)));
        }
    }

    /// The step asked for before the results were ready, taken once they are.
    pub fn take_pending_step(&mut self) -> Option<usize> {
        if !self.ready() || !self.is_active() {
            return None;
        }
        let forward = self.pending_step.take()?;
        self.step(forward)
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
        // Enter pressed with the last letters of a query, or while the index is being
        // built: step once the results for what was typed are known.
        if !self.ready() {
            self.pending_step = self.is_active().then_some(forward);
            return None;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::{GenerateOptions, generate};

    #[test]
    fn the_unfiltered_view_taken_from_the_index_equals_one_counted_event_by_event() {
        let mut document = Document::new(generate(GenerateOptions {
            events: 3_000,
            seed: 11,
        }));
        // After an edit too: the index keeps its starts up to date itself.
        let mut moved = document.dossier.events[7].clone();
        moved.start = "2001-03-04".into();
        let edit = crate::model::edit::Edit::Replace {
            index: 7,
            record: crate::model::records::Record::Event(moved),
        };
        assert!(document.apply(edit).unwrap().changes.is_some());
        let mut unfiltered = FilteredView::default();
        unfiltered.update(&document, 1, &Filter::default());
        // A filter every event passes takes the event-by-event path.
        let everything = Filter {
            range: Some((i64::MIN, i64::MAX)),
            ..Filter::default()
        };
        let mut counted = FilteredView::default();
        counted.update(&document, 1, &everything);
        assert!(counted.is_filtered() && !unfiltered.is_filtered());
        assert!(unfiltered.lane_starts.is_empty() && unfiltered.all_starts.is_empty());
        let index = &document.index;
        for lane in 0..document.dossier.lanes.len() {
            assert_eq!(
                unfiltered.lane_starts(index, lane),
                counted.lane_starts(index, lane)
            );
        }
        assert_eq!(unfiltered.all_starts(index), counted.all_starts(index));
        assert_eq!(unfiltered.entity_counts, counted.entity_counts);
        assert_eq!(unfiltered.visible_count, 3_000);
    }

    /// Updates until the index build started by `search` is collected.
    fn settle(search: &mut SearchState, document: &Arc<Document>, generation: u64) {
        for _ in 0..1000 {
            if !search.update(document, generation, |_| None, || {}) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("the index build did not finish");
    }

    fn renamed(document: &Document, event: usize, title: &str) -> Arc<Document> {
        let mut document = document.clone();
        document.dossier.events[event].title = title.into();
        document.refresh();
        Arc::new(document)
    }

    #[test]
    fn the_index_follows_known_edits_and_is_rebuilt_after_unknown_ones() {
        let document = Arc::new(Document::new(generate(GenerateOptions {
            events: 300,
            seed: 3,
        })));
        let mut search = SearchState {
            query: "zebra".into(),
            ..SearchState::default()
        };
        assert!(search.update(&document, 0, |_| None, || {}), "building");
        assert!(!search.ready());
        settle(&mut search, &document, 0);
        assert!(search.ready());
        assert!(search.results.is_empty());

        // A known edit: followed at once, without a build.
        let document = renamed(&document, 3, "Zebra crossing");
        let changes = |g: u64| (g == 0).then(|| vec![EventChange::Replaced(3)]);
        assert!(!search.update(&document, 1, changes, || {}), "no build");
        assert!(search.ready());
        assert_eq!(search.results, [3]);

        // One whose changes are not known: built again, no stale results meanwhile.
        let document = renamed(&document, 4, "Zebra again");
        assert!(search.update(&document, 2, |_| None, || {}), "building");
        assert!(!search.ready());
        assert!(search.results.is_empty());
        settle(&mut search, &document, 2);
        let mut expected = vec![3, 4];
        expected.sort_by_key(|&e| document.index.rank(e));
        assert_eq!(search.results, expected);
    }

    #[test]
    fn a_build_for_an_older_generation_is_brought_up_to_date() {
        let document = Arc::new(Document::new(generate(GenerateOptions {
            events: 300,
            seed: 4,
        })));
        let mut search = SearchState {
            query: "zebra".into(),
            ..SearchState::default()
        };
        assert!(search.update(&document, 0, |_| None, || {}), "building");
        // Edited while the index is being built.
        let edited = renamed(&document, 7, "Zebra");
        let changes = |g: u64| (g == 0).then(|| vec![EventChange::Replaced(7)]);
        search.update(&edited, 1, changes, || {});
        // The build under way is kept (or already taken), not started again.
        assert!(search.building.as_ref().is_none_or(|(g, _)| *g == 0));
        for _ in 0..1000 {
            if !search.update(&edited, 1, changes, || {}) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(search.ready());
        assert_eq!(search.results, [7]);
    }
}
