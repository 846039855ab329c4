//! What ties Dossier to the desktop it runs on: the application id, the data and state
//! directories, the log file, the icons and the launcher entry.

pub mod allocator;
pub mod desktop;
pub mod dirs;
pub mod log;

/// The application id: names the persistence folder, the Wayland app id and the X11
/// window class, and so must match the `.desktop` file name.
pub const APP_ID: &str = "io.github.dossier.Dossier";
