//! Input on the timeline: the widgets over the canvas (events, periods, lane names, density
//! columns, the brushed range's buttons), pointer and wheel on the canvas and on the
//! overview, and what screen readers (and tests) see. Nothing here changes the workspace:
//! input becomes [`Command`]s for the app, or changes the panel's own view state, which
//! it is handed field by field.

use crate::ui::text_direction::{for_display, has_right_to_left, shortened_for_display};
use egui::{Rect, Response, RichText, Sense, Ui};

use crate::model::{Certainty, Document, Span};
use crate::state::Selection;
use crate::ui::actions::Action;
use crate::ui::commands::Command;

use super::bands::LaneBand;
use super::canvas::{CanvasLayout, PlacedPeriod};
use super::density;
use super::lanes::{COLUMN_PX, PlacedCluster};
use super::layout::{TimeScale, view_range, zoom_range};
use super::overview::OverviewLayout;
use super::time_format::{day_string, describe_range};

/// Events drawn as separate widgets per frame; dense views are aggregated before this.
const MAX_EVENT_WIDGETS: usize = 2_000;

/// An event as drawn this frame, for hit testing.
pub struct EventHit {
    /// Position in the dossier's events.
    pub event: usize,
    /// Where it answers the pointer: marker and label.
    pub rect: Rect,
}

/// A lane's band as drawn this frame, for the context menu: top, bottom, lane position.
pub type LaneSpan = (f32, f32, usize);

/// Tooltips of the periods in view: label, dates and description.
pub fn period_tooltips<G>(
    ui: &Ui,
    canvas: &CanvasLayout,
    document: &Document,
    periods: &[PlacedPeriod<G>],
) {
    for placed in periods {
        let period = &document.dossier.periods[placed.period];
        ui.interact(
            canvas.period_hover(placed),
            ui.scope_id().with(("period", placed.period)),
            Sense::hover(),
        )
        .on_hover_text(format!(
            "{}\n{}{}",
            period.label,
            document
                .index
                .period_span(placed.period)
                .map(Span::long)
                .unwrap_or_default(),
            if period.description.is_empty() {
                String::new()
            } else {
                format!("\n{}", period.description)
            }
        ));
    }
}

/// The lane's name: a real label, so that the lane is named for screen readers and tests.
/// A click collapses the lane to one row (or expands it), a double-click shows it alone.
pub fn lane_name_ui(ui: &mut Ui, name_rect: Rect, label: &str, collapsed: bool) -> Response {
    let response = ui
        .scope_builder(
            egui::UiBuilder::new()
                .max_rect(name_rect)
                .layout(egui::Layout::left_to_right(egui::Align::Min)),
            |ui| {
                ui.set_clip_rect(name_rect);
                let shown = lane_name_for_display(ui, label, name_rect.width());
                let mut text = RichText::new(shown).strong().size(14.0);
                if collapsed {
                    text = text.italics();
                }
                ui.add(egui::Label::new(text).truncate().sense(Sense::click()))
            },
        )
        .inner;
    response.on_hover_text(if collapsed {
        "Click to expand this lane; double-click to show it alone."
    } else {
        "Click to collapse this lane to one row; double-click to show it alone."
    })
}

/// A lane name as drawn: right-to-left names in display order, shortened at their
/// logical end (the left) to fit `width`; others as they are (the label elides them).
fn lane_name_for_display(ui: &Ui, label: &str, width: f32) -> String {
    if !has_right_to_left(label) {
        return label.to_owned();
    }
    let font = egui::FontId::proportional(14.0);
    let fits = |text: &str| {
        let galley =
            ui.painter()
                .layout_no_wrap(text.to_owned(), font.clone(), egui::Color32::WHITE);
        galley.size().x <= width
    };
    let whole = for_display(label).into_owned();
    if fits(&whole) {
        return whole;
    }
    let chars = label.chars().count();
    (1..chars)
        .rev()
        .map(|keep| shortened_for_display(label, keep))
        .find(|short| fits(short))
        .unwrap_or_else(|| "…".to_owned())
}

