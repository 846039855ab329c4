//! Changes to a dossier as values: every edit the app, the tests or a script makes is an
//! [`Edit`], applied in one place ([`Edit::apply`]), which returns the edit that undoes
//! it. Edits work on whole records, so undo costs one record, not a copy of the dossier.

use crate::model::dataset::{Briefing, Dossier};
use crate::model::records::{Record, RecordKind};
use crate::model::text::replace_citations;

pub use crate::model::ids::{slug, unused_id};

/// Why an edit could not be applied; the dossier is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no {kind} at position {index}")]
    NoSuchRecord { kind: &'static str, index: usize },
    #[error("a {kind} cannot go at position {index} of {len}")]
    BadPosition {
        kind: &'static str,
        index: usize,
        len: usize,
    },
    #[error("a {expected} edit was given a {found} record")]
    WrongKind {
        expected: &'static str,
        found: &'static str,
    },
}

/// A change to a dossier.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Replaces the record at `index` of its kind.
    Replace { index: usize, record: Record },
    /// Inserts a record at `index` of its kind.
    Insert { index: usize, record: Record },
    /// Removes the record of `kind` at `index`.
    Remove { kind: RecordKind, index: usize },
    /// Sets the dossier's title, description and language.
    SetMetadata {
        title: String,
        description: String,
        language: String,
    },
    /// Several edits as one (undone together, in reverse).
    Batch(Vec<Edit>),
}

/// The list of records of one kind, as a mutable vector of [`Record`]s in and out.
trait Records {
    fn len(&self, kind: RecordKind) -> usize;
    fn take(&mut self, kind: RecordKind, index: usize) -> Record;
    fn put(&mut self, index: usize, record: Record) -> Result<Record, EditError>;
    fn insert(&mut self, index: usize, record: Record);
}

impl Records for Dossier {
    fn len(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Lane => self.lanes.len(),
            RecordKind::Entity => self.entities.len(),
            RecordKind::Source => self.sources.len(),
            RecordKind::Event => self.events.len(),
            RecordKind::Period => self.periods.len(),
            RecordKind::Briefing => self.briefings.len(),
        }
    }

    fn take(&mut self, kind: RecordKind, index: usize) -> Record {
        match kind {
            RecordKind::Lane => Record::Lane(self.lanes.remove(index)),
            RecordKind::Entity => Record::Entity(self.entities.remove(index)),
            RecordKind::Source => Record::Source(self.sources.remove(index)),
            RecordKind::Event => Record::Event(self.events.remove(index)),
            RecordKind::Period => Record::Period(self.periods.remove(index)),
            RecordKind::Briefing => Record::Briefing(self.briefings.remove(index)),
        }
    }

    fn put(&mut self, index: usize, record: Record) -> Result<Record, EditError> {
        let kind = record.kind();
        let missing = EditError::NoSuchRecord {
            kind: kind.noun(),
            index,
        };
        Ok(match record {
            Record::Lane(r) => Record::Lane(std::mem::replace(
                self.lanes.get_mut(index).ok_or(missing)?,
                r,
            )),
            Record::Entity(r) => Record::Entity(std::mem::replace(
                self.entities.get_mut(index).ok_or(missing)?,
                r,
            )),
            Record::Source(r) => Record::Source(std::mem::replace(
                self.sources.get_mut(index).ok_or(missing)?,
                r,
            )),
            Record::Event(r) => Record::Event(std::mem::replace(
                self.events.get_mut(index).ok_or(missing)?,
                r,
            )),
            Record::Period(r) => Record::Period(std::mem::replace(
                self.periods.get_mut(index).ok_or(missing)?,
                r,
            )),
            Record::Briefing(r) => Record::Briefing(std::mem::replace(
                self.briefings.get_mut(index).ok_or(missing)?,
                r,
            )),
        })
    }

    fn insert(&mut self, index: usize, record: Record) {
        match record {
            Record::Lane(r) => self.lanes.insert(index, r),
            Record::Entity(r) => self.entities.insert(index, r),
            Record::Source(r) => self.sources.insert(index, r),
            Record::Event(r) => self.events.insert(index, r),
            Record::Period(r) => self.periods.insert(index, r),
            Record::Briefing(r) => self.briefings.insert(index, r),
        }
    }
}

