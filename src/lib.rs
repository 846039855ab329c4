//! Dossier: a desktop timeline and briefing viewer.
//!
//! The rooms, from the bottom up (see `docs/architecture.md`):
//! - [`model`]: dataset types, dates, validation, indexes, queries, edits. No egui, no I/O.
//! - [`formats`]: reading and writing files (Dossier JSON, TimelineJS, CSV, iCalendar,
//!   Markdown, briefing text).
//! - [`state`]: the open dossier, its history and the selection.
//! - [`platform`]: app id, directories, log file, desktop integration.
//! - [`ui`]: the window, a thin layer that turns input into commands.
//! - [`cli`]: the command line.

pub mod cli;
pub mod formats;
pub mod model;
pub mod platform;
pub mod state;
pub mod ui;
