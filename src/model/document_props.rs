//! Property test of edits that keep the index and problems up to date record by record:
//! after any sequence of edits and undos on a generated dossier, the document equals the
//! one built from scratch from the same records, and the checks spread over threads (as
//! for large files) find the same problems in the same order.

use proptest::prelude::*;

use super::dataset::{EntityRef, Event, ShortString};
use super::document::Document;
use super::edit::{Edit, delete_with_references, record_at};
use super::generate::{GenerateOptions, generate};
use super::records::{Record, RecordKind};
use super::validate::validate_on_threads;

#[derive(Clone, Debug)]
enum Step {
    Rename(usize, usize),
    Move(usize, u32),
    MakeRange(usize, u32),
    ChangeLane(usize, usize),
    SwapEntity(usize, usize),
    DropSources(usize),
    AddSource(usize, usize),
    Delete(usize),
    DeleteWithReferences(usize),
    InsertCopy(usize, usize),
    DuplicateId(usize, usize),
    BadDate(usize),
    BriefingDropsEvent(usize),
    BriefingAddsEntity(usize, usize),
    Retitle(bool),
    Undo,
}

fn step() -> impl Strategy<Value = Step> {
    let at = 0..10_000usize;
    prop_oneof![
        (at.clone(), 0..6usize).prop_map(|(e, w)| Step::Rename(e, w)),
        (at.clone(), 0..9000u32).prop_map(|(e, d)| Step::Move(e, d)),
        (at.clone(), 1..40u32).prop_map(|(e, d)| Step::MakeRange(e, d)),
        (at.clone(), at.clone()).prop_map(|(e, l)| Step::ChangeLane(e, l)),
        (at.clone(), at.clone()).prop_map(|(e, x)| Step::SwapEntity(e, x)),
        at.clone().prop_map(Step::DropSources),
        (at.clone(), at.clone()).prop_map(|(e, s)| Step::AddSource(e, s)),
        at.clone().prop_map(Step::Delete),
        at.clone().prop_map(Step::DeleteWithReferences),
        (at.clone(), at.clone()).prop_map(|(e, p)| Step::InsertCopy(e, p)),
        (at.clone(), at.clone()).prop_map(|(e, o)| Step::DuplicateId(e, o)),
        at.clone().prop_map(Step::BadDate),
        at.clone().prop_map(Step::BriefingDropsEvent),
        (at.clone(), at.clone()).prop_map(|(b, x)| Step::BriefingAddsEntity(b, x)),
        any::<bool>().prop_map(Step::Retitle),
        Just(Step::Undo),
        Just(Step::Undo),
    ]
}

const WORDS: [&str; 6] = ["summit", "safety", "zebra", "治理", "quantum", "accord"];

