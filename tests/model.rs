//! The model without any UI: loading, validation, round trips, the default dossier.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use dossier::formats::{DEFAULT_DOSSIER_JSON, LoadError, load_bytes, load_file};
use dossier::model::{Dossier, FuzzyDate, Severity, date};
use serde_json::{Value, json};

const SMALL: &str = include_str!("fixtures/small.json");

fn small() -> Value {
    serde_json::from_str(SMALL).unwrap()
}

/// Loads a JSON value and returns the error lines (`PATH: message`), or `[]` if it loads.
fn errors_of(value: &Value) -> Vec<String> {
    match load_bytes("test.json", value.to_string().as_bytes()) {
        Ok(_) => Vec::new(),
        Err(LoadError::Invalid { problems, .. }) => problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect(),
        Err(other) => vec![other.to_string()],
    }
}

#[test]
fn round_trip_keeps_every_field_including_unknown_ones() {
    let document = load_bytes("small.json", SMALL.as_bytes()).unwrap();
    let saved = document.dossier.to_json();
    let reloaded = load_bytes("saved.json", saved.as_bytes()).unwrap();
    assert_eq!(reloaded.dossier, document.dossier);
    // Compared as JSON values: nothing added, nothing lost, unknown keys included.
    let original: Value = serde_json::from_str(SMALL).unwrap();
    let written: Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(written, original);
    assert_eq!(written["x-tool"], "kept at the top level");
    assert_eq!(
        written["events"][0]["x-custom"],
        json!({ "kept": [1, 2.5, true, null] })
    );
    assert_eq!(written["lanes"][1]["x-order"], 2);
}

#[test]
fn saving_a_saved_file_rewrites_the_same_bytes() {
    let first = load_bytes("small.json", SMALL.as_bytes())
        .unwrap()
        .dossier
        .to_json();
    let second = load_bytes("first.json", first.as_bytes())
        .unwrap()
        .dossier
        .to_json();
    assert_eq!(first, second);
    // Known keys first, in the documented order, then unknown keys in file order.
    let lane_keys: Vec<&str> = second
        .lines()
        .skip_while(|l| !l.contains("\"us\""))
        .take(4)
        .map(|l| l.trim().split(':').next().unwrap())
        .collect();
    assert_eq!(
        lane_keys,
        ["\"id\"", "\"label\"", "\"color\"", "\"x-order\""]
    );
}

#[test]
fn the_default_dossier_file_is_in_canonical_form() {
    // The shipped file is exactly what a save writes, so a save without edits is a no-op.
    let document = dossier::formats::default_dossier();
    assert_eq!(document.dossier.to_json(), DEFAULT_DOSSIER_JSON);
}

#[test]
fn default_dossier_carries_the_story() {
    let document = dossier::formats::default_dossier();
    let d = &document.dossier;
    assert!(
        !document
            .problems
            .iter()
            .any(|p| p.severity == Severity::Error),
        "{:?}",
        document.problems
    );
    assert!(d.lanes.len() >= 3);
    assert!(d.entities.len() >= 25);
    assert!(d.briefings.len() >= 2);
    let event = |id: &str| {
        let i = document
            .index
            .event(&document.dossier, id)
            .unwrap_or_else(|| panic!("no event {id}"));
        &d.events[i]
    };
    assert_eq!(event("us-ai-action-plan").start, "2025-07-23");
    let waic = event("waic-2025");
    assert_eq!(
        (waic.start.as_str(), waic.end().as_str()),
        ("2025-07-26", "2025-07-28")
    );
    let figures: Vec<String> = waic
        .figures()
        .iter()
        .map(|f| format!("{} {}", f.label, f.value))
        .collect();
    for value in ["800+", "3,000", "40", "50", "60", "30+"] {
        assert!(
            figures.iter().any(|f| f.contains(value)),
            "no figure {value} in {figures:?}"
        );
    }
    for country in ["russia", "germany", "qatar", "south-korea", "south-africa"] {
        assert!(
            waic.entities.iter().any(|r| r.id == country),
            "{country} missing at WAIC"
        );
    }
    assert_eq!(waic.role_of("elon-musk"), Some("absent"));
    let speech = event("li-qiang-proposes-waico");
    assert_eq!(speech.start, "2025-07-26");
    assert!(!speech.quotes().is_empty());
    assert!(speech.quotes().iter().all(|q| q.speaker == "li-qiang"));
    assert_eq!(
        event("china-global-ai-governance-action-plan").start,
        "2025-07-26"
    );
    for e in &d.events {
        assert!(!e.sources.is_empty(), "{} cites no source", e.id);
    }
    // The reported July 2026 founding agreement has no usable source: it is left out.
    assert!(
        !d.events.iter().any(|e| e.start.starts_with("2026-07")),
        "an unsourced founding-agreement event is back"
    );
    for alias in [
        "李强",
        "习近平",
        "上海",
        "华为",
        "阿里巴巴",
        "宇树科技",
        "世界人工智能合作组织",
    ] {
        assert!(
            d.entities
                .iter()
                .any(|e| e.aliases.iter().any(|a| a == alias)),
            "no entity has the alias {alias}"
        );
    }
}

