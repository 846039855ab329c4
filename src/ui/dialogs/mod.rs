//! Windows over the main view: native file dialogs run off the UI thread, the path field
//! used when no native dialog can be shown, the export dialog, the load-error panel, and
//! the warnings, shortcuts and about windows.

pub mod records;

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use egui::{Context, RichText, TextEdit, Window};

use crate::formats::LoadError;
use crate::formats::briefing::TextFormat;
use crate::model::Document;

use crate::formats::export_format::DossierExport;

use super::actions::{Action, Command};

/// What a file dialog is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilePurpose {
    Open,
    SaveAs,
    Export {
        briefing: String,
        format: TextFormat,
    },
    /// The whole dossier in another format.
    ExportDossier(DossierExport),
}

impl FilePurpose {
    /// What to do with the path the user chose.
    pub fn command(self, path: PathBuf) -> Command {
        match self {
            Self::Open => Command::OpenFile(path),
            Self::SaveAs => Command::SaveTo(path),
            Self::Export { briefing, format } => Command::ExportTo {
                briefing,
                format,
                path,
            },
            Self::ExportDossier(format) => Command::ExportDossierTo { format, path },
        }
    }

    /// The file name offered in the dialog.
    pub fn suggested_name(&self, stem: &str) -> String {
        match self {
            Self::Open => String::new(),
            Self::SaveAs => format!("{stem}.json"),
            Self::Export { briefing, format } => format!("{briefing}.{}", format.extension()),
            Self::ExportDossier(format) => format!("{stem}.{}", format.extension()),
        }
    }
}

impl FilePurpose {
    fn title(&self) -> &'static str {
        match self {
            Self::Open => "Open a dossier",
            Self::SaveAs => "Save the dossier as",
            Self::Export { .. } => "Export briefing to",
            Self::ExportDossier(_) => "Export the dossier to",
        }
    }
}

/// A native dialog running on its own thread, so the window keeps painting.
pub struct PendingDialog {
    purpose: FilePurpose,
    started: Instant,
    receiver: Receiver<Option<PathBuf>>,
}

/// rfd answers "no file" at once when it has no portal and no zenity to show a dialog
/// with; a person cannot cancel a real dialog this fast.
const NO_DIALOG_THRESHOLD: Duration = Duration::from_millis(400);

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
                FilePurpose::SaveAs => dialog
                    .set_title("Save the dossier as")
                    .add_filter("Dossier (JSON)", &["json"])
                    .set_file_name(suggested_name.unwrap_or_default())
                    .save_file(),
                FilePurpose::Export { format, .. } => dialog
                    .set_title("Export briefing")
                    .add_filter(format.label(), &[format.extension()])
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
}

/// What became of a pending dialog this frame.
pub enum DialogOutcome {
    Waiting,
    Picked(FilePurpose, PathBuf),
    Cancelled,
    /// No native dialog could be shown: ask for a path instead.
    Unavailable(FilePurpose),
}

impl PendingDialog {
    pub fn poll(&self) -> DialogOutcome {
        match self.receiver.try_recv() {
            Err(TryRecvError::Empty) => DialogOutcome::Waiting,
            Ok(Some(path)) => DialogOutcome::Picked(self.purpose.clone(), path),
            Ok(None) if self.started.elapsed() < NO_DIALOG_THRESHOLD => {
                DialogOutcome::Unavailable(self.purpose.clone())
            }
            Ok(None) => DialogOutcome::Cancelled,
            Err(TryRecvError::Disconnected) => DialogOutcome::Unavailable(self.purpose.clone()),
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
    /// Shows the prompt; returns the command to run, and whether it stays open.
    pub fn ui(&mut self, ctx: &Context) -> (Option<Command>, bool) {
        let mut command = None;
        let mut keep = true;
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
                        FilePurpose::SaveAs => "Save",
                        FilePurpose::Export { .. } | FilePurpose::ExportDossier(_) => "Export",
                    };
                    let ok = ui.add_enabled(!self.path.trim().is_empty(), egui::Button::new(verb));
                    if (ok.clicked() || entered) && !self.path.trim().is_empty() {
                        let path = expand_home(self.path.trim());
                        command = Some(self.purpose.clone().command(path));
                        keep = false;
                    }
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
            });
        (command, keep)
    }
}

/// `~/x` → `$HOME/x`, as a shell would.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// The export dialog: which briefing, which format; then a file is chosen.
#[derive(Clone, Debug)]
pub struct ExportDialog {
    pub briefing: String,
    pub format: TextFormat,
}

/// The accessible name of the export dialog's briefing chooser.
pub const EXPORT_BRIEFING_LABEL: &str = "Briefing to export";

