//! Any record of a dossier as one value ([`Record`]) and the kinds of record there are:
//! what edits, validation and the forms speak of.

use super::dataset::{Briefing, Entity, Event, Lane, Period, Source};

/// The kinds of record a dossier holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Lane,
    Entity,
    Source,
    Event,
    Period,
    Briefing,
}

impl RecordKind {
    pub const ALL: [Self; 6] = [
        Self::Event,
        Self::Entity,
        Self::Lane,
        Self::Source,
        Self::Period,
        Self::Briefing,
    ];

    /// A lower-case noun: "event".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Lane => "lane",
            Self::Entity => "entity",
            Self::Source => "source",
            Self::Event => "event",
            Self::Period => "period",
            Self::Briefing => "briefing",
        }
    }

    /// The key of the record list in the file: "events".
    pub fn collection(self) -> &'static str {
        match self {
            Self::Lane => "lanes",
            Self::Entity => "entities",
            Self::Source => "sources",
            Self::Event => "events",
            Self::Period => "periods",
            Self::Briefing => "briefings",
        }
    }
}

/// One record of any kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    Lane(Lane),
    Entity(Entity),
    Source(Source),
    Event(Box<Event>),
    Period(Period),
    Briefing(Briefing),
}

impl Record {
    pub fn kind(&self) -> RecordKind {
        match self {
            Self::Lane(_) => RecordKind::Lane,
            Self::Entity(_) => RecordKind::Entity,
            Self::Source(_) => RecordKind::Source,
            Self::Event(_) => RecordKind::Event,
            Self::Period(_) => RecordKind::Period,
            Self::Briefing(_) => RecordKind::Briefing,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Self::Lane(r) => &r.id,
            Self::Entity(r) => &r.id,
            Self::Source(r) => &r.id,
            Self::Event(r) => &r.id,
            Self::Period(r) => &r.id,
            Self::Briefing(r) => &r.id,
        }
    }

    /// The record's title, name or label, for messages.
    pub fn name(&self) -> &str {
        match self {
            Self::Lane(r) => &r.label,
            Self::Entity(r) => &r.name,
            Self::Source(r) => &r.title,
            Self::Event(r) => &r.title,
            Self::Period(r) => &r.label,
            Self::Briefing(r) => &r.title,
        }
    }
}
