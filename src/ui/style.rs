//! Shared look: lane colours, chips, safe links.

use egui::{Color32, RichText, Ui};

/// A lane's colour from its `#RRGGBB`, or one from a fixed palette by position.
pub fn lane_color(color: &str, position: usize) -> Color32 {
    const PALETTE: [Color32; 8] = [
        Color32::from_rgb(0x2E, 0x6D, 0xB4),
        Color32::from_rgb(0xC0, 0x39, 0x2B),
        Color32::from_rgb(0x1E, 0x8C, 0x7E),
        Color32::from_rgb(0xC2, 0x7C, 0x0E),
        Color32::from_rgb(0x7D, 0x4C, 0xA8),
        Color32::from_rgb(0x5D, 0x6D, 0x7E),
        Color32::from_rgb(0xB0, 0x3A, 0x7A),
        Color32::from_rgb(0x4E, 0x8A, 0x2E),
    ];
    parse_hex(color).unwrap_or(PALETTE[position % PALETTE.len()])
}

fn parse_hex(color: &str) -> Option<Color32> {
    if !crate::model::validate::is_valid_color(color) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(color.get(i..i + 2)?, 16).ok();
    Some(Color32::from_rgb(byte(1)?, byte(3)?, byte(5)?))
}

/// Only these schemes open in a browser; anything else is shown as text.
pub fn is_openable_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
}

/// A link that shows its address on hover before it is followed; addresses with other
/// schemes (`file:`, `javascript:`…) are shown as plain text and never opened.
pub fn safe_link(ui: &mut Ui, label: &str, url: &str) {
    if is_openable_url(url) {
        ui.hyperlink_to(label, url).on_hover_text(url);
    } else if url.is_empty() {
        ui.label(label);
    } else {
        ui.label(format!("{label} ({url})"))
            .on_hover_text("This address is not a web or mail link, so it is not opened.");
    }
}

/// A small rounded tag.
pub fn chip(ui: &mut Ui, text: impl Into<String>, color: Color32) -> egui::Response {
    let text = RichText::new(text.into()).small();
    egui::Frame::new()
        .fill(color.gamma_multiply(0.18))
        .stroke(egui::Stroke::new(1.0, color.gamma_multiply(0.7)))
        .corner_radius(8.0)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| ui.label(text))
        .response
}

/// Text trimmed to at most `max_chars` characters for display (the data keeps it whole).
pub fn ellipsize(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => text.into(),
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_open() {
        assert!(is_openable_url("https://example.org"));
        assert!(is_openable_url("HTTP://example.org"));
        assert!(is_openable_url("mailto:desk@example.org"));
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://",
            "ftp://x",
            "example.org",
        ] {
            assert!(!is_openable_url(bad), "{bad}");
        }
    }

    #[test]
    fn colours_parse_or_fall_back() {
        assert_eq!(
            lane_color("#C0392B", 0),
            Color32::from_rgb(0xC0, 0x39, 0x2B)
        );
        assert_eq!(lane_color("nope", 1), lane_color("", 1));
    }

    #[test]
    fn ellipsize_counts_characters() {
        assert_eq!(ellipsize("李强李强", 2), "李强…");
        assert_eq!(ellipsize("short", 10), "short");
    }
}
