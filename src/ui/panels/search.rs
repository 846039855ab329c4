//! The find bar (search field, result stepping, filters and their chips) and the list of
//! search results.

use egui::{RichText, ScrollArea, TextEdit, Ui};

use crate::model::dataset::{Certainty, EntityKind};
use crate::model::evidence::{Reliability, credibility_meaning};
use crate::model::query::filter::{Filter, tags};
use crate::state::{Selection, Workspace};

use crate::ui::actions::Action;
use crate::ui::commands::Command;
use crate::ui::view::{FilteredView, SearchState};
use crate::ui::words::{count, thousands};

/// The filter for events resting on a single source.
pub const EVENTS_ON_ONE_SOURCE: &str = "Events resting on one source";
/// The accessible name of the search field.
pub const SEARCH_LABEL: &str = "Search events";

/// The find bar above the timeline. Returns commands; changes the query and the filter in
/// place (both are plain state the app derives views from).
pub fn find_bar_ui(
    ui: &mut Ui,
    search: &mut SearchState,
    filter: &mut Filter,
    workspace: &Workspace,
    view: &FilteredView,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let document = &workspace.document;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Search");
        let field = ui
            .add(
                TextEdit::singleline(&mut search.query)
                    .hint_text("words in titles, summaries, quotes, names (any script)…")
                    .desired_width(300.0),
            )
            .labelled_by(label.id);
        if search.focus {
            field.request_focus();
            search.focus = false;
        }
        // Enter in the field steps to the next result (Shift+Enter: previous).
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            let back = ui.input(|i| i.modifiers.shift);
            commands.push(Command::Run(if back {
                Action::PreviousResult
            } else {
                Action::NextResult
            }));
            field.request_focus();
        }
        if search.is_active() {
            if search.ready() {
                let n = search.results.len();
                let position = search
                    .cursor
                    .map_or(String::new(), |c| format!("{} of ", c + 1));
                ui.label(format!("{position}{}", count(n, "result", "results")));
            } else {
                ui.spinner();
                ui.weak(format!(
                    "indexing {}…",
                    count(document.dossier.events.len(), "event", "events")
                ));
            }
            if ui
                .small_button("↑")
                .on_hover_text("Previous result (Shift+F3)")
                .clicked()
            {
                commands.push(Command::Run(Action::PreviousResult));
            }
            if ui
                .small_button("↓")
                .on_hover_text("Next result (Enter, F3)")
                .clicked()
            {
                commands.push(Command::Run(Action::NextResult));
            }
            if ui
                .small_button("×")
                .on_hover_text("Clear the search")
                .clicked()
            {
                search.query.clear();
            }
        }
        ui.separator();
        filter_menu_ui(ui, filter, workspace);
        for (chip, label) in filter.chips(document) {
            let chip_button =
                egui::Button::new(RichText::new(format!("{label}  ×")).small()).corner_radius(8.0);
            if ui
                .add(chip_button)
                .on_hover_text("Remove this filter")
                .clicked()
            {
                filter.remove(&chip);
            }
        }
        if view.is_filtered() {
            ui.weak(format!(
                "{} of {} shown",
                thousands(view.visible_count),
                count(document.dossier.events.len(), "event", "events")
            ));
        }
    });
    commands
}

fn filter_menu_ui(ui: &mut Ui, filter: &mut Filter, workspace: &Workspace) {
    let document = &workspace.document;
    ui.menu_button("Filters…", |ui| {
        ui.set_max_height(420.0);
        ScrollArea::vertical().show(ui, |ui| {
            if let Some(entity) = workspace.selected_entity() {
                let id = document.dossier.entities[entity].id.clone();
                let name = &document.dossier.entities[entity].name;
                if ui.button(format!("Show only {name}'s events")).clicked() {
                    filter.entities = [id].into();
                    ui.close();
                }
                ui.separator();
            }
            ui.strong("Lanes");
            for lane in &document.dossier.lanes {
                let mut on = filter.lanes.contains(&lane.id);
                if ui.checkbox(&mut on, &lane.label).changed() {
                    toggle(&mut filter.lanes, lane.id.clone(), on);
                }
            }
            ui.strong("Certainty");
            for certainty in Certainty::ALL {
                let mut on = filter.certainty.contains(&certainty);
                if ui.checkbox(&mut on, certainty.key()).changed() {
                    toggle(&mut filter.certainty, certainty, on);
                }
            }
            evidence_filters_ui(ui, filter);
            ui.strong("Involving a…");
            for kind in EntityKind::ALL {
                let mut on = filter.kinds.contains(&kind);
                if ui.checkbox(&mut on, kind.key()).changed() {
                    toggle(&mut filter.kinds, kind, on);
                }
            }
            ui.strong("Tags");
            for (tag, count) in tags(document).into_iter().take(60) {
                let mut on = filter.tags.contains(&tag);
                if ui.checkbox(&mut on, format!("#{tag} ({count})")).changed() {
                    toggle(&mut filter.tags, tag, on);
                }
            }
            ui.strong("Dates");
            ui.weak("Brush a range on the timeline (Shift+drag),\nthen use its \"Filter to range\" button.");
            ui.separator();
            if ui.button("Clear all filters").clicked() {
                *filter = Filter::default();
                ui.close();
            }
        });
    });
}

/// Filters on how well events are supported: best source grade, credibility, one source.
fn evidence_filters_ui(ui: &mut Ui, filter: &mut Filter) {
    ui.strong("Best source graded");
    ui.horizontal(|ui| {
        for grade in Reliability::ALL {
            let mut on = filter.reliability.contains(&grade);
            let check = ui.checkbox(&mut on, grade.letter());
            if check.on_hover_text(grade.meaning()).changed() {
                toggle(&mut filter.reliability, grade, on);
            }
        }
    });
    ui.strong("Credibility");
    ui.horizontal(|ui| {
        for grade in 1..=6_u8 {
            let mut on = filter.credibility.contains(&grade);
            let check = ui.checkbox(&mut on, grade.to_string());
            let meaning = credibility_meaning(grade).unwrap_or_default();
            if check.on_hover_text(meaning).changed() {
                toggle(&mut filter.credibility, grade, on);
            }
        }
    });
    ui.checkbox(&mut filter.single_source, EVENTS_ON_ONE_SOURCE);
}

fn toggle<T: Ord>(set: &mut std::collections::BTreeSet<T>, value: T, on: bool) {
    if on {
        set.insert(value);
    } else {
        set.remove(&value);
    }
}

/// The results of the current search, one row each, drawn only where visible.
pub fn results_ui(ui: &mut Ui, search: &SearchState, workspace: &Workspace) -> Vec<Command> {
    let mut commands = Vec::new();
    let document = &workspace.document;
    let selected = workspace.selected_event();
    if !search.ready() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Indexing…");
        });
        return commands;
    }
    if search.results.is_empty() {
        ui.weak("No event matches this search.");
        return commands;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, search.results.len(), |ui, rows| {
            for r in rows {
                let e = search.results[r];
                let event = &document.dossier.events[e];
                let date = event
                    .span()
                    .map(|s| s.start.to_string())
                    .unwrap_or_default();
                let text = format!("{date}  {}", event.title);
                let row = egui::Button::selectable(selected == Some(e), text)
                    .truncate()
                    .min_size(egui::vec2(ui.available_width(), row_height - 2.0));
                if ui.add(row).clicked() {
                    commands.push(Command::Select(Some(Selection::Event(
                        event.id.to_string(),
                    ))));
                }
            }
        });
    commands
}
