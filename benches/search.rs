//! Search latency on generated dossiers: a one-word and a three-word query against the
//! index (built once per document, on a worker thread in the app), the index build, and
//! what an edit costs the index that follows it instead (the build is what it cost
//! before).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Benchmarks stop loudly on bad data.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::model::edit::EventChange;
use dossier::model::query::search::SearchIndex;

mod common;

fn search(c: &mut Criterion) {
    for events in common::sizes() {
        let mut document = dossier::formats::load_file(&common::dataset(events))
            .expect("the generated dossier loads");
        let mut index = SearchIndex::build(&document);
        let mut group = c.benchmark_group(format!("search/{}", common::label(events)));
        group.sample_size(20);
        for (name, query) in [
            ("one word", "safety"),
            ("three words", "opens safety framework"),
        ] {
            let hits = index.search(&document, query).len();
            println!(
                "search/{}/{name}: \"{query}\" matches {hits} events",
                common::label(events)
            );
            group.bench_function(name, |b| b.iter(|| index.search(&document, query)));
        }
        group.sample_size(10);
        // The goal (2 s for 1M events) is for both cores; one thread is the baseline.
        group.bench_function("build the index", |b| {
            b.iter(|| SearchIndex::build(&document));
        });
        group.bench_function("build the index on one thread", |b| {
            b.iter(|| SearchIndex::build_on(&document, 1));
        });
        // Only the index update is timed, not the edit to the events. Every edit adds to
        // the index; the app builds it again past 100,000 events added, here it starts
        // again from the build (untimed) once they outnumber the dossier's.
        let middle = document.dossier.events.len() / 2;
        let built = index.clone();
        let limit = events.min(100_000);
        let restart = |index: &mut SearchIndex, document: &dossier::model::Document| {
            if index.overlay_events() > limit {
                index.clone_from(&built);
                // The event renamed may have the other title.
                assert!(index.apply_changes(document, &[EventChange::Replaced(middle)]));
            }
        };
        let mut other_title: Box<str> =
            format!("{} (renamed)", document.dossier.events[middle].title).into();
        group.bench_function("rename one event and update the index", |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    restart(&mut index, &document);
                    std::mem::swap(&mut document.dossier.events[middle].title, &mut other_title);
                    let start = Instant::now();
                    assert!(index.apply_changes(&document, &[EventChange::Replaced(middle)]));
                    spent += start.elapsed();
                }
                spent
            });
        });
        group.bench_function("delete and re-insert one event", |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    restart(&mut index, &document);
                    let event = document.dossier.events.remove(middle);
                    let start = Instant::now();
                    assert!(index.apply_changes(&document, &[EventChange::Removed(middle)]));
                    spent += start.elapsed();
                    document.dossier.events.insert(middle, event);
                    let start = Instant::now();
                    assert!(index.apply_changes(&document, &[EventChange::Inserted(middle)]));
                    spent += start.elapsed();
                }
                spent
            });
        });
        // The edits left the events as they were (or with one title changed): the index
        // that followed them answers as a new one, a little slower.
        println!(
            "search/{}: {} events indexed since the build",
            common::label(events),
            index.overlay_events()
        );
        let rebuilt = SearchIndex::build(&document);
        for query in ["safety", "opens safety framework", "renamed"] {
            assert_eq!(
                index.search(&document, query),
                rebuilt.search(&document, query),
                "{query}"
            );
        }
        group.bench_function("one word, after the edits", |b| {
            b.iter(|| index.search(&document, "safety"));
        });
        group.finish();
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
