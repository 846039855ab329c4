//! `TimelineJS` dates and Dossier dates: date objects (`{ "year": -44, "month": 3 }`) to
//! [`FuzzyDate`] and back, the BCE year mapping, and the spreadsheet's `Time` cells.

use serde_json::{Map, Value};

use super::importer::{At, Importer};
use super::values::{describe_value, is_blank};
use crate::model::date::{
    FuzzyDate, MAX_YEAR, Precision, days_in_month, display_year, group_thousands, month_name,
};

/// A date part as a whole number. Strings may hold spaces and thousands separators as the
/// spreadsheet template allows ("1,000"), and a month may be named ("July", "Jul").
fn date_number(value: &Value, is_month: bool) -> Result<Option<i64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| (f - f.trunc()).abs() < f64::EPSILON && f.abs() < 1e15)
                    .map(|f| f as i64)
            })
            .map(Some)
            .ok_or_else(|| format!("{n} is not a whole number")),
        Value::String(s) => {
            let cleaned: String = s
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',')
                .collect();
            if cleaned.is_empty() {
                return Ok(None);
            }
            if let Ok(v) = cleaned.strip_prefix('+').unwrap_or(&cleaned).parse::<i64>() {
                return Ok(Some(v));
            }
            if is_month && let Some(month) = month_from_name(&cleaned) {
                return Ok(Some(month));
            }
            Err(format!("\"{s}\" is not a number"))
        }
        other => Err(format!(
            "expected a number, found {}",
            describe_value(other)
        )),
    }
}

fn month_from_name(name: &str) -> Option<i64> {
    let name = name.trim_end_matches('.').to_lowercase();
    if name.chars().count() < 3 {
        return None;
    }
    (1..=12_u8)
        .find(|&m| month_name(m).to_lowercase().starts_with(&name))
        .map(i64::from)
}

/// The astronomical year of a `TimelineJS` year: `-44` (shown "44 BCE") is `-43`.
pub fn astronomical_year(timelinejs_year: i64) -> i64 {
    if timelinejs_year < 0 {
        timelinejs_year + 1
    } else {
        timelinejs_year
    }
}

/// The `TimelineJS` year of an astronomical year: `-43` (44 BCE) is `-44`, `0` is `-1`.
pub fn timelinejs_year(astronomical: i64) -> i64 {
    if astronomical <= 0 {
        astronomical - 1
    } else {
        astronomical
    }
}

const DATE_PARTS: [&str; 7] = [
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "millisecond",
];

