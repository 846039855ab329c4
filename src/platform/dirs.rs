//! Where files go on this system: the XDG base directories on Linux and other freedesktop
//! systems.

use std::path::PathBuf;

/// An XDG base directory: the variable when it holds an absolute path, else `$HOME/rest`.
pub fn xdg_dir(variable: &str, under_home: &str) -> Option<PathBuf> {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|home| PathBuf::from(home).join(under_home))
        })
}
