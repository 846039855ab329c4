//! What a new user meets in the first minutes, driven through the real window: nothing
//! lost, nothing typed in vain, everything by keyboard, words that read right.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

mod common;

use std::path::Path;

use common::{app, app_on_saved_file, app_with, fixture, open_dialog, type_slowly};
use dossier::formats::briefing::{TextFormat, export_briefing};
use dossier::formats::builtin::default_dossier;
use dossier::state::Selection;
use dossier::ui::{DossierApp, LaunchOptions};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

type App = Harness<'static, DossierApp>;

/// The label (or, for a field, the value) of the widget that has the keyboard focus.
fn focused(harness: &App) -> Option<String> {
    #[allow(clippy::redundant_closure_for_method_calls)] // the method is not general enough
    harness.query_by(|node| node.is_focused()).map(|node| {
        let node = node.accesskit_node();
        node.label().or_else(|| node.value()).unwrap_or_default()
    })
}

fn press(harness: &mut App, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Replaces the text of the focused field with `text`, typed a key at a time.
fn retype(harness: &mut App, text: &str) {
    press(harness, Modifiers::COMMAND, Key::A);
    type_slowly(harness, text);
}

fn path_field(harness: &App) -> String {
    harness
        .get_by_role_and_label(Role::TextInput, "File path")
        .value()
        .unwrap_or_default()
}

fn status(harness: &App) -> String {
    harness.state().status_message.clone().unwrap_or_default()
}

/// An imported TimelineJS file in a fresh directory, open in the app.
fn app_on_imported_file() -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>, App) {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("tljs.json");
    let bytes = std::fs::read(fixture("timelinejs/keeping-time.json")).unwrap();
    std::fs::write(&source, &bytes).unwrap();
    let harness = app_with(LaunchOptions {
        file: Some(source.clone()),
        ..LaunchOptions::default()
    });
    (dir, source, bytes, harness)
}

// ---- Data safety ----

#[test]
fn save_on_an_imported_file_suggests_a_new_name_beside_the_source() {
    let (dir, source, bytes, mut harness) = app_on_imported_file();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    let suggested = dir.path().join("tljs.dossier.json");
    assert_eq!(open_dialog(&harness), Some("path field"));
    assert_eq!(path_field(&harness), suggested.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(open_dialog(&harness), None);
    assert_eq!(
        std::fs::read(&source).unwrap(),
        bytes,
        "the source is untouched"
    );
    let saved = std::fs::read_to_string(&suggested).unwrap();
    assert!(saved.contains("\"version\""), "a Dossier file was written");
    assert!(status(&harness).contains(&suggested.display().to_string()));
    // From now on Save writes the new file, never the source.
    assert!(!harness.state().workspace.is_dirty());
}

#[test]
fn saving_over_a_file_that_is_not_a_dossier_asks_first() {
    let (dir, mut harness) = app_on_saved_file();
    let notes = dir.path().join("notes.json");
    std::fs::write(&notes, "{\"title\": \"my own notes\"}").unwrap();
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    retype(&mut harness, notes.to_str().unwrap());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(open_dialog(&harness), Some("replace"));
    harness.get_by_label_contains("is not a Dossier file");
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "{\"title\": \"my own notes\"}"
    );
    // Esc keeps it; asking again and confirming replaces it.
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(open_dialog(&harness), None);
    assert!(
        std::fs::read_to_string(&notes)
            .unwrap()
            .contains("my own notes")
    );
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    retype(&mut harness, notes.to_str().unwrap());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness
        .get_by_role_and_label(Role::Button, "Replace")
        .click();
    harness.run();
    assert!(
        std::fs::read_to_string(&notes)
            .unwrap()
            .contains("\"version\"")
    );
}