/// True for an address that names a page, not just a site: something after the host.
fn is_article_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or("");
    rest.split_once('/')
        .is_some_and(|(host, path)| host.contains('.') && !path.trim_matches('/').is_empty())
}

#[test]
fn default_dossier_sources_and_events_are_graded_and_traceable() {
    use dossier::model::evidence::{Reliability, credibility_meaning};
    assert!(is_article_address("https://tass.com/economy/2038507"));
    assert!(!is_article_address("https://www.nbcsandiego.com/"));
    assert!(!is_article_address("https://particle.news"));
    let document = dossier::formats::default_dossier();
    let d = &document.dossier;
    for source in &d.sources {
        assert!(
            source.url.is_empty() || is_article_address(&source.url),
            "{}: \"{}\" is not an article's address",
            source.id,
            source.url
        );
        assert!(
            Reliability::parse(&source.reliability).is_some(),
            "{} has no grade",
            source.id
        );
        for suffix in ["(report)", "(news story page)"] {
            assert!(
                !source.title.contains(suffix),
                "{}: {}",
                source.id,
                source.title
            );
        }
    }
    for event in &d.events {
        assert!(!event.sources.is_empty(), "{} cites no source", event.id);
        assert!(
            event.credibility.and_then(credibility_meaning).is_some(),
            "{} has no credibility",
            event.id
        );
    }
    let warnings: Vec<String> = document.problems.iter().map(ToString::to_string).collect();
    assert!(
        !warnings
            .iter()
            .any(|w| w.contains("grade") || w.contains("single source")),
        "{warnings:?}"
    );
}

#[test]
fn default_dossier_holds_the_corrections_of_the_fact_check() {
    let document = dossier::formats::default_dossier();
    let d = &document.dossier;
    let event = |id: &str| {
        &d.events[document
            .index
            .event(&document.dossier, id)
            .unwrap_or_else(|| panic!("no event {id}"))]
    };
    let source = |id: &str| &d.sources[document.index.source(id).unwrap()];
    // The UN launch cites the 25 September release; SG/SM/22776 belongs to 26 August.
    let launch = event("un-global-dialogue-launch");
    assert!(!launch.sources.iter().any(|s| s == "un-sgsm22776"));
    assert_eq!(source(&launch.sources[0]).published, "2025-09-25");
    assert!(
        event("un-ga-ai-panel-and-dialogue")
            .sources
            .iter()
            .any(|s| s == "un-sgsm22776")
    );
    // The plan's title follows its cover.
    assert!(
        event("us-ai-action-plan")
            .title
            .contains("Winning the Race")
    );
    // Quotes hold only the words quoted, with the words as the source gives them.
    let speech = event("li-qiang-proposes-waico");
    assert!(speech.quotes().iter().any(|q| q.text
        == "an exclusive game for a few countries and companies"
        && q.original.contains("jeu exclusif")
        && q.language == "fr"));
    assert!(
        !speech
            .quotes()
            .iter()
            .any(|q| q.text.starts_with("AI must not"))
    );
    // Attendance is a contested figure, each value with the outlet giving it.
    let waic = event("waic-2025");
    let countries = waic
        .figures()
        .iter()
        .find(|f| f.label == "countries represented")
        .unwrap();
    assert!(
        countries
            .values
            .iter()
            .any(|v| v.value.starts_with("30+") && v.source == "econotimes-waico")
    );
    assert!(
        countries
            .values
            .iter()
            .any(|v| v.value.starts_with("40+") && !v.source.is_empty())
    );
    // Five events added, each with its source.
    for id in [
        "eu-gpai-code-of-practice",
        "ma-zhaoxu-roundtable",
        "eu-gpai-obligations-apply",
        "us-h20-licences-issued",
        "busan-trump-xi",
    ] {
        assert!(!event(id).sources.is_empty(), "{id}");
    }
    assert_eq!(event("busan-trump-xi").start, "2025-10-30");
    // Home pages are gone; no user-facing text speaks of "the seed article".
    assert!(source("cointribune").url.is_empty());
    assert!(!DEFAULT_DOSSIER_JSON.to_lowercase().contains("seed article"));
    assert!(!DEFAULT_DOSSIER_JSON.contains("first comprehensive"));
    let white_house = &d.entities[document.index.entity("white-house").unwrap()];
    assert!(!white_house.aliases.iter().any(|a| a == "OSTP"));
    let alphabet = &d.entities[document.index.entity("alphabet").unwrap()];
    assert!(!alphabet.aliases.iter().any(|a| a == "Google"));
}

