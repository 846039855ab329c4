//! The `dossier` binary: command-line subcommands, or the app.

use std::process::ExitCode;

use clap::Parser as _;
use dossier::cli::{Cli, run};
use dossier::ui::LaunchOptions;

fn main() -> ExitCode {
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
    if let Err(error) = dossier::ui::run(options) {
        eprintln!("dossier: {error}");
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
