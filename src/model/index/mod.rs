//! What the UI and the queries need, built once per load or edit rather than per frame:
//! id → position maps, parsed dates, events in time order, per-lane and per-entity lists.
//!
//! Building is tolerant: a dossier with errors still gets an index (unknown references
//! and unparsable dates are skipped), so an editor can show what it has while the user
//! fixes it. Validation reports what was skipped.

use rustc_hash::FxHashMap;

/// Id → position. Fx hashing: ids are short strings from our own files, and building
/// the maps of a million events with `SipHash` costs several times more. Keys are held
/// inline up to 15 bytes (every id we generate), so that comparing a key reads the
/// table, not a string elsewhere in memory: checking a 1M-event file looks ids up eight
/// million times.
type IdMap = FxHashMap<ShortString, usize>;

use super::dataset::{Dossier, Event, ShortString};
use super::event_slots::{EventList, NONE, Slots, stored};
use super::span::{MaybeSpan, Span};

mod follow_edits;
mod starts;

pub use starts::Starts;

/// Position maps and time-ordered lists over one dossier.
///
/// The event lists name events by slot ([`Slots`]), so that an edit that moves events
/// does not rewrite them; their readers get positions through [`EventList`].
#[derive(Clone, Debug, Default)]
pub struct Index {
    lane_ids: IdMap,
    entity_ids: IdMap,
    source_ids: IdMap,
    /// Event slots, and the event id → position map.
    slots: Slots,
    period_ids: IdMap,
    briefing_ids: IdMap,
    /// Per event slot: its span's seconds, none if a date is invalid.
    event_spans: Vec<MaybeSpan>,
    /// Per period: its span.
    period_spans: Vec<Option<Span>>,
    /// Events with valid dates, ordered by start, then end, then position.
    chronological: Vec<u32>,
    /// Per event slot: its place in `chronological`, [`NONE`] if it has none.
    chronological_rank: Vec<u32>,
    /// Per lane: its events in time order.
    lane_events: Vec<Vec<u32>>,
    /// Per entity: the events it takes part in, in time order.
    entity_events: Vec<Vec<u32>>,
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
fn extent_of(event_spans: &[MaybeSpan], period_spans: &[Option<Span>]) -> Option<(i64, i64)> {
    let events = event_spans
        .iter()
        .filter_map(|s| s.get())
        .map(|s| (s.start_secs, s.end_secs));
    let periods = period_spans
        .iter()
        .flatten()
        .map(|s| (s.start_secs, s.end_secs));
    hull(events.chain(periods))
}

/// Earliest start and latest end of (start, end) pairs; `None` for none.
fn hull(spans: impl Iterator<Item = (i64, i64)>) -> Option<(i64, i64)> {
    spans.fold(None, |acc, (start, end)| {
        Some(acc.map_or((start, end), |(a, b)| (a.min(start), b.max(end))))
    })
}

/// The longest span among `events` (slots).
fn longest_of(events: &[u32], event_spans: &[MaybeSpan]) -> i64 {
    events
        .iter()
        .filter_map(|&i| event_spans[i as usize].get())
        .map(|s| s.end_secs - s.start_secs)
        .max()
        .unwrap_or(0)
}

/// The events in time order, and each lane's.
struct TimeOrder {
    chronological: Vec<u32>,
    chronological_rank: Vec<u32>,
    lane_events: Vec<Vec<u32>>,
    lane_longest_secs: Vec<i64>,
}

impl TimeOrder {
    fn build(dossier: &Dossier, lane_ids: &IdMap, event_spans: &[MaybeSpan]) -> Self {
        let lane_of = |e: &Event| lane_ids.get(e.lane.as_str()).map_or(NONE, |&l| stored(l));
        let mut keyed: Vec<(i64, i64, u32, u32)> = Vec::with_capacity(event_spans.len());
        keyed.extend(
            dossier
                .events
                .iter()
                .zip(event_spans)
                .enumerate()
                .filter_map(|(i, (event, span))| {
                    span.get()
                        .map(|s| (s.start_secs, s.end_secs, stored(i), lane_of(event)))
                }),
        );
        // By start, then end, then position (each key's third element is unique).
        keyed.sort_unstable();

        // Each list is allocated at its length: grown by pushing, a million events' lists
        // held up to twice their room.
        let mut lane_sizes = vec![0usize; dossier.lanes.len()];
        for &(.., lane) in &keyed {
            if let Some(size) = lane_sizes.get_mut(lane as usize) {
                *size += 1;
            }
        }
        let mut lane_events: Vec<Vec<u32>> =
            lane_sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
        let mut lane_longest_secs = vec![0; dossier.lanes.len()];
        let mut chronological = Vec::with_capacity(keyed.len());
        let mut chronological_rank = vec![NONE; dossier.events.len()];
        for (rank, &(start, end, i, lane)) in keyed.iter().enumerate() {
            chronological.push(i);
            chronological_rank[i as usize] = stored(rank);
            if lane != NONE {
                let lane = lane as usize;
                lane_events[lane].push(i);
                lane_longest_secs[lane] = lane_longest_secs[lane].max(end - start);
            }
        }
        Self {
            chronological,
            chronological_rank,
            lane_events,
            lane_longest_secs,
        }
    }
}

/// The positions of the known entities an event names, in its order; an entity named
/// twice comes twice. What the build and an edit both resolve an event's actors with.
fn entity_positions<'a>(
    entity_ids: &'a IdMap,
    event: &'a Event,
) -> impl Iterator<Item = usize> + 'a {
    event
        .entities
        .iter()
        .filter_map(|r| entity_ids.get(r.id.as_str()).copied())
}

