//! Exporting a dossier as a `TimelineJS` JSON file.

use serde_json::{Map, Value};

use super::dates::date_object;
use super::html::{escape_html, text_to_html};
use super::importer::{TITLE_SLIDE_KEY, UNGROUPED_LANE_ID, UNGROUPED_LANE_LABEL};
use super::values::is_blank;
use crate::model::document::Document;

/// The dossier as a `TimelineJS` JSON file (pretty-printed, with a final newline): a title
/// slide from the title and description, one event per event with a valid date (in file
/// order), one era per period. See `docs/format-timelinejs.md` for the mapping.
pub fn to_timelinejs_json(document: &Document) -> String {
    let mut text = serde_json::to_string_pretty(&to_timelinejs_value(document))
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    text.push('\n');
    text
}

/// The `TimelineJS` JSON of a dossier as a value; see [`to_timelinejs_json`].
pub fn to_timelinejs_value(document: &Document) -> Value {
    let dossier = &document.dossier;
    let mut root = Map::new();

    let mut text = Map::new();
    text.insert("headline".to_owned(), escape_html(&dossier.title).into());
    if !dossier.description.trim().is_empty() {
        text.insert("text".to_owned(), text_to_html(&dossier.description).into());
    }
    let mut title = Map::new();
    title.insert("text".to_owned(), Value::Object(text));
    if let Some(Value::Object(kept)) = dossier.extra.get(TITLE_SLIDE_KEY) {
        merge_extra(&mut title, kept);
    }
    root.insert("title".to_owned(), Value::Object(title));

    let events: Vec<Value> = (0..dossier.events.len())
        .filter_map(|i| event_slide(document, i))
        .collect();
    root.insert("events".to_owned(), Value::Array(events));

    let eras: Vec<Value> = (0..dossier.periods.len())
        .filter_map(|i| era_slide(document, i))
        .collect();
    if !eras.is_empty() {
        root.insert("eras".to_owned(), Value::Array(eras));
    }
    for (key, value) in &dossier.extra {
        if key != TITLE_SLIDE_KEY && !root.contains_key(key) {
            root.insert(key.clone(), value.clone());
        }
    }
    Value::Object(root)
}

/// Adds kept `extra` keys to a generated object: a key the export wrote itself stays, and
/// for objects on both sides the kept keys are added to the written ones.
fn merge_extra(target: &mut Map<String, Value>, extra: &Map<String, Value>) {
    for (key, value) in extra {
        match (target.get_mut(key), value) {
            (Some(Value::Object(written)), Value::Object(kept)) => {
                for (k, v) in kept {
                    written.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            (Some(_), _) => {}
            (None, _) => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

fn slide_text(headline: &str, body: &str) -> Value {
    let mut text = Map::new();
    text.insert("headline".to_owned(), escape_html(headline).into());
    if !body.trim().is_empty() {
        text.insert("text".to_owned(), text_to_html(body).into());
    }
    Value::Object(text)
}

fn event_slide(document: &Document, i: usize) -> Option<Value> {
    let dossier = &document.dossier;
    let event = dossier.events.get(i)?;
    let span = document.index.event_span(i)?;
    let mut slide = Map::new();
    slide.insert("start_date".to_owned(), date_object(&span.start));
    if let Some(end) = &span.end {
        slide.insert("end_date".to_owned(), date_object(end));
    }
    if let Some(display) = event.extra.get("display_date") {
        slide.insert("display_date".to_owned(), display.clone());
    } else if span.is_qualified() {
        // TimelineJS has no "around" or "uncertain": say it in the date it shows.
        slide.insert("display_date".to_owned(), span.long().into());
    }
    slide.insert("text".to_owned(), slide_text(&event.title, &event.summary));

    let source = event
        .sources
        .first()
        .and_then(|id| document.index.source(id))
        .and_then(|s| dossier.sources.get(s));
    let kept_media = match event.extra.get("media") {
        Some(Value::Object(kept)) => Some(kept),
        _ => None,
    };
    if let Some(source) = source.filter(|s| !s.url.is_empty() || !s.publisher.is_empty()) {
        // TimelineJS shows media only with a url, but keeps the credit for a re-import.
        let mut media = Map::new();
        if !source.url.is_empty() {
            media.insert("url".to_owned(), source.url.clone().into());
        }
        if !source.publisher.is_empty() {
            media.insert("credit".to_owned(), escape_html(&source.publisher).into());
        }
        if !source.title.is_empty() && source.title != source.publisher {
            media.insert("caption".to_owned(), escape_html(&source.title).into());
        }
        // The event's own caption, thumbnail… as imported win over the source's.
        for (key, value) in kept_media.into_iter().flatten() {
            if key != "url" && key != "credit" {
                media.insert(key.clone(), value.clone());
            }
        }
        slide.insert("media".to_owned(), Value::Object(media));
    } else if let Some(kept) = kept_media {
        slide.insert("media".to_owned(), Value::Object(kept.clone()));
    }

    let lane = document
        .index
        .lane(&event.lane)
        .and_then(|l| dossier.lanes.get(l));
    // The lane an import makes for events without a group goes back to no group.
    let ungrouped =
        lane.is_some_and(|l| l.id == UNGROUPED_LANE_ID && l.label == UNGROUPED_LANE_LABEL);
    if !ungrouped {
        let label = lane.map_or(event.lane.as_str(), |l| l.label.as_str());
        slide.insert("group".to_owned(), label.into());
    }
    slide.insert("unique_id".to_owned(), event.id.clone().into());

    let mut extra = event.extra.clone();
    extra.remove("display_date");
    extra.remove("media");
    if span.end.is_none() && extra.get("end_date").is_some_and(|e| !has_year(e)) {
        extra.remove("end_date");
    }
    merge_extra(&mut slide, &extra);
    Some(Value::Object(slide))
}

fn has_year(value: &Value) -> bool {
    value.get("year").is_some_and(|y| !is_blank(y))
}

fn era_slide(document: &Document, i: usize) -> Option<Value> {
    let period = document.dossier.periods.get(i)?;
    let span = document.index.period_span(i)?;
    let mut slide = Map::new();
    slide.insert("start_date".to_owned(), date_object(&span.start));
    slide.insert(
        "end_date".to_owned(),
        date_object(span.end.as_ref().unwrap_or(&span.start)),
    );
    slide.insert(
        "text".to_owned(),
        slide_text(&period.label, &period.description),
    );
    // TimelineJS ignores it; a re-import gives the period its id back.
    slide.insert("unique_id".to_owned(), period.id.clone().into());
    merge_extra(&mut slide, &period.extra);
    Some(Value::Object(slide))
}