impl Importer {
    /// Reads a date object. `rest` holds what the date does not use (display dates,
    /// formats, milliseconds, parts that follow a missing one), warned about.
    pub(crate) fn date(
        &mut self,
        value: &Value,
        at: &At,
        field: &str,
        required: bool,
    ) -> (Option<FuzzyDate>, Map<String, Value>) {
        let mut rest = Map::new();
        let Value::Object(parts) = value else {
            if required || !is_blank(value) {
                self.error(
                    at.path(field),
                    format!(
                        "expected a date object such as {{ \"year\": 2025, \"month\": 7 }}, found {}",
                        describe_value(value)
                    ),
                );
            }
            return (None, rest);
        };
        let mut numbers: [Option<i64>; 7] = [None; 7];
        let mut raw: [Option<&Value>; 7] = [None; 7];
        let mut valid = true;
        for (key, v) in parts {
            let sub = format!("{field}.{key}");
            if let Some(i) = DATE_PARTS.iter().position(|p| p == key) {
                raw[i] = Some(v);
                match date_number(v, i == 1) {
                    Ok(n) => numbers[i] = n,
                    Err(message) => {
                        self.error(at.path(&sub), format!("{key}: {message}"));
                        valid = false;
                    }
                }
            } else {
                self.keep(at, &sub, key, v, &mut rest);
            }
        }
        if !valid {
            return (None, rest);
        }
        let Some(year) = numbers[0] else {
            if required {
                self.error(
                    at.path(&format!("{field}.year")),
                    "missing year: a TimelineJS date needs at least a year",
                );
            } else if !is_blank(value) {
                self.warning(
                    at.path(field),
                    "end date without a year: ignored, as TimelineJS does (kept as an extra field)",
                );
            }
            return (None, rest);
        };
        if year == 0 {
            self.warning(
                at.path(&format!("{field}.year")),
                "year 0: TimelineJS counts BCE years without a year 0; read as 1 BCE",
            );
        }
        let astronomical = astronomical_year(year);
        let Some(year) = Some(astronomical).filter(|y| (-MAX_YEAR..=MAX_YEAR).contains(y)) else {
            self.error(
                at.path(&format!("{field}.year")),
                format!(
                    "year {year} is outside the years Dossier can hold ({} BCE to {})",
                    group_thousands(MAX_YEAR + 1),
                    group_thousands(MAX_YEAR)
                ),
            );
            return (None, rest);
        };
        let mut date = FuzzyDate {
            year,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            precision: Precision::Year,
            approximate: false,
            uncertain: false,
        };
        // Each part needs the coarser ones (a day without a month is ignored), except that
        // an hour alone is read at minute precision, on the hour.
        let mut missing: Option<&str> = None;
        for (i, key) in DATE_PARTS.iter().enumerate().take(6).skip(1) {
            let sub = format!("{field}.{key}");
            let Some(n) = numbers[i] else {
                missing = missing.or(Some(key));
                continue;
            };
            if let Some(needed) = missing {
                self.warning(
                    at.path(&sub),
                    format!("{key} {n} ignored: the date has no {needed} (kept as an extra field)"),
                );
                if let Some(v) = raw[i] {
                    rest.insert((*key).to_owned(), v.clone());
                }
                continue;
            }
            let problem = match i {
                1 if (1..=12).contains(&n) => {
                    date.month = n as u8;
                    date.precision = Precision::Month;
                    None
                }
                1 => Some(format!("month {n} does not exist")),
                2 => {
                    let days = days_in_month(date.year, date.month);
                    if (1..=i64::from(days)).contains(&n) {
                        date.day = n as u8;
                        date.precision = Precision::Day;
                        None
                    } else {
                        Some(format!(
                            "impossible date: {} {} has {days} days",
                            month_name(date.month),
                            display_year(date.year)
                        ))
                    }
                }
                3 if (0..=23).contains(&n) => {
                    date.hour = n as u8;
                    date.precision = Precision::Minute;
                    None
                }
                4 if (0..=59).contains(&n) => {
                    date.minute = n as u8;
                    None
                }
                5 if (0..=59).contains(&n) => {
                    date.second = n as u8;
                    date.precision = Precision::Second;
                    None
                }
                _ => Some(format!("impossible time: {key} {n}")),
            };
            if let Some(message) = problem {
                self.error(at.path(&sub), message);
                return (None, rest);
            }
        }
        if let Some(ms) = numbers[6].filter(|&ms| ms != 0) {
            self.warning(
                at.path(&format!("{field}.millisecond")),
                format!("{ms} milliseconds dropped: Dossier dates stop at seconds (kept as an extra field)"),
            );
            if let Some(v) = raw[6] {
                rest.insert("millisecond".to_owned(), v.clone());
            }
        }
        (Some(date), rest)
    }
}

