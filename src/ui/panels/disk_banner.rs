//! The banner shown when the open file changed on disk while there are unsaved edits, or
//! disappeared. Its buttons hand commands to the app like every other panel.

use egui::{RichText, Ui};

use crate::state::DiskState;
use crate::ui::actions::Action;
use crate::ui::commands::Command;

/// The banner's text and buttons for `state` of the file named `file`.
pub fn ui(ui: &mut Ui, state: DiskState, file: &str) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        ui.label(RichText::new("⚠").color(ui.visuals().warn_fg_color));
        if state == DiskState::Missing {
            ui.label(format!(
                "{file} was moved or deleted. Your dossier is still open: Save As to keep it."
            ));
            if ui.button(Action::SaveAs.label()).clicked() {
                commands.push(Command::Run(Action::SaveAs));
            }
        } else {
            ui.label(format!(
                "{file} changed on disk, and you have unsaved edits."
            ));
            if ui.button("Reload (discard my edits)").clicked() {
                commands.push(Command::Reload);
            }
            if ui.button("Keep mine").clicked() {
                commands.push(Command::KeepMine);
            }
        }
    });
    commands
}
