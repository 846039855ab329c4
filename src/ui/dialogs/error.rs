//! The error panel: a failure the user must read, with every problem listed.

use egui::{Context, RichText};

use crate::formats::LoadError;

use super::answer::DialogAnswer;
use super::dialog_window::Dialog;

/// A failure the user must read: a file that did not load (with every problem in it),
/// or an export or save that could not be written.
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

    /// A file that failed to open when nothing had been open yet: say what is shown.
    #[must_use]
    pub fn shown_instead(mut self, what: &str) -> Self {
        self.intro =
            format!("{what} is shown instead. Fix these problems and open the file again:");
        self
    }

    pub fn export_failed(file: String, error: &dyn std::fmt::Display) -> Self {
        Self {
            title: "Could not export the briefing".to_owned(),
            file,
            intro: "Nothing was written. The reason:".to_owned(),
            lines: vec![error.to_string()],
        }
    }

    /// Shows the panel; it closes on Dismiss, Enter or Esc.
    pub fn ui(&self, ctx: &Context, first_frame: bool) -> DialogAnswer {
        Dialog::new(self.title.as_str(), first_frame)
            .width(640.0)
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
                ui.row(|row| {
                    row.default_button("Dismiss", true, DialogAnswer::Close);
                    if row.add(egui::Button::new("Copy messages")).clicked() {
                        row.ctx().copy_text(self.lines.join("\n"));
                    }
                });
            })
    }
}
