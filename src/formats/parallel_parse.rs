//! Parsing a large dossier's events on every core. A JSON parser reads one byte after
//! another, so a million events take one core several seconds; but the events are
//! independent values in one array. A quick structural scan finds where each event
//! begins and ends, the events are parsed in runs on their own threads, and the rest of
//! the file (metadata, lanes, entities, sources, briefings) is parsed with an empty
//! events array in their place.
//!
//! This is only a faster road to the same result: anything unusual (a syntax error, a
//! key written with escapes, `events` given twice) gives `None`, and the caller parses
//! the file the ordinary way, which also words every error and its place.

use std::ops::Range;

use crate::model::dataset::{Dossier, Event};

/// Files smaller than this are parsed on one thread: the scan and the threads would cost
/// more than they save.
pub const PARALLEL_PARSE_BYTES: usize = 4 * 1024 * 1024;

pub(super) fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        at += 1;
    }
    at
}

/// The end of the string whose opening quote is at `at` (just past its closing quote);
/// `None` when it runs past the end of `bytes`.
pub(super) fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes[i] == b'\\' {
            i += 2;
        } else {
            return Some(i + 1);
        }
    }
}

fn is_bracket_or_quote(byte: u8) -> bool {
    matches!(byte, b'"' | b'{' | b'[' | b'}' | b']')
}

/// Where the first of `"`, `{`, `[`, `}` and `]` is in `bytes`, from `at` on: all that
/// matters to nesting outside strings. A pretty-printed file is mostly indentation there,
/// and a byte at a time the scan took 0.75 s of CPU in a million events' load; this looks
/// at eight bytes at a time. `| 0x20` turns `[` and `]` into `{` and `}`, so a word is
/// compared with three bytes, not five; it also turns the control byte 0x02 into `"`,
/// which the check of the byte found sets aside.
fn next_bracket_or_quote(bytes: &[u8], mut at: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte of `x` that is zero; exact for the lowest such byte,
    // which is the one taken.
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & (ONES << 7);
    while let Some(word) = bytes.get(at..at + 8) {
        let mut word_bytes = [0; 8];
        word_bytes.copy_from_slice(word);
        let word = u64::from_le_bytes(word_bytes) | (ONES * 0x20);
        let found = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'{')))
            | zero_bytes(word ^ (ONES * u64::from(b'}')));
        if found == 0 {
            at += 8;
            continue;
        }
        let i = at + (found.trailing_zeros() / 8) as usize;
        if is_bracket_or_quote(bytes[i]) {
            return Some(i);
        }
        at = i + 1;
    }
    let len = bytes
        .get(at..)?
        .iter()
        .position(|&b| is_bracket_or_quote(b))?;
    Some(at + len)
}

/// The end of the JSON value starting at `at` (no whitespace before it). Checks only the
/// nesting of brackets and strings; the parser checks the rest. `None` for a string,
/// object or array means it runs past the end of `bytes`; for anything else, that there
/// is no value at `at`.
pub(super) fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => skip_string(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                i = next_bracket_or_quote(bytes, i)?;
                match bytes[i] {
                    b'"' => {
                        i = skip_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    _ => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                }
                i += 1;
            }
        }
        _ => {
            let len = bytes[at..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(bytes.len() - at);
            (len > 0).then_some(at + len)
        }
    }
}

/// Where the top-level `events` array is and where each of its elements is.
pub(super) struct EventsArray {
    /// The array, brackets included.
    pub array: Range<usize>,
    pub elements: Vec<Range<usize>>,
}