/// Clusters of events too close to draw apart: a tooltip with their count and dates, a
/// click zooms to them.
pub fn cluster_widgets(
    ui: &Ui,
    clusters: &[PlacedCluster],
    clip: Rect,
    commands: &mut Vec<Command>,
) {
    for (i, cluster) in clusters.iter().take(MAX_EVENT_WIDGETS).enumerate() {
        let Some(hit) = Some(cluster.rect.intersect(clip)).filter(egui::Rect::is_positive) else {
            continue;
        };
        let id = ui
            .scope_id()
            .with(("cluster", cluster.events.first().copied().unwrap_or(i)));
        let widget = ui.interact(hit, id, Sense::click());
        let label = format!("{} events", cluster.count);
        widget.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let (start, end) = cluster.range;
        let widget = widget
            .on_hover_cursor(egui::CursorIcon::ZoomIn)
            .on_hover_text(format!(
                "{label} too close to draw apart ({}).\nClick to zoom in.",
                describe_range(start, end)
            ));
        if widget.clicked() {
            let (a, b) = super::layout::fit_range(start, end);
            commands.push(Command::ShowRange(a, b));
        }
    }
}

/// The wheel over the lane names scrolls the lanes when they are taller than the plot
/// (over the plot it zooms).
pub fn lanes_scroll(
    ui: &Ui,
    response: &Response,
    canvas: &CanvasLayout,
    scroll_y: &mut f32,
    max_scroll: f32,
) {
    // The pointer may rest on a lane's name (a widget of its own) as well as on the
    // canvas between names.
    let names = egui::Rect::from_x_y_ranges(
        canvas.rect.left()..=canvas.plot.left(),
        canvas.plot.top()..=canvas.rect.bottom(),
    );
    let over_names = ui.rect_contains_pointer(names) && response.contains_pointer();
    if over_names && max_scroll > 0.0 {
        let dy = ui.input(|i| i.smooth_scroll_delta.y);
        *scroll_y = (*scroll_y - dy).clamp(0.0, max_scroll);
    }
}

/// The tooltip of a lane's "+n more" hint.
pub fn hidden_hint_tooltip(ui: &Ui, hint: Rect, band: &LaneBand, hidden: usize) {
    ui.interact(
        hint,
        ui.scope_id().with(("hidden-labels", band.lane)),
        Sense::hover(),
    )
    .on_hover_text(format!(
        "{hidden} labels in this lane do not fit; zoom in or make the timeline taller to see them."
    ));
}

/// A dense lane's columns: hover tells the count under the pointer, a click zooms in.
pub fn density_ui(
    ui: &Ui,
    scale: &TimeScale,
    band: Rect,
    counts: &[usize],
    (lane, in_view): (usize, usize),
    commands: &mut Vec<Command>,
) {
    let response = ui.interact(band, ui.scope_id().with(("density", lane)), Sense::click());
    if let Some(p) = response.hover_pos() {
        let column = density::column_at(p.x, scale.left_px, COLUMN_PX, counts.len());
        let count = counts.get(column).copied().unwrap_or(0);
        let from = scale.secs(scale.left_px + column as f32 * COLUMN_PX);
        let to = scale.secs(scale.left_px + (column + 1) as f32 * COLUMN_PX);
        response.clone().on_hover_text_at_pointer(format!(
            "{count} events here ({}), {in_view} in view.\nClick to zoom in.",
            describe_range(from, to)
        ));
    }
    if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        let centre = scale.secs(p.x);
        let half = (scale.end_secs - scale.start_secs) / 8.0;
        commands.push(Command::ShowRange(centre - half, centre + half));
    }
}

