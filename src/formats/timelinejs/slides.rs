//! Reading `TimelineJS` slides (the title slide, events, eras and their media) into the
//! dossier; the JSON and CSV importers both hand their slides to these.

use serde_json::{Map, Value};

use super::html::html_to_line;
use super::importer::{
    At, GENERATED_TITLE_KEY, Importer, TITLE_SLIDE_KEY, claim_id, is_generated_title, put_object,
};
use super::values::{is_blank, scalar_text};
use crate::model::dataset::{Event, Period, Source};
use crate::model::date::FuzzyDate;
use crate::model::ids::slug;
use crate::model::validate::is_valid_id;

impl Importer {
    pub(crate) fn title_slide(&mut self, slide: &Map<String, Value>, at: &At) {
        self.has_title_slide = true;
        let mut kept = Map::new();
        for (key, value) in slide {
            match (key.as_str(), value) {
                ("text", Value::Object(text)) => {
                    let mut rest = Map::new();
                    for (k, v) in text {
                        let sub = format!("text.{k}");
                        match (k.as_str(), scalar_text(v)) {
                            ("headline", Some(html)) => {
                                self.dossier.title = self.plain(at, &sub, &html, true);
                            }
                            ("text", Some(html)) => {
                                self.dossier.description = self.plain(at, &sub, &html, false);
                            }
                            _ => self.keep(at, &sub, k, v, &mut rest),
                        }
                    }
                    if !rest.is_empty() {
                        kept.insert("text".to_owned(), Value::Object(rest));
                    }
                }
                _ => self.keep(at, key, key, value, &mut kept),
            }
        }
        if !kept.is_empty() {
            self.dossier
                .extra
                .insert(TITLE_SLIDE_KEY.to_owned(), Value::Object(kept));
        }
    }

    /// Reads an event slide and appends the event (its id is given later, by
    /// [`Self::assign_event_ids`], once every `unique_id` is known).
    pub(crate) fn event(&mut self, slide: &Map<String, Value>, at: &At) {
        let first_problem = self.problems.len();
        let mut event = Event::default();
        let mut start: Option<FuzzyDate> = None;
        let mut start_seen = false;
        let mut end: Option<(FuzzyDate, Value)> = None;
        let mut headline = String::new();
        let mut text = String::new();
        let mut group = String::new();
        let mut raw_id: Option<String> = None;
        let mut caption = String::new();
        for (key, value) in slide {
            match key.as_str() {
                "start_date" => {
                    start_seen = true;
                    let (date, rest) = self.date(value, at, "start_date", true);
                    start = date;
                    put_object(event.extra_mut(), "start_date", rest);
                }
                "end_date" => {
                    let (date, rest) = self.date(value, at, "end_date", false);
                    match date {
                        Some(date) => {
                            end = Some((date, value.clone()));
                            put_object(event.extra_mut(), "end_date", rest);
                        }
                        // Not a usable date (already reported): keep it as it was.
                        None if !is_blank(value) => {
                            event.extra_mut().insert(key.clone(), value.clone());
                        }
                        None => {}
                    }
                }
                "text" => {
                    let Value::Object(fields) = value else {
                        self.keep(at, key, key, value, event.extra_mut());
                        continue;
                    };
                    let mut rest = Map::new();
                    for (k, v) in fields {
                        let sub = format!("text.{k}");
                        match (k.as_str(), scalar_text(v)) {
                            ("headline", Some(html)) => {
                                headline = self.plain(at, &sub, &html, true);
                            }
                            ("text", Some(html)) => text = self.plain(at, &sub, &html, false),
                            _ => self.keep(at, &sub, k, v, &mut rest),
                        }
                    }
                    put_object(event.extra_mut(), "text", rest);
                }
                "media" => {
                    if let Value::Object(media) = value {
                        caption = self.media(media, at, &mut event);
                    } else {
                        self.keep(at, key, key, value, event.extra_mut());
                    }
                }
                "group" => match scalar_text(value) {
                    Some(g) => group = html_to_line(&g).text,
                    None => self.keep(at, key, key, value, event.extra_mut()),
                },
                "unique_id" => match scalar_text(value) {
                    Some(id) if !id.trim().is_empty() => raw_id = Some(id.trim().to_owned()),
                    _ => self.keep(at, key, key, value, event.extra_mut()),
                },
                _ => self.keep(at, key, key, value, event.extra_mut()),
            }
        }

        match start {
            Some(start) => {
                event.start = start.to_string().into();
                if let Some((end, original)) = end {
                    if end.end_secs_exclusive() <= start.start_secs() {
                        self.warning(
                            at.path("end_date"),
                            format!(
                                "end date {end} is before the start date {start}: ignored (kept as an extra field)"
                            ),
                        );
                        event.extra_mut().insert("end_date".to_owned(), original);
                    } else {
                        *event.end_mut() = end.to_string().into();
                    }
                }
            }
            None if !start_seen => self.error(
                at.path("start_date"),
                "missing start date: every TimelineJS event needs a start_date with at least a year",
            ),
            None => {}
        }

        event.title = if headline.is_empty() {
            let fallback = first_words(&text)
                .or_else(|| (!caption.is_empty()).then(|| caption.clone()))
                .unwrap_or_else(|| "Untitled event".to_owned());
            self.warning(
                at.path("text.headline"),
                format!("no headline: the event is titled \"{fallback}\""),
            );
            event
                .extra_mut()
                .insert(GENERATED_TITLE_KEY.to_owned(), fallback.clone().into());
            fallback
        } else {
            headline
        }
        .into();
        event.summary = text.into();
        if self.skip_if_unusable(first_problem, "event") {
            return;
        }
        event.lane = self.lane_for(&group).into();
        self.raw_ids.push((raw_id, at.path("unique_id")));
        self.event_places.push(at.slide());
        self.dossier.events.push(Box::new(event));
    }

