//! Loading a large Dossier file a chunk at a time. Read whole, a file of a million events
//! is 600 MB held in memory beside the records built from it, only to be dropped once they
//! are built. Here the file is read in chunks: the bytes before the top-level `events`
//! array (the head) are kept, each run of complete events is parsed on every core while
//! the next chunk is read, hashed and scanned, and the bytes after the array (the tail)
//! are kept; head, `[]` and tail are then parsed as the dossier and the events put in. The
//! peak is the records and a few chunks, not the records and the file.
//!
//! It is only a leaner road to what [`load_bytes_with`] gives for the same bytes (the scan
//! and the parse of events are those of `parallel_parse`). Anything unusual (a file under
//! [`PARALLEL_PARSE_BYTES`], one that does not say it is a Dossier file before its events,
//! a scan or parse failure) stops it, and the file is read whole and loaded the ordinary
//! way, which words every error and its place. Errors found in the records once parsed
//! (overlong texts, the document's own checks) come from the checks the ordinary load
//! runs, on the same records.

use std::hash::{DefaultHasher, Hasher as _};
use std::io::Read as _;
use std::num::NonZeroUsize;
use std::ops::Range;
use std::path::Path;
use std::time::SystemTime;

use super::detect::{BOM, detect_format};
use super::load::{
    MAX_FILE_BYTES, READ_CHUNK, check_parsed, load_bytes_with, open_file, read_file_bytes_with,
};
use super::load_error::LoadError;
use super::parallel_parse::{PARALLEL_PARSE_BYTES, find_events, parse_run};
use super::save::Fingerprint;
use super::stream_scan::{ElementScan, HeadScan, Unusual};
use crate::model::dataset::{Dossier, Event};
use crate::model::document::{Document, SourceFormat};

/// Fewer events than this are parsed on one thread: a thread costs more than it saves.
const MIN_RUN: usize = 1000;

/// What a load tells as it goes, and how it is stopped.
pub trait Progress {
    /// `bytes` of the file's `total` are read and `events` parsed so far; `false` stops
    /// the load.
    fn read(&mut self, bytes: u64, total: u64, events: u64) -> bool;
    /// Every byte is read; (the rest of) the file is being parsed.
    fn parsing(&mut self) {}
    /// The file is parsed, with `events` events; they are being checked.
    fn checking(&mut self, events: usize) {
        let _ = events;
    }
}

/// Nobody watching.
struct Quiet;

impl Progress for Quiet {
    fn read(&mut self, _: u64, _: u64, _: u64) -> bool {
        true
    }
}

/// Reads and checks a dossier file; the document's `problems` are its warnings.
pub fn load_file(path: &Path) -> Result<Document, LoadError> {
    match load(path, READ_CHUNK, None, &mut Quiet) {
        Some(loaded) => loaded.map(|(document, _)| document),
        // Only a progress that answers `false` stops a load, and `Quiet` never does.
        None => Err(LoadError::Io {
            file: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::Interrupted, "the load was stopped"),
        }),
    }
}

/// [`load_file`], telling `progress` how far it got, with the fingerprint of the bytes it
/// read; `None` when `progress` stopped it.
pub fn load_file_with(
    path: &Path,
    progress: &mut dyn Progress,
) -> Option<Result<(Document, Fingerprint), LoadError>> {
    let mut hasher = Fingerprint::hasher();
    let loaded = load(path, READ_CHUNK, Some(&mut hasher), progress)?;
    Some(loaded.map(|(document, read)| {
        let fingerprint = Fingerprint::of_hashed(&hasher, read.len, read.modified);
        (document, fingerprint)
    }))
}

