//! Forms for every kind of record: edit a draft copy, see what is wrong as you type (the
//! same rules as loading), and apply it as one undoable edit.

mod briefing_form;
mod fields;
mod form;
mod grade_fields;
pub mod labels;
mod pickers;

pub use form::Editor;
