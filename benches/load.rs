//! Load = read + parse + validate + index, next to `serde_json::Value` parsing of the same
//! bytes (the reference: what any JSON reader must at least do).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Benchmarks stop loudly on bad data.

use criterion::{Criterion, criterion_group, criterion_main};

mod common;

fn load(c: &mut Criterion) {
    for events in common::sizes() {
        let path = common::dataset(events);
        let mut group = c.benchmark_group(format!("load/{}", common::label(events)));
        group.sample_size(10);
        if events >= 1_000_000 {
            group.measurement_time(std::time::Duration::from_mins(1));
        }
        group.bench_function("dossier::load_file", |b| {
            b.iter(|| dossier::formats::load_file(&path).expect("the generated dossier loads"));
        });
        group.bench_function("serde_json::Value (reference)", |b| {
            b.iter(|| {
                let bytes = std::fs::read(&path).expect("read");
                serde_json::from_slice::<serde_json::Value>(&bytes).expect("parse")
            });
        });
        group.finish();
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