impl Edit {
    /// Applies the edit and returns the edit that undoes it. On error nothing changed
    /// (a batch that fails halfway is rolled back).
    pub fn apply(self, dossier: &mut Dossier) -> Result<Edit, EditError> {
        match self {
            Self::Replace { index, record } => {
                let old = dossier.put(index, record)?;
                Ok(Self::Replace { index, record: old })
            }
            Self::Insert { index, record } => {
                let kind = record.kind();
                let len = dossier.len(kind);
                if index > len {
                    return Err(EditError::BadPosition {
                        kind: kind.noun(),
                        index,
                        len,
                    });
                }
                dossier.insert(index, record);
                Ok(Self::Remove { kind, index })
            }
            Self::Remove { kind, index } => {
                if index >= dossier.len(kind) {
                    return Err(EditError::NoSuchRecord {
                        kind: kind.noun(),
                        index,
                    });
                }
                let record = dossier.take(kind, index);
                Ok(Self::Insert { index, record })
            }
            Self::SetMetadata {
                title,
                description,
                language,
            } => {
                let old = Self::SetMetadata {
                    title: std::mem::replace(&mut dossier.title, title),
                    description: std::mem::replace(&mut dossier.description, description),
                    language: std::mem::replace(&mut dossier.language, language),
                };
                Ok(old)
            }
            Self::Batch(edits) => {
                let mut undo = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(dossier) {
                        Ok(inverse) => undo.push(inverse),
                        Err(error) => {
                            // Roll back what was done, newest first.
                            for inverse in undo.into_iter().rev() {
                                let _ = inverse.apply(dossier);
                            }
                            return Err(error);
                        }
                    }
                }
                undo.reverse();
                Ok(Self::Batch(undo))
            }
        }
    }
}

/// The record of `kind` at `index`, cloned.
pub fn record_at(dossier: &Dossier, kind: RecordKind, index: usize) -> Option<Record> {
    Some(match kind {
        RecordKind::Lane => Record::Lane(dossier.lanes.get(index)?.clone()),
        RecordKind::Entity => Record::Entity(dossier.entities.get(index)?.clone()),
        RecordKind::Source => Record::Source(dossier.sources.get(index)?.clone()),
        RecordKind::Event => Record::Event(dossier.events.get(index)?.clone()),
        RecordKind::Period => Record::Period(dossier.periods.get(index)?.clone()),
        RecordKind::Briefing => Record::Briefing(dossier.briefings.get(index)?.clone()),
    })
}

/// The position of the record of `kind` with `id`.
pub fn position_of(dossier: &Dossier, kind: RecordKind, id: &str) -> Option<usize> {
    match kind {
        RecordKind::Lane => dossier.lanes.iter().position(|r| r.id == id),
        RecordKind::Entity => dossier.entities.iter().position(|r| r.id == id),
        RecordKind::Source => dossier.sources.iter().position(|r| r.id == id),
        RecordKind::Event => dossier.events.iter().position(|r| r.id == id),
        RecordKind::Period => dossier.periods.iter().position(|r| r.id == id),
        RecordKind::Briefing => dossier.briefings.iter().position(|r| r.id == id),
    }
}

/// A place where one record refers to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The referring record.
    pub kind: RecordKind,
    pub index: usize,
    /// The JSON path of the reference: `events[3].entities[1].id`.
    pub path: String,
    /// The referring record's title or name.
    pub name: String,
}

/// Every reference to the record of `kind` with `id`.
pub fn references_to(dossier: &Dossier, kind: RecordKind, id: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut add = |kind: RecordKind, index: usize, path: String, name: &str| {
        found.push(Reference {
            kind,
            index,
            path,
            name: name.to_owned(),
        });
    };
    match kind {
        RecordKind::Lane => {
            for (i, e) in dossier.events.iter().enumerate() {
                if e.lane == id {
                    add(RecordKind::Event, i, format!("events[{i}].lane"), &e.title);
                }
            }
        }
        RecordKind::Entity => {
            for (i, e) in dossier.events.iter().enumerate() {
                for (j, r) in e.entities.iter().enumerate() {
                    if r.id == id {
                        add(
                            RecordKind::Event,
                            i,
                            format!("events[{i}].entities[{j}].id"),
                            &e.title,
                        );
                    }
                }
                for (j, q) in e.quotes.iter().enumerate() {
                    if q.speaker == id {
                        add(
                            RecordKind::Event,
                            i,
                            format!("events[{i}].quotes[{j}].speaker"),
                            &e.title,
                        );
                    }
                }
            }
            for (i, b) in dossier.briefings.iter().enumerate() {
                for (j, e) in b.entities.iter().enumerate() {
                    if e == id {
                        add(
                            RecordKind::Briefing,
                            i,
                            format!("briefings[{i}].entities[{j}]"),
                            &b.title,
                        );
                    }
                }
            }
        }
        RecordKind::Source => {
            for (i, e) in dossier.events.iter().enumerate() {
                for (j, s) in e.sources.iter().enumerate() {
                    if s == id {
                        add(
                            RecordKind::Event,
                            i,
                            format!("events[{i}].sources[{j}]"),
                            &e.title,
                        );
                    }
                }
            }
            for (i, b) in dossier.briefings.iter().enumerate() {
                for (j, s) in b.sources.iter().enumerate() {
                    if s == id {
                        add(
                            RecordKind::Briefing,
                            i,
                            format!("briefings[{i}].sources[{j}]"),
                            &b.title,
                        );
                    }
                }
                let cites = |text: &str| super::text::citations(text).any(|(_, c)| c == id);
                if cites(&b.summary) {
                    add(
                        RecordKind::Briefing,
                        i,
                        format!("briefings[{i}].summary"),
                        &b.title,
                    );
                }
                for (j, s) in b.sections.iter().enumerate() {
                    if cites(&s.body) {
                        add(
                            RecordKind::Briefing,
                            i,
                            format!("briefings[{i}].sections[{j}].body"),
                            &b.title,
                        );
                    }
                }
            }
        }
        RecordKind::Event => {
            for (i, b) in dossier.briefings.iter().enumerate() {
                for (j, e) in b.events.iter().enumerate() {
                    if e == id {
                        add(
                            RecordKind::Briefing,
                            i,
                            format!("briefings[{i}].events[{j}]"),
                            &b.title,
                        );
                    }
                }
            }
        }
        RecordKind::Period | RecordKind::Briefing => {}
    }
    found
}

