//! Other formats: TimelineJS import (JSON and the spreadsheet CSV) and export, the events
//! CSV, iCalendar and whole-dossier Markdown, through the library and the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use std::path::Path;
use std::process::{Command, Output};

use dossier::formats::timelinejs::{
    self, detect_format, html_to_text, import_csv, import_json, to_timelinejs_json,
};
use dossier::formats::{self, LoadError, load_bytes, load_file};
use dossier::model::{Document, Dossier, Event, FuzzyDate, Severity, SourceFormat};
use serde_json::{Value, json};

const TIMELINE_JSON: &str = include_str!("fixtures/timelinejs/keeping-time.json");
const TIMELINE_CSV: &str = include_str!("fixtures/timelinejs/keeping-time-sheet.csv");
const JSON_PATH: &str = "tests/fixtures/timelinejs/keeping-time.json";
const CSV_PATH: &str = "tests/fixtures/timelinejs/keeping-time-sheet.csv";

fn imported_json() -> Document {
    import_json("keeping-time.json", TIMELINE_JSON.as_bytes()).unwrap()
}

fn imported_csv() -> Document {
    import_csv("keeping-time-sheet.csv", TIMELINE_CSV.as_bytes()).unwrap()
}

fn event<'a>(document: &'a Document, id: &str) -> &'a Event {
    let i = document
        .index
        .event(&document.dossier, id)
        .unwrap_or_else(|| panic!("no event {id}"));
    &document.dossier.events[i]
}

fn lane_label<'a>(document: &'a Document, event: &Event) -> &'a str {
    &document.dossier.lanes[document.index.lane(&event.lane).unwrap()].label
}

/// Every problem as `severity: path: message`.
fn problems(document: &Document) -> Vec<String> {
    document.problems.iter().map(ToString::to_string).collect()
}

fn has_problem(document: &Document, expected: &str) -> bool {
    problems(document).iter().any(|p| p == expected)
}

fn errors_of(result: Result<Document, LoadError>) -> Vec<String> {
    match result {
        Ok(document) => panic!("expected errors, got {:?}", problems(&document)),
        Err(LoadError::Invalid { problems, .. }) => problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect(),
        Err(other) => vec![other.to_string()],
    }
}

// ---------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------

/// The built-in dossier with an event known only roughly (month, approximate, uncertain),
/// as the exports must write such dates: the built-in dossier itself has none.
fn with_rough_event() -> Document {
    let mut d = dossier::formats::default_dossier().dossier;
    d.events.push(Box::new(Event {
        id: "rough-report".into(),
        title: "A report known only roughly".into(),
        start: "2026-07~".into(),
        lane: "multilateral".into(),
        sources: ["tass-apec-waico".into()].into(),
        certainty: Some(dossier::model::Certainty::Uncertain),
        credibility: Some(6),
        importance: Some(2),
        ..Event::default()
    }));
    Document::new(d)
}

#[test]
fn formats_are_detected_from_content_not_names() {
    assert_eq!(
        detect_format(TIMELINE_JSON.as_bytes()),
        SourceFormat::TimelineJsJson
    );
    assert_eq!(
        detect_format(TIMELINE_CSV.as_bytes()),
        SourceFormat::TimelineJsCsv
    );
    let small = include_str!("fixtures/small.json");
    assert_eq!(detect_format(small.as_bytes()), SourceFormat::Dossier);
    assert_eq!(
        detect_format(dossier::formats::DEFAULT_DOSSIER_JSON.as_bytes()),
        SourceFormat::Dossier
    );
    for (text, expected) in [
        // Events with start_date, even before a title and without one.
        (
            r#"{"events": [{"start_date": {"year": 2025}}]}"#,
            SourceFormat::TimelineJsJson,
        ),
        // A title slide alone.
        (
            r#"{"title": {"text": {"headline": "x"}}, "events": []}"#,
            SourceFormat::TimelineJsJson,
        ),
        // A Dossier key wins, wherever it is.
        (
            r#"{"events": [{"start_date": {}}], "lanes": []}"#,
            SourceFormat::Dossier,
        ),
        (
            r#"{"title": {"text": "x"}, "format": "dossier"}"#,
            SourceFormat::Dossier,
        ),
        // Dossier events have `start`, not `start_date`.
        (
            r#"{"title": "x", "events": [{"start": "2025"}]}"#,
            SourceFormat::Dossier,
        ),
        // Broken JSON without a TimelineJS sign stays on the Dossier path (its errors).
        (r#"{"title": "x",, }"#, SourceFormat::Dossier),
        // A TimelineJS sign before a syntax error: imported, so the error is located.
        (
            r#"{"title": {"text": {}}, "events": [,]}"#,
            SourceFormat::TimelineJsJson,
        ),
        ("[1, 2]", SourceFormat::Dossier),
        ("", SourceFormat::Dossier),
        (
            "Year;Month;Day;Headline\n2025;7;1;x\n",
            SourceFormat::TimelineJsCsv,
        ),
        (
            "\u{FEFF}\"Year\",\"Headline\"\r\n",
            SourceFormat::TimelineJsCsv,
        ),
        ("id,start,title\nx,2025,y\n", SourceFormat::Dossier),
        ("just some text", SourceFormat::Dossier),
    ] {
        assert_eq!(detect_format(text.as_bytes()), expected, "{text}");
    }
}

#[test]
fn load_file_dispatches_on_content_and_says_what_it_read() {
    let json = load_file(Path::new(JSON_PATH)).unwrap();
    assert_eq!(json.source_format, SourceFormat::TimelineJsJson);
    assert_eq!(json.dossier.events.len(), 11);
    let csv = load_file(Path::new(CSV_PATH)).unwrap();
    assert_eq!(csv.source_format, SourceFormat::TimelineJsCsv);
    assert_eq!(csv.dossier.events.len(), 6);
    // A TimelineJS file named .txt is still recognised.
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("timeline.txt");
    std::fs::write(&renamed, TIMELINE_JSON).unwrap();
    assert_eq!(
        load_file(&renamed).unwrap().source_format,
        SourceFormat::TimelineJsJson
    );
    let default = dossier::formats::default_dossier();
    assert_eq!(default.source_format, SourceFormat::Dossier);
    // The imported dossier is a valid Dossier file of the current format.
    let saved = json.dossier.to_json();
    let reloaded = load_bytes("saved.json", saved.as_bytes()).unwrap();
    assert_eq!(reloaded.source_format, SourceFormat::Dossier);
    assert_eq!(reloaded.dossier, json.dossier);
}

// ---------------------------------------------------------------------------------------
// TimelineJS JSON import
// ---------------------------------------------------------------------------------------

#[test]
fn json_title_slide_becomes_title_and_description() {
    let document = imported_json();
    let d = &document.dossier;
    assert_eq!(d.format, "dossier");
    assert_eq!(d.version, 1);
    assert_eq!(d.title, "Keeping time: from Caesar to the leap second");
    assert_eq!(
        d.description,
        "How calendars & clocks came to be agreed.\n\n\
         Background reading: Calendar (https://en.wikipedia.org/wiki/Calendar) on Wikipedia."
    );
    // The title slide's media and background are kept for the export.
    assert_eq!(
        d.extra[timelinejs::TITLE_SLIDE_KEY]["background"],
        json!({ "color": "#1a1a2e" })
    );
    assert_eq!(
        d.extra[timelinejs::TITLE_SLIDE_KEY]["media"]["credit"],
        "Wikimedia Commons"
    );
    assert_eq!(d.extra["scale"], "human");
}

#[test]
fn json_dates_keep_their_precision_and_bce_years() {
    let document = imported_json();
    let start = |id: &str| event(&document, id).start.as_str();
    // TimelineJS -45 is 45 BCE, astronomical -44.
    assert_eq!(start("julian-calendar"), "-0044-01-01");
    // -44 March 15 is 15 March 44 BCE.
    assert_eq!(start("ides-of-march"), "-0043-03-15");
    let ides = FuzzyDate::parse(start("ides-of-march")).unwrap();
    assert_eq!(ides.long(), "15 March 44 BCE");
    // Year only stays a year.
    assert_eq!(start("event-3"), "-0007");
    assert_eq!(start("event-11"), "2035");
    // Hours and minutes, seconds (the milliseconds are dropped).
    assert_eq!(start("six-pips"), "1924-02-05T21:30");
    assert_eq!(start("first-leap-second"), "1972-06-30T23:59:59");
    assert_eq!(
        event(&document, "first-leap-second").extra()["start_date"],
        json!({ "millisecond": 500 })
    );
    // Ranges.
    let nicaea = event(&document, "nicaea");
    assert_eq!(
        (nicaea.start.as_str(), nicaea.end().as_str()),
        ("0325-05-20", "0325-07-25")
    );
    let reform = event(&document, "gregorian-reform");
    assert_eq!(
        (reform.start.as_str(), reform.end().as_str()),
        ("1582-10-04", "1582-10-15")
    );
    // display_date is kept for the export.
    assert_eq!(
        event(&document, "ides-of-march").extra()["display_date"],
        "The Ides of March, 44 BCE"
    );
}

#[test]
fn json_text_html_becomes_readable_plain_text() {
    let document = imported_json();
    assert_eq!(
        &*event(&document, "ides-of-march").summary,
        "Caesar's death does not undo his calendar.\n\
         Its priests misapply it — a leap year every third year."
    );
    assert_eq!(
        &*event(&document, "gregorian-reform").summary,
        "Ten days are skipped: Thursday 4 October is followed by Friday 15 October.\n\n\
         See Inter gravissimas (https://en.wikipedia.org/wiki/Inter_gravissimas), the papal bull."
    );
    assert_eq!(
        &*event(&document, "julian-calendar").summary,
        "Rome adopts a solar year of 365 days with a leap day every fourth year."
    );
    assert_eq!(
        &*event(&document, "nicaea").summary,
        "Sets the rule for the date of Easter & ties it to the spring equinox."
    );
    assert_eq!(
        &*event(&document, "gregorian-reform").title,
        "The Gregorian reform"
    );
}

#[test]
fn html_conversion_handles_links_entities_breaks_and_lists() {
    let plain = html_to_text(
        "<p>One &amp; two &lt;three&gt; &quot;four&quot; &#39;five&#39; &#x263A; &eacute;&nbsp;six</p>\
         <p>A <a href='https://example.com/a?b=1&amp;c=2'>link</a>, \
         <a href=\"https://example.com/\">https://example.com/</a> and <a href=\"#top\">top</a>.<br/>\
         Next line</p><ul><li>first</li><li>second <b>bold</b></li></ul>\
         <script>alert('no')</script><!-- a comment -->Done &unknown; 5 < 6",
    );
    assert_eq!(
        plain.text,
        "One & two <three> \"four\" 'five' ☺ é six\n\n\
         A link (https://example.com/a?b=1&c=2), https://example.com/ and top.\n\
         Next line\n\n\
         - first\n\
         - second bold\n\n\
         Done &unknown; 5 < 6"
    );
    assert_eq!(plain.removed, ["b", "script"]);
    // Plain text (no tag at all) keeps its line breaks.
    let plain = html_to_text("Line one,\nline two &amp; more\r\n\r\nParagraph");
    assert_eq!(plain.text, "Line one,\nline two & more\n\nParagraph");
    assert!(plain.removed.is_empty());
}

#[test]
fn json_groups_become_lanes_and_ungrouped_events_get_one() {
    let document = imported_json();
    let lanes: Vec<(&str, &str)> = document
        .dossier
        .lanes
        .iter()
        .map(|l| (l.id.as_str(), l.label.as_str()))
        .collect();
    assert_eq!(
        lanes,
        [
            ("rome", "Rome"),
            ("church", "Church"),
            ("britain", "Britain"),
            ("main", "Events"),
            ("science", "Science"),
        ]
    );
    assert_eq!(event(&document, "ides-of-march").lane, "rome");
    assert_eq!(event(&document, "event-8").lane, "main");
    assert_eq!(event(&document, "six-pips").lane, "britain");
}

#[test]
fn json_media_become_deduplicated_sources() {
    let document = imported_json();
    let d = &document.dossier;
    let sources: Vec<(&str, &str, &str, &str)> = d
        .sources
        .iter()
        .map(|s| (s.id.as_str(), &*s.title, s.publisher.as_str(), &*s.url))
        .collect();
    assert_eq!(
        sources,
        [
            (
                "wikipedia",
                "Julian calendar",
                "Wikipedia",
                "https://en.wikipedia.org/wiki/Julian_calendar"
            ),
            (
                "wikimedia-commons",
                "The papal bull Inter gravissimas",
                "Wikimedia Commons",
                "https://upload.wikimedia.org/wikipedia/commons/2/24/Inter_gravissimas.jpg"
            ),
            (
                "iers",
                "IERS",
                "IERS",
                "https://www.iers.org/IERS/EN/Science/EarthRotation/UTC.html"
            ),
        ]
    );
    // The same url and credit in two events is one source.
    assert_eq!(
        event(&document, "julian-calendar").sources[..],
        ["wikipedia"]
    );
    assert_eq!(
        event(&document, "railway-time-1847").sources[..],
        ["wikipedia"]
    );
    // What a source cannot hold stays with the event.
    assert_eq!(
        event(&document, "gregorian-reform").extra()["media"],
        json!({
            "thumbnail": "https://upload.wikimedia.org/wikipedia/commons/thumb/2/24/Inter_gravissimas.jpg/120px-Inter_gravissimas.jpg",
            "alt": "First page of the bull"
        })
    );
}

#[test]
fn json_ids_come_from_unique_id_or_are_generated() {
    let document = imported_json();
    let ids: Vec<&str> = document
        .dossier
        .events
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "julian-calendar",
            "ides-of-march",
            "event-3",
            "nicaea",
            "gregorian-reform",
            "event-6",
            "railway-time-1847",
            "event-8",
            "six-pips",
            "first-leap-second",
            "event-11",
        ]
    );
    for expected in [
        "warning: events[2].unique_id: no unique_id: generated id \"event-3\"",
        "warning: events[5].unique_id: duplicate unique_id \"nicaea\" (first used by events[3]); generated id \"event-6\"",
        "warning: events[6].unique_id: unique_id \"Railway Time 1847\" is not a valid Dossier id (letters, digits, '-', '_', '.', ':'); using \"railway-time-1847\"",
    ] {
        assert!(
            has_problem(&document, expected),
            "missing {expected:?} in {:#?}",
            problems(&document)
        );
    }
}

