//! The event table drawn: a header row of sort buttons and one virtualised row per
//! event. A click selects (the timeline and the briefing pane follow), ↑ and ↓ move the
//! selection through the rows, and the selected row is kept in view.

use std::hash::{DefaultHasher, Hash, Hasher};

use egui::{Key, RichText, Sense, Ui};
use egui_extras::{Column as TableColumn, TableBuilder};

use crate::model::Document;
use crate::model::query::filter::Filter;
use crate::state::{Selection, Workspace};
use crate::ui::actions::Action;
use crate::ui::commands::Command;
use crate::ui::view::{FilteredView, SearchState};

use super::rows::{Column, SortKey, TableRows};

/// Height of a row.
const ROW_HEIGHT: f32 = 20.0;

/// The table's state: whether it is shown (in place of the timeline), its sort and rows.
#[derive(Debug, Default)]
pub struct EventTable {
    pub open: bool,
    pub sort: SortKey,
    rows: TableRows,
    /// The event selected when the table last scrolled to it.
    scrolled_to: Option<usize>,
}

/// What the table shows, beyond the document: the filters and the search.
pub struct Shown<'a> {
    pub filter: &'a Filter,
    pub view: &'a FilteredView,
    pub search: &'a SearchState,
}

impl Shown<'_> {
    /// A fingerprint of what passes: the filter and, when a search is active, its query
    /// and how many results it has so far.
    fn fingerprint(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        format!("{:?}", self.filter).hash(&mut hasher);
        if self.search.is_active() {
            self.search.query.hash(&mut hasher);
            self.search.results.len().hash(&mut hasher);
        }
        hasher.finish()
    }

    /// The events that pass, in time order.
    fn events(&self, document: &Document) -> Vec<usize> {
        if self.search.is_active() {
            self.search
                .results
                .iter()
                .copied()
                .filter(|&e| self.view.passes(e))
                .collect()
        } else {
            document
                .index
                .chronological()
                .iter()
                .filter(|&e| self.view.passes(e))
                .collect()
        }
    }
}

impl EventTable {
    /// The rows in table order (positions in the dossier's events), as last shown.
    pub fn rows(&self) -> &[usize] {
        &self.rows.events
    }

    /// One frame of the table.
    pub fn ui(&mut self, ui: &mut Ui, workspace: &Workspace, shown: &Shown<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let document = &workspace.document;
        self.rows.update(
            document,
            (workspace.generation(), shown.fingerprint()),
            self.sort,
            || shown.events(document),
        );
        let selected = workspace.selected_event();
        let selected_row = selected.and_then(|e| self.rows.row_of(e));

        ui.horizontal(|ui| {
            ui.strong("Events");
            ui.separator();
            if ui
                .button("Timeline")
                .on_hover_text(Action::ToggleEventTable.tooltip())
                .clicked()
            {
                commands.push(Command::Run(Action::ToggleEventTable));
            }
            ui.weak(format!(
                "{} of {} events · ↑ ↓ move the selection",
                self.rows.events.len(),
                document.dossier.events.len()
            ));
        });

        // ↑ and ↓ step through the rows, when no text field has the keyboard.
        if !ui.ctx().egui_wants_keyboard_input() && !self.rows.events.is_empty() {
            let last = self.rows.events.len() - 1;
            let step = ui.input_mut(|i| {
                if i.consume_key(egui::Modifiers::NONE, Key::ArrowDown) {
                    Some(selected_row.map_or(0, |r| (r + 1).min(last)))
                } else if i.consume_key(egui::Modifiers::NONE, Key::ArrowUp) {
                    Some(selected_row.map_or(0, |r| r.saturating_sub(1)))
                } else {
                    None
                }
            });
            if let Some(row) = step {
                commands.push(select(document, self.rows.events[row]));
            }
        }

        let mut builder = TableBuilder::new(ui)
            .id_salt("event-table")
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .auto_shrink([false, false])
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(TableColumn::initial(150.0).at_least(80.0).clip(true))
            .column(TableColumn::initial(340.0).at_least(120.0).clip(true))
            .column(TableColumn::initial(120.0).at_least(60.0).clip(true))
            .column(TableColumn::initial(200.0).at_least(60.0).clip(true))
            .column(TableColumn::initial(60.0).at_least(40.0))
            .column(TableColumn::initial(80.0).at_least(60.0))
            .column(TableColumn::remainder().at_least(60.0));
        if selected != self.scrolled_to {
            if let Some(row) = selected_row {
                builder = builder.scroll_to_row(row, None);
            }
            self.scrolled_to = selected;
        }
        let sort = self.sort;
        let mut clicked_column = None;
        builder
            .header(ROW_HEIGHT + 4.0, |mut header| {
                for column in Column::ALL {
                    header.col(|ui| {
                        let arrow = match (sort.column == column, sort.ascending) {
                            (false, _) => "",
                            (true, true) => " ⏶",
                            (true, false) => " ⏷",
                        };
                        let text = RichText::new(format!("{}{arrow}", column.title())).strong();
                        if ui
                            .add(egui::Button::new(text).frame(false))
                            .on_hover_text(format!("Sort by {}", column.title().to_lowercase()))
                            .clicked()
                        {
                            clicked_column = Some(column);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, self.rows.events.len(), |mut row| {
                    let e = self.rows.events[row.index()];
                    row.set_selected(Some(e) == selected);
                    for column in Column::ALL {
                        row.col(|ui| {
                            ui.add(
                                egui::Label::new(cell(document, e, column))
                                    .truncate()
                                    .selectable(false),
                            );
                        });
                    }
                    if row.response().clicked() {
                        commands.push(select(document, e));
                    }
                });
            });
        if let Some(column) = clicked_column {
            self.sort = self.sort.clicked(column);
        }
        commands
    }
}

fn select(document: &Document, event: usize) -> Command {
    Command::Select(Some(Selection::Event(
        document.dossier.events[event].id.to_string(),
    )))
}

/// The text of a cell.
pub fn cell(document: &Document, e: usize, column: Column) -> String {
    let (dossier, index) = (&document.dossier, &document.index);
    let event = &dossier.events[e];
    match column {
        Column::Date => event
            .span()
            .map_or_else(|| event.start.to_string(), |span| span.long()),
        Column::Title => event.title.to_string(),
        Column::Lane => index.lane(&event.lane).map_or_else(
            || event.lane.to_string(),
            |l| dossier.lanes[l].label.clone(),
        ),
        Column::Actors => event
            .entities
            .iter()
            .map(|r| {
                index
                    .entity(&r.id)
                    .map_or(r.id.as_str(), |x| dossier.entities[x].name.as_str())
            })
            .collect::<Vec<_>>()
            .join(", "),
        Column::Sources => event.sources.len().to_string(),
        Column::Certainty => event.certainty().key().to_owned(),
        Column::Importance => event.importance().to_string(),
    }
}
