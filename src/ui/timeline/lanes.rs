//! What goes in a lane: its events in view (or their count, when too many to draw), where
//! each marker and label goes, which row it takes in the lane's band and which labels fit.
//!
//! Plain data computed from the document, the filtered view and the visible range; no
//! painter and no `Ui`, so it is unit-tested. Text is measured by a closure the caller
//! passes in (the app lays out a galley, tests return a width), so each label is laid
//! out once per frame and kept for painting.

use std::borrow::Cow;

use egui::{Rect, Vec2, pos2, vec2};

use crate::model::index::Starts;
use crate::model::{Document, Event, Index, Span};
use crate::state::Workspace;
use crate::ui::view::FilteredView;

use super::bands::{LaneBand, LaneRows};
use super::density;
use super::labels::{fitted_label, label_text};
use super::layout::{Item, Stacking, TimeScale, stack};

/// Space kept between neighbouring markers and labels in a row.
const ROW_GAP: f32 = 6.0;
/// The most rows of events a lane asks for; beyond, neighbours merge into clusters.
pub const MAX_ROWS_PER_LANE: usize = 10;
/// Radius of a point event's marker.
pub const MARKER_RADIUS: f32 = 6.0;
/// At most this many labels are measured per lane, the most important events' (more
/// would not fit in the lane's rows anyway): label layout stays bounded per frame.
const MAX_LABELLED_PER_LANE: usize = 60;
/// Past this many events in view per pixel of the plot's width, a lane shows its density
/// instead of markers: more than one event per pixel cannot be told apart anyway, and
/// below that, markers closer than a few pixels merge into clusters.
const DENSE_EVENTS_PER_PX: f32 = 1.0;
/// Rows a lane in density mode asks for.
const DENSE_ROWS: usize = 1;
/// Width of one density column, in pixels.
pub const COLUMN_PX: f32 = 3.0;

/// Which events stand out: the selected one, and those of the selected entity or
/// briefing or of the search (the others are dimmed).
pub struct Emphasis<'a> {
    index: &'a Index,
    selected: Option<usize>,
    /// Highlighted events in time order; `None` when nothing is highlighted.
    highlighted: Option<Cow<'a, [usize]>>,
}

impl<'a> Emphasis<'a> {
    /// `hits` (search results, in time order) take the place of the selection's events.
    pub fn new(workspace: &'a Workspace, hits: Option<&'a [usize]>) -> Self {
        let highlighted = match hits {
            Some(hits) => Some(Cow::Borrowed(hits)),
            None => workspace.highlighted_events(),
        };
        Self {
            index: &workspace.document.index,
            selected: workspace.selected_event(),
            highlighted,
        }
    }

    pub fn is_selected(&self, event: usize) -> bool {
        Some(event) == self.selected
    }

    /// Whether an event is highlighted, or nothing is.
    pub fn involves(&self, event: usize) -> bool {
        let index = self.index;
        self.highlighted.as_ref().is_none_or(|events| {
            let rank = index.rank(event);
            events
                .binary_search_by_key(&rank, |&x| index.rank(x))
                .is_ok()
        })
    }

    /// The selection and the highlighted events keep their labels first.
    fn importance(&self, e: usize, event: &Event) -> u8 {
        if self.is_selected(e) {
            u8::MAX
        } else if self.highlighted.is_some() && self.involves(e) {
            event.importance().saturating_add(10)
        } else {
            event.importance()
        }
    }
}

/// One lane's events in view, before rows are shared among lanes.
#[derive(Clone, Debug)]
pub struct LaneEvents<G> {
    /// Events in view that pass the filters, in the lane's time order, with their spans.
    pub visible: Vec<(usize, Span)>,
    /// Marker and label extents, one per visible event.
    pub items: Vec<Item>,
    /// Measured labels, one per visible event; all `None` when labels are skipped.
    pub labels: Vec<Option<G>>,
    /// Events in view whose labels were not measured (past [`MAX_LABELLED_PER_LANE`]).
    pub unmeasured: usize,
    /// `Some(n)`: the lane has `n` events in view, drawn as density marks.
    pub dense: Option<usize>,
}

