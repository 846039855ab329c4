//! The events as CSV, for spreadsheets. The output is deterministic: the same dossier
//! gives the same bytes.

use super::chronology::{events_in_order, lane_label};
use crate::model::document::Document;

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
pub fn write_events_csv<W: std::io::Write>(document: &Document, out: W) -> Result<W, ::csv::Error> {
    let dossier = &document.dossier;
    let index = &document.index;
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
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
                Some(source) => source.title.to_string(),
                None => id.to_string(),
            })
            .collect();
        writer.write_record([
            event.id.as_str(),
            event.start.as_str(),
            event.end().as_str(),
            &event.title,
            lane_label(document, &event.lane),
            event.certainty().key(),
            &event.importance().to_string(),
            &event.tags.join("; "),
            &entities.join("; "),
            &sources.join("; "),
            &event.summary,
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| ::csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that cannot be written, as on a full disk.
    #[derive(Debug)]
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
