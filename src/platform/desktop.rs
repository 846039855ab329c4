//! Desktop integration on Linux and other freedesktop systems: `dossier install-desktop`
//! writes the launcher entry and the icons for the current user, and `--uninstall`
//! removes exactly what it wrote.
//!
//! Everything goes under the data directory (`$XDG_DATA_HOME`, by default
//! `~/.local/share`):
//!
//! - `applications/io.github.dossier.Dossier.desktop`, named after the app id that eframe
//!   uses as the Wayland app id and X11 window class, so the launcher matches the window;
//! - `icons/hicolor/{N}x{N}/apps/io.github.dossier.Dossier.png` and
//!   `icons/hicolor/scalable/apps/io.github.dossier.Dossier.svg`;
//! - `io.github.dossier.Dossier/installed-files.txt`, the list of files and of the
//!   directories the install created, which `--uninstall` reads.
//!
//! The entry's `Exec` is `dossier %f` when `dossier` on `PATH` is the running binary (after
//! `cargo install --path .`), else the running binary's absolute path, so that the entry
//! works from a build directory too.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::APP_ID;
use crate::formats::save::write_atomically;

/// The shipped entry (`assets/`), with `Exec=dossier %f`.
pub const DESKTOP_ENTRY: &str = include_str!("../../assets/io.github.dossier.Dossier.desktop");

/// The icon, as drawn (`assets/icons/`).
pub const ICON_SVG: &[u8] = include_bytes!("../../assets/icons/io.github.dossier.Dossier.svg");

/// The icon rendered at the usual sizes, from the SVG.
pub const ICON_PNGS: [(u32, &[u8]); 8] = [
    (16, include_bytes!("../../assets/icons/dossier-16.png")),
    (24, include_bytes!("../../assets/icons/dossier-24.png")),
    (32, include_bytes!("../../assets/icons/dossier-32.png")),
    (48, include_bytes!("../../assets/icons/dossier-48.png")),
    (64, include_bytes!("../../assets/icons/dossier-64.png")),
    (128, include_bytes!("../../assets/icons/dossier-128.png")),
    (256, include_bytes!("../../assets/icons/dossier-256.png")),
    (512, include_bytes!("../../assets/icons/dossier-512.png")),
];

/// The window icon.
pub const WINDOW_ICON_PNG: &[u8] = include_bytes!("../../assets/icons/dossier-256.png");

/// The list of what an install wrote, relative to the data directory.
pub fn manifest_path(data_home: &Path) -> PathBuf {
    data_home.join(APP_ID).join("installed-files.txt")
}

/// Why the desktop files could not be installed or removed.
#[derive(Debug, thiserror::Error)]
pub enum DesktopError {
    #[error("cannot find where to install: neither XDG_DATA_HOME nor HOME is set")]
    NoDataHome,
    #[error("cannot create directory {}: {source}", .path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "nothing to uninstall: {} does not exist (was `dossier install-desktop` run with the same XDG_DATA_HOME?)",
        .path.display()
    )]
    NotInstalled { path: PathBuf },
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: not a line this version writes: {text:?}", .path.display())]
    BadManifest {
        path: PathBuf,
        line: usize,
        text: String,
    },
    #[error("cannot remove {}: {source}", .path.display())]
    Remove {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// `$XDG_DATA_HOME` when set to an absolute path (as the specification requires), else
/// `$HOME/.local/share`.
pub fn data_home() -> Result<PathBuf, DesktopError> {
    super::dirs::xdg_dir("XDG_DATA_HOME", ".local/share").ok_or(DesktopError::NoDataHome)
}

/// The program the entry runs: `None` when `dossier` on `PATH` is this very binary (the
/// entry then says `dossier`), else this binary's absolute path.
pub fn program() -> Option<PathBuf> {
    let current = std::env::current_exe().and_then(fs::canonicalize).ok()?;
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths)
            .any(|dir| fs::canonicalize(dir.join("dossier")).is_ok_and(|found| found == current))
    });
    (!on_path).then_some(current)
}

/// The `Exec` program: `dossier`, or an absolute path quoted as the Desktop Entry
/// specification asks.
fn exec_program(program: Option<&Path>) -> String {
    program.map_or_else(
        || "dossier".to_owned(),
        |path| quote_exec_argument(&path.to_string_lossy()),
    )
}

