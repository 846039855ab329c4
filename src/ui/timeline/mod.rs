//! The timeline: a time axis, one lane per dataset lane, events as markers and bars,
//! periods as bands. Zoom with the wheel (anchored at the pointer), pan by dragging,
//! double-click empty space to fit everything.
//!
//! Split like the Rerun time panel: [`axis`] chooses ticks, [`layout`] places events and
//! labels (both pure and unit-tested); this file paints and turns input into commands.

pub mod axis;
pub mod density;
pub mod layout;

use egui::{Align2, Color32, FontId, Rect, RichText, Sense, Stroke, StrokeKind, Ui, pos2, vec2};

use crate::model::{Certainty, Document, Precision, Span};
use crate::state::{Selection, Workspace};

use super::actions::{Action, Command};
use super::style::{ellipsize, lane_color};
use super::view::FilteredView;
use layout::{Item, TimeScale, fit_range, label_extent, stack, zoom_range};

const GUTTER_WIDTH: f32 = 130.0;
const PERIOD_ROW_HEIGHT: f32 = 16.0;
const MAX_PERIOD_ROWS: usize = 3;
const AXIS_HEIGHT: f32 = 28.0;
const ROW_HEIGHT: f32 = 24.0;
/// Space above and below a lane's rows.
const LANE_PADDING: f32 = 8.0;
/// Space kept between neighbouring markers and labels in a row.
const ROW_GAP: f32 = 6.0;
/// The most rows a lane asks for; beyond, labels are hidden and counted.
const MAX_ROWS_PER_LANE: usize = 8;
const MARKER_RADIUS: f32 = 6.0;
const LABEL_GAP: f32 = 5.0;
const MAX_LABEL_CHARS: usize = 60;
/// Past this many events in a lane's view, labels are skipped (the markers stay): label
/// layout must stay bounded per frame.
const MAX_LABELLED_PER_LANE: usize = 400;
const DAY_SECS: f64 = 86_400.0;
/// Past this many events in view, a lane shows density marks instead of markers.
const DENSE_THRESHOLD: usize = 300;
/// Height of the overview strip under the lanes.
const OVERVIEW_HEIGHT: f32 = 34.0;
/// Width of one density column, in pixels.
const COLUMN_PX: f32 = 3.0;
/// Events drawn as separate widgets per frame; dense views are aggregated before this.
const MAX_EVENT_WIDGETS: usize = 2_000;

/// The timeline's view state: which time range is visible.
#[derive(Clone, Debug, Default)]
pub struct TimelinePanel {
    /// Visible range in seconds since 1970; chosen on the first frame.
    view: Option<(f64, f64)>,
    /// A time range brushed with Shift+drag, in seconds since 1970.
    pub brush: Option<(f64, f64)>,
    /// Where the context menu was opened: lane id and the day under the pointer.
    context: Option<(String, String)>,
    /// Lane rectangles of the last frame, top to bottom, for the context menu.
    lane_bands: Vec<(f32, f32, usize)>,
    /// Where a range drag on the overview strip started.
    overview_brush: Option<f64>,
}

/// One event as drawn this frame, for hit testing.
struct DrawnEvent {
    event: usize,
    hit: Rect,
}

impl TimelinePanel {
    pub fn view(&self) -> Option<(f64, f64)> {
        self.view
    }

    pub fn set_view(&mut self, start: f64, end: f64) {
        let (start, end) = layout::clamp_range(start, end.max(start + 1.0));
        self.view = Some((start, end));
    }

    /// Forgets the view, so the next frame picks the opening view of the document.
    pub fn reset(&mut self) {
        self.view = None;
    }

    /// Shows every event and period.
    pub fn fit_all(&mut self, document: &Document) {
        let (start, end) = document
            .index
            .extent()
            .map_or((0.0, 365.0 * DAY_SECS), |(a, b)| (a as f64, b as f64));
        let (start, end) = fit_range(start, end);
        self.set_view(start, end);
    }

    /// The view a document opens on: its most important events (the story), so that a
    /// dossier with years of context still opens on the week that matters. Home shows
    /// everything.
    pub fn opening_view(document: &Document) -> Option<(f64, f64)> {
        let index = &document.index;
        let events = &document.dossier.events;
        let top = events.iter().map(crate::model::Event::importance).max()?;
        let spans: Vec<&Span> = (0..events.len())
            .filter(|&i| events[i].importance() == top)
            .filter_map(|i| index.event_span(i))
            .collect();
        let start = spans.iter().map(|s| s.start_secs).min()? as f64;
        let end = spans.iter().map(|s| s.end_secs).max()? as f64;
        Some(fit_range(start, end))
    }

