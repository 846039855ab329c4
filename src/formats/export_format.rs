//! Everything Dossier exports, as one list: the command line's `--format` values, the
//! File menu's entries and the tests all come from [`ExportFormat::ALL`].

use std::ops::RangeInclusive;

use super::briefing::TextFormat;
use super::briefing_pdf::Paper;

/// One export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// Plain text of one briefing.
    Text,
    /// Markdown of one briefing, or of the whole dossier.
    Markdown,
    /// `TimelineJS` JSON of the whole dossier, to publish on the web.
    TimelineJs,
    /// The events as CSV, one row each, for spreadsheets.
    Csv,
    /// The events as an iCalendar file, for calendar applications.
    Ics,
    /// The timeline as a PNG image, drawn without a display.
    Png,
    /// The dossier as a Markwhen text timeline.
    Markwhen,
    /// One briefing as a self-contained HTML page, with grades and its timeline picture.
    Html,
    /// One briefing as a PDF on A4 paper.
    Pdf,
    /// One briefing as a PDF on US Letter paper.
    PdfLetter,
}

/// What a format exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exports {
    /// One briefing only.
    Briefing,
    /// The whole dossier only.
    Dossier,
    /// A briefing when one is named, else the whole dossier.
    BriefingOrDossier,
}

/// Size of an exported timeline image when none is asked for, in pixels.
pub const PNG_DEFAULT_SIZE: (u32, u32) = (1600, 600);

/// The sides an exported timeline image may have, in pixels: smaller is unreadable,
/// larger would take more memory than a picture is worth.
pub const PNG_SIDE_PX: RangeInclusive<u32> = 200..=8192;

/// The sizes the File menu offers for a timeline image, with what each is for.
pub const PNG_MENU_SIZES: [(u32, u32, &str); 3] = [
    (1280, 480, "slides"),
    (1600, 600, "documents"),
    (3200, 1200, "print"),
];

impl ExportFormat {
    pub const ALL: [Self; 10] = [
        Self::Text,
        Self::Markdown,
        Self::TimelineJs,
        Self::Markwhen,
        Self::Csv,
        Self::Ics,
        Self::Png,
        Self::Html,
        Self::Pdf,
        Self::PdfLetter,
    ];