/// The entities each event names, resolved in file order: `of[from[i]..from[i + 1]]`
/// for the event at position `i`. Resolving needs no time order, so a large index does
/// it on a second thread while it sorts the events.
struct Actors {
    from: Vec<u32>,
    of: Vec<u32>,
    /// Per entity: how many times events name it.
    named: Vec<usize>,
}

impl Actors {
    fn resolve(dossier: &Dossier, entity_ids: &IdMap) -> Self {
        let mut actors = Self {
            from: Vec::with_capacity(dossier.events.len() + 1),
            of: Vec::with_capacity(dossier.events.len() * 2),
            named: vec![0; dossier.entities.len()],
        };
        for event in &dossier.events {
            actors.from.push(stored(actors.of.len()));
            for entity in entity_positions(entity_ids, event) {
                actors.of.push(stored(entity));
                actors.named[entity] += 1;
            }
        }
        actors.from.push(stored(actors.of.len()));
        actors
    }

    /// Per entity: the events with a valid date it takes part in, in time order, each
    /// once. Filled in file order with each event's rank in `chronological`, so that
    /// events are read in the order they lie in memory, then sorted.
    fn lists(self, chronological_rank: &[u32], chronological: &[u32]) -> Vec<Vec<u32>> {
        let mut lists: Vec<Vec<u32>> = self.named.iter().map(|&n| Vec::with_capacity(n)).collect();
        for (i, &rank) in chronological_rank.iter().enumerate() {
            if rank != NONE {
                for &entity in &self.of[self.from[i] as usize..self.from[i + 1] as usize] {
                    lists[entity as usize].push(rank);
                }
            }
        }
        for list in &mut lists {
            list.sort_unstable();
            // An entity named twice in one event lists the event once.
            list.dedup();
            for rank in list.iter_mut() {
                *rank = chronological[*rank as usize];
            }
            if list.capacity() > list.len() {
                // Not `shrink_to_fit`: mimalloc keeps a block that shrinks by less than
                // half. Only events without a valid date or naming an entity twice leave
                // room.
                *list = list.clone();
            }
        }
        lists
    }
}

/// Dossiers with at least this many events build their index and problems on two
/// threads; below it a thread costs more than it saves.
pub(crate) const PARALLEL_EVENTS: usize = 50_000;