#[test]
fn json_eras_become_periods() {
    let document = imported_json();
    let periods: Vec<(&str, &str, &str, &str, &str)> = document
        .dossier
        .periods
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                p.label.as_str(),
                p.start.as_str(),
                p.end.as_str(),
                p.description.as_str(),
            )
        })
        .collect();
    assert_eq!(
        periods,
        [
            ("roman-republic", "Roman Republic", "-0508", "-0026", ""),
            (
                "julian-calendar-in-the-west",
                "Julian calendar in the West",
                "-0044-01-01",
                "1582-10-04",
                "From Caesar's reform to Gregory's."
            ),
        ]
    );
}

#[test]
fn json_import_lists_what_it_kept_as_warnings_with_paths() {
    let document = imported_json();
    assert!(
        !document
            .problems
            .iter()
            .any(|p| p.severity == Severity::Error)
    );
    for expected in [
        "warning: title.text.headline: HTML formatting removed: <i> (Dossier text is plain)",
        "warning: title.background: no Dossier equivalent; kept as an extra field",
        "warning: scale: no Dossier equivalent; kept as an extra field",
        "warning: events[1].display_date: display date \"The Ides of March, 44 BCE\" kept as an extra field (Dossier writes dates itself)",
        "warning: events[1].text.text: HTML formatting removed: <b>, <i> (Dossier text is plain)",
        "warning: events[4].text.text: HTML formatting removed: <img> (Dossier text is plain)",
        "warning: events[4].media.thumbnail: no Dossier equivalent; kept as an extra field",
        "warning: events[4].media.alt: no Dossier equivalent; kept as an extra field",
        "warning: events[7].background: no Dossier equivalent; kept as an extra field",
        "warning: events[7].autolink: no Dossier equivalent; kept as an extra field",
        "warning: events[7].x-editor-note: no Dossier equivalent; kept as an extra field",
        "warning: events[9].start_date.millisecond: 500 milliseconds dropped: Dossier dates stop at seconds (kept as an extra field)",
    ] {
        assert!(
            has_problem(&document, expected),
            "missing {expected:?} in {:#?}",
            problems(&document)
        );
    }
    let meridian = event(&document, "event-8");
    assert_eq!(meridian.extra()["autolink"], false);
    assert_eq!(meridian.extra()["x-editor-note"], "check the closing date");
    assert_eq!(
        meridian.extra()["background"]["url"],
        "https://upload.wikimedia.org/wikipedia/commons/meridian.jpg"
    );
}

#[test]
fn json_import_errors_say_where() {
    // Syntax: FILE:LINE:COLUMN.
    let text = "{\n  \"title\": {\"text\": {\"headline\": \"x\"}},\n  \"events\": [\n    {\"start_date\": {\"year\": 2025},}\n  ]\n}";
    let Err(LoadError::Syntax(error)) = load_bytes("broken.json", text.as_bytes()) else {
        panic!("expected a syntax error");
    };
    assert_eq!(
        error.to_string(),
        "broken.json:4:35: trailing comma: remove the ',' before this closing bracket"
    );
    // Impossible and missing dates: JSON paths, every one of them.
    let timeline = json!({
        "events": [
            { "start_date": { "year": 2025, "month": 13 }, "text": { "headline": "a" } },
            { "start_date": { "year": 2025, "month": 2, "day": 30 }, "text": { "headline": "b" } },
            { "text": { "headline": "c" } },
            { "start_date": { "year": "soon" }, "text": { "headline": "d" } },
            { "start_date": { "year": 2025, "month": 1, "day": 1, "hour": 25 } },
            "not an event"
        ]
    });
    let errors = errors_of(import_json("t.json", timeline.to_string().as_bytes()));
    assert_eq!(
        errors,
        [
            "events[0].start_date.month: month 13 does not exist",
            "events[1].start_date.day: impossible date: February 2025 has 28 days",
            "events[2].start_date: missing start date: every TimelineJS event needs a start_date with at least a year",
            "events[3].start_date.year: year: \"soon\" is not a number",
            "events[4].start_date.hour: impossible time: hour 25",
            "events[5]: expected an event object { \"start_date\": …, \"text\": … }, found \"not an event\"",
        ]
    );
    // Not a timeline at all.
    let message = import_json("t.json", b"[]").unwrap_err().to_string();
    assert!(
        message.starts_with("t.json: expected a TimelineJS timeline"),
        "{message}"
    );
}

