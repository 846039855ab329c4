//! How every dialog answers: it stays, closes, or hands the app a command. Dialogs change
//! nothing themselves; the app applies their commands with everyone else's.

use crate::ui::commands::Command;

/// A dialog's answer for this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogAnswer {
    /// Still open, nothing to do.
    Stay,
    /// Closed without doing anything.
    Close,
    /// Closed; run this command (which may open another dialog).
    Run(Command),
    /// Run this command and stay open (e.g. "Copy as text" in the export dialog).
    RunAndStay(Command),
}

impl DialogAnswer {
    /// Closes when `open` is false (windows with a title-bar close button).
    pub fn stay_if(open: bool) -> Self {
        if open { Self::Stay } else { Self::Close }
    }

    /// Whether the dialog closes.
    pub fn closes(&self) -> bool {
        matches!(self, Self::Close | Self::Run(_))
    }

    /// The command to run, if any.
    pub fn into_command(self) -> Option<Command> {
        match self {
            Self::Run(command) | Self::RunAndStay(command) => Some(command),
            Self::Stay | Self::Close => None,
        }
    }
}
