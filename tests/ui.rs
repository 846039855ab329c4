//! The real app driven headless through `egui_kittest`: find widgets by their accessible
//! names, click, type, and check what the window shows.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

mod common;

use std::path::PathBuf;

use dossier::formats::briefing::{TextFormat, export_briefing};
use dossier::state::Selection;
use dossier::ui::{DossierApp, LaunchOptions};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use common::{app, app_with, fixture};

const SPEECH: &str = "Li Qiang proposes a World AI Cooperation Organization";

#[test]
fn the_default_dossier_opens_with_its_lanes_and_core_events() {
    let harness = app();
    for lane in ["United States", "China", "Multilateral", "Industry"] {
        harness.get_by_label(lane);
    }
    // The opening view shows the week of the story: the three core events are drawn.
    harness.get_by_role_and_label(Role::Button, SPEECH);
    harness.get_by_role_and_label(
        Role::Button,
        "US publishes \"Winning the Race: America's AI Action Plan\"",
    );
    harness.get_by_role_and_label(
        Role::Button,
        "World Artificial Intelligence Conference (WAIC 2025), Shanghai",
    );
    harness.get_by_label_contains("26 events · 39 entities · 4 lanes · 2 briefings");
    assert!(harness.state().window_title().contains("AI governance"));
}

#[test]
fn clicking_an_event_shows_it_in_the_briefing_pane() {
    let mut harness = app();
    harness.get_by_role_and_label(Role::Button, SPEECH).click();
    harness.run();
    assert_eq!(
        harness.state().workspace.selection(),
        Some(&Selection::Event("li-qiang-proposes-waico".to_owned()))
    );
    harness.get_by_label("26 July 2025");
    harness.get_by_label("Quotes");
    harness.get_by_label_contains("exclusive game");
    harness.get_by_label("Actors");
    harness.get_by_role_and_label(Role::Button, "Li Qiang · speaker");
    // The speech is highlighted and labelled on the timeline; its quotes cite the speaker.
    assert!(harness.query_all_by_label("— Li Qiang").count() >= 3);
}

const WAIC: &str = "World Artificial Intelligence Conference (WAIC 2025), Shanghai";

#[test]
fn an_event_shows_its_evidence_with_grades_links_and_contested_figures() {
    let mut harness = app();
    harness.get_by_role_and_label(Role::Button, WAIC).click();
    harness.run();
    harness.get_by_label("Evidence");
    // Its badge: best source graded B or C, the account confirmed by other sources.
    harness.get_by_label("Credibility 1: confirmed by other sources");
    // Each source with its grade spelled out, publisher and date, and its link.
    harness.get_by_label_contains("C · fairly reliable, Doitong, July 2025");
    harness.get_by_role_and_label(Role::Link, "World AI Conference 2025 Opens in Shanghai");
    // A source whose article address is unknown says so rather than linking a home page.
    harness.get_by_label_contains("C · fairly reliable, Cointribune");
    assert!(harness.query_all_by_label("· no address known").count() >= 1);
    // The attendance figure is contested: each value with the outlet that gives it.
    harness.get_by_label("Contested: countries represented");
    harness.get_by_label("40+ countries and organisations");
    harness.get_by_label("Pandaily");

    // The speech's quotes keep the words as the source gives them.
    harness.get_by_role_and_label(Role::Button, SPEECH).click();
    harness.run();
    harness.get_by_label_contains(
        "original, fr: “un jeu exclusif réservé à quelques pays et entreprises”",
    );
}

#[test]
fn a_briefing_shows_the_grade_of_each_citation_and_marks_weak_paragraphs() {
    let mut harness = app();
    harness
        .get_by_label("China proposes a World AI Cooperation Organization")
        .click();
    harness.run();
    // The summary's first citation is Cointribune, graded C.
    harness.get_by_label_contains("Global AI Governance Action Plan [3 A]");
    assert!(harness.query_all_by_label_contains("[1 C]").count() >= 1);
    assert!(
        harness
            .query_all_by_label("⚠ rests on a single source")
            .count()
            >= 1
    );
}

