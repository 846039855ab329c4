//! Search latency on generated dossiers: a one-word and a three-word query against the
//! index (built once per document, on a worker thread in the app), and the index build.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Benchmarks stop loudly on bad data.

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::model::query::search::SearchIndex;

mod common;

fn search(c: &mut Criterion) {
    for events in common::sizes() {
        let document = dossier::formats::load_file(&common::dataset(events))
            .expect("the generated dossier loads");
        let index = SearchIndex::build(&document);
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
        group.finish();
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
