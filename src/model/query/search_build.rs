//! Building the search index: each thread takes a run of consecutive events, numbers
//! their words (`Vocabulary`: each word hashed once per occurrence, stored once per
//! thread) and keeps, per event, the numbers of its words; the threads' words are then
//! merged in sorted order, which tells each thread where its events go, and each writes
//! them there: into lists, or bit sets for the words most events have.
//!
//! The words of entities and sources are numbered before the threads start
//! (`SharedWords`), so an event that names an entity adds the entity's word numbers
//! without reading its words again. Tests: the build against the plain definition.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};

use super::vocabulary::{Lists, Numbers, Terms, Vocabulary};
use super::words::for_each_word;
use crate::model::ShortString;
use crate::model::document::Document;

/// The folded words of each entity (name and aliases) and source (title): the same for
/// every event that mentions them, so folded once, and numbered: the build starts every
/// thread's vocabulary from this one and adds an entity's word numbers to each event
/// that names it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedWords {
    pub vocabulary: Vocabulary,
    /// Per entity (by position), the ids of its words, each once.
    pub entities: Lists,
    /// Per source, likewise.
    pub sources: Lists,
}

impl SharedWords {
    pub fn of(document: &Document) -> Self {
        let mut vocabulary = Vocabulary::default();
        let mut scratch = String::new();
        let mut number_all = |texts: &mut dyn Iterator<Item = &str>, lists: &mut Lists| {
            let start = lists.ids.len();
            for text in texts {
                for_each_word(text, &mut scratch, |w| lists.ids.push(vocabulary.id(w)));
            }
            lists.ids[start..].sort_unstable();
            let mut kept = start;
            for i in start..lists.ids.len() {
                if kept == start || lists.ids[i] != lists.ids[kept - 1] {
                    lists.ids[kept] = lists.ids[i];
                    kept += 1;
                }
            }
            lists.ids.truncate(kept);
            lists.ends.push(kept as u32);
        };
        let dossier = &document.dossier;
        let mut entities = Lists::default();
        for e in &dossier.entities {
            number_all(
                &mut std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str)),
                &mut entities,
            );
        }
        let mut sources = Lists::default();
        for s in &dossier.sources {
            number_all(&mut std::iter::once(&*s.title), &mut sources);
        }
        Self {
            vocabulary,
            entities,
            sources,
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.vocabulary.heap_bytes() + self.entities.heap_bytes() + self.sources.heap_bytes()
    }
}

/// A term is kept as a bit set over the events when more than one event in this many
/// has it: the set is then smaller than the list (and faster to read). In the 1M
/// generated dossier, some 140 terms hold 87% of the postings.
pub const DENSE: usize = 32;

/// The index as built: the events containing `terms.get(t)`, in event order, are either
/// `postings[starts[t]..starts[t + 1]]`, or, for the `k`-th term of `dense`, the bits set
/// in `bitmaps[k * width..(k + 1) * width]` (its range of postings is empty), with
/// `width` the number of 64-bit words for all the events.
pub struct Built {
    pub terms: Terms,
    pub starts: Vec<u32>,
    pub postings: Vec<u32>,
    pub dense: Vec<u32>,
    pub bitmaps: Vec<u64>,
}

/// The words of the entities and sources numbered: every thread's vocabulary starts as
/// this one. Their lists are contiguous: events name entities in no order, and reading
/// them was a large part of the build while each list was an allocation of its own.
struct Seed {
    vocabulary: Vocabulary,
    /// The numbers of `vocabulary`, by value.
    numbers: Numbers,
    /// Entity ids → the word ids of the first entity with the id, by the number
    /// `entity_ids` gives the id (as `Index::entity`, the first record of an id wins).
    entity_ids: Vocabulary,
    entities: Lists,
    source_ids: Vocabulary,
    sources: Lists,
}

