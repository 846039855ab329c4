//! Events by slot, for a million events that move.
//!
//! Removing or inserting an event moves every later one. When the index's lists held
//! positions, each such edit rewrote every list (the time order, each lane's, each
//! entity's: four million numbers at a million events) and every value of the id map.
//! The lists hold slots instead: a slot is given to an event when it is placed and keeps
//! its number while the event moves, so an edit rewrites only the one array of slot
//! positions. Readers get positions through [`EventList`].
//!
//! The id table holds bare slots and reads each slot's id from its event, so it keeps no
//! copy of a million ids (16 MB); its lookups take the events they index.

use std::hash::BuildHasher;
use std::ops::Range;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rustc_hash::FxBuildHasher;

use super::dataset::Event;

/// What the id table reads an id from: an event, or a bare id in tests.
pub(crate) trait Identified {
    fn id(&self) -> &str;
}

impl Identified for Box<Event> {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Identified for &str {
    fn id(&self) -> &str {
        self
    }
}

/// The position of a slot not in use, and the rank of an event with no valid date.
pub(crate) const NONE: u32 = u32::MAX;

/// A position or slot as stored: dossiers are held in memory, far below four billion
/// events.
pub(crate) fn stored(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(NONE)
}

/// Which slot each event has, where each slot's event is, and which event has each id.
#[derive(Clone, Debug, Default)]
pub(crate) struct Slots {
    /// Id → slot: a table of the slots named by an id, each found by hashing its
    /// event's id. The first event with an id wins; validation reports the duplicates,
    /// and the document rebuilds the index while there are any. Bare slots take 10 MB at
    /// a million events, where a map of id and slot pairs took 50.
    ids: HashTable<u32>,
    /// The number of events.
    count: usize,
    /// Position in `dossier.events` → slot; empty until `moved`.
    slot_at: Vec<u32>,
    /// Slot → position, [`NONE`] for a slot not in use; empty until `moved`.
    positions: Vec<u32>,
    /// Slots not in use, reused first, so that removing and re-inserting an event does
    /// not grow the arrays kept per slot.
    free: Vec<u32>,
    /// False until an event is removed or inserted: until then each event's slot is its
    /// position, and lists are read without looking positions up (a million lookups
    /// cost a search that lists matches in time order about 5 ms), and the two arrays
    /// are not made (8 MB at a million events, for a dossier that is only read).
    moved: bool,
}

impl Slots {
    /// The slots of `events`, in their order: at first each event's slot is its
    /// position.
    pub fn build<E: Identified>(events: &[E]) -> Self {
        let mut slots = Self {
            ids: HashTable::with_capacity(events.len()),
            count: events.len(),
            slot_at: Vec::new(),
            positions: Vec::new(),
            free: Vec::new(),
            moved: false,
        };
        for slot in 0..stored(events.len()) {
            slots.name(events, slot);
        }
        slots
    }

    fn hash(id: &str) -> u64 {
        FxBuildHasher.hash_one(id)
    }

    /// The slot named `id`.
    fn named<E: Identified>(&self, events: &[E], id: &str) -> Option<u32> {
        self.ids
            .find(Self::hash(id), |&s| {
                id_at(events, self.positions(), s) == id
            })
            .copied()
    }

    /// Names `slot` by the id of its event in `events`, unless another event has it.
    /// Every slot named must hold its event in `events`: growing, the table hashes
    /// their ids again.
    pub fn name<E: Identified>(&mut self, events: &[E], slot: u32) {
        let Self {
            ids,
            positions,
            moved,
            ..
        } = self;
        let positions = moved.then_some(positions.as_slice());
        let id = id_at(events, positions, slot);
        let same_id = |&s: &u32| id_at(events, positions, s) == id;
        let rehash = |&s: &u32| Self::hash(id_at(events, positions, s));
        if let Entry::Vacant(entry) = ids.entry(Self::hash(id), same_id, rehash) {
            entry.insert(slot);
        }
    }

    /// True when every event is named by its id, so that no two events share one: a
    /// slot is named only when no other has its id, and only slots in use are named.
    pub fn ids_are_distinct(&self) -> bool {
        self.ids.len() == self.count
    }

    /// The number of events.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Slots in use or free: the length of arrays kept per slot.
    pub fn capacity(&self) -> usize {
        if self.moved {
            self.positions.len()
        } else {
            self.count
        }
    }