impl Index {
    pub fn build(dossier: &Dossier) -> Self {
        // The events' id map is the largest piece that needs nothing else: on a second
        // core it is built while the spans, the time order and the lists are.
        std::thread::scope(|scope| {
            let slots = || Slots::build(&dossier.events);
            let (slots, mut index) = if dossier.events.len() >= PARALLEL_EVENTS {
                let ids = scope.spawn(slots);
                let index = Self::build_without_event_ids(dossier);
                let ids = ids
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (ids, index)
            } else {
                (slots(), Self::build_without_event_ids(dossier))
            };
            index.slots = slots;
            index
        })
    }

    fn build_without_event_ids(dossier: &Dossier) -> Self {
        let lane_ids = id_map(dossier.lanes.iter().map(|l| l.id.as_str()));
        let entity_ids = id_map(dossier.entities.iter().map(|e| e.id.as_str()));
        let source_ids = id_map(dossier.sources.iter().map(|s| s.id.as_str()));
        let slots = Slots::default();
        let period_ids = id_map(dossier.periods.iter().map(|p| p.id.as_str()));
        let briefing_ids = id_map(dossier.briefings.iter().map(|b| b.id.as_str()));

        let event_spans: Vec<MaybeSpan> = dossier
            .events
            .iter()
            .map(|e| MaybeSpan::parse(&e.start, e.end()))
            .collect();
        let period_spans: Vec<Option<Span>> = dossier
            .periods
            .iter()
            .map(|p| Span::parse(&p.start, &p.end))
            .collect();

        // In a fresh index each event's slot is its position, so the lists below are made
        // from positions.
        //
        // Time order jumps between events that lie in memory in file order: a read of an
        // event's lane or entities by time order is a cache miss or two, and was most of
        // the build's time at a million events. So each event's lane rides in its sort
        // key, and the entities' lists are filled in file order, with ranks, then sorted.
        let (time_order, actors) = std::thread::scope(|scope| {
            let resolve = || Actors::resolve(dossier, &entity_ids);
            let parallel = dossier.events.len() >= PARALLEL_EVENTS;
            let actors = parallel.then(|| scope.spawn(resolve));
            let time_order = TimeOrder::build(dossier, &lane_ids, &event_spans);
            let actors = match actors {
                Some(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => resolve(),
            };
            (time_order, actors)
        });
        let entity_events = actors.lists(&time_order.chronological_rank, &time_order.chronological);
        let extent = extent_of(&event_spans, &period_spans);

        Self {
            lane_ids,
            entity_ids,
            source_ids,
            slots,
            period_ids,
            briefing_ids,
            event_spans,
            period_spans,
            chronological: time_order.chronological,
            chronological_rank: time_order.chronological_rank,
            lane_events: time_order.lane_events,
            entity_events,
            lane_longest_secs: time_order.lane_longest_secs,
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
    /// The position of the event with `id` in `dossier`, the one this indexes: the
    /// table of event ids reads each id from its event.
    pub fn event(&self, dossier: &Dossier, id: &str) -> Option<usize> {
        self.slots.event(&dossier.events, id)
    }
    /// True when no two events share an id: checking a million ids then needs no lookup.
    pub fn event_ids_are_distinct(&self) -> bool {
        self.slots.ids_are_distinct()
    }
    pub fn period(&self, id: &str) -> Option<usize> {
        self.period_ids.get(id).copied()
    }
    pub fn briefing(&self, id: &str) -> Option<usize> {
        self.briefing_ids.get(id).copied()
    }

    /// The first and the just-after-last second of an event, `None` if its dates are
    /// invalid: what culling and ordering read, without unpacking the dates.
    pub fn event_secs(&self, event: usize) -> Option<(i64, i64)> {
        let slot = self.slots.slot(event)?;
        let span = self.event_spans.get(slot as usize)?.get()?;
        Some((span.start_secs, span.end_secs))
    }

    /// Earliest start and latest end of `events` (positions) with valid dates: the range
    /// that frames them.
    pub fn events_extent(&self, events: impl IntoIterator<Item = usize>) -> Option<(i64, i64)> {
        hull(events.into_iter().filter_map(|e| self.event_secs(e)))
    }

    /// A list of slots, read as positions.
    fn list<'a>(&'a self, slots: &'a [u32]) -> EventList<'a> {
        EventList::new(slots, self.slots.positions())
    }

    pub fn period_span(&self, period: usize) -> Option<&Span> {
        self.period_spans.get(period).and_then(Option::as_ref)
    }

    /// Events with valid dates in time order.
    pub fn chronological(&self) -> EventList<'_> {
        self.list(&self.chronological)
    }

    /// The starts (seconds since 1970) of [`Self::chronological`], in that order.
    pub fn chronological_starts(&self) -> Starts<'_> {
        self.starts(&self.chronological)
    }

    /// The starts of a lane's events, in time order.
    pub fn lane_starts(&self, lane: usize) -> Starts<'_> {
        self.starts(self.lane_events.get(lane).map_or(&[], Vec::as_slice))
    }

