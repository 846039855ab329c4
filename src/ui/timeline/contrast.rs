//! Text that stays readable on a coloured bar: WCAG contrast ratios, and the text colour
//! (black or white) that reads best on a given background.

use egui::Color32;

/// WCAG 2 relative luminance of an opaque colour.
pub fn luminance(color: Color32) -> f32 {
    let channel = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r()) + 0.7152 * channel(color.g()) + 0.0722 * channel(color.b())
}

/// WCAG 2 contrast ratio between two opaque colours, from 1 to 21.
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `over` (premultiplied, maybe translucent) painted on the opaque `under`.
pub fn blend(over: Color32, under: Color32) -> Color32 {
    let keep = 1.0 - f32::from(over.a()) / 255.0;
    let mix = |o: u8, u: u8| (f32::from(o) + f32::from(u) * keep).round().min(255.0) as u8;
    Color32::from_rgb(
        mix(over.r(), under.r()),
        mix(over.g(), under.g()),
        mix(over.b(), under.b()),
    )
}

/// Black or white, whichever contrasts more with `background`: one of them always
/// reaches 4.58:1 (WCAG AA for text is 4.5:1; greys short of black and white would not
/// on every background).
pub fn text_on(background: Color32) -> Color32 {
    let (dark, light) = (Color32::BLACK, Color32::WHITE);
    if contrast_ratio(dark, background) >= contrast_ratio(light, background) {
        dark
    } else {
        light
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::style::lane_color;

    #[test]
    fn ratios_match_wcag() {
        let ratio = contrast_ratio(Color32::BLACK, Color32::WHITE);
        assert!((ratio - 21.0).abs() < 0.01);
        assert!((contrast_ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-6);
        // #777 on white is the classic 4.48:1, just short of AA.
        let grey = Color32::from_rgb(0x77, 0x77, 0x77);
        assert!((contrast_ratio(grey, Color32::WHITE) - 4.48).abs() < 0.01);
    }

    #[test]
    fn text_on_any_lane_colour_meets_aa_in_both_themes() {
        let themes = [egui::Visuals::dark(), egui::Visuals::light()];
        for visuals in themes {
            let document = crate::formats::default_dossier();
            let colours = (0..16)
                .map(|lane| lane_color("", lane))
                .chain(
                    document
                        .dossier
                        .lanes
                        .iter()
                        .enumerate()
                        .map(|(i, l)| lane_color(&l.color, i)),
                )
                .chain([
                    Color32::from_rgb(0x76, 0x76, 0x76),
                    Color32::from_rgb(0x80, 0x80, 0x80),
                ]);
            for (lane, color) in colours.enumerate() {
                // Solid bars (confirmed), translucent ones (reported) and dimmed ones.
                for fill in [
                    color,
                    color.gamma_multiply(0.55),
                    color.gamma_multiply(0.25),
                ] {
                    let background = blend(fill, visuals.extreme_bg_color);
                    let text = text_on(background);
                    let ratio = contrast_ratio(text, background);
                    assert!(ratio >= 4.5, "lane {lane}: {ratio:.2}:1 on {background:?}");
                }
            }
        }
    }

    #[test]
    fn blending_keeps_opaque_colours_and_mixes_translucent_ones() {
        let red = Color32::from_rgb(200, 0, 0);
        assert_eq!(blend(red, Color32::WHITE), red);
        let half = Color32::from_black_alpha(128);
        let grey = blend(half, Color32::WHITE);
        assert!((i32::from(grey.r()) - 127).abs() <= 1);
    }
}