#[test]
fn the_filter_on_events_resting_on_one_source_narrows_the_timeline() {
    let mut harness = app();
    harness.get_by_label("Filters…").click();
    harness.run();
    harness.get_by_label("Events resting on one source").click();
    harness.run();
    let document = &harness.state().workspace.document;
    let single = document
        .dossier
        .events
        .iter()
        .filter(|e| dossier::model::evidence::event_sources(&document.index, e).len() == 1)
        .count();
    assert!(single > 0 && single < 26);
    harness.get_by_label_contains(&format!("{single} of 26 events shown"));
}

#[test]
fn selecting_li_qiang_in_the_sidebar_lists_his_events() {
    let mut harness = app();
    // The timeline takes most of the window's height: the people are found by name.
    let field = harness.get_by_role_and_label(Role::TextInput, "Filter entities");
    field.focus();
    field.type_text("li q");
    harness.run();
    harness.get_by_label_contains("Li Qiang  李强").click();
    harness.run();
    assert_eq!(
        harness.state().workspace.selection(),
        Some(&Selection::Entity("li-qiang".to_owned()))
    );
    harness.get_by_label("Events (2)");
    // His events are links in the pane; clicking one selects it.
    harness
        .get_by_role_and_label(Role::Link, &format!("{SPEECH} (speaker)"))
        .click();
    harness.run();
    assert_eq!(
        harness.state().workspace.selection(),
        Some(&Selection::Event("li-qiang-proposes-waico".to_owned()))
    );
}

#[test]
fn the_alias_filter_finds_entities_by_chinese_name_and_initials() {
    let mut harness = app();
    assert!(
        harness.query_by_label_contains("United Kingdom").is_some(),
        "unfiltered, the first groups are listed"
    );
    for query in ["李强", "li q"] {
        let field = harness.get_by_role_and_label(Role::TextInput, "Filter entities");
        field.focus();
        field.type_text(query);
        harness.run();
        assert!(
            harness.query_by_label_contains("Li Qiang  李强").is_some(),
            "{query} should find Li Qiang"
        );
        assert!(
            harness.query_by_label_contains("United Kingdom").is_none(),
            "{query} should hide the United Kingdom"
        );
        harness.state_mut().sidebar.filter.clear();
        harness.run();
    }
}

#[test]
fn a_bad_file_keeps_the_open_dossier_and_shows_where_it_is_wrong() {
    let mut harness = app();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains("Open Path…").click();
    harness.run();
    // The field starts with a directory: replace it with the whole path.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "File path")
        .type_text(fixture("trailing-comma.json").to_str().unwrap());
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Open").click();
    harness.run();
    harness.get_by_label("Could not open the file");
    harness.get_by_label_contains("trailing-comma.json:35:5: trailing comma");
    assert_eq!(
        harness.state().workspace.document.dossier.events.len(),
        dossier::formats::default_dossier().dossier.events.len()
    );
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.query_by_label("Could not open the file").is_none());

    // A semantic error lists every problem with its JSON path.
    harness
        .state_mut()
        .open_file(&fixture("dangling-entity.json"));
    harness.run();
    harness.get_by_label_contains("events[0].entities[0].id: unknown entity \"li-qiang-typo\"");
    assert!(
        harness
            .state()
            .workspace
            .document
            .dossier
            .title
            .starts_with("AI governance")
    );
}

#[test]
fn a_good_file_opens_from_the_command_line_path() {
    let harness = app_with(LaunchOptions {
        file: Some(fixture("small.json")),
        ..LaunchOptions::default()
    });
    harness.get_by_label("small.json");
    harness.get_by_role_and_label(Role::Button, "World AI Conference");
    assert!(
        harness
            .state()
            .window_title()
            .starts_with("Small test dossier — small.json")
    );
}

