//! Whole-dossier exports in every format, for the command line and the File menu alike.
//! It lives in the UI room because the PNG is the timeline panel itself, drawn in
//! software; the text formats come from [`crate::formats`].

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

/// The whole dossier in `format`, as the bytes of the file to write.
pub fn dossier_bytes(
    document: &Document,
    format: ExportFormat,
    png: PngOptions,
) -> Result<Vec<u8>, String> {
    let text = match format {
        ExportFormat::Text => {
            return Err("plain text exports a briefing, not the whole dossier".to_owned());
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
