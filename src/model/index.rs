//! What the UI and the queries need, built once per load or edit rather than per frame:
//! id → position maps, parsed dates, events in time order, per-lane and per-entity lists.
//!
//! Building is tolerant: a dossier with errors still gets an index (unknown references
//! and unparsable dates are skipped), so an editor can show what it has while the user
//! fixes it. Validation reports what was skipped.

use rustc_hash::FxHashMap;

/// Id → position. Fx hashing: ids are short strings from our own files, and building
/// the maps of a million events with `SipHash` costs several times more.
type IdMap = FxHashMap<Box<str>, usize>;

use super::dataset::{Dossier, Event};
use super::date::FuzzyDate;
use super::event_ids::EventIds;

/// The parsed time span of an event or period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: FuzzyDate,
    /// The inclusive end date of a range, `None` for a single date.
    pub end: Option<FuzzyDate>,
    /// Seconds since 1970-01-01 at the first instant covered.
    pub start_secs: i64,
    /// Seconds since 1970-01-01 just after the last instant covered.
    pub end_secs: i64,
}

impl Span {
    /// Parses a start and an optional (empty = none) end; `None` if either is not a date.
    pub fn parse(start: &str, end: &str) -> Option<Self> {
        let start = FuzzyDate::parse(start).ok()?;
        let end = if end.is_empty() {
            None
        } else {
            Some(FuzzyDate::parse(end).ok()?)
        };
        let start_secs = start.start_secs();
        let end_secs = end
            .as_ref()
            .map_or(start.end_secs_exclusive(), FuzzyDate::end_secs_exclusive)
            .max(start_secs + 1);
        Some(Self {
            start,
            end,
            start_secs,
            end_secs,
        })
    }

    /// True for an explicit range (start and end given).
    pub fn is_range(&self) -> bool {
        self.end.is_some()
    }

    /// The span written out for readers ("26–28 July 2025").
    pub fn long(&self) -> String {
        super::date::long_range(&self.start, self.end.as_ref())
    }

    /// True when either end is approximate or uncertain.
    pub fn is_qualified(&self) -> bool {
        self.start.is_qualified() || self.end.is_some_and(|e| e.is_qualified())
    }
}

/// Position maps and time-ordered lists over one dossier.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Index {
    lane_ids: IdMap,
    entity_ids: IdMap,
    source_ids: IdMap,
    event_ids: EventIds,
    period_ids: IdMap,
    briefing_ids: IdMap,
    /// Per event (by position in `dossier.events`): its span, `None` if a date is invalid.
    event_spans: Vec<Option<Span>>,
    /// Per period: its span.
    period_spans: Vec<Option<Span>>,
    /// Events with valid dates, ordered by start, then end, then position.
    chronological: Vec<usize>,
    /// Per event: its place in `chronological`, `usize::MAX` if it has none.
    chronological_rank: Vec<usize>,
    /// The start of each event of `chronological`, and of each lane's events: what the
    /// timeline's density marks and overview count, ready after an edit without a pass
    /// over a million spans.
    chronological_starts: Vec<i64>,
    lane_starts: Vec<Vec<i64>>,
    /// Per lane: its events in time order.
    lane_events: Vec<Vec<usize>>,
    /// Per entity: the events it takes part in, in time order.
    entity_events: Vec<Vec<usize>>,
    /// Per lane: the longest span of its events, so that culling by time can find every
    /// event overlapping a view by binary search over starts.
    lane_longest_secs: Vec<i64>,
    /// Earliest start and latest end over all events and periods.
    extent: Option<(i64, i64)>,
}

fn id_map<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> IdMap {
    let mut map = IdMap::with_capacity_and_hasher(ids.len(), rustc_hash::FxBuildHasher);
    for (i, id) in ids.enumerate() {
        // The first record with an id wins; validation reports the duplicates.
        map.entry(id.into()).or_insert(i);
    }
    map
}

/// Earliest start and latest end over the spans of events and periods.
fn extent_of(event_spans: &[Option<Span>], period_spans: &[Option<Span>]) -> Option<(i64, i64)> {
    event_spans
        .iter()
        .chain(period_spans)
        .flatten()
        .fold(None, |acc: Option<(i64, i64)>, s| {
            Some(acc.map_or((s.start_secs, s.end_secs), |(a, b)| {
                (a.min(s.start_secs), b.max(s.end_secs))
            }))
        })
}

/// The longest span among `events`.
fn longest_of(events: &[usize], event_spans: &[Option<Span>]) -> i64 {
    events
        .iter()
        .filter_map(|&i| event_spans[i].as_ref())
        .map(|s| s.end_secs - s.start_secs)
        .max()
        .unwrap_or(0)
}

