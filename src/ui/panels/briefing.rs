//! The briefing pane: whatever is selected, laid out for reading. An event with its
//! quotes, figures, actors and sources; an entity with its events; a briefing exactly as
//! the text export writes it (both render [`BriefingView`]).

use egui::{RichText, ScrollArea, Ui};

use crate::model::briefing_view::BriefingView;
use crate::model::records::RecordKind;
use crate::model::{Certainty, Document, FuzzyDate};
use crate::state::{Selection, Workspace};

use super::evidence::{event_badge_chip, evidence_ui, grade_color, grade_text, support_mark};
use crate::ui::actions::Action;
use crate::ui::commands::Command;
use crate::ui::style::{chip, lane_color, safe_link};
use crate::ui::words::counts;

/// The label of the briefing chooser (accessible name).
pub const BRIEFING_CHOOSER_LABEL: &str = "Briefing";

pub fn ui(ui: &mut Ui, workspace: &Workspace) -> Vec<Command> {
    let mut commands = Vec::new();
    let document = &workspace.document;
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let back = ui
            .add_enabled(workspace.selection.can_go_back(), egui::Button::new("◀"))
            .on_hover_text(Action::Back.hint());
        if back.clicked() {
            commands.push(Command::Run(Action::Back));
        }
        let forward = ui
            .add_enabled(workspace.selection.can_go_forward(), egui::Button::new("▶"))
            .on_hover_text(Action::Forward.hint());
        if forward.clicked() {
            commands.push(Command::Run(Action::Forward));
        }
        briefing_chooser_ui(ui, workspace, &mut commands);
    });
    ui.separator();
    // Lines of more than about 100 characters are hard to read. The width is taken
    // outside the scroll area, whose inner width lags a frame behind when panels resize.
    let text_width =
        (ui.available_width() - ui.spacing().scroll.bar_width - 20.0).clamp(120.0, 780.0);
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(text_width);
            ui.spacing_mut().item_spacing.y = 6.0;
            match workspace.selection() {
                Some(Selection::Event(id)) => match document.index.event(&document.dossier, id) {
                    Some(e) => event_ui(ui, document, e, &mut commands),
                    None => missing_ui(ui, "event", id),
                },
                Some(Selection::Entity(id)) => match document.index.entity(id) {
                    Some(e) => entity_ui(ui, document, e, &mut commands),
                    None => missing_ui(ui, "entity", id),
                },
                Some(Selection::Briefing(id)) => match document.index.briefing(id) {
                    Some(b) => briefing_ui(ui, document, b, &mut commands),
                    None => missing_ui(ui, "briefing", id),
                },
                None => overview_ui(ui, document, &mut commands),
            }
        });
    commands
}

fn briefing_chooser_ui(ui: &mut Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    let document = &workspace.document;
    let current = match workspace.selection() {
        Some(Selection::Briefing(id)) => document.index.briefing(id),
        _ => None,
    };
    let label = ui.label(BRIEFING_CHOOSER_LABEL);
    let text = current.map_or("Choose a briefing…", |b| {
        document.dossier.briefings[b].title.as_str()
    });
    egui::ComboBox::from_id_salt("briefing-chooser")
        .selected_text(crate::ui::style::ellipsize(text, 40))
        .width(ui.available_width() - 20.0)
        .show_ui(ui, |ui| {
            for (i, briefing) in document.dossier.briefings.iter().enumerate() {
                if ui
                    .selectable_label(current == Some(i), &briefing.title)
                    .clicked()
                {
                    commands.push(Command::Select(Some(Selection::Briefing(
                        briefing.id.clone(),
                    ))));
                }
            }
        })
        .response
        .labelled_by(label.id);
}

/// Edit and Delete for the record shown.
fn record_buttons(ui: &mut Ui, kind: RecordKind, position: usize, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let edit = ui.button("Edit…");
        if edit.on_hover_text(Action::EditSelected.hint()).clicked() {
            commands.push(Command::EditRecord { kind, position });
        }
        if ui
            .button("Duplicate")
            .on_hover_text(Action::DuplicateSelected.hint())
            .clicked()
        {
            commands.push(Command::Duplicate { kind, position });
        }
        if ui
            .button("Delete…")
            .on_hover_text(Action::DeleteSelected.hint())
            .clicked()
        {
            commands.push(Command::AskDelete { kind, position });
        }
    });
}

fn missing_ui(ui: &mut Ui, kind: &str, id: &str) {
    ui.weak(format!("The {kind} \"{id}\" is not in this dossier."));
}

fn paragraphs_ui(ui: &mut Ui, text: &str) {
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        ui.label(paragraph.trim());
    }
}

fn graded_paragraphs_ui(ui: &mut Ui, paragraphs: &[crate::model::briefing_view::Paragraph]) {
    for paragraph in paragraphs {
        ui.label(&paragraph.text);
        support_mark(ui, paragraph.support);
    }
}

