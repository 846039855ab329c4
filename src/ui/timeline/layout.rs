//! Pure layout of the timeline: the time ↔ pixel mapping, and which events go in which
//! row of their lane and which keep their label. No egui here, so it is unit-tested.

/// The visible time range and the pixels it spans.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeScale {
    pub start_secs: f64,
    pub end_secs: f64,
    pub left_px: f32,
    pub right_px: f32,
}

impl TimeScale {
    pub fn secs_per_px(&self) -> f64 {
        (self.end_secs - self.start_secs) / f64::from((self.right_px - self.left_px).max(1.0))
    }

    pub fn x(&self, secs: f64) -> f32 {
        self.left_px + ((secs - self.start_secs) / self.secs_per_px()) as f32
    }

    pub fn secs(&self, x: f32) -> f64 {
        self.start_secs + f64::from(x - self.left_px) * self.secs_per_px()
    }
}

/// A view of `[start, end)` zoomed by `factor` (> 1 zooms in) around `anchor_secs`, which
/// keeps its place on screen.
pub fn zoom_range(start: f64, end: f64, factor: f64, anchor_secs: f64) -> (f64, f64) {
    let factor = factor.clamp(1e-3, 1e3);
    let new_start = anchor_secs - (anchor_secs - start) / factor;
    let new_end = anchor_secs + (end - anchor_secs) / factor;
    clamp_range(new_start, new_end)
}

/// The range a timeline shows for `start..end`: at least a second long, and within the
/// span limits (see [`clamp_range`]).
pub fn view_range(start: f64, end: f64) -> (f64, f64) {
    clamp_range(start, end.max(start + 1.0))
}

/// Shortest and longest spans the timeline shows: one minute, and the whole range of
/// years a date can have (cosmology: 13.8 billion years ago).
pub const MIN_SPAN_SECS: f64 = 60.0;
pub const MAX_SPAN_SECS: f64 = 2.0e11 * 365.25 * 86_400.0;

/// Keeps a range within the span limits, around its centre.
pub fn clamp_range(start: f64, end: f64) -> (f64, f64) {
    let span = (end - start).clamp(MIN_SPAN_SECS, MAX_SPAN_SECS);
    let centre = f64::midpoint(start, end);
    if (end - start - span).abs() < f64::EPSILON {
        (start, end)
    } else {
        (centre - span / 2.0, centre + span / 2.0)
    }
}

/// A range that shows `[start, end)` with a margin on both sides (for fit-all and
/// zoom-to-selection); a single instant gets a span of a few weeks around it.
pub fn fit_range(start: f64, end: f64) -> (f64, f64) {
    let span = (end - start).max(14.0 * 86_400.0);
    let centre = f64::midpoint(start, end);
    let half = span * 0.56;
    clamp_range(centre - half, centre + half)
}

/// An event to place in its lane, in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Item {
    /// Left and right edge of the marker or bar.
    pub x0: f32,
    pub x1: f32,
    /// Left and right edge of the label, if one is wanted (beside or inside the marker).
    pub label: Option<(f32, f32)>,
    /// Higher first: important events keep their row and label when space runs out.
    pub importance: u8,
}

/// Where a label of `width` goes for a marker spanning `x0..x1` in a plot spanning
/// `left..right`: inside a bar wide enough to hold it, else to the right of the marker,
/// else (near the right edge) to its left. Returns the label's left and right edges.
pub fn label_extent(x0: f32, x1: f32, width: f32, gap: f32, left: f32, right: f32) -> (f32, f32) {
    if x1 - x0 >= width + 2.0 * gap {
        let start = x0.max(left) + gap;
        let start = start.min(x1 - gap - width);
        return (start, start + width);
    }
    if x1 + gap + width > right && x0 - gap - width >= left {
        return (x0 - gap - width, x0 - gap);
    }
    (x1 + gap, x1 + gap + width)
}

/// Where an item went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub row: usize,
    pub labelled: bool,
}

/// Result of [`stack`]: a placement per item, and how many labels did not fit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stacking {
    pub placements: Vec<Placement>,
    pub hidden_labels: usize,
}

