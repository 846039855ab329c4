//! The status line: file name, counts, warnings, and the last message.

use egui::Ui;

use crate::state::Workspace;

use crate::ui::actions::Action;
use crate::ui::commands::Command;

pub fn ui(ui: &mut Ui, workspace: &Workspace, message: Option<&str>) -> Vec<Command> {
    let mut commands = Vec::new();
    let dossier = &workspace.document.dossier;
    ui.horizontal(|ui| {
        ui.label(workspace.file_name());
        ui.separator();
        ui.weak(format!(
            "{} events · {} entities · {} lanes · {} briefings",
            dossier.events.len(),
            dossier.entities.len(),
            dossier.lanes.len(),
            dossier.briefings.len()
        ));
        let warnings = workspace.document.problems.len();
        if warnings > 0 {
            ui.separator();
            let text = format!(
                "⚠ {warnings} warning{}",
                if warnings == 1 { "" } else { "s" }
            );
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
