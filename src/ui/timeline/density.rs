//! Density marks for views with more events than pixels: counts per column of the plot,
//! from sorted start times by binary search, so the cost grows with the plot's width,
//! not with the number of events; and the bars as one mesh. Pure functions, unit-tested.

use egui::{Color32, Mesh, Rect, Shape, pos2};

use crate::model::index::Starts;

/// How many of the sorted `starts` fall in each of `columns` equal slices of
/// `[from, to)`.
pub fn columns(starts: Starts<'_>, from: f64, to: f64, columns: usize) -> Vec<usize> {
    let columns = columns.max(1);
    let width = (to - from) / columns as f64;
    let mut counts = Vec::with_capacity(columns);
    let mut previous = starts.partition_point(|s| (s as f64) < from);
    for i in 0..columns {
        let end = from + width * (i + 1) as f64;
        let next = starts.partition_point_from(previous, |s| (s as f64) < end);
        counts.push(next - previous);
        previous = next;
    }
    counts
}

/// Height of a density bar as a fraction of the lane, on a log scale: one event is
/// visible next to ten thousand.
pub fn bar_height(count: usize, max: usize) -> f32 {
    if count == 0 || max == 0 {
        return 0.0;
    }
    let scaled = ((count as f32).ln_1p() / (max as f32).ln_1p()).clamp(0.0, 1.0);
    0.15 + 0.85 * scaled
}

/// The bars of the non-empty columns, left to right: each bar's left edge and height in
/// pixels, for columns `column_px` wide from `left_px` and bars up to `full_height_px`.
pub fn bars(
    counts: &[usize],
    left_px: f32,
    column_px: f32,
    full_height_px: f32,
) -> impl Iterator<Item = (f32, f32)> + '_ {
    let max = counts.iter().copied().max().unwrap_or(0);
    counts
        .iter()
        .enumerate()
        .filter(|&(_, &count)| count > 0)
        .map(move |(i, &count)| {
            let x = left_px + i as f32 * column_px;
            (x, bar_height(count, max) * full_height_px)
        })
}

/// The column under `x`, for columns `column_px` wide from `left_px`; clamped to the
/// `columns` there are.
pub fn column_at(x: f32, left_px: f32, column_px: f32, columns: usize) -> usize {
    (((x - left_px) / column_px).max(0.0) as usize).min(columns.saturating_sub(1))
}

