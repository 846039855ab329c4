//! The windows of editing: confirm a delete (listing what refers to the record), and
//! manage lanes, sources and periods.

use egui::{Context, RichText};

use crate::model::Document;
use crate::model::edit::{Reference, record_at, references_to};
use crate::model::records::{Record, RecordKind};

use crate::ui::actions::Action;
use crate::ui::commands::Command;
use crate::ui::words::count;

use super::answer::DialogAnswer;
use super::dialog_window::Dialog;

/// "Delete X? These refer to it: …"
pub struct DeleteConfirm {
    pub kind: RecordKind,
    pub position: usize,
    name: String,
    references: Vec<Reference>,
}

impl DeleteConfirm {
    pub fn new(document: &Document, kind: RecordKind, position: usize) -> Option<Self> {
        let record = record_at(&document.dossier, kind, position)?;
        Some(Self {
            kind,
            position,
            name: record.name().to_owned(),
            references: references_to(&document.dossier, kind, record.id()),
        })
    }

    pub fn ui(&self, ctx: &Context, first_frame: bool) -> DialogAnswer {
        let noun = self.kind.noun();
        Dialog::new(format!("Delete {noun}"), first_frame)
            .width(520.0)
            .show(ctx, |ui| {
                ui.label(RichText::new(format!("Delete the {noun} “{}”?", self.name)).strong());
                let button = if self.references.is_empty() {
                    ui.label("Nothing refers to it.");
                    format!("Delete {noun}")
                } else if self.kind == RecordKind::Lane {
                    let events = count(self.references.len(), "event", "events");
                    ui.label(format!(
                        "{events} in this lane. Deleting the lane deletes them too (and removes them from briefings):",
                    ));
                    format!("Delete lane and its {events}")
                } else {
                    let references = count(self.references.len(), "reference", "references");
                    ui.label(format!("{references} to it will be removed as well:"));
                    format!("Delete and remove {references}")
                };
                egui::ScrollArea::vertical().max_height(220.0).show(ui, |ui| {
                    for reference in &self.references {
                        ui.label(
                            RichText::new(format!("{}  ({})", reference.path, reference.name))
                                .monospace()
                                .small(),
                        );
                    }
                });
                let undo = Action::Undo.hint();
                ui.label(RichText::new(format!("{undo} brings everything back.")).weak());
                ui.row(|row| {
                    row.default_button(
                        button,
                        true,
                        DialogAnswer::Run(Command::ConfirmDelete {
                            kind: self.kind,
                            position: self.position,
                        }),
                    );
                    row.cancel_button("Cancel");
                });
            })
    }
}

/// Lists lanes, sources and periods, which have no place of their own in the main view.
/// Its commands open a form or a dialog, which takes its place.
pub fn manager_ui(ctx: &Context, first_frame: bool, document: &Document) -> DialogAnswer {
    let mut command = None;
    let answer = Dialog::new("Lanes, sources and periods", first_frame)
        .width(560.0)
        .show(ctx, |dialog| {
            egui::ScrollArea::vertical()
                .max_height(440.0)
                .show(dialog, |ui| {
                    let dossier = &document.dossier;
                    let lists: [(RecordKind, Vec<String>); 3] = [
                        (
                            RecordKind::Lane,
                            dossier.lanes.iter().map(|l| l.label.clone()).collect(),
                        ),
                        (
                            RecordKind::Source,
                            dossier
                                .sources
                                .iter()
                                .map(|s| s.title.to_string())
                                .collect(),
                        ),
                        (
                            RecordKind::Period,
                            dossier.periods.iter().map(|p| p.label.clone()).collect(),
                        ),
                    ];
                    for (kind, names) in lists {
                        ui.horizontal(|ui| {
                            ui.heading(capitalised(kind.collection()));
                            if ui.button(format!("New {}…", kind.noun())).clicked() {
                                command = Some(Command::NewRecord(blank(document, kind)));
                            }
                        });
                        for (position, name) in names.iter().enumerate() {
                            ui.horizontal(|ui| {
                                if ui.small_button("Edit").clicked() {
                                    command = Some(Command::EditRecord { kind, position });
                                }
                                if ui.small_button("Delete").clicked() {
                                    command = Some(Command::AskDelete { kind, position });
                                }
                                // A source's grade takes the room of a few characters
                                // of its title.
                                let mut room = 70;
                                if kind == RecordKind::Source
                                    && let Some(source) = dossier.sources.get(position)
                                {
                                    crate::ui::panels::evidence::source_badge(ui, source);
                                    room = 64;
                                }
                                ui.label(crate::ui::style::ellipsize(name, room));
                            });
                        }
                        ui.add_space(8.0);
                    }
                });
            dialog.row(|row| {
                row.default_button("Close", true, DialogAnswer::Close);
            });
        });
    // The form opens beside the view, which a dialog would block: the list closes.
    command.map_or(answer, DialogAnswer::Run)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A new, empty record of `kind` with a fresh id, ready for the form.
pub fn blank(document: &Document, kind: RecordKind) -> Record {
    use crate::model::dataset::{Briefing, Entity, Event, Lane, Period, Source};
    use crate::model::edit::unused_id;
    let dossier = &document.dossier;
    let id = unused_id(dossier, kind, &format!("new-{}", kind.noun()));
    let today = today();
    match kind {
        RecordKind::Lane => Record::Lane(Lane {
            id,
            ..Lane::default()
        }),
        RecordKind::Entity => Record::Entity(Entity {
            id,
            ..Entity::default()
        }),
        RecordKind::Source => Record::Source(Source {
            id: id.into(),
            ..Source::default()
        }),
        RecordKind::Event => Record::Event(Box::new(Event {
            id: id.into(),
            start: today.into(),
            lane: dossier
                .lanes
                .first()
                .map(|l| l.id.as_str().into())
                .unwrap_or_default(),
            ..Event::default()
        })),
        RecordKind::Period => Record::Period(Period {
            id,
            start: today.clone(),
            end: today,
            ..Period::default()
        }),
        RecordKind::Briefing => Record::Briefing(Briefing {
            id,
            date: today,
            ..Briefing::default()
        }),
    }
}

/// Today as a date string: "2026-11-25".
pub fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}
