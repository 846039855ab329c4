//! The one list of actions: every action can be reached, shortcuts do not collide, a
//! disabled action's shortcut does nothing, one dialog is open at a time, and the README
//! lists the shortcuts the app has.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use dossier::ui::DossierApp;
use dossier::ui::actions::{Action, ActionContext, shortcut_text};
use dossier::ui::panels::menu::menu_actions;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use common::{app, app_on_saved_file, open_dialog};

fn enabled(harness: &Harness<'static, DossierApp>, action: Action) -> bool {
    action.enabled(&ActionContext::of(&harness.state().workspace))
}

#[test]
fn every_action_is_listed_once_and_reachable_from_the_menu_or_a_shortcut() {
    let mut seen = BTreeSet::new();
    for action in Action::ALL {
        assert!(seen.insert(action.label()), "{action:?} listed twice");
        assert!(!action.tooltip().is_empty(), "{action:?} has no tooltip");
        let in_menu = menu_actions().any(|a| a == action);
        assert!(
            in_menu || !action.shortcuts().is_empty(),
            "{action:?} is in no menu and has no shortcut"
        );
    }
    // The menus offer nothing that is not in the list.
    for action in menu_actions() {
        assert!(Action::ALL.contains(&action), "{action:?} missing from ALL");
    }
    // The record kinds that have no pane of their own can be created from the menu.
    for action in [Action::NewLane, Action::NewSource, Action::NewPeriod] {
        assert!(
            menu_actions().any(|a| a == action),
            "{action:?} not in a menu"
        );
    }
}

#[test]
fn no_two_actions_share_a_shortcut_and_none_is_shadowed() {
    let mut owners = HashMap::new();
    for action in Action::ALL {
        for shortcut in action.shortcuts() {
            if let Some(other) = owners.insert(*shortcut, action) {
                panic!(
                    "{} is the shortcut of both {other:?} and {action:?}",
                    shortcut_text(shortcut)
                );
            }
        }
    }
    // The keyboard checks bindings in this order, and egui ignores extra Shift and Alt:
    // a binding checked earlier must not take the keys of a later one.
    let bindings = Action::bindings();
    assert_eq!(bindings.len(), owners.len());
    for (i, (earlier, first)) in bindings.iter().enumerate() {
        for (later, second) in &bindings[i + 1..] {
            let taken = earlier.logical_key == later.logical_key
                && later.modifiers.matches_logically(earlier.modifiers);
            assert!(
                !taken,
                "{} ({first:?}) takes {} ({second:?})",
                shortcut_text(earlier),
                shortcut_text(later)
            );
        }
    }
}

#[test]
fn shortcuts_are_written_the_way_the_readme_writes_them() {
    let text = |action: Action| {
        action
            .shortcuts()
            .iter()
            .map(shortcut_text)
            .collect::<Vec<_>>()
            .join(" or ")
    };
    assert_eq!(text(Action::Redo), "Ctrl+Shift+Z or Ctrl+Y");
    assert_eq!(text(Action::Back), "Alt+←");
    assert_eq!(text(Action::ClearSelection), "Esc");
    assert_eq!(text(Action::ZoomIn), "+ or =");
    assert_eq!(Action::EditSelected.hint(), "Edit Selected (F2)");
}

/// The rows of the README's `| keys | action |` table.
fn readme_key_rows() -> Vec<(String, String)> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut lines = readme
        .lines()
        .skip_while(|line| line.trim() != "| keys | action |")
        .skip(2);
    let mut rows = Vec::new();
    for line in lines.by_ref() {
        let Some(inner) = line
            .trim()
            .strip_prefix('|')
            .and_then(|l| l.strip_suffix('|'))
        else {
            break;
        };
        let (keys, action) = inner.split_once('|').expect("two columns");
        rows.push((keys.trim().to_owned(), action.trim().to_owned()));
    }
    assert!(!rows.is_empty(), "no key table in README.md");
    rows
}

#[test]
fn the_readme_key_table_lists_exactly_the_shortcuts_of_the_actions() {
    // Pointer gestures have no action; everything else is a keyboard row.
    let pointer = ["mouse", "drag", "wheel", "click"];
    let readme: BTreeSet<(String, String)> = readme_key_rows()
        .into_iter()
        .filter(|(keys, _)| !pointer.iter().any(|word| keys.contains(word)))
        // "back (through the selection history)": the words in brackets explain.
        .map(|(keys, action)| {
            let name = action.split(" (").next().unwrap_or_default().to_owned();
            (keys, name)
        })
        .collect();
    let actions: BTreeSet<(String, String)> = Action::ALL
        .iter()
        .filter(|action| !action.shortcuts().is_empty())
        .map(|action| {
            let keys: Vec<String> = action.shortcuts().iter().map(shortcut_text).collect();
            let name = action.label().trim_end_matches('…').to_lowercase();
            (keys.join(" or "), name)
        })
        .collect();
    let missing: Vec<_> = actions.difference(&readme).collect();
    let extra: Vec<_> = readme.difference(&actions).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "README key table differs from the actions: missing {missing:?}, not an action {extra:?}"
    );
}

