//! Files: open, save (with the questions it may ask), export, copy, and following the
//! open file when other programs change it.

use std::path::{MAIN_SEPARATOR, Path, PathBuf};

use crate::formats::briefing::{DEFAULT_WIDTH, TextFormat, export_briefing};
use crate::formats::export_format::{DossierExport, ExportFormat};
use crate::formats::save::{ExistingFile, existing_file, write_atomically};
use crate::model::SourceFormat;
use crate::state::{DiskState, Origin, SaveRefused};
use crate::ui::commands::{AfterSave, FilePurpose};
use crate::ui::dialogs::{ErrorPanel, Modal, PathPrompt, PendingDialog, ReplaceConfirm};
use crate::ui::export::{PngOptions, briefing_bytes, dossier_bytes};
use crate::ui::watch::FileWatcher;

use super::window::DossierApp;

impl DossierApp {
    /// Opens a file; on failure the open dossier stays and the error panel says why.
    /// Reads it at once, whatever its size (see `open` for large files).
    pub fn open_file(&mut self, path: &Path) {
        self.pending_open = None;
        match self.workspace.open(path) {
            Ok(()) => self.opened(path),
            Err(error) => {
                self.show_error(ErrorPanel::load_failed(path.display().to_string(), &error));
                self.status_message = Some(format!("Could not open {}.", path.display()));
            }
        }
    }

    pub(super) fn open_default(&mut self) {
        self.pending_open = None;
        self.workspace.open_default();
        self.settings.last_file = None;
        self.timeline.reset();
        self.error_panel = None;
        self.status_message = Some("Opened the built-in dossier.".to_owned());
    }

    /// Saves in place, then does `then`; asks for a name when there is none (or the
    /// file was imported), and asks before overwriting changes made on disk.
    pub(super) fn save(
        &mut self,
        ctx: &egui::Context,
        overwrite_changes: bool,
        then: Option<AfterSave>,
    ) {
        match self.workspace.save(overwrite_changes) {
            Ok(path) => self.saved(ctx, &path, then),
            Err(SaveRefused::NeedsSaveAs | SaveRefused::Imported(..)) => {
                self.choose_file(FilePurpose::SaveAs(then));
            }
            Err(SaveRefused::ChangedOnDisk(_)) => self.open_modal(Modal::SaveConflict(then)),
            Err(error) => self.save_failed(&error),
        }
    }

    /// Saves under a new name. A file there that is not a Dossier file is replaced only
    /// when the user said so (`replace`).
    pub(super) fn save_to(
        &mut self,
        ctx: &egui::Context,
        path: &Path,
        replace: bool,
        then: Option<AfterSave>,
    ) {
        // An imported file is never overwritten by its Dossier version.
        if let Origin::File(source) = &self.workspace.origin
            && source == path
            && self.workspace.document.source_format != SourceFormat::Dossier
        {
            self.show_error(ErrorPanel::export_failed(
                path.display().to_string(),
                &format!(
                    "this is the {} file the dossier was imported from; choose another name so it stays intact",
                    self.workspace.document.source_format.label()
                ),
            ));
            return;
        }
        let own_file = matches!(&self.workspace.origin, Origin::File(open) if open == path);
        if !replace && !own_file && existing_file(path) == ExistingFile::Other {
            self.open_modal(Modal::Replace(ReplaceConfirm {
                path: full_path(path),
                what: "is not a Dossier file".to_owned(),
                then,
            }));
            return;
        }
        match self.workspace.save_as(path) {
            Ok(()) => self.saved(ctx, path, then),
            Err(error) => self.save_failed(&error),
        }
    }

    fn saved(&mut self, ctx: &egui::Context, path: &Path, then: Option<AfterSave>) {
        self.settings.remember(path);
        self.settings.last_file = Some(path.to_owned());
        self.disk_banner = None;
        self.status_message = Some(format!("Saved {}.", full_path(path).display()));
        self.watch(ctx);
        if let Some(then) = then {
            self.go_ahead(ctx, then);
        }
    }

    /// Says why a save failed; what waited for it is dropped.
    fn save_failed(&mut self, error: &SaveRefused) {
        let file = match &self.workspace.origin {
            Origin::File(path) => path.display().to_string(),
            Origin::Embedded => self.workspace.file_name(),
        };
        let lines = match error {
            SaveRefused::Invalid(problems) => problems.iter().map(ToString::to_string).collect(),
            other => vec![other.to_string()],
        };
        self.show_error(ErrorPanel {
            title: "Could not save".to_owned(),
            file,
            intro: "Nothing was lost: the file on disk is as it was and your edits are still open."
                .to_owned(),
            lines,
        });
        self.status_message = Some("Not saved.".to_owned());
    }

    /// Watches the open file (again) after it changed.
    pub(super) fn watch(&mut self, ctx: &egui::Context) {
        let Origin::File(path) = &self.workspace.origin else {
            self.watcher = None;
            return;
        };
        if self.watcher.as_ref().is_some_and(|w| w.path() == path) {
            return;
        }
        let repaint = ctx.clone();
        self.watcher = FileWatcher::new(path, move || repaint.request_repaint());
    }

    /// Reacts to changes of the open file made by other programs.
    pub(super) fn check_disk(&mut self) {
        if !self.watcher.as_ref().is_some_and(FileWatcher::poll) {
            return;
        }
        match self.workspace.disk_state() {
            DiskState::Unchanged => {}
            DiskState::Changed if !self.workspace.is_dirty() => self.reload(),
            state => self.disk_banner = Some(state),
        }
    }

