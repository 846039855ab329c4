//! The app: owns the workspace (dossier + selection), the panels' state and the
//! settings; lays out the panels; applies every command in one place.

use std::path::{Path, PathBuf};

use egui::{Color32, Id, LayerId, Order, PointerButton, RichText, Ui};

use crate::formats::briefing::{DEFAULT_WIDTH, TextFormat, export_briefing};
use crate::formats::save::write_atomically;
use crate::state::{Origin, Selection, Workspace};

use super::actions::{Action, Command};
use super::dialogs::records::{self, AfterSave, ConflictChoice, DeleteConfirm, UnsavedChoice};
use super::dialogs::{
    self, DialogOutcome, ErrorPanel, ExportDialog, FilePurpose, PathPrompt, PendingDialog,
};
use super::editor::Editor;
use super::export::{PngOptions, dossier_bytes};
use super::fonts;
use super::launch_options::{LaunchOptions, ScreenshotResult};
use super::panels::sidebar::SidebarPanel;
use super::panels::{briefing, menu, status};
use super::settings::Settings;
use super::timeline::TimelinePanel;
use super::watch::FileWatcher;
use crate::formats::export_format::DossierExport;
use crate::model::edit::{briefing_from_events, delete_with_references, record_at, unused_id};
use crate::model::records::{Record, RecordKind};
use crate::state::{DiskState, SaveRefused};

/// Frames to render before taking a `--screenshot`, so that fonts and layout settle.
const SCREENSHOT_AFTER_FRAMES: u32 = 6;

struct Screenshot {
    path: PathBuf,
    frames: u32,
    requested: bool,
    result: ScreenshotResult,
}

/// The Dossier window.
pub struct DossierApp {
    pub workspace: Workspace,
    pub settings: Settings,
    pub timeline: TimelinePanel,
    pub sidebar: SidebarPanel,
    /// A failure being shown (load or export); the open dossier is untouched.
    pub error_panel: Option<ErrorPanel>,
    /// The last thing the app did, for the status line.
    pub status_message: Option<String>,
    /// Native dialogs (rfd) or only the path field; tests have no desktop to ask.
    native_dialogs: bool,
    pending_dialog: Option<PendingDialog>,
    path_prompt: Option<PathPrompt>,
    export_dialog: Option<ExportDialog>,
    show_warnings: bool,
    show_shortcuts: bool,
    show_about: bool,
    window_title: String,
    screenshot: Option<Screenshot>,
    /// The open record form, if any.
    pub editor: Option<Editor>,
    delete_confirm: Option<DeleteConfirm>,
    show_records: bool,
    /// An action waiting for the answer to "save changes first?".
    unsaved: Option<AfterSave>,
    /// Set once the user chose Discard, so the waiting action goes ahead.
    discard_confirmed: bool,
    /// What to do after a Save As that a pending action is waiting for.
    after_save: Option<AfterSave>,
    /// The open file changed on disk while there are unsaved edits (or was removed).
    pub disk_banner: Option<DiskState>,
    /// Saving found the file changed on disk: ask before overwriting.
    save_conflict: bool,
    watcher: Option<FileWatcher>,
    /// The active filters, and what the panels show through them.
    pub filter: crate::model::query::filter::Filter,
    pub view: super::view::FilteredView,
    pub search: super::view::SearchState,
}