#[test]
fn grades_are_checked_where_they_are() {
    let mut value = small();
    value["sources"][0]["reliability"] = json!("G");
    value["sources"][0]["accessed"] = json!("2025-02-30");
    value["events"][0]["credibility"] = json!(7);
    value["events"][0]["figures"] =
        json!([{ "label": "n", "value": "1", "values": [{ "value": "2", "source": "nowhere" }] }]);
    let errors = errors_of(&value);
    for expected in [
        "sources[0].reliability: reliability \"G\" is not an Admiralty grade",
        "sources[0].accessed: ",
        "events[0].credibility: credibility 7 is outside 1–6",
        "events[0].figures[0].values[0].source: unknown source \"nowhere\"",
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "{expected} not in {errors:?}"
        );
    }
    // Words where a number belongs are a type error at their line and column.
    let mut value = small();
    value["events"][0]["credibility"] = json!("high");
    let text = serde_json::to_string_pretty(&value).unwrap();
    let error = load_bytes("t.json", text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("t.json:") && error.contains("credibility"),
        "{error}"
    );
}

#[test]
fn single_source_core_events_and_ungraded_sources_are_warnings() {
    let mut value = small();
    value["events"][0]["importance"] = json!(5);
    value["events"][0]["sources"] = json!([value["sources"][0]["id"].clone()]);
    value["sources"][0]
        .as_object_mut()
        .unwrap()
        .remove("reliability");
    let document = load_bytes("w.json", value.to_string().as_bytes()).unwrap();
    let warnings: Vec<String> = document.problems.iter().map(ToString::to_string).collect();
    assert!(
        warnings.contains(
            &"warning: events[0].sources: core event (importance 5) rests on a single source"
                .to_owned()
        ),
        "{warnings:?}"
    );
    assert!(
        warnings.contains(
            &"warning: sources[0].reliability: source has no reliability grade (A–F)".to_owned()
        ),
        "{warnings:?}"
    );
    // Graded and backed by two sources, the same event raises neither.
    value["sources"][0]["reliability"] = json!("B");
    let second = json!({ "id": "second", "title": "Another report", "reliability": "C" });
    value["sources"].as_array_mut().unwrap().push(second);
    value["events"][0]["sources"]
        .as_array_mut()
        .unwrap()
        .push(json!("second"));
    let document = load_bytes("w.json", value.to_string().as_bytes()).unwrap();
    let warnings: Vec<String> = document.problems.iter().map(ToString::to_string).collect();
    assert!(
        !warnings
            .iter()
            .any(|w| w.contains("single source") || w.contains("grade")),
        "{warnings:?}"
    );
}

#[test]
fn index_orders_events_and_lists_them_per_lane_and_entity() {
    let document = dossier::formats::default_dossier();
    let index = &document.index;
    let events = &document.dossier.events;
    let starts: Vec<i64> = index
        .chronological()
        .iter()
        .map(|i| index.event_secs(i).unwrap().0)
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(index.chronological().len(), events.len());
    let li = index.entity("li-qiang").unwrap();
    let li_events: Vec<&str> = index
        .entity_events(li)
        .iter()
        .map(|i| events[i].id.as_str())
        .collect();
    assert!(
        li_events.contains(&"li-qiang-proposes-waico"),
        "{li_events:?}"
    );
    let china = index.lane("china").unwrap();
    assert!(
        index
            .lane_events(china)
            .iter()
            .all(|i| events[i].lane == "china")
    );
    let waic = index.event(&document.dossier, "waic-2025").unwrap();
    let span = events[waic].span().unwrap();
    assert_eq!(
        index.event_secs(waic),
        Some((span.start_secs, span.end_secs))
    );
    assert_eq!(span.end_secs - span.start_secs, 3 * 86_400);
    assert_eq!(span.long(), "26–28 July 2025");
}

