//! Editing: every kind of edit through the one command path, with undo and redo; and the
//! editing workflow through the real window (forms, undo, save, reload, changes on disk).

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::formats::DEFAULT_DOSSIER_JSON;
use dossier::model::dataset::{Briefing, Entity, EntityKind, Event, Lane, Period, Source};
use dossier::model::edit::{Edit, delete_with_references, position_of};
use dossier::model::records::{Record, RecordKind};
use dossier::state::{Origin, Selection, Workspace};
use dossier::ui::{DossierApp, LaunchOptions};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn workspace() -> Workspace {
    Workspace::default()
}

fn record_of(kind: RecordKind) -> Record {
    match kind {
        RecordKind::Lane => Record::Lane(Lane {
            id: "eu".into(),
            label: "European Union".into(),
            ..Lane::default()
        }),
        RecordKind::Entity => Record::Entity(Entity {
            id: "wang-yi".into(),
            name: "Wang Yi".into(),
            kind: EntityKind::Person,
            aliases: vec!["王毅".into()],
            ..Entity::default()
        }),
        RecordKind::Source => Record::Source(Source {
            id: "reuters".into(),
            title: "A report".into(),
            ..Source::default()
        }),
        RecordKind::Event => Record::Event(Box::new(Event {
            id: "this-morning".into(),
            title: "Something happened this morning".into(),
            start: "2025-08-01".into(),
            lane: "china".into(),
            sources: ["cointribune".into()].into(),
            ..Event::default()
        })),
        RecordKind::Period => Record::Period(Period {
            id: "summer".into(),
            label: "Summer".into(),
            start: "2025-06-21".into(),
            end: "2025-09-22".into(),
            ..Period::default()
        }),
        RecordKind::Briefing => Record::Briefing(Briefing {
            id: "new-brief".into(),
            title: "New brief".into(),
            date: "2025-08-02".into(),
            ..Briefing::default()
        }),
    }
}

fn count(w: &Workspace, kind: RecordKind) -> usize {
    let d = &w.document.dossier;
    match kind {
        RecordKind::Lane => d.lanes.len(),
        RecordKind::Entity => d.entities.len(),
        RecordKind::Source => d.sources.len(),
        RecordKind::Event => d.events.len(),
        RecordKind::Period => d.periods.len(),
        RecordKind::Briefing => d.briefings.len(),
    }
}

#[test]
fn every_kind_of_record_can_be_added_changed_and_deleted_and_each_step_undone() {
    for kind in RecordKind::ALL {
        let mut w = workspace();
        let original = w.document.dossier.clone();
        let before = count(&w, kind);
        let record = record_of(kind);
        let id = record.id().to_owned();

        w.apply(
            "add",
            Edit::Insert {
                index: before,
                record: record.clone(),
            },
        )
        .unwrap();
        assert_eq!(count(&w, kind), before + 1, "{kind:?} added");
        assert!(w.is_dirty());
        let position = position_of(&w.document.dossier, kind, &id).unwrap();

        let mut changed = record;
        match &mut changed {
            Record::Lane(r) => r.label = "Renamed".into(),
            Record::Entity(r) => r.name = "Renamed".into(),
            Record::Source(r) => r.title = "Renamed".into(),
            Record::Event(r) => r.title = "Renamed".into(),
            Record::Period(r) => r.label = "Renamed".into(),
            Record::Briefing(r) => r.title = "Renamed".into(),
        }
        w.apply(
            "rename",
            Edit::Replace {
                index: position,
                record: changed.clone(),
            },
        )
        .unwrap();
        assert_eq!(
            dossier::model::edit::record_at(&w.document.dossier, kind, position),
            Some(changed)
        );

        let delete = delete_with_references(&w.document.dossier, kind, position).unwrap();
        w.apply("delete", delete).unwrap();
        assert_eq!(count(&w, kind), before, "{kind:?} deleted");

        assert_eq!(w.undo().as_deref(), Some("delete"));
        assert_eq!(w.undo().as_deref(), Some("rename"));
        assert_eq!(w.undo().as_deref(), Some("add"));
        assert_eq!(
            w.document.dossier, original,
            "{kind:?}: undo restores everything"
        );
        assert!(!w.is_dirty(), "back at the loaded state");
        assert_eq!(w.redo().as_deref(), Some("add"));
        assert_eq!(w.redo().as_deref(), Some("rename"));
        assert_eq!(w.redo().as_deref(), Some("delete"));
        assert_eq!(count(&w, kind), before);
        assert!(w.redo().is_none());
    }
}