/// The events of `lane` in the view of `scale`: counted when they are too many to draw
/// (density mode), else culled to the view, filtered, and given marker and label extents.
pub fn lane_events<G>(
    document: &Document,
    view: &FilteredView,
    scale: &TimeScale,
    lane: usize,
    emphasis: &Emphasis<'_>,
    measure: &mut impl FnMut(String) -> (G, f32),
) -> LaneEvents<G> {
    let index = &document.index;
    let (view_start, view_end) = (scale.start_secs, scale.end_secs);
    // Too many events for markers: draw their density instead. Counting them is two
    // binary searches, whatever the size of the dossier.
    let starts = view.lane_starts(index, lane);
    let in_view = starts.partition_point(|s| (s as f64) < view_end)
        - starts.partition_point(|s| (s as f64) < view_start);
    let dense_above = ((scale.right_px - scale.left_px).max(1.0) * DENSE_EVENTS_PER_PX) as usize;
    if in_view > dense_above {
        return LaneEvents {
            visible: Vec::new(),
            items: Vec::new(),
            labels: Vec::new(),
            unmeasured: 0,
            dense: Some(in_view),
        };
    }
    let candidates =
        index.lane_events_between(lane, view_start.floor() as i64, view_end.ceil() as i64);
    let visible: Vec<(usize, Span)> = candidates
        .iter()
        .filter(|&e| view.passes(e))
        .filter(|&e| {
            index
                .event_secs(e)
                .is_some_and(|(_, to)| to as f64 > view_start)
        })
        .filter_map(|e| document.dossier.events[e].span().map(|s| (e, s)))
        .collect();
    let wanted = labels_wanted(document, &visible, emphasis);
    let unmeasured = wanted.iter().filter(|&&w| !w).count();
    let mut items = Vec::with_capacity(visible.len());
    let mut labels = Vec::with_capacity(visible.len());
    for (&(e, span), &want_label) in visible.iter().zip(&wanted) {
        let event = &document.dossier.events[e];
        let (x0, x1) = marker_extent(scale, &span);
        let (measured, label) = if want_label {
            let text = label_text(&event.title, &span, event.certainty());
            fitted_label(&text, (x0, x1), scale, measure).unzip()
        } else {
            (None, None)
        };
        items.push(Item {
            x0,
            x1,
            label,
            importance: emphasis.importance(e, event),
        });
        labels.push(measured);
    }
    LaneEvents {
        visible,
        items,
        labels,
        unmeasured,
        dense: None,
    }
}