/// One argument of an `Exec` line: quoted when it holds a reserved character, with `"`,
/// `` ` ``, `$` and `\` escaped inside the quotes, then `\` escaped again because the value
/// is a string (Desktop Entry specification, "The Exec key").
fn quote_exec_argument(argument: &str) -> String {
    let reserved = |c: char| " \t\n\"'\\><~|&;$*?#()`".contains(c);
    let quoted = if argument.contains(reserved) {
        let mut text = String::from("\"");
        for c in argument.chars() {
            if matches!(c, '"' | '`' | '$' | '\\') {
                text.push('\\');
            }
            text.push(c);
        }
        text.push('"');
        text
    } else {
        argument.to_owned()
    };
    quoted.replace('\\', "\\\\")
}

/// The shipped entry, running `program` (see [`program`]).
pub fn desktop_entry(program: Option<&Path>) -> String {
    let command = exec_program(program);
    DESKTOP_ENTRY
        .lines()
        .filter_map(|line| {
            if line.starts_with("Exec=") {
                Some(format!("Exec={command} %f\n"))
            } else if line.starts_with("TryExec=") {
                // TryExec takes a plain path or name: keep it only for `dossier` on PATH.
                program.is_none().then(|| format!("{line}\n"))
            } else {
                Some(format!("{line}\n"))
            }
        })
        .collect()
}

/// What an install writes, relative to the data directory, with the bytes.
fn payload(program: Option<&Path>) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = vec![(
        Path::new("applications").join(format!("{APP_ID}.desktop")),
        desktop_entry(program).into_bytes(),
    )];
    let icons = Path::new("icons").join("hicolor");
    for (size, png) in ICON_PNGS {
        files.push((
            icons
                .join(format!("{size}x{size}"))
                .join("apps")
                .join(format!("{APP_ID}.png")),
            png.to_vec(),
        ));
    }
    files.push((
        icons
            .join("scalable")
            .join("apps")
            .join(format!("{APP_ID}.svg")),
        ICON_SVG.to_vec(),
    ));
    files
}

/// The manifest: `file PATH` and `dir PATH` lines, relative to the data directory.
#[derive(Debug, Default)]
struct Manifest {
    files: Vec<PathBuf>,
    /// Directories the install created, parents first.
    dirs: Vec<PathBuf>,
}

impl Manifest {
    fn read(data_home: &Path) -> Result<Option<Self>, DesktopError> {
        let path = manifest_path(data_home);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(DesktopError::Read { path, source }),
        };
        let mut manifest = Self::default();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || DesktopError::BadManifest {
                path: path.clone(),
                line: i + 1,
                text: line.to_owned(),
            };
            let (kind, relative) = line.split_once(' ').ok_or_else(bad)?;
            let relative = PathBuf::from(relative);
            // Only plain relative paths: an uninstall never touches anything outside.
            if !relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
            {
                return Err(bad());
            }
            match kind {
                "file" => manifest.files.push(relative),
                "dir" => manifest.dirs.push(relative),
                _ => return Err(bad()),
            }
        }
        Ok(Some(manifest))
    }

    fn text(&self) -> String {
        let mut text = String::from(
            "# Written by `dossier install-desktop`, relative to this data directory;\n\
             # `dossier install-desktop --uninstall` removes these files, then these\n\
             # directories (which the install created) if they are empty.\n",
        );
        for dir in &self.dirs {
            text.push_str(&format!("dir {}\n", dir.display()));
        }
        for file in &self.files {
            text.push_str(&format!("file {}\n", file.display()));
        }
        text
    }
}