#[test]
fn deleting_with_references_and_undoing_restores_every_reference() {
    let mut w = workspace();
    let original = w.document.dossier.clone();
    for (kind, id) in [
        (RecordKind::Entity, "li-qiang"),
        (RecordKind::Source, "cointribune"),
        (RecordKind::Event, "waic-2025"),
        (RecordKind::Lane, "united-states"),
    ] {
        let position = position_of(&w.document.dossier, kind, id).unwrap();
        let edit = delete_with_references(&w.document.dossier, kind, position).unwrap();
        w.apply(&format!("delete {id}"), edit).unwrap();
        assert!(dossier::model::edit::references_to(&w.document.dossier, kind, id).is_empty());
        assert!(!dossier::model::validate::has_errors(&w.document.problems));
        w.undo().unwrap();
        assert_eq!(w.document.dossier, original, "undo of deleting {id}");
    }
}

#[test]
fn an_edit_that_would_break_the_file_is_refused_and_changes_nothing() {
    let mut w = workspace();
    let original = w.document.dossier.clone();
    let mut event = w.document.dossier.events[0].clone();
    event.lane = "mars".into();
    let refused = w.apply(
        "move",
        Edit::Replace {
            index: 0,
            record: Record::Event(event),
        },
    );
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("unknown lane \"mars\"")
    );
    assert_eq!(w.document.dossier, original);
    assert!(!w.is_dirty());
    assert!(w.undo_label().is_none());
}

/// A history entry that no longer fits the dossier (changed behind the history's back) is
/// kept, not dropped, so that nothing is lost without a word.
#[test]
fn an_undo_that_cannot_apply_keeps_its_entry() {
    let mut w = workspace();
    let lanes = w.document.dossier.lanes.len();
    w.apply(
        "add lane",
        Edit::Insert {
            index: lanes,
            record: record_of(RecordKind::Lane),
        },
    )
    .unwrap();
    // The lane the undo would remove is gone already.
    std::sync::Arc::make_mut(&mut w.document)
        .dossier
        .lanes
        .pop();
    let before = w.document.dossier.clone();

    assert!(w.undo().is_none(), "the undo could not apply");
    assert_eq!(w.document.dossier, before, "a failed undo changes nothing");
    assert_eq!(w.undo_label(), Some("add lane"), "the entry is kept");
    let refused = w.try_undo().unwrap_err();
    assert!(
        refused.to_string().contains("Could not undo “add lane”"),
        "the caller is told why: {refused}"
    );
    assert_eq!(w.document.dossier, before);
}

#[test]
fn undoing_back_to_the_saved_state_is_clean_and_saving_is_byte_stable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.json");
    std::fs::write(&path, DEFAULT_DOSSIER_JSON).unwrap();
    let mut w = workspace();
    w.open(&path).unwrap();
    // A save without edits rewrites the same bytes.
    w.save(false).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        DEFAULT_DOSSIER_JSON
    );
    // A one-field edit is a one-line diff.
    let mut event = w.document.dossier.events[3].clone();
    event.title = "A new title".into();
    w.apply(
        "rename event",
        Edit::Replace {
            index: 3,
            record: Record::Event(event),
        },
    )
    .unwrap();
    w.save(false).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    let changed: Vec<(&str, &str)> = DEFAULT_DOSSIER_JSON
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(DEFAULT_DOSSIER_JSON.lines().count(), saved.lines().count());
    // The previous version is kept.
    let backup = dossier::formats::save::backup_path(&path);
    assert_eq!(
        std::fs::read_to_string(backup).unwrap(),
        DEFAULT_DOSSIER_JSON
    );
    assert!(!w.is_dirty());
    w.undo();
    assert!(w.is_dirty());
    w.redo();
    assert!(!w.is_dirty(), "redo returns to the saved state");
}

