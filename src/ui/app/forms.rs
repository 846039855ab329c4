//! Opening the record form on new records: blank, from the selection, from a range,
//! or a copy; and which record the "selected" actions act on.

use crate::model::Document;
use crate::model::edit::{briefing_from_events, slug, unused_id};
use crate::model::records::{Record, RecordKind};
use crate::state::Selection;
use crate::ui::dialogs::records::{blank, today};
use crate::ui::editor::Editor;

use super::window::DossierApp;

impl DossierApp {
    /// Opens the form on a new event, in the selected event's lane, at the centre of the
    /// view.
    pub(super) fn new_event(&mut self) {
        let document = &self.workspace.document;
        if let Record::Event(mut event) = blank(document, RecordKind::Event) {
            if let Some(e) = self.workspace.selected_event() {
                event.lane.clone_from(&document.dossier.events[e].lane);
            }
            if let Some((start, end)) = self.timeline.view() {
                event.start = crate::ui::timeline::day_string(f64::midpoint(start, end)).into();
            }
            self.editor = Some(Editor::create(Record::Event(event)));
        }
    }

    /// The briefing that Export and Copy act on: the selected one, else the first.
    pub(super) fn current_briefing(&self) -> Option<String> {
        match self.workspace.selection() {
            Some(Selection::Briefing(id)) => Some(id.clone()),
            _ => self
                .workspace
                .document
                .dossier
                .briefings
                .first()
                .map(|b| b.id.clone()),
        }
    }

    /// Opens the form on a new briefing of the events overlapping `[start, end)`.
    pub(super) fn range_briefing(&mut self, start: f64, end: f64) {
        {
            let document = &self.workspace.document;
            let index = &document.index;
            let events: Vec<usize> = index
                .chronological()
                .iter()
                .filter(|&e| {
                    index
                        .event_secs(e)
                        .is_some_and(|(from, to)| (from as f64) < end && (to as f64) > start)
                })
                .collect();
            let title = format!(
                "Events of {}",
                crate::ui::timeline::describe_range(start, end)
            );
            self.new_briefing(title, &events);
        }
    }

    /// Opens the form on a new briefing prefilled from events.
    pub(super) fn new_briefing(&mut self, title: String, events: &[usize]) {
        let document = &self.workspace.document;
        let id = unused_id(&document.dossier, RecordKind::Briefing, &slug(&title));
        let briefing = briefing_from_events(document, id, title, today(), events);
        self.editor = Some(Editor::create(Record::Briefing(briefing)));
    }

    /// The briefing a "new briefing from selection" starts from: the selected entity's
    /// events, the brushed range, the filtered entities' events, or the selected briefing's.
    pub(super) fn briefing_from_selection(&mut self) {
        let document = &self.workspace.document;
        let index = &document.index;
        if let Some(entity) = self.workspace.selected_entity() {
            let name = document.dossier.entities[entity].name.clone();
            let events = index.entity_events(entity).to_vec();
            self.new_briefing(format!("Briefing: {name}"), &events);
        } else if let Some((start, end)) = self.timeline.brush {
            self.range_briefing(start, end);
        } else if !self.sidebar.filter.trim().is_empty() {
            let query = crate::model::query::names::NameQuery::new(&self.sidebar.filter);
            let mut events: Vec<usize> = document
                .dossier
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| query.matches_entity(e))
                .flat_map(|(i, _)| index.entity_events(i).iter())
                .collect();
            events.sort_unstable();
            events.dedup();
            let title = format!("Briefing: {}", self.sidebar.filter.trim());
            self.new_briefing(title, &events);
        } else if let Some(highlighted) = self.workspace.highlighted_events() {
            let events = highlighted.into_owned();
            self.new_briefing("New briefing".to_owned(), &events);
        } else if let Some((start, end)) = self.timeline.view() {
            self.range_briefing(start, end);
        }
    }

    /// Opens the form on a new, empty record.
    pub(super) fn new_record(&mut self, kind: RecordKind) {
        self.editor = Some(Editor::create(blank(&self.workspace.document, kind)));
    }

    /// The selected event, entity or briefing as a record kind and position.
    pub(super) fn selected_record(&self) -> Option<(RecordKind, usize)> {
        let index = &self.workspace.document.index;
        match self.workspace.selection()? {
            Selection::Event(id) => Some((
                RecordKind::Event,
                index.event(&self.workspace.document.dossier, id)?,
            )),
            Selection::Entity(id) => Some((RecordKind::Entity, index.entity(id)?)),
            Selection::Briefing(id) => Some((RecordKind::Briefing, index.briefing(id)?)),
        }
    }
}

/// A copy of a record with a fresh id and "(copy)" after its name, for the form.
pub(super) fn duplicate(document: &Document, mut record: Record) -> Record {
    let dossier = &document.dossier;
    let kind = record.kind();
    let id = unused_id(dossier, kind, &format!("{}-copy", record.id()));
    match &mut record {
        Record::Lane(r) => (r.id, r.label) = (id, format!("{} (copy)", r.label)),
        Record::Entity(r) => (r.id, r.name) = (id, format!("{} (copy)", r.name)),
        Record::Source(r) => {
            (r.id, r.title) = (id.into(), format!("{} (copy)", r.title).into());
        }
        Record::Event(r) => {
            (r.id, r.title) = (id.into(), format!("{} (copy)", r.title).into());
        }
        Record::Period(r) => (r.id, r.label) = (id, format!("{} (copy)", r.label)),
        Record::Briefing(r) => (r.id, r.title) = (id, format!("{} (copy)", r.title)),
    }
    record
}
