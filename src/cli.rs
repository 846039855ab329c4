//! The command line: `dossier [FILE]`, `validate`, `list`, `export`.
//!
//! Subcommands run without any window and write to the given streams, so the tests run
//! them in process and the binary only maps their result to an exit code.

use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::formats::briefing::DEFAULT_WIDTH;
use crate::formats::export_format::{ExportFormat, Exports, PNG_DEFAULT_SIZE, PNG_SIDE_PX};
use crate::formats::{LoadError, load_file};
use crate::model::{Document, FuzzyDate, Severity, SourceFormat};
use crate::ui::export::{PngOptions, briefing_bytes, dossier_bytes};

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
    /// Write a realistic synthetic dossier of N events, to try the app at scale.
    ///
    /// Lanes, entities with aliases (Chinese ones included), single days and multi-day
    /// ranges at several precisions, sources, periods and briefings; the same N and seed
    /// give the same file.
    Generate {
        /// Number of events.
        events: usize,
        /// Where to write the dossier.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// Seed of the generator.
        #[arg(long, default_value_t = 2025)]
        seed: u64,
    },
    /// Check dossier files and print their errors and warnings.
    ///
    /// TimelineJS files (JSON, or the spreadsheet template saved as CSV) are recognised by
    /// their content and checked as they would be imported.
    ///
    /// Exit status: 0 when every file is usable (warnings allowed), 1 when any has errors.
    Validate {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Install Dossier in the desktop's launcher for the current user (Linux and other
    /// freedesktop systems), or remove it with --uninstall.
    ///
    /// Writes the launcher entry and the icons under `$XDG_DATA_HOME` (default
    /// `~/.local/share`): `applications/io.github.dossier.Dossier.desktop` and the hicolor
    /// icon theme. The entry runs `dossier %f` when `dossier` on `PATH` is this binary (after
    /// `cargo install --path .`), else this binary's absolute path. --uninstall removes
    /// exactly the files the install wrote, and the directories it created if empty.
    InstallDesktop {
        /// Remove what an earlier install-desktop wrote.
        #[arg(long)]
        uninstall: bool,
    },
    /// List records, one tab-separated line each: id, date or kind, title or name.
    List {
        what: ListKind,
        /// Dossier file; without it, the built-in dossier.
        file: Option<PathBuf>,
    },
    /// Export a briefing (text, markdown, html, pdf, pdf-letter) or the whole dossier
    /// (markdown, timelinejs, csv, ics, png).
    ///
    /// With --briefing ID, the briefing as plain text, Markdown, one self-contained HTML
    /// file or a PDF on A4 or Letter paper (graded references, the timeline of its events
    /// embedded). Without it, the whole
    /// dossier: Markdown (chronology, entities, sources, briefings), TimelineJS JSON (to
    /// publish on the web), a CSV of events (for spreadsheets), iCalendar (.ics) or a PNG
    /// image of the timeline (drawn without a display, --size and --view choose it).
    Export {
        /// Dossier file (or TimelineJS file); without it, the built-in dossier.
        file: Option<PathBuf>,
        /// Id of the briefing to export (with --format text, markdown, html, pdf or pdf-letter).
        #[arg(long, value_name = "ID")]
        briefing: Option<String>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
        format: ExportFormat,
        /// Wrap plain text at N columns; 0 = no wrap.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_WIDTH)]
        width: usize,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Image size for --format png, as `WIDTHxHEIGHT` in pixels [default: 1600x600].
        #[arg(long, value_name = "WxH", value_parser = parse_size)]
        size: Option<(u32, u32)>,
        /// Time range shown by --format png, as `START/END` dates (e.g.
        /// 2025-07-20/2025-08-02); by default the view the app opens on.
        #[arg(long, value_name = "START/END", value_parser = parse_view)]
        view: Option<(f64, f64)>,
        /// Draw --format png in the dark theme.
        #[arg(long)]
        dark: bool,
    },
}

/// Options of `export --format png`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ImageOptions {
    pub size: Option<(u32, u32)>,
    pub view: Option<(f64, f64)>,
    pub dark: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListKind {
    Events,
    Entities,
    Briefings,
}