#[test]
fn json_import_is_lenient_with_odd_but_usable_dates() {
    let timeline = json!({
        "title": { "text": { "text": "no headline" } },
        "events": [
            // A day without a month: the day is ignored, kept.
            { "start_date": { "year": "1,500", "day": 3 }, "text": { "headline": "a" }, "unique_id": "a" },
            // End before start: the end is dropped, kept.
            {
                "start_date": { "year": 2025, "month": "July" },
                "end_date": { "year": 2024 },
                "text": { "text": "<p>A long first paragraph that becomes the title.</p>" },
                "unique_id": "b"
            },
            // Year 0 is read as 1 BCE; end without a year is ignored.
            {
                "start_date": { "year": 0 },
                "end_date": { "month": 5 },
                "text": { "headline": "c" },
                "unique_id": "c"
            }
        ]
    });
    let document = import_json("odd-dates.json", timeline.to_string().as_bytes()).unwrap();
    assert_eq!(document.dossier.title, "odd-dates");
    assert_eq!(document.dossier.description, "no headline");
    assert_eq!(event(&document, "a").start, "1500");
    assert_eq!(
        event(&document, "a").extra()["start_date"],
        json!({ "day": 3 })
    );
    let b = event(&document, "b");
    assert_eq!((b.start.as_str(), b.end().as_str()), ("2025-07", ""));
    assert_eq!(b.extra()["end_date"], json!({ "year": 2024 }));
    assert_eq!(&*b.title, "A long first paragraph that becomes the title.");
    let c = event(&document, "c");
    assert_eq!((c.start.as_str(), c.end().as_str()), ("0000", ""));
    assert_eq!(c.extra()["end_date"], json!({ "month": 5 }));
    for expected in [
        "warning: events[0].start_date.day: day 3 ignored: the date has no month (kept as an extra field)",
        "warning: events[1].end_date: end date 2024 is before the start date 2025-07: ignored (kept as an extra field)",
        "warning: events[1].text.headline: no headline: the event is titled \"A long first paragraph that becomes the title.\"",
        "warning: events[2].start_date.year: year 0: TimelineJS counts BCE years without a year 0; read as 1 BCE",
        "warning: events[2].end_date: end date without a year: ignored, as TimelineJS does (kept as an extra field)",
        "warning: no title slide headline: the dossier is titled \"odd-dates\" after the file",
    ] {
        assert!(
            has_problem(&document, expected),
            "missing {expected:?} in {:#?}",
            problems(&document)
        );
    }
}

// ---------------------------------------------------------------------------------------
// TimelineJS CSV import
// ---------------------------------------------------------------------------------------

#[test]
fn csv_sheet_template_imports_title_era_and_events() {
    let document = imported_csv();
    let d = &document.dossier;
    assert_eq!(d.title, "Keeping time (the sheet)");
    assert_eq!(
        d.description,
        "A timeline kept in the TimelineJS Google Sheets template."
    );
    assert_eq!(
        d.extra[timelinejs::TITLE_SLIDE_KEY]["media"],
        json!({
            "url": "https://upload.wikimedia.org/wikipedia/commons/4/4a/Greenwich_clock.jpg",
            "credit": "Wikimedia Commons"
        })
    );
    assert_eq!(d.periods.len(), 1);
    let era = &d.periods[0];
    assert_eq!(
        (
            era.id.as_str(),
            era.label.as_str(),
            era.start.as_str(),
            era.end.as_str()
        ),
        ("roman-republic", "Roman Republic", "-0508", "-0026")
    );
    let rows: Vec<(&str, &str, &str, &str, &str)> = d
        .events
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.start.as_str(),
                e.end().as_str(),
                &*e.title,
                lane_label(&document, e),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "event-1",
                "-0043-03-15",
                "",
                "Assassination of Julius Caesar",
                "Rome"
            ),
            (
                "event-2",
                "-0007",
                "",
                "Augustus corrects the leap years",
                "Rome"
            ),
            (
                "event-3",
                "1582-10-04",
                "1582-10-15",
                "The Gregorian reform",
                "Church"
            ),
            ("event-4", "1924-02-05T21:30", "", "The six pips", "Britain"),
            (
                "event-5",
                "1972-06-30T23:59:59",
                "",
                "The first leap second",
                "Science"
            ),
            ("event-6", "2035", "", "Leap seconds to end", "Events"),
        ]
    );
    // A quoted cell with a comma and a line break.
    assert_eq!(
        &*d.events[0].summary,
        "Caesar, Brutus and Cassius.\nThe calendar survives him."
    );
    assert_eq!(d.events[0].extra()["display_date"], "Ides of March");
    let caesar_source = &d.sources[d.index_of_source(&d.events[0].sources[0])];
    assert_eq!(
        (
            &*caesar_source.title,
            caesar_source.publisher.as_str(),
            &*caesar_source.url
        ),
        (
            "Death of Caesar",
            "Wikipedia",
            "https://en.wikipedia.org/wiki/Assassination_of_Julius_Caesar"
        )
    );
    assert_eq!(
        d.events[3].extra()["background"],
        json!({ "color": "#1a1a2e" })
    );
    assert_eq!(
        d.events[2].extra()["media"],
        json!({ "thumbnail": "https://upload.wikimedia.org/thumb/bull.jpg" })
    );
}

trait SourceIndex {
    fn index_of_source(&self, id: &str) -> usize;
}

impl SourceIndex for Dossier {
    fn index_of_source(&self, id: &str) -> usize {
        self.sources.iter().position(|s| s.id == id).unwrap()
    }
}

#[test]
fn csv_warnings_name_rows_and_columns() {
    let document = imported_csv();
    for expected in [
        "warning: row 2, column \"Media\": no Dossier equivalent; kept as an extra field",
        "warning: row 4, column \"Display Date\": display date \"Ides of March\" kept as an extra field (Dossier writes dates itself)",
        "warning: row 6, column \"Media Thumbnail\": no Dossier equivalent; kept as an extra field",
        "warning: row 7, column \"Background\": no Dossier equivalent; kept as an extra field",
        "warning: row 1: the TimelineJS sheet has no id column: generated event ids event-1 … event-6",
        // Dossier's own checks, placed on the sheet's rows (events[1] is row 5).
        "warning: row 5: event cites no source",
    ] {
        assert!(
            has_problem(&document, expected),
            "missing {expected:?} in {:#?}",
            problems(&document)
        );
    }
}

#[test]
fn csv_columns_match_without_case_and_tolerate_a_bom_and_extra_columns() {
    let text = "\u{FEFF} YEAR ,month,Day, headline ,Group,Notes\r\n2025,7,26,\"WAIC, Shanghai\",Asia,bring badge\r\n";
    let document = load_bytes("lower.csv", text.as_bytes()).unwrap();
    assert_eq!(document.source_format, SourceFormat::TimelineJsCsv);
    let e = &document.dossier.events[0];
    assert_eq!(
        (e.start.as_str(), &*e.title, e.lane.as_str()),
        ("2025-07-26", "WAIC, Shanghai", "asia")
    );
    assert_eq!(e.extra()["Notes"], "bring badge");
    assert!(
        has_problem(
            &document,
            "warning: row 2, column \"Notes\": no Dossier equivalent; kept as an extra field"
        ),
        "{:#?}",
        problems(&document)
    );
    // Not in the template, but a "Unique ID" column gives the ids.
    let text = "Year,Headline,Unique ID\n2025,with id,waic\n2026,without,\n2027,bad id,has space\n";
    let with_ids = import_csv("ids.csv", text.as_bytes()).unwrap();
    let ids: Vec<&str> = with_ids
        .dossier
        .events
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["waic", "event-2", "has-space"]);
    for expected in [
        "warning: row 3, column \"Unique ID\": no unique_id: generated id \"event-2\"",
        "warning: row 4, column \"Unique ID\": unique_id \"has space\" is not a valid Dossier id (letters, digits, '-', '_', '.', ':'); using \"has-space\"",
    ] {
        assert!(
            has_problem(&with_ids, expected),
            "missing {expected:?} in {:#?}",
            problems(&with_ids)
        );
    }
}

#[test]
fn an_import_with_unusable_records_opens_with_the_rest_and_lists_what_it_skipped() {
    let timeline = json!({
        "events": [
            { "start_date": { "year": 2025, "month": 1 }, "text": { "headline": "kept" } },
            { "start_date": { "year": 2025, "month": 13 }, "text": { "headline": "bad month" } },
            { "text": { "headline": "no date" } },
            "not an event",
            { "start_date": { "year": 2026 }, "text": { "headline": "also kept" } }
        ],
        "eras": [
            { "start_date": { "year": "soon" }, "end_date": { "year": 2026 }, "text": { "headline": "bad era" } }
        ]
    });
    let document = import_json("t.json", timeline.to_string().as_bytes()).unwrap();
    let titles: Vec<&str> = document.dossier.events.iter().map(|e| &*e.title).collect();
    assert_eq!(titles, ["kept", "also kept"]);
    assert!(document.dossier.periods.is_empty());
    let skipped: Vec<String> = problems(&document)
        .into_iter()
        .filter(|p| p.contains("skipped"))
        .collect();
    assert_eq!(
        skipped,
        [
            "warning: events[1].start_date.month: month 13 does not exist; the event is skipped",
            "warning: events[2].start_date: missing start date: every TimelineJS event needs a start_date with at least a year; the event is skipped",
            "warning: events[3]: expected an event object { \"start_date\": …, \"text\": … }, found \"not an event\"; the event is skipped",
            "warning: eras[0].start_date.year: year: \"soon\" is not a number; the era is skipped",
        ]
    );
    // The same in a sheet: rows.
    let text = "Year,Month,Day,Headline\n2025,7,1,ok\n2025,14,1,bad month\n2025,,,ok\n";
    let document = import_csv("m.csv", text.as_bytes()).unwrap();
    assert_eq!(document.dossier.events.len(), 2);
    assert!(has_problem(
        &document,
        "warning: row 3, column \"Month\": month 14 does not exist; the event is skipped"
    ));
    // A Dossier file stays strict.
    let mut strict: Value = serde_json::from_str(dossier::formats::DEFAULT_DOSSIER_JSON).unwrap();
    strict["events"][0]["start"] = json!("2025-13");
    assert!(load_bytes("strict.json", strict.to_string().as_bytes()).is_err());
}

