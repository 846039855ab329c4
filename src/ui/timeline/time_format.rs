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
    if end - start > 3.0 * 365.0 * DAY_SECS {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Seconds since 1970 at midnight of a day.
    fn midnight(y: i32, m: u8, d: u8) -> f64 {
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
}