/// Assigns the items of one lane to `rows` rows so that no two labels overlap: items
/// are taken by importance (then left to right), each goes to the first row where its
/// marker and label fit; when none has room for the label, to the first row where the
/// marker alone fits, unlabelled; when none has room at all, to row 0, unlabelled.
/// `gap_px` is the space kept between neighbours.
pub fn stack(items: &[Item], rows: usize, gap_px: f32) -> Stacking {
    let rows = rows.max(1);
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        items[b]
            .importance
            .cmp(&items[a].importance)
            .then(items[a].x0.total_cmp(&items[b].x0))
    });
    // Occupied intervals per row; small per lane, so a linear scan is fine.
    let mut occupied: Vec<Vec<(f32, f32)>> = vec![Vec::new(); rows];
    let fits = |row: &[(f32, f32)], a: f32, b: f32| {
        row.iter()
            .all(|&(x0, x1)| b + gap_px <= x0 || a >= x1 + gap_px)
    };
    let mut placements = vec![
        Placement {
            row: 0,
            labelled: false
        };
        items.len()
    ];
    let mut hidden_labels = 0;
    for i in order {
        let item = items[i];
        let marker_end = item.x1.max(item.x0 + 1.0);
        let wants_label = item.label.is_some();
        let (with_label_start, with_label_end) =
            item.label.map_or((item.x0, marker_end), |(a, b)| {
                (a.min(item.x0), b.max(marker_end))
            });
        let labelled_row = wants_label
            .then(|| (0..rows).find(|&r| fits(&occupied[r], with_label_start, with_label_end)))
            .flatten();
        let placement = if let Some(row) = labelled_row {
            occupied[row].push((with_label_start, with_label_end));
            Placement {
                row,
                labelled: true,
            }
        } else {
            if wants_label {
                hidden_labels += 1;
            }
            let row = (0..rows)
                .find(|&r| fits(&occupied[r], item.x0, marker_end))
                .unwrap_or(0);
            occupied[row].push((item.x0, marker_end));
            Placement {
                row,
                labelled: false,
            }
        };
        placements[i] = placement;
    }
    Stacking {
        placements,
        hidden_labels,
    }
}

/// How many rows a lane's items would use with up to `max_rows` rows (at least 1).
pub fn rows_needed(items: &[Item], max_rows: usize, gap_px: f32) -> usize {
    let stacking = stack(items, max_rows, gap_px);
    stacking
        .placements
        .iter()
        .map(|p| p.row + 1)
        .max()
        .unwrap_or(1)
}

