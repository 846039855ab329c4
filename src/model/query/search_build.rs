//! Building the search index: each thread numbers the words of a run of consecutive
//! events and lists, per word, the events that contain it; the words of the threads are
//! then merged in sorted order and their lists laid one after another.
//!
//! Words are hashed once per occurrence and stored once per thread (`Vocabulary`); the
//! words of entities and sources are numbered before the threads start, so an event that
//! names an entity adds the entity's word numbers without reading its words again.

use compact_str::CompactString;

use super::vocabulary::{Terms, Vocabulary};
use super::words::for_each_word;
use crate::model::document::Document;

/// The folded words of each entity (name and aliases) and source (title): the same for
/// every event that mentions them, so folded once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedWords {
    pub entities: Vec<Vec<Box<str>>>,
    pub sources: Vec<Vec<Box<str>>>,
}

impl SharedWords {
    pub fn of(document: &Document) -> Self {
        let mut scratch = String::new();
        let mut fold_all = |texts: &mut dyn Iterator<Item = &str>| {
            let mut out: Vec<Box<str>> = Vec::new();
            for text in texts {
                for_each_word(text, &mut scratch, |w| out.push(w.into()));
            }
            out.sort_unstable();
            out.dedup();
            out
        };
        let dossier = &document.dossier;
        let entities = dossier
            .entities
            .iter()
            .map(|e| {
                fold_all(
                    &mut std::iter::once(e.name.as_str())
                        .chain(e.aliases.iter().map(String::as_str)),
                )
            })
            .collect();
        let sources = dossier
            .sources
            .iter()
            .map(|s| fold_all(&mut std::iter::once(s.title.as_str())))
            .collect();
        Self { entities, sources }
    }

    pub fn heap_bytes(&self) -> usize {
        self.entities
            .iter()
            .chain(&self.sources)
            .flatten()
            .map(|w| w.len() + 16)
            .sum()
    }
}

/// The index as built: `postings[starts[t]..starts[t + 1]]` are the events containing
/// `terms.get(t)`, in event order.
pub struct Built {
    pub terms: Terms,
    pub starts: Vec<u32>,
    pub postings: Vec<u32>,
}

/// Lists of word ids, one after another.
#[derive(Default)]
struct Lists {
    ids: Vec<u32>,
    ends: Vec<u32>,
}

impl Lists {
    fn get(&self, list: usize) -> Option<&[u32]> {
        let end = *self.ends.get(list)? as usize;
        let start = if list == 0 {
            0
        } else {
            self.ends[list - 1] as usize
        };
        Some(&self.ids[start..end])
    }
}

/// The words of the entities and sources numbered: every thread's vocabulary starts as
/// this one. Their lists are contiguous: events name entities in no order, and reading
/// them was a large part of the build while each list was an allocation of its own.
struct Seed {
    vocabulary: Vocabulary,
    entities: Lists,
    sources: Lists,
}

