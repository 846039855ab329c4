//! Distinct words numbered in the order they are first met, and the sorted list of terms
//! the search index keeps: the building blocks of `search_build`.
//!
//! Words live one after another in one string, not one allocation each: a million-event
//! dossier has over a million distinct words (numbers mostly), and the index build spent
//! much of its time allocating, hashing and freeing them.

use std::hash::Hasher as _;

use rustc_hash::FxHasher;

/// The 32 bits of the hash of `word` that the table uses, mixed from all 64.
fn hash(word: &str) -> u32 {
    let mut hasher = FxHasher::default();
    hasher.write(word.as_bytes());
    (hasher.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32
}

/// Eight bytes at a time, then byte by byte: words are short, shorter than a call to
/// `memcmp` takes (which a plain comparison or loop compiles to).
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut a, mut b) = (a, b);
    while let (Some(x), Some(y)) = (a.first_chunk::<8>(), b.first_chunk::<8>()) {
        if u64::from_ne_bytes(*x) != u64::from_ne_bytes(*y) {
            return false;
        }
        (a, b) = (&a[8..], &b[8..]);
    }
    let mut same = true;
    for i in 0..a.len().min(b.len()).min(7) {
        same &= a[i] == b[i];
    }
    same
}

/// Words to ids `0..len()`, in the order they were added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// The words, one after another.
    text: String,
    /// Where each word ends in `text`.
    ends: Vec<u32>,
    /// Open addressing, linear probing, at most half full: 0 for an empty slot, else the
    /// hash of the word in the high half and its id + 1 in the low one.
    slots: Vec<u64>,
    /// The words in `slots` (not those added by [`Self::push_unlisted`]).
    listed: usize,
}

impl Vocabulary {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    #[inline]
    pub fn word(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start as usize..self.ends[id] as usize]
    }

    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4 + self.slots.capacity() * 8
    }

    /// Where `word` is in the table: its id, or the empty slot where it would go. The
    /// table is never full (it doubles at half), so the probe ends.
    fn probe(&self, word: &str, hash: u32) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return Err(at);
            }
            let id = (slot as u32).wrapping_sub(1);
            if (slot >> 32) as u32 == hash && same(self.word(id).as_bytes(), word.as_bytes()) {
                return Ok(id);
            }
            at = (at + 1) & mask;
        }
    }

    /// The id of `word`, if it has one.
    pub fn find(&self, word: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(word, hash(word)).ok()
    }

    /// The id of `word`, added if new.
    pub fn id(&mut self, word: &str) -> u32 {
        if (self.listed + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let hash = hash(word);
        match self.probe(word, hash) {
            Ok(id) => id,
            Err(at) => {
                let id = self.ends.len() as u32;
                self.text.push_str(word);
                self.ends.push(self.text.len() as u32);
                self.slots[at] = (u64::from(hash) << 32) | u64::from(id + 1);
                self.listed += 1;
                id
            }
        }
    }

    /// Makes room for `more` words (their ids and text) without growing as they come;
    /// the table still doubles (its slots are all written when made).
    pub fn reserve(&mut self, more: usize) {
        self.ends.reserve(more);
        let average = self.text.len() / self.ends.len().max(1);
        self.text.reserve(more * average);
    }

    /// Adds `word` with a new id but no place in the table: [`Self::id`] and
    /// [`Self::find`] will not see it (see [`Numbers`]).
    pub fn push_unlisted(&mut self, word: &str) -> u32 {
        self.text.push_str(word);
        self.ends.push(self.text.len() as u32);
        self.ends.len() as u32 - 1
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let mut slots = vec![0u64; size];
        let mask = size - 1;
        for &slot in self.slots.iter().filter(|&&s| s != 0) {
            let mut at = (slot >> 32) as usize & mask;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = slot;
        }
        self.slots = slots;
    }

    /// The ids in the order of their words.
    pub fn sorted(&self) -> Vec<u32> {
        // The first eight bytes, big-endian, decide most comparisons without reading
        // the words (zero padding sorts a shorter word first, as `str` does).
        let mut keys: Vec<(u64, u32)> = (0..self.len() as u32)
            .map(|id| {
                let mut prefix = [0u8; 8];
                let word = self.word(id).as_bytes();
                let n = word.len().min(8);
                prefix[..n].copy_from_slice(&word[..n]);
                (u64::from_be_bytes(prefix), id)
            })
            .collect();
        keys.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.word(a.1).cmp(self.word(b.1)))
        });
        keys.into_iter().map(|(_, id)| id).collect()
    }
}

