//! Whole-dossier exports in every format, for the command line and the File menu alike.
//! It lives in the UI room because the PNG is the timeline panel itself, drawn in
//! software; the text formats come from [`crate::formats`].

use crate::formats::briefing::export_briefing;
use crate::formats::briefing_html::briefing_html;
use crate::formats::briefing_pdf::{Paper, briefing_pdf};
use crate::formats::export_format::{ExportFormat, PNG_DEFAULT_SIZE};
use crate::formats::{csv, ics, markdown, markwhen, timelinejs};
use crate::model::Document;

/// How a timeline picture is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PngOptions {
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// Seconds since 1970; `None` for the view the app opens on.
    pub view: Option<(f64, f64)>,
    pub dark: bool,
}

impl Default for PngOptions {
    fn default() -> Self {
        Self {
            size: PNG_DEFAULT_SIZE,
            view: None,
            dark: false,
        }
    }
}

/// Size of the timeline picture in an HTML briefing, in pixels.
pub const BRIEFING_PICTURE_SIZE: (u32, u32) = (1600, 560);

/// The briefing `id` in `format`, as the bytes of the file to write: text and Markdown
/// `width` columns wide (0 = no wrap), HTML with the picture of the briefing's events.
pub fn briefing_bytes(
    document: &Document,
    id: &str,
    format: ExportFormat,
    width: usize,
) -> Result<Vec<u8>, String> {
    if let Some(text_format) = format.briefing_format() {
        return export_briefing(document, id, text_format, width)
            .map(String::into_bytes)
            .map_err(|e| e.to_string());
    }
    match format {
        ExportFormat::Html => {
            let picture = briefing_picture(document, id);
            briefing_html(document, id, picture.as_deref()).map(String::into_bytes)
        }
        ExportFormat::Pdf | ExportFormat::PdfLetter => {
            let picture = briefing_picture(document, id);
            let paper = format.paper().unwrap_or(Paper::A4);
            briefing_pdf(document, id, paper, picture.as_deref())
        }
        _ => Err(format!(
            "--format {} exports the whole dossier, not a briefing",
            format.name()
        )),
    }
}

/// The timeline of a briefing's events alone, framed on them; `None` when the briefing has
/// no dated event or the picture cannot be drawn.
pub fn briefing_picture(document: &Document, id: &str) -> Option<Vec<u8>> {
    let briefing = &document.dossier.briefings[document.index.briefing(id)?];
    let mut dossier = document.dossier.clone();
    dossier
        .events
        .retain(|e| briefing.events.iter().any(|id| *id == e.id));
    let (start, end) = document
        .index
        .events_extent((0..document.dossier.events.len()).filter(|&e| {
            briefing
                .events
                .iter()
                .any(|id| *id == document.dossier.events[e].id)
        }))?;
    let (start, end) = (start as f64, end as f64);
    let pad = ((end - start) * 0.04).max(86_400.0 * 3.0);
    let events = Document::new(dossier);
    let (w, h) = BRIEFING_PICTURE_SIZE;
    super::render::timeline_png(&events, Some((start - pad, end + pad)), w, h, false).ok()
}

/// The whole dossier in `format`, as the bytes of the file to write.
pub fn dossier_bytes(
    document: &Document,
    format: ExportFormat,
    png: PngOptions,
) -> Result<Vec<u8>, String> {
    let text = match format {
        ExportFormat::Text | ExportFormat::Html | ExportFormat::Pdf | ExportFormat::PdfLetter => {
            return Err(format!(
                "{} exports a briefing, not the whole dossier",
                format.name()
            ));
        }
        ExportFormat::Markdown => markdown::dossier_markdown(document),
        ExportFormat::TimelineJs => timelinejs::to_timelinejs_json(document),
        ExportFormat::Markwhen => markwhen::to_markwhen(document),
        ExportFormat::Csv => {
            csv::events_csv(document).map_err(|e| format!("cannot write the events CSV: {e}"))?
        }
        ExportFormat::Ics => ics::icalendar(document),
        ExportFormat::Png => {
            let (width, height) = png.size;
            return super::render::timeline_png(document, png.view, width, height, png.dark);
        }
    };
    Ok(text.into_bytes())
}
