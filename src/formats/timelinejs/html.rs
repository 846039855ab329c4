//! `TimelineJS` text is HTML; Dossier text is plain. HTML to readable plain text (links
//! keep their address, lists their items) and plain text back to HTML paragraphs.

use std::borrow::Cow;

/// Plain text made from a `TimelineJS` HTML fragment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlainText {
    pub text: String,
    /// Tags whose formatting or content was dropped (`b`, `img`…), in order of first
    /// appearance; `p`, `br`, `a`, `div`, `span` and lists are converted, not listed.
    pub removed: Vec<String>,
}

/// Readable plain text from HTML: paragraphs (`<p>`, `<div>`, headings…) are separated by
/// a blank line, `<br>` is a line break, a link keeps its address as `text (url)`, list
/// items become `- ` lines, entities are decoded (`&nbsp;` becomes a plain space), other
/// tags are dropped (the content of `script` and `style` too) and listed in `removed`.
/// Text without any tag is taken as plain text: its line breaks are kept.
pub fn html_to_text(html: &str) -> PlainText {
    if !has_tags(html) {
        let text = html.replace("\r\n", "\n").replace('\r', "\n");
        return PlainText {
            text: plain_lines(&decode_entities(&text)),
            removed: Vec::new(),
        };
    }
    let mut w = TextWriter::default();
    let mut removed: Vec<String> = Vec::new();
    let mut links: Vec<(String, usize)> = Vec::new();
    let mut skipping: Option<String> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skipping.is_none() {
                w.text(&decode_entities(rest));
            }
            break;
        };
        if skipping.is_none() {
            w.text(&decode_entities(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(tag) = Tag::parse(rest) else {
            if skipping.is_none() {
                w.text("<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        if let Some(name) = &skipping {
            if tag.closing && &tag.name == name {
                skipping = None;
            }
            continue;
        }
        let name = tag.name.as_str();
        let quiet = matches!(
            name,
            "p" | "br" | "a" | "div" | "span" | "ul" | "ol" | "li" | "!"
        );
        if !quiet && !removed.iter().any(|r| r == name) {
            removed.push(name.to_owned());
        }
        match name {
            "br" => w.line_break(),
            "li" if !tag.closing => {
                w.newlines = w.newlines.max(1);
                w.raw("- ");
            }
            "a" if !tag.closing => {
                let href = tag
                    .attribute("href")
                    .map(|h| decode_entities(h).trim().to_owned());
                links.push((href.unwrap_or_default(), w.out.len()));
            }
            "a" => {
                if let Some((href, start)) = links.pop() {
                    let label = w.out.get(start..).unwrap_or("").trim().to_owned();
                    let useful = !href.is_empty()
                        && !href.starts_with('#')
                        && !href.to_ascii_lowercase().starts_with("javascript:");
                    if useful && label.is_empty() {
                        w.raw(&href);
                    } else if useful
                        && label != href
                        && href.strip_prefix("mailto:") != Some(label.as_str())
                    {
                        // Directly after the label: pending spaces stay pending.
                        w.out.push_str(&format!(" ({href})"));
                    }
                }
            }
            "script" | "style" | "noscript" | "template" if !tag.closing && !tag.self_closing => {
                skipping = Some(name.to_owned());
            }
            "p" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
            | "pre" | "table" | "tr" | "hr" | "section" | "article" | "header" | "footer"
            | "figure" | "figcaption" | "dl" | "dt" | "dd" | "address" => w.paragraph(),
            "td" | "th" => w.space = true,
            _ => {}
        }
    }
    PlainText {
        text: w.out.trim().to_owned(),
        removed,
    }
}

/// Plain text with its line breaks, spaced as a browser shows it once exported as HTML:
/// runs of spaces are one space, lines are trimmed and blank lines are one paragraph break.
/// So a text reads the same after an import and after an export and a second import.
fn plain_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        for (i, word) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// Like [`html_to_text`], on one line: for headlines, credits, captions and groups.
pub(crate) fn html_to_line(html: &str) -> PlainText {
    let mut plain = html_to_text(html);
    plain.text = plain.text.split_whitespace().collect::<Vec<_>>().join(" ");
    plain
}

fn has_tags(text: &str) -> bool {
    text.match_indices('<')
        .any(|(i, _)| text[i..].starts_with("<!--") || Tag::parse(&text[i..]).is_some())
}

/// Builds text the way a browser lays out HTML: runs of white space are one space, block
/// boundaries are blank lines, and nothing is written before the first or after the last
/// visible character.
#[derive(Default)]
struct TextWriter {
    out: String,
    /// Line breaks due before the next visible character (at most 2: a paragraph).
    newlines: u8,
    space: bool,
}

impl TextWriter {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                self.flush();
                self.out.push(c);
            }
        }
    }

    fn raw(&mut self, text: &str) {
        self.flush();
        self.out.push_str(text);
    }

    fn flush(&mut self) {
        if !self.out.is_empty() {
            if self.newlines > 0 {
                while self.out.ends_with(' ') {
                    self.out.pop();
                }
                for _ in 0..self.newlines {
                    self.out.push('\n');
                }
            } else if self.space && !self.out.ends_with([' ', '\n']) {
                self.out.push(' ');
            }
        }
        self.newlines = 0;
        self.space = false;
    }

    fn paragraph(&mut self) {
        self.newlines = 2;
    }

    fn line_break(&mut self) {
        self.newlines = (self.newlines + 1).min(2);
    }
}

