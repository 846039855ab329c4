//! A software rasteriser for egui's tessellated meshes: what egui's own wgpu renderer does
//! on a native window (an `Rgba8Unorm`/`Bgra8Unorm` surface), on the CPU.
//!
//! Vertex colours (premultiplied sRGB) and texture samples are interpolated, multiplied
//! and blended ("source over", premultiplied) in gamma space. Coverage is tested at pixel
//! centres with the top-left rule on 1/256-pixel fixed-point edges, so triangles sharing
//! an edge never double-paint it; anti-aliasing comes from egui's feathering, as on the
//! GPU.

use egui::epaint::{ClippedPrimitive, Mesh, Primitive};
use egui::{Color32, Pos2, Rect, pos2};

use super::blend::{blend, blend_span, mix, modulate, pack};
use super::texture::{Texture, Textures};

/// Fixed-point precision of vertex positions: 1/256 of a pixel.
const SUBPIXEL_BITS: u32 = 8;
const ONE: i64 = 1 << SUBPIXEL_BITS;
const HALF: i64 = ONE / 2;

/// An RGBA framebuffer, premultiplied sRGB, painted in egui's order. A pixel is packed
/// in a `u32` as `r | g << 8 | b << 16 | a << 24`, so that blending handles two channels
/// per multiplication and a run of equal pixels costs one comparison each.
pub struct Canvas {
    width: usize,
    height: usize,
    pixels: Vec<u32>,
}

/// The rectangle of pixels to paint: columns `x0..x1`, rows `y0..y1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PixelClip {
    x0: i64,
    y0: i64,
    x1: i64,
    y1: i64,
}

/// How a triangle's colour varies over it.
enum Shading {
    /// One colour everywhere (most rectangles and lines).
    Solid(u32),
    /// Vertex colours vary, the texture sample does not (feathered edges).
    Gradient([[f32; 4]; 3], [f32; 4]),
    /// The texture varies (text): per-pixel sampling.
    Textured([[f32; 4]; 3], [Pos2; 3]),
}

impl Canvas {
    /// A canvas of `width`×`height` pixels filled with `background`.
    pub fn new(width: usize, height: usize, background: Color32) -> Self {
        Self {
            width,
            height,
            pixels: vec![pack(background.to_array()); width * height],
        }
    }

    /// Paints tessellated shapes; paint callbacks (custom GPU drawing) are skipped.
    pub fn paint(
        &mut self,
        primitives: &[ClippedPrimitive],
        textures: &Textures,
        pixels_per_point: f32,
    ) {
        for primitive in primitives {
            let Primitive::Mesh(mesh) = &primitive.primitive else {
                continue;
            };
            // Meshes with a texture that never arrived are skipped, as egui-wgpu does.
            let Some(texture) = textures.get(mesh.texture_id) else {
                continue;
            };
            let clip = self.pixel_clip(primitive.clip_rect, pixels_per_point);
            if clip.x0 < clip.x1 && clip.y0 < clip.y1 {
                self.paint_mesh(mesh, texture, clip, pixels_per_point);
            }
        }
    }

    /// The clip rectangle in whole pixels, rounded like egui-wgpu's scissor rectangle.
    fn pixel_clip(&self, rect: Rect, pixels_per_point: f32) -> PixelClip {
        let round = |v: f32, max: usize| {
            let v = (v * pixels_per_point).round();
            if v.is_nan() {
                0
            } else {
                (v.max(0.0) as i64).min(max as i64)
            }
        };
        PixelClip {
            x0: round(rect.min.x, self.width),
            y0: round(rect.min.y, self.height),
            x1: round(rect.max.x, self.width),
            y1: round(rect.max.y, self.height),
        }
    }

    fn paint_mesh(
        &mut self,
        mesh: &Mesh,
        texture: &Texture,
        clip: PixelClip,
        pixels_per_point: f32,
    ) {
        for triangle in mesh.indices.chunks_exact(3) {
            let vertex = |i: u32| mesh.vertices.get(i as usize);
            if let (Some(a), Some(b), Some(c)) = (
                vertex(triangle[0]),
                vertex(triangle[1]),
                vertex(triangle[2]),
            ) {
                self.fill_triangle([a, b, c], texture, clip, pixels_per_point);
            }
        }
    }