#[test]
fn path_prompts_start_in_the_open_files_directory_and_say_the_full_path() {
    let (dir, mut harness) = app_on_saved_file();
    let in_dir = |field: String| Path::new(&field).starts_with(dir.path());
    // Open: the directory, ready for a name.
    press(&mut harness, Modifiers::COMMAND, Key::O);
    assert!(in_dir(path_field(&harness)), "{}", path_field(&harness));
    press(&mut harness, Modifiers::NONE, Key::Escape);
    // Save As and Export: the full path of the file they will write.
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert_eq!(
        path_field(&harness),
        dir.path().join("story.json").display().to_string()
    );
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::COMMAND, Key::E);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let field = path_field(&harness);
    let is_text = Path::new(&field).extension().is_some_and(|e| e == "txt");
    assert!(in_dir(field.clone()) && is_text, "{field}");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(Path::new(&field).exists());
    assert!(status(&harness).contains(&field), "{}", status(&harness));
}

// ---- Forms ----

#[test]
fn typing_a_title_while_validation_messages_come_and_go_keeps_every_key() {
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    assert_eq!(focused(&harness).as_deref(), Some("Title"));
    type_slowly(&mut harness, "UN test event");
    let title = harness.get_by_role_and_label(Role::TextInput, "Title");
    assert_eq!(title.value().as_deref(), Some("UN test event"));
    assert!(title.is_focused());
    // Clearing it brings a message back; typing again still arrives whole.
    press(&mut harness, Modifiers::COMMAND, Key::A);
    press(&mut harness, Modifiers::NONE, Key::Backspace);
    type_slowly(&mut harness, "Second try");
    let title = harness.get_by_role_and_label(Role::TextInput, "Title");
    assert_eq!(title.value().as_deref(), Some("Second try"));
}

#[test]
fn a_new_record_form_puts_the_cursor_in_its_first_field() {
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    assert_eq!(focused(&harness).as_deref(), Some("Title"));
    // The first field is the first in the form, above the id derived from it.
    let title = harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .rect();
    let id = harness.get_by_role_and_label(Role::TextInput, "Id").rect();
    assert!(title.top() < id.top());
}

// ---- Dialogs and keyboard ----

#[test]
fn a_path_prompt_opens_with_its_field_focused() {
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND, Key::O);
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "File path")
            .is_focused()
    );
}

#[test]
fn esc_closes_the_dialog_and_only_it() {
    let mut harness = app_with(LaunchOptions {
        select: Some("li-qiang-proposes-waico".to_owned()),
        ..LaunchOptions::default()
    });
    let selected = harness.state().workspace.selection().cloned();
    assert!(selected.is_some());
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert_eq!(open_dialog(&harness), Some("delete"));
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(open_dialog(&harness), None);
    assert_eq!(harness.state().workspace.selection().cloned(), selected);
    // Keys meant for the window do nothing while a dialog is open.
    press(&mut harness, Modifiers::COMMAND, Key::O);
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(harness.state().workspace.selection().cloned(), selected);
}

#[test]
fn tab_cycles_inside_the_open_dialog() {
    let mut harness = app_with(LaunchOptions {
        select: Some("li-qiang-proposes-waico".to_owned()),
        ..LaunchOptions::default()
    });
    press(&mut harness, Modifiers::NONE, Key::Delete);
    let mut seen = Vec::new();
    for _ in 0..6 {
        seen.push(focused(&harness).unwrap_or_default());
        press(&mut harness, Modifiers::NONE, Key::Tab);
    }
    for label in &seen {
        assert!(
            label.starts_with("Delete") || label == "Cancel",
            "Tab left the dialog for {label:?}: {seen:?}"
        );
    }
    assert!(seen.iter().any(|l| l == "Cancel"), "{seen:?}");
}

#[test]
fn enter_confirms_the_delete() {
    let mut harness = app_with(LaunchOptions {
        select: Some("li-qiang-proposes-waico".to_owned()),
        ..LaunchOptions::default()
    });
    let events = harness.state().workspace.document.dossier.events.len();
    press(&mut harness, Modifiers::NONE, Key::Delete);
    harness.get_by_label_contains("Delete the event “Li Qiang proposes");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(open_dialog(&harness), None);
    assert_eq!(
        harness.state().workspace.document.dossier.events.len(),
        events - 1
    );
}