/// How much of a file was read, and its modification time when the reading ended.
#[derive(Debug)]
struct ReadFile {
    len: u64,
    modified: Option<SystemTime>,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

type Loaded = Result<(Document, ReadFile), LoadError>;

/// Loads the file at `path`, streamed in chunks of `chunk` bytes when it is large, and
/// whole otherwise or when streaming stops at something unusual. Every byte read is
/// written to `hasher`. `None` when `progress` stopped it.
fn load(
    path: &Path,
    chunk: usize,
    mut hasher: Option<&mut DefaultHasher>,
    progress: &mut dyn Progress,
) -> Option<Loaded> {
    let large = std::fs::metadata(path)
        .is_ok_and(|m| m.is_file() && m.len() >= PARALLEL_PARSE_BYTES as u64);
    if large {
        match stream(path, chunk, hasher.as_deref_mut(), progress) {
            Ok(loaded) => return Some(loaded),
            Err(Stop::Cancelled) => return None,
            Err(Stop::Unusual) => {}
        }
    }
    whole(path, hasher, progress)
}

/// The ordinary load: the whole file in memory, loaded by [`load_bytes_with`].
fn whole(
    path: &Path,
    hasher: Option<&mut DefaultHasher>,
    progress: &mut dyn Progress,
) -> Option<Loaded> {
    let bytes = match read_file_bytes_with(path, &mut |read, total| progress.read(read, total, 0)) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return None,
        Err(error) => return Some(Err(error)),
    };
    let read = ReadFile {
        len: bytes.len() as u64,
        modified: modified(path),
    };
    progress.parsing();
    let name = path.display().to_string();
    let bytes = &bytes;
    // The hash reads every byte: on the other core while this one parses.
    let document = std::thread::scope(|scope| {
        if let Some(hasher) = hasher {
            scope.spawn(move || {
                // A stream that stopped at something unusual may have hashed a part.
                *hasher = Fingerprint::hasher();
                hasher.write(bytes);
            });
        }
        load_bytes_with(&name, bytes, &mut |events| progress.checking(events))
    });
    Some(document.map(|document| (document, read)))
}

/// Why a streamed load stopped before its end.
#[derive(Debug, PartialEq, Eq)]
enum Stop {
    /// The progress said stop.
    Cancelled,
    /// Something for the ordinary load to read (and word, if it is an error).
    Unusual,
}

impl From<Unusual> for Stop {
    fn from(_: Unusual) -> Self {
        Self::Unusual
    }
}

/// Streams the file at `path` in chunks of `chunk` bytes (see the module comment).
fn stream(
    path: &Path,
    chunk: usize,
    hasher: Option<&mut DefaultHasher>,
    progress: &mut dyn Progress,
) -> Result<Loaded, Stop> {
    let (file, size) = open_file(path).map_err(|_| Stop::Unusual)?;
    let mut reader = Reader {
        file,
        size,
        read: 0,
        events: 0,
        longest_event: 0,
        chunk: chunk.max(1),
        hasher,
        progress,
    };
    let (mut rest, after_bracket) = reader.head()?;
    let mut events = Vec::new();
    let events_bytes = size.saturating_sub(rest.len() as u64);
    let tail = reader.events(after_bracket, events_bytes, &mut events)?;
    let array = rest.len()..rest.len() + 2;
    rest.extend_from_slice(b"[]");
    rest.extend_from_slice(&tail);
    drop(tail);
    while reader.more(&mut rest, reader.chunk)? > 0 {}
    let read = ReadFile {
        len: reader.read,
        modified: modified(path),
    };
    reader.progress.parsing();
    // What parse_in_parallel checks of the whole file: a plain object, `events` once.
    if find_events(&rest).is_none_or(|found| found.array != array) {
        return Err(Stop::Unusual);
    }
    let mut dossier: Dossier = serde_json::from_slice(&rest).map_err(|_| Stop::Unusual)?;
    drop(rest);
    dossier.events = events;
    reader.progress.checking(dossier.events.len());
    let len = usize::try_from(read.len).unwrap_or(usize::MAX);
    let name = path.display().to_string();
    Ok(check_parsed(&name, dossier, len, reader.longest_event).map(|d| (d, read)))
}

/// The file being streamed, with the counts its progress reports.
struct Reader<'a> {
    file: std::io::Take<std::fs::File>,
    /// The file's size when it was opened.
    size: u64,
    read: u64,
    events: u64,
    /// The size in bytes of the longest event parsed.
    longest_event: usize,
    chunk: usize,
    hasher: Option<&'a mut DefaultHasher>,
    progress: &'a mut dyn Progress,
}

