//! Choosing a file: the native dialog runs on its own thread so the window keeps painting,
//! and the path field stands in when no native dialog can be shown (or tests run).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use egui::{Context, TextEdit, Window};

use crate::ui::commands::{Command, FilePurpose};

use super::answer::DialogAnswer;

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
    pub fn spawn(purpose: FilePurpose, suggested_name: Option<String>) -> Self {
        let (sender, receiver) = std::sync::mpsc::channel();
        let dialog_purpose = purpose.clone();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new();
            let picked = match dialog_purpose {
                FilePurpose::Open => dialog
                    .set_title("Open a dossier")
                    .add_filter("Dossier (JSON)", &["json"])
                    .add_filter("All files", &["*"])
                    .pick_file(),
                FilePurpose::SaveAs(_) => dialog
                    .set_title("Save the dossier as")
                    .add_filter("Dossier (JSON)", &["json"])
                    .set_file_name(suggested_name.unwrap_or_default())
                    .save_file(),
                FilePurpose::Export { format, .. } => dialog
                    .set_title("Export briefing")
                    .add_filter(format.briefing_label(), &[format.extension()])
                    .set_file_name(suggested_name.unwrap_or_default())
                    .save_file(),
                FilePurpose::ExportDossier(format) => dialog
                    .set_title("Export the dossier")
                    .add_filter(
                        format.label(),
                        &[format.extension().rsplit('.').next().unwrap_or("")],
                    )
                    .set_file_name(suggested_name.unwrap_or_default())
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
    /// Why the native dialog is not used, shown above the field.
    pub note: Option<String>,
}

/// The accessible name of the path field.
pub const PATH_FIELD_LABEL: &str = "File path";

impl PathPrompt {
    /// Shows the prompt; answers with the command for the path once it is given.
    pub fn ui(&mut self, ctx: &Context) -> DialogAnswer {
        let mut answer = DialogAnswer::Stay;
        Window::new(self.purpose.title())
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
            .show(ctx, |ui| {
                if let Some(note) = &self.note {
                    ui.label(note);
                    ui.add_space(4.0);
                }
                let label = ui.label(PATH_FIELD_LABEL);
                let response = ui
                    .add(
                        TextEdit::singleline(&mut self.path)
                            .desired_width(420.0)
                            .hint_text("/home/me/dossiers/story.json"),
                    )
                    .labelled_by(label.id);
                let entered =
                    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    let verb = match self.purpose {
                        FilePurpose::Open => "Open",
                        FilePurpose::SaveAs(_) => "Save",
                        FilePurpose::Export { .. } | FilePurpose::ExportDossier(_) => "Export",
                    };
                    let ok = ui.add_enabled(!self.path.trim().is_empty(), egui::Button::new(verb));
                    if (ok.clicked() || entered) && !self.path.trim().is_empty() {
                        let path = expand_home(self.path.trim());
                        answer = DialogAnswer::Run(self.purpose.clone().command(path));
                    }
                    if ui.button("Cancel").clicked() {
                        answer = DialogAnswer::Close;
                    }
                });
            });
        answer
    }
}

/// `~/x` → `$HOME/x`, as a shell would.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}
