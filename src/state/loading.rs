//! Opening a file on a worker thread: the window keeps painting and the open dossier stays
//! usable while a large file is read, parsed and checked. The worker reports how far it
//! got (bytes read, events checked) and can be cancelled; what it has built so far is
//! dropped on its own thread, so neither a cancel nor a failure costs the window a frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::thread;
use std::time::Instant;

use crate::formats::LoadError;
use crate::formats::save::Fingerprint;
use crate::formats::stream_load::{Progress, load_file_with};
use crate::model::Document;

/// Files at least this large are opened on a worker thread; smaller ones load within a
/// frame or two, and opening them at once keeps the window simple.
pub const BACKGROUND_LOAD_BYTES: u64 = 4 * 1024 * 1024;

/// What the worker is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadPhase {
    /// Reading the file; a large Dossier file's events are parsed as they arrive.
    Reading,
    /// Turning (the rest of) the JSON into records.
    Parsing,
    /// Validating the records and building the index.
    Checking,
}

/// How far a load got, as the worker last reported it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadProgress {
    pub phase: LoadPhase,
    pub bytes_read: u64,
    pub total_bytes: u64,
    /// The events parsed so far: while reading a large Dossier file, then all of them
    /// from the checking phase on.
    pub events: u64,
    /// Whole seconds since the load started.
    pub seconds: u64,
}

impl LoadProgress {
    /// The share done, 0.0 to 1.0, for a progress bar: reading counts for a tenth,
    /// parsing for most of the rest, as they take that share of the time. A large
    /// Dossier file's events are parsed as it is read (the events count grows meanwhile),
    /// so then reading counts for most of it.
    pub fn fraction(&self) -> f32 {
        let read = if self.total_bytes == 0 {
            1.0
        } else {
            self.bytes_read as f32 / self.total_bytes as f32
        };
        let reading = if self.events > 0 { 0.65 } else { 0.1 };
        match self.phase {
            LoadPhase::Reading => reading * read,
            LoadPhase::Parsing => reading.max(0.15),
            LoadPhase::Checking => 0.7,
        }
    }
}

/// Shared between the worker and the window.
#[derive(Debug, Default)]
struct Shared {
    cancelled: AtomicBool,
    phase: AtomicU8,
    bytes_read: AtomicU64,
    total_bytes: AtomicU64,
    events: AtomicU64,
}

impl Shared {
    fn set_phase(&self, phase: LoadPhase) {
        self.phase.store(phase as u8, Ordering::Relaxed);
    }
}

/// A file read, parsed and checked, ready to replace the open dossier.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub document: Document,
    pub fingerprint: Fingerprint,
}

/// A load in progress on its worker thread.
#[derive(Debug)]
pub struct Loading {
    path: PathBuf,
    shared: Arc<Shared>,
    result: Receiver<Result<Loaded, LoadError>>,
    started: Instant,
    replaces: u64,
}

impl Loading {
    /// Starts reading `path` on a worker thread to replace the document of generation
    /// `replaces`; `wake` is called whenever there is news (progress, or the result), so
    /// that the window repaints.
    pub fn start(path: &Path, replaces: u64, wake: impl Fn() + Send + 'static) -> Self {
        let shared = Arc::new(Shared::default());
        let (sender, result) = channel();
        let worker_shared = Arc::clone(&shared);
        let worker_path = path.to_owned();
        thread::spawn(move || {
            let outcome = load(&worker_path, &worker_shared, &wake);
            if let Some(outcome) = outcome {
                if worker_shared.cancelled.load(Ordering::Relaxed) {
                    // Nobody waits for it: free it here rather than in the window.
                    drop(outcome);
                } else if let Err(unsent) = sender.send(outcome) {
                    drop(unsent);
                }
            }
            wake();
        });
        Self {
            path: path.to_owned(),
            shared,
            result,
            started: Instant::now(),
            replaces,
        }
    }

    /// The generation of the document this load is to replace: if the document changed
    /// since, the user edited it meanwhile.
    pub fn replaces(&self) -> u64 {
        self.replaces
    }

    /// The file being opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn progress(&self) -> LoadProgress {
        let phase = match self.shared.phase.load(Ordering::Relaxed) {
            0 => LoadPhase::Reading,
            1 => LoadPhase::Parsing,
            _ => LoadPhase::Checking,
        };
        LoadProgress {
            phase,
            bytes_read: self.shared.bytes_read.load(Ordering::Relaxed),
            total_bytes: self.shared.total_bytes.load(Ordering::Relaxed),
            events: self.shared.events.load(Ordering::Relaxed),
            seconds: self.started.elapsed().as_secs(),
        }
    }

    /// The result once the worker is done; `None` while it works.
    pub fn poll(&self) -> Option<Result<Loaded, LoadError>> {
        match self.result.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(LoadError::Io {
                file: self.path.display().to_string(),
                source: std::io::Error::other("the file could not be read to the end"),
            })),
        }
    }

    /// Stops the load: the worker gives up at its next step and frees what it built.
    pub fn cancel(self) {
        self.shared.cancelled.store(true, Ordering::Relaxed);
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        // A load nobody waits for any more is a cancelled one.
        self.shared.cancelled.store(true, Ordering::Relaxed);
    }
}

