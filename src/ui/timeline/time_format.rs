//! Instants and ranges written the way the timeline shows them: in the toolbar, on the
//! brushed range and in the context menu (and, through the re-export, in the app).

use crate::model::FuzzyDate;
use crate::model::date::{civil_from_days, display_year, month_name};

/// Seconds in a day.
pub const DAY_SECS: f64 = 86_400.0;

/// The day containing an instant, as a date string: "2025-07-26".
pub fn day_string(secs: f64) -> String {
    let (y, m, d) = civil_from_days((secs / DAY_SECS).floor() as i64);
    FuzzyDate::day(y, m, d).to_string()
}

/// "12 Jul – 3 Aug 2025" for the toolbar.
pub fn describe_range(start: f64, end: f64) -> String {
    let day = |secs: f64| civil_from_days((secs / DAY_SECS).floor() as i64);
    let (y0, m0, d0) = day(start);
    let (y1, m1, d1) = day(end);
    let month = |m: u8| month_name(m).get(..3).unwrap_or("?");
    let year = display_year;
    if let Some(deep) = deep_range(y0, y1) {
        deep
    } else if end - start > 3.0 * 365.0 * DAY_SECS {
        format!("{} – {}", year(y0), year(y1))
    } else if y0 == y1 {
        format!("{d0} {} – {d1} {} {}", month(m0), month(m1), year(y1))
    } else {
        format!(
            "{d0} {} {} – {d1} {} {}",
            month(m0),
            year(y0),
            month(m1),
            year(y1)
        )
    }
}

/// A year as an axis ticking every `step` years labels it: a year ("1990", "44 BCE",
/// "12,000 BCE") while steps are shorter than 100,000 years; then in millions or billions
/// of years ("66 million years ago", "4.5 billion years ago"), where the two thousand
/// years between the common era and now are far below a tick's precision.
pub fn year_label(year: i64, step: i64) -> String {
    let (unit, name) = match step {
        s if s >= 100_000_000 => (1_000_000_000, "billion"),
        s if s >= 100_000 => (1_000_000, "million"),
        _ => return display_year(year),
    };
    let decimals = usize::from(step % unit != 0);
    let amount = year.unsigned_abs() as f64 / unit as f64;
    let amount = format!("{amount:.decimals$}");
    if amount.trim_start_matches(['0', '.']).is_empty() {
        // The common era is "now" at this scale.
        "now".to_owned()
    } else if year < 0 {
        format!("{amount} {name} years ago")
    } else {
        format!("in {amount} {name} years")
    }
}

/// The years of a range wide enough to be read in millions or billions of years.
fn deep_range(y0: i64, y1: i64) -> Option<String> {
    let step = (y1 - y0) / 10;
    if step < 100_000 {
        return None;
    }
    Some(format!(
        "{} – {}",
        year_label(y0, step),
        year_label(y1, step)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seconds since 1970 at midnight of a day.
    fn midnight(y: i64, m: u8, d: u8) -> f64 {
        crate::model::date::days_from_civil(y, m, d) as f64 * DAY_SECS
    }

    #[test]
    fn a_day_is_the_day_containing_the_instant() {
        assert_eq!(day_string(0.0), "1970-01-01");
        assert_eq!(day_string(midnight(2025, 7, 26) + 86_399.0), "2025-07-26");
        assert_eq!(day_string(midnight(2025, 7, 26) - 1.0), "2025-07-25");
    }

    #[test]
    fn ranges_name_the_year_once_when_they_can() {
        let (a, b) = (midnight(2025, 7, 12), midnight(2025, 8, 3));
        assert_eq!(describe_range(a, b), "12 Jul – 3 Aug 2025");
        let (a, b) = (midnight(2024, 12, 30), midnight(2025, 1, 2));
        assert_eq!(describe_range(a, b), "30 Dec 2024 – 2 Jan 2025");
        // Long ranges show years only.
        let (a, b) = (midnight(1990, 1, 1), midnight(2020, 6, 1));
        assert_eq!(describe_range(a, b), "1990 – 2020");
    }

    #[test]
    fn deep_time_reads_in_millions_and_billions_of_years() {
        assert_eq!(year_label(-66_000_000, 1_000_000), "66 million years ago");
        assert_eq!(
            year_label(-4_500_000_000, 500_000_000),
            "4.5 billion years ago"
        );
        assert_eq!(
            year_label(-14_000_000_000, 2_000_000_000),
            "14 billion years ago"
        );
        assert_eq!(year_label(-300_000, 100_000), "0.3 million years ago");
        assert_eq!(year_label(-12_000, 1000), "12,001 BCE");
        assert_eq!(year_label(1990, 10), "1990");
        assert_eq!(
            describe_range(midnight(-13_800_000_000, 1, 1), midnight(2025, 1, 1)),
            "13.8 billion years ago – now"
        );
    }
}
