//! Dates with explicit precision, as the format writes them: `2025`, `2025-07`,
//! `2025-07-23`, `2025-07-23T09:30`, with an optional `~` (approximate), `?` (uncertain)
//! or `%` (both) suffix, and negative (astronomical) years before the common era.
//!
//! Dates stay strings in the dataset, so that files round-trip byte for byte; this module
//! parses them into [`FuzzyDate`] once, when the index is built.

use std::fmt;

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
    Minute,
    Second,
}

impl Precision {
    /// A lower-case word for messages and tooltips.
    pub fn name(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
            Self::Minute => "minute",
            Self::Second => "second",
        }
    }
}

/// A parsed date: a calendar position at some precision, possibly qualified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FuzzyDate {
    /// Astronomical year: 0 is 1 BCE, -43 is 44 BCE; at most [`MAX_YEAR`] either way,
    /// wide enough for cosmology (the Big Bang, 13.8 billion years ago) and geology.
    pub year: i64,
    /// 1–12, or 1 when the precision is `Year`.
    pub month: u8,
    /// 1–31, or 1 when the precision is coarser than `Day`.
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub precision: Precision,
    /// `~` or `%`: "around this date".
    pub approximate: bool,
    /// `?` or `%`: "this date is not certain".
    pub uncertain: bool,
}

/// Why a date string is not a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("empty date")]
    Empty,
    #[error(
        "malformed date \"{0}\": expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss], optionally followed by ~, ? or %"
    )]
    Malformed(String),
    #[error(
        "malformed date \"{0}\": the year needs 4 to 11 digits (write 0800, not 800; -13800000000 for 13.8 billion years ago)"
    )]
    YearDigits(String),
    #[error("impossible date \"{input}\": month {month} does not exist")]
    Month { input: String, month: u32 },
    #[error("impossible date \"{input}\": {month_name} {year} has {days} days")]
    Day {
        input: String,
        month_name: &'static str,
        year: i64,
        days: u8,
    },
    #[error("impossible time in \"{0}\"")]
    Time(String),
}

pub(crate) const SECONDS_PER_DAY: i64 = 86_400;

/// The largest year, before or after the common era, a date can have: 11 digits. Its
/// seconds from 1970 still fit an `i64` many times over.
pub const MAX_YEAR: i64 = 99_999_999_999;

/// The most digits a year may have.
const MAX_YEAR_DIGITS: usize = 11;

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of a month, 1–12.
pub fn month_name(month: u8) -> &'static str {
    MONTH_NAMES
        .get(usize::from(month.max(1)) - 1)
        .copied()
        .unwrap_or("?")
}

pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Hinnant's algorithm,
/// exact for negative years too).
pub fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let (y, m, d) = (year, i64::from(month), i64::from(day));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl FuzzyDate {
    /// A day-precision date (no qualifier).
    pub fn day(year: i64, month: u8, day: u8) -> Self {
        Self {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            precision: Precision::Day,
            approximate: false,
            uncertain: false,
        }
    }

    /// Parses the format's date forms; see the module documentation.
    pub fn parse(input: &str) -> Result<Self, DateError> {
        if input.is_empty() {
            return Err(DateError::Empty);
        }
        let malformed = || DateError::Malformed(input.to_owned());
        let (body, approximate, uncertain) = match input.as_bytes()[input.len() - 1] {
            b'~' => (&input[..input.len() - 1], true, false),
            b'?' => (&input[..input.len() - 1], false, true),
            b'%' => (&input[..input.len() - 1], true, true),
            _ => (input, false, false),
        };
        let (negative, body) = match body.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let (date_part, time_part) = match body.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (body, None),
        };
        let mut parts = date_part.split('-');
        let year_text = parts.next().ok_or_else(malformed)?;
        if year_text.is_empty() || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        if !(4..=MAX_YEAR_DIGITS).contains(&year_text.len()) {
            return Err(DateError::YearDigits(input.to_owned()));
        }
        let magnitude: i64 = year_text.parse().map_err(|_| malformed())?;
        let year = if negative { -magnitude } else { magnitude };
        let two_digits = |text: Option<&str>| -> Result<Option<u32>, DateError> {
            match text {
                None => Ok(None),
                Some(t) if t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()) => {
                    t.parse().map(Some).map_err(|_| malformed())
                }
                Some(_) => Err(malformed()),
            }
        };
        let month = two_digits(parts.next())?;
        let day = two_digits(parts.next())?;
        if parts.next().is_some() {
            return Err(malformed());
        }
        let mut date = Self {
            year,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            precision: Precision::Year,
            approximate,
            uncertain,
        };
        if let Some(month) = month {
            if !(1..=12).contains(&month) {
                return Err(DateError::Month {
                    input: input.to_owned(),
                    month,
                });
            }
            date.month = month as u8;
            date.precision = Precision::Month;
        }
        if let Some(day) = day {
            let days = days_in_month(year, date.month);
            if day == 0 || day > u32::from(days) {
                return Err(DateError::Day {
                    input: input.to_owned(),
                    month_name: month_name(date.month),
                    year,
                    days,
                });
            }
            date.day = day as u8;
            date.precision = Precision::Day;
        }
        if let Some(time) = time_part {
            if date.precision != Precision::Day {
                return Err(malformed());
            }
            let mut fields = time.split(':');
            let hour = two_digits(fields.next())?.ok_or_else(malformed)?;
            let minute = two_digits(fields.next())?.ok_or_else(malformed)?;
            let second = two_digits(fields.next())?;
            if fields.next().is_some() {
                return Err(malformed());
            }
            if hour > 23 || minute > 59 || second.is_some_and(|s| s > 59) {
                return Err(DateError::Time(input.to_owned()));
            }
            date.hour = hour as u8;
            date.minute = minute as u8;
            date.second = second.unwrap_or(0) as u8;
            date.precision = if second.is_some() {
                Precision::Second
            } else {
                Precision::Minute
            };
        }
        Ok(date)
    }

    /// Seconds since 1970-01-01T00:00 at the first instant the date covers.
    pub fn start_secs(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * SECONDS_PER_DAY
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// Seconds since 1970-01-01T00:00 just after the last instant the date covers:
    /// `2025-07` ends at 2025-08-01T00:00, `2025-07-23` at 2025-07-24T00:00.
    pub fn end_secs_exclusive(&self) -> i64 {
        match self.precision {
            Precision::Year => days_from_civil(self.year + 1, 1, 1) * SECONDS_PER_DAY,
            Precision::Month => {
                let (y, m) = if self.month == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, self.month + 1)
                };
                days_from_civil(y, m, 1) * SECONDS_PER_DAY
            }
            Precision::Day => self.start_secs() + SECONDS_PER_DAY,
            Precision::Minute => self.start_secs() + 60,
            Precision::Second => self.start_secs() + 1,
        }
    }

    /// True when the date is qualified as approximate or uncertain.
    pub fn is_qualified(&self) -> bool {
        self.approximate || self.uncertain
    }

    /// The date written out for readers at its precision: "2025", "July 2025",
    /// "23 July 2025", "23 July 2025, 09:30", "15 March 44 BCE", "around July 2025".
    pub fn long(&self) -> String {
        let year = display_year(self.year);
        let body = match self.precision {
            Precision::Year => year,
            Precision::Month => format!("{} {year}", month_name(self.month)),
            Precision::Day => format!("{} {} {year}", self.day, month_name(self.month)),
            Precision::Minute => format!(
                "{} {} {year}, {:02}:{:02}",
                self.day,
                month_name(self.month),
                self.hour,
                self.minute
            ),
            Precision::Second => format!(
                "{} {} {year}, {:02}:{:02}:{:02}",
                self.day,
                month_name(self.month),
                self.hour,
                self.minute,
                self.second
            ),
        };
        self.qualify(body)
    }

    fn qualify(&self, body: String) -> String {
        match (self.approximate, self.uncertain) {
            (true, true) => format!("around {body} (uncertain)"),
            (true, false) => format!("around {body}"),
            (false, true) => format!("{body} (uncertain)"),
            (false, false) => body,
        }
    }

    /// The same calendar position at a coarser or equal precision, unqualified.
    fn truncated(&self, precision: Precision) -> Self {
        let mut d = *self;
        d.precision = precision.min(self.precision);
        d.approximate = false;
        d.uncertain = false;
        if d.precision < Precision::Month {
            d.month = 1;
        }
        if d.precision < Precision::Day {
            d.day = 1;
        }
        d
    }
}

/// A year for readers: "2025", "44 BCE" (astronomical -43), "13,800,000,000 BCE" (years
/// of five digits or more are grouped by thousands).
pub fn display_year(year: i64) -> String {
    if year <= 0 {
        format!("{} BCE", group_thousands(1 - year))
    } else {
        group_thousands(year)
    }
}