#[test]
fn syntax_errors_give_line_and_column() {
    let text = "{\n  \"format\": \"dossier\",\n  \"title\": \"x\",,\n}";
    let Err(LoadError::Syntax(error)) = load_bytes("bad.json", text.as_bytes()) else {
        panic!("expected a syntax error");
    };
    assert_eq!((error.line, error.column), (3, 16));
    assert!(error.to_string().starts_with("bad.json:3:16: "), "{error}");
}

#[test]
fn type_errors_give_position_and_json_path() {
    let mut value = small();
    value["events"][1]["title"] = json!(5);
    let text = serde_json::to_string_pretty(&value).unwrap();
    let Err(LoadError::Syntax(error)) = load_bytes("typed.json", text.as_bytes()) else {
        panic!("expected a type error");
    };
    assert_eq!(error.path, "events[1].title");
    assert!(error.line > 1);
    let message = error.to_string();
    assert!(
        message.contains("events[1].title: invalid type: integer `5`, expected a string"),
        "{message}"
    );
}

#[test]
fn unknown_kind_and_duplicate_keys_are_type_errors() {
    let mut value = small();
    value["entities"][0]["kind"] = json!("planet");
    let message = load_bytes("k.json", value.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("entities[0].kind: unknown variant `planet`"),
        "{message}"
    );

    let text = SMALL.replacen(
        "\"title\": \"Small test dossier\",",
        "\"title\": \"a\", \"title\": \"b\",",
        1,
    );
    let message = load_bytes("d.json", text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(message.contains("duplicate field `title`"), "{message}");
}

#[test]
fn whole_file_problems_are_named() {
    for (bytes, expected) in [
        (&b""[..], "test.json: the file is empty"),
        (&b"  \n"[..], "test.json: the file is empty"),
        (
            &b"\xFF\xFE{\x00}\x00"[..],
            "test.json: the file is UTF-16 encoded",
        ),
        (
            &b"[1, 2]"[..],
            "test.json:1:1: invalid type: sequence, expected an object (Dossier): a dossier file is a JSON object",
        ),
    ] {
        let message = load_bytes("test.json", bytes).unwrap_err().to_string();
        assert!(message.starts_with(expected), "{message}");
    }
    // A UTF-8 byte-order mark is tolerated.
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), SMALL.as_bytes()].concat();
    assert!(load_bytes("bom.json", &with_bom).is_ok());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = format!("{{\"x\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let message = load_bytes("deep.json", text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(message.contains("nesting too deep"), "{message}");
}

#[test]
fn semantic_errors_are_all_collected_with_paths() {
    let mut value = small();
    value["events"][0]["lane"] = json!("mars");
    value["events"][0]["entities"][1]["id"] = json!("li-qiang-typo");
    value["events"][1]["end"] = json!("2025-07-01");
    value["events"][1]["id"] = json!("waic");
    value["events"][1]["sources"] = json!(["nowhere"]);
    value["events"][1]["importance"] = json!(9);
    value["lanes"][0]["color"] = json!("red");
    value["briefings"][0]["events"] = json!(["waic", "ghost"]);
    value["briefings"][0]["summary"] = json!("As said [@nowhere].");
    value["entities"][1]["name"] = json!("  ");
    value["title"] = json!("");
    value["version"] = json!(2);
    let errors = errors_of(&value);
    for expected in [
        "version: unsupported format version 2 (this version of Dossier reads version 1)",
        "title: title is missing or empty",
        "events[1].id: duplicate event id \"waic\" (first used by events[0])",
        "lanes[0].color: malformed colour \"red\": expected #RRGGBB",
        "entities[1].name: name is missing or empty",
        "events[0].lane: unknown lane \"mars\"",
        "events[0].entities[1].id: unknown entity \"li-qiang-typo\"",
        "events[1].end: end \"2025-07-01\" is before start \"2025-07-23\"",
        "events[1].sources[0]: unknown source \"nowhere\"",
        "events[1].importance: importance 9 is outside 1–5",
        "briefings[0].summary: cites unknown source \"[@nowhere]\"",
        "briefings[0].events[1]: unknown event \"ghost\"",
    ] {
        assert!(
            errors.iter().any(|e| e == expected),
            "missing {expected:?} in {errors:#?}"
        );
    }
}

