//! Which records refer to a record, and deleting a record with every reference to it.

use super::apply::{Edit, position_of, record_at};
use crate::model::dataset::{Dossier, edit_whole_list};
use crate::model::records::{Record, RecordKind};
use crate::model::text::{citations, replace_citations};

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
                for (j, q) in e.quotes().iter().enumerate() {
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
                for (j, f) in e.figures().iter().enumerate() {
                    if f.source == id || f.values.iter().any(|v| v.source == id) {
                        add(
                            RecordKind::Event,
                            i,
                            format!("events[{i}].figures[{j}]"),
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
                let cites = |text: &str| citations(text).any(|(_, c)| c == id);
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
                edit_whole_list(&mut e.entities, |actors| actors.retain(|r| r.id != id));
                for q in e.quotes_mut() {
                    if q.speaker == id {
                        q.speaker.clear();
                    }
                }
            }
            (Record::Event(e), RecordKind::Source) => {
                e.sources.retain(|s| *s != id);
                // A figure's value stays; only the name of its deleted source goes.
                for figure in e.figures_mut() {
                    let sources = std::iter::once(&mut figure.source)
                        .chain(figure.values.iter_mut().map(|v| &mut v.source));
                    sources.filter(|s| **s == id).for_each(String::clear);
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    fn dossier() -> Dossier {
        crate::formats::default_dossier().dossier
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
}
