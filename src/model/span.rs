//! Time spans: an event's or period's dates parsed ([`Span`]), and the packed form the
//! index keeps per event ([`PackedSpan`]).
//!
//! A `Span` holds both dates in full (48 bytes); at a million events the index kept 48
//! MB of them. A date's fields follow from the first second it covers and how it was
//! written (precision and qualifiers), so the index keeps the seconds and those and
//! unpacks a `Span` when asked: 32 bytes an event.

use super::date::{FuzzyDate, Precision, SECONDS_PER_DAY, civil_from_days};

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

/// How a date was written: all that its first second does not tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Form {
    precision: Precision,
    approximate: bool,
    uncertain: bool,
}

impl Form {
    fn of(date: &FuzzyDate) -> Self {
        Self {
            precision: date.precision,
            approximate: date.approximate,
            uncertain: date.uncertain,
        }
    }

    /// The date written this way whose first second is `secs`.
    fn date_at(self, secs: i64) -> FuzzyDate {
        let (year, month, day) = civil_from_days(secs.div_euclid(SECONDS_PER_DAY));
        let second_of_day = secs.rem_euclid(SECONDS_PER_DAY);
        FuzzyDate {
            year,
            month,
            day,
            hour: (second_of_day / 3600) as u8,
            minute: (second_of_day % 3600 / 60) as u8,
            second: (second_of_day % 60) as u8,
            precision: self.precision,
            approximate: self.approximate,
            uncertain: self.uncertain,
        }
    }
}

/// A [`Span`] as the index keeps it per event: the seconds, and each date's [`Form`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PackedSpan {
    pub start_secs: i64,
    pub end_secs: i64,
    /// The first second of the end date of a range; unused without one.
    end_first_secs: i64,
    start: Form,
    end: Option<Form>,
}

impl PackedSpan {
    pub fn parse(start: &str, end: &str) -> Option<Self> {
        Span::parse(start, end).map(|span| Self::pack(&span))
    }

    pub fn pack(span: &Span) -> Self {
        Self {
            start_secs: span.start_secs,
            end_secs: span.end_secs,
            end_first_secs: span.end.as_ref().map_or(0, FuzzyDate::start_secs),
            start: Form::of(&span.start),
            end: span.end.as_ref().map(Form::of),
        }
    }

    pub fn unpack(&self) -> Span {
        Span {
            start: self.start.date_at(self.start_secs),
            end: self.end.map(|form| form.date_at(self.end_first_secs)),
            start_secs: self.start_secs,
            end_secs: self.end_secs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_span_takes_32_bytes_and_none_costs_nothing_more() {
        assert_eq!(size_of::<Option<PackedSpan>>(), 32);
    }

    #[test]
    fn every_form_of_date_unpacks_to_what_was_parsed() {
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
                let unpacked = PackedSpan::pack(&span).unpack();
                assert_eq!(unpacked, span, "{start} / {end}");
                assert_eq!(PackedSpan::parse(start, end), Some(PackedSpan::pack(&span)));
            }
        }
        assert_eq!(PackedSpan::parse("2025-13", ""), None);
        assert_eq!(PackedSpan::parse("2025", "soon"), None);
    }
}