/// `--format` values come from the one list of export formats.
impl ValueEnum for ExportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &ExportFormat::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.help()))
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
            .filter(|v| PNG_SIDE_PX.contains(v))
            .ok_or_else(|| {
                format!(
                    "size \"{text}\": each side must be a number from {} to {}",
                    PNG_SIDE_PX.start(),
                    PNG_SIDE_PX.end()
                )
            })
    };
    Ok((parse(w)?, parse(h)?))
}

/// `START/END` dates to the seconds from the start of the first to the end of the second.
fn parse_view(text: &str) -> Result<(f64, f64), String> {
    let (start, end) = text.split_once('/').ok_or_else(|| {
        format!("expected START/END dates, e.g. 2025-07-20/2025-08-02, not \"{text}\"")
    })?;
    let start = FuzzyDate::parse(start.trim()).map_err(|e| e.to_string())?;
    let end = FuzzyDate::parse(end.trim()).map_err(|e| e.to_string())?;
    let (start, end) = (start.start_secs(), end.end_secs_exclusive());
    if end <= start {
        return Err(format!("view \"{text}\": the end comes before the start"));
    }
    Ok((start as f64, end as f64))
}

/// Exit status of a subcommand.
pub const EXIT_OK: i32 = 0;
pub const EXIT_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Loads the named file, or the built-in dossier.
pub fn open(file: Option<&Path>) -> Result<Document, LoadError> {
    match file {
        Some(path) => load_file(path),
        None => Ok(crate::formats::default_dossier()),
    }
}

/// Runs a subcommand and returns its exit status.
pub fn run(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match command {
        Command::Generate {
            events,
            output,
            seed,
        } => generate(*events, output, *seed, out, err),
        Command::Validate { files } => Ok(validate(files, out, err)),
        Command::List { what, file } => list(*what, file.as_deref(), out, err),
        Command::InstallDesktop { uninstall } => install_desktop(*uninstall, out, err),
        Command::Export {
            file,
            briefing,
            format,
            width,
            output,
            size,
            view,
            dark,
        } => {
            let image = ImageOptions {
                size: *size,
                view: *view,
                dark: *dark,
            };
            if *format == ExportFormat::Png || image != ImageOptions::default() {
                export_png(
                    file.as_deref(),
                    briefing.as_deref(),
                    *format,
                    output.as_deref(),
                    image,
                    out,
                    err,
                )
            } else {
                export(
                    file.as_deref(),
                    briefing.as_deref(),
                    *format,
                    *width,
                    output.as_deref(),
                    out,
                    err,
                )
            }
        }
    };
    result.unwrap_or_else(|e| {
        // Writing to a closed pipe (`dossier list events | head`) is not worth a message.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "dossier: {e}");
        }
        EXIT_ERRORS
    })
}

