//! The `dossier` binary: command-line subcommands, or the app.

// Release builds on Windows open no console window; start-up problems go to the log file
// and a message box instead.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser as _;
use dossier::cli::{Cli, run};
use dossier::ui::LaunchOptions;

/// mimalloc gives freed memory back to the system: with glibc's allocator, a million
/// events freed on another thread stayed with the process, which grew at each reopen.
/// Asked for plain blocks where it can (`platform::allocator`).
#[global_allocator]
static ALLOCATOR: dossier::platform::allocator::Allocator = dossier::platform::allocator::Allocator;

fn main() -> ExitCode {
    // First, before any thread starts.
    dossier::platform::allocator::give_freed_memory_back_at_once();
    let cli = Cli::parse();
    if let Some(command) = &cli.command {
        let status = run(
            command,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        );
        return ExitCode::from(status as u8);
    }
    let options = LaunchOptions {
        file: cli.file,
        select: cli.select,
        screenshot: cli.screenshot,
        size: Some(cli.size),
        ..LaunchOptions::default()
    };
    let screenshot_result = options.screenshot_result.clone();
    let taking_screenshot = options.screenshot.is_some();
    log_panics();
    // The window shows why a file did not open; the log keeps it for a launcher start.
    if let Some(file) = &options.file
        && let Err(error) = std::fs::File::open(file)
    {
        dossier::platform::log::write("open", &format!("cannot read {}: {error}", file.display()));
    }
    if let Err(error) = dossier::ui::run(options) {
        report_start_failure(&error, taking_screenshot);
        return ExitCode::FAILURE;
    }
    if taking_screenshot {
        return match screenshot_result.lock().ok().and_then(|r| r.clone()) {
            Some(Ok(())) => ExitCode::SUCCESS,
            Some(Err(_)) => ExitCode::FAILURE,
            None => {
                eprintln!("dossier: the window closed before the screenshot was taken");
                ExitCode::FAILURE
            }
        };
    }
    ExitCode::SUCCESS
}

/// A start-up failure goes to standard error, to the log file and, when no terminal shows
/// standard error (started from a launcher), to a message box if one can be shown.
fn report_start_failure(error: &str, taking_screenshot: bool) {
    eprintln!("dossier: {error}");
    let logged = dossier::platform::log::write("start", error);
    if let Some(path) = &logged {
        eprintln!("dossier: this is also written in {}", path.display());
    }
    let display = cfg!(any(windows, target_os = "macos"))
        || std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty())
        || std::env::var_os("WAYLAND_DISPLAY").is_some_and(|d| !d.is_empty());
    // Never in screenshot mode: scripts and CI run it, and would wait on the box forever.
    if display && !taking_screenshot && !std::io::stderr().is_terminal() {
        let mut text = error.to_owned();
        if let Some(path) = logged {
            text.push_str(&format!("\n\nThis message is also in {}.", path.display()));
        }
        let _ = rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("Dossier could not start")
            .set_description(text)
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
}

/// A panic in the app is logged before the usual report, so a launcher start leaves a trace.
fn log_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        dossier::platform::log::write("panic", &info.to_string());
        previous(info);
    }));
}
