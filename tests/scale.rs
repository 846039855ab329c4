//! A generated dossier of 100,000 events in the real window (headless): zoom, pan and
//! search stay responsive within the harness, and search and filters find what they
//! should, accents and Chinese aliases included.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use std::time::{Duration, Instant};

use dossier::model::generate::{GenerateOptions, generate};
use dossier::state::Selection;
use dossier::ui::{DossierApp, LaunchOptions};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn app_on(path: std::path::PathBuf) -> Harness<'static, DossierApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(20)
        .build_eframe(move |cc| {
            DossierApp::new(
                cc,
                LaunchOptions {
                    file: Some(path),
                    no_native_dialogs: true,
                    ..LaunchOptions::default()
                },
            )
        });
    // A file this large opens on a worker thread, behind a banner with a spinner.
    let deadline = Instant::now() + Duration::from_mins(2);
    while harness.state().loading().is_some() {
        assert!(Instant::now() < deadline, "timed out opening the file");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run();
    harness
}

/// Steps until `done`, with a generous deadline (the index is built on another thread).
fn wait_for(
    harness: &mut Harness<'static, DossierApp>,
    what: &str,
    done: impl Fn(&DossierApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_mins(2);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run();
}

#[test]
fn a_hundred_thousand_events_zoom_pan_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(
        &path,
        generate(GenerateOptions {
            events: 100_000,
            seed: 9,
        })
        .to_json(),
    )
    .unwrap();
    let mut harness = app_on(path);
    assert_eq!(
        harness.state().workspace.document.dossier.events.len(),
        100_000
    );

    // Zoom in with the keyboard, fit all, zoom with the wheel, pan by dragging.
    let span =
        |h: &Harness<'static, DossierApp>| h.state().timeline.view().map(|(a, b)| b - a).unwrap();
    harness.key_press(Key::Home);
    harness.run();
    let all = span(&harness);
    harness.key_press(Key::Plus);
    harness.run();
    assert!(span(&harness) < all * 0.8);
    let centre = egui::pos2(700.0, 250.0);
    harness.hover_at(centre);
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, 240.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    harness.run();
    let zoomed = span(&harness);
    assert!(zoomed < all * 0.5, "the wheel zooms in");
    let before = harness.state().timeline.view().unwrap();
    harness.drag_at(centre);
    harness.hover_at(centre + egui::vec2(-200.0, 0.0));
    harness.event(egui::Event::PointerButton {
        pos: centre + egui::vec2(-200.0, 0.0),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    let after = harness.state().timeline.view().unwrap();
    assert!(after.0 > before.0, "dragging left moves later in time");
    assert!(
        (after.1 - after.0 - (before.1 - before.0)).abs() < 1.0,
        "panning keeps the span"
    );

    // Search: type a word that every generated summary has, then one that few have.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("observers");
    harness.step();
    wait_for(&mut harness, "search results", |app| {
        app.search.ready() && !app.search.results.is_empty()
    });
    assert_eq!(harness.state().search.results.len(), 100_000);
    harness.key_press(Key::F3);
    harness.step();
    harness.step();
    let first = harness.state().search.results[0];
    assert_eq!(harness.state().workspace.selected_event(), Some(first));
    harness.get_by_label_contains("1 of 100,000 results");
}

#[test]
fn search_and_filters_in_the_window_find_accents_and_chinese_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.json");
    std::fs::write(&path, dossier::formats::DEFAULT_DOSSIER_JSON).unwrap();
    let mut harness = app_on(path);
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .focus();
    harness.step();
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("李强");
    harness.step();
    wait_for(&mut harness, "search results", |app| app.search.ready());
    assert_eq!(harness.state().search.query, "李强");
    let document = &harness.state().workspace.document;
    let li = document
        .index
        .event(&document.dossier, "li-qiang-proposes-waico")
        .unwrap();
    assert!(harness.state().search.results.contains(&li));
    // The results are listed in the sidebar; clicking one selects it.
    harness
        .get_by_label_contains("2025-07-26  Li Qiang proposes")
        .click();
    harness.run();
    assert_eq!(
        harness.state().workspace.selection(),
        Some(&Selection::Event("li-qiang-proposes-waico".into()))
    );

    // Accents: the French source title, typed without them.
    harness.state_mut().search.query = "cooperation l'ia".into();
    harness.step();
    wait_for(&mut harness, "search results", |app| app.search.ready());
    assert!(!harness.state().search.results.is_empty());

    // A lane filter, shown as a chip, narrows the timeline; removing the chip restores it.
    harness.state_mut().search.query.clear();
    harness.state_mut().filter.lanes.insert("china".into());
    harness.run();
    assert!(harness.state().view.visible_count < 22);
    assert!(
        harness
            .query_by_role_and_label(
                Role::Button,
                "US publishes \"Winning the Race: America's AI Action Plan\""
            )
            .is_none()
    );
    harness.get_by_label_contains("Lane: China").click();
    harness.run();
    assert!(harness.state().filter.is_empty());
    harness.get_by_role_and_label(
        Role::Button,
        "US publishes \"Winning the Race: America's AI Action Plan\"",
    );
}

/// The triangles of the frame on screen, as the renderer gets them.
fn triangles(harness: &Harness<'static, DossierApp>) -> usize {
    let output = harness.output();
    harness
        .ctx
        .tessellate(output.shapes.clone(), output.pixels_per_point)
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(mesh) => mesh.indices.len() / 3,
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum()
}

#[test]
fn a_dense_timeline_is_drawn_in_few_triangles() {
    // Every lane full from end to end: its density bars span the plot. The software
    // renderer keeps memory for the triangles it drew: with a feathered rectangle a bar
    // (ten triangles), a million-event window held 25 MB more.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dense.json");
    let dossier = generate(GenerateOptions {
        events: 20_000,
        seed: 3,
    });
    std::fs::write(&path, dossier.to_json()).unwrap();
    let mut harness = app_on(path);
    harness.key_press(Key::Home);
    harness.run();
    let dense = triangles(&harness);
    // The same window on the small dossier: text, panels and a few markers.
    let mut small = app_on(std::path::PathBuf::from("tests/fixtures/small.json"));
    small.run();
    let sparse = triangles(&small);
    // Eight lanes of about 350 columns, two triangles a bar at most, and the overview.
    assert!(
        dense < sparse + 8_000,
        "{dense} triangles for the dense timeline, {sparse} for the small dossier"
    );
}
