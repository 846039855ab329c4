//! The built-in dossier on AI governance in July 2025, shipped inside the binary.

use crate::model::{Document, Dossier};

use super::load::load_bytes;

/// The name the embedded dossier goes by in messages and window titles.
pub const DEFAULT_DOSSIER_NAME: &str = "ai-governance-2025.json (built in)";

/// The embedded default dossier, as shipped in `data/`.
pub const DEFAULT_DOSSIER_JSON: &str = include_str!("../../data/ai-governance-2025.json");

/// The embedded default dossier, loaded.
pub fn default_dossier() -> Document {
    match load_bytes(DEFAULT_DOSSIER_NAME, DEFAULT_DOSSIER_JSON.as_bytes()) {
        Ok(document) => document,
        // The embedded file is checked by the tests; should it ever be broken, show
        // an empty dossier whose title says so rather than failing to start.
        Err(error) => Document::new(Dossier::new(&format!(
            "Embedded dossier failed to load: {error}"
        ))),
    }
}