/// Finds the top-level `events` array; `None` if there is none, if there are two, or if
/// the file's structure is anything but a plain object.
pub(super) fn find_events(bytes: &[u8]) -> Option<EventsArray> {
    let mut at = skip_whitespace(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_whitespace(bytes, at + 1);
    let mut found = None;
    if bytes.get(at) == Some(&b'}') {
        return None;
    }
    loop {
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let key_end = skip_string(bytes, at)?;
        let key = &bytes[at + 1..key_end - 1];
        at = skip_whitespace(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = skip_whitespace(bytes, at + 1);
        if key == b"events" {
            if found.is_some() || bytes.get(at) != Some(&b'[') {
                return None;
            }
            let (array, elements) = elements_of(bytes, at)?;
            at = array.end;
            found = Some(EventsArray { array, elements });
        } else {
            at = skip_value(bytes, at)?;
        }
        at = skip_whitespace(bytes, at);
        match bytes.get(at)? {
            b',' => at = skip_whitespace(bytes, at + 1),
            b'}' => return found,
            _ => return None,
        }
    }
}

/// The array starting at `at` and the range of each of its elements.
fn elements_of(bytes: &[u8], start: usize) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let mut elements = Vec::new();
    let mut at = skip_whitespace(bytes, start + 1);
    if bytes.get(at) == Some(&b']') {
        return Some((start..at + 1, elements));
    }
    loop {
        let end = skip_value(bytes, at)?;
        elements.push(at..end);
        at = skip_whitespace(bytes, end);
        match bytes.get(at)? {
            b',' => at = skip_whitespace(bytes, at + 1),
            b']' => return Some((start..at + 1, elements)),
            _ => return None,
        }
    }
}

/// Parses `elements` as events into `into`, in order; `None` at the first that fails.
pub(super) fn parse_run(
    bytes: &[u8],
    elements: &[Range<usize>],
    into: &mut Vec<Box<Event>>,
) -> Option<()> {
    let (Some(first), Some(last)) = (elements.first(), elements.last()) else {
        return Some(());
    };
    // The run is checked as UTF-8 once, and each event parsed from text: read from
    // bytes, each of a million events' dozen strings was checked on its own, which cost
    // more than one pass over them all. Elements begin and end with an ASCII bracket, so
    // each is text of its own; invalid UTF-8 stops the run, and the ordinary parse words
    // the error.
    let text = std::str::from_utf8(bytes.get(first.start..last.end)?).ok()?;
    for element in elements {
        let event = text.get(element.start - first.start..element.end - first.start)?;
        into.push(serde_json::from_str(event).ok()?);
    }
    Some(())
}

/// Parses a dossier with its events spread over `threads` threads; `None` when the file
/// is anything but a well-formed dossier object (the caller then parses it in one go,
/// which reports the error).
pub fn parse_in_parallel(bytes: &[u8], threads: usize) -> Option<Dossier> {
    let events = find_events(bytes)?;
    let total = events.elements.len();
    let threads = threads.clamp(1, 16).min(total.div_ceil(10_000)).max(1);
    let run = total.div_ceil(threads).max(1);
    let mut runs = events.elements.chunks(run);
    // The first run is parsed into the final vector, sized for all of them, so that the
    // others are appended without growing it.
    let first_run = runs.next().unwrap_or(&[]);
    let (rest, first, others) = std::thread::scope(|scope| {
        let others: Vec<_> = runs
            .map(|elements| {
                scope.spawn(move || {
                    let mut events = Vec::with_capacity(elements.len());
                    parse_run(bytes, elements, &mut events).map(|()| events)
                })
            })
            .collect();
        let rest = scope.spawn(|| {
            let mut without_events = Vec::with_capacity(bytes.len() - events.array.len() + 2);
            without_events.extend_from_slice(&bytes[..events.array.start]);
            without_events.extend_from_slice(b"[]");
            without_events.extend_from_slice(&bytes[events.array.end..]);
            serde_json::from_slice::<Dossier>(&without_events).ok()
        });
        let mut first = Vec::with_capacity(total);
        let first = parse_run(bytes, first_run, &mut first).map(|()| first);
        let others: Vec<Option<Vec<Box<Event>>>> = others
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect();
        (rest.join().ok().flatten(), first, others)
    });
    let mut dossier = rest?;
    let mut all = first?;
    for mut events in others {
        all.append(events.as_mut()?);
    }
    dossier.events = all;
    Some(dossier)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_bracket_or_quote_is_the_first_of_them_from_any_start() {
        // Random bytes of any value, with runs of spaces, UTF-8 and the control byte
        // that `| 0x20` makes a quote; every start, to cross word bounds.
        let mut bytes = Vec::new();
        let mut state = 7u32;
        for _ in 0..4000 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            match state >> 28 {
                0..=5 => bytes.extend_from_slice(b"      "),
                6 => bytes.extend_from_slice("王强 é".as_bytes()),
                7 => bytes.push(0x02),
                _ => bytes.push((state >> 16) as u8),
            }
        }
        for at in 0..=bytes.len() + 1 {
            let naive = bytes
                .get(at..)
                .and_then(|rest| rest.iter().position(|&b| is_bracket_or_quote(b)))
                .map(|p| at + p);
            assert_eq!(next_bracket_or_quote(&bytes, at), naive, "from {at}");
        }
    }
    use crate::model::generate::{GenerateOptions, generate};

    fn ordinary(bytes: &[u8]) -> Dossier {
        serde_json::from_slice(bytes).expect("the file parses")
    }

    #[test]
    fn gives_what_the_ordinary_parse_gives() {
        let generated = generate(GenerateOptions {
            events: 25_000,
            seed: 3,
        })
        .to_json();
        let built_in = crate::formats::builtin::DEFAULT_DOSSIER_JSON;
        for (name, json) in [("generated", generated.as_str()), ("built-in", built_in)] {
            for threads in [1, 2, 3] {
                let parsed = parse_in_parallel(json.as_bytes(), threads);
                assert!(
                    parsed.as_ref() == Some(&ordinary(json.as_bytes())),
                    "{name}, {threads} threads"
                );
            }
        }
    }

    #[test]
    fn escapes_nesting_and_unknown_keys_are_read_as_the_parser_reads_them() {
        let json = r#" { "format": "dossier", "version": 1, "title": "T \"q\" ]}",
            "x-extra": {"events": [1, 2, {"a": "]"}]},
            "lanes": [{"id": "a", "label": "A"}],
            "events" : [ {"id": "e1", "title": "say \"}\" \\", "start": "2025", "lane": "a",
                          "x": [[], {}]},
                         {"id": "e2", "title": "中文", "start": "2024-01-02", "lane": "a"} ] ,
            "tail": null } "#;
        assert_eq!(
            parse_in_parallel(json.as_bytes(), 2),
            Some(ordinary(json.as_bytes()))
        );
    }

    #[test]
    fn a_bad_value_deep_in_a_large_file_is_reported_where_it_is() {
        let json = generate(GenerateOptions {
            events: 12_000,
            seed: 5,
        })
        .to_json();
        assert!(
            json.len() > PARALLEL_PARSE_BYTES,
            "large enough for the threads"
        );
        let event = json.find("\"event-9000\"").expect("the event");
        let start = event + json[event..].find("\"start\": \"").expect("its start");
        let bad = format!(
            "{}\"start\": 5, \"was\": {}",
            &json[..start],
            &json[start + 9..]
        );
        let error = crate::formats::load::parse("big.json", bad.as_bytes())
            .expect_err("a number where a date goes");
        assert_eq!(error.path, "events[9000].start");
        assert_eq!(error.line, bad[..start].lines().count());
        assert!(
            error.message.contains("expected a string"),
            "{}",
            error.message
        );
    }

    #[test]
    fn invalid_utf8_deep_in_a_large_file_is_left_to_the_ordinary_parse() {
        let json = generate(GenerateOptions {
            events: 12_000,
            seed: 5,
        })
        .to_json();
        let event = json.find("\"event-9000\"").expect("the event");
        let title = event + json[event..].find("\"title\": \"").expect("its title") + 11;
        let mut bad = json.into_bytes();
        bad[title] = 0xFF;
        assert_eq!(parse_in_parallel(&bad, 2), None);
        let error = crate::formats::load::parse("big.json", &bad).expect_err("not UTF-8");
        assert!(error.message.contains("invalid UTF-8"), "{}", error.message);
        assert_eq!(error.line, bad[..title].split(|&b| b == b'\n').count());
    }

    #[test]
    fn anything_unusual_is_left_to_the_ordinary_parse() {
        for json in [
            r#"{"events": [{"id": "a"}, ]}"#,
            r#"{"events": [{"id": "a"} {"id": "b"}]}"#,
            r#"{"events": [], "events": []}"#,
            r#"{"events": [{"id": 1}]}"#,
            r#"{"title": 5, "events": []}"#,
            r#"{"events": []} trailing"#,
            r#"{"events": [{"id": "a"}]"#,
            r#"["events"]"#,
            r#"{"\u0065vents": []}"#,
            "",
        ] {
            assert_eq!(parse_in_parallel(json.as_bytes(), 2), None, "{json}");
        }
    }
}