    /// The starts of a list of slots in time order.
    fn starts<'a>(&'a self, slots: &'a [u32]) -> Starts<'a> {
        Starts::Listed {
            slots,
            spans: &self.event_spans,
        }
    }

    /// The event's place in [`Self::chronological`].
    pub fn rank(&self, event: usize) -> Option<usize> {
        let rank = *self
            .chronological_rank
            .get(self.slots.slot(event)? as usize)?;
        (rank != NONE).then_some(rank as usize)
    }

    /// The events of a lane in time order.
    pub fn lane_events(&self, lane: usize) -> EventList<'_> {
        self.list(self.lane_events.get(lane).map_or(&[], Vec::as_slice))
    }

    /// The events an entity takes part in, in time order.
    pub fn entity_events(&self, entity: usize) -> EventList<'_> {
        self.list(self.entity_events.get(entity).map_or(&[], Vec::as_slice))
    }

    /// The events of a lane that may overlap `[start_secs, end_secs)`, in time order: a
    /// binary search over starts, widened by the lane's longest span. Every overlapping
    /// event is in the slice; callers drop the few that end before `start_secs`.
    pub fn lane_events_between(
        &self,
        lane: usize,
        start_secs: i64,
        end_secs: i64,
    ) -> EventList<'_> {
        // Each probe reads a slot of the list, then its span: about 20 of each at a million.
        let starts = self.lane_starts(lane);
        let longest = self.lane_longest_secs.get(lane).copied().unwrap_or(0);
        let first = starts.partition_point(|s| s < start_secs.saturating_sub(longest));
        let last = starts.partition_point(|s| s < end_secs);
        self.lane_events(lane).slice(first..last.max(first))
    }

    /// Earliest start and latest end (seconds since 1970) over events and periods.
    pub fn extent(&self) -> Option<(i64, i64)> {
        self.extent
    }
}

/// Indexes are equal when they say the same of every position, whatever the slots the
/// events of each have.
impl PartialEq for Index {
    fn eq(&self, other: &Self) -> bool {
        let events = self.slots.len();
        let lists_equal = |a: &[Vec<u32>], b: &[Vec<u32>]| {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| self.list(a) == other.list(b))
        };
        self.lane_ids == other.lane_ids
            && self.entity_ids == other.entity_ids
            && self.source_ids == other.source_ids
            && self.period_ids == other.period_ids
            && self.briefing_ids == other.briefing_ids
            && events == other.slots.len()
            && self.slots.same_ids(&other.slots)
            && (0..events)
                .all(|i| self.event_secs(i) == other.event_secs(i) && self.rank(i) == other.rank(i))
            && self.period_spans == other.period_spans
            && self.chronological() == other.chronological()
            && lists_equal(&self.lane_events, &other.lane_events)
            && lists_equal(&self.entity_events, &other.entity_events)
            && self.lane_longest_secs == other.lane_longest_secs
            && self.extent == other.extent
    }
}