    /// Zooms by `factor` (> 1 zooms in) around the centre of the view.
    pub fn zoom(&mut self, factor: f64) {
        if let Some((start, end)) = self.view {
            let (a, b) = zoom_range(start, end, factor, f64::midpoint(start, end));
            self.set_view(a, b);
        }
    }

    /// Shows the selected event, or the events of the selected entity or briefing.
    pub fn zoom_to_selection(&mut self, workspace: &Workspace) {
        let document = &workspace.document;
        let index = &document.index;
        let events: Vec<usize> = match workspace.selection() {
            None => return,
            Some(Selection::Event(id)) => index.event(id).into_iter().collect(),
            Some(Selection::Entity(id)) => index
                .entity(id)
                .map(|e| index.entity_events(e).to_vec())
                .unwrap_or_default(),
            Some(Selection::Briefing(id)) => index
                .briefing(id)
                .map(|b| {
                    document.dossier.briefings[b]
                        .events
                        .iter()
                        .filter_map(|e| index.event(e))
                        .collect()
                })
                .unwrap_or_default(),
        };
        let spans: Vec<&Span> = events.iter().filter_map(|&e| index.event_span(e)).collect();
        let (Some(start), Some(end)) = (
            spans.iter().map(|s| s.start_secs).min(),
            spans.iter().map(|s| s.end_secs).max(),
        ) else {
            return;
        };
        let (a, b) = fit_range(start as f64, end as f64);
        self.set_view(a, b);
    }

    /// Makes sure an event is on screen, panning (not zooming) if it is not.
    pub fn reveal(&mut self, document: &Document, event: usize) {
        let (Some((start, end)), Some(span)) = (self.view, document.index.event_span(event)) else {
            return;
        };
        let (a, b) = (span.start_secs as f64, span.end_secs as f64);
        if a >= start && b <= end {
            return;
        }
        let width = end - start;
        let centre = f64::midpoint(a, b);
        self.set_view(centre - width / 2.0, centre + width / 2.0);
    }

