//! The `dossier` binary: command-line subcommands, or the app.

use std::process::ExitCode;

use clap::Parser as _;
use dossier::cli::{Cli, run};

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
    eprintln!("dossier: the window is not available in this build; try `dossier --help`");
    ExitCode::from(2)
}