impl Seed {
    fn of(shared: &SharedWords) -> Self {
        let mut vocabulary = Vocabulary::default();
        let mut number = |lists: &[Vec<Box<str>>]| {
            let mut out = Lists::default();
            for words in lists {
                out.ids.extend(words.iter().map(|w| vocabulary.id(w)));
                out.ends.push(out.ids.len() as u32);
            }
            out
        };
        let entities = number(&shared.entities);
        let sources = number(&shared.sources);
        Self {
            vocabulary,
            entities,
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

/// The words of the events `first..first + count`.
fn index_events(document: &Document, seed: &Seed, first: usize, count: usize) -> Part {
    let mut vocabulary = seed.vocabulary.clone();
    let mut seen = vec![[u32::MAX, 0]; vocabulary.len()];
    let mut words = Vec::new();
    let mut ends = Vec::with_capacity(count);
    let mut scratch = String::new();
    let index = &document.index;
    let events = &document.dossier.events[first..first + count];
    for (i, event) in events.iter().enumerate() {
        let e = (first + i) as u32;
        // Room for all the words at the rate of the events so far: growing by doubling
        // copies (and first touches) the lists several times, which costs more than the
        // pages reserved and never used.
        if i == 1000 {
            let rate = |n: usize| n / 1000 * count * 9 / 8;
            words.reserve(rate(words.len()));
            seen.reserve(rate(seen.len() - seed.vocabulary.len()));
            vocabulary.reserve(rate(vocabulary.len() - seed.vocabulary.len()));
        }
        let texts = [event.title.as_str(), event.summary.as_str()]
            .into_iter()
            .chain(event.quotes.iter().map(|q| q.text.as_str()))
            .chain(event.tags.iter().map(CompactString::as_str));
        for text in texts {
            for_each_word(text, &mut scratch, |w| {
                let id = vocabulary.id(w);
                if id as usize == seen.len() {
                    seen.push([u32::MAX, 0]);
                }
                add(&mut seen, &mut words, id, e);
            });
        }
        let entities = event
            .entities
            .iter()
            .filter_map(|r| index.entity(&r.id).and_then(|x| seed.entities.get(x)));
        let sources = event
            .sources
            .iter()
            .filter_map(|s| index.source(s).and_then(|x| seed.sources.get(x)));
        for ids in entities.chain(sources) {
            for &id in ids {
                add(&mut seen, &mut words, id, e);
            }
        }
        ends.push(words.len() as u32);
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

/// The words of every part in sorted order, each once and only if some event has it;
/// where each one's events start in the postings; and per part, where the events of
/// each of its word ids go in the postings (those of the part before them).
fn merge(parts: &[Part]) -> (Terms, Vec<u32>, Vec<Vec<u32>>) {
    let mut heads = vec![0usize; parts.len()];
    let mut terms = Terms::default();
    let mut starts = Vec::new();
    let mut positions: Vec<Vec<u32>> = parts.iter().map(|p| vec![0; p.vocabulary.len()]).collect();
    let mut total = 0usize;
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
        let start = total;
        for ((part, head), positions) in parts.iter().zip(&mut heads).zip(&mut positions) {
            if let Some(&id) = part.order.get(*head)
                && part.vocabulary.word(id) == word
            {
                *head += 1;
                positions[id as usize] = total as u32;
                total += part.seen[id as usize][1] as usize;
            }
        }
        // Words of entities or sources that no event names are left out.
        if total > start {
            terms.push(word);
            starts.push(start as u32);
        }
    }
    starts.push(total as u32);
    terms.shrink_to_fit();
    (terms, starts, positions)
}

/// Builds the index of `document` with `threads` threads, each over a run of consecutive
/// events; the result is the same whatever the number.
pub fn build(document: &Document, shared: &SharedWords, threads: usize) -> Built {
    let seed = Seed::of(shared);
    let events = document.dossier.events.len();
    let chunk = events.div_ceil(threads);
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
    let (terms, starts, positions) = merge(&parts);
    let postings = lay_out(&parts, &starts, &positions, threads);
    Built {
        terms,
        starts,
        postings,
    }
}

/// The events of every term, one term after another, each in event order: `threads`
/// threads each fill the lists of a run of terms of about the same number of postings,
/// reading the words of every event and keeping those of their terms.
///
/// Each event goes where the next one of its word in its part goes: kept per word id,
/// which words have in the order they were met, so that the rare words (met once or
/// twice, in event order) are not looked up all over memory as they would be by term.
fn lay_out(parts: &[Part], starts: &[u32], positions: &[Vec<u32>], threads: usize) -> Vec<u32> {
    let terms = starts.len() - 1;
    let total = starts[terms] as usize;
    let mut postings = vec![0u32; total];
    let mut bounds: Vec<usize> = (0..=threads)
        .map(|k| starts.partition_point(|&s| (s as usize) < total * k / threads))
        .collect();
    bounds[threads] = terms;
    std::thread::scope(|scope| {
        let mut rest = postings.as_mut_slice();
        for run in bounds.windows(2) {
            let (from, to) = (starts[run[0]], starts[run[1]]);
            let (mine, others) = rest.split_at_mut((to - from) as usize);
            rest = others;
            scope.spawn(move || {
                for (part, positions) in parts.iter().zip(positions) {
                    let mut next = positions.clone();
                    let mut begin = 0;
                    for (e, &end) in (part.first..).zip(&part.ends) {
                        for &id in &part.words[begin as usize..end as usize] {
                            let at = &mut next[id as usize];
                            if (from..to).contains(at) {
                                mine[(*at - from) as usize] = e;
                                *at += 1;
                            }
                        }
                        begin = end;
                    }
                }
            });
        }
    });
    postings
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
            let texts = [event.title.as_str(), event.summary.as_str()]
                .into_iter()
                .chain(event.quotes.iter().map(|q| q.text.as_str()))
                .chain(event.tags.iter().map(CompactString::as_str));
            for text in texts {
                for_each_word(text, &mut scratch, &mut add);
            }
            for r in &event.entities {
                if let Some(x) = document.index.entity(&r.id) {
                    shared.entities[x].iter().for_each(|w| add(w));
                }
            }
            for s in &event.sources {
                if let Some(x) = document.index.source(s) {
                    shared.sources[x].iter().for_each(|w| add(w));
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
            let got: BTreeMap<String, BTreeSet<u32>> = (0..built.terms.len())
                .map(|t| {
                    let range = built.starts[t] as usize..built.starts[t + 1] as usize;
                    let events = &built.postings[range];
                    assert!(events.windows(2).all(|w| w[0] < w[1]), "sorted, once");
                    (built.terms.get(t).to_owned(), events.iter().copied().collect())
                })
                .collect();
            assert!(got == expected, "{threads} threads");
        }
    }
}
