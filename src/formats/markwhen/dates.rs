//! The dates and ranges of Markwhen event lines, in the forms its parser documents: EDTF
//! and ISO 8601 (`2025`, `2025-07`, `2025-07-26`, `2025-07-26T09:30:00Z`, `Y-13800000000`),
//! American (`07/26/2025`, `07/2025`; day first with the header `dateFormat: d/M/y`),
//! month names (`July 2025`, `Jul 26, 2025`, `26 July 2025`), ranges with `/`, `-`, `–`
//! or `to`, and an end given as a duration (`2025-04/4 months`, `03/2025 - 1 year`).

use crate::model::date::{FuzzyDate, Precision, days_in_month};

/// A start and an inclusive end, as Dossier dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    pub start: FuzzyDate,
    pub end: Option<FuzzyDate>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date range as a Markwhen event line starts with (the text before its `:`).
/// `day_first` reads `a/b/c` as day/month/year.
pub fn parse_range(text: &str, day_first: bool) -> Option<DateRange> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(start) = parse_date(text, day_first) {
        return Some(DateRange { start, end: None });
    }
    for separator in [" to ", " – ", "–", " - ", "/", "-"] {
        for (at, _) in text.match_indices(separator) {
            let (left, right) = (&text[..at], &text[at + separator.len()..]);
            let Some(start) = parse_date(left, day_first) else {
                continue;
            };
            let end = parse_date(right, day_first)
                .or_else(|| after_duration(&start, right))
                .filter(|end| end.end_secs_exclusive() > start.start_secs());
            if let Some(end) = end {
                return Some(DateRange {
                    start,
                    end: Some(end),
                });
            }
        }
    }
    None
}

/// One date in any of the forms read.
fn parse_date(text: &str, day_first: bool) -> Option<FuzzyDate> {
    let text = text.trim();
    iso(text)
        .or_else(|| slashed(text, day_first))
        .or_else(|| named_month(text))
}

/// EDTF / ISO 8601, with Markwhen's `Y` prefix for long years; a time zone and fractions
/// of a second are dropped (Dossier times are local).
fn iso(text: &str) -> Option<FuzzyDate> {
    let text = text.strip_prefix('Y').unwrap_or(text);
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (date, time) = match body.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let mut parts = date.split('-');
    let year = parts.next()?;
    if year.is_empty() || year.len() > 11 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut canonical = format!("{}{year:0>4}", if negative { "-" } else { "" });
    for part in parts {
        if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        canonical.push('-');
        canonical.push_str(part);
    }
    if let Some(time) = time {
        let time = time
            .trim_end_matches('Z')
            .split(['+', '-'])
            .next()
            .unwrap_or("");
        let mut fields = time.split(':');
        let hour = fields.next()?;
        let minute = fields.next()?;
        canonical.push_str(&format!("T{hour}:{minute}"));
        if let Some(second) = fields.next() {
            let whole = second.split('.').next().unwrap_or("");
            canonical.push_str(&format!(":{whole}"));
        }
    }
    FuzzyDate::parse(&canonical).ok()
}

/// `07/26/2025`, `07/2025` (or `26/07/2025` with `day_first`).
fn slashed(text: &str, day_first: bool) -> Option<FuzzyDate> {
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = |s: &str| -> Option<i64> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [month, y] => build(year(y)?, Some(number(month)?), None),
        [a, b, y] => {
            let (month, day) = if day_first { (b, a) } else { (a, b) };
            build(year(y)?, Some(number(month)?), Some(number(day)?))
        }
        _ => None,
    }
}

