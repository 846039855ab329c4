//! The log file: start-up problems (no display, no GPU adapter, a file that cannot be
//! read) are written here with the time, so that an app started from a launcher, with no
//! terminal to print to, never fails silently.
//!
//! Where: `$XDG_STATE_HOME/dossier/dossier.log` (by default
//! `~/.local/state/dossier/dossier.log`) on Linux and other Unix systems,
//! `~/Library/Logs/Dossier/dossier.log` on macOS and `%LOCALAPPDATA%\Dossier\dossier.log`
//! on Windows. The file is trimmed to its last half when it grows past [`MAX_LOG_BYTES`].

use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::PathBuf;

/// The log is cut back to half this size when it grows larger.
pub const MAX_LOG_BYTES: u64 = 1024 * 1024;

/// Where the log file goes on this system, if a home or state directory is known.
pub fn log_path() -> Option<PathBuf> {
    log_dir().map(|dir| dir.join("dossier.log"))
}

#[cfg(windows)]
fn log_dir() -> Option<PathBuf> {
    std::env::var_os("LOCALAPPDATA")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .map(|p| p.join("Dossier"))
}

#[cfg(target_os = "macos")]
fn log_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|home| PathBuf::from(home).join("Library/Logs/Dossier"))
}

#[cfg(not(any(windows, target_os = "macos")))]
fn log_dir() -> Option<PathBuf> {
    super::dirs::xdg_dir("XDG_STATE_HOME", ".local/state").map(|dir| dir.join("dossier"))
}

/// Appends a timestamped line (`2025-07-26T09:30:15+02:00 [context] message`) to the
/// log file and returns its path. Never fails loudly: logging is the last resort.
pub fn write(context: &str, message: &str) -> Option<PathBuf> {
    let path = log_path()?;
    append(&path, context, message).ok()?;
    Some(path)
}

fn append(path: &std::path::Path, context: &str, message: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    trim(path)?;
    let time = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%:z");
    let mut text = String::new();
    // One entry a line, so that continuation lines are easy to tell apart.
    for (i, line) in message.lines().enumerate() {
        if i == 0 {
            text.push_str(&format!("{time} [{context}] {line}\n"));
        } else {
            text.push_str(&format!("    {line}\n"));
        }
    }
    if message.is_empty() {
        text.push_str(&format!("{time} [{context}]\n"));
    }
    let mut file = OpenOptions::new().create(true).append(true).open(path)?;
    file.write_all(text.as_bytes())
}

/// Keeps the last half of a log that has grown past [`MAX_LOG_BYTES`].
fn trim(path: &std::path::Path) -> std::io::Result<()> {
    let Ok(metadata) = fs::metadata(path) else {
        return Ok(());
    };
    if metadata.len() <= MAX_LOG_BYTES {
        return Ok(());
    }
    let bytes = fs::read(path)?;
    let keep = bytes.len() - (MAX_LOG_BYTES / 2) as usize;
    // Start at a line.
    let start = bytes[keep..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| keep + i + 1);
    crate::formats::save::write_atomically(path, &bytes[start..]).map_err(|e| e.source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_timestamped_and_the_file_stays_small() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("dossier.log");
        append(&path, "start", "no display\nsecond line").unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap();
        assert!(first.ends_with(" [start] no display"), "{first}");
        assert_eq!(&first[4..5], "-");
        assert_eq!(text.lines().nth(1), Some("    second line"));

        let long = "x".repeat(1000);
        for _ in 0..1200 {
            append(&path, "test", &long).unwrap();
        }
        let size = fs::metadata(&path).unwrap().len();
        assert!(size <= MAX_LOG_BYTES + 2000, "{size}");
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.lines().all(|l| l.contains(" [test] ")));
    }
}