#[test]
fn malformed_dates_and_ids_are_errors() {
    let mut value = small();
    value["events"][0]["start"] = json!("26/07/2025");
    value["events"][1]["id"] = json!("has space");
    value["sources"][0]["published"] = json!("2025-13");
    let errors = errors_of(&value);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("events[0].start: malformed date \"26/07/2025\"")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("events[1].id: malformed event id \"has space\"")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e
                == "sources[0].published: impossible date \"2025-13\": month 13 does not exist"),
        "{errors:#?}"
    );
}

#[test]
fn missing_sources_are_warnings_and_the_file_still_opens() {
    let mut value = small();
    value["events"][1]["sources"] = json!([]);
    let document = load_bytes("w.json", value.to_string().as_bytes()).unwrap();
    let warnings: Vec<String> = document.problems.iter().map(ToString::to_string).collect();
    assert!(
        warnings.contains(&"warning: events[1].sources: event cites no source".to_owned()),
        "{warnings:?}"
    );
}

#[test]
fn a_new_dossier_is_valid_and_loads_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.json");
    std::fs::write(&path, Dossier::new("Fresh").to_json()).unwrap();
    let document = load_file(&path).unwrap();
    assert_eq!(document.dossier.title, "Fresh");
    let missing = load_file(&dir.path().join("absent.json"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("absent.json"), "{missing}");
}

#[test]
fn deep_time_years_parse_and_order() {
    let big_bang = FuzzyDate::parse("-13800000000").unwrap();
    assert_eq!(big_bang.year, -13_800_000_000);
    assert_eq!(big_bang.to_string(), "-13800000000");
    assert_eq!(big_bang.long(), "13,800,000,001 BCE");
    let dinosaurs = FuzzyDate::parse("-66000000~").unwrap();
    assert!(big_bang.end_secs_exclusive() < dinosaurs.start_secs());
    assert!(dinosaurs.end_secs_exclusive() < FuzzyDate::parse("-0043").unwrap().start_secs());
    // A year is a year long even 13.8 billion years ago (a leap year: divisible by 400).
    assert_eq!(
        big_bang.end_secs_exclusive() - big_bang.start_secs(),
        366 * 86_400
    );
    assert_eq!(
        FuzzyDate::parse("99999999999").unwrap().year,
        date::MAX_YEAR
    );
    assert!(matches!(
        FuzzyDate::parse("100000000000").unwrap_err(),
        date::DateError::YearDigits(_)
    ));
    assert_eq!(date::display_year(2025), "2025");
    assert_eq!(date::display_year(12_000), "12,000");
}

/// The index's time order and its lists per lane and per entity, against the plain
/// reading of the records: events with a valid date, by start, end and position, each
/// once per list. A large dossier, so that the index is built on its threads, with the
/// unusual cases written in: bad dates, unknown lanes and entities, an entity named twice.
#[test]
fn index_lists_are_the_records_in_time_order_at_scale() {
    use dossier::model::generate::{GenerateOptions, generate};
    use dossier::model::{Document, EntityRef};

    let mut dossier = generate(GenerateOptions {
        events: 60_000,
        seed: 7,
    });
    for (i, event) in dossier.events.iter_mut().enumerate() {
        match i % 97 {
            0 => event.start = "not a date".into(),
            1 => event.lane = "no-such-lane".into(),
            2 => {
                let mut actors = event.entities.to_vec();
                actors.push(EntityRef {
                    id: "no-such-entity".into(),
                    ..EntityRef::default()
                });
                event.entities = actors.into();
            }
            3 => {
                let mut actors = event.entities.to_vec();
                actors.push(actors[0].clone());
                event.entities = actors.into();
            }
            _ => {}
        }
    }
    // The start of the event before, as a single date: the end, then the position, decide.
    for i in (4..dossier.events.len()).step_by(97) {
        dossier.events[i].start = dossier.events[i - 1].start.clone();
        dossier.events[i].end_mut().clear();
    }
    let document = Document::new(dossier);
    let (index, events) = (&document.index, &document.dossier.events);

    let mut dated: Vec<(i64, i64, usize)> = (0..events.len())
        .filter_map(|i| index.event_secs(i).map(|(s, e)| (s, e, i)))
        .collect();
    dated.sort_unstable();
    let chronological: Vec<usize> = dated.iter().map(|&(.., i)| i).collect();
    assert_eq!(index.chronological().to_vec(), chronological);
    assert!(chronological.len() < events.len(), "some dates are bad");

    for (lane, record) in document.dossier.lanes.iter().enumerate() {
        let expected: Vec<usize> = chronological
            .iter()
            .copied()
            .filter(|&i| events[i].lane == record.id.as_str())
            .collect();
        assert_eq!(
            index.lane_events(lane).to_vec(),
            expected,
            "lane {}",
            record.id
        );
    }
    // Each entity's events, from the records, in time order.
    let mut expected = std::collections::HashMap::<&str, Vec<usize>>::new();
    let mut named_twice = 0;
    for &i in &chronological {
        let mut named: Vec<&str> = events[i].entities.iter().map(|r| r.id.as_str()).collect();
        let count = named.len();
        named.sort_unstable();
        named.dedup();
        named_twice += usize::from(named.len() < count);
        for id in named {
            expected.entry(id).or_default().push(i);
        }
    }
    for (entity, record) in document.dossier.entities.iter().enumerate() {
        let expected = expected.remove(record.id.as_str()).unwrap_or_default();
        assert_eq!(
            index.entity_events(entity).to_vec(),
            expected,
            "entity {}",
            record.id
        );
    }
    assert!(named_twice > 0, "the case of an entity named twice is met");
}

