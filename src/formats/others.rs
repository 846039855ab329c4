//! Whole-dossier exports for other tools: a CSV of events for spreadsheets, an iCalendar
//! file for calendar applications, and Markdown of the whole dossier. (`TimelineJS` JSON
//! is in [`super::timelinejs`].) Every output is deterministic: the same dossier gives
//! the same bytes.

use crate::model::briefing_view::BriefingView;
use crate::model::dataset::{Certainty, EntityKind};
use crate::model::date::{FuzzyDate, Precision, civil_from_days, days_from_civil, display_year};
use crate::model::document::Document;
use crate::model::index::Span;

/// The columns of [`events_csv`].
pub const EVENTS_CSV_HEADER: [&str; 11] = [
    "id",
    "start",
    "end",
    "title",
    "lane",
    "certainty",
    "importance",
    "tags",
    "entities",
    "sources",
    "summary",
];

/// Events in time order, then any whose dates are invalid, in file order.
fn events_in_order(document: &Document) -> Vec<usize> {
    let mut order = document.index.chronological().to_vec();
    order.extend((0..document.dossier.events.len()).filter(|&i| document.index.rank(i).is_none()));
    order
}

fn lane_label<'a>(document: &'a Document, lane: &'a str) -> &'a str {
    document
        .index
        .lane(lane)
        .and_then(|l| document.dossier.lanes.get(l))
        .map_or(lane, |l| l.label.as_str())
}

/// One row per event (in time order) under [`EVENTS_CSV_HEADER`], RFC 4180 quoting and
/// CRLF line ends: `lane` is the lane's label, `tags` are joined with `; `, `entities` as
/// `Name (role); Name`, `sources` as `Title <url>; Title`. Dates are the dossier's own
/// strings (`2025-07-26`, `2026-07~`).
pub fn events_csv(document: &Document) -> Result<String, ::csv::Error> {
    let bytes = write_events_csv(document, Vec::new())?;
    String::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e).into())
}