#[test]
fn the_built_in_dossier_and_imported_files_need_save_as() {
    let mut w = workspace();
    assert!(matches!(
        w.save(false),
        Err(dossier::state::SaveRefused::NeedsSaveAs)
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.json");
    w.save_as(&path).unwrap();
    assert_eq!(w.origin, Origin::File(path.clone()));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        DEFAULT_DOSSIER_JSON
    );
}

#[test]
fn a_save_over_a_file_changed_on_disk_is_refused_until_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.json");
    std::fs::write(&path, DEFAULT_DOSSIER_JSON).unwrap();
    let mut w = workspace();
    w.open(&path).unwrap();
    let theirs = DEFAULT_DOSSIER_JSON.replacen("AI governance, July 2025", "Their title", 1);
    std::fs::write(&path, &theirs).unwrap();
    assert_eq!(w.disk_state(), dossier::state::DiskState::Changed);
    assert!(matches!(
        w.save(false),
        Err(dossier::state::SaveRefused::ChangedOnDisk(_))
    ));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "their change survives"
    );
    w.save(true).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        DEFAULT_DOSSIER_JSON
    );
}

#[test]
fn a_failed_save_keeps_the_edits_and_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("gone");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("story.json");
    std::fs::write(&path, DEFAULT_DOSSIER_JSON).unwrap();
    let mut w = workspace();
    w.open(&path).unwrap();
    let mut event = w.document.dossier.events[0].clone();
    event.title = "Edited".into();
    w.apply(
        "rename event",
        Edit::Replace {
            index: 0,
            record: Record::Event(event),
        },
    )
    .unwrap();
    std::fs::remove_dir_all(&sub).unwrap();
    let error = w.save(true).unwrap_err();
    assert!(error.to_string().contains("cannot save"), "{error}");
    assert!(w.is_dirty());
    assert_eq!(&*w.document.dossier.events[0].title, "Edited");
}

// The window.

fn app_on(path: &Path) -> Harness<'static, DossierApp> {
    let path = path.to_owned();
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(12)
        .build_eframe(move |cc| {
            DossierApp::new(
                cc,
                LaunchOptions {
                    file: Some(path),
                    select: Some("li-qiang-proposes-waico".into()),
                    no_native_dialogs: true,
                    ..LaunchOptions::default()
                },
            )
        });
    harness.run();
    harness
}

fn temp_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.json");
    std::fs::write(&path, DEFAULT_DOSSIER_JSON).unwrap();
    (dir, path)
}

fn replace_text(harness: &mut Harness<'static, DossierApp>, field: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    harness.run();
}

const SPEECH: &str = "li-qiang-proposes-waico";

#[test]
fn editing_a_title_in_the_form_then_saving_and_reopening_shows_the_new_title() {
    let (_dir, path) = temp_copy();
    let mut harness = app_on(&path);
    harness.get_by_role_and_label(Role::Button, "Edit…").click();
    harness.run();
    replace_text(&mut harness, "Title", "Premier Li proposes WAICO");
    harness.get_by_role_and_label(Role::Button, "Apply").click();
    harness.run();
    let document = &harness.state().workspace.document;
    let i = document.index.event(&document.dossier, SPEECH).unwrap();
    assert_eq!(
        &*harness.state().workspace.document.dossier.events[i].title,
        "Premier Li proposes WAICO"
    );
    assert!(
        harness.state().window_title().starts_with("• "),
        "dirty marker: {}",
        harness.state().window_title()
    );
    // The Edit menu names what Undo will do.
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Undo rename event");
    harness.key_press(Key::Escape);
    harness.run();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!harness.state().workspace.is_dirty());
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("Premier Li proposes WAICO")
    );

    let reopened = app_on(&path);
    reopened.get_by_role_and_label(Role::Button, "Premier Li proposes WAICO");
}

#[test]
fn undo_and_redo_from_the_keyboard() {
    let (_dir, path) = temp_copy();
    let mut harness = app_on(&path);
    harness.get_by_role_and_label(Role::Button, "Edit…").click();
    harness.run();
    replace_text(&mut harness, "Title", "Changed");
    harness.get_by_role_and_label(Role::Button, "Apply").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let title = |h: &Harness<'static, DossierApp>| {
        let w = &h.state().workspace;
        w.document.dossier.events[w.document.index.event(&w.document.dossier, SPEECH).unwrap()]
            .title
            .to_string()
    };
    assert_eq!(
        title(&harness),
        "Li Qiang proposes a World AI Cooperation Organization"
    );
    harness.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    harness.run();
    assert_eq!(title(&harness), "Changed");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(title(&harness), "Changed");
}