impl DossierApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: LaunchOptions) -> Self {
        let settings: Settings = match cc.storage {
            Some(storage) if options.screenshot.is_none() => {
                eframe::get_value(storage, Settings::KEY).unwrap_or_default()
            }
            _ => Settings::default(),
        };
        Self::with_settings(&cc.egui_ctx, options, settings)
    }

    /// The app on a bare egui context, without eframe (benchmarks, headless tools).
    pub fn headless(ctx: &egui::Context, options: LaunchOptions) -> Self {
        Self::with_settings(ctx, options, Settings::default())
    }

    fn with_settings(ctx: &egui::Context, options: LaunchOptions, settings: Settings) -> Self {
        fonts::install(ctx);
        let screenshot_mode = options.screenshot.is_some();
        ctx.set_theme(settings.theme.preference());
        let mut app = Self {
            workspace: Workspace::default(),
            settings,
            timeline: TimelinePanel::default(),
            sidebar: SidebarPanel::default(),
            error_panel: None,
            status_message: None,
            native_dialogs: !options.no_native_dialogs,
            pending_dialog: None,
            path_prompt: None,
            export_dialog: None,
            show_warnings: false,
            show_shortcuts: false,
            show_about: false,
            window_title: String::new(),
            editor: None,
            delete_confirm: None,
            show_records: false,
            unsaved: None,
            discard_confirmed: false,
            after_save: None,
            disk_banner: None,
            save_conflict: false,
            watcher: None,
            filter: crate::model::query::filter::Filter::default(),
            view: super::view::FilteredView::default(),
            search: super::view::SearchState::default(),
            screenshot: options.screenshot.map(|path| Screenshot {
                path,
                frames: 0,
                requested: false,
                result: options.screenshot_result.clone(),
            }),
        };
        // The file asked for, else the one open last time (not for screenshots, which
        // must not depend on what the user did before).
        let reopen = if screenshot_mode {
            None
        } else {
            app.settings.last_file.clone()
        };
        if let Some(path) = options.file.or(reopen) {
            app.open_file(&path);
        }
        if let Some(id) = options.select {
            let index = &app.workspace.document.index;
            let selection = if index.event(&id).is_some() {
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

    /// Opens a file; on failure the open dossier stays and the error panel says why.
    pub fn open_file(&mut self, path: &Path) {
        match self.workspace.open(path) {
            Ok(()) => {
                self.settings.remember(path);
                self.settings.last_file = Some(path.to_owned());
                self.timeline.reset();
                self.error_panel = None;
                let warnings = self.workspace.document.problems.len();
                self.status_message = Some(if warnings == 0 {
                    format!("Opened {}.", path.display())
                } else {
                    format!("Opened {} with {warnings} warnings.", path.display())
                });
            }
            Err(error) => {
                self.error_panel =
                    Some(ErrorPanel::load_failed(path.display().to_string(), &error));
                self.status_message = Some(format!("Could not open {}.", path.display()));
            }
        }
    }

    /// The briefing that Export and Copy act on: the selected one, else the first.
    fn current_briefing(&self) -> Option<String> {
        match self.workspace.selection() {
            Some(Selection::Briefing(id)) => Some(id.clone()),
            _ => self
                .workspace
                .document
                .dossier
                .briefings
                .first()
                .map(|b| b.id.clone()),
        }
    }

    /// Commands that replace the open dossier: with unsaved edits, they wait for the
    /// answer to "save changes first?".
    fn replaces_dossier(command: &Command) -> bool {
        matches!(
            command,
            Command::OpenFile(_)
                | Command::Run(Action::Open | Action::OpenPath | Action::OpenDefault)
        )
    }

    /// Applies one command: the single place where user actions change the app.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        if Self::replaces_dossier(&command) && self.workspace.is_dirty() && !self.discard_confirmed
        {
            self.unsaved = Some(AfterSave::Run(Box::new(command)));
            return;
        }
        self.discard_confirmed = false;
        match command {
            Command::Run(action) => self.run(ctx, action),
            Command::Select(selection) => {
                self.workspace.select(selection);
                self.reveal_selection();
            }
            Command::OpenFile(path) => self.open_file(&path),
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                ctx.set_theme(theme.preference());
            }
            Command::ChooseExportFile { briefing, format } => {
                self.choose_file(FilePurpose::Export { briefing, format });
            }
            Command::ChooseDossierExport(format) => {
                self.choose_file(FilePurpose::ExportDossier(format));
            }
            Command::ExportDossierTo { format, path } => self.export_dossier(ctx, format, &path),
            Command::ExportTo {
                briefing,
                format,
                path,
            } => self.export_to(&briefing, format, &path),
            Command::CopyBriefingText(id) => {
                match export_briefing(
                    &self.workspace.document,
                    &id,
                    TextFormat::Plain,
                    DEFAULT_WIDTH,
                ) {
                    Ok(text) => {
                        ctx.copy_text(text);
                        self.status_message = Some(format!("Copied briefing \"{id}\" as text."));
                    }
                    Err(error) => self.status_message = Some(error.to_string()),
                }
            }
            Command::ShowRange(start, end) => self.timeline.set_view(start, end),
            Command::ApplyEdit {
                label,
                edit,
                select,
            } => match self.workspace.apply(&label, edit) {
                Ok(()) => {
                    self.editor = None;
                    if select.is_some() {
                        self.workspace.select(select);
                        self.reveal_selection();
                    }
                    self.status_message = Some(format!("Done: {label}."));
                }
                Err(refused) => {
                    // Keep the form open with the reason, so nothing typed is lost.
                    if let Some(editor) = &mut self.editor {
                        editor.refused = vec![refused.to_string()];
                    }
                    self.status_message = Some(refused.to_string());
                }
            },
            Command::EditRecord { kind, position } => {
                self.editor = Editor::edit(&self.workspace.document, kind, position);
            }
            Command::NewRecord(record) => self.editor = Some(Editor::create(record)),
            Command::Duplicate { kind, position } => {
                if let Some(record) = record_at(&self.workspace.document.dossier, kind, position) {
                    self.editor = Some(Editor::create(duplicate(&self.workspace.document, record)));
                }
            }
            Command::AskDelete { kind, position } => {
                self.delete_confirm = DeleteConfirm::new(&self.workspace.document, kind, position);
            }
            Command::ConfirmDelete { kind, position } => {
                let document = &self.workspace.document;
                if let Some(edit) = delete_with_references(&document.dossier, kind, position) {
                    let label = format!("delete {}", kind.noun());
                    match self.workspace.apply(&label, edit) {
                        Ok(()) => {
                            self.status_message =
                                Some(format!("Done: {label}. Undo brings it back."));
                        }
                        Err(refused) => self.status_message = Some(refused.to_string()),
                    }
                }
            }
            Command::NewEventAt { lane, date } => {
                if let Record::Event(mut event) =
                    records::blank(&self.workspace.document, RecordKind::Event)
                {
                    event.lane = lane;
                    event.start = date;
                    self.editor = Some(Editor::create(Record::Event(event)));
                }
            }
            Command::BriefingFromRange(start, end) => self.range_briefing(start, end),
            Command::SaveTo(path) => self.save_to(ctx, &path),
        }
    }

    /// Opens the form on a new briefing of the events overlapping `[start, end)`.
    fn range_briefing(&mut self, start: f64, end: f64) {
        {
            let document = &self.workspace.document;
            let index = &document.index;
            let events: Vec<usize> = index
                .chronological()
                .iter()
                .copied()
                .filter(|&e| {
                    index
                        .event_span(e)
                        .is_some_and(|s| (s.start_secs as f64) < end && (s.end_secs as f64) > start)
                })
                .collect();
            let title = format!("Events of {}", super::timeline::describe_range(start, end));
            self.new_briefing(title, &events);
        }
    }

    /// Opens the form on a new briefing prefilled from events.
    fn new_briefing(&mut self, title: String, events: &[usize]) {
        let document = &self.workspace.document;
        let id = unused_id(
            &document.dossier,
            RecordKind::Briefing,
            &crate::model::edit::slug(&title),
        );
        let briefing = briefing_from_events(document, id, title, records::today(), events);
        self.editor = Some(Editor::create(Record::Briefing(briefing)));
    }

    /// The briefing a "new briefing from selection" starts from: the selected entity's
    /// events, the brushed range, the filtered entities' events, or the selected briefing's.
    fn briefing_from_selection(&mut self) {
        let document = &self.workspace.document;
        let index = &document.index;
        if let Some(entity) = self.workspace.selected_entity() {
            let name = document.dossier.entities[entity].name.clone();
            let events = index.entity_events(entity).to_vec();
            self.new_briefing(format!("Briefing: {name}"), &events);
        } else if let Some((start, end)) = self.timeline.brush {
            self.range_briefing(start, end);
        } else if !self.sidebar.filter.trim().is_empty() {
            let query = crate::model::query::names::NameQuery::new(&self.sidebar.filter);
            let mut events: Vec<usize> = document
                .dossier
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| query.matches_entity(e))
                .flat_map(|(i, _)| index.entity_events(i).iter().copied())
                .collect();
            events.sort_unstable();
            events.dedup();
            let title = format!("Briefing: {}", self.sidebar.filter.trim());
            self.new_briefing(title, &events);
        } else if let Some(highlighted) = self.workspace.highlighted_events() {
            let events = highlighted.into_owned();
            self.new_briefing("New briefing".to_owned(), &events);
        } else if let Some((start, end)) = self.timeline.view() {
            self.range_briefing(start, end);
        }
    }

    /// Opens the form on a new, empty record.
    fn new_record(&mut self, kind: RecordKind) {
        self.editor = Some(Editor::create(records::blank(
            &self.workspace.document,
            kind,
        )));
    }

    /// The selected event, entity or briefing as a record kind and position.
    fn selected_record(&self) -> Option<(RecordKind, usize)> {
        let index = &self.workspace.document.index;
        match self.workspace.selection()? {
            Selection::Event(id) => Some((RecordKind::Event, index.event(id)?)),
            Selection::Entity(id) => Some((RecordKind::Entity, index.entity(id)?)),
            Selection::Briefing(id) => Some((RecordKind::Briefing, index.briefing(id)?)),
        }
    }

    /// Saves in place; asks for a name when there is none (or the file was imported),
    /// and asks before overwriting changes made on disk.
    fn save(&mut self, ctx: &egui::Context, overwrite_changes: bool) {
        match self.workspace.save(overwrite_changes) {
            Ok(path) => self.saved(ctx, &path),
            Err(SaveRefused::NeedsSaveAs | SaveRefused::Imported(..)) => {
                self.run(ctx, Action::SaveAs);
            }
            Err(SaveRefused::ChangedOnDisk(_)) => self.save_conflict = true,
            Err(error) => self.save_failed(&error),
        }
    }

    fn save_to(&mut self, ctx: &egui::Context, path: &Path) {
        // An imported file is never overwritten by its Dossier version.
        if let Origin::File(source) = &self.workspace.origin
            && source == path
            && self.workspace.document.source_format != crate::model::SourceFormat::Dossier
        {
            self.error_panel = Some(ErrorPanel::export_failed(
                path.display().to_string(),
                &format!(
                    "this is the {} file the dossier was imported from; choose another name so it stays intact",
                    self.workspace.document.source_format.label()
                ),
            ));
            return;
        }
        match self.workspace.save_as(path) {
            Ok(()) => self.saved(ctx, path),
            Err(error) => self.save_failed(&error),
        }
    }

    fn saved(&mut self, ctx: &egui::Context, path: &Path) {
        self.settings.remember(path);
        self.settings.last_file = Some(path.to_owned());
        self.disk_banner = None;
        self.status_message = Some(format!("Saved {}.", path.display()));
        self.watch(ctx);
        if let Some(after) = self.after_save.take() {
            self.continue_after(ctx, after);
        }
    }

    fn save_failed(&mut self, error: &SaveRefused) {
        let file = match &self.workspace.origin {
            Origin::File(path) => path.display().to_string(),
            Origin::Embedded => self.workspace.file_name(),
        };
        self.after_save = None;
        let lines = match error {
            SaveRefused::Invalid(problems) => problems.iter().map(ToString::to_string).collect(),
            other => vec![other.to_string()],
        };
        let panel = ErrorPanel {
            title: "Could not save".to_owned(),
            file,
            intro: "Nothing was lost: the file on disk is as it was and your edits are still open."
                .to_owned(),
            lines,
        };
        self.error_panel = Some(panel);
        self.status_message = Some("Not saved.".to_owned());
    }

    fn continue_after(&mut self, ctx: &egui::Context, after: AfterSave) {
        match after {
            AfterSave::Run(command) => {
                self.discard_confirmed = true;
                self.apply(ctx, *command);
            }
            AfterSave::Close => {
                self.discard_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Watches the open file (again) after it changed.
    fn watch(&mut self, ctx: &egui::Context) {
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
    fn check_disk(&mut self, ctx: &egui::Context) {
        if !self.watcher.as_ref().is_some_and(FileWatcher::poll) {
            return;
        }
        match self.workspace.disk_state() {
            DiskState::Unchanged => {}
            DiskState::Changed if !self.workspace.is_dirty() => self.reload(ctx),
            state => self.disk_banner = Some(state),
        }
    }

    /// Reads the open file again, keeping the selection and the view where they exist.
    fn reload(&mut self, _ctx: &egui::Context) {
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
                self.error_panel =
                    Some(ErrorPanel::load_failed(self.workspace.file_name(), &error));
            }
        }
    }

    fn run(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Open => self.choose_file(FilePurpose::Open),
            Action::OpenPath => self.prompt_for_path(FilePurpose::Open, None),
            Action::Save => self.save(ctx, false),
            Action::SaveAs => self.choose_file(FilePurpose::SaveAs),
            Action::Undo => {
                self.status_message = Some(match self.workspace.try_undo() {
                    Ok(label) => format!("Undone: {label}."),
                    Err(refused) => format!("{refused}."),
                });
            }
            Action::Redo => {
                self.status_message = Some(match self.workspace.try_redo() {
                    Ok(label) => format!("Redone: {label}."),
                    Err(refused) => format!("{refused}."),
                });
            }
            Action::NewEvent => {
                let document = &self.workspace.document;
                if let Record::Event(mut event) = records::blank(document, RecordKind::Event) {
                    // Prefilled from the selected event's lane, at the centre of the view.
                    if let Some(e) = self.workspace.selected_event() {
                        event.lane.clone_from(&document.dossier.events[e].lane);
                    }
                    if let Some((start, end)) = self.timeline.view() {
                        event.start = super::timeline::day_string(f64::midpoint(start, end));
                    }
                    self.editor = Some(Editor::create(Record::Event(event)));
                }
            }
            Action::NewEntity => self.new_record(RecordKind::Entity),
            Action::NewLane => self.new_record(RecordKind::Lane),
            Action::NewSource => self.new_record(RecordKind::Source),
            Action::NewPeriod => self.new_record(RecordKind::Period),
            Action::NewBriefing => self.new_record(RecordKind::Briefing),
            Action::BriefingFromSelection => self.briefing_from_selection(),
            Action::EditSelected | Action::DuplicateSelected | Action::DeleteSelected => {
                if let Some((kind, position)) = self.selected_record() {
                    let command = match action {
                        Action::EditSelected => Command::EditRecord { kind, position },
                        Action::DuplicateSelected => Command::Duplicate { kind, position },
                        _ => Command::AskDelete { kind, position },
                    };
                    self.apply(ctx, command);
                }
            }
            Action::ManageRecords => self.show_records = true,
            Action::OpenDefault => {
                self.workspace.open_default();
                self.settings.last_file = None;
                self.timeline.reset();
                self.error_panel = None;
                self.status_message = Some("Opened the built-in dossier.".to_owned());
            }
            Action::ExportBriefing => {
                if let Some(briefing) = self.current_briefing() {
                    self.export_dialog = Some(ExportDialog {
                        briefing,
                        format: TextFormat::Plain,
                    });
                } else {
                    self.status_message =
                        Some("This dossier has no briefing to export.".to_owned());
                }
            }
            Action::CopyBriefing => {
                if let Some(id) = self.current_briefing() {
                    self.apply(ctx, Command::CopyBriefingText(id));
                }
            }
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::Back => {
                self.workspace.selection.back();
                self.reveal_selection();
            }
            Action::Forward => {
                self.workspace.selection.forward();
                self.reveal_selection();
            }
            Action::ClearSelection => self.workspace.select(None),
            Action::PreviousEvent => {
                self.workspace.step_event(-1);
                self.reveal_selection();
            }
            Action::NextEvent => {
                self.workspace.step_event(1);
                self.reveal_selection();
            }
            Action::FindEntity => self.sidebar.focus_filter = true,
            Action::Find => self.search.focus = true,
            Action::NextResult | Action::PreviousResult => {
                if let Some(e) = self.search.step(action == Action::NextResult) {
                    let id = self.workspace.document.dossier.events[e].id.clone();
                    self.workspace.select(Some(Selection::Event(id)));
                    self.reveal_selection();
                }
            }
            Action::FilterToRange => {
                if let Some((start, end)) = self.timeline.brush.take() {
                    self.filter.range = Some((start.floor() as i64, end.ceil() as i64));
                }
            }
            Action::FitTimeline => self.timeline.fit_all(&self.workspace.document),
            Action::ZoomToSelection => self.timeline.zoom_to_selection(&self.workspace),
            Action::ZoomIn => self.timeline.zoom(1.5),
            Action::ZoomOut => self.timeline.zoom(1.0 / 1.5),
            Action::ShowWarnings => self.show_warnings = true,
            Action::Shortcuts => self.show_shortcuts = true,
            Action::About => self.show_about = true,
        }
    }

    /// Asks for a file: the native dialog on its own thread, or the path field when the
    /// app runs without one (tests) or none can be shown.
    fn choose_file(&mut self, purpose: FilePurpose) {
        let suggested = purpose.suggested_name(&self.file_stem());
        if self.native_dialogs {
            self.pending_dialog = Some(PendingDialog::spawn(purpose, Some(suggested)));
        } else {
            self.path_prompt = Some(PathPrompt {
                purpose,
                path: suggested,
                note: None,
            });
        }
    }

    /// The open file's name without its extension, for suggested export names.
    fn file_stem(&self) -> String {
        match &self.workspace.origin {
            Origin::File(path) => path.file_stem().map_or_else(
                || "dossier".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            ),
            Origin::Embedded => "ai-governance-2025".to_owned(),
        }
    }

    /// Writes the whole dossier in another format (File → Export).
    fn export_dossier(&mut self, ctx: &egui::Context, format: DossierExport, path: &Path) {
        let png = PngOptions {
            size: format.png_size,
            view: self.timeline.view(),
            dark: ctx.theme() == egui::Theme::Dark,
        };
        let bytes = dossier_bytes(&self.workspace.document, format.format, png);
        let written = bytes.and_then(|b| write_atomically(path, &b).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                self.status_message = Some(format!(
                    "Exported {} to {}.",
                    format.label(),
                    path.display()
                ));
            }
            Err(error) => {
                // The same panel as a failed briefing export: nothing was written.
                self.error_panel = Some(ErrorPanel::export_failed(
                    path.display().to_string(),
                    &error,
                ));
            }
        }
    }

    fn prompt_for_path(&mut self, purpose: FilePurpose, note: Option<String>) {
        self.path_prompt = Some(PathPrompt {
            purpose,
            path: String::new(),
            note,
        });
    }

    fn reveal_selection(&mut self) {
        if let Some(event) = self.workspace.selected_event() {
            self.timeline.reveal(&self.workspace.document, event);
        }
    }

    fn export_to(&mut self, briefing: &str, format: TextFormat, path: &Path) {
        let written = export_briefing(&self.workspace.document, briefing, format, DEFAULT_WIDTH)
            .map_err(|e| e.to_string())
            .and_then(|text| write_atomically(path, text.as_bytes()).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                self.status_message =
                    Some(format!("Exported \"{briefing}\" to {}.", path.display()));
            }
            Err(error) => {
                self.error_panel = Some(ErrorPanel::export_failed(
                    path.display().to_string(),
                    &error,
                ));
                self.status_message = Some(format!("Could not export to {}.", path.display()));
            }
        }
    }

    /// Shortcuts, mouse buttons 4/5 and dropped files, as commands.
    fn input_commands(ctx: &egui::Context) -> Vec<Command> {
        let typing = ctx.egui_wants_keyboard_input();
        let mut commands = Vec::new();
        ctx.input_mut(|input| {
            for action in Action::WITH_SHORTCUTS {
                if typing && action.needs_free_keyboard() {
                    continue;
                }
                if let Some(shortcut) = action.shortcut()
                    && input.consume_shortcut(&shortcut)
                {
                    commands.push(Command::Run(action));
                }
            }
            // `=` is `+` without Shift on most layouts.
            if !typing && input.consume_key(egui::Modifiers::COMMAND, egui::Key::Y) {
                commands.push(Command::Run(Action::Redo));
            }
            if !typing && input.consume_key(egui::Modifiers::NONE, egui::Key::Equals) {
                commands.push(Command::Run(Action::ZoomIn));
            }
            if input.pointer.button_pressed(PointerButton::Extra1) {
                commands.push(Command::Run(Action::Back));
            }
            if input.pointer.button_pressed(PointerButton::Extra2) {
                commands.push(Command::Run(Action::Forward));
            }
            if let Some(path) = input.raw.dropped_files.first().map(|f| f.path().to_owned()) {
                commands.push(Command::OpenFile(path));
            }
        });
        commands
    }

    fn poll_dialog(&mut self) -> Option<Command> {
        let outcome = self.pending_dialog.as_ref()?.poll();
        match outcome {
            DialogOutcome::Waiting => None,
            DialogOutcome::Cancelled => {
                self.pending_dialog = None;
                None
            }
            DialogOutcome::Unavailable(purpose) => {
                self.pending_dialog = None;
                let note = "No file dialog could be shown (it needs the XDG desktop portal or zenity). Type the path instead:".to_owned();
                let suggested = purpose.suggested_name(&self.file_stem());
                self.path_prompt = Some(PathPrompt {
                    purpose,
                    path: suggested,
                    note: Some(note),
                });
                None
            }
            DialogOutcome::Picked(purpose, path) => {
                self.pending_dialog = None;
                Some(purpose.command(path))
            }
        }
    }

    fn windows_ui(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands = Vec::new();
        if let Some(prompt) = &mut self.path_prompt {
            let (command, keep) = prompt.ui(ctx);
            commands.extend(command);
            if !keep {
                self.path_prompt = None;
            }
        }
        if let Some(dialog) = &mut self.export_dialog {
            let (command, keep) = dialog.ui(ctx, &self.workspace.document);
            commands.extend(command);
            if !keep {
                self.export_dialog = None;
            }
        }
        if let Some(panel) = &self.error_panel
            && !panel.ui(ctx)
        {
            self.error_panel = None;
        }
        if self.show_warnings {
            self.show_warnings =
                dialogs::warnings_ui(ctx, &self.workspace.document, &self.workspace.file_name());
        }
        if self.show_shortcuts {
            self.show_shortcuts = dialogs::shortcuts_ui(ctx);
        }
        if self.show_about {
            self.show_about = dialogs::about_ui(ctx);
        }
        if let Some(confirm) = &self.delete_confirm {
            let (command, keep) = confirm.ui(ctx);
            commands.extend(command);
            if !keep {
                self.delete_confirm = None;
            }
        }
        if self.show_records {
            let (command, keep) = records::manager_ui(ctx, &self.workspace.document);
            commands.extend(command);
            self.show_records = keep;
        }
        if self.unsaved.is_some() {
            match records::unsaved_ui(ctx, &self.workspace.file_name()) {
                Some(UnsavedChoice::Save) => {
                    self.after_save = self.unsaved.take();
                    self.save(ctx, false);
                }
                Some(UnsavedChoice::Discard) => {
                    if let Some(after) = self.unsaved.take() {
                        self.continue_after(ctx, after);
                    }
                }
                Some(UnsavedChoice::Cancel) => self.unsaved = None,
                None => {}
            }
        }
        if self.save_conflict {
            match records::conflict_ui(ctx, &self.workspace.file_name()) {
                Some(ConflictChoice::Overwrite) => {
                    self.save_conflict = false;
                    self.save(ctx, true);
                }
                Some(ConflictChoice::SaveAs) => {
                    self.save_conflict = false;
                    self.run(ctx, Action::SaveAs);
                }
                Some(ConflictChoice::Cancel) => {
                    self.save_conflict = false;
                    self.after_save = None;
                }
                None => {}
            }
        }
        commands
    }

    /// The banner shown when the open file changed on disk while there are unsaved edits,
    /// or disappeared.
    fn disk_banner_ui(&mut self, ui: &mut Ui, ctx: &egui::Context) {
        let Some(state) = self.disk_banner else {
            return;
        };
        let file = self.workspace.file_name();
        egui::Panel::top("disk-banner").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("⚠").color(ui.visuals().warn_fg_color));
                if state == DiskState::Missing {
                    ui.label(format!("{file} was moved or deleted. Your dossier is still open: Save As to keep it."));
                    if ui.button("Save As…").clicked() {
                        self.run(ctx, Action::SaveAs);
                    }
                } else {
                    ui.label(format!("{file} changed on disk, and you have unsaved edits."));
                    if ui.button("Reload (discard my edits)").clicked() {
                        self.reload(ctx);
                    }
                    if ui.button("Keep mine").clicked() {
                        self.disk_banner = None;
                    }
                }
            });
        });
    }

    fn drop_overlay(ctx: &egui::Context) {
        if ctx.input(|i| i.raw.hovered_files.is_empty()) {
            return;
        }
        let painter =
            ctx.layer_painter(LayerId::new(Order::Foreground, Id::unique("drop-overlay")));
        let rect = ctx.content_rect();
        painter.rect_filled(rect, 0.0, Color32::from_black_alpha(170));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Drop a dossier (.json) to open it",
            egui::FontId::proportional(24.0),
            Color32::WHITE,
        );
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        // A leading "•" marks unsaved edits, as most editors do.
        let title = format!(
            "{}{} — {} — Dossier",
            if self.workspace.is_dirty() {
                "• "
            } else {
                ""
            },
            self.workspace.document.dossier.title,
            self.workspace.file_name()
        );
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// The window title as last sent.
    pub fn window_title(&self) -> &str {
        &self.window_title
    }

    fn screenshot_step(&mut self, ctx: &egui::Context) {
        let Some(shot) = &mut self.screenshot else {
            return;
        };
        ctx.request_repaint();
        if let Some(result) = shot.result.lock().ok().and_then(|r| r.clone()) {
            if let Err(error) = &result {
                eprintln!("dossier: screenshot: {error}");
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        shot.frames += 1;
        if shot.frames >= SCREENSHOT_AFTER_FRAMES && !shot.requested {
            shot.requested = true;
            let path = shot.path.clone();
            let result = shot.result.clone();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let outcome = save_png(&path, &image);
                if let Ok(mut slot) = result.lock() {
                    *slot = Some(outcome);
                }
                repaint.request_repaint();
            });
        }
    }
}