impl Reader<'_> {
    /// Appends to `into` up to `want` more bytes of the file (fewer only at its end) and
    /// hashes them; how many, 0 at the end of the file.
    fn more(&mut self, into: &mut Vec<u8>, want: usize) -> Result<usize, Stop> {
        let before = into.len();
        // Room first, so that a reused buffer does not grow.
        into.reserve(want);
        (&mut self.file)
            .take(want as u64)
            .read_to_end(into)
            .map_err(|_| Stop::Unusual)?;
        let new = &into[before..];
        if let Some(hasher) = self.hasher.as_deref_mut() {
            hasher.write(new);
        }
        self.read += new.len() as u64;
        if self.read > MAX_FILE_BYTES {
            // It grew while it was read: the ordinary read says so.
            return Err(Stop::Unusual);
        }
        if !self
            .progress
            .read(self.read, self.size.max(self.read), self.events)
        {
            return Err(Stop::Cancelled);
        }
        Ok(new.len())
    }

    /// Counts the events parsed, `elements` the last of them.
    fn parsed(&mut self, events: usize, elements: &[Range<usize>]) {
        self.events = events as u64;
        let longest = elements.iter().map(ExactSizeIterator::len).max();
        self.longest_event = self.longest_event.max(longest.unwrap_or(0));
    }

    /// Reads until the top-level `events` array opens: the bytes before its `[` (without
    /// a byte-order mark) and those read after it.
    fn head(&mut self) -> Result<(Vec<u8>, Vec<u8>), Stop> {
        let mut head = Vec::new();
        let mut scan = HeadScan::default();
        let bracket = loop {
            if let Some(at) = scan.scan(&head)? {
                break at;
            }
            // At least what the value being scanned already holds, so that a long one is
            // scanned a few times over, not once a chunk.
            let want = self.chunk.max(head.len() - scan.at);
            if self.more(&mut head, want)? == 0 {
                return Err(Stop::Unusual);
            }
        };
        // Dossier and not some other format: the format's own key said so, and asking
        // detect_format (which stops at that key) keeps its definition the one that rules.
        if !scan.says_dossier || detect_format(&head[..bracket]) != SourceFormat::Dossier {
            return Err(Stop::Unusual);
        }
        let after = head[bracket + 1..].to_vec();
        head.truncate(bracket);
        if head.starts_with(BOM) {
            head.drain(..BOM.len());
        }
        Ok((head, after))
    }

    /// Parses the events array whose bytes after `[` begin with `buf`, a batch of complete
    /// events at a time on every core while the next chunk is read and scanned, into
    /// `into`; the bytes after its `]`. `events_bytes` is about the array's size.
    fn events(
        &mut self,
        mut buf: Vec<u8>,
        events_bytes: u64,
        into: &mut Vec<Box<Event>>,
    ) -> Result<Vec<u8>, Stop> {
        let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        let mut scan = ElementScan::default();
        let mut found = scan.scan(&buf)?;
        let mut next = Vec::new();
        loop {
            if let Some(end) = found.end {
                let (parsed, ()) = parse_while(&buf, &found.elements, threads, || ());
                append(into, parsed, &found.elements, events_bytes)?;
                self.parsed(into.len(), &found.elements);
                buf.drain(..end);
                return Ok(buf);
            }
            let want = self.chunk.max(buf.len() - found.rest);
            next.clear();
            next.extend_from_slice(&buf[found.rest..]);
            let (parsed, next_found) = parse_while(&buf, &found.elements, threads, || {
                match self.more(&mut next, want)? {
                    // The file ends inside the array.
                    0 => Err(Stop::Unusual),
                    _ => Ok(scan.scan(&next)?),
                }
            });
            let next_found = next_found?;
            append(into, parsed, &found.elements, events_bytes)?;
            self.parsed(into.len(), &found.elements);
            found = next_found;
            std::mem::swap(&mut buf, &mut next);
        }
    }
}

/// Parses `elements` of `bytes` as events on up to `threads` threads while `meanwhile`
/// runs on this one: the events of each run in order, or `None` if one is no event.
fn parse_while<R>(
    bytes: &[u8],
    elements: &[Range<usize>],
    threads: usize,
    meanwhile: impl FnOnce() -> R,
) -> (Option<Vec<Vec<Box<Event>>>>, R) {
    let threads = threads
        .clamp(1, 16)
        .min(elements.len().div_ceil(MIN_RUN))
        .max(1);
    let run = elements.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let runs: Vec<_> = elements
            .chunks(run)
            .map(|run| {
                scope.spawn(move || {
                    let mut events = Vec::with_capacity(run.len());
                    parse_run(bytes, run, &mut events).map(|()| events)
                })
            })
            .collect();
        let during = meanwhile();
        let parsed = runs
            .into_iter()
            .map(|run| run.join().ok().flatten())
            .collect();
        (parsed, during)
    })
}

/// Appends the parsed runs of `elements` to `into`. The first time, room is made for the
/// events the array likely holds (its `events_bytes` over the size of those parsed), so
/// that a million events are not copied each time the vector doubles.
fn append(
    into: &mut Vec<Box<Event>>,
    parsed: Option<Vec<Vec<Box<Event>>>>,
    elements: &[Range<usize>],
    events_bytes: u64,
) -> Result<(), Stop> {
    let parsed = parsed.ok_or(Stop::Unusual)?;
    if into.capacity() == 0
        && let (Some(first), Some(last)) = (elements.first(), elements.last())
    {
        let per_event = ((last.end - first.start) / elements.len()).max(2) as u64;
        let likely = usize::try_from(events_bytes / per_event).unwrap_or(0);
        into.reserve(likely + likely / 16);
    }
    for mut run in parsed {
        into.append(&mut run);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
