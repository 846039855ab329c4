//! The model: dataset types, dates, the document and its index, validation, queries and
//! edits. Plain Rust with no UI and no file formats, shared by the app, the command line
//! and the tests.

pub mod briefing_view;
pub mod dataset;
pub mod date;
pub mod document;
#[cfg(test)]
mod document_props;
pub mod edit;
mod event_slots;
pub use event_slots::{EventList, Positions};
pub mod evidence;
pub(crate) mod follow;
pub mod generate;
pub mod ids;
pub mod index;
pub mod problem;
pub mod query;
pub(crate) mod record;
pub mod records;
pub mod span;
pub mod text;
pub mod usage;
pub mod validate;

pub use dataset::*;
pub use date::{FuzzyDate, Precision};
pub use document::{Document, SourceFormat};
pub use index::Index;
pub use span::Span;
pub use validate::{Problem, ProblemPath, Severity};
