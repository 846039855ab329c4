//! Forms for every kind of record: edit a draft copy, see what is wrong as you type (the
//! same rules as loading), and apply it as one undoable edit.

use egui::{RichText, TextEdit, Ui};

use crate::model::briefing_view::BriefingView;
use crate::model::dataset::{
    Briefing, Certainty, DEFAULT_IMPORTANCE, EntityKind, EntityRef, KeyFigure, Link, Quote, Section,
};
use crate::model::edit::{Edit, describe_change, record_at, slug, unused_id};
use crate::model::query::names::NameQuery;
use crate::model::records::{Record, RecordKind};
use crate::model::validate::{Problem, Severity, check_record};
use crate::model::{Document, FuzzyDate};
use crate::state::Selection;

use super::actions::Command;

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
    /// The search text of each picker, by picker name.
    picker_filters: std::collections::HashMap<&'static str, String>,
    /// Problems reported when applying failed.
    pub refused: Vec<String>,
}

/// Accessible names of the form fields (tests type into them by these names).
pub mod labels {
    pub const ID: &str = "Id";
    pub const TITLE: &str = "Title";
    pub const NAME: &str = "Name";
    pub const LABEL: &str = "Label";
    pub const START: &str = "Start";
    pub const END: &str = "End";
    pub const DATE: &str = "Date";
    pub const SUMMARY: &str = "Summary";
    pub const APPLY: &str = "Apply";
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
            picker_filters: std::collections::HashMap::new(),
            refused: Vec::new(),
        }
    }

    pub fn kind(&self) -> RecordKind {
        self.draft.kind()
    }

    fn title(&self) -> String {
        let noun = self.kind().noun();
        match &self.original {
            None => format!("New {noun}"),
            Some(r) => format!("Edit {noun}: {}", super::style::ellipsize(r.name(), 40)),
        }
    }

    /// Shows the form in its panel; returns a command and whether the form stays open.
    pub fn ui(&mut self, ui: &mut Ui, document: &Document) -> (Option<Command>, bool) {
        let mut command = None;
        let mut keep = true;
        let problems = check_record(&document.index, &self.draft, self.position);
        let errors = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.heading(self.title());
        });
        // The actions stay at the top, always in view, whatever the form's length.
        ui.horizontal(|ui| {
            let changed = self.original.as_ref() != Some(&self.draft);
            let apply = ui
                .add_enabled(errors == 0 && changed, egui::Button::new(labels::APPLY))
                .on_disabled_hover_text(if errors > 0 {
                    "Fix the errors first"
                } else {
                    "Nothing changed"
                });
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
                self.fields_ui(ui, document, &problems);
            });
        (command, keep)
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

    fn fields_ui(&mut self, ui: &mut Ui, document: &Document, problems: &[Problem]) {
        let auto_id = self.auto_id;
        let kind = self.kind();
        let mut id_edited = false;
        let mut name_for_id = None;
        egui::Grid::new("editor-fields")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .striped(false)
            .show(ui, |ui| {
                let id = record_id_mut(&mut self.draft);
                id_edited = text_row(ui, labels::ID, id, problems, "id");
                match &mut self.draft {
                    Record::Event(event) => {
                        if text_row(ui, labels::TITLE, &mut event.title, problems, "title") {
                            name_for_id = Some(event.title.clone());
                        }
                        date_row(
                            ui,
                            labels::START,
                            &mut event.start,
                            problems,
                            "start",
                            "2025-07-26",
                        );
                        date_row(
                            ui,
                            labels::END,
                            &mut event.end,
                            problems,
                            "end",
                            "empty for a single date",
                        );
                        let label = ui.label("Lane");
                        let current = document
                            .index
                            .lane(&event.lane)
                            .map_or(event.lane.clone(), |l| {
                                document.dossier.lanes[l].label.clone()
                            });
                        egui::ComboBox::from_id_salt("editor-lane")
                            .selected_text(current)
                            .show_ui(ui, |ui| {
                                for lane in &document.dossier.lanes {
                                    ui.selectable_value(
                                        &mut event.lane,
                                        lane.id.clone(),
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
                        let label = ui.label("Importance");
                        let mut importance = event.importance();
                        ui.add(egui::Slider::new(&mut importance, 1..=5).text("5 = core event"))
                            .labelled_by(label.id);
                        if importance != event.importance() {
                            event.importance =
                                Some(importance).filter(|&i| i != DEFAULT_IMPORTANCE);
                        }
                        ui.end_row();
                        multiline_row(ui, labels::SUMMARY, &mut event.summary, problems, "summary");
                        let label = ui.label("Tags");
                        if ui
                            .add(
                                TextEdit::singleline(&mut self.tags_text)
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
                                .map(str::to_owned)
                                .collect();
                        }
                        ui.end_row();
                    }
                    Record::Entity(entity) => {
                        if text_row(ui, labels::NAME, &mut entity.name, problems, "name") {
                            name_for_id = Some(entity.name.clone());
                        }
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
                        if text_row(ui, labels::LABEL, &mut lane.label, problems, "label") {
                            name_for_id = Some(lane.label.clone());
                        }
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
                        if text_row(ui, labels::TITLE, &mut source.title, problems, "title") {
                            name_for_id = Some(source.title.clone());
                        }
                        text_row(
                            ui,
                            "Publisher",
                            &mut source.publisher,
                            problems,
                            "publisher",
                        );
                        text_row(ui, "Address (URL)", &mut source.url, problems, "url");
                        date_row(
                            ui,
                            "Published",
                            &mut source.published,
                            problems,
                            "published",
                            "2025-07-26",
                        );
                        text_row(ui, "Language", &mut source.language, problems, "language");
                    }
                    Record::Period(period) => {
                        if text_row(ui, labels::LABEL, &mut period.label, problems, "label") {
                            name_for_id = Some(period.label.clone());
                        }
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
                        if text_row(ui, labels::TITLE, &mut briefing.title, problems, "title") {
                            name_for_id = Some(briefing.title.clone());
                        }
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
            });
        if id_edited {
            self.auto_id = false;
        } else if let Some(name) = name_for_id.filter(|_| auto_id) {
            let id = unused_id(&document.dossier, kind, &slug(&name));
            *record_id_mut(&mut self.draft) = id;
        }

        // List fields, below the grid.
        let filters = &mut self.picker_filters;
        match &mut self.draft {
            Record::Event(event) => {
                entity_refs_ui(ui, document, &mut event.entities, filters);
                id_list_ui(
                    ui,
                    "Sources",
                    "sources",
                    &mut event.sources,
                    &source_candidates(document),
                    filters,
                );
                quotes_ui(ui, document, &mut event.quotes, filters);
                figures_ui(ui, &mut event.figures);
            }
            Record::Entity(entity) => links_ui(ui, &mut entity.links),
            Record::Briefing(briefing) => {
                sections_ui(ui, &mut briefing.sections);
                id_list_ui(
                    ui,
                    "Events (the chronology)",
                    "events",
                    &mut briefing.events,
                    &event_candidates(document),
                    filters,
                );
                id_list_ui(
                    ui,
                    "Key actors",
                    "entities",
                    &mut briefing.entities,
                    &entity_candidates(document),
                    filters,
                );
                id_list_ui(
                    ui,
                    "Other sources",
                    "sources",
                    &mut briefing.sources,
                    &source_candidates(document),
                    filters,
                );
                preview_ui(ui, document, briefing);
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

fn record_id_mut(record: &mut Record) -> &mut String {
    match record {
        Record::Lane(r) => &mut r.id,
        Record::Entity(r) => &mut r.id,
        Record::Source(r) => &mut r.id,
        Record::Event(r) => &mut r.id,
        Record::Period(r) => &mut r.id,
        Record::Briefing(r) => &mut r.id,
    }
}

/// The error messages about `path` (and what is inside it).
fn messages_for<'a>(problems: &'a [Problem], path: &str) -> impl Iterator<Item = &'a Problem> {
    problems.iter().filter(move |p| {
        p.severity == Severity::Error
            && (p.path == path
                || p.path.starts_with(&format!("{path}."))
                || p.path.starts_with(&format!("{path}[")))
    })
}

fn errors_row(ui: &mut Ui, problems: &[Problem], path: &str) {
    let messages: Vec<String> = messages_for(problems, path)
        .map(|p| p.message.clone())
        .collect();
    if !messages.is_empty() {
        ui.label("");
        ui.label(
            RichText::new(messages.join("\n"))
                .color(ui.visuals().error_fg_color)
                .small(),
        );
        ui.end_row();
    }
}

/// A labelled one-line field; returns whether it changed.
fn text_row(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    problems: &[Problem],
    path: &str,
) -> bool {
    let label = ui.label(label);
    let changed = ui
        .add(TextEdit::singleline(value).desired_width(f32::INFINITY))
        .labelled_by(label.id)
        .changed();
    ui.end_row();
    errors_row(ui, problems, path);
    changed
}

fn multiline_row(ui: &mut Ui, label: &str, value: &mut String, problems: &[Problem], path: &str) {
    let label = ui.label(label);
    ui.add(
        TextEdit::multiline(value)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.end_row();
    errors_row(ui, problems, path);
}

/// A date field that says at once what the typed date means, or what is wrong with it.
fn date_row(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    problems: &[Problem],
    path: &str,
    hint: &str,
) {
    let label = ui.label(label);
    ui.vertical(|ui| {
        ui.add(
            TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        if !value.is_empty() {
            match FuzzyDate::parse(value) {
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
                    ui.label(
                        RichText::new(error.to_string())
                            .small()
                            .color(ui.visuals().error_fg_color),
                    );
                }
            }
        }
    });
    ui.end_row();
    // Date format errors are shown under the field; show the others (end before start).
    let messages: Vec<String> = messages_for(problems, path)
        .filter(|p| !p.message.contains("date \""))
        .map(|p| p.message.clone())
        .collect();
    if !messages.is_empty() {
        ui.label("");
        ui.label(
            RichText::new(messages.join("\n"))
                .color(ui.visuals().error_fg_color)
                .small(),
        );
        ui.end_row();
    }
}

fn color_row(ui: &mut Ui, color: &mut String, problems: &[Problem]) {
    let label = ui.label("Colour");
    ui.horizontal(|ui| {
        let mut rgb = parse_rgb(color).unwrap_or([0x5D, 0x6D, 0x7E]);
        if ui.color_edit_button_srgb(&mut rgb).changed() {
            *color = format!("#{:02X}{:02X}{:02X}", rgb[0], rgb[1], rgb[2]);
        }
        ui.add(
            TextEdit::singleline(color)
                .hint_text("#RRGGBB")
                .desired_width(90.0),
        )
        .labelled_by(label.id);
    });
    ui.end_row();
    errors_row(ui, problems, "color");
}

fn parse_rgb(color: &str) -> Option<[u8; 3]> {
    let c = super::style::lane_color(color, 0);
    crate::model::validate::is_valid_color(color).then(|| [c.r(), c.g(), c.b()])
}

fn entity_candidates(document: &Document) -> Vec<(String, String)> {
    document
        .dossier
        .entities
        .iter()
        .map(|e| (e.id.clone(), format!("{} {}", e.name, e.aliases.join(" "))))
        .collect()
}

fn source_candidates(document: &Document) -> Vec<(String, String)> {
    document
        .dossier
        .sources
        .iter()
        .map(|s| (s.id.clone(), s.title.clone()))
        .collect()
}

fn event_candidates(document: &Document) -> Vec<(String, String)> {
    document
        .index
        .chronological()
        .iter()
        .map(|&e| {
            let event = &document.dossier.events[e];
            (event.id.clone(), format!("{} {}", event.start, event.title))
        })
        .collect()
}

/// A searchable list to pick one id from; returns the id picked.
fn picker_ui(
    ui: &mut Ui,
    name: &'static str,
    candidates: &[(String, String)],
    taken: &[String],
    filters: &mut std::collections::HashMap<&'static str, String>,
) -> Option<String> {
    let mut picked = None;
    let filter = filters.entry(name).or_default();
    ui.horizontal(|ui| {
        let label = ui.label(format!("Add to {name}:"));
        ui.add(
            TextEdit::singleline(filter)
                .hint_text("type to search")
                .desired_width(200.0),
        )
        .labelled_by(label.id);
    });
    if !filter.trim().is_empty() {
        let query = NameQuery::new(filter);
        let matches: Vec<&(String, String)> = candidates
            .iter()
            .filter(|(id, text)| {
                !taken.contains(id) && (query.matches_name(text) || query.matches_name(id))
            })
            .take(8)
            .collect();
        if matches.is_empty() {
            ui.weak("No match.");
        }
        for (id, text) in matches {
            if ui
                .button(format!("+ {}", super::style::ellipsize(text, 60)))
                .clicked()
            {
                picked = Some(id.clone());
            }
        }
    }
    if picked.is_some() {
        filter.clear();
    }
    picked
}

fn id_list_ui(
    ui: &mut Ui,
    heading: &str,
    name: &'static str,
    ids: &mut Vec<String>,
    candidates: &[(String, String)],
    filters: &mut std::collections::HashMap<&'static str, String>,
) {
    ui.add_space(6.0);
    ui.strong(heading);
    let mut remove = None;
    let mut swap = None;
    for (i, id) in ids.iter().enumerate() {
        let text = candidates
            .iter()
            .find(|(c, _)| c == id)
            .map_or(id.as_str(), |(_, t)| t.as_str());
        ui.horizontal(|ui| {
            if ui.small_button("×").on_hover_text("Remove").clicked() {
                remove = Some(i);
            }
            if i > 0 && ui.small_button("↑").on_hover_text("Move up").clicked() {
                swap = Some(i);
            }
            ui.label(super::style::ellipsize(text, 70));
        });
    }
    if let Some(i) = remove {
        ids.remove(i);
    }
    if let Some(i) = swap {
        ids.swap(i - 1, i);
    }
    if let Some(id) = picker_ui(ui, name, candidates, ids, filters) {
        ids.push(id);
    }
}

fn entity_refs_ui(
    ui: &mut Ui,
    document: &Document,
    refs: &mut Vec<EntityRef>,
    filters: &mut std::collections::HashMap<&'static str, String>,
) {
    ui.add_space(6.0);
    ui.strong("Actors and their roles");
    let mut remove = None;
    for (i, reference) in refs.iter_mut().enumerate() {
        let name = document
            .index
            .entity(&reference.id)
            .map_or(reference.id.clone(), |e| {
                document.dossier.entities[e].name.clone()
            });
        ui.horizontal(|ui| {
            if ui.small_button("×").on_hover_text("Remove").clicked() {
                remove = Some(i);
            }
            let label = ui.label(&name);
            ui.add(
                TextEdit::singleline(&mut reference.role)
                    .hint_text("role: speaker, host…")
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
        });
    }
    if let Some(i) = remove {
        refs.remove(i);
    }
    let taken: Vec<String> = refs.iter().map(|r| r.id.clone()).collect();
    if let Some(id) = picker_ui(ui, "actors", &entity_candidates(document), &taken, filters) {
        refs.push(EntityRef {
            id,
            ..EntityRef::default()
        });
    }
}

fn quotes_ui(
    ui: &mut Ui,
    document: &Document,
    quotes: &mut Vec<Quote>,
    filters: &mut std::collections::HashMap<&'static str, String>,
) {
    ui.add_space(6.0);
    ui.strong("Quotes");
    let mut remove = None;
    for (i, quote) in quotes.iter_mut().enumerate() {
        ui.group(|ui| {
            let label = ui.label(format!("Quote {}", i + 1));
            ui.add(
                TextEdit::multiline(&mut quote.text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            ui.horizontal(|ui| {
                let speaker = document
                    .index
                    .entity(&quote.speaker)
                    .map_or("no speaker".to_owned(), |e| {
                        document.dossier.entities[e].name.clone()
                    });
                ui.label(format!("Speaker: {speaker}"));
                if !quote.speaker.is_empty() && ui.small_button("clear").clicked() {
                    quote.speaker.clear();
                }
                let label = ui.label("Language");
                ui.add(TextEdit::singleline(&mut quote.language).desired_width(50.0))
                    .labelled_by(label.id);
                if ui.small_button("Remove quote").clicked() {
                    remove = Some(i);
                }
            });
        });
    }
    if let Some(i) = remove {
        quotes.remove(i);
    }
    // The speaker picker sets the speaker of the last quote without one.
    if let Some(quote) = quotes.iter_mut().rev().find(|q| q.speaker.is_empty())
        && let Some(id) = picker_ui(ui, "speaker", &entity_candidates(document), &[], filters)
    {
        quote.speaker = id;
    }
    if ui.button("Add quote").clicked() {
        quotes.push(Quote::default());
    }
}

fn figures_ui(ui: &mut Ui, figures: &mut Vec<KeyFigure>) {
    ui.add_space(6.0);
    ui.strong("Key figures");
    let mut remove = None;
    for (i, figure) in figures.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            if ui.small_button("×").clicked() {
                remove = Some(i);
            }
            let label = ui.label("Value");
            ui.add(TextEdit::singleline(&mut figure.value).desired_width(70.0))
                .labelled_by(label.id);
            let label = ui.label("of");
            ui.add(
                TextEdit::singleline(&mut figure.label)
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

fn links_ui(ui: &mut Ui, links: &mut Vec<Link>) {
    ui.add_space(6.0);
    ui.strong("Links");
    let mut remove = None;
    for (i, link) in links.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            if ui.small_button("×").clicked() {
                remove = Some(i);
            }
            let label = ui.label("Label");
            ui.add(TextEdit::singleline(&mut link.label).desired_width(110.0))
                .labelled_by(label.id);
            let label = ui.label("URL");
            ui.add(TextEdit::singleline(&mut link.url).desired_width(220.0))
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

fn sections_ui(ui: &mut Ui, sections: &mut Vec<Section>) {
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
                ui.add(TextEdit::singleline(&mut section.heading).desired_width(240.0))
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

/// The briefing as the text export will write it, updated as the user types.
fn preview_ui(ui: &mut Ui, document: &Document, briefing: &Briefing) {
    ui.add_space(6.0);
    egui::CollapsingHeader::new("Preview (as exported)")
        .default_open(true)
        .show(ui, |ui| {
            let text = BriefingView::new(document, briefing)
                .to_plain_text(crate::formats::briefing::DEFAULT_WIDTH);
            egui::Frame::new()
                .fill(ui.visuals().extreme_bg_color)
                .inner_margin(6)
                .show(ui, |ui| {
                    ui.label(RichText::new(text).monospace().size(11.0))
                });
        });
}
