//! The export dialog: which briefing, which format; then a file is chosen.

use egui::Context;

use crate::formats::ExportFormat;
use crate::model::Document;
use crate::ui::commands::{Command, FilePurpose};

use super::answer::DialogAnswer;
use super::dialog_window::Dialog;

/// The export dialog's state: the briefing and format chosen so far.
#[derive(Clone, Debug)]
pub struct ExportDialog {
    pub briefing: String,
    pub format: ExportFormat,
}

/// The accessible name of the export dialog's briefing chooser.
pub const EXPORT_BRIEFING_LABEL: &str = "Briefing to export";

impl ExportDialog {
    pub fn ui(&mut self, ctx: &Context, first_frame: bool, document: &Document) -> DialogAnswer {
        Dialog::new("Export briefing", first_frame)
            .width(520.0)
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
                            .selected_text(crate::ui::style::ellipsize(current, 50))
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
                            for format in ExportFormat::briefing_formats() {
                                ui.radio_value(&mut self.format, format, format.briefing_label());
                            }
                        });
                        ui.end_row();
                    });
                ui.add_space(6.0);
                ui.row(|row| {
                    let ready = briefings.iter().any(|b| b.id == self.briefing);
                    row.default_button(
                        "Choose file and export…",
                        ready,
                        DialogAnswer::Run(Command::ChooseFile(FilePurpose::Export {
                            briefing: self.briefing.clone(),
                            format: self.format,
                        })),
                    );
                    row.button(
                        "Copy as text",
                        ready,
                        DialogAnswer::RunAndStay(Command::CopyBriefingText(self.briefing.clone())),
                    );
                    row.cancel_button("Cancel");
                });
            })
    }
}