    /// The slot of the event at `position`.
    pub fn slot(&self, position: usize) -> Option<u32> {
        if self.moved {
            self.slot_at.get(position).copied()
        } else {
            (position < self.count).then(|| stored(position))
        }
    }

    /// Slot → position, for [`EventList`]; `None` while each slot is its position.
    pub fn positions(&self) -> Option<&[u32]> {
        self.moved.then_some(self.positions.as_slice())
    }

    /// The position of the event in `slot`, [`NONE`] for a free slot.
    pub fn position(&self, slot: u32) -> u32 {
        if self.moved {
            self.positions.get(slot as usize).copied().unwrap_or(NONE)
        } else if (slot as usize) < self.count {
            slot
        } else {
            NONE
        }
    }

    /// The position of the event with `id` in `events`, which this indexes.
    pub fn event<E: Identified>(&self, events: &[E], id: &str) -> Option<usize> {
        let position = self.position(self.named(events, id)?);
        (position != NONE).then_some(position as usize)
    }

    /// Takes `slot` out of the table, if it is in it. `id` is the id its event had when
    /// the slot was named, which the event may no longer hold (the edit is done when
    /// the index follows it): it says where to look, and the slot is matched, not the
    /// id, as a slot is in the table once at most. A slot left unnamed because a twin
    /// has its id is not found, and the twin keeps it.
    pub fn unname(&mut self, id: &str, slot: u32) {
        if let Ok(entry) = self.ids.find_entry(Self::hash(id), |&s| s == slot) {
            entry.remove();
        }
    }

    /// Frees the slot of the event at `position`, which is removed, and moves the later
    /// events' positions down. The event's id must have been taken from it.
    pub fn remove(&mut self, position: usize) {
        self.make_arrays();
        let slot = self.slot_at.remove(position);
        self.count -= 1;
        self.positions[slot as usize] = NONE;
        self.free.push(slot);
        self.shift(position, -1);
    }

    /// Moves the events from `position` on up and gives a slot to an event inserted at
    /// `position`; the slot, which may be a new one ([`Self::capacity`] grows).
    pub fn insert(&mut self, position: usize) -> u32 {
        self.make_arrays();
        self.shift(position, 1);
        let slot = if let Some(slot) = self.free.pop() {
            self.positions[slot as usize] = stored(position);
            slot
        } else {
            self.positions.push(stored(position));
            stored(self.positions.len() - 1)
        };
        self.slot_at.insert(position, slot);
        self.count += 1;
        slot
    }

    /// Makes the two arrays, each slot at its position, when an event first moves.
    fn make_arrays(&mut self) {
        if !self.moved {
            self.slot_at = (0..stored(self.count)).collect();
            self.positions.clone_from(&self.slot_at);
            self.moved = true;
        }
    }

    /// Moves every position from `from` on by `delta`; the arrays are made.
    fn shift(&mut self, from: usize, delta: i32) {
        let from = stored(from);
        // Without a branch, so that the pass vectorises; free slots stay free.
        for p in &mut self.positions {
            *p = p.wrapping_add_signed(delta * i32::from(*p >= from && *p != NONE));
        }
    }

    /// True when both name the same positions, whatever their slots: for two tables of
    /// one dossier's events, both then give every id the same position.
    pub fn same_ids(&self, other: &Self) -> bool {
        let named = |slots: &Self| {
            let mut named: Vec<u32> = slots.ids.iter().map(|&s| slots.position(s)).collect();
            named.sort_unstable();
            named
        };
        self.ids.len() == other.ids.len() && named(self) == named(other)
    }
}

/// Events of a list of the index, in its order (time order): their positions in
/// `dossier.events`.
#[derive(Clone, Copy, Debug)]
pub struct EventList<'a> {
    slots: &'a [u32],
    /// Slot → position; `None` when each slot is its position.
    positions: Option<&'a [u32]>,
}

/// The id of the event in `slot`: `events` are the ones the slots index, and
/// `positions` where each slot's is (`None` while each slot is its position).
fn id_at<'e, E: Identified>(events: &'e [E], positions: Option<&[u32]>, slot: u32) -> &'e str {
    events
        .get(position_of(positions, slot))
        .map_or("", Identified::id)
}

/// The position of the event in `slot`.
fn position_of(positions: Option<&[u32]>, slot: u32) -> usize {
    match positions {
        None => slot as usize,
        Some(positions) => positions
            .get(slot as usize)
            .map_or(usize::MAX, |&p| p as usize),
    }
}