#[test]
fn events_on_the_timeline_are_reached_and_opened_from_the_keyboard() {
    let mut harness = app();
    let mut order = Vec::new();
    for _ in 0..80 {
        press(&mut harness, Modifiers::NONE, Key::Tab);
        let label = focused(&harness).unwrap_or_default();
        if label.contains("Li Qiang proposes") {
            press(&mut harness, Modifiers::NONE, Key::Enter);
            assert_eq!(
                harness.state().workspace.selection(),
                Some(&Selection::Event("li-qiang-proposes-waico".to_owned()))
            );
            return;
        }
        order.push(label);
    }
    panic!("Tab never reached the event; it went through {order:?}");
}

#[test]
fn tab_walks_the_window_in_screen_order() {
    let mut harness = app();
    let mut order: Vec<String> = Vec::new();
    for _ in 0..160 {
        press(&mut harness, Modifiers::NONE, Key::Tab);
        let label = focused(&harness).unwrap_or_default();
        if order.first() == Some(&label) {
            break;
        }
        order.push(label);
    }
    let position = |what: &str| {
        order
            .iter()
            .position(|l| l == what || l.starts_with(&format!("{what} ")))
            .unwrap_or_else(|| panic!("Tab never reached {what:?}: {order:?}"))
    };
    // Menu, search, timeline toolbar, timeline, entity filter and list, briefing pane.
    let places = [
        position("File"),
        position("Search"),
        position("Fit all"),
        position("Timeline"),
        position("Li Qiang proposes a World AI Cooperation Organization"),
        position("Filter entities"),
        // The first entity of the list (the people are below the fold at 1280×800).
        position("China  中国 中华人民共和国"),
        position("Briefing"),
    ];
    assert!(places.is_sorted(), "{places:?} in {order:?}");
}

/// The walkthrough of the issue, with no pointer event at all.
/// Types `text` and presses Enter in one frame, as a fast typist (or a paste and Enter)
/// does on a slow frame.
fn type_and_enter_at_once(harness: &mut App, text: &str) {
    press(harness, Modifiers::COMMAND, Key::A);
    // Straight into the next frame's input: queued events would get a frame each.
    let enter = |pressed| egui::Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    };
    let events = &mut harness.input_mut().events;
    events.extend([
        egui::Event::Text(text.to_owned()),
        enter(true),
        enter(false),
    ]);
    harness.run();
}

#[test]
fn keys_typed_in_the_frame_that_presses_enter_are_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.json");
    std::fs::copy(fixture("small.json"), &story).unwrap();
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    type_and_enter_at_once(&mut harness, story.to_str().unwrap());
    assert_eq!(
        harness.state().workspace.file_name(),
        "story.json",
        "{}",
        status(&harness)
    );
    // The record form too.
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    press(&mut harness, Modifiers::NONE, Key::F2);
    type_and_enter_at_once(&mut harness, "Typed and applied at once");
    // And the search field: the first result of the whole query is selected.
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_and_enter_at_once(&mut harness, "conference");
    let selected = harness.state().workspace.selected_event();
    let title = selected.map(|e| {
        harness.state().workspace.document.dossier.events[e]
            .title
            .clone()
    });
    assert_eq!(title.as_deref(), Some("World AI Conference"));
    let titles: Vec<&str> = harness
        .state()
        .workspace
        .document
        .dossier
        .events
        .iter()
        .map(|e| &*e.title)
        .collect();
    assert!(titles.contains(&"Typed and applied at once"), "{titles:?}");
}

