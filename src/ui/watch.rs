//! Watching the open file for changes made by other programs (the notify crate).
//!
//! The directory is watched, not the file: editors often save by writing a new file and
//! renaming it over the old one, which a watch on the file itself would lose. Events only
//! wake the app; whether the file really changed is decided by comparing its content with
//! what was last read or written (so the app's own saves are not mistaken for changes).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use notify::{RecursiveMode, Watcher as _};

pub struct FileWatcher {
    path: PathBuf,
    // Kept alive for as long as we watch; dropping it stops the watch.
    _watcher: notify::RecommendedWatcher,
    events: Receiver<()>,
}

impl FileWatcher {
    /// Watches `path`; `wake` is called from the watcher's thread on every change so the
    /// UI repaints and notices. `None` when the platform cannot watch (the app then
    /// still detects changes when saving).
    pub fn new(path: &Path, wake: impl Fn() + Send + 'static) -> Option<Self> {
        let directory = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())?
            .to_owned();
        let name = path.file_name()?.to_owned();
        let (sender, events) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else { return };
                // Reading the file (as the change check itself does) is no change.
                if matches!(event.kind, notify::EventKind::Access(_)) {
                    return;
                }
                if event
                    .paths
                    .iter()
                    .any(|p| p.file_name() == Some(name.as_os_str()))
                {
                    let _ = sender.send(());
                    wake();
                }
            })
            .ok()?;
        watcher
            .watch(&directory, RecursiveMode::NonRecursive)
            .ok()?;
        Some(Self {
            path: path.to_owned(),
            _watcher: watcher,
            events,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True if anything happened to the file since the last call.
    pub fn poll(&self) -> bool {
        let mut any = false;
        while self.events.try_recv().is_ok() {
            any = true;
        }
        any
    }
}
