//! The record form: a draft copy of one record, checked as the user types (the same
//! rules as loading), applied as one undoable edit.

use egui::{Key, Modifiers, Response, RichText, TextEdit, Ui};

use crate::model::Document;
use crate::model::dataset::{Certainty, DEFAULT_IMPORTANCE, EntityKind};
use crate::model::edit::{Edit, describe_change, record_at, slug, unused_id};
use crate::model::records::{Record, RecordKind};
use crate::model::validate::{Problem, Severity, check_record, has_errors};
use crate::state::Selection;
use crate::ui::commands::Command;

use super::briefing_form::{Preview, sections_ui};
use super::fields::{
    ShortText, WholeTextField, color_row, date_row, errors_row, field_id, figures_ui, links_ui,
    multiline_row, record_id_mut, take_submit, text_row,
};
use super::grade_fields::{credibility_row, figure_sources_ui, source_rows};
use super::labels;
use super::pickers::Pickers;

/// An open editor form.
pub struct Editor {
    /// Where the record is in the dossier; `None` for a new record.
    pub position: Option<usize>,
    original: Option<Record>,
    pub draft: Record,
    /// The id follows the title or name until the user edits it.
    auto_id: bool,
    /// Text buffers for list fields typed as text (tags, aliases).
    tags_text: String,
    aliases_text: String,
    /// Each key figure's reported values, as typed.
    figure_values_text: Vec<String>,
    /// The pickers' lists and searches, kept across frames.
    pickers: Pickers,
    /// The briefing preview, kept across frames.
    preview: Preview,
    /// Problems reported when applying failed.
    pub refused: Vec<String>,
    /// The form has just opened: its first field takes the keyboard focus.
    focus_first: bool,
}

impl Editor {
    /// An editor for the record of `kind` at `position`.
    pub fn edit(document: &Document, kind: RecordKind, position: usize) -> Option<Self> {
        let record = record_at(&document.dossier, kind, position)?;
        Some(Self::with(
            Some(position),
            Some(record.clone()),
            record,
            false,
        ))
    }

    /// An editor for a new record (not in the dossier until applied).
    pub fn create(draft: Record) -> Self {
        let auto_id = true;
        Self::with(None, None, draft, auto_id)
    }

    fn with(
        position: Option<usize>,
        original: Option<Record>,
        draft: Record,
        auto_id: bool,
    ) -> Self {
        let tags_text = match &draft {
            Record::Event(e) => e.tags.join(", "),
            _ => String::new(),
        };
        let aliases_text = match &draft {
            Record::Entity(e) => e.aliases.join("\n"),
            _ => String::new(),
        };
        Self {
            position,
            original,
            draft,
            auto_id,
            tags_text,
            aliases_text,
            figure_values_text: Vec::new(),
            pickers: Pickers::default(),
            preview: Preview::default(),
            refused: Vec::new(),
            focus_first: true,
        }
    }

    pub fn kind(&self) -> RecordKind {
        self.draft.kind()
    }

    fn title(&self) -> String {
        let noun = self.kind().noun();
        match &self.original {
            None => format!("New {noun}"),
            Some(r) => format!("Edit {noun}: {}", crate::ui::style::ellipsize(r.name(), 40)),
        }
    }

    /// The draft's problems, checked as loading checks them.
    fn problems(&self, document: &Document) -> Vec<Problem> {
        let Document { dossier, index, .. } = document;
        check_record(dossier, index, &self.draft, self.position)
    }

