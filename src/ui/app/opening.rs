//! Opening a file without freezing the window: large files load on a worker thread
//! (`state::Loading`) while the open dossier stays shown and usable; the new one replaces
//! it only once it is ready, and a failed or cancelled load leaves it as it was.

use std::path::Path;

use crate::state::{BACKGROUND_LOAD_BYTES, Loaded, Loading};
use crate::ui::dialogs::ErrorPanel;

use crate::ui::words::count;

use super::files::full_path;
use super::window::DossierApp;

impl DossierApp {
    /// Opens a file: a large one on a worker thread with a progress banner, a small one
    /// at once.
    pub fn open(&mut self, ctx: &egui::Context, path: &Path) {
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        if size < BACKGROUND_LOAD_BYTES || self.screenshot.is_some() {
            // A screenshot is of the file asked for, so it waits for it.
            self.open_file(path);
            return;
        }
        let repaint = ctx.clone();
        self.pending_open = Some(Loading::start(
            path,
            self.workspace.generation(),
            move || repaint.request_repaint(),
        ));
        self.status_message = Some(format!("Opening {}…", path.display()));
    }

    /// The load in progress, if any.
    pub fn loading(&self) -> Option<&Loading> {
        self.pending_open.as_ref()
    }

    /// Stops the load in progress; the open dossier stays.
    pub(super) fn cancel_open(&mut self) {
        if let Some(loading) = self.pending_open.take() {
            self.status_message = Some(format!("Cancelled opening {}.", loading.path().display()));
            loading.cancel();
        }
    }

    /// Takes the result of the load in progress once it is there.
    pub(super) fn poll_open(&mut self) {
        let Some(result) = self.pending_open.as_ref().and_then(Loading::poll) else {
            return;
        };
        let Some(loading) = self.pending_open.take() else {
            return;
        };
        match result {
            Ok(loaded) => {
                if self.workspace.is_dirty() && self.workspace.generation() != loading.replaces() {
                    // Edited while the file loaded: those edits are not thrown away unasked.
                    self.status_message = Some(format!(
                        "Did not open {}: the open dossier was edited meanwhile. Save it, then open the file again.",
                        loaded.path.display()
                    ));
                    std::thread::spawn(move || drop(loaded));
                    return;
                }
                self.show_loaded(loaded);
            }
            Err(error) => {
                let path = loading.path().display().to_string();
                self.show_error(ErrorPanel::load_failed(path.clone(), &error));
                self.status_message = Some(format!("Could not open {path}."));
            }
        }
    }

    fn show_loaded(&mut self, loaded: Loaded) {
        let path = loaded.path.clone();
        self.workspace.open_loaded(loaded);
        self.opened(&path);
    }

    /// What follows a successful open, however the file was read.
    pub(super) fn opened(&mut self, path: &Path) {
        self.settings.remember(path);
        self.settings.last_file = Some(path.to_owned());
        self.timeline.reset();
        self.error_panel = None;
        let warnings = self.workspace.document.problems.len();
        let path = full_path(path);
        self.status_message = Some(if warnings == 0 {
            format!("Opened {}.", path.display())
        } else {
            format!(
                "Opened {} with {}.",
                path.display(),
                count(warnings, "warning", "warnings")
            )
        });
    }
}