#[test]
fn a_bad_date_is_explained_at_once_and_cannot_be_applied() {
    let (_dir, path) = temp_copy();
    let mut harness = app_on(&path);
    harness.get_by_role_and_label(Role::Button, "Edit…").click();
    harness.run();
    replace_text(&mut harness, "Start", "2025-02-30");
    assert!(
        harness
            .query_all_by_label_contains("February 2025 has 28 days")
            .count()
            >= 1
    );
    harness.get_by_role_and_label(Role::Button, "Apply").click();
    harness.run();
    let w = &harness.state().workspace;
    assert_eq!(
        w.document.dossier.events[w.document.index.event(&w.document.dossier, SPEECH).unwrap()]
            .start,
        "2025-07-26"
    );
    replace_text(&mut harness, "Start", "2025-07~");
    harness.get_by_label_contains("around July 2025 (precision: month)");
}

#[test]
fn grading_a_source_in_the_form_uses_the_checks_of_loading() {
    let (_dir, path) = temp_copy();
    let mut harness = app_on(&path);
    let editor = {
        let document = &harness.state().workspace.document;
        let s = document.index.source("cointribune").unwrap();
        dossier::ui::editor::Editor::edit(document, RecordKind::Source, s).unwrap()
    };
    harness.state_mut().editor = Some(editor);
    harness.run();
    let grade = |h: &Harness<'static, DossierApp>| {
        let d = &h.state().workspace.document;
        d.dossier.sources[d.index.source("cointribune").unwrap()].clone()
    };
    replace_text(&mut harness, "Reliability (A–F)", "G");
    assert!(
        harness
            .query_all_by_label_contains("reliability \"G\" is not an Admiralty grade")
            .count()
            >= 1
    );
    harness.get_by_role_and_label(Role::Button, "Apply").click();
    harness.run();
    assert_eq!(
        grade(&harness).reliability,
        "C",
        "a bad grade is not applied"
    );
    replace_text(&mut harness, "Reliability (A–F)", "B");
    let archive = "https://web.archive.org/web/2025/https://www.cointribune.com/";
    replace_text(&mut harness, "Archived copy (URL)", archive);
    harness.get_by_role_and_label(Role::Button, "Apply").click();
    harness.run();
    let source = grade(&harness);
    assert_eq!(
        (source.reliability.as_str(), &*source.archived_url),
        ("B", archive)
    );
}

#[test]
fn deleting_an_entity_lists_its_references_and_undo_brings_it_back() {
    let (_dir, path) = temp_copy();
    let mut harness = app_on(&path);
    harness
        .state_mut()
        .workspace
        .select(Some(Selection::Entity("li-qiang".into())));
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Delete…")
        .click();
    harness.run();
    assert!(
        harness.query_all_by_label_contains("events[").count() >= 2,
        "the references are listed"
    );
    harness.get_by_label_contains("Delete and remove").click();
    harness.run();
    assert!(
        harness
            .state()
            .workspace
            .document
            .index
            .entity("li-qiang")
            .is_none()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        harness
            .state()
            .workspace
            .document
            .index
            .entity("li-qiang")
            .is_some()
    );
    assert_eq!(
        harness.state().workspace.document.dossier,
        dossier::formats::default_dossier().dossier
    );
}