/// Lists of word ids, one after another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lists {
    pub ids: Vec<u32>,
    /// Where each list ends in `ids`.
    pub ends: Vec<u32>,
}

impl Lists {
    pub fn get(&self, list: usize) -> Option<&[u32]> {
        let end = *self.ends.get(list)? as usize;
        let start = if list == 0 {
            0
        } else {
            self.ends[list - 1] as usize
        };
        Some(&self.ids[start..end])
    }

    pub fn heap_bytes(&self) -> usize {
        (self.ids.capacity() + self.ends.capacity()) * 4
    }
}

/// The ids of numbers written without leading zeros (most numbers in a dossier: years,
/// amounts, the numbers of items), looked up by their value below a limit: no hashing,
/// and consecutive numbers sit side by side rather than all over the vocabulary's table.
///
/// A number first met here is added to the vocabulary without a place in its table
/// ([`Vocabulary::push_unlisted`]): it is only ever looked up here again, and the table
/// stays small enough to stay in the cache (a million-event dossier has a million item
/// numbers and some 100,000 other words).
#[derive(Clone, Debug)]
pub struct Numbers {
    ids: Vec<u32>,
    limit: usize,
}

impl Numbers {
    /// Unknown: no id.
    const NONE: u32 = u32::MAX;

    /// For values below `limit` (the table grows up to it as values come), knowing the
    /// numbers among the words of `vocabulary`, which must have come through its table.
    pub fn of(vocabulary: &Vocabulary, limit: usize) -> Self {
        let mut numbers = Self {
            ids: Vec::new(),
            limit,
        };
        for id in 0..vocabulary.len() as u32 {
            if let Some(slot) = numbers.slot(vocabulary.word(id)) {
                *slot = id;
            }
        }
        numbers
    }

    /// The slot of the id of `word` when it is a number below the limit.
    fn slot(&mut self, word: &str) -> Option<&mut u32> {
        let bytes = word.as_bytes();
        if bytes.is_empty() || bytes.len() > 9 || (bytes[0] == b'0' && bytes.len() > 1) {
            return None;
        }
        let mut value = 0usize;
        for &b in bytes {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + usize::from(b - b'0');
        }
        if value >= self.limit {
            return None;
        }
        if value >= self.ids.len() {
            let len = (value + 1).max(self.ids.len() * 2).min(self.limit);
            self.ids.resize(len, Self::NONE);
        }
        Some(&mut self.ids[value])
    }

    /// The id of `word` in `vocabulary`, added if new. Every word of `vocabulary` that
    /// is a number this table takes must be looked up here, never by
    /// [`Vocabulary::id`] or [`Vocabulary::find`], which do not see those added here.
    pub fn id(&mut self, word: &str, vocabulary: &mut Vocabulary) -> u32 {
        match self.slot(word) {
            Some(&mut id) if id != Self::NONE => id,
            Some(slot) => {
                *slot = vocabulary.push_unlisted(word);
                *slot
            }
            None => vocabulary.id(word),
        }
    }
}

/// Sorted distinct words, stored one after another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Terms {
    text: String,
    ends: Vec<u32>,
}

impl Terms {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn get(&self, t: usize) -> &str {
        let start = if t == 0 { 0 } else { self.ends[t - 1] };
        &self.text[start as usize..self.ends[t] as usize]
    }

