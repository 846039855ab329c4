//! The canvas of the timeline, top to bottom: axis labels, the period strip and the plot
//! where the lanes go, and which periods go in which row of the strip.
//!
//! Plain data computed from the document, the visible range and the canvas rectangle; no
//! painter and no `Ui`, so it is unit-tested. Labels are measured by a closure the caller
//! passes in (the app lays out a galley, tests return a width).

use egui::{Rect, pos2, vec2};

use crate::model::Document;

use super::layout::{Item, TimeScale, stack};

/// Width of the lane names on the left of the canvas.
pub const GUTTER_WIDTH: f32 = 130.0;
/// Height of the axis labels above the period strip.
pub const AXIS_HEIGHT: f32 = 28.0;
/// Height of one row of the period strip.
const PERIOD_ROW_HEIGHT: f32 = 16.0;
const MAX_PERIOD_ROWS: usize = 3;

/// The time ↔ pixel mapping of a canvas showing `view` (seconds since 1970): time runs
/// from the gutter's right edge to the canvas's right edge.
pub fn canvas_scale(rect: Rect, (start_secs, end_secs): (f64, f64)) -> TimeScale {
    TimeScale {
        start_secs,
        end_secs,
        left_px: rect.left() + GUTTER_WIDTH,
        right_px: rect.right(),
    }
}

/// The parts of the canvas, top to bottom: axis labels, period strip, plot (the lanes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CanvasLayout {
    /// The whole canvas, gutter included.
    pub rect: Rect,
    pub scale: TimeScale,
    /// Height of the period strip; zero when no period is in view.
    pub period_strip_height: f32,
    /// Where the lanes' events go: right of the gutter, under the strip.
    pub plot: Rect,
}

impl CanvasLayout {
    /// Periods get a strip of their own under the axis, so their labels never sit on the
    /// events' labels; its height depends on how many rows they need.
    pub fn new<G>(rect: Rect, scale: TimeScale, periods: &[PlacedPeriod<G>]) -> Self {
        let period_strip_height = if periods.is_empty() {
            0.0
        } else {
            let rows = periods.iter().map(|p| p.row + 1).max().unwrap_or(1);
            rows as f32 * PERIOD_ROW_HEIGHT + 4.0
        };
        let plot = Rect::from_min_max(
            pos2(
                scale.left_px,
                rect.top() + AXIS_HEIGHT + period_strip_height,
            ),
            rect.max,
        );
        Self {
            rect,
            scale,
            period_strip_height,
            plot,
        }
    }

    /// Where the axis, the periods and the events may paint: right of the gutter.
    pub fn plot_clip(&self) -> Rect {
        Rect::from_min_max(pos2(self.plot.left(), self.rect.top()), self.rect.max)
    }

    /// A period's band behind the lanes.
    pub fn period_band<G>(&self, placed: &PlacedPeriod<G>) -> Rect {
        Rect::from_x_y_ranges(placed.x0..=placed.x1, self.plot.y_range())
    }

    /// A period's tab in its row of the strip.
    pub fn period_tab<G>(&self, placed: &PlacedPeriod<G>) -> Rect {
        let y = self.period_row_top(placed.row);
        Rect::from_x_y_ranges(placed.x0..=placed.x1, y..=(y + PERIOD_ROW_HEIGHT - 2.0))
    }

    /// Top edge of a row of the period strip.
    pub fn period_row_top(&self, row: usize) -> f32 {
        let strip_top = self.rect.top() + AXIS_HEIGHT + 2.0;
        strip_top + row as f32 * PERIOD_ROW_HEIGHT
    }

    /// Where a period's tooltip answers the pointer: its tab, within the strip.
    pub fn period_hover<G>(&self, placed: &PlacedPeriod<G>) -> Rect {
        self.period_tab(placed)
            .intersect(self.plot.expand2(vec2(0.0, self.period_strip_height + 4.0)))
    }

    /// Where event widgets may answer the pointer.
    pub fn event_clip(&self) -> Rect {
        self.plot.intersect(self.rect)
    }
}

/// A period in view, placed in a row of the period strip.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedPeriod<G> {
    /// Position in the dossier's periods.
    pub period: usize,
    /// Left and right edges, clipped to the plot.
    pub x0: f32,
    pub x1: f32,
    pub row: usize,
    /// The measured label, when it fits inside the band and in its row.
    pub label: Option<G>,
}

