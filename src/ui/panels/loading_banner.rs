//! The banner shown while a large file opens on its worker thread: what it is doing, how
//! far it got, and Cancel. The open dossier stays usable below it.

use egui::{ProgressBar, Spinner, Ui};

use crate::state::{LoadPhase, LoadProgress};
use crate::ui::commands::Command;

/// Megabytes, for the banner.
fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1_000_000.0)
}

/// A count with thousands separated: 1,000,000.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the banner says about `progress` of opening `file`.
pub fn describe(file: &str, progress: &LoadProgress) -> String {
    match progress.phase {
        LoadPhase::Reading if progress.events > 0 => format!(
            "Opening {file}: read {} of {}, {} events",
            mb(progress.bytes_read),
            mb(progress.total_bytes),
            thousands(progress.events)
        ),
        LoadPhase::Reading => format!(
            "Opening {file}: read {} of {}",
            mb(progress.bytes_read),
            mb(progress.total_bytes)
        ),
        LoadPhase::Parsing => format!(
            "Opening {file}: reading the records of {}",
            mb(progress.total_bytes)
        ),
        LoadPhase::Checking => format!(
            "Opening {file}: checking {} events",
            thousands(progress.events)
        ),
    }
}

/// The banner for opening `file`; Cancel hands back [`Command::CancelOpen`].
pub fn ui(ui: &mut Ui, file: &str, progress: &LoadProgress) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        // The bar and Cancel first: they keep their place while the text changes.
        ui.add(Spinner::new());
        // Parsing says nothing until it is done: the bar moves and the seconds count.
        let bar = ProgressBar::new(progress.fraction())
            .desired_width(220.0)
            .animate(progress.phase != LoadPhase::Reading);
        ui.add(bar);
        if ui
            .button("Cancel")
            .on_hover_text("Stop opening the file; the open dossier stays")
            .clicked()
        {
            commands.push(Command::CancelOpen);
        }
        ui.label(format!(
            "{} · {} s",
            describe(file, progress),
            progress.seconds
        ));
    });
    commands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_says_how_far_the_load_got() {
        let mut progress = LoadProgress {
            phase: LoadPhase::Reading,
            bytes_read: 312_000_000,
            total_bytes: 632_000_000,
            events: 0,
            seconds: 3,
        };
        assert_eq!(
            describe("big.json", &progress),
            "Opening big.json: read 312 MB of 632 MB"
        );
        progress.events = 250_000;
        assert_eq!(
            describe("big.json", &progress),
            "Opening big.json: read 312 MB of 632 MB, 250,000 events"
        );
        progress.phase = LoadPhase::Checking;
        progress.events = 1_000_000;
        assert_eq!(
            describe("big.json", &progress),
            "Opening big.json: checking 1,000,000 events"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}
