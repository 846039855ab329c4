//! The textures egui sends (font atlas, images), kept as it sent them for the rasteriser
//! to sample.

use egui::epaint::{ImageData, ImageDelta, TextureId};
use egui::{Color32, Pos2, TextureFilter};
use rustc_hash::FxHashMap;

/// A texture as egui sent it: premultiplied sRGB texels.
pub struct Texture {
    pub width: usize,
    pub height: usize,
    pub texels: Vec<Color32>,
    /// Nearest-texel sampling, else bilinear.
    pub nearest: bool,
}

impl Texture {
    /// The texel at (x, y), clamped to the edges (egui's textures clamp).
    fn texel(&self, x: isize, y: isize) -> Color32 {
        let x = x.clamp(0, self.width as isize - 1) as usize;
        let y = y.clamp(0, self.height as isize - 1) as usize;
        self.texels[y * self.width + x]
    }

    /// The colour at normalised texture coordinates, as 0–255 floats (premultiplied).
    pub fn sample(&self, uv: Pos2) -> [f32; 4] {
        let x = uv.x * self.width as f32;
        let y = uv.y * self.height as f32;
        if self.nearest {
            return self
                .texel(x.floor() as isize, y.floor() as isize)
                .to_array()
                .map(f32::from);
        }
        // Bilinear between the four texel centres around the point.
        let (x, y) = (x - 0.5, y - 0.5);
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (x0, y0) = (x0 as isize, y0 as isize);
        let [top_left, top_right, bottom_left, bottom_right] = [
            self.texel(x0, y0),
            self.texel(x0 + 1, y0),
            self.texel(x0, y0 + 1),
            self.texel(x0 + 1, y0 + 1),
        ]
        .map(|t| t.to_array().map(f32::from));
        let mut out = [0.0; 4];
        for (i, channel) in out.iter_mut().enumerate() {
            let top = top_left[i] + (top_right[i] - top_left[i]) * fx;
            let bottom = bottom_left[i] + (bottom_right[i] - bottom_left[i]) * fx;
            *channel = top + (bottom - top) * fy;
        }
        out
    }
}

/// The textures egui has sent so far, by id.
#[derive(Default)]
pub struct Textures(FxHashMap<TextureId, Texture>);

impl Textures {
    /// Applies a whole or partial texture update.
    pub fn set(&mut self, id: TextureId, delta: &ImageDelta) {
        let ImageData::Color(image) = &delta.image;
        let [w, h] = image.size;
        let nearest = delta.options.magnification == TextureFilter::Nearest;
        match delta.pos {
            None => {
                self.0.insert(
                    id,
                    Texture {
                        width: w,
                        height: h,
                        texels: image.pixels.clone(),
                        nearest,
                    },
                );
            }
            Some([x0, y0]) => {
                let Some(texture) = self.0.get_mut(&id) else {
                    return;
                };
                for y in 0..h.min(texture.height.saturating_sub(y0)) {
                    let n = w.min(texture.width.saturating_sub(x0));
                    let row = (y0 + y) * texture.width + x0;
                    texture.texels[row..row + n].copy_from_slice(&image.pixels[y * w..y * w + n]);
                }
            }
        }
    }

    /// The texture with this id, if egui sent it.
    pub fn get(&self, id: TextureId) -> Option<&Texture> {
        self.0.get(&id)
    }

    /// Forgets a texture egui has freed.
    pub fn free(&mut self, id: TextureId) {
        self.0.remove(&id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_texture_updates_land_at_their_position() {
        let mut textures = Textures::default();
        let id = TextureId::Managed(0);
        let full = egui::ColorImage::new([3, 2], vec![Color32::BLACK; 6]);
        textures.set(id, &ImageDelta::full(full, egui::TextureOptions::NEAREST));
        let patch = egui::ColorImage::new([1, 1], vec![Color32::WHITE]);
        textures.set(
            id,
            &ImageDelta::partial([2, 1], patch, egui::TextureOptions::NEAREST),
        );
        let texture = &textures.0[&id];
        assert_eq!(texture.texel(2, 1), Color32::WHITE);
        assert_eq!(
            texture
                .texels
                .iter()
                .filter(|&&t| t == Color32::WHITE)
                .count(),
            1
        );
    }
}