    /// Turns `media` into a source of the event (from its url and credit) and keeps the
    /// rest; returns the plain caption.
    pub(crate) fn media(
        &mut self,
        media: &Map<String, Value>,
        at: &At,
        event: &mut Event,
    ) -> String {
        let text_of = |key: &str| {
            media
                .get(key)
                .and_then(scalar_text)
                .map(|s| s.trim().to_owned())
                .unwrap_or_default()
        };
        let url = text_of("url");
        let embedded = url.starts_with('<');
        let link = if embedded { String::new() } else { url };
        let credit = self.plain(at, "media.credit", &text_of("credit"), true);
        let caption = self.plain(at, "media.caption", &text_of("caption"), true);
        let mut rest = Map::new();
        let mut caption_used = false;
        if !link.is_empty() || !credit.is_empty() {
            let key = (link.clone(), credit.clone());
            let index = if let Some(&index) = self.source_by_key.get(&key) {
                index
            } else {
                let host = url_host(&link).to_owned();
                let base = [slug(&credit), slug(&host)]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .unwrap_or_else(|| "source".to_owned());
                let id = claim_id(&mut self.source_ids, &base);
                let title = [&caption, &credit, &host, &link]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .cloned()
                    .unwrap_or_default();
                let mut source = Source {
                    id: id.into(),
                    title: title.into(),
                    publisher: credit.as_str().into(),
                    url: link.as_str().into(),
                    ..Source::default()
                };
                if caption.is_empty() {
                    // Not a caption: the export must not show it as one.
                    source.extra.insert(
                        GENERATED_TITLE_KEY.to_owned(),
                        source.title.to_string().into(),
                    );
                }
                self.dossier.sources.push(source);
                self.source_by_key
                    .insert(key, self.dossier.sources.len() - 1);
                self.dossier.sources.len() - 1
            };
            let source = &self.dossier.sources[index];
            caption_used = caption.is_empty() || *source.title == *caption;
            if caption.is_empty() && !is_generated_title(&source.extra, &source.title) {
                // The source's title is another event's caption: this one had none.
                rest.insert("caption".to_owned(), Value::String(String::new()));
            }
            if !event.sources.contains(&source.id) {
                event.sources.push(source.id.as_str().into());
            }
        }
        let has_source = !event.sources.is_empty();
        for (key, value) in media {
            let sub = format!("media.{key}");
            match key.as_str() {
                "url" if embedded && !is_blank(value) => {
                    self.warning(
                        at.path(&sub),
                        "embedded HTML media is not a link Dossier can cite; kept as an extra field",
                    );
                    rest.insert(key.clone(), value.clone());
                }
                "url" | "credit" if has_source => {}
                "caption" if has_source && caption_used => {}
                _ => self.keep(at, &sub, key, value, &mut rest),
            }
        }
        put_object(event.extra_mut(), "media", rest);
        caption
    }

