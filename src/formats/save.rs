//! Writing files so that a crash, a full disk or a vanished directory never leaves a torn
//! file: write a temporary file in the same directory, flush and sync it, keep the
//! previous version as `NAME.bak` if asked, then rename the temporary file over the
//! target (atomic on POSIX file systems and on NTFS).

use std::fs::{self, File, OpenOptions};
use std::hash::{DefaultHasher, Hasher as _};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The steps of a save, in order; tests inject a failure before each one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    CreateTemporary,
    WriteFirstHalf,
    WriteSecondHalf,
    Sync,
    Backup,
    Rename,
}

impl Step {
    pub const ALL: [Self; 6] = [
        Self::CreateTemporary,
        Self::WriteFirstHalf,
        Self::WriteSecondHalf,
        Self::Sync,
        Self::Backup,
        Self::Rename,
    ];

    fn describe(self) -> &'static str {
        match self {
            Self::CreateTemporary => "create temporary file",
            Self::WriteFirstHalf | Self::WriteSecondHalf => "write",
            Self::Sync => "sync to disk",
            Self::Backup => "keep previous version as .bak",
            Self::Rename => "replace the file",
        }
    }
}

/// Why a file could not be written; the target is untouched in every case.
#[derive(Debug, thiserror::Error)]
#[error("cannot save {}: {}: {source}", .path.display(), .step.describe())]
pub struct SaveError {
    pub path: PathBuf,
    pub step: Step,
    #[source]
    pub source: std::io::Error,
}

/// What a save would write over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExistingFile {
    /// Nothing is there yet.
    Missing,
    /// A Dossier file: replacing it is what saving means.
    Dossier,
    /// Something else (another program's file, a TimelineJS file, a directory): ask first.
    Other,
}

/// Looks at what is at `path` before a save writes there. Dossier files say
/// `"format": "dossier"` among their first keys, so the first bytes decide.
pub fn existing_file(path: &Path) -> ExistingFile {
    let Ok(metadata) = fs::metadata(path) else {
        return ExistingFile::Missing;
    };
    if !metadata.is_file() {
        return ExistingFile::Other;
    }
    let mut head = [0u8; 4096];
    let read = File::open(path).and_then(|mut file| {
        use std::io::Read as _;
        file.read(&mut head)
    });
    match read {
        Ok(n) if says_dossier(&head[..n]) => ExistingFile::Dossier,
        _ => ExistingFile::Other,
    }
}

/// A JSON object whose first bytes hold `"format": "dossier"` (any whitespace).
fn says_dossier(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !bytes.trim_ascii_start().starts_with(b"{") {
        return false;
    }
    let key = b"\"format\"";
    bytes.windows(key.len()).enumerate().any(|(at, window)| {
        window == key && {
            let rest = bytes[at + key.len()..].trim_ascii_start();
            rest.strip_prefix(b":")
                .is_some_and(|value| value.trim_ascii_start().starts_with(b"\"dossier\""))
        }
    })
}

fn temporary_path(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "dossier".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}{suffix}.tmp", std::process::id()))
}

/// The backup kept beside a saved file: `story.json` → `story.json.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Replaces the file at `path` with `bytes`, atomically, without a backup.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    save_with(path, bytes, false, &mut |_| Ok(()))
}

/// Replaces the file at `path` with `bytes`, atomically, keeping the previous version (if
/// any) as `NAME.bak`.
pub fn save_with_backup(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    save_with(path, bytes, true, &mut |_| Ok(()))
}