/// Which of the `visible` events get a label measured: all when they are few, else the
/// [`MAX_LABELLED_PER_LANE`] most important, ties spread over the view (by a hash of the
/// event's position, not its time, so that they are not all at one end).
fn labels_wanted(
    document: &Document,
    visible: &[(usize, Span)],
    emphasis: &Emphasis<'_>,
) -> Vec<bool> {
    if visible.len() <= MAX_LABELLED_PER_LANE {
        return vec![true; visible.len()];
    }
    let key = |i: &usize| {
        let e = visible[*i].0;
        let importance = emphasis.importance(e, &document.dossier.events[e]);
        (
            std::cmp::Reverse(importance),
            (e as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        )
    };
    let mut order: Vec<usize> = (0..visible.len()).collect();
    order.select_nth_unstable_by_key(MAX_LABELLED_PER_LANE, key);
    let mut wanted = vec![false; visible.len()];
    for &i in &order[..MAX_LABELLED_PER_LANE] {
        wanted[i] = true;
    }
    wanted
}

/// Events per density column of a dense lane, left to right across the plot.
pub fn density_counts(scale: &TimeScale, starts: Starts<'_>) -> Vec<usize> {
    let columns = ((scale.right_px - scale.left_px) / COLUMN_PX).max(1.0) as usize;
    density::columns(starts, scale.start_secs, scale.end_secs, columns)
}

impl<G> LaneEvents<G> {
    /// Rows this lane asks for, its events placed as in `stacking`.
    pub fn rows_needed(&self, stacking: &Stacking) -> usize {
        if self.dense.is_some() {
            DENSE_ROWS
        } else {
            stacking.rows_used()
        }
    }

    /// The events placed in up to `max_rows` rows (and a row of clusters).
    pub fn stack(&self, max_rows: usize) -> Stacking {
        stack(&self.items, max_rows, ROW_GAP)
    }

    /// The clusters of `stacking` where they go in `band`: their mark, and the time
    /// range their members cover (a click zooms to it).
    pub fn clusters<'s>(
        &'s self,
        stacking: &'s Stacking,
        band: &'s LaneBand,
    ) -> impl Iterator<Item = PlacedCluster> + 's {
        stacking.clusters.iter().map(|cluster| {
            let spans = cluster.members.iter().map(|&m| self.visible[m].1);
            let start = spans.clone().map(|s| s.start_secs).min().unwrap_or(0);
            let end = spans.map(|s| s.end_secs).max().unwrap_or(start);
            let y = band.row_centre_y(cluster.row);
            PlacedCluster {
                rect: Rect::from_x_y_ranges(cluster.x0..=cluster.x1, (y - 8.0)..=(y + 8.0)),
                count: cluster.members.len(),
                range: (start as f64, end as f64),
                events: cluster.members.iter().map(|&m| self.visible[m].0).collect(),
            }
        })
    }

    /// How many events in view go without a label.
    pub fn hidden_labels(&self, stacking: &Stacking) -> usize {
        stacking.hidden_labels + self.unmeasured
    }

    /// The events of the lane where they go in `band`, given their `stacking`.
    pub fn placed<'s>(
        &'s self,
        stacking: &'s Stacking,
        band: &'s LaneBand,
    ) -> impl Iterator<Item = PlacedEvent<'s, G>> + 's
    where
        G: 's,
    {
        self.visible
            .iter()
            .zip(&self.items)
            .zip(&self.labels)
            .zip(&stacking.placements)
            .filter(|(_, placement)| !placement.clustered)
            .map(|(((&(event, ref span), &item), label), placement)| {
                let label = match (placement.labelled, label, item.label) {
                    (true, Some(label), Some((label_x, _))) => Some((label, label_x)),
                    _ => None,
                };
                PlacedEvent {
                    event,
                    span,
                    item,
                    y: band.row_centre_y(placement.row),
                    label,
                }
            })
    }
}

/// Events merged into one mark with their count.
pub struct PlacedCluster {
    pub rect: Rect,
    pub count: usize,
    /// From the earliest start to the latest end of its members, in seconds.
    pub range: (f64, f64),
    /// Its members, positions in the dossier's events.
    pub events: Vec<usize>,
}

/// An event where it goes on the canvas.
pub struct PlacedEvent<'a, G> {
    /// Position in the dossier's events.
    pub event: usize,
    pub span: &'a Span,
    pub item: Item,
    /// Vertical centre of its row.
    pub y: f32,
    /// Its label and the label's left edge, when it keeps one.
    pub label: Option<(&'a G, f32)>,
}

/// Left and right pixel edges of an event's marker or bar.
pub fn marker_extent(scale: &TimeScale, span: &Span) -> (f32, f32) {
    if span.is_range() {
        let x0 = scale.x(span.start_secs as f64);
        let x1 = scale.x(span.end_secs as f64).max(x0 + 2.0 * MARKER_RADIUS);
        (x0, x1)
    } else {
        // A month or a year goes in the middle of the part of it in view, so that its
        // marker and title show whenever any of it does (its middle may be off screen).
        let (start, end) = (span.start_secs as f64, span.end_secs as f64);
        let (a, b) = (start.max(scale.start_secs), end.min(scale.end_secs));
        let middle = if a < b {
            f64::midpoint(a, b)
        } else {
            f64::midpoint(start, end)
        };
        let centre = scale.x(middle);
        (centre - MARKER_RADIUS, centre + MARKER_RADIUS)
    }
}