#[test]
fn export_through_the_ui_writes_what_the_command_line_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brief.txt");
    let mut harness = app_with(LaunchOptions {
        select: Some("us-china-plans-side-by-side".to_owned()),
        ..LaunchOptions::default()
    });
    harness
        .get_by_role_and_label(Role::Button, "Export…")
        .click();
    harness.run();
    harness.get_by_label("Choose file and export…").click();
    harness.run();
    // Replace the suggested path with one in the temporary directory.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "File path")
        .type_text(out.to_str().unwrap());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    harness.run();
    let written = std::fs::read_to_string(&out).unwrap();
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["export", "--briefing", "us-china-plans-side-by-side"])
        .output()
        .unwrap();
    assert_eq!(written, String::from_utf8(cli.stdout).unwrap());
    let document = &harness.state().workspace.document;
    assert_eq!(
        written,
        export_briefing(
            document,
            "us-china-plans-side-by-side",
            TextFormat::Plain,
            78
        )
        .unwrap()
    );
}

/// The position of the `n`th event in time order of the open dossier.
fn nth_in_time(harness: &Harness<'_, DossierApp>, n: usize) -> usize {
    let index = &harness.state().workspace.document.index;
    index
        .chronological()
        .get(n)
        .expect("the dossier has that many dated events")
}

#[test]
fn keyboard_moves_the_selection_through_time_and_back() {
    let mut harness = app();
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    let first = nth_in_time(&harness, 0);
    assert_eq!(harness.state().workspace.selected_event(), Some(first));
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    let second = nth_in_time(&harness, 1);
    assert_eq!(harness.state().workspace.selected_event(), Some(second));
    harness.key_press(egui::Key::ArrowLeft);
    harness.run();
    assert_eq!(harness.state().workspace.selected_event(), Some(first));
    // Alt+← goes back in the selection history, Alt+→ forward again.
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    harness.run();
    assert_eq!(harness.state().workspace.selected_event(), Some(second));
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowRight);
    harness.run();
    assert_eq!(harness.state().workspace.selected_event(), Some(first));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().workspace.selection(), None);
}

#[test]
fn zoom_keys_and_fit_change_the_view() {
    let mut harness = app();
    let span = |view: Option<(f64, f64)>| view.map(|(start, end)| end - start).unwrap();
    let opening = span(harness.state().timeline.view());
    harness.key_press(egui::Key::Plus);
    harness.run();
    assert!(
        span(harness.state().timeline.view()) < opening * 0.8,
        "+ zooms in"
    );
    harness.key_press(egui::Key::Home);
    harness.run();
    let (view_start, view_end) = harness.state().timeline.view().unwrap();
    let (first, last) = harness.state().workspace.document.index.extent().unwrap();
    assert!(
        view_start <= first as f64 && view_end >= last as f64,
        "Home shows everything"
    );
}

#[test]
fn the_briefing_chooser_shows_a_briefing_like_the_export() {
    let mut harness = app();
    harness
        .get_by_label("Washington's and Beijing's AI plans, side by side")
        .click();
    harness.run();
    assert_eq!(
        harness.state().workspace.selection(),
        Some(&Selection::Briefing(
            "us-china-plans-side-by-side".to_owned()
        ))
    );
    for heading in ["Chronology", "Key actors", "Sources"] {
        harness.get_by_label(heading);
    }
}

