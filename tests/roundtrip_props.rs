//! Property tests: any valid dossier the model can build survives save → load unchanged,
//! and saving is deterministic (the same dossier always gives the same bytes).
//!
//! The strategies build dossiers through the dataset types: lanes, entities with aliases
//! in any script, sources, events at every date precision (BCE years and `~`, `?`, `%`
//! included) and ranges, periods, briefings with sections and citations, and unknown keys
//! with arbitrary JSON values in every record's `extra`. References are drawn as numbers
//! and resolved to existing ids afterwards, so every dossier is valid.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use dossier::formats::load_bytes;
use dossier::model::dataset::{
    Briefing, Certainty, Dossier, Entity, EntityKind, EntityRef, Event, FigureValue, KeyFigure,
    Lane, Link, Period, Quote, Section, Source,
};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Any text: every Unicode scalar value, control characters, quotes and backslashes
/// included, but never a citation (`[@id]` must name a source; added on purpose below).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        vec(any::<char>(), 0..12).prop_map(String::from_iter),
        "\\PC{0,16}",
        Just(String::new()),
        Just("Li Qiang 李强 \"quoted\" \\ back\nline\ttab 😀".to_owned()),
    ]
    .prop_filter("no citation", |s| !s.contains("[@"))
}

/// Text with something visible in it, for required fields.
fn label() -> impl Strategy<Value = String> {
    ("[A-Za-zÀ-ÿ李强上海😀0-9]{1,3}", text()).prop_map(|(head, tail)| format!("{head}{tail}"))
}

/// An id body: letters (any script), digits, `-`, `_`, `.`, `:`; made unique by position.
fn id_stem() -> impl Strategy<Value = String> {
    "[a-z0-9李é][a-z0-9李é._:-]{0,8}"
}

fn unique(stem: &str, position: usize) -> String {
    format!("{stem}-{position}")
}

fn color() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "#[0-9A-Fa-f]{6}"]
}

/// A date at any precision, BCE and qualified ones included; `shift` years later for the
/// end of a range (so that an end is never before its start).
#[derive(Clone, Debug)]
struct DateParts {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    precision: u8,
    suffix: &'static str,
}

impl DateParts {
    fn text(&self, shift: i32) -> String {
        let year = self.year + shift;
        let mut text = if year < 0 {
            format!("-{:04}", -year)
        } else {
            format!("{year:04}")
        };
        if self.precision >= 1 {
            text.push_str(&format!("-{:02}", self.month));
        }
        if self.precision >= 2 {
            text.push_str(&format!("-{:02}", self.day));
        }
        if self.precision >= 3 {
            text.push_str(&format!("T{:02}:{:02}", self.hour, self.minute));
        }
        if self.precision >= 4 {
            text.push_str(&format!(":{:02}", self.second));
        }
        text.push_str(self.suffix);
        text
    }
}

fn date_parts() -> impl Strategy<Value = DateParts> {
    (
        prop_oneof![
            1900..2100_i32,
            -9999..10_000_i32,
            -99_000..99_000_i32,
            Just(0),
        ],
        1..=12_u8,
        1..=28_u8,
        (0..24_u8, 0..60_u8, 0..60_u8),
        0..5_u8,
        prop_oneof![Just(""), Just("~"), Just("?"), Just("%")],
    )
        .prop_map(
            |(year, month, day, (hour, minute, second), precision, suffix)| DateParts {
                year,
                month,
                day,
                hour,
                minute,
                second,
                precision,
                suffix,
            },
        )
}

fn date() -> impl Strategy<Value = String> {
    date_parts().prop_map(|d| d.text(0))
}

/// A start and, maybe, an end the same or some years later.
fn range(end_required: bool) -> impl Strategy<Value = (String, String)> {
    (date_parts(), 0..3_i32, any::<bool>()).prop_map(move |(parts, shift, has_end)| {
        let end = if has_end || end_required {
            parts.text(shift)
        } else {
            String::new()
        };
        (parts.text(0), end)
    })
}

