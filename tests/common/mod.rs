//! The real app in a headless harness, shared by the UI test files.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // Each file uses a part.

use std::path::{Path, PathBuf};

use dossier::formats::builtin::DEFAULT_DOSSIER_JSON;
use dossier::ui::dialogs::Modal;
use dossier::ui::{DossierApp, LaunchOptions};
use egui_kittest::Harness;

/// The app as a user starts it, without native file dialogs (tests have no desktop to
/// ask), in a 1280×800 window.
pub fn app_with(options: LaunchOptions) -> Harness<'static, DossierApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        // Searching and loading run on threads and repaint until they are done: on a
        // busy machine that takes more frames. A UI that never settles still fails.
        .with_max_steps(400)
        .build_eframe(move |cc| {
            DossierApp::new(
                cc,
                LaunchOptions {
                    no_native_dialogs: true,
                    ..options
                },
            )
        });
    harness.run();
    harness
}

/// The app on the built-in dossier.
pub fn app() -> Harness<'static, DossierApp> {
    app_with(LaunchOptions::default())
}

/// The app on a saved copy of the built-in dossier in a fresh directory.
pub fn app_on_saved_file() -> (tempfile::TempDir, Harness<'static, DossierApp>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.json");
    std::fs::write(&path, DEFAULT_DOSSIER_JSON).unwrap();
    let harness = app_with(LaunchOptions {
        file: Some(path),
        ..LaunchOptions::default()
    });
    (dir, harness)
}

/// A file of `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The name of the open dialog, if any.
pub fn open_dialog(harness: &Harness<'static, DossierApp>) -> Option<&'static str> {
    harness.state().modal().map(Modal::name)
}

/// Types `text` one character per frame, as a person types.
pub fn type_slowly(harness: &mut Harness<'static, DossierApp>, text: &str) {
    for c in text.chars() {
        harness.event(egui::Event::Text(c.to_string()));
        harness.run();
    }
}
