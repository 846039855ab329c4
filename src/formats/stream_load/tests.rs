//! The streamed load against the ordinary one: the same documents and errors, whatever
//! the chunks, and every way out.

use super::*;
use crate::formats::load::load_bytes;
use crate::model::generate::{GenerateOptions, generate};
use std::path::PathBuf;

/// What a load told, and when to stop it.
#[derive(Default)]
struct Recorder {
    reads: Vec<(u64, u64, u64)>,
    parsing: bool,
    checked: Option<usize>,
    stop_at_read: Option<usize>,
}

impl Progress for Recorder {
    fn read(&mut self, bytes: u64, total: u64, events: u64) -> bool {
        self.reads.push((bytes, total, events));
        self.stop_at_read != Some(self.reads.len())
    }
    fn parsing(&mut self) {
        self.parsing = true;
    }
    fn checking(&mut self, events: usize) {
        self.checked = Some(events);
    }
}

fn generated(events: usize, seed: u64) -> String {
    generate(GenerateOptions { events, seed }).to_json()
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A result as a comparable text: the error's words, or the document.
fn outcome(result: Result<Document, LoadError>) -> Result<Document, String> {
    result.map_err(|error| error.to_string())
}

#[test]
fn streaming_gives_what_loading_the_bytes_gives_whatever_the_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let pretty = generated(60, 1);
    let dossier: Dossier = serde_json::from_str(&pretty).unwrap();
    let compact = serde_json::to_string(&dossier).unwrap();
    let with_bom = format!("\u{FEFF}{pretty}");
    let built_in = crate::formats::DEFAULT_DOSSIER_JSON;
    for (name, json) in [
        ("pretty", pretty.as_str()),
        ("compact", &compact),
        ("bom", &with_bom),
        ("built-in", built_in),
    ] {
        let path = write(&dir, "d.json", json.as_bytes());
        let expected = load_bytes(&path.display().to_string(), json.as_bytes()).unwrap();
        for chunk in [1, 7, 4096, READ_CHUNK] {
            let mut hasher = Fingerprint::hasher();
            let mut progress = Recorder::default();
            let (document, read) = stream(&path, chunk, Some(&mut hasher), &mut progress)
                .expect("streamed, not left to the ordinary load")
                .unwrap();
            assert!(document == expected, "{name}, chunks of {chunk}");
            assert_eq!(read.len, json.len() as u64);
            let fingerprint = Fingerprint::of_hashed(&hasher, read.len, None);
            assert_eq!(fingerprint, Fingerprint::of_bytes(json.as_bytes(), None));
            assert!(progress.parsing);
            assert_eq!(progress.checked, Some(expected.dossier.events.len()));
            let last = progress.reads.last().copied().unwrap();
            let events = expected.dossier.events.len() as u64;
            assert_eq!(last, (json.len() as u64, json.len() as u64, events));
            if chunk < 4096 {
                assert!(progress.reads.len() > 10, "{name}: read in many chunks");
            }
        }
    }
}

#[test]
fn a_large_file_streams_with_progress_that_reaches_every_event() {
    let dir = tempfile::tempdir().unwrap();
    let json = generated(12_000, 4);
    assert!(json.len() >= PARALLEL_PARSE_BYTES, "large enough to stream");
    let path = write(&dir, "big.json", json.as_bytes());
    let mut progress = Recorder::default();
    let mut hasher = Fingerprint::hasher();
    let (document, read) = load(&path, 64 * 1024, Some(&mut hasher), &mut progress)
        .unwrap()
        .unwrap();
    assert!(document == load_bytes("x", json.as_bytes()).unwrap());
    assert_eq!(
        Fingerprint::of_hashed(&hasher, read.len, None),
        Fingerprint::of_bytes(json.as_bytes(), None)
    );
    // Events counted while reading: the events were parsed as the chunks came.
    let events: Vec<u64> = progress.reads.iter().map(|r| r.2).collect();
    assert!(events.windows(2).all(|w| w[0] <= w[1]), "counts only grow");
    let halfway = progress.reads[progress.reads.len() / 2];
    assert!(halfway.2 > 0 && halfway.2 < 12_000, "{halfway:?}");
    assert_eq!(events.last(), Some(&12_000));
    assert_eq!(progress.checked, Some(12_000));
    assert!(progress.reads.len() > 50, "read in chunks");
}

#[test]
fn a_cancelled_stream_stops_and_gives_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let json = generated(12_000, 6);
    let path = write(&dir, "big.json", json.as_bytes());
    let mut progress = Recorder {
        stop_at_read: Some(40),
        ..Recorder::default()
    };
    assert!(load(&path, 64 * 1024, None, &mut progress).is_none());
    assert_eq!(progress.reads.len(), 40, "no read after the answer to stop");
    assert!(progress.reads[39].2 > 0, "stopped among the events");
    assert!(!progress.parsing && progress.checked.is_none());
}

