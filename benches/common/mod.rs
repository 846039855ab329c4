//! Shared by the benchmarks: generated dossiers of 10k, 100k and 1M events, written once
//! to `target/bench-data/` and reused by later runs.

#![allow(clippy::expect_used)] // A benchmark without its data cannot run: stop loudly.

use std::path::PathBuf;

use dossier::model::generate::{GenerateOptions, generate};

/// The allocator the app uses (`src/main.rs`), so that loads, edits and frames are
/// measured as users get them; the references of a run share it.
#[global_allocator]
static ALLOCATOR: dossier::platform::allocator::Allocator = dossier::platform::allocator::Allocator;

/// The sizes every benchmark measures; `DOSSIER_BENCH_SIZES=10000,100000` narrows them.
/// Called first by every benchmark, it also sets the allocator up as the app does.
pub fn sizes() -> Vec<usize> {
    dossier::platform::allocator::give_freed_memory_back_at_once();
    std::env::var("DOSSIER_BENCH_SIZES").ok().map_or_else(
        || vec![10_000, 100_000, 1_000_000],
        |s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
    )
}

/// The path of a generated dossier of `events` events, generating it if needed.
pub fn dataset(events: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join(format!("generated-{events}.json"));
    if !path.exists() {
        std::fs::create_dir_all(&dir).expect("create target/bench-data");
        let dossier = generate(GenerateOptions { events, seed: 2025 });
        std::fs::write(&path, dossier.to_json()).expect("write a generated dossier");
    }
    path
}

/// A human label: 10k, 100k, 1M.
pub fn label(events: usize) -> String {
    match events {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}
