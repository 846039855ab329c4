//! What the dossier exports share: the order events are written in and lane labels.

use crate::model::document::Document;

/// Events in time order, then any whose dates are invalid, in file order.
pub(crate) fn events_in_order(document: &Document) -> Vec<usize> {
    let mut order = document.index.chronological().to_vec();
    order.extend((0..document.dossier.events.len()).filter(|&i| document.index.rank(i).is_none()));
    order
}

/// The label of a lane, or its id if no lane has it.
pub(crate) fn lane_label<'a>(document: &'a Document, lane: &'a str) -> &'a str {
    document
        .index
        .lane(lane)
        .and_then(|l| document.dossier.lanes.get(l))
        .map_or(lane, |l| l.label.as_str())
}
