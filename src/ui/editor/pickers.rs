//! Searchable pickers that add ids to a record's lists (actors, sources, chronology), and
//! the pick lists they search. With 100 000 events, building those lists or searching them
//! every frame costs more than the frame itself, so both are kept until what they depend
//! on changes: the lists until the document's generation changes, a search until its text,
//! the generation or the ids already taken change.

use std::collections::HashMap;
use std::ops::DerefMut;

use super::fields::ShortText;
use egui::{TextEdit, Ui};

use crate::model::Document;
use crate::model::dataset::{EntityRef, Quote, edit_whole_list};
use crate::model::query::names::NameQuery;
use crate::model::records::RecordKind;
use crate::ui::style::ellipsize;

/// How many matches a picker shows.
const SHOWN_MATCHES: usize = 8;

/// The records a picker offers, as (id, text searched and shown), in the order shown:
/// entities and sources as in the dossier, events in time order.
#[derive(Debug)]
pub struct PickList {
    kind: RecordKind,
    entries: Vec<(String, String)>,
}

impl PickList {
    /// The pick list of `kind` (entities, sources or events; empty for other kinds).
    pub fn build(document: &Document, kind: RecordKind) -> Self {
        let dossier = &document.dossier;
        let entries = match kind {
            RecordKind::Entity => dossier
                .entities
                .iter()
                .map(|e| (e.id.clone(), format!("{} {}", e.name, e.aliases.join(" "))))
                .collect(),
            RecordKind::Source => dossier
                .sources
                .iter()
                .map(|s| (s.id.to_string(), s.title.to_string()))
                .collect(),
            RecordKind::Event => document
                .index
                .chronological()
                .iter()
                .map(|e| {
                    let event = &dossier.events[e];
                    (
                        event.id.to_string(),
                        format!("{} {}", event.start, event.title),
                    )
                })
                .collect(),
            RecordKind::Lane | RecordKind::Period | RecordKind::Briefing => Vec::new(),
        };
        Self { kind, entries }
    }

    /// The text shown for `id`, found through the document's index (the list must have
    /// been built from this document).
    pub fn text_of(&self, document: &Document, id: &str) -> Option<&str> {
        let index = &document.index;
        let slot = match self.kind {
            RecordKind::Entity => index.entity(id),
            RecordKind::Source => index.source(id),
            RecordKind::Event => index
                .event(&document.dossier, id)
                .and_then(|e| index.rank(e)),
            RecordKind::Lane | RecordKind::Period | RecordKind::Briefing => None,
        }?;
        self.entries
            .get(slot)
            .filter(|(entry, _)| entry == id)
            .map(|(_, text)| text.as_str())
    }

    /// The positions of the first entries matching `filter`, leaving out `taken` ids.
    fn search(&self, filter: &str, taken: &[String]) -> Vec<usize> {
        let query = NameQuery::new(filter);
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, (id, text))| {
                !taken.contains(id) && (query.matches_name(text) || query.matches_name(id))
            })
            .map(|(slot, _)| slot)
            .take(SHOWN_MATCHES)
            .collect()
    }
}

/// The matches last found by one picker, with what they were found for.
#[derive(Debug)]
struct Found {
    filter: String,
    generation: u64,
    taken: Vec<String>,
    slots: Vec<usize>,
}

/// One picker's search text and its last matches.
#[derive(Debug, Default)]
struct PickerSearch {
    filter: String,
    found: Option<Found>,
}

/// What the form's pickers keep across frames.
#[derive(Debug, Default)]
pub struct Pickers {
    /// The document generation the lists were built for.
    generation: u64,
    lists: HashMap<RecordKind, PickList>,
    /// By picker name.
    searches: HashMap<&'static str, PickerSearch>,
    /// How many pick lists were built, so tests can see that a frame reuses them.
    pub lists_built: usize,
    /// How many searches ran over a pick list.
    pub searches_run: usize,
}

impl Pickers {
    /// Forgets the lists built for another generation of the document.
    pub fn refresh(&mut self, generation: u64) {
        if self.generation != generation {
            self.lists.clear();
            self.generation = generation;
        }
    }

    /// The pick list of `kind`, built on first use in this generation.
    pub fn list(&mut self, document: &Document, kind: RecordKind) -> &PickList {
        let built = &mut self.lists_built;
        self.lists.entry(kind).or_insert_with(|| {
            *built += 1;
            PickList::build(document, kind)
        })
    }

    /// A search field over the pick list of `kind`, with buttons for the first matches;
    /// returns the id picked.
    fn pick(
        &mut self,
        ui: &mut Ui,
        document: &Document,
        name: &'static str,
        kind: RecordKind,
        taken: &[String],
    ) -> Option<String> {
        self.list(document, kind);
        let list = self.lists.get(&kind)?;
        let search = self.searches.entry(name).or_default();
        let mut picked = None;
        ui.horizontal(|ui| {
            let label = ui.label(format!("Add to {name}:"));
            ui.add(
                TextEdit::singleline(&mut search.filter)
                    .hint_text("type to search")
                    .desired_width(200.0),
            )
            .labelled_by(label.id);
        });
        if !search.filter.trim().is_empty() {
            let stale = search.found.as_ref().is_none_or(|found| {
                found.filter != search.filter
                    || found.generation != self.generation
                    || found.taken != taken
            });
            if stale {
                self.searches_run += 1;
                search.found = Some(Found {
                    filter: search.filter.clone(),
                    generation: self.generation,
                    taken: taken.to_vec(),
                    slots: list.search(&search.filter, taken),
                });
            }
            let slots = search
                .found
                .as_ref()
                .map_or(&[][..], |f| f.slots.as_slice());
            if slots.is_empty() {
                ui.weak("No match.");
            }
            for (id, text) in slots.iter().filter_map(|&slot| list.entries.get(slot)) {
                if ui.button(format!("+ {}", ellipsize(text, 60))).clicked() {
                    picked = Some(id.clone());
                }
            }
        }
        if picked.is_some() {
            search.filter.clear();
        }
        picked
    }

