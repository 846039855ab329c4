//! One full frame of the real app UI, CPU side, headless: `Context::run_ui` with the
//! whole window at 1280×800, then `tessellate`. Zoomed out to everything, and zoomed in
//! to one week. Criterion reports the mean; this bench also prints the median and the
//! 99th percentile of every frame it timed (at least 100 per case).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Benchmarks stop loudly on bad data.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::ui::actions::Action;
use dossier::ui::commands::Command;
use dossier::ui::{DossierApp, LaunchOptions};

mod common;

fn raw_input(frame: u64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        // The pointer rests over the timeline, as when a user looks at it.
        events: vec![egui::Event::PointerMoved(egui::pos2(
            640.0,
            200.0 + (frame % 2) as f32,
        ))],
        time: Some(frame as f64 / 60.0),
        ..egui::RawInput::default()
    }
}

struct Frames {
    ctx: egui::Context,
    app: DossierApp,
    frame: u64,
}

impl Frames {
    fn new(path: std::path::PathBuf) -> Self {
        let ctx = egui::Context::default();
        let app = DossierApp::headless(
            &ctx,
            LaunchOptions {
                file: Some(path),
                no_native_dialogs: true,
                ..LaunchOptions::default()
            },
        );
        let mut frames = Self { ctx, app, frame: 0 };
        // Let fonts load and the layout settle.
        for _ in 0..5 {
            frames.one();
        }
        frames
    }

    /// Runs one frame; returns its CPU time.
    fn one(&mut self) -> Duration {
        let started = Instant::now();
        let output = self
            .ctx
            .run_ui(raw_input(self.frame), |ui| self.app.root_ui(ui));
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);
        self.frame += 1;
        started.elapsed()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn frame(c: &mut Criterion) {
    for events in common::sizes() {
        let path = common::dataset(events);
        let mut frames = Frames::new(path);
        for case in ["zoomed out", "one week"] {
            if case == "zoomed out" {
                let ctx = frames.ctx.clone();
                frames.app.apply(&ctx, Command::Run(Action::FitTimeline));
            } else {
                // One week in the middle of the data.
                let (start, end) = frames
                    .app
                    .workspace
                    .document
                    .index
                    .extent()
                    .unwrap_or((0, 0));
                let middle = (start + end) as f64 / 2.0;
                frames
                    .app
                    .timeline
                    .set_view(middle, middle + 7.0 * 86_400.0);
            }
            frames.one();
            let mut all = Vec::new();
            let mut group = c.benchmark_group(format!("frame/{}", common::label(events)));
            group.sample_size(20);
            group.bench_function(case, |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let took = frames.one();
                        all.push(took);
                        total += took;
                    }
                    total
                });
            });
            group.finish();
            // At least 100 frames for the percentiles, whatever criterion chose.
            while all.len() < 100 {
                all.push(frames.one());
            }
            all.sort();
            println!(
                "frame/{}/{case}: {} frames, p50 {:.2} ms, p99 {:.2} ms",
                common::label(events),
                all.len(),
                percentile(&all, 0.5).as_secs_f64() * 1e3,
                percentile(&all, 0.99).as_secs_f64() * 1e3
            );
        }
    }
}

criterion_group!(benches, frame);
criterion_main!(benches);
