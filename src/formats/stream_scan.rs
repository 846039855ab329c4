//! Finding a Dossier file's top-level `events` array and its elements in bytes that
//! arrive a chunk at a time, for `stream_load`. The scans of `parallel_parse` see the
//! whole file, so running out of bytes means a broken file; these see a part of it and
//! tell "not yet" (`Ok` with nothing found, or the bytes to keep) from "not the plain
//! Dossier object a streamed load handles" ([`Unusual`]).

use std::ops::Range;

use super::detect::BOM;
use super::parallel_parse::{skip_string, skip_value, skip_whitespace};

/// What a streamed load leaves to the ordinary one, which words it if it is an error.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unusual;

/// Finds the top-level `events` array in a file's first bytes as more of them arrive. It
/// keeps where the next key starts, so that each look scans only the new bytes and the
/// value the end of the old ones cut.
#[derive(Default)]
pub(super) struct HeadScan {
    /// Where the object's next member starts; 0 until its `{` is seen.
    pub at: usize,
    /// A key before the events says it is a Dossier file: `"format": "dossier"` or `lanes`.
    pub says_dossier: bool,
}

impl HeadScan {
    /// Where the `[` of the `events` array is; `None` until the bytes reach it.
    pub fn scan(&mut self, bytes: &[u8]) -> Result<Option<usize>, Unusual> {
        if self.at == 0 {
            if bytes.len() < BOM.len() && BOM.starts_with(bytes) {
                return Ok(None);
            }
            let body = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
            let open = skip_whitespace(bytes, body);
            match bytes.get(open) {
                None => return Ok(None),
                Some(b'{') => self.at = open + 1,
                Some(_) => return Err(Unusual),
            }
        }
        loop {
            let key = skip_whitespace(bytes, self.at);
            match bytes.get(key) {
                None => return Ok(None),
                Some(b'"') => {}
                Some(_) => return Err(Unusual),
            }
            let Some(key_end) = skip_string(bytes, key) else {
                return Ok(None);
            };
            let colon = skip_whitespace(bytes, key_end);
            match bytes.get(colon) {
                None => return Ok(None),
                Some(b':') => {}
                Some(_) => return Err(Unusual),
            }
            let value = skip_whitespace(bytes, colon + 1);
            let Some(&first) = bytes.get(value) else {
                return Ok(None);
            };
            let name = &bytes[key + 1..key_end - 1];
            if name == b"events" {
                return if first == b'[' {
                    Ok(Some(value))
                } else {
                    Err(Unusual)
                };
            }
            let end = match skip_value(bytes, value) {
                Some(end) => end,
                None if matches!(first, b'"' | b'{' | b'[') => return Ok(None),
                None => return Err(Unusual),
            };
            self.says_dossier |=
                name == b"lanes" || (name == b"format" && &bytes[value..end] == b"\"dossier\"");
            // A number cut by the end of the bytes looks whole: nothing after it yet.
            let next = skip_whitespace(bytes, end);
            match bytes.get(next) {
                None => return Ok(None),
                Some(b',') => self.at = next + 1,
                // An object without events, or no object: the ordinary parse words it.
                Some(_) => return Err(Unusual),
            }
        }
    }
}

/// What the events array holds next.
#[derive(Clone, Copy, Default)]
enum Expect {
    #[default]
    FirstOrEnd,
    Element,
    CommaOrEnd,
}

/// The complete elements in a buffer of the events array.
pub(super) struct Found {
    pub elements: Vec<Range<usize>>,
    /// Where the bytes not scanned yet start (an element the buffer's end cut).
    pub rest: usize,
    /// Just past the array's `]`, once it is in the buffer.
    pub end: Option<usize>,
}

/// Finds the elements of the events array in buffer after buffer; each buffer starts
/// with the bytes the previous scan left (see [`Found::rest`]).
#[derive(Default)]
pub(super) struct ElementScan {
    expect: Expect,
}

