//! Text in a PDF briefing: the standard Helvetica faces with their widths and `WinAnsi`
//! bytes, and the Chinese font (the Noto Sans SC subset the app ships) embedded as a CID
//! font, with what is needed to measure, encode and copy text in either.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Finish as _, Name, Pdf, Rect, Ref, Str};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    pub(super) fn resource(self) -> Name<'static> {
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
pub(super) const CJK_RESOURCE: Name<'static> = Name(b"F4");

/// The Chinese font, parsed, and the glyphs a document uses (CID → character, advance).
pub(super) struct Cjk<'a> {
    pub(super) face: ttf_parser::Face<'a>,
    pub(super) used: BTreeMap<u16, (char, f32)>,
}

impl Cjk<'_> {
    pub(super) fn new() -> Option<Self> {
        Some(Self {
            face: ttf_parser::Face::parse(CJK_FONT, 0).ok()?,
            used: BTreeMap::new(),
        })
    }

    /// The CID of a character and its advance in thousandths of an em, if the font has it.
    pub(super) fn glyph(&self, c: char) -> Option<(u16, f32)> {
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
pub(super) fn win_ansi(c: char) -> Option<u8> {
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
pub(super) fn printable(text: &str, cjk: Option<&Cjk>) -> String {
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

pub(super) fn width(text: &str, face: Face, size: f32, cjk: Option<&Cjk>) -> f32 {
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

pub(super) fn encode(text: &str) -> Vec<u8> {
    text.chars().filter_map(win_ansi).collect()
}

/// The Chinese font as a Type 0 font over a CFF CID font, the OpenType file embedded
/// whole, with the widths and a `ToUnicode` map of the glyphs used (so that text copied
/// from the PDF is the text written). `refs`: font, CID font, descriptor, file, map.
pub(super) fn write_cjk_font(pdf: &mut Pdf, cjk: &Cjk, refs: [Ref; 5]) {
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
}
