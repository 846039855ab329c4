//! The timeline panel: its own view state (the visible range, the brushed range), the
//! toolbar, and one frame of the canvas and the overview, run as layout → paint →
//! interaction. Input changes only this panel's state or becomes commands for the app.

use std::collections::HashSet;
use std::sync::Arc;

use egui::{Galley, Rect, Sense, Ui};

use crate::model::Document;
use crate::state::{Selection, Workspace};
use crate::ui::actions::Action;
use crate::ui::commands::Command;
use crate::ui::style::lane_color;
use crate::ui::view::FilteredView;

use super::bands::ROW_HEIGHT;
use super::canvas::{CanvasLayout, canvas_scale, place_periods};
use super::density;
use super::interaction::{self, CanvasState, EventHit, LaneSpan};
use super::lanes::{
    Emphasis, LaneEvents, MAX_ROWS_PER_LANE, PlacedCluster, density_counts, lane_events, lane_rows,
};
use super::layout::{Stacking, fit_range, view_range, zoom_range};
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
    /// How far the lanes are scrolled down, in points, when they are taller than the plot.
    scroll_y: f32,
    /// Lanes collapsed to one row (positions in the dossier's lanes).
    collapsed: HashSet<usize>,
    /// The one lane shown, filling the timeline (double-click a lane's name).
    focused: Option<usize>,
    /// What the last frame drew.
    last: Drawn,
    /// The lanes' layout of the last frame, and what it was computed for.
    cache: Option<LayoutCache>,
}

/// What the lanes' layout depends on besides the document's content.
#[derive(Clone, Debug, PartialEq)]
struct LayoutKey {
    generation: u64,
    /// The filtered view's revision.
    filter: u64,
    visible: (f64, f64),
    rect: Rect,
    /// The selection: its events keep their labels first.
    selection: Option<Selection>,
    /// The search results, by length, address and ends (a new search is a new list).
    hits: Option<(usize, usize, Option<usize>, Option<usize>)>,
    collapsed: Vec<usize>,
    focused: Option<usize>,
    dark: bool,
    pixels_per_point: f32,
    /// Measured labels point into the font atlas: when it fills up it is cleared (its
    /// fill drops) and labels are laid out again.
    atlas_fill: f32,
}

/// The lanes' layout kept between frames.
#[derive(Clone, Debug)]
struct LayoutCache {
    key: LayoutKey,
    /// The lanes shown, top to bottom (positions in the dossier's lanes).
    shown: Vec<usize>,
    lanes: Vec<LaneEvents<Arc<Galley>>>,
    stackings: Vec<Stacking>,
}