/// Bars standing on `bottom`, each `(left, right, height)` in points, left to right, as
/// one mesh of two triangles a bar, snapped to whole pixels; neighbours of the same height
/// that touch are one rectangle. A filled rectangle is drawn with a feathered edge, ten
/// triangles: the density bars were most of a million-event frame's 37,000 triangles, and
/// the software renderer keeps memory for what it drew (25 MB of the window's). Bars on
/// whole pixels are crisp without feathering.
pub fn bar_mesh(
    pixels_per_point: f32,
    bars: impl Iterator<Item = (f32, f32, f32)>,
    bottom: f32,
    color: Color32,
) -> Shape {
    let pixel = 1.0 / pixels_per_point;
    let snap = |v: f32| (v * pixels_per_point).round() * pixel;
    let bottom = snap(bottom);
    let mut mesh = Mesh::default();
    let mut open: Option<Rect> = None;
    for (left, right, height) in bars {
        let left = snap(left);
        let right = snap(right).max(left + pixel);
        // A bar of one event keeps at least a pixel.
        let top = snap(bottom - height).min(bottom - pixel);
        match &mut open {
            // Both on the pixel grid: within half a pixel is the same line.
            Some(run)
                if (run.top() - top).abs() < pixel / 2.0
                    && (run.right() - left).abs() < pixel / 2.0 =>
            {
                run.max.x = right;
            }
            _ => {
                if let Some(run) =
                    open.replace(Rect::from_min_max(pos2(left, top), pos2(right, bottom)))
                {
                    mesh.add_colored_rect(run, color);
                }
            }
        }
    }
    if let Some(run) = open {
        mesh.add_colored_rect(run, color);
    }
    Shape::mesh(mesh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_start_once() {
        let starts: Vec<i64> = (0..1000).map(|i| i * 10).collect();
        let counts = columns(Starts::Plain(&starts), 0.0, 10_000.0, 10);
        assert_eq!(counts, vec![100; 10]);
        assert_eq!(counts.iter().sum::<usize>(), starts.len());
        // Outside the range nothing is counted; a narrower range counts its share.
        assert_eq!(
            columns(Starts::Plain(&starts), 20_000.0, 30_000.0, 4),
            vec![0; 4]
        );
        assert_eq!(columns(Starts::Plain(&starts), 0.0, 100.0, 2), vec![5, 5]);
        assert_eq!(columns(Starts::Plain(&[]), 0.0, 1.0, 3), vec![0, 0, 0]);
    }

    #[test]
    fn clustered_starts_land_in_their_column() {
        let starts = [5, 5, 5, 95];
        assert_eq!(
            columns(Starts::Plain(&starts), 0.0, 100.0, 10),
            vec![3, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        );
    }

    #[test]
    fn heights_are_logarithmic_and_bounded() {
        assert!((bar_height(0, 100)).abs() < f32::EPSILON);
        assert!(bar_height(1, 10_000) > 0.15);
        assert!((bar_height(10_000, 10_000) - 1.0).abs() < 1e-6);
        assert!(
            bar_height(100, 10_000) > 0.5,
            "log scale lifts small counts"
        );
    }

    #[test]
    fn bars_skip_empty_columns_and_reach_full_height_at_the_max() {
        let drawn: Vec<(f32, f32)> = bars(&[0, 4, 0, 1], 100.0, 3.0, 20.0).collect();
        assert_eq!(drawn.len(), 2);
        assert_eq!(drawn[0], (103.0, 20.0));
        assert!((drawn[1].0 - 109.0).abs() < f32::EPSILON);
        assert!(drawn[1].1 > 0.15 * 20.0 && drawn[1].1 < 20.0);
        assert_eq!(bars(&[0, 0], 0.0, 3.0, 20.0).count(), 0);
    }

    #[test]
    fn the_column_under_the_pointer_stays_in_range() {
        assert_eq!(column_at(100.0, 100.0, 3.0, 10), 0);
        assert_eq!(column_at(107.0, 100.0, 3.0, 10), 2);
        assert_eq!(column_at(50.0, 100.0, 3.0, 10), 0);
        assert_eq!(column_at(1000.0, 100.0, 3.0, 10), 9);
        assert_eq!(column_at(1000.0, 100.0, 3.0, 0), 0);
    }

    /// The rectangles of a bar mesh, from its vertices (four a rectangle).
    fn rects(shape: &Shape) -> Vec<Rect> {
        let Shape::Mesh(mesh) = shape else {
            panic!("not a mesh: {shape:?}");
        };
        // Two triangles a rectangle, no feathering.
        assert_eq!(mesh.indices.len() * 4, mesh.vertices.len() * 6);
        mesh.vertices
            .chunks(4)
            .map(|v| Rect::from_points(&v.iter().map(|v| v.pos).collect::<Vec<_>>()))
            .collect()
    }

    #[test]
    fn bars_are_two_triangles_each_on_whole_pixels() {
        // Three columns of 3 points from a fractional left edge, at 1.5 pixels a point.
        let bars = [(10.3, 13.3, 5.2), (13.3, 16.3, 20.0), (19.3, 22.3, 0.1)];
        let found = rects(&bar_mesh(1.5, bars.into_iter(), 40.2, Color32::RED));
        assert_eq!(found.len(), 3);
        for rect in &found {
            for v in [rect.min.x, rect.min.y, rect.max.x, rect.max.y] {
                let px = v * 1.5;
                assert!((px - px.round()).abs() < 1e-3, "{v} is not on a pixel");
            }
            // On the same ground, however small.
            assert!((rect.bottom() - 40.0).abs() < 1e-3);
            assert!(
                rect.height() * 1.5 >= 1.0 - 1e-3,
                "{rect:?} is under a pixel"
            );
        }
        // Neighbours touch, with no gap nor overlap.
        assert!((found[0].right() - found[1].left()).abs() < 1e-3);
        assert!(found[1].height() > found[0].height());
    }

    #[test]
    fn touching_bars_of_one_height_are_one_rectangle() {
        let bars = (0..100).map(|i| (i as f32 * 3.0, i as f32 * 3.0 + 3.0, 10.0));
        let found = rects(&bar_mesh(1.0, bars, 50.0, Color32::RED));
        assert_eq!(
            found,
            vec![Rect::from_min_max(pos2(0.0, 40.0), pos2(300.0, 50.0))]
        );
        // An empty column between them keeps them apart.
        let bars = [(0.0, 3.0, 10.0), (6.0, 9.0, 10.0)];
        assert_eq!(
            rects(&bar_mesh(1.0, bars.into_iter(), 50.0, Color32::RED)).len(),
            2
        );
    }
}
