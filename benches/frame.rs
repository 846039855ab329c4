//! One full frame of the real app UI, CPU side, headless: `Context::run_ui` with the
//! whole window at 1280×800, then `tessellate`. Zoomed out to everything, then a year, a
//! month, two weeks, a week and a day in the middle of the data; and the event table,
//! jumping to a far row every frame (the worst case of scrolling: every row new). The
//! layout of the lanes is kept between frames until the view or the data change: "two
//! weeks, panning" moves the view every frame, so it measures the layout itself.
//! Criterion reports the mean; this bench also prints the median and the 99th percentile
//! of every frame it timed (at least 100 per case).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Benchmarks stop loudly on bad data.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::state::Selection;
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
    /// Select a far row of the event table before each frame, so that it scrolls there.
    jump_table: bool,
    /// Pan the timeline by a few pixels before each frame, so that its layout is computed
    /// again every frame (the other cases reuse it while nothing changes).
    pan: bool,
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
        let mut frames = Self {
            ctx,
            app,
            frame: 0,
            jump_table: false,
            pan: false,
        };
        // Let fonts load and the layout settle.
        for _ in 0..5 {
            frames.one();
        }
        frames
    }

    /// Runs one frame; returns its CPU time.
    fn one(&mut self) -> Duration {
        if self.jump_table {
            let rows = self.app.table.rows();
            if !rows.is_empty() {
                let row = (self.frame as usize * 7_919) % rows.len();
                let id = self.app.workspace.document.dossier.events[rows[row]]
                    .id
                    .to_string();
                self.app.workspace.select(Some(Selection::Event(id)));
            }
        }
        if self.pan
            && let Some((start, end)) = self.app.timeline.view()
        {
            let step = (end - start) / 300.0 * if self.frame % 200 < 100 { 1.0 } else { -1.0 };
            self.app.timeline.set_view(start + step, end + step);
        }
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
        const DAY: f64 = 86_400.0;
        let cases: [(&str, Option<f64>); 8] = [
            ("everything", None),
            ("one year", Some(365.0 * DAY)),
            ("one month", Some(30.0 * DAY)),
            ("two weeks", Some(14.0 * DAY)),
            ("one week", Some(7.0 * DAY)),
            ("one day", Some(DAY)),
            ("two weeks, panning", Some(14.0 * DAY)),
            ("table, scrolling", None),
        ];
        for (case, span) in cases {
            let ctx = frames.ctx.clone();
            frames.pan = case.ends_with("panning");
            if case.starts_with("table") {
                frames
                    .app
                    .apply(&ctx, Command::Run(Action::ToggleEventTable));
                frames.jump_table = true;
            } else if let Some(span) = span {
                // In the middle of the data.
                let (start, end) = frames
                    .app
                    .workspace
                    .document
                    .index
                    .extent()
                    .unwrap_or((0, 0));
                let middle = (start + end) as f64 / 2.0;
                frames.app.timeline.set_view(middle, middle + span);
            } else {
                frames.app.apply(&ctx, Command::Run(Action::FitTimeline));
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