/// The edit that deletes a record and every reference to it: entity and source mentions
/// are removed from events and briefings (citations too), events leave the briefings
/// that list them, and a lane's events are deleted with it. Undone as one.
pub fn delete_with_references(dossier: &Dossier, kind: RecordKind, index: usize) -> Option<Edit> {
    let record = record_at(dossier, kind, index)?;
    let id = record.id().to_owned();
    let references = references_to(dossier, kind, &id);
    let mut edits = Vec::new();
    if kind == RecordKind::Lane {
        // An event cannot live without its lane: its events go too, with their own
        // references, highest position first so earlier positions stay valid.
        let mut events: Vec<usize> = references.iter().map(|r| r.index).collect();
        events.sort_unstable();
        events.dedup();
        let mut scratch = dossier.clone();
        for &e in events.iter().rev() {
            if let Some(edit) = delete_with_references(&scratch, RecordKind::Event, e)
                && edit.clone().apply(&mut scratch).is_ok()
            {
                edits.push(edit);
            }
        }
        let lane_index = position_of(&scratch, RecordKind::Lane, &id)?;
        edits.push(Edit::Remove {
            kind,
            index: lane_index,
        });
        return Some(Edit::Batch(edits));
    }
    let mut touched: Vec<(RecordKind, usize)> =
        references.iter().map(|r| (r.kind, r.index)).collect();
    touched.sort_unstable_by_key(|&(k, i)| (k as u8, i));
    touched.dedup();
    for (ref_kind, ref_index) in touched {
        let Some(mut referring) = record_at(dossier, ref_kind, ref_index) else {
            continue;
        };
        match (&mut referring, kind) {
            (Record::Event(e), RecordKind::Entity) => {
                e.entities.retain(|r| r.id != id);
                for q in &mut e.quotes {
                    if q.speaker == id {
                        q.speaker.clear();
                    }
                }
            }
            (Record::Event(e), RecordKind::Source) => e.sources.retain(|s| *s != id),
            (Record::Briefing(b), RecordKind::Entity) => b.entities.retain(|e| *e != id),
            (Record::Briefing(b), RecordKind::Event) => b.events.retain(|e| *e != id),
            (Record::Briefing(b), RecordKind::Source) => {
                b.sources.retain(|s| *s != id);
                let uncite = |text: &str| {
                    replace_citations(text, |cited| {
                        if cited == id {
                            String::new()
                        } else {
                            format!("[@{cited}]")
                        }
                    })
                };
                b.summary = uncite(&b.summary);
                for section in &mut b.sections {
                    section.body = uncite(&section.body);
                }
            }
            _ => continue,
        }
        edits.push(Edit::Replace {
            index: ref_index,
            record: referring,
        });
    }
    edits.push(Edit::Remove { kind, index });
    Some(Edit::Batch(edits))
}