/// Each drawn event is a widget of its own: clickable, with a tooltip, and named for
/// screen readers (and tests) by its title. Drags fall through to the canvas.
pub fn event_widgets(
    ui: &Ui,
    hits: &[EventHit],
    clip: Rect,
    document: &Document,
    commands: &mut Vec<Command>,
) {
    let (dossier, index) = (&document.dossier, &document.index);
    for drawn in hits.iter().take(MAX_EVENT_WIDGETS) {
        let Some(hit) = Some(drawn.rect.intersect(clip)).filter(egui::Rect::is_positive) else {
            continue;
        };
        let e = drawn.event;
        let event = &dossier.events[e];
        let widget = ui.interact(hit, ui.scope_id().with(("event", e)), Sense::click());
        widget.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &event.title));
        let widget = widget
            .on_hover_cursor(egui::CursorIcon::PointingHand)
            .on_hover_ui(|ui| {
                let lane = index
                    .lane(&event.lane)
                    .map_or(event.lane.as_str(), |l| dossier.lanes[l].label.as_str());
                ui.set_max_width(340.0);
                ui.strong(&event.title);
                ui.label(event.span().map(|span| span.long()).unwrap_or_default());
                ui.label(format!("Lane: {lane}"));
                let certainty = event.certainty();
                if certainty != Certainty::Confirmed {
                    ui.label(format!("Certainty: {}", certainty.key()));
                }
            });
        if widget.clicked() {
            commands.push(Command::Select(Some(Selection::Event(
                event.id.to_string(),
            ))));
        }
    }
}

/// The actions on a brushed range, floating at its top left corner; × clears the range.
pub fn brush_actions_ui(
    ui: &Ui,
    band: Rect,
    brush: &mut Option<(f64, f64)>,
    commands: &mut Vec<Command>,
) {
    let Some((a, b)) = *brush else {
        return;
    };
    let anchor = band.left_top() + egui::vec2(4.0, 4.0);
    egui::Area::new(ui.scope_id().with("brush-actions"))
        .fixed_pos(anchor)
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(describe_range(a, b));
                    if ui.button("New briefing from range…").clicked() {
                        commands.push(Command::BriefingFromRange(a, b));
                    }
                    if ui.button("Zoom to range").clicked() {
                        commands.push(Command::ShowRange(a, b));
                    }
                    if ui.button("Filter to range").clicked() {
                        commands.push(Command::Run(Action::FilterToRange));
                    }
                    if ui
                        .small_button("×")
                        .on_hover_text("Clear the range")
                        .clicked()
                    {
                        *brush = None;
                    }
                });
            });
        });
}

/// The panel's state that input on the canvas may change.
pub struct CanvasState<'a> {
    /// The visible range; `Some` while the canvas is shown.
    pub view: &'a mut Option<(f64, f64)>,
    pub brush: &'a mut Option<(f64, f64)>,
    /// Where the context menu was opened: lane id and the day under the pointer.
    pub context: &'a mut Option<(String, String)>,
}

/// The canvas itself: double-click empty space to fit, drag to pan (Shift+drag to brush
/// a range), wheel to zoom, right-click for a menu. `lanes` are this frame's lane bands.
pub fn canvas_input(
    ui: &Ui,
    response: &Response,
    canvas: &CanvasLayout,
    lanes: &[LaneSpan],
    document: &Document,
    state: CanvasState<'_>,
    commands: &mut Vec<Command>,
) {
    let (scale, plot) = (&canvas.scale, canvas.plot);
    let (view_start, view_end) = (scale.start_secs, scale.end_secs);
    let CanvasState {
        view,
        brush,
        context,
    } = state;
    let pointer = response.hover_pos();
    if response.double_clicked() {
        commands.push(Command::Run(Action::FitTimeline));
    }
    let shift_held = ui.input(|i| i.modifiers.shift);
    if response.drag_started()
        && shift_held
        && let Some(p) = response.interact_pointer_pos()
    {
        let t = scale.secs(p.x);
        *brush = Some((t, t));
    }
    if response.dragged() {
        if let (Some((anchor, _)), true, Some(p)) =
            (*brush, shift_held, response.interact_pointer_pos())
        {
            // The brush runs from where the drag started to the pointer.
            let t = scale.secs(p.x.clamp(plot.left(), plot.right()));
            let origin = ui
                .input(|i| i.pointer.press_origin())
                .map_or(anchor, |o| scale.secs(o.x.clamp(plot.left(), plot.right())));
            *brush = Some((origin.min(t), origin.max(t)));
        } else {
            let dx = f64::from(response.drag_delta().x);
            let shift = dx * scale.secs_per_px();
            *view = Some(view_range(view_start - shift, view_end - shift));
        }
    }
    if response.drag_stopped()
        && let Some((a, b)) = *brush
        && (b - a) / scale.secs_per_px() < 4.0
    {
        // A shift-click is not a range.
        *brush = None;
    }
    context_menu(response, canvas, lanes, document, context, commands);
    // Over the lane names, the wheel scrolls the lanes instead (see `lanes_scroll`).
    let over_names = pointer.is_some_and(|p| p.x < plot.left() && p.y >= plot.top());
    if response.hovered() && !over_names {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        let factor = f64::from(zoom) * (f64::from(scroll.y) / 240.0).exp();
        let (mut start, mut end) = view.unwrap_or((view_start, view_end));
        if (factor - 1.0).abs() > 1e-6 {
            let anchor = pointer.map_or(f64::midpoint(start, end), |p| {
                scale.secs(p.x.max(plot.left()))
            });
            (start, end) = zoom_range(start, end, factor, anchor);
        }
        if scroll.x.abs() > 0.0 {
            let shift = f64::from(scroll.x) * scale.secs_per_px();
            (start, end) = (start - shift, end - shift);
        }
        if (start, end) != (view_start, view_end) {
            *view = Some(view_range(start, end));
        }
    }
}