/// Places the periods in view in rows of the period strip. `measure` lays out a label
/// and returns it with its width.
pub fn place_periods<G>(
    document: &Document,
    scale: &TimeScale,
    mut measure: impl FnMut(&str) -> (G, f32),
) -> Vec<PlacedPeriod<G>> {
    let index = &document.index;
    let mut visible = Vec::new();
    let mut items = Vec::new();
    for (p, period) in document.dossier.periods.iter().enumerate() {
        let Some(span) = index.period_span(p) else {
            continue;
        };
        let (x0, x1) = (
            scale.x(span.start_secs as f64),
            scale.x(span.end_secs as f64),
        );
        if x1 < scale.left_px || x0 > scale.right_px {
            continue;
        }
        let (x0, x1) = (x0.max(scale.left_px), x1.min(scale.right_px));
        let (label, width) = measure(&period.label);
        // A period's label must fit inside its band.
        let fits = width + 8.0 <= x1 - x0;
        items.push(Item {
            x0,
            x1,
            label: fits.then_some((x0, x1)),
            importance: 3,
        });
        visible.push((p, x0, x1, fits.then_some(label)));
    }
    let stacking = stack(&items, MAX_PERIOD_ROWS, 2.0);
    visible
        .into_iter()
        .zip(stacking.placements)
        .map(|((period, x0, x1, label), placement)| PlacedPeriod {
            period,
            x0,
            x1,
            // Periods that find no row overlap in the last one: bands behind the lanes.
            row: placement.row.min(MAX_PERIOD_ROWS - 1),
            label: label.filter(|_| placement.labelled),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    // Layout arithmetic here is exact (sums of small whole numbers), so equal means equal.
    #![allow(clippy::float_cmp)]

    use super::*;
    use crate::formats::default_dossier;

    fn rect() -> Rect {
        Rect::from_min_max(pos2(10.0, 40.0), pos2(1210.0, 640.0))
    }

    /// The whole span of the document's periods and events.
    fn whole(document: &Document) -> (f64, f64) {
        let (a, b) = document.index.extent().unwrap();
        super::super::layout::fit_range(a as f64, b as f64)
    }

    #[test]
    fn the_plot_starts_under_the_axis_and_the_period_strip() {
        let scale = canvas_scale(rect(), (0.0, 86_400.0));
        assert_eq!(scale.left_px, 10.0 + GUTTER_WIDTH);
        assert_eq!(scale.right_px, 1210.0);
        let bare = CanvasLayout::new::<()>(rect(), scale, &[]);
        assert_eq!(bare.period_strip_height, 0.0);
        assert_eq!(bare.plot.top(), 40.0 + AXIS_HEIGHT);
        assert_eq!(bare.plot.left(), scale.left_px);
        assert_eq!(bare.plot.max, rect().max);
        let period = |row| PlacedPeriod {
            period: 0,
            x0: 200.0,
            x1: 300.0,
            row,
            label: None::<()>,
        };
        let two_rows = CanvasLayout::new(rect(), scale, &[period(0), period(1)]);
        assert_eq!(two_rows.period_strip_height, 2.0 * PERIOD_ROW_HEIGHT + 4.0);
        let tab = two_rows.period_tab(&period(1));
        assert!(tab.top() >= 40.0 + AXIS_HEIGHT && tab.bottom() <= two_rows.plot.top());
    }

    #[test]
    fn periods_are_clipped_to_the_plot_and_their_labels_never_overlap() {
        let document = default_dossier();
        assert!(!document.dossier.periods.is_empty());
        let scale = canvas_scale(rect(), whole(&document));
        let placed = place_periods(&document, &scale, |label| {
            let width = label.chars().count() as f32 * 6.0;
            (width, width)
        });
        assert!(!placed.is_empty());
        for (i, a) in placed.iter().enumerate() {
            assert!(a.x0 >= scale.left_px && a.x1 <= scale.right_px);
            assert!(a.row < MAX_PERIOD_ROWS);
            if let Some(width) = a.label {
                assert!(width + 8.0 <= a.x1 - a.x0, "a label fits in its band");
            }
            for b in &placed[i + 1..] {
                if a.label.is_some() && b.label.is_some() && a.row == b.row {
                    assert!(a.x1 + 2.0 <= b.x0 || b.x1 + 2.0 <= a.x0, "labels overlap");
                }
            }
        }
        // Far from every period, none is placed.
        let far = canvas_scale(rect(), (-1.0e12, -1.0e12 + 86_400.0));
        assert!(place_periods(&document, &far, |_| ((), 10.0)).is_empty());
    }
}
