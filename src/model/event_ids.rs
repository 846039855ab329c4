//! Event id → position, for a million events that move.
//!
//! Removing or inserting an event moves every later one. With positions as the values of
//! a hash map, each such edit walked all million entries of the map (about 17 ms). Here
//! the map gives a slot that keeps its number, and the slots' positions are one flat
//! array of integers, which a shift passes over in well under a millisecond.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

/// The position of a slot not in use.
const FREE: u32 = u32::MAX;

/// Which event has each id. The first event with an id wins; validation reports the
/// duplicates, and the document rebuilds the index while there are any.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventIds {
    /// Id → slot.
    slots: FxHashMap<Box<str>, u32>,
    /// Slot → position in `dossier.events`, [`FREE`] for a slot not in use.
    positions: Vec<u32>,
    /// Slots not in use, reused first, so that removing and re-inserting an event does
    /// not grow `positions`.
    free: Vec<u32>,
}

/// A position as stored: dossiers are held in memory, far below four billion events.
fn stored(position: usize) -> u32 {
    u32::try_from(position).unwrap_or(FREE)
}

impl EventIds {
    /// The ids of the events, in their order.
    pub fn build<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let mut slots = FxHashMap::with_capacity_and_hasher(ids.len(), rustc_hash::FxBuildHasher);
        let mut positions = Vec::with_capacity(ids.len());
        let mut free = Vec::new();
        for (i, id) in ids.enumerate() {
            let slot = stored(i);
            // At first the slot of an event is its position.
            match slots.entry(Box::from(id)) {
                Entry::Vacant(entry) => {
                    entry.insert(slot);
                    positions.push(slot);
                }
                Entry::Occupied(_) => {
                    positions.push(FREE);
                    free.push(slot);
                }
            }
        }
        Self {
            slots,
            positions,
            free,
        }
    }

    /// The position of the event with `id`.
    pub fn get(&self, id: &str) -> Option<usize> {
        let slot = *self.slots.get(id)?;
        let position = *self.positions.get(slot as usize)?;
        (position != FREE).then_some(position as usize)
    }

    /// Forgets `id` if it is the id of the event at `position`.
    pub fn remove_at(&mut self, id: &str, position: usize) {
        if self.get(id) != Some(position) {
            return;
        }
        if let Some(slot) = self.slots.remove(id) {
            self.positions[slot as usize] = FREE;
            self.free.push(slot);
        }
    }

    /// Records that the event at `position` has `id`, unless an event already has it.
    pub fn insert(&mut self, id: &str, position: usize) {
        if self.slots.contains_key(id) {
            return;
        }
        let slot = if let Some(slot) = self.free.pop() {
            self.positions[slot as usize] = stored(position);
            slot
        } else {
            self.positions.push(stored(position));
            stored(self.positions.len() - 1)
        };
        self.slots.insert(id.into(), slot);
    }

    /// Moves every position from `from` on by `delta` (-1 after a removal, +1 before an
    /// insertion).
    pub fn shift(&mut self, from: usize, delta: i32) {
        let from = stored(from);
        // Without a branch, so that the pass vectorises; free slots stay free.
        for p in &mut self.positions {
            *p = p.wrapping_add_signed(delta * i32::from(*p >= from && *p != FREE));
        }
    }
}

/// Two maps are equal when they give every id the same position, whatever their slots.
impl PartialEq for EventIds {
    fn eq(&self, other: &Self) -> bool {
        self.slots.len() == other.slots.len()
            && self
                .slots
                .keys()
                .all(|id| other.slots.contains_key(id) && self.get(id) == other.get(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> EventIds {
        EventIds::build(list.iter().copied())
    }

    #[test]
    fn the_first_event_with_an_id_wins() {
        let map = ids(&["a", "b", "a"]);
        assert_eq!(map.get("a"), Some(0));
        assert_eq!(map.get("b"), Some(1));
        assert_eq!(map.get("c"), None);
    }

    #[test]
    fn removing_and_inserting_in_the_middle_matches_a_fresh_build() {
        let mut map = ids(&["a", "b", "c", "d"]);
        // Remove "b" at 1, as the index does.
        map.remove_at("b", 1);
        map.shift(2, -1);
        assert_eq!(map, ids(&["a", "c", "d"]));
        assert_eq!(map.get("c"), Some(1));
        assert_eq!(map.get("b"), None);
        // Insert "x" at 0.
        map.shift(0, 1);
        map.insert("x", 0);
        assert_eq!(map, ids(&["x", "a", "c", "d"]));
        assert_eq!(map.get("d"), Some(3));
        // The freed slot was reused.
        assert_eq!(map.positions.len(), 4);
        assert!(map.free.is_empty());
    }

    #[test]
    fn a_duplicate_is_not_forgotten_for_its_twin() {
        let mut map = ids(&["a", "a"]);
        // The second "a" goes: the first keeps the id.
        map.remove_at("a", 1);
        map.shift(2, -1);
        assert_eq!(map.get("a"), Some(0));
        // Unequal maps are told apart.
        assert_ne!(map, ids(&["b"]));
        assert_ne!(ids(&["a", "b"]), ids(&["b", "a"]));
    }
}
