//! The one dialog open over the main view, with its state. The app owns at most one and
//! draws it in one place, so a new dialog replaces the old and Esc or focus handling has
//! one place to go.

use egui::Context;

use crate::model::Document;
use crate::ui::commands::AfterSave;

use super::answer::DialogAnswer;
use super::export::ExportDialog;
use super::files::{PathPrompt, PendingDialog};
use super::records::DeleteConfirm;
use super::saving::ReplaceConfirm;
use super::{info, records, saving};

/// The dialog that is open.
pub enum Modal {
    /// A native file dialog on its own thread.
    NativeFile(PendingDialog),
    /// The path field, when there is no native dialog.
    PathPrompt(PathPrompt),
    Export(ExportDialog),
    Warnings,
    Shortcuts,
    About,
    ConfirmDelete(DeleteConfirm),
    /// Lanes, sources and periods.
    Records,
    /// "Save changes first?", with what waits for the answer.
    Unsaved(AfterSave),
    /// Saving found the file changed on disk: overwrite? With what waits for the save.
    SaveConflict(Option<AfterSave>),
    /// Save As chose a file that is not a dossier: replace it?
    Replace(ReplaceConfirm),
}

/// What dialogs read to draw themselves.
pub struct ModalContext<'a> {
    pub document: &'a Document,
    /// The open file's name, as the title bar shows it.
    pub file_name: &'a str,
    /// The dialog opened this frame: its first field or default button takes the focus.
    pub first_frame: bool,
}

impl Modal {
    /// Draws the dialog and returns its answer for this frame.
    pub fn ui(&mut self, ctx: &Context, context: &ModalContext<'_>) -> DialogAnswer {
        let first = context.first_frame;
        match self {
            Self::NativeFile(pending) => pending.poll(ctx),
            Self::PathPrompt(prompt) => prompt.ui(ctx, first),
            Self::Export(dialog) => dialog.ui(ctx, first, context.document),
            Self::Warnings => info::warnings_ui(ctx, first, context.document, context.file_name),
            Self::Shortcuts => info::shortcuts_ui(ctx, first),
            Self::About => info::about_ui(ctx, first),
            Self::ConfirmDelete(confirm) => confirm.ui(ctx, first),
            Self::Records => records::manager_ui(ctx, first, context.document),
            Self::Unsaved(then) => saving::unsaved_ui(ctx, first, context.file_name, then),
            Self::SaveConflict(then) => {
                saving::conflict_ui(ctx, first, context.file_name, then.as_ref())
            }
            Self::Replace(confirm) => confirm.ui(ctx, first),
        }
    }

    /// A short name for the dialog, for tests and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Self::NativeFile(_) => "file dialog",
            Self::PathPrompt(_) => "path field",
            Self::Export(_) => "export",
            Self::Warnings => "warnings",
            Self::Shortcuts => "shortcuts",
            Self::About => "about",
            Self::ConfirmDelete(_) => "delete",
            Self::Records => "records",
            Self::Unsaved(_) => "unsaved changes",
            Self::SaveConflict(_) => "save conflict",
            Self::Replace(_) => "replace",
        }
    }
}
