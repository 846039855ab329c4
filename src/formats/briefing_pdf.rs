//! A briefing as a PDF, A4 or Letter: the same content as the HTML export (graded
//! citations, marked paragraphs, the timeline of its events, numbered references with
//! grades). Latin text is set in the standard Helvetica faces, Chinese names and titles
//! in the Noto Sans SC subset the app ships, embedded whole. Written with `pdf-writer`;
//! the picture is passed in, as for HTML.

use pdf_writer::{Content, Filter, Finish as _, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::model::briefing_view::{BriefingView, Paragraph};
use crate::model::evidence::credibility_meaning;
use crate::model::{Briefing, Document};

use super::pdf_text::{
    CJK_RESOURCE, Cjk, Face, encode, printable, width, win_ansi, write_cjk_font,
};

/// A paper size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub const ALL: [Self; 2] = [Self::A4, Self::Letter];

    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Self::A4 => (595.28, 841.89),
            Self::Letter => (612.0, 792.0),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::A4 => "a4",
            Self::Letter => "letter",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }
}

const MARGIN: f32 = 56.0;
const BODY: f32 = 10.5;

/// One page being filled, top to bottom.
struct Page {
    content: Content,
    /// Images drawn on this page: (resource name, image ref).
    images: Vec<(String, Ref)>,
}

struct Layout<'a> {
    paper: (f32, f32),
    pages: Vec<Page>,
    y: f32,
    cjk: Option<Cjk<'a>>,
}