    /// Places the visible periods in rows of the period strip.
    fn period_strip(ui: &Ui, document: &Document, scale: &TimeScale) -> Vec<PlacedPeriod> {
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
            let galley = ui.painter().layout_no_wrap(
                period.label.clone(),
                FontId::proportional(11.0),
                ui.visuals().text_color(),
            );
            // A period's label must fit inside its band.
            let fits = galley.size().x + 8.0 <= x1 - x0;
            items.push(Item {
                x0,
                x1,
                label: fits.then_some((x0, x1)),
                importance: 3,
            });
            visible.push((p, x0, x1, fits.then_some(galley)));
        }
        let stacking = stack(&items, MAX_PERIOD_ROWS, 2.0);
        visible
            .into_iter()
            .zip(stacking.placements)
            .map(|((period, x0, x1, galley), placement)| PlacedPeriod {
                period,
                x0,
                x1,
                row: placement.row,
                galley: galley.filter(|_| placement.labelled),
            })
            .collect()
    }

    /// The timeline of `workspace`, showing only what passes the filters of `view`;
    /// `hits` (search results, in time order) are highlighted when given.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        workspace: &Workspace,
        view: &FilteredView,
        hits: Option<&[usize]>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let document = &workspace.document;
        if self.view.is_none() {
            match Self::opening_view(document) {
                Some((a, b)) => self.set_view(a, b),
                None => self.fit_all(document),
            }
        }
        self.toolbar_ui(ui, &mut commands);
        ui.add_space(2.0);
        let overview_height = OVERVIEW_HEIGHT.min(ui.available_height() * 0.2);
        let canvas_height = (ui.available_height() - overview_height - 4.0).max(60.0);
        ui.allocate_ui(egui::vec2(ui.available_width(), canvas_height), |ui| {
            self.canvas_ui(ui, workspace, view, hits, &mut commands);
        });
        ui.add_space(4.0);
        self.overview_ui(ui, document, view);
        commands
    }

    /// The density of all (filtered) events over the whole span, with the visible range
    /// as a window: drag the window to pan, drag elsewhere to choose a new range.
    fn overview_ui(&mut self, ui: &mut Ui, document: &Document, view: &FilteredView) {
        let (rect, response) = ui.allocate_exact_size(
            egui::vec2(ui.available_width(), ui.available_height().max(20.0)),
            Sense::click_and_drag(),
        );
        let Some((view_start, view_end)) = self.view else {
            return;
        };
        let visuals = ui.visuals().clone();
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
        let (first, last) = document
            .index
            .extent()
            .map_or((view_start, view_end), |(a, b)| (a as f64, b as f64));
        let (first, last) = fit_range(first.min(view_start), last.max(view_end));
        let scale = TimeScale {
            start_secs: first,
            end_secs: last,
            left_px: rect.left() + GUTTER_WIDTH,
            right_px: rect.right(),
        };
        painter.text(
            pos2(rect.left() + 8.0, rect.center().y),
            Align2::LEFT_CENTER,
            "Overview",
            FontId::proportional(11.0),
            visuals.weak_text_color(),
        );
        let bars = density::columns(
            &view.all_starts,
            first,
            last,
            ((scale.right_px - scale.left_px) / 2.0).max(1.0) as usize,
        );
        let max = bars.iter().copied().max().unwrap_or(0);
        let color = visuals.widgets.inactive.fg_stroke.color;
        for (i, &count) in bars.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let x = scale.left_px + i as f32 * 2.0;
            let h = density::bar_height(count, max) * (rect.height() - 4.0);
            painter.rect_filled(
                Rect::from_min_max(
                    pos2(x, rect.bottom() - 2.0 - h),
                    pos2(x + 2.0, rect.bottom() - 2.0),
                ),
                0.0,
                color.gamma_multiply(0.7),
            );
        }
        let window = Rect::from_x_y_ranges(
            scale.x(view_start).max(scale.left_px)
                ..=scale
                    .x(view_end)
                    .min(scale.right_px)
                    .max(scale.x(view_start) + 3.0),
            rect.y_range(),
        );
        painter.rect_filled(window, 2.0, visuals.selection.bg_fill.gamma_multiply(0.3));
        painter.rect_stroke(
            window,
            2.0,
            Stroke::new(1.5, visuals.selection.stroke.color),
            StrokeKind::Inside,
        );
        let response = response.on_hover_text("The whole dossier. Drag the window to pan; drag elsewhere to choose a range; click to centre.");
        if response.drag_started() {
            let inside = response
                .interact_pointer_pos()
                .is_some_and(|p| window.contains(p));
            self.overview_brush = if inside {
                None
            } else {
                response.interact_pointer_pos().map(|p| scale.secs(p.x))
            };
        }
        if response.dragged() {
            if let (Some(origin), Some(p)) = (self.overview_brush, response.interact_pointer_pos())
            {
                let t = scale.secs(p.x.clamp(scale.left_px, scale.right_px));
                if (t - origin).abs() > scale.secs_per_px() * 3.0 {
                    self.set_view(origin.min(t), origin.max(t));
                }
            } else {
                let shift = f64::from(response.drag_delta().x) * scale.secs_per_px();
                self.set_view(view_start + shift, view_end + shift);
            }
        }
        if response.drag_stopped() {
            self.overview_brush = None;
        }
        if response.clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            let centre = scale.secs(p.x);
            let half = (view_end - view_start) / 2.0;
            self.set_view(centre - half, centre + half);
        }
    }

    fn toolbar_ui(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.strong("Timeline");
            ui.separator();
            for (action, text) in [
                (Action::FitTimeline, "Fit all"),
                (Action::ZoomToSelection, "Zoom to selection"),
                (Action::ZoomOut, "−"),
                (Action::ZoomIn, "+"),
            ] {
                let hint = match action.shortcut() {
                    Some(s) => format!("{} ({})", action.label(), ui.ctx().format_shortcut(&s)),
                    None => action.label().to_owned(),
                };
                let button = ui.button(text).on_hover_text(hint);
                if button.clicked() {
                    commands.push(Command::Run(action));
                }
            }
            if let Some((start, end)) = self.view {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.weak(describe_range(start, end));
                });
            }
        });
    }

    fn canvas_ui(
        &mut self,
        ui: &mut Ui,
        workspace: &Workspace,
        view: &FilteredView,
        hits: Option<&[usize]>,
        commands: &mut Vec<Command>,
    ) {
        let document = &workspace.document;
        let dossier = &document.dossier;
        let index = &document.index;
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let Some((view_start, view_end)) = self.view else {
            return;
        };
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals().clone();
        painter.rect_filled(rect, 0.0, visuals.extreme_bg_color);

        let scale = TimeScale {
            start_secs: view_start,
            end_secs: view_end,
            left_px: rect.left() + GUTTER_WIDTH,
            right_px: rect.right(),
        };
        // Periods get a strip of their own under the axis, so their labels never sit on
        // the events' labels; its height depends on how many rows they need.
        let periods = Self::period_strip(ui, document, &scale);
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
        let plot_painter =
            painter.with_clip_rect(Rect::from_min_max(pos2(plot.left(), rect.top()), rect.max));

        // Periods: bands behind the lanes, labelled in their strip.
        let strip_top = rect.top() + AXIS_HEIGHT + 2.0;
        for placed in &periods {
            let period = &dossier.periods[placed.period];
            let color = lane_color(&period.color, placed.period + 3);
            let band = Rect::from_x_y_ranges(placed.x0..=placed.x1, plot.y_range());
            plot_painter.rect_filled(band, 0.0, color.gamma_multiply(0.10));
            let y = strip_top + placed.row as f32 * PERIOD_ROW_HEIGHT;
            let tab =
                Rect::from_x_y_ranges(placed.x0..=placed.x1, y..=(y + PERIOD_ROW_HEIGHT - 2.0));
            plot_painter.rect_filled(tab, 3.0, color.gamma_multiply(0.25));
            if let Some(galley) = &placed.galley {
                let x = placed.x0.max(plot.left()) + 4.0;
                plot_painter.galley(pos2(x, y), galley.clone(), visuals.text_color());
            }
            ui.interact(
                tab.intersect(plot.expand2(vec2(0.0, period_strip_height + 4.0))),
                ui.scope_id().with(("period", placed.period)),
                Sense::hover(),
            )
            .on_hover_text(format!(
                "{}\n{}{}",
                period.label,
                index
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

        // Axis: grid lines through the lanes and labels above them.
        let (_, ticks) = axis::ticks(view_start, view_end, f64::from(plot.width()), 90.0);
        let grid = visuals.widgets.noninteractive.bg_stroke.color;
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
                FontId::proportional(12.0),
                label_color,
            );
        }
        painter.hline(rect.x_range(), plot.top(), Stroke::new(1.0, grid));

        // Today, when in view.
        let now = chrono::Utc::now().timestamp() as f64;
        if now >= view_start && now <= view_end {
            let x = scale.x(now);
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
                FontId::proportional(11.0),
                red,
            );
        }

        // Events: first lay out every lane, then share the rows among lanes by need.
        let selected_event = workspace.selected_event();
        // A selected entity or briefing highlights its events and dims the others.
        let highlighted = match hits {
            Some(hits) => Some(std::borrow::Cow::Borrowed(hits)),
            None => workspace.highlighted_events(),
        };
        let involves = |e: usize| {
            highlighted.as_ref().is_none_or(|events| {
                let rank = index.rank(e);
                events
                    .binary_search_by_key(&rank, |&x| index.rank(x))
                    .is_ok()
            })
        };
        let label_font = FontId::proportional(13.0);
        let lanes: Vec<LaneLayout> = (0..dossier.lanes.len())
            .map(|lane| {
                // Too many events for markers: draw their density instead. Counting them
                // is two binary searches, whatever the size of the dossier.
                let starts = view.lane_starts.get(lane).map_or(&[][..], Vec::as_slice);
                let in_view = starts.partition_point(|&s| (s as f64) < view_end)
                    - starts.partition_point(|&s| (s as f64) < view_start);
                if in_view > DENSE_THRESHOLD {
                    return LaneLayout {
                        visible: Vec::new(),
                        items: Vec::new(),
                        galleys: Vec::new(),
                        want_labels: false,
                        dense: Some(in_view),
                    };
                }
                let candidates = index.lane_events_between(
                    lane,
                    view_start.floor() as i64,
                    view_end.ceil() as i64,
                );
                let visible: Vec<(usize, &Span)> = candidates
                    .iter()
                    .filter(|&&e| view.passes(e))
                    .filter_map(|&e| index.event_span(e).map(|s| (e, s)))
                    .filter(|(_, s)| (s.end_secs as f64) > view_start)
                    .collect();
                let want_labels = visible.len() <= MAX_LABELLED_PER_LANE;
                let mut items = Vec::with_capacity(visible.len());
                let mut galleys = Vec::with_capacity(visible.len());
                for &(e, span) in &visible {
                    let event = &dossier.events[e];
                    let (x0, x1) = marker_extent(&scale, span);
                    let galley = want_labels.then(|| {
                        let text = label_text(&event.title, span, event.certainty());
                        painter.layout_no_wrap(text, label_font.clone(), visuals.text_color())
                    });
                    let label = galley.as_ref().map(|g| {
                        label_extent(x0, x1, g.size().x, LABEL_GAP, plot.left(), plot.right())
                    });
                    // The selection and the highlighted entity's events keep their labels first.
                    let importance = if Some(e) == selected_event {
                        u8::MAX
                    } else if highlighted.is_some() && involves(e) {
                        event.importance().saturating_add(10)
                    } else {
                        event.importance()
                    };
                    items.push(Item {
                        x0,
                        x1,
                        label,
                        importance,
                    });
                    galleys.push(galley);
                }
                LaneLayout {
                    visible,
                    items,
                    galleys,
                    want_labels,
                    dense: None,
                }
            })
            .collect();
        let needs: Vec<usize> = lanes
            .iter()
            .map(|l| {
                if l.dense.is_some() {
                    DENSE_ROWS
                } else {
                    layout::rows_needed(&l.items, MAX_ROWS_PER_LANE, ROW_GAP)
                }
            })
            .collect();
        let total_rows = ((plot.height() - LANE_PADDING * lanes.len() as f32) / ROW_HEIGHT)
            .floor()
            .max(0.0) as usize;
        let rows = layout::allocate_rows(&needs, total_rows);
        let spare = plot.height()
            - rows
                .iter()
                .map(|&r| r as f32 * ROW_HEIGHT + LANE_PADDING)
                .sum::<f32>();
        let extra_per_lane = (spare / lanes.len().max(1) as f32).max(0.0);
        // More lanes than room even at one row each: squeeze them all rather than push
        // the last ones off the panel.
        let squeeze = if spare < 0.0 {
            (plot.height() / (plot.height() - spare)).max(0.3)
        } else {
            1.0
        };

        let mut drawn: Vec<DrawnEvent> = Vec::new();
        self.lane_bands.clear();
        let mut lane_top = plot.top();
        for (lane_position, (lane, lane_layout)) in dossier.lanes.iter().zip(&lanes).enumerate() {
            let lane_rows = rows[lane_position];
            let lane_height =
                (lane_rows as f32 * ROW_HEIGHT + LANE_PADDING + extra_per_lane) * squeeze;
            let lane_rect =
                Rect::from_min_size(pos2(rect.left(), lane_top), vec2(rect.width(), lane_height));
            self.lane_bands
                .push((lane_top, lane_top + lane_height, lane_position));
            if lane_position % 2 == 1 {
                painter.rect_filled(lane_rect, 0.0, visuals.faint_bg_color.gamma_multiply(0.8));
            }
            let color = lane_color(&lane.color, lane_position);
            let stacking = stack(&lane_layout.items, lane_rows, ROW_GAP);

            // Lane label and the count of labels that did not fit.
            let label_rect = Rect::from_min_size(lane_rect.min, vec2(GUTTER_WIDTH, lane_height));
            let gutter = painter.with_clip_rect(label_rect.intersect(rect));
            gutter.rect_filled(
                Rect::from_min_size(pos2(rect.left() + 8.0, lane_top + 6.0), vec2(4.0, 16.0)),
                2.0,
                color,
            );
            // A real label, so that the lane is named for screen readers and tests.
            let name_rect = Rect::from_min_size(
                pos2(rect.left() + 18.0, lane_top + 3.0),
                vec2(GUTTER_WIDTH - 22.0, 18.0),
            );
            ui.scope_builder(
                egui::UiBuilder::new()
                    .max_rect(name_rect)
                    .layout(egui::Layout::left_to_right(egui::Align::Min)),
                |ui| {
                    ui.add(
                        egui::Label::new(RichText::new(&lane.label).strong().size(14.0)).truncate(),
                    )
                },
            );
            let hidden = stacking.hidden_labels
                + if lane_layout.want_labels {
                    0
                } else {
                    lane_layout.visible.len()
                };
            if hidden > 0 && lane_height >= 40.0 {
                let hint = gutter.text(
                    pos2(rect.left() + 18.0, lane_top + 22.0),
                    Align2::LEFT_TOP,
                    format!("+{hidden} more"),
                    FontId::proportional(11.0),
                    visuals.weak_text_color(),
                );
                ui.interact(hint, ui.scope_id().with(("hidden-labels", lane_position)), Sense::hover())
                    .on_hover_text(format!("{hidden} labels in this lane do not fit; zoom in or make the timeline taller to see them."));
            }
            painter.hline(
                rect.x_range(),
                lane_top + lane_height,
                Stroke::new(0.5, grid),
            );

            let lane_painter = plot_painter.with_clip_rect(
                Rect::from_x_y_ranges(plot.x_range(), lane_top..=lane_top + lane_height)
                    .intersect(plot),
            );
            if let Some(count) = lane_layout.dense {
                let band = Rect::from_x_y_ranges(
                    plot.x_range(),
                    (lane_top + 4.0)..=(lane_top + lane_height - 4.0),
                );
                let starts = view
                    .lane_starts
                    .get(lane_position)
                    .map_or(&[][..], Vec::as_slice);
                Self::density_ui(
                    ui,
                    &lane_painter,
                    &scale,
                    band,
                    starts,
                    color,
                    count,
                    lane_position,
                    commands,
                );
            }
            for (k, &(e, span)) in lane_layout.visible.iter().enumerate() {
                let event = &dossier.events[e];
                let placement = stacking.placements[k];
                let y = lane_top
                    + (LANE_PADDING / 2.0
                        + extra_per_lane / 2.0
                        + placement.row as f32 * ROW_HEIGHT
                        + ROW_HEIGHT / 2.0)
                        * squeeze;
                let item = lane_layout.items[k];
                let dim = !involves(e);
                let selected = Some(e) == selected_event;
                let style = MarkerStyle {
                    color: if dim {
                        color.gamma_multiply(0.25)
                    } else {
                        color
                    },
                    certainty: event.certainty(),
                    imprecise: span.start.precision < Precision::Day && !span.is_range(),
                    qualified: span.is_qualified(),
                    selected,
                    selection_stroke: visuals.selection.stroke,
                    background: visuals.extreme_bg_color,
                };
                let marker = paint_marker(&lane_painter, &scale, span, item, y, &style);
                let mut hit = marker.expand(3.0);
                if placement.labelled
                    && let Some(galley) = &lane_layout.galleys[k]
                    && let Some((label_x, _)) = item.label
                {
                    let text_color = if dim {
                        visuals.weak_text_color().gamma_multiply(0.6)
                    } else if selected {
                        visuals.strong_text_color()
                    } else {
                        visuals.text_color()
                    };
                    let pos = pos2(label_x, y - galley.size().y / 2.0);
                    let label_rect = Rect::from_min_size(pos, galley.size());
                    let inside = label_rect.left() >= item.x0 && label_rect.right() <= item.x1;
                    if !inside {
                        lane_painter.rect_filled(
                            label_rect.expand(1.0),
                            3.0,
                            visuals.extreme_bg_color.gamma_multiply(0.75),
                        );
                    }
                    lane_painter.galley(pos, galley.clone(), text_color);
                    hit = hit.union(label_rect);
                }
                drawn.push(DrawnEvent { event: e, hit });
            }
            lane_top += lane_height;
        }

        // Each drawn event is a widget of its own: clickable, with a tooltip, and named
        // for screen readers (and tests) by its title. Drags fall through to the canvas.
        let clip = plot.intersect(rect);
        for drawn_event in drawn.iter().take(MAX_EVENT_WIDGETS) {
            let Some(hit) = Some(drawn_event.hit.intersect(clip)).filter(egui::Rect::is_positive)
            else {
                continue;
            };
            let e = drawn_event.event;
            let event = &dossier.events[e];
            let widget = ui.interact(hit, ui.scope_id().with(("event", e)), Sense::click());
            widget
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &event.title));
            let widget = widget
                .on_hover_cursor(egui::CursorIcon::PointingHand)
                .on_hover_ui(|ui| {
                    let lane = index
                        .lane(&event.lane)
                        .map_or(event.lane.as_str(), |l| dossier.lanes[l].label.as_str());
                    ui.set_max_width(340.0);
                    ui.strong(&event.title);
                    ui.label(index.event_span(e).map(Span::long).unwrap_or_default());
                    ui.label(format!("Lane: {lane}"));
                    let certainty = event.certainty();
                    if certainty != Certainty::Confirmed {
                        ui.label(format!("Certainty: {}", certainty.key()));
                    }
                });
            if widget.clicked() {
                commands.push(Command::Select(Some(Selection::Event(event.id.clone()))));
            }
        }

        // The brushed range, if any, with its actions.
        if let Some((a, b)) = self.brush {
            let (x0, x1) = (scale.x(a).max(plot.left()), scale.x(b).min(plot.right()));
            if x1 > x0 {
                let band = Rect::from_x_y_ranges(x0..=x1, plot.y_range());
                painter.rect_filled(band, 0.0, visuals.selection.bg_fill.gamma_multiply(0.25));
                painter.rect_stroke(
                    band,
                    0.0,
                    Stroke::new(1.0, visuals.selection.stroke.color),
                    StrokeKind::Inside,
                );
                let anchor = pos2(x0 + 4.0, plot.top() + 4.0);
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
                                    self.brush = None;
                                }
                            });
                        });
                    });
            }
        }

        // The canvas itself: double-click empty space to fit, drag to pan (Shift+drag to
        // brush a range), wheel to zoom, right-click for a menu.
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
            self.brush = Some((t, t));
        }
        if response.dragged() {
            if let (Some((anchor, _)), true, Some(p)) =
                (self.brush, shift_held, response.interact_pointer_pos())
            {
                // The brush runs from where the drag started to the pointer.
                let t = scale.secs(p.x.clamp(plot.left(), plot.right()));
                let origin = ui
                    .input(|i| i.pointer.press_origin())
                    .map_or(anchor, |o| scale.secs(o.x.clamp(plot.left(), plot.right())));
                self.brush = Some((origin.min(t), origin.max(t)));
            } else {
                let dx = f64::from(response.drag_delta().x);
                let shift = dx * scale.secs_per_px();
                self.set_view(view_start - shift, view_end - shift);
            }
        }
        if response.drag_stopped()
            && let Some((a, b)) = self.brush
            && (b - a) / scale.secs_per_px() < 4.0
        {
            // A shift-click is not a range.
            self.brush = None;
        }
        if response.secondary_clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            let lane = self
                .lane_bands
                .iter()
                .find(|(top, bottom, _)| p.y >= *top && p.y < *bottom)
                .or(self.lane_bands.first())
                .map(|&(_, _, l)| dossier.lanes[l].id.clone());
            let day = day_string(scale.secs(p.x.max(plot.left())));
            self.context = lane.map(|l| (l, day));
        }
        response.context_menu(|ui| {
            if let Some((lane, day)) = self.context.clone() {
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
                commands.push(Command::BriefingFromRange(view_start, view_end));
                ui.close();
            }
            if ui.button("Fit all").clicked() {
                commands.push(Command::Run(Action::FitTimeline));
                ui.close();
            }
        });
        if response.hovered() {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            let factor = f64::from(zoom) * (f64::from(scroll.y) / 240.0).exp();
            let (mut start, mut end) = self.view.unwrap_or((view_start, view_end));
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
                self.set_view(start, end);
            }
        }
    }
}

