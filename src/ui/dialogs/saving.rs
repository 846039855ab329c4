//! The questions of saving: "save changes first?" before the dossier is replaced or the
//! window closes, and "overwrite changes made on disk?" before a save. Their answers are
//! commands that carry along what was waiting for the save.

use egui::{Context, Window};

use crate::ui::commands::{AfterSave, Command, FilePurpose};

use super::answer::DialogAnswer;

/// "Save changes to X?" before `then` goes ahead.
pub fn unsaved_ui(ctx: &Context, file: &str, then: &AfterSave) -> DialogAnswer {
    let mut answer = DialogAnswer::Stay;
    Window::new("Unsaved changes")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "{file} has changes that are not saved. Save them first?"
            ));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = DialogAnswer::Run(Command::Save {
                        overwrite_changes: false,
                        then: Some(then.clone()),
                    });
                }
                if ui.button("Discard").clicked() {
                    answer = DialogAnswer::Run(Command::Discard(then.clone()));
                }
                if ui.button("Cancel").clicked() {
                    answer = DialogAnswer::Close;
                }
            });
        });
    answer
}

/// "The file changed on disk since it was opened": overwrite, save elsewhere, or not
/// save (and drop what waited for the save).
pub fn conflict_ui(ctx: &Context, file: &str, then: Option<&AfterSave>) -> DialogAnswer {
    let mut answer = DialogAnswer::Stay;
    Window::new("The file changed on disk")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "{file} was changed by another program since Dossier read it. Saving now would overwrite those changes."
            ));
            ui.horizontal(|ui| {
                if ui.button("Overwrite").clicked() {
                    answer = DialogAnswer::Run(Command::Save {
                        overwrite_changes: true,
                        then: then.cloned(),
                    });
                }
                if ui.button("Save As…").clicked() {
                    answer = DialogAnswer::Run(Command::ChooseFile(FilePurpose::SaveAs(
                        then.cloned(),
                    )));
                }
                if ui.button("Cancel").clicked() {
                    answer = DialogAnswer::Close;
                }
            });
        });
    answer
}
