//! Markwhen (markwhen.com), the plain-text timeline format of its editor, VS Code and
//! Obsidian: importing `.mw` files and exporting a dossier to one. The subset read and
//! the mapping are documented in `docs/format-markwhen.md`.

mod dates;
mod export;
mod import;

pub use dates::{DateRange, parse_range};
pub use export::to_markwhen;
pub use import::{import_markwhen, looks_like_markwhen};
