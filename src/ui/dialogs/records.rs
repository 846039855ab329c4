//! The windows of editing: confirm a delete (listing what refers to the record), manage
//! lanes, sources and periods, ask about unsaved changes, and warn about changes on disk.

use egui::{Context, RichText, Window};

use crate::model::Document;
use crate::model::edit::{Reference, record_at, references_to};
use crate::model::records::{Record, RecordKind};

use crate::ui::actions::Command;

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

    /// Returns the command to run and whether the dialog stays open.
    pub fn ui(&self, ctx: &Context) -> (Option<Command>, bool) {
        let mut command = None;
        let mut keep = true;
        let noun = self.kind.noun();
        Window::new(format!("Delete {noun}"))
            .collapsible(false)
            .resizable(true)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
            .show(ctx, |ui| {
                ui.label(RichText::new(format!("Delete the {noun} “{}”?", self.name)).strong());
                let button = if self.references.is_empty() {
                    ui.label("Nothing refers to it.");
                    format!("Delete {noun}")
                } else if self.kind == RecordKind::Lane {
                    ui.label(format!(
                        "{} events are in this lane. Deleting the lane deletes them too (and removes them from briefings):",
                        self.references.len()
                    ));
                    format!("Delete lane and its {} events", self.references.len())
                } else {
                    ui.label(format!(
                        "{} references to it will be removed as well:",
                        self.references.len()
                    ));
                    format!("Delete and remove {} references", self.references.len())
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
                ui.label(RichText::new("Undo (Ctrl+Z) brings everything back.").weak());
                ui.horizontal(|ui| {
                    if ui.button(button).clicked() {
                        command = Some(Command::ConfirmDelete {
                            kind: self.kind,
                            position: self.position,
                        });
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

/// Lists lanes, sources and periods, which have no place of their own in the main view.
/// Returns the command to run and whether the window stays open.
pub fn manager_ui(ctx: &Context, document: &Document) -> (Option<Command>, bool) {
    let mut command = None;
    let mut open = true;
    Window::new("Lanes, sources and periods")
        .open(&mut open)
        .default_width(520.0)
        .default_height(480.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                let dossier = &document.dossier;
                let lists: [(RecordKind, Vec<String>); 3] = [
                    (
                        RecordKind::Lane,
                        dossier.lanes.iter().map(|l| l.label.clone()).collect(),
                    ),
                    (
                        RecordKind::Source,
                        dossier.sources.iter().map(|s| s.title.clone()).collect(),
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
                            ui.label(crate::ui::style::ellipsize(name, 70));
                        });
                    }
                    ui.add_space(8.0);
                }
            });
        });
    (command, open)
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
            id,
            ..Source::default()
        }),
        RecordKind::Event => Record::Event(Event {
            id,
            start: today,
            lane: dossier
                .lanes
                .first()
                .map(|l| l.id.clone())
                .unwrap_or_default(),
            ..Event::default()
        }),
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

/// What to do once the unsaved-changes question is answered.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterSave {
    Run(Box<Command>),
    Close,
}

/// "Save changes to X?" Returns `Some(choice)` once the user answers.
pub fn unsaved_ui(ctx: &Context, file: &str) -> Option<UnsavedChoice> {
    let mut choice = None;
    Window::new("Unsaved changes")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "{file} has changes that are not saved. Save them first?"
            ));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some(UnsavedChoice::Save);
                }
                if ui.button("Discard").clicked() {
                    choice = Some(UnsavedChoice::Discard);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(UnsavedChoice::Cancel);
                }
            });
        });
    choice
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedChoice {
    Save,
    Discard,
    Cancel,
}

/// "The file changed on disk since it was opened." Returns the user's answer.
pub fn conflict_ui(ctx: &Context, file: &str) -> Option<ConflictChoice> {
    let mut choice = None;
    Window::new("The file changed on disk")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "{file} was changed by another program since Dossier read it. Saving now would overwrite those changes."
            ));
            ui.horizontal(|ui| {
                if ui.button("Overwrite").clicked() {
                    choice = Some(ConflictChoice::Overwrite);
                }
                if ui.button("Save As…").clicked() {
                    choice = Some(ConflictChoice::SaveAs);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(ConflictChoice::Cancel);
                }
            });
        });
    choice
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictChoice {
    Overwrite,
    SaveAs,
    Cancel,
}
