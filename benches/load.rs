//! Load = read + parse + validate + index, next to the references of the same run: a
//! plain `serde_json` typed parse of the same events into owned structs (the goal is to
//! load in no more time), the syntax pass alone (`IgnoredAny`: the physical limit of a
//! JSON reader), and reading the file. Also prints the peak memory of a `dossier
//! validate` child process next to the file's size.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Benchmarks stop loudly on bad data.

use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;

mod common;

/// The events of a dossier as plain owned structs: what any typed reader must build.
#[derive(Deserialize)]
#[allow(dead_code)] // Only built, never read: the cost of building is the measure.
struct PlainDossier {
    events: Vec<PlainEvent>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainEvent {
    id: String,
    title: String,
    start: String,
    #[serde(default)]
    end: Option<String>,
    lane: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    entities: Vec<PlainRef>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    quotes: Vec<PlainQuote>,
    #[serde(default)]
    figures: Vec<PlainFigure>,
    #[serde(default)]
    certainty: Option<String>,
    #[serde(default)]
    importance: Option<u8>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainRef {
    id: String,
    #[serde(default)]
    role: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainQuote {
    text: String,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    language: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainFigure {
    label: String,
    value: String,
}

/// Peak resident memory (kB) of `dossier validate path`, measured by `/usr/bin/time`.
fn validate_peak_kb(path: &std::path::Path) -> Option<u64> {
    let output = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_dossier"))
        .arg("validate")
        .arg(path)
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr.lines().last()?.trim().parse().ok()
}

fn load(c: &mut Criterion) {
    for events in common::sizes() {
        let path = common::dataset(events);
        let label = common::label(events);
        let file_bytes = std::fs::metadata(&path).expect("the dataset").len();
        if let Some(peak) = validate_peak_kb(&path) {
            let peak_bytes = peak * 1024;
            println!(
                "load/{label}: peak RSS of `dossier validate`: {:.0} MB for a {:.0} MB file ({:.2}×)",
                peak_bytes as f64 / 1e6,
                file_bytes as f64 / 1e6,
                peak_bytes as f64 / file_bytes as f64
            );
        }
        let mut group = c.benchmark_group(format!("load/{label}"));
        group.sample_size(10);
        if events >= 1_000_000 {
            group.measurement_time(std::time::Duration::from_secs(40));
        }
        group.bench_function("dossier::load_file", |b| {
            b.iter(|| dossier::formats::load_file(&path).expect("the generated dossier loads"));
        });
        group.bench_function("serde_json typed events (reference)", |b| {
            b.iter(|| {
                let bytes = std::fs::read(&path).expect("read");
                serde_json::from_slice::<PlainDossier>(&bytes).expect("parse")
            });
        });
        group.bench_function("serde_json::Value (reference)", |b| {
            b.iter(|| {
                let bytes = std::fs::read(&path).expect("read");
                serde_json::from_slice::<serde_json::Value>(&bytes).expect("parse")
            });
        });
        group.bench_function("syntax pass, IgnoredAny (limit)", |b| {
            b.iter(|| {
                let bytes = std::fs::read(&path).expect("read");
                serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).expect("parse")
            });
        });
        group.bench_function("read the file (limit)", |b| {
            b.iter(|| std::fs::read(&path).expect("read"));
        });
        group.finish();
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
