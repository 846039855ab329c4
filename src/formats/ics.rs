//! The events as an iCalendar file, for calendar applications. The output is
//! deterministic: the same dossier gives the same bytes.

use super::chronology::{events_in_order, lane_label};
use crate::model::dataset::Certainty;
use crate::model::date::{FuzzyDate, Precision, civil_from_days, days_from_civil};
use crate::model::document::Document;

/// The fixed `DTSTAMP` of every event: the export depends on the dossier only, never on
/// the clock, so that exporting twice gives the same file.
pub const ICALENDAR_DTSTAMP: &str = "19700101T000000Z";

/// Years iCalendar can write (`DATE` has four digits, and a Gregorian year 0 does not exist).
const ICALENDAR_YEARS: std::ops::RangeInclusive<i64> = 1..=9999;

/// The events as an iCalendar file (RFC 5545), in time order:
///
/// - a day-precision event is an all-day event: `DTSTART;VALUE=DATE:20250726` and, for a
///   range, `DTEND;VALUE=DATE:` the day after its last day (the end is exclusive), so
///   26–28 July ends on `20250729`;
/// - an event known only to the month or year is an all-day span over that whole month
///   or year, and its description says the date is only known to the month or year;
/// - an event at minute or second precision is at a floating local time (no time zone);
/// - events dated before year 1 or after 9999 cannot be written and are left out; the
///   calendar's `X-DOSSIER-SKIPPED` property counts them.
///
/// `UID` is `event-id-DOSSIER@dossier`, where `DOSSIER` is 8 hex digits of a hash of the
/// dossier's title ([`dossier_uid_part`]): two dossiers with an `event-1` each give two
/// different calendar events, and the same dossier gives the same UIDs in every export.
/// `DTSTAMP` is fixed ([`ICALENDAR_DTSTAMP`]), `SUMMARY` the
/// title, `DESCRIPTION` the summary and the sources with their addresses, `CATEGORIES`
/// the lane and tags, `URL` the first source's address, `STATUS` `TENTATIVE` for reported
/// or uncertain events. Lines end with CRLF and are folded at 75 octets.
pub fn icalendar(document: &Document) -> String {
    let dossier = &document.dossier;
    let mut events = String::new();
    let mut skipped = 0_usize;
    for i in events_in_order(document) {
        match vevent(document, i) {
            Some(lines) => {
                for line in lines {
                    fold_line(&line, &mut events);
                }
            }
            None => skipped += 1,
        }
    }
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!(
            "PRODID:-//Dossier//Dossier {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape_text(&dossier.title)),
    ] {
        fold_line(&line, &mut out);
    }
    if !dossier.description.is_empty() {
        fold_line(
            &format!("X-WR-CALDESC:{}", escape_text(&dossier.description)),
            &mut out,
        );
    }
    if skipped > 0 {
        fold_line(&format!("X-DOSSIER-SKIPPED:{skipped}"), &mut out);
    }
    out.push_str(&events);
    fold_line("END:VCALENDAR", &mut out);
    out
}

