//! Changes to a dossier as values: every edit the app, the tests or a script makes is an
//! [`Edit`], applied in one place ([`Edit::apply`]), which returns the edit that undoes
//! it. Edits work on whole records, so undo costs one record, not a copy of the dossier.

use crate::model::dataset::Dossier;
use crate::model::records::{Record, RecordKind};

/// Why an edit could not be applied; the dossier is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no {kind} at position {index}")]
    NoSuchRecord { kind: &'static str, index: usize },
    #[error("a {kind} cannot go at position {index} of {len}")]
    BadPosition {
        kind: &'static str,
        index: usize,
        len: usize,
    },
    #[error("a {expected} edit was given a {found} record")]
    WrongKind {
        expected: &'static str,
        found: &'static str,
    },
}

/// A change to a dossier.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Replaces the record at `index` of its kind.
    Replace { index: usize, record: Record },
    /// Inserts a record at `index` of its kind.
    Insert { index: usize, record: Record },
    /// Removes the record of `kind` at `index`.
    Remove { kind: RecordKind, index: usize },
    /// Sets the dossier's title, description and language.
    SetMetadata {
        title: String,
        description: String,
        language: String,
    },
    /// Several edits as one (undone together, in reverse).
    Batch(Vec<Edit>),
}

/// The list of records of one kind, as a mutable vector of [`Record`]s in and out.
trait Records {
    fn len(&self, kind: RecordKind) -> usize;
    fn take(&mut self, kind: RecordKind, index: usize) -> Record;
    fn put(&mut self, index: usize, record: Record) -> Result<Record, EditError>;
    fn insert(&mut self, index: usize, record: Record);
}

impl Records for Dossier {
    fn len(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Lane => self.lanes.len(),
            RecordKind::Entity => self.entities.len(),
            RecordKind::Source => self.sources.len(),
            RecordKind::Event => self.events.len(),
            RecordKind::Period => self.periods.len(),
            RecordKind::Briefing => self.briefings.len(),
        }
    }

    fn take(&mut self, kind: RecordKind, index: usize) -> Record {
        match kind {
            RecordKind::Lane => Record::Lane(self.lanes.remove(index)),
            RecordKind::Entity => Record::Entity(self.entities.remove(index)),
            RecordKind::Source => Record::Source(self.sources.remove(index)),
            RecordKind::Event => Record::Event(self.events.remove(index)),
            RecordKind::Period => Record::Period(self.periods.remove(index)),
            RecordKind::Briefing => Record::Briefing(self.briefings.remove(index)),
        }
    }

    fn put(&mut self, index: usize, record: Record) -> Result<Record, EditError> {
        let kind = record.kind();
        let missing = EditError::NoSuchRecord {
            kind: kind.noun(),
            index,
        };
        Ok(match record {
            Record::Lane(r) => Record::Lane(std::mem::replace(
                self.lanes.get_mut(index).ok_or(missing)?,
                r,
            )),
            Record::Entity(r) => Record::Entity(std::mem::replace(
                self.entities.get_mut(index).ok_or(missing)?,
                r,
            )),
            Record::Source(r) => Record::Source(std::mem::replace(
                self.sources.get_mut(index).ok_or(missing)?,
                r,
            )),
            Record::Event(r) => Record::Event(std::mem::replace(
                self.events.get_mut(index).ok_or(missing)?,
                r,
            )),
            Record::Period(r) => Record::Period(std::mem::replace(
                self.periods.get_mut(index).ok_or(missing)?,
                r,
            )),
            Record::Briefing(r) => Record::Briefing(std::mem::replace(
                self.briefings.get_mut(index).ok_or(missing)?,
                r,
            )),
        })
    }

    fn insert(&mut self, index: usize, record: Record) {
        match record {
            Record::Lane(r) => self.lanes.insert(index, r),
            Record::Entity(r) => self.entities.insert(index, r),
            Record::Source(r) => self.sources.insert(index, r),
            Record::Event(r) => self.events.insert(index, r),
            Record::Period(r) => self.periods.insert(index, r),
            Record::Briefing(r) => self.briefings.insert(index, r),
        }
    }
}