/// A copy of a record with a fresh id and "(copy)" after its name, for the form.
fn duplicate(document: &crate::model::Document, mut record: Record) -> Record {
    let dossier = &document.dossier;
    let kind = record.kind();
    let id = unused_id(dossier, kind, &format!("{}-copy", record.id()));
    match &mut record {
        Record::Lane(r) => (r.id, r.label) = (id, format!("{} (copy)", r.label)),
        Record::Entity(r) => (r.id, r.name) = (id, format!("{} (copy)", r.name)),
        Record::Source(r) => (r.id, r.title) = (id, format!("{} (copy)", r.title)),
        Record::Event(r) => (r.id, r.title) = (id, format!("{} (copy)", r.title)),
        Record::Period(r) => (r.id, r.label) = (id, format!("{} (copy)", r.label)),
        Record::Briefing(r) => (r.id, r.title) = (id, format!("{} (copy)", r.title)),
    }
    record
}

/// Writes an egui screenshot as a PNG file.
fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let [width, height] = image.size;
    let mut rgba = Vec::with_capacity(width * height * 4);
    for pixel in &image.pixels {
        rgba.extend_from_slice(&pixel.to_srgba_unmultiplied());
    }
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width as u32, height as u32);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&rgba).map_err(|e| e.to_string())?;
    }
    write_atomically(path, &bytes).map_err(|e| e.to_string())
}