#[test]
fn csv_errors_say_where() {
    // A bad month: row and column.
    let text = "Year,Month,Day,Headline\n2025,14,1,bad month\n";
    let errors = errors_of(import_csv("m.csv", text.as_bytes()));
    assert_eq!(errors, ["row 2, column \"Month\": month 14 does not exist"]);
    // A bad time.
    let text = "Year,Month,Day,Time,Headline\n2025,7,1,25:00,late\n";
    let errors = errors_of(import_csv("t.csv", text.as_bytes()));
    assert_eq!(
        errors,
        ["row 2, column \"Time\": time \"25:00\" is not a time such as 9:30, 09:30:15 or 9:30 PM"]
    );
    // A row without a year.
    let text = "Year,Headline\n,no year\n";
    let errors = errors_of(import_csv("y.csv", text.as_bytes()));
    assert_eq!(
        errors,
        [
            "row 2, column \"Year\": missing start date: every TimelineJS event needs a start_date with at least a year"
        ]
    );
    // An unterminated quote: FILE:LINE:COLUMN of the opening quote.
    let text = "Year,Headline,Text\n2025,ok,fine\n2026,\"never closed,text\n2027,x,y\n";
    let Err(LoadError::Syntax(error)) = load_bytes("q.csv", text.as_bytes()) else {
        panic!("expected a syntax error");
    };
    assert_eq!(
        error.to_string(),
        "q.csv:3:6: unterminated quoted field: this quote is never closed, so the rest of the file would be one cell"
    );
    // Invalid UTF-8: FILE:LINE:COLUMN of the first bad byte.
    let bytes = b"Year,Headline\n2025,caf\xE9\n";
    let Err(LoadError::Syntax(error)) = load_bytes("latin1.csv", bytes) else {
        panic!("expected an encoding error");
    };
    assert_eq!(
        error.to_string(),
        "latin1.csv:2:9: invalid UTF-8: save the spreadsheet as CSV in UTF-8"
    );
}

#[test]
fn csv_times_read_as_timelinejs_reads_them() {
    let text = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Headline\n\
                2025,7,1,9:30 PM,2025,7,1,11:45 p.m.,evening\n\
                2025,7,2,12:05 AM,,,,,midnight\n\
                2025,7,3,0930,,,,,compact\n\
                2025,7,4,9:30:15.250,,,,,fractions\n";
    let document = import_csv("times.csv", text.as_bytes()).unwrap();
    let dates: Vec<(&str, &str)> = document
        .dossier
        .events
        .iter()
        .map(|e| (e.start.as_str(), e.end().as_str()))
        .collect();
    assert_eq!(
        dates,
        [
            ("2025-07-01T21:30", "2025-07-01T23:45"),
            ("2025-07-02T00:05", ""),
            ("2025-07-03T09:30", ""),
            ("2025-07-04T09:30:15", ""),
        ]
    );
    assert!(has_problem(
        &document,
        "warning: row 5, column \"Time\": 250 milliseconds dropped: Dossier dates stop at seconds (kept as an extra field)"
    ));
}

// ---------------------------------------------------------------------------------------
// TimelineJS export and round trips
// ---------------------------------------------------------------------------------------

fn date_without_qualifier(text: &str) -> String {
    text.trim_end_matches(['~', '?', '%']).to_owned()
}