#[test]
fn a_disabled_actions_shortcut_does_nothing() {
    let mut harness = app();
    assert_eq!(harness.state().workspace.selection(), None);
    for (modifiers, key, action) in [
        (Modifiers::NONE, Key::Delete, Action::DeleteSelected),
        (Modifiers::NONE, Key::F2, Action::EditSelected),
        (Modifiers::COMMAND, Key::D, Action::DuplicateSelected),
        (Modifiers::COMMAND, Key::Z, Action::Undo),
        // Nothing to go back to; ← alone (previous event) must not run either.
        (Modifiers::ALT, Key::ArrowLeft, Action::Back),
    ] {
        assert!(!enabled(&harness, action), "{action:?} should be disabled");
        harness.key_press_modifiers(modifiers, key);
        harness.run();
        let app = harness.state();
        assert_eq!(open_dialog(&harness), None, "{action:?} opened a dialog");
        assert!(app.editor.is_none(), "{action:?} opened the form");
        assert_eq!(app.workspace.selection(), None, "{action:?} selected");
    }

    // Enabled, the same key acts: with an event selected, Delete asks.
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert!(harness.state().workspace.selection().is_some());
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(open_dialog(&harness), Some("delete"));
}

#[test]
fn save_with_nothing_to_save_does_nothing() {
    let (_dir, mut harness) = app_on_saved_file();
    assert!(!enabled(&harness, Action::Save));
    let status = harness.state().status_message.clone();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(open_dialog(&harness), None);
    assert!(harness.state().error_panel.is_none());
    assert_eq!(harness.state().status_message, status);

    // The built-in dossier has no file of its own: Ctrl+S asks for one.
    let mut harness = app();
    assert!(enabled(&harness, Action::Save));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(open_dialog(&harness), Some("path field"));
    harness.get_by_label("Save the dossier as");
}

#[test]
fn one_dialog_is_open_at_a_time_and_the_window_behind_waits() {
    let mut harness = app();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard Shortcuts").click();
    harness.run();
    assert_eq!(open_dialog(&harness), Some("shortcuts"));
    // The window lists the shortcuts from the action list.
    harness.get_by_label("Ctrl+Shift+Z or Ctrl+Y");
    // A click on the menu behind the dialog does not open it: it dismisses the
    // dialog, as Esc does.
    harness.get_by_label("Help").click();
    harness.run();
    assert!(harness.query_by_label("About Dossier").is_none());
    assert_eq!(open_dialog(&harness), None);
    // A dialog that leads to another is replaced by it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    assert_eq!(open_dialog(&harness), Some("export"));
    harness.get_by_label("Choose file and export…").click();
    harness.run();
    assert_eq!(open_dialog(&harness), Some("path field"));
    assert!(harness.query_by_label("Export briefing").is_none());
}

#[test]
fn new_lane_source_and_period_open_the_form_from_the_edit_menu() {
    for item in ["New Lane…", "New Source…", "New Period…"] {
        let mut harness = app();
        harness.get_by_label("Edit").click();
        harness.run();
        harness.get_by_label(item).click();
        harness.run();
        assert!(harness.state().editor.is_some(), "{item} opened no form");
    }
}

#[test]
fn unsaved_edits_wait_for_save_or_discard_as_commands() {
    let (dir, mut harness) = app_on_saved_file();
    // An edit, then File → Open Built-in Dossier: asks first.
    harness.key_press(Key::ArrowRight);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Edit…").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Mine");
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Apply").click();
    harness.run();
    assert!(harness.state().workspace.is_dirty());
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open Built-in Dossier").click();
    harness.run();
    assert_eq!(open_dialog(&harness), Some("unsaved changes"));
    // Save: the file is written, then the built-in dossier opens.
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(open_dialog(&harness), None);
    assert!(!harness.state().workspace.is_dirty());
    assert_eq!(
        harness.state().workspace.origin,
        dossier::state::Origin::Embedded
    );
    let saved = std::fs::read_to_string(dir.path().join("story.json")).unwrap();
    assert!(
        saved.contains("\"title\": \"Mine\""),
        "the edit was not saved"
    );
}