/// Dossiers with at least this many events build their index and problems on two
/// threads; below it a thread costs more than it saves.
pub(crate) const PARALLEL_EVENTS: usize = 50_000;

/// Moves every position from `from` on by `delta` (-1 after a removal, +1 before an
/// insertion).
fn shift(positions: &mut [usize], from: usize, delta: isize) {
    // Without a branch, so that the passes over millions of positions vectorise.
    for p in positions {
        *p = p.wrapping_add_signed(delta * isize::from(*p >= from));
    }
}

impl Index {
    pub fn build(dossier: &Dossier) -> Self {
        // The events' id map is the largest piece that needs nothing else: on a second
        // core it is built while the spans, the time order and the lists are.
        std::thread::scope(|scope| {
            let event_ids = || EventIds::build(dossier.events.iter().map(|e| e.id.as_str()));
            let (event_ids, mut index) = if dossier.events.len() >= PARALLEL_EVENTS {
                let ids = scope.spawn(event_ids);
                let index = Self::build_without_event_ids(dossier);
                let ids = ids
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (ids, index)
            } else {
                (event_ids(), Self::build_without_event_ids(dossier))
            };
            index.event_ids = event_ids;
            index
        })
    }

    fn build_without_event_ids(dossier: &Dossier) -> Self {
        let lane_ids = id_map(dossier.lanes.iter().map(|l| l.id.as_str()));
        let entity_ids = id_map(dossier.entities.iter().map(|e| e.id.as_str()));
        let source_ids = id_map(dossier.sources.iter().map(|s| s.id.as_str()));
        let event_ids = EventIds::default();
        let period_ids = id_map(dossier.periods.iter().map(|p| p.id.as_str()));
        let briefing_ids = id_map(dossier.briefings.iter().map(|b| b.id.as_str()));

        let event_spans: Vec<Option<Span>> = dossier
            .events
            .iter()
            .map(|e| Span::parse(&e.start, &e.end))
            .collect();
        let period_spans: Vec<Option<Span>> = dossier
            .periods
            .iter()
            .map(|p| Span::parse(&p.start, &p.end))
            .collect();

        // Sort keys gathered first: sorting a million indices by looking up their spans
        // jumps around memory at every comparison.
        let mut keyed: Vec<(i64, i64, usize)> = Vec::with_capacity(event_spans.len());
        keyed.extend(
            event_spans
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.as_ref().map(|s| (s.start_secs, s.end_secs, i))),
        );
        keyed.sort_unstable();
        // From a slice, so that the vector is made at its length (collecting the sorted
        // vector itself would keep its threefold allocation).
        let chronological: Vec<usize> = keyed.iter().map(|&(_, _, i)| i).collect();
        drop(keyed);
        let mut chronological_rank = vec![usize::MAX; dossier.events.len()];
        for (rank, &i) in chronological.iter().enumerate() {
            chronological_rank[i] = rank;
        }

        let mut lane_events = vec![Vec::new(); dossier.lanes.len()];
        let mut entity_events = vec![Vec::new(); dossier.entities.len()];
        for &i in &chronological {
            let event = &dossier.events[i];
            if let Some(&lane) = lane_ids.get(event.lane.as_str()) {
                lane_events[lane].push(i);
            }
            for reference in &event.entities {
                if let Some(&entity) = entity_ids.get(reference.id.as_str()) {
                    // An entity named twice in one event still lists the event once.
                    if entity_events[entity].last() != Some(&i) {
                        entity_events[entity].push(i);
                    }
                }
            }
        }

        // Grown by pushing, a million events' lists held up to twice their room. Copied
        // once at their length (a few megabytes; counting them first cost as many id
        // lookups again). Not `shrink_to_fit`: mimalloc keeps a block that shrinks by
        // less than half.
        for list in lane_events.iter_mut().chain(&mut entity_events) {
            if list.capacity() > list.len() {
                *list = list.clone();
            }
        }
        let lane_longest_secs = lane_events
            .iter()
            .map(|events| longest_of(events, &event_spans))
            .collect();
        // Every listed event has a span; a plain map makes each vector at its length.
        let starts_of = |events: &[usize]| -> Vec<i64> {
            events
                .iter()
                .map(|&i| event_spans[i].map_or(i64::MIN, |s| s.start_secs))
                .collect()
        };
        let chronological_starts = starts_of(&chronological);
        let lane_starts = lane_events.iter().map(|l| starts_of(l)).collect();

        let extent = extent_of(&event_spans, &period_spans);

