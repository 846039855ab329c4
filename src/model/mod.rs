//! The model: dataset types, loading, validation, indexes, queries and export.
//! Plain Rust with no UI dependency, shared by the app, the command line and the tests.

pub mod dataset;
pub mod date;
pub mod document;
pub mod edit;
pub mod export;
pub mod filter;
pub mod formats;
pub mod generate;
pub mod index;
pub mod load;
pub mod query;
pub(crate) mod record;
pub mod save;
pub mod search;
pub mod text;
pub mod timelinejs;
pub mod validate;

pub use dataset::*;
pub use date::{FuzzyDate, Precision};
pub use document::{DEFAULT_DOSSIER_JSON, DEFAULT_DOSSIER_NAME, Document, SourceFormat};
pub use index::{Index, Span};
pub use load::{LoadError, SyntaxError, load_bytes, load_file};
pub use validate::{Problem, Severity};
