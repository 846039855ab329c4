//! The window: a thin layer over [`crate::state`] and [`crate::model`]. One file per
//! panel; user actions flow as [`actions::Command`]s that [`app::DossierApp`] applies in
//! one place.

pub mod actions;
pub mod app;
pub mod briefing;
pub mod dialogs;
pub mod editor;
pub mod fonts;
pub mod menu;
pub mod records;
pub mod search;
pub mod settings;
pub mod sidebar;
pub mod status;
pub mod style;
pub mod timeline;
pub mod view;
pub mod watch;

use std::path::PathBuf;

pub use app::DossierApp;

/// The application id: names the persistence folder, the Wayland app id and the X11
/// window class, and so must match the `.desktop` file name.
pub const APP_ID: &str = "io.github.dossier.Dossier";

/// What the binary asks of the window.
#[derive(Clone, Debug, Default)]
pub struct LaunchOptions {
    /// A file to open instead of the last one or the built-in dossier.
    pub file: Option<PathBuf>,
    /// Select this id at start.
    pub select: Option<String>,
    /// Save a PNG of the window after a few frames, then exit.
    pub screenshot: Option<PathBuf>,
    /// Inner size of the window, in points.
    pub size: Option<(u32, u32)>,
    /// Use only the path field to choose files (tests have no desktop to show dialogs).
    pub no_native_dialogs: bool,
    /// Where a screenshot run reports success or failure.
    pub screenshot_result: app::ScreenshotResult,
}

/// Opens the window and runs until it is closed.
pub fn run(options: LaunchOptions) -> Result<(), String> {
    let (width, height) = options.size.unwrap_or((1280, 800));
    let screenshot_mode = options.screenshot.is_some();
    let viewport = egui::ViewportBuilder::default()
        .with_title("Dossier")
        .with_app_id(APP_ID)
        .with_inner_size([width as f32, height as f32])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    let native_options = eframe::NativeOptions {
        viewport,
        // A screenshot shows the requested size and the default look, not the user's
        // last window geometry and panel widths.
        persist_window: !screenshot_mode,
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        native_options,
        Box::new(move |cc| Ok(Box::new(DossierApp::new(cc, options)))),
    )
    .map_err(|e| explain_start_error(&e.to_string()))
}

/// Start-up failures in words a user can act on.
fn explain_start_error(error: &str) -> String {
    if error.contains("WAYLAND_DISPLAY") || error.contains("DISPLAY") {
        format!(
            "no display to open a window on ({error}). Dossier needs a graphical session; \
             the command-line subcommands (validate, list, export) work without one."
        )
    } else {
        format!("could not open the window: {error}")
    }
}