/// Writes [`events_csv`] to `out` and gives it back; an error of `out` is returned, never
/// written into the file.
pub fn write_events_csv<W: std::io::Write>(
    document: &Document,
    out: W,
) -> Result<W, ::csv::Error> {
    let dossier = &document.dossier;
    let index = &document.index;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(EVENTS_CSV_HEADER)?;
    for i in events_in_order(document) {
        let event = &dossier.events[i];
        let entities: Vec<String> = event
            .entities
            .iter()
            .map(|r| {
                let name = index
                    .entity(&r.id)
                    .map_or(r.id.as_str(), |e| dossier.entities[e].name.as_str());
                if r.role.is_empty() {
                    name.to_owned()
                } else {
                    format!("{name} ({})", r.role)
                }
            })
            .collect();
        let sources: Vec<String> = event
            .sources
            .iter()
            .map(|id| match index.source(id).map(|s| &dossier.sources[s]) {
                Some(source) if !source.url.is_empty() => {
                    format!("{} <{}>", source.title, source.url)
                }
                Some(source) => source.title.clone(),
                None => id.clone(),
            })
            .collect();
        writer.write_record([
            event.id.as_str(),
            event.start.as_str(),
            event.end.as_str(),
            event.title.as_str(),
            lane_label(document, &event.lane),
            event.certainty().key(),
            &event.importance().to_string(),
            &event.tags.join("; "),
            &entities.join("; "),
            &sources.join("; "),
            event.summary.as_str(),
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| ::csv::Error::from(e.into_error()))
}

// ---------------------------------------------------------------------------------------
// iCalendar
// ---------------------------------------------------------------------------------------

/// The fixed `DTSTAMP` of every event: the export depends on the dossier only, never on
/// the clock, so that exporting twice gives the same file.
pub const ICALENDAR_DTSTAMP: &str = "19700101T000000Z";

/// Years iCalendar can write (`DATE` has four digits, and a Gregorian year 0 does not exist).
const ICALENDAR_YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

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
/// `UID` is `event-id@dossier`, `DTSTAMP` is fixed ([`ICALENDAR_DTSTAMP`]), `SUMMARY` the
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

/// The lines of one `VEVENT`, or `None` if its dates cannot be written.
fn vevent(document: &Document, i: usize) -> Option<Vec<String>> {
    let dossier = &document.dossier;
    let index = &document.index;
    let event = dossier.events.get(i)?;
    let span = index.event_span(i)?;
    let start = span.start;
    let end = span.end.unwrap_or(start);
    let timed = start.precision >= Precision::Minute && end.precision >= Precision::Minute;
    let coarsest = start.precision.min(end.precision);

    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@dossier", escape_text(&event.id)),
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

fn date((year, month, day): (i32, u8, u8)) -> String {
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

// ---------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------

/// The whole dossier in Markdown: title and description, the chronology by year (dates
/// written out, lane, sources as numbered references, summaries), periods, entities by
/// kind with their aliases and events, the numbered sources, then every briefing as its
/// own export renders it (headings moved two levels down, under "Briefings"). The text
/// ends with one line break.
pub fn dossier_markdown(document: &Document) -> String {
    let dossier = &document.dossier;
    let index = &document.index;
    let mut out = format!("# {}\n\n", dossier.title.trim());
    paragraphs(&mut out, &dossier.description, "");

    // Sources are numbered in the order the chronology first cites them, then the rest.
    let order = events_in_order(document);
    let mut numbered: Vec<usize> = Vec::new();
    for &i in &order {
        for id in &dossier.events[i].sources {
            if let Some(s) = index.source(id)
                && !numbered.contains(&s)
            {
                numbered.push(s);
            }
        }
    }
    for s in 0..dossier.sources.len() {
        if !numbered.contains(&s) && index.source(&dossier.sources[s].id) == Some(s) {
            numbered.push(s);
        }
    }
    let number_of = |id: &str| {
        index
            .source(id)
            .and_then(|s| numbered.iter().position(|&n| n == s))
            .map(|p| p + 1)
    };

    if !order.is_empty() {
        out.push_str("## Chronology\n\n");
        let mut year: Option<Option<i32>> = None;
        for &i in &order {
            let event = &dossier.events[i];
            let span = index.event_span(i);
            let event_year = span.map(|s| s.start.year);
            if year != Some(event_year) {
                year = Some(event_year);
                let heading = event_year.map_or_else(|| "Undated".to_owned(), display_year);
                out.push_str(&format!("### {heading}\n\n"));
            }
            let date = span.map_or_else(|| event.start.clone(), Span::long);
            let mut note = lane_label(document, &event.lane).to_owned();
            if event.certainty() != Certainty::Confirmed {
                note.push_str("; ");
                note.push_str(event.certainty().key());
            }
            let marks: String = event
                .sources
                .iter()
                .filter_map(|id| number_of(id))
                .map(|n| format!(" [{n}]"))
                .collect();
            out.push_str(&format!(
                "- **{date}**: {} *({note})*{marks}\n",
                event.title.trim()
            ));
            out.push('\n');
            paragraphs(&mut out, &event.summary, "  ");
        }
    }

    if !dossier.periods.is_empty() {
        out.push_str("## Periods\n\n");
        for (i, period) in dossier.periods.iter().enumerate() {
            let span = index
                .period_span(i)
                .map_or_else(|| format!("{} – {}", period.start, period.end), Span::long);
            out.push_str(&format!("- **{}** ({span})", period.label.trim()));
            if !period.description.trim().is_empty() {
                out.push_str(&format!(
                    ": {}",
                    period
                        .description
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                ));
            }
            out.push('\n');
        }
        out.push('\n');
    }

    if !dossier.entities.is_empty() {
        out.push_str("## Entities\n\n");
        for kind in EntityKind::ALL {
            let of_kind: Vec<usize> = (0..dossier.entities.len())
                .filter(|&e| dossier.entities[e].kind == kind)
                .collect();
            if of_kind.is_empty() {
                continue;
            }
            out.push_str(&format!("### {}\n\n", kind.plural_label()));
            for e in of_kind {
                let entity = &dossier.entities[e];
                out.push_str(&format!("- **{}**", entity.name.trim()));
                if !entity.aliases.is_empty() {
                    out.push_str(&format!(" ({})", entity.aliases.join(", ")));
                }
                if !entity.description.trim().is_empty() {
                    out.push_str(&format!(": {}", entity.description.trim()));
                }
                out.push('\n');
                let events: Vec<String> = index
                    .entity_events(e)
                    .iter()
                    .map(|&i| {
                        let event = &dossier.events[i];
                        let date = index
                            .event_span(i)
                            .map_or_else(|| event.start.clone(), Span::long);
                        match event.role_of(&entity.id) {
                            Some(role) if !role.is_empty() => {
                                format!("{date}: {} ({role})", event.title.trim())
                            }
                            _ => format!("{date}: {}", event.title.trim()),
                        }
                    })
                    .collect();
                if !events.is_empty() {
                    out.push_str(&format!("  Events: {}\n", events.join("; ")));
                }
            }
            out.push('\n');
        }
    }

    if !numbered.is_empty() {
        out.push_str("## Sources\n\n");
        for (n, &s) in numbered.iter().enumerate() {
            let source = &dossier.sources[s];
            let title = if source.url.is_empty() {
                source.title.trim().to_owned()
            } else {
                format!("[{}]({})", source.title.trim(), source.url)
            };
            let published = FuzzyDate::parse(&source.published)
                .map_or_else(|_| source.published.clone(), |d| d.long());
            let details: Vec<&str> = [source.publisher.as_str(), published.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            out.push_str(&format!("{}. {title}.", n + 1));
            if !details.is_empty() {
                out.push_str(&format!(" {}.", details.join(", ")));
            }
            out.push('\n');
        }
        out.push('\n');
    }

    if !dossier.briefings.is_empty() {
        out.push_str("## Briefings\n\n");
        for briefing in &dossier.briefings {
            let view = BriefingView::new(document, briefing);
            out.push_str(&demote_headings(&view.to_markdown(), 2));
            out.push_str("\n\n");
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Appends the paragraphs of a text (blank-line separated), each line indented.
fn paragraphs(out: &mut String, text: &str, indent: &str) {
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let lines: Vec<String> = paragraph
            .trim()
            .lines()
            .map(|l| format!("{indent}{}", l.trim()))
            .collect();
        out.push_str(&lines.join("  \n"));
        out.push_str("\n\n");
    }
}

/// Moves every ATX heading (`# Title`) of a Markdown text down by `levels`.
fn demote_headings(markdown: &str, levels: usize) -> String {
    markdown
        .lines()
        .map(|line| {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            if hashes > 0 && line[hashes..].starts_with(' ') {
                format!("{}{line}", "#".repeat(levels))
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that cannot be written, as on a full disk.
    struct FullDisk;

    impl std::io::Write for FullDisk {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("no space left on device"))
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_csv_write_error_is_returned_not_written_into_the_file() {
        let document = crate::formats::default_dossier();
        let error = write_events_csv(&document, FullDisk).unwrap_err();
        assert!(
            error.to_string().contains("no space left on device"),
            "{error}"
        );
        let text = events_csv(&document).unwrap();
        assert!(text.starts_with("id,start,end,title,"), "{text}");
        assert!(!text.contains("error:"));
    }
}
