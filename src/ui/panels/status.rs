//! The status line: file name (with a mark for unsaved changes), counts, warnings, and
//! the last message.

use egui::{RichText, Ui};

use crate::state::Workspace;

use crate::ui::actions::Action;
use crate::ui::commands::Command;
use crate::ui::words::{count, counts};

/// What the status line shows next to the file name while edits are not saved; the
/// title bar's "•" is hidden by many desktops.
pub const UNSAVED_MARK: &str = "• Unsaved changes";

pub fn ui(ui: &mut Ui, workspace: &Workspace, message: Option<&str>) -> Vec<Command> {
    let mut commands = Vec::new();
    let dossier = &workspace.document.dossier;
    ui.horizontal(|ui| {
        if workspace.is_dirty() {
            let name = format!("{} {UNSAVED_MARK}", workspace.file_name());
            ui.label(RichText::new(name).color(ui.visuals().warn_fg_color))
                .on_hover_text(format!("{} saves them", Action::Save.hint()));
        } else {
            ui.label(workspace.file_name());
        }
        ui.separator();
        ui.weak(counts(&[
            (dossier.events.len(), "event", "events"),
            (dossier.entities.len(), "entity", "entities"),
            (dossier.lanes.len(), "lane", "lanes"),
            (dossier.briefings.len(), "briefing", "briefings"),
        ]));
        let warnings = workspace.document.problems.len();
        if warnings > 0 {
            ui.separator();
            let text = format!("⚠ {}", count(warnings, "warning", "warnings"));
            if ui.link(text).on_hover_text("Show the warnings").clicked() {
                commands.push(Command::Run(Action::ShowWarnings));
            }
        }
        if let Some(message) = message {
            ui.separator();
            ui.label(message);
        }
    });
    commands
}
