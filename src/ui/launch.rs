//! Opening the window: what the binary asks of it, the renderer and its fallback, and
//! start-up errors in words a user can act on.

use crate::platform::APP_ID;

use super::app::DossierApp;
use super::launch_options::LaunchOptions;

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
    match eframe::icon_data::from_png_bytes(crate::platform::desktop::WINDOW_ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(std::sync::Arc::new(icon)),
        Err(error) => {
            crate::platform::log::write("start", &format!("window icon not usable: {error}"));
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
            crate::platform::log::write(
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
