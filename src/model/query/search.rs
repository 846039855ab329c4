//! Full-text search over events: titles, summaries, quotes, tags, the names and aliases of
//! their entities (any script) and the titles of their sources. Case- and accent-
//! insensitive (`societe` finds `société`); each query word matches the start of a word
//! (`chin` finds China), Chinese text matches character by character.
//!
//! The index is built once per document (off the UI thread in the app, on every core:
//! `search_build`) and answers a query with binary searches over a sorted vocabulary and
//! merges of posting lists (bit sets for the words most events have), so a query costs
//! what its results cost, not what the dossier weighs.
//!
//! Event edits do not rebuild it: [`SearchIndex::apply_changes`] re-indexes the edited
//! events and moves the others, in an overlay over the built index (tests: `search_tests`).

use std::{collections::BTreeMap, ops::Bound};

use super::search_build::{SharedWords, build};
use super::vocabulary::Terms;
pub(super) use super::words::for_each_word;
use crate::model::dataset::{Event, ShortString};
use crate::model::document::Document;
use crate::model::edit::EventChange;

/// Words to event positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// The vocabulary at the build, sorted.
    terms: Terms,
    /// `postings[starts[t]..starts[t + 1]]` are the events containing `terms[t]`, sorted,
    /// by their positions at the build; empty for the terms of `dense`.
    starts: Vec<u32>,
    postings: Vec<u32>,
    /// The terms most events have, sorted; the `k`-th one's events are the bits set in
    /// the `k`-th run of `width` words of `bitmaps`, `width` words holding a bit per event
    /// at the build (see `search_build`).
    dense: Vec<u32>,
    bitmaps: Vec<u64>,
    width: usize,
    /// Number of events now (after the changes applied).
    events: usize,
    /// The folded names of the entities and titles of the sources, to index an edited event.
    shared: SharedWords,
    /// The changes since the build; `None` until the first.
    overlay: Option<Overlay>,
}

/// In [`Overlay`], the id or position of nothing: an event removed or edited since.
const NONE: u32 = u32::MAX;

/// What changed since the build. Every event has an id: its position at the build while
/// it is unchanged since, or `base + n` once it is the n-th event (re-)indexed since.
/// The built postings hold ids below `base`, `fresh` the others; both are read through
/// `current_of`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Overlay {
    /// Events at the build.
    base: u32,
    /// Current position → id.
    id_of: Vec<u32>,
    /// Id → current position, [`NONE`] for an event removed or indexed again since.
    current_of: Vec<u32>,
    /// The words of the events indexed since the build → their ids, in id order. The
    /// ids of events edited again later stay in the lists, pointing nowhere.
    fresh: BTreeMap<Box<str>, Vec<u32>>,
}

impl Overlay {
    /// No change yet: every event is where it was.
    fn identity(events: usize) -> Self {
        let ids: Vec<u32> = (0..events as u32).collect();
        Self {
            base: events as u32,
            id_of: ids.clone(),
            current_of: ids,
            fresh: BTreeMap::new(),
        }
    }

    /// Sets the bit of the current position of every event of `ids` still there.
    fn mark(&self, ids: &[u32], bits: &mut [u64]) {
        for &id in ids {
            let e = self.current_of[id as usize];
            if e != NONE {
                bits[e as usize / 64] |= 1 << (e % 64);
            }
        }
    }

    /// As [`Self::mark`], for the ids of the bits set in `set`.
    fn mark_set(&self, set: &[u64], bits: &mut [u64]) {
        for (i, &word) in set.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let id = i * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                let e = self.current_of[id];
                if e != NONE {
                    bits[e as usize / 64] |= 1 << (e % 64);
                }
            }
        }
    }
}

/// A run of the events after some changes: events as they were, from `from` (positions
/// before the changes), or `Dirty` events to index from the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Run {
    Kept { from: usize, len: usize },
    Dirty(usize),
}

impl Run {
    fn len(self) -> usize {
        match self {
            Self::Kept { len, .. } | Self::Dirty(len) => len,
        }
    }
}

/// The run holding position `at` and the offset of `at` in it.
fn locate(runs: &[Run], at: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    for (k, run) in runs.iter().enumerate() {
        if at < start + run.len() {
            return Some((k, at - start));
        }
        start += run.len();
    }
    None
}

/// Replaces `runs[k]` by `parts`, leaving out the empty ones.
fn split<const N: usize>(runs: &mut Vec<Run>, k: usize, parts: [Run; N]) {
    runs.splice(k..=k, parts.into_iter().filter(|r| r.len() > 0));
}