/// What the worker tells the window as it goes.
struct Report<'a> {
    shared: &'a Shared,
    wake: &'a dyn Fn(),
}

impl Progress for Report<'_> {
    fn read(&mut self, bytes: u64, total: u64, events: u64) -> bool {
        let shared = self.shared;
        shared.bytes_read.store(bytes, Ordering::Relaxed);
        shared.total_bytes.store(total, Ordering::Relaxed);
        shared.events.store(events, Ordering::Relaxed);
        (self.wake)();
        !shared.cancelled.load(Ordering::Relaxed)
    }

    fn parsing(&mut self) {
        self.shared.set_phase(LoadPhase::Parsing);
        (self.wake)();
    }

    fn checking(&mut self, events: usize) {
        self.shared.events.store(events as u64, Ordering::Relaxed);
        self.shared.set_phase(LoadPhase::Checking);
        (self.wake)();
    }
}

/// The worker's whole job; `None` when it was cancelled.
fn load(path: &Path, shared: &Shared, wake: &dyn Fn()) -> Option<Result<Loaded, LoadError>> {
    let loaded = load_file_with(path, &mut Report { shared, wake })?;
    if shared.cancelled.load(Ordering::Relaxed) {
        return None;
    }
    Some(loaded.map(|(document, fingerprint)| Loaded {
        path: path.to_owned(),
        document,
        fingerprint,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn wait(loading: &Loading) -> Result<Loaded, LoadError> {
        let start = Instant::now();
        loop {
            if let Some(result) = loading.poll() {
                return result;
            }
            assert!(
                start.elapsed() < Duration::from_mins(1),
                "the load never ended"
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_file_loads_on_the_worker_with_its_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.json");
        std::fs::write(&path, crate::formats::DEFAULT_DOSSIER_JSON).unwrap();
        let loading = Loading::start(&path, 0, || {});
        let loaded = wait(&loading).unwrap();
        assert_eq!(loaded.path, path);
        let events = crate::formats::default_dossier().dossier.events.len();
        assert!(events > 0);
        assert_eq!(loaded.document.dossier.events.len(), events);
        let expected = Fingerprint::of_file(&path).unwrap();
        assert!(loaded.fingerprint.same_content(&expected));
        let progress = loading.progress();
        assert_eq!(progress.bytes_read, progress.total_bytes);
        assert_eq!(progress.events, events as u64);
    }

    #[test]
    fn a_large_file_is_read_in_chunks_counting_its_events_as_they_come() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let options = crate::model::generate::GenerateOptions {
            // Over two chunks of reading, so that events are counted before the end.
            events: 30_000,
            seed: 2,
        };
        let json = crate::model::generate::generate(options).to_json();
        assert!(json.len() as u64 >= BACKGROUND_LOAD_BYTES);
        std::fs::write(&path, &json).unwrap();
        // Each report as the window would see it.
        let reports = std::sync::Mutex::new(Vec::new());
        let shared = Shared::default();
        let wake = || {
            let progress = (
                shared.phase.load(Ordering::Relaxed),
                shared.events.load(Ordering::Relaxed),
            );
            reports.lock().unwrap().push(progress);
        };
        let loaded = load(&path, &shared, &wake).unwrap().unwrap();
        assert_eq!(loaded.document.dossier.events.len(), 30_000);
        let expected = Fingerprint::of_file(&path).unwrap();
        assert!(loaded.fingerprint.same_content(&expected));
        let reports = reports.into_inner().unwrap();
        let reading = LoadPhase::Reading as u8;
        let reading_events = reports
            .iter()
            .any(|&(phase, events)| phase == reading && events > 0);
        assert!(reading_events, "events counted while the file is read");
        assert_eq!(shared.events.load(Ordering::Relaxed), 30_000);
        assert_eq!(shared.bytes_read.load(Ordering::Relaxed), json.len() as u64);

        // Cancel once events are counted: the worker stops between chunks, sends nothing.
        let shared = Shared::default();
        let cancel = || {
            if shared.events.load(Ordering::Relaxed) > 0 {
                shared.cancelled.store(true, Ordering::Relaxed);
            }
        };
        assert!(load(&path, &shared, &cancel).is_none());
        assert_eq!(
            shared.phase.load(Ordering::Relaxed),
            reading,
            "stopped while reading"
        );
    }

    #[test]
    fn a_broken_file_answers_with_the_same_error_as_opening_it_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.json");
        std::fs::write(&path, "{\"title\": \"x\",\n \"events\": [1]}").unwrap();
        let error = wait(&Loading::start(&path, 0, || {})).unwrap_err();
        let direct = crate::formats::load_file(&path).unwrap_err();
        assert_eq!(error.to_string(), direct.to_string());
    }

    #[test]
    fn a_cancelled_load_sends_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.json");
        std::fs::write(&path, crate::formats::DEFAULT_DOSSIER_JSON).unwrap();
        let shared = Shared::default();
        shared.cancelled.store(true, Ordering::Relaxed);
        assert!(load(&path, &shared, &|| {}).is_none());
    }
}
