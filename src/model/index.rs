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

use super::dataset::Dossier;
use super::date::FuzzyDate;

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
#[derive(Clone, Debug, Default)]
pub struct Index {
    lane_ids: IdMap,
    entity_ids: IdMap,
    source_ids: IdMap,
    event_ids: IdMap,
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

impl Index {
    pub fn build(dossier: &Dossier) -> Self {
        let lane_ids = id_map(dossier.lanes.iter().map(|l| l.id.as_str()));
        let entity_ids = id_map(dossier.entities.iter().map(|e| e.id.as_str()));
        let source_ids = id_map(dossier.sources.iter().map(|s| s.id.as_str()));
        let event_ids = id_map(dossier.events.iter().map(|e| e.id.as_str()));
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
        let mut keyed: Vec<(i64, i64, usize)> = event_spans
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|s| (s.start_secs, s.end_secs, i)))
            .collect();
        keyed.sort_unstable();
        let chronological: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i).collect();
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

        let lane_longest_secs = lane_events
            .iter()
            .map(|events| {
                events
                    .iter()
                    .filter_map(|&i| event_spans[i].as_ref())
                    .map(|s| s.end_secs - s.start_secs)
                    .max()
                    .unwrap_or(0)
            })
            .collect();

        let extent = event_spans
            .iter()
            .chain(period_spans.iter())
            .flatten()
            .fold(None, |acc: Option<(i64, i64)>, s| {
                Some(acc.map_or((s.start_secs, s.end_secs), |(a, b)| {
                    (a.min(s.start_secs), b.max(s.end_secs))
                }))
            });

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
        self.event_ids.get(id).copied()
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
