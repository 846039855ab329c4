//! Exporting a dossier as a `TimelineJS` JSON file.

use serde_json::{Map, Value};

use super::dates::date_object;
use super::html::{escape_html, text_to_html};
use super::importer::{
    GENERATED_TITLE_KEY, TITLE_SLIDE_KEY, UNGROUPED_LANE_ID, UNGROUPED_LANE_LABEL,
    is_generated_title,
};
use super::values::is_blank;
use crate::model::dataset::Event;
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

    let mut title = Map::new();
    let text = slide_text(&dossier.title, &dossier.description, &dossier.extra);
    if text.as_object().is_some_and(|t| !t.is_empty()) {
        title.insert("text".to_owned(), text);
    }
    if let Some(Value::Object(kept)) = dossier.extra.get(TITLE_SLIDE_KEY) {
        merge_extra(&mut title, kept);
    }
    // A file without a title slide gets none: the file name is not a headline.
    if !title.is_empty() {
        root.insert("title".to_owned(), Value::Object(title));
    }

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
        if key != TITLE_SLIDE_KEY && key != GENERATED_TITLE_KEY && !root.contains_key(key) {
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

/// A slide's `text`: the headline unless an import made it up, and the body if any.
fn slide_text(headline: &str, body: &str, extra: &Map<String, Value>) -> Value {
    let mut text = Map::new();
    if !is_generated_title(extra, headline) {
        text.insert("headline".to_owned(), escape_html(headline).into());
    }
    if !body.trim().is_empty() {
        text.insert("text".to_owned(), text_to_html(body).into());
    }
    Value::Object(text)
}

fn event_slide(document: &Document, i: usize) -> Option<Value> {
    let dossier = &document.dossier;
    let event = dossier.events.get(i)?;
    let span = event.span()?;
    let mut slide = Map::new();
    slide.insert("start_date".to_owned(), date_object(&span.start));
    if let Some(end) = &span.end {
        slide.insert("end_date".to_owned(), date_object(end));
    }
    if let Some(display) = event.extra().get("display_date") {
        slide.insert("display_date".to_owned(), display.clone());
    } else if span.is_qualified() {
        // TimelineJS has no "around" or "uncertain": say it in the date it shows.
        slide.insert("display_date".to_owned(), span.long().into());
    }
    slide.insert(
        "text".to_owned(),
        slide_text(&event.title, &event.summary, event.extra()),
    );
    if let Some(media) = event_media(document, event) {
        slide.insert("media".to_owned(), Value::Object(media));
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
    slide.insert("unique_id".to_owned(), event.id.as_str().into());

    let mut extra = event.extra().clone();
    extra.remove("display_date");
    extra.remove("media");
    extra.remove(GENERATED_TITLE_KEY);
    if span.end.is_none() && extra.get("end_date").is_some_and(|e| !has_year(e)) {
        extra.remove("end_date");
    }
    merge_extra(&mut slide, &extra);
    Some(Value::Object(slide))
}

/// The event's `media`: its first source (url, publisher as credit, title as caption
/// unless an import made it up) with what the import kept of the original media (an
/// embedded `<iframe>`, a thumbnail, a caption of its own). `TimelineJS` reads
/// `media.url` of every media object and refuses the whole timeline when one has none, so
/// the url is always written, empty when there is none to show.
fn event_media(document: &Document, event: &Event) -> Option<Map<String, Value>> {
    let source = event
        .sources
        .first()
        .and_then(|id| document.index.source(id))
        .and_then(|s| document.dossier.sources.get(s));
    let kept = match event.extra().get("media") {
        Some(Value::Object(kept)) => Some(kept),
        _ => None,
    };
    let mut media = Map::new();
    let mut url = String::new();
    if let Some(source) = source {
        url = source.url.to_string();
        if !source.publisher.is_empty() {
            media.insert("credit".to_owned(), escape_html(&source.publisher).into());
        }
        if !source.title.is_empty() && !is_generated_title(&source.extra, &source.title) {
            media.insert("caption".to_owned(), escape_html(&source.title).into());
        }
    }
    for (key, value) in kept.into_iter().flatten() {
        match key.as_str() {
            // Embedded media code, for an event whose source has no link of its own.
            "url" if url.is_empty() => {
                if let Some(kept_url) = value.as_str() {
                    kept_url.clone_into(&mut url);
                }
            }
            "url" => {}
            "credit" if source.is_some() => {}
            // The event's own caption, thumbnail… as imported win over the source's.
            _ => {
                media.insert(key.clone(), value.clone());
            }
        }
    }
    if media.is_empty() && url.is_empty() {
        return None;
    }
    media.insert("url".to_owned(), url.into());
    Some(media)
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
        slide_text(&period.label, &period.description, &period.extra),
    );
    // TimelineJS ignores it; a re-import gives the period its id back.
    slide.insert("unique_id".to_owned(), period.id.clone().into());
    let mut extra = period.extra.clone();
    extra.remove(GENERATED_TITLE_KEY);
    merge_extra(&mut slide, &extra);
    Some(Value::Object(slide))
}
