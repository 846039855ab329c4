//! One edit and its undo on generated dossiers, as the window applies them (through the
//! workspace and its history): rename, move and delete an event in the middle of the
//! file. The baseline in the same run is what every edit cost before edits followed
//! the records they touch: one rebuild of the index and the problems.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Benchmarks stop loudly on bad data.

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::model::edit::Edit;
use dossier::model::query::filter::Filter;
use dossier::model::records::{Record, RecordKind};
use dossier::state::{Origin, Workspace};
use dossier::ui::view::FilteredView;

mod common;

fn edit(c: &mut Criterion) {
    for events in common::sizes() {
        let document = dossier::formats::load_file(&common::dataset(events))
            .expect("the generated dossier loads");
        let mut workspace = Workspace::new(document, Origin::Embedded);
        let middle = events / 2;
        let event = workspace.document.dossier.events[middle].clone();
        let mut renamed = event.clone();
        renamed.title = format!("{} (renamed)", event.title).into();
        let mut moved = event.clone();
        moved.start = "2003-02-01".into();
        moved.end_mut().clear();

        let mut group = c.benchmark_group(format!("edit/{}", common::label(events)));
        group.sample_size(20);
        for (name, edit) in [
            (
                "rename an event, then undo",
                Edit::Replace {
                    index: middle,
                    record: Record::Event(renamed),
                },
            ),
            (
                "move an event years earlier, then undo",
                Edit::Replace {
                    index: middle,
                    record: Record::Event(moved),
                },
            ),
            (
                "delete an event, then undo",
                Edit::Remove {
                    kind: RecordKind::Event,
                    index: middle,
                },
            ),
        ] {
            let before = workspace.generation();
            workspace
                .apply(name, edit.clone())
                .expect("the edit applies");
            let followed = workspace.event_changes_since(before).is_some();
            workspace.undo().expect("and undoes");
            println!(
                "edit/{}/{name}: {}",
                common::label(events),
                if followed {
                    "followed record by record"
                } else {
                    "rebuilt"
                }
            );
            group.bench_function(name, |b| {
                b.iter(|| {
                    workspace
                        .apply(name, edit.clone())
                        .expect("the edit applies");
                    workspace.undo().expect("and undoes")
                });
            });
        }
        // What the window redoes after any edit: which events pass the filters, per lane.
        let mut view = FilteredView::default();
        let filter = Filter::default();
        let mut generation = 0;
        group.bench_function("the filtered view after an edit", |b| {
            b.iter(|| {
                // A new generation each time, as after an edit.
                generation += 1;
                view.update(&workspace.document, generation, &filter);
                view.visible_count
            });
        });
        group.sample_size(10);
        let mut document = (*workspace.document).clone();
        group.bench_function("rebuild the index and problems (before)", |b| {
            b.iter(|| document.refresh());
        });
        group.finish();
    }
}

criterion_group!(benches, edit);
criterion_main!(benches);