    fn fill_triangle(
        &mut self,
        vertices: [&egui::epaint::Vertex; 3],
        texture: &Texture,
        clip: PixelClip,
        pixels_per_point: f32,
    ) {
        let fixed = |v: f32| {
            let v = (v * pixels_per_point * ONE as f32).round();
            // Far off-screen or broken vertices: keep the arithmetic in range.
            if v.is_nan() {
                0
            } else {
                v.clamp(-1.0e9, 1.0e9) as i64
            }
        };
        let mut p = vertices.map(|v| (fixed(v.pos.x), fixed(v.pos.y)));
        let mut v = vertices;
        let mut area = edge(p[0], p[1], p[2]);
        if area == 0 {
            return;
        }
        // egui mixes windings: make every triangle clockwise on screen (y down).
        if area < 0 {
            p.swap(1, 2);
            v.swap(1, 2);
            area = -area;
        }

        // Pixel columns and rows whose centres can be inside, within the clip.
        let min_x = p[0].0.min(p[1].0).min(p[2].0);
        let max_x = p[0].0.max(p[1].0).max(p[2].0);
        let min_y = p[0].1.min(p[1].1).min(p[2].1);
        let max_y = p[0].1.max(p[1].1).max(p[2].1);
        let first = |m: i64| (m - HALF + ONE - 1).div_euclid(ONE);
        let last = |m: i64| (m - HALF).div_euclid(ONE);
        let (x0, x1) = (first(min_x).max(clip.x0), (last(max_x) + 1).min(clip.x1));
        let (y0, y1) = (first(min_y).max(clip.y0), (last(max_y) + 1).min(clip.y1));
        if x0 >= x1 || y0 >= y1 {
            return;
        }

        let colors = v.map(|v| v.color);
        let uvs = v.map(|v| v.uv);
        let same_color = colors[0] == colors[1] && colors[0] == colors[2];
        let same_uv = uvs[0] == uvs[1] && uvs[0] == uvs[2];
        let floats = colors.map(|c| c.to_array().map(f32::from));
        let shading = match (same_color, same_uv) {
            (true, true) => Shading::Solid(modulate(floats[0], texture.sample(uvs[0]))),
            (false, true) => Shading::Gradient(floats, texture.sample(uvs[0])),
            (_, false) => Shading::Textured(floats, uvs),
        };
        if matches!(shading, Shading::Solid(0)) {
            return;
        }

        // Edge k is opposite vertex k; its function is that vertex's barycentric weight
        // (times the area). Pixels on an edge belong to it only if it is a top or left
        // edge, so neighbouring triangles share their edge without overlap.
        let edges = [(p[1], p[2]), (p[2], p[0]), (p[0], p[1])];
        let centre = |x: i64| x * ONE + HALF;
        let mut rows = [0i64; 3];
        let mut step_x = [0i64; 3];
        let mut step_y = [0i64; 3];
        for (k, &(a, b)) in edges.iter().enumerate() {
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let top_left = dy < 0 || (dy == 0 && dx > 0);
            rows[k] = edge(a, b, (centre(x0), centre(y0))) - i64::from(!top_left);
            step_x[k] = -dy * ONE;
            step_y[k] = dx * ONE;
        }
        let inverse_area = 1.0 / area as f32;
        let dw = step_x.map(|s| s as f32 * inverse_area);

        for y in y0..y1 {
            // The run of columns where all three edge functions are non-negative:
            // w + s × (x − x0) ≥ 0.
            let (mut start, mut end) = (x0, x1);
            for k in 0..3 {
                let (w, s) = (rows[k], step_x[k]);
                if s > 0 {
                    start = start.max(x0 + (-w + s - 1).div_euclid(s).max(0));
                } else if s < 0 {
                    end = end.min(x0 + w.div_euclid(-s) + 1);
                } else if w < 0 {
                    end = start;
                }
            }
            if start < end {
                let row = y as usize * self.width;
                let span = &mut self.pixels[row + start as usize..row + end as usize];
                // Barycentric weights at the first pixel of the run.
                let weights = || {
                    let mut b = [0.0f32; 3];
                    for (k, weight) in b.iter_mut().enumerate() {
                        *weight = (rows[k] + step_x[k] * (start - x0)) as f32 * inverse_area;
                    }
                    b
                };
                match &shading {
                    Shading::Solid(source) => blend_span(span, *source),
                    Shading::Gradient(colors, texel) => {
                        let mut b = weights();
                        for pixel in span {
                            *pixel = blend(*pixel, modulate(mix(colors, b), *texel));
                            step(&mut b, dw);
                        }
                    }
                    Shading::Textured(colors, uvs) => {
                        let mut b = weights();
                        for pixel in span {
                            let uv = pos2(
                                b[0] * uvs[0].x + b[1] * uvs[1].x + b[2] * uvs[2].x,
                                b[0] * uvs[0].y + b[1] * uvs[1].y + b[2] * uvs[2].y,
                            );
                            let source = modulate(mix(colors, b), texture.sample(uv));
                            *pixel = blend(*pixel, source);
                            step(&mut b, dw);
                        }
                    }
                }
            }
            for k in 0..3 {
                rows[k] += step_y[k];
            }
        }
    }

