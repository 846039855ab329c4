//! The timeline: a time axis, one lane per dataset lane, events as markers and bars,
//! periods as bands. Zoom with the wheel (anchored at the pointer), pan by dragging,
//! double-click empty space to fit everything.
//!
//! Split like the Rerun time panel, one concern per file:
//! - pure layout, unit-tested: [`layout`] (time ↔ pixels, rows and labels in a lane),
//!   [`axis`] (ticks), [`density`] (events per column), [`canvas`] (axis, period strip
//!   and plot), [`bands`] (the plot shared among lanes), [`lanes`] (where their
//!   events go), [`overview`];
//! - [`paint`] turns that layout into shapes;
//! - [`interaction`] turns pointer, wheel and widget input into commands or view changes;
//! - [`panel`] holds the panel's own state and runs one frame: layout, paint, input.

pub mod axis;
mod bands;
mod canvas;
mod contrast;
pub mod density;
mod interaction;
mod labels;
mod lanes;
pub mod layout;
#[cfg(test)]
mod layout_props;
mod overview;
mod paint;
mod panel;
mod time_format;

pub use panel::{Drawn, TimelinePanel};
pub use time_format::{day_string, describe_range};
