//! `TimelineJS` files (Knight Lab's web timeline): recognising them, importing its JSON
//! format and its Google Sheets template saved as CSV, and exporting a dossier to its JSON
//! format. The mapping, both ways, is documented in `docs/format-timelinejs.md`.
//!
//! Import is lenient: what has no Dossier equivalent (slide backgrounds, media thumbnails,
//! display dates…) is kept in the records' `extra` fields, written back by the `TimelineJS`
//! export, and reported as a warning with its place in the source file
//! (`events[3].media.thumbnail`, `row 5, column "Background"`). Only what makes an event
//! impossible to place in time (no start year, a month 13, 30 February) is an error.
//!
//! Years: `TimelineJS` asks for BCE years as negative numbers and shows year `-44` as
//! "44 BCE" (it prints the absolute value with a BCE suffix), so its negative years count
//! the historians' way, without a year 0. Dossier dates use astronomical numbering (`0000`
//! is 1 BCE, `-0043` is 44 BCE). Import maps a `TimelineJS` year `y < 0` to `y + 1` and
//! export maps back; a `TimelineJS` year `0` is read as 1 BCE, with a warning.

mod dates;
mod export;
mod html;
mod import_csv;
mod import_json;
mod import_v2;
mod importer;
mod sheet_columns;
mod slides;
mod values;

pub use crate::formats::detect::detect_format;
pub use dates::{astronomical_year, timelinejs_year};
pub use export::{to_timelinejs_json, to_timelinejs_value};
pub use html::{PlainText, decode_entities, escape_html, html_to_text, text_to_html};
pub use import_csv::import_csv;
pub use import_json::import_json;
pub use importer::{
    GENERATED_TITLE_KEY, TITLE_SLIDE_KEY, UNGROUPED_LANE_ID, UNGROUPED_LANE_LABEL,
    is_generated_title,
};
