//! Keeping the index equal to a rebuild after an edit of single events.

use super::{Index, entity_positions, extent_of, id_map, longest_of};
use crate::model::dataset::{Dossier, Event};
use crate::model::event_slots::{NONE, stored};
use crate::model::span::MaybeSpan;

/// Following edits of single events, so that an edit at a million events costs a few
/// passes over integer arrays instead of a rebuild. They keep the index equal to what
/// [`Index::build`] gives for the edited dossier (a property test in
/// `model::document` checks it), on one condition the caller checks: event ids are
/// unique before and after the edit. A duplicate is an error the document rebuilds for.
impl Index {
    /// The order of the time-ordered lists: start, end, position.
    fn key(&self, slot: u32) -> (i64, i64, u32) {
        let position = self.slots.position(slot);
        self.event_spans[slot as usize]
            .get()
            .map_or((i64::MIN, i64::MIN, position), |s| {
                (s.start_secs, s.end_secs, position)
            })
    }

    /// Where the event in `slot` goes in (or is in) a time-ordered list.
    fn place(&self, list: &[u32], slot: u32) -> usize {
        let key = self.key(slot);
        list.partition_point(|&other| self.key(other) < key)
    }

    /// The lane and entity positions of an event's references, each entity once.
    fn lists_of(&self, event: &Event) -> (Option<usize>, Vec<usize>) {
        let lane = self.lane(&event.lane);
        let mut entities: Vec<usize> = entity_positions(&self.entity_ids, event).collect();
        entities.sort_unstable();
        entities.dedup();
        (lane, entities)
    }

    /// Takes the event in `slot` (which is `old`) out of the id map and the time-ordered
    /// lists. Returns whether the extent may have shrunk.
    fn unlink_event(&mut self, slot: u32, old: &Event) -> bool {
        self.slots.unname(&old.id, slot);
        let Some(span) = self.event_spans[slot as usize].get() else {
            return false;
        };
        let rank = self.chronological_rank[slot as usize];
        self.chronological.remove(rank as usize);
        self.chronological_rank[slot as usize] = NONE;
        // Without a branch, so that the pass over a million ranks vectorises.
        for r in &mut self.chronological_rank {
            *r -= u32::from(*r > rank && *r != NONE);
        }
        let (lane, entities) = self.lists_of(old);
        if let Some(lane) = lane {
            let at = self.place(&self.lane_events[lane], slot);
            self.lane_events[lane].remove(at);
            if span.end_secs - span.start_secs >= self.lane_longest_secs[lane] {
                self.lane_longest_secs[lane] =
                    longest_of(&self.lane_events[lane], &self.event_spans);
            }
        }
        for entity in entities {
            let at = self.place(&self.entity_events[entity], slot);
            self.entity_events[entity].remove(at);
        }
        self.event_spans[slot as usize] = MaybeSpan::NONE;
        self.extent
            .is_some_and(|(a, b)| span.start_secs <= a || span.end_secs >= b)
    }

    /// Puts the event in `slot`, `dossier`'s, into the id map and the time-ordered
    /// lists.
    fn link_event(&mut self, dossier: &Dossier, slot: u32) {
        self.slots.name(&dossier.events, slot);
        let Some(event) = dossier.events.get(self.slots.position(slot) as usize) else {
            return;
        };
        let span = MaybeSpan::parse(&event.start, event.end());
        self.event_spans[slot as usize] = span;
        let Some(span) = span.get() else {
            return;
        };
        let rank = self.place(&self.chronological, slot);
        self.chronological.insert(rank, slot);
        let rank = stored(rank);
        for r in &mut self.chronological_rank {
            *r += u32::from(*r >= rank && *r != NONE);
        }
        self.chronological_rank[slot as usize] = rank;
        let (lane, entities) = self.lists_of(event);
        if let Some(lane) = lane {
            let at = self.place(&self.lane_events[lane], slot);
            self.lane_events[lane].insert(at, slot);
            let longest = &mut self.lane_longest_secs[lane];
            *longest = (*longest).max(span.end_secs - span.start_secs);
        }
        for entity in entities {
            let at = self.place(&self.entity_events[entity], slot);
            self.entity_events[entity].insert(at, slot);
        }
        self.extent = Some(
            self.extent
                .map_or((span.start_secs, span.end_secs), |(a, b)| {
                    (a.min(span.start_secs), b.max(span.end_secs))
                }),
        );
    }

    fn recompute_extent(&mut self, may_have_shrunk: bool) {
        if may_have_shrunk {
            self.extent = extent_of(&self.event_spans, &self.period_spans);
        }
    }

    /// The slot of the event at `i`, which the caller knows is there.
    fn slot_of(&self, i: usize) -> u32 {
        self.slots.slot(i).unwrap_or(NONE)
    }

    /// After `dossier.events[i]`, which was `old`, was replaced.
    pub fn event_replaced(&mut self, dossier: &Dossier, i: usize, old: &Event) {
        let slot = self.slot_of(i);
        let shrunk = self.unlink_event(slot, old);
        self.link_event(dossier, slot);
        self.recompute_extent(shrunk);
    }

    /// After `old`, at `i`, was removed from `dossier.events`.
    pub fn event_removed(&mut self, i: usize, old: &Event) {
        let shrunk = self.unlink_event(self.slot_of(i), old);
        self.slots.remove(i);
        self.recompute_extent(shrunk);
    }

    /// After an event was inserted at `i` of `dossier.events`.
    pub fn event_inserted(&mut self, dossier: &Dossier, i: usize) {
        let slot = self.slots.insert(i);
        if self.event_spans.len() < self.slots.capacity() {
            self.event_spans
                .resize(self.slots.capacity(), MaybeSpan::NONE);
            self.chronological_rank.resize(self.slots.capacity(), NONE);
        }
        self.link_event(dossier, slot);
    }

    /// After a briefing was replaced: only the briefings' id map depends on them.
    pub fn briefings_changed(&mut self, dossier: &Dossier) {
        self.briefing_ids = id_map(dossier.briefings.iter().map(|b| b.id.as_str()));
    }
}
