//! The questions of saving: "save changes first?" before the dossier is replaced or the
//! window closes, "overwrite changes made on disk?" before a save, and "replace a file
//! that is not a dossier?" before Save As writes over it. Their answers are commands that
//! carry along what was waiting for the save.

use std::path::PathBuf;

use egui::Context;

use crate::ui::commands::{AfterSave, Command, FilePurpose};

use super::answer::DialogAnswer;
use super::dialog_window::Dialog;

/// "Save changes to X?" before `then` goes ahead.
pub fn unsaved_ui(ctx: &Context, first_frame: bool, file: &str, then: &AfterSave) -> DialogAnswer {
    Dialog::new("Unsaved changes", first_frame).show(ctx, |dialog| {
        dialog.label(format!(
            "{file} has changes that are not saved. Save them first?"
        ));
        dialog.add_space(6.0);
        dialog.row(|row| {
            row.default_button(
                "Save",
                true,
                DialogAnswer::Run(Command::Save {
                    overwrite_changes: false,
                    then: Some(then.clone()),
                }),
            );
            row.button(
                "Discard",
                true,
                DialogAnswer::Run(Command::Discard(then.clone())),
            );
            row.cancel_button("Cancel");
        });
    })
}

/// "The file changed on disk since it was opened": overwrite, save elsewhere, or not
/// save (and drop what waited for the save).
pub fn conflict_ui(
    ctx: &Context,
    first_frame: bool,
    file: &str,
    then: Option<&AfterSave>,
) -> DialogAnswer {
    Dialog::new("The file changed on disk", first_frame).show(ctx, |dialog| {
        dialog.label(format!(
            "{file} was changed by another program since Dossier read it. Saving now would overwrite those changes."
        ));
        dialog.add_space(6.0);
        dialog.row(|row| {
            row.button(
                "Overwrite",
                true,
                DialogAnswer::Run(Command::Save {
                    overwrite_changes: true,
                    then: then.cloned(),
                }),
            );
            row.default_button(
                "Save As…",
                true,
                DialogAnswer::Run(Command::ChooseFile(FilePurpose::SaveAs(then.cloned()))),
            );
            row.cancel_button("Cancel");
        });
    })
}

/// Save As chose a file that exists and is not a Dossier file: replace it?
#[derive(Clone, Debug)]
pub struct ReplaceConfirm {
    pub path: PathBuf,
    /// What the file looks like ("a TimelineJS file", "not a Dossier file").
    pub what: String,
    pub then: Option<AfterSave>,
}

impl ReplaceConfirm {
    pub fn ui(&self, ctx: &Context, first_frame: bool) -> DialogAnswer {
        Dialog::new("Replace a file?", first_frame).show(ctx, |dialog| {
            dialog.label(format!(
                "{} exists and {}. Saving the dossier there replaces its content.",
                self.path.display(),
                self.what
            ));
            dialog.add_space(6.0);
            dialog.row(|row| {
                // Keeping the file is what Enter does: replacing needs a deliberate click.
                row.default_button(
                    "Choose another name…",
                    true,
                    DialogAnswer::Run(Command::ChooseFile(FilePurpose::SaveAs(self.then.clone()))),
                );
                row.button(
                    "Replace",
                    true,
                    DialogAnswer::Run(Command::SaveTo {
                        path: self.path.clone(),
                        replace: true,
                        then: self.then.clone(),
                    }),
                );
                row.cancel_button("Cancel");
            });
        })
    }
}
