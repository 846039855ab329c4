//! The dataset types of format version 1 (see `docs/format.md`).
//!
//! Records are plain data: dates and references stay strings, exactly as in the file, so
//! that a dossier round-trips byte for byte and an invalid one can still be held, shown
//! and fixed. Parsed dates and resolved references live in [`crate::model::Index`].
//!
//! An event's short texts (its id, dates, lane, tags, sources and actors' ids and roles)
//! are [`ShortString`]s: 16 bytes, up to 15 of them held inline, so a million events do
//! not make ten million small allocations; its one tag and one source are held inline
//! too ([`ShortList`]). Events are boxed in [`Dossier::events`], so that removing one
//! from the middle of a million moves pointers; their title, summary and actors are held
//! at their exact length ([`WholeText`], a boxed slice), and what few events have (an
//! end, quotes, figures, unknown keys) is boxed apart ([`Event`]), which keeps a box of
//! an event in the allocator's 160-byte size class.

use serde::{Deserialize, Serialize};
use thin_vec::ThinVec;

use super::record::{Extra, Rare, Read, read_as_is, record};
use super::span::Span;

/// A short text of the dataset: an id, a date, a lane, a tag, a role. Ids like
/// `entity-12345` and dates like `2025-07-26` fit its 15 inline bytes, so an actor (id
/// and role) takes 32 bytes and no allocation; a longer text is one shared allocation,
/// which makes a clone (an undo step's copy of an event) cheap.
pub type ShortString = ecow::EcoString;

/// An event's tags or sources: nearly always one, which is held inline (24 bytes in
/// all, where a vector took 24 and its element another allocation of 16).
pub type ShortList = smallvec::SmallVec<[ShortString; 1]>;

/// An event's title or summary: set whole (a form's field, an import), never grown in
/// place, so kept at its exact length in 16 bytes where a `String` takes 24. With its
/// actors as a boxed slice too, a box of an event took the allocator's 192-byte size
/// class, not 224: 32 MB in a million events (given plain blocks: a request of exactly
/// 192 bytes for an aligned one took a 224-byte block, see `platform::allocator`).
pub type WholeText = Box<str>;

/// Changes a list kept at its length (an event's actors) as a vector, then keeps it at
/// its length again.
pub fn edit_whole_list<T>(list: &mut Box<[T]>, change: impl FnOnce(&mut Vec<T>)) {
    let mut items = std::mem::take(list).into_vec();
    change(&mut items);
    *list = items.into_boxed_slice();
}

/// The format name written in every dossier file.
pub const FORMAT_NAME: &str = "dossier";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

record! {
    /// A whole dossier: the root of a file.
    pub struct Dossier {
        /// Address of the JSON Schema, for text editors; kept as it is.
        opt "$schema" schema: String,
        req "format" format: String,
        req "version" version: u64,
        req "title" title: String,
        opt "description" description: String,
        opt "language" language: String,
        req "lanes" lanes: Vec<Lane>,
        req "entities" entities: Vec<Entity>,
        req "sources" sources: Vec<Source>,
        req "events" events: Vec<Box<Event>>,
        opt "periods" periods: Vec<Period>,
        req "briefings" briefings: Vec<Briefing>,
    }
}

record! {
    /// A timeline track (United States, China, multilateral…).
    pub struct Lane {
        req "id" id: String,
        req "label" label: String,
        /// `#RRGGBB`.
        opt "color" color: String,
        opt "description" description: String,
    }
}

/// What kind of actor an entity is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Country,
    Person,
    Organisation,
    Company,
    Group,
    Place,
    #[default]
    Other,
}

read_as_is!(EntityKind);

impl EntityKind {
    pub const ALL: [Self; 7] = [
        Self::Country,
        Self::Person,
        Self::Organisation,
        Self::Company,
        Self::Group,
        Self::Place,
        Self::Other,
    ];

    /// The word used in the file.
    pub fn key(self) -> &'static str {
        match self {
            Self::Country => "country",
            Self::Person => "person",
            Self::Organisation => "organisation",
            Self::Company => "company",
            Self::Group => "group",
            Self::Place => "place",
            Self::Other => "other",
        }
    }

    /// A heading for lists of this kind.
    pub fn plural_label(self) -> &'static str {
        match self {
            Self::Country => "Countries and blocs",
            Self::Person => "People",
            Self::Organisation => "Organisations",
            Self::Company => "Companies",
            Self::Group => "Groups",
            Self::Place => "Places",
            Self::Other => "Other",
        }
    }
}

record! {
    /// An actor: a country, person, organisation, company, group or place.
    pub struct Entity {
        req "id" id: String,
        req "name" name: String,
        req "kind" kind: EntityKind,
        /// Other names, native scripts included (`李强`).
        opt "aliases" aliases: Vec<String>,
        opt "description" description: String,
        opt "links" links: Vec<Link>,
    }
}

record! {
    /// A labelled web address.
    pub struct Link {
        req "label" label: String,
        req "url" url: String,
    }
}