/// `12345678` → `12,345,678`; numbers under 10,000 stay as they are (`2025`).
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    if digits.len() <= 4 {
        return n.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A range written out compactly: "26–28 July 2025", "30 June – 2 July 2025",
/// "November 2023 – March 2024". `end` is inclusive.
pub fn long_range(start: &FuzzyDate, end: Option<&FuzzyDate>) -> String {
    let Some(end) = end else {
        return start.long();
    };
    let plain = start.precision == end.precision
        && !start.is_qualified()
        && !end.is_qualified()
        && start.precision == Precision::Day;
    if plain && start.year == end.year {
        let year = display_year(start.year);
        if start.month == end.month {
            if start.day == end.day {
                return start.long();
            }
            return format!(
                "{}–{} {} {year}",
                start.day,
                end.day,
                month_name(start.month)
            );
        }
        return format!(
            "{} {} – {} {} {year}",
            start.day,
            month_name(start.month),
            end.day,
            month_name(end.month)
        );
    }
    if start.truncated(Precision::Second) == end.truncated(Precision::Second)
        && !start.is_qualified()
    {
        return start.long();
    }
    format!("{} – {}", start.long(), end.long())
}

impl fmt::Display for FuzzyDate {
    /// The canonical string form (as the format writes it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year < 0 {
            write!(f, "-{:04}", self.year.unsigned_abs())?;
        } else {
            write!(f, "{:04}", self.year)?;
        }
        if self.precision >= Precision::Month {
            write!(f, "-{:02}", self.month)?;
        }
        if self.precision >= Precision::Day {
            write!(f, "-{:02}", self.day)?;
        }
        if self.precision >= Precision::Minute {
            write!(f, "T{:02}:{:02}", self.hour, self.minute)?;
        }
        if self.precision >= Precision::Second {
            write!(f, ":{:02}", self.second)?;
        }
        match (self.approximate, self.uncertain) {
            (true, true) => f.write_str("%"),
            (true, false) => f.write_str("~"),
            (false, true) => f.write_str("?"),
            (false, false) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(FuzzyDate::parse("2025").unwrap().precision, Precision::Year);
        assert_eq!(
            FuzzyDate::parse("2025-07").unwrap().precision,
            Precision::Month
        );
        let d = FuzzyDate::parse("2025-07-23").unwrap();
        assert_eq!(
            (d.year, d.month, d.day, d.precision),
            (2025, 7, 23, Precision::Day)
        );
        let t = FuzzyDate::parse("2025-07-26T09:30").unwrap();
        assert_eq!((t.hour, t.minute, t.precision), (9, 30, Precision::Minute));
        let s = FuzzyDate::parse("2025-07-26T09:30:15").unwrap();
        assert_eq!((s.second, s.precision), (15, Precision::Second));
    }

    #[test]
    fn qualifiers_and_negative_years() {
        let d = FuzzyDate::parse("2026-07~").unwrap();
        assert!(d.approximate && !d.uncertain);
        assert!(FuzzyDate::parse("2026?").unwrap().uncertain);
        let both = FuzzyDate::parse("2026-01%").unwrap();
        assert!(both.approximate && both.uncertain);
        let caesar = FuzzyDate::parse("-0043-03-15").unwrap();
        assert_eq!(caesar.year, -43);
        assert_eq!(caesar.long(), "15 March 44 BCE");
        assert_eq!(caesar.to_string(), "-0043-03-15");
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in [
            "",
            "25",
            "2025-7",
            "2025-07-1",
            "2025/07/01",
            "July 2025",
            "2025-07-23T9:30",
            "2025-07T10:00",
            "2025-07-23-01",
            "20250-1",
            "-138000000000",
        ] {
            assert!(FuzzyDate::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(
            FuzzyDate::parse("2025-02-30").unwrap_err().to_string(),
            "impossible date \"2025-02-30\": February 2025 has 28 days"
        );
        assert!(FuzzyDate::parse("2024-02-29").is_ok());
        assert!(FuzzyDate::parse("1900-02-29").is_err());
        assert!(matches!(
            FuzzyDate::parse("2025-13").unwrap_err(),
            DateError::Month { .. }
        ));
        assert!(matches!(
            FuzzyDate::parse("2025-07-23T24:00").unwrap_err(),
            DateError::Time(_)
        ));
    }

    #[test]
    fn canonical_form_round_trips() {
        for text in [
            "2025",
            "2025-07",
            "2025-07-23",
            "2025-07-23T09:30",
            "2025-07-23T09:30:05",
            "2025-07~",
            "-0043",
            "0000-01-01?",
        ] {
            assert_eq!(FuzzyDate::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn civil_day_numbers_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        for days in [-800_000, -1, 0, 1, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn spans_cover_their_precision() {
        let month = FuzzyDate::parse("2025-07").unwrap();
        assert_eq!(
            month.end_secs_exclusive() - month.start_secs(),
            31 * SECONDS_PER_DAY
        );
        let december = FuzzyDate::parse("2025-12").unwrap();
        assert_eq!(
            december.end_secs_exclusive(),
            days_from_civil(2026, 1, 1) * SECONDS_PER_DAY
        );
        let leap = FuzzyDate::parse("2024").unwrap();
        assert_eq!(
            leap.end_secs_exclusive() - leap.start_secs(),
            366 * SECONDS_PER_DAY
        );
    }

    #[test]
    fn long_forms_read_naturally() {
        let p = |s| FuzzyDate::parse(s).unwrap();
        assert_eq!(p("2025-07").long(), "July 2025");
        assert_eq!(p("2026-07~").long(), "around July 2026");
        assert_eq!(
            long_range(&p("2025-07-26"), Some(&p("2025-07-28"))),
            "26–28 July 2025"
        );
        assert_eq!(
            long_range(&p("2023-11-30"), Some(&p("2023-12-02"))),
            "30 November – 2 December 2023"
        );
        assert_eq!(
            long_range(&p("2024-08"), Some(&p("2026-08-02"))),
            "August 2024 – 2 August 2026"
        );
    }
}
