//! Reading and writing files: Dossier JSON (with errors that say where), the built-in
//! dossier, `TimelineJS` files, and the exports (briefing text, Markdown, CSV, iCalendar).
//! Everything here turns bytes into model values or model values into bytes; nothing
//! here draws.

pub mod briefing;
pub mod briefing_html;
pub mod briefing_pdf;
pub mod builtin;
mod chronology;
pub mod csv;
pub mod detect;
pub mod events_csv_import;
pub mod export_format;
pub mod ics;
pub mod load;
pub mod load_error;
pub mod markdown;
pub mod markwhen;
mod parallel_parse;
mod pdf_text;
pub mod save;
pub mod stream_load;
mod stream_scan;
pub mod timelinejs;

pub use self::csv::{EVENTS_CSV_HEADER, events_csv, write_events_csv};
pub use builtin::{DEFAULT_DOSSIER_JSON, DEFAULT_DOSSIER_NAME, default_dossier};
pub use export_format::ExportFormat;
pub use ics::icalendar;
pub use load::{LoadError, SyntaxError, load_bytes};
pub use markdown::dossier_markdown;
pub use stream_load::load_file;
