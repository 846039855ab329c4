//! Density marks for views with more events than pixels: counts per column of the plot,
//! from sorted start times by binary search, so the cost grows with the plot's width,
//! not with the number of events. Pure functions, unit-tested.

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
}