    /// The image as an opaque RGB PNG.
    pub fn encode_png(&self) -> Result<Vec<u8>, String> {
        let mut rgb = vec![0u8; self.pixels.len() * 3];
        for (out, &pixel) in rgb.chunks_exact_mut(3).zip(&self.pixels) {
            out.copy_from_slice(&pixel.to_le_bytes()[..3]);
        }
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, self.width as u32, self.height as u32);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.set_compression(png::Compression::Fast);
            let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
            writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
            writer.finish().map_err(|e| e.to_string())?;
        }
        Ok(bytes)
    }
}

/// Twice the signed area of the triangle (a, b, p): positive when p is right of a→b
/// on a y-down screen.
fn edge(a: (i64, i64), b: (i64, i64), p: (i64, i64)) -> i64 {
    (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0)
}

fn step(weights: &mut [f32; 3], by: [f32; 3]) {
    for k in 0..3 {
        weights[k] += by[k];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::{Vertex, WHITE_UV};

    const RED: Color32 = Color32::from_rgb(200, 20, 10);

    fn white_texture() -> Texture {
        Texture {
            width: 1,
            height: 1,
            texels: vec![Color32::WHITE],
            nearest: false,
        }
    }

    fn rect_mesh(rect: Rect, color: Color32) -> Mesh {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(rect, color);
        mesh
    }

    fn canvas(width: usize, height: usize) -> Canvas {
        Canvas::new(width, height, Color32::from_rgb(10, 20, 30))
    }

    fn everything(canvas: &Canvas) -> PixelClip {
        PixelClip {
            x0: 0,
            y0: 0,
            x1: canvas.width as i64,
            y1: canvas.height as i64,
        }
    }

    fn at(canvas: &Canvas, x: usize, y: usize) -> [u8; 4] {
        canvas.pixels[y * canvas.width + x].to_le_bytes()
    }

    fn count(canvas: &Canvas, color: [u8; 4]) -> usize {
        canvas.pixels.iter().filter(|&&p| p == pack(color)).count()
    }

    #[test]
    fn a_rectangle_covers_exactly_its_pixels() {
        let mut c = canvas(6, 5);
        let clip = everything(&c);
        let mesh = rect_mesh(Rect::from_min_max(pos2(1.0, 1.0), pos2(4.0, 3.0)), RED);
        c.paint_mesh(&mesh, &white_texture(), clip, 1.0);
        for y in 0..5 {
            for x in 0..6 {
                let inside = (1..4).contains(&x) && (1..3).contains(&y);
                let expected = if inside {
                    RED.to_array()
                } else {
                    [10, 20, 30, 255]
                };
                assert_eq!(at(&c, x, y), expected, "pixel {x},{y}");
            }
        }
    }

    #[test]
    fn a_translucent_rectangle_blends_once_along_its_diagonal() {
        // Two triangles share the diagonal: no pixel may be blended twice or missed.
        let mut c = Canvas::new(8, 8, Color32::BLACK);
        let clip = everything(&c);
        let half_white = Color32::from_white_alpha(128);
        let mesh = rect_mesh(
            Rect::from_min_max(pos2(0.0, 0.0), pos2(8.0, 8.0)),
            half_white,
        );
        c.paint_mesh(&mesh, &white_texture(), clip, 1.0);
        assert_eq!(count(&c, [128, 128, 128, 255]), 64);
    }

    #[test]
    fn clipping_keeps_paint_inside_the_clip_rectangle() {
        let mut c = canvas(10, 10);
        let clip = PixelClip {
            x0: 2,
            y0: 3,
            x1: 5,
            y1: 6,
        };
        let mesh = rect_mesh(Rect::from_min_max(pos2(-5.0, -5.0), pos2(20.0, 20.0)), RED);
        c.paint_mesh(&mesh, &white_texture(), clip, 1.0);
        assert_eq!(count(&c, RED.to_array()), 9);
        assert_eq!(at(&c, 2, 3), RED.to_array());
        assert_eq!(at(&c, 4, 5), RED.to_array());
        assert_eq!(at(&c, 5, 5), [10, 20, 30, 255]);
    }

    #[test]
    fn clip_rectangles_round_like_a_scissor() {
        let c = canvas(10, 10);
        let clip = c.pixel_clip(Rect::from_min_max(pos2(-3.0, 1.4), pos2(4.6, 30.0)), 1.0);
        assert_eq!(
            clip,
            PixelClip {
                x0: 0,
                y0: 1,
                x1: 5,
                y1: 10
            }
        );
    }

    #[test]
    fn a_triangle_covers_the_pixel_centres_inside_it() {
        // Right triangle (0,0) (4,0) (0,4): centres with x + y < 4 - 1 are inside, plus
        // the centres on the hypotenuse x + y = 3 are not (a right edge).
        let mut c = canvas(4, 4);
        let clip = everything(&c);
        let mut mesh = Mesh::default();
        for p in [pos2(0.0, 0.0), pos2(0.0, 4.0), pos2(4.0, 0.0)] {
            mesh.vertices.push(Vertex {
                pos: p,
                uv: WHITE_UV,
                color: RED,
            });
        }
        mesh.indices = vec![0, 1, 2];
        c.paint_mesh(&mesh, &white_texture(), clip, 1.0);
        for y in 0..4 {
            for x in 0..4 {
                // Centre (x + .5, y + .5) is strictly inside when x + y + 1 < 4.
                let inside = x + y + 1 < 4;
                assert_eq!(at(&c, x, y) == RED.to_array(), inside, "pixel {x},{y}");
            }
        }
    }

    #[test]
    fn vertex_colours_are_interpolated() {
        // A horizontal gradient from black to white over 4 pixels: centres at 1/8, 3/8...
        let mut c = Canvas::new(4, 1, Color32::TRANSPARENT);
        let clip = everything(&c);
        let mut mesh = Mesh::default();
        let corners = [
            (pos2(0.0, 0.0), Color32::BLACK),
            (pos2(4.0, 0.0), Color32::WHITE),
            (pos2(4.0, 1.0), Color32::WHITE),
            (pos2(0.0, 1.0), Color32::BLACK),
        ];
        for (pos, color) in corners {
            mesh.vertices.push(Vertex {
                pos,
                uv: WHITE_UV,
                color,
            });
        }
        mesh.indices = vec![0, 1, 2, 0, 2, 3];
        c.paint_mesh(&mesh, &white_texture(), clip, 1.0);
        let reds: Vec<u8> = (0..4).map(|x| at(&c, x, 0)[0]).collect();
        assert_eq!(reds, vec![32, 96, 159, 223]);
    }

    #[test]
    fn textures_are_sampled_and_multiplied() {
        // A 2×1 texture, left texel opaque white, right transparent; nearest sampling.
        let texture = Texture {
            width: 2,
            height: 1,
            texels: vec![Color32::WHITE, Color32::TRANSPARENT],
            nearest: true,
        };
        let mut c = Canvas::new(4, 1, Color32::BLACK);
        let clip = everything(&c);
        let mut mesh = Mesh::default();
        mesh.add_rect_with_uv(
            Rect::from_min_max(pos2(0.0, 0.0), pos2(4.0, 1.0)),
            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            RED,
        );
        c.paint_mesh(&mesh, &texture, clip, 1.0);
        assert_eq!(at(&c, 0, 0), RED.to_array());
        assert_eq!(at(&c, 1, 0), RED.to_array());
        assert_eq!(at(&c, 2, 0), [0, 0, 0, 255]);
        assert_eq!(at(&c, 3, 0), [0, 0, 0, 255]);
    }
}
