//! Full-text search over events: titles, summaries, quotes, tags, the names and aliases of
//! their entities (any script) and the titles of their sources. Case- and accent-
//! insensitive (`societe` finds `société`); each query word matches the start of a word
//! (`chin` finds China), Chinese text matches character by character.
//!
//! The index is built once per document (off the UI thread in the app) and answers a
//! query with binary searches over a sorted vocabulary and merges of posting lists, so a
//! query costs what its results cost, not what the dossier weighs.

use rustc_hash::FxHashMap;

use super::names::fold;
use crate::model::document::Document;

/// Words to event positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// The vocabulary, sorted.
    terms: Vec<Box<str>>,
    /// `postings[starts[t]..starts[t + 1]]` are the events containing `terms[t]`, sorted.
    starts: Vec<u32>,
    postings: Vec<u32>,
    /// Number of events indexed.
    events: usize,
}

/// True for characters of scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Calls `each` with every folded word of `text`: runs of letters and digits, and each
/// Chinese (or Japanese, Korean) character on its own.
fn for_each_word(text: &str, scratch: &mut String, mut each: impl FnMut(&str)) {
    scratch.clear();
    // Most text is ASCII: lower-casing it is all the folding it needs.
    if text.is_ascii() {
        scratch.push_str(text);
        scratch.make_ascii_lowercase();
    } else {
        scratch.push_str(&fold(text));
    }
    let mut start = None;
    for (i, c) in scratch.char_indices() {
        if is_unspaced(c) {
            if let Some(s) = start.take() {
                each(&scratch[s..i]);
            }
            each(&scratch[i..i + c.len_utf8()]);
        } else if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            each(&scratch[s..i]);
        }
    }
    if let Some(s) = start {
        each(&scratch[s..]);
    }
}

/// Words to the events containing them, each list in event order.
type Postings = FxHashMap<Box<str>, Vec<u32>>;

/// Adds `event` to the list of `word` (once).
fn add(word: &str, event: u32, words: &mut Postings) {
    match words.get_mut(word) {
        Some(list) => {
            if list.last() != Some(&event) {
                list.push(event);
            }
        }
        None => {
            words.insert(word.into(), vec![event]);
        }
    }
}

/// The folded words of each entity (name and aliases) and source (title): the same for
/// every event that mentions them, so folded once.
struct SharedWords {
    entities: Vec<Vec<Box<str>>>,
    sources: Vec<Vec<Box<str>>>,
}

