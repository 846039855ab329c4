//! Right-to-left text (Arabic, Hebrew) on screen. egui lays text out left to right in the
//! order it is stored, so such text is handed to it in display order (the Unicode
//! bidirectional algorithm), and shortened at its logical end, which is on the left.

use std::borrow::Cow;

use unicode_bidi::BidiInfo;

/// Whether `c` belongs to a script written right to left.
fn is_right_to_left(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Whether the text holds any right-to-left characters.
pub fn has_right_to_left(text: &str) -> bool {
    text.chars().any(is_right_to_left)
}

/// `text` in the order its characters appear on screen, left to right; left-to-right
/// text is returned as it is.
pub fn for_display(text: &str) -> Cow<'_, str> {
    if !has_right_to_left(text) {
        return Cow::Borrowed(text);
    }
    let info = BidiInfo::new(text, None);
    let mut out = String::with_capacity(text.len());
    for paragraph in &info.paragraphs {
        out.push_str(&info.reorder_line(paragraph, paragraph.range.clone()));
    }
    Cow::Owned(out)
}

/// The first `keep` characters of `text` in reading order, then "…", ready for display:
/// for right-to-left text the "…" lands on the left, where its reading ends.
pub fn shortened_for_display(text: &str, keep: usize) -> String {
    let short: String = text.chars().take(keep).collect();
    let short = format!("{}…", short.trim_end());
    for_display(&short).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_to_right_text_is_untouched() {
        assert!(matches!(for_display("Lane 5 China 中国"), Cow::Borrowed(_)));
        assert_eq!(shortened_for_display("World AI Conference", 8), "World AI…");
    }

    #[test]
    fn arabic_is_shown_right_to_left_and_shortened_at_its_logical_end() {
        // "الذكاء" (intelligence): the first letter read is shown rightmost.
        let word = "الذكاء";
        let shown = for_display(word);
        assert_eq!(shown.chars().last(), word.chars().next());
        assert_eq!(shown.chars().next(), word.chars().last());
        // Shortened: the kept start stays on the right, "…" goes on the left.
        let short = shortened_for_display("الذكاء الاصطناعي", 6);
        assert!(short.starts_with('…'), "{short}");
        assert_eq!(short.chars().last(), word.chars().next());
        // A Latin prefix keeps its place at the left of an Arabic name.
        let mixed = for_display("Lane 5 الذكاء");
        assert!(mixed.starts_with("Lane 5 "), "{mixed}");
    }
}