impl Seed {
    fn of(document: &Document, shared: &SharedWords) -> Self {
        let number = |ids: &mut dyn Iterator<Item = &str>, words: &Lists| {
            let mut numbers = Vocabulary::default();
            let mut lists = Lists::default();
            for (k, id) in ids.enumerate() {
                if numbers.id(id) as usize == lists.ends.len() {
                    lists
                        .ids
                        .extend_from_slice(words.get(k).unwrap_or_default());
                    lists.ends.push(lists.ids.len() as u32);
                }
            }
            (numbers, lists)
        };
        let dossier = &document.dossier;
        let (entity_ids, entities) = number(
            &mut dossier.entities.iter().map(|e| e.id.as_str()),
            &shared.entities,
        );
        let (source_ids, sources) = number(
            &mut dossier.sources.iter().map(|s| s.id.as_str()),
            &shared.sources,
        );
        Self {
            vocabulary: shared.vocabulary.clone(),
            // Item numbers go up to the number of events.
            numbers: Numbers::of(&shared.vocabulary, dossier.events.len() * 2 + (1 << 16)),
            entity_ids,
            entities,
            source_ids,
            sources,
        }
    }
}

/// What a thread found in its run of events: its words, and for each event the ids of
/// the words it contains (each once).
struct Part {
    vocabulary: Vocabulary,
    /// The first event of the run.
    first: u32,
    /// The ids of the words of each event, one event after another.
    words: Vec<u32>,
    /// Per event, where its ids end in `words`.
    ends: Vec<u32>,
    /// Per word id: the last event that had it and the number of events that have it.
    seen: Vec<[u32; 2]>,
    /// The ids in the order of their words.
    order: Vec<u32>,
}

/// Adds word `id` to the words of event `e` (once).
fn add(seen: &mut [[u32; 2]], words: &mut Vec<u32>, id: u32, e: u32) {
    let seen = &mut seen[id as usize];
    if seen[0] != e {
        *seen = [e, seen[1] + 1];
        words.push(id);
    }
}

/// Events whose entities and sources are looked up together.
const BATCH: usize = 64;

/// The words of the events `first..first + count`.
fn index_events(document: &Document, seed: &Seed, first: usize, count: usize) -> Part {
    let mut vocabulary = seed.vocabulary.clone();
    let mut seen = vec![[u32::MAX, 0]; vocabulary.len()];
    let mut words = Vec::new();
    let mut ends = Vec::with_capacity(count);
    let mut numbers = seed.numbers.clone();
    let mut scratch = String::new();
    let events = &document.dossier.events[first..first + count];
    let mut named: Vec<&[u32]> = Vec::new();
    let mut named_ends = Vec::with_capacity(BATCH);
    for (b, batch) in events.chunks(BATCH).enumerate() {
        // The entities and sources of a batch of events are looked up first, apart: each
        // lookup waits on memory, and independent ones in a row wait together.
        named.clear();
        named_ends.clear();
        for event in batch {
            named.extend(event.entities.iter().filter_map(|r| {
                let x = seed.entity_ids.find(&r.id)?;
                seed.entities.get(x as usize)
            }));
            named.extend(event.sources.iter().filter_map(|s| {
                let x = seed.source_ids.find(s)?;
                seed.sources.get(x as usize)
            }));
            named_ends.push(named.len());
        }
        for (j, event) in batch.iter().enumerate() {
            let i = b * BATCH + j;
            let e = (first + i) as u32;
            // Room for all the words at the rate of the events so far: growing by
            // doubling copies (and first touches) the lists several times, which costs
            // more than the pages reserved and never used.
            if i == 1024 {
                let rate = |n: usize| n / 1024 * count * 9 / 8;
                words.reserve(rate(words.len()));
                seen.reserve(rate(seen.len() - seed.vocabulary.len()));
                vocabulary.reserve(rate(vocabulary.len() - seed.vocabulary.len()));
            }
            let texts = [&*event.title, &*event.summary]
                .into_iter()
                .chain(event.quotes().iter().map(|q| q.text.as_str()))
                .chain(event.tags.iter().map(ShortString::as_str));
            for text in texts {
                for_each_word(text, &mut scratch, |w| {
                    let id = numbers.id(w, &mut vocabulary);
                    if id as usize == seen.len() {
                        seen.push([u32::MAX, 0]);
                    }
                    add(&mut seen, &mut words, id, e);
                });
            }
            let from = if j == 0 { 0 } else { named_ends[j - 1] };
            for ids in &named[from..named_ends[j]] {
                for &id in *ids {
                    add(&mut seen, &mut words, id, e);
                }
            }
            ends.push(words.len() as u32);
        }
    }
    let order = vocabulary.sorted();
    Part {
        vocabulary,
        first: first as u32,
        words,
        ends,
        seen,
        order,
    }
}