#[test]
fn every_dossier_export_is_written_from_the_file_menu_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app();
    for (item, submenu, file) in [
        ("TimelineJS JSON…", None, "story.timeline.json"),
        ("Markwhen (.mw)…", None, "story.mw"),
        ("Events as CSV…", None, "events.csv"),
        ("Calendar (.ics)…", None, "events.ics"),
        ("Whole Dossier as Markdown…", None, "dossier.md"),
        (
            "1280×480 (slides)…",
            Some("Timeline as PNG"),
            "timeline.png",
        ),
    ] {
        let path = dir.path().join(file);
        harness.get_by_label("File").click();
        harness.run();
        harness.get_by_label("Export Dossier").click();
        harness.run();
        if let Some(submenu) = submenu {
            harness.get_by_label(submenu).click();
            harness.run();
        }
        harness.get_by_label(item).click();
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, "File path")
            .focus();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, "File path")
            .type_text(path.to_str().unwrap());
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, "Export")
            .click();
        harness.run();
        assert!(path.exists(), "{item} wrote nothing");
    }
    // Read each back with an independent reader.
    let timeline = dossier::formats::load_file(&dir.path().join("story.timeline.json")).unwrap();
    assert_eq!(
        timeline.source_format,
        dossier::model::SourceFormat::TimelineJsJson
    );
    let events = dossier::formats::default_dossier().dossier.events.len();
    assert_eq!(timeline.dossier.events.len(), events);
    // The Markwhen export and the events CSV open again as what they are.
    let markwhen = dossier::formats::load_file(&dir.path().join("story.mw")).unwrap();
    assert_eq!(
        markwhen.source_format,
        dossier::model::SourceFormat::Markwhen
    );
    assert_eq!(markwhen.dossier.events.len(), events);
    let read_back = dossier::formats::load_file(&dir.path().join("events.csv")).unwrap();
    assert_eq!(
        read_back.source_format,
        dossier::model::SourceFormat::EventsCsv
    );
    assert_eq!(read_back.dossier.events.len(), events);
    let mut csv = csv::Reader::from_path(dir.path().join("events.csv")).unwrap();
    assert_eq!(csv.records().count(), events);
    let ics = std::fs::read_to_string(dir.path().join("events.ics")).unwrap();
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    assert_eq!(
        calendar
            .components
            .iter()
            .filter(|c| c.name == "VEVENT")
            .count(),
        events
    );
    let markdown = std::fs::read_to_string(dir.path().join("dossier.md")).unwrap();
    assert!(
        markdown.starts_with("# AI governance"),
        "{}",
        &markdown[..80]
    );
    let png = std::fs::read(dir.path().join("timeline.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1280, 480));
}

/// A file dropped on the window, as the platform layer hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_file_on_the_window_opens_it() {
    let mut harness = app();
    let file: egui::DroppedFileHandle = std::sync::Arc::new(Dropped(fixture("small.json")));
    harness.input_mut().hovered_files.push(egui::HoveredFile {
        path: Some(fixture("small.json")),
        ..Default::default()
    });
    harness.step();
    harness.input_mut().hovered_files.clear();
    harness.input_mut().dropped_files.push(file);
    harness.run();
    assert_eq!(
        harness.state().workspace.document.dossier.title,
        "Small test dossier"
    );
    // A broken file dropped keeps the open dossier and says why.
    let bad: egui::DroppedFileHandle = std::sync::Arc::new(Dropped(fixture("bad-date.json")));
    harness.input_mut().dropped_files.push(bad);
    harness.run();
    assert_eq!(
        harness.state().workspace.document.dossier.title,
        "Small test dossier"
    );
    harness.get_by_label_contains("impossible date \"2025-02-30\"");
    // A Markwhen file opens too, recognised from its content.
    let mut harness = app();
    let markwhen: egui::DroppedFileHandle =
        std::sync::Arc::new(Dropped(fixture("markwhen/space-age.mw")));
    harness.input_mut().dropped_files.push(markwhen);
    harness.run();
    assert_eq!(
        harness.state().workspace.document.dossier.title,
        "The space age"
    );
    harness.get_by_label("Sputnik 1");
}

/// A generated dossier large enough to be opened on the worker thread, written once.
fn big_file() -> PathBuf {
    static BIG: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    BIG.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let dossier =
            dossier::model::generate::generate(dossier::model::generate::GenerateOptions {
                events: 30_000,
                seed: 13,
            });
        std::fs::write(&path, dossier.to_json()).unwrap();
        assert!(
            std::fs::metadata(&path).unwrap().len() >= dossier::state::BACKGROUND_LOAD_BYTES,
            "the file must be big enough to load in the background"
        );
        (dir, path)
    })
    .1
    .clone()
}