fn section_heading(ui: &mut Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).strong().size(15.0));
}

fn overview_ui(ui: &mut Ui, document: &Document, commands: &mut Vec<Command>) {
    let dossier = &document.dossier;
    ui.heading(&dossier.title);
    if !dossier.description.is_empty() {
        ui.label(&dossier.description);
    }
    ui.weak(counts(&[
        (dossier.events.len(), "event", "events"),
        (dossier.entities.len(), "entity", "entities"),
        (dossier.sources.len(), "source", "sources"),
        (dossier.briefings.len(), "briefing", "briefings"),
    ]));
    if !dossier.briefings.is_empty() {
        section_heading(ui, "Briefings");
        for briefing in &dossier.briefings {
            let date = FuzzyDate::parse(&briefing.date)
                .map(|d| d.long())
                .unwrap_or_default();
            if ui.link(&briefing.title).on_hover_text(date).clicked() {
                commands.push(Command::Select(Some(Selection::Briefing(
                    briefing.id.clone(),
                ))));
            }
        }
    }
    ui.add_space(8.0);
    let keys = |action: Action| action.shortcut_text().unwrap_or_default();
    ui.weak(format!(
        "Click an event on the timeline or an entity on the left to read about it. {} and {} step through the events in time.",
        keys(Action::PreviousEvent),
        keys(Action::NextEvent)
    ));
}

fn event_ui(ui: &mut Ui, document: &Document, e: usize, commands: &mut Vec<Command>) {
    let dossier = &document.dossier;
    let index = &document.index;
    let event = &dossier.events[e];
    ui.heading(&event.title);
    record_buttons(ui, RecordKind::Event, e, commands);
    let date = event
        .span()
        .map_or_else(|| event.start.to_string(), |span| span.long());
    ui.label(RichText::new(date).strong());
    ui.horizontal_wrapped(|ui| {
        event_badge_chip(ui, document, e);
        if let Some(l) = index.lane(&event.lane) {
            let lane = &dossier.lanes[l];
            chip(ui, &lane.label, lane_color(&lane.color, l));
        }
        let certainty = event.certainty();
        if certainty != Certainty::Confirmed {
            let color = if certainty == Certainty::Uncertain {
                egui::Color32::from_rgb(0xD9, 0x48, 0x3B)
            } else {
                egui::Color32::from_rgb(0xC2, 0x7C, 0x0E)
            };
            chip(ui, certainty.key(), color);
        }
        for tag in &event.tags {
            chip(ui, format!("#{tag}"), ui.visuals().weak_text_color());
        }
    });
    paragraphs_ui(ui, &event.summary);

    if !event.figures().is_empty() {
        section_heading(ui, "Key figures");
        egui::Grid::new(("figures", e))
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                for figure in event.figures() {
                    ui.label(RichText::new(&figure.value).strong());
                    ui.label(&figure.label);
                    ui.end_row();
                }
            });
    }

    if !event.entities.is_empty() {
        section_heading(ui, "Actors");
        ui.horizontal_wrapped(|ui| {
            for reference in &event.entities {
                let Some(i) = index.entity(&reference.id) else {
                    continue;
                };
                let entity = &dossier.entities[i];
                let text = if reference.role.is_empty() {
                    entity.name.clone()
                } else {
                    format!("{} · {}", entity.name, reference.role)
                };
                let button =
                    ui.add(egui::Button::new(RichText::new(text).small()).corner_radius(8.0));
                if button.on_hover_text(&entity.description).clicked() {
                    commands.push(Command::Select(Some(Selection::Entity(entity.id.clone()))));
                }
            }
        });
    }

    evidence_ui(ui, document, e, commands);
    ui.add_space(6.0);
    let zoom = ui.button("Zoom timeline to this event");
    if zoom.on_hover_text(Action::ZoomToSelection.hint()).clicked() {
        commands.push(Command::Run(Action::ZoomToSelection));
    }
}

