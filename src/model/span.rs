//! Time spans: an event's or period's dates parsed ([`Span`]), and the packed form the
//! index keeps per event ([`PackedSpan`]).
//!
//! A `Span` holds both dates in full (48 bytes); at a million events the index kept 48
//! MB of them. The index keeps only the seconds (16 bytes an event): an event's dates
//! are parsed again, from its own strings, where they are read in full (a label, the
//! briefing pane, an export), which is a few events at a time.

use super::date::FuzzyDate;

/// The parsed time span of an event or period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: FuzzyDate,
    /// The inclusive end date of a range, `None` for a single date.
    pub end: Option<FuzzyDate>,
    /// Seconds since 1970-01-01 at the first instant covered.
    pub start_secs: i64,
    /// Seconds since 1970-01-01 just after the last instant covered.
    pub end_secs: i64,
}

impl Span {
    /// Parses a start and an optional (empty = none) end; `None` if either is not a date.
    pub fn parse(start: &str, end: &str) -> Option<Self> {
        let start = FuzzyDate::parse(start).ok()?;
        let end = if end.is_empty() {
            None
        } else {
            Some(FuzzyDate::parse(end).ok()?)
        };
        let start_secs = start.start_secs();
        let end_secs = end
            .as_ref()
            .map_or(start.end_secs_exclusive(), FuzzyDate::end_secs_exclusive)
            .max(start_secs + 1);
        Some(Self {
            start,
            end,
            start_secs,
            end_secs,
        })
    }

    /// True for an explicit range (start and end given).
    pub fn is_range(&self) -> bool {
        self.end.is_some()
    }

    /// The span written out for readers ("26–28 July 2025").
    pub fn long(&self) -> String {
        super::date::long_range(&self.start, self.end.as_ref())
    }

    /// True when either end is approximate or uncertain.
    pub fn is_qualified(&self) -> bool {
        self.start.is_qualified() || self.end.is_some_and(|e| e.is_qualified())
    }
}

/// An event's span as the index keeps it: its first and just-after-last second, what
/// ordering, culling and the density marks read. The dates themselves are parsed again
/// from the event when a reader needs them ([`Span::parse`]): keeping their forms too
/// took 32 bytes an event, 16 MB at a million.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackedSpan {
    pub start_secs: i64,
    pub end_secs: i64,
}

impl PackedSpan {
    /// `None` if either date is not a date.
    pub fn parse(start: &str, end: &str) -> Option<Self> {
        Span::parse(start, end).map(|span| Self {
            start_secs: span.start_secs,
            end_secs: span.end_secs,
        })
    }
}

/// A [`PackedSpan`] or none in 16 bytes, where an `Option` takes 24: none is a start no
/// date has (the earliest year's first second is about -3.2e18, far above `i64::MIN`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaybeSpan(PackedSpan);

impl MaybeSpan {
    pub const NONE: Self = Self(PackedSpan {
        start_secs: i64::MIN,
        end_secs: i64::MIN,
    });

    pub fn parse(start: &str, end: &str) -> Self {
        PackedSpan::parse(start, end).map_or(Self::NONE, Self)
    }

    pub fn get(self) -> Option<PackedSpan> {
        (self != Self::NONE).then_some(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::MAX_YEAR;

    #[test]
    fn a_span_or_none_takes_16_bytes() {
        assert_eq!(size_of::<MaybeSpan>(), 16);
    }

    #[test]
    fn every_form_of_date_keeps_its_seconds_and_none_is_no_date() {
        let dates = [
            "2025",
            "2025-07",
            "2025-07-26",
            "2025-07-26T09:30",
            "2025-07-26T23:59:59",
            "2024-02-29",
            "1970-01-01",
            "1969-12-31T23:59:59",
            "0000",
            "-0043-03-15",
            "-13800000000",
            "99999999999-12-31T23:59:59",
            "-99999999999-01-01",
            "2025~",
            "2025-07?",
            "2025-07-26%",
            "1847-12-01T00:00~",
        ];
        for start in dates {
            for end in ["", "2025-07-28", "1900~", "-0001-12-31T12:00?"] {
                let Some(span) = Span::parse(start, end) else {
                    panic!("{start} / {end} should parse");
                };
                let packed = MaybeSpan::parse(start, end).get();
                assert_eq!(
                    packed.map(|p| (p.start_secs, p.end_secs)),
                    Some((span.start_secs, span.end_secs)),
                    "{start} / {end}"
                );
            }
        }
        assert_eq!(MaybeSpan::parse("2025-13", "").get(), None);
        assert_eq!(MaybeSpan::parse("2025", "soon").get(), None);
        let earliest = format!("-{MAX_YEAR}-01-01T00:00:00");
        let first = MaybeSpan::parse(&earliest, "").get().map(|p| p.start_secs);
        assert!(first.is_some_and(|secs| secs > i64::MIN), "{first:?}");
    }
}