/// Right-click: a new event on the day and in the lane under the pointer, a briefing of
/// the visible range, fit all.
fn context_menu(
    response: &Response,
    canvas: &CanvasLayout,
    lanes: &[LaneSpan],
    document: &Document,
    context: &mut Option<(String, String)>,
    commands: &mut Vec<Command>,
) {
    let (dossier, index) = (&document.dossier, &document.index);
    let (scale, plot) = (&canvas.scale, canvas.plot);
    if response.secondary_clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        let lane = lanes
            .iter()
            .find(|(top, bottom, _)| p.y >= *top && p.y < *bottom)
            .or(lanes.first())
            .map(|&(_, _, l)| dossier.lanes[l].id.clone());
        let day = day_string(scale.secs(p.x.max(plot.left())));
        *context = lane.map(|l| (l, day));
    }
    response.context_menu(|ui| {
        if let Some((lane, day)) = context.clone() {
            let lane_label = index
                .lane(&lane)
                .map_or(lane.as_str(), |l| dossier.lanes[l].label.as_str());
            if ui
                .button(format!("New event on {day} in {lane_label}…"))
                .clicked()
            {
                commands.push(Command::NewEventAt { lane, date: day });
                ui.close();
            }
        }
        if ui.button("New briefing from the visible range…").clicked() {
            commands.push(Command::BriefingFromRange(scale.start_secs, scale.end_secs));
            ui.close();
        }
        if ui.button("Fit all").clicked() {
            commands.push(Command::Run(Action::FitTimeline));
            ui.close();
        }
    });
}

/// The overview: drag the window to pan, drag elsewhere to choose a new range, click to
/// centre the view there. `range_origin` is where a range drag started.
pub fn overview_input(
    response: Response,
    overview: &OverviewLayout,
    view: &mut Option<(f64, f64)>,
    range_origin: &mut Option<f64>,
) {
    let Some((view_start, view_end)) = *view else {
        return;
    };
    let scale = &overview.scale;
    let response = response.on_hover_text("The whole dossier. Drag the window to pan; drag elsewhere to choose a range; click to centre.");
    if response.drag_started() {
        let inside = response
            .interact_pointer_pos()
            .is_some_and(|p| overview.window.contains(p));
        *range_origin = if inside {
            None
        } else {
            response.interact_pointer_pos().map(|p| scale.secs(p.x))
        };
    }
    if response.dragged() {
        if let (Some(origin), Some(p)) = (*range_origin, response.interact_pointer_pos()) {
            let t = scale.secs(p.x.clamp(scale.left_px, scale.right_px));
            if (t - origin).abs() > scale.secs_per_px() * 3.0 {
                *view = Some(view_range(origin.min(t), origin.max(t)));
            }
        } else {
            let shift = f64::from(response.drag_delta().x) * scale.secs_per_px();
            *view = Some(view_range(view_start + shift, view_end + shift));
        }
    }
    if response.drag_stopped() {
        *range_origin = None;
    }
    if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        let centre = scale.secs(p.x);
        let half = (view_end - view_start) / 2.0;
        *view = Some(view_range(centre - half, centre + half));
    }
}
