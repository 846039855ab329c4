//! The form's text, date and colour fields, each with the error messages that concern it,
//! and the small list fields (key figures, links).

use std::any::TypeId;
use std::ops::Range;

use egui::text::CharIndex;
use egui::{Id, Key, Response, RichText, TextBuffer, TextEdit, Ui};

use crate::model::FuzzyDate;
use crate::model::ShortString;
use crate::model::dataset::{KeyFigure, Link, WholeText};
use crate::model::records::Record;
use crate::model::validate::{Problem, Severity};

/// A text field's buffer over a short text of the dataset (an id, a date, a lane, a
/// role): records keep those inline as [`ShortString`]s, and egui edits `String`s.
pub struct ShortText<'a>(pub &'a mut ShortString);

impl TextBuffer for ShortText<'_> {
    fn is_mutable(&self) -> bool {
        true
    }

    fn as_str(&self) -> &str {
        self.0.as_str()
    }

    fn insert_text(&mut self, text: &str, char_index: CharIndex) -> usize {
        let at = self.byte_index_from_char_index(char_index).0;
        self.0.insert_str(at, text);
        text.chars().count()
    }

    fn delete_char_range(&mut self, char_range: Range<CharIndex>) {
        let start = self.byte_index_from_char_index(char_range.start).0;
        let end = self.byte_index_from_char_index(char_range.end).0;
        // `ShortString` has no `replace_range`: keep the head, then put the tail back.
        let tail = ShortString::from(&self.0[end..]);
        self.0.truncate(start);
        self.0.push_str(&tail);
    }

    fn type_id(&self) -> TypeId {
        TypeId::of::<ShortText<'static>>()
    }
}

/// A text field's buffer over an event's title or summary, which the dataset keeps at
/// its length ([`WholeText`]): each edit makes it anew, which costs nothing at the speed
/// of typing.
pub struct WholeTextField<'a>(pub &'a mut WholeText);

impl WholeTextField<'_> {
    fn edit(&mut self, change: impl FnOnce(&mut String)) {
        let mut text = String::from(std::mem::take(self.0));
        change(&mut text);
        *self.0 = text.into_boxed_str();
    }
}

impl TextBuffer for WholeTextField<'_> {
    fn is_mutable(&self) -> bool {
        true
    }

    fn as_str(&self) -> &str {
        self.0
    }

    fn insert_text(&mut self, text: &str, char_index: CharIndex) -> usize {
        let at = self.byte_index_from_char_index(char_index).0;
        self.edit(|whole| whole.insert_str(at, text));
        text.chars().count()
    }

    fn delete_char_range(&mut self, char_range: Range<CharIndex>) {
        let start = self.byte_index_from_char_index(char_range.start).0;
        let end = self.byte_index_from_char_index(char_range.end).0;
        self.edit(|whole| whole.replace_range(start..end, ""));
    }

    fn type_id(&self) -> TypeId {
        TypeId::of::<WholeTextField<'static>>()
    }
}

/// A record's id, for its text field: events keep theirs inline.
pub enum IdField<'a> {
    Text(&'a mut String),
    Short(ShortText<'a>),
}

impl IdField<'_> {
    pub fn buffer(&mut self) -> &mut dyn TextBuffer {
        match self {
            Self::Text(text) => *text,
            Self::Short(short) => short,
        }
    }
}

pub fn record_id_mut(record: &mut Record) -> IdField<'_> {
    match record {
        Record::Lane(r) => IdField::Text(&mut r.id),
        Record::Entity(r) => IdField::Text(&mut r.id),
        Record::Source(r) => IdField::Short(ShortText(&mut r.id)),
        Record::Event(r) => IdField::Short(ShortText(&mut r.id)),
        Record::Period(r) => IdField::Text(&mut r.id),
        Record::Briefing(r) => IdField::Text(&mut r.id),
    }
}

