//! Every user-visible action, defined once with its name and shortcut, so that the menu,
//! the keyboard and the tests all use the same list; and the commands panels hand to the
//! app.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::formats::briefing::TextFormat;
use crate::model::records::RecordKind;
use crate::state::Selection;

use super::settings::ThemeChoice;

/// An action the user can take from the menu or the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Open,
    OpenPath,
    OpenDefault,
    Save,
    SaveAs,
    Undo,
    Redo,
    NewEvent,
    NewEntity,
    NewLane,
    NewSource,
    NewPeriod,
    NewBriefing,
    BriefingFromSelection,
    EditSelected,
    DuplicateSelected,
    DeleteSelected,
    ManageRecords,
    ExportBriefing,
    CopyBriefing,
    Quit,
    Back,
    Forward,
    ClearSelection,
    PreviousEvent,
    NextEvent,
    FindEntity,
    Find,
    NextResult,
    PreviousResult,
    FilterToRange,
    FitTimeline,
    ZoomToSelection,
    ZoomIn,
    ZoomOut,
    ShowWarnings,
    Shortcuts,
    About,
}

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

impl Action {
    /// The actions that have a shortcut, in the order they are checked (more modifiers
    /// first, so that Alt+← is not taken for ←).
    pub const WITH_SHORTCUTS: [Self; 24] = [
        Self::PreviousResult,
        Self::NextResult,
        Self::Back,
        Self::Forward,
        Self::SaveAs,
        Self::Redo,
        Self::Save,
        Self::Undo,
        Self::NewEvent,
        Self::EditSelected,
        Self::DuplicateSelected,
        Self::DeleteSelected,
        Self::Open,
        Self::ExportBriefing,
        Self::CopyBriefing,
        Self::Quit,
        Self::Find,
        Self::ClearSelection,
        Self::PreviousEvent,
        Self::NextEvent,
        Self::FitTimeline,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomToSelection,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open…",
            Self::OpenPath => "Open Path…",
            Self::OpenDefault => "Open Built-in Dossier",
            Self::Save => "Save",
            Self::SaveAs => "Save As…",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::NewEvent => "New Event…",
            Self::NewEntity => "New Entity…",
            Self::NewLane => "New Lane…",
            Self::NewSource => "New Source…",
            Self::NewPeriod => "New Period…",
            Self::NewBriefing => "New Briefing…",
            Self::BriefingFromSelection => "New Briefing from Selection…",
            Self::EditSelected => "Edit Selected…",
            Self::DuplicateSelected => "Duplicate Selected",
            Self::DeleteSelected => "Delete Selected…",
            Self::ManageRecords => "Lanes, Sources and Periods…",
            Self::ExportBriefing => "Export Briefing…",
            Self::CopyBriefing => "Copy Briefing as Text",
            Self::Quit => "Quit",
            Self::Back => "Back",
            Self::Forward => "Forward",
            Self::ClearSelection => "Clear Selection",
            Self::PreviousEvent => "Previous Event",
            Self::NextEvent => "Next Event",
            Self::FindEntity => "Filter Entities",
            Self::Find => "Search Events",
            Self::NextResult => "Next Result",
            Self::PreviousResult => "Previous Result",
            Self::FilterToRange => "Filter to Brushed Range",
            Self::FitTimeline => "Fit Timeline",
            Self::ZoomToSelection => "Zoom to Selection",
            Self::ZoomIn => "Zoom In",
            Self::ZoomOut => "Zoom Out",
            Self::ShowWarnings => "Show Warnings",
            Self::Shortcuts => "Keyboard Shortcuts",
            Self::About => "About Dossier",
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        Some(match self {
            Self::Open => shortcut(Modifiers::COMMAND, Key::O),
            Self::Save => shortcut(Modifiers::COMMAND, Key::S),
            Self::SaveAs => shortcut(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S),
            Self::Undo => shortcut(Modifiers::COMMAND, Key::Z),
            Self::Redo => shortcut(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z),
            Self::NewEvent => shortcut(Modifiers::COMMAND, Key::N),
            Self::EditSelected => shortcut(Modifiers::NONE, Key::F2),
            Self::DuplicateSelected => shortcut(Modifiers::COMMAND, Key::D),
            Self::DeleteSelected => shortcut(Modifiers::NONE, Key::Delete),
            Self::ExportBriefing => shortcut(Modifiers::COMMAND, Key::E),
            Self::CopyBriefing => shortcut(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::C),
            Self::Quit => shortcut(Modifiers::COMMAND, Key::Q),
            Self::Back => shortcut(Modifiers::ALT, Key::ArrowLeft),
            Self::Forward => shortcut(Modifiers::ALT, Key::ArrowRight),
            Self::Find => shortcut(Modifiers::COMMAND, Key::F),
            Self::NextResult => shortcut(Modifiers::NONE, Key::F3),
            Self::PreviousResult => shortcut(Modifiers::SHIFT, Key::F3),
            Self::ClearSelection => shortcut(Modifiers::NONE, Key::Escape),
            Self::PreviousEvent => shortcut(Modifiers::NONE, Key::ArrowLeft),
            Self::NextEvent => shortcut(Modifiers::NONE, Key::ArrowRight),
            Self::FitTimeline => shortcut(Modifiers::NONE, Key::Home),
            Self::ZoomIn => shortcut(Modifiers::NONE, Key::Plus),
            Self::ZoomOut => shortcut(Modifiers::NONE, Key::Minus),
            Self::ZoomToSelection => shortcut(Modifiers::NONE, Key::Z),
            _ => return None,
        })
    }

