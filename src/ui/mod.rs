//! The window: a thin layer over [`crate::state`] and [`crate::model`]. One file per
//! panel; user actions flow as [`commands::Command`]s that [`app::DossierApp`] applies in
//! one place.

pub mod actions;
pub mod app;
pub mod commands;
pub mod dialogs;
pub mod editor;
pub mod export;
pub mod fonts;
pub mod launch;
pub mod launch_options;
pub mod panels;
pub mod render;
pub mod settings;
pub mod style;
pub mod table;
pub mod text_direction;
pub mod timeline;
pub mod view;
pub mod watch;
pub mod words;

pub use app::DossierApp;
pub use launch::run;
pub use launch_options::LaunchOptions;