#[test]
fn a_broken_large_file_gives_the_error_of_the_ordinary_load() {
    let dir = tempfile::tempdir().unwrap();
    let json = generated(12_000, 5);
    let event = json.find("\"event-9000\"").unwrap();
    let start = event + json[event..].find("\"start\": \"").unwrap();
    let wrong_type = format!(
        "{}\"start\": 5, \"x\": {}",
        &json[..start],
        &json[start + 9..]
    );
    let missing_comma = json.replacen(
        "},\n    {\n      \"id\": \"event-9001\"",
        "}\n    {\n      \"id\": \"event-9001\"",
        1,
    );
    assert_ne!(missing_comma, json);
    let truncated = &json[..json.len() / 2];
    let trailing = format!("{json} x");
    let twice = json.replacen("\"version\": 1,", "\"version\": 1, \"events\": [],", 1);
    let no_format =
        json.replacen("\"format\": \"dossier\",", "", 1)
            .replacen("\"lanes\"", "\"x-lanes\"", 1);
    for (name, bad) in [
        ("wrong type", wrong_type.as_str()),
        ("missing comma", &missing_comma),
        ("truncated", truncated),
        ("trailing", &trailing),
        ("events twice", &twice),
        ("no format", &no_format),
    ] {
        let path = write(&dir, "bad.json", bad.as_bytes());
        let file = path.display().to_string();
        let streamed = stream(&path, 64 * 1024, None, &mut Quiet);
        assert!(streamed.is_err_and(|stop| stop == Stop::Unusual), "{name}");
        let loaded = load(&path, 64 * 1024, None, &mut Quiet)
            .unwrap()
            .map(|(d, _)| d);
        let error = outcome(loaded).unwrap_err();
        assert_eq!(
            error,
            outcome(load_bytes(&file, bad.as_bytes())).unwrap_err(),
            "{name}"
        );
        assert_eq!(error, outcome(load_file(&path)).unwrap_err(), "{name}");
    }
}

#[test]
fn a_streamed_file_is_checked_for_overlong_texts() {
    let dir = tempfile::tempdir().unwrap();
    let json = generated(12_000, 7);
    let long = "x".repeat(crate::formats::load::MAX_TEXT_BYTES + 1);
    let at = json.find("\"id\": \"event-7000\"").unwrap();
    let too_long = format!("{}\"x-note\": \"{long}\", {}", &json[..at], &json[at..]);
    let path = write(&dir, "long.json", too_long.as_bytes());
    let streamed = stream(&path, 64 * 1024, None, &mut Quiet).expect("streamed");
    let error = outcome(streamed.map(|(d, _)| d)).unwrap_err();
    assert!(error.contains("events[7000].x-note"), "{error}");
    let ordinary = outcome(load_bytes(&path.display().to_string(), too_long.as_bytes()));
    assert_eq!(error, ordinary.unwrap_err());
}

#[test]
fn anything_unusual_is_left_to_the_ordinary_load() {
    let dir = tempfile::tempdir().unwrap();
    let event = r#"{"id": "e", "title": "E", "start": "2025", "lane": "a"}"#;
    let rest =
        r#""lanes": [{"id": "a", "label": "A"}], "entities": [], "sources": [], "briefings": []"#;
    for json in [
        format!(
            r#"{{"format": "dossier", "version": 1, "title": "t", {rest}, "events": [{event}], "events": []}}"#
        ),
        format!(
            r#"{{"format": "dossier", "version": 1, "title": "t", {rest}, "\u0065vents": [{event}]}}"#
        ),
        format!(r#"{{"title": "t", "events": [{event}]}}"#),
        format!(r#"{{"format": "dossier", "events": [{event}, ]}}"#),
        r#"{"format": "dossier", "events": [1]}"#.to_owned(),
        format!(r#"{{"format": "dossier", "events": [{event}] {rest}}}"#),
        format!(r#"[{{"format": "dossier", "events": [{event}]}}]"#),
        format!(r#"{{"format": "dossier", "events": {event}}}"#),
        r#"{"events": [{"start_date": {"year": 2025}, "text": {"headline": "x"}}]}"#.to_owned(),
        "Year,Headline\n2025,x\n".to_owned(),
        String::new(),
    ] {
        let path = write(&dir, "odd.json", json.as_bytes());
        for chunk in [1, 7, 4096] {
            let streamed = stream(&path, chunk, None, &mut Quiet);
            assert!(
                streamed.is_err_and(|stop| stop == Stop::Unusual),
                "{json}, {chunk}"
            );
        }
    }
}
