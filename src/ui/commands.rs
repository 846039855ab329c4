//! The commands panels and dialogs hand to the app, which applies them in one place at
//! the end of the frame; and the file choices and follow-ups that travel inside them.

use std::path::PathBuf;

use crate::formats::ExportFormat;
use crate::model::records::{Record, RecordKind};
use crate::state::Selection;

use super::actions::Action;
use super::settings::ThemeChoice;
use crate::formats::export_format::DossierExport;

/// What panels and dialogs ask the app to do; applied in one place at the end of the frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Run(Action),
    Select(Option<Selection>),
    OpenFile(PathBuf),
    SetTheme(ThemeChoice),
    /// Write a briefing to a file.
    ExportTo {
        briefing: String,
        format: ExportFormat,
        path: PathBuf,
    },
    /// Write the whole dossier in another format.
    ExportDossierTo {
        format: DossierExport,
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
    NewRecord(Record),
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
    /// Ask for a file (native dialog, or the path field without one).
    ChooseFile(FilePurpose),
    /// Ask for a file with the path field, saying why in `note`.
    TypePath {
        purpose: FilePurpose,
        note: Option<String>,
    },
    /// Save in place (asking for a name when there is none), then do `then`.
    /// `overwrite_changes` writes over changes another program made to the file.
    Save {
        overwrite_changes: bool,
        then: Option<AfterSave>,
    },
    /// Save as a Dossier file at this path, then do `then`. A file there that is not a
    /// Dossier file is replaced only with `replace` (the user confirmed it).
    SaveTo {
        path: PathBuf,
        replace: bool,
        then: Option<AfterSave>,
    },
    /// The user chose not to save: go ahead with what was waiting, losing the edits.
    Discard(AfterSave),
    /// Read the open file again, dropping unsaved edits (from the disk banner).
    Reload,
    /// Keep the edits in the window although the file changed on disk.
    KeepMine,
    /// Stop opening the file being loaded; the open dossier stays.
    CancelOpen,
}

/// What waits for the answer to "save changes first?": it runs once the dossier is
/// saved, or at once if the user chooses to discard the edits.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterSave {
    Run(Box<Command>),
    /// Close the window.
    Close,
}

/// What a file is chosen for.
#[derive(Clone, Debug, PartialEq)]
pub enum FilePurpose {
    Open,
    /// Save the dossier under a new name, then do what waited for the save.
    SaveAs(Option<AfterSave>),
    Export {
        briefing: String,
        format: ExportFormat,
    },
    /// The whole dossier in another format.
    ExportDossier(DossierExport),
}

impl FilePurpose {
    /// What to do with the path the user chose.
    pub fn command(self, path: PathBuf) -> Command {
        match self {
            Self::Open => Command::OpenFile(path),
            Self::SaveAs(then) => Command::SaveTo {
                path,
                replace: false,
                then,
            },
            Self::Export { briefing, format } => Command::ExportTo {
                briefing,
                format,
                path,
            },
            Self::ExportDossier(format) => Command::ExportDossierTo { format, path },
        }
    }

    /// The file name offered in the dialog.
    pub fn suggested_name(&self, stem: &str) -> String {
        match self {
            Self::Open => String::new(),
            Self::SaveAs(_) => format!("{stem}.json"),
            Self::Export { briefing, format } => format!("{briefing}.{}", format.extension()),
            Self::ExportDossier(format) => format!("{stem}.{}", format.extension()),
        }
    }

    /// The title of the dialog that asks for the file.
    pub fn title(&self) -> &'static str {
        match self {
            Self::Open => "Open a dossier",
            Self::SaveAs(_) => "Save the dossier as",
            Self::Export { .. } => "Export briefing to",
            Self::ExportDossier(_) => "Export the dossier to",
        }
    }
}
