//! The command line: `dossier [FILE]`, `validate`, `list`, `export`.
//!
//! Subcommands run without any window and write to the given streams, so the tests run
//! them in process and the binary only maps their result to an exit code.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::export::{DEFAULT_WIDTH, TextFormat, export_briefing};
use crate::model::{Document, LoadError, Severity, load_file};

/// Dossier: a timeline and briefing viewer for dated events, their actors and briefings.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Dossier file to open; without it, the built-in dossier on AI governance in July 2025.
    pub file: Option<PathBuf>,

    /// Render the window to this PNG file and exit (needs a display, e.g. under Xvfb).
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,

    /// Window size for --screenshot, as `WIDTHxHEIGHT` in points.
    #[arg(long, value_name = "WxH", default_value = "1280x800", value_parser = parse_size)]
    pub size: (u32, u32),

    /// Select this event, entity or briefing id at start.
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check dossier files and print their errors and warnings.
    ///
    /// Exit status: 0 when every file is usable (warnings allowed), 1 when any has errors.
    Validate {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List records, one tab-separated line each: id, date or kind, title or name.
    List {
        what: ListKind,
        /// Dossier file; without it, the built-in dossier.
        file: Option<PathBuf>,
    },
    /// Export a briefing as plain text or Markdown.
    Export {
        /// Dossier file; without it, the built-in dossier.
        file: Option<PathBuf>,
        /// Id of the briefing to export.
        #[arg(long, value_name = "ID")]
        briefing: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
        format: ExportFormat,
        /// Wrap plain text at N columns; 0 = no wrap.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_WIDTH)]
        width: usize,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListKind {
    Events,
    Entities,
    Briefings,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    Text,
    Markdown,
}

impl From<ExportFormat> for TextFormat {
    fn from(format: ExportFormat) -> Self {
        match format {
            ExportFormat::Text => Self::Plain,
            ExportFormat::Markdown => Self::Markdown,
        }
    }
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected WIDTHxHEIGHT, e.g. 1280x800, not \"{text}\""))?;
    let parse = |s: &str| {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|&v| (200..=8192).contains(&v))
            .ok_or_else(|| format!("size \"{text}\": each side must be a number from 200 to 8192"))
    };
    Ok((parse(w)?, parse(h)?))
}

/// Exit status of a subcommand.
pub const EXIT_OK: i32 = 0;
pub const EXIT_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Loads the named file, or the built-in dossier.
pub fn open(file: Option<&Path>) -> Result<Document, LoadError> {
    match file {
        Some(path) => load_file(path),
        None => Ok(Document::default_dossier()),
    }
}

/// Runs a subcommand and returns its exit status.
pub fn run(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match command {
        Command::Validate { files } => Ok(validate(files, out, err)),
        Command::List { what, file } => list(*what, file.as_deref(), out, err),
        Command::Export {
            file,
            briefing,
            format,
            width,
            output,
        } => export(
            file.as_deref(),
            briefing,
            (*format).into(),
            *width,
            output.as_deref(),
            out,
            err,
        ),
    };
    result.unwrap_or_else(|e| {
        // Writing to a closed pipe (`dossier list events | head`) is not worth a message.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "dossier: {e}");
        }
        EXIT_ERRORS
    })
}

fn report_load_error(error: &LoadError, err: &mut dyn Write) -> std::io::Result<()> {
    for line in error.lines() {
        writeln!(err, "{line}")?;
    }
    Ok(())
}

fn validate(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut status = EXIT_OK;
    for path in files {
        let file = path.display();
        let written = match load_file(path) {
            Ok(document) => {
                let warnings = document.problems.len();
                let mut written = Ok(());
                for problem in &document.problems {
                    written = written.and_then(|()| writeln!(out, "{file}: {problem}"));
                }
                written.and_then(|()| {
                    writeln!(
                        out,
                        "{file}: ok: {} events, {} entities, {} sources, {} briefings, {warnings} warning{}",
                        document.dossier.events.len(),
                        document.dossier.entities.len(),
                        document.dossier.sources.len(),
                        document.dossier.briefings.len(),
                        if warnings == 1 { "" } else { "s" },
                    )
                })
            }
            Err(error) => {
                status = EXIT_ERRORS;
                let errors = match &error {
                    LoadError::Invalid { problems, .. } => problems
                        .iter()
                        .filter(|p| p.severity == Severity::Error)
                        .count(),
                    _ => 1,
                };
                report_load_error(&error, err).and_then(|()| {
                    writeln!(
                        err,
                        "{file}: failed: {errors} error{}",
                        if errors == 1 { "" } else { "s" }
                    )
                })
            }
        };
        if written.is_err() {
            return EXIT_ERRORS;
        }
    }
    status
}

fn list(
    what: ListKind,
    file: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let document = match open(file) {
        Ok(document) => document,
        Err(error) => {
            report_load_error(&error, err)?;
            return Ok(EXIT_ERRORS);
        }
    };
    let dossier = &document.dossier;
    // One record a line; tabs and newlines inside values would break the columns.
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    match what {
        ListKind::Events => {
            for &i in document.index.chronological() {
                let event = &dossier.events[i];
                let date = if event.end.is_empty() {
                    event.start.clone()
                } else {
                    format!("{}/{}", event.start, event.end)
                };
                writeln!(out, "{}\t{date}\t{}", event.id, clean(&event.title))?;
            }
        }
        ListKind::Entities => {
            for entity in &dossier.entities {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    entity.id,
                    entity.kind.key(),
                    clean(&entity.name)
                )?;
            }
        }
        ListKind::Briefings => {
            for briefing in &dossier.briefings {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    briefing.id,
                    briefing.date,
                    clean(&briefing.title)
                )?;
            }
        }
    }
    Ok(EXIT_OK)
}

fn export(
    file: Option<&Path>,
    briefing: &str,
    format: TextFormat,
    width: usize,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let document = match open(file) {
        Ok(document) => document,
        Err(error) => {
            report_load_error(&error, err)?;
            return Ok(EXIT_ERRORS);
        }
    };
    let text = match export_briefing(&document, briefing, format, width) {
        Ok(text) => text,
        Err(error) => {
            writeln!(err, "dossier: {error}")?;
            return Ok(EXIT_ERRORS);
        }
    };
    match output {
        None => out.write_all(text.as_bytes())?,
        Some(path) => {
            if let Err(e) = crate::model::save::write_atomically(path, text.as_bytes()) {
                writeln!(err, "dossier: {e}")?;
                return Ok(EXIT_ERRORS);
            }
        }
    }
    Ok(EXIT_OK)
}
