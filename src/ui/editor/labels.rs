//! Accessible names of the form fields (tests type into them by these names).

pub const ID: &str = "Id";
pub const TITLE: &str = "Title";
pub const NAME: &str = "Name";
pub const LABEL: &str = "Label";
pub const START: &str = "Start";
pub const END: &str = "End";
pub const DATE: &str = "Date";
pub const SUMMARY: &str = "Summary";
pub const APPLY: &str = "Apply";
