//! Grades in the briefing pane: badges for sources and events, the mark on a weakly
//! supported paragraph, and the "Evidence" section of an event (its sources with grade,
//! publisher, dates and links, its quotes with their originals, its contested figures).

use egui::{Color32, RichText, Ui};

use crate::model::evidence::{
    Reliability, Support, credibility_meaning, event_badge, event_sources, source_grade,
};
use crate::model::{Document, FuzzyDate, Source};
use crate::state::Selection;
use crate::ui::commands::Command;
use crate::ui::style::{chip, safe_link};

/// The heading of an event's evidence.
pub const EVIDENCE_HEADING: &str = "Evidence";

/// The colour of a grade: green for A–B, amber for C, red for D–E, grey when it cannot be
/// judged or is missing.
pub fn grade_color(grade: Option<Reliability>) -> Color32 {
    match grade {
        Some(Reliability::A | Reliability::B) => Color32::from_rgb(0x2E, 0x8B, 0x57),
        Some(Reliability::C) => Color32::from_rgb(0xC2, 0x7C, 0x0E),
        Some(Reliability::D | Reliability::E) => Color32::from_rgb(0xD9, 0x48, 0x3B),
        Some(Reliability::F) | None => Color32::from_gray(0x88),
    }
}

/// What a source's grade means, for hover texts and the evidence list.
pub fn grade_text(grade: Option<Reliability>) -> String {
    grade.map_or_else(
        || "not graded".to_owned(),
        |g| format!("{} · {}", g.letter(), g.meaning()),
    )
}

/// A source's grade as a small badge: "B", or "?" when not graded.
pub fn source_badge(ui: &mut Ui, source: &Source) {
    let grade = source_grade(source);
    let mut hover = format!("Source reliability: {}", grade_text(grade));
    if !source.reliability_note.is_empty() {
        hover = format!("{hover}\n{}", source.reliability_note);
    }
    chip(
        ui,
        grade.map_or("?", Reliability::letter),
        grade_color(grade),
    )
    .on_hover_text(hover);
}

/// An event's Admiralty badge ("B2": best source grade, credibility of the account).
pub fn event_badge_chip(ui: &mut Ui, document: &Document, e: usize) {
    let dossier = &document.dossier;
    let event = &dossier.events[e];
    let sources = event_sources(&document.index, event);
    let badge = event_badge(&sources, &dossier.sources, event.credibility);
    let best = sources
        .iter()
        .filter_map(|&s| source_grade(&dossier.sources[s]))
        .min();
    let credibility = event
        .credibility
        .and_then(credibility_meaning)
        .unwrap_or("credibility not graded");
    chip(ui, badge, grade_color(best)).on_hover_text(format!(
        "Best source: {}; account: {credibility}",
        grade_text(best)
    ));
}

/// The mark under a paragraph whose claims rest on one source or only on D–F sources.
pub fn support_mark(ui: &mut Ui, support: Support) {
    if let Some(warning) = support.warning() {
        ui.label(
            RichText::new(format!("⚠ {warning}"))
                .small()
                .color(ui.visuals().warn_fg_color),
        );
    }
}

fn long_date(text: &str) -> String {
    FuzzyDate::parse(text).map_or_else(|_| text.to_owned(), |d| d.long())
}

/// The evidence of the event at `e`.
pub fn evidence_ui(ui: &mut Ui, document: &Document, e: usize, commands: &mut Vec<Command>) {
    let dossier = &document.dossier;
    let index = &document.index;
    let event = &dossier.events[e];
    ui.add_space(6.0);
    ui.label(RichText::new(EVIDENCE_HEADING).strong().size(15.0));
    ui.horizontal_wrapped(|ui| {
        event_badge_chip(ui, document, e);
        let credibility = event.credibility.and_then(credibility_meaning).map_or_else(
            || "Credibility not graded".to_owned(),
            |m| format!("Credibility {}: {m}", event.credibility.unwrap_or_default()),
        );
        ui.label(credibility);
        let sources = event_sources(index, event);
        let support = Support::of(&sources, |s| dossier.sources.get(s).and_then(source_grade));
        support_mark(ui, support);
    });
    for (n, id) in event.sources.iter().enumerate() {
        let Some(s) = index.source(id) else { continue };
        let source = &dossier.sources[s];
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("[{}]", n + 1));
            source_badge(ui, source);
            safe_link(ui, &source.title, &source.url);
        });
        let details: Vec<String> = [
            grade_text(source_grade(source)),
            source.publisher.to_string(),
            if source.published.is_empty() {
                String::new()
            } else {
                long_date(&source.published)
            },
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        ui.horizontal_wrapped(|ui| {
            ui.add_space(18.0);
            ui.weak(details.join(", "));
            if source.url.is_empty() {
                ui.weak("· no address known");
            }
            if !source.archived_url.is_empty() {
                safe_link(ui, "archived copy", &source.archived_url);
            }
            if !source.accessed.is_empty() {
                ui.weak(format!("· read {}", long_date(&source.accessed)));
            }
        });
        if !source.reliability_note.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(18.0);
                ui.label(RichText::new(&*source.reliability_note).small().italics());
            });
        }
    }
    quotes_ui(ui, document, e, commands);
    contested_ui(ui, document, e);
}

fn quotes_ui(ui: &mut Ui, document: &Document, e: usize, commands: &mut Vec<Command>) {
    let dossier = &document.dossier;
    let event = &dossier.events[e];
    if event.quotes().is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.strong("Quotes");
    for quote in event.quotes() {
        egui::Frame::new()
            .inner_margin(egui::Margin {
                left: 10,
                right: 4,
                top: 2,
                bottom: 2,
            })
            .show(ui, |ui| {
                let bar = ui.max_rect();
                ui.label(RichText::new(format!("“{}”", quote.text)).italics());
                if !quote.original.is_empty() {
                    let language = if quote.language.is_empty() {
                        "original".to_owned()
                    } else {
                        format!("original, {}", quote.language)
                    };
                    ui.weak(format!("{language}: “{}”", quote.original));
                }
                if let Some(s) = document.index.entity(&quote.speaker) {
                    let speaker = &dossier.entities[s];
                    if ui.link(format!("— {}", speaker.name)).clicked() {
                        commands.push(Command::Select(Some(Selection::Entity(speaker.id.clone()))));
                    }
                }
                let line = egui::Rect::from_x_y_ranges(
                    (bar.left() - 8.0)..=(bar.left() - 5.0),
                    bar.y_range(),
                );
                ui.painter()
                    .rect_filled(line, 1.0, ui.visuals().weak_text_color());
            });
    }
}

/// Key figures reported differently by different sources, each value with its source.
fn contested_ui(ui: &mut Ui, document: &Document, e: usize) {
    let dossier = &document.dossier;
    let event = &dossier.events[e];
    for figure in event.figures().iter().filter(|f| !f.values.is_empty()) {
        ui.add_space(4.0);
        ui.strong(format!("Contested: {}", figure.label));
        for value in &figure.values {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&value.value).strong());
                match document.index.source(&value.source) {
                    Some(s) => {
                        let source = &dossier.sources[s];
                        ui.weak("per");
                        source_badge(ui, source);
                        let name: &str = if source.publisher.is_empty() {
                            &source.title
                        } else {
                            &source.publisher
                        };
                        ui.label(name);
                    }
                    None => {
                        ui.weak("source not given");
                    }
                }
            });
        }
    }
}