/// The save itself; `before` runs before each step and may fail it (fault injection in
/// tests, nothing in the app).
pub fn save_with(
    path: &Path,
    bytes: &[u8],
    backup: bool,
    before: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<(), SaveError> {
    let temporary = temporary_path(path, "");
    let result = write_steps(path, &temporary, bytes, backup, before);
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

fn write_steps(
    path: &Path,
    temporary: &Path,
    bytes: &[u8],
    backup: bool,
    before: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<(), SaveError> {
    let mut step = |step: Step, action: &mut dyn FnMut() -> std::io::Result<()>| {
        before(step)
            .and_then(|()| action())
            .map_err(|source| SaveError {
                path: path.to_owned(),
                step,
                source,
            })
    };
    let mut file = None;
    step(Step::CreateTemporary, &mut || {
        file = Some(
            OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(temporary)?,
        );
        Ok(())
    })?;
    let Some(mut file) = file else {
        return Err(SaveError {
            path: path.to_owned(),
            step: Step::CreateTemporary,
            source: std::io::Error::other("no temporary file"),
        });
    };
    let (first, second) = bytes.split_at(bytes.len() / 2);
    step(Step::WriteFirstHalf, &mut || file.write_all(first))?;
    step(Step::WriteSecondHalf, &mut || file.write_all(second))?;
    step(Step::Sync, &mut || {
        file.flush()?;
        file.sync_all()
    })?;
    drop(file);
    if backup && path.exists() {
        step(Step::Backup, &mut || {
            // Copy, then rename into place: the backup is never torn either.
            let backup_temporary = temporary_path(path, ".bak");
            let copied = fs::copy(path, &backup_temporary)
                .and_then(|_| File::open(&backup_temporary)?.sync_all())
                .and_then(|()| fs::rename(&backup_temporary, backup_path(path)));
            if copied.is_err() {
                let _ = fs::remove_file(&backup_temporary);
            }
            copied
        })?;
    }
    step(Step::Rename, &mut || fs::rename(temporary, path))
}

/// What a file looked like when it was read or written, to notice changes made by others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub modified: Option<SystemTime>,
    /// A hash of the content: editors may rewrite a file with the same size and time.
    pub hash: u64,
}

impl Fingerprint {
    pub fn of_bytes(bytes: &[u8], modified: Option<SystemTime>) -> Self {
        let mut hasher = Self::hasher();
        hasher.write(bytes);
        Self::of_hashed(&hasher, bytes.len() as u64, modified)
    }

    /// The hasher to feed a file's bytes to, in as many writes as it takes.
    pub fn hasher() -> DefaultHasher {
        // SipHash with fixed keys: the same bytes always give the same hash.
        DefaultHasher::new()
    }

    /// The fingerprint of `len` bytes written to `hasher` (made by [`Self::hasher`]):
    /// `SipHash` hashes a stream, so bytes written in chunks hash as they do in one write, and a file
    /// read in chunks is fingerprinted without holding all of it.
    pub fn of_hashed(hasher: &DefaultHasher, len: u64, modified: Option<SystemTime>) -> Self {
        Self {
            len,
            modified,
            hash: hasher.finish(),
        }
    }

    /// Reads the file at `path` and fingerprints it, a chunk at a time: a dossier can be
    /// hundreds of megabytes, and this runs before every save.
    pub fn of_file(path: &Path) -> std::io::Result<Self> {
        use std::io::Read as _;
        let mut file = File::open(path)?;
        let mut hasher = Self::hasher();
        let mut chunk = vec![0; 1024 * 1024];
        let mut len = 0u64;
        loop {
            let read = match file.read(&mut chunk) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            hasher.write(&chunk[..read]);
            len += read as u64;
        }
        let modified = fs::metadata(path).and_then(|m| m.modified()).ok();
        Ok(Self::of_hashed(&hasher, len, modified))
    }

    /// Same content, whatever the times say.
    pub fn same_content(&self, other: &Self) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_files_that_start_as_a_dossier_count_as_one() {
        use super::{ExistingFile, existing_file, says_dossier};
        assert!(says_dossier(
            b"{\n  \"$schema\": \"x.json\",\n  \"format\": \"dossier\",\n  \"version\": 1"
        ));
        assert!(says_dossier(b"\xEF\xBB\xBF{\"format\":\"dossier\"}"));
        assert!(!says_dossier(
            b"{\"title\": {\"text\": {}}, \"events\": []}"
        ));
        assert!(!says_dossier(b"{\"format\": \"timeline\"}"));
        assert!(!says_dossier(
            b"Year,Month,Headline,\"format\": \"dossier\""
        ));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        assert_eq!(existing_file(&path), ExistingFile::Missing);
        std::fs::write(&path, "{\"events\": []}").unwrap();
        assert_eq!(existing_file(&path), ExistingFile::Other);
        std::fs::write(&path, "{\"format\": \"dossier\"}").unwrap();
        assert_eq!(existing_file(&path), ExistingFile::Dossier);
        assert_eq!(existing_file(dir.path()), ExistingFile::Other);
    }
    use super::*;

    #[test]
    fn a_failure_at_any_step_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.json");
        let old = b"{\"old\": true}\n".repeat(1000);
        let new = b"{\"new\": true}\n".repeat(1500);
        for failing in Step::ALL {
            fs::write(&path, &old).unwrap();
            let error = save_with(&path, &new, true, &mut |step| {
                if step == failing {
                    Err(std::io::Error::other("injected"))
                } else {
                    Ok(())
                }
            })
            .unwrap_err();
            assert_eq!(error.step, failing);
            assert_eq!(
                fs::read(&path).unwrap(),
                old,
                "failure at {failing:?} tore the file"
            );
            let leftovers: Vec<_> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.to_ascii_lowercase().ends_with(".tmp"))
                .collect();
            assert!(leftovers.is_empty(), "{failing:?} left {leftovers:?}");
        }
        save_with_backup(&path, &new).unwrap();
        assert_eq!(fs::read(&path).unwrap(), new);
        assert_eq!(fs::read(backup_path(&path)).unwrap(), old);
    }

    #[test]
    fn saving_into_a_missing_directory_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone").join("story.json");
        let error = save_with_backup(&path, b"{}").unwrap_err();
        assert_eq!(error.step, Step::CreateTemporary);
        assert!(error.to_string().contains("cannot save"), "{error}");
    }

    #[test]
    fn fingerprints_see_content_changes() {
        let a = Fingerprint::of_bytes(b"abc", None);
        assert!(a.same_content(&Fingerprint::of_bytes(b"abc", None)));
        assert!(!a.same_content(&Fingerprint::of_bytes(b"abd", None)));
    }

    #[test]
    fn bytes_hashed_in_chunks_fingerprint_as_the_whole() {
        use super::Fingerprint;
        use std::hash::Hasher as _;
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = Fingerprint::of_bytes(&bytes, None);
        for size in [1, 7, 8, 4096, 99_999, 100_000] {
            let mut hasher = Fingerprint::hasher();
            for chunk in bytes.chunks(size) {
                hasher.write(chunk);
            }
            let chunked = Fingerprint::of_hashed(&hasher, bytes.len() as u64, None);
            assert_eq!(chunked, whole, "chunks of {size}");
        }
        assert_ne!(whole, Fingerprint::of_bytes(&bytes[1..], None));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let large: Vec<u8> = bytes.iter().cycle().take(2_500_000).copied().collect();
        std::fs::write(&path, &large).unwrap();
        let of_file = Fingerprint::of_file(&path).unwrap();
        assert!(of_file.same_content(&Fingerprint::of_bytes(&large, None)));
    }
}