/// Validation counts the uses of entities and sources as it checks the references: the
/// counts must be those of counting every record apart, on one thread and on two.
#[test]
fn validation_counts_every_use_it_checks() {
    use dossier::model::dataset::{FigureValue, KeyFigure, Quote};
    use dossier::model::generate::{GenerateOptions, generate};
    use dossier::model::index::Index;
    use dossier::model::usage::Usage;
    use dossier::model::validate::validate_with_usage;

    let builtin = load_bytes("builtin.json", DEFAULT_DOSSIER_JSON.as_bytes()).unwrap();
    let mut large = generate(GenerateOptions {
        events: 51_000, // above the size validated on two threads
        seed: 11,
    });
    let (entity, source) = (large.entities[3].id.clone(), large.sources[5].id.clone());
    for (i, event) in large.events.iter_mut().enumerate() {
        match i % 89 {
            0 => event.sources.push("no-such-source".into()),
            1 => event.quotes_mut().push(Quote {
                text: "Words.".into(),
                speaker: entity.clone(),
                ..Quote::default()
            }),
            2 => event.figures_mut().push(KeyFigure {
                label: "Count".into(),
                value: "3".into(),
                source: source.to_string(),
                values: vec![FigureValue {
                    value: "4".into(),
                    source: source.to_string(),
                    ..FigureValue::default()
                }],
                ..KeyFigure::default()
            }),
            3 => event.sources.push(event.sources[0].clone()),
            _ => {}
        }
    }
    for dossier in [builtin.dossier, large] {
        let index = Index::build(&dossier);
        let (_, counted) = validate_with_usage(&dossier, &index);
        let expected = Usage::of(&dossier, &index);
        assert_eq!(counted, expected, "{}", dossier.title);
        assert!(expected.entity_mentions.iter().any(|&n| n > 1));
        assert!(expected.source_citations.iter().any(|&n| n > 1));
    }
}

/// The index says when every event has an id of its own, which lets validation skip a
/// million lookups; a shared id must turn it off, and taking the twin away on again.
#[test]
fn the_index_knows_whether_event_ids_are_distinct() {
    use dossier::model::index::Index;

    let document = load_bytes("small.json", SMALL.as_bytes()).unwrap();
    let mut dossier = document.dossier;
    assert!(Index::build(&dossier).event_ids_are_distinct());

    let twin = dossier.events[0].clone();
    dossier.events.push(twin);
    let mut index = Index::build(&dossier);
    assert!(!index.event_ids_are_distinct());

    let last = dossier.events.len() - 1;
    let removed = dossier.events.remove(last);
    index.event_removed(last, &removed);
    assert!(index.event_ids_are_distinct());
    assert_eq!(index, Index::build(&dossier));

    // Renaming an event to the id of another makes a twin.
    let old = (*dossier.events[1]).clone();
    dossier.events[1].id = dossier.events[0].id.clone();
    index.event_replaced(&dossier, 1, &old);
    assert!(!index.event_ids_are_distinct());
}