    pub(crate) fn era(&mut self, slide: &Map<String, Value>, at: &At, n: usize) {
        let first_problem = self.problems.len();
        let mut period = Period::default();
        let mut start: Option<FuzzyDate> = None;
        let mut start_seen = false;
        let mut end: Option<FuzzyDate> = None;
        let mut raw_id: Option<String> = None;
        for (key, value) in slide {
            match key.as_str() {
                "start_date" => {
                    start_seen = true;
                    let (date, rest) = self.date(value, at, "start_date", true);
                    start = date;
                    put_object(&mut period.extra, "start_date", rest);
                }
                "end_date" => {
                    let (date, rest) = self.date(value, at, "end_date", false);
                    end = date;
                    put_object(&mut period.extra, "end_date", rest);
                }
                "text" => {
                    let Value::Object(fields) = value else {
                        self.keep(at, key, key, value, &mut period.extra);
                        continue;
                    };
                    let mut rest = Map::new();
                    for (k, v) in fields {
                        let sub = format!("text.{k}");
                        match (k.as_str(), scalar_text(v)) {
                            ("headline", Some(html)) => {
                                period.label = self.plain(at, &sub, &html, true);
                            }
                            ("text", Some(html)) => {
                                period.description = self.plain(at, &sub, &html, false);
                            }
                            _ => self.keep(at, &sub, k, v, &mut rest),
                        }
                    }
                    put_object(&mut period.extra, "text", rest);
                }
                "unique_id" => match scalar_text(value) {
                    Some(id) if !id.trim().is_empty() => raw_id = Some(id.trim().to_owned()),
                    _ => self.keep(at, key, key, value, &mut period.extra),
                },
                _ => self.keep(at, key, key, value, &mut period.extra),
            }
        }
        if let Some(start) = start {
            period.start = start.to_string();
            period.end = match end {
                Some(end) if end.end_secs_exclusive() > start.start_secs() => end.to_string(),
                Some(end) => {
                    self.warning(
                        at.path("end_date"),
                        format!("end date {end} is before the start date {start}: the era ends on its start date"),
                    );
                    start.to_string()
                }
                None => {
                    self.warning(
                        at.path("end_date"),
                        "the era has no end date: it ends on its start date",
                    );
                    start.to_string()
                }
            };
        } else if !start_seen {
            self.error(
                at.path("start_date"),
                "missing start date: a TimelineJS era needs a start_date with at least a year",
            );
        }
        if self.skip_if_unusable(first_problem, "era") {
            return;
        }
        if period.label.is_empty() {
            period.label = format!("Era {}", n + 1);
            self.warning(
                at.path("text.headline"),
                format!("no headline: the era is labelled \"{}\"", period.label),
            );
            period
                .extra
                .insert(GENERATED_TITLE_KEY.to_owned(), period.label.clone().into());
        }
        let from_label = slug(&period.label);
        period.id = match raw_id {
            Some(raw) if is_valid_id(&raw) && !self.period_ids.contains(&raw) => {
                self.period_ids.insert(raw.clone());
                raw
            }
            other => {
                let id = claim_id(
                    &mut self.period_ids,
                    if from_label.is_empty() {
                        "era"
                    } else {
                        &from_label
                    },
                );
                if let Some(raw) = other {
                    self.warning(
                        at.path("unique_id"),
                        format!("unique_id \"{raw}\" is not a usable Dossier id; using \"{id}\""),
                    );
                }
                id
            }
        };
        self.dossier.periods.push(period);
        self.period_places.push(at.slide());
    }
}

/// The host of a URL without `www.` (`https://www.example.com/a` → `example.com`).
fn url_host(url: &str) -> &str {
    let after_scheme = url.split_once("//").map_or(url, |(_, rest)| rest);
    let host = after_scheme
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("");
    host.strip_prefix("www.").unwrap_or(host)
}

/// A title made of the start of a text: its first line, cut at a word near 80 characters.
fn first_words(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    if line.chars().count() <= 80 {
        return Some(line.to_owned());
    }
    let mut title = String::new();
    for word in line.split_whitespace() {
        if title.chars().count() + word.chars().count() > 78 {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    if title.is_empty() {
        title = line.chars().take(78).collect();
    }
    title.push('…');
    Some(title)
}