fn entity_ui(ui: &mut Ui, document: &Document, i: usize, commands: &mut Vec<Command>) {
    let dossier = &document.dossier;
    let index = &document.index;
    let entity = &dossier.entities[i];
    ui.heading(&entity.name);
    record_buttons(ui, RecordKind::Entity, i, commands);
    ui.horizontal_wrapped(|ui| {
        chip(ui, entity.kind.key(), ui.visuals().hyperlink_color);
        if !entity.aliases.is_empty() {
            ui.label(format!("Also known as: {}", entity.aliases.join(", ")));
        }
    });
    if !entity.description.is_empty() {
        ui.label(&entity.description);
    }
    for link in &entity.links {
        safe_link(ui, &link.label, &link.url);
    }
    let events = index.entity_events(i);
    section_heading(ui, &format!("Events ({})", events.len()));
    // Wrapped rows rather than a grid: a grid keeps last frame's column widths, which
    // overflows the pane when it narrows.
    for e in events {
        let event = &dossier.events[e];
        let date = event
            .span()
            .map_or_else(|| event.start.to_string(), |span| span.long());
        let role = event.role_of(&entity.id).unwrap_or_default();
        let text = if role.is_empty() {
            event.title.to_string()
        } else {
            format!("{} ({role})", event.title)
        };
        ui.horizontal_wrapped(|ui| {
            ui.weak(date);
            if ui.link(text).clicked() {
                commands.push(Command::Select(Some(Selection::Event(
                    event.id.to_string(),
                ))));
            }
        });
    }
    let briefings: Vec<_> = dossier
        .briefings
        .iter()
        .filter(|b| b.entities.contains(&entity.id))
        .collect();
    if !briefings.is_empty() {
        section_heading(ui, "In briefings");
        for briefing in briefings {
            if ui.link(&briefing.title).clicked() {
                commands.push(Command::Select(Some(Selection::Briefing(
                    briefing.id.clone(),
                ))));
            }
        }
    }
}

fn briefing_ui(ui: &mut Ui, document: &Document, b: usize, commands: &mut Vec<Command>) {
    let briefing = &document.dossier.briefings[b];
    let view = BriefingView::new(document, briefing);
    ui.heading(&view.title);
    ui.label(RichText::new(&view.date).strong());
    if !view.purpose.is_empty() {
        ui.weak(&view.purpose);
    }
    ui.horizontal(|ui| {
        let edit = ui.button("Edit…");
        if edit.on_hover_text(Action::EditSelected.hint()).clicked() {
            commands.push(Command::EditRecord {
                kind: RecordKind::Briefing,
                position: b,
            });
        }
        let delete = ui.button("Delete…");
        if delete
            .on_hover_text(Action::DeleteSelected.hint())
            .clicked()
        {
            commands.push(Command::AskDelete {
                kind: RecordKind::Briefing,
                position: b,
            });
        }
        let copy = ui.button("Copy as text");
        if copy.on_hover_text(Action::CopyBriefing.hint()).clicked() {
            commands.push(Command::CopyBriefingText(briefing.id.clone()));
        }
        let export = ui.button("Export…");
        if export
            .on_hover_text(Action::ExportBriefing.hint())
            .clicked()
        {
            commands.push(Command::Run(Action::ExportBriefing));
        }
    });
    ui.add_space(4.0);
    // Citations show the grade of what they cite ("[2 B]"); a paragraph resting on one
    // source, or only on sources graded D–F, is marked.
    graded_paragraphs_ui(ui, &view.summary_paragraphs);
    for ((heading, _), paragraphs) in view.sections.iter().zip(&view.section_paragraphs) {
        section_heading(ui, heading);
        graded_paragraphs_ui(ui, paragraphs);
    }
    if !view.chronology.is_empty() {
        section_heading(ui, "Chronology");
        for entry in &view.chronology {
            ui.horizontal_wrapped(|ui| {
                ui.weak(&entry.date);
                event_badge_chip(ui, document, entry.event);
                let event_id = &document.dossier.events[entry.event].id;
                if ui.link(&entry.title).clicked() {
                    commands.push(Command::Select(Some(Selection::Event(
                        event_id.to_string(),
                    ))));
                }
                // The same words as the text export.
                ui.weak(format!(
                    "{}{}",
                    BriefingView::chronology_note(entry),
                    BriefingView::citation_marks(&entry.source_numbers)
                ));
            });
        }
    }
    if !view.actors.is_empty() {
        section_heading(ui, "Key actors");
        for actor in &view.actors {
            ui.horizontal_wrapped(|ui| {
                let entity_id = &document.dossier.entities[actor.entity].id;
                if ui
                    .link(RichText::new(BriefingView::actor_name(actor)).strong())
                    .clicked()
                {
                    commands.push(Command::Select(Some(Selection::Entity(entity_id.clone()))));
                }
                ui.label(format!(
                    "{}{}",
                    actor.kind.key(),
                    if actor.description.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", actor.description)
                    }
                ));
            });
            if !actor.roles.is_empty() {
                ui.weak(format!(
                    "    {}: {}",
                    BriefingView::roles_label(&actor.roles),
                    BriefingView::role_line(&actor.roles)
                ));
            }
        }
    }
    if !view.sources.is_empty() {
        section_heading(ui, "Sources");
        for source in &view.sources {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("[{}]", source.number));
                let letter = source
                    .reliability
                    .map_or("?", crate::model::evidence::Reliability::letter);
                chip(ui, letter, grade_color(source.reliability)).on_hover_text(format!(
                    "Source reliability: {}",
                    grade_text(source.reliability)
                ));
                safe_link(ui, &source.title, &source.url);
                let details = source.details();
                if !details.is_empty() {
                    ui.weak(details);
                }
            });
        }
    }
}
