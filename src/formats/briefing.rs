//! Briefings as text: plain text for an e-mail, Markdown for documents. Both render the
//! one [`BriefingView`] that the briefing pane shows.

use crate::model::Document;
use crate::model::briefing_view::BriefingView;
use crate::model::text::{display_width, wrap_paragraph};

/// Output format of a text export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TextFormat {
    #[default]
    Plain,
    Markdown,
}

impl TextFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Plain => "txt",
            Self::Markdown => "md",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Plain => "Plain text",
            Self::Markdown => "Markdown",
        }
    }
}

/// The default wrap width of plain text, in columns.
pub const DEFAULT_WIDTH: usize = 78;

impl BriefingView {
    /// Plain text wrapped at `width` columns (0 = no wrap).
    pub fn to_plain_text(&self, width: usize) -> String {
        let mut out = String::new();
        let heading = |out: &mut String, text: &str, underline: char| {
            out.push_str(text);
            out.push('\n');
            out.push_str(&underline.to_string().repeat(display_width(text).max(1)));
            out.push_str("\n\n");
        };
        let paragraphs = |out: &mut String, text: &str| {
            for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
                out.push_str(&wrap_paragraph(paragraph.trim(), width, 0, ""));
                out.push_str("\n\n");
            }
        };

        heading(&mut out, &self.title, '=');
        out.push_str(&self.date);
        out.push('\n');
        if !self.purpose.is_empty() {
            out.push_str(&wrap_paragraph(&self.purpose, width, 0, ""));
            out.push('\n');
        }
        out.push('\n');
        paragraphs(&mut out, &self.summary);
        for (title, body) in &self.sections {
            heading(&mut out, title, '-');
            paragraphs(&mut out, body);
        }
        if !self.chronology.is_empty() {
            heading(&mut out, "Chronology", '-');
            for entry in &self.chronology {
                let line = format!(
                    "- {}: {} {}{}",
                    entry.date,
                    entry.title,
                    Self::chronology_note(entry),
                    Self::citation_marks(&entry.source_numbers)
                );
                out.push_str(&wrap_paragraph(&line, width, 0, "  "));
                out.push('\n');
            }
            out.push('\n');
        }
        if !self.actors.is_empty() {
            heading(&mut out, "Key actors", '-');
            for actor in &self.actors {
                let mut line = format!("- {}, {}", Self::actor_name(actor), actor.kind.key());
                if !actor.description.is_empty() {
                    line.push_str(&format!(": {}", actor.description));
                }
                out.push_str(&wrap_paragraph(&line, width, 0, "  "));
                out.push('\n');
                if !actor.roles.is_empty() {
                    let roles = format!(
                        "{}: {}",
                        Self::roles_label(&actor.roles),
                        Self::role_line(&actor.roles)
                    );
                    out.push_str("  ");
                    out.push_str(&wrap_paragraph(&roles, width, 2, "    "));
                    out.push('\n');
                }
            }
            out.push('\n');
        }
        if !self.sources.is_empty() {
            heading(&mut out, "Sources", '-');
            for source in &self.sources {
                let mark = format!("[{}] ", source.number);
                let indent = " ".repeat(mark.len());
                let line = format!("{mark}{}.{}", source.title, Self::source_details(source));
                out.push_str(&wrap_paragraph(&line, width, 0, &indent));
                out.push('\n');
                if !source.url.is_empty() {
                    // The address goes on a line of its own so it is never split.
                    out.push_str(&indent);
                    out.push_str(&source.url);
                    out.push('\n');
                }
            }
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    /// Markdown, one paragraph a line (Markdown readers wrap it themselves).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.title);
        out.push_str(&format!("**Date:** {}", self.date));
        if !self.purpose.is_empty() {
            out.push_str(&format!("  \n**Purpose:** {}", self.purpose));
        }
        out.push_str("\n\n");
        let paragraphs = |out: &mut String, text: &str| {
            for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
                out.push_str(&paragraph.trim().replace('\n', "  \n"));
                out.push_str("\n\n");
            }
        };
        paragraphs(&mut out, &self.summary);
        for (title, body) in &self.sections {
            out.push_str(&format!("## {title}\n\n"));
            paragraphs(&mut out, body);
        }
        if !self.chronology.is_empty() {
            out.push_str("## Chronology\n\n");
            for entry in &self.chronology {
                out.push_str(&format!(
                    "- **{}**: {} *{}*{}\n",
                    entry.date,
                    entry.title,
                    Self::chronology_note(entry),
                    Self::citation_marks(&entry.source_numbers)
                ));
            }
            out.push('\n');
        }
        if !self.actors.is_empty() {
            out.push_str("## Key actors\n\n");
            for actor in &self.actors {
                out.push_str(&format!(
                    "- **{}**, {}",
                    Self::actor_name(actor),
                    actor.kind.key()
                ));
                if !actor.description.is_empty() {
                    out.push_str(&format!(": {}", actor.description));
                }
                if !actor.roles.is_empty() {
                    out.push_str(&format!(
                        "  \n  {}: {}",
                        Self::roles_label(&actor.roles),
                        Self::role_line(&actor.roles)
                    ));
                }
                out.push('\n');
            }
            out.push('\n');
        }
        if !self.sources.is_empty() {
            out.push_str("## Sources\n\n");
            for source in &self.sources {
                let title = if source.url.is_empty() {
                    source.title.clone()
                } else {
                    format!("[{}]({})", source.title, source.url)
                };
                out.push_str(&format!(
                    "{}. {title}.{}\n",
                    source.number,
                    Self::source_details(source)
                ));
            }
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

/// Why a briefing could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown briefing \"{id}\"; this dossier has: {}", if .available.is_empty() { "no briefings".to_owned() } else { .available.join(", ") })]
    UnknownBriefing { id: String, available: Vec<String> },
}

/// Exports the briefing with the given id as text.
pub fn export_briefing(
    document: &Document,
    briefing_id: &str,
    format: TextFormat,
    width: usize,
) -> Result<String, ExportError> {
    let Some(i) = document.index.briefing(briefing_id) else {
        return Err(ExportError::UnknownBriefing {
            id: briefing_id.to_owned(),
            available: document
                .dossier
                .briefings
                .iter()
                .map(|b| b.id.clone())
                .collect(),
        });
    };
    let view = BriefingView::new(document, &document.dossier.briefings[i]);
    let mut text = match format {
        TextFormat::Plain => view.to_plain_text(width),
        TextFormat::Markdown => view.to_markdown(),
    };
    text.push('\n');
    Ok(text)
}