/// In [`Merged::positions`], the flag of the number of a dense term. Positions in the
/// postings stay below it: as everywhere in the index, events and postings are counted
/// in `u32`, and 2^31 postings would be 8 GB of lists.
const DENSE_FLAG: u32 = 1 << 31;

/// The words of every part, merged.
struct Merged {
    /// In sorted order, each once and only if some event has it.
    terms: Terms,
    /// Where the events of each term start in the postings (as in [`Built`]).
    starts: Vec<u32>,
    /// The terms kept as bit sets.
    dense: Vec<u32>,
    /// Per part and word id: where its events go in the postings (after those of the
    /// parts before), or the number of its bit set with [`DENSE_FLAG`].
    positions: Vec<Vec<u32>>,
}

/// Merges the sorted words of the parts (`events` in all).
fn merge(parts: &[Part], events: usize) -> Merged {
    let mut heads = vec![0usize; parts.len()];
    let mut merged = Merged {
        terms: Terms::default(),
        starts: Vec::new(),
        dense: Vec::new(),
        positions: parts.iter().map(|p| vec![0; p.vocabulary.len()]).collect(),
    };
    let mut postings = 0usize;
    let mut here = Vec::with_capacity(parts.len());
    loop {
        let mut smallest: Option<&str> = None;
        for (part, &head) in parts.iter().zip(&heads) {
            if let Some(&id) = part.order.get(head) {
                let word = part.vocabulary.word(id);
                if smallest.is_none_or(|s| word < s) {
                    smallest = Some(word);
                }
            }
        }
        let Some(word) = smallest else {
            break;
        };
        here.clear();
        let mut count = 0;
        for (p, (part, head)) in parts.iter().zip(&mut heads).enumerate() {
            if let Some(&id) = part.order.get(*head)
                && part.vocabulary.word(id) == word
            {
                *head += 1;
                let events = part.seen[id as usize][1] as usize;
                if events > 0 {
                    here.push((p, id, events));
                    count += events;
                }
            }
        }
        // Words of entities or sources that no event names are left out.
        if count == 0 {
            continue;
        }
        let term = merged.terms.len();
        merged.terms.push(word);
        merged.starts.push(postings as u32);
        if count * DENSE > events {
            let number = DENSE_FLAG | merged.dense.len() as u32;
            merged.dense.push(term as u32);
            for &(p, id, _) in &here {
                merged.positions[p][id as usize] = number;
            }
        } else {
            for &(p, id, events) in &here {
                merged.positions[p][id as usize] = postings as u32;
                postings += events;
            }
        }
    }
    merged.starts.push(postings as u32);
    merged.terms.shrink_to_fit();
    merged
}

