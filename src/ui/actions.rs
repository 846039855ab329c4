//! Every user-visible action, defined once with its name, tooltip, shortcuts and when it
//! is enabled, so that the menu, the keyboard, Help → Keyboard Shortcuts, the hints in
//! the panels and the tests all use the same list.

use egui::{InputState, Key, KeyboardShortcut, ModifierNames, Modifiers};

use crate::state::Workspace;

// Transitional: files outside the shell still import `Command` from here; new code
// imports it from `crate::ui::commands`.

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
    ToggleEventTable,
    ShowWarnings,
    Shortcuts,
    About,
}

/// What decides whether actions are enabled, read once per frame from the workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionContext {
    /// There are edits to save, or the dossier has no file of its own yet.
    pub can_save: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    pub can_go_back: bool,
    pub can_go_forward: bool,
    pub has_selection: bool,
    pub has_briefings: bool,
}

impl ActionContext {
    pub fn of(workspace: &Workspace) -> Self {
        Self {
            can_save: workspace.is_dirty() || workspace.save_path().is_err(),
            can_undo: workspace.undo_label().is_some(),
            can_redo: workspace.redo_label().is_some(),
            can_go_back: workspace.selection.can_go_back(),
            can_go_forward: workspace.selection.can_go_forward(),
            has_selection: workspace.selection().is_some(),
            has_briefings: !workspace.document.dossier.briefings.is_empty(),
        }
    }
}

const COMMAND: Modifiers = Modifiers::COMMAND;
const COMMAND_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;