impl Edit {
    /// Applies the edit and returns the edit that undoes it. On error nothing changed
    /// (a batch that fails halfway is rolled back).
    pub fn apply(self, dossier: &mut Dossier) -> Result<Edit, EditError> {
        match self {
            Self::Replace { index, record } => {
                let old = dossier.put(index, record)?;
                Ok(Self::Replace { index, record: old })
            }
            Self::Insert { index, record } => {
                let kind = record.kind();
                let len = dossier.len(kind);
                if index > len {
                    return Err(EditError::BadPosition {
                        kind: kind.noun(),
                        index,
                        len,
                    });
                }
                dossier.insert(index, record);
                Ok(Self::Remove { kind, index })
            }
            Self::Remove { kind, index } => {
                if index >= dossier.len(kind) {
                    return Err(EditError::NoSuchRecord {
                        kind: kind.noun(),
                        index,
                    });
                }
                let record = dossier.take(kind, index);
                Ok(Self::Insert { index, record })
            }
            Self::SetMetadata {
                title,
                description,
                language,
            } => {
                let old = Self::SetMetadata {
                    title: std::mem::replace(&mut dossier.title, title),
                    description: std::mem::replace(&mut dossier.description, description),
                    language: std::mem::replace(&mut dossier.language, language),
                };
                Ok(old)
            }
            Self::Batch(edits) => {
                let mut undo = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(dossier) {
                        Ok(inverse) => undo.push(inverse),
                        Err(error) => {
                            // Roll back what was done, newest first.
                            for inverse in undo.into_iter().rev() {
                                let _ = inverse.apply(dossier);
                            }
                            return Err(error);
                        }
                    }
                }
                undo.reverse();
                Ok(Self::Batch(undo))
            }
        }
    }
}

/// The record of `kind` at `index`, cloned.
pub fn record_at(dossier: &Dossier, kind: RecordKind, index: usize) -> Option<Record> {
    Some(match kind {
        RecordKind::Lane => Record::Lane(dossier.lanes.get(index)?.clone()),
        RecordKind::Entity => Record::Entity(dossier.entities.get(index)?.clone()),
        RecordKind::Source => Record::Source(dossier.sources.get(index)?.clone()),
        RecordKind::Event => Record::Event(dossier.events.get(index)?.clone()),
        RecordKind::Period => Record::Period(dossier.periods.get(index)?.clone()),
        RecordKind::Briefing => Record::Briefing(dossier.briefings.get(index)?.clone()),
    })
}

/// The position of the record of `kind` with `id`.
pub fn position_of(dossier: &Dossier, kind: RecordKind, id: &str) -> Option<usize> {
    match kind {
        RecordKind::Lane => dossier.lanes.iter().position(|r| r.id == id),
        RecordKind::Entity => dossier.entities.iter().position(|r| r.id == id),
        RecordKind::Source => dossier.sources.iter().position(|r| r.id == id),
        RecordKind::Event => dossier.events.iter().position(|r| r.id == id),
        RecordKind::Period => dossier.periods.iter().position(|r| r.id == id),
        RecordKind::Briefing => dossier.briefings.iter().position(|r| r.id == id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dataset::Lane;

    fn dossier() -> Dossier {
        crate::formats::default_dossier().dossier
    }

    #[test]
    fn every_edit_undoes() {
        let original = dossier();
        let mut d = original.clone();
        let mut event = d.events[0].clone();
        event.title = "Changed".into();
        let edits = vec![
            Edit::Replace {
                index: 0,
                record: Record::Event(event),
            },
            Edit::Insert {
                index: 1,
                record: Record::Lane(Lane {
                    id: "new".into(),
                    label: "New".into(),
                    ..Lane::default()
                }),
            },
            Edit::Remove {
                kind: RecordKind::Source,
                index: 2,
            },
            Edit::SetMetadata {
                title: "T".into(),
                description: String::new(),
                language: "fr".into(),
            },
        ];
        for edit in edits {
            let undo = edit.clone().apply(&mut d).unwrap();
            assert_ne!(d, original, "{edit:?} changed nothing");
            let redo = undo.apply(&mut d).unwrap();
            assert_eq!(d, original, "undo of {edit:?}");
            redo.apply(&mut d).unwrap();
            assert_ne!(d, original);
            d = original.clone();
        }
    }

    #[test]
    fn a_failing_batch_changes_nothing() {
        let original = dossier();
        let mut d = original.clone();
        let batch = Edit::Batch(vec![
            Edit::Remove {
                kind: RecordKind::Event,
                index: 0,
            },
            Edit::Remove {
                kind: RecordKind::Event,
                index: 10_000,
            },
        ]);
        assert!(batch.apply(&mut d).is_err());
        assert_eq!(d, original);
    }
}