/// The events after `changes` to `len` events, as runs of the events before them and of
/// events to index; `None` when a change names a position that was not there. Costs
/// the number of changes times the number of runs, not the number of events.
fn follow(len: usize, changes: &[EventChange]) -> Option<(Vec<Run>, usize)> {
    let mut runs = vec![Run::Kept { from: 0, len }];
    let mut total = len;
    for &change in changes {
        match change {
            EventChange::Replaced(at) => {
                let (k, offset) = locate(&runs, at)?;
                if let Run::Kept { from, len } = runs[k] {
                    let parts = [
                        Run::Kept { from, len: offset },
                        Run::Dirty(1),
                        Run::Kept {
                            from: from + offset + 1,
                            len: len - offset - 1,
                        },
                    ];
                    split(&mut runs, k, parts);
                }
            }
            EventChange::Removed(at) => {
                let (k, offset) = locate(&runs, at)?;
                match runs[k] {
                    Run::Dirty(n) => runs[k] = Run::Dirty(n - 1),
                    Run::Kept { from, len } => {
                        let parts = [
                            Run::Kept { from, len: offset },
                            Run::Kept {
                                from: from + offset + 1,
                                len: len - offset - 1,
                            },
                        ];
                        split(&mut runs, k, parts);
                    }
                }
                total -= 1;
            }
            EventChange::Inserted(at) if at == total => {
                runs.push(Run::Dirty(1));
                total += 1;
            }
            EventChange::Inserted(at) => {
                let (k, offset) = locate(&runs, at)?;
                match runs[k] {
                    Run::Dirty(n) => runs[k] = Run::Dirty(n + 1),
                    Run::Kept { from, len } => {
                        let parts = [
                            Run::Kept { from, len: offset },
                            Run::Dirty(1),
                            Run::Kept {
                                from: from + offset,
                                len: len - offset,
                            },
                        ];
                        split(&mut runs, k, parts);
                    }
                }
                total += 1;
            }
        }
    }
    Some((runs, total))
}

/// Calls `each` with every word of `event` (some more than once).
fn event_words(
    document: &Document,
    shared: &SharedWords,
    event: &Event,
    scratch: &mut String,
    mut each: impl FnMut(&str),
) {
    let index = &document.index;
    let texts = [&*event.title, &*event.summary]
        .into_iter()
        .chain(event.quotes().iter().map(|q| q.text.as_str()))
        .chain(event.tags.iter().map(ShortString::as_str));
    for text in texts {
        for_each_word(text, scratch, &mut each);
    }
    for reference in &event.entities {
        if let Some(ids) = index
            .entity(&reference.id)
            .and_then(|e| shared.entities.get(e))
        {
            for &id in ids {
                each(shared.vocabulary.word(id));
            }
        }
    }
    for source in &event.sources {
        if let Some(ids) = index.source(source).and_then(|s| shared.sources.get(s)) {
            for &id in ids {
                each(shared.vocabulary.word(id));
            }
        }
    }
}

