//! Tests of full-text search: the index, its queries, and how it follows event edits
//! (a property test against a fresh build after random edits).

use super::search::*;
use crate::model::document::Document;

/// The built-in dossier, read straight from its file (the model does without formats).
fn built_in() -> Document {
    let json = include_str!("../../../data/ai-governance-2025.json");
    Document::new(serde_json::from_str(json).expect("the built-in dossier parses"))
}

#[test]
fn the_index_is_the_same_whatever_the_number_of_threads() {
    use crate::model::generate::{GenerateOptions, generate};
    let document = Document::new(generate(GenerateOptions {
        events: 25_001,
        seed: 7,
    }));
    let one = SearchIndex::build_on(&document, 1);
    assert!(one.term_count() > 100);
    for threads in [2, 3] {
        assert!(
            SearchIndex::build_on(&document, threads) == one,
            "{threads} threads"
        );
    }
    assert!(!one.search(&document, "safety").is_empty());
}

fn titles(document: &Document, events: &[usize]) -> Vec<String> {
    events
        .iter()
        .map(|&e| document.dossier.events[e].title.to_string())
        .collect()
}

#[test]
fn finds_words_by_prefix_in_time_order() {
    let document = built_in();
    let index = SearchIndex::build(&document);
    let found = index.search(&document, "action plan");
    let names = titles(&document, &found);
    assert!(
        names.iter().any(|t| t.contains("America's AI Action Plan")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|t| t.contains("Global AI Governance Action Plan")),
        "{names:?}"
    );
    let ranks: Vec<_> = found.iter().map(|&e| document.index.rank(e)).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]));
    assert!(!index.search(&document, "chin").is_empty(), "prefix");
    assert!(index.search(&document, "").is_empty());
    assert!(index.search(&document, "zzzqqq").is_empty());
}

#[test]
fn matches_entities_aliases_sources_and_ignores_case_and_accents() {
    let document = built_in();
    let index = SearchIndex::build(&document);
    let li = index.search(&document, "李强");
    assert!(
        titles(&document, &li)
            .iter()
            .any(|t| t.starts_with("Li Qiang proposes")),
        "{li:?}"
    );
    assert_eq!(
        index.search(&document, "LI QIANG"),
        index.search(&document, "li qiang")
    );
    // The seed article is a source whose French title only it has: the events citing
    // it are found, with or without accents.
    assert_eq!(
        index.search(&document, "cooperation l'ia"),
        index.search(&document, "coopération l’IA")
    );
    assert!(!index.search(&document, "cooperation l'ia").is_empty());
}

#[test]
fn folding_splits_words_and_chinese_characters() {
    let mut words = Vec::new();
    for_each_word(
        "Société Générale, 李强 (WAIC-2025)",
        &mut String::new(),
        |w| words.push(w.to_owned()),
    );
    assert_eq!(words, ["societe", "generale", "李", "强", "waic", "2025"]);
}

mod incremental {
    use proptest::prelude::*;

    use super::super::search::*;
    use crate::model::dataset::Event;
    use crate::model::document::Document;
    use crate::model::edit::Edit;
    use crate::model::edit::EventChange;
    use crate::model::generate::{GenerateOptions, generate};
    use crate::model::records::{Record, RecordKind};

    /// Words the edits write, some of them in no generated dossier.
    const WORDS: [&str; 9] = [
        "safety",
        "export",
        "zebra",
        "zeppelin",
        "quokka",
        "李强",
        "Société",
        "chips",
        "item",
    ];

    /// Queries over the generated vocabulary (whole words and prefixes, entity names,
    /// source titles, tags, numbers), the words the edits bring and Chinese characters.
    const QUERIES: [&str; 25] = [
        "safety",
        "saf",
        "s",
        "export controls",
        "announces",
        "chips",
        "governance",
        "item",
        "item 7",
        "1",
        "wei",
        "李",
        "强",
        "zebra",
        "ze",
        "zeppelin",
        "quokka",
        "societe",
        "zebra safety",
        "quokka item",
        "z",
        "institute",
        "report",
        "country",
        "systems",
    ];

    fn document(events: usize, seed: u64) -> Document {
        Document::new(generate(GenerateOptions { events, seed }))
    }

    /// Applies the edit `make` makes to the document, refreshes its index and returns
    /// what it did to the events.
    fn edit(document: &mut Document, make: impl FnOnce(&Document) -> Edit) -> EventChange {
        let edit = make(document);
        let change = match &edit {
            Edit::Replace { index, .. } => EventChange::Replaced(*index),
            Edit::Insert { index, .. } => EventChange::Inserted(*index),
            Edit::Remove { index, .. } => EventChange::Removed(*index),
            other => panic!("not an event edit: {other:?}"),
        };
        edit.apply(&mut document.dossier).unwrap();
        document.refresh();
        change
    }

