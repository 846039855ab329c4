//! The menu bar: File, Edit, View, Help. Items come from [`Action`], so their names and
//! shortcuts match the keyboard handling.

use std::path::PathBuf;

use egui::{Button, Ui};

use crate::formats::export_format::DossierExport;
use crate::formats::export_format::{ExportFormat, PNG_MENU_SIZES};
use crate::ui::actions::{Action, Command};
use crate::ui::settings::{Settings, ThemeChoice};

/// What the menus need to know to enable their items.
pub struct MenuState<'a> {
    pub settings: &'a Settings,
    /// What Undo and Redo would do ("rename event").
    pub undo: Option<String>,
    pub redo: Option<String>,
    pub can_save: bool,
    pub can_go_back: bool,
    pub can_go_forward: bool,
    pub has_selection: bool,
    pub has_briefings: bool,
    pub warning_count: usize,
}

fn item(ui: &mut Ui, action: Action, enabled: bool, commands: &mut Vec<Command>) {
    let mut button = Button::new(action.label());
    if let Some(shortcut) = action.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui.add_enabled(enabled, button).clicked() {
        commands.push(Command::Run(action));
    }
}

/// "Undo rename event": the item names what it will do, and is disabled with nothing to do.
fn named_item(ui: &mut Ui, action: Action, what: Option<&str>, commands: &mut Vec<Command>) {
    let text = match what {
        Some(what) => format!("{} {what}", action.label()),
        None => action.label().to_owned(),
    };
    let mut button = Button::new(text);
    if let Some(shortcut) = action.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui.add_enabled(what.is_some(), button).clicked() {
        commands.push(Command::Run(action));
    }
}

pub fn ui(ui: &mut Ui, state: &MenuState<'_>) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, Action::Open, true, &mut commands);
            item(ui, Action::OpenPath, true, &mut commands);
            ui.menu_button("Open Recent", |ui| {
                if state.settings.recent_files.is_empty() {
                    ui.add_enabled(false, Button::new("No recent files"));
                }
                for path in &state.settings.recent_files {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    if ui
                        .button(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        commands.push(Command::OpenFile(PathBuf::from(path)));
                    }
                }
            });
            item(ui, Action::OpenDefault, true, &mut commands);
            ui.separator();
            item(ui, Action::Save, state.can_save, &mut commands);
            item(ui, Action::SaveAs, true, &mut commands);
            ui.separator();
            item(
                ui,
                Action::ExportBriefing,
                state.has_briefings,
                &mut commands,
            );
            item(ui, Action::CopyBriefing, state.has_briefings, &mut commands);
            ui.menu_button("Export Dossier", |ui| {
                for format in ExportFormat::dossier_formats() {
                    if format == ExportFormat::Png {
                        ui.menu_button(format.label(), |ui| {
                            // The view as shown, at the size the picture is for.
                            for (width, height, use_for) in PNG_MENU_SIZES {
                                if ui
                                    .button(format!("{width}×{height} ({use_for})…"))
                                    .clicked()
                                {
                                    commands.push(Command::ChooseDossierExport(DossierExport {
                                        format,
                                        png_size: (width, height),
                                    }));
                                }
                            }
                        });
                    } else if ui.button(format!("{}…", format.label())).clicked() {
                        commands.push(Command::ChooseDossierExport(DossierExport::new(format)));
                    }
                }
            });
            ui.separator();
            item(ui, Action::Quit, true, &mut commands);
        });
        ui.menu_button("Edit", |ui| {
            named_item(ui, Action::Undo, state.undo.as_deref(), &mut commands);
            named_item(ui, Action::Redo, state.redo.as_deref(), &mut commands);
            ui.separator();
            item(ui, Action::NewEvent, true, &mut commands);
            item(ui, Action::NewEntity, true, &mut commands);
            item(ui, Action::NewBriefing, true, &mut commands);
            item(ui, Action::BriefingFromSelection, true, &mut commands);
            item(ui, Action::ManageRecords, true, &mut commands);
            ui.separator();
            item(ui, Action::EditSelected, state.has_selection, &mut commands);
            item(
                ui,
                Action::DuplicateSelected,
                state.has_selection,
                &mut commands,
            );
            item(
                ui,
                Action::DeleteSelected,
                state.has_selection,
                &mut commands,
            );
            ui.separator();
            item(ui, Action::FindEntity, true, &mut commands);
            item(
                ui,
                Action::ClearSelection,
                state.has_selection,
                &mut commands,
            );
            ui.separator();
            item(ui, Action::Back, state.can_go_back, &mut commands);
            item(ui, Action::Forward, state.can_go_forward, &mut commands);
            item(ui, Action::PreviousEvent, true, &mut commands);
            item(ui, Action::NextEvent, true, &mut commands);
        });
        ui.menu_button("View", |ui| {
            item(ui, Action::FitTimeline, true, &mut commands);
            item(
                ui,
                Action::ZoomToSelection,
                state.has_selection,
                &mut commands,
            );
            item(ui, Action::ZoomIn, true, &mut commands);
            item(ui, Action::ZoomOut, true, &mut commands);
            ui.separator();
            ui.menu_button("Theme", |ui| {
                for theme in ThemeChoice::ALL {
                    if ui
                        .radio(state.settings.theme == theme, theme.label())
                        .clicked()
                    {
                        commands.push(Command::SetTheme(theme));
                    }
                }
            });
            ui.separator();
            let warnings = Button::new(format!(
                "{} ({})",
                Action::ShowWarnings.label(),
                state.warning_count
            ));
            if ui.add(warnings).clicked() {
                commands.push(Command::Run(Action::ShowWarnings));
            }
        });
        ui.menu_button("Help", |ui| {
            item(ui, Action::Shortcuts, true, &mut commands);
            item(ui, Action::About, true, &mut commands);
        });
    });
    commands
}