/// The rectangle of an event's bar (a range) or marker (a date) centred on `y`.
pub fn marker_rect(span: &Span, item: Item, y: f32) -> Rect {
    if span.is_range() {
        Rect::from_x_y_ranges(item.x0..=item.x1, (y - 7.0)..=(y + 7.0))
    } else {
        let centre = pos2(f32::midpoint(item.x0, item.x1), y);
        Rect::from_center_size(centre, vec2(2.0 * MARKER_RADIUS, 2.0 * MARKER_RADIUS))
    }
}

/// The rectangle of a label of `size` starting at `label_x`, centred on `y`.
pub fn label_rect(label_x: f32, y: f32, size: Vec2) -> Rect {
    Rect::from_min_size(pos2(label_x, y - size.y / 2.0), size)
}

/// The rows of every lane: each as many as its stacking needs, shared over the plot.
pub fn lane_rows<G>(lanes: &[LaneEvents<G>], stackings: &[Stacking], plot_height: f32) -> LaneRows {
    let needs: Vec<usize> = lanes
        .iter()
        .zip(stackings)
        .map(|(events, stacking)| events.rows_needed(stacking))
        .collect();
    LaneRows::share(&needs, plot_height)
}

/// Where an event answers the pointer: its marker with a margin, and its label.
pub fn hit_rect(marker: Rect, label: Option<Rect>) -> Rect {
    let hit = marker.expand(3.0);
    label.map_or(hit, |label| hit.union(label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::default_dossier;
    use crate::model::query::filter::Filter;
    use crate::state::{Origin, Workspace};
    use crate::ui::timeline::canvas::{CanvasLayout, GUTTER_WIDTH, canvas_scale};
    use crate::ui::timeline::layout;

    use crate::ui::timeline::labels::measure_for_tests as measure;

    fn canvas_rect() -> Rect {
        Rect::from_min_max(pos2(0.0, 40.0), pos2(1200.0, 640.0))
    }

    fn everything(document: &Document) -> FilteredView {
        let mut view = FilteredView::default();
        view.update(document, 0, &Filter::default());
        view
    }

    /// The whole span of the document's events, with a margin.
    fn whole(document: &Document) -> (f64, f64) {
        let (a, b) = document.index.extent().unwrap();
        layout::fit_range(a as f64, b as f64)
    }

    #[test]
    fn lanes_keep_only_the_events_in_view_in_time_order() {
        let document = default_dossier();
        let workspace = Workspace::new(document.clone(), Origin::Embedded);
        let view = everything(&document);
        let emphasis = Emphasis::new(&workspace, None);
        // A month around the middle event: some events are in view, others not.
        let chronological = document.index.chronological();
        let middle = chronological.get(chronological.len() / 2).unwrap();
        let centre = document.index.event_secs(middle).unwrap().0 as f64;
        let visible = (centre - 15.0 * 86_400.0, centre + 15.0 * 86_400.0);
        let scale = canvas_scale(canvas_rect(), visible);
        let mut shown = 0;
        for lane in 0..document.dossier.lanes.len() {
            let events = lane_events(&document, &view, &scale, lane, &emphasis, &mut measure);
            assert_eq!(events.dense, None);
            assert_eq!(events.items.len(), events.visible.len());
            assert_eq!(events.labels.len(), events.visible.len());
            let expected: Vec<usize> = document
                .index
                .lane_events(lane)
                .iter()
                .filter(|&e| {
                    let (start, end) = document.index.event_secs(e).unwrap();
                    (end as f64) > visible.0 && (start as f64) < visible.1.ceil()
                })
                .collect();
            let got: Vec<usize> = events.visible.iter().map(|&(e, _)| e).collect();
            assert_eq!(got, expected, "lane {lane} is culled to the view");
            assert!(
                events
                    .visible
                    .windows(2)
                    .all(|w| w[0].1.start_secs <= w[1].1.start_secs),
                "lane {lane} keeps time order"
            );
            shown += got.len();
        }
        assert!(shown > 0, "the window shows some events");
        assert!(shown < document.dossier.events.len(), "and hides others");
    }

    #[test]
    fn labels_never_overlap_and_events_stay_in_their_lane() {
        let document = default_dossier();
        let workspace = Workspace::new(document.clone(), Origin::Embedded);
        let view = everything(&document);
        let emphasis = Emphasis::new(&workspace, None);
        let rect = canvas_rect();
        let scale = canvas_scale(rect, whole(&document));
        let canvas = CanvasLayout::new::<()>(rect, scale, &[]);
        let lanes: Vec<LaneEvents<f32>> = (0..document.dossier.lanes.len())
            .map(|lane| lane_events(&document, &view, &scale, lane, &emphasis, &mut measure))
            .collect();
        let stackings: Vec<Stacking> = lanes.iter().map(|l| l.stack(MAX_ROWS_PER_LANE)).collect();
        let rows = lane_rows(&lanes, &stackings, canvas.plot.height());
        let mut labelled = 0;
        for ((band, events), stacking) in rows.bands(canvas.plot.top()).zip(&lanes).zip(&stackings)
        {
            let placed: Vec<PlacedEvent<'_, f32>> = events.placed(stacking, &band).collect();
            let clustered: usize = stacking.clusters.iter().map(|c| c.members.len()).sum();
            assert_eq!(placed.len() + clustered, events.visible.len());
            let labels: Vec<Rect> = placed
                .iter()
                .filter_map(|p| {
                    p.label
                        .map(|(&width, x)| label_rect(x, p.y, vec2(width, 14.0)))
                })
                .collect();
            for (i, a) in labels.iter().enumerate() {
                for b in &labels[i + 1..] {
                    assert!(!a.intersects(*b), "labels {a:?} and {b:?} overlap");
                }
            }
            for p in &placed {
                assert!(p.y > band.top && p.y < band.bottom(), "event in its band");
            }
            let hidden = events.hidden_labels(stacking);
            assert_eq!(labels.len() + hidden, events.visible.len());
            labelled += labels.len();
        }
        assert!(labelled > 0);
    }

    #[test]
    fn crowded_lanes_count_their_events_instead() {
        let document = default_dossier();
        let workspace = Workspace::new(document.clone(), Origin::Embedded);
        let emphasis = Emphasis::new(&workspace, None);
        let view = FilteredView::with_lane_starts(vec![(0..1000).map(|i| i * 60).collect()]);
        let scale = canvas_scale(canvas_rect(), (0.0, 30_000.0));
        let events = lane_events(&document, &view, &scale, 0, &emphasis, &mut measure);
        // 500 events in 30 000 s over 1000 px: one every 2 px, still markers...
        assert_eq!(events.dense, None);
        // ...but 5000 in the same width are one every 0.2 px: their density instead.
        let scale = canvas_scale(canvas_rect(), (0.0, 300_000.0));
        let view_all = FilteredView::with_lane_starts(vec![(0..10_000).map(|i| i * 60).collect()]);
        let events = lane_events(&document, &view_all, &scale, 0, &emphasis, &mut measure);
        assert_eq!(events.dense, Some(5000));
        assert!(events.visible.is_empty());
        let counts = density_counts(&scale, view_all.lane_starts(&document.index, 0));
        assert_eq!(counts.iter().sum::<usize>(), 5000);
        assert_eq!(counts.len(), ((1200.0 - GUTTER_WIDTH) / COLUMN_PX) as usize);
    }

    #[test]
    fn search_hits_stand_out_and_the_rest_is_dimmed() {
        let document = default_dossier();
        let workspace = Workspace::new(document.clone(), Origin::Embedded);
        let hit = document.index.chronological().get(0).unwrap();
        let other = document.index.chronological().get(1).unwrap();
        let hits = [hit];
        let emphasis = Emphasis::new(&workspace, Some(&hits));
        assert!(emphasis.involves(hit));
        assert!(!emphasis.involves(other));
        let nothing = Emphasis::new(&workspace, None);
        assert!(
            nothing.involves(other),
            "nothing highlighted: nothing dimmed"
        );
    }

    #[test]
    fn hit_areas_cover_marker_and_label() {
        let item = Item {
            x0: 100.0,
            x1: 112.0,
            label: Some((117.0, 197.0)),
            importance: 3,
        };
        let span = Span::parse("2025-07-26", "").unwrap();
        let marker = marker_rect(&span, item, 50.0);
        assert_eq!(marker.center(), pos2(106.0, 50.0));
        let label = label_rect(117.0, 50.0, vec2(80.0, 14.0));
        assert_eq!(label.y_range(), egui::Rangef::new(43.0, 57.0));
        let hit = hit_rect(marker, Some(label));
        assert!(hit.contains_rect(marker) && hit.contains_rect(label));
        assert_eq!(hit_rect(marker, None), marker.expand(3.0));
    }

    #[test]
    fn crowded_lanes_measure_only_their_most_important_labels() {
        use crate::model::generate::{GenerateOptions, generate};
        let document = Document::new(generate(GenerateOptions {
            events: 2000,
            seed: 7,
        }));
        let workspace = Workspace::new(document.clone(), Origin::Embedded);
        let view = everything(&document);
        let emphasis = Emphasis::new(&workspace, None);
        let scale = canvas_scale(canvas_rect(), whole(&document));
        let mut crowded = 0;
        for lane in 0..document.dossier.lanes.len() {
            let mut measured = 0;
            let mut count = |text: String| {
                measured += 1;
                measure(text)
            };
            let events = lane_events(&document, &view, &scale, lane, &emphasis, &mut count);
            if events.dense.is_some() || events.visible.len() <= MAX_LABELLED_PER_LANE {
                continue;
            }
            crowded += 1;
            assert!(
                measured <= MAX_LABELLED_PER_LANE + 4 * 4,
                "{measured} measured"
            );
            assert_eq!(
                events.unmeasured,
                events.visible.len() - MAX_LABELLED_PER_LANE
            );
            // No event left unmeasured is more important than one measured.
            let importance = |i: usize| document.dossier.events[events.visible[i].0].importance();
            let least_measured = (0..events.visible.len())
                .filter(|&i| events.items[i].label.is_some())
                .map(importance)
                .min()
                .unwrap();
            let most_unmeasured = (0..events.visible.len())
                .filter(|&i| events.labels[i].is_none() && events.items[i].label.is_none())
                .map(importance)
                .max()
                .unwrap();
            assert!(most_unmeasured <= least_measured);
        }
        assert!(
            crowded > 0,
            "some lane has more than the label budget in view"
        );
    }

    #[test]
    fn a_month_or_year_shows_its_marker_wherever_part_of_it_is_in_view() {
        // 2020, seen from June to mid-2021: the marker is in the part of 2020 in view,
        // not at 1 July 2020 off the left edge.
        let year = Span::parse("2020", "").unwrap();
        let (june, mid_2021) = (1_590_969_600.0, 1_625_097_600.0);
        let scale = canvas_scale(canvas_rect(), (june + 30.0 * 86_400.0, mid_2021));
        let (x0, x1) = marker_extent(&scale, &year);
        assert!(
            x0 >= scale.left_px && x1 <= scale.x(year.end_secs as f64),
            "{x0}..{x1}"
        );
        // Wholly in view: its middle.
        let wide = canvas_scale(canvas_rect(), (1.5e9, 1.7e9));
        let (x0, x1) = marker_extent(&wide, &year);
        let middle = wide.x((year.start_secs + year.end_secs) as f64 / 2.0);
        assert!((f32::midpoint(x0, x1) - middle).abs() < 0.01);
    }
}