/// One HTML tag: `<a href="…">`, `</p>`, `<br/>`, `<!DOCTYPE html>` (named `!`).
struct Tag<'a> {
    name: String,
    closing: bool,
    self_closing: bool,
    attributes: &'a str,
    /// Bytes from `<` to `>` inclusive.
    len: usize,
}

impl<'a> Tag<'a> {
    fn parse(text: &'a str) -> Option<Self> {
        let inner = text.strip_prefix('<')?;
        let (closing, body) = match inner.strip_prefix('/') {
            Some(body) => (true, body),
            None => (false, inner),
        };
        let name_len = if body.starts_with('!') && !closing {
            1
        } else {
            if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return None;
            }
            body.find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(body.len())
        };
        // The closing `>`, skipping any inside quoted attribute values.
        let mut quote: Option<char> = None;
        let mut end = None;
        for (i, c) in body.char_indices().skip(name_len) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                (None, '<') => return None,
                _ => {}
            }
        }
        let end = end?;
        let attributes = &body[name_len..end];
        Some(Self {
            name: body[..name_len].to_ascii_lowercase(),
            closing,
            self_closing: attributes.trim_end().ends_with('/'),
            attributes,
            len: 1 + usize::from(closing) + end + 1,
        })
    }

    /// The raw value of an attribute (entities not decoded).
    fn attribute(&self, wanted: &str) -> Option<&'a str> {
        let mut rest = self.attributes;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let value = if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                let quote = after.chars().next().filter(|&q| q == '"' || q == '\'');
                let (value, remaining) = if let Some(q) = quote {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                } else {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..close], &after[close..])
                };
                rest = remaining;
                value
            } else {
                ""
            };
            if name.eq_ignore_ascii_case(wanted) {
                return Some(value);
            }
        }
    }
}

