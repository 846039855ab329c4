//! Painting the timeline: turns the layout of [`super::canvas`], [`super::lanes`] and
//! [`super::overview`] into shapes. No input is read here and nothing is decided about
//! where things go; the order of the calls is the order of the layers on screen.

use std::sync::Arc;

use egui::{
    Align2, Color32, FontId, Galley, Painter, Rect, Shape, Stroke, StrokeKind, Visuals, pos2, vec2,
};

use crate::model::{Certainty, Document, Precision, Span};
use crate::ui::style::lane_color;

use super::axis;
use super::bands::LaneBand;
use super::canvas::{CanvasLayout, PlacedPeriod};
use super::contrast::{blend, text_on};
use super::density;
use super::lanes::{
    COLUMN_PX, MARKER_RADIUS, PlacedCluster, PlacedEvent, hit_rect, label_rect, marker_rect,
};
use super::layout::TimeScale;
use super::overview::{OVERVIEW_COLUMN_PX, OverviewLayout};

/// Font of the axis labels.
const AXIS_FONT_SIZE: f32 = 12.0;
/// Font of small notes: period labels, "Today", "+n more", "Overview".
const NOTE_FONT_SIZE: f32 = 11.0;
/// Font of event labels.
const LABEL_FONT_SIZE: f32 = 13.0;

/// The font period labels are measured and painted in.
pub fn period_font() -> FontId {
    FontId::proportional(NOTE_FONT_SIZE)
}

/// The font event labels are measured and painted in.
pub fn label_font() -> FontId {
    FontId::proportional(LABEL_FONT_SIZE)
}

/// The colour of a lane (or of a period, offset so that they differ from lanes).
pub fn period_color(document: &Document, period: usize) -> Color32 {
    lane_color(&document.dossier.periods[period].color, period + 3)
}

/// The colour of grid lines and lane rules.
fn grid_color(visuals: &Visuals) -> Color32 {
    visuals.widgets.noninteractive.bg_stroke.color
}

/// Periods: bands behind the lanes, labelled tabs in their strip.
pub fn periods(
    plot_painter: &Painter,
    canvas: &CanvasLayout,
    document: &Document,
    periods: &[PlacedPeriod<Arc<Galley>>],
    visuals: &Visuals,
) {
    for placed in periods {
        let color = period_color(document, placed.period);
        plot_painter.rect_filled(canvas.period_band(placed), 0.0, color.gamma_multiply(0.10));
        let tab = canvas.period_tab(placed);
        plot_painter.rect_filled(tab, 3.0, color.gamma_multiply(0.25));
        if let Some(galley) = &placed.label {
            let x = placed.x0.max(canvas.plot.left()) + 4.0;
            plot_painter.galley(pos2(x, tab.top()), galley.clone(), visuals.text_color());
        }
    }
}