/// `July 2025`, `Jul 26, 2025`, `26 July 2025`.
fn named_month(text: &str) -> Option<FuzzyDate> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let month_of = |w: &str| {
        let w = w.trim_end_matches('.').to_lowercase();
        let prefix: String = w.chars().take(3).collect();
        MONTHS
            .iter()
            .position(|m| prefix.len() == 3 && *m == prefix && month_word(&w))
            .and_then(|i| u32::try_from(i + 1).ok())
    };
    let year = |w: &str| -> Option<i64> {
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    let day = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
        (!w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    match words.as_slice() {
        [m, y] => build(year(y)?, Some(month_of(m)?), None),
        [m, d, y] if month_of(m).is_some() => build(year(y)?, month_of(m), Some(day(d)?)),
        [d, m, y] => build(year(y)?, Some(month_of(m)?), Some(day(d)?)),
        _ => None,
    }
}

/// Whether a lower-case word is a month name or its abbreviation (`jul`, `july`, `sept`).
fn month_word(word: &str) -> bool {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    NAMES.iter().any(|name| name.starts_with(word))
}

fn build(year: i64, month: Option<u32>, day: Option<u32>) -> Option<FuzzyDate> {
    let mut text = format!("{year:04}");
    if let Some(month) = month {
        text.push_str(&format!("-{month:02}"));
        if let Some(day) = day {
            text.push_str(&format!("-{day:02}"));
        }
    }
    FuzzyDate::parse(&text).ok()
}

/// The inclusive end of a range given as `start` plus a duration (`4 months`, `1 year`,
/// `10 days`), at the start's precision.
fn after_duration(start: &FuzzyDate, text: &str) -> Option<FuzzyDate> {
    let mut words = text.split_whitespace();
    let amount: i64 = words.next()?.parse().ok()?;
    let unit = words.next()?.trim_end_matches('s').to_lowercase();
    if words.next().is_some() || amount <= 0 {
        return None;
    }
    let (years, months, days) = match unit.as_str() {
        "year" => (amount, 0, 0),
        "month" => (0, amount, 0),
        "week" => (0, 0, amount * 7),
        "day" => (0, 0, amount),
        _ => return None,
    };
    let mut end = *start;
    end.approximate = false;
    end.uncertain = false;
    // The first instant after the range, then one step of the start's precision back.
    let total_months = start.year * 12 + i64::from(start.month - 1) + years * 12 + months;
    end.year = total_months.div_euclid(12);
    end.month = u8::try_from(total_months.rem_euclid(12) + 1).ok()?;
    end.day = start.day.min(days_in_month(end.year, end.month));
    let mut end = add_days(end, days);
    match start.precision {
        Precision::Year => end.year -= 1,
        Precision::Month => {
            let months = end.year * 12 + i64::from(end.month - 1) - 1;
            end.year = months.div_euclid(12);
            end.month = u8::try_from(months.rem_euclid(12) + 1).ok()?;
        }
        _ => end = add_days(end, -1),
    }
    Some(end)
}

fn add_days(date: FuzzyDate, days: i64) -> FuzzyDate {
    if days == 0 {
        return date;
    }
    let n = crate::model::date::days_from_civil(date.year, date.month, date.day) + days;
    let (year, month, day) = crate::model::date::civil_from_days(n);
    FuzzyDate {
        year,
        month,
        day,
        ..date
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> (String, String) {
        let r = parse_range(text, false).unwrap_or_else(|| panic!("{text:?} not read"));
        (
            r.start.to_string(),
            r.end.map(|e| e.to_string()).unwrap_or_default(),
        )
    }

    #[test]
    fn dates_and_ranges_in_markwhen_forms() {
        let one = |s: &str| (s.to_owned(), String::new());
        assert_eq!(range("2025"), one("2025"));
        assert_eq!(range("1961"), one("1961"));
        assert_eq!(range("12/2012"), one("2012-12"));
        assert_eq!(range("12/7/1941"), one("1941-12-07"));
        assert_eq!(
            range("2022-02-22T16:27:08.369Z"),
            one("2022-02-22T16:27:08")
        );
        assert_eq!(range("Jul 26, 2025"), one("2025-07-26"));
        assert_eq!(range("26 July 2025"), one("2025-07-26"));
        assert_eq!(range("Y-13800000000"), one("-13800000000"));
        let two = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(range("2025-01/2025-03"), two("2025-01", "2025-03"));
        assert_eq!(range("1892/2021-08-12"), two("1892", "2021-08-12"));
        assert_eq!(
            range("2021-01-02T06:27:00Z-2022"),
            two("2021-01-02T06:27:00", "2022")
        );
        assert_eq!(range("2025-04/4 months"), two("2025-04", "2025-07"));
        assert_eq!(range("03/2025 - 1 year"), two("2025-03", "2026-02"));
        assert_eq!(
            range("2025-07-26 - 3 days"),
            two("2025-07-26", "2025-07-28")
        );
        assert_eq!(range("1990 to 1999"), two("1990", "1999"));
        assert_eq!(
            parse_range("26/07/2025", true).map(|r| r.start.to_string()),
            Some("2025-07-26".to_owned())
        );
        for bad in ["now", "soon", "2025-13", "2 years", "Section 3"] {
            assert!(parse_range(bad, false).is_none(), "{bad:?}");
        }
    }
}