/// Builds the index of `document` with `threads` threads, each over a run of consecutive
/// events; the result is the same whatever the number.
pub fn build(document: &Document, shared: &SharedWords, threads: usize) -> Built {
    let seed = Seed::of(document, shared);
    let events = document.dossier.events.len();
    // Each part starts on a word of the bit sets, which no two parts then share.
    let chunk = events.div_ceil(threads).next_multiple_of(64);
    let parts: Vec<Part> = std::thread::scope(|scope| {
        let seed = &seed;
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let first = (t * chunk).min(events);
                let count = chunk.min(events - first);
                scope.spawn(move || index_events(document, seed, first, count))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut merged = merge(&parts, events);
    let (postings, bitmaps) = lay_out(parts, &mut merged, events.div_ceil(64));
    Built {
        terms: merged.terms,
        starts: merged.starts,
        postings,
        dense: merged.dense,
        bitmaps,
    }
}

/// The events of every term, in event order, into the postings or the bit sets (`width`
/// words each): each part's thread writes the events of its part, and frees the part.
///
/// Every event goes where the next one of its word in its part goes: kept per word id,
/// which words have in the order they were met, so that the rare words (met once or
/// twice, in event order) are not looked up all over memory as they would be by term.
/// The threads write to places no other writes (the lists of the parts of a term are
/// consecutive, and a part's events start on a word of the bit sets, as `build` cuts
/// them): relaxed atomics, which compile to plain loads and stores, say so to the
/// compiler.
fn lay_out(parts: Vec<Part>, merged: &mut Merged, width: usize) -> (Vec<u32>, Vec<u64>) {
    let starts = &merged.starts;
    let postings: Vec<AtomicU32> = vec![0u32; starts[starts.len() - 1] as usize]
        .into_iter()
        .map(AtomicU32::new)
        .collect();
    let bitmaps: Vec<AtomicU64> = vec![0u64; merged.dense.len() * width]
        .into_iter()
        .map(AtomicU64::new)
        .collect();
    std::thread::scope(|scope| {
        for (part, mut next) in parts.into_iter().zip(std::mem::take(&mut merged.positions)) {
            let (postings, bitmaps) = (&postings, &bitmaps);
            scope.spawn(move || {
                let mut begin = 0;
                for (e, &end) in (part.first..).zip(&part.ends) {
                    for &id in &part.words[begin as usize..end as usize] {
                        let at = &mut next[id as usize];
                        if *at & DENSE_FLAG == 0 {
                            postings[*at as usize].store(e, Relaxed);
                            *at += 1;
                        } else {
                            let k = (*at & !DENSE_FLAG) as usize;
                            let word = &bitmaps[k * width + e as usize / 64];
                            word.store(word.load(Relaxed) | 1 << (e % 64), Relaxed);
                        }
                    }
                    begin = end;
                }
            });
        }
    });
    (
        postings.into_iter().map(AtomicU32::into_inner).collect(),
        bitmaps.into_iter().map(AtomicU64::into_inner).collect(),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::model::generate::{GenerateOptions, generate};

    /// Every word to the events that have it, as the index defines them.
    fn plain(document: &Document) -> BTreeMap<String, BTreeSet<u32>> {
        let shared = SharedWords::of(document);
        let mut words: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
        let mut scratch = String::new();
        for (e, event) in document.dossier.events.iter().enumerate() {
            let mut add = |w: &str| {
                words.entry(w.to_owned()).or_default().insert(e as u32);
            };
            let texts = [&*event.title, &*event.summary]
                .into_iter()
                .chain(event.quotes().iter().map(|q| q.text.as_str()))
                .chain(event.tags.iter().map(ShortString::as_str));
            for text in texts {
                for_each_word(text, &mut scratch, &mut add);
            }
            let named = |x: Option<usize>, lists: &Lists| -> Vec<String> {
                let ids = x.and_then(|x| lists.get(x)).unwrap_or_default();
                ids.iter()
                    .map(|&id| shared.vocabulary.word(id).to_owned())
                    .collect()
            };
            for r in &event.entities {
                for w in named(document.index.entity(&r.id), &shared.entities) {
                    add(&w);
                }
            }
            for s in &event.sources {
                for w in named(document.index.source(s), &shared.sources) {
                    add(&w);
                }
            }
        }
        words
    }

    #[test]
    fn the_build_lists_every_word_with_its_events() {
        let document = Document::new(generate(GenerateOptions {
            events: 3001,
            seed: 11,
        }));
        let expected = plain(&document);
        let shared = SharedWords::of(&document);
        for threads in [1, 2, 5] {
            let built = build(&document, &shared, threads);
            let width = document.dossier.events.len().div_ceil(64);
            assert_eq!(built.bitmaps.len(), built.dense.len() * width);
            let got: BTreeMap<String, BTreeSet<u32>> = (0..built.terms.len())
                .map(|t| {
                    let range = built.starts[t] as usize..built.starts[t + 1] as usize;
                    let list = &built.postings[range];
                    assert!(list.windows(2).all(|w| w[0] < w[1]), "sorted, once");
                    let events = match built.dense.binary_search(&(t as u32)) {
                        Ok(k) => {
                            assert!(list.is_empty());
                            let bits = &built.bitmaps[k * width..(k + 1) * width];
                            (0..width as u32 * 64)
                                .filter(|&e| bits[e as usize / 64] & (1 << (e % 64)) != 0)
                                .collect()
                        }
                        Err(_) => list.iter().copied().collect::<BTreeSet<u32>>(),
                    };
                    assert_eq!(
                        built.dense.binary_search(&(t as u32)).is_ok(),
                        events.len() * DENSE > document.dossier.events.len()
                    );
                    (built.terms.get(t).to_owned(), events)
                })
                .collect();
            assert!(got == expected, "{threads} threads");
        }
    }
}