/// The start of the status line's counts for the open dossier ("22 events · 39 entities ·
/// 4 lanes"): it tells which dossier the window shows.
fn counts_line(app: &DossierApp) -> String {
    let dossier = &app.workspace.document.dossier;
    format!(
        "{} events · {} entities · {} lanes",
        dossier.events.len(),
        dossier.entities.len(),
        dossier.lanes.len()
    )
}

fn drop_file(harness: &mut Harness<'static, DossierApp>, path: PathBuf) {
    let file: egui::DroppedFileHandle = std::sync::Arc::new(Dropped(path));
    harness.input_mut().dropped_files.push(file);
    // One frame takes the file and starts the load, the next shows its banner.
    harness.step();
    harness.step();
}

#[test]
fn a_big_dossier_opens_while_the_old_one_stays_shown_and_usable() {
    let mut harness = app();
    let old = counts_line(harness.state());
    drop_file(&mut harness, big_file());
    let start = std::time::Instant::now();
    // The old dossier stays usable: a click selects in it while the new one loads.
    harness.get_by_role_and_label(Role::Button, SPEECH).click();
    harness.step();
    harness.step();
    assert!(harness.state().loading().is_some());
    assert_eq!(
        harness.state().workspace.selection(),
        Some(&Selection::Event("li-qiang-proposes-waico".to_owned()))
    );
    let mut frames_while_loading = 0;
    while harness.state().loading().is_some() {
        // The window keeps painting: the banner, and the old dossier below it.
        harness.get_by_label_contains("Opening big.json");
        harness.get_by_role_and_label(Role::Button, "Cancel");
        harness.get_by_label_contains(&old);
        assert!(harness.state().window_title().contains("AI governance"));
        harness.step();
        frames_while_loading += 1;
        assert!(start.elapsed().as_secs() < 120, "the load never ended");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(
        frames_while_loading >= 1,
        "frames while loading: {frames_while_loading}"
    );
    harness.step();
    assert!(harness.state().window_title().contains("Synthetic dossier"));
    assert!(harness.query_all_by_label_contains("30000 events").count() >= 1);
    assert!(
        harness
            .query_by_label_contains("Opening big.json")
            .is_none()
    );
    assert_eq!(
        harness.state().workspace.document.dossier.events.len(),
        30_000
    );
}

#[test]
fn cancelling_a_big_open_keeps_the_old_dossier() {
    let mut harness = app();
    let old = counts_line(harness.state());
    drop_file(&mut harness, big_file());
    assert!(harness.state().loading().is_some());
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.step();
    harness.step();
    assert!(harness.state().loading().is_none());
    harness.get_by_label_contains("Cancelled opening");
    // Long after the worker would have finished, the old dossier is still the one open.
    for _ in 0..20 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(harness.state().window_title().contains("AI governance"));
    harness.get_by_label_contains(&old);
    assert!(
        harness
            .query_by_label_contains("Opening big.json")
            .is_none()
    );
}

#[test]
fn edits_made_while_a_big_file_loads_are_not_thrown_away() {
    let mut harness = app();
    drop_file(&mut harness, big_file());
    assert!(harness.state().loading().is_some());
    let mut event = harness.state().workspace.document.dossier.events[0].clone();
    event.title = "Renamed while the big file loads".into();
    harness
        .state_mut()
        .workspace
        .apply(
            "rename event",
            dossier::model::edit::Edit::Replace {
                index: 0,
                record: dossier::model::records::Record::Event(event),
            },
        )
        .unwrap();
    let start = std::time::Instant::now();
    while harness.state().loading().is_some() {
        assert!(start.elapsed().as_secs() < 120, "the load never ended");
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    harness.step();
    assert!(harness.state().workspace.is_dirty());
    assert_eq!(
        &*harness.state().workspace.document.dossier.events[0].title,
        "Renamed while the big file loads"
    );
    harness.get_by_label_contains("the open dossier was edited meanwhile");
}

/// Every event drawn at this view carries its label: nothing hidden, nothing clustered.
fn assert_every_drawn_event_is_labelled(harness: &Harness<'static, DossierApp>, view: &str) {
    let drawn = harness.state().timeline.drawn();
    assert!(!drawn.events.is_empty(), "{view}: events are drawn");
    assert_eq!(drawn.hidden_labels, 0, "{view}: no \"+n more\"");
    assert_eq!(drawn.clustered, 0, "{view}: no clusters");
    let mut labelled = drawn.labelled.clone();
    let mut events = drawn.events.clone();
    labelled.sort_unstable();
    events.sort_unstable();
    assert_eq!(labelled, events, "{view}: every drawn event has its label");
}

#[test]
fn the_built_in_dossier_shows_every_label_at_its_opening_view_and_at_fit_all() {
    let mut harness = app();
    assert_every_drawn_event_is_labelled(&harness, "opening view");
    harness.key_press(egui::Key::Home);
    harness.run();
    // At fit all the lanes are taller than the panel: scrolling them (the wheel over
    // the lane names) shows the rest, every event with its label.
    let mut seen: Vec<usize> = Vec::new();
    for _ in 0..20 {
        assert_every_drawn_event_is_labelled(&harness, "fit all");
        seen.extend(&harness.state().timeline.drawn().labelled);
        harness.hover_at(egui::pos2(60.0, 300.0));
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -60.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.run();
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(
        seen.len(),
        harness.state().workspace.document.dossier.events.len(),
        "fit all shows every event's label"
    );
}

#[test]
fn the_event_table_lists_sorts_and_selects_events() {
    let mut harness = app();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    harness.run();
    assert!(harness.state().table.open, "Ctrl+T opens the table");
    let events = harness.state().workspace.document.dossier.events.len();
    assert_eq!(harness.state().table.rows().len(), events);
    // Sorted by date: the first row is the earliest event, shown by its title.
    let first = nth_in_time(&harness, 0);
    assert_eq!(harness.state().table.rows()[0], first);
    // A click on "Title" sorts by title.
    harness.get_by_label("Title").click();
    harness.run();
    let titles: Vec<String> = harness
        .state()
        .table
        .rows()
        .iter()
        .map(|&e| {
            harness.state().workspace.document.dossier.events[e]
                .title
                .to_lowercase()
        })
        .collect();
    assert!(titles.windows(2).all(|w| w[0] <= w[1]), "{titles:?}");
    // A click on a row selects its event; ↓ selects the next row.
    let top = harness.state().table.rows()[0];
    let top_title = harness.state().workspace.document.dossier.events[top]
        .title
        .clone();
    harness.get_by_label(&top_title).click();
    harness.run();
    assert_eq!(harness.state().workspace.selected_event(), Some(top));
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    let second = harness.state().table.rows()[1];
    assert_eq!(harness.state().workspace.selected_event(), Some(second));
    // The briefing pane follows the selection.
    let second_title = harness.state().workspace.document.dossier.events[second]
        .title
        .clone();
    assert!(harness.query_all_by_label(&second_title).count() >= 2);
    // A search narrows the rows to its results.
    harness.state_mut().search.query = "Li Qiang".to_owned();
    // The search index is built on a worker thread; the find bar repaints meanwhile.
    for _ in 0..200 {
        harness.run_steps(1);
        if !harness.state().search.results.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    harness.run_steps(2);
    let rows = harness.state().table.rows().len();
    assert!(rows > 0 && rows < events, "{rows} rows for the search");
    // And the menu item goes back to the timeline.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    harness.run();
    assert!(!harness.state().table.open);
}
