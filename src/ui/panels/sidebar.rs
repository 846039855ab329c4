//! The left panel: entities grouped by kind with their (filtered) event counts and a
//! filter that matches names and aliases in any script ("li q" or "李强" finds Li Qiang);
//! and, while a search is active, the search results.
//!
//! A dossier may hold tens of thousands of entities: the list is flattened into rows once
//! per change of the document or the filter text, and only the rows on screen are drawn.

use std::collections::BTreeSet;

use egui::{RichText, ScrollArea, TextEdit, Ui};

use crate::model::EntityKind;
use crate::model::briefing_view::is_native_script;
use crate::model::query::names::NameQuery;
use crate::state::{Selection, Workspace};

use crate::ui::commands::Command;
use crate::ui::view::{FilteredView, SearchState};

/// One row of the entity list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Row {
    /// A kind's heading, with the number of matching entities.
    Heading(EntityKind, usize),
    Entity(usize),
}

/// Which list the panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Entities,
    Results,
}

/// The sidebar's own state: the filter text, collapsed groups, the cached rows.
#[derive(Clone, Debug, Default)]
pub struct SidebarPanel {
    pub filter: String,
    /// Set by Find Entity: focus the filter box on the next frame.
    pub focus_filter: bool,
    pub tab: Tab,
    /// Whether a search was active last frame: starting one shows its results.
    was_searching: bool,
    collapsed: BTreeSet<EntityKind>,
    rows: Vec<Row>,
    rows_key: Option<(u64, String, BTreeSet<EntityKind>)>,
}

/// The accessible name of the filter box (tests and screen readers find it by this).
pub const FILTER_LABEL: &str = "Filter entities";

impl SidebarPanel {
    fn refresh_rows(&mut self, workspace: &Workspace) {
        let key = (
            workspace.generation(),
            self.filter.clone(),
            self.collapsed.clone(),
        );
        if self.rows_key.as_ref() == Some(&key) {
            return;
        }
        let query = NameQuery::new(&self.filter);
        let entities = &workspace.document.dossier.entities;
        let mut by_kind: Vec<Vec<usize>> = vec![Vec::new(); EntityKind::ALL.len()];
        for (i, entity) in entities.iter().enumerate() {
            if query.matches_entity(entity) {
                let k = EntityKind::ALL
                    .iter()
                    .position(|&k| k == entity.kind)
                    .unwrap_or(0);
                by_kind[k].push(i);
            }
        }
        self.rows.clear();
        for (kind, members) in EntityKind::ALL.iter().zip(by_kind) {
            if members.is_empty() {
                continue;
            }
            self.rows.push(Row::Heading(*kind, members.len()));
            // A filter opens every group that has matches.
            if query.is_empty() && self.collapsed.contains(kind) {
                continue;
            }
            self.rows.extend(members.into_iter().map(Row::Entity));
        }
        self.rows_key = Some(key);
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        workspace: &Workspace,
        view: &FilteredView,
        search: &SearchState,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.add_space(4.0);
        if search.is_active() && !self.was_searching {
            self.tab = Tab::Results;
        }
        self.was_searching = search.is_active();
        if search.is_active() {
            ui.horizontal(|ui| {
                ui.selectable_value(
                    &mut self.tab,
                    Tab::Entities,
                    RichText::new("Entities").heading(),
                );
                let results = if search.ready() {
                    search.results.len().to_string()
                } else {
                    "…".to_owned()
                };
                ui.selectable_value(
                    &mut self.tab,
                    Tab::Results,
                    RichText::new(format!("Results ({results})")).heading(),
                );
            });
        } else {
            self.tab = Tab::Entities;
            ui.heading("Entities");
        }
        if self.tab == Tab::Results {
            ui.separator();
            commands.extend(crate::ui::panels::search::results_ui(ui, search, workspace));
            return commands;
        }
        ui.horizontal(|ui| {
            let label = ui.label(FILTER_LABEL);
            let edit = TextEdit::singleline(&mut self.filter)
                .hint_text("name or alias, e.g. li q, 李强")
                .desired_width(f32::INFINITY);
            let response = ui.add(edit).labelled_by(label.id);
            if self.focus_filter {
                response.request_focus();
                self.focus_filter = false;
            }
        });
        ui.separator();
        self.refresh_rows(workspace);
        if self.rows.is_empty() {
            ui.weak(if self.filter.trim().is_empty() {
                "This dossier has no entities."
            } else {
                "No entity matches this filter."
            });
            return commands;
        }
        let dossier = &workspace.document.dossier;
        let selected = workspace.selected_entity();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let mut toggle = None;
        ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, self.rows.len(), |ui, range| {
                for row in &self.rows[range] {
                    match *row {
                        Row::Heading(kind, count) => {
                            let open =
                                !self.collapsed.contains(&kind) || !self.filter.trim().is_empty();
                            let text = format!(
                                "{} {} ({count})",
                                if open { "▼" } else { "▶" },
                                kind.plural_label()
                            );
                            let heading = egui::Button::new(RichText::new(text).strong())
                                .frame(false)
                                .min_size(egui::vec2(ui.available_width(), row_height - 2.0));
                            if ui.add(heading).clicked() {
                                toggle = Some(kind);
                            }
                        }
                        Row::Entity(i) => {
                            let entity = &dossier.entities[i];
                            let count = view.entity_counts.get(i).copied().unwrap_or(0);
                            let native: Vec<&str> = entity
                                .aliases
                                .iter()
                                .filter(|a| is_native_script(a))
                                .map(String::as_str)
                                .collect();
                            let text = if native.is_empty() {
                                entity.name.clone()
                            } else {
                                format!("{}  {}", entity.name, native.join(" "))
                            };
                            // Full-width rows, truncated: long names must not widen the panel.
                            let row = egui::Button::selectable(selected == Some(i), text)
                                .truncate()
                                .right_text(RichText::new(count.to_string()).weak())
                                .min_size(egui::vec2(ui.available_width(), row_height - 2.0));
                            let row = ui.add(row).on_hover_text(if entity.description.is_empty() {
                                format!("{}\n{count} events", entity.name)
                            } else {
                                format!("{}\n{}\n{count} events", entity.name, entity.description)
                            });
                            if row.clicked() {
                                commands.push(Command::Select(Some(Selection::Entity(
                                    entity.id.clone(),
                                ))));
                            }
                        }
                    }
                }
            });
        if let Some(kind) = toggle
            && !self.collapsed.remove(&kind)
        {
            self.collapsed.insert(kind);
        }
        commands
    }
}