impl eframe::App for DossierApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.root_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.save_settings(storage);
    }
}

impl DossierApp {
    /// One frame of the whole window: what eframe calls each frame, and what the frame
    /// benchmark runs on a bare context.
    pub fn root_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let mut commands = Self::input_commands(&ctx);
        commands.extend(self.poll_dialog());
        self.watch(&ctx);
        self.check_disk(&ctx);
        // Closing with unsaved edits asks first.
        if ctx.input(|i| i.viewport().close_requested())
            && self.workspace.is_dirty()
            && !self.discard_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.unsaved = Some(AfterSave::Close);
        }
        if self.pending_dialog.is_some() {
            // Keep polling while a native dialog is open on its thread.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }

        // Views derived from the document, refreshed only when it, the filter or the
        // query changed.
        self.view.update(
            &self.workspace.document,
            self.workspace.generation(),
            &self.filter,
        );
        let repaint = ctx.clone();
        if self.search.update(
            &self.workspace.document,
            self.workspace.generation(),
            move || repaint.request_repaint(),
        ) {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }

        let menu_state = menu::MenuState {
            settings: &self.settings,
            undo: self.workspace.undo_label().map(str::to_owned),
            redo: self.workspace.redo_label().map(str::to_owned),
            can_save: self.workspace.is_dirty() || self.workspace.save_path().is_err(),
            can_go_back: self.workspace.selection.can_go_back(),
            can_go_forward: self.workspace.selection.can_go_forward(),
            has_selection: self.workspace.selection().is_some(),
            has_briefings: !self.workspace.document.dossier.briefings.is_empty(),
            warning_count: self.workspace.document.problems.len(),
        };
        egui::Panel::top("menu").show(ui, |ui| commands.extend(menu::ui(ui, &menu_state)));
        self.disk_banner_ui(ui, &ctx);
        egui::Panel::bottom("status").show(ui, |ui| {
            commands.extend(status::ui(
                ui,
                &self.workspace,
                self.status_message.as_deref(),
            ));
        });
        // The record form, when open, takes the right side from top to bottom.
        if let Some(editor) = &mut self.editor {
            let mut keep = true;
            egui::Panel::right("editor")
                .resizable(true)
                .default_size(470.0)
                .min_size(340.0)
                .show(ui, |ui| {
                    let (command, stay) =
                        editor.ui(ui, &self.workspace.document, self.workspace.generation());
                    commands.extend(command);
                    keep = stay;
                });
            if !keep {
                self.editor = None;
            }
        }
        // The timeline spans the whole width: time needs room more than anything else.
        // Below it, the entity sidebar on the left and the briefing pane on the right.
        let timeline_height = (ui.available_height() * 0.5).max(220.0);
        egui::Panel::top("timeline")
            .resizable(true)
            .default_size(timeline_height)
            .min_size(160.0)
            .show(ui, |ui| {
                commands.extend(super::panels::search::find_bar_ui(
                    ui,
                    &mut self.search,
                    &mut self.filter,
                    &self.workspace,
                    &self.view,
                ));
                let hits = self
                    .search
                    .is_active()
                    .then_some(self.search.results.as_slice());
                commands.extend(self.timeline.ui(ui, &self.workspace, &self.view, hits));
            });
        egui::Panel::left("entities")
            .resizable(true)
            .default_size(300.0)
            .min_size(180.0)
            .show(ui, |ui| {
                commands.extend(
                    self.sidebar
                        .ui(ui, &self.workspace, &self.view, &self.search),
                );
            });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            commands.extend(briefing::ui(ui, &self.workspace));
        });
        commands.extend(self.windows_ui(&ctx));
        Self::drop_overlay(&ctx);

        for command in commands {
            self.apply(&ctx, command);
        }
        self.update_title(&ctx);
        self.screenshot_step(&ctx);
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