/// Any JSON value that round-trips: integers of both signs, finite floats, strings in any
/// script, nested arrays and objects.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<u64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>()
            .prop_filter_map("finite", Number::from_f64)
            .prop_map(Value::Number),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec(("\\PC{0,6}", inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Unknown keys (never one the record knows) with arbitrary values.
fn extra() -> impl Strategy<Value = Map<String, Value>> {
    prop_oneof![
        2 => Just(Map::new()),
        1 => vec(("x-\\PC{0,8}", json_value()), 1..3).prop_map(|pairs| pairs.into_iter().collect()),
    ]
}

fn lane() -> impl Strategy<Value = Lane> {
    (id_stem(), label(), color(), text(), extra()).prop_map(
        |(id, label, color, description, extra)| Lane {
            id,
            label,
            color,
            description,
            extra: extra.into(),
        },
    )
}

fn entity() -> impl Strategy<Value = Entity> {
    (
        id_stem(),
        label(),
        prop::sample::select(EntityKind::ALL.to_vec()),
        vec(label(), 0..3),
        text(),
        vec(
            (text(), label(), extra()).prop_map(|(label, url, extra)| Link {
                label,
                url,
                extra: extra.into(),
            }),
            0..2,
        ),
        extra(),
    )
        .prop_map(
            |(id, name, kind, aliases, description, links, extra)| Entity {
                id,
                name,
                kind,
                aliases,
                description,
                links,
                extra: extra.into(),
            },
        )
}

fn source() -> impl Strategy<Value = Source> {
    (
        id_stem(),
        label(),
        text(),
        text(),
        prop_oneof![Just(String::new()), date()],
        text(),
        (
            prop_oneof![Just(String::new()), "[A-F]"],
            text(),
            text(),
            prop_oneof![Just(String::new()), date()],
        ),
        extra(),
    )
        .prop_map(
            |(
                id,
                title,
                publisher,
                url,
                published,
                language,
                (reliability, reliability_note, archived_url, accessed),
                extra,
            )| Source {
                id: id.into(),
                title: title.into(),
                publisher: publisher.into(),
                url: url.into(),
                published: published.into(),
                language: language.into(),
                reliability: reliability.into(),
                reliability_note: reliability_note.into(),
                archived_url: archived_url.into(),
                accessed: accessed.into(),
                extra: extra.into(),
            },
        )
}

/// References are numbers here ("3"), resolved by [`resolve`].
fn reference() -> impl Strategy<Value = String> {
    (0..100_usize).prop_map(|n| n.to_string())
}

fn event() -> impl Strategy<Value = Event> {
    (
        (id_stem(), label(), range(false), reference(), text()),
        (
            vec(
                (reference(), text(), extra()).prop_map(|(id, role, extra)| EntityRef {
                    id: id.into(),
                    role: role.into(),
                    extra: extra.into(),
                }),
                0..3,
            ),
            vec(text(), 0..3),
            vec(reference(), 0..3),
        ),
        (
            vec(
                (
                    label(),
                    prop_oneof![Just(String::new()), reference()],
                    text(),
                    text(),
                    extra(),
                )
                    .prop_map(|(text, speaker, language, original, extra)| Quote {
                        text,
                        speaker,
                        language,
                        original,
                        extra: extra.into(),
                    }),
                0..2,
            ),
            vec(
                (
                    label(),
                    label(),
                    prop_oneof![Just(String::new()), reference()],
                    vec(
                        (
                            label(),
                            prop_oneof![Just(String::new()), reference()],
                            extra(),
                        )
                            .prop_map(|(value, source, extra)| {
                                FigureValue {
                                    value,
                                    source,
                                    extra: extra.into(),
                                }
                            }),
                        0..3,
                    ),
                    extra(),
                )
                    .prop_map(|(label, value, source, values, extra)| KeyFigure {
                        label,
                        value,
                        source,
                        values,
                        extra: extra.into(),
                    }),
                0..2,
            ),
            prop::option::of(prop::sample::select(Certainty::ALL.to_vec())),
            prop::option::of(1..=6_u8),
            prop::option::of(1..=5_u8),
            extra(),
        ),
    )
        .prop_map(
            |(
                (id, title, (start, end), lane, summary),
                (entities, tags, sources),
                (quotes, figures, certainty, credibility, importance, extra),
            )| {
                let mut event = Event {
                    id: id.into(),
                    title: title.into(),
                    start: start.into(),
                    lane: lane.into(),
                    summary: summary.into(),
                    entities: entities.into(),
                    tags: tags.into_iter().map(Into::into).collect(),
                    sources: sources.into_iter().map(Into::into).collect(),
                    certainty,
                    credibility,
                    importance,
                    ..Event::default()
                };
                event.set_end(end.into());
                *event.quotes_mut() = quotes.into();
                *event.figures_mut() = figures.into();
                *event.extra_mut() = extra.into();
                event
            },
        )
}

fn period() -> impl Strategy<Value = Period> {
    (id_stem(), label(), range(true), color(), text(), extra()).prop_map(
        |(id, label, (start, end), color, description, extra)| Period {
            id,
            label,
            start,
            end,
            color,
            description,
            extra: extra.into(),
        },
    )
}

fn briefing() -> impl Strategy<Value = Briefing> {
    (
        (id_stem(), label(), date(), text(), text()),
        vec(
            (label(), text(), extra()).prop_map(|(heading, body, extra)| Section {
                heading,
                body,
                extra: extra.into(),
            }),
            0..3,
        ),
        (
            vec(reference(), 0..3),
            vec(reference(), 0..3),
            vec(reference(), 0..2),
            prop::option::of(reference()),
            extra(),
        ),
    )
        .prop_map(
            |(
                (id, title, date, purpose, summary),
                sections,
                (events, entities, sources, cite, extra),
            )| {
                // A citation in the summary, resolved like the other references.
                let summary = match cite {
                    Some(n) => format!("{summary} [@{n}]"),
                    None => summary,
                };
                Briefing {
                    id,
                    title,
                    date,
                    purpose,
                    summary,
                    sections,
                    events,
                    entities,
                    sources,
                    extra: extra.into(),
                }
            },
        )
}

/// The id a numeric reference stands for, or `None` when there is nothing to refer to.
fn pick(ids: &[String], reference: &str) -> Option<String> {
    let n: usize = reference.parse().unwrap();
    (!ids.is_empty()).then(|| ids[n % ids.len()].clone())
}

/// Makes ids unique and turns numeric references into existing ids.
fn resolve(mut d: Dossier) -> Dossier {
    fn ids<T, S: AsRef<str> + From<String>>(
        records: &mut [T],
        id: impl Fn(&mut T) -> &mut S,
    ) -> Vec<String> {
        records
            .iter_mut()
            .enumerate()
            .map(|(i, r)| {
                let id = id(r);
                let unique = unique(id.as_ref(), i);
                *id = unique.clone().into();
                unique
            })
            .collect()
    }
    let lanes = ids(&mut d.lanes, |r| &mut r.id);
    let entities = ids(&mut d.entities, |r| &mut r.id);
    let sources = ids(&mut d.sources, |r| &mut r.id);
    let events = ids(&mut d.events, |r| &mut r.id);
    ids(&mut d.periods, |r| &mut r.id);
    ids(&mut d.briefings, |r| &mut r.id);
    fn all<L, S>(list: &mut L, ids: &[String])
    where
        L: std::ops::Deref<Target = [S]> + FromIterator<S>,
        S: AsRef<str> + From<String>,
    {
        *list = list
            .iter()
            .filter_map(|r| pick(ids, r.as_ref()).map(S::from))
            .collect();
    }
    for event in &mut d.events {
        event.lane = pick(&lanes, &event.lane).unwrap().into();
        if entities.is_empty() {
            event.entities = Box::default();
        }
        for r in &mut event.entities {
            r.id = pick(&entities, &r.id).unwrap().into();
        }
        all(&mut event.sources, &sources);
        for figure in event.figures_mut() {
            let backed = std::iter::once(&mut figure.source)
                .chain(figure.values.iter_mut().map(|v| &mut v.source));
            for source in backed.filter(|s| !s.is_empty()) {
                *source = pick(&sources, source).unwrap_or_default();
            }
        }
        for quote in event.quotes_mut() {
            if !quote.speaker.is_empty() {
                quote.speaker = pick(&entities, &quote.speaker).unwrap_or_default();
            }
        }
    }
    for briefing in &mut d.briefings {
        all(&mut briefing.events, &events);
        all(&mut briefing.entities, &entities);
        all(&mut briefing.sources, &sources);
        if let Some(start) = briefing.summary.rfind(" [@") {
            let n = &briefing.summary[start + 3..briefing.summary.len() - 1];
            let cited = pick(&sources, n);
            briefing.summary.truncate(start);
            if let Some(cited) = cited {
                briefing.summary.push_str(&format!(" [@{cited}]"));
            }
        }
    }
    d
}

fn dossier() -> impl Strategy<Value = Dossier> {
    (
        (
            prop_oneof![
                Just(String::new()),
                Just("../assets/dossier-v1.schema.json".to_owned())
            ],
            label(),
            text(),
            prop_oneof![
                Just(String::new()),
                Just("en".to_owned()),
                Just("zh-Hans".to_owned())
            ],
            extra(),
        ),
        vec(lane(), 1..4),
        vec(entity(), 0..5),
        vec(source(), 0..4),
        vec(event(), 0..6),
        vec(period(), 0..3),
        vec(briefing(), 0..3),
    )
        .prop_map(
            |(
                (schema, title, description, language, extra),
                lanes,
                entities,
                sources,
                events,
                periods,
                briefings,
            )| {
                resolve(Dossier {
                    schema,
                    format: "dossier".to_owned(),
                    version: 1,
                    title,
                    description,
                    language,
                    lanes,
                    entities,
                    sources,
                    events: events.into_iter().map(Box::new).collect(),
                    periods,
                    briefings,
                    extra: extra.into(),
                })
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn save_then_load_gives_the_same_dossier(dossier in dossier()) {
        let json = dossier.to_json();
        let document = match load_bytes("prop.json", json.as_bytes()) {
            Ok(document) => document,
            Err(error) => panic!("{}\n--- saved as ---\n{json}", error.lines().join("\n")),
        };
        prop_assert_eq!(&document.dossier, &dossier);
        // Saving is deterministic: the same dossier, loaded or not, gives the same bytes.
        prop_assert_eq!(document.dossier.to_json(), json.clone());
        prop_assert_eq!(dossier.to_json(), json);
    }
}