    /// Plain keys (arrows, +, −, Home, Z, Delete) would fight with typing, and a text
    /// field has its own undo, so these only act when no text field has the keyboard.
    pub fn needs_free_keyboard(self) -> bool {
        // F3 steps through search results while the search field has the keyboard.
        matches!(self, Self::Undo | Self::Redo)
            || (self.shortcut().is_some_and(|s| s.modifiers.is_none())
                && !matches!(self, Self::NextResult | Self::PreviousResult))
    }
}

/// What panels ask the app to do; applied in one place at the end of the frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Run(Action),
    Select(Option<Selection>),
    OpenFile(PathBuf),
    SetTheme(ThemeChoice),
    /// Write a briefing to a file.
    ExportTo {
        briefing: String,
        format: TextFormat,
        path: PathBuf,
    },
    /// Ask for the file to export a briefing to (native dialog or path field).
    ChooseExportFile {
        briefing: String,
        format: TextFormat,
    },
    /// Ask for the file to export the whole dossier to.
    ChooseDossierExport(crate::formats::export_format::DossierExport),
    /// Write the whole dossier in another format.
    ExportDossierTo {
        format: crate::formats::export_format::DossierExport,
        path: PathBuf,
    },
    /// Put a briefing on the clipboard as plain text.
    CopyBriefingText(String),
    /// Show a timeline range in seconds since 1970.
    ShowRange(f64, f64),
    /// Apply an edit as one undoable step, then select something.
    ApplyEdit {
        label: String,
        edit: crate::model::edit::Edit,
        select: Option<Selection>,
    },
    /// Open the form for a record.
    EditRecord {
        kind: RecordKind,
        position: usize,
    },
    /// Open the form for a new record, prefilled.
    NewRecord(crate::model::records::Record),
    Duplicate {
        kind: RecordKind,
        position: usize,
    },
    /// Ask before deleting, listing what refers to the record.
    AskDelete {
        kind: RecordKind,
        position: usize,
    },
    /// A new event at a date in a lane (from the timeline's context menu).
    NewEventAt {
        lane: String,
        date: String,
    },
    /// A new briefing from the events in a time range brushed on the timeline.
    BriefingFromRange(f64, f64),
    /// Delete a record and every reference to it (confirmed by the user).
    ConfirmDelete {
        kind: RecordKind,
        position: usize,
    },
    /// Save as a Dossier file at this path.
    SaveTo(PathBuf),
}