#[test]
fn every_kind_of_record_is_created_from_the_window() {
    let (_dir, path) = temp_copy();
    let mut harness = app_on(&path);
    for (menu_item, field, name, kind) in [
        ("New Entity…", "Name", "Wang Yi", RecordKind::Entity),
        ("New Event…", "Title", "Something new", RecordKind::Event),
        (
            "New Briefing…",
            "Title",
            "A fresh briefing",
            RecordKind::Briefing,
        ),
    ] {
        harness.get_by_label("Edit").click();
        harness.run();
        harness.get_by_label_contains(menu_item).click();
        harness.run();
        replace_text(&mut harness, field, name);
        harness.get_by_role_and_label(Role::Button, "Apply").click();
        harness.run();
        let d = &harness.state().workspace.document.dossier;
        let names: Vec<String> = match kind {
            RecordKind::Entity => d.entities.iter().map(|e| e.name.clone()).collect(),
            RecordKind::Event => d.events.iter().map(|e| e.title.to_string()).collect(),
            _ => d.briefings.iter().map(|e| e.title.clone()).collect(),
        };
        assert!(
            names.contains(&name.to_owned()),
            "{menu_item} created nothing"
        );
    }
    // Lanes, sources and periods come from their own window, which gives way to the
    // form it opens (a dialog would block the form beside it).
    for (button, field, name) in [
        ("New lane…", "Label", "Europe"),
        ("New source…", "Title", "A new source"),
        ("New period…", "Label", "Autumn"),
    ] {
        harness.get_by_label("Edit").click();
        harness.run();
        harness.get_by_label("Lanes, Sources and Periods…").click();
        harness.run();
        harness.get_by_label(button).scroll_to_me();
        harness.run();
        harness.get_by_label(button).click();
        harness.run();
        assert!(harness.state().editor.is_some(), "{button} opened no form");
        replace_text(&mut harness, field, name);
        harness.get_by_role_and_label(Role::Button, "Apply").click();
        harness.run();
        let d = &harness.state().workspace.document.dossier;
        let all: Vec<&str> = d
            .lanes
            .iter()
            .map(|l| l.label.as_str())
            .chain(d.sources.iter().map(|s| &*s.title))
            .chain(d.periods.iter().map(|p| p.label.as_str()))
            .collect();
        assert!(all.contains(&name), "{button} created nothing");
    }
    // Six additions, six undos, and the dossier is as it was.
    for _ in 0..6 {
        harness.state_mut().workspace.undo().unwrap();
    }
    assert_eq!(
        harness.state().workspace.document.dossier,
        dossier::formats::default_dossier().dossier
    );
}

#[test]
fn a_change_made_by_another_program_is_picked_up() {
    let (_dir, path) = temp_copy();
    let mut harness = app_on(&path);
    let theirs = DEFAULT_DOSSIER_JSON.replacen(
        "\"title\": \"Li Qiang proposes a World AI Cooperation Organization\"",
        "\"title\": \"Changed in another editor\"",
        1,
    );
    assert_ne!(theirs, DEFAULT_DOSSIER_JSON);
    // Written the way editors do: a new file renamed over the old one.
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, &theirs).unwrap();
    std::fs::rename(&temporary, &path).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        harness.step();
        let w = &harness.state().workspace;
        if w.document
            .dossier
            .events
            .iter()
            .any(|e| &*e.title == "Changed in another editor")
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the change on disk was not picked up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The selection survived the reload.
    assert_eq!(
        harness.state().workspace.selection(),
        Some(&Selection::Event(SPEECH.into()))
    );
}

#[test]
fn with_unsaved_edits_a_change_on_disk_asks_and_a_conflicting_save_asks_first() {
    let (_dir, path) = temp_copy();
    let mut harness = app_on(&path);
    harness.get_by_role_and_label(Role::Button, "Edit…").click();
    harness.run();
    replace_text(&mut harness, "Title", "Mine");
    harness.get_by_role_and_label(Role::Button, "Apply").click();
    harness.run();
    let theirs = DEFAULT_DOSSIER_JSON.replacen("AI governance, July 2025", "Theirs", 1);
    std::fs::write(&path, &theirs).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while harness.state().disk_banner.is_none() {
        harness.step();
        assert!(
            Instant::now() < deadline,
            "no banner about the change on disk"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    harness.run();
    harness.get_by_label("Keep mine");
    harness.get_by_label("Reload (discard my edits)");
    harness.get_by_label("Keep mine").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label("The file changed on disk");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "nothing overwritten yet"
    );
    harness.get_by_label("Overwrite").click();
    harness.run();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"title\": \"Mine\"")
    );
}

#[test]
fn opening_another_file_with_unsaved_edits_asks_first() {
    let (_dir, path) = temp_copy();
    let mut harness = app_on(&path);
    harness.get_by_role_and_label(Role::Button, "Edit…").click();
    harness.run();
    replace_text(&mut harness, "Title", "Mine");
    harness.get_by_role_and_label(Role::Button, "Apply").click();
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open Built-in Dossier").click();
    harness.run();
    harness.get_by_label("Unsaved changes");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().workspace.origin, Origin::File(path.clone()));
    assert!(harness.state().workspace.is_dirty());
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open Built-in Dossier").click();
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    assert_eq!(harness.state().workspace.origin, Origin::Embedded);
}
