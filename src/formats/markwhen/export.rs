//! Writing a dossier as a Markwhen file: a header with the title and description, then
//! one group per lane with its events, each followed by its summary and its sources as
//! links. Deterministic: the same dossier gives the same text.

use super::import::UNGROUPED_LANE;
use crate::model::date::FuzzyDate;
use crate::model::document::Document;

/// The dossier as Markwhen text, ending with one line break. Events whose dates do not
/// parse are left out; the qualifiers `~ ? %`, which Markwhen does not read, are dropped.
/// The lane an import makes for events outside groups (`main`, "Events") writes no group.
pub fn to_markwhen(document: &Document) -> String {
    let dossier = &document.dossier;
    let index = &document.index;
    let mut out = String::from("---\n");
    out.push_str(&format!(
        "title: {}\n",
        yaml_string(&one_line(&dossier.title))
    ));
    if !dossier.description.trim().is_empty() {
        out.push_str(&format!(
            "description: {}\n",
            yaml_string(&one_line(&dossier.description))
        ));
    }
    out.push_str("---\n");
    for (l, lane) in dossier.lanes.iter().enumerate() {
        let events: Vec<usize> = (0..dossier.events.len())
            .filter(|&i| index.lane(&dossier.events[i].lane) == Some(l))
            .collect();
        if events.is_empty() {
            continue;
        }
        let grouped = !(lane.id == UNGROUPED_LANE.0 && lane.label == UNGROUPED_LANE.1);
        out.push('\n');
        if grouped {
            out.push_str(&format!("group {}\n", one_line(&lane.label)));
        }
        for i in events {
            let event = &dossier.events[i];
            let Some(span) = event.span() else {
                continue;
            };
            let mut range = plain_date(&span.start);
            if let Some(end) = &span.end {
                range.push('/');
                range.push_str(&plain_date(end));
            }
            let tags: String = event
                .tags
                .iter()
                .map(|t| format!(" #{}", t.split_whitespace().collect::<Vec<_>>().join("-")))
                .collect();
            out.push_str(&format!("{range}: {}{tags}\n", one_line(&event.title)));
            for line in event.summary.lines() {
                if line.trim().is_empty() {
                    out.push('\n');
                } else {
                    out.push_str(&format!("  {}\n", line.trim()));
                }
            }
            for id in &event.sources {
                if let Some(source) = index.source(id).and_then(|s| dossier.sources.get(s))
                    && !source.url.is_empty()
                {
                    out.push_str(&format!(
                        "  [{}]({})\n",
                        one_line(&source.title).replace(['[', ']'], ""),
                        source.url
                    ));
                }
            }
        }
        if grouped {
            out.push_str("endGroup\n");
        }
    }
    out
}

/// A date as Markwhen reads it: EDTF without qualifier, long years with EDTF's `Y`.
fn plain_date(date: &FuzzyDate) -> String {
    let mut plain = *date;
    plain.approximate = false;
    plain.uncertain = false;
    let text = plain.to_string();
    if date.year.unsigned_abs() > 9999 {
        format!("Y{text}")
    } else {
        text
    }
}

/// A header value as YAML reads it: double-quoted, with `"` and `\` escaped.
fn yaml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
