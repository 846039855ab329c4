//! Questions asked of a document: names that match what the user typed, full-text search,
//! and filters on events.

pub mod filter;
pub mod names;
pub mod search;
#[cfg(test)]
mod search_tests;
mod words;
