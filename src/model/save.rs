//! Writing files so that a crash or a full disk never leaves a torn file: write a
//! temporary file in the same directory, flush and sync it, then rename it over the
//! target (atomic on POSIX file systems and on NTFS).

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a file could not be written; the target is untouched in every case.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {step}: {source}", .path.display())]
pub struct SaveError {
    pub path: PathBuf,
    /// What was being done: "create temporary file", "write", "sync", "rename"…
    pub step: &'static str,
    #[source]
    pub source: std::io::Error,
}

fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "dossier".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Replaces the file at `path` with `bytes`, atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let fail = |step, source| SaveError {
        path: path.to_owned(),
        step,
        source,
    };
    let temporary = temporary_path(path);
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temporary)
            .map_err(|e| fail("create temporary file", e))?;
        file.write_all(bytes).map_err(|e| fail("write", e))?;
        file.flush().map_err(|e| fail("flush", e))?;
        file.sync_all().map_err(|e| fail("sync", e))?;
        drop(file);
        fs::rename(&temporary, path).map_err(|e| fail("rename", e))?;
        Ok(())
    })();
    if result.is_err() {
        // Best effort: the temporary file is ours and useless now.
        let _ = fs::remove_file(&temporary);
        return result;
    }
    // Make the rename itself durable. Not all platforms can open a directory; a failure
    // here does not undo the (already complete) save.
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = File::open(parent)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}