/// Creates `relative` and its missing parents under `data_home`, noting each one it
/// creates.
fn create_dirs(
    data_home: &Path,
    relative: &Path,
    created: &mut Vec<PathBuf>,
) -> Result<(), DesktopError> {
    let mut partial = PathBuf::new();
    for component in relative.components() {
        partial.push(component);
        let path = data_home.join(&partial);
        if path.is_dir() {
            continue;
        }
        match fs::create_dir(&path) {
            Ok(()) => {
                if !created.contains(&partial) {
                    created.push(partial.clone());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(source) => return Err(DesktopError::CreateDir { path, source }),
        }
    }
    Ok(())
}

/// Installs the entry and icons under `data_home` for the running binary (see
/// [`program`]); returns the files written.
pub fn install(data_home: &Path) -> Result<Vec<PathBuf>, DesktopError> {
    install_for(data_home, program().as_deref())
}

/// Installs the entry, running `program` (`None`: `dossier` on `PATH`), and the icons
/// under `data_home`; returns the files written. Installing again overwrites them and
/// keeps the record of the directories the first install created.
pub fn install_for(data_home: &Path, program: Option<&Path>) -> Result<Vec<PathBuf>, DesktopError> {
    if !data_home.is_dir() {
        fs::create_dir_all(data_home).map_err(|source| DesktopError::CreateDir {
            path: data_home.to_owned(),
            source,
        })?;
    }
    let mut manifest = Manifest::read(data_home)?.unwrap_or_default();
    let mut written = Vec::new();
    let mut files = payload(program);
    let manifest_relative = Path::new(APP_ID).join("installed-files.txt");
    for (relative, _) in &files {
        if let Some(parent) = relative.parent() {
            create_dirs(data_home, parent, &mut manifest.dirs)?;
        }
    }
    create_dirs(data_home, Path::new(APP_ID), &mut manifest.dirs)?;
    for (relative, _) in &files {
        if !manifest.files.contains(relative) {
            manifest.files.push(relative.clone());
        }
    }
    // The manifest first: should a write fail half-way, uninstall still knows everything.
    files.insert(0, (manifest_relative, manifest.text().into_bytes()));
    for (relative, bytes) in files {
        let path = data_home.join(relative);
        write_atomically(&path, &bytes).map_err(|e| DesktopError::Write {
            path: path.clone(),
            source: e.source,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Removes what [`install`] wrote under `data_home`: its files, its manifest, then the
/// directories it created, if nothing else has been put in them. Returns what was removed.
pub fn uninstall(data_home: &Path) -> Result<Vec<PathBuf>, DesktopError> {
    let manifest_file = manifest_path(data_home);
    let Some(manifest) = Manifest::read(data_home)? else {
        return Err(DesktopError::NotInstalled {
            path: manifest_file,
        });
    };
    let mut removed = Vec::new();
    let files = manifest
        .files
        .iter()
        .map(|f| data_home.join(f))
        .chain(std::iter::once(manifest_file));
    for path in files {
        match fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(DesktopError::Remove { path, source }),
        }
    }
    // Children before parents; a directory someone else also uses stays.
    let mut dirs = manifest.dirs;
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in dirs {
        let path = data_home.join(dir);
        if fs::remove_dir(&path).is_ok() {
            removed.push(path);
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_arguments_are_quoted_as_the_specification_asks() {
        assert_eq!(quote_exec_argument("/usr/bin/dossier"), "/usr/bin/dossier");
        assert_eq!(
            quote_exec_argument("/home/a b/dossier"),
            "\"/home/a b/dossier\""
        );
        assert_eq!(
            quote_exec_argument("/tmp/$x\\y/dossier"),
            "\"/tmp/\\\\$x\\\\\\\\y/dossier\""
        );
    }

    #[test]
    fn the_entry_runs_the_given_program() {
        let plain = desktop_entry(None);
        assert!(plain.contains("\nExec=dossier %f\n"), "{plain}");
        assert!(plain.contains("\nTryExec=dossier\n"), "{plain}");
        let absolute = desktop_entry(Some(Path::new("/opt/Dossier Builds/dossier")));
        assert!(
            absolute.contains("\nExec=\"/opt/Dossier Builds/dossier\" %f\n"),
            "{absolute}"
        );
        assert!(!absolute.contains("TryExec"));
        assert!(absolute.contains(&format!("\nStartupWMClass={APP_ID}\n")));
    }

    #[test]
    fn a_manifest_never_reaches_outside_the_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = manifest_path(dir.path());
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        for line in ["file ../../etc/passwd", "file /etc/passwd", "delete x"] {
            fs::write(&path, format!("{line}\n")).unwrap();
            let error = uninstall(dir.path()).unwrap_err();
            assert!(
                matches!(error, DesktopError::BadManifest { line: 1, .. }),
                "{error}"
            );
        }
    }
}
