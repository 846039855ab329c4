//! Filters on events: by lane, tag, entity kind, specific entities, certainty and date
//! range. Within one kind of filter any value matches (lane A or lane B); across kinds all
//! must (lane A and tag "chips").

use std::collections::BTreeSet;

use crate::model::dataset::{Certainty, EntityKind};
use crate::model::document::Document;
use crate::model::evidence::{Reliability, event_sources, source_grade};

/// The active filters; empty sets mean "no filter of this kind".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub lanes: BTreeSet<String>,
    pub tags: BTreeSet<String>,
    pub kinds: BTreeSet<EntityKind>,
    pub entities: BTreeSet<String>,
    pub certainty: BTreeSet<Certainty>,
    /// Events whose best-graded source has one of these grades (the letter of its badge).
    pub reliability: BTreeSet<Reliability>,
    /// Events whose account has one of these credibility grades.
    pub credibility: BTreeSet<u8>,
    /// Only events that rest on a single source.
    pub single_source: bool,
    /// Events overlapping `[start, end)`, seconds since 1970.
    pub range: Option<(i64, i64)>,
}

/// One active filter value, shown as a removable chip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chip {
    Lane(String),
    Tag(String),
    Kind(EntityKind),
    Entity(String),
    Certainty(Certainty),
    Reliability(Reliability),
    Credibility(u8),
    SingleSource,
    Range,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.lanes.is_empty()
            && self.tags.is_empty()
            && self.kinds.is_empty()
            && self.entities.is_empty()
            && self.certainty.is_empty()
            && self.reliability.is_empty()
            && self.credibility.is_empty()
            && !self.single_source
            && self.range.is_none()
    }

    /// Whether the event at `e` passes every filter.
    pub fn matches(&self, document: &Document, e: usize) -> bool {
        let Some(event) = document.dossier.events.get(e) else {
            return false;
        };
        let index = &document.index;
        (self.lanes.is_empty() || self.lanes.contains(event.lane.as_str()))
            && (self.tags.is_empty() || event.tags.iter().any(|t| self.tags.contains(t.as_str())))
            && (self.certainty.is_empty() || self.certainty.contains(&event.certainty()))
            && (self.credibility.is_empty()
                || event
                    .credibility
                    .is_some_and(|c| self.credibility.contains(&c)))
            && self.evidence_matches(document, e)
            && (self.entities.is_empty()
                || event
                    .entities
                    .iter()
                    .any(|r| self.entities.contains(r.id.as_str())))
            && (self.kinds.is_empty()
                || event.entities.iter().any(|r| {
                    index
                        .entity(&r.id)
                        .is_some_and(|i| self.kinds.contains(&document.dossier.entities[i].kind))
                }))
            && self.range.is_none_or(|(start, end)| {
                index
                    .event_secs(e)
                    .is_some_and(|(from, to)| from < end && to > start)
            })
    }

    /// The filters on an event's sources: best grade, and resting on one source.
    fn evidence_matches(&self, document: &Document, e: usize) -> bool {
        if self.reliability.is_empty() && !self.single_source {
            return true;
        }
        let dossier = &document.dossier;
        let sources = event_sources(&document.index, &dossier.events[e]);
        let best = sources
            .iter()
            .filter_map(|&s| source_grade(&dossier.sources[s]))
            .min();
        (self.reliability.is_empty() || best.is_some_and(|g| self.reliability.contains(&g)))
            && (!self.single_source || sources.len() == 1)
    }

    /// Per event, whether it passes; `None` when there is no filter (everything passes).
    pub fn visible(&self, document: &Document) -> Option<Vec<bool>> {
        if self.is_empty() {
            return None;
        }
        Some(
            (0..document.dossier.events.len())
                .map(|e| self.matches(document, e))
                .collect(),
        )
    }

    /// The active filter values with a label each, for chips.
    pub fn chips(&self, document: &Document) -> Vec<(Chip, String)> {
        let dossier = &document.dossier;
        let index = &document.index;
        let mut chips = Vec::new();
        for lane in &self.lanes {
            let label = index
                .lane(lane)
                .map_or(lane.as_str(), |l| dossier.lanes[l].label.as_str());
            chips.push((Chip::Lane(lane.clone()), format!("Lane: {label}")));
        }
        for tag in &self.tags {
            chips.push((Chip::Tag(tag.clone()), format!("Tag: #{tag}")));
        }
        for kind in &self.kinds {
            chips.push((Chip::Kind(*kind), format!("Involves a {}", kind.key())));
        }
        for entity in &self.entities {
            let name = index
                .entity(entity)
                .map_or(entity.as_str(), |e| dossier.entities[e].name.as_str());
            chips.push((Chip::Entity(entity.clone()), format!("With {name}")));
        }
        for certainty in &self.certainty {
            chips.push((
                Chip::Certainty(*certainty),
                format!("Certainty: {}", certainty.key()),
            ));
        }
        for grade in &self.reliability {
            let label = format!("Best source: {}", grade.letter());
            chips.push((Chip::Reliability(*grade), label));
        }
        for grade in &self.credibility {
            chips.push((Chip::Credibility(*grade), format!("Credibility: {grade}")));
        }
        if self.single_source {
            chips.push((Chip::SingleSource, "Resting on one source".to_owned()));
        }
        if let Some((start, end)) = self.range {
            chips.push((
                Chip::Range,
                format!("From {} to {}", day(start), day(end - 1)),
            ));
        }
        chips
    }

    pub fn remove(&mut self, chip: &Chip) {
        match chip {
            Chip::Lane(l) => {
                self.lanes.remove(l);
            }
            Chip::Tag(t) => {
                self.tags.remove(t);
            }
            Chip::Kind(k) => {
                self.kinds.remove(k);
            }
            Chip::Entity(e) => {
                self.entities.remove(e);
            }
            Chip::Certainty(c) => {
                self.certainty.remove(c);
            }
            Chip::Reliability(g) => {
                self.reliability.remove(g);
            }
            Chip::Credibility(c) => {
                self.credibility.remove(c);
            }
            Chip::SingleSource => self.single_source = false,
            Chip::Range => self.range = None,
        }
    }
}

