//! A briefing as one self-contained HTML file: no script, no network. Numbered references
//! with their grades, each citation showing the grade of what it cites, paragraphs resting
//! on one source (or only on D–F sources) marked, and the timeline of the briefing's
//! events embedded as a `data:` PNG. Readable in any browser and printable (A4 or Letter).
//!
//! The picture is passed in: drawing the timeline belongs to the window's code.

use std::fmt::Write as _;

use crate::model::briefing_view::{BriefingView, Paragraph};
use crate::model::evidence::{Reliability, credibility_meaning};
use crate::model::text::replace_citations;
use crate::model::{Briefing, Document};

/// The style sheet: readable on screen, sober on paper.
const STYLE: &str = "body{font-family:Georgia,'Noto Serif',serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}\
h1{font-size:1.7em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}\
.meta{color:#555}figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ddd}\
figcaption{font-size:.85em;color:#555}.g{display:inline-block;font:bold .75em sans-serif;padding:0 .35em;border-radius:.6em;border:1px solid;margin-left:.15em}\
.gA,.gB{color:#1e6b40;background:#e3f3ea}.gC{color:#8a5a00;background:#fbf0dc}.gD,.gE{color:#a32d22;background:#fbe4e1}.gF,.gN{color:#555;background:#eee}\
.c{white-space:nowrap}.weak{border-left:3px solid #d9a400;padding-left:.6em}.mark{font:.8em sans-serif;color:#8a5a00}\
table{border-collapse:collapse;width:100%}td{vertical-align:top;padding:.2em .4em;border-bottom:1px solid #eee}\
ol.refs li{margin-bottom:.4em}.small{font-size:.85em;color:#555}a{color:#1a4f8b}\
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}h2{break-after:avoid}tr,li,figure{break-inside:avoid}}\
@page{margin:18mm}";

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Standard Base64 with padding, for the embedded picture.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Only web addresses become links; anything else is shown as text.
fn is_web(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

fn grade_badge(grade: Option<Reliability>) -> String {
    match grade {
        Some(g) => format!(
            "<span class=\"g g{0}\" title=\"{1}\">{0}</span>",
            g.letter(),
            g.meaning()
        ),
        None => "<span class=\"g gN\" title=\"not graded\">?</span>".to_owned(),
    }
}

/// Citations as links to the numbered reference, each with its grade.
fn cited(document: &Document, view: &BriefingView, text: &str) -> String {
    let escaped = escape(text);
    replace_citations(&escaped, |id| {
        let entry = document
            .index
            .source(id)
            .and_then(|s| view.sources.iter().find(|e| e.source == s));
        match entry {
            Some(e) => format!(
                "<span class=\"c\"><a href=\"#ref-{0}\">[{0}]</a>{1}</span>",
                e.number,
                grade_badge(e.reliability)
            ),
            None => format!("[{id}?]"),
        }
    })
}

fn paragraphs(
    out: &mut String,
    document: &Document,
    view: &BriefingView,
    text: &str,
    graded: &[Paragraph],
) {
    let raw = text.split("\n\n").filter(|p| !p.trim().is_empty());
    for (paragraph, grade) in raw.zip(graded) {
        let body = cited(document, view, paragraph.trim());
        match grade.support.warning() {
            Some(warning) => {
                let _ = writeln!(
                    out,
                    "<p class=\"weak\">{body}<br><span class=\"mark\">⚠ {warning}</span></p>"
                );
            }
            None => {
                let _ = writeln!(out, "<p>{body}</p>");
            }
        }
    }
}

/// The briefing `id` of `document` as one HTML file; `timeline_png` is the picture of its
/// events, if one could be drawn.
pub fn briefing_html(
    document: &Document,
    id: &str,
    timeline_png: Option<&[u8]>,
) -> Result<String, String> {
    let briefing = document
        .index
        .briefing(id)
        .map(|b| &document.dossier.briefings[b])
        .ok_or_else(|| format!("no briefing with the id \"{id}\""))?;
    Ok(render(document, briefing, timeline_png))
}

fn render(document: &Document, briefing: &Briefing, timeline_png: Option<&[u8]>) -> String {
    let view = BriefingView::new(document, briefing);
    let dossier = &document.dossier;
    let mut out = String::new();
    let language = if dossier.language.is_empty() {
        "en"
    } else {
        dossier.language.as_str()
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(language),
        escape(&view.title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&view.title));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&view.date));
    if !view.purpose.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&view.purpose));
    }
    if let Some(png) = timeline_png {
        let _ = writeln!(
            out,
            "<figure><img alt=\"Timeline of the briefing's events\" src=\"data:image/png;base64,{}\">\
             <figcaption>The events of this briefing on their timeline.</figcaption></figure>",
            base64(png)
        );
    }
    paragraphs(
        &mut out,
        document,
        &view,
        &briefing.summary,
        &view.summary_paragraphs,
    );
    for ((section, (heading, _)), graded) in briefing
        .sections
        .iter()
        .zip(&view.sections)
        .zip(&view.section_paragraphs)
    {
        let _ = writeln!(out, "<h2>{}</h2>", escape(heading));
        paragraphs(&mut out, document, &view, &section.body, graded);
    }
    if !view.chronology.is_empty() {
        out.push_str("<h2>Chronology</h2>\n<table>\n");
        for entry in &view.chronology {
            let event = &dossier.events[entry.event];
            let refs: String = entry
                .source_numbers
                .iter()
                .map(|n| format!("<a href=\"#ref-{n}\">[{n}]</a>"))
                .collect();
            let credibility = event
                .credibility
                .and_then(credibility_meaning)
                .unwrap_or("credibility not graded");
            let mark = entry
                .support
                .warning()
                .map(|w| format!(" <span class=\"mark\">⚠ {w}</span>"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{} <span class=\"small\">{}</span> {refs}{mark}</td>\
                 <td><span class=\"g gN\" title=\"best source grade and credibility: {}\">{}</span></td></tr>",
                escape(&entry.date),
                escape(&entry.title),
                escape(&BriefingView::chronology_note(entry)),
                escape(credibility),
                escape(&entry.badge)
            );
        }
        out.push_str("</table>\n");
    }
    if !view.actors.is_empty() {
        out.push_str("<h2>Key actors</h2>\n<ul>\n");
        for actor in &view.actors {
            let description = if actor.description.is_empty() {
                String::new()
            } else {
                format!(": {}", escape(&actor.description))
            };
            let _ = writeln!(
                out,
                "<li><strong>{}</strong> ({}){description}</li>",
                escape(&BriefingView::actor_name(actor)),
                actor.kind.key()
            );
        }
        out.push_str("</ul>\n");
    }
    if !view.sources.is_empty() {
        out.push_str("<h2>References</h2>\n<ol class=\"refs\">\n");
        for entry in &view.sources {
            let source = &dossier.sources[entry.source];
            let title = if is_web(&entry.url) {
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&entry.url),
                    escape(&entry.title)
                )
            } else {
                escape(&entry.title)
            };
            let details = entry.details();
            let mut line = format!("{} {title}", grade_badge(entry.reliability));
            if !details.is_empty() {
                let _ = write!(line, ". {}", escape(&details));
            }
            line.push('.');
            if let Some(g) = entry.reliability {
                let _ = write!(
                    line,
                    " <span class=\"small\">Graded {}: {}",
                    g.letter(),
                    g.meaning()
                );
                if !source.reliability_note.is_empty() {
                    let _ = write!(line, " ({})", escape(&source.reliability_note));
                }
                line.push_str(".</span>");
            }
            if is_web(&entry.archived_url) {
                let _ = write!(
                    line,
                    " <a class=\"small\" href=\"{}\">Archived copy</a>.",
                    escape(&entry.archived_url)
                );
            }
            if !source.accessed.is_empty() {
                let _ = write!(
                    line,
                    " <span class=\"small\">Read {}.</span>",
                    escape(&source.accessed)
                );
            }
            let _ = writeln!(out, "<li id=\"ref-{}\">{line}</li>", entry.number);
        }
        out.push_str("</ol>\n");
    }
    out.push_str(
        "<p class=\"small\">Grades follow the Admiralty scale. Sources: A completely reliable, \
         B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be \
         judged. Events: best source grade and credibility of the account, 1 confirmed by other \
         sources to 6 cannot be judged.</p>\n</body>\n</html>\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