/// Shares `total_rows` among lanes that need `needs[i]` rows each: every lane gets one,
/// then rows go one at a time to the lanes still short of their need, busiest first, so
/// a crowded lane grows and an empty one stays thin. Rows left over are spread evenly.
pub fn allocate_rows(needs: &[usize], total_rows: usize) -> Vec<usize> {
    let mut rows = vec![1; needs.len()];
    let mut left = total_rows.saturating_sub(needs.len());
    while left > 0 {
        let short = (0..needs.len())
            .filter(|&i| rows[i] < needs[i])
            .max_by_key(|&i| (needs[i] - rows[i], std::cmp::Reverse(i)));
        let Some(i) = short else { break };
        rows[i] += 1;
        left -= 1;
    }
    if !needs.is_empty() {
        for i in 0..left {
            rows[i % needs.len()] += 1;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(x0: f32, x1: f32, label_width: f32, importance: u8) -> Item {
        let label = (label_width > 0.0).then_some((x1 + 4.0, x1 + 4.0 + label_width));
        Item {
            x0,
            x1,
            label,
            importance,
        }
    }

    #[test]
    fn scale_maps_both_ways() {
        let s = TimeScale {
            start_secs: 1000.0,
            end_secs: 2000.0,
            left_px: 100.0,
            right_px: 600.0,
        };
        assert!((s.x(1500.0) - 350.0).abs() < 1e-3);
        assert!((s.secs(350.0) - 1500.0).abs() < 1e-6);
    }

    #[test]
    fn zoom_keeps_the_anchor_in_place() {
        let (a, b) = zoom_range(0.0, 1000.0 * 86_400.0, 2.0, 250.0 * 86_400.0);
        let before = 0.25;
        let after = (250.0 * 86_400.0 - a) / (b - a);
        assert!((before - after).abs() < 1e-9);
        assert!(((b - a) - 500.0 * 86_400.0).abs() < 1e-3);
        let (a, b) = zoom_range(0.0, 100.0, 10.0, 50.0);
        assert!(
            (b - a - MIN_SPAN_SECS).abs() < 1e-9,
            "zoom stops at one minute"
        );
    }

    #[test]
    fn labels_never_overlap_in_a_row() {
        let items: Vec<Item> = (0..20)
            .map(|i| item(i as f32 * 30.0, i as f32 * 30.0 + 4.0, 100.0, 3))
            .collect();
        let stacking = stack(&items, 3, 4.0);
        for a in 0..items.len() {
            for b in a + 1..items.len() {
                let (pa, pb) = (stacking.placements[a], stacking.placements[b]);
                if pa.labelled && pb.labelled && pa.row == pb.row {
                    let (la, lb) = (items[a].label.unwrap(), items[b].label.unwrap());
                    let overlap = la.0 < lb.1 && lb.0 < la.1;
                    assert!(!overlap, "labels {a} and {b} overlap in row {}", pa.row);
                }
            }
        }
        let labelled = stacking.placements.iter().filter(|p| p.labelled).count();
        assert_eq!(labelled + stacking.hidden_labels, items.len());
        assert!(
            stacking.hidden_labels > 0,
            "twenty 100 px labels 30 px apart cannot all fit in 3 rows"
        );
    }

    #[test]
    fn important_items_keep_their_labels() {
        // Three events on the same day; only one label fits in one row.
        let items = [
            item(10.0, 12.0, 80.0, 2),
            item(10.0, 12.0, 80.0, 5),
            item(11.0, 13.0, 80.0, 3),
        ];
        let stacking = stack(&items, 1, 4.0);
        assert!(stacking.placements[1].labelled);
        assert!(!stacking.placements[0].labelled && !stacking.placements[2].labelled);
        assert_eq!(stacking.hidden_labels, 2);
        // With three rows, all fit, the most important in row 0.
        let stacking = stack(&items, 3, 4.0);
        assert!(stacking.placements.iter().all(|p| p.labelled));
        assert_eq!(stacking.placements[1].row, 0);
        assert_eq!(stacking.placements[2].row, 1);
    }

    #[test]
    fn labels_go_inside_wide_bars_and_left_near_the_edge() {
        // A wide bar holds its label.
        assert_eq!(
            label_extent(100.0, 400.0, 80.0, 5.0, 0.0, 1000.0),
            (105.0, 185.0)
        );
        // A bar starting off screen keeps its label in view.
        assert_eq!(
            label_extent(-200.0, 400.0, 80.0, 5.0, 0.0, 1000.0),
            (5.0, 85.0)
        );
        // A point: label to the right...
        assert_eq!(
            label_extent(500.0, 512.0, 80.0, 5.0, 0.0, 1000.0),
            (517.0, 597.0)
        );
        // ...unless it would leave the plot: then to the left.
        assert_eq!(
            label_extent(950.0, 962.0, 80.0, 5.0, 0.0, 1000.0),
            (865.0, 945.0)
        );
    }

    #[test]
    fn rows_go_to_crowded_lanes() {
        assert_eq!(allocate_rows(&[4, 5, 1, 1], 11), vec![4, 5, 1, 1]);
        // Too few rows: the busiest lanes are served first, every lane keeps one.
        assert_eq!(allocate_rows(&[4, 5, 1, 1], 8), vec![3, 3, 1, 1]);
        assert_eq!(allocate_rows(&[6, 1], 2), vec![1, 1]);
        // Spare rows are shared.
        assert_eq!(allocate_rows(&[1, 1], 6), vec![3, 3]);
        assert!(allocate_rows(&[], 5).is_empty());
    }

    #[test]
    fn rows_needed_counts_stacked_rows() {
        let crowded = [
            item(0.0, 10.0, 100.0, 3),
            item(5.0, 15.0, 100.0, 3),
            item(8.0, 18.0, 100.0, 3),
        ];
        assert_eq!(rows_needed(&crowded, 8, 4.0), 3);
        assert_eq!(rows_needed(&[], 8, 4.0), 1);
    }

    #[test]
    fn overlapping_ranges_go_to_separate_rows() {
        let items = [
            item(0.0, 300.0, 0.0, 3),
            item(100.0, 200.0, 0.0, 3),
            item(400.0, 500.0, 0.0, 3),
        ];
        let stacking = stack(&items, 2, 2.0);
        assert_eq!(stacking.placements[0].row, 0);
        assert_eq!(stacking.placements[1].row, 1);
        assert_eq!(stacking.placements[2].row, 0);
        assert_eq!(stacking.hidden_labels, 0);
    }
}