impl ExportDialog {
    /// Returns the command to run and whether the dialog stays open.
    pub fn ui(&mut self, ctx: &Context, document: &Document) -> (Option<Command>, bool) {
        let mut command = None;
        let mut keep = true;
        Window::new("Export briefing")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
            .show(ctx, |ui| {
                let briefings = &document.dossier.briefings;
                egui::Grid::new("export-grid")
                    .num_columns(2)
                    .spacing([12.0, 8.0])
                    .show(ui, |ui| {
                        let label = ui.label(EXPORT_BRIEFING_LABEL);
                        let current = briefings
                            .iter()
                            .find(|b| b.id == self.briefing)
                            .map_or("", |b| b.title.as_str());
                        egui::ComboBox::from_id_salt("export-briefing")
                            .selected_text(super::style::ellipsize(current, 50))
                            .width(360.0)
                            .show_ui(ui, |ui| {
                                for briefing in briefings {
                                    ui.selectable_value(
                                        &mut self.briefing,
                                        briefing.id.clone(),
                                        &briefing.title,
                                    );
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        ui.end_row();
                        ui.label("Format");
                        ui.horizontal(|ui| {
                            for format in [TextFormat::Plain, TextFormat::Markdown] {
                                ui.radio_value(&mut self.format, format, format.label());
                            }
                        });
                        ui.end_row();
                    });
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    let ready = briefings.iter().any(|b| b.id == self.briefing);
                    if ui
                        .add_enabled(ready, egui::Button::new("Choose file and export…"))
                        .clicked()
                    {
                        command = Some(Command::ChooseExportFile {
                            briefing: self.briefing.clone(),
                            format: self.format,
                        });
                        keep = false;
                    }
                    if ui
                        .add_enabled(ready, egui::Button::new("Copy as text"))
                        .clicked()
                    {
                        command = Some(Command::CopyBriefingText(self.briefing.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
            });
        (command, keep)
    }
}

/// A failure the user must read: a file that did not load (with every problem in it),
/// or an export that could not be written.
#[derive(Clone, Debug)]
pub struct ErrorPanel {
    pub title: String,
    pub file: String,
    pub intro: String,
    pub lines: Vec<String>,
}

impl ErrorPanel {
    pub fn load_failed(file: String, error: &LoadError) -> Self {
        Self {
            title: "Could not open the file".to_owned(),
            file,
            intro:
                "The dossier that was open stays open. Fix these problems and open the file again:"
                    .to_owned(),
            lines: error.lines(),
        }
    }

    pub fn export_failed(file: String, error: &dyn std::fmt::Display) -> Self {
        Self {
            title: "Could not export the briefing".to_owned(),
            file,
            intro: "Nothing was written. The reason:".to_owned(),
            lines: vec![error.to_string()],
        }
    }

    /// Returns whether the panel stays open.
    pub fn ui(&self, ctx: &Context) -> bool {
        let mut keep = true;
        Window::new(self.title.as_str())
            .collapsible(false)
            .resizable(true)
            .default_width(560.0)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
            .show(ctx, |ui| {
                ui.label(RichText::new(&self.file).strong());
                ui.label(&self.intro);
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for line in &self.lines {
                            let is_warning = line.contains(": warning: ");
                            let text = RichText::new(line).monospace();
                            ui.label(if is_warning {
                                text.weak()
                            } else {
                                text.color(ui.visuals().error_fg_color)
                            });
                        }
                    });
                ui.separator();
                ui.horizontal(|ui| {
                    if ui.button("Dismiss").clicked() {
                        keep = false;
                    }
                    if ui.button("Copy messages").clicked() {
                        ui.ctx().copy_text(self.lines.join("\n"));
                    }
                });
            });
        keep && !ctx.input(|i| i.key_pressed(egui::Key::Escape))
    }
}

/// The warnings of the open dossier. Returns whether the window stays open.
pub fn warnings_ui(ctx: &Context, document: &Document, file: &str) -> bool {
    let mut open = true;
    Window::new("Warnings")
        .open(&mut open)
        .default_width(520.0)
        .show(ctx, |ui| {
            if document.problems.is_empty() {
                ui.label("No warnings.");
            }
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for problem in &document.problems {
                        ui.label(RichText::new(format!("{file}: {problem}")).monospace());
                    }
                });
        });
    open
}

/// The keyboard shortcuts, from the one list of actions. Returns whether it stays open.
pub fn shortcuts_ui(ctx: &Context) -> bool {
    let mut open = true;
    Window::new("Keyboard shortcuts")
        .open(&mut open)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for action in Action::WITH_SHORTCUTS {
                        if let Some(shortcut) = action.shortcut() {
                            ui.label(action.label());
                            ui.monospace(ctx.format_shortcut(&shortcut));
                            ui.end_row();
                        }
                    }
                    for (what, keys) in [
                        ("Zoom at the pointer", "mouse wheel, pinch"),
                        ("Pan", "drag, horizontal scroll"),
                        ("Fit all", "double-click empty space"),
                        ("Back / forward", "mouse buttons 4 / 5"),
                    ] {
                        ui.label(what);
                        ui.monospace(keys);
                        ui.end_row();
                    }
                });
        });
    open
}

/// About Dossier. Returns whether it stays open.
pub fn about_ui(ctx: &Context) -> bool {
    let mut open = true;
    Window::new("About Dossier")
        .open(&mut open)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading(format!("Dossier {}", env!("CARGO_PKG_VERSION")));
            ui.label(env!("CARGO_PKG_DESCRIPTION"));
            ui.label("Chinese text uses Noto Sans CJK (SIL Open Font License 1.1).");
        });
    open
}