    /// Reads the open file again, keeping the selection and the view where they exist.
    pub(super) fn reload(&mut self) {
        match self.workspace.reload() {
            Ok(()) => {
                self.disk_banner = None;
                self.status_message = Some(format!(
                    "Reloaded {}: it changed on disk.",
                    self.workspace.file_name()
                ));
            }
            Err(error) => {
                // A half-written or broken file: keep what is open and say why.
                self.show_error(ErrorPanel::load_failed(self.workspace.file_name(), &error));
            }
        }
    }

    /// Asks for a file: the native dialog on its own thread, or the path field when the
    /// app runs without one (tests). Both start in the open file's directory.
    pub(super) fn choose_file(&mut self, purpose: FilePurpose) {
        if self.native_dialogs {
            let name = purpose.suggested_name(&self.file_stem(&purpose));
            let directory = self.start_directory();
            self.open_modal(Modal::NativeFile(PendingDialog::spawn(
                purpose, directory, name,
            )));
        } else {
            self.type_path(purpose, None);
        }
    }

    /// Asks for a file with the path field, prefilled with the full path it will use.
    pub(super) fn type_path(&mut self, purpose: FilePurpose, note: Option<String>) {
        let directory = self.start_directory().unwrap_or_else(|| PathBuf::from("."));
        let name = purpose.suggested_name(&self.file_stem(&purpose));
        let path = if name.is_empty() {
            // Open: the directory, ready for a name.
            let shown = directory.display().to_string();
            if shown.ends_with(MAIN_SEPARATOR) {
                shown
            } else {
                format!("{shown}{MAIN_SEPARATOR}")
            }
        } else {
            directory.join(name).display().to_string()
        };
        self.open_modal(Modal::PathPrompt(PathPrompt::new(
            purpose, path, directory, note,
        )));
    }

    /// Where file prompts start: the open file's directory, else the last one used,
    /// else the home directory.
    fn start_directory(&self) -> Option<PathBuf> {
        let of_open_file = match &self.workspace.origin {
            Origin::File(path) => path
                .parent()
                .filter(|dir| !dir.as_os_str().is_empty())
                .map(full_path),
            Origin::Embedded => None,
        };
        of_open_file
            .or_else(|| self.settings.last_directory.clone())
            .or_else(std::env::home_dir)
            .or_else(|| std::env::current_dir().ok())
    }

    /// The open file's name without its extension, for suggested names. Saving an
    /// imported file suggests `NAME.dossier.json`, so the source is never offered.
    fn file_stem(&self, purpose: &FilePurpose) -> String {
        match &self.workspace.origin {
            Origin::File(path) => {
                let stem = path.file_stem().map_or_else(
                    || "dossier".to_owned(),
                    |s| s.to_string_lossy().into_owned(),
                );
                let imported = self.workspace.document.source_format != SourceFormat::Dossier;
                if imported && matches!(purpose, FilePurpose::SaveAs(_)) {
                    format!("{stem}.dossier")
                } else {
                    stem
                }
            }
            Origin::Embedded => "ai-governance-2025".to_owned(),
        }
    }

    /// Writes the whole dossier in another format (File → Export).
    pub(super) fn export_dossier(
        &mut self,
        ctx: &egui::Context,
        format: DossierExport,
        path: &Path,
    ) {
        let png = PngOptions {
            size: format.png_size,
            view: self.timeline.view(),
            dark: ctx.theme() == egui::Theme::Dark,
        };
        let bytes = dossier_bytes(&self.workspace.document, format.format, png);
        let written = bytes.and_then(|b| write_atomically(path, &b).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                self.settings.used(path);
                self.status_message = Some(format!(
                    "Exported the dossier as {} to {}.",
                    format.label(),
                    full_path(path).display()
                ));
            }
            Err(error) => {
                // The same panel as a failed briefing export: nothing was written.
                self.show_error(ErrorPanel::export_failed(
                    path.display().to_string(),
                    &error,
                ));
            }
        }
    }

    pub(super) fn export_to(&mut self, briefing: &str, format: ExportFormat, path: &Path) {
        let written = briefing_bytes(&self.workspace.document, briefing, format, DEFAULT_WIDTH)
            .and_then(|bytes| write_atomically(path, &bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                self.settings.used(path);
                self.status_message = Some(format!(
                    "Exported \"{}\" to {}.",
                    self.briefing_title(briefing),
                    full_path(path).display()
                ));
            }
            Err(error) => {
                self.show_error(ErrorPanel::export_failed(
                    path.display().to_string(),
                    &error,
                ));
                self.status_message = Some(format!("Could not export to {}.", path.display()));
            }
        }
    }

    /// Puts a briefing on the clipboard as plain text.
    pub(super) fn copy_briefing_text(&mut self, ctx: &egui::Context, id: &str) {
        match export_briefing(
            &self.workspace.document,
            id,
            TextFormat::Plain,
            DEFAULT_WIDTH,
        ) {
            Ok(text) => {
                ctx.copy_text(text);
                self.status_message = Some(format!(
                    "Copied \"{}\" to the clipboard as text.",
                    self.briefing_title(id)
                ));
            }
            Err(error) => self.status_message = Some(error.to_string()),
        }
    }
}

impl DossierApp {
    /// A briefing's title for messages (its id if it has none).
    fn briefing_title<'a>(&'a self, id: &'a str) -> &'a str {
        let document = &self.workspace.document;
        document
            .index
            .briefing(id)
            .map(|i| document.dossier.briefings[i].title.as_str())
            .filter(|title| !title.is_empty())
            .unwrap_or(id)
    }
}

/// `path` made absolute against the working directory, for messages that say exactly
/// which file was read or written.
pub(super) fn full_path(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}
