//! Where things go on the overview strip under the lanes: the time scale of the whole
//! dossier (and the view, if it reaches beyond), and the window showing the visible
//! range. Plain data, unit-tested.

use egui::Rect;

use super::canvas::GUTTER_WIDTH;
use super::layout::{TimeScale, fit_range};

/// Width of one density column of the overview, in pixels.
pub const OVERVIEW_COLUMN_PX: f32 = 2.0;

/// The overview strip's geometry for one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OverviewLayout {
    /// Everything, from the first event to the last, with a margin.
    pub scale: TimeScale,
    /// The visible range of the timeline.
    pub window: Rect,
    /// How many density columns fit.
    pub columns: usize,
}

impl OverviewLayout {
    /// The overview in `rect` of a dossier spanning `extent` (seconds since 1970, `None`
    /// when it has no dates) while the timeline shows `view`.
    pub fn new(rect: Rect, extent: Option<(i64, i64)>, (view_start, view_end): (f64, f64)) -> Self {
        let (first, last) = extent.map_or((view_start, view_end), |(a, b)| (a as f64, b as f64));
        let (first, last) = fit_range(first.min(view_start), last.max(view_end));
        let scale = TimeScale {
            start_secs: first,
            end_secs: last,
            left_px: rect.left() + GUTTER_WIDTH,
            right_px: rect.right(),
        };
        // At least three pixels wide, so that a tiny view can still be grabbed.
        let window = Rect::from_x_y_ranges(
            scale.x(view_start).max(scale.left_px)
                ..=scale
                    .x(view_end)
                    .min(scale.right_px)
                    .max(scale.x(view_start) + 3.0),
            rect.y_range(),
        );
        let columns = ((scale.right_px - scale.left_px) / OVERVIEW_COLUMN_PX).max(1.0) as usize;
        Self {
            scale,
            window,
            columns,
        }
    }
}

#[cfg(test)]
mod tests {
    // Layout arithmetic here is exact (sums of small whole numbers), so equal means equal.
    #![allow(clippy::float_cmp)]

    use super::*;
    use egui::pos2;

    const DAY: f64 = 86_400.0;

    fn strip() -> Rect {
        Rect::from_min_max(pos2(0.0, 500.0), pos2(1130.0, 534.0))
    }

    #[test]
    fn the_window_shows_the_view_within_the_whole_span() {
        let extent = Some((0, (100.0 * DAY) as i64));
        let overview = OverviewLayout::new(strip(), extent, (40.0 * DAY, 50.0 * DAY));
        let scale = overview.scale;
        assert!(scale.start_secs < 0.0 && scale.end_secs > 100.0 * DAY);
        assert_eq!(scale.left_px, GUTTER_WIDTH);
        assert!((overview.window.left() - scale.x(40.0 * DAY)).abs() < 1e-3);
        assert!((overview.window.right() - scale.x(50.0 * DAY)).abs() < 1e-3);
        assert_eq!(overview.window.y_range(), strip().y_range());
        assert_eq!(overview.columns, 500);
    }

    #[test]
    fn a_view_beyond_the_dossier_widens_the_overview() {
        let extent = Some((0, (10.0 * DAY) as i64));
        let overview = OverviewLayout::new(strip(), extent, (-100.0 * DAY, 300.0 * DAY));
        assert!(overview.scale.start_secs <= -100.0 * DAY);
        assert!(overview.scale.end_secs >= 300.0 * DAY);
        assert!(overview.window.left() >= overview.scale.left_px);
        assert!(overview.window.right() <= overview.scale.right_px);
    }

    #[test]
    fn a_tiny_view_keeps_a_window_to_grab() {
        let extent = Some((0, (1000.0 * 365.0 * DAY) as i64));
        let overview = OverviewLayout::new(strip(), extent, (50.0 * DAY, 50.0 * DAY + 60.0));
        assert!(overview.window.width() >= 3.0 - 1e-3);
        // Without dates, the view is the whole span.
        let overview = OverviewLayout::new(strip(), None, (0.0, 30.0 * DAY));
        assert!(overview.scale.start_secs < 0.0 && overview.scale.end_secs > 30.0 * DAY);
    }
}
