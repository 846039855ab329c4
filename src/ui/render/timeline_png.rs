//! The timeline as a PNG image: a bare [`egui::Context`] runs the [`TimelinePanel`] for a
//! few passes (until fonts and layout settle), egui tessellates the shapes into
//! triangles, and [`super::raster`] fills them into a framebuffer encoded as PNG.

use egui::{Color32, Pos2, Rect, Theme, ViewportId, vec2};

use crate::formats::export_format::{PNG_SIDE_PX, check_png_size};
use crate::model::Document;
use crate::model::query::filter::Filter;
use crate::state::{Origin, Workspace};
use crate::ui::timeline::TimelinePanel;
use crate::ui::view::FilteredView;

use super::raster::Canvas;
use super::texture::Textures;

/// Largest side of an exported image, in pixels.
const MAX_SIDE: u32 = *PNG_SIDE_PX.end();
/// Passes run at most before painting: fonts load and layout settles within two or three.
const MAX_PASSES: usize = 10;

/// A PNG of the timeline of `document` showing `view` (seconds since 1970; `None` for the
/// view the app opens on), `width`×`height` pixels, in the dark or light theme.
pub fn timeline_png(
    document: &Document,
    view: Option<(f64, f64)>,
    width: u32,
    height: u32,
    dark: bool,
) -> Result<Vec<u8>, String> {
    render_timeline(document, view, width, height, dark)?.encode_png()
}

/// Runs the timeline on a bare context and paints its last pass.
fn render_timeline(
    document: &Document,
    view: Option<(f64, f64)>,
    width: u32,
    height: u32,
    dark: bool,
) -> Result<Canvas, String> {
    check_png_size(width, height)?;
    let ctx = egui::Context::default();
    crate::ui::fonts::install(&ctx);
    ctx.set_theme(if dark { Theme::Dark } else { Theme::Light });

    let workspace = Workspace::new(document.clone(), Origin::Embedded);
    let mut panel = TimelinePanel::default();
    match view.or_else(|| TimelinePanel::opening_view(document)) {
        Some((start, end)) => panel.set_view(start, end),
        None => panel.fit_all(document),
    }

    // Everything is shown: no filter, no search.
    let mut filtered = FilteredView::default();
    filtered.update(document, 0, &Filter::default());

    let mut textures = Textures::default();
    let mut freed = Vec::new();
    let mut background = Color32::BLACK;
    let mut last = None;
    for pass in 0..MAX_PASSES {
        let mut input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(
                Pos2::ZERO,
                vec2(width as f32, height as f32),
            )),
            // Whole seconds apart, so that any animation has finished by the last pass.
            time: Some(pass as f64),
            max_texture_side: Some(MAX_SIDE as usize),
            ..egui::RawInput::default()
        };
        if let Some(viewport) = input.viewports.get_mut(&ViewportId::ROOT) {
            viewport.native_pixels_per_point = Some(1.0);
        }
        let mut output = ctx.run_ui(input, |ui| {
            background = ui.visuals().panel_fill;
            egui::CentralPanel::default_margins().show(ui, |ui| {
                // Nothing is clicked in an image: the commands are always empty.
                let _ = panel.ui(ui, &workspace, &filtered, None);
            });
        });
        // Textures are freed after the pass that painted with them, set before.
        for id in freed.drain(..) {
            textures.free(id);
        }
        for (id, deltas) in output.textures_delta.set.drain() {
            for delta in deltas {
                textures.set(id, &delta);
            }
        }
        freed.extend(output.textures_delta.free.drain());
        let repaint = output
            .viewport_output
            .get(&ViewportId::ROOT)
            .is_some_and(|v| v.repaint_delay.is_zero());
        last = Some((output.shapes, output.pixels_per_point));
        if pass > 0 && !repaint {
            break;
        }
    }
    let (shapes, pixels_per_point) = last.ok_or("the timeline was not drawn")?;
    let primitives = ctx.tessellate(shapes, pixels_per_point);
    let mut canvas = Canvas::new(width as usize, height as usize, background);
    canvas.paint(&primitives, &textures, pixels_per_point);
    Ok(canvas)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        pixels.truncate(info.buffer_size());
        (info, pixels)
    }

    #[test]
    fn the_default_dossier_renders_with_its_lane_colours() {
        let document = crate::formats::default_dossier();
        let china = document
            .dossier
            .lanes
            .iter()
            .position(|l| l.id == "china")
            .unwrap();
        let lane = crate::ui::style::lane_color(&document.dossier.lanes[china].color, china);
        let bytes = timeline_png(&document, None, 900, 400, false).unwrap();
        let (info, pixels) = decode(&bytes);
        assert_eq!((info.width, info.height), (900, 400));
        assert_eq!(info.color_type, png::ColorType::Rgb);
        let rgb: Vec<&[u8]> = pixels.chunks_exact(3).collect();
        assert!(rgb.iter().any(|&p| p != rgb[0]), "not all one colour");
        let [r, g, b, _] = lane.to_array();
        assert!(
            rgb.contains(&&[r, g, b][..]),
            "the China lane colour is drawn"
        );
    }

    #[test]
    fn sizes_are_checked() {
        let document = crate::formats::default_dossier();
        assert!(timeline_png(&document, None, 0, 10, true).is_err());
        assert!(timeline_png(&document, None, 10, MAX_SIDE + 1, true).is_err());
    }
}
