//! A briefing as a PDF, A4 or Letter: the same content as the HTML export (graded
//! citations, marked paragraphs, the timeline of its events, numbered references with
//! grades). Latin text is set in the standard Helvetica faces, Chinese names and titles
//! in the Noto Sans SC subset the app ships, embedded whole. Written with `pdf-writer`;
//! the picture is passed in, as for HTML.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish as _, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::model::briefing_view::{BriefingView, Paragraph};
use crate::model::evidence::credibility_meaning;
use crate::model::{Briefing, Document};

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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    fn resource(self) -> Name<'static> {
        match self {
            Self::Regular => Name(b"F1"),
            Self::Bold => Name(b"F2"),
            Self::Italic => Name(b"F3"),
        }
    }
}

/// The Chinese font: Noto Sans SC cut to the commonest characters (see
/// `assets/fonts/README.md`).
const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Subset.otf");
const CJK_RESOURCE: Name<'static> = Name(b"F4");

/// The Chinese font, parsed, and the glyphs a document uses (CID → character, advance).
struct Cjk<'a> {
    face: ttf_parser::Face<'a>,
    used: BTreeMap<u16, (char, f32)>,
}

impl Cjk<'_> {
    fn new() -> Option<Self> {
        Some(Self {
            face: ttf_parser::Face::parse(CJK_FONT, 0).ok()?,
            used: BTreeMap::new(),
        })
    }

    /// The CID of a character and its advance in thousandths of an em, if the font has it.
    fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let glyph = self.face.glyph_index(c)?;
        let cid = self
            .face
            .tables()
            .cff
            .and_then(|cff| cff.glyph_cid(glyph))
            .unwrap_or(glyph.0);
        let units = f32::from(self.face.units_per_em().max(1));
        let advance = f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) * 1000.0 / units;
        Some((cid, advance))
    }
}

/// Helvetica's advance widths (thousandths of an em) for ASCII 32–126, from its AFM.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// The `WinAnsi` byte of a character, if the standard fonts have it.
fn win_ansi(c: char) -> Option<u8> {
    let code = u32::from(c);
    match c {
        ' '..='~' | '\u{A0}'..='\u{FF}' => u8::try_from(code).ok(),
        '€' => Some(0x80),
        '…' => Some(0x85),
        '‘' => Some(0x91),
        '’' => Some(0x92),
        '“' => Some(0x93),
        '”' => Some(0x94),
        '•' => Some(0x95),
        '–' => Some(0x96),
        '—' => Some(0x97),
        '™' => Some(0x99),
        'Œ' => Some(0x8C),
        'œ' => Some(0x9C),
        _ => None,
    }
}

/// Text the standard fonts can show: symbols get a plain equivalent, characters they lack
/// (Chinese names among them, which the HTML export keeps) are left out.
fn printable(text: &str, cjk: Option<&Cjk>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '⚠' => out.push('!'),
            '→' => out.push_str("->"),
            c if win_ansi(c).is_some() => out.push(c),
            c if c.is_whitespace() => out.push(' '),
            c if cjk.is_some_and(|f| f.glyph(c).is_some()) => out.push(c),
            _ => {}
        }
    }
    out.replace(" ()", "")
        .replace("()", "")
        .replace(" ( ", " (")
}

fn width(text: &str, face: Face, size: f32, cjk: Option<&Cjk>) -> f32 {
    let units: f32 = text
        .chars()
        .map(|c| match win_ansi(c) {
            Some(b @ 32..=126) => f32::from(HELVETICA[usize::from(b - 32)]),
            Some(0x97 | 0x85) => 1000.0,
            Some(0x91 | 0x92) => 222.0,
            Some(0x93 | 0x94) => 333.0,
            Some(0xB7) => 278.0,
            Some(_) => 556.0,
            None => cjk.and_then(|f| f.glyph(c)).map_or(0.0, |(_, w)| w),
        })
        .sum();
    let bold = if face == Face::Bold { 1.06 } else { 1.0 };
    units * size / 1000.0 * bold
}

fn encode(text: &str) -> Vec<u8> {
    text.chars().filter_map(win_ansi).collect()
}

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

/// The Chinese font as a Type 0 font over a CFF CID font, the OpenType file embedded
/// whole, with the widths and a `ToUnicode` map of the glyphs used (so that text copied
/// from the PDF is the text written). `refs`: font, CID font, descriptor, file, map.
fn write_cjk_font(pdf: &mut Pdf, cjk: &Cjk, refs: [Ref; 5]) {
    let [font, cid_font, descriptor, file, cmap] = refs;
    let name = Name(b"NotoSansSC-Subset");
    let system = || SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(font)
        .base_font(name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(cmap);
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(CidFontType::Type0)
        .base_font(name)
        .system_info(system())
        .font_descriptor(descriptor)
        .default_width(1000.0);
    let mut widths = cid.widths();
    for (&glyph, &(_, advance)) in &cjk.used {
        widths.consecutive(glyph, [advance]);
    }
    widths.finish();
    cid.finish();
    pdf.font_descriptor(descriptor)
        .name(name)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(-1000.0, -300.0, 3000.0, 1000.0))
        .italic_angle(0.0)
        .ascent(880.0)
        .descent(-120.0)
        .cap_height(733.0)
        .stem_v(80.0)
        .font_file3(file);
    // The bare CFF table (`CIDFontType0C`): readers handle it more widely than the
    // OpenType wrapper.
    let cff = cjk
        .face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"CFF "))
        .unwrap_or(CJK_FONT);
    pdf.stream(file, cff)
        .pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    let mut unicode = UnicodeCmap::new(Name(b"Custom"), system());
    for (&glyph, &(c, _)) in &cjk.used {
        unicode.pair(glyph, c);
    }
    let data = unicode.finish();
    pdf.cmap(cmap, &data);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_kept_to_what_the_standard_fonts_show() {
        assert_eq!(printable("Li Qiang (李强) ⚠ “ok”", None), "Li Qiang ! “ok”");
        let cjk = Cjk::new().unwrap_or_else(|| panic!("the Chinese font parses"));
        assert_eq!(printable("Li Qiang (李强)", Some(&cjk)), "Li Qiang (李强)");
        let w = |t: &str| width(t, Face::Regular, 10.0, Some(&cjk));
        assert!(w("李强") > w("ii"), "Chinese glyphs have their width");
        assert_eq!(encode("é’"), vec![0xE9, 0x92]);
        assert!(width("WWW", Face::Regular, 10.0, None) > width("iii", Face::Regular, 10.0, None));
    }

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
