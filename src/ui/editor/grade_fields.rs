//! The form rows of a source, with those for grading it (reliability, note, archived
//! copy and access date), and an event's credibility. The checks are those of loading
//! ([`crate::model::validate::check_record`]), shown under each row.

use egui::{Response, TextEdit, Ui};

use crate::model::dataset::{Event, FigureValue, KeyFigure, Source};
use crate::model::evidence::{Reliability, credibility_meaning};
use crate::model::validate::Problem;

use super::fields::{ShortText, WholeTextField, date_row, text_row};
use super::labels;

/// The label of the reliability field.
pub const RELIABILITY: &str = "Reliability (A–F)";
/// The label of the credibility choice.
pub const CREDIBILITY: &str = "Credibility";

/// A source's rows, its grade and archive included, inside the form's grid; the title's
/// response, the form's first field.
pub fn source_rows(ui: &mut Ui, source: &mut Source, problems: &[Problem]) -> Response {
    let title = &mut WholeTextField(&mut source.title);
    let name = text_row(ui, labels::TITLE, title, problems, "title");
    text_row(
        ui,
        "Publisher",
        &mut ShortText(&mut source.publisher),
        problems,
        "publisher",
    );
    let url = &mut WholeTextField(&mut source.url);
    text_row(ui, "Address (URL)", url, problems, "url");
    date_row(
        ui,
        "Published",
        &mut ShortText(&mut source.published),
        problems,
        "published",
        "2025-07-26",
    );
    let language = &mut ShortText(&mut source.language);
    text_row(ui, "Language", language, problems, "language");
    text_row(
        ui,
        RELIABILITY,
        &mut ShortText(&mut source.reliability),
        problems,
        "reliability",
    );
    let grades: Vec<String> = Reliability::ALL
        .iter()
        .map(|g| format!("{} {}", g.letter(), g.meaning()))
        .collect();
    ui.label("");
    ui.weak(grades.join(" · "));
    ui.end_row();
    text_row(
        ui,
        "Why this grade",
        &mut WholeTextField(&mut source.reliability_note),
        problems,
        "reliability_note",
    );
    text_row(
        ui,
        "Archived copy (URL)",
        &mut WholeTextField(&mut source.archived_url),
        problems,
        "archived_url",
    );
    date_row(
        ui,
        "Accessed",
        &mut ShortText(&mut source.accessed),
        problems,
        "accessed",
        "2025-07-30",
    );
    name
}

/// An event's credibility, 1–6 or not graded, inside the form's grid.
pub fn credibility_row(ui: &mut Ui, event: &mut Event) {
    let label = ui.label(CREDIBILITY);
    let text = |grade: Option<u8>| match grade.and_then(|g| Some((g, credibility_meaning(g)?))) {
        Some((g, meaning)) => format!("{g} {meaning}"),
        None => "not graded".to_owned(),
    };
    egui::ComboBox::from_id_salt("editor-credibility")
        .selected_text(text(event.credibility))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut event.credibility, None, text(None));
            for g in 1..=6 {
                ui.selectable_value(&mut event.credibility, Some(g), text(Some(g)));
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

/// Who backs each key figure: the source of its value and, for a contested figure, every
/// reported value with its source, one a line as `value @source-id`.
pub fn figure_sources_ui(ui: &mut Ui, figures: &mut [KeyFigure], texts: &mut Vec<String>) {
    if figures.is_empty() {
        return;
    }
    texts.resize(figures.len(), String::new());
    ui.add_space(4.0);
    ui.weak("Sources of the figures; a contested figure lists each reported value as “value @source-id”, one a line.");
    for (i, (figure, text)) in figures.iter_mut().zip(texts.iter_mut()).enumerate() {
        if text.is_empty() && !figure.values.is_empty() {
            *text = values_text(&figure.values);
        }
        ui.horizontal(|ui| {
            let label = ui.label(format!("{} — source", figure.label));
            ui.add(TextEdit::singleline(&mut figure.source).desired_width(160.0))
                .labelled_by(label.id);
        });
        let label = ui.label(format!("Reported values of figure {}", i + 1));
        let edited = ui
            .add(
                TextEdit::multiline(text)
                    .desired_rows(1)
                    .hint_text("30+ countries @doitong")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
            .changed();
        if edited {
            figure.values = parse_values(text);
        }
    }
}

fn values_text(values: &[FigureValue]) -> String {
    values
        .iter()
        .map(|v| {
            if v.source.is_empty() {
                v.value.clone()
            } else {
                format!("{} @{}", v.value, v.source)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `value @source-id` lines as reported values; the source is what follows the last `@`.
pub fn parse_values(text: &str) -> Vec<FigureValue> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (value, source) = match line.rsplit_once(" @") {
                Some((value, source)) => (value.trim(), source.trim()),
                None => (line, ""),
            };
            FigureValue {
                value: value.to_owned(),
                source: source.to_owned(),
                ..FigureValue::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reported_values_read_back_as_written() {
        let values = parse_values("30+ countries @doitong\n\n40+ @ pandaily\nabout 61");
        let pairs: Vec<(&str, &str)> = values
            .iter()
            .map(|v| (v.value.as_str(), v.source.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("30+ countries", "doitong"),
                ("40+", "pandaily"),
                ("about 61", "")
            ]
        );
        assert_eq!(parse_values(&values_text(&values)), values);
    }
}
