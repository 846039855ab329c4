//! The event table: every event that passes the filters (and the search, when one is
//! active) as a row, sortable by any column, virtualised so a million rows scroll
//! smoothly. [`rows`] decides which rows and in what order (pure, unit-tested);
//! [`view`] draws them and turns clicks and keys into commands.

pub mod rows;
mod view;

pub use rows::{Column, SortKey, TableRows};
pub use view::{EventTable, Shown};