/// A briefing prefilled from a set of events: their chronology, their actors (most
/// involved first) and their sources, ready to be written up. `id` must be unused.
pub fn briefing_from_events(
    document: &super::Document,
    id: String,
    title: String,
    date: String,
    events: &[usize],
) -> Briefing {
    let dossier = &document.dossier;
    let index = &document.index;
    let mut chronology: Vec<usize> = events.to_vec();
    chronology.sort_by_key(|&e| (index.rank(e).unwrap_or(usize::MAX), e));
    chronology.dedup();
    let mut actors: Vec<(usize, usize)> = Vec::new(); // (entity, count), first seen order
    let mut sources: Vec<String> = Vec::new();
    for &e in &chronology {
        let event = &dossier.events[e];
        for reference in &event.entities {
            let Some(entity) = index.entity(&reference.id) else {
                continue;
            };
            match actors.iter_mut().find(|(x, _)| *x == entity) {
                Some((_, count)) => *count += 1,
                None => actors.push((entity, 1)),
            }
        }
        for source in &event.sources {
            if !sources.contains(source) {
                sources.push(source.clone());
            }
        }
    }
    // Most involved first; ties keep their order of first appearance.
    actors.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    let span = match (chronology.first(), chronology.last()) {
        (Some(&first), Some(&last)) => match (index.event_span(first), index.event_span(last)) {
            (Some(a), Some(b)) => format!(
                "{} to {}",
                a.start.long(),
                b.end.as_ref().unwrap_or(&b.start).long()
            ),
            _ => String::new(),
        },
        _ => String::new(),
    };
    Briefing {
        id,
        title,
        date,
        purpose: String::new(),
        summary: if chronology.is_empty() {
            String::new()
        } else {
            format!("{} events from {span}.", chronology.len())
        },
        sections: vec![super::dataset::Section {
            heading: "What happened".to_owned(),
            ..super::dataset::Section::default()
        }],
        events: chronology
            .iter()
            .map(|&e| dossier.events[e].id.clone())
            .collect(),
        entities: actors
            .iter()
            .map(|&(e, _)| dossier.entities[e].id.clone())
            .collect(),
        sources,
        extra: serde_json::Map::new(),
    }
}