    /// Appends `word`, which must sort after the last one.
    pub fn push(&mut self, word: &str) {
        self.text.push_str(word);
        self.ends.push(self.text.len() as u32);
    }

    /// The terms that start with `prefix`: a contiguous run, as they are sorted.
    pub fn starting_with(&self, prefix: &str) -> std::ops::Range<usize> {
        let first = self.partition(|t| t < prefix);
        let last = self.partition(|t| t < prefix || t.starts_with(prefix));
        first..last
    }

    /// The number of terms for which `before` holds, all of them first.
    fn partition(&self, before: impl Fn(&str) -> bool) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            if before(self.get(middle)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }

    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4
    }

    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_words_once_and_sorts_them() {
        let mut vocabulary = Vocabulary::default();
        let words = [
            "safety",
            "李",
            "a",
            "",
            "safe",
            "safety",
            "governance",
            "government",
        ];
        let ids: Vec<u32> = words.iter().map(|w| vocabulary.id(w)).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4, 0, 5, 6]);
        for (w, &id) in words.iter().zip(&ids) {
            assert_eq!(vocabulary.word(id), *w);
        }
        let sorted: Vec<&str> = vocabulary
            .sorted()
            .into_iter()
            .map(|id| vocabulary.word(id))
            .collect();
        assert_eq!(
            sorted,
            ["", "a", "governance", "government", "safe", "safety", "李"]
        );
    }

    #[test]
    fn keeps_every_word_through_growth() {
        let mut vocabulary = Vocabulary::default();
        for n in 0..5000u32 {
            assert_eq!(vocabulary.id(&n.to_string()), n);
        }
        for n in (0..5000u32).rev() {
            assert_eq!(vocabulary.id(&n.to_string()), n);
        }
        let mut expected: Vec<String> = (0..5000).map(|n: u32| n.to_string()).collect();
        expected.sort();
        let sorted: Vec<&str> = vocabulary
            .sorted()
            .into_iter()
            .map(|id| vocabulary.word(id))
            .collect();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn numbers_have_the_ids_of_their_words() {
        let mut vocabulary = Vocabulary::default();
        // Numbers already there, as the words of entities are.
        assert_eq!(vocabulary.id("5"), 0);
        assert_eq!(vocabulary.id("5000"), 1);
        let mut numbers = Numbers::of(&vocabulary, 1000);
        let words = [
            "7",
            "07",
            "0",
            "00",
            "999",
            "1000",
            "123456789012",
            "12a",
            "7",
            "999",
            "٣",
            "5",
            "5000",
        ];
        let ids: Vec<u32> = words
            .iter()
            .map(|w| numbers.id(w, &mut vocabulary))
            .collect();
        assert_eq!(ids, [2, 3, 4, 5, 6, 7, 8, 9, 2, 6, 10, 0, 1]);
        for (w, &id) in words.iter().zip(&ids) {
            assert_eq!(vocabulary.word(id), *w);
        }
        // Those below the limit, without leading zeros, are not in the table.
        for (w, listed) in [("7", false), ("999", false), ("0", false), ("07", true)] {
            assert_eq!(vocabulary.find(w).is_some(), listed, "{w}");
        }
        assert_eq!(vocabulary.find("1000"), Some(7));
        assert_eq!(vocabulary.find("5"), Some(0));
        assert_eq!(Vocabulary::default().find("8"), None);
        assert_eq!(vocabulary.len(), 11);
    }

    #[test]
    fn finds_the_terms_starting_with_a_prefix() {
        let mut terms = Terms::default();
        for t in ["chin", "china", "chinese", "chip", "safety"] {
            terms.push(t);
        }
        assert_eq!(terms.starting_with("chin"), 0..3);
        assert_eq!(terms.starting_with("chi"), 0..4);
        assert_eq!(terms.starting_with("s"), 4..5);
        assert_eq!(terms.starting_with("z"), 5..5);
        assert_eq!(terms.starting_with("a"), 0..0);
        assert_eq!(terms.starting_with(""), 0..5);
    }
}