impl<'a> EventList<'a> {
    pub(crate) fn new(slots: &'a [u32], positions: Option<&'a [u32]>) -> Self {
        Self { slots, positions }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The position of the `i`th event of the list.
    pub fn get(&self, i: usize) -> Option<usize> {
        let slot = *self.slots.get(i)?;
        Some(position_of(self.positions, slot))
    }

    pub fn first(&self) -> Option<usize> {
        self.get(0)
    }

    pub fn last(&self) -> Option<usize> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The positions, in the list's order.
    pub fn iter(&self) -> Positions<'a> {
        Positions {
            slots: self.slots.iter(),
            positions: self.positions,
        }
    }

    pub fn to_vec(&self) -> Vec<usize> {
        self.iter().collect()
    }

    /// The events of `range` of the list (clamped to it).
    #[must_use]
    pub fn slice(&self, range: Range<usize>) -> Self {
        let end = range.end.min(self.slots.len());
        let start = range.start.min(end);
        Self {
            slots: &self.slots[start..end],
            positions: self.positions,
        }
    }

    /// The index of the first event for which `pred` is false, the list being
    /// partitioned by it (as [`slice::partition_point`]).
    pub fn partition_point(&self, mut pred: impl FnMut(usize) -> bool) -> usize {
        self.slots
            .partition_point(|&slot| pred(position_of(self.positions, slot)))
    }
}

impl<'a> IntoIterator for EventList<'a> {
    type Item = usize;
    type IntoIter = Positions<'a>;
    fn into_iter(self) -> Positions<'a> {
        self.iter()
    }
}

/// The positions of the events of an [`EventList`].
#[derive(Clone, Debug)]
pub struct Positions<'a> {
    slots: std::slice::Iter<'a, u32>,
    positions: Option<&'a [u32]>,
}

impl Positions<'_> {
    fn at(&self, slot: u32) -> usize {
        position_of(self.positions, slot)
    }
}

impl Iterator for Positions<'_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        let slot = *self.slots.next()?;
        Some(self.at(slot))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.slots.size_hint()
    }
}

impl DoubleEndedIterator for Positions<'_> {
    fn next_back(&mut self) -> Option<usize> {
        let slot = *self.slots.next_back()?;
        Some(self.at(slot))
    }
}

impl ExactSizeIterator for Positions<'_> {}

impl<'a> IntoIterator for &EventList<'a> {
    type Item = usize;
    type IntoIter = Positions<'a>;
    fn into_iter(self) -> Positions<'a> {
        self.iter()
    }
}