impl SharedWords {
    fn of(document: &Document) -> Self {
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
}

/// The postings of the events `first..first + count`.
fn index_events(document: &Document, shared: &SharedWords, first: usize, count: usize) -> Postings {
    let index = &document.index;
    let mut words = Postings::default();
    let mut scratch = String::new();
    for (i, event) in document.dossier.events[first..first + count]
        .iter()
        .enumerate()
    {
        let e = (first + i) as u32;
        let texts = [event.title.as_str(), event.summary.as_str()]
            .into_iter()
            .chain(event.quotes.iter().map(|q| q.text.as_str()))
            .chain(event.tags.iter().map(String::as_str));
        for text in texts {
            for_each_word(text, &mut scratch, |w| add(w, e, &mut words));
        }
        for reference in &event.entities {
            if let Some(entity) = index.entity(&reference.id) {
                for w in &shared.entities[entity] {
                    add(w, e, &mut words);
                }
            }
        }
        for source in &event.sources {
            if let Some(s) = index.source(source) {
                for w in &shared.sources[s] {
                    add(w, e, &mut words);
                }
            }
        }
    }
    words
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
        let chunk = events.div_ceil(threads);
        let parts: Vec<Postings> = std::thread::scope(|scope| {
            let shared = &shared;
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let first = (t * chunk).min(events);
                    let count = chunk.min(events - first);
                    scope.spawn(move || index_events(document, shared, first, count))
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
        // The runs are in event order, so appending keeps every list sorted.
        let mut parts = parts.into_iter();
        let mut words = parts.next().unwrap_or_default();
        for part in parts {
            for (word, list) in part {
                words.entry(word).or_default().extend(list);
            }
        }
        let mut entries: Vec<(Box<str>, Vec<u32>)> = words.into_iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut terms = Vec::with_capacity(entries.len());
        let mut starts = Vec::with_capacity(entries.len() + 1);
        let mut postings = Vec::with_capacity(entries.iter().map(|(_, p)| p.len()).sum());
        for (term, list) in entries {
            starts.push(postings.len() as u32);
            terms.push(term);
            postings.extend_from_slice(&list);
        }
        starts.push(postings.len() as u32);
        Self {
            terms,
            starts,
            postings,
            events,
        }
    }

    /// The events matching every word of `query`, as a bit set over event positions;
    /// `None` for an empty query.
    fn matching(&self, query: &str) -> Option<Vec<u64>> {
        let mut scratch = String::new();
        let mut words: Vec<String> = Vec::new();
        for_each_word(query, &mut scratch, |w| words.push(w.to_owned()));
        if words.is_empty() {
            return None;
        }
        let mut result: Option<Vec<u64>> = None;
        for word in &words {
            // Every term that starts with the word: a contiguous run of the sorted terms.
            let first = self.terms.partition_point(|t| t.as_ref() < word.as_str());
            let last =
                first + self.terms[first..].partition_point(|t| t.starts_with(word.as_str()));
            let mut bits = vec![0u64; self.events.div_ceil(64)];
            for t in first..last {
                let (a, b) = (self.starts[t] as usize, self.starts[t + 1] as usize);
                for &e in &self.postings[a..b] {
                    bits[e as usize / 64] |= 1 << (e % 64);
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
            .copied()
            .filter(|&e| bits.get(e / 64).is_some_and(|w| w & (1 << (e % 64)) != 0))
            .collect()
    }

    /// Words in the vocabulary (for tests and statistics).
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Approximate heap memory held, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.terms.iter().map(|t| t.len() + 16).sum::<usize>()
            + self.starts.len() * 4
            + self.postings.len() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_is_the_same_whatever_the_number_of_threads() {
        use crate::model::generate::{GenerateOptions, generate};
        let document = Document::new(generate(GenerateOptions {
            events: 25_001,
            seed: 7,
        }));
        let one = SearchIndex::build_on(&document, 1);
        assert!(one.term_count() > 100);
        for threads in [2, 3] {
            assert!(
                SearchIndex::build_on(&document, threads) == one,
                "{threads} threads"
            );
        }
        assert!(!one.search(&document, "safety").is_empty());
    }

    fn titles(document: &Document, events: &[usize]) -> Vec<String> {
        events
            .iter()
            .map(|&e| document.dossier.events[e].title.clone())
            .collect()
    }

    #[test]
    fn finds_words_by_prefix_in_time_order() {
        let document = crate::formats::default_dossier();
        let index = SearchIndex::build(&document);
        let found = index.search(&document, "action plan");
        let names = titles(&document, &found);
        assert!(
            names.iter().any(|t| t.contains("America's AI Action Plan")),
            "{names:?}"
        );
        assert!(
            names
                .iter()
                .any(|t| t.contains("Global AI Governance Action Plan")),
            "{names:?}"
        );
        let ranks: Vec<_> = found.iter().map(|&e| document.index.rank(e)).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]));
        assert!(!index.search(&document, "chin").is_empty(), "prefix");
        assert!(index.search(&document, "").is_empty());
        assert!(index.search(&document, "zzzqqq").is_empty());
    }

    #[test]
    fn matches_entities_aliases_sources_and_ignores_case_and_accents() {
        let document = crate::formats::default_dossier();
        let index = SearchIndex::build(&document);
        let li = index.search(&document, "李强");
        assert!(
            titles(&document, &li)
                .iter()
                .any(|t| t.starts_with("Li Qiang proposes")),
            "{li:?}"
        );
        assert_eq!(
            index.search(&document, "LI QIANG"),
            index.search(&document, "li qiang")
        );
        // The seed article is a source whose French title only it has: the events citing
        // it are found, with or without accents.
        assert_eq!(
            index.search(&document, "cooperation l'ia"),
            index.search(&document, "coopération l’IA")
        );
        assert!(!index.search(&document, "cooperation l'ia").is_empty());
    }

    #[test]
    fn folding_splits_words_and_chinese_characters() {
        let mut words = Vec::new();
        for_each_word(
            "Société Générale, 李强 (WAIC-2025)",
            &mut String::new(),
            |w| words.push(w.to_owned()),
        );
        assert_eq!(words, ["societe", "generale", "李", "强", "waic", "2025"]);
    }
}