    /// Shows the form in its panel; returns a command and whether the form stays open.
    /// `generation` is the workspace's document generation: what the form derives from
    /// the document is kept until it changes.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        document: &Document,
        generation: u64,
    ) -> (Option<Command>, bool) {
        self.pickers.refresh(generation);
        let mut command = None;
        let mut keep = true;
        let problems = self.problems(document);
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.heading(self.title());
        });
        // The actions stay at the top, always in view, whatever the form's length.
        let can_apply = self.can_apply(document);
        ui.horizontal(|ui| {
            let apply = ui
                .add_enabled(can_apply, egui::Button::new(labels::APPLY))
                .on_disabled_hover_text(if has_errors(&problems) {
                    "Fix the errors first"
                } else {
                    "Nothing changed"
                })
                .on_hover_text("Enter in a one-line field, or Ctrl+Enter anywhere in the form");
            if apply.clicked() {
                command = Some(self.apply_command(document));
            }
            if ui.button("Cancel").clicked() {
                keep = false;
            }
            if let Some(position) = self.position {
                ui.separator();
                if ui.button("Duplicate").clicked() {
                    command = Some(Command::Duplicate {
                        kind: self.kind(),
                        position,
                    });
                    keep = false;
                }
                if ui.button("Delete…").clicked() {
                    command = Some(Command::AskDelete {
                        kind: self.kind(),
                        position,
                    });
                    keep = false;
                }
            }
        });
        for problem in &problems {
            let color = if problem.severity == Severity::Error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().warn_fg_color
            };
            ui.label(RichText::new(problem.to_string()).color(color).small());
        }
        for refusal in &self.refused {
            ui.label(
                RichText::new(refusal)
                    .color(ui.visuals().error_fg_color)
                    .small(),
            );
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.fields_ui(ui, document, generation, &problems);
            });
        // Enter in a one-line field, or Ctrl+Enter anywhere, applies a valid form.
        let submitted =
            take_submit(ui) || ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Enter));
        // Checked again: the keys typed in the frame of the Enter are in the draft now.
        if submitted && command.is_none() && self.can_apply(document) {
            command = Some(self.apply_command(document));
        }
        (command, keep)
    }

    /// True when the draft has no error and is a change.
    fn can_apply(&self, document: &Document) -> bool {
        let problems = self.problems(document);
        !has_errors(&problems) && self.original.as_ref() != Some(&self.draft)
    }

    fn apply_command(&self, document: &Document) -> Command {
        let kind = self.kind();
        let (label, edit) = match (&self.original, self.position) {
            (Some(original), Some(index)) => (
                describe_change(original, &self.draft),
                Edit::Replace {
                    index,
                    record: self.draft.clone(),
                },
            ),
            _ => (
                format!("add {}", kind.noun()),
                Edit::Insert {
                    index: record_count(document, kind),
                    record: self.draft.clone(),
                },
            ),
        };
        let id = self.draft.id().to_owned();
        let select = match kind {
            RecordKind::Event => Some(Selection::Event(id)),
            RecordKind::Entity => Some(Selection::Entity(id)),
            RecordKind::Briefing => Some(Selection::Briefing(id)),
            _ => None,
        };
        Command::ApplyEdit {
            label,
            edit,
            select,
        }
    }

    fn fields_ui(
        &mut self,
        ui: &mut Ui,
        document: &Document,
        generation: u64,
        problems: &[Problem],
    ) {
        let auto_id = self.auto_id;
        let kind = self.kind();
        let mut id_edited = false;
        let mut name_for_id = None;
        // The record's name field, which comes first and takes the focus on opening.
        let mut first: Option<Response> = None;
        egui::Grid::new("editor-fields")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .striped(false)
            .show(ui, |ui| {
                match &mut self.draft {
                    Record::Event(event) => {
                        let title = &mut WholeTextField(&mut event.title);
                        let name = text_row(ui, labels::TITLE, title, problems, "title");
                        if name.changed() {
                            name_for_id = Some(event.title.to_string());
                        }
                        first = Some(name);
                        date_row(
                            ui,
                            labels::START,
                            &mut ShortText(&mut event.start),
                            problems,
                            "start",
                            "2025-07-26",
                        );
                        date_row(
                            ui,
                            labels::END,
                            &mut ShortText(event.end_mut()),
                            problems,
                            "end",
                            "empty for a single date",
                        );
                        let label = ui.label("Lane");
                        let current = document
                            .index
                            .lane(&event.lane)
                            .map_or(event.lane.to_string(), |l| {
                                document.dossier.lanes[l].label.clone()
                            });
                        egui::ComboBox::from_id_salt("editor-lane")
                            .selected_text(current)
                            .show_ui(ui, |ui| {
                                for lane in &document.dossier.lanes {
                                    ui.selectable_value(
                                        &mut event.lane,
                                        lane.id.as_str().into(),
                                        &lane.label,
                                    );
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        ui.end_row();
                        errors_row(ui, problems, "lane");
                        ui.label("Certainty");
                        ui.horizontal(|ui| {
                            let mut certainty = event.certainty();
                            for c in Certainty::ALL {
                                ui.radio_value(&mut certainty, c, c.key());
                            }
                            if certainty != event.certainty() {
                                event.certainty =
                                    Some(certainty).filter(|c| *c != Certainty::Confirmed);
                            }
                        });
                        ui.end_row();
                        credibility_row(ui, event);
                        errors_row(ui, problems, "credibility");
                        let label = ui.label("Importance");
                        let mut importance = event.importance();
                        ui.add(egui::Slider::new(&mut importance, 1..=5).text("5 = core event"))
                            .labelled_by(label.id);
                        if importance != event.importance() {
                            event.importance =
                                Some(importance).filter(|&i| i != DEFAULT_IMPORTANCE);
                        }
                        ui.end_row();
                        let summary = &mut WholeTextField(&mut event.summary);
                        multiline_row(ui, labels::SUMMARY, summary, problems, "summary");
                        let label = ui.label("Tags");
                        if ui
                            .add(
                                TextEdit::singleline(&mut self.tags_text)
                                    .id(field_id("tags"))
                                    .hint_text("comma-separated")
                                    .desired_width(f32::INFINITY),
                            )
                            .labelled_by(label.id)
                            .changed()
                        {
                            event.tags = self
                                .tags_text
                                .split(',')
                                .map(str::trim)
                                .filter(|t| !t.is_empty())
                                .map(Into::into)
                                .collect();
                        }
                        ui.end_row();
                    }
                    Record::Entity(entity) => {
                        let name = text_row(ui, labels::NAME, &mut entity.name, problems, "name");
                        if name.changed() {
                            name_for_id = Some(entity.name.clone());
                        }
                        first = Some(name);
                        let label = ui.label("Kind");
                        egui::ComboBox::from_id_salt("editor-kind")
                            .selected_text(entity.kind.key())
                            .show_ui(ui, |ui| {
                                for kind in EntityKind::ALL {
                                    ui.selectable_value(&mut entity.kind, kind, kind.key());
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label("Aliases");
                        if ui
                            .add(
                                TextEdit::multiline(&mut self.aliases_text)
                                    .id(field_id("aliases"))
                                    .hint_text("one a line, e.g. 李强")
                                    .desired_rows(2)
                                    .desired_width(f32::INFINITY),
                            )
                            .labelled_by(label.id)
                            .changed()
                        {
                            entity.aliases = self
                                .aliases_text
                                .lines()
                                .map(str::trim)
                                .filter(|a| !a.is_empty())
                                .map(str::to_owned)
                                .collect();
                        }
                        ui.end_row();
                        multiline_row(
                            ui,
                            "Description",
                            &mut entity.description,
                            problems,
                            "description",
                        );
                    }
                    Record::Lane(lane) => {
                        let name = text_row(ui, labels::LABEL, &mut lane.label, problems, "label");
                        if name.changed() {
                            name_for_id = Some(lane.label.clone());
                        }
                        first = Some(name);
                        color_row(ui, &mut lane.color, problems);
                        multiline_row(
                            ui,
                            "Description",
                            &mut lane.description,
                            problems,
                            "description",
                        );
                    }
                    Record::Source(source) => {
                        let name = source_rows(ui, source, problems);
                        if name.changed() {
                            name_for_id = Some(source.title.to_string());
                        }
                        first = Some(name);
                    }
                    Record::Period(period) => {
                        let name =
                            text_row(ui, labels::LABEL, &mut period.label, problems, "label");
                        if name.changed() {
                            name_for_id = Some(period.label.clone());
                        }
                        first = Some(name);
                        date_row(
                            ui,
                            labels::START,
                            &mut period.start,
                            problems,
                            "start",
                            "2025-07-23",
                        );
                        date_row(
                            ui,
                            labels::END,
                            &mut period.end,
                            problems,
                            "end",
                            "2025-07-30",
                        );
                        color_row(ui, &mut period.color, problems);
                        multiline_row(
                            ui,
                            "Description",
                            &mut period.description,
                            problems,
                            "description",
                        );
                    }
                    Record::Briefing(briefing) => {
                        let name =
                            text_row(ui, labels::TITLE, &mut briefing.title, problems, "title");
                        if name.changed() {
                            name_for_id = Some(briefing.title.clone());
                        }
                        first = Some(name);
                        date_row(
                            ui,
                            labels::DATE,
                            &mut briefing.date,
                            problems,
                            "date",
                            "2025-07-31",
                        );
                        text_row(ui, "Purpose", &mut briefing.purpose, problems, "purpose");
                        multiline_row(
                            ui,
                            labels::SUMMARY,
                            &mut briefing.summary,
                            problems,
                            "summary",
                        );
                    }
                }
                // The id follows the name until edited, so it comes after it.
                let mut id = record_id_mut(&mut self.draft);
                id_edited = text_row(ui, labels::ID, id.buffer(), problems, "id").changed();
            });
        if let Some(first) = first.filter(|_| std::mem::take(&mut self.focus_first)) {
            first.request_focus();
        }
        if id_edited {
            self.auto_id = false;
        } else if let Some(name) = name_for_id.filter(|_| auto_id) {
            let id = unused_id(&document.dossier, kind, &slug(&name));
            record_id_mut(&mut self.draft).buffer().replace_with(&id);
        }

        // List fields, below the grid.
        let pickers = &mut self.pickers;
        match &mut self.draft {
            Record::Event(event) => {
                pickers.entity_refs_ui(ui, document, &mut event.entities);
                pickers.id_list_ui(
                    ui,
                    document,
                    "Sources",
                    "sources",
                    RecordKind::Source,
                    &mut event.sources,
                );
                pickers.quotes_ui(ui, document, event.quotes_mut());
                figures_ui(ui, event.figures_mut());
                figure_sources_ui(ui, event.figures_mut(), &mut self.figure_values_text);
            }
            Record::Entity(entity) => links_ui(ui, &mut entity.links),
            Record::Briefing(briefing) => {
                sections_ui(ui, &mut briefing.sections);
                pickers.id_list_ui(
                    ui,
                    document,
                    "Events (the chronology)",
                    "events",
                    RecordKind::Event,
                    &mut briefing.events,
                );
                pickers.id_list_ui(
                    ui,
                    document,
                    "Key actors",
                    "entities",
                    RecordKind::Entity,
                    &mut briefing.entities,
                );
                pickers.id_list_ui(
                    ui,
                    document,
                    "Other sources",
                    "sources",
                    RecordKind::Source,
                    &mut briefing.sources,
                );
                self.preview.ui(ui, document, generation, briefing);
            }
            Record::Lane(_) | Record::Source(_) | Record::Period(_) => {}
        }
    }
}

fn record_count(document: &Document, kind: RecordKind) -> usize {
    let d = &document.dossier;
    match kind {
        RecordKind::Lane => d.lanes.len(),
        RecordKind::Entity => d.entities.len(),
        RecordKind::Source => d.sources.len(),
        RecordKind::Event => d.events.len(),
        RecordKind::Period => d.periods.len(),
        RecordKind::Briefing => d.briefings.len(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn frame(editor: &mut Editor, ctx: &egui::Context, document: &Document, generation: u64) {
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            editor.ui(ui, document, generation);
        });
        // No renderer takes the font texture here; say so, or egui complains on drop.
        output.textures_delta.clear();
    }

    #[test]
    fn frames_reuse_what_the_form_derived_until_the_document_changes() {
        let document = crate::formats::default_dossier();
        let mut editor = Editor::edit(&document, RecordKind::Briefing, 0).unwrap();
        let ctx = egui::Context::default();
        for _ in 0..3 {
            frame(&mut editor, &ctx, &document, 7);
        }
        assert_eq!(
            editor.pickers.lists_built, 3,
            "events, entities and sources, built once"
        );
        assert_eq!(editor.preview.writes, 1, "the preview, written once");
        frame(&mut editor, &ctx, &document, 8);
        assert_eq!(
            editor.pickers.lists_built, 6,
            "built again for a new document"
        );
        assert_eq!(editor.preview.writes, 2);
    }
}
