//! Which events the table lists and in what order: the events that pass the filters
//! (the search results, when a search is active), sorted by a column. Computed once per
//! change of document, filter, search or sort, never per frame.

use std::cmp::Ordering;

use crate::model::{Certainty, Document};

/// The table's columns, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Date,
    Title,
    Lane,
    Actors,
    Sources,
    Certainty,
    Importance,
}

impl Column {
    pub const ALL: [Self; 7] = [
        Self::Date,
        Self::Title,
        Self::Lane,
        Self::Actors,
        Self::Sources,
        Self::Certainty,
        Self::Importance,
    ];

    /// The column's header.
    pub fn title(self) -> &'static str {
        match self {
            Self::Date => "Date",
            Self::Title => "Title",
            Self::Lane => "Lane",
            Self::Actors => "Actors",
            Self::Sources => "Sources",
            Self::Certainty => "Certainty",
            Self::Importance => "Importance",
        }
    }
}

/// A column and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SortKey {
    pub column: Column,
    pub ascending: bool,
}

impl Default for SortKey {
    fn default() -> Self {
        Self {
            column: Column::Date,
            ascending: true,
        }
    }
}

impl SortKey {
    /// The sort after a click on `column`'s header: the same column turns around, another
    /// column sorts ascending (numbers and certainty: highest first, as people look for).
    #[must_use]
    pub fn clicked(self, column: Column) -> Self {
        if self.column == column {
            Self {
                column,
                ascending: !self.ascending,
            }
        } else {
            Self {
                column,
                ascending: !matches!(column, Column::Sources | Column::Importance),
            }
        }
    }
}

/// What the rows were computed for: document generation, filter and search (as the
/// caller's fingerprint of them) and sort.
type RowsKey = (u64, u64, SortKey);

/// The events the table lists, in order.
#[derive(Debug, Default)]
pub struct TableRows {
    key: Option<RowsKey>,
    /// Positions in the dossier's events, in table order.
    pub events: Vec<usize>,
}

impl TableRows {
    /// Recomputes the rows when the document (`generation`), what is shown (`shown`, a
    /// fingerprint of filters and search) or the sort changed; `events` lists the shown
    /// events in time order. Returns whether anything was recomputed.
    pub fn update(
        &mut self,
        document: &Document,
        (generation, shown): (u64, u64),
        sort: SortKey,
        events: impl FnOnce() -> Vec<usize>,
    ) -> bool {
        let key = (generation, shown, sort);
        if self.key == Some(key) {
            return false;
        }
        let mut rows = events();
        sort_events(document, &mut rows, sort);
        self.events = rows;
        self.key = Some(key);
        true
    }

    /// The row of an event, if it is listed.
    pub fn row_of(&self, event: usize) -> Option<usize> {
        self.events.iter().position(|&e| e == event)
    }
}

fn certainty_rank(certainty: Certainty) -> usize {
    Certainty::ALL
        .iter()
        .position(|&c| c == certainty)
        .unwrap_or(0)
}

/// The first actor's name, for sorting by actors.
fn first_actor(document: &Document, event: usize) -> &str {
    let index = &document.index;
    document.dossier.events[event]
        .entities
        .first()
        .and_then(|r| index.entity(&r.id))
        .map_or("", |e| document.dossier.entities[e].name.as_str())
}

