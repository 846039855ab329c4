//! The app: owns the workspace (dossier + selection), the panels' state, the one open
//! dialog and the settings; lays out the panels; applies every command in one place.

mod files;
mod forms;
mod frame;
mod opening;
mod run;
mod screenshot;
mod window;

pub use window::DossierApp;