fn generate(
    events: usize,
    output: &Path,
    seed: u64,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let dossier =
        crate::model::generate::generate(crate::model::generate::GenerateOptions { events, seed });
    let text = dossier.to_json();
    if let Err(e) = crate::formats::save::write_atomically(output, text.as_bytes()) {
        writeln!(err, "dossier: {e}")?;
        return Ok(EXIT_ERRORS);
    }
    writeln!(
        out,
        "{}: {events} events, {} bytes",
        output.display(),
        text.len()
    )?;
    Ok(EXIT_OK)
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
                let detected = if document.source_format == SourceFormat::Dossier {
                    String::new()
                } else {
                    format!(" ({})", document.source_format.label())
                };
                written.and_then(|()| {
                    writeln!(
                        out,
                        "{file}: ok{detected}: {} events, {} entities, {} sources, {} briefings, {warnings} warning{}",
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
            for i in document.index.chronological() {
                let event = &dossier.events[i];
                let date = if event.end().is_empty() {
                    event.start.to_string()
                } else {
                    format!("{}/{}", event.start, event.end())
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
    briefing: Option<&str>,
    format: ExportFormat,
    width: usize,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    if briefing.is_some() && format.exports() == Exports::Dossier {
        writeln!(
            err,
            "dossier: --format {} exports the whole dossier; --briefing works with --format text, markdown, html, pdf or pdf-letter",
            format.name()
        )?;
        return Ok(EXIT_USAGE);
    }
    if format.paper().is_some() && output.is_none() && std::io::stdout().is_terminal() {
        writeln!(
            err,
            "dossier: --format {} writes a binary PDF: add -o OUT.pdf, or redirect standard output to a file",
            format.name()
        )?;
        return Ok(EXIT_USAGE);
    }
    let document = match open(file) {
        Ok(document) => document,
        Err(error) => {
            report_load_error(&error, err)?;
            return Ok(EXIT_ERRORS);
        }
    };
    let bytes = match briefing {
        Some(briefing) => match briefing_bytes(&document, briefing, format, width) {
            Ok(bytes) => bytes,
            Err(error) => {
                writeln!(err, "dossier: {error}")?;
                return Ok(EXIT_ERRORS);
            }
        },
        _ => {
            if format.exports_dossier() {
                match dossier_bytes(&document, format, PngOptions::default()) {
                    Ok(bytes) => bytes,
                    Err(error) => {
                        writeln!(err, "dossier: {error}")?;
                        return Ok(EXIT_ERRORS);
                    }
                }
            } else {
                let ids: Vec<&str> = document
                    .dossier
                    .briefings
                    .iter()
                    .map(|b| b.id.as_str())
                    .collect();
                let available = if ids.is_empty() {
                    "this dossier has no briefings".to_owned()
                } else {
                    format!("this dossier has: {}", ids.join(", "))
                };
                writeln!(
                    err,
                    "dossier: --format {} exports a briefing: add --briefing ID ({available}), \
                     or use --format markdown, timelinejs, csv or ics for the whole dossier",
                    format.name()
                )?;
                return Ok(EXIT_USAGE);
            }
        }
    };
    write_output(&bytes, output, out, err)
}

/// Writes an export to the file asked for, else to standard output.
fn write_output(
    bytes: &[u8],
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    match output {
        None => out.write_all(bytes)?,
        Some(path) => {
            if let Err(e) = crate::formats::save::write_atomically(path, bytes) {
                writeln!(err, "dossier: {e}")?;
                return Ok(EXIT_ERRORS);
            }
        }
    }
    Ok(EXIT_OK)
}

/// `export --format png`: the timeline drawn in software, so no display is needed.
fn export_png(
    file: Option<&Path>,
    briefing: Option<&str>,
    format: ExportFormat,
    output: Option<&Path>,
    image: ImageOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    if format != ExportFormat::Png {
        writeln!(
            err,
            "dossier: --size, --view and --dark work with --format png, not --format {}",
            format.name()
        )?;
        return Ok(EXIT_USAGE);
    }
    if briefing.is_some() {
        writeln!(
            err,
            "dossier: --format png exports the whole dossier; --briefing works with --format text or markdown"
        )?;
        return Ok(EXIT_USAGE);
    }
    if output.is_none() && std::io::stdout().is_terminal() {
        writeln!(
            err,
            "dossier: --format png writes a binary image: add -o OUT.png, or redirect standard output to a file"
        )?;
        return Ok(EXIT_USAGE);
    }
    let document = match open(file) {
        Ok(document) => document,
        Err(error) => {
            report_load_error(&error, err)?;
            return Ok(EXIT_ERRORS);
        }
    };
    let png = PngOptions {
        size: image.size.unwrap_or(PNG_DEFAULT_SIZE),
        view: image.view,
        dark: image.dark,
    };
    match dossier_bytes(&document, ExportFormat::Png, png) {
        Ok(bytes) => write_output(&bytes, output, out, err),
        Err(error) => {
            writeln!(err, "dossier: {error}")?;
            Ok(EXIT_ERRORS)
        }
    }
}

fn install_desktop(
    uninstall: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let result = crate::platform::desktop::data_home().and_then(|home| {
        if uninstall {
            crate::platform::desktop::uninstall(&home)
        } else {
            crate::platform::desktop::install(&home)
        }
    });
    match result {
        Ok(paths) => {
            let verb = if uninstall { "removed" } else { "wrote" };
            for path in &paths {
                writeln!(out, "{verb} {}", path.display())?;
            }
            if uninstall {
                writeln!(out, "Dossier is no longer in the launcher.")?;
            } else {
                writeln!(
                    out,
                    "Dossier is in the launcher; `dossier install-desktop --uninstall` removes it."
                )?;
            }
            Ok(EXIT_OK)
        }
        Err(error) => {
            writeln!(err, "dossier: {error}")?;
            Ok(EXIT_ERRORS)
        }
    }
}