impl Layout<'_> {
    fn new(paper: Paper) -> Self {
        let mut layout = Self {
            paper: paper.size(),
            pages: Vec::new(),
            y: 0.0,
            cjk: Cjk::new(),
        };
        layout.new_page();
        layout
    }

    fn new_page(&mut self) {
        self.pages.push(Page {
            content: Content::new(),
            images: Vec::new(),
        });
        self.y = self.paper.1 - MARGIN;
    }

    fn text_width(&self) -> f32 {
        self.paper.0 - 2.0 * MARGIN
    }

    fn need(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.new_page();
        }
    }

    fn page(&mut self) -> &mut Page {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Writes one line at the current position.
    fn line(&mut self, text: &str, face: Face, size: f32, indent: f32, grey: bool) {
        let leading = size * 1.35;
        self.need(leading);
        self.y -= leading;
        let (x, y) = (MARGIN + indent, self.y);
        let runs = self.runs(text, face);
        let content = &mut self.page().content;
        if grey {
            content.set_fill_rgb(0.35, 0.35, 0.35);
        }
        content.begin_text().next_line(x, y);
        for (font, bytes) in runs {
            content.set_font(font, size).show(Str(&bytes));
        }
        content.end_text();
        if grey {
            content.set_fill_rgb(0.0, 0.0, 0.0);
        }
    }

    /// The text as runs of one font each: Helvetica in `WinAnsi`, or the Chinese font by
    /// CID (two bytes each, Identity-H); the glyphs used are noted for the font's tables.
    fn runs(&mut self, text: &str, face: Face) -> Vec<(Name<'static>, Vec<u8>)> {
        let mut runs: Vec<(Name<'static>, Vec<u8>)> = Vec::new();
        for c in text.chars() {
            let (font, bytes) = if let Some(b) = win_ansi(c) {
                (face.resource(), vec![b])
            } else if let Some(cjk) = &mut self.cjk
                && let Some((cid, advance)) = cjk.glyph(c)
            {
                cjk.used.insert(cid, (c, advance));
                (CJK_RESOURCE, cid.to_be_bytes().to_vec())
            } else {
                continue;
            };
            match runs.last_mut() {
                Some((last, run)) if *last == font => run.extend(bytes),
                _ => runs.push((font, bytes)),
            }
        }
        runs
    }

    /// Writes a paragraph wrapped to the text width.
    fn paragraph(&mut self, text: &str, face: Face, size: f32, indent: f32, grey: bool) {
        let text = printable(text, self.cjk.as_ref());
        let room = self.text_width() - indent;
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && width(&candidate, face, size, self.cjk.as_ref()) > room {
                self.line(&line, face, size, indent, grey);
                word.clone_into(&mut line);
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            self.line(&line, face, size, indent, grey);
        }
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    fn heading(&mut self, text: &str) {
        self.need(48.0);
        self.gap(8.0);
        self.paragraph(text, Face::Bold, 13.0, 0.0, false);
        self.gap(2.0);
    }

    fn image(&mut self, name: &str, image: Ref, (w, h): (u32, u32)) {
        let width = self.text_width();
        let height = width * h as f32 / w.max(1) as f32;
        self.need(height + 6.0);
        self.y -= height;
        let y = self.y;
        let page = self.page();
        page.content
            .save_state()
            .transform([width, 0.0, 0.0, height, MARGIN, y])
            .x_object(Name(name.as_bytes()))
            .restore_state();
        page.images.push((name.to_owned(), image));
        self.gap(6.0);
    }
}

/// The IDAT data of an 8-bit RGB, non-interlaced PNG (a zlib stream PDF reads with the
/// PNG predictors), with its width and height; `None` for any other PNG.
fn png_rgb_idat(png: &[u8]) -> Option<(Vec<u8>, u32, u32)> {
    let mut rest = png.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    let mut data = Vec::new();
    let mut size = None;
    while rest.len() >= 12 {
        let len = usize::try_from(u32::from_be_bytes(rest[0..4].try_into().ok()?)).ok()?;
        let kind = &rest[4..8];
        let body = rest.get(8..8 + len)?;
        match kind {
            b"IHDR" if body.len() == 13 => {
                let w = u32::from_be_bytes(body[0..4].try_into().ok()?);
                let h = u32::from_be_bytes(body[4..8].try_into().ok()?);
                // Depth 8, colour type 2 (RGB), no interlacing.
                if body[8] != 8 || body[9] != 2 || body[12] != 0 {
                    return None;
                }
                size = Some((w, h));
            }
            b"IDAT" => data.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        rest = rest.get(12 + len..)?;
    }
    let (w, h) = size?;
    (!data.is_empty()).then_some((data, w, h))
}

/// The briefing `id` of `document` as a PDF on `paper`; `timeline_png` is the picture of
/// its events, if one could be drawn.
pub fn briefing_pdf(
    document: &Document,
    id: &str,
    paper: Paper,
    timeline_png: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let briefing = document
        .index
        .briefing(id)
        .map(|b| &document.dossier.briefings[b])
        .ok_or_else(|| format!("no briefing with the id \"{id}\""))?;
    Ok(render(document, briefing, paper, timeline_png))
}

fn paragraphs(layout: &mut Layout, graded: &[Paragraph]) {
    for paragraph in graded {
        layout.paragraph(&paragraph.text, Face::Regular, BODY, 0.0, false);
        if let Some(warning) = paragraph.support.warning() {
            layout.paragraph(&format!("! {warning}"), Face::Italic, 8.5, 0.0, true);
        }
        layout.gap(4.0);
    }
}

fn render(document: &Document, briefing: &Briefing, paper: Paper, png: Option<&[u8]>) -> Vec<u8> {
    let view = BriefingView::new(document, briefing);
    let dossier = &document.dossier;
    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut new_ref = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = new_ref();
    let tree = new_ref();
    let info = new_ref();
    let fonts = [new_ref(), new_ref(), new_ref()];
    let cjk_refs = [new_ref(), new_ref(), new_ref(), new_ref(), new_ref()];
    let picture = png.and_then(png_rgb_idat).map(|p| (new_ref(), p));

    let mut layout = Layout::new(paper);
    layout.paragraph(&view.title, Face::Bold, 18.0, 0.0, false);
    layout.paragraph(&view.date, Face::Regular, BODY, 0.0, true);
    if !view.purpose.is_empty() {
        layout.paragraph(&view.purpose, Face::Regular, BODY, 0.0, true);
    }
    layout.gap(6.0);
    if let Some((image, (_, w, h))) = &picture {
        layout.image("Im1", *image, (*w, *h));
    }
    paragraphs(&mut layout, &view.summary_paragraphs);
    for ((heading, _), graded) in view.sections.iter().zip(&view.section_paragraphs) {
        layout.heading(heading);
        paragraphs(&mut layout, graded);
    }
    if !view.chronology.is_empty() {
        layout.heading("Chronology");
        for entry in &view.chronology {
            let event = &dossier.events[entry.event];
            let credibility = event
                .credibility
                .and_then(credibility_meaning)
                .unwrap_or("credibility not graded");
            let mut line = format!(
                "{}: {} {}{} [{}: {credibility}]",
                entry.date,
                entry.title,
                BriefingView::chronology_note(entry),
                BriefingView::citation_marks(&entry.source_numbers),
                entry.badge
            );
            if let Some(warning) = entry.support.warning() {
                line = format!("{line} ! {warning}");
            }
            layout.paragraph(&line, Face::Regular, 9.5, 0.0, false);
        }
    }
    if !view.actors.is_empty() {
        layout.heading("Key actors");
        for actor in &view.actors {
            let mut line = format!("{} ({})", BriefingView::actor_name(actor), actor.kind.key());
            if !actor.description.is_empty() {
                line = format!("{line}: {}", actor.description);
            }
            layout.paragraph(&line, Face::Regular, 9.5, 0.0, false);
        }
    }
    if !view.sources.is_empty() {
        layout.heading("References");
        for entry in &view.sources {
            let source = &dossier.sources[entry.source];
            let grade = entry.reliability.map_or_else(
                || "not graded".to_owned(),
                |g| format!("{} {}", g.letter(), g.meaning()),
            );
            let mut line = format!("[{}] {}. {}", entry.number, grade, entry.title);
            let details = entry.details();
            if !details.is_empty() {
                line = format!("{line}. {details}");
            }
            line.push('.');
            if !entry.url.is_empty() {
                line = format!("{line} {}", entry.url);
            }
            if !entry.archived_url.is_empty() {
                line = format!("{line} Archived copy: {}", entry.archived_url);
            }
            if !source.reliability_note.is_empty() {
                line = format!("{line} ({})", source.reliability_note);
            }
            layout.paragraph(&line, Face::Regular, 9.0, 0.0, false);
            layout.gap(2.0);
        }
    }
    layout.gap(6.0);
    layout.paragraph(
        "Grades follow the Admiralty scale. Sources: A completely reliable, B usually reliable, \
         C fairly reliable, D not usually reliable, E unreliable, F cannot be judged. Events: \
         best source grade and credibility of the account, 1 confirmed by other sources to 6 \
         cannot be judged.",
        Face::Italic,
        8.5,
        0.0,
        true,
    );

    // Page numbers at the foot of each page.
    let total = layout.pages.len();
    for (n, page) in layout.pages.iter_mut().enumerate() {
        let footer = printable(&format!("{} · page {} of {total}", view.title, n + 1), None);
        page.content
            .set_fill_rgb(0.45, 0.45, 0.45)
            .begin_text()
            .set_font(Face::Regular.resource(), 8.0)
            .next_line(MARGIN, MARGIN / 2.0)
            .show(Str(&encode(&footer)))
            .end_text();
    }

    let page_refs: Vec<(Ref, Ref)> = (0..total).map(|_| (new_ref(), new_ref())).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().map(|(page, _)| *page))
        .count(i32::try_from(total).unwrap_or(i32::MAX));
    pdf.document_info(info)
        .title(TextStr(&view.title))
        .creator(TextStr("Dossier"));
    for (font, base) in
        fonts
            .iter()
            .zip([&b"Helvetica"[..], b"Helvetica-Bold", b"Helvetica-Oblique"])
    {
        pdf.type1_font(*font)
            .base_font(Name(base))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    if let Some(cjk) = &layout.cjk {
        write_cjk_font(&mut pdf, cjk, cjk_refs);
    }
    if let Some((image, (data, w, h))) = &picture {
        let (w, h) = (
            i32::try_from(*w).unwrap_or(1),
            i32::try_from(*h).unwrap_or(1),
        );
        let mut xobject = pdf.image_xobject(*image, data);
        xobject.filter(Filter::FlateDecode);
        xobject.width(w).height(h).bits_per_component(8);
        xobject.color_space().device_rgb();
        xobject
            .decode_parms()
            .predictor(pdf_writer::types::Predictor::PngOptimum)
            .colors(3)
            .bits_per_component(8)
            .columns(w);
        xobject.finish();
    }
    let (width, height) = paper.size();
    for (page, (page_ref, content_ref)) in layout.pages.into_iter().zip(&page_refs) {
        let mut writer = pdf.page(*page_ref);
        writer
            .media_box(Rect::new(0.0, 0.0, width, height))
            .parent(tree)
            .contents(*content_ref);
        let mut resources = writer.resources();
        let mut font_dict = resources.fonts();
        for (face, font) in [Face::Regular, Face::Bold, Face::Italic]
            .into_iter()
            .zip(fonts)
        {
            font_dict.pair(face.resource(), font);
        }
        font_dict.pair(CJK_RESOURCE, cjk_refs[0]);
        font_dict.finish();
        if !page.images.is_empty() {
            let mut images = resources.x_objects();
            for (name, image) in &page.images {
                images.pair(Name(name.as_bytes()), *image);
            }
            images.finish();
        }
        resources.finish();
        writer.finish();
        let data = page.content.finish();
        pdf.stream(*content_ref, &data);
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rgb_pngs_are_embedded() {
        assert!(png_rgb_idat(b"not a png").is_none());
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, 2, 1);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().unwrap_or_else(|e| panic!("{e}"));
            writer
                .write_image_data(&[1, 2, 3, 4, 5, 6])
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let (data, w, h) = png_rgb_idat(&bytes).unwrap_or_else(|| panic!("not read"));
        assert_eq!((w, h), (2, 1));
        assert!(!data.is_empty());
    }
}
