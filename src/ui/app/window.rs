//! The Dossier window's state, how it starts, and what eframe calls.

use egui::Ui;

use crate::model::query::filter::Filter;
use crate::state::{DiskState, Loading, Origin, Selection, Workspace};
use crate::ui::dialogs::{ErrorPanel, Modal};
use crate::ui::editor::Editor;
use crate::ui::fonts;
use crate::ui::launch_options::LaunchOptions;
use crate::ui::panels::sidebar::SidebarPanel;
use crate::ui::settings::Settings;
use crate::ui::table::EventTable;
use crate::ui::timeline::TimelinePanel;
use crate::ui::view::{FilteredView, SearchState};
use crate::ui::watch::FileWatcher;

use super::screenshot::Screenshot;

/// The Dossier window.
pub struct DossierApp {
    pub workspace: Workspace,
    pub settings: Settings,
    pub timeline: TimelinePanel,
    /// The event table, shown in place of the timeline when open.
    pub table: EventTable,
    pub sidebar: SidebarPanel,
    /// A failure being shown (load, save or export); the open dossier is untouched. It
    /// is drawn with the dialogs, and showing it closes the open dialog.
    pub error_panel: Option<ErrorPanel>,
    /// The last thing the app did, for the status line.
    pub status_message: Option<String>,
    /// The open record form, if any (a side panel, not a dialog: the view stays usable).
    pub editor: Option<Editor>,
    /// The open file changed on disk while there are unsaved edits (or was removed).
    pub disk_banner: Option<DiskState>,
    /// The active filters, and what the panels show through them.
    pub filter: Filter,
    pub view: FilteredView,
    pub search: SearchState,
    /// The one open dialog.
    pub(super) modal: Option<Modal>,
    /// The dialog (or error panel) opened since the last frame: it takes the focus.
    pub(super) dialog_opened: bool,
    /// Native dialogs (rfd) or only the path field; tests have no desktop to ask.
    pub(super) native_dialogs: bool,
    /// The user chose to close without saving: let the next close request through.
    pub(super) close_confirmed: bool,
    pub(super) window_title: String,
    pub(super) screenshot: Option<Screenshot>,
    pub(super) watcher: Option<FileWatcher>,
    /// A large file loading on a worker thread (`opening.rs`).
    pub(super) pending_open: Option<Loading>,
}

impl DossierApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: LaunchOptions) -> Self {
        let settings: Settings = match cc.storage {
            Some(storage) if options.screenshot.is_none() => {
                eframe::get_value(storage, Settings::KEY).unwrap_or_default()
            }
            _ => Settings::default(),
        };
        Self::with_settings(&cc.egui_ctx, options, settings, true)
    }

    /// The app on a bare egui context, without eframe (benchmarks, headless tools). The
    /// file asked for is open when this returns, however large.
    pub fn headless(ctx: &egui::Context, options: LaunchOptions) -> Self {
        Self::with_settings(ctx, options, Settings::default(), false)
    }

    /// `background`: a large file opens on a worker thread while the window shows.
    fn with_settings(
        ctx: &egui::Context,
        options: LaunchOptions,
        settings: Settings,
        background: bool,
    ) -> Self {
        fonts::install(ctx);
        let screenshot_mode = options.screenshot.is_some();
        ctx.set_theme(settings.theme.preference());
        let mut app = Self {
            workspace: Workspace::default(),
            settings,
            timeline: TimelinePanel::default(),
            table: EventTable::default(),
            sidebar: SidebarPanel::default(),
            error_panel: None,
            status_message: None,
            editor: None,
            disk_banner: None,
            filter: Filter::default(),
            view: FilteredView::default(),
            search: SearchState::default(),
            modal: None,
            dialog_opened: false,
            native_dialogs: !options.no_native_dialogs,
            close_confirmed: false,
            window_title: String::new(),
            screenshot: options
                .screenshot
                .map(|path| Screenshot::new(path, options.screenshot_result.clone())),
            watcher: None,
            pending_open: None,
        };
        // The file asked for, else the one open last time (not for screenshots, which
        // must not depend on what the user did before).
        let reopen = if screenshot_mode {
            None
        } else {
            app.settings.last_file.clone()
        };
        if let Some(path) = options.file.or(reopen) {
            if options.select.is_some() || !background {
                // The record to select must be there when the window first shows.
                app.open_file(&path);
            } else {
                app.open(ctx, &path);
            }
            // Nothing was open before: the built-in dossier did not "stay" open.
            app.error_panel = app
                .error_panel
                .take()
                .map(|panel| panel.shown_instead("The built-in dossier"));
        }
        if let Some(id) = options.select {
            let index = &app.workspace.document.index;
            let selection = if index.event(&app.workspace.document.dossier, &id).is_some() {
                Some(Selection::Event(id))
            } else if index.entity(&id).is_some() {
                Some(Selection::Entity(id))
            } else if index.briefing(&id).is_some() {
                Some(Selection::Briefing(id))
            } else {
                app.status_message = Some(format!("Nothing has the id \"{id}\"."));
                None
            };
            app.workspace.select(selection);
        }
        app
    }

    /// The window title as last sent.
    pub fn window_title(&self) -> &str {
        &self.window_title
    }

    /// The open dialog, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    /// A dialog or an error panel is open: the window behind it takes no keys.
    pub fn dialog_is_open(&self) -> bool {
        self.modal.is_some() || self.error_panel.is_some()
    }

    /// Opens a dialog in place of the one open, and of any error shown.
    pub(super) fn open_modal(&mut self, modal: Modal) {
        self.error_panel = None;
        self.modal = Some(modal);
        self.dialog_opened = true;
    }

    /// Shows a failure in place of the open dialog.
    pub(super) fn show_error(&mut self, panel: ErrorPanel) {
        self.modal = None;
        self.error_panel = Some(panel);
        self.dialog_opened = true;
    }

    fn save_settings(&mut self, storage: &mut dyn eframe::Storage) {
        if self.screenshot.is_none() {
            if let Origin::File(path) = &self.workspace.origin {
                self.settings.last_file = Some(path.clone());
            }
            eframe::set_value(storage, Settings::KEY, &self.settings);
        }
    }
}

impl eframe::App for DossierApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.root_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.save_settings(storage);
    }
}
