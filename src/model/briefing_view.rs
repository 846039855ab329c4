//! A briefing resolved against its dossier: dates written out, sources numbered, actors
//! with their roles. The text exporters (`crate::formats::briefing`) and the briefing pane
//! all render this one view, so what the pane shows is what the export writes.

use super::dataset::{Briefing, EntityKind};
use super::date::FuzzyDate;
use super::document::Document;
use super::evidence::{Reliability, Support, event_badge, event_sources, source_grade};
use super::text::{citations, replace_citations};

/// One line of a briefing's chronology.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChronologyEntry {
    pub event: usize,
    pub date: String,
    pub title: String,
    pub lane: String,
    /// "uncertain", "reported", or empty when confirmed.
    pub certainty: String,
    /// Numbers of the sources this event cites.
    pub source_numbers: Vec<usize>,
    /// Admiralty badge: best source grade and credibility, `"B2"`.
    pub badge: String,
    pub support: Support,
}

/// One paragraph of a briefing's text, with how well its citations support it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Citations written as the source's number and grade: `[2 B]` (`[2 ?]` ungraded).
    pub text: String,
    pub support: Support,
}

/// One of a briefing's key actors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorEntry {
    pub entity: usize,
    pub name: String,
    /// Aliases in non-Latin scripts (`李强`), shown next to the name.
    pub native_names: Vec<String>,
    pub kind: EntityKind,
    pub description: String,
    /// `(role, event title, date)` for each event of the briefing where the role is given.
    pub roles: Vec<(String, String, String)>,
}

/// A numbered source of a briefing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceEntry {
    pub number: usize,
    pub source: usize,
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub url: String,
    pub reliability: Option<Reliability>,
    pub archived_url: String,
}