/// One lane's visible events, laid out before rows are shared among lanes.
struct LaneLayout<'a> {
    visible: Vec<(usize, &'a Span)>,
    items: Vec<Item>,
    galleys: Vec<Option<std::sync::Arc<egui::Galley>>>,
    want_labels: bool,
    /// `Some(n)`: the lane has `n` events in view, drawn as density marks.
    dense: Option<usize>,
}

/// A period placed in the period strip.
struct PlacedPeriod {
    period: usize,
    x0: f32,
    x1: f32,
    row: usize,
    galley: Option<std::sync::Arc<egui::Galley>>,
}

/// Rows a lane in density mode asks for.
const DENSE_ROWS: usize = 1;

impl TimelinePanel {
    /// Draws a lane's events as density columns: bar heights on a log scale, so a lone
    /// event still shows next to thousands. Hover tells the count; a click zooms in.
    #[allow(clippy::too_many_arguments)] // One call site; a struct would only rename them.
    fn density_ui(
        ui: &Ui,
        painter: &egui::Painter,
        scale: &TimeScale,
        band: Rect,
        starts: &[i64],
        color: Color32,
        in_view: usize,
        lane: usize,
        commands: &mut Vec<Command>,
    ) {
        let columns = ((scale.right_px - scale.left_px) / COLUMN_PX).max(1.0) as usize;
        let counts = density::columns(starts, scale.start_secs, scale.end_secs, columns);
        let max = counts.iter().copied().max().unwrap_or(0);
        for (i, &count) in counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let x = scale.left_px + i as f32 * COLUMN_PX;
            let h = density::bar_height(count, max) * band.height();
            let bar = Rect::from_min_max(
                pos2(x, band.bottom() - h),
                pos2(x + COLUMN_PX - 0.5, band.bottom()),
            );
            painter.rect_filled(bar, 0.0, color.gamma_multiply(0.75));
        }
        let response = ui.interact(band, ui.scope_id().with(("density", lane)), Sense::click());
        if let Some(p) = response.hover_pos() {
            let column = (((p.x - scale.left_px) / COLUMN_PX).max(0.0) as usize)
                .min(columns.saturating_sub(1));
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

/// Left and right pixel edges of an event's marker or bar.
fn marker_extent(scale: &TimeScale, span: &Span) -> (f32, f32) {
    if span.is_range() {
        let x0 = scale.x(span.start_secs as f64);
        let x1 = scale.x(span.end_secs as f64).max(x0 + 2.0 * MARKER_RADIUS);
        (x0, x1)
    } else {
        let centre = scale.x((span.start_secs + span.end_secs) as f64 / 2.0);
        (centre - MARKER_RADIUS, centre + MARKER_RADIUS)
    }
}

/// Paints a marker (point) or bar (range) and returns its rectangle.
fn paint_marker(
    painter: &egui::Painter,
    scale: &TimeScale,
    span: &Span,
    item: Item,
    y: f32,
    style: &MarkerStyle,
) -> Rect {
    let fill = match style.certainty {
        Certainty::Confirmed => style.color,
        Certainty::Reported => style.color.gamma_multiply(0.55),
        Certainty::Uncertain => style.background,
    };
    let outline = Stroke::new(1.5, style.color);
    let rect = if span.is_range() {
        let bar = Rect::from_x_y_ranges(item.x0..=item.x1, (y - 7.0)..=(y + 7.0));
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
        bar
    } else {
        let centre = pos2(f32::midpoint(item.x0, item.x1), y);
        if style.imprecise {
            // A month or a year: a soft band over the whole period the date covers.
            let (a, b) = (
                scale.x(span.start_secs as f64),
                scale.x(span.end_secs as f64),
            );
            if b - a > 2.0 * MARKER_RADIUS {
                painter.rect_filled(
                    Rect::from_x_y_ranges(a..=b, (y - 3.0)..=(y + 3.0)),
                    3.0,
                    style.color.gamma_multiply(0.22),
                );
            }
            let diamond = vec![
                centre + vec2(0.0, -MARKER_RADIUS - 1.0),
                centre + vec2(MARKER_RADIUS + 1.0, 0.0),
                centre + vec2(0.0, MARKER_RADIUS + 1.0),
                centre + vec2(-MARKER_RADIUS - 1.0, 0.0),
            ];
            painter.add(egui::Shape::convex_polygon(
                diamond,
                fill.gamma_multiply(0.6),
                outline,
            ));
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
        Rect::from_center_size(centre, vec2(2.0 * MARKER_RADIUS, 2.0 * MARKER_RADIUS))
    };
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

fn dashed_rect(painter: &egui::Painter, rect: Rect, stroke: Stroke) {
    let corners = [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ];
    painter.add(egui::Shape::dashed_line(&corners, stroke, 4.0, 3.0));
}

/// The label of an event on the timeline: its title, marked when the date is approximate
/// or the event uncertain.
fn label_text(title: &str, span: &Span, certainty: Certainty) -> String {
    let title = ellipsize(title, MAX_LABEL_CHARS);
    let prefix = if span.is_qualified() { "~ " } else { "" };
    let suffix = match certainty {
        Certainty::Uncertain => " (?)",
        _ => "",
    };
    format!("{prefix}{title}{suffix}")
}

/// The day containing an instant, as a date string: "2025-07-26".
pub fn day_string(secs: f64) -> String {
    let (y, m, d) = crate::model::date::civil_from_days((secs / DAY_SECS).floor() as i64);
    crate::model::FuzzyDate::day(y, m, d).to_string()
}

/// "12 Jul – 3 Aug 2025" for the toolbar.
pub fn describe_range(start: f64, end: f64) -> String {
    let day = |secs: f64| crate::model::date::civil_from_days((secs / DAY_SECS).floor() as i64);
    let (y0, m0, d0) = day(start);
    let (y1, m1, d1) = day(end);
    let month = |m: u8| crate::model::date::month_name(m).get(..3).unwrap_or("?");
    let year = crate::model::date::display_year;
    if end - start > 3.0 * 365.0 * DAY_SECS {
        format!("{} – {}", year(y0), year(y1))
    } else if y0 == y1 {
        format!("{d0} {} – {d1} {} {}", month(m0), month(m1), year(y1))
    } else {
        format!(
            "{d0} {} {} – {d1} {} {}",
            month(m0),
            year(y0),
            month(m1),
            year(y1)
        )
    }
}