/// Decodes HTML character references: every named one HTML knows (by the `html-escape`
/// crate's table) and all numeric ones. Spaces a reference names (`&nbsp;`, `&ensp;`,
/// `&emsp;`, `&thinsp;`) become plain spaces: Dossier text is plain. Unknown names and
/// references without their `;` are left as they are.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // `&` up to the first `;`, if nothing that cannot be in a reference comes first.
        let reference = rest[1..]
            .find(|c: char| c == ';' || c == '&' || c == '<' || c.is_whitespace())
            .filter(|&i| rest.as_bytes()[i + 1] == b';' && i <= MAX_REFERENCE_NAME)
            .map(|i| &rest[..i + 2]);
        if let Some(reference) = reference.filter(|r| decode_reference(r, &mut out)) {
            rest = &rest[reference.len()..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The longest name of a character reference HTML defines
/// (`CounterClockwiseContourIntegral`), with room for the `#x` of numeric ones.
const MAX_REFERENCE_NAME: usize = 32;

/// Appends what one reference `&…;` stands for; `false` (and nothing appended) if it
/// names nothing.
fn decode_reference(reference: &str, out: &mut String) -> bool {
    let name = &reference[1..reference.len() - 1];
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        let Some(code) = code else {
            return false;
        };
        // As browsers do: a code point that is not a character reads as U+FFFD.
        out.push(
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{FFFD}'),
        );
        return true;
    }
    let decoded = html_escape::decode_html_entities(reference);
    if decoded == reference {
        return false;
    }
    out.extend(decoded.chars().map(|c| match c {
        '\u{A0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => ' ',
        c => c,
    }));
    true
}

/// Escapes text for HTML content and attribute values: `&`, `<`, `>` and `"`.
pub fn escape_html(text: &str) -> String {
    html_escape::encode_double_quoted_attribute(text).into_owned()
}

/// Plain text as HTML paragraphs: blank lines separate `<p>`s, a single line break is a
/// `<br>`. The inverse of [`html_to_text`] for text Dossier writes.
pub fn text_to_html(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(|l| escape_html(l.trim())).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        html_to_text(html).text
    }

    #[test]
    fn paragraphs_and_line_breaks() {
        assert_eq!(text("<p>One</p><p>Two<br>three</p>"), "One\n\nTwo\nthree");
        assert_eq!(text("<div>  spaced \n out  </div>"), "spaced out");
        assert_eq!(text("<h2>Title</h2>Body"), "Title\n\nBody");
        // Without any tag the text is plain: its own line breaks stay.
        assert_eq!(
            text("Line one\r\nline two\n\nPara"),
            "Line one\nline two\n\nPara"
        );
        // Spaced as the exported HTML shows it, so a second import reads the same.
        let first = "Two  spaces,\ttab \n  indented\n \n\n\nnext";
        assert_eq!(text(first), "Two spaces, tab\nindented\n\nnext");
        assert_eq!(text(&text_to_html(&text(first))), text(first));
    }

    #[test]
    fn links_keep_their_address() {
        assert_eq!(
            text(r#"See <a href="https://example.com/a?b=1&amp;c=2">the site</a>."#),
            "See the site (https://example.com/a?b=1&c=2)."
        );
        assert_eq!(
            text("<a href='https://x.org'>https://x.org</a>"),
            "https://x.org"
        );
        assert_eq!(text("<a href=\"https://x.org\"></a>"), "https://x.org");
        assert_eq!(text("<a href=\"mailto:a@b.c\">a@b.c</a>"), "a@b.c");
        assert_eq!(text("<a href=\"#top\">Top</a>"), "Top");
        assert_eq!(text("<a href=\"javascript:go()\">Go</a>"), "Go");
    }

    #[test]
    fn other_tags_are_dropped_and_named() {
        let plain = html_to_text("<p><b>Bold</b> and <i>it</i><img src='x.png'></p>");
        assert_eq!(plain.text, "Bold and it");
        assert_eq!(plain.removed, ["b", "i", "img"]);
        let plain = html_to_text("<p>a</p><script>var p = '<p>';</script><style>p{}</style>b");
        assert_eq!(plain.text, "a\n\nb");
        assert_eq!(plain.removed, ["script", "style"]);
        assert!(html_to_text("<span>x</span><br/>").removed.is_empty());
    }

    #[test]
    fn lists_become_dash_lines_nested_ones_too() {
        assert_eq!(
            text("<ul><li>One</li><li>Two<ul><li>Two a</li></ul></li></ul><p>After</p>"),
            "- One\n- Two\n\n- Two a\n\nAfter"
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities("Fish &amp; chips, &eacute;t&eacute; &#x263A; &#65;&#66;"),
            "Fish & chips, été ☺ AB"
        );
        assert_eq!(decode_entities("a&nbsp;b&ensp;c&thinsp;d"), "a b c d");
        // The whole HTML table, not only common names.
        assert_eq!(decode_entities("&CounterClockwiseContourIntegral;"), "∳");
        assert_eq!(
            decode_entities("&#0;&#xD800;&#1114112;"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        // Decoded once; unknown names, bare `&` and missing `;` stay as written.
        assert_eq!(decode_entities("&amp;lt;"), "&lt;");
        assert_eq!(
            decode_entities("AT&T &unknown; &amp &#;"),
            "AT&T &unknown; &amp &#;"
        );
        assert!(matches!(decode_entities("no references"), Cow::Borrowed(_)));
        assert_eq!(text("<p>&lt;b&gt; is not a tag</p>"), "<b> is not a tag");
    }

    #[test]
    fn malformed_html_is_read_as_text_where_it_is_not_a_tag() {
        assert_eq!(text("5 < 6 and <b unclosed"), "5 < 6 and <b unclosed");
        assert_eq!(
            text("<p>5 < 6</p><p>x <b unclosed"),
            "5 < 6\n\nx <b unclosed"
        );
        assert_eq!(text("<p>a</p><!-- never closed <p>b</p>"), "a");
        assert_eq!(text("</p>stray</div>"), "stray");
        assert_eq!(text("<p title='a > b'>quoted</p>"), "quoted");
    }

    #[test]
    fn escaping_and_text_to_html() {
        assert_eq!(
            escape_html("a \"b\" <c> & 'd'"),
            "a &quot;b&quot; &lt;c&gt; &amp; 'd'"
        );
        let plain = "One & two\nline\n\nPara <3";
        let html = text_to_html(plain);
        assert_eq!(html, "<p>One &amp; two<br>line</p><p>Para &lt;3</p>");
        assert_eq!(text(&html), plain);
    }
}
