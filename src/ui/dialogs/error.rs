//! The error panel: a failure the user must read, with every problem listed.

use egui::{Context, RichText, Window};

use crate::formats::LoadError;

use super::answer::DialogAnswer;

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

    pub fn export_failed(file: String, error: &dyn std::fmt::Display) -> Self {
        Self {
            title: "Could not export the briefing".to_owned(),
            file,
            intro: "Nothing was written. The reason:".to_owned(),
            lines: vec![error.to_string()],
        }
    }

    /// Shows the panel; it closes on Dismiss or Esc.
    pub fn ui(&self, ctx: &Context) -> DialogAnswer {
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
        DialogAnswer::stay_if(keep && !ctx.input(|i| i.key_pressed(egui::Key::Escape)))
    }
}