impl SourceEntry {
    /// "Publisher, 23 July 2025" (what is known of them).
    pub fn details(&self) -> String {
        [self.publisher.as_str(), self.published.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A briefing resolved against its dossier, ready to be laid out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BriefingView {
    pub title: String,
    pub date: String,
    pub purpose: String,
    /// Summary with citations replaced by `[n]`.
    pub summary: String,
    /// `(heading, body)` with citations replaced by `[n]`.
    pub sections: Vec<(String, String)>,
    pub chronology: Vec<ChronologyEntry>,
    pub actors: Vec<ActorEntry>,
    pub sources: Vec<SourceEntry>,
    /// The summary's paragraphs with graded citations.
    pub summary_paragraphs: Vec<Paragraph>,
    /// Each section's paragraphs with graded citations.
    pub section_paragraphs: Vec<Vec<Paragraph>>,
}

/// True for a name written in a script other than Latin (Chinese, Cyrillic, Arabic…).
pub fn is_native_script(name: &str) -> bool {
    name.chars()
        .any(|c| c.is_alphabetic() && !c.is_ascii() && (c as u32) > 0x024F)
}

/// The paragraphs of `text` (split as the pane and the exports split them), citations
/// written with their number and grade, each with the support its citations give.
fn graded_paragraphs(document: &Document, numbered: &[usize], text: &str) -> Vec<Paragraph> {
    let dossier = &document.dossier;
    let grade = |s: usize| dossier.sources.get(s).and_then(source_grade);
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|paragraph| {
            let paragraph = paragraph.trim();
            let cited: Vec<usize> = citations(paragraph)
                .filter_map(|(_, id)| document.index.source(id))
                .collect();
            let text = replace_citations(paragraph, |id| {
                let found = document.index.source(id);
                match found.and_then(|s| numbered.iter().position(|&n| n == s)) {
                    Some(p) => {
                        let letter = found.and_then(grade).map_or("?", Reliability::letter);
                        format!("[{} {letter}]", p + 1)
                    }
                    None => format!("[{id}?]"),
                }
            });
            Paragraph {
                text,
                support: Support::of(&cited, grade),
            }
        })
        .collect()
}

fn long_date(text: &str) -> String {
    FuzzyDate::parse(text).map_or_else(|_| text.to_owned(), |d| d.long())
}

impl BriefingView {
    pub fn new(document: &Document, briefing: &Briefing) -> Self {
        let dossier = &document.dossier;
        let index = &document.index;
        // Sources are numbered in the order the text first cites them: summary, sections,
        // chronology, then the briefing's other sources.
        let mut numbered: Vec<usize> = Vec::new();
        let mut number_of = |source_id: &str| -> Option<usize> {
            let source = index.source(source_id)?;
            if let Some(p) = numbered.iter().position(|&s| s == source) {
                return Some(p + 1);
            }
            numbered.push(source);
            Some(numbered.len())
        };
        let mut cite = |text: &str| {
            replace_citations(text, |id| match number_of(id) {
                Some(n) => format!("[{n}]"),
                None => format!("[{id}?]"),
            })
        };
        let summary = cite(&briefing.summary);
        let sections = briefing
            .sections
            .iter()
            .map(|s| (s.heading.clone(), cite(&s.body)))
            .collect();

        let mut events: Vec<usize> = briefing
            .events
            .iter()
            .filter_map(|id| index.event(dossier, id))
            .collect();
        events.sort_by_key(|&e| (index.rank(e).unwrap_or(usize::MAX), e));
        events.dedup();
        let chronology: Vec<ChronologyEntry> = events
            .iter()
            .map(|&e| {
                let event = &dossier.events[e];
                let certainty = event.certainty();
                let cited = event_sources(index, event);
                ChronologyEntry {
                    event: e,
                    date: event
                        .span()
                        .map_or_else(|| event.start.to_string(), |span| span.long()),
                    title: event.title.to_string(),
                    lane: index.lane(&event.lane).map_or_else(
                        || event.lane.to_string(),
                        |l| dossier.lanes[l].label.clone(),
                    ),
                    certainty: if certainty == super::dataset::Certainty::Confirmed {
                        String::new()
                    } else {
                        certainty.key().to_owned()
                    },
                    source_numbers: event.sources.iter().filter_map(|s| number_of(s)).collect(),
                    badge: event_badge(&cited, &dossier.sources, event.credibility),
                    support: Support::of(&cited, |s| dossier.sources.get(s).and_then(source_grade)),
                }
            })
            .collect();
        for source in &briefing.sources {
            number_of(source);
        }

        let actors = briefing
            .entities
            .iter()
            .filter_map(|id| index.entity(id))
            .map(|i| {
                let entity = &dossier.entities[i];
                let roles = chronology
                    .iter()
                    .filter_map(|entry| {
                        let role = dossier.events[entry.event].role_of(&entity.id)?;
                        (!role.is_empty())
                            .then(|| (role.to_owned(), entry.title.clone(), entry.date.clone()))
                    })
                    .collect();
                ActorEntry {
                    entity: i,
                    name: entity.name.clone(),
                    native_names: entity
                        .aliases
                        .iter()
                        .filter(|a| is_native_script(a))
                        .cloned()
                        .collect(),
                    kind: entity.kind,
                    description: entity.description.clone(),
                    roles,
                }
            })
            .collect();

        let sources = numbered
            .iter()
            .enumerate()
            .map(|(n, &s)| {
                let source = &dossier.sources[s];
                SourceEntry {
                    number: n + 1,
                    source: s,
                    title: source.title.to_string(),
                    publisher: source.publisher.to_string(),
                    published: if source.published.is_empty() {
                        String::new()
                    } else {
                        long_date(&source.published)
                    },
                    url: source.url.to_string(),
                    reliability: source_grade(source),
                    archived_url: source.archived_url.to_string(),
                }
            })
            .collect();
        let graded = |text: &str| graded_paragraphs(document, &numbered, text);
        let summary_paragraphs = graded(&briefing.summary);
        let section_paragraphs = briefing.sections.iter().map(|s| graded(&s.body)).collect();

        Self {
            title: briefing.title.clone(),
            date: long_date(&briefing.date),
            purpose: briefing.purpose.clone(),
            summary,
            sections,
            chronology,
            actors,
            sources,
            summary_paragraphs,
            section_paragraphs,
        }
    }

    /// The actor's name with its native-script names: "Li Qiang (李强)".
    pub fn actor_name(actor: &ActorEntry) -> String {
        if actor.native_names.is_empty() {
            actor.name.clone()
        } else {
            format!("{} ({})", actor.name, actor.native_names.join(", "))
        }
    }

    /// "uncertain" qualifiers and lane, as a parenthesis after a chronology title.
    pub fn chronology_note(entry: &ChronologyEntry) -> String {
        if entry.certainty.is_empty() {
            format!("({})", entry.lane)
        } else {
            format!("({}; {})", entry.lane, entry.certainty)
        }
    }

    pub fn citation_marks(numbers: &[usize]) -> String {
        if numbers.is_empty() {
            return String::new();
        }
        let marks: String = numbers.iter().map(|n| format!("[{n}]")).collect();
        format!(" {marks}")
    }

    /// " Publisher, 23 July 2025." after a source title.
    pub fn source_details(source: &SourceEntry) -> String {
        let details = source.details();
        if details.is_empty() {
            String::new()
        } else {
            format!(" {details}.")
        }
    }

    pub fn roles_label(roles: &[(String, String, String)]) -> &'static str {
        if roles.len() == 1 { "Role" } else { "Roles" }
    }

    pub fn role_line(roles: &[(String, String, String)]) -> String {
        roles
            .iter()
            .map(|(role, title, date)| format!("{role} in “{title}” ({date})"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}
