//! The entity sidebar: entities grouped by kind with their event counts, and a filter
//! that matches names and aliases in any script ("li q" or "李强" finds Li Qiang).

use egui::{RichText, ScrollArea, TextEdit, Ui};

use crate::model::EntityKind;
use crate::model::export::is_native_script;
use crate::model::query::NameQuery;
use crate::state::{Selection, Workspace};

use super::actions::Command;

/// The sidebar's own state: the filter text.
#[derive(Clone, Debug, Default)]
pub struct SidebarPanel {
    pub filter: String,
    /// Set by Find Entity (Ctrl+F): focus the filter box on the next frame.
    pub focus_filter: bool,
}

/// The accessible name of the filter box (tests and screen readers find it by this).
pub const FILTER_LABEL: &str = "Filter entities";

impl SidebarPanel {
    pub fn ui(&mut self, ui: &mut Ui, workspace: &Workspace) -> Vec<Command> {
        let mut commands = Vec::new();
        let document = &workspace.document;
        let dossier = &document.dossier;
        let index = &document.index;

        ui.add_space(4.0);
        ui.heading("Entities");
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
        let query = NameQuery::new(&self.filter);
        let selected = workspace.selection();
        ui.separator();

        ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            let mut shown = 0;
            for kind in EntityKind::ALL {
                let members: Vec<usize> = dossier
                    .entities
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.kind == kind && query.matches_entity(e))
                    .map(|(i, _)| i)
                    .collect();
                if members.is_empty() {
                    continue;
                }
                shown += members.len();
                let header = format!("{} ({})", kind.plural_label(), members.len());
                // A filter opens every group that has matches.
                egui::CollapsingHeader::new(RichText::new(header).strong())
                    .id_salt(("entity-group", kind.key()))
                    .default_open(true)
                    .open(if query.is_empty() { None } else { Some(true) })
                    .show(ui, |ui| {
                        for i in members {
                            let entity = &dossier.entities[i];
                            let count = index.entity_events(i).len();
                            let is_selected = matches!(selected, Some(Selection::Entity(id)) if *id == entity.id);
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
                            let row = egui::Button::selectable(is_selected, text)
                                .truncate()
                                .right_text(RichText::new(count.to_string()).weak())
                                .min_size(egui::vec2(ui.available_width(), 0.0));
                            let row = ui.add(row).on_hover_text(if entity.description.is_empty() {
                                format!("{}\n{count} events", entity.name)
                            } else {
                                format!("{}\n{}\n{count} events", entity.name, entity.description)
                            });
                            if row.clicked() {
                                commands.push(Command::Select(Some(Selection::Entity(entity.id.clone()))));
                            }
                        }
                    });
            }
            if shown == 0 {
                ui.weak(if query.is_empty() {
                    "This dossier has no entities."
                } else {
                    "No entity matches this filter."
                });
            }
        });
        commands
    }
}