    /// A list of ids of `kind` that can be removed, moved up and added to: a vector of a
    /// briefing, or an event's inline list.
    pub fn id_list_ui<L, T>(
        &mut self,
        ui: &mut Ui,
        document: &Document,
        heading: &str,
        name: &'static str,
        kind: RecordKind,
        ids: &mut L,
    ) where
        L: Default + DerefMut<Target = [T]> + IntoIterator<Item = T> + FromIterator<T> + Extend<T>,
        T: AsRef<str> + From<String>,
    {
        ui.add_space(6.0);
        ui.strong(heading);
        let mut remove = None;
        let mut swap = None;
        let list = self.list(document, kind);
        for (i, id) in ids.iter().enumerate() {
            let id = id.as_ref();
            let text = list.text_of(document, id).unwrap_or(id);
            ui.horizontal(|ui| {
                if ui.small_button("×").on_hover_text("Remove").clicked() {
                    remove = Some(i);
                }
                if i > 0 && ui.small_button("↑").on_hover_text("Move up").clicked() {
                    swap = Some(i);
                }
                ui.label(ellipsize(text, 70));
            });
        }
        if let Some(i) = remove {
            *ids = std::mem::take(ids)
                .into_iter()
                .enumerate()
                .filter_map(|(j, id)| (j != i).then_some(id))
                .collect();
        }
        if let Some(i) = swap {
            ids.swap(i - 1, i);
        }
        let taken: Vec<String> = ids.iter().map(|id| id.as_ref().to_owned()).collect();
        if let Some(id) = self.pick(ui, document, name, kind, &taken) {
            ids.extend([id.into()]);
        }
    }

    /// An event's actors, each with a role, and a picker to add more.
    pub fn entity_refs_ui(
        &mut self,
        ui: &mut Ui,
        document: &Document,
        refs: &mut Box<[EntityRef]>,
    ) {
        ui.add_space(6.0);
        ui.strong("Actors and their roles");
        let mut remove = None;
        for (i, reference) in refs.iter_mut().enumerate() {
            let name = entity_name(document, &reference.id).unwrap_or(&reference.id);
            ui.horizontal(|ui| {
                if ui.small_button("×").on_hover_text("Remove").clicked() {
                    remove = Some(i);
                }
                let label = ui.label(name);
                ui.add(
                    TextEdit::singleline(&mut ShortText(&mut reference.role))
                        .hint_text("role: speaker, host…")
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
            });
        }
        if let Some(i) = remove {
            edit_whole_list(refs, |list| {
                list.remove(i);
            });
        }
        let taken: Vec<String> = refs.iter().map(|r| r.id.to_string()).collect();
        if let Some(id) = self.pick(ui, document, "actors", RecordKind::Entity, &taken) {
            let added = EntityRef {
                id: id.into(),
                ..EntityRef::default()
            };
            edit_whole_list(refs, |list| list.push(added));
        }
    }

    /// An event's quotes, with a picker that sets the speaker of the last quote without one.
    pub fn quotes_ui(
        &mut self,
        ui: &mut Ui,
        document: &Document,
        quotes: &mut thin_vec::ThinVec<Quote>,
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
                let label = ui.label("As said (original words, when the quote is translated)");
                ui.add(
                    TextEdit::multiline(&mut quote.original)
                        .desired_rows(1)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
                ui.horizontal(|ui| {
                    let speaker = entity_name(document, &quote.speaker).unwrap_or("no speaker");
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
        if let Some(quote) = quotes.iter_mut().rev().find(|q| q.speaker.is_empty())
            && let Some(id) = self.pick(ui, document, "speaker", RecordKind::Entity, &[])
        {
            quote.speaker = id;
        }
        if ui.button("Add quote").clicked() {
            quotes.push(Quote::default());
        }
    }
}

/// The name of the entity with `id`, through the index.
fn entity_name<'a>(document: &'a Document, id: &str) -> Option<&'a str> {
    let entity = document.index.entity(id)?;
    Some(document.dossier.entities[entity].name.as_str())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn pick_lists_are_built_once_per_generation() {
        let document = crate::formats::default_dossier();
        let mut pickers = Pickers::default();
        pickers.refresh(1);
        pickers.list(&document, RecordKind::Event);
        pickers.list(&document, RecordKind::Event);
        pickers.refresh(1);
        pickers.list(&document, RecordKind::Event);
        assert_eq!(pickers.lists_built, 1, "reused while the generation stays");
        pickers.list(&document, RecordKind::Entity);
        assert_eq!(pickers.lists_built, 2);
        pickers.refresh(2);
        pickers.list(&document, RecordKind::Event);
        assert_eq!(pickers.lists_built, 3, "built again for a new generation");
    }

    #[test]
    fn texts_are_found_through_the_index() {
        let document = crate::formats::default_dossier();
        for kind in [RecordKind::Entity, RecordKind::Source, RecordKind::Event] {
            let list = PickList::build(&document, kind);
            assert!(!list.entries.is_empty(), "{kind:?}");
            for (id, text) in &list.entries {
                assert_eq!(
                    list.text_of(&document, id),
                    Some(text.as_str()),
                    "{kind:?} {id}"
                );
            }
            assert_eq!(list.text_of(&document, "no-such-id"), None);
        }
    }
}
