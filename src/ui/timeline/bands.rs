//! How the plot's height is shared among lanes: rows by need, spare height spread evenly,
//! lanes scrolled when they need more than the plot; and where each lane's band,
//! name, hint and rows go. Plain data, unit-tested.

use egui::{Pos2, Rect, pos2, vec2};

use super::canvas::{CanvasLayout, GUTTER_WIDTH};

/// Height of one row of events in a lane.
pub const ROW_HEIGHT: f32 = 22.0;
/// Space above and below a lane's rows.
pub const LANE_PADDING: f32 = 8.0;
/// Lanes shorter than this have no room for the "+n more" hint under their name.
const HINT_MIN_LANE_HEIGHT: f32 = 40.0;

/// How the plot's height is shared among lanes.
pub struct LaneRows {
    /// Rows per lane, top to bottom.
    rows: Vec<usize>,
    /// Height left over, spread over every lane.
    extra_per_lane: f32,
}

impl LaneRows {
    /// Every lane gets the rows it asks for (`needs[i]`, at least one); height the lanes
    /// do not need is spread evenly. Lanes that need more than the plot scroll (see
    /// [`LaneRows::height`]) rather than being squeezed or losing labels.
    pub fn share(needs: &[usize], plot_height: f32) -> Self {
        let rows: Vec<usize> = needs.iter().map(|&n| n.max(1)).collect();
        let used: f32 = rows
            .iter()
            .map(|&r| r as f32 * ROW_HEIGHT + LANE_PADDING)
            .sum();
        let extra_per_lane = ((plot_height - used) / rows.len().max(1) as f32).max(0.0);
        Self {
            rows,
            extra_per_lane,
        }
    }

    /// Height of all the lanes together; more than the plot when they scroll.
    pub fn height(&self) -> f32 {
        self.rows
            .iter()
            .map(|&r| r as f32 * ROW_HEIGHT + LANE_PADDING + self.extra_per_lane)
            .sum()
    }

    /// The lanes' bands, top to bottom from `plot_top`.
    pub fn bands(&self, plot_top: f32) -> impl Iterator<Item = LaneBand> + '_ {
        let extra_per_lane = self.extra_per_lane;
        self.rows
            .iter()
            .enumerate()
            .scan(plot_top, move |lane_top, (lane, &rows)| {
                let top = *lane_top;
                let height = rows as f32 * ROW_HEIGHT + LANE_PADDING + extra_per_lane;
                *lane_top += height;
                Some(LaneBand {
                    lane,
                    top,
                    height,
                    rows,
                    extra_per_lane,
                })
            })
    }
}

/// One lane's horizontal band across the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneBand {
    /// Position of the lane in the dossier.
    pub lane: usize,
    pub top: f32,
    pub height: f32,
    /// Rows of events.
    pub rows: usize,
    extra_per_lane: f32,
}

impl LaneBand {
    /// The same band for the lane at `lane` in the dossier (when not every lane is shown,
    /// bands are numbered in the order shown).
    pub fn for_lane(self, lane: usize) -> Self {
        Self { lane, ..self }
    }

    pub fn bottom(&self) -> f32 {
        self.top + self.height
    }

    /// Vertical centre of a row of events.
    pub fn row_centre_y(&self, row: usize) -> f32 {
        self.top
            + LANE_PADDING / 2.0
            + self.extra_per_lane / 2.0
            + row as f32 * ROW_HEIGHT
            + ROW_HEIGHT / 2.0
    }

    /// The band across the whole canvas, gutter included.
    pub fn rect(&self, canvas: &CanvasLayout) -> Rect {
        Rect::from_min_size(
            pos2(canvas.rect.left(), self.top),
            vec2(canvas.rect.width(), self.height),
        )
    }

    /// The band's part of the gutter, where the lane is named.
    pub fn gutter(&self, canvas: &CanvasLayout) -> Rect {
        Rect::from_min_size(self.rect(canvas).min, vec2(GUTTER_WIDTH, self.height))
            .intersect(canvas.rect)
    }

    /// The small colour swatch left of the lane's name.
    pub fn swatch(&self, canvas: &CanvasLayout) -> Rect {
        Rect::from_min_size(
            pos2(canvas.rect.left() + 8.0, self.top + 6.0),
            vec2(4.0, 16.0),
        )
    }

    /// Where the lane's name goes.
    pub fn name(&self, canvas: &CanvasLayout) -> Rect {
        Rect::from_min_size(
            pos2(canvas.rect.left() + 18.0, self.top + 3.0),
            vec2(GUTTER_WIDTH - 22.0, 18.0),
        )
    }

    /// Top left of the "+n more" hint under the name, when the band has room for it and
    /// `hidden` labels did not fit.
    pub fn hint_position(&self, canvas: &CanvasLayout, hidden: usize) -> Option<Pos2> {
        (hidden > 0 && self.height >= HINT_MIN_LANE_HEIGHT)
            .then(|| pos2(canvas.rect.left() + 18.0, self.top + 22.0))
    }

    /// The band's part of the plot, where its events are painted.
    pub fn plot_clip(&self, canvas: &CanvasLayout) -> Rect {
        Rect::from_x_y_ranges(canvas.plot.x_range(), self.top..=self.bottom())
            .intersect(canvas.plot)
    }

    /// Where the density columns of a dense lane go.
    pub fn density_band(&self, canvas: &CanvasLayout) -> Rect {
        Rect::from_x_y_ranges(
            canvas.plot.x_range(),
            (self.top + 4.0)..=(self.bottom() - 4.0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_tile_the_plot_and_scroll_when_too_many() {
        for (count, height) in [(3, 500.0), (20, 300.0)] {
            let rows = LaneRows::share(&vec![1; count], height);
            let bands: Vec<LaneBand> = rows.bands(100.0).collect();
            assert_eq!(bands.len(), count);
            assert!((bands[0].top - 100.0).abs() < 1e-3);
            for pair in bands.windows(2) {
                assert!((pair[0].bottom() - pair[1].top).abs() < 1e-3, "no gap");
            }
            let last = bands[count - 1].bottom();
            let expected = (ROW_HEIGHT + LANE_PADDING)
                .mul_add(count as f32, 0.0)
                .max(height);
            assert!(
                (last - (100.0 + expected)).abs() < 1e-2,
                "{count} lanes take {expected} px"
            );
            assert!((rows.height() - expected).abs() < 1e-2);
            // Never squeezed below one row.
            assert!(bands.iter().all(|b| b.height >= ROW_HEIGHT + LANE_PADDING));
        }
    }

    #[test]
    fn a_crowded_lane_gets_more_rows_and_its_rows_stay_inside() {
        let rows = LaneRows::share(&[1, 4, 1], 3.0 * LANE_PADDING + 6.0 * ROW_HEIGHT + 5.0);
        let bands: Vec<LaneBand> = rows.bands(0.0).collect();
        assert_eq!(
            bands.iter().map(|b| b.rows).collect::<Vec<_>>(),
            vec![1, 4, 1]
        );
        assert!(bands[1].height > bands[0].height);
        for band in &bands {
            for row in 0..band.rows {
                let y = band.row_centre_y(row);
                assert!(y - ROW_HEIGHT / 2.0 >= band.top - 1e-3);
                assert!(y + ROW_HEIGHT / 2.0 <= band.bottom() + 1e-3);
            }
        }
    }
}