impl SearchIndex {
    /// Builds the index on every core the machine has.
    pub fn build(document: &Document) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Self::build_on(document, cores)
    }

    /// Builds the index with `threads` threads, each over a run of consecutive events; the
    /// result is the same whatever the number.
    pub fn build_on(document: &Document, threads: usize) -> Self {
        let shared = SharedWords::of(document);
        let events = document.dossier.events.len();
        // Small dossiers are not worth a thread.
        let threads = threads.clamp(1, 16).min(events.div_ceil(10_000)).max(1);
        let built = build(document, &shared, threads);
        Self {
            terms: built.terms,
            starts: built.starts,
            postings: built.postings,
            dense: built.dense,
            bitmaps: built.bitmaps,
            width: events.div_ceil(64),
            events,
            shared,
            overlay: None,
        }
    }

    /// Follows `changes` (oldest first, as [`EventChange`] describes them) from the events
    /// this index holds to `document.dossier.events`: the events replaced or inserted are
    /// indexed from `document`, the others only move. Afterwards every search answers
    /// exactly as an index built from `document` would.
    ///
    /// The entities and sources (their ids, names, aliases, titles and order) must be
    /// those of the build: an edit to them changes the words of events it does not name,
    /// and calls for a rebuild. Only the entity and source ids of `document.index` are
    /// read, so its events need not be up to date.
    ///
    /// Returns false, leaving the index as it was, when the changes do not lead from the
    /// indexed events to the document's (a position that was not there, another count):
    /// rebuild then.
    #[must_use]
    pub fn apply_changes(&mut self, document: &Document, changes: &[EventChange]) -> bool {
        let events = &document.dossier.events;
        let Some((runs, total)) = follow(self.events, changes) else {
            return false;
        };
        let dirty: usize = runs
            .iter()
            .map(|r| match r {
                Run::Dirty(n) => *n,
                Run::Kept { .. } => 0,
            })
            .sum();
        let ids = self
            .overlay
            .as_ref()
            .map_or(self.events, |o| o.current_of.len());
        if total != events.len() || ids.saturating_add(dirty) >= NONE as usize {
            return false;
        }
        if changes.is_empty() {
            return true;
        }
        let overlay = self
            .overlay
            .get_or_insert_with(|| Overlay::identity(self.events));
        let positions = if changes
            .iter()
            .all(|c| matches!(c, EventChange::Replaced(_)))
        {
            // Nothing moved (the common edit): only the events replaced lose their ids.
            let mut positions: Vec<usize> = changes
                .iter()
                .filter_map(|c| match *c {
                    EventChange::Replaced(e) => Some(e),
                    _ => None,
                })
                .collect();
            positions.sort_unstable();
            positions.dedup();
            for &e in &positions {
                let id = std::mem::replace(&mut overlay.id_of[e], NONE);
                overlay.current_of[id as usize] = NONE;
            }
            positions
        } else {
            // The new order of the ids; the dirty positions get theirs below.
            let mut id_of = Vec::with_capacity(total);
            let mut positions = Vec::with_capacity(dirty);
            for run in runs {
                match run {
                    Run::Kept { from, len } => {
                        id_of.extend_from_slice(&overlay.id_of[from..from + len]);
                    }
                    Run::Dirty(n) => {
                        positions.extend(id_of.len()..id_of.len() + n);
                        id_of.resize(id_of.len() + n, NONE);
                    }
                }
            }
            overlay.current_of.fill(NONE);
            for (e, &id) in id_of.iter().enumerate() {
                if id != NONE {
                    overlay.current_of[id as usize] = e as u32;
                }
            }
            overlay.id_of = id_of;
            positions
        };
        let mut scratch = String::new();
        for e in positions {
            let id = overlay.current_of.len() as u32;
            overlay.current_of.push(e as u32);
            overlay.id_of[e] = id;
            let fresh = &mut overlay.fresh;
            event_words(
                document,
                &self.shared,
                &events[e],
                &mut scratch,
                |w| match fresh.get_mut(w) {
                    Some(list) => {
                        if list.last() != Some(&id) {
                            list.push(id);
                        }
                    }
                    None => {
                        fresh.insert(w.into(), vec![id]);
                    }
                },
            );
        }
        self.events = total;
        true
    }

    /// How many events were indexed since the build (edited ones, counted each time): the
    /// searches slow down and the memory grows with it, until a rebuild.
    pub fn overlay_events(&self) -> usize {
        self.overlay
            .as_ref()
            .map_or(0, |o| o.current_of.len() - o.base as usize)
    }

    /// The events matching every word of `query`, as a bit set over event positions;
    /// `None` for an empty query.
    pub(super) fn matching(&self, query: &str) -> Option<Vec<u64>> {
        let mut scratch = String::new();
        let mut words: Vec<String> = Vec::new();
        for_each_word(query, &mut scratch, |w| words.push(w.to_owned()));
        if words.is_empty() {
            return None;
        }
        let mut result: Option<Vec<u64>> = None;
        for word in &words {
            // Every term that starts with the word: a contiguous run of the sorted terms.
            let mut bits = vec![0u64; self.events.div_ceil(64)];
            for t in self.terms.starting_with(word) {
                if let Ok(k) = self.dense.binary_search(&(t as u32)) {
                    let set = &self.bitmaps[k * self.width..(k + 1) * self.width];
                    match &self.overlay {
                        None => bits.iter_mut().zip(set).for_each(|(b, s)| *b |= s),
                        Some(overlay) => overlay.mark_set(set, &mut bits),
                    }
                    continue;
                }
                let postings = &self.postings[self.starts[t] as usize..self.starts[t + 1] as usize];
                match &self.overlay {
                    None => {
                        for &e in postings {
                            bits[e as usize / 64] |= 1 << (e % 64);
                        }
                    }
                    Some(overlay) => overlay.mark(postings, &mut bits),
                }
            }
            if let Some(overlay) = &self.overlay {
                let from = (Bound::Included(word.as_str()), Bound::Unbounded);
                for (_, ids) in overlay
                    .fresh
                    .range::<str, _>(from)
                    .take_while(|(t, _)| t.starts_with(word.as_str()))
                {
                    overlay.mark(ids, &mut bits);
                }
            }
            result = Some(match result {
                None => bits,
                Some(mut acc) => {
                    for (a, b) in acc.iter_mut().zip(&bits) {
                        *a &= b;
                    }
                    acc
                }
            });
        }
        result
    }

    /// The events matching `query` in time order (empty query: none).
    pub fn search(&self, document: &Document, query: &str) -> Vec<usize> {
        let Some(bits) = self.matching(query) else {
            return Vec::new();
        };
        if bits.iter().all(|&w| w == 0) {
            return Vec::new();
        }
        document
            .index
            .chronological()
            .iter()
            .filter(|&e| bits.get(e / 64).is_some_and(|w| w & (1 << (e % 64)) != 0))
            .collect()
    }

    /// Words in the vocabulary of the build (for tests and statistics).
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Approximate heap memory held, in bytes.
    pub fn heap_bytes(&self) -> usize {
        let overlay = self.overlay.as_ref().map_or(0, |o| {
            (o.id_of.capacity() + o.current_of.capacity()) * 4
                + o.fresh
                    .iter()
                    .map(|(w, ids)| w.len() + 16 + 24 + ids.capacity() * 4)
                    .sum::<usize>()
        });
        self.terms.heap_bytes()
            + self.starts.len() * 4
            + self.postings.len() * 4
            + self.dense.len() * 4
            + self.bitmaps.len() * 8
            + self.shared.heap_bytes()
            + overlay
    }
}
