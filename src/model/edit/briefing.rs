//! A briefing prefilled from a set of events.

use crate::model::dataset::{Briefing, Section};
use crate::model::document::Document;

/// A briefing prefilled from a set of events: their chronology, their actors (most
/// involved first) and their sources, ready to be written up. `id` must be unused.
pub fn briefing_from_events(
    document: &Document,
    id: String,
    title: String,
    date: String,
    events: &[usize],
) -> Briefing {
    let dossier = &document.dossier;
    let index = &document.index;
    let mut chronology: Vec<usize> = events.to_vec();
    chronology.sort_by_key(|&e| (index.rank(e).unwrap_or(usize::MAX), e));
    chronology.dedup();
    let mut actors: Vec<(usize, usize)> = Vec::new(); // (entity, count), first seen order
    let mut sources: Vec<String> = Vec::new();
    for &e in &chronology {
        let event = &dossier.events[e];
        for reference in &event.entities {
            let Some(entity) = index.entity(&reference.id) else {
                continue;
            };
            match actors.iter_mut().find(|(x, _)| *x == entity) {
                Some((_, count)) => *count += 1,
                None => actors.push((entity, 1)),
            }
        }
        for source in &event.sources {
            if !sources.iter().any(|s| s == source) {
                sources.push(source.to_string());
            }
        }
    }
    // Most involved first; ties keep their order of first appearance.
    actors.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    let span = match (chronology.first(), chronology.last()) {
        (Some(&first), Some(&last)) => {
            match (dossier.events[first].span(), dossier.events[last].span()) {
                (Some(a), Some(b)) => format!(
                    "{} to {}",
                    a.start.long(),
                    b.end.as_ref().unwrap_or(&b.start).long()
                ),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    Briefing {
        id,
        title,
        date,
        purpose: String::new(),
        summary: if chronology.is_empty() {
            String::new()
        } else {
            format!("{} events from {span}.", chronology.len())
        },
        sections: vec![Section {
            heading: "What happened".to_owned(),
            ..Section::default()
        }],
        events: chronology
            .iter()
            .map(|&e| dossier.events[e].id.to_string())
            .collect(),
        entities: actors
            .iter()
            .map(|&(e, _)| dossier.entities[e].id.clone())
            .collect(),
        sources,
        ..Briefing::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::Edit;
    use crate::model::records::Record;

    #[test]
    fn a_briefing_from_an_entitys_events_lists_their_actors_and_sources() {
        let document = crate::formats::default_dossier();
        let li = document.index.entity("li-qiang").unwrap();
        let events = document.index.entity_events(li).to_vec();
        let briefing = briefing_from_events(
            &document,
            "li".into(),
            "Li Qiang".into(),
            "2025-08-01".into(),
            &events,
        );
        assert_eq!(briefing.events.len(), events.len());
        assert_eq!(
            briefing.entities.first().map(String::as_str),
            Some("li-qiang"),
            "the most involved actor first"
        );
        assert!(!briefing.sources.is_empty());
        let mut d = document.dossier.clone();
        let index = d.briefings.len();
        Edit::Insert {
            index,
            record: Record::Briefing(briefing),
        }
        .apply(&mut d)
        .unwrap();
        let after = Document::new(d);
        assert!(
            !crate::model::validate::has_errors(&after.problems),
            "{:?}",
            after.problems
        );
    }
}