/// A field's widget id, from its JSON path: stable while messages above it come and
/// go, so the field keeps the keyboard focus and every key typed.
pub fn field_id(path: &str) -> Id {
    Id::unique(("record-form", path))
}

fn submit_flag() -> Id {
    Id::unique("record-form-submitted")
}

/// Notes Enter pressed in a one-line field, which applies the form.
fn note_submit(ui: &Ui, response: &Response) {
    if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        ui.data_mut(|d| d.insert_temp(submit_flag(), true));
    }
}

/// Whether Enter was pressed in a one-line field of the form since the last call.
pub fn take_submit(ui: &Ui) -> bool {
    ui.data_mut(|d| d.remove_temp::<bool>(submit_flag()).unwrap_or(false))
}

/// The error messages about `path` (and what is inside it).
fn messages_for<'a>(problems: &'a [Problem], path: &str) -> impl Iterator<Item = &'a Problem> {
    problems
        .iter()
        .filter(move |p| p.severity == Severity::Error && p.path.is_within(path))
}

pub fn errors_row(ui: &mut Ui, problems: &[Problem], path: &str) {
    let messages: Vec<String> = messages_for(problems, path)
        .map(|p| p.message.to_string())
        .collect();
    if !messages.is_empty() {
        ui.label("");
        ui.label(RichText::new(messages.join("\n")).color(ui.visuals().error_fg_color));
        ui.end_row();
    }
}