#[test]
fn keyboard_only_open_find_edit_save_export_delete_undo() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.json");
    std::fs::copy(fixture("small.json"), &story).unwrap();
    let mut harness = app();
    // Open a file by path.
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    retype(&mut harness, story.to_str().unwrap());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().workspace.file_name(), "story.json");
    // Find an event and select it.
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_slowly(&mut harness, "conference");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let Some(Selection::Event(id)) = harness.state().workspace.selection().cloned() else {
        panic!("the search selected no event");
    };
    // Edit its title and apply.
    press(&mut harness, Modifiers::NONE, Key::F2);
    assert_eq!(focused(&harness).as_deref(), Some("Title"));
    retype(&mut harness, "Renamed by keyboard");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let document = &harness.state().workspace.document;
    let event = document.index.event(&document.dossier, &id).unwrap();
    assert_eq!(
        &*document.dossier.events[event].title,
        "Renamed by keyboard"
    );
    // Save as a new file.
    let copy = dir.path().join("copy.json");
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    retype(&mut harness, copy.to_str().unwrap());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("Renamed by keyboard")
    );
    // Export a briefing.
    press(&mut harness, Modifiers::COMMAND, Key::E);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let exported = path_field(&harness);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(Path::new(&exported).exists(), "{exported}");
    // Delete the selected event with Enter, then undo.
    let events = harness.state().workspace.document.dossier.events.len();
    press(&mut harness, Modifiers::NONE, Key::Delete);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(
        harness.state().workspace.document.dossier.events.len(),
        events - 1
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        harness.state().workspace.document.dossier.events.len(),
        events
    );
}

// ---- Words on screen ----

#[test]
fn status_messages_name_records_by_their_title() {
    let (dir, mut harness) = app_on_saved_file();
    press(&mut harness, Modifiers::COMMAND, Key::E);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let briefing = &harness.state().workspace.document.dossier.briefings[0];
    let message = status(&harness);
    assert!(
        message.starts_with(&format!(
            "Exported \"{}\" to {}",
            briefing.title,
            dir.path().display()
        )),
        "{message}"
    );
}

#[test]
fn counts_read_as_words_with_separators_and_plurals() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.json");
    let mut dossier = default_dossier().dossier;
    dossier.events.truncate(1);
    dossier.briefings.clear();
    std::fs::write(&one, serde_json::to_string(&dossier).unwrap()).unwrap();
    let harness = app_with(LaunchOptions {
        file: Some(one),
        ..LaunchOptions::default()
    });
    // The status line and the dossier's overview both count.
    assert_eq!(harness.query_all_by_label_contains("1 event ·").count(), 2);
    assert_eq!(
        harness.query_all_by_label_contains("· 0 briefings").count(),
        2
    );
    assert!(harness.query_by_label_contains("1 events").is_none());
}

#[test]
fn the_markdown_briefing_does_not_say_purpose_for() {
    let document = default_dossier();
    for briefing in &document.dossier.briefings {
        let text = export_briefing(&document, &briefing.id, TextFormat::Markdown, 78).unwrap();
        assert!(!text.contains("Purpose:** For:"), "{text}");
    }
}

#[test]
fn a_failed_open_at_start_up_says_the_built_in_dossier_is_shown() {
    let harness = app_with(LaunchOptions {
        file: Some(fixture("trailing-comma.json")),
        ..LaunchOptions::default()
    });
    harness.get_by_label("Could not open the file");
    harness.get_by_label_contains("The built-in dossier is shown instead");
    assert!(
        harness
            .query_by_label_contains("that was open stays open")
            .is_none()
    );
}

#[test]
fn unsaved_changes_show_in_the_status_bar() {
    let (_dir, mut harness) = app_on_saved_file();
    assert!(harness.query_by_label_contains("Unsaved changes").is_none());
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    press(&mut harness, Modifiers::NONE, Key::Delete);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label_contains("story.json • Unsaved changes");
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(harness.query_by_label_contains("Unsaved changes").is_none());
}

#[test]
fn the_readme_names_the_settings_directory_the_app_uses() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let dir = eframe::storage_dir(dossier::platform::APP_ID).unwrap();
    let name = dir.file_name().unwrap().to_str().unwrap();
    assert!(
        readme.contains(&format!("~/.local/share/{name}/")),
        "the README should name ~/.local/share/{name}/"
    );
}
