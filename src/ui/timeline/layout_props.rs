//! Property tests of the whole lane layout over generated dossiers and views: whatever
//! the dossier, the zoom and the width, no label rectangle intersects another label, any
//! marker or bar (its own bar excepted, which holds it) or any cluster mark.

use egui::{Rect, pos2, vec2};
use proptest::prelude::*;

use crate::model::Document;
use crate::model::generate::{GenerateOptions, generate};
use crate::model::query::filter::Filter;
use crate::state::{Origin, Workspace};
use crate::ui::view::FilteredView;

use super::canvas::{CanvasLayout, canvas_scale};
use super::labels::measure_for_tests;
use super::lanes::{
    Emphasis, LaneEvents, MAX_ROWS_PER_LANE, PlacedCluster, PlacedEvent, label_rect, lane_events,
    lane_rows, marker_rect,
};
use super::layout::{Stacking, fit_range};

/// Label height as painted (13 px text).
const LABEL_HEIGHT: f32 = 16.0;

/// Every label, marker and cluster of one view of `document`, with which event each
/// label and marker belongs to.
struct Drawn {
    labels: Vec<(usize, Rect)>,
    markers: Vec<(usize, Rect)>,
    clusters: Vec<Rect>,
}

fn layout(document: &Document, rect: Rect, range: (f64, f64)) -> Drawn {
    let workspace = Workspace::new(document.clone(), Origin::Embedded);
    let mut view = FilteredView::default();
    view.update(document, 0, &Filter::default());
    let emphasis = Emphasis::new(&workspace, None);
    let scale = canvas_scale(rect, range);
    let canvas = CanvasLayout::new::<()>(rect, scale, &[]);
    let mut measure = measure_for_tests;
    let lanes: Vec<LaneEvents<f32>> = (0..document.dossier.lanes.len())
        .map(|lane| lane_events(document, &view, &scale, lane, &emphasis, &mut measure))
        .collect();
    let stackings: Vec<Stacking> = lanes.iter().map(|l| l.stack(MAX_ROWS_PER_LANE)).collect();
    let rows = lane_rows(&lanes, &stackings, canvas.plot.height());
    let mut drawn = Drawn {
        labels: Vec::new(),
        markers: Vec::new(),
        clusters: Vec::new(),
    };
    for ((band, events), stacking) in rows.bands(canvas.plot.top()).zip(&lanes).zip(&stackings) {
        let placed: Vec<PlacedEvent<'_, f32>> = events.placed(stacking, &band).collect();
        for p in &placed {
            // Diamonds of month and year dates reach a point past the marker's box.
            drawn
                .markers
                .push((p.event, marker_rect(p.span, p.item, p.y).expand(1.0)));
            if let Some((&width, x)) = p.label {
                drawn
                    .labels
                    .push((p.event, label_rect(x, p.y, vec2(width, LABEL_HEIGHT))));
            }
        }
        let clusters: Vec<PlacedCluster> = events.clusters(stacking, &band).collect();
        drawn.clusters.extend(clusters.iter().map(|c| c.rect));
    }
    drawn
}

/// Whether a label sits inside its own bar (which is then its background).
fn inside(label: Rect, marker: Rect) -> bool {
    label.left() >= marker.left() && label.right() <= marker.right()
}

fn check(drawn: &Drawn) -> Result<(), TestCaseError> {
    for (i, &(a_event, a)) in drawn.labels.iter().enumerate() {
        for &(_, b) in &drawn.labels[i + 1..] {
            prop_assert!(!a.intersects(b), "labels {a:?} and {b:?} overlap");
        }
        for &(m_event, m) in &drawn.markers {
            if m_event == a_event && inside(a, m) {
                continue;
            }
            prop_assert!(!a.intersects(m), "label {a:?} and marker {m:?} overlap");
        }
        for &c in &drawn.clusters {
            prop_assert!(!a.intersects(c), "label {a:?} and cluster {c:?} overlap");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_label_covers_another_label_or_a_marker(
        events in 1usize..400,
        seed in any::<u64>(),
        width in 500.0f32..1800.0,
        height in 200.0f32..900.0,
        // Where the view is centred in the dossier's span, and how much of it it shows
        // (a millionth of it to ten times it).
        centre in 0.0f64..1.0,
        zoom in -6.0f64..1.0,
    ) {
        let document = Document::new(generate(GenerateOptions { events, seed }));
        let (a, b) = document.index.extent().unwrap();
        let (a, b) = fit_range(a as f64, b as f64);
        let span = (b - a) * 10f64.powf(zoom);
        let middle = a + (b - a) * centre;
        let rect = Rect::from_min_size(pos2(0.0, 40.0), vec2(width, height));
        let drawn = layout(&document, rect, (middle - span / 2.0, middle + span / 2.0));
        check(&drawn)?;
    }
}

#[test]
fn the_built_in_dossier_keeps_every_label_at_fit_all() {
    let document = crate::formats::default_dossier();
    let (a, b) = document.index.extent().unwrap();
    let rect = Rect::from_min_size(pos2(0.0, 40.0), vec2(1260.0, 360.0));
    let drawn = layout(&document, rect, fit_range(a as f64, b as f64));
    check(&drawn).unwrap();
    assert!(drawn.clusters.is_empty());
    assert_eq!(drawn.labels.len(), document.dossier.events.len());
}
