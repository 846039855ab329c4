//! Plain-text helpers shared by validation, export and the UI: source citations in
//! briefing text, display width and word wrapping.

use std::ops::Range;

use unicode_width::UnicodeWidthStr as _;

/// The `[@source-id]` citations in a text: byte range of each marker and the cited id.
pub fn citations(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut rest_start = 0;
    std::iter::from_fn(move || {
        loop {
            let found = text[rest_start..].find("[@")?;
            let start = rest_start + found;
            let after = start + 2;
            let Some(len) = text[after..].find(']') else {
                rest_start = text.len();
                return None;
            };
            let id = &text[after..after + len];
            rest_start = after + len + 1;
            if !id.is_empty() && !id.contains(char::is_whitespace) {
                return Some((start..rest_start, id));
            }
        }
    })
}

/// Replaces each citation with what `render` gives for its id.
pub fn replace_citations(text: &str, mut render: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, id) in citations(text) {
        out.push_str(&text[last..range.start]);
        out.push_str(&render(id));
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Columns a string takes in a monospaced terminal (Chinese characters take two).
pub fn display_width(text: &str) -> usize {
    text.width()
}

/// Wraps one paragraph at `width` columns (0 = no wrap). Lines after the first start with
/// `indent`; the first line is assumed to start after `first_prefix_width` columns.
/// Words are never split, so a long URL stays whole on a line of its own.
pub fn wrap_paragraph(text: &str, width: usize, first_prefix_width: usize, indent: &str) -> String {
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        let start_col = if n == 0 {
            first_prefix_width
        } else {
            display_width(indent)
        };
        wrap_line(line, width, start_col, indent, &mut out);
    }
    out
}

fn wrap_line(line: &str, width: usize, start_col: usize, indent: &str, out: &mut String) {
    if width == 0 {
        out.push_str(line.trim_end());
        return;
    }
    let indent_width = display_width(indent);
    let mut col = start_col;
    let mut line_has_word = false;
    for word in line.split_whitespace() {
        let w = display_width(word);
        if line_has_word && col + 1 + w > width {
            out.push('\n');
            out.push_str(indent);
            col = indent_width;
            line_has_word = false;
        }
        if line_has_word {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
        line_has_word = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_citations() {
        let found: Vec<_> = citations("As reported [@mfa] and [@dig-watch], not [@ bad] or [@]")
            .map(|(_, id)| id)
            .collect();
        assert_eq!(found, ["mfa", "dig-watch"]);
        assert_eq!(citations("unterminated [@mfa").count(), 0);
        assert_eq!(
            replace_citations("a [@x] b [@y]", |id| format!("<{id}>")),
            "a <x> b <y>"
        );
    }

    #[test]
    fn wraps_without_splitting_words() {
        let text = "Visit https://www.example.com/a/very/long/address/that/does/not/fit today";
        let wrapped = wrap_paragraph(text, 20, 0, "");
        assert_eq!(
            wrapped,
            "Visit\nhttps://www.example.com/a/very/long/address/that/does/not/fit\ntoday"
        );
        assert_eq!(wrap_paragraph("one two three", 0, 0, ""), "one two three");
        assert_eq!(
            wrap_paragraph("aa bb cc dd", 5, 0, "  "),
            "aa bb\n  cc\n  dd"
        );
    }

    #[test]
    fn counts_chinese_as_double_width() {
        assert_eq!(display_width("李强"), 4);
        assert_eq!(
            wrap_paragraph("李强 李强 李强", 9, 0, ""),
            "李强 李强\n李强"
        );
    }
}