const fn keys(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

impl Action {
    /// Every action, in menu order.
    pub const ALL: [Self; 39] = [
        Self::Open,
        Self::OpenPath,
        Self::OpenDefault,
        Self::Save,
        Self::SaveAs,
        Self::ExportBriefing,
        Self::CopyBriefing,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::NewEvent,
        Self::NewEntity,
        Self::NewLane,
        Self::NewSource,
        Self::NewPeriod,
        Self::NewBriefing,
        Self::BriefingFromSelection,
        Self::ManageRecords,
        Self::EditSelected,
        Self::DuplicateSelected,
        Self::DeleteSelected,
        Self::FindEntity,
        Self::Find,
        Self::NextResult,
        Self::PreviousResult,
        Self::ClearSelection,
        Self::Back,
        Self::Forward,
        Self::PreviousEvent,
        Self::NextEvent,
        Self::FitTimeline,
        Self::ZoomToSelection,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::FilterToRange,
        Self::ToggleEventTable,
        Self::ShowWarnings,
        Self::Shortcuts,
        Self::About,
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
            Self::ToggleEventTable => "Event Table",
            Self::ShowWarnings => "Show Warnings",
            Self::Shortcuts => "Keyboard Shortcuts",
            Self::About => "About Dossier",
        }
    }

    /// One sentence on what the action does, shown when the pointer rests on it.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::Open => "Open a dossier, or a TimelineJS, CSV or calendar file",
            Self::OpenPath => "Open a file by typing its path",
            Self::OpenDefault => "Open the dossier that comes with Dossier",
            Self::Save => "Save the edits to the open file",
            Self::SaveAs => "Save the dossier under a new name",
            Self::Undo => "Take back the last edit",
            Self::Redo => "Make the edit that was taken back again",
            Self::NewEvent => {
                "Add an event in the selected event's lane, in the middle of the view"
            }
            Self::NewEntity => "Add a person, organization or other actor",
            Self::NewLane => "Add a lane of the timeline",
            Self::NewSource => "Add a source that events can cite",
            Self::NewPeriod => "Add a shaded period of the timeline",
            Self::NewBriefing => "Write a new briefing",
            Self::BriefingFromSelection => {
                "Start a briefing from the selected entity, the brushed range, the filter or the view"
            }
            Self::EditSelected => "Edit the selected event, entity or briefing",
            Self::DuplicateSelected => "Make a copy of the selected record to edit",
            Self::DeleteSelected => "Delete the selected record, after listing what refers to it",
            Self::ManageRecords => "List, edit and delete lanes, sources and periods",
            Self::ExportBriefing => "Write a briefing as text, Markdown, HTML or PDF",
            Self::CopyBriefing => "Put the selected briefing on the clipboard as text",
            Self::Quit => "Close the window",
            Self::Back => "Go back to what was selected before",
            Self::Forward => "Go forward again in the selection history",
            Self::ClearSelection => "Select nothing",
            Self::PreviousEvent => "Select the event before, in time",
            Self::NextEvent => "Select the event after, in time",
            Self::FindEntity => "Type in the filter above the entity list",
            Self::Find => "Search the events' titles, summaries and quotes",
            Self::NextResult => "Select the next search result",
            Self::PreviousResult => "Select the previous search result",
            Self::FilterToRange => "Show only the events in the brushed range",
            Self::FitTimeline => "Show every event",
            Self::ZoomToSelection => "Zoom the timeline to the selected event or entity",
            Self::ZoomIn => "Show less time, in more detail",
            Self::ZoomOut => "Show more time",
            Self::ToggleEventTable => {
                "List every event as a sortable table in place of the timeline, or go back"
            }
            Self::ShowWarnings => "List what looked wrong in the open file",
            Self::Shortcuts => "List the keyboard shortcuts",
            Self::About => "Version and credits",
        }
    }

    /// The keys that run the action, the first being the one menus show.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Self::Open => const { &[keys(COMMAND, Key::O)] },
            Self::OpenPath => const { &[keys(COMMAND_SHIFT, Key::O)] },
            Self::Save => const { &[keys(COMMAND, Key::S)] },
            Self::SaveAs => const { &[keys(COMMAND_SHIFT, Key::S)] },
            Self::Undo => const { &[keys(COMMAND, Key::Z)] },
            Self::Redo => const { &[keys(COMMAND_SHIFT, Key::Z), keys(COMMAND, Key::Y)] },
            Self::NewEvent => const { &[keys(COMMAND, Key::N)] },
            Self::EditSelected => const { &[keys(NONE, Key::F2)] },
            Self::DuplicateSelected => const { &[keys(COMMAND, Key::D)] },
            Self::DeleteSelected => const { &[keys(NONE, Key::Delete)] },
            Self::ExportBriefing => const { &[keys(COMMAND, Key::E)] },
            Self::CopyBriefing => const { &[keys(COMMAND_SHIFT, Key::C)] },
            Self::Quit => const { &[keys(COMMAND, Key::Q)] },
            Self::Back => const { &[keys(Modifiers::ALT, Key::ArrowLeft)] },
            Self::Forward => const { &[keys(Modifiers::ALT, Key::ArrowRight)] },
            Self::Find => const { &[keys(COMMAND, Key::F)] },
            Self::NextResult => const { &[keys(NONE, Key::F3)] },
            Self::PreviousResult => const { &[keys(Modifiers::SHIFT, Key::F3)] },
            Self::ClearSelection => const { &[keys(NONE, Key::Escape)] },
            Self::PreviousEvent => const { &[keys(NONE, Key::ArrowLeft)] },
            Self::NextEvent => const { &[keys(NONE, Key::ArrowRight)] },
            Self::FitTimeline => const { &[keys(NONE, Key::Home)] },
            // `=` is `+` without Shift on most layouts.
            Self::ZoomIn => const { &[keys(NONE, Key::Plus), keys(NONE, Key::Equals)] },
            Self::ZoomOut => const { &[keys(NONE, Key::Minus)] },
            Self::ZoomToSelection => const { &[keys(NONE, Key::Z)] },
            Self::ToggleEventTable => const { &[keys(COMMAND, Key::T)] },
            _ => &[],
        }
    }

    /// The shortcut menus and tooltips show.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        self.shortcuts().first().copied()
    }

    /// The shortcut as text ("Ctrl+S"), or nothing.
    pub fn shortcut_text(self) -> Option<String> {
        self.shortcut().map(|s| shortcut_text(&s))
    }

    /// "Back (Alt+←)": the label with its shortcut, for buttons that do the same thing.
    pub fn hint(self) -> String {
        let label = self.label().trim_end_matches('…');
        match self.shortcut_text() {
            Some(keys) => format!("{label} ({keys})"),
            None => label.to_owned(),
        }
    }

    /// Whether the action can do anything now; a disabled action's menu item is greyed
    /// out and its shortcut does nothing.
    pub fn enabled(self, state: &ActionContext) -> bool {
        match self {
            Self::Save => state.can_save,
            Self::Undo => state.can_undo,
            Self::Redo => state.can_redo,
            Self::Back => state.can_go_back,
            Self::Forward => state.can_go_forward,
            Self::EditSelected
            | Self::DuplicateSelected
            | Self::DeleteSelected
            | Self::ClearSelection
            | Self::ZoomToSelection => state.has_selection,
            Self::ExportBriefing | Self::CopyBriefing => state.has_briefings,
            _ => true,
        }
    }

    /// Plain keys (arrows, +, −, Home, Z, Delete) would fight with typing, and a text
    /// field has its own undo, so these only act when no text field has the keyboard.
    pub fn needs_free_keyboard(self) -> bool {
        let shortcuts = self.shortcuts();
        // Function keys type nothing: F2 edits and F3 steps through search results while
        // the search field has the keyboard.
        matches!(self, Self::Undo | Self::Redo)
            || (!shortcuts.is_empty()
                && shortcuts.iter().all(|s| s.modifiers.is_none())
                && !shortcuts.iter().all(|s| is_function_key(s.logical_key)))
    }

    /// Every (shortcut, action) in the order the keyboard checks them: more modifiers
    /// first, since egui ignores extra Shift and Alt (Alt+← must not be taken for ←).
    pub fn bindings() -> Vec<(KeyboardShortcut, Self)> {
        let mut bindings: Vec<(KeyboardShortcut, Self)> = Self::ALL
            .iter()
            .flat_map(|&action| action.shortcuts().iter().map(move |&s| (s, action)))
            .collect();
        bindings.sort_by_key(|(shortcut, _)| std::cmp::Reverse(modifier_count(shortcut.modifiers)));
        bindings
    }

    /// The actions whose shortcuts were pressed this frame. The keys of a disabled action
    /// are taken too, so that they do nothing rather than something else; with a text
    /// field typing, plain keys are left to it.
    pub fn pressed(input: &mut InputState, typing: bool, state: &ActionContext) -> Vec<Self> {
        let mut pressed = Vec::new();
        for (shortcut, action) in Self::bindings() {
            if typing && action.needs_free_keyboard() {
                continue;
            }
            if input.consume_shortcut(&shortcut) && action.enabled(state) {
                pressed.push(action);
            }
        }
        pressed
    }
}

fn modifier_count(modifiers: Modifiers) -> usize {
    [
        modifiers.alt,
        modifiers.ctrl || modifiers.command || modifiers.mac_cmd,
        modifiers.shift,
    ]
    .iter()
    .filter(|&&set| set)
    .count()
}

/// F1 … F35: keys that never type text.
fn is_function_key(key: Key) -> bool {
    let name = key.name();
    name.len() > 1 && name.starts_with('F') && name[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A shortcut as the README and the hints write it: "Ctrl+Shift+Z", "Alt+←", "Esc", "−".
#[allow(clippy::trivially_copy_pass_by_ref)] // So that it maps over `&[KeyboardShortcut]`.
pub fn shortcut_text(shortcut: &KeyboardShortcut) -> String {
    let is_mac = cfg!(target_os = "macos");
    let mut text = ModifierNames::NAMES.format(&shortcut.modifiers, is_mac);
    if !text.is_empty() {
        text.push('+');
    }
    text.push_str(match shortcut.logical_key {
        Key::ArrowLeft => "←",
        Key::ArrowRight => "→",
        Key::ArrowUp => "↑",
        Key::ArrowDown => "↓",
        Key::Escape => "Esc",
        other => other.symbol_or_name(),
    });
    text
}
