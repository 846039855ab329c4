//! The timeline as a PNG image, drawn in software: no window, no display, no GPU.
//!
//! [`timeline_png`] runs the timeline panel headless and encodes what it painted;
//! [`raster`] fills egui's tessellated meshes into a framebuffer the way egui's wgpu
//! renderer does on screen, with [`texture`] holding what egui uploads and [`blend`]
//! the colour arithmetic.

mod blend;
mod raster;
mod texture;
mod timeline_png;

pub use timeline_png::timeline_png;
