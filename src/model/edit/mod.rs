//! Changes to a dossier as values: every edit the app, the tests or a script makes is an
//! [`Edit`], applied in one place ([`Edit::apply`]), which returns the edit that undoes
//! it. Edits work on whole records, so undo costs one record, not a copy of the dossier.

mod apply;
mod briefing;
mod change;
mod describe;
mod references;

pub use crate::model::ids::{slug, unused_id};
pub use apply::{Edit, EditError, position_of, record_at};
pub use briefing::briefing_from_events;
pub use change::EventChange;
pub use describe::describe_change;
pub use references::{Reference, delete_with_references, references_to};
