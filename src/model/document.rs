//! A dossier together with what is derived from it.

use super::dataset::Dossier;
use super::index::Index;
use super::validate::{Problem, validate};

/// A dossier, its index and the problems validation found. Built once per load or edit.
#[derive(Clone, Debug)]
pub struct Document {
    pub dossier: Dossier,
    pub index: Index,
    /// Problems of the current state, errors first.
    pub problems: Vec<Problem>,
    /// The format the document was read from: a file imported from another format is
    /// saved as a Dossier file under a new name, never over its source.
    pub source_format: SourceFormat,
}

/// The formats Dossier reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    /// A Dossier file (this crate's format).
    #[default]
    Dossier,
    /// A TimelineJS JSON file.
    TimelineJsJson,
    /// A TimelineJS spreadsheet template saved as CSV.
    TimelineJsCsv,
    /// A Markwhen text timeline (`.mw`).
    Markwhen,
    /// The events CSV that Dossier exports, read back.
    EventsCsv,
}

impl SourceFormat {
    /// A name for messages: "TimelineJS JSON".
    pub fn label(self) -> &'static str {
        match self {
            Self::Dossier => "Dossier",
            Self::TimelineJsJson => "TimelineJS JSON",
            Self::TimelineJsCsv => "TimelineJS CSV",
            Self::Markwhen => "Markwhen",
            Self::EventsCsv => "events CSV",
        }
    }
}

impl Document {
    pub fn new(dossier: Dossier) -> Self {
        let index = Index::build(&dossier);
        let problems = validate(&dossier, &index);
        Self {
            dossier,
            index,
            problems,
            source_format: SourceFormat::Dossier,
        }
    }

    /// Rebuilds the index and the problems after the dossier changed.
    pub fn refresh(&mut self) {
        self.index = Index::build(&self.dossier);
        self.problems = validate(&self.dossier, &self.index);
    }
}
