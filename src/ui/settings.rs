//! What the app remembers between runs (eframe persistence): theme, last file, recent
//! files. Window geometry and panel widths are kept by eframe and egui themselves.

use std::path::{Path, PathBuf};

/// Light, dark, or whatever the system says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [Self; 3] = [Self::System, Self::Light, Self::Dark];

    pub fn label(self) -> &'static str {
        match self {
            Self::System => "Follow system",
            Self::Light => "Light",
            Self::Dark => "Dark",
        }
    }

    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// How many files Open Recent lists.
pub const RECENT_LIMIT: usize = 10;

/// The persisted settings.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    /// The file open when the app last closed; `None` for the built-in dossier.
    pub last_file: Option<PathBuf>,
    /// Most recent first.
    pub recent_files: Vec<PathBuf>,
    /// Where a file was last opened, saved or exported: file prompts start there when
    /// the open dossier has no directory of its own.
    pub last_directory: Option<PathBuf>,
}

impl Settings {
    /// The key under which eframe stores the settings.
    pub const KEY: &'static str = "dossier-settings";

    /// Puts a file at the top of the recent list.
    pub fn remember(&mut self, path: &Path) {
        self.recent_files.retain(|p| p != path);
        self.recent_files.insert(0, path.to_owned());
        self.recent_files.truncate(RECENT_LIMIT);
        self.used(path);
    }

    /// Notes the directory of a file just read or written.
    pub fn used(&mut self, path: &Path) {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            self.last_directory = Some(dir.to_owned());
        }
    }

    pub fn forget(&mut self, path: &Path) {
        self.recent_files.retain(|p| p != path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut s = Settings::default();
        for i in 0..15 {
            s.remember(Path::new(&format!("/d/{i}.json")));
        }
        s.remember(Path::new("/d/7.json"));
        assert_eq!(s.recent_files.len(), RECENT_LIMIT);
        assert_eq!(s.recent_files[0], Path::new("/d/7.json"));
        assert_eq!(
            s.recent_files
                .iter()
                .filter(|p| p.ends_with("7.json"))
                .count(),
            1
        );
    }
}
