//! Questions asked of a document: names that match what the user typed, full-text search,
//! and filters on events.

pub mod filter;
pub mod names;
pub mod search;
mod search_build;
#[cfg(test)]
mod search_tests;
mod vocabulary;
mod words;