/// What a frame of the timeline drew: which events, which of them with their label,
/// how many labels gave way and how many events were merged into clusters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    /// Events drawn as markers or bars (positions in the dossier's events).
    pub events: Vec<usize>,
    /// Of those, the events drawn with their label.
    pub labelled: Vec<usize>,
    /// Labels that did not fit ("+n more").
    pub hidden_labels: usize,
    /// Events counted in cluster marks instead of drawn.
    pub clustered: usize,
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

    /// The most rows of events a lane gets: one when collapsed, as many as the plot
    /// holds when it is the focused lane.
    fn max_rows(&self, lane: usize, plot_height: f32) -> usize {
        if self.collapsed.contains(&lane) {
            1
        } else if self.focused == Some(lane) {
            ((plot_height / ROW_HEIGHT) as usize).max(MAX_ROWS_PER_LANE)
        } else {
            MAX_ROWS_PER_LANE
        }
    }

    /// What the last frame drew.
    pub fn drawn(&self) -> &Drawn {
        &self.last
    }

    /// The lane shown alone, if one is focused.
    pub fn focused_lane(&self) -> Option<usize> {
        self.focused
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
        let top = events.iter().map(|e| e.importance()).max()?;
        let (start, end) =
            index.events_extent((0..events.len()).filter(|&i| events[i].importance() == top))?;
        Some(fit_range(start as f64, end as f64))
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
            Some(Selection::Event(id)) => index.event(&document.dossier, id).into_iter().collect(),
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
                        .filter_map(|e| index.event(&document.dossier, e))
                        .collect()
                })
                .unwrap_or_default(),
        };
        let Some((start, end)) = index.events_extent(events) else {
            return;
        };
        let (a, b) = fit_range(start as f64, end as f64);
        self.set_view(a, b);
    }

    /// Makes sure an event is on screen, panning (not zooming) if it is not.
    pub fn reveal(&mut self, document: &Document, event: usize) {
        let (Some((start, end)), Some((a, b))) = (self.view, document.index.event_secs(event))
        else {
            return;
        };
        let (a, b) = (a as f64, b as f64);
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
        let focused_name = self
            .focused
            .and_then(|l| document.dossier.lanes.get(l))
            .map(|l| l.label.as_str());
        self.toolbar_ui(ui, focused_name, &mut commands);
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
            view.all_starts(&document.index),
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

    fn toolbar_ui(
        &mut self,
        ui: &mut Ui,
        document_lane_name: Option<&str>,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            ui.strong("Timeline");
            ui.separator();
            for (action, text) in [
                (Action::FitTimeline, "Fit all"),
                (Action::ZoomToSelection, "Zoom to selection"),
                (Action::ZoomOut, "−"),
                (Action::ZoomIn, "+"),
                (Action::ToggleEventTable, "Table"),
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
            if let Some(name) = document_lane_name
                && ui
                    .button("All lanes")
                    .on_hover_text(format!("Showing only {name}; show every lane again"))
                    .clicked()
            {
                self.focused = None;
            }
            // The visible range, right-aligned, only where it fits beside the buttons.
            if let Some((start, end)) = self.view {
                let text = describe_range(start, end);
                let galley = ui.painter().layout_no_wrap(
                    text.clone(),
                    egui::TextStyle::Body.resolve(ui.style()),
                    ui.visuals().weak_text_color(),
                );
                if galley.size().x + 8.0 <= ui.available_width() {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.weak(text);
                    });
                }
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
        // Tab stops here: say what it is, for screen readers and the focus order.
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Timeline"));
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
        // The lanes' layout is kept while nothing it depends on changes (most frames:
        // the pointer moving, a tooltip, a repaint), and computed again when it does.
        let key = LayoutKey {
            generation: workspace.generation(),
            filter: view.revision,
            visible,
            rect,
            selection: workspace.selection().cloned(),
            hits: hits.map(|h| {
                (
                    h.len(),
                    h.as_ptr() as usize,
                    h.first().copied(),
                    h.last().copied(),
                )
            }),
            collapsed: {
                let mut c: Vec<usize> = self.collapsed.iter().copied().collect();
                c.sort_unstable();
                c
            },
            focused: self.focused,
            dark: visuals.dark_mode,
            pixels_per_point: ui.ctx().pixels_per_point(),
            // A closure, not the method path: the method's lifetime is not general enough.
            #[allow(clippy::redundant_closure_for_method_calls)]
            atlas_fill: ui.ctx().fonts(|f| f.font_atlas_fill_ratio()),
        };
        if self.cache.as_ref().is_none_or(|c| c.key != key) {
            let shown: Vec<usize> = match self.focused {
                Some(lane) if lane < dossier.lanes.len() => vec![lane],
                _ => (0..dossier.lanes.len()).collect(),
            };
            let lanes: Vec<LaneEvents<Arc<Galley>>> = shown
                .iter()
                .map(|&lane| lane_events(document, view, &scale, lane, &emphasis, &mut measure))
                .collect();
            let stackings: Vec<Stacking> = shown
                .iter()
                .zip(&lanes)
                .map(|(&lane, events)| events.stack(self.max_rows(lane, canvas.plot.height())))
                .collect();
            self.cache = Some(LayoutCache {
                key: key.clone(),
                shown,
                lanes,
                stackings,
            });
        }
        let Some(LayoutCache {
            shown,
            lanes,
            stackings,
            ..
        }) = self.cache.take()
        else {
            return;
        };
        let rows = lane_rows(&lanes, &stackings, canvas.plot.height());
        // Lanes taller than the plot scroll; the wheel over the lane names scrolls them.
        let max_scroll = (rows.height() - canvas.plot.height()).max(0.0);
        self.scroll_y = self.scroll_y.clamp(0.0, max_scroll);
        let lanes_clip = Rect::from_x_y_ranges(canvas.rect.x_range(), canvas.plot.y_range());
        let lanes_painter = painter.with_clip_rect(lanes_clip);

        let mut drawn: Vec<EventHit> = Vec::new();
        let mut clusters: Vec<PlacedCluster> = Vec::new();
        let mut last = Drawn::default();
        self.lane_bands.clear();
        for ((band, events), stacking) in rows
            .bands(canvas.plot.top() - self.scroll_y)
            .zip(&lanes)
            .zip(&stackings)
        {
            let lane_index = shown[band.lane];
            let band = band.for_lane(lane_index);
            if band.bottom() < canvas.plot.top() || band.top > canvas.plot.bottom() {
                continue;
            }
            let lane = &dossier.lanes[lane_index];
            self.lane_bands.push((band.top, band.bottom(), band.lane));
            let color = lane_color(&lane.color, band.lane);
            paint::lane_background(&lanes_painter, &canvas, &band, color, &visuals);
            let name = interaction::lane_name_ui(
                ui,
                band.name(&canvas).intersect(lanes_clip),
                &lane.label,
                self.collapsed.contains(&lane_index),
            );
            if name.double_clicked() {
                // Its first click collapsed it: a focused lane shows all its rows.
                self.collapsed.remove(&lane_index);
                self.focused = if self.focused.is_some() {
                    None
                } else {
                    Some(lane_index)
                };
                self.scroll_y = 0.0;
            } else if name.clicked() && !self.collapsed.remove(&lane_index) {
                self.collapsed.insert(lane_index);
            }
            let hidden = events.hidden_labels(stacking);
            last.hidden_labels += hidden;
            if let Some(position) = band.hint_position(&canvas, hidden) {
                let hint =
                    paint::hidden_hint(&lanes_painter, &canvas, &band, position, hidden, &visuals);
                interaction::hidden_hint_tooltip(ui, hint, &band, hidden);
            }
            paint::lane_rule(&lanes_painter, &canvas, &band, &visuals);

            let lane_painter = plot_painter.with_clip_rect(band.plot_clip(&canvas));
            if let Some(in_view) = events.dense {
                let density_band = band.density_band(&canvas);
                let counts = density_counts(&scale, view.lane_starts(&document.index, band.lane));
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
            for placed in events.placed(stacking, &band) {
                let look = EventLook {
                    color,
                    certainty: dossier.events[placed.event].certainty(),
                    dim: !emphasis.involves(placed.event),
                    selected: emphasis.is_selected(placed.event),
                };
                let rect = paint::event(&lane_painter, &scale, &placed, &look, &visuals);
                last.events.push(placed.event);
                if placed.label.is_some() {
                    last.labelled.push(placed.event);
                }
                drawn.push(EventHit {
                    event: placed.event,
                    rect,
                });
            }
            for cluster in events.clusters(stacking, &band) {
                last.clustered += cluster.count;
                paint::cluster(&lane_painter, &cluster, color, &visuals);
                clusters.push(cluster);
            }
        }
        self.last = last;
        self.cache = Some(LayoutCache {
            key,
            shown,
            lanes,
            stackings,
        });
        if max_scroll > 0.0 {
            paint::lanes_scrollbar(&painter, lanes_clip, self.scroll_y, rows.height(), &visuals);
        }
        interaction::cluster_widgets(ui, &clusters, canvas.event_clip(), commands);
        interaction::lanes_scroll(ui, &response, &canvas, &mut self.scroll_y, max_scroll);
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