/// Lists are equal when they name the same events in the same order.
impl PartialEq for EventList<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(ids: &[&str]) -> Slots {
        Slots::build(ids)
    }

    #[test]
    fn the_first_event_with_an_id_wins() {
        let ids = ["a", "b", "a"];
        let s = slots(&ids);
        assert_eq!(s.event(&ids, "a"), Some(0));
        assert_eq!(s.event(&ids, "b"), Some(1));
        assert_eq!(s.event(&ids, "c"), None);
        assert_eq!(s.capacity(), 3);
        assert!(!s.ids_are_distinct());
    }

    #[test]
    fn until_an_event_moves_each_slot_is_its_position_with_no_arrays() {
        let ids = ["a", "b", "c"];
        let mut s = slots(&ids);
        assert_eq!((s.slot_at.capacity(), s.positions.capacity()), (0, 0));
        assert_eq!((s.len(), s.capacity()), (3, 3));
        assert_eq!((s.slot(2), s.slot(3)), (Some(2), None));
        assert_eq!((s.position(1), s.position(3)), (1, NONE));
        assert_eq!(s.event(&ids, "c"), Some(2));
        assert!(s.ids_are_distinct());
        // The first insert makes them, and every answer carries on from there.
        s.insert(3);
        let ids = ["a", "b", "c", "d"];
        s.name(&ids, 3);
        assert_eq!(s.slot_at, [0, 1, 2, 3]);
        assert_eq!(s.positions(), Some([0, 1, 2, 3].as_slice()));
        assert_eq!(s.event(&ids, "d"), Some(3));
        assert!(s.same_ids(&slots(&ids)));
    }

    #[test]
    fn removing_and_inserting_moves_positions_and_keeps_slots() {
        let mut ids = vec!["a", "b", "c", "d"];
        let mut s = slots(&ids);
        // Remove "b" at 1, as the index does: the event is gone before the slots follow.
        let b = s.slot(1).unwrap();
        ids.remove(1);
        s.unname("b", b);
        s.remove(1);
        assert!(s.same_ids(&slots(&ids)));
        assert_eq!(s.event(&ids, "c"), Some(1));
        assert_eq!(s.event(&ids, "b"), None);
        // A list of slots made before the removal names the moved events.
        let list = [3, 2, 0];
        assert_eq!(EventList::new(&list, s.positions()).to_vec(), vec![2, 1, 0]);
        assert_eq!(s.position(3), 2);
        assert_eq!(s.position(b), NONE);
        // Insert "x" at 0: it gets the freed slot.
        ids.insert(0, "x");
        let x = s.insert(0);
        s.name(&ids, x);
        assert_eq!(x, b);
        assert!(s.same_ids(&slots(&ids)));
        assert_eq!(s.event(&ids, "x"), Some(0));
        assert_eq!(s.event(&ids, "d"), Some(3));
        assert_eq!(s.capacity(), 4);
        assert_eq!(s.slot(0), Some(b));
        // With no slot free, a new one.
        let y = s.insert(4);
        assert_eq!(y, 4);
        assert_eq!(s.capacity(), 5);
    }

    #[test]
    fn ids_are_found_after_the_table_grows_and_after_a_rename() {
        let added: Vec<String> = (0..1000).map(|i| format!("n{i}")).collect();
        let mut ids = vec!["a", "b", "c"];
        let mut s = slots(&ids);
        // Far past the built capacity: the table rehashes by the ids of its slots'
        // events.
        for id in &added {
            ids.push(id);
            let slot = s.insert(s.len());
            s.name(&ids, slot);
        }
        assert_eq!(s.event(&ids, "b"), Some(1));
        assert_eq!(s.event(&ids, "n0"), Some(3));
        assert_eq!(s.event(&ids, "n999"), Some(1002));
        assert!(s.ids_are_distinct());
        // A rename, as the index follows it: the event holds its new id when its slot
        // gives up the old one.
        let a = s.slot(0).unwrap();
        ids[0] = "z";
        s.unname("a", a);
        s.name(&ids, a);
        assert_eq!(s.event(&ids, "a"), None);
        assert_eq!(s.event(&ids, "z"), Some(0));
        assert!(s.same_ids(&slots(&ids)));
    }

    #[test]
    fn a_duplicate_keeps_its_twin_s_id() {
        let mut ids = vec!["a", "a"];
        let mut s = slots(&ids);
        // The second "a" was never named: taking "a" from its slot takes nothing.
        let second = s.slot(1).unwrap();
        ids.remove(1);
        s.unname("a", second);
        s.remove(1);
        assert_eq!(s.event(&ids, "a"), Some(0));
        assert!(s.same_ids(&slots(&ids)));
        assert!(!slots(&["a", "a"]).same_ids(&slots(&["a", "b"])));
    }

    #[test]
    fn a_list_reads_like_a_slice_of_positions() {
        let positions = [4, 0, 2, 1, 3];
        let slots = [1, 3, 2, 4, 0];
        let list = EventList::new(&slots, Some(&positions));
        assert_eq!(list.to_vec(), vec![0, 1, 2, 3, 4]);
        assert_eq!(list.len(), 5);
        assert_eq!(list.first(), Some(0));
        assert_eq!(list.last(), Some(4));
        assert_eq!(list.get(5), None);
        assert_eq!(list.slice(1..3).to_vec(), vec![1, 2]);
        assert_eq!(list.slice(4..9).to_vec(), vec![4]);
        assert_eq!(list.partition_point(|p| p < 3), 3);
        assert_eq!(list.iter().next_back(), Some(4));
        assert_eq!(list.into_iter().count(), 5);
    }

    #[test]
    fn lists_are_read_without_lookups_until_an_event_moves() {
        let mut s = slots(&["a", "b", "c"]);
        assert_eq!(s.positions(), None);
        let list = [2, 0];
        assert_eq!(EventList::new(&list, s.positions()).to_vec(), vec![2, 0]);
        s.unname("a", 0);
        s.remove(0);
        assert_eq!(s.positions(), Some([NONE, 0, 1].as_slice()));
        let list = [2, 1];
        assert_eq!(EventList::new(&list, s.positions()).to_vec(), vec![1, 0]);
    }
}
