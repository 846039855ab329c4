//! The open dossier and what the user has selected: plain Rust, shared by the window,
//! the tests and any future scripting. The UI reads it and changes it only through the
//! methods here.

mod change_log;
mod history;
mod loading;
mod selection;
mod workspace;

pub use history::{HistoryStep, UndoRefused};
pub use loading::{BACKGROUND_LOAD_BYTES, LoadPhase, LoadProgress, Loaded, Loading};
pub use selection::{Selection, SelectionHistory};
pub use workspace::{DiskState, EditRefused, Origin, SaveRefused, Workspace};