/// A labelled one-line field with its messages below.
pub fn text_row(
    ui: &mut Ui,
    label: &str,
    value: &mut dyn TextBuffer,
    problems: &[Problem],
    path: &str,
) -> Response {
    let label = ui.label(label);
    let response = ui
        .add(
            TextEdit::singleline(value)
                .id(field_id(path))
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    note_submit(ui, &response);
    ui.end_row();
    errors_row(ui, problems, path);
    response
}

pub fn multiline_row(
    ui: &mut Ui,
    label: &str,
    value: &mut dyn TextBuffer,
    problems: &[Problem],
    path: &str,
) {
    let label = ui.label(label);
    ui.add(
        TextEdit::multiline(value)
            .id(field_id(path))
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.end_row();
    errors_row(ui, problems, path);
}

/// A date field that says at once what the typed date means, or what is wrong with it.
pub fn date_row(
    ui: &mut Ui,
    label: &str,
    value: &mut dyn TextBuffer,
    problems: &[Problem],
    path: &str,
    hint: &str,
) {
    let label = ui.label(label);
    ui.vertical(|ui| {
        let response = ui
            .add(
                TextEdit::singleline(value)
                    .id(field_id(path))
                    .hint_text(hint)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        note_submit(ui, &response);
        if !value.as_str().is_empty() {
            match FuzzyDate::parse(value.as_str()) {
                Ok(date) => {
                    ui.label(
                        RichText::new(format!(
                            "{} (precision: {})",
                            date.long(),
                            date.precision.name()
                        ))
                        .small()
                        .weak(),
                    );
                }
                Err(error) => {
                    ui.label(RichText::new(error.to_string()).color(ui.visuals().error_fg_color));
                }
            }
        }
    });
    ui.end_row();
    // Date format errors are shown under the field; show the others (end before start).
    let messages: Vec<String> = messages_for(problems, path)
        .filter(|p| !p.message.contains("date \""))
        .map(|p| p.message.to_string())
        .collect();
    if !messages.is_empty() {
        ui.label("");
        ui.label(RichText::new(messages.join("\n")).color(ui.visuals().error_fg_color));
        ui.end_row();
    }
}

pub fn color_row(ui: &mut Ui, color: &mut String, problems: &[Problem]) {
    let label = ui.label("Colour");
    ui.horizontal(|ui| {
        let mut rgb = parse_rgb(color).unwrap_or([0x5D, 0x6D, 0x7E]);
        if ui.color_edit_button_srgb(&mut rgb).changed() {
            *color = format!("#{:02X}{:02X}{:02X}", rgb[0], rgb[1], rgb[2]);
        }
        ui.add(
            TextEdit::singleline(color)
                .id(field_id("color"))
                .hint_text("#RRGGBB")
                .desired_width(90.0),
        )
        .labelled_by(label.id);
    });
    ui.end_row();
    errors_row(ui, problems, "color");
}

fn parse_rgb(color: &str) -> Option<[u8; 3]> {
    let c = crate::ui::style::lane_color(color, 0);
    crate::model::validate::is_valid_color(color).then(|| [c.r(), c.g(), c.b()])
}

pub fn figures_ui(ui: &mut Ui, figures: &mut thin_vec::ThinVec<KeyFigure>) {
    ui.add_space(6.0);
    ui.strong("Key figures");
    let mut remove = None;
    for (i, figure) in figures.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            if ui.small_button("×").clicked() {
                remove = Some(i);
            }
            let label = ui.label("Value");
            ui.add(
                TextEdit::singleline(&mut figure.value)
                    .id(field_id(&format!("figures[{i}].value")))
                    .desired_width(70.0),
            )
            .labelled_by(label.id);
            let label = ui.label("of");
            ui.add(
                TextEdit::singleline(&mut figure.label)
                    .id(field_id(&format!("figures[{i}].label")))
                    .hint_text("companies exhibiting")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
        });
    }
    if let Some(i) = remove {
        figures.remove(i);
    }
    if ui.button("Add figure").clicked() {
        figures.push(KeyFigure::default());
    }
}

pub fn links_ui(ui: &mut Ui, links: &mut Vec<Link>) {
    ui.add_space(6.0);
    ui.strong("Links");
    let mut remove = None;
    for (i, link) in links.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            if ui.small_button("×").clicked() {
                remove = Some(i);
            }
            let label = ui.label("Label");
            ui.add(
                TextEdit::singleline(&mut link.label)
                    .id(field_id(&format!("links[{i}].label")))
                    .desired_width(110.0),
            )
            .labelled_by(label.id);
            let label = ui.label("URL");
            ui.add(
                TextEdit::singleline(&mut link.url)
                    .id(field_id(&format!("links[{i}].url")))
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
        });
    }
    if let Some(i) = remove {
        links.remove(i);
    }
    if ui.button("Add link").clicked() {
        links.push(Link::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_edited_by_characters_as_a_string_is() {
        let mut short = ShortString::from("李强-host");
        let mut long = String::from("李强-host");
        for (at, text) in [(0, "x"), (2, "明"), (9, "-2025")] {
            let a = ShortText(&mut short).insert_text(text, CharIndex(at));
            let b = long.insert_text(text, CharIndex(at));
            assert_eq!(a, b);
        }
        ShortText(&mut short).delete_char_range(CharIndex(1)..CharIndex(4));
        long.delete_char_range(CharIndex(1)..CharIndex(4));
        assert_eq!(short, long);
        assert_eq!(short, "x-host-2025");
    }

    #[test]
    fn a_whole_text_is_edited_by_characters_as_a_string_is() {
        let mut whole = WholeText::from("中国 proposes a cooperation body");
        let mut long = String::from("中国 proposes a cooperation body");
        for (at, text) in [(0, "x"), (2, "明"), (32, " (WAICO)"), (5, "")] {
            let a = WholeTextField(&mut whole).insert_text(text, CharIndex(at));
            let b = long.insert_text(text, CharIndex(at));
            assert_eq!(a, b);
        }
        WholeTextField(&mut whole).delete_char_range(CharIndex(1)..CharIndex(4));
        long.delete_char_range(CharIndex(1)..CharIndex(4));
        assert_eq!(&*whole, long);
        assert_eq!(&*whole, "x proposes a cooperation body (WAICO)");
        assert_eq!(whole.len(), long.len(), "kept at its length");
    }
}