        Self {
            lane_ids,
            entity_ids,
            source_ids,
            event_ids,
            period_ids,
            briefing_ids,
            event_spans,
            period_spans,
            chronological,
            chronological_rank,
            chronological_starts,
            lane_starts,
            lane_events,
            entity_events,
            lane_longest_secs,
            extent,
        }
    }

    pub fn lane(&self, id: &str) -> Option<usize> {
        self.lane_ids.get(id).copied()
    }
    pub fn entity(&self, id: &str) -> Option<usize> {
        self.entity_ids.get(id).copied()
    }
    pub fn source(&self, id: &str) -> Option<usize> {
        self.source_ids.get(id).copied()
    }
    pub fn event(&self, id: &str) -> Option<usize> {
        self.event_ids.get(id)
    }
    pub fn period(&self, id: &str) -> Option<usize> {
        self.period_ids.get(id).copied()
    }
    pub fn briefing(&self, id: &str) -> Option<usize> {
        self.briefing_ids.get(id).copied()
    }

    /// The parsed span of an event, `None` if its dates are invalid.
    pub fn event_span(&self, event: usize) -> Option<&Span> {
        self.event_spans.get(event).and_then(Option::as_ref)
    }

    pub fn period_span(&self, period: usize) -> Option<&Span> {
        self.period_spans.get(period).and_then(Option::as_ref)
    }

    /// Events with valid dates in time order.
    pub fn chronological(&self) -> &[usize] {
        &self.chronological
    }

    /// The starts (seconds since 1970) of [`Self::chronological`], in that order.
    pub fn chronological_starts(&self) -> &[i64] {
        &self.chronological_starts
    }

    /// The starts of a lane's events, in time order.
    pub fn lane_starts(&self, lane: usize) -> &[i64] {
        self.lane_starts.get(lane).map_or(&[], Vec::as_slice)
    }

    /// The event's place in [`Self::chronological`].
    pub fn rank(&self, event: usize) -> Option<usize> {
        self.chronological_rank
            .get(event)
            .copied()
            .filter(|&r| r != usize::MAX)
    }

    /// The events of a lane in time order.
    pub fn lane_events(&self, lane: usize) -> &[usize] {
        self.lane_events.get(lane).map_or(&[], Vec::as_slice)
    }

    /// The events an entity takes part in, in time order.
    pub fn entity_events(&self, entity: usize) -> &[usize] {
        self.entity_events.get(entity).map_or(&[], Vec::as_slice)
    }

    /// The events of a lane that may overlap `[start_secs, end_secs)`, in time order: a
    /// binary search over starts, widened by the lane's longest span. Every overlapping
    /// event is in the slice; callers drop the few that end before `start_secs`.
    pub fn lane_events_between(&self, lane: usize, start_secs: i64, end_secs: i64) -> &[usize] {
        let events = self.lane_events(lane);
        let longest = self.lane_longest_secs.get(lane).copied().unwrap_or(0);
        let start_of = |i: &usize| {
            self.event_spans[*i]
                .as_ref()
                .map_or(i64::MIN, |s| s.start_secs)
        };
        let first = events.partition_point(|i| start_of(i) < start_secs.saturating_sub(longest));
        let last = events.partition_point(|i| start_of(i) < end_secs);
        events.get(first..last.max(first)).unwrap_or(&[])
    }

    /// Earliest start and latest end (seconds since 1970) over events and periods.
    pub fn extent(&self) -> Option<(i64, i64)> {
        self.extent
    }
}

/// Following edits of single events, so that an edit at a million events costs a few
/// passes over integer arrays instead of a rebuild. They keep the index equal to what
/// [`Index::build`] gives for the edited dossier (a property test in
/// `model::document` checks it), on one condition the caller checks: event ids are
/// unique before and after the edit. A duplicate is an error the document rebuilds for.
impl Index {
    /// The order of the time-ordered lists: start, end, position.
    fn key(&self, event: usize) -> (i64, i64, usize) {
        self.event_spans[event]
            .as_ref()
            .map_or((i64::MIN, i64::MIN, event), |s| {
                (s.start_secs, s.end_secs, event)
            })
    }

    /// Where `event` goes in (or is in) a time-ordered list.
    fn place(&self, list: &[usize], event: usize) -> usize {
        let key = self.key(event);
        list.partition_point(|&other| self.key(other) < key)
    }

    /// The lane and entity positions of an event's references, each entity once.
    fn lists_of(&self, event: &Event) -> (Option<usize>, Vec<usize>) {
        let lane = self.lane(&event.lane);
        let mut entities: Vec<usize> = event
            .entities
            .iter()
            .filter_map(|r| self.entity(&r.id))
            .collect();
        entities.sort_unstable();
        entities.dedup();
        (lane, entities)
    }

