//! One frame of the window: keyboard and mouse input as commands, the panels, the open
//! dialog, and then every command applied in order.

use std::time::Duration;

use egui::{Color32, Id, LayerId, Order, PointerButton, Ui};

use crate::ui::actions::{Action, ActionContext};
use crate::ui::commands::{AfterSave, Command};
use crate::ui::dialogs::{Modal, ModalContext};
use crate::ui::panels::{briefing, disk_banner, loading_banner, menu, search, status};
use crate::ui::table::Shown;

use super::window::DossierApp;

impl DossierApp {
    /// One frame of the whole window: what eframe calls each frame, and what the frame
    /// benchmark runs on a bare context.
    pub fn root_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let actions = ActionContext::of(&self.workspace);
        // While a dialog is open, keys are the dialog's: nothing behind it reacts.
        let mut commands = if self.dialog_is_open() {
            Vec::new()
        } else {
            Self::input_commands(&ctx, &actions)
        };
        self.poll_open();
        self.watch(&ctx);
        self.check_disk();
        // Closing with unsaved edits asks first.
        if ctx.input(|i| i.viewport().close_requested())
            && self.workspace.is_dirty()
            && !self.close_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.open_modal(Modal::Unsaved(AfterSave::Close));
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
            |g| self.workspace.event_changes_since(g),
            move || repaint.request_repaint(),
        ) {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        // An Enter that came before the results did (see `SearchState::step`).
        if let Some(e) = self.search.take_pending_step() {
            self.show_result(e);
        }

        let menu_state = menu::MenuState {
            settings: &self.settings,
            undo: self.workspace.undo_label().map(str::to_owned),
            redo: self.workspace.redo_label().map(str::to_owned),
            actions,
            warning_count: self.workspace.document.problems.len(),
        };
        egui::Panel::top("menu").show(ui, |ui| commands.extend(menu::ui(ui, &menu_state)));
        if let Some(state) = self.disk_banner {
            let file = self.workspace.file_name();
            egui::Panel::top("disk-banner").show(ui, |ui| {
                commands.extend(disk_banner::ui(ui, state, &file));
            });
        }
        if let Some(loading) = self.loading() {
            let file = loading.path().file_name().map_or_else(
                || loading.path().display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            );
            let progress = loading.progress();
            egui::Panel::top("loading-banner").show(ui, |ui| {
                commands.extend(loading_banner::ui(ui, &file, &progress));
            });
        }
        egui::Panel::bottom("status").show(ui, |ui| {
            commands.extend(status::ui(
                ui,
                &self.workspace,
                self.status_message.as_deref(),
            ));
        });
        self.panels_ui(ui, &mut commands);
        commands.extend(self.modal_ui(&ctx));
        Self::focus_ring(&ctx);
        Self::drop_overlay(&ctx);

        for command in commands {
            self.apply(&ctx, command);
        }
        self.update_title(&ctx);
        if let Some(shot) = &mut self.screenshot {
            shot.step(&ctx);
        }
    }

    /// The record form, the timeline, the entity list and the briefing pane.
    fn panels_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        // Side panels start at a share of the window, so that in a small window (800 px)
        // the briefing pane keeps room between the entity list and the form.
        let width = ui.available_width();
        // The record form, when open, takes the right side from top to bottom.
        if let Some(editor) = &mut self.editor {
            let mut keep = true;
            egui::Panel::right("editor")
                .resizable(true)
                .default_size((width * 0.38).clamp(300.0, 470.0))
                .min_size(300.0)
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
        // Below it, the entity sidebar on the left and the briefing pane on the right;
        // each side keeps a usable minimum whatever the window's size and the divider.
        let (min_timeline, min_below) = timeline_split_limits(ui.available_height());
        let timeline_height = (ui.available_height() * 0.62).max(min_timeline);
        egui::Panel::top("timeline")
            .resizable(true)
            .default_size(timeline_height)
            .size_range(min_timeline..=(ui.available_height() - min_below).max(min_timeline))
            .show(ui, |ui| {
                commands.extend(search::find_bar_ui(
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
                if self.table.open {
                    let shown = Shown {
                        filter: &self.filter,
                        view: &self.view,
                        search: &self.search,
                    };
                    commands.extend(self.table.ui(ui, &self.workspace, &shown));
                } else {
                    commands.extend(self.timeline.ui(ui, &self.workspace, &self.view, hits));
                }
                divider_grip(ui);
            });
        egui::Panel::left("entities")
            .resizable(true)
            .default_size((width * 0.24).clamp(180.0, 300.0))
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
    }

    /// The one place dialogs are drawn: the open dialog, then an error shown. Their
    /// answers close them here; their commands join everyone else's.
    fn modal_ui(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands = Vec::new();
        let first_frame = std::mem::take(&mut self.dialog_opened);
        if let Some(modal) = &mut self.modal {
            let file_name = self.workspace.file_name();
            let context = ModalContext {
                document: &self.workspace.document,
                file_name: &file_name,
                first_frame,
            };
            let answer = modal.ui(ctx, &context);
            if answer.closes() {
                self.modal = None;
            }
            commands.extend(answer.into_command());
        }
        if let Some(panel) = &self.error_panel {
            let answer = panel.ui(ctx, first_frame);
            if answer.closes() {
                self.error_panel = None;
            }
            commands.extend(answer.into_command());
        }
        commands
    }

    /// Shortcuts of enabled actions, mouse buttons 4/5 and dropped files, as commands.
    fn input_commands(ctx: &egui::Context, actions: &ActionContext) -> Vec<Command> {
        let typing = ctx.egui_wants_keyboard_input();
        ctx.input_mut(|input| {
            let mut commands: Vec<Command> = Action::pressed(input, typing, actions)
                .into_iter()
                .map(Command::Run)
                .collect();
            for (button, action) in [
                (PointerButton::Extra1, Action::Back),
                (PointerButton::Extra2, Action::Forward),
            ] {
                if input.pointer.button_pressed(button) && action.enabled(actions) {
                    commands.push(Command::Run(action));
                }
            }
            if let Some(path) = input.raw.dropped_files.first().map(|f| f.path().to_owned()) {
                commands.push(Command::OpenFile(path));
            }
            commands
        })
    }

    /// A ring around the widget with the keyboard focus, whatever its kind: frameless
    /// buttons, list rows, group headers and timeline events show no focus of their own.
    fn focus_ring(ctx: &egui::Context) {
        // Not on the frame focus arrives: a dialog's first frame only measures it, at a
        // place where it is not drawn.
        let Some(response) = ctx
            .memory(|m| m.focused().filter(|&id| m.had_focus_last_frame(id)))
            .and_then(|id| ctx.read_response(id))
        else {
            return;
        };
        let rect = response.interact_rect;
        if !rect.is_positive() {
            return;
        }
        let painter = ctx.layer_painter(LayerId::new(Order::Tooltip, Id::unique("focus-ring")));
        let color = ctx.global_style().visuals.selection.stroke.color;
        painter.rect_stroke(
            rect.expand(1.0),
            3.0,
            egui::Stroke::new(2.0, color),
            egui::StrokeKind::Outside,
        );
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
}

/// The smallest heights of the timeline and of the panels below it, for a window area
/// `available` tall: 160 and 140 px where there is room, else 55% and 45% of it.
pub fn timeline_split_limits(available: f32) -> (f32, f32) {
    let (timeline, below) = (160.0, 140.0);
    if available >= timeline + below {
        (timeline, below)
    } else {
        let timeline = available * 0.55;
        (timeline, available - timeline)
    }
}

/// A grip in the middle of the divider under the timeline, so that it reads as
/// something to drag.
fn divider_grip(ui: &Ui) {
    let rect = ui.max_rect();
    let centre = egui::pos2(rect.center().x, rect.bottom() + 3.0);
    let color = ui
        .visuals()
        .widgets
        .inactive
        .fg_stroke
        .color
        .gamma_multiply(0.6);
    for dx in [-12.0, -4.0, 4.0, 12.0] {
        ui.ctx()
            .layer_painter(LayerId::new(Order::Middle, Id::unique("timeline-divider")))
            .circle_filled(centre + egui::vec2(dx, 0.0), 1.6, color);
    }
}