/// The edit a step makes on `document`, if it can make one.
fn edit_for(document: &Document, step: &Step, fresh_id: &mut usize) -> Option<Edit> {
    let dossier = &document.dossier;
    let count = dossier.events.len();
    let event = |e: usize| -> Option<(usize, Box<Event>)> {
        let i = e % count.max(1);
        Some((i, dossier.events.get(i)?.clone()))
    };
    let replace = |i: usize, e: Box<Event>| Edit::Replace {
        index: i,
        record: Record::Event(e),
    };
    Some(match *step {
        Step::Rename(e, w) => {
            let (i, mut ev) = event(e)?;
            ev.title = format!("{} {}", WORDS[w], ev.title).into();
            replace(i, ev)
        }
        Step::Move(e, days) => {
            let (i, mut ev) = event(e)?;
            let date =
                chrono::NaiveDate::from_ymd_opt(2000, 1, 1)? + chrono::Days::new(u64::from(days));
            ev.start = date.format("%Y-%m-%d").to_string().into();
            ev.end_mut().clear();
            replace(i, ev)
        }
        Step::MakeRange(e, days) => {
            let (i, mut ev) = event(e)?;
            let start = chrono::NaiveDate::from_ymd_opt(1990, 6, 1)?;
            ev.start = start.format("%Y-%m-%d").to_string().into();
            *ev.end_mut() = (start + chrono::Days::new(u64::from(days) * 400))
                .format("%Y-%m-%d")
                .to_string()
                .into();
            replace(i, ev)
        }
        Step::ChangeLane(e, l) => {
            let (i, mut ev) = event(e)?;
            ev.lane = dossier.lanes[l % dossier.lanes.len()].id.as_str().into();
            replace(i, ev)
        }
        Step::SwapEntity(e, x) => {
            let (i, mut ev) = event(e)?;
            let id: ShortString = dossier.entities[x % dossier.entities.len()]
                .id
                .as_str()
                .into();
            ev.entities = vec![
                EntityRef {
                    id: id.clone(),
                    ..EntityRef::default()
                },
                EntityRef {
                    id,
                    ..EntityRef::default()
                },
            ]
            .into();
            replace(i, ev)
        }
        Step::DropSources(e) => {
            let (i, mut ev) = event(e)?;
            ev.sources.clear();
            ev.importance = Some(5);
            replace(i, ev)
        }
        Step::AddSource(e, s) => {
            let (i, mut ev) = event(e)?;
            ev.sources.push(
                dossier.sources[s % dossier.sources.len()]
                    .id
                    .as_str()
                    .into(),
            );
            replace(i, ev)
        }
        Step::Delete(e) => Edit::Remove {
            kind: RecordKind::Event,
            index: e % count.max(1),
        },
        Step::DeleteWithReferences(e) => {
            delete_with_references(dossier, RecordKind::Event, e % count.max(1))?
        }
        Step::InsertCopy(e, p) => {
            let (_, mut ev) = event(e)?;
            *fresh_id += 1;
            ev.id = format!("copy-{fresh_id}").into();
            Edit::Insert {
                index: p % (count + 1),
                record: Record::Event(ev),
            }
        }
        Step::DuplicateId(e, o) => {
            let (i, mut ev) = event(e)?;
            ev.id = dossier.events[o % count].id.clone();
            replace(i, ev)
        }
        Step::BadDate(e) => {
            let (i, mut ev) = event(e)?;
            ev.start = "2025-13-45".into();
            replace(i, ev)
        }
        Step::BriefingDropsEvent(b) => {
            let i = b % dossier.briefings.len().max(1);
            let Some(Record::Briefing(mut briefing)) = record_at(dossier, RecordKind::Briefing, i)
            else {
                return None;
            };
            briefing.events.pop();
            Edit::Replace {
                index: i,
                record: Record::Briefing(briefing),
            }
        }
        Step::BriefingAddsEntity(b, x) => {
            let i = b % dossier.briefings.len().max(1);
            let Some(Record::Briefing(mut briefing)) = record_at(dossier, RecordKind::Briefing, i)
            else {
                return None;
            };
            briefing.entities = vec![dossier.entities[x % dossier.entities.len()].id.clone()];
            Edit::Replace {
                index: i,
                record: Record::Briefing(briefing),
            }
        }
        Step::Retitle(empty) => Edit::SetMetadata {
            title: if empty { " ".into() } else { "Renamed".into() },
            description: dossier.description.clone(),
            language: dossier.language.clone(),
        },
        Step::Undo => return None,
    })
}

/// Edits that a valid dossier follows record by record, without a rebuild.
fn is_followed(step: &Step) -> bool {
    matches!(
        step,
        Step::Rename(..) | Step::Move(..) | Step::ChangeLane(..) | Step::Delete(_)
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn edits_and_undos_leave_what_a_rebuild_gives(
        seed in 0..1000u64,
        events in 20..160usize,
        steps in prop::collection::vec(step(), 1..14),
    ) {
        let mut document = Document::new(generate(GenerateOptions { events, seed }));
        let mut undos: Vec<Edit> = Vec::new();
        let mut fresh_id = 0;
        for step in &steps {
            let valid = !crate::model::validate::has_errors(&document.problems);
            let edit = match step {
                Step::Undo => undos.pop(),
                other => edit_for(&document, other, &mut fresh_id),
            };
            let Some(edit) = edit else { continue };
            let briefed = match &edit {
                Edit::Remove { index, .. } => document.dossier.briefings.iter().any(|b| {
                    b.events.iter().any(|id| *id == document.dossier.events[*index].id)
                }),
                _ => false,
            };
            let applied = document.apply(edit).expect("every edit here fits the dossier");
            if valid && is_followed(step) && !briefed {
                prop_assert!(applied.changes.is_some(), "{step:?} was rebuilt");
            }
            undos.push(applied.undo);
            let rebuilt = Document::new(document.dossier.clone());
            prop_assert!(document.index == rebuilt.index, "index after {step:?}");
            prop_assert_eq!(&document.problems, &rebuilt.problems, "problems after {:?}", step);
            prop_assert!(document == rebuilt, "document after {step:?}");
            prop_assert_eq!(
                document.has_errors(),
                crate::model::problem::has_errors(&rebuilt.problems),
                "errors after {:?}",
                step
            );
            // Large files are checked on three threads: the same problems, in order.
            let threaded = validate_on_threads(&rebuilt.dossier, &rebuilt.index, true);
            prop_assert_eq!(&threaded.0, &rebuilt.problems, "threaded check after {:?}", step);
        }
    }
}