/// A spreadsheet `Time` cell as `TimelineJS` reads it: `9:30`, `09:30:15`, `9:30:15.5`,
/// `0930`, `9.30`, each optionally followed by `AM`/`PM` (or `a.m.`/`p.m.`).
pub(crate) fn parse_time(text: &str) -> Result<Map<String, Value>, String> {
    let bad = || format!("time \"{text}\" is not a time such as 9:30, 09:30:15 or 9:30 PM");
    let trimmed = text.trim();
    if !trimmed.is_ascii() {
        return Err(bad());
    }
    let lower = trimmed.to_ascii_lowercase();
    let (body, period) = ["a.m.", "p.m.", "a.m", "p.m", "am", "pm"]
        .iter()
        .find_map(|suffix| {
            let body = lower.strip_suffix(suffix)?;
            Some((trimmed[..body.len()].trim(), Some(suffix.as_bytes()[0])))
        })
        .unwrap_or((trimmed, None));
    let parts: Vec<&str> =
        if body.len() >= 3 && body.len() <= 4 && body.bytes().all(|b| b.is_ascii_digit()) {
            let split = body.len() - 2;
            vec![&body[..split], &body[split..]]
        } else if body.contains(':') {
            body.split(':').collect()
        } else {
            body.split('.').collect()
        };
    if parts.is_empty() || parts.len() > 3 {
        return Err(bad());
    }
    let number = |s: &str| -> Result<i64, String> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 2 {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let mut hour = number(parts[0])?;
    match period {
        Some(b'p') if hour < 12 => hour += 12,
        Some(b'a') if hour == 12 => hour = 0,
        _ => {}
    }
    if hour > 23 {
        return Err(bad());
    }
    let mut out = Map::new();
    out.insert("hour".to_owned(), Value::from(hour));
    if let Some(minute) = parts.get(1) {
        out.insert("minute".to_owned(), Value::from(number(minute)?));
    }
    if let Some(second) = parts.get(2) {
        let (whole, fraction) = second
            .split_once(['.', ','])
            .map_or((*second, None), |(w, f)| (w, Some(f)));
        out.insert("second".to_owned(), Value::from(number(whole)?));
        if let Some(fraction) = fraction {
            let digits: String = fraction.chars().take(3).collect();
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let ms = format!("{digits:0<3}").parse::<i64>().map_err(|_| bad())?;
            out.insert("millisecond".to_owned(), Value::from(ms));
        }
    }
    Ok(out)
}

/// A `TimelineJS` date object: numbers, the year counted the `TimelineJS` way.
pub(crate) fn date_object(date: &FuzzyDate) -> Value {
    let mut object = Map::new();
    object.insert("year".to_owned(), timelinejs_year(date.year).into());
    if date.precision >= Precision::Month {
        object.insert("month".to_owned(), date.month.into());
    }
    if date.precision >= Precision::Day {
        object.insert("day".to_owned(), date.day.into());
    }
    if date.precision >= Precision::Minute {
        object.insert("hour".to_owned(), date.hour.into());
        object.insert("minute".to_owned(), date.minute.into());
    }
    if date.precision >= Precision::Second {
        object.insert("second".to_owned(), date.second.into());
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::validate::{Problem, Severity};

    /// A start date read from a JSON event: the date, what was kept aside, the problems.
    fn read(value: &Value) -> (Option<String>, Map<String, Value>, Vec<Problem>) {
        let mut importer = Importer::default();
        let at = At::Json("events[0]".to_owned());
        let (date, rest) = importer.date(value, &at, "start_date", true);
        (date.map(|d| d.to_string()), rest, importer.problems)
    }

    fn messages(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(Problem::to_string).collect()
    }

    #[test]
    fn bce_years_map_both_ways_without_a_year_zero() {
        assert_eq!(astronomical_year(-44), -43);
        assert_eq!(astronomical_year(-1), 0);
        assert_eq!(astronomical_year(0), 0);
        assert_eq!(astronomical_year(2025), 2025);
        assert_eq!(timelinejs_year(-43), -44);
        assert_eq!(timelinejs_year(0), -1);
        assert_eq!(timelinejs_year(1), 1);
        for year in (-3000..=3000).filter(|&y| y != 0) {
            assert_eq!(timelinejs_year(astronomical_year(year)), year);
        }
    }

    #[test]
    fn each_part_adds_precision() {
        let cases = [
            (json!({"year": -44, "month": 3, "day": 15}), "-0043-03-15"),
            (json!({"year": 2025}), "2025"),
            (json!({"year": "1,000", "month": "Jul."}), "1000-07"),
            (
                json!({"year": 2025, "month": 7, "day": 26, "hour": 9}),
                "2025-07-26T09:00",
            ),
            (
                json!({"year": 2025, "month": 7, "day": 26, "hour": 9, "minute": 30}),
                "2025-07-26T09:30",
            ),
            (
                json!({"year": 2025, "month": 7, "day": 26, "hour": 9, "minute": 30, "second": 5}),
                "2025-07-26T09:30:05",
            ),
        ];
        for (value, expected) in cases {
            let (date, rest, problems) = read(&value);
            assert_eq!(date.as_deref(), Some(expected), "{value}");
            assert!(
                rest.is_empty() && problems.is_empty(),
                "{value}: {problems:?}"
            );
        }
    }

    #[test]
    fn year_zero_is_one_bce_with_a_warning() {
        let (date, _, problems) = read(&json!({"year": 0}));
        assert_eq!(date.as_deref(), Some("0000"));
        assert_eq!(
            messages(&problems),
            ["warning: events[0].start_date.year: \
                 year 0: TimelineJS counts BCE years without a year 0; read as 1 BCE"]
        );
    }

    #[test]
    fn a_part_without_the_coarser_one_is_kept_aside() {
        let (date, rest, problems) = read(&json!({"year": 2025, "day": 3, "millisecond": 0}));
        assert_eq!(date.as_deref(), Some("2025"));
        assert_eq!(rest.get("day"), Some(&json!(3)));
        assert_eq!(
            messages(&problems),
            ["warning: events[0].start_date.day: \
                 day 3 ignored: the date has no month (kept as an extra field)"]
        );
        let (_, rest, problems) = read(&json!({"year": 2025, "month": 1, "day": 1, "hour": 1,
            "minute": 2, "second": 3, "millisecond": 450}));
        assert_eq!(rest.get("millisecond"), Some(&json!(450)));
        assert_eq!(problems[0].path, "events[0].start_date.millisecond");
    }

    #[test]
    fn bad_parts_are_errors_at_their_place() {
        let cases = [
            (
                json!({"year": 2025, "month": 13}),
                "events[0].start_date.month",
                "month 13 does not exist",
            ),
            (
                json!({"year": 2025, "month": 2, "day": 30}),
                "events[0].start_date.day",
                "has 28 days",
            ),
            (
                json!({"year": 2025, "month": 1, "day": 1, "hour": 24}),
                "events[0].start_date.hour",
                "impossible time: hour 24",
            ),
            (
                json!({"year": "abc"}),
                "events[0].start_date.year",
                "year: \"abc\" is not a number",
            ),
            (
                json!({"year": 2025.5}),
                "events[0].start_date.year",
                "is not a whole number",
            ),
            (
                json!({"year": [2025]}),
                "events[0].start_date.year",
                "expected a number, found an array",
            ),
            (
                json!({"month": 3}),
                "events[0].start_date.year",
                "missing year",
            ),
            (
                json!({"year": 500_000_000_000_i64}),
                "events[0].start_date.year",
                "outside the years",
            ),
            (
                json!("2025"),
                "events[0].start_date",
                "expected a date object",
            ),
        ];
        for (value, path, message) in cases {
            let (date, _, problems) = read(&value);
            assert_eq!(date, None, "{value}");
            assert!(
                problems.iter().any(|p| p.severity == Severity::Error
                    && p.path == path
                    && p.message.contains(message)),
                "{value}: {problems:?}"
            );
        }
    }

    #[test]
    fn dates_export_with_timelinejs_years() {
        let mut date = FuzzyDate {
            year: -43,
            month: 3,
            day: 15,
            hour: 9,
            minute: 30,
            second: 0,
            precision: Precision::Day,
            approximate: false,
            uncertain: false,
        };
        assert_eq!(
            date_object(&date),
            json!({"year": -44, "month": 3, "day": 15})
        );
        date.precision = Precision::Minute;
        assert_eq!(
            date_object(&date),
            json!({"year": -44, "month": 3, "day": 15, "hour": 9, "minute": 30})
        );
        date.precision = Precision::Year;
        assert_eq!(date_object(&date), json!({"year": -44}));
    }

    #[test]
    fn sheet_times_read_as_timelinejs_reads_them() {
        let time = |text: &str| parse_time(text).map(Value::Object);
        assert_eq!(time("9:30 PM"), Ok(json!({"hour": 21, "minute": 30})));
        assert_eq!(time("12 a.m."), Ok(json!({"hour": 0})));
        assert_eq!(time("0930"), Ok(json!({"hour": 9, "minute": 30})));
        assert_eq!(time("9.30"), Ok(json!({"hour": 9, "minute": 30})));
        assert_eq!(
            time("09:30:15.5"),
            Ok(json!({"hour": 9, "minute": 30, "second": 15, "millisecond": 500}))
        );
        for bad in ["25:00", "noon", "9:30:15:01", "９:30", "9:3x"] {
            assert!(time(bad).is_err(), "{bad}");
        }
    }
}
