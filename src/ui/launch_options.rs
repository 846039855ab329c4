//! What the binary asks of the window, shared by the code that opens it and the app.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Where a `--screenshot` run reports how it went.
pub type ScreenshotResult = Arc<Mutex<Option<Result<(), String>>>>;

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
    pub screenshot_result: ScreenshotResult,
}