/// Sorts `events` (given in time order) by `sort`; ties keep time order, so the sort is
/// stable whatever the column.
pub fn sort_events(document: &Document, events: &mut [usize], sort: SortKey) {
    let (dossier, index) = (&document.dossier, &document.index);
    let rank = |e: usize| index.rank(e);
    type Compare<'c> = Box<dyn Fn(&usize, &usize) -> Ordering + 'c>;
    let compare: Compare<'_> = match sort.column {
        Column::Date => Box::new(|&a, &b| rank(a).cmp(&rank(b))),
        Column::Title => Box::new(|&a, &b| {
            let (ta, tb) = (&dossier.events[a].title, &dossier.events[b].title);
            ta.to_lowercase().cmp(&tb.to_lowercase())
        }),
        Column::Lane => Box::new(|&a, &b| {
            let lane = |e: usize| {
                index
                    .lane(&dossier.events[e].lane)
                    .map_or("", |l| dossier.lanes[l].label.as_str())
            };
            lane(a).cmp(lane(b))
        }),
        Column::Actors => Box::new(|&a, &b| first_actor(document, a).cmp(first_actor(document, b))),
        Column::Sources => Box::new(|&a, &b| {
            dossier.events[a]
                .sources
                .len()
                .cmp(&dossier.events[b].sources.len())
        }),
        Column::Certainty => Box::new(|&a, &b| {
            certainty_rank(dossier.events[a].certainty())
                .cmp(&certainty_rank(dossier.events[b].certainty()))
        }),
        Column::Importance => Box::new(|&a, &b| {
            dossier.events[a]
                .importance()
                .cmp(&dossier.events[b].importance())
        }),
    };
    if sort.column == Column::Date {
        if !sort.ascending {
            events.reverse();
        }
        return;
    }
    events.sort_by(|a, b| {
        let order = compare(a, b);
        let order = if sort.ascending {
            order
        } else {
            order.reverse()
        };
        order.then_with(|| rank(*a).cmp(&rank(*b)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::default_dossier;

    fn all(document: &Document) -> Vec<usize> {
        document.index.chronological().to_vec()
    }

    #[test]
    fn every_column_sorts_both_ways() {
        let document = default_dossier();
        let dossier = &document.dossier;
        for column in Column::ALL {
            for ascending in [true, false] {
                let mut events = all(&document);
                sort_events(&document, &mut events, SortKey { column, ascending });
                assert_eq!(events.len(), dossier.events.len());
                for pair in events.windows(2) {
                    let (a, b) = (pair[0], pair[1]);
                    let key = |e: usize| -> (String, i64) {
                        let event = &dossier.events[e];
                        match column {
                            Column::Date => {
                                (String::new(), document.index.rank(e).unwrap_or(0) as i64)
                            }
                            Column::Title => (event.title.to_lowercase(), 0),
                            Column::Lane => (
                                document
                                    .index
                                    .lane(&event.lane)
                                    .map_or(String::new(), |l| dossier.lanes[l].label.clone()),
                                0,
                            ),
                            Column::Actors => (first_actor(&document, e).to_owned(), 0),
                            Column::Sources => (String::new(), event.sources.len() as i64),
                            Column::Certainty => {
                                (String::new(), certainty_rank(event.certainty()) as i64)
                            }
                            Column::Importance => (String::new(), i64::from(event.importance())),
                        }
                    };
                    let order = key(a).cmp(&key(b));
                    if ascending {
                        assert_ne!(order, Ordering::Greater, "{column:?} ascending");
                    } else {
                        assert_ne!(order, Ordering::Less, "{column:?} descending");
                    }
                }
            }
        }
    }

    #[test]
    fn rows_follow_what_is_shown_and_are_kept_until_it_changes() {
        let document = default_dossier();
        let mut rows = TableRows::default();
        let sort = SortKey::default();
        assert!(rows.update(&document, (1, 0), sort, || all(&document)));
        assert_eq!(rows.events.len(), document.dossier.events.len());
        // Same generation, same filter: nothing recomputed.
        assert!(!rows.update(&document, (1, 0), sort, || unreachable!()));
        // A search keeps only its results.
        let hits = all(&document)[..3].to_vec();
        assert!(rows.update(&document, (1, 7), sort, || hits.clone()));
        assert_eq!(rows.events, hits);
        assert_eq!(rows.row_of(hits[2]), Some(2));
        assert_eq!(rows.row_of(all(&document)[5]), None);
    }

    #[test]
    fn clicking_a_header_sorts_by_it_then_turns_around() {
        let sort = SortKey::default().clicked(Column::Title);
        assert_eq!(
            sort,
            SortKey {
                column: Column::Title,
                ascending: true
            }
        );
        assert!(!sort.clicked(Column::Title).ascending);
        assert!(
            !sort.clicked(Column::Importance).ascending,
            "most important first"
        );
    }
}