record! {
    /// Cited material. Its texts are short strings held inline or held at their length,
    /// as an event's are: a generated million-event file cites 100,000 sources.
    pub struct Source {
        req "id" id: ShortString,
        req "title" title: WholeText,
        opt "publisher" publisher: ShortString,
        opt "url" url: WholeText,
        /// A date string (see [`crate::model::FuzzyDate`]).
        opt "published" published: ShortString,
        opt "language" language: ShortString,
        /// Admiralty (NATO) reliability of the source, `A`–`F` (see
        /// [`crate::model::evidence::Reliability`]).
        opt "reliability" reliability: ShortString,
        /// Why the source got its grade.
        opt "reliability_note" reliability_note: WholeText,
        /// A copy kept by a web archive, for when `url` no longer answers.
        opt "archived_url" archived_url: WholeText,
        /// A date string: when `url` was last read.
        opt "accessed" accessed: ShortString,
    }
}

/// How well an event is established.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    #[default]
    Confirmed,
    Reported,
    Uncertain,
}

impl Certainty {
    pub const ALL: [Self; 3] = [Self::Confirmed, Self::Reported, Self::Uncertain];

    pub fn key(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Reported => "reported",
            Self::Uncertain => "uncertain",
        }
    }
}

/// The importance an event has when its file does not say.
pub const DEFAULT_IMPORTANCE: u8 = 3;

/// Something that happened, at a date or over a range of dates.
///
/// The struct is written by hand and [`record!`] writes only its serde (keys, their
/// order, errors): what few events have (an end, quotes, figures, unknown keys) is boxed
/// together in `rare`, so that an event takes 160 bytes, a size class of the allocator,
/// where it took 192 (32 MB in a million events, less the boxes of the events that have
/// one). Read them with [`Event::end`], [`Event::quotes`]…, change them with
/// [`Event::end_mut`]…
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Event {
    pub id: ShortString,
    pub title: WholeText,
    /// A date string; the first instant the event covers.
    pub start: ShortString,
    pub lane: ShortString,
    pub summary: WholeText,
    /// Replaced whole when edited, like the texts.
    pub entities: Box<[EntityRef]>,
    pub tags: ShortList,
    pub sources: ShortList,
    pub certainty: Option<Certainty>,
    /// Admiralty credibility of the account, 1 (confirmed by other sources) to 6 (cannot
    /// be judged).
    pub credibility: Option<u8>,
    /// 1–5; decides which labels stay when the timeline is crowded.
    pub importance: Option<u8>,
    /// Read and changed through the accessors; public so that `..Event::default()`
    /// builds an event anywhere.
    pub rare: Rare<EventRare>,
}

/// The fields of an event that most events do not have.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventRare {
    /// A date string; inclusive end of a range.
    end: ShortString,
    quotes: ThinVec<Quote>,
    figures: ThinVec<KeyFigure>,
    /// Keys this version does not know, kept in their order and written back.
    extra: Extra,
}

record! {
    @serde Event, extra: rare.extra, fields {
        req "id" id,
        req "title" title,
        req "start" start,
        opt "end" rare.end,
        req "lane" lane,
        opt "summary" summary,
        opt "entities" entities,
        opt "tags" tags,
        opt "sources" sources,
        opt "quotes" rare.quotes,
        opt "figures" rare.figures,
        opt "certainty" certainty,
        opt "credibility" credibility,
        opt "importance" importance,
    }
}

/// What an event without an end reads as.
static NO_END: ShortString = ShortString::new();

impl Event {
    /// A date string; inclusive end of a range, empty for a single date.
    pub fn end(&self) -> &ShortString {
        self.rare.get().map_or(&NO_END, |r| &r.end)
    }

    pub fn end_mut(&mut self) -> &mut ShortString {
        &mut self.rare.make().end
    }

    /// Sets the end; an empty one makes no box.
    pub fn set_end(&mut self, end: ShortString) {
        if !end.is_empty() || self.rare.get().is_some() {
            *self.end_mut() = end;
        }
    }

    pub fn quotes(&self) -> &[Quote] {
        self.rare.get().map_or(&[], |r| &r.quotes)
    }

    pub fn quotes_mut(&mut self) -> &mut ThinVec<Quote> {
        &mut self.rare.make().quotes
    }

    pub fn figures(&self) -> &[KeyFigure] {
        self.rare.get().map_or(&[], |r| &r.figures)
    }

    pub fn figures_mut(&mut self) -> &mut ThinVec<KeyFigure> {
        &mut self.rare.make().figures
    }

    /// Keys this version does not know.
    pub fn extra(&self) -> &Extra {
        self.rare.get().map_or(&Extra::NONE, |r| &r.extra)
    }

    pub fn extra_mut(&mut self) -> &mut Extra {
        &mut self.rare.make().extra
    }

    pub fn certainty(&self) -> Certainty {
        self.certainty.unwrap_or_default()
    }

    pub fn importance(&self) -> u8 {
        self.importance.unwrap_or(DEFAULT_IMPORTANCE)
    }

