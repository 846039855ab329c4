//! The menu bar: File, Edit, View, Help. Items come from [`Action`], so their names,
//! tooltips, shortcuts and whether they are enabled match the keyboard handling.

use std::path::PathBuf;

use egui::{Button, Ui};

use crate::formats::export_format::DossierExport;
use crate::formats::export_format::{ExportFormat, PNG_MENU_SIZES};
use crate::ui::actions::{Action, ActionContext};
use crate::ui::commands::{Command, FilePurpose};
use crate::ui::settings::{Settings, ThemeChoice};

/// What the menus need to know to name and enable their items.
pub struct MenuState<'a> {
    pub settings: &'a Settings,
    /// What Undo and Redo would do ("rename event").
    pub undo: Option<String>,
    pub redo: Option<String>,
    pub actions: ActionContext,
    pub warning_count: usize,
}

/// One line of a menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Item(Action),
    Separator,
    /// The submenu of recently opened files.
    OpenRecent,
    /// The submenu of whole-dossier export formats.
    ExportDossier,
    /// The submenu of themes.
    Theme,
}

use Entry::{Item, Separator};

/// The menus, top to bottom, as drawn.
pub const MENUS: [(&str, &[Entry]); 4] = [
    (
        "File",
        &[
            Item(Action::Open),
            Item(Action::OpenPath),
            Entry::OpenRecent,
            Item(Action::OpenDefault),
            Separator,
            Item(Action::Save),
            Item(Action::SaveAs),
            Separator,
            Item(Action::ExportBriefing),
            Item(Action::CopyBriefing),
            Entry::ExportDossier,
            Separator,
            Item(Action::Quit),
        ],
    ),
    (
        "Edit",
        &[
            Item(Action::Undo),
            Item(Action::Redo),
            Separator,
            Item(Action::NewEvent),
            Item(Action::NewEntity),
            Item(Action::NewBriefing),
            Item(Action::BriefingFromSelection),
            Separator,
            Item(Action::NewLane),
            Item(Action::NewSource),
            Item(Action::NewPeriod),
            Item(Action::ManageRecords),
            Separator,
            Item(Action::EditSelected),
            Item(Action::DuplicateSelected),
            Item(Action::DeleteSelected),
            Separator,
            Item(Action::FindEntity),
            Item(Action::Find),
            Item(Action::NextResult),
            Item(Action::PreviousResult),
            Item(Action::ClearSelection),
            Separator,
            Item(Action::Back),
            Item(Action::Forward),
            Item(Action::PreviousEvent),
            Item(Action::NextEvent),
        ],
    ),
    (
        "View",
        &[
            Item(Action::FitTimeline),
            Item(Action::ZoomToSelection),
            Item(Action::ZoomIn),
            Item(Action::ZoomOut),
            Item(Action::FilterToRange),
            Item(Action::ToggleEventTable),
            Separator,
            Entry::Theme,
            Separator,
            Item(Action::ShowWarnings),
        ],
    ),
    ("Help", &[Item(Action::Shortcuts), Item(Action::About)]),
];

/// Every action the menus offer.
pub fn menu_actions() -> impl Iterator<Item = Action> {
    MENUS.iter().flat_map(|(_, entries)| {
        entries.iter().filter_map(|entry| match entry {
            Item(action) => Some(*action),
            _ => None,
        })
    })
}

fn item(ui: &mut Ui, action: Action, state: &MenuState<'_>, commands: &mut Vec<Command>) {
    // "Undo rename event": the item names what it will do.
    let what = match action {
        Action::Undo => state.undo.as_deref(),
        Action::Redo => state.redo.as_deref(),
        _ => None,
    };
    let text = match (action, what) {
        (_, Some(what)) => format!("{} {what}", action.label()),
        (Action::ShowWarnings, _) => format!("{} ({})", action.label(), state.warning_count),
        _ => action.label().to_owned(),
    };
    let mut button = Button::new(text);
    if let Some(keys) = action.shortcut_text() {
        button = button.shortcut_text(keys);
    }
    let response = ui
        .add_enabled(action.enabled(&state.actions), button)
        .on_hover_text(action.tooltip());
    if response.clicked() {
        commands.push(Command::Run(action));
    }
}

fn open_recent_ui(ui: &mut Ui, settings: &Settings, commands: &mut Vec<Command>) {
    ui.menu_button("Open Recent", |ui| {
        if settings.recent_files.is_empty() {
            ui.add_enabled(false, Button::new("No recent files"));
        }
        for path in &settings.recent_files {
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
}

fn export_dossier_ui(ui: &mut Ui, commands: &mut Vec<Command>) {
    let mut choose =
        |format| commands.push(Command::ChooseFile(FilePurpose::ExportDossier(format)));
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
                            choose(DossierExport {
                                format,
                                png_size: (width, height),
                            });
                        }
                    }
                });
            } else if ui.button(format!("{}…", format.label())).clicked() {
                choose(DossierExport::new(format));
            }
        }
    });
}

fn theme_ui(ui: &mut Ui, settings: &Settings, commands: &mut Vec<Command>) {
    ui.menu_button("Theme", |ui| {
        for theme in ThemeChoice::ALL {
            if ui.radio(settings.theme == theme, theme.label()).clicked() {
                commands.push(Command::SetTheme(theme));
            }
        }
    });
}

pub fn ui(ui: &mut Ui, state: &MenuState<'_>) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        for (title, entries) in MENUS {
            ui.menu_button(title, |ui| {
                for entry in entries {
                    match *entry {
                        Item(action) => item(ui, action, state, &mut commands),
                        Separator => {
                            ui.separator();
                        }
                        Entry::OpenRecent => open_recent_ui(ui, state.settings, &mut commands),
                        Entry::ExportDossier => export_dossier_ui(ui, &mut commands),
                        Entry::Theme => theme_ui(ui, state.settings, &mut commands),
                    }
                }
            });
        }
    });
    commands
}
