//! The app: owns the workspace (dossier + selection), the panels' state and the
//! settings; lays out the panels; applies every command in one place.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{Color32, Id, LayerId, Order, PointerButton, Ui};

use crate::model::export::{DEFAULT_WIDTH, TextFormat, export_briefing};
use crate::model::save::write_atomically;
use crate::state::{Origin, Selection, Workspace};

use super::actions::{Action, Command};
use super::dialogs::{
    self, DialogOutcome, ErrorPanel, ExportDialog, FilePurpose, PathPrompt, PendingDialog,
};
use super::settings::Settings;
use super::sidebar::SidebarPanel;
use super::timeline::TimelinePanel;
use super::{LaunchOptions, briefing, fonts, menu, status};

/// Where a `--screenshot` run reports how it went.
pub type ScreenshotResult = Arc<Mutex<Option<Result<(), String>>>>;

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
}

impl DossierApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: LaunchOptions) -> Self {
        fonts::install(&cc.egui_ctx);
        let screenshot_mode = options.screenshot.is_some();
        let settings: Settings = match cc.storage {
            Some(storage) if !screenshot_mode => {
                eframe::get_value(storage, Settings::KEY).unwrap_or_default()
            }
            _ => Settings::default(),
        };
        cc.egui_ctx.set_theme(settings.theme.preference());
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

    /// Applies one command: the single place where user actions change the app.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
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
                let purpose = FilePurpose::Export {
                    briefing: briefing.clone(),
                    format,
                };
                if self.native_dialogs {
                    let name = format!("{briefing}.{}", format.extension());
                    self.pending_dialog = Some(PendingDialog::spawn(purpose, Some(name)));
                } else {
                    self.path_prompt = Some(PathPrompt {
                        purpose,
                        path: format!("{briefing}.{}", format.extension()),
                        note: None,
                    });
                }
            }
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
        }
    }

    fn run(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Open => {
                if self.native_dialogs {
                    self.pending_dialog = Some(PendingDialog::spawn(FilePurpose::Open, None));
                } else {
                    self.prompt_for_path(FilePurpose::Open, None);
                }
            }
            Action::OpenPath => self.prompt_for_path(FilePurpose::Open, None),
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
            Action::FitTimeline => self.timeline.fit_all(&self.workspace.document),
            Action::ZoomToSelection => self.timeline.zoom_to_selection(&self.workspace),
            Action::ZoomIn => self.timeline.zoom(1.5),
            Action::ZoomOut => self.timeline.zoom(1.0 / 1.5),
            Action::ShowWarnings => self.show_warnings = true,
            Action::Shortcuts => self.show_shortcuts = true,
            Action::About => self.show_about = true,
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
                let suggested = match &purpose {
                    FilePurpose::Export { briefing, format } => {
                        format!("{briefing}.{}", format.extension())
                    }
                    FilePurpose::Open => String::new(),
                };
                self.path_prompt = Some(PathPrompt {
                    purpose,
                    path: suggested,
                    note: Some(note),
                });
                None
            }
            DialogOutcome::Picked(purpose, path) => {
                self.pending_dialog = None;
                Some(match purpose {
                    FilePurpose::Open => Command::OpenFile(path),
                    FilePurpose::Export { briefing, format } => Command::ExportTo {
                        briefing,
                        format,
                        path,
                    },
                })
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
        commands
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
        let title = format!(
            "{} — {} — Dossier",
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
        let ctx = ui.ctx().clone();
        let mut commands = Self::input_commands(&ctx);
        commands.extend(self.poll_dialog());
        if self.pending_dialog.is_some() {
            // Keep polling while a native dialog is open on its thread.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }

        let menu_state = menu::MenuState {
            settings: &self.settings,
            can_go_back: self.workspace.selection.can_go_back(),
            can_go_forward: self.workspace.selection.can_go_forward(),
            has_selection: self.workspace.selection().is_some(),
            has_briefings: !self.workspace.document.dossier.briefings.is_empty(),
            warning_count: self.workspace.document.problems.len(),
        };
        egui::Panel::top("menu").show(ui, |ui| commands.extend(menu::ui(ui, &menu_state)));
        egui::Panel::bottom("status").show(ui, |ui| {
            commands.extend(status::ui(
                ui,
                &self.workspace,
                self.status_message.as_deref(),
            ));
        });
        // The timeline spans the whole width: time needs room more than anything else.
        // Below it, the entity sidebar on the left and the briefing pane on the right.
        let timeline_height = (ui.available_height() * 0.5).max(220.0);
        egui::Panel::top("timeline")
            .resizable(true)
            .default_size(timeline_height)
            .min_size(160.0)
            .show(ui, |ui| {
                commands.extend(self.timeline.ui(ui, &self.workspace));
            });
        egui::Panel::left("entities")
            .resizable(true)
            .default_size(300.0)
            .min_size(180.0)
            .show(ui, |ui| {
                commands.extend(self.sidebar.ui(ui, &self.workspace));
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

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.screenshot.is_none() {
            if let Origin::File(path) = &self.workspace.origin {
                self.settings.last_file = Some(path.clone());
            }
            eframe::set_value(storage, Settings::KEY, &self.settings);
        }
    }
}