    /// Its dates parsed, `None` if either is not a date. The index keeps only their
    /// seconds ([`crate::model::Index::event_secs`]).
    pub fn span(&self) -> Option<Span> {
        Span::parse(&self.start, self.end())
    }

    /// The role an entity plays in this event, if it takes part.
    pub fn role_of(&self, entity_id: &str) -> Option<&str> {
        self.entities
            .iter()
            .find(|r| r.id == entity_id)
            .map(|r| r.role.as_str())
    }
}

record! {
    /// An entity taking part in an event, with its role.
    pub struct EntityRef {
        req "id" id: ShortString,
        opt "role" role: ShortString,
    }
}

record! {
    /// Words said or written, by an entity when `speaker` is set: only the words quoted.
    pub struct Quote {
        /// The words in the dossier's language (a translation when `original` is set).
        req "text" text: String,
        opt "speaker" speaker: String,
        /// Language of `original` when it is set, else of `text`.
        opt "language" language: String,
        /// The words as said or written, when `text` is a translation.
        opt "original" original: String,
    }
}

record! {
    /// A number worth showing: "companies exhibiting: 800+".
    pub struct KeyFigure {
        req "label" label: String,
        /// The value, or all reported values in short when the figure is contested.
        req "value" value: String,
        /// Source id backing `value`.
        opt "source" source: String,
        /// Every value reported for a contested figure, each with its source.
        opt "values" values: Vec<FigureValue>,
    }
}

record! {
    /// One reported value of a contested key figure.
    pub struct FigureValue {
        req "value" value: String,
        opt "source" source: String,
    }
}

record! {
    /// A named date range drawn as a band behind the lanes.
    pub struct Period {
        req "id" id: String,
        req "label" label: String,
        req "start" start: String,
        req "end" end: String,
        opt "color" color: String,
        opt "description" description: String,
    }
}

record! {
    /// A short written summary drawing on events, entities and sources.
    pub struct Briefing {
        req "id" id: String,
        req "title" title: String,
        req "date" date: String,
        /// Audience or purpose line.
        opt "purpose" purpose: String,
        opt "summary" summary: String,
        opt "sections" sections: Vec<Section>,
        opt "events" events: Vec<String>,
        opt "entities" entities: Vec<String>,
        opt "sources" sources: Vec<String>,
    }
}

record! {
    /// One titled part of a briefing.
    pub struct Section {
        req "heading" heading: String,
        req "body" body: String,
    }
}

impl Dossier {
    /// An empty dossier of the current format, with one lane, ready to be filled.
    pub fn new(title: &str) -> Self {
        Self {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            title: title.to_owned(),
            lanes: vec![Lane {
                id: "main".to_owned(),
                label: "Main".to_owned(),
                ..Lane::default()
            }],
            ..Self::default()
        }
    }

    /// The dossier as the format writes it: pretty-printed with two spaces, known keys in
    /// a fixed order, unknown keys after them, and a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            // Serialising plain data with string keys cannot fail; keep a trace if it ever does.
            format!("{{\"error\": {:?}}}", e.to_string())
        });
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::{Event, Source};

    #[test]
    fn a_source_holds_its_short_texts_inline_in_168_bytes() {
        // It was 248 with ten `String`s: 8 MB in the 100,000 sources of a generated
        // million-event file, and an allocation for each id, date and language.
        assert!(size_of::<Source>() <= 168, "{}", size_of::<Source>());
    }

    #[test]
    fn only_an_event_with_a_rare_field_makes_its_box_and_keys_keep_their_order() {
        let plain: Event =
            serde_json::from_str(r#"{"id": "a", "title": "A", "start": "2025", "lane": "l"}"#)
                .unwrap();
        assert!(plain.rare.get().is_none());
        assert_eq!(plain.end(), "");
        let text = r#"{"id":"b","title":"B","start":"2025","end":"2026","lane":"l","quotes":[{"text":"q"}],"importance":2,"x-note":true}"#;
        let rare: Event = serde_json::from_str(text).unwrap();
        assert!(rare.rare.get().is_some());
        assert_eq!((rare.end().as_str(), rare.quotes().len()), ("2026", 1));
        assert_eq!(
            rare.extra().get("x-note"),
            Some(&serde_json::Value::Bool(true))
        );
        assert_eq!(serde_json::to_string(&rare).unwrap(), text);
        // A box of defaults, as a form leaves it, equals none.
        let mut emptied = plain.clone();
        emptied.end_mut().clear();
        assert!(emptied.rare.get().is_some());
        assert_eq!(emptied, plain);
        assert_eq!(
            serde_json::to_string(&emptied).unwrap(),
            serde_json::to_string(&plain).unwrap()
        );
    }

    #[test]
    fn a_boxed_event_fits_the_160_byte_size_class() {
        // One field more and every event of a million costs 32 bytes more (the next
        // class is 192): make room elsewhere, or put it with the rare ones.
        assert!(size_of::<Event>() <= 160, "{}", size_of::<Event>());
    }
}
