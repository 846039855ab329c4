//! `--screenshot`: let a few frames settle, grab the window, write it as a PNG, close.

use std::path::{Path, PathBuf};

use crate::formats::save::write_atomically;
use crate::ui::launch_options::ScreenshotResult;

/// Frames to render before taking a `--screenshot`, so that fonts and layout settle.
const SCREENSHOT_AFTER_FRAMES: u32 = 6;

/// A screenshot being taken.
pub struct Screenshot {
    path: PathBuf,
    frames: u32,
    requested: bool,
    result: ScreenshotResult,
}

impl Screenshot {
    pub fn new(path: PathBuf, result: ScreenshotResult) -> Self {
        Self {
            path,
            frames: 0,
            requested: false,
            result,
        }
    }

    /// Called once a frame: asks for the picture once the layout settled, and closes
    /// the window once it is written.
    pub fn step(&mut self, ctx: &egui::Context) {
        ctx.request_repaint();
        if let Some(result) = self.result.lock().ok().and_then(|r| r.clone()) {
            if let Err(error) = &result {
                eprintln!("dossier: screenshot: {error}");
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        self.frames += 1;
        if self.frames >= SCREENSHOT_AFTER_FRAMES && !self.requested {
            self.requested = true;
            let path = self.path.clone();
            let result = self.result.clone();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let outcome = save_png(&path, &image);
                if let Ok(mut slot) = result.lock() {
                    *slot = Some(outcome);
                }
                repaint.request_repaint();
            });
        }
    }
}

/// Writes an egui screenshot as a PNG file.
fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let [width, height] = image.size;
    let mut rgba = Vec::with_capacity(width * height * 4);
    for pixel in &image.pixels {
        rgba.extend_from_slice(&pixel.to_srgba_unmultiplied());
    }
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width as u32, height as u32);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&rgba).map_err(|e| e.to_string())?;
    }
    write_atomically(path, &bytes).map_err(|e| e.to_string())
}