fn day(secs: i64) -> String {
    let (y, m, d) = crate::model::date::civil_from_days(secs.div_euclid(86_400));
    crate::model::FuzzyDate::day(y, m, d).long()
}

/// Every tag used by the dossier's events, sorted, with how many events use it.
pub fn tags(document: &Document) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for event in &document.dossier.events {
        for tag in &event.tags {
            *counts.entry(tag.as_str()).or_default() += 1;
        }
    }
    counts.into_iter().map(|(t, n)| (t.to_owned(), n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(filter: &Filter, document: &Document) -> usize {
        filter
            .visible(document)
            .map_or(document.dossier.events.len(), |v| {
                v.iter().filter(|&&b| b).count()
            })
    }

    #[test]
    fn filters_combine() {
        let document = crate::formats::default_dossier();
        let all = document.dossier.events.len();
        let mut f = Filter::default();
        assert!(f.visible(&document).is_none());
        f.lanes.insert("china".into());
        let china = count(&f, &document);
        assert!(china > 0 && china < all);
        f.lanes.insert("united-states".into());
        let both = count(&f, &document);
        assert!(both > china, "values of one kind add up");
        f.certainty.insert(Certainty::Confirmed);
        assert!(count(&f, &document) <= both, "kinds narrow");
        f.entities.insert("li-qiang".into());
        let li = count(&f, &document);
        assert!(li >= 1);
        let chips = f.chips(&document);
        assert!(chips.iter().any(|(_, l)| l == "With Li Qiang"), "{chips:?}");
        for (chip, _) in chips {
            f.remove(&chip);
        }
        assert!(f.is_empty());
    }

    #[test]
    fn evidence_filters() {
        let document = crate::formats::default_dossier();
        let all = document.dossier.events.len();
        let single = Filter {
            single_source: true,
            ..Filter::default()
        };
        let visible = single.visible(&document).unwrap();
        let waic = document
            .index
            .event(&document.dossier, "waic-2025")
            .unwrap();
        let busan = document
            .index
            .event(&document.dossier, "busan-trump-xi")
            .unwrap();
        assert!(!visible[waic] && visible[busan]);
        let shown = count(&single, &document);
        assert!(shown > 0 && shown < all);
        let a = Filter {
            reliability: [Reliability::A].into(),
            ..Filter::default()
        };
        let visible = a.visible(&document).unwrap();
        let plan = document
            .index
            .event(&document.dossier, "china-global-ai-governance-action-plan")
            .unwrap();
        assert!(
            visible[plan] && !visible[busan],
            "the plan cites its ministry (A)"
        );
        let doubtful = Filter {
            credibility: [3].into(),
            ..Filter::default()
        };
        let roundtable = document
            .index
            .event(&document.dossier, "ma-zhaoxu-roundtable")
            .unwrap();
        assert!(doubtful.visible(&document).unwrap()[roundtable]);
        let mut both = a.clone();
        both.single_source = true;
        assert_eq!(both.chips(&document).len(), 2);
        for (chip, _) in both.chips(&document) {
            both.remove(&chip);
        }
        assert!(both.is_empty());
    }

    #[test]
    fn kinds_tags_and_ranges() {
        let document = crate::formats::default_dossier();
        let mut f = Filter {
            kinds: [EntityKind::Company].into(),
            ..Filter::default()
        };
        let companies = count(&f, &document);
        assert!(companies > 0);
        f = Filter::default();
        let (tag, n) = tags(&document).into_iter().next().unwrap();
        f.tags.insert(tag);
        assert_eq!(count(&f, &document), n);
        let day = |y, m, d| crate::model::date::days_from_civil(y, m, d) * 86_400;
        let f = Filter {
            range: Some((day(2025, 7, 26), day(2025, 7, 27))),
            ..Filter::default()
        };
        let visible = f.visible(&document).unwrap();
        let waic = document
            .index
            .event(&document.dossier, "waic-2025")
            .unwrap();
        assert!(visible[waic], "a range overlapping the day is in");
        let plan = document
            .index
            .event(&document.dossier, "us-ai-action-plan")
            .unwrap();
        assert!(!visible[plan]);
    }
}
