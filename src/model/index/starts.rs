//! The starts of a time-ordered list of events, read where they are kept.

use crate::model::span::MaybeSpan;

/// The starts (seconds since 1970) of a list of events in time order, so ascending: what
/// the timeline's density marks and overview count, and culling searches. The index
/// reads them through its list from the span of each event's slot, rather than keep a
/// copy of every start per list (16 MB at a million events); a filtered view holds its
/// own.
#[derive(Clone, Copy, Debug)]
pub enum Starts<'a> {
    /// The starts of the events in these slots.
    Listed {
        slots: &'a [u32],
        spans: &'a [MaybeSpan],
    },
    /// Starts held as they are.
    Plain(&'a [i64]),
}

impl Starts<'_> {
    pub fn len(&self) -> usize {
        match self {
            Self::Listed { slots, .. } => slots.len(),
            Self::Plain(starts) => starts.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th start. The index lists only events with a span, so a listed slot
    /// without one cannot occur; it would read as the earliest time.
    pub fn get(&self, i: usize) -> Option<i64> {
        match self {
            Self::Listed { slots, spans } => {
                let slot = *slots.get(i)?;
                Some(
                    spans
                        .get(slot as usize)?
                        .get()
                        .map_or(i64::MIN, |s| s.start_secs),
                )
            }
            Self::Plain(starts) => starts.get(i).copied(),
        }
    }

    /// The number of starts for which `before` holds, they being all first: as
    /// [`slice::partition_point`].
    pub fn partition_point(&self, before: impl Fn(i64) -> bool) -> usize {
        match self {
            Self::Listed { .. } => self.search(0, self.len(), before),
            Self::Plain(starts) => starts.partition_point(|&s| before(s)),
        }
    }

    /// [`Self::partition_point`] for a caller that knows the first `first` starts are
    /// before: a search outward from there, then back, so that counting column after
    /// column across a view reads starts near the last ones read.
    pub fn partition_point_from(&self, first: usize, before: impl Fn(i64) -> bool) -> usize {
        let len = self.len();
        let (mut low, mut high, mut step) = (first.min(len), first.min(len), 1);
        while high < len && self.get(high).is_some_and(&before) {
            low = high + 1;
            high = high.saturating_add(step).min(len);
            step *= 2;
        }
        self.search(low, high, before)
    }

    /// The first place in `low..high` where `before` fails, all before `low` holding
    /// and all from `high` failing: a binary search.
    fn search(&self, mut low: usize, mut high: usize, before: impl Fn(i64) -> bool) -> usize {
        while low < high {
            let middle = low + (high - low) / 2;
            if self.get(middle).is_some_and(&before) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }

    /// Every start, in order.
    pub fn iter(&self) -> impl Iterator<Item = i64> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Equal when they hold the same starts, however they read them.
impl PartialEq for Starts<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_starts_search_and_read_as_plain_ones() {
        let dates = [
            "2025-07-03",
            "2025-07-01",
            "bad",
            "2025-07-02",
            "2025-07-05",
        ];
        let spans: Vec<MaybeSpan> = dates.iter().map(|d| MaybeSpan::parse(d, "")).collect();
        // The slots of the valid events, in time order.
        let slots = [1, 3, 0, 4];
        let listed = Starts::Listed {
            slots: &slots,
            spans: &spans,
        };
        let plain: Vec<i64> = slots
            .iter()
            .filter_map(|&s| spans[s as usize].get().map(|p| p.start_secs))
            .collect();
        assert_eq!(listed, Starts::Plain(&plain));
        let day = 86_400;
        for t in (plain[0] - day..plain[3] + 2 * day).step_by(day as usize / 2) {
            assert_eq!(
                listed.partition_point(|s| s < t),
                plain.partition_point(|&s| s < t),
                "{t}"
            );
        }
        for first in 0..=plain.len() {
            for t in [plain[0] - 1, plain[1], plain[2] + 1, plain[3] + 1] {
                let expected = plain.partition_point(|&s| s < t);
                if expected >= first {
                    assert_eq!(listed.partition_point_from(first, |s| s < t), expected);
                }
            }
        }
        assert_eq!(listed.get(4), None);
    }
}
