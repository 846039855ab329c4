//! The timeline panel: its own view state (the visible range, the brushed range), the
//! toolbar, and one frame of the canvas and the overview, run as layout → paint →
//! interaction. Input changes only this panel's state or becomes commands for the app.

use std::sync::Arc;

use egui::{Galley, Sense, Ui};

use crate::model::{Document, Span};
use crate::state::{Selection, Workspace};
use crate::ui::actions::Action;
use crate::ui::commands::Command;
use crate::ui::style::lane_color;
use crate::ui::view::FilteredView;

use super::bands::LaneRows;
use super::canvas::{CanvasLayout, canvas_scale, place_periods};
use super::density;
use super::interaction::{self, CanvasState, EventHit, LaneSpan};
use super::lanes::{Emphasis, LaneEvents, density_counts, lane_events, lane_starts};
use super::layout::{fit_range, view_range, zoom_range};
use super::overview::OverviewLayout;
use super::paint::{self, EventLook};
use super::time_format::{DAY_SECS, describe_range};

/// Height of the overview strip under the lanes.
const OVERVIEW_HEIGHT: f32 = 34.0;

/// The timeline's view state: which time range is visible.
#[derive(Clone, Debug, Default)]
pub struct TimelinePanel {
    /// Visible range in seconds since 1970; chosen on the first frame.
    view: Option<(f64, f64)>,
    /// A time range brushed with Shift+drag, in seconds since 1970.
    pub brush: Option<(f64, f64)>,
    /// Where the context menu was opened: lane id and the day under the pointer.
    context: Option<(String, String)>,
    /// Lane bands of the last frame, top to bottom, for the context menu.
    lane_bands: Vec<LaneSpan>,
    /// Where a range drag on the overview strip started.
    overview_brush: Option<f64>,
}

impl TimelinePanel {
    /// The visible range in seconds since 1970; `None` before the first frame.
    pub fn view(&self) -> Option<(f64, f64)> {
        self.view
    }

    /// Shows `start..end`, kept within the span limits.
    pub fn set_view(&mut self, start: f64, end: f64) {
        self.view = Some(view_range(start, end));
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
        let Some(visible) = self.view else {
            return;
        };
        let overview = OverviewLayout::new(rect, document.index.extent(), visible);
        let counts = density::columns(
            &view.all_starts,
            overview.scale.start_secs,
            overview.scale.end_secs,
            overview.columns,
        );
        paint::overview(&ui.painter_at(rect), rect, &overview, &counts, ui.visuals());
        interaction::overview_input(
            response,
            &overview,
            &mut self.view,
            &mut self.overview_brush,
        );
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

    /// One frame of the canvas: lay out, paint, then turn input into commands. Widgets
    /// are registered in the order they should win the pointer (later on top), and lane
    /// names are real labels painted in lane order.
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
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let Some(visible) = self.view else {
            return;
        };
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals().clone();
        painter.rect_filled(rect, 0.0, visuals.extreme_bg_color);

        // What goes where, periods first: their strip decides where the plot starts.
        let scale = canvas_scale(rect, visible);
        let periods = place_periods(document, &scale, |label| {
            let galley = painter.layout_no_wrap(
                label.to_owned(),
                paint::period_font(),
                visuals.text_color(),
            );
            let width = galley.size().x;
            (galley, width)
        });
        let canvas = CanvasLayout::new(rect, scale, &periods);
        let plot_painter = painter.with_clip_rect(canvas.plot_clip());
        paint::periods(&plot_painter, &canvas, document, &periods, &visuals);
        interaction::period_tooltips(ui, &canvas, document, &periods);
        paint::axis_and_grid(&painter, &plot_painter, &canvas, &visuals);
        paint::today(
            &plot_painter,
            &canvas,
            chrono::Utc::now().timestamp() as f64,
        );

        // Events: first lay out every lane, then share the rows among lanes by need.
        let emphasis = Emphasis::new(workspace, hits);
        let mut measure = |text: String| {
            let galley = painter.layout_no_wrap(text, paint::label_font(), visuals.text_color());
            let width = galley.size().x;
            (galley, width)
        };
        let lanes: Vec<LaneEvents<'_, Arc<Galley>>> = (0..dossier.lanes.len())
            .map(|lane| lane_events(document, view, &scale, lane, &emphasis, &mut measure))
            .collect();
        let needs: Vec<usize> = lanes.iter().map(LaneEvents::rows_needed).collect();
        let rows = LaneRows::share(&needs, canvas.plot.height());

        let mut drawn: Vec<EventHit> = Vec::new();
        self.lane_bands.clear();
        for (band, (lane, events)) in rows
            .bands(canvas.plot.top())
            .zip(dossier.lanes.iter().zip(&lanes))
        {
            self.lane_bands.push((band.top, band.bottom(), band.lane));
            let color = lane_color(&lane.color, band.lane);
            let stacking = events.stack(band.rows);
            paint::lane_background(&painter, &canvas, &band, color, &visuals);
            interaction::lane_name_ui(ui, band.name(&canvas), &lane.label);
            let hidden = events.hidden_labels(&stacking);
            if let Some(position) = band.hint_position(&canvas, hidden) {
                let hint = paint::hidden_hint(&painter, &canvas, &band, position, hidden, &visuals);
                interaction::hidden_hint_tooltip(ui, hint, &band, hidden);
            }
            paint::lane_rule(&painter, &canvas, &band, &visuals);

            let lane_painter = plot_painter.with_clip_rect(band.plot_clip(&canvas));
            if let Some(in_view) = events.dense {
                let density_band = band.density_band(&canvas);
                let counts = density_counts(&scale, lane_starts(view, band.lane));
                paint::density_columns(&lane_painter, &scale, density_band, &counts, color);
                interaction::density_ui(
                    ui,
                    &scale,
                    density_band,
                    &counts,
                    (band.lane, in_view),
                    commands,
                );
            }
            for placed in events.placed(&stacking, &band) {
                let look = EventLook {
                    color,
                    certainty: dossier.events[placed.event].certainty(),
                    dim: !emphasis.involves(placed.event),
                    selected: emphasis.is_selected(placed.event),
                };
                let rect = paint::event(&lane_painter, &scale, &placed, &look, &visuals);
                drawn.push(EventHit {
                    event: placed.event,
                    rect,
                });
            }
        }

        interaction::event_widgets(ui, &drawn, canvas.event_clip(), document, commands);
        // The brushed range, if any, with its actions.
        if let Some(range) = self.brush
            && let Some(band) = paint::brush(&painter, &canvas, range, &visuals)
        {
            interaction::brush_actions_ui(ui, band, &mut self.brush, commands);
        }
        interaction::canvas_input(
            ui,
            &response,
            &canvas,
            &self.lane_bands,
            document,
            CanvasState {
                view: &mut self.view,
                brush: &mut self.brush,
                context: &mut self.context,
            },
            commands,
        );
    }
}
