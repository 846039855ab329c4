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
    /// No row had room even for its marker: it is counted in one of the clusters
    /// instead of drawn (and `row` is that cluster's row).
    pub clustered: bool,
}

/// Neighbouring marks merged into one, drawn as a count: see [`aggregate`].
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Left and right edge of the cluster's mark (its members' extent, at least as wide
    /// as its count needs).
    pub x0: f32,
    pub x1: f32,
    /// Positions of its members in the items.
    pub members: Vec<usize>,
    /// The row it is drawn in.
    pub row: usize,
}

/// Result of [`stack`]: a placement per item, how many labels did not fit, and the
/// items that did not fit at all, merged into clusters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stacking {
    pub placements: Vec<Placement>,
    pub hidden_labels: usize,
    pub clusters: Vec<Cluster>,
}

impl Stacking {
    /// Rows used: every placed item's and every cluster's row, at least one.
    pub fn rows_used(&self) -> usize {
        let items = self.placements.iter().map(|p| p.row + 1);
        let clusters = self.clusters.iter().map(|c| c.row + 1);
        items.chain(clusters).max().unwrap_or(1)
    }
}

/// The widest a cluster grows by taking in neighbours.
pub const MAX_CLUSTER_PX: f32 = 60.0;

/// Width of a cluster mark holding `count` items: room for the number in it.
pub fn cluster_width(count: usize) -> f32 {
    let digits = count.max(1).ilog10() as f32 + 1.0;
    14.0 + 7.0 * digits
}

/// Merges marks (left, right, id), sorted by their left edge, into clusters whose marks
/// are at least `gap_px` apart: a mark closer than that to the cluster before it joins
/// it. Each cluster is as wide as its members span and at least [`cluster_width`] of its
/// count, so no two clusters' marks come closer than `gap_px`. Like a density graph, it
/// merges by pixels, not by count: a million marks across 1000 px make a few hundred
/// clusters at most. Rows are left to the caller (0 here).
pub fn aggregate(marks: &[(f32, f32, usize)], gap_px: f32) -> Vec<Cluster> {
    let mut clusters: Vec<Cluster> = Vec::new();
    for &(x0, x1, id) in marks {
        let mut start = x0;
        if let Some(last) = clusters.last_mut() {
            // The extent the cluster would have with one more member.
            let extent = last.x1.max(last.x0 + cluster_width(last.members.len() + 1));
            if x0 < extent + gap_px {
                // Too close to draw apart: it joins, unless the cluster would grow past
                // the widest mark; then a new cluster starts just after this one, so
                // that a crowded stretch reads as a row of counts, like a histogram.
                if x1.max(extent) - last.x0 <= MAX_CLUSTER_PX {
                    last.x1 = last.x1.max(x1);
                    last.members.push(id);
                    continue;
                }
                let last_end = last.x1.max(last.x0 + cluster_width(last.members.len()));
                start = last_end + gap_px;
            }
        }
        clusters.push(Cluster {
            x0: start,
            x1: x1.max(start),
            members: vec![id],
            row: 0,
        });
    }
    for cluster in &mut clusters {
        cluster.x1 = cluster
            .x1
            .max(cluster.x0 + cluster_width(cluster.members.len()));
    }
    clusters
}

/// Assigns the items of one lane to up to `rows` rows so that nothing overlaps: items
/// are taken by importance (then left to right), each goes to the first row where its
/// marker and label fit; when none has room for the label, to the first row where the
/// marker alone fits, unlabelled. Items with no room at all merge with their neighbours
/// into clusters (see [`aggregate`]), each drawn in the first row where it fits, or in
/// one more row of clusters only. `gap_px` is the space kept between neighbours.
pub fn stack(items: &[Item], rows: usize, gap_px: f32) -> Stacking {
    let rows = rows.max(1);
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        items[b]
            .importance
            .cmp(&items[a].importance)
            .then(items[a].x0.total_cmp(&items[b].x0))
    });
    // Occupied intervals per row, sorted by their left edge.
    let mut occupied: Vec<Vec<(f32, f32)>> = vec![Vec::new(); rows];
    let fits = |row: &[(f32, f32)], a: f32, b: f32| {
        // The first interval ending after `a - gap`; it must start after `b + gap`.
        let i = row.partition_point(|&(_, x1)| x1 + gap_px <= a);
        row.get(i).is_none_or(|&(x0, _)| b + gap_px <= x0)
    };
    let insert = |row: &mut Vec<(f32, f32)>, a: f32, b: f32| {
        let i = row.partition_point(|&(x0, _)| x0 < a);
        row.insert(i, (a, b));
    };
    let mut placements = vec![
        Placement {
            row: 0,
            labelled: false,
            clustered: false,
        };
        items.len()
    ];
    let mut hidden_labels = 0;
    let mut overflow: Vec<(f32, f32, usize)> = Vec::new();
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
        if let Some(row) = labelled_row {
            insert(&mut occupied[row], with_label_start, with_label_end);
            placements[i] = Placement {
                row,
                labelled: true,
                clustered: false,
            };
            continue;
        }
        if wants_label {
            hidden_labels += 1;
        }
        if let Some(row) = (0..rows).find(|&r| fits(&occupied[r], item.x0, marker_end)) {
            insert(&mut occupied[row], item.x0, marker_end);
            placements[i].row = row;
        } else {
            overflow.push((item.x0, marker_end, i));
        }
    }
    overflow.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut clusters = aggregate(&overflow, gap_px);
    for cluster in &mut clusters {
        let row = (0..rows)
            .find(|&r| fits(&occupied[r], cluster.x0, cluster.x1))
            .unwrap_or(rows);
        if row < rows {
            insert(&mut occupied[row], cluster.x0, cluster.x1);
        }
        cluster.row = row;
        for &member in &cluster.members {
            placements[member] = Placement {
                row,
                labelled: false,
                clustered: true,
            };
        }
    }
    Stacking {
        placements,
        hidden_labels,
        clusters,
    }
}

/// How many rows a lane's items would use with up to `max_rows` rows (at least 1), a
/// row of clusters included.
pub fn rows_needed(items: &[Item], max_rows: usize, gap_px: f32) -> usize {
    stack(items, max_rows, gap_px).rows_used()
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
    fn close_marks_merge_into_clusters_that_never_touch() {
        // Marks 1 px apart all the way across: clusters of at most MAX_CLUSTER_PX (plus a
        // mark), each at least `gap` from the next, holding every mark once.
        let marks: Vec<(f32, f32, usize)> =
            (0..1000).map(|i| (i as f32, i as f32 + 2.0, i)).collect();
        let clusters = aggregate(&marks, 4.0);
        assert!(clusters.len() > 5, "a row of counts, not one block");
        let members: usize = clusters.iter().map(|c| c.members.len()).sum();
        assert_eq!(members, marks.len());
        for c in &clusters {
            assert!(c.x1 - c.x0 <= MAX_CLUSTER_PX + 2.0 + 4.0, "{c:?}");
            assert!(c.x1 - c.x0 >= cluster_width(c.members.len()) - 1e-3);
        }
        for pair in clusters.windows(2) {
            assert!(pair[0].x1 + 4.0 <= pair[1].x0 + 1e-3, "{pair:?}");
        }
        // Marks far apart stay alone.
        let apart: Vec<(f32, f32, usize)> = (0..10)
            .map(|i| (i as f32 * 100.0, i as f32 * 100.0 + 2.0, i))
            .collect();
        assert!(aggregate(&apart, 4.0).iter().all(|c| c.members.len() == 1));
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