/// Axis: grid lines through the lanes, and labels above them.
pub fn axis_and_grid(
    painter: &Painter,
    plot_painter: &Painter,
    canvas: &CanvasLayout,
    visuals: &Visuals,
) {
    let (plot, scale, rect) = (canvas.plot, canvas.scale, canvas.rect);
    let (_, ticks) = axis::ticks(
        scale.start_secs,
        scale.end_secs,
        f64::from(plot.width()),
        90.0,
    );
    let grid = grid_color(visuals);
    for tick in &ticks {
        let x = scale.x(tick.secs as f64);
        let stroke = Stroke::new(
            if tick.major { 1.2 } else { 0.6 },
            grid.gamma_multiply(if tick.major { 1.0 } else { 0.6 }),
        );
        plot_painter.vline(x, plot.y_range(), stroke);
        plot_painter.vline(
            x,
            (plot.top() - 6.0)..=plot.top(),
            Stroke::new(1.0, visuals.text_color()),
        );
        let label_color = if tick.major {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        plot_painter.text(
            pos2(x + 3.0, rect.top() + 4.0),
            Align2::LEFT_TOP,
            &tick.label,
            FontId::proportional(AXIS_FONT_SIZE),
            label_color,
        );
    }
    painter.hline(rect.x_range(), plot.top(), Stroke::new(1.0, grid));
}

/// Today's line, when today is in view.
pub fn today(plot_painter: &Painter, canvas: &CanvasLayout, now_secs: f64) {
    let (plot, scale) = (canvas.plot, canvas.scale);
    if now_secs < scale.start_secs || now_secs > scale.end_secs {
        return;
    }
    let x = scale.x(now_secs);
    let red = Color32::from_rgb(0xD9, 0x48, 0x3B);
    plot_painter.vline(x, plot.y_range(), Stroke::new(1.5, red));
    // The label goes left of the line when the line is near the right edge.
    let (label_x, align) = if x + 40.0 > plot.right() {
        (x - 3.0, Align2::RIGHT_BOTTOM)
    } else {
        (x + 3.0, Align2::LEFT_BOTTOM)
    };
    plot_painter.text(
        pos2(label_x, plot.bottom() - 4.0),
        align,
        "Today",
        FontId::proportional(NOTE_FONT_SIZE),
        red,
    );
}

/// A lane's background (every other lane is shaded) and the colour swatch by its name.
pub fn lane_background(
    painter: &Painter,
    canvas: &CanvasLayout,
    band: &LaneBand,
    color: Color32,
    visuals: &Visuals,
) {
    if band.lane % 2 == 1 {
        painter.rect_filled(
            band.rect(canvas),
            0.0,
            visuals.faint_bg_color.gamma_multiply(0.8),
        );
    }
    painter
        .with_clip_rect(band.gutter(canvas))
        .rect_filled(band.swatch(canvas), 2.0, color);
}

/// "+n more" under a lane's name; returns where it went, for its tooltip.
pub fn hidden_hint(
    painter: &Painter,
    canvas: &CanvasLayout,
    band: &LaneBand,
    position: egui::Pos2,
    hidden: usize,
    visuals: &Visuals,
) -> Rect {
    painter.with_clip_rect(band.gutter(canvas)).text(
        position,
        Align2::LEFT_TOP,
        format!("+{hidden} more"),
        FontId::proportional(NOTE_FONT_SIZE),
        visuals.weak_text_color(),
    )
}

/// The rule under a lane.
pub fn lane_rule(painter: &Painter, canvas: &CanvasLayout, band: &LaneBand, visuals: &Visuals) {
    painter.hline(
        canvas.rect.x_range(),
        band.bottom(),
        Stroke::new(0.5, grid_color(visuals)),
    );
}

/// A dense lane's events as columns: bar heights on a log scale, so a lone event still
/// shows next to thousands.
pub fn density_columns(
    lane_painter: &Painter,
    scale: &TimeScale,
    band: Rect,
    counts: &[usize],
    color: Color32,
) {
    let bars = density::bars(counts, scale.left_px, COLUMN_PX, band.height());
    lane_painter.add(density::bar_mesh(
        lane_painter.pixels_per_point(),
        bars.map(|(x, h)| (x, x + COLUMN_PX, h)),
        band.bottom(),
        color.gamma_multiply(0.75),
    ));
}

/// How an event is drawn, besides where.
pub struct EventLook {
    /// The lane's colour.
    pub color: Color32,
    pub certainty: Certainty,
    /// Dimmed: something else is highlighted.
    pub dim: bool,
    pub selected: bool,
}

/// Paints an event's marker (a date) or bar (a range) and its label, if it keeps one;
/// returns where it answers the pointer.
pub fn event(
    lane_painter: &Painter,
    scale: &TimeScale,
    placed: &PlacedEvent<'_, Arc<Galley>>,
    look: &EventLook,
    visuals: &Visuals,
) -> Rect {
    let span = placed.span;
    let style = MarkerStyle {
        color: if look.dim {
            look.color.gamma_multiply(0.25)
        } else {
            look.color
        },
        certainty: look.certainty,
        imprecise: span.start.precision < Precision::Day && !span.is_range(),
        qualified: span.is_qualified(),
        selected: look.selected,
        selection_stroke: visuals.selection.stroke,
        background: visuals.extreme_bg_color,
    };
    let marker = paint_marker(lane_painter, scale, placed, &style);
    let label = placed.label.map(|(galley, label_x)| {
        let rect = label_rect(label_x, placed.y, galley.size());
        let inside = rect.left() >= placed.item.x0 && rect.right() <= placed.item.x1;
        let text_color = if inside {
            // On the bar: black or white, whichever reads best on its colour (4.5:1).
            text_on(blend(bar_fill(&style), visuals.extreme_bg_color))
        } else if look.dim {
            visuals.weak_text_color().gamma_multiply(0.6)
        } else if look.selected {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        // A label beside its marker gets a backdrop, to stay readable over grid lines.
        if !inside {
            lane_painter.rect_filled(
                rect.expand(1.0),
                3.0,
                visuals.extreme_bg_color.gamma_multiply(0.75),
            );
        }
        // The colour is the painter's: measured galleys carry no colour of their own.
        lane_painter.galley_with_override_text_color(rect.min, galley.clone(), text_color);
        rect
    });
    hit_rect(marker, label)
}

/// How an event marker is drawn.
struct MarkerStyle {
    color: Color32,
    certainty: Certainty,
    /// A single date known only to the month or year.
    imprecise: bool,
    /// Approximate (`~`) or uncertain (`?`) dates.
    qualified: bool,
    selected: bool,
    selection_stroke: Stroke,
    background: Color32,
}

/// The fill of a marker or bar: solid when confirmed, lighter when reported, hollow
/// when uncertain.
fn bar_fill(style: &MarkerStyle) -> Color32 {
    match style.certainty {
        Certainty::Confirmed => style.color,
        Certainty::Reported => style.color.gamma_multiply(0.55),
        Certainty::Uncertain => style.background,
    }
}

/// Paints a marker (point) or bar (range) and returns its rectangle.
fn paint_marker(
    painter: &Painter,
    scale: &TimeScale,
    placed: &PlacedEvent<'_, Arc<Galley>>,
    style: &MarkerStyle,
) -> Rect {
    let (span, item, y) = (placed.span, placed.item, placed.y);
    let fill = bar_fill(style);
    let outline = Stroke::new(1.5, style.color);
    let rect = marker_rect(span, item, y);
    if span.is_range() {
        let bar = rect;
        if style.qualified {
            // Approximate ends fade out beyond the bar.
            painter.rect_filled(
                bar.expand2(vec2(8.0, -3.0)),
                4.0,
                style.color.gamma_multiply(0.18),
            );
        }
        painter.rect_filled(bar, 4.0, fill);
        if style.certainty == Certainty::Uncertain {
            dashed_rect(painter, bar, outline);
        } else {
            painter.rect_stroke(bar, 4.0, Stroke::new(1.0, style.color), StrokeKind::Inside);
        }
    } else {
        let centre = pos2(f32::midpoint(item.x0, item.x1), y);
        if style.imprecise {
            paint_imprecise_date(painter, scale, span, centre, fill, outline, style.color);
        } else {
            painter.circle(centre, MARKER_RADIUS, fill, outline);
        }
        if style.certainty == Certainty::Uncertain || style.qualified {
            painter.circle_stroke(
                centre,
                MARKER_RADIUS + 3.0,
                Stroke::new(1.0, style.color.gamma_multiply(0.5)),
            );
        }
    }
    if style.selected {
        painter.rect_stroke(
            rect.expand(4.0),
            5.0,
            Stroke::new(2.5, style.selection_stroke.color),
            StrokeKind::Outside,
        );
    }
    rect
}

/// A month or a year: a soft band over the whole period the date covers, and a diamond.
fn paint_imprecise_date(
    painter: &Painter,
    scale: &TimeScale,
    span: &Span,
    centre: egui::Pos2,
    fill: Color32,
    outline: Stroke,
    color: Color32,
) {
    let y = centre.y;
    let (a, b) = (
        scale.x(span.start_secs as f64),
        scale.x(span.end_secs as f64),
    );
    if b - a > 2.0 * MARKER_RADIUS {
        painter.rect_filled(
            Rect::from_x_y_ranges(a..=b, (y - 3.0)..=(y + 3.0)),
            3.0,
            color.gamma_multiply(0.22),
        );
    }
    let diamond = vec![
        centre + vec2(0.0, -MARKER_RADIUS - 1.0),
        centre + vec2(MARKER_RADIUS + 1.0, 0.0),
        centre + vec2(0.0, MARKER_RADIUS + 1.0),
        centre + vec2(-MARKER_RADIUS - 1.0, 0.0),
    ];
    painter.add(Shape::convex_polygon(
        diamond,
        fill.gamma_multiply(0.6),
        outline,
    ));
}

fn dashed_rect(painter: &Painter, rect: Rect, stroke: Stroke) {
    let corners = [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ];
    painter.add(Shape::dashed_line(&corners, stroke, 4.0, 3.0));
}

/// Events merged into one mark: a rounded box in the lane's colour with their count.
pub fn cluster(lane_painter: &Painter, cluster: &PlacedCluster, color: Color32, visuals: &Visuals) {
    let fill = blend(color.gamma_multiply(0.35), visuals.extreme_bg_color);
    lane_painter.rect_filled(cluster.rect, 8.0, fill);
    lane_painter.rect_stroke(
        cluster.rect,
        8.0,
        Stroke::new(1.0, color),
        StrokeKind::Inside,
    );
    // The count in the middle of the part in view, for clusters that run off the plot.
    let visible = cluster.rect.intersect(lane_painter.clip_rect());
    let centre = if visible.is_positive() {
        visible.center()
    } else {
        cluster.rect.center()
    };
    lane_painter.text(
        centre,
        Align2::CENTER_CENTER,
        cluster.count.to_string(),
        FontId::proportional(NOTE_FONT_SIZE),
        text_on(fill),
    );
}

/// Where the lanes are scrolled to: a thin thumb at the right edge of `lanes` (the
/// visible part of lanes `content_height` tall, scrolled down by `scroll_y`).
pub fn lanes_scrollbar(
    painter: &Painter,
    lanes: Rect,
    scroll_y: f32,
    content_height: f32,
    visuals: &Visuals,
) {
    let visible = lanes.height() / content_height.max(1.0);
    let top = lanes.top() + scroll_y / content_height.max(1.0) * lanes.height();
    let thumb = Rect::from_min_max(
        pos2(lanes.right() - 6.0, top),
        pos2(
            lanes.right() - 2.0,
            top + (visible * lanes.height()).max(12.0),
        ),
    );
    painter.rect_filled(
        thumb,
        2.0,
        visuals.widgets.inactive.fg_stroke.color.gamma_multiply(0.7),
    );
}

/// The brushed range as a band over the plot; returns the band, `None` when it is out
/// of view.
pub fn brush(
    painter: &Painter,
    canvas: &CanvasLayout,
    (start, end): (f64, f64),
    visuals: &Visuals,
) -> Option<Rect> {
    let (plot, scale) = (canvas.plot, canvas.scale);
    let (x0, x1) = (
        scale.x(start).max(plot.left()),
        scale.x(end).min(plot.right()),
    );
    if x1 <= x0 {
        return None;
    }
    let band = Rect::from_x_y_ranges(x0..=x1, plot.y_range());
    painter.rect_filled(band, 0.0, visuals.selection.bg_fill.gamma_multiply(0.25));
    painter.rect_stroke(
        band,
        0.0,
        Stroke::new(1.0, visuals.selection.stroke.color),
        StrokeKind::Inside,
    );
    Some(band)
}

/// The overview strip: the density of all (filtered) events, and the visible window.
pub fn overview(
    painter: &Painter,
    rect: Rect,
    overview: &OverviewLayout,
    counts: &[usize],
    visuals: &Visuals,
) {
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    painter.text(
        pos2(rect.left() + 8.0, rect.center().y),
        Align2::LEFT_CENTER,
        "Overview",
        FontId::proportional(NOTE_FONT_SIZE),
        visuals.weak_text_color(),
    );
    let color = visuals.widgets.inactive.fg_stroke.color;
    let left_px = overview.scale.left_px;
    let bars = density::bars(counts, left_px, OVERVIEW_COLUMN_PX, rect.height() - 4.0);
    painter.add(density::bar_mesh(
        painter.pixels_per_point(),
        bars.map(|(x, h)| (x, x + OVERVIEW_COLUMN_PX, h)),
        rect.bottom() - 2.0,
        color.gamma_multiply(0.7),
    ));
    let window = overview.window;
    painter.rect_filled(window, 2.0, visuals.selection.bg_fill.gamma_multiply(0.3));
    painter.rect_stroke(
        window,
        2.0,
        Stroke::new(1.5, visuals.selection.stroke.color),
        StrokeKind::Inside,
    );
}
