//! How often each entity is mentioned and each source cited, by events and briefings:
//! validation warns about unused ones, and an edit updates the counts for the records it
//! touched instead of recounting a million events.

use super::dataset::{Briefing, Dossier, Event, ShortString};
use super::index::Index;
use super::text::citations;

/// Uses per entity and per source (by position), kept with a document so that an edit can
/// tell, from the records it touched alone, whether it left one unused or used it again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub entity_mentions: Vec<u32>,
    pub source_citations: Vec<u32>,
}

impl Usage {
    /// No use yet of any of the dossier's entities and sources.
    pub fn none(dossier: &Dossier) -> Self {
        Self {
            entity_mentions: vec![0; dossier.entities.len()],
            source_citations: vec![0; dossier.sources.len()],
        }
    }

    /// One more mention of the entity at `e`.
    pub fn mentioned(&mut self, e: usize) {
        self.entity_mentions[e] = self.entity_mentions[e].saturating_add(1);
    }

    /// One more citation of the source at `s`.
    pub fn cited(&mut self, s: usize) {
        self.source_citations[s] = self.source_citations[s].saturating_add(1);
    }

    /// Adds the uses `other` counted (of the same dossier).
    pub fn add(&mut self, other: &Self) {
        for (a, b) in self.entity_mentions.iter_mut().zip(&other.entity_mentions) {
            *a = a.saturating_add(*b);
        }
        for (a, b) in self
            .source_citations
            .iter_mut()
            .zip(&other.source_citations)
        {
            *a = a.saturating_add(*b);
        }
    }

    /// Every use, counted record by record: what validation counts as it checks the
    /// references (the tests hold it to this).
    pub fn of(dossier: &Dossier, index: &Index) -> Self {
        let mut usage = Self::none(dossier);
        for event in &dossier.events {
            usage.count_event(index, event, 1, |_| {});
        }
        for briefing in &dossier.briefings {
            usage.count_briefing(index, briefing, 1, |_| {});
        }
        usage
    }

    fn bump(count: &mut u32, by: i32, what: Used, changed: &mut impl FnMut(Used)) {
        let before = *count;
        *count = count.saturating_add_signed(by);
        if (before == 0) != (*count == 0) {
            changed(what);
        }
    }

    /// Adds (`by` = 1) or takes away (-1) the mentions and citations of `event`; calls
    /// `changed` for each entity or source that became used or unused.
    pub fn count_event(
        &mut self,
        index: &Index,
        event: &Event,
        by: i32,
        changed: impl FnMut(Used),
    ) {
        let mentions = event
            .entities
            .iter()
            .map(|r| r.id.as_str())
            .chain(event.quotes().iter().map(|q| q.speaker.as_str()));
        let cited =
            event
                .sources
                .iter()
                .map(ShortString::as_str)
                .chain(event.figures().iter().flat_map(|f| {
                    std::iter::once(f.source.as_str())
                        .chain(f.values.iter().map(|v| v.source.as_str()))
                }));
        self.count(index, mentions, cited, by, changed);
    }

    /// As [`Self::count_event`], for a briefing.
    pub fn count_briefing(
        &mut self,
        index: &Index,
        briefing: &Briefing,
        by: i32,
        changed: impl FnMut(Used),
    ) {
        let texts = std::iter::once(briefing.summary.as_str())
            .chain(briefing.sections.iter().map(|s| s.body.as_str()));
        let cited = briefing
            .sources
            .iter()
            .map(String::as_str)
            .chain(texts.flat_map(|t| citations(t).map(|(_, id)| id)));
        let mentions = briefing.entities.iter().map(String::as_str);
        self.count(index, mentions, cited, by, changed);
    }

    /// Counts each id that names an entity (`mentions`) or a source (`cited`).
    fn count<'a>(
        &mut self,
        index: &Index,
        mentions: impl Iterator<Item = &'a str>,
        cited: impl Iterator<Item = &'a str>,
        by: i32,
        mut changed: impl FnMut(Used),
    ) {
        for e in mentions.filter_map(|id| index.entity(id)) {
            Self::bump(
                &mut self.entity_mentions[e],
                by,
                Used::Entity(e),
                &mut changed,
            );
        }
        for s in cited.filter_map(|id| index.source(id)) {
            Self::bump(
                &mut self.source_citations[s],
                by,
                Used::Source(s),
                &mut changed,
            );
        }
    }
}

/// An entity or source (by position) whose use an edit changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Used {
    Entity(usize),
    Source(usize),
}
