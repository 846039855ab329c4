//! Choosing a file: the native dialog runs on its own thread so the window keeps painting,
//! and the path field stands in when no native dialog can be shown (or tests run).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use egui::{Context, RichText, TextEdit};

use crate::ui::commands::{Command, FilePurpose};

use super::answer::DialogAnswer;
use super::dialog_window::Dialog;

/// A native dialog running on its own thread, so the window keeps painting.
pub struct PendingDialog {
    purpose: FilePurpose,
    started: Instant,
    receiver: Receiver<Option<PathBuf>>,
}

/// rfd answers "no file" at once when it has no portal and no zenity to show a dialog
/// with; a person cannot cancel a real dialog this fast.
const NO_DIALOG_THRESHOLD: Duration = Duration::from_millis(400);

/// What the user is told when no native dialog could be shown.
const NO_NATIVE_DIALOG: &str = "No file dialog could be shown (it needs the XDG desktop portal or zenity). Type the path instead:";

impl PendingDialog {
    /// Opens the native dialog in `directory`, offering `suggested_name` for saving.
    pub fn spawn(purpose: FilePurpose, directory: Option<PathBuf>, suggested_name: String) -> Self {
        let (sender, receiver) = std::sync::mpsc::channel();
        let dialog_purpose = purpose.clone();
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new();
            if let Some(directory) = directory {
                dialog = dialog.set_directory(directory);
            }
            let picked = match dialog_purpose {
                FilePurpose::Open => dialog
                    .set_title("Open a dossier")
                    .add_filter("Dossier (JSON)", &["json"])
                    .add_filter(
                        "Timelines (TimelineJS, CSV, Markwhen)",
                        &["json", "csv", "mw"],
                    )
                    .add_filter("All files", &["*"])
                    .pick_file(),
                FilePurpose::SaveAs(_) => dialog
                    .set_title("Save the dossier as")
                    .add_filter("Dossier (JSON)", &["json"])
                    .set_file_name(&suggested_name)
                    .save_file(),
                FilePurpose::Export { format, .. } => dialog
                    .set_title("Export briefing")
                    .add_filter(format.briefing_label(), &[format.extension()])
                    .set_file_name(&suggested_name)
                    .save_file(),
                FilePurpose::ExportDossier(format) => dialog
                    .set_title("Export the dossier")
                    .add_filter(
                        format.label(),
                        &[format.extension().rsplit('.').next().unwrap_or("")],
                    )
                    .set_file_name(&suggested_name)
                    .save_file(),
            };
            // The app may have closed meanwhile; nobody to tell then.
            let _ = sender.send(picked);
        });
        Self {
            purpose,
            started: Instant::now(),
            receiver,
        }
    }

    /// What became of the dialog: still open, a path (as the command for it), cancelled,
    /// or not shown at all (then the path field is asked for instead).
    pub fn poll(&self, ctx: &Context) -> DialogAnswer {
        match self.receiver.try_recv() {
            Err(TryRecvError::Empty) => {
                // Keep polling while the dialog is open on its thread.
                ctx.request_repaint_after(Duration::from_millis(100));
                DialogAnswer::Stay
            }
            Ok(Some(path)) => DialogAnswer::Run(self.purpose.clone().command(path)),
            Ok(None) if self.started.elapsed() >= NO_DIALOG_THRESHOLD => DialogAnswer::Close,
            Ok(None) | Err(TryRecvError::Disconnected) => DialogAnswer::Run(Command::TypePath {
                purpose: self.purpose.clone(),
                note: Some(NO_NATIVE_DIALOG.to_owned()),
            }),
        }
    }
}

/// The path field: a typed path instead of a native dialog.
#[derive(Clone, Debug)]
pub struct PathPrompt {
    pub purpose: FilePurpose,
    pub path: String,
    /// Where a relative path is taken from: the directory the prompt started in.
    pub directory: PathBuf,
    /// Why the native dialog is not used, shown above the field.
    pub note: Option<String>,
}

/// The accessible name of the path field.
pub const PATH_FIELD_LABEL: &str = "File path";

impl PathPrompt {
    pub fn new(
        purpose: FilePurpose,
        path: String,
        directory: PathBuf,
        note: Option<String>,
    ) -> Self {
        Self {
            purpose,
            path,
            directory,
            note,
        }
    }

    /// The file the typed path names: `~` expanded, relative to the prompt's directory.
    pub fn resolved(&self) -> PathBuf {
        let path = expand_home(self.path.trim());
        if path.is_relative() {
            self.directory.join(path)
        } else {
            path
        }
    }

    /// Shows the prompt; answers with the command for the path once it is given.
    pub fn ui(&mut self, ctx: &Context, first_frame: bool) -> DialogAnswer {
        let purpose = self.purpose.clone();
        Dialog::new(self.purpose.title(), first_frame)
            .width(560.0)
            .show(ctx, |dialog| {
                if let Some(note) = &self.note {
                    dialog.label(note);
                    dialog.add_space(4.0);
                }
                let label = dialog.label(PATH_FIELD_LABEL);
                let field = dialog
                    .add(
                        TextEdit::singleline(&mut self.path)
                            .desired_width(f32::INFINITY)
                            .hint_text("/home/me/dossiers/story.json"),
                    )
                    .labelled_by(label.id);
                if first_frame {
                    // The cursor at the end, ready to type a name or change it.
                    move_cursor_to_end(dialog.ctx(), &field, self.path.chars().count());
                }
                dialog.focus_first(&field);
                // Read after the field took this frame's keys: Enter in the same frame as
                // the last letters typed must not leave them out.
                let given = !self.path.trim().is_empty();
                let resolved = self.resolved();
                // The full path, whatever was typed: no guessing which directory is meant.
                let verb = match purpose {
                    FilePurpose::Open => "Opens",
                    FilePurpose::SaveAs(_) => "Saves to",
                    FilePurpose::Export { .. } | FilePurpose::ExportDossier(_) => "Writes",
                };
                // Only when it is not what the field says (a relative path, or `~`).
                let shown = resolved.display().to_string();
                if given && shown != self.path.trim() {
                    dialog.label(RichText::new(format!("{verb} {shown}")).weak());
                }
                dialog.add_space(6.0);
                dialog.row(|row| {
                    let button = match purpose {
                        FilePurpose::Open => "Open",
                        FilePurpose::SaveAs(_) => "Save",
                        FilePurpose::Export { .. } | FilePurpose::ExportDossier(_) => "Export",
                    };
                    row.default_button(
                        button,
                        given,
                        DialogAnswer::Run(purpose.clone().command(resolved.clone())),
                    );
                    row.cancel_button("Cancel");
                });
            })
    }
}

/// Puts the text cursor of a just-focused field at the end of its text.
fn move_cursor_to_end(ctx: &Context, field: &egui::Response, chars: usize) {
    let mut state = egui::TextEdit::load_state(ctx, field.id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::one(
            egui::text::CCursor::new(chars),
        )));
    state.store(ctx, field.id);
}

/// `~/x` → `$HOME/x`, as a shell would.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}