    /// Takes the event at `i` (which was `old`) out of the id map and the time-ordered
    /// lists. Positions do not move. Returns whether the extent may have shrunk.
    fn unlink_event(&mut self, i: usize, old: &Event) -> bool {
        self.event_ids.remove_at(&old.id, i);
        let Some(span) = self.event_spans[i] else {
            return false;
        };
        let rank = self.chronological_rank[i];
        self.chronological.remove(rank);
        self.chronological_starts.remove(rank);
        self.chronological_rank[i] = usize::MAX;
        // Without a branch, so that the pass over a million ranks vectorises.
        for r in &mut self.chronological_rank {
            *r -= usize::from(*r > rank && *r != usize::MAX);
        }
        let (lane, entities) = self.lists_of(old);
        if let Some(lane) = lane {
            let at = self.place(&self.lane_events[lane], i);
            self.lane_events[lane].remove(at);
            self.lane_starts[lane].remove(at);
            if span.end_secs - span.start_secs >= self.lane_longest_secs[lane] {
                self.lane_longest_secs[lane] =
                    longest_of(&self.lane_events[lane], &self.event_spans);
            }
        }
        for entity in entities {
            let at = self.place(&self.entity_events[entity], i);
            self.entity_events[entity].remove(at);
        }
        self.event_spans[i] = None;
        self.extent
            .is_some_and(|(a, b)| span.start_secs <= a || span.end_secs >= b)
    }

    /// Puts the event at `i` into the id map and the time-ordered lists.
    fn link_event(&mut self, i: usize, event: &Event) {
        self.event_ids.insert(&event.id, i);
        let span = Span::parse(&event.start, &event.end);
        self.event_spans[i] = span;
        let Some(span) = span else {
            return;
        };
        let rank = self.place(&self.chronological, i);
        self.chronological.insert(rank, i);
        self.chronological_starts.insert(rank, span.start_secs);
        for r in &mut self.chronological_rank {
            *r += usize::from(*r >= rank && *r != usize::MAX);
        }
        self.chronological_rank[i] = rank;
        let (lane, entities) = self.lists_of(event);
        if let Some(lane) = lane {
            let at = self.place(&self.lane_events[lane], i);
            self.lane_events[lane].insert(at, i);
            self.lane_starts[lane].insert(at, span.start_secs);
            let longest = &mut self.lane_longest_secs[lane];
            *longest = (*longest).max(span.end_secs - span.start_secs);
        }
        for entity in entities {
            let at = self.place(&self.entity_events[entity], i);
            self.entity_events[entity].insert(at, i);
        }
        self.extent = Some(
            self.extent
                .map_or((span.start_secs, span.end_secs), |(a, b)| {
                    (a.min(span.start_secs), b.max(span.end_secs))
                }),
        );
    }

    /// Moves every stored event position from `from` on by `delta`.
    fn shift_events(&mut self, from: usize, delta: isize) {
        self.event_ids.shift(from, if delta < 0 { -1 } else { 1 });
        shift(&mut self.chronological, from, delta);
        for list in self.lane_events.iter_mut().chain(&mut self.entity_events) {
            shift(list, from, delta);
        }
    }

    fn recompute_extent(&mut self, may_have_shrunk: bool) {
        if may_have_shrunk {
            self.extent = extent_of(&self.event_spans, &self.period_spans);
        }
    }

    /// After `dossier.events[i]`, which was `old`, was replaced.
    pub fn event_replaced(&mut self, dossier: &Dossier, i: usize, old: &Event) {
        let shrunk = self.unlink_event(i, old);
        self.link_event(i, &dossier.events[i]);
        self.recompute_extent(shrunk);
    }

    /// After `old`, at `i`, was removed from `dossier.events`.
    pub fn event_removed(&mut self, i: usize, old: &Event) {
        let shrunk = self.unlink_event(i, old);
        self.event_spans.remove(i);
        self.chronological_rank.remove(i);
        self.shift_events(i + 1, -1);
        self.recompute_extent(shrunk);
    }

    /// After an event was inserted at `i` of `dossier.events`.
    pub fn event_inserted(&mut self, dossier: &Dossier, i: usize) {
        self.shift_events(i, 1);
        self.event_spans.insert(i, None);
        self.chronological_rank.insert(i, usize::MAX);
        self.link_event(i, &dossier.events[i]);
    }

    /// After a briefing was replaced: only the briefings' id map depends on them.
    pub fn briefings_changed(&mut self, dossier: &Dossier) {
        self.briefing_ids = id_map(dossier.briefings.iter().map(|b| b.id.as_str()));
    }
}
