//! Dossier: a desktop timeline and briefing viewer.
//!
//! [`model`] is plain Rust (dataset, loading, validation, indexes, export) shared by the
//! app, the command line and the tests; [`app`] and [`ui`] are the window.

pub mod cli;
pub mod desktop;
pub mod log;
pub mod model;
pub mod state;
pub mod ui;