/// A short description of what an edit of a record does, for the Edit menu:
/// "rename event", "change dates of event", "edit entity".
pub fn describe_change(old: &Record, new: &Record) -> String {
    let noun = new.kind().noun();
    if old.id() != new.id() && old.name() == new.name() {
        return format!("change id of {noun}");
    }
    if let (Record::Event(a), Record::Event(b)) = (old, new) {
        let only = |same: bool| same && a.id == b.id;
        if only(a.start == b.start && a.end == b.end && a.title != b.title) {
            let mut renamed = a.clone();
            renamed.title.clone_from(&b.title);
            if renamed == *b {
                return format!("rename {noun}");
            }
        }
        if a.title == b.title && (a.start != b.start || a.end != b.end) {
            let mut redated = a.clone();
            redated.start.clone_from(&b.start);
            redated.end.clone_from(&b.end);
            if redated == *b {
                return format!("change date of {noun}");
            }
        }
    }
    let mut renamed = old.clone();
    let same_but_name = match (&mut renamed, new) {
        (Record::Lane(r), Record::Lane(n)) => {
            r.label.clone_from(&n.label);
            true
        }
        (Record::Entity(r), Record::Entity(n)) => {
            r.name.clone_from(&n.name);
            true
        }
        (Record::Source(r), Record::Source(n)) => {
            r.title.clone_from(&n.title);
            true
        }
        (Record::Event(r), Record::Event(n)) => {
            r.title.clone_from(&n.title);
            true
        }
        (Record::Period(r), Record::Period(n)) => {
            r.label.clone_from(&n.label);
            true
        }
        (Record::Briefing(r), Record::Briefing(n)) => {
            r.title.clone_from(&n.title);
            true
        }
        _ => false,
    };
    if same_but_name && renamed == *new && old != new {
        return format!("rename {noun}");
    }
    format!("edit {noun}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;
    use crate::model::dataset::Lane;

    fn dossier() -> Dossier {
        crate::formats::default_dossier().dossier
    }

    #[test]
    fn every_edit_undoes() {
        let original = dossier();
        let mut d = original.clone();
        let mut event = d.events[0].clone();
        event.title = "Changed".into();
        let edits = vec![
            Edit::Replace {
                index: 0,
                record: Record::Event(event),
            },
            Edit::Insert {
                index: 1,
                record: Record::Lane(Lane {
                    id: "new".into(),
                    label: "New".into(),
                    ..Lane::default()
                }),
            },
            Edit::Remove {
                kind: RecordKind::Source,
                index: 2,
            },
            Edit::SetMetadata {
                title: "T".into(),
                description: String::new(),
                language: "fr".into(),
            },
        ];
        for edit in edits {
            let undo = edit.clone().apply(&mut d).unwrap();
            assert_ne!(d, original, "{edit:?} changed nothing");
            let redo = undo.apply(&mut d).unwrap();
            assert_eq!(d, original, "undo of {edit:?}");
            redo.apply(&mut d).unwrap();
            assert_ne!(d, original);
            d = original.clone();
        }
    }

    #[test]
    fn a_failing_batch_changes_nothing() {
        let original = dossier();
        let mut d = original.clone();
        let batch = Edit::Batch(vec![
            Edit::Remove {
                kind: RecordKind::Event,
                index: 0,
            },
            Edit::Remove {
                kind: RecordKind::Event,
                index: 10_000,
            },
        ]);
        assert!(batch.apply(&mut d).is_err());
        assert_eq!(d, original);
    }

    #[test]
    fn deleting_an_entity_removes_its_mentions_and_undoes_whole() {
        let original = dossier();
        let mut d = original.clone();
        let li = position_of(&d, RecordKind::Entity, "li-qiang").unwrap();
        let refs = references_to(&d, RecordKind::Entity, "li-qiang");
        assert!(refs.iter().any(|r| r.path.contains(".quotes[")), "{refs:?}");
        assert!(refs.iter().any(|r| r.kind == RecordKind::Briefing));
        let edit = delete_with_references(&d, RecordKind::Entity, li).unwrap();
        let undo = edit.apply(&mut d).unwrap();
        assert!(references_to(&d, RecordKind::Entity, "li-qiang").is_empty());
        assert!(position_of(&d, RecordKind::Entity, "li-qiang").is_none());
        let document = Document::new(d.clone());
        assert!(
            !crate::model::validate::has_errors(&document.problems),
            "{:?}",
            document.problems
        );
        undo.apply(&mut d).unwrap();
        assert_eq!(d, original);
    }

    #[test]
    fn deleting_a_source_uncites_it() {
        let mut d = dossier();
        let s = position_of(&d, RecordKind::Source, "cointribune").unwrap();
        assert!(!references_to(&d, RecordKind::Source, "cointribune").is_empty());
        delete_with_references(&d, RecordKind::Source, s)
            .unwrap()
            .apply(&mut d)
            .unwrap();
        let document = Document::new(d);
        assert!(
            !crate::model::validate::has_errors(&document.problems),
            "{:?}",
            document.problems
        );
    }

    #[test]
    fn deleting_a_lane_deletes_its_events() {
        let mut d = dossier();
        let original = d.clone();
        let lane = position_of(&d, RecordKind::Lane, "industry").unwrap();
        let in_lane = d.events.iter().filter(|e| e.lane == "industry").count();
        assert!(in_lane > 0);
        let undo = delete_with_references(&d, RecordKind::Lane, lane)
            .unwrap()
            .apply(&mut d)
            .unwrap();
        assert_eq!(d.events.len(), original.events.len() - in_lane);
        let document = Document::new(d.clone());
        assert!(
            !crate::model::validate::has_errors(&document.problems),
            "{:?}",
            document.problems
        );
        undo.apply(&mut d).unwrap();
        assert_eq!(d, original);
    }

    #[test]
    fn a_briefing_from_an_entitys_events_lists_their_actors_and_sources() {
        let document = crate::formats::default_dossier();
        let li = document.index.entity("li-qiang").unwrap();
        let events = document.index.entity_events(li).to_vec();
        let briefing = briefing_from_events(
            &document,
            "li".into(),
            "Li Qiang".into(),
            "2025-08-01".into(),
            &events,
        );
        assert_eq!(briefing.events.len(), events.len());
        assert_eq!(
            briefing.entities.first().map(String::as_str),
            Some("li-qiang"),
            "the most involved actor first"
        );
        assert!(!briefing.sources.is_empty());
        let mut d = document.dossier.clone();
        let index = d.briefings.len();
        Edit::Insert {
            index,
            record: Record::Briefing(briefing),
        }
        .apply(&mut d)
        .unwrap();
        let after = Document::new(d);
        assert!(
            !crate::model::validate::has_errors(&after.problems),
            "{:?}",
            after.problems
        );
    }

    #[test]
    fn changes_are_named() {
        let d = dossier();
        let old = Record::Event(d.events[0].clone());
        let mut e = d.events[0].clone();
        e.title = "New title".into();
        assert_eq!(
            describe_change(&old, &Record::Event(e.clone())),
            "rename event"
        );
        let mut e2 = d.events[0].clone();
        e2.start = "2017-07-21".into();
        assert_eq!(
            describe_change(&old, &Record::Event(e2)),
            "change date of event"
        );
        e.summary = "Other".into();
        assert_eq!(describe_change(&old, &Record::Event(e)), "edit event");
    }
}
