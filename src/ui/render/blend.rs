//! Colour arithmetic of the rasteriser: premultiplied sRGB pixels packed in a `u32` as
//! `r | g << 8 | b << 16 | a << 24`, blended "source over" two channels at a time.

/// The vertex colours weighted by barycentric coordinates (gamma space, as egui's shader
/// interpolates them).
pub fn mix(colors: &[[f32; 4]; 3], b: [f32; 3]) -> [f32; 4] {
    let mut out = [0.0; 4];
    for (i, channel) in out.iter_mut().enumerate() {
        *channel = b[0] * colors[0][i] + b[1] * colors[1][i] + b[2] * colors[2][i];
    }
    out
}

pub fn pack(rgba: [u8; 4]) -> u32 {
    u32::from_le_bytes(rgba)
}

/// A vertex colour times a texture sample, both premultiplied 0–255, packed. A colour
/// may be brighter than its alpha: egui paints "additive" colours (alpha 0) that way.
pub fn modulate(color: [f32; 4], texel: [f32; 4]) -> u32 {
    let channel = |i: usize| (color[i] * texel[i] / 255.0).round().clamp(0.0, 255.0) as u8;
    pack([channel(0), channel(1), channel(2), channel(3)])
}

/// Premultiplied "source over", `dst × (1 − src.a) + src`, two channels per
/// multiplication, each divided by 255 with rounding and the sum saturated (additive
/// colours can exceed 255).
pub fn blend(dst: u32, src: u32) -> u32 {
    const LANES: u32 = 0x00FF_00FF;
    const CARRIES: u32 = 0x0100_0100;
    let keep = 255 - (src >> 24);
    if keep == 0 || dst == 0 {
        return src;
    }
    if src == 0 {
        return dst;
    }
    let rb = (dst & LANES) * keep;
    let ag = ((dst >> 8) & LANES) * keep;
    let rb = ((rb + 0x0080_0080 + ((rb >> 8) & LANES)) >> 8) & LANES;
    let ag = ((ag + 0x0080_0080 + ((ag >> 8) & LANES)) >> 8) & LANES;
    let saturate = |sum: u32| {
        let over = sum & CARRIES;
        (sum | (over - (over >> 8))) & LANES
    };
    let rb = saturate(rb + (src & LANES));
    let ag = saturate(ag + ((src >> 8) & LANES));
    rb | (ag << 8)
}

/// Blends one colour over a run of pixels; runs of equal pixels are blended once.
pub fn blend_span(span: &mut [u32], source: u32) {
    if source >> 24 == 255 {
        span.fill(source);
        return;
    }
    let (mut before, mut after) = (0, blend(0, source));
    for pixel in span {
        if *pixel != before {
            before = *pixel;
            after = blend(before, source);
        }
        *pixel = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_over_blends_premultiplied_colours() {
        let dst = pack([100, 50, 0, 255]);
        assert_eq!(blend(dst, pack([0, 0, 128, 128])), pack([50, 25, 128, 255]));
        assert_eq!(blend(dst, 0), dst);
        assert_eq!(blend(dst, pack([1, 2, 3, 255])), pack([1, 2, 3, 255]));
        // Additive colours (alpha 0) add, and saturate.
        assert_eq!(blend(dst, pack([5, 5, 5, 0])), pack([105, 55, 5, 255]));
        assert_eq!(blend(dst, pack([200, 0, 0, 0])), pack([255, 50, 0, 255]));
        // Every channel and alpha against the exact formula.
        for d in [0u8, 1, 77, 128, 254, 255] {
            for a in [0u8, 1, 2, 100, 128, 200, 254] {
                let src = [a / 3, a / 2, a, a].map(|c| c.saturating_add(d % 7));
                let got = blend(pack([d, d, d, d]), pack(src)).to_le_bytes();
                for i in 0..4 {
                    let want = f32::from(src[i]) + f32::from(d) * f32::from(255 - src[3]) / 255.0;
                    let want = want.min(255.0);
                    assert!((f32::from(got[i]) - want).abs() <= 0.5, "{d} {a} {i}");
                }
            }
        }
    }
}