    /// The name on the command line (`--format ics`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Markdown => "markdown",
            Self::TimelineJs => "timelinejs",
            Self::Csv => "csv",
            Self::Ics => "ics",
            Self::Png => "png",
            Self::Markwhen => "markwhen",
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::PdfLetter => "pdf-letter",
        }
    }

    /// The format with this command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The name of a whole-dossier export in the File menu.
    pub fn label(self) -> &'static str {
        match self {
            Self::Text => "Plain text",
            Self::Markdown => "Whole Dossier as Markdown",
            Self::TimelineJs => "TimelineJS JSON",
            Self::Csv => "Events as CSV",
            Self::Ics => "Calendar (.ics)",
            Self::Png => "Timeline as PNG",
            Self::Markwhen => "Markwhen (.mw)",
            Self::Html => "HTML page (self-contained)",
            Self::Pdf => "PDF (A4)",
            Self::PdfLetter => "PDF (Letter)",
        }
    }

    /// The name of a briefing export in the export dialog.
    pub fn briefing_label(self) -> &'static str {
        match self {
            Self::Text => "Plain text",
            Self::Markdown => "Markdown",
            Self::Html => "HTML page",
            Self::Pdf => "PDF, A4",
            Self::PdfLetter => "PDF, Letter",
            _ => self.label(),
        }
    }

    /// One line of help for the command line.
    pub fn help(self) -> &'static str {
        match self {
            Self::Text => "Plain text of a briefing (needs --briefing)",
            Self::Markdown => "Markdown of a briefing with --briefing, else of the whole dossier",
            Self::TimelineJs => "TimelineJS JSON of the whole dossier",
            Self::Csv => "CSV of the events, one row each",
            Self::Ics => "iCalendar (.ics) of the events",
            Self::Png => "PNG image of the timeline (see --size, --view, --dark)",
            Self::Markwhen => "Markwhen text timeline (.mw) of the whole dossier",
            Self::Html => {
                "One HTML file of a briefing, with grades and its timeline (needs --briefing)"
            }
            Self::Pdf => "PDF of a briefing on A4 paper (needs --briefing)",
            Self::PdfLetter => "PDF of a briefing on US Letter paper (needs --briefing)",
        }
    }

    /// The ending of a file in this format, without the dot (`timeline.json`).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Text => "txt",
            Self::Markdown => "md",
            Self::TimelineJs => "timeline.json",
            Self::Csv => "csv",
            Self::Ics => "ics",
            Self::Png => "png",
            Self::Markwhen => "mw",
            Self::Html => "html",
            Self::Pdf | Self::PdfLetter => "pdf",
        }
    }

    /// The paper of a PDF export.
    pub fn paper(self) -> Option<Paper> {
        match self {
            Self::Pdf => Some(Paper::A4),
            Self::PdfLetter => Some(Paper::Letter),
            _ => None,
        }
    }

    pub fn exports(self) -> Exports {
        match self {
            Self::Text | Self::Html | Self::Pdf | Self::PdfLetter => Exports::Briefing,
            Self::Markdown => Exports::BriefingOrDossier,
            Self::TimelineJs | Self::Markwhen | Self::Csv | Self::Ics | Self::Png => {
                Exports::Dossier
            }
        }
    }

    /// The text format of a briefing export, `None` for whole-dossier-only formats.
    pub fn briefing_format(self) -> Option<TextFormat> {
        match self {
            Self::Text => Some(TextFormat::Plain),
            Self::Markdown => Some(TextFormat::Markdown),
            Self::TimelineJs
            | Self::Markwhen
            | Self::Csv
            | Self::Ics
            | Self::Png
            | Self::Html
            | Self::Pdf
            | Self::PdfLetter => None,
        }
    }

    /// Whether the whole dossier can be exported in this format.
    pub fn exports_dossier(self) -> bool {
        self.exports() != Exports::Briefing
    }

    /// The formats a briefing can be exported to, in the export dialog's order.
    pub fn briefing_formats() -> impl Iterator<Item = Self> {
        Self::ALL
            .into_iter()
            .filter(|f| f.exports() != Exports::Dossier)
    }

    /// The formats the File menu offers for the whole dossier (the PNG sizes come from
    /// [`PNG_MENU_SIZES`]).
    pub fn dossier_formats() -> impl Iterator<Item = Self> {
        Self::ALL.into_iter().filter(|f| f.exports_dossier())
    }
}

/// A whole-dossier export chosen in the File menu: the format, and for a picture its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DossierExport {
    pub format: ExportFormat,
    /// Width and height of a PNG, in pixels (ignored by the other formats).
    pub png_size: (u32, u32),
}

impl DossierExport {
    pub fn new(format: ExportFormat) -> Self {
        Self {
            format,
            png_size: PNG_DEFAULT_SIZE,
        }
    }

    pub fn label(self) -> &'static str {
        self.format.label()
    }

    pub fn extension(self) -> &'static str {
        self.format.extension()
    }
}

/// Checks the size of a timeline image against [`PNG_SIDE_PX`].
pub fn check_png_size(width: u32, height: u32) -> Result<(), String> {
    if PNG_SIDE_PX.contains(&width) && PNG_SIDE_PX.contains(&height) {
        Ok(())
    } else {
        Err(format!(
            "image size {width}x{height}: each side must be from {} to {} pixels",
            PNG_SIDE_PX.start(),
            PNG_SIDE_PX.end()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found_again() {
        for format in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_name(format.name()), Some(format));
        }
        let mut names: Vec<_> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ExportFormat::ALL.len());
    }

    #[test]
    fn only_text_is_for_briefings_alone() {
        let briefing_only: Vec<_> = ExportFormat::ALL
            .into_iter()
            .filter(|f| !f.exports_dossier())
            .collect();
        assert_eq!(
            briefing_only,
            [
                ExportFormat::Text,
                ExportFormat::Html,
                ExportFormat::Pdf,
                ExportFormat::PdfLetter
            ]
        );
    }

    #[test]
    fn png_sizes_outside_the_limits_are_refused() {
        assert!(check_png_size(1600, 600).is_ok());
        assert!(check_png_size(199, 600).is_err());
        assert!(check_png_size(1600, 8193).is_err());
        for (width, height, _) in PNG_MENU_SIZES {
            assert!(check_png_size(width, height).is_ok());
        }
    }
}