impl ElementScan {
    pub fn scan(&mut self, bytes: &[u8]) -> Result<Found, Unusual> {
        let mut elements = Vec::new();
        let mut at = 0;
        loop {
            at = skip_whitespace(bytes, at);
            let cut = |elements| {
                Ok(Found {
                    elements,
                    rest: at,
                    end: None,
                })
            };
            let Some(&byte) = bytes.get(at) else {
                return cut(elements);
            };
            match (self.expect, byte) {
                (Expect::FirstOrEnd | Expect::CommaOrEnd, b']') => {
                    return Ok(Found {
                        elements,
                        rest: at + 1,
                        end: Some(at + 1),
                    });
                }
                (Expect::FirstOrEnd | Expect::Element, b'{') => {
                    let Some(end) = skip_value(bytes, at) else {
                        return cut(elements);
                    };
                    elements.push(at..end);
                    at = end;
                    self.expect = Expect::CommaOrEnd;
                }
                (Expect::CommaOrEnd, b',') => {
                    at += 1;
                    self.expect = Expect::Element;
                }
                // Events are objects; anything else, or a misplaced comma, is for the
                // ordinary parse to word.
                _ => return Err(Unusual),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\u{FEFF} {\"format\" : \"dossier\", \"n\": 12, \"x\": {\"events\": [\"]\"]},\n \
        \"lanes\": [{\"id\": \"a\\\"]\"}], \"events\" :[ {\"id\": \"e1\", \"t\": \"}\\\\\"} ,\
        {\"id\": \"e2\", \"x\": [[], {}]}\t]\n, \"tail\": null}";

    /// Scans `bytes` as a streamed load does, the bytes arriving up to `cut`, then all.
    fn head_in_two(bytes: &[u8], cut: usize) -> (Option<usize>, bool) {
        let mut scan = HeadScan::default();
        let early = scan.scan(&bytes[..cut]).expect("a prefix is never unusual");
        let found = early.or_else(|| scan.scan(bytes).expect("nor the whole"));
        (found, scan.says_dossier)
    }

    #[test]
    fn the_events_array_is_found_wherever_the_bytes_are_cut() {
        let bytes = FILE.as_bytes();
        let bracket = FILE.find(":[").unwrap() + 1;
        for cut in 0..=bytes.len() {
            assert_eq!(
                head_in_two(bytes, cut),
                (Some(bracket), true),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn elements_are_found_wherever_the_bytes_are_cut() {
        let array = &FILE[FILE.find(":[").unwrap() + 2..];
        let text = |bytes: &str, found: &Found| -> Vec<String> {
            let elements = found.elements.iter();
            elements.map(|e| bytes[e.clone()].to_owned()).collect()
        };
        let mut whole = ElementScan::default();
        let all = whole.scan(array.as_bytes()).unwrap();
        let expected = text(array, &all);
        assert_eq!(expected.len(), 2);
        assert_eq!(&array[all.end.unwrap()..], "\n, \"tail\": null}");
        for cut in 0..=array.len() {
            let mut scan = ElementScan::default();
            let first = scan.scan(&array.as_bytes()[..cut]).unwrap();
            let mut seen = text(array, &first);
            let after = if let Some(end) = first.end {
                &array[end..]
            } else {
                let kept = &array[first.rest..];
                let second = scan.scan(kept.as_bytes()).unwrap();
                seen.extend(text(kept, &second));
                &kept[second.end.unwrap()..]
            };
            assert_eq!(seen, expected, "cut at {cut}");
            assert_eq!(after, "\n, \"tail\": null}", "cut at {cut}");
        }
    }

    #[test]
    fn what_no_plain_dossier_holds_is_unusual_at_once() {
        for head in [
            "[",
            "{\"format\": }",
            "{\"format\" \"dossier\"",
            "{\"events\": {",
            "{\"title\": \"t\"}",
            "{\"title\": \"t\" \"events\": [",
            "{5: 1}",
        ] {
            let scan = HeadScan::default().scan(head.as_bytes());
            assert_eq!(scan, Err(Unusual), "{head}");
        }
        for array in ["1]", "{},]", "{} {}]", ",{}]", "\"e\"]"] {
            let scan = ElementScan::default().scan(array.as_bytes());
            assert!(scan.is_err(), "{array}");
        }
    }
}