    fn retitled(document: &Document, index: usize, title: &str) -> Edit {
        let mut event = document.dossier.events[index].clone();
        event.title = title.into();
        Edit::Replace {
            index,
            record: Record::Event(event),
        }
    }

    fn remove(index: usize) -> Edit {
        Edit::Remove {
            kind: RecordKind::Event,
            index,
        }
    }

    fn insert(document: &Document, copy_of: usize, at: usize, id: &str, title: &str) -> Edit {
        let mut event = document.dossier.events[copy_of].clone();
        event.id = id.into();
        event.title = title.into();
        Edit::Insert {
            index: at,
            record: Record::Event(event),
        }
    }

    /// The differences between `index` and an index built from `document`, per query.
    fn differences(index: &SearchIndex, document: &Document) -> Vec<String> {
        let built = SearchIndex::build(document);
        QUERIES
            .iter()
            .filter(|q| {
                index.matching(q) != built.matching(q)
                    || index.search(document, q) != built.search(document, q)
            })
            .map(|q| {
                format!(
                    "{q:?}: {:?}, built {:?}",
                    index.search(document, q),
                    built.search(document, q)
                )
            })
            .collect()
    }

    fn assert_same(index: &SearchIndex, document: &Document) {
        let differences = differences(index, document);
        assert!(differences.is_empty(), "{differences:#?}");
    }

    #[test]
    fn a_renamed_event_loses_its_old_words() {
        let mut document = document(20, 6);
        let mut index = SearchIndex::build(&document);
        for title in ["zebra", "quokka"] {
            let change = edit(&mut document, |d| retitled(d, 5, title));
            assert!(index.apply_changes(&document, &[change]));
            assert_eq!(index.search(&document, title), [5]);
        }
        assert!(index.search(&document, "zebra").is_empty());
        assert_eq!(index.overlay_events(), 2);
        assert_same(&index, &document);
    }

    #[test]
    fn an_event_replaced_then_removed_is_gone() {
        let mut document = document(20, 1);
        let mut index = SearchIndex::build(&document);
        let changes = [
            edit(&mut document, |d| retitled(d, 5, "zebra")),
            edit(&mut document, |_| remove(5)),
        ];
        assert_eq!(changes, [EventChange::Replaced(5), EventChange::Removed(5)]);
        assert!(index.apply_changes(&document, &changes));
        assert!(index.search(&document, "zebra").is_empty());
        assert_same(&index, &document);
    }

    #[test]
    fn an_event_inserted_first_moves_every_other_up() {
        let mut document = document(20, 2);
        let mut index = SearchIndex::build(&document);
        let change = edit(&mut document, |d| insert(d, 3, 0, "new", "zebra"));
        assert!(index.apply_changes(&document, &[change]));
        assert_eq!(index.search(&document, "zebra"), [0]);
        assert_same(&index, &document);
        // Then inserted again in the middle, and replaced there.
        let changes = [
            edit(&mut document, |d| insert(d, 0, 7, "newer", "quokka")),
            edit(&mut document, |d| retitled(d, 7, "zeppelin")),
        ];
        assert!(index.apply_changes(&document, &changes));
        assert!(index.search(&document, "quokka").is_empty());
        assert_eq!(index.search(&document, "zeppelin"), [7]);
        assert_eq!(index.overlay_events(), 2);
        assert_same(&index, &document);
    }

    #[test]
    fn the_last_event_removed_and_appended() {
        let mut document = document(20, 3);
        let mut index = SearchIndex::build(&document);
        let change = edit(&mut document, |_| remove(19));
        assert!(index.apply_changes(&document, &[change]));
        assert_same(&index, &document);
        let change = edit(&mut document, |d| insert(d, 0, 19, "new", "zebra"));
        assert!(index.apply_changes(&document, &[change]));
        assert_eq!(index.search(&document, "zebra"), [19]);
        assert_same(&index, &document);
        // Down to no event at all.
        let changes: Vec<_> = (0..20)
            .map(|_| edit(&mut document, |_| remove(0)))
            .collect();
        assert!(index.apply_changes(&document, &changes));
        assert!(index.search(&document, "item").is_empty());
        assert_same(&index, &document);
    }

