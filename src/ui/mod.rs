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
pub mod render;
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
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Dossier")
        .with_app_id(APP_ID)
        .with_inner_size([width as f32, height as f32])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    match eframe::icon_data::from_png_bytes(crate::desktop::WINDOW_ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(std::sync::Arc::new(icon)),
        Err(error) => {
            crate::log::write("start", &format!("window icon not usable: {error}"));
        }
    }
    let native_options = |renderer| eframe::NativeOptions {
        viewport: viewport.clone(),
        // A screenshot shows the requested size and the default look, not the user's
        // last window geometry and panel widths.
        persist_window: !screenshot_mode,
        renderer,
        ..Default::default()
    };
    let app = |options: LaunchOptions| -> eframe::AppCreator<'static> {
        Box::new(move |cc| Ok(Box::new(DossierApp::new(cc, options))))
    };
    match eframe::run_native(
        APP_ID,
        native_options(eframe::Renderer::Wgpu),
        app(options.clone()),
    ) {
        // No usable GPU adapter (or wgpu failed on it): OpenGL often still works, in
        // software if need be. The event loop is reused, so a second run is allowed.
        Err(eframe::Error::Wgpu(error)) => {
            crate::log::write(
                "start",
                &format!("wgpu renderer failed ({error}); trying OpenGL"),
            );
            eframe::run_native(APP_ID, native_options(eframe::Renderer::Glow), app(options))
                .map_err(|e| {
                    explain_start_error(&format!("no graphics adapter: wgpu: {error}; OpenGL: {e}"))
                })
        }
        result => result.map_err(|e| explain_start_error(&e.to_string())),
    }
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