/// The part of every `UID` that names the dossier: 8 hex digits of the 64-bit FNV-1a hash
/// of its title. Written out here, not taken from the standard library, whose hashes may
/// change between Rust versions: a UID must not.
pub fn dossier_uid_part(title: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in title.trim().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

/// The lines of one `VEVENT`, or `None` if its dates cannot be written.
fn vevent(document: &Document, i: usize) -> Option<Vec<String>> {
    let dossier = &document.dossier;
    let index = &document.index;
    let event = dossier.events.get(i)?;
    let span = event.span()?;
    let start = span.start;
    let end = span.end.unwrap_or(start);
    let timed = start.precision >= Precision::Minute && end.precision >= Precision::Minute;
    let coarsest = start.precision.min(end.precision);

    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!(
            "UID:{}-{}@dossier",
            escape_text(&event.id),
            dossier_uid_part(&dossier.title)
        ),
        format!("DTSTAMP:{ICALENDAR_DTSTAMP}"),
    ];
    if timed {
        if !ICALENDAR_YEARS.contains(&start.year) || !ICALENDAR_YEARS.contains(&end.year) {
            return None;
        }
        lines.push(format!("DTSTART:{}", date_time(&start)));
        if span.end.is_some() {
            lines.push(format!("DTEND:{}", date_time(&end)));
        }
    } else {
        let first = days_from_civil(start.year, start.month, start.day);
        let after_last = day_after(&end);
        let (first, after_last) = (civil_from_days(first), civil_from_days(after_last));
        if !ICALENDAR_YEARS.contains(&first.0) || !ICALENDAR_YEARS.contains(&after_last.0) {
            return None;
        }
        lines.push(format!("DTSTART;VALUE=DATE:{}", date(first)));
        lines.push(format!("DTEND;VALUE=DATE:{}", date(after_last)));
    }
    lines.push(format!("SUMMARY:{}", escape_text(&event.title)));

    let mut description: Vec<String> = Vec::new();
    if !event.summary.trim().is_empty() {
        description.push(event.summary.trim().to_owned());
    }
    if coarsest < Precision::Day || span.is_qualified() {
        let mut note = format!("Date: {}", span.long());
        if coarsest < Precision::Day {
            note.push_str(&format!(" (known only to the {})", coarsest.name()));
        }
        note.push('.');
        description.push(note);
    }
    let sources: Vec<&crate::model::dataset::Source> = event
        .sources
        .iter()
        .filter_map(|id| index.source(id).map(|s| &dossier.sources[s]))
        .collect();
    if !sources.is_empty() {
        let mut text = "Sources:".to_owned();
        for source in &sources {
            text.push_str("\n- ");
            text.push_str(&source.title);
            if !source.publisher.is_empty() {
                text.push_str(&format!(" ({})", source.publisher));
            }
            if !source.url.is_empty() {
                text.push_str(&format!(": {}", source.url));
            }
        }
        description.push(text);
    }
    if !description.is_empty() {
        lines.push(format!(
            "DESCRIPTION:{}",
            escape_text(&description.join("\n\n"))
        ));
    }
    let mut categories = vec![escape_text(lane_label(document, &event.lane))];
    categories.extend(
        event
            .tags
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| escape_text(t)),
    );
    lines.push(format!("CATEGORIES:{}", categories.join(",")));
    if let Some(url) = sources
        .iter()
        .map(|s| s.url.trim())
        .find(|u| !u.is_empty() && !u.contains(char::is_whitespace))
    {
        lines.push(format!("URL:{url}"));
    }
    let status = match event.certainty() {
        Certainty::Confirmed => "CONFIRMED",
        Certainty::Reported | Certainty::Uncertain => "TENTATIVE",
    };
    lines.push(format!("STATUS:{status}"));
    lines.push("END:VEVENT".to_owned());
    Some(lines)
}

/// Day number of the first day after the last day a date covers.
fn day_after(date: &FuzzyDate) -> i64 {
    match date.precision {
        Precision::Year => days_from_civil(date.year + 1, 1, 1),
        Precision::Month if date.month == 12 => days_from_civil(date.year + 1, 1, 1),
        Precision::Month => days_from_civil(date.year, date.month + 1, 1),
        Precision::Day | Precision::Minute | Precision::Second => {
            days_from_civil(date.year, date.month, date.day) + 1
        }
    }
}

fn date((year, month, day): (i64, u8, u8)) -> String {
    format!("{year:04}{month:02}{day:02}")
}

fn date_time(d: &FuzzyDate) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        d.year, d.month, d.day, d.hour, d.minute, d.second
    )
}

/// Escapes an iCalendar TEXT value: `\`, `;`, `,` and line breaks; other control
/// characters are dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes a content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8
/// character, with CRLF line ends.
pub fn fold_line(line: &str, out: &mut String) {
    let mut octets = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if octets + len > 75 {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += len;
    }
    out.push_str("\r\n");
}