#[test]
fn default_dossier_round_trips_through_timelinejs() {
    let original = with_rough_event();
    let exported = to_timelinejs_json(&original);
    assert_eq!(
        detect_format(exported.as_bytes()),
        SourceFormat::TimelineJsJson
    );
    let back = import_json("exported.json", exported.as_bytes()).unwrap();
    let (a, b) = (&original.dossier, &back.dossier);
    assert_eq!(b.title, a.title);
    assert_eq!(b.description, a.description);
    assert_eq!(b.events.len(), a.events.len());
    for (x, y) in a.events.iter().zip(&b.events) {
        assert_eq!(y.id, x.id);
        assert_eq!(y.title, x.title, "{}", x.id);
        assert_eq!(y.summary, x.summary, "{}", x.id);
        // TimelineJS has no "approximate": the precision survives, the qualifier does not.
        assert_eq!(y.start, date_without_qualifier(&x.start), "{}", x.id);
        assert_eq!(*y.end(), date_without_qualifier(x.end()), "{}", x.id);
        assert_eq!(lane_label(&back, y), lane_label(&original, x), "{}", x.id);
        let first_source = |d: &Document, e: &Event| {
            let s = &d.dossier.sources[d.index.source(&e.sources[0]).unwrap()];
            (s.url.clone(), s.publisher.clone(), s.title.clone())
        };
        assert_eq!(
            first_source(&back, y),
            first_source(&original, x),
            "{}",
            x.id
        );
    }
    // Lane ids are slugs of their labels, which the default dossier's ids already are;
    // TimelineJS has no lane order, so lanes come back in order of first use.
    let lane_ids = |d: &Dossier| {
        let mut lanes: Vec<(String, String)> = d
            .lanes
            .iter()
            .map(|l| (l.id.clone(), l.label.clone()))
            .collect();
        lanes.sort();
        lanes
    };
    assert_eq!(lane_ids(b), lane_ids(a));
    let periods = |d: &Dossier| {
        d.periods
            .iter()
            .map(|p| {
                (
                    p.id.clone(),
                    p.label.clone(),
                    p.start.clone(),
                    p.end.clone(),
                    p.description.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(periods(b), periods(a));
    // The approximate date says so to TimelineJS readers.
    let value: Value = serde_json::from_str(&exported).unwrap();
    let report = value["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["unique_id"] == "rough-report")
        .unwrap();
    assert_eq!(report["display_date"], "around July 2026");
    assert_eq!(report["start_date"], json!({ "year": 2026, "month": 7 }));
    assert_eq!(report["group"], "Multilateral");
    // Only warnings on the way back, and no generated ids.
    assert!(!back.problems.iter().any(|p| p.severity == Severity::Error));
    assert!(
        !back
            .problems
            .iter()
            .any(|p| p.message.contains("generated id"))
    );
}

#[test]
fn timelinejs_export_writes_the_documented_shape() {
    let document = dossier::formats::default_dossier();
    let value: Value = serde_json::from_str(&to_timelinejs_json(&document)).unwrap();
    assert_eq!(
        value["title"]["text"]["headline"],
        "AI governance, July 2025: Washington's plan and Shanghai's proposal"
    );
    assert!(
        value["title"]["text"]["text"]
            .as_str()
            .unwrap()
            .starts_with("<p>How the United States and China")
    );
    let events = value["events"].as_array().unwrap();
    assert_eq!(events.len(), document.dossier.events.len());
    let waic = events
        .iter()
        .find(|e| e["unique_id"] == "waic-2025")
        .unwrap();
    assert_eq!(
        waic["start_date"],
        json!({ "year": 2025, "month": 7, "day": 26 })
    );
    assert_eq!(
        waic["end_date"],
        json!({ "year": 2025, "month": 7, "day": 28 })
    );
    assert_eq!(waic["group"], "China");
    assert!(waic["text"]["text"].as_str().unwrap().starts_with("<p>"));
    let media = waic["media"].as_object().unwrap();
    assert!(media["url"].as_str().unwrap().starts_with("https://"));
    assert!(media.contains_key("credit"));
    let eras = value["eras"].as_array().unwrap();
    assert_eq!(eras.len(), 3);
    assert_eq!(eras[0]["text"]["headline"], "EU AI Act phase-in");
    assert_eq!(
        eras[0]["start_date"],
        json!({ "year": 2024, "month": 8, "day": 1 })
    );
    assert_eq!(
        eras[0]["end_date"],
        json!({ "year": 2026, "month": 8, "day": 2 })
    );
    // Deterministic.
    assert_eq!(to_timelinejs_json(&document), to_timelinejs_json(&document));
}

#[test]
fn timelinejs_export_writes_bce_years_the_timelinejs_way_and_escapes_html() {
    let mut dossier = Dossier::new("Rome <& Carthage>");
    dossier.description =
        "First line\nsecond line\n\nNew paragraph with <tags> & \"quotes\"".into();
    dossier.events.push(Box::new(Event {
        id: "caesar".into(),
        title: "Caesar & the Ides".into(),
        start: "-0043-03-15".into(),
        lane: "main".into(),
        ..Event::default()
    }));
    let mut year_zero = Event {
        id: "year-zero".into(),
        title: "1 BCE".into(),
        start: "0000".into(),
        lane: "main".into(),
        ..Event::default()
    };
    year_zero.set_end("0001".into());
    dossier.events.push(Box::new(year_zero));
    let document = Document::new(dossier);
    let exported = to_timelinejs_json(&document);
    let value: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(
        value["title"]["text"]["headline"],
        "Rome &lt;&amp; Carthage&gt;"
    );
    assert_eq!(
        value["title"]["text"]["text"],
        "<p>First line<br>second line</p><p>New paragraph with &lt;tags&gt; &amp; &quot;quotes&quot;</p>"
    );
    assert_eq!(
        value["events"][0]["start_date"],
        json!({ "year": -44, "month": 3, "day": 15 })
    );
    assert_eq!(
        value["events"][0]["text"]["headline"],
        "Caesar &amp; the Ides"
    );
    assert_eq!(value["events"][1]["start_date"], json!({ "year": -1 }));
    assert_eq!(value["events"][1]["end_date"], json!({ "year": 1 }));
    let back = import_json("x.json", exported.as_bytes()).unwrap();
    assert_eq!(back.dossier.title, "Rome <& Carthage>");
    assert_eq!(back.dossier.description, document.dossier.description);
    assert_eq!(back.dossier.events[0].start, "-0043-03-15");
    assert_eq!(&*back.dossier.events[0].title, "Caesar & the Ides");
    assert_eq!(
        (
            back.dossier.events[1].start.as_str(),
            back.dossier.events[1].end().as_str()
        ),
        ("0000", "0001")
    );
    // The lane keeps its label.
    assert_eq!(lane_label(&back, &back.dossier.events[0]), "Main");
}

#[test]
fn imported_timeline_round_trips_through_timelinejs_unchanged() {
    for first in [imported_json(), imported_csv()] {
        let exported = to_timelinejs_json(&first);
        let again = import_json("again.json", exported.as_bytes()).unwrap();
        assert_eq!(again.dossier, first.dossier);
        // Once every event has its id, no id is generated any more.
        assert!(
            !again
                .problems
                .iter()
                .any(|p| p.message.contains("generated")),
            "{:#?}",
            problems(&again)
        );
    }
    // What TimelineJS needs is written back where it was.
    let value: Value = serde_json::from_str(&to_timelinejs_json(&imported_json())).unwrap();
    assert_eq!(value["scale"], "human");
    assert_eq!(value["title"]["background"], json!({ "color": "#1a1a2e" }));
    let events = value["events"].as_array().unwrap();
    assert_eq!(events[1]["display_date"], "The Ides of March, 44 BCE");
    assert_eq!(
        events[9]["start_date"],
        json!({ "year": 1972, "month": 6, "day": 30, "hour": 23, "minute": 59, "second": 59, "millisecond": 500 })
    );
    assert_eq!(
        events[4]["media"]["thumbnail"],
        "https://upload.wikimedia.org/wikipedia/commons/thumb/2/24/Inter_gravissimas.jpg/120px-Inter_gravissimas.jpg"
    );
    // The ungrouped events go back without a group.
    assert!(events[7].get("group").is_none());
    assert_eq!(events[7]["autolink"], false);
}

const MEDIA_JSON: &str = include_str!("fixtures/timelinejs/media-and-missing-text.json");

/// Every media object of a `TimelineJS` export, with its event's `unique_id`.
fn exported_media(value: &Value) -> Vec<(String, Value)> {
    value["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("media").is_some())
        .map(|e| {
            (
                e["unique_id"].as_str().unwrap().to_owned(),
                e["media"].clone(),
            )
        })
        .collect()
}

#[test]
fn timelinejs_export_never_writes_media_without_a_url() {
    // The built-in dossier with one source's url removed, and a file with media of every kind.
    let mut builtin = dossier::formats::default_dossier().dossier;
    builtin.sources[0].url = "".into();
    let builtin = Document::new(builtin);
    let media = import_json("media.json", MEDIA_JSON.as_bytes()).unwrap();
    for document in [&builtin, &media] {
        let value: Value = serde_json::from_str(&to_timelinejs_json(document)).unwrap();
        for (id, media) in exported_media(&value) {
            assert!(media["url"].is_string(), "{id}: {media}");
        }
        if let Some(title_media) = value["title"].get("media") {
            assert!(title_media["url"].is_string());
        }
    }
}

#[test]
fn timelinejs_export_keeps_embedded_media_and_adds_no_text() {
    let document = import_json("media-and-missing-text.json", MEDIA_JSON.as_bytes()).unwrap();
    let value: Value = serde_json::from_str(&to_timelinejs_json(&document)).unwrap();
    let original: Value = serde_json::from_str(MEDIA_JSON).unwrap();
    let media: std::collections::HashMap<String, Value> =
        exported_media(&value).into_iter().collect();
    // Embedded code stays with its credit and caption.
    assert_eq!(media["apollo-11"], original["events"][0]["media"]);
    assert_eq!(media["first-step"], original["events"][1]["media"]);
    // No caption made of a host name.
    assert_eq!(
        media["splashdown"],
        json!({ "url": "https://en.wikipedia.org/wiki/Apollo_11" })
    );
    // A caption equal to its credit is kept; the same source without caption gets none.
    assert_eq!(media["apollo-12"]["caption"], "NASA");
    assert_eq!(media["apollo-12"]["credit"], "NASA");
    assert_eq!(
        media["apollo-13"]
            .get("caption")
            .map_or("", |c| c.as_str().unwrap()),
        ""
    );
    // Credit without a link: the url is there, empty, for TimelineJS to read.
    assert_eq!(media["apollo-17"]["url"], "");
    assert_eq!(media["apollo-17"]["credit"], "Smithsonian");
    // No invented headline, no file name as title slide.
    let events = value["events"].as_array().unwrap();
    assert!(events[2]["text"].get("headline").is_none(), "{}", events[2]);
    assert!(value.get("title").is_none(), "{}", value["title"]);
    // Yet the dossier, which needs titles, has them.
    assert!(
        event(&document, "splashdown")
            .title
            .starts_with("Splashdown in the Pacific")
    );
    assert_eq!(document.dossier.title, "media-and-missing-text");
}

#[test]
fn timelinejs_round_trip_reads_the_same_as_the_first_import() {
    let first = import_json("media-and-missing-text.json", MEDIA_JSON.as_bytes()).unwrap();
    assert_eq!(
        &*event(&first, "first-step").summary,
        "Armstrong steps onto the surface.\n\nAldrin follows twenty minutes later."
    );
    let exported = to_timelinejs_json(&first);
    let again = import_json("media-and-missing-text.json", exported.as_bytes()).unwrap();
    assert_eq!(again.dossier, first.dossier);
    // And the export of the second import is the export of the first.
    assert_eq!(to_timelinejs_json(&again), exported);
}

const DEEP_TIME_JSON: &str = include_str!("fixtures/timelinejs/deep-time.json");

#[test]
fn deep_time_timelines_open_and_round_trip() {
    let document = import_json("deep-time.json", DEEP_TIME_JSON.as_bytes()).unwrap();
    assert_eq!(document.dossier.events.len(), 9);
    // TimelineJS years count BCE without a year 0: -13800000000 is astronomical -13799999999.
    assert_eq!(event(&document, "big-bang").start, "-13799999999");
    assert_eq!(event(&document, "chicxulub").start, "-65999999");
    assert_eq!(event(&document, "moon").start, "1969-07-20");
    let big_bang = event(&document, "big-bang").span().unwrap();
    assert_eq!(big_bang.start.long(), "13,800,000,000 BCE");
    let exported: Value = serde_json::from_str(&to_timelinejs_json(&document)).unwrap();
    assert_eq!(
        exported["events"][0]["start_date"]["year"],
        -13_800_000_000_i64
    );
    let again = import_json("again.json", to_timelinejs_json(&document).as_bytes()).unwrap();
    assert_eq!(again.dossier, document.dossier);
    // The Dossier file keeps them too.
    let saved = serde_json::to_string(&document.dossier).unwrap();
    let reloaded = load_bytes("deep.dossier.json", saved.as_bytes()).unwrap();
    assert_eq!(reloaded.dossier, document.dossier);
}

#[test]
fn years_beyond_what_dossier_holds_are_refused_with_their_place() {
    let text = DEEP_TIME_JSON.replace("\"-13800000000\"", "\"-138000000000\"");
    let document = import_json("too-deep.json", text.as_bytes()).unwrap();
    assert_eq!(document.dossier.events.len(), 8);
    assert!(
        has_problem(
            &document,
            "warning: events[0].start_date.year: year -138000000000 is outside the years Dossier can hold (100,000,000,000 BCE to 99,999,999,999); the event is skipped"
        ),
        "{:#?}",
        problems(&document)
    );
}

const TIMELINEJS2_JSON: &str = include_str!("fixtures/timelinejs/timelinejs2.json");

#[test]
fn timelinejs2_files_open() {
    assert_eq!(
        detect_format(TIMELINEJS2_JSON.as_bytes()),
        SourceFormat::TimelineJsJson
    );
    let document = load_bytes("space-race.json", TIMELINEJS2_JSON.as_bytes()).unwrap();
    let d = &document.dossier;
    assert_eq!(d.title, "The Space Race");
    assert_eq!(
        d.description,
        "A TimelineJS 2 file, as published before 2015."
    );
    let titles: Vec<&str> = d.events.iter().map(|e| &*e.title).collect();
    assert_eq!(
        titles,
        [
            "Sputnik 1",
            "Gagarin orbits the Earth",
            "Apollo 11 lands on the Moon",
            "NASA is founded"
        ]
    );
    let dates: Vec<(&str, &str)> = d
        .events
        .iter()
        .map(|e| (e.start.as_str(), e.end().as_str()))
        .collect();
    assert_eq!(
        dates,
        [
            ("1957-10-04", ""),
            ("1961-04-12", "1961-04-12"),
            ("1969-07-20T20:17", ""),
            ("1958", "1958-12-31"),
        ]
    );
    // Tags are lanes, assets are sources, eras are periods.
    assert_eq!(lane_label(&document, &d.events[0]), "USSR");
    assert_eq!(lane_label(&document, &d.events[3]), "USA");
    let sputnik = &d.sources[document.index.source(&d.events[0].sources[0]).unwrap()];
    assert_eq!(&*sputnik.url, "https://en.wikipedia.org/wiki/Sputnik_1");
    assert_eq!(sputnik.publisher, "Wikipedia");
    assert_eq!(d.periods.len(), 1);
    assert_eq!(
        (d.periods[0].start.as_str(), d.periods[0].end.as_str()),
        ("1955-08-02", "1975-07-17")
    );
    // What has no Dossier equivalent is kept, and said where.
    assert_eq!(d.events[1].extra()["classname"], "crewed");
    assert!(has_problem(
        &document,
        "warning: timeline.date[1].classname: no Dossier equivalent; kept as an extra field"
    ));
    // A date that is not one says where and what TimelineJS 2 expects.
    let bad = TIMELINEJS2_JSON.replace(
        "\"1961,4,12\",\n        \"endDate\"",
        "\"April 1961\",\n        \"endDate\"",
    );
    let document = load_bytes("bad.json", bad.as_bytes()).unwrap();
    assert_eq!(document.dossier.events.len(), 3);
    assert!(
        has_problem(
            &document,
            "warning: timeline.date[1].startDate: \"April 1961\" is not a TimelineJS 2 date: expected numbers separated by commas, year first (\"2012,1,26\"); the event is skipped"
        ),
        "{:#?}",
        problems(&document)
    );
}

#[test]
fn a_file_that_is_no_timeline_says_what_dossier_reads_and_why_this_is_none() {
    let message = |text: &str| match load_bytes("f", text.as_bytes()) {
        Err(error) => error.to_string(),
        Ok(_) => panic!("{text:?} loaded"),
    };
    let reads = "f: not a timeline Dossier reads: Dossier reads Dossier files (JSON with \"format\": \"dossier\"), TimelineJS 3 JSON (\"events\" with \"start_date\"), TimelineJS 2 JSON (\"timeline\" with \"date\"), the TimelineJS spreadsheet saved as CSV (a header with Year and Headline columns) Markwhen text (lines such as \"2025-07-26: Launch\") and the events CSV Dossier exports; ";
    assert_eq!(
        message("Date,Event,Notes\n2024-01-01,New year,\n"),
        format!(
            "{reads}this file is not JSON; as CSV its header \"Date,Event,Notes\" has no Year and Headline columns"
        )
    );
    assert_eq!(
        message("{\"name\": \"x\", \"items\": []}"),
        format!(
            "{reads}this file is a JSON object with none of their keys (it has \"name\", \"items\")"
        )
    );
    assert_eq!(
        message("# My notes\n\nSome text.\n"),
        format!("{reads}this file is not JSON, nor CSV: it starts \"# My notes\"")
    );
    // A broken Dossier file keeps its Dossier error.
    assert_eq!(
        message("{\"format\": \"dossier\", \"version\": 1,"),
        "f:1:35: EOF while parsing a value: the file ends before the JSON is complete"
    );
}

// ---------------------------------------------------------------------------------------
// Markwhen
// ---------------------------------------------------------------------------------------

const MARKWHEN: &str = include_str!("fixtures/markwhen/space-age.mw");

#[test]
fn markwhen_files_open_with_groups_tags_links_and_descriptions() {
    assert_eq!(detect_format(MARKWHEN.as_bytes()), SourceFormat::Markwhen);
    let document = load_bytes("space-age.mw", MARKWHEN.as_bytes()).unwrap();
    let d = &document.dossier;
    assert_eq!(d.title, "The space age");
    assert_eq!(
        d.description,
        "From the first satellite to the Moon landings."
    );
    let events: Vec<(&str, &str, &str, &str)> = d
        .events
        .iter()
        .map(|e| {
            (
                &*e.title,
                e.start.as_str(),
                e.end().as_str(),
                lane_label(&document, e),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("First rocket to reach space", "1942-10-03", "", "Events"),
            ("Sputnik 1", "1957-10-04", "", "Soviet Union"),
            ("Gagarin orbits the Earth", "1961-04-12", "", "Soviet Union"),
            ("Apollo 11", "1969-07-16", "1969-07-23", "United States"),
            ("Kennedy's Moon speech", "1961-05-25", "", "United States"),
            ("Apollo programme flights", "1966", "1972", "United States"),
        ]
    );
    let gagarin = &d.events[2];
    assert_eq!(gagarin.tags[..], ["crewed"]);
    assert_eq!(
        &*gagarin.summary,
        "Vostok 1, one orbit in 108 minutes.\n\nGagarin lands by parachute."
    );
    // Links are sources.
    let sputnik = &d.sources[document.index.source(&d.events[1].sources[0]).unwrap()];
    assert_eq!(
        (&*sputnik.title, &*sputnik.url),
        ("Sputnik 1", "https://en.wikipedia.org/wiki/Sputnik_1")
    );
    let nasa = &d.sources[document.index.source(&d.events[3].sources[0]).unwrap()];
    assert_eq!(&*nasa.url, "https://www.nasa.gov/mission/apollo-11/");
    // What Dossier cannot read is a warning with its line, and the rest opens.
    assert!(
        has_problem(
            &document,
            "warning: line 26: \"now: Artemis continues\": dates Dossier cannot read (relative dates such as \"now\" or \"1 year\" need the dates before them); the event is skipped"
        ),
        "{:#?}",
        problems(&document)
    );
    assert!(has_problem(
        &document,
        "warning: line 5: header \"#USSR\" has no Dossier equivalent; kept as an extra field"
    ));
}

fn d_has_no_empty_summaries_added(document: &Document) -> bool {
    document
        .dossier
        .events
        .iter()
        .all(|e| *e.summary == *e.summary.trim())
}

#[test]
fn markwhen_export_opens_again_as_the_same_dossier() {
    let first = load_bytes("space-age.mw", MARKWHEN.as_bytes()).unwrap();
    let text = dossier::formats::markwhen::to_markwhen(&first);
    assert!(
        text.starts_with("---\ntitle: \"The space age\"\n"),
        "{text}"
    );
    assert!(
        text.contains("group Soviet Union\n1957-10-04: Sputnik 1 #satellite\n"),
        "{text}"
    );
    let again = load_bytes("space-age.mw", text.as_bytes()).unwrap();
    // A title with a colon and quotes is quoted as YAML and read back as it was.
    let mut quoted = first.dossier.clone();
    quoted.title = "Space: the \"final\" frontier \\ 1957".to_owned();
    let quoted = Document::new(quoted);
    let back = load_bytes(
        "q.mw",
        dossier::formats::markwhen::to_markwhen(&quoted).as_bytes(),
    )
    .unwrap();
    assert_eq!(back.dossier.title, quoted.dossier.title);
    let strip = |d: &Dossier| {
        let mut d = d.clone();
        d.extra.clear();
        d
    };
    assert_eq!(strip(&again.dossier), strip(&first.dossier));
    // The built-in dossier: events, lanes by label, dates, tags and linked sources.
    let builtin = dossier::formats::default_dossier();
    let text = dossier::formats::markwhen::to_markwhen(&builtin);
    let back = load_bytes("builtin.mw", text.as_bytes()).unwrap();
    assert_eq!(back.dossier.events.len(), builtin.dossier.events.len());
    assert!(d_has_no_empty_summaries_added(&back));
    for x in &builtin.dossier.events {
        let y = back
            .dossier
            .events
            .iter()
            .find(|y| *y.title == x.title.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| panic!("{} not read back", x.id));
        assert_eq!(&*y.summary, x.summary.trim(), "{}", x.id);
        assert_eq!(y.start, date_without_qualifier(&x.start), "{}", x.id);
        assert_eq!(lane_label(&back, y), lane_label(&builtin, x), "{}", x.id);
    }
}

// ---------------------------------------------------------------------------------------
// Events CSV
// ---------------------------------------------------------------------------------------

fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn events_csv_reads_back_with_one_row_per_event() {
    let mut document = with_rough_event();
    let waic = document
        .index
        .event(&document.dossier, "waic-2025")
        .unwrap();
    document.dossier.events[waic].summary =
        "First, with a comma;\nthen a \"quoted\" line.\n\nAnd a paragraph.".into();
    let document = Document::new(document.dossier);
    let text = formats::events_csv(&document).unwrap();
    assert!(text.contains("\r\n"));
    let (header, rows) = read_csv(&text);
    assert_eq!(header, formats::EVENTS_CSV_HEADER);
    assert_eq!(rows.len(), document.dossier.events.len());
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap();
    let waic = row("waic-2025");
    assert_eq!(
        &waic[1..6],
        [
            "2025-07-26",
            "2025-07-28",
            "World Artificial Intelligence Conference (WAIC 2025), Shanghai",
            "China",
            "confirmed"
        ]
    );
    assert_eq!(
        waic[10],
        "First, with a comma;\nthen a \"quoted\" line.\n\nAnd a paragraph."
    );
    assert!(waic[8].contains("Li Qiang (speaker)"), "{}", waic[8]);
    assert!(waic[8].contains("; "), "{}", waic[8]);
    assert!(waic[9].contains(" <https://"), "{}", waic[9]);
    let report = row("rough-report");
    assert_eq!(&report[1..3], ["2026-07~", ""]);
    assert_eq!(report[5], "uncertain");
    // In time order.
    let starts: Vec<i64> = rows
        .iter()
        .map(|r| {
            let i = document.index.event(&document.dossier, &r[0]).unwrap();
            document.index.event_secs(i).unwrap().0
        })
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
}

// ---------------------------------------------------------------------------------------
// iCalendar
// ---------------------------------------------------------------------------------------

fn prop<'a>(
    event: &'a icalendar::parser::Component<'a>,
    name: &str,
) -> &'a icalendar::parser::Property<'a> {
    event
        .find_prop(name)
        .unwrap_or_else(|| panic!("no {name} in {event:?}"))
}

fn param<'a>(property: &'a icalendar::parser::Property<'a>, key: &str) -> Option<&'a str> {
    property
        .params
        .iter()
        .find(|p| p.key.as_str() == key)
        .and_then(|p| p.val.as_ref().map(icalendar::parser::ParseString::as_str))
}

/// The event id in a UID `event-id-DOSSIER@dossier`.
fn uid_event_id(uid: &str) -> Option<&str> {
    let (id, dossier) = uid.strip_suffix("@dossier")?.rsplit_once('-')?;
    (dossier.len() == 8 && dossier.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
}

#[test]
fn the_exported_events_csv_opens_again() {
    let original = dossier::formats::default_dossier();
    let csv = formats::events_csv(&original).unwrap();
    assert_eq!(detect_format(csv.as_bytes()), SourceFormat::EventsCsv);
    let back = load_bytes("events.csv", csv.as_bytes()).unwrap();
    assert_eq!(back.source_format, SourceFormat::EventsCsv);
    let (a, b) = (&original.dossier, &back.dossier);
    assert_eq!(b.events.len(), a.events.len());
    for x in &a.events {
        let y = event(&back, &x.id);
        assert_eq!(
            (&y.start, &y.end(), &y.title, &y.summary, &y.tags),
            (&x.start, &x.end(), &x.title, &x.summary, &x.tags),
            "{}",
            x.id
        );
        assert_eq!(lane_label(&back, y), lane_label(&original, x), "{}", x.id);
        assert_eq!(
            (y.certainty(), y.importance()),
            (x.certainty(), x.importance())
        );
        // Entities and sources by name, with roles and addresses.
        let names = |d: &Document, e: &Event| -> Vec<(String, String)> {
            e.entities
                .iter()
                .map(|r| {
                    (
                        d.dossier.entities[d.index.entity(&r.id).unwrap()]
                            .name
                            .clone(),
                        r.role.to_string(),
                    )
                })
                .collect()
        };
        assert_eq!(names(&back, y), names(&original, x), "{}", x.id);
        let sources = |d: &Document, e: &Event| -> Vec<(String, String)> {
            e.sources
                .iter()
                .map(|id| {
                    let s = &d.dossier.sources[d.index.source(id).unwrap()];
                    (s.title.to_string(), s.url.to_string())
                })
                .collect()
        };
        assert_eq!(sources(&back, y), sources(&original, x), "{}", x.id);
    }
    // An edited row with a date Dossier cannot read is skipped; the rest opens.
    let edited = csv.replacen("2025-07-26", "26/07/2025", 1);
    let document = load_bytes("edited.csv", edited.as_bytes()).unwrap();
    assert_eq!(document.dossier.events.len(), a.events.len() - 1);
    assert!(
        problems(&document).iter().any(|p| p
            .contains("column \"start\": malformed date \"26/07/2025\"")
            && p.ends_with("the event is skipped")),
        "{:#?}",
        problems(&document)
    );
}

#[test]
fn icalendar_uids_differ_between_dossiers_and_stay_between_exports() {
    let uids = |document: &Document| -> Vec<String> {
        formats::icalendar(document)
            .split("\r\n")
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(str::to_owned)
            .collect()
    };
    // Two imported timelines, both with generated ids event-1, event-2…
    let sheet = imported_csv();
    let mut other = sheet.dossier.clone();
    other.title = "Another timeline".to_owned();
    let other = Document::new(other);
    let (a, b) = (uids(&sheet), uids(&other));
    assert!(a.iter().any(|u| u.starts_with("event-3-")), "{a:?}");
    assert!(a.iter().all(|u| !b.contains(u)), "{a:?} {b:?}");
    // Unique within the file, and the same from one export to the next.
    let unique: std::collections::HashSet<&String> = a.iter().collect();
    assert_eq!(unique.len(), a.len());
    assert_eq!(uids(&imported_csv()), a);
    assert_eq!(
        formats::ics::dossier_uid_part(&sheet.dossier.title).len(),
        8
    );
}

#[test]
fn icalendar_parses_back_with_all_day_ranges() {
    let document = with_rough_event();
    let ics = formats::icalendar(&document);
    // RFC 5545 lines: CRLF, at most 75 octets, folded lines start with a space.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(ics.contains("\r\n "), "some long line is folded");
    assert_eq!(ics, formats::icalendar(&document), "deterministic");

    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(events.len(), document.dossier.events.len());
    let by_uid = |uid: &str| {
        *events
            .iter()
            .find(|e| uid_event_id(prop(e, "UID").val.as_str()) == Some(uid))
            .unwrap_or_else(|| panic!("no {uid}"))
    };
    let waic = by_uid("waic-2025");
    assert_eq!(prop(waic, "DTSTART").val.as_str(), "20250726");
    assert_eq!(param(prop(waic, "DTSTART"), "VALUE"), Some("DATE"));
    assert_eq!(prop(waic, "DTEND").val.as_str(), "20250729");
    assert_eq!(param(prop(waic, "DTEND"), "VALUE"), Some("DATE"));
    // The parser unescapes TEXT values; the file has them escaped.
    assert_eq!(
        prop(waic, "SUMMARY").val.as_str(),
        "World Artificial Intelligence Conference (WAIC 2025), Shanghai"
    );
    assert!(
        ics.contains(
            "SUMMARY:World Artificial Intelligence Conference (WAIC 2025)\\, Shanghai\r\n"
        )
    );
    assert_eq!(prop(waic, "DTSTAMP").val.as_str(), "19700101T000000Z");
    assert_eq!(prop(waic, "STATUS").val.as_str(), "CONFIRMED");
    assert!(prop(waic, "CATEGORIES").val.as_str().starts_with("China"));
    assert!(prop(waic, "URL").val.as_str().starts_with("https://"));
    let description = prop(waic, "DESCRIPTION").val.as_str();
    assert!(description.contains("\n\nSources:\n- "), "{description}");
    // A single day ends the next day.
    let plan = by_uid("us-ai-action-plan");
    assert_eq!(
        (
            prop(plan, "DTSTART").val.as_str(),
            prop(plan, "DTEND").val.as_str()
        ),
        ("20250723", "20250724")
    );
    // Known to the month only: the whole month, said in the description, tentative.
    let report = by_uid("rough-report");
    assert_eq!(
        (
            prop(report, "DTSTART").val.as_str(),
            prop(report, "DTEND").val.as_str()
        ),
        ("20260701", "20260801")
    );
    assert!(
        prop(report, "DESCRIPTION")
            .val
            .as_str()
            .contains("Date: around July 2026 (known only to the month).")
    );
    assert_eq!(prop(report, "STATUS").val.as_str(), "TENTATIVE");
    assert!(
        calendar
            .properties
            .iter()
            .any(|p| p.name.as_str() == "PRODID")
    );
}

#[test]
fn icalendar_times_years_and_skipped_dates() {
    let document = imported_json();
    let ics = formats::icalendar(&document);
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    // Three events are BCE: iCalendar cannot write them.
    assert_eq!(events.len(), document.dossier.events.len() - 3);
    let skipped = calendar
        .properties
        .iter()
        .find(|p| p.name.as_str() == "X-DOSSIER-SKIPPED")
        .unwrap();
    assert_eq!(skipped.val.as_str(), "3");
    let by_uid = |uid: &str| {
        *events
            .iter()
            .find(|e| uid_event_id(prop(e, "UID").val.as_str()) == Some(uid))
            .unwrap()
    };
    let pips = by_uid("six-pips");
    assert_eq!(prop(pips, "DTSTART").val.as_str(), "19240205T213000");
    assert_eq!(param(prop(pips, "DTSTART"), "VALUE"), None);
    assert!(pips.find_prop("DTEND").is_none());
    let leap = by_uid("first-leap-second");
    assert_eq!(prop(leap, "DTSTART").val.as_str(), "19720630T235959");
    let end = by_uid("event-11");
    assert_eq!(
        (
            prop(end, "DTSTART").val.as_str(),
            prop(end, "DTEND").val.as_str()
        ),
        ("20350101", "20360101")
    );
    assert!(
        prop(end, "DESCRIPTION")
            .val
            .as_str()
            .contains("(known only to the year)")
    );
    let nicaea = by_uid("nicaea");
    assert_eq!(prop(nicaea, "DTSTART").val.as_str(), "03250520");
    assert_eq!(prop(nicaea, "DTEND").val.as_str(), "03250726");
}

#[test]
fn icalendar_escapes_text_and_folds_on_character_boundaries() {
    let mut dossier = Dossier::new("Escapes");
    dossier.events.push(Box::new(Event {
        id: "e".into(),
        title: "a; b, c \\ d".into(),
        summary: format!("Line one\nline two {}", "李强".repeat(40)).into(),
        start: "2025-07-26".into(),
        lane: "main".into(),
        ..Event::default()
    }));
    let ics = formats::icalendar(&Document::new(dossier));
    assert!(ics.contains("SUMMARY:a\\; b\\, c \\\\ d\r\n"), "{ics}");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
    }
    let unfolded = icalendar::parser::unfold(&ics);
    assert!(
        unfolded.contains(&format!(
            "DESCRIPTION:Line one\\nline two {}",
            "李强".repeat(40)
        )),
        "{unfolded}"
    );
}

// ---------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------

#[test]
fn dossier_markdown_has_chronology_entities_sources_and_briefings() {
    let document = with_rough_event();
    let markdown = formats::dossier_markdown(&document);
    assert!(markdown.starts_with(
        "# AI governance, July 2025: Washington's plan and Shanghai's proposal\n\nHow the United States"
    ));
    for needle in [
        "\n## Chronology\n\n### 2017\n\n- **20 July 2017**: ",
        "\n### 2025\n\n",
        "- **26–28 July 2025**: World Artificial Intelligence Conference (WAIC 2025), Shanghai *(China)* [",
        "\n### 2026\n\n- **around July 2026**: ",
        "*(Multilateral; uncertain)*",
        "\n## Periods\n\n- **EU AI Act phase-in** (1 August 2024 – 2 August 2026): ",
        "\n## Entities\n\n### Countries and blocs\n\n",
        "\n### People\n\n",
        "- **Li Qiang** (李强",
        "Li Qiang proposes",
        "\n## Sources\n\n1. [",
        "\n## Briefings\n\n### ",
        "\n#### Chronology\n\n",
    ] {
        assert!(
            markdown.contains(needle),
            "missing {needle:?} in\n{markdown}"
        );
    }
    for briefing in &document.dossier.briefings {
        assert!(
            markdown.contains(&format!("\n### {}\n\n", briefing.title)),
            "briefing {} missing",
            briefing.id
        );
    }
    // Chronology years in order, each once.
    let years: Vec<&str> = markdown
        .lines()
        .skip_while(|l| *l != "## Chronology")
        .take_while(|l| *l != "## Periods")
        .filter(|l| l.starts_with("### "))
        .collect();
    assert_eq!(
        years,
        [
            "### 2017", "### 2019", "### 2023", "### 2024", "### 2025", "### 2026"
        ]
    );
    assert_eq!(
        markdown,
        formats::dossier_markdown(&document),
        "deterministic"
    );
    // BCE years head their own sections.
    let rome = formats::dossier_markdown(&imported_json());
    assert!(rome.contains("\n### 45 BCE\n\n- **1 January 45 BCE**: The Julian calendar takes effect *(Rome)* [1]\n"), "{rome}");
}

#[test]
fn dossier_markdown_numbers_references_once_for_the_whole_document() {
    let document = dossier::formats::default_dossier();
    let markdown = formats::dossier_markdown(&document);
    // One list of sources: briefings refer to it rather than restarting at [1].
    assert_eq!(markdown.matches("Sources\n\n").count(), 1, "{markdown}");
    let sources: Vec<&str> = markdown
        .lines()
        .skip_while(|l| *l != "## Sources")
        .take_while(|l| *l != "## Briefings")
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    for briefing in &document.dossier.briefings {
        // The briefing on its own numbers its sources from 1.
        let view = dossier::model::briefing_view::BriefingView::new(&document, briefing);
        let Some(first) = view.sources.first() else {
            continue;
        };
        let section = markdown
            .split(&format!("\n### {}\n", briefing.title))
            .nth(1)
            .unwrap();
        let section = section.split("\n### ").next().unwrap();
        assert!(section.contains("*Numbers in brackets refer to the Sources above.*"));
        // Its first mark is the dossier's number of the same source.
        let mark = section
            .split('[')
            .nth(1)
            .unwrap()
            .split(']')
            .next()
            .unwrap();
        let n: usize = mark
            .parse()
            .unwrap_or_else(|_| panic!("{mark:?} in {section}"));
        assert!(
            sources
                .iter()
                .any(|l| l.starts_with(&format!("{n}. ")) && l.contains(&first.title)),
            "{}: [{n}] is not {:?} in {sources:#?}",
            briefing.id,
            first.title
        );
    }
}

// ---------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the dossier binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn cli_validate_names_the_detected_format() {
    let output = dossier(&["validate", JSON_PATH, CSV_PATH, "tests/fixtures/small.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains(&format!(
            "{JSON_PATH}: ok (TimelineJS JSON): 11 events, 0 entities, 3 sources, 0 briefings, "
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{CSV_PATH}: ok (TimelineJS CSV): 6 events, ")),
        "{out}"
    );
    assert!(
        out.contains("tests/fixtures/small.json: ok: 2 events"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{JSON_PATH}: warning: events[4].media.thumbnail: no Dossier equivalent; kept as an extra field"
        )),
        "{out}"
    );
}

#[test]
fn cli_validate_reports_timelinejs_errors_with_paths() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(
        &path,
        r#"{"events": [{"start_date": {"year": 2025, "month": 13}, "text": {"headline": "x"}}]}"#,
    )
    .unwrap();
    let output = dossier(&["validate", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("bad.json: error: events[0].start_date.month: month 13 does not exist"),
        "{err}"
    );
    assert!(err.contains("bad.json: failed: 1 error"), "{err}");
}

#[test]
fn cli_list_reads_timelinejs_files() {
    let output = dossier(&["list", "events", CSV_PATH]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("event-1\t-0043-03-15\tAssassination of Julius Caesar\n"),
        "{text}"
    );
    assert!(
        text.contains("event-3\t1582-10-04/1582-10-15\tThe Gregorian reform\n"),
        "{text}"
    );
    let output = dossier(&["list", "events", JSON_PATH]);
    assert!(stdout(&output).contains("six-pips\t1924-02-05T21:30\tThe six pips\n"));
}

#[test]
fn cli_exports_the_whole_dossier_in_each_format() {
    // TimelineJS to standard output.
    let output = dossier(&["export", "--format", "timelinejs"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        value["events"].as_array().unwrap().len(),
        dossier::formats::default_dossier().dossier.events.len()
    );
    // CSV of a TimelineJS file, to a file.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.csv");
    let output = dossier(&[
        "export",
        JSON_PATH,
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let (header, rows) = read_csv(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(header[0], "id");
    assert_eq!(rows.len(), 11);
    assert_eq!(rows[0][0], "julian-calendar");
    // iCalendar.
    let output = dossier(&["export", "tests/fixtures/small.json", "--format", "ics"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let ics = stdout(&output);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    // Markdown of the whole dossier without --briefing.
    let output = dossier(&["export", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let markdown = stdout(&output);
    assert!(markdown.contains("\n## Chronology\n"));
    assert!(markdown.contains("\n## Briefings\n"));
    assert!(
        markdown.ends_with('\n') && !markdown.ends_with("\n\n"),
        "{markdown}"
    );
    // Markwhen, from the command line, opens again.
    let output = dossier(&[
        "export",
        "tests/fixtures/small.json",
        "--format",
        "markwhen",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let markwhen = stdout(&output);
    let back = load_bytes("small.mw", markwhen.as_bytes()).unwrap();
    assert_eq!(back.source_format, SourceFormat::Markwhen);
    assert_eq!(back.dossier.events.len(), 2, "{markwhen}");
}

#[test]
fn cli_export_keeps_briefings_and_explains_usage_errors() {
    // A briefing as before.
    let output = dossier(&[
        "export",
        "tests/fixtures/small.json",
        "--briefing",
        "brief",
        "--format",
        "markdown",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("# Shanghai\n"));
    // Text needs a briefing: the error names them.
    let output = dossier(&["export", "--format", "text"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("--format text exports a briefing: add --briefing ID (this dossier has: china-waico-proposal, us-china-plans-side-by-side)"),
        "{err}"
    );
    assert!(output.stdout.is_empty());
    // A briefing cannot be exported as TimelineJS, CSV or iCalendar.
    for format in ["timelinejs", "csv", "ics"] {
        let output = dossier(&[
            "export",
            "--briefing",
            "china-waico-proposal",
            "--format",
            format,
        ]);
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert!(
            stderr(&output).contains(&format!(
                "--format {format} exports the whole dossier; --briefing works with --format text, markdown, html, pdf or pdf-letter"
            )),
            "{}",
            stderr(&output)
        );
    }
    // An unknown format is clap's usage error.
    assert_eq!(
        dossier(&["export", "--format", "pdf"]).status.code(),
        Some(2)
    );
}

// ---------------------------------------------------------------------------------------
// Robustness: whatever the bytes, no panic; plain text survives the trip through HTML.
// ---------------------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Paragraphs of lines of words, as Dossier summaries are written.
    fn plain_text() -> impl Strategy<Value = String> {
        let word = "[a-zé李&<>\"';,.()#]{1,8}";
        let line = proptest::collection::vec(word, 1..6).prop_map(|w| w.join(" "));
        let paragraph = proptest::collection::vec(line, 1..4).prop_map(|l| l.join("\n"));
        proptest::collection::vec(paragraph, 1..4).prop_map(|p| p.join("\n\n"))
    }

    proptest! {
        #[test]
        fn plain_text_round_trips_through_html(text in plain_text()) {
            let html = timelinejs::text_to_html(&text);
            prop_assert_eq!(html_to_text(&html).text, text);
        }

        #[test]
        fn html_conversion_never_panics(html in "(<[a-z/!]{0,3}[^>]{0,6}>?|&#?[a-zA-Z0-9]{0,6};?|[^<&]{0,5}){0,20}") {
            let plain = html_to_text(&html);
            prop_assert!(!plain.text.starts_with(char::is_whitespace));
        }

        #[test]
        fn detection_and_imports_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = detect_format(&bytes);
            let _ = load_bytes("any", &bytes);
            let _ = import_json("any.json", &bytes);
            let _ = import_csv("any.csv", &bytes);
        }

        #[test]
        fn timeline_like_text_never_panics(text in r#"(\{|\}|\[|\]|"(title|events|text|start_date|year|month|lanes|format)"|:|,|-?[0-9]{1,4}|"[a-z<>&;]{0,4}"| |\n|Year|Headline|;){0,40}"#) {
            let _ = detect_format(text.as_bytes());
            let _ = load_bytes("t", text.as_bytes());
            let _ = import_json("t.json", text.as_bytes());
            let _ = import_csv("t.csv", text.as_bytes());
        }
    }
}

/// The id an import gives a name is the id the forms give it: one slug, one rule for
/// ids already taken (accents folded, long names capped).
#[test]
fn a_name_gets_the_same_id_on_import_and_in_the_form() {
    use dossier::model::edit::{slug, unused_id};
    use dossier::model::records::RecordKind;

    let long = "Commission nationale de l'informatique et des libertés, délégation régionale";
    let sheet = format!(
        "Year,Headline,Group,Media,Media Credit,Type\n\
         2020,Founded,Société Générale,https://example.org/a,Agence France-Presse,\n\
         2021,Audit,{long:?},,,\n\
         2019,Époque élargie,,,,era\n\
         2022,Closed,Société Générale,,,\n"
    );
    let document = import_csv("ids.csv", sheet.as_bytes()).unwrap();
    let d = &document.dossier;
    let empty = Dossier::default();
    let form_id = |kind: RecordKind, name: &str| unused_id(&empty, kind, &slug(name));

    let lane_ids: Vec<&str> = d.lanes.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        lane_ids,
        [
            form_id(RecordKind::Lane, "Société Générale"),
            form_id(RecordKind::Lane, long)
        ]
    );
    assert_eq!(lane_ids[0], "societe-generale");
    assert!(lane_ids[1].chars().count() <= 60, "{}", lane_ids[1]);
    assert_eq!(
        d.sources[0].id,
        form_id(RecordKind::Source, "Agence France-Presse")
    );
    assert_eq!(
        d.periods[0].id,
        form_id(RecordKind::Period, "Époque élargie")
    );
    assert_eq!(d.periods[0].id, "epoque-elargie");

    // A name already taken gets the same next id both ways.
    let mut taken = Dossier::default();
    taken.lanes.push(d.lanes[0].clone());
    assert_eq!(
        unused_id(&taken, RecordKind::Lane, &slug("Société Générale")),
        "societe-generale-2"
    );
}

/// The File menu and the command line export CSV through `dossier_bytes`: it gives the
/// writer's CSV, and a writer error would come back as an `Err`, not as file content.
#[test]
fn the_csv_export_gives_the_writers_result() {
    use dossier::formats::ExportFormat;
    use dossier::ui::export::{PngOptions, dossier_bytes};

    let document = dossier::formats::default_dossier();
    let bytes = dossier_bytes(&document, ExportFormat::Csv, PngOptions::default()).unwrap();
    assert_eq!(bytes, formats::events_csv(&document).unwrap().into_bytes());
    assert!(!String::from_utf8(bytes).unwrap().contains("error:"));
}