    #[test]
    fn an_event_removed_and_another_put_in_its_place() {
        let mut document = document(20, 4);
        let mut index = SearchIndex::build(&document);
        let changes = [
            edit(&mut document, |_| remove(8)),
            edit(&mut document, |d| insert(d, 2, 8, "new", "quokka")),
            edit(&mut document, |_| remove(9)),
            edit(&mut document, |d| retitled(d, 0, "zebra")),
        ];
        assert!(index.apply_changes(&document, &changes));
        assert_eq!(index.search(&document, "quokka"), [8]);
        assert_same(&index, &document);
    }

    #[test]
    fn changes_that_do_not_lead_to_the_document_change_nothing() {
        let mut document = document(20, 5);
        let mut index = SearchIndex::build(&document);
        let before = index.clone();
        let change = edit(&mut document, |_| remove(4));
        for wrong in [
            vec![EventChange::Removed(20)],
            vec![EventChange::Inserted(21)],
            vec![EventChange::Replaced(4)],
            vec![change, EventChange::Replaced(19)],
            vec![],
        ] {
            assert!(!index.apply_changes(&document, &wrong), "{wrong:?}");
            assert!(index == before);
        }
        assert!(index.apply_changes(&document, &[change]));
        assert_same(&index, &document);
        assert!(index.apply_changes(&document, &[]));
    }

    /// One random edit: what it does, to which event, where, with which words.
    #[derive(Clone, Debug)]
    enum Op {
        Rename(prop::sample::Index, usize, usize),
        Move(prop::sample::Index, i32, u32),
        Tag(prop::sample::Index, usize),
        Remove(prop::sample::Index),
        Insert(prop::sample::Index, prop::sample::Index, usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        let word = 0..WORDS.len();
        prop_oneof![
            (any::<prop::sample::Index>(), word.clone(), word.clone())
                .prop_map(|(e, a, b)| Op::Rename(e, a, b)),
            (any::<prop::sample::Index>(), 1990..2030, 1u32..=12)
                .prop_map(|(e, y, m)| Op::Move(e, y, m)),
            (any::<prop::sample::Index>(), word.clone()).prop_map(|(e, w)| Op::Tag(e, w)),
            any::<prop::sample::Index>().prop_map(Op::Remove),
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                word
            )
                .prop_map(|(e, at, w)| Op::Insert(e, at, w)),
        ]
    }

    /// The edit `op` makes to `document` (`None` when there is no event to edit),
    /// `n` naming new events.
    fn edit_of(op: &Op, document: &Document, n: usize) -> Option<Edit> {
        let events = &document.dossier.events;
        let pick = |i: &prop::sample::Index| (!events.is_empty()).then(|| i.index(events.len()));
        let replace = |index: usize, change: &dyn Fn(&mut Event)| {
            let mut event = events[index].clone();
            change(&mut event);
            Edit::Replace {
                index,
                record: Record::Event(event),
            }
        };
        Some(match op {
            Op::Rename(e, a, b) => {
                let title = format!("{} {} {n}", WORDS[*a], WORDS[*b]);
                replace(pick(e)?, &|event| event.title = title.as_str().into())
            }
            Op::Move(e, year, month) => replace(pick(e)?, &|event| {
                event.start = format!("{year:04}-{month:02}").into();
                event.end_mut().clear();
            }),
            Op::Tag(e, w) => replace(pick(e)?, &|event| {
                event.tags = smallvec::smallvec![WORDS[*w].into()];
            }),
            Op::Remove(e) => remove(pick(e)?),
            Op::Insert(e, at, w) => {
                let mut event = events[pick(e)?].clone();
                event.id = format!("inserted-{n}").into();
                event.title = format!("{} copy", WORDS[*w]).into();
                Edit::Insert {
                    index: at.index(events.len() + 1),
                    record: Record::Event(event),
                }
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the edits, and however they are grouped, the index that follows
        /// them answers every query as one built afresh.
        #[test]
        fn following_edits_equals_building(
            events in 1usize..300,
            seed in any::<u64>(),
            edits in prop::collection::vec((op(), any::<bool>()), 1..40),
        ) {
            let mut document = document(events, seed);
            let mut index = SearchIndex::build(&document);
            let mut pending = Vec::new();
            for (n, (op, apply_now)) in edits.iter().enumerate() {
                if let Some(e) = edit_of(op, &document, n) {
                    pending.push(edit(&mut document, |_| e));
                }
                if *apply_now {
                    prop_assert!(index.apply_changes(&document, &pending));
                    pending.clear();
                    let differences = differences(&index, &document);
                    prop_assert!(differences.is_empty(), "{:#?}", differences);
                }
            }
            prop_assert!(index.apply_changes(&document, &pending));
            let differences = differences(&index, &document);
            prop_assert!(differences.is_empty(), "{:#?}", differences);
        }
    }
}
