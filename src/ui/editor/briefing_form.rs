//! The briefing's own parts of the form: its sections, and a preview of the briefing as the
//! text export writes it.

use egui::{RichText, TextEdit, Ui};

use crate::model::Document;
use crate::model::briefing_view::BriefingView;
use crate::model::dataset::{Briefing, Section};

use super::fields::field_id;

/// The sections, each with a heading and a body, in an order the user can change.
pub fn sections_ui(ui: &mut Ui, sections: &mut Vec<Section>) {
    ui.add_space(6.0);
    ui.strong("Sections");
    let mut remove = None;
    let mut up = None;
    let mut down = None;
    let count = sections.len();
    for (i, section) in sections.iter_mut().enumerate() {
        ui.group(|ui| {
            ui.horizontal(|ui| {
                let label = ui.label(format!("Heading {}", i + 1));
                ui.add(
                    TextEdit::singleline(&mut section.heading)
                        .id(field_id(&format!("sections[{i}].heading")))
                        .desired_width(240.0),
                )
                .labelled_by(label.id);
                if i > 0 && ui.small_button("↑").on_hover_text("Move up").clicked() {
                    up = Some(i);
                }
                if i + 1 < count && ui.small_button("↓").on_hover_text("Move down").clicked() {
                    down = Some(i);
                }
                if ui
                    .small_button("×")
                    .on_hover_text("Remove section")
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            let label = ui.label(format!("Body {}", i + 1));
            ui.add(
                TextEdit::multiline(&mut section.body)
                    .id(field_id(&format!("sections[{i}].body")))
                    .hint_text("Cite a source with [@source-id].")
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
    }
    if let Some(i) = remove {
        sections.remove(i);
    } else if let Some(i) = up {
        sections.swap(i - 1, i);
    } else if let Some(i) = down {
        sections.swap(i, i + 1);
    }
    if ui.button("Add section").clicked() {
        sections.push(Section::default());
    }
}

/// The preview text, kept until the briefing or the document changes: writing it out
/// walks every event and source the briefing draws on.
#[derive(Debug, Default)]
pub struct Preview {
    /// The document generation and the briefing the text was written for.
    written_for: Option<(u64, Briefing)>,
    text: String,
    /// How many times the text was written, so tests can see that a frame reuses it.
    pub writes: usize,
}

impl Preview {
    /// The briefing as the text export writes it, written again only when needed.
    pub fn text(&mut self, document: &Document, generation: u64, briefing: &Briefing) -> &str {
        let current = self
            .written_for
            .as_ref()
            .is_some_and(|(g, b)| *g == generation && b == briefing);
        if !current {
            self.text = BriefingView::new(document, briefing)
                .to_plain_text(crate::formats::briefing::DEFAULT_WIDTH);
            self.written_for = Some((generation, briefing.clone()));
            self.writes += 1;
        }
        &self.text
    }

    /// The preview, updated as the user types.
    pub fn ui(&mut self, ui: &mut Ui, document: &Document, generation: u64, briefing: &Briefing) {
        ui.add_space(6.0);
        egui::CollapsingHeader::new("Preview (as exported)")
            .default_open(true)
            .show(ui, |ui| {
                let text = self.text(document, generation, briefing);
                egui::Frame::new()
                    .fill(ui.visuals().extreme_bg_color)
                    .inner_margin(6)
                    .show(ui, |ui| {
                        ui.label(RichText::new(text).monospace().size(11.0))
                    });
            });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_preview_is_written_again_only_when_something_changed() {
        let document = crate::formats::default_dossier();
        let mut briefing = document.dossier.briefings[0].clone();
        let mut preview = Preview::default();
        let first = preview.text(&document, 1, &briefing).to_owned();
        preview.text(&document, 1, &briefing);
        assert_eq!(preview.writes, 1, "reused while nothing changes");
        briefing.title = "Another title".to_owned();
        assert_ne!(preview.text(&document, 1, &briefing), first);
        assert_eq!(
            preview.writes, 2,
            "written again after the briefing changed"
        );
        preview.text(&document, 2, &briefing);
        assert_eq!(
            preview.writes, 3,
            "written again for a new document generation"
        );
    }
}
